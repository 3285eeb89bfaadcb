"""What every reader returns: the blocks of a file, before any marker is interpreted."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
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


EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def emptiness(source: Source) -> str | None:
    """Why a file read holds no paragraph (`empty file (0 bytes)`, `no paragraph (only white
    space)`, `no paragraph (no text in it)`); None when it holds one."""
    if source.blocks:
        return None
    if source.sha256 == EMPTY_SHA256 or (source.sha256 is None and not source.text):
        return "empty file (0 bytes)"
    if source.format == "text" and not source.text.strip():
        return "no paragraph (only white space)"
    return "no paragraph (no text in it)"


CONVERTED = (".doc", ".odt", ".rtf")  # formats LibreOffice turns into .docx


def read(path: str | Path, numbering: Numbering = DEFAULT, changes: str = "accept",
         data: bytes | None = None) -> Source:
    """Read a draft from a file path; labels and headings as `numbering` describes them.

    What the bytes are decides the reader, not the extension alone: a zip holding
    `word/document.xml` is Word, `%PDF` a PDF; a `.doc`, `.odt` or `.rtf` whose bytes are one
    is converted to Word first (`redline.read.convert`); any other OLE file (a
    password-protected `.docx`), and a file that is not what its name says, are refused
    (`file_format`). `changes` (`accept`, `reject`,
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
    `.doc`, `.odt` or `.rtf` for LibreOffice), or `text`. A file whose name claims a format
    its bytes are not is refused with one line: a `.docx` must be a zip with
    `word/document.xml`, a `.pdf` start with `%PDF`, an `.odt` be a zip whose `mimetype` is
    OpenDocument text, an `.rtf` start with `{\\rtf`, a `.doc` be an OLE compound file (or RTF,
    which Word also saves as .doc). (Text is judged by decoding it.)"""
    from redline.read import ooxml

    ext = Path(name).suffix.lower()
    if ooxml.is_docx(data):
        return "docx"
    if data[:1024].lstrip()[:5] == b"%PDF-" or (b"%PDF-" in data[:1024] and ext == ".pdf"):
        return "pdf"
    if ext in CONVERTED:
        problem = _not_convertible(ext, data)
        if problem:
            raise RedlineError(f"{name}: {problem}")
        return "convert"
    if is_odt(data):
        raise RedlineError(f"{name}: an OpenDocument text file: name it .odt to read it "
                           "(LibreOffice converts it)")
    if is_rtf(data):
        raise RedlineError(f"{name}: an RTF file: name it .rtf to read it (LibreOffice "
                           "converts it)")
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


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _odt_mimetype(data: bytes) -> bytes | None:
    """The `mimetype` member of a zip (its first 100 bytes, stripped); None when the bytes are
    no zip or hold none."""
    from redline.read import ooxml

    if not ooxml.is_zip(data):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = next((i for i in z.infolist() if i.filename == "mimetype"), None)
            if info is None or info.file_size > 200:
                return None
            with z.open(info) as f:
                return f.read(100).strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
            EOFError, ValueError, OSError):
        return None


def is_odt(data: bytes) -> bool:
    """An OpenDocument text file: a zip whose `mimetype` member says so."""
    return _odt_mimetype(data) == ODT_MIMETYPE


def is_rtf(data: bytes) -> bool:
    """An RTF file: it starts with `{\\rtf` (after a byte-order mark or white space)."""
    return data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip()[:5] == b"{\\rtf"


def _not_convertible(ext: str, data: bytes) -> str | None:
    """Why bytes named `.odt`, `.rtf` or `.doc` are not what LibreOffice is asked to convert
    (None when they are)."""
    from redline.read import ooxml

    if ext == ".odt":
        kind = _odt_mimetype(data)
        if kind == ODT_MIMETYPE:
            return None
        if kind:
            why = f"its mimetype is {kind.decode('ascii', 'replace')[:80]}"
        elif ooxml.is_zip(data):
            why = "a zip without the mimetype application/vnd.oasis.opendocument.text"
        else:
            why = "not a zip archive"
        return f"not an OpenDocument text file ({why})"
    if ext == ".rtf":
        return None if is_rtf(data) else "not an RTF file (it does not start with {\\rtf)"
    if ooxml.is_ole(data) or is_rtf(data):
        return None
    return "not a Word .doc file (not an OLE compound file)"


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
