"""Read: a file's bytes into paragraph blocks, interpreting nothing (one module per format).

`read(path)` is the front door: it picks the reader from the file and returns a `Source`.
"""

from redline.read.source import Block, Source, read, read_string

__all__ = ["Block", "Source", "read", "read_string"]
