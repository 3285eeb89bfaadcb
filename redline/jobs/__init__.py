"""Jobs: orchestration above render (the report folder), and writing outputs safely."""
