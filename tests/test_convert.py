""".doc, .odt and .rtf to .docx with LibreOffice: one-line errors, and nothing left behind."""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest

from redline.errors import MissingInput, RedlineError
from redline.read import convert

RTF = (r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}" "\n"
       r"\pard 1. The first paragraph.\par" "\n"
       r"\pard 2. The second paragraph{\super\chftn{\footnote\pard{\super\chftn} A note.}}.\par"
       "\n}\n")
needs_soffice = pytest.mark.skipif(convert.soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Where `tempfile` puts the conversion's folder, to see that nothing stays there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _document(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_missing_libreoffice_is_one_line(tmp_path, monkeypatch):
    odt = tmp_path / "X.odt"
    odt.write_bytes(b"PK")
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    with pytest.raises(RedlineError) as err:
        convert.to_docx(odt)
    assert str(err.value) == (f"{odt}: reading .odt needs LibreOffice "
                              "(Debian: apt-get install libreoffice-writer-nogui)")


def test_missing_libreoffice_when_path_is_empty(tmp_path, monkeypatch):
    rtf = tmp_path / "X.rtf"
    rtf.write_text(RTF)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(RedlineError, match=r"reading \.rtf needs LibreOffice"):
        convert.to_docx(rtf)


def test_other_formats_and_missing_files(tmp_path):
    with pytest.raises(RedlineError, match=r"not \.pages"):
        convert.to_docx(tmp_path / "X.pages")
    if convert.soffice() is not None:
        with pytest.raises(MissingInput):
            convert.to_docx(tmp_path / "absent.rtf")


@needs_soffice
def test_rtf_to_docx(tmp_path, private_tmp):
    rtf = tmp_path / "draft.rtf"
    rtf.write_text(RTF)
    data = convert.to_docx(rtf)
    assert data[:2] == b"PK"
    document = _document(data)
    assert "1. The first paragraph." in document and "2. The second paragraph" in document
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.rtf", "tmp"]
    assert list(private_tmp.iterdir()) == []


@needs_soffice
def test_odt_to_docx(tmp_path, private_tmp):
    (tmp_path / "draft.rtf").write_text(RTF)
    made = subprocess.run(
        [convert.soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--headless", "--convert-to", "odt", "--outdir", str(tmp_path / "odt"),
         str(tmp_path / "draft.rtf")], capture_output=True, timeout=120,
        env={**os.environ, "HOME": str(tmp_path)})
    odt = tmp_path / "odt" / "draft.odt"
    assert odt.is_file(), made.stdout + made.stderr
    assert "1. The first paragraph." in _document(convert.to_docx(odt))
    assert list(private_tmp.iterdir()) == []


@needs_soffice
def test_what_libreoffice_cannot_read_is_one_line(tmp_path, private_tmp):
    bad = tmp_path / "X.odt"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RedlineError) as err:
        convert.to_docx(bad)
    assert str(err.value).startswith(f"{bad}: LibreOffice could not convert it to .docx (")
    assert "\n" not in str(err.value)
    assert list(private_tmp.iterdir()) == []


@needs_soffice
def test_timeout_is_one_line_and_leaves_nothing(tmp_path, private_tmp, monkeypatch):
    rtf = tmp_path / "X.rtf"
    rtf.write_text(RTF)
    monkeypatch.setattr(convert, "TIMEOUT", 0.01)
    with pytest.raises(RedlineError, match=r"X\.rtf: LibreOffice took more than 0\.01 s"):
        convert.to_docx(rtf)
    assert list(private_tmp.iterdir()) == []
