"""Safe access to an OOXML package (a Word `.docx`): a bounded unzip and an XML parser that never
expands entities nor fetches anything.

Bounds are checked twice: from the zip directory (entry count, declared sizes, compression
ratio) and again while inflating, chunk by chunk, so that a directory that lies about sizes
stops at the bound instead of filling memory.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from typing import TYPE_CHECKING

from redline.errors import RedlineError

if TYPE_CHECKING:  # lxml is imported when XML is parsed: a text file never needs it
    from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MAX_ENTRIES = 10_000
MAX_PART = 100 * 1024 * 1024  # uncompressed bytes of one part
MAX_TOTAL = 200 * 1024 * 1024  # uncompressed bytes of the whole package
MAX_RATIO = 100  # uncompressed / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024  # a smaller part may compress as well as it likes
CHUNK = 1024 * 1024


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: `w("p")` -> `{...main}p`."""
    return f"{{{W_NS}}}{tag}"


def qn(name: str) -> str:
    """The Clark name of a prefixed name: `qn("w15:done")`."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def is_ole(data: bytes) -> bool:
    """An OLE compound file: a legacy `.doc`, or a password-protected (encrypted) `.docx`."""
    return data[:8] == OLE_MAGIC


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_MAGICS


def parser() -> etree.XMLParser:
    """A parser that expands no entity, loads no DTD and fetches nothing (one per parse:
    lxml's parsers are not to be shared between threads)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True)


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse one XML part safely; a DOCTYPE (Word never writes one) is refused."""
    from lxml import etree

    head = data[:8192]
    if b"<!DOCTYPE" in head or "<!DOCTYPE".encode("utf-16-le") in head or (
            "<!DOCTYPE".encode("utf-16-be") in head):
        raise RedlineError(f"{where}: XML with a DOCTYPE (entity declarations are refused)")
    try:
        root = etree.fromstring(data, parser())
    except etree.LxmlError as exc:
        raise RedlineError(f"{where}: damaged XML ({str(exc).splitlines()[0]})") from None
    if root.getroottree().docinfo.doctype:
        raise RedlineError(f"{where}: XML with a DOCTYPE (entity declarations are refused)")
    return root


class Package:
    """An opened, checked OOXML zip; parts are read on demand within the bounds."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        self.main = "word/document.xml"
        if is_ole(data):
            raise RedlineError(f"{name}: password-protected or a legacy .doc: an OLE compound "
                               "file, not a .docx (save it as .docx, without a password)")
        if not is_zip(data):
            raise RedlineError(f"{name}: not a Word .docx file (not a zip archive)")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise RedlineError(f"{name}: not a Word .docx file (damaged zip: {exc})") from None
        if len(infos) > MAX_ENTRIES:
            raise RedlineError(f"{name}: not a Word .docx file (more than {MAX_ENTRIES} parts)")
        total = 0
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _check_sizes(name, info.filename, info.file_size, info.compress_size)
            total += info.file_size
            self._infos.setdefault(info.filename.lstrip("/"), info)
        if total > MAX_TOTAL:
            raise RedlineError(f"{name}: refused: the package would inflate to more than "
                               f"{MAX_TOTAL // 2**20} MB")
        self._budget = MAX_TOTAL
        self._rels: dict[str, etree._Element | None] = {}

    def has(self, part: str) -> bool:
        return part in self._infos

    def read(self, part: str) -> bytes | None:
        """A part's bytes, inflated within the bounds; None when it is absent."""
        info = self._infos.get(part)
        if info is None:
            return None
        limit = min(info.file_size, MAX_PART, self._budget)
        out = bytearray()
        try:
            with self._zip.open(info) as f:
                while chunk := f.read(CHUNK):
                    out += chunk
                    if len(out) > limit:
                        raise RedlineError(f"{self.name}: refused: {part} inflates beyond its "
                                           "declared size or the bounds (a zip bomb?)")
                    _check_sizes(self.name, part, len(out), info.compress_size)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                ValueError) as exc:
            raise RedlineError(f"{self.name}: damaged Word file ({part}: {exc})") from None
        self._budget -= len(out)
        return bytes(out)

    def xml(self, part: str) -> etree._Element | None:
        """A part parsed safely; None when it is absent."""
        data = self.read(part)
        return None if data is None else parse_xml(data, f"{self.name}: {part}")

    def related(self, kind: str, source: str | None = None) -> str | None:
        """The part a relationship of type `kind` (`footnotes`, `styles`, the tail of the type
        URI) points to from `source` (the main part by default)."""
        source = source or self.main
        folder, base = posixpath.split(source)
        part = posixpath.join(folder, "_rels", base + ".rels")
        if part not in self._rels:
            self._rels[part] = self.xml(part)
        rels = self._rels[part]
        if rels is None:
            return None
        for rel in rels.iter(qn("pr:Relationship")):
            if rel.get("Type", "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != (
                    "External"):
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                return path if path in self._infos else None
        return None


def _check_sizes(name: str, part: str, size: int, compressed: int) -> None:
    if size > MAX_PART:
        raise RedlineError(f"{name}: refused: {part} would inflate to more than "
                           f"{MAX_PART // 2**20} MB")
    if size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
        raise RedlineError(f"{name}: refused: {part} is compressed more than {MAX_RATIO} to 1 "
                           "(a zip bomb?)")


def open_docx(data: bytes, name: str) -> Package:
    """A checked Word package: a zip with `word/document.xml` (or the main part its package
    relationships name, as some tools write it)."""
    pkg = Package(data, name)
    target = pkg.related("officeDocument", "")
    if target and target.endswith(".xml"):
        pkg.main = target
    if not pkg.has(pkg.main):
        raise RedlineError(f"{name}: not a Word .docx file (no word/document.xml in the zip)")
    return pkg


def is_docx(data: bytes) -> bool:
    """Whether bytes are a zip that names `word/document.xml` (the directory only: the bounds
    are `open_docx`'s to check)."""
    if not is_zip(data):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lstrip("/") == "word/document.xml" for n in z.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return False
