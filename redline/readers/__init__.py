"""Readers turn a file into a `Document`; one module per input format."""

from redline.readers.text import decode, read_text

__all__ = ["decode", "read_text"]
