"""What every JSON output says first (the schema and the redline that wrote it): kept here for
the writers, defined in `redline.stamp` so that the stages below render stamp alike."""

from __future__ import annotations

from redline.stamp import SCHEMA, redline_version, stamped

__all__ = ["SCHEMA", "redline_version", "stamped"]
