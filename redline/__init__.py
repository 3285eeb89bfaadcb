"""redline: compare dated revisions of a negotiated text and say who proposed each change."""

from redline.api import compare, compare_texts, load, load_text

__all__ = ["compare", "compare_texts", "load", "load_text"]
__version__ = "0.1.0"
