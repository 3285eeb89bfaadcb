"""What every reader returns: the blocks of a file, before any marker is interpreted."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from redline.errors import RedlineError
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


class Dated(Protocol):
    """A tracked change as far as a reading cares: its date as Word writes it."""

    date: str | None


Decide = Callable[[Dated], bool]


def reading(changes: str) -> Decide:
    """Whether a revision is accepted in the reading `changes` names: `accept`, `reject` or
    `as-of:YYYY-MM-DD` (accepted when dated on or before that UTC day; undated: accepted).
    Any other value is refused, whatever is being read."""
    if changes == "accept":
        return lambda rev: True
    if changes == "reject":
        return lambda rev: False
    if changes.startswith("as-of:"):
        try:
            day = date.fromisoformat(changes[6:].strip())
        except ValueError:
            day = None
        if day is not None:
            return lambda rev: (_utc_day(rev.date) or day) <= day
    raise RedlineError(f"--changes {changes}: expected accept, reject or as-of:YYYY-MM-DD")


def _utc_day(stamp: str | None) -> date | None:
    """The UTC day of a revision's date as Word writes it; None when absent or unreadable."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            return date.fromisoformat(stamp.strip()[:10])
        except ValueError:
            return None
    return when.astimezone(UTC).date() if when.tzinfo else when.date()


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
    _data: bytes | None = field(default=None, repr=False, compare=False)  # to read again

    @property
    def blocks_text(self) -> str:
        """The text of the blocks, one a line: what a convention is detected from."""
        return "\n".join(b.text for b in self.blocks)

    def reread(self, numbering: Numbering) -> Source:
        """The same file read with another convention's numbering (a Word or PDF file from its
        original bytes, in the same reading of its changes)."""
        if self._data is not None and self.format in ("docx", "pdf"):
            blocks = _read_binary(self._data, self.format, self.path or "input", numbering,
                                  self.changes)
            return replace(self, blocks=blocks, text="\n".join(b.text for b in blocks))
        from redline.read.text import read_text

        return Source(read_text(self.text, numbering), self.path, self.encoding, self.text,
                      self.sha256)


CONVERTED = (".doc", ".odt", ".rtf")  # formats LibreOffice turns into .docx


def read(path: str | Path, numbering: Numbering = DEFAULT, changes: str = "accept",
         data: bytes | None = None) -> Source:
    """Read a draft from a file path; labels and headings as `numbering` describes them.

    What the bytes are decides the reader, not the extension alone: a zip holding
    `word/document.xml` is Word, `%PDF` a PDF; a `.doc`, `.odt` or `.rtf` is converted to Word
    first (`redline.read.convert`); any other OLE file (a password-protected `.docx`) and a
    `.docx` or `.pdf` that is not one are refused. `changes` (`accept`, `reject`,
    `as-of:YYYY-MM-DD`) is the reading of Word's tracked changes. `data`, when given, are the
    file's bytes (sent from elsewhere): `path` then only names the file."""
    from redline.read import text

    reading(changes)  # a bad reading is refused whatever the file
    name = str(path)
    if data is None:
        data = text.read_bytes(path)
    elif len(data) > text.MAX_BYTES:
        raise RedlineError(f"{name}: file is larger than {text.MAX_BYTES // (1024 * 1024)} MB")
    digest = hashlib.sha256(data).hexdigest()
    fmt = file_format(name, data)
    if fmt == "convert":
        from redline.read.convert import to_docx

        data, fmt = to_docx(path, data), "docx"
    elif fmt == "text":
        decoded, encoding = text.decode(data, name)
        return Source(text.read_text(decoded, numbering), name, encoding, decoded, digest)
    blocks = _read_binary(data, fmt, name, numbering, changes)
    return Source(blocks, name, text="\n".join(b.text for b in blocks), sha256=digest,
                  format=fmt, changes=changes if fmt == "docx" else "accept", _data=data)


def file_format(name: str, data: bytes) -> str:
    """What a file's bytes are, by the readers' own checks: `docx`, `pdf`, `convert` (a
    `.doc`, `.odt` or `.rtf` for LibreOffice), or `text`; a file that claims to be Word or PDF
    and is not is refused with one line. (Text is judged by decoding it.)"""
    from redline.read import ooxml

    ext = Path(name).suffix.lower()
    if ooxml.is_docx(data):
        return "docx"
    if data[:1024].lstrip()[:5] == b"%PDF-" or (b"%PDF-" in data[:1024] and ext == ".pdf"):
        return "pdf"
    if ext in CONVERTED:
        return "convert"
    if ooxml.is_ole(data):  # an encrypted .docx is an OLE file too
        raise RedlineError(f"{name}: password-protected or a legacy .doc: an OLE compound "
                           "file, not a .docx (save it as .docx, without a password)")
    if ooxml.is_zip(data):
        raise RedlineError(f"{name}: not a Word .docx file (a zip without word/document.xml)")
    if ext == ".docx":
        raise RedlineError(f"{name}: not a Word .docx file (not a zip archive)")
    if ext == ".pdf":
        raise RedlineError(f"{name}: not a PDF file (it does not start with %PDF)")
    return "text"


def _read_binary(data: bytes, fmt: str, name: str, numbering: Numbering,
                 changes: str) -> list[Block]:
    if fmt == "pdf":
        from redline.read.pdf import read_pdf

        return read_pdf(data, name, numbering)
    from redline.read.docx import read_docx

    return read_docx(data, name, numbering, changes)


def read_string(text: str, path: str | None = None, numbering: Numbering = DEFAULT) -> Source:
    """Read a draft already decoded to text."""
    from redline.read.text import read_text

    return Source(read_text(text, numbering), path, text=text)
