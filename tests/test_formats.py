"""Every command writes the formats a user asks for (`redline.render.FORMATS`), PDF included:
A4, text a reader can search, the same bytes every time, nothing fetched."""

from __future__ import annotations

import builtins
import csv
import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from redline.annotate.delegations import load as load_registry
from redline.api import compare, compare_texts, load
from redline.corpus.annex import build_annex
from redline.corpus.audit import audit
from redline.corpus.history import build_history
from redline.corpus.manifest import load_manifest
from redline.corpus.stances import objections
from redline.errors import RedlineError
from redline.render import FORMATS, render, render_annex, render_audit, render_history
from redline.render.pdf import to_pdf
from tests.conftest import REVISIONS

try:
    import pypdf
    import weasyprint  # noqa: F401
except (ImportError, OSError):  # OSError: WeasyPrint without Pango
    pypdf = None
needs_pdf = pytest.mark.skipif(pypdf is None, reason="WeasyPrint or pypdf not installed")

URL = "https://www.oas.org/en/sare/social-inclusion/migrants/documents/a-very-long-address.pdf"
HEAD = "IV. PROGRAM OBJECTIVES\n\nPromote and protect the human rights of migrants.\n\n"
V1 = (HEAD + "V. SUGGESTED ACTIVITIES\n\nB. OAS MEMBER STATES\n\n"
      "17. Exchange information on migration. (Agreed 1-5-2020)\n\n"
      "18. Consider signing the conventions on migrant workers. (Pending 1-6-2020)\n\n"
      "\ufffd. Temporary residents include students and retirees.\n")
V2 = (HEAD + "V. SUGGESTED ACTIVITIES\n\nB. OAS MEMBER STATES\n\n"
      "17. Exchange information on migration. (Agreed 1-5-2020)\n\n"
      "18. Consider signing and ratifying the conventions (Proposed by US 3-6-2020) on "
      f"migrant workers, as listed at {URL} (Pending 3-6-2020)\n\n"
      "\ufffd. Temporary residents include students, seasonal workers and retirees.\n")
V3 = V2.replace("Pending 3-6-2020", "Agreed 5-6-2020")


def pdf_text(data: bytes, pages: int | None = None) -> tuple[list, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader.pages, " ".join((p.extract_text() or "") for p in reader.pages[:pages])


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_a4(data: bytes, pages: int | None = None) -> str:
    """The text of the first `pages`, after checking that the PDF's pages are A4 and that it
    holds no date."""
    assert data.startswith(b"%PDF")
    every, text = pdf_text(data, pages)
    assert all(abs(float(p.mediabox.width) - 595.3) < 1 and abs(float(p.mediabox.height)
                                                               - 841.9) < 1 for p in every)
    assert b"/CreationDate" not in data and b"/ModDate" not in data
    return words(text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    entries = []
    for k, (vid, date, text) in enumerate([("a", "2020-01-10", V1), ("b", "2020-03-10", V2),
                                          ("c", "2020-05-10", V3)]):
        (folder / f"v{k}.txt").write_text(text, encoding="utf-8")
        entries.append(f'[[version]]\nid = "{vid}"\nfile = "v{k}.txt"\ndate = "{date}"\n'
                       f'label = "Draft {vid}"\n')
    (folder / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    versions, reg = load_manifest(folder), load_registry()
    docs = [load(v.path, delegations=reg, label=v.id, date=v.date) for v in versions]
    return versions, docs, reg, build_history(versions, docs, reg)


@pytest.fixture(scope="module")
def redline_pdf() -> bytes:
    cmp = compare(REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")
    return render(cmp, "pdf")


def test_formats_table_is_the_contracts_list():
    assert FORMATS["compare"] == FORMATS["changes"] == (
        "text", "json", "html", "md", "csv", "xlsx", "pdf", "docx")
    assert FORMATS["annex"] == ("md", "html", "pdf", "docx")
    assert set(FORMATS["audit"]) == {"json", "csv", "xlsx", "html", "md", "pdf"}
    assert set(FORMATS["history"]) == {"json", "html", "csv", "xlsx", "pdf"}
    assert FORMATS["annotations"] == FORMATS["read"] == ("text", "json", "csv")


@needs_pdf
def test_every_corpus_command_writes_every_format_it_lists(corpus):
    versions, docs, reg, h = corpus
    annex = build_annex(versions, lambda v: docs[versions.index(v)], reg, from_="a")
    props, objs = audit(h, "USA", reg), objections(h, "USA", reg)
    ids = [v.id for v in versions]
    for fmt in FORMATS["annex"]:
        assert render_annex(annex, fmt)
    for fmt in FORMATS["audit"]:
        assert render_audit("USA", "United States", props, ids, fmt, objs)
    for fmt in FORMATS["history"]:
        assert render_history(h, fmt)
    cmp = compare_texts(V1, V2)
    for fmt in FORMATS["compare"]:
        assert render(cmp, fmt)


@needs_pdf
def test_compare_pdf_is_a4_searchable_and_names_the_delegations(redline_pdf):
    text = assert_a4(redline_pdf, pages=1)  # the summary and the first changes
    assert "Includes the agreements reached at the formal meeting" in text
    assert "United States" in text and "Argentina" in text
    assert re.search(r"\b1 / \d+", text)  # page numbers


@needs_pdf
def test_pdf_metadata_has_a_title_and_no_time(redline_pdf):
    meta = pypdf.PdfReader(io.BytesIO(redline_pdf)).metadata
    assert "2015-11" in meta.title and meta.creator == "redline"
    assert meta.creation_date is None and meta.modification_date is None


@needs_pdf
def test_annex_audit_and_history_pdfs(corpus):
    versions, docs, reg, h = corpus
    annex = build_annex(versions, lambda v: docs[versions.index(v)], reg, from_="a")
    pdf = render_annex(annex, "pdf")
    assert pdf == render_annex(annex, "pdf")  # the same bytes every time
    assert "and ratifying" in assert_a4(pdf)

    props = audit(h, "USA", reg)
    text = assert_a4(render_audit("USA", "United States", props, ["a", "b", "c"], "pdf"))
    assert "United States" in text and "ratifying" in text

    pdf = render_history(h, "pdf")
    assert pdf == render_history(h, "pdf")
    text = assert_a4(pdf)
    assert "Paragraph history: a → c" in text  # the running header names the document
    assert "seasonal workers" in text  # footnotes are followed too
    assert "USA" in text and "and ratifying" in text
    assert "a-very-long-address.pdf" in text.replace(" ", "")  # the whole address


@needs_pdf
def test_pdf_fetches_nothing(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 40), "red").save(tmp_path / "x.png")
    css = tmp_path / "x.css"
    css.write_text("body { color: red }", encoding="utf-8")
    html = (f'<html><head><link rel="stylesheet" href="{css.as_uri()}"></head><body>'
            f'<p>Draft</p><img src="{(tmp_path / "x.png").as_uri()}"></body></html>')
    data = to_pdf(html)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert "/XObject" not in page["/Resources"] or not page["/Resources"]["/XObject"]
    assert b"1 0 0 rg" not in page.get_contents().get_data()  # nor the red of the stylesheet


@pytest.mark.parametrize("error", [ImportError, OSError])
def test_pdf_without_weasyprint_says_what_to_install(monkeypatch, error):
    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "weasyprint":
            raise error("cannot load library 'libpango-1.0-0'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(RedlineError) as exc:
        to_pdf("<p>x</p>")
    assert "\n" not in str(exc.value) and "apt-get install libpango-1.0-0" in str(exc.value)


def test_history_csv_has_a_bom_and_one_row_per_paragraph_per_version(corpus):
    *_, h = corpus
    data = render_history(h, "csv")
    assert data.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(data[1:])))
    assert list(rows[0]) == ["paragraph", "address", "label", "version", "date", "event",
                             "status", "delegations", "text"]
    p18 = [r for r in rows if r["address"] == "V.B 18"]
    assert [r["version"] for r in p18] == ["a", "b", "c"]
    assert [r["status"] for r in p18] == ["Pending", "Pending", "Agreed"]  # as people read them
    assert p18[1]["delegations"] == "USA" and p18[0]["paragraph"].isdigit()
    assert p18[1]["date"] == "2020-03-10"
    notes = [r for r in rows if r["address"] == "fn 1"]
    assert "seasonal workers" in notes[-1]["text"] and notes[1]["event"] == "modified"


def test_history_xlsx_is_a_filterable_table_with_dates(corpus):
    *_, h = corpus
    data = render_history(h, "xlsx")
    assert data == render_history(h, "xlsx")
    ws = load_workbook(io.BytesIO(data)).active
    assert "a (2020-01-10)" in ws["A1"].value and ws.freeze_panes == "A3"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:")
    assert [c.value for c in ws[2]][:5] == ["Thread", "Address", "Label", "Version", "Date"]
    row = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "V.B 18")
    assert isinstance(row[0], int) and row[4] == datetime.datetime(2020, 1, 10)
    assert row[6] == "Pending"


def test_a_status_dropped_shows_no_empty_brackets():
    from redline.api import compare_texts
    from redline.render.text import render_text

    out = render_text(compare_texts("1. Text of the paragraph. (Agreed IM 11-5-2015)\n",
                                    "1. Text of the paragraph.\n", conventions="oas"))
    assert "status: agreed -> none" in out and "()" not in out
