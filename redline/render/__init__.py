"""Writers: one module per output format. They read results; they never recompute them."""
