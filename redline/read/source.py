"""What every reader returns: the blocks of a file, before any marker is interpreted."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from redline.model import Kind
from redline.read.numbering import DEFAULT, Numbering

REVISION_SOURCES = ("tracked-insert", "tracked-delete", "tracked-move-from", "tracked-move-to",
                    "tracked-paragraph-mark", "tracked-row", "tracked-format")


@dataclass(frozen=True, slots=True)
class Revision:
    """A tracked change as a Word file records it (the read stage interprets nothing).

    `start`/`end` are offsets into `Block.text` of the chosen reading (`Source.changes`); a
    revision whose text that reading leaves out is zero-width at its place. `accepted` says
    whether the reading shows it accepted (an insertion's words in, a deletion's out)."""

    source: str  # one of REVISION_SOURCES
    start: int
    end: int
    text: str = ""  # the words inserted, deleted or moved ("" for a mark or a format change)
    author: str | None = None  # as written, possibly scrubbed ("Author") or missing
    date: str | None = None  # ISO 8601 as written (`2015-04-16T10:00:00Z`), or None
    accepted: bool = True
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment as a Word file records it, anchored to a range of `Block.text`."""

    id: str
    text: str  # the comment's own words
    start: int
    end: int
    author: str | None = None
    date: str | None = None
    reply_to: str | None = None  # the id of the comment it answers
    resolved: bool = False


@dataclass
class Block:
    """A paragraph as the reader found it, before annotation."""

    text: str
    line: int  # the line (text) or paragraph number (Word, PDF) where it starts, from 1
    kind: Kind
    label: str | None = None
    footnote_refs: list[int] = field(default_factory=list)
    open_end: bool = False  # the last line ended with white space and no full stop
    section: str | None = None  # labels of the enclosing headings: "V.B"
    revisions: list[Revision] = field(default_factory=list)  # Word's tracked changes
    comments: list[Comment] = field(default_factory=list)  # Word's comments


@dataclass(frozen=True)
class Source:
    """A file as read: its blocks in document order, its path and its encoding."""

    blocks: list[Block]
    path: str | None = None
    encoding: str = "utf-8"
    text: str = ""  # the decoded text, so that a convention's own numbering can read it again
    sha256: str | None = None  # of the file's bytes, for provenance
    format: str = "text"  # text, docx, pdf
    changes: str = "accept"  # Word only: accept, reject, or as-of:YYYY-MM-DD

    @property
    def blocks_text(self) -> str:
        """The text of the blocks, one a line: what a convention is detected from."""
        return "\n".join(b.text for b in self.blocks)

    def reread(self, numbering: Numbering) -> Source:
        """The same file read with another convention's numbering."""
        from redline.read.text import read_text

        return Source(read_text(self.text, numbering), self.path, self.encoding, self.text,
                      self.sha256)


def read(path: str | Path, numbering: Numbering = DEFAULT) -> Source:
    """Read a draft from a file path; labels and headings as `numbering` describes them."""
    from redline.read import text

    data = text.read_bytes(path)
    decoded, encoding = text.decode(data, str(path))
    return Source(text.read_text(decoded, numbering), str(path), encoding, decoded,
                  hashlib.sha256(data).hexdigest())


def read_string(text: str, path: str | None = None, numbering: Numbering = DEFAULT) -> Source:
    """Read a draft already decoded to text."""
    from redline.read.text import read_text

    return Source(read_text(text, numbering), path, text=text)
