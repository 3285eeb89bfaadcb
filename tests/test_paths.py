"""Circulated outputs name versions by id, label and date and files by name (and SHA-256), never
by the folder they lie in on the user's machine: each writer, from a corpus in a temporary
folder, is searched for that folder (inside XLSX cells, Word XML and PDF text too). JSON keeps
`path` as given: it is machine output, and the batch's and the site's tests rely on it."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from redline.cli import main

V1 = ("A. FIRST PART\n\n1. Promote the rights of migrants. (Pending)\n\n"
      "2. Ensure that labor laws are complied with [by employers and migrants] [MEX-ES "
      "eliminate by employers and migrants]. (Pending)\n")
V2 = ("A. FIRST PART\n\n1. Promote the rights of all migrants (Proposed by US 3-1-2020). "
      "(Agreed 3-2-2020)\n\n"
      "2. Ensure that labor laws are complied with [by employers and migrants] [MEX-ES "
      "eliminate by employers and migrants]. (Pending)\n\n"
      "3. USA: Intensify efforts (VEN: and other social actors) everywhere. 3-1-2020\n")
HUMAN = {"compare": ["text", "html", "md", "csv", "xlsx", "pdf", "docx"],
         "annex": ["md", "html", "pdf", "docx"],
         "audit": ["csv", "xlsx", "html", "md", "pdf"],
         "history": ["html", "csv", "xlsx", "pdf"]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("private-home") / "user name" / "revisions"
    folder.mkdir(parents=True)
    (folder / "2020-01.txt").write_text(V1, encoding="utf-8")
    (folder / "2020-03.txt").write_text(V2, encoding="utf-8")
    (folder / "manifest.toml").write_text(
        'conventions = "oas"\n\n[[version]]\nid = "2020-01"\nfile = "2020-01.txt"\n'
        'date = "2020-01-10"\nlabel = "January draft"\n\n[[version]]\nid = "2020-03"\n'
        'file = "2020-03.txt"\ndate = "2020-03-10"\nlabel = "March draft"\n', encoding="utf-8")
    return folder


def text_of(name: str, data: bytes) -> str:
    """What a reader of the file can see: the text, every XML part of an XLSX or DOCX, the
    text of a PDF."""
    if name.endswith((".xlsx", ".docx")):
        z = zipfile.ZipFile(io.BytesIO(data))
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if name.endswith(".pdf"):
        pypdf = pytest.importorskip("pypdf")
        return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8-sig")


def run(*args) -> None:
    r = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if r.exit_code and "WeasyPrint" in r.output:
        pytest.skip("no WeasyPrint")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(("command", "fmt"), [(c, f) for c, fs in HUMAN.items() for f in fs])
def test_no_local_folder_in_a_circulated_output(corpus, tmp_path, command, fmt):
    out = tmp_path / f"out.{fmt}"
    args = {"compare": [corpus / "2020-01.txt", corpus / "2020-03.txt"],
            "annex": [corpus, "--from", "2020-01"],
            "audit": [corpus, "--delegation", "USA"], "history": [corpus]}[command]
    run(command, *args, "--format", fmt, "-o", out)
    seen = text_of(out.name, out.read_bytes())
    assert seen.strip()
    assert str(corpus.parent) not in seen and "private-home" not in seen
    if command == "compare" and fmt in ("text", "html", "md", "xlsx"):
        assert "2020-01.txt" in seen  # the file, by its name


def test_no_local_folder_in_the_report_folder(corpus, tmp_path):
    out = tmp_path / "reports"
    run("report", corpus, "-o", out, "--annex-since", "2020-02-01")
    files = [f for f in out.rglob("*") if f.is_file() and f.suffix != ".json"]
    assert {"index.html", "history.html"} <= {f.name for f in files}
    for f in files:
        seen = text_of(f.name, f.read_bytes())
        assert "private-home" not in seen, f.name


def test_the_html_report_names_each_file_by_name_and_sha256(corpus, tmp_path):
    import hashlib

    out = tmp_path / "r.html"
    run("compare", corpus / "2020-01.txt", corpus / "2020-03.txt", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert "<code>2020-03.txt</code>" in html
    sha = hashlib.sha256((corpus / "2020-03.txt").read_bytes()).hexdigest()
    assert f"2020-03.txt (SHA-256 <code>{sha}</code>)" in html
