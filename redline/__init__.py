"""redline: compare dated revisions of a negotiated text and say who proposed each change."""

from redline.api import compare, load

__all__ = ["compare", "load"]
__version__ = "0.1.0"
