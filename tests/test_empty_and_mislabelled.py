"""A draft without text is never compared in silence, and a file is judged by its bytes.

An empty draft (or one with no paragraph) gives one warning line on every command that reads a
file, and is refused in a corpus; plain text named `.odt`, `.rtf` or `.doc` is refused in one
line instead of going to LibreOffice and being misread.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from redline.errors import RedlineError
from redline.read.source import file_format, read
from tests.conftest import REVISIONS
from tests.docx_fixtures import docx

REDLINE = [sys.executable, "-m", "redline.cli"]
SEED = REVISIONS / "2016-01.txt"


def redline(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*REDLINE, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1",
                                                     "LANG": "C.UTF-8"})


def lines(text: str) -> list[str]:
    return text.strip("\n").splitlines()


# 1. A draft without text ------------------------------------------------------------------

def test_comparing_with_an_empty_draft_warns_in_one_line(tmp_path):
    """The complaint: `compare empty.txt 2016-01.txt` said "138 inserted" and nothing else."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = redline("compare", empty, SEED)
    assert r.returncode == 0
    assert "138 inserted" in r.stdout  # the comparison still runs ...
    assert lines(r.stderr) == [  # ... but not without a word
        f"redline: warning: {empty}: empty file (0 bytes), read as a draft without text"]


@pytest.mark.parametrize("command", [["read"], ["annotations"], ["read", "--format", "json"]])
def test_every_command_over_one_file_warns(tmp_path, command):
    blank = tmp_path / "blank.txt"
    blank.write_text("\n  \n\t\n", encoding="utf-8")
    r = redline(*command, blank)
    assert r.returncode == 0
    assert lines(r.stderr) == [f"redline: warning: {blank}: no paragraph (only white space), "
                               "read as a draft without text"]


def test_a_word_file_without_text_warns_on_compare_and_changes(tmp_path):
    blank = tmp_path / "blank.docx"
    blank.write_bytes(docx("<w:p/>"))
    r = redline("compare", SEED, blank)
    assert r.returncode == 0
    assert lines(r.stderr) == [f"redline: warning: {blank}: no paragraph (no text in it), "
                               "read as a draft without text"]
    r = redline("changes", blank)
    assert r.returncode == 0
    assert lines(r.stderr) == [f"redline: warning: {blank}: no paragraph (no text in it), "
                               "read as a draft without text"]


def test_a_draft_with_text_gives_no_warning():
    r = redline("compare", REVISIONS / "2015-11.txt", SEED)
    assert r.returncode == 0 and r.stderr == ""


def _corpus(root: Path, second: bytes) -> Path:
    root.mkdir()
    (root / "a.txt").write_bytes(SEED.read_bytes())
    (root / "b.txt").write_bytes(second)
    (root / "manifest.toml").write_text(
        '[[version]]\nid = "v1"\nfile = "a.txt"\ndate = "2016-01-21"\n'
        '[[version]]\nid = "v2"\nfile = "b.txt"\ndate = "2016-02-21"\n', encoding="utf-8")
    return root


@pytest.mark.parametrize(("second", "why"), [
    (b"", "empty file (0 bytes)"),
    (b"\r\n \r\n", "no paragraph (only white space)"),
])
@pytest.mark.parametrize("command", [
    ["annex", "c", "--since", "2016-01-22"],
    ["history", "c"],
    ["audit", "c", "--delegation", "USA"],
    ["report", "c", "-o", "out"],
    ["compare", "v1", "v2", "--corpus", "c"],
])
def test_a_corpus_refuses_a_version_without_text(tmp_path, second, why, command):
    _corpus(tmp_path / "c", second)
    r = redline(*command, cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert lines(r.stderr) == [f"redline: error: c/manifest.toml: version 'v2' file 'b.txt': "
                               f"{why}"]
    assert not (tmp_path / "out").exists()  # report: nothing written, no folder left


def test_batch_warns_for_a_listed_draft_and_refuses_a_corpus_version(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "blank.txt").write_text(" \n", encoding="utf-8")
    (tmp_path / "list.csv").write_text("old,new\na.txt,blank.txt\n", encoding="utf-8")
    r = redline("batch", tmp_path / "list.csv", "-o", tmp_path / "out", "--workers", "0")
    assert r.returncode == 0, r.stderr
    assert "redline: warning: blank.txt: no paragraph (only white space), read as a draft " \
           "without text" in lines(r.stderr)

    _corpus(tmp_path / "c", b" \n")
    r = redline("batch", tmp_path / "c", "-o", tmp_path / "out2", "--workers", "0")
    assert r.returncode == 1
    text = (tmp_path / "out2" / "pairs.csv").read_text(encoding="utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["status"] == "error"
    assert row["error"] == "version 'v2' (c/b.txt): no paragraph (only white space)"


# 2. Judged by the bytes --------------------------------------------------------------------

def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
RTF = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} \pard 1. Text.\par}"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(("name", "data"), [
    ("x.odt", ODT), ("x.rtf", RTF), ("x.rtf", b"\xef\xbb\xbf \n" + RTF), ("x.doc", OLE),
    ("x.doc", RTF),  # Word saves RTF as .doc too
])
def test_what_libreoffice_converts_is_judged_by_its_bytes(name, data):
    assert file_format(name, data) == "convert"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("x.odt", b"1. Text renamed.\n", "x.odt: not an OpenDocument text file (not a zip archive)"),
    ("x.odt", _zip({"content.xml": b"<x/>"}), "x.odt: not an OpenDocument text file (a zip "
                                              "without the mimetype application/vnd.oasis."
                                              "opendocument.text)"),
    ("x.odt", ODS, "x.odt: not an OpenDocument text file (its mimetype is "
                   "application/vnd.oasis.opendocument.spreadsheet)"),
    ("x.rtf", b"1. Text renamed.\n", r"x.rtf: not an RTF file (it does not start with {\rtf)"),
    ("x.doc", b"1. Text renamed.\n", "x.doc: not a Word .doc file (not an OLE compound file)"),
    ("x.doc", ODT, "x.doc: not a Word .doc file (not an OLE compound file)"),
    ("x.txt", RTF, "x.txt: an RTF file: name it .rtf to read it (LibreOffice converts it)"),
    ("x.txt", ODT, "x.txt: an OpenDocument text file: name it .odt to read it (LibreOffice "
                   "converts it)"),
])
def test_a_mislabelled_file_is_refused_in_one_line(name, data, message):
    with pytest.raises(RedlineError) as err:
        file_format(name, data)
    assert str(err.value) == message


def test_a_word_or_pdf_file_named_odt_is_read_as_what_it_is():
    assert file_format("x.odt", docx("<w:p/>")) == "docx"
    assert file_format("x.rtf", b"%PDF-1.7\n") == "pdf"


def test_plain_text_renamed_odt_is_refused_not_misread(tmp_path):
    """The complaint: the same text renamed .odt went to LibreOffice and showed 18 changes."""
    renamed = tmp_path / "2016-01.odt"
    renamed.write_bytes(SEED.read_bytes())
    r = redline("compare", renamed, SEED)
    assert r.returncode == 2 and r.stdout == ""
    assert lines(r.stderr) == [f"redline: error: {renamed}: not an OpenDocument text file "
                               "(not a zip archive)"]
    with pytest.raises(RedlineError, match="not an RTF file"):
        read(tmp_path / "x.rtf", data=SEED.read_bytes())
