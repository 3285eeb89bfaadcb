"""Every PDF redline writes fits its page, read back with positions: no word beyond the page's
text box (the page minus its margins, a hair of tolerance), the running header and the page
number alone in the margins, every table row on one page and the table's header on every page
the table spans. The same for the Word outputs as LibreOffice prints them.

The OAS corpus in `revisions/` (redline, annex, audit, history) and a synthetic pair written to
break layouts: a 300-character URL, a 170-letter word, a tab-separated table of ten columns,
a pipe table with no space in 330 characters, and the same in evidence and in status markers.

`python -m tests.test_print_fit` prints the words off the page for each output."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 missing: pip install -e '.[test]'")
weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint not installed")

from redline.cli import main  # noqa: E402
from redline.render.html import asset  # noqa: E402
from tests.conftest import REVISIONS  # noqa: E402

PT_PER_MM = 72 / 25.4
TOLERANCE = 1.5  # points: side bearings of a glyph, rounding; a word off the page is far more
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None,
                                   reason="soffice not on PATH (scripts/ensure-libreoffice)")

# --- the synthetic pair ---------------------------------------------------------------------

URL = ("https://www.oas.org/en/sare/social-inclusion/migrants/documents/"
       + "statistics-of-the-inter-american-system-on-international-migration/" * 3
       + "annex.pdf?edition=2016&language=en&format=tables&" + "x" * 60)
WORD = "Supercalifragilisticexpialidocious" * 5
PIPES = "|" + "|".join(f"Country{k:02d}Migrants2015Total" for k in range(12)) + "|"
RULE = "|" + "|".join(["-" * 14] * 12) + "|"
TABS = "\t".join(["Member state", "Migrants 2014", "Migrants 2015", "Remittances", "Returnees",
                  "Asylum seekers", "Unaccompanied minors", "Deaths in transit", "Visas issued",
                  "Consular staff"])
OLD = ("I. INTRODUCTION\n\n"
       "1. Promote the human rights of migrants. (Agreed 1-5-2020)\n\n"
       f"2. The data are published at {URL} (Pending 1-6-2020)\n\n"
       f"3. Consider the table of figures below.\n{TABS}\n{RULE}\n{PIPES}\n\n"
       f"4. A word that never breaks: {WORD} ends here. (Pending 1-6-2020)\n\n"
       "5. Exchange information on migration. (Pending 1-7-2020)\n")
NEW = ("I. INTRODUCTION\n\n"
       "1. Promote and protect the human rights of all migrants (Proposed by US 3-6-2020) "
       f"as documented at {URL} (Agreed 1-5-2020)\n\n"
       f"2. The data are published at {URL} (Agreed 3-6-2020 as recorded at {URL})\n\n"
       "3. Consider the table of figures below, updated (Proposed by MEX 3-6-2020).\n"
       f"{TABS}\tNew column {WORD}\n{RULE}\n{PIPES}{PIPES}\n\n"
       f"4. A word that never breaks: {WORD}{WORD} ends here (Proposed by VEN {URL} 3-6-2020). "
       "(Pending 1-6-2020)\n\n"
       f"5. Exchange information on migration. (Agreed 3-7-2020 {WORD})\n")


def synthetic_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for k, (text, date) in enumerate(((OLD, "2020-01-10"), (NEW, "2020-03-10"))):
        (folder / f"v{k}.txt").write_text(text, encoding="utf-8")
        entries.append(f'[[version]]\nid = "v{k}"\nfile = "v{k}.txt"\ndate = "{date}"\n'
                       f'label = "Draft {k}"\n')
    (folder / "manifest.toml").write_text('conventions = "oas"\nlanguage = "en"\n'
                                          'date_order = "mdy"\n\n' + "\n".join(entries),
                                          encoding="utf-8")
    return folder


# --- the commands, as a user types them -----------------------------------------------------

OAS = {
    "redline": ["compare", REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt"],
    "annex": ["annex", REVISIONS, "--since", "2015-12-07"],
    "audit": ["audit", REVISIONS, "--delegation", "VEN"],
    "history": ["history", REVISIONS],
}
STYLESHEET = {"redline": "report.css", "annex": "report.css", "audit": "audit.css",
              "history": "history.css", "synthetic": "report.css",
              "synthetic-annex": "report.css"}


def synthetic_commands(folder: Path) -> dict[str, list]:
    return {"synthetic": ["compare", folder / "v0.txt", folder / "v1.txt"],
            "synthetic-annex": ["annex", folder, "--since", "2020-01-10"]}


def run(args: list, out: Path, monkeypatch=None) -> tuple[bytes, str | None]:
    """The bytes `redline ARGS -o OUT` writes and, for a PDF, the HTML it printed."""
    printed: list[str] = []
    if monkeypatch is not None and out.suffix == ".pdf":
        import redline.render.pdf as pdf_module

        real = pdf_module.to_pdf

        def recording(html_text: str) -> bytes:
            printed.append(html_text)
            return real(html_text)

        monkeypatch.setattr(pdf_module, "to_pdf", recording)
    result = CliRunner().invoke(main, [*map(str, args), "-o", str(out)],
                                catch_exceptions=False, standalone_mode=False)
    assert result.exit_code == 0, result.output
    if monkeypatch is not None:
        monkeypatch.undo()
    return out.read_bytes(), (printed[0] if printed else None)


# --- reading a PDF back with positions ------------------------------------------------------

@dataclass
class Word:
    page: int  # from 0
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top, in points


@dataclass
class Page:
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    letters: str = ""  # the page's letters and digits in reading order, for finding cells


def read_pdf(data: bytes) -> list[Page]:
    """Each page's size, its words with their boxes (pdfium's per-character boxes), and its
    letters and digits."""
    doc = pdfium.PdfDocument(data)
    pages = []
    try:
        for n in range(len(doc)):
            page = doc[n]
            width, height = page.get_size()
            text = page.get_textpage()
            out = Page(width, height)
            chars: list[tuple[str, tuple]] = []
            for i in range(text.count_chars()):
                ch = text.get_text_range(i, 1)
                if not ch or ch.isspace() or unicodedata.category(ch[0]) in ("Cc", "Cf", "Zs"):
                    _word(out, n, chars)
                    continue
                chars.append((ch, text.get_charbox(i)))
            _word(out, n, chars)
            out.letters = letters(text.get_text_range())
            pages.append(out)
    finally:
        doc.close()
    return pages


def _word(page: Page, n: int, chars: list) -> None:
    if chars:
        boxes = [b for _, b in chars]
        page.words.append(Word(n, "".join(c for c, _ in chars),
                               (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                max(b[2] for b in boxes), max(b[3] for b in boxes))))
        chars.clear()


def letters(text: str) -> str:
    """Letters and digits only, compatibility-folded: what a cell and a page share whatever
    the quotes CSS adds, a ligature, or where a line breaks."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


# --- margins --------------------------------------------------------------------------------

_PAGE_MARGIN = re.compile(r"@page\s*\{[^}]*?margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm"
                          r"\s+([\d.]+)mm")


def css_margins(stylesheet: str) -> tuple[float, float, float, float]:
    """Top, right, bottom, left of the A4 page a report's print stylesheet asks for, in points."""
    found = _PAGE_MARGIN.search(asset(stylesheet))
    assert found, f"{stylesheet}: no @page margin"
    top, right, bottom, left = (float(x) * PT_PER_MM for x in found.groups())
    return top, right, bottom, left


def docx_margins(data: bytes) -> tuple[float, float, float, float]:
    """The margins a Word file's section asks for, in points."""
    doc = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    mar = doc.find(f".//{W}sectPr/{W}pgMar")
    return tuple(int(mar.get(W + side)) / 20 for side in ("top", "right", "bottom", "left"))


def off_page(pages: list[Page], margins: tuple[float, float, float, float]) -> list[str]:
    """Every word that is not inside its page's text box. The top margin may hold a running
    header (the same words on every page) and the bottom margin the page number (`3 / 11`),
    each within the text box's width."""
    top, right, bottom, left = margins
    bad = []
    running = None
    for page in pages:
        x0, x1 = left - TOLERANCE, page.width - right + TOLERANCE
        y0, y1 = bottom - TOLERANCE, page.height - top + TOLERANCE
        header = []
        for w in page.words:
            left_, low, right_, high = w.box
            where = f"p{w.page + 1} {w.text!r} x {left_:.0f}-{right_:.0f}"
            if left_ < x0 or right_ > x1:
                bad.append(f"{where} (text box {x0:.0f}-{x1:.0f})")
            elif low >= y1 - TOLERANCE:  # in the top margin: a running header
                header.append(w.text)
            elif high <= y0 + TOLERANCE and re.fullmatch(r"\d+|/", w.text):  # a page number
                continue
            elif low < y0 or high > y1:
                bad.append(f"{where} y {low:.0f}-{high:.0f} (text box {y0:.0f}-{y1:.0f})")
        if running is None:
            running = header
        elif header != running:
            bad.append(f"p{pages.index(page) + 1} top margin {' '.join(header)!r} is not the "
                       f"running header {' '.join(running)!r}")
    return bad


# --- tables ---------------------------------------------------------------------------------

@dataclass
class Table:
    name: str
    header: str  # letters of the header row
    rows: list[list[str]]  # letters of each cell


def html_tables(text: str) -> list[Table]:
    """The tables a report prints as tables (the history prints its timeline as blocks)."""
    root = html.fromstring(text)
    out = []
    for k, t in enumerate(root.iter("table")):
        if "timeline" in (t.get("class") or ""):
            continue
        head = t.find("thead")
        body = [tr for tr in t.iter("tr") if head is None or tr.getparent() is not head]
        out.append(Table(f"table {k + 1} ({t.get('class') or 'no class'})",
                         letters(head.text_content()) if head is not None else "",
                         [[letters(c.text_content()) for c in tr if c.tag in ("td", "th")]
                          for tr in body]))
    return out


def docx_tables(data: bytes) -> list[Table]:
    """A Word file's tables: the rows marked to repeat as a header, the others."""
    doc = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for k, t in enumerate(doc.iter(W + "tbl")):
        rows = t.findall(W + "tr")
        head = [r for r in rows if r.find(f"{W}trPr/{W}tblHeader") is not None]
        out.append(Table(f"table {k + 1}", "".join(letters("".join(r.itertext())) for r in head),
                         [[letters("".join(c.itertext())) for c in r.findall(W + "tc")]
                          for r in rows if r not in head]))
    return out


def split_rows(pages: list[Page], tables: list[Table]) -> list[str]:
    """Rows that are not whole on one page, and pages a table reaches without its header.

    Both printers write a table cell after cell, row after row, so a row whole on a page is its
    cells' letters in one piece of the page's letters; rows are looked for in order, each after
    the one before it (identical rows take successive places)."""
    bad = []
    for t in tables:
        at, offset = 0, 0
        spans = set()
        for k, row in enumerate(t.rows):
            needle = "".join(row)
            found = None
            for n in range(at, len(pages)):
                i = pages[n].letters.find(needle, offset if n == at else 0)
                if i >= 0:
                    found = n, i + len(needle)
                    break
            if found is None:
                bad.append(f"{t.name} row {k + 1} is not whole on one page: "
                           f"{' | '.join(row)[:80]}")
                continue
            at, offset = found
            spans.add(at)
        for n in sorted(spans - {min(spans, default=0)}):
            if t.header and t.header not in pages[n].letters:
                bad.append(f"{t.name}: page {n + 1} holds rows but not the header {t.header}")
    return bad


def soffice_pdf(data: bytes, folder: Path) -> bytes:
    """A Word file printed to PDF by LibreOffice, in a throw-away profile, offline."""
    from redline.read.convert import _kill, _no_network

    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "x.docx"
    src.write_bytes(data)
    env = {"HOME": str(folder), "TMPDIR": str(folder), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([*_no_network(), SOFFICE,
                             f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                             "--headless", "--norestore", "--nolockcheck", "--nodefault",
                             "--convert-to", "pdf", "--outdir", str(folder), str(src)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env, cwd=folder,
                            start_new_session=True)
    try:
        log, _ = proc.communicate(timeout=180)
    finally:
        _kill(proc)
    pdf = folder / "x.pdf"
    assert pdf.is_file(), log.decode(errors="replace")[-300:]
    return pdf.read_bytes()


def check(pages: list[Page], margins, tables: list[Table]) -> list[str]:
    return off_page(pages, margins) + split_rows(pages, tables)


# --- the tests ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return synthetic_corpus(tmp_path_factory.mktemp("synthetic"))


def test_the_checks_see_a_word_off_the_page_and_a_row_split_across_pages(tmp_path):
    """The checks themselves, on a page made to fail them: a nowrap line wider than the page, a
    table whose middle row is taller than what is left of the first page."""
    from redline.render.pdf import to_pdf

    words = "word " * 900
    data = to_pdf("<style>@page { size: A4; margin: 20mm }</style>"
                  "<p style='white-space: nowrap'>" + "far away " * 40 + "</p>"
                  "<table><thead><tr><th>Head</th></tr></thead>"
                  f"<tr><td>first</td></tr><tr><td>{words}</td></tr></table>")
    pages = read_pdf(data)
    margins = (20 * PT_PER_MM,) * 4
    assert any("'away'" in w for w in off_page(pages, margins))
    table = Table("t", "Head", [["first"], [letters(words)]])
    assert any("row 2 is not whole on one page" in w for w in split_rows(pages, [table]))
    two = [Page(1, 1, letters="Headfirstsecond"), Page(1, 1, letters="third"),
           Page(1, 1, letters="Headfourth")]
    rows = [["first"], ["second"], ["third"], ["fourth"]]
    assert split_rows(two, [Table("t", "Head", rows)]) == [
        "t: page 2 holds rows but not the header Head"]


@pytest.mark.parametrize("name", [*OAS, "synthetic", "synthetic-annex"])
def test_every_pdf_fits_its_page(name, tmp_path, synthetic, monkeypatch):
    args = {**OAS, **synthetic_commands(synthetic)}[name]
    data, printed = run(args, tmp_path / f"{name}.pdf", monkeypatch)
    assert printed, "the PDF was not printed from HTML"
    pages = read_pdf(data)
    assert pages and all(abs(p.width - 595.3) < 1 and abs(p.height - 841.9) < 1 for p in pages)
    tables = html_tables(printed)
    assert tables or name == "history"
    bad = check(pages, css_margins(STYLESHEET[name]), tables)
    assert not bad, f"{name}: {len(bad)} problems:\n" + "\n".join(bad[:40])


@needs_soffice
@pytest.mark.parametrize("name", ["redline", "annex", "synthetic", "synthetic-annex"])
def test_every_word_output_fits_its_page_in_libreoffice(name, tmp_path, synthetic):
    args = {**OAS, **synthetic_commands(synthetic)}[name]
    data, _ = run(args, tmp_path / f"{name}.docx")
    pages = read_pdf(soffice_pdf(data, tmp_path / "lo"))
    tables = docx_tables(data)
    assert tables or name in ("redline", "synthetic")
    assert all(t.header for t in tables), "a table without a header row that repeats"
    bad = check(pages, docx_margins(data), tables)
    assert not bad, f"{name}.docx: {len(bad)} problems:\n" + "\n".join(bad[:40])


def test_tables_in_the_word_output_are_fixed_and_rows_do_not_split(tmp_path, synthetic):
    """What makes Word itself (not only LibreOffice) keep a table on the page: a fixed layout
    whose grid adds up to the text width, the header row repeated, no row split."""
    data, _ = run(synthetic_commands(synthetic)["synthetic-annex"], tmp_path / "a.docx")
    doc = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    _, right, _, left = docx_margins(data)
    page = int(doc.find(f".//{W}sectPr/{W}pgSz").get(W + "w"))
    tables = list(doc.iter(W + "tbl"))
    assert tables
    for t in tables:
        assert t.find(f"{W}tblPr/{W}tblLayout").get(W + "type") == "fixed"
        grid = [int(c.get(W + "w")) for c in t.findall(f"{W}tblGrid/{W}gridCol")]
        assert sum(grid) <= page - (left + right) * 20
        rows = t.findall(W + "tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        for r in rows:
            widths = [int(c.find(f"{W}tcPr/{W}tcW").get(W + "w")) for c in r.findall(W + "tc")]
            assert widths == grid


def main_report() -> None:  # pragma: no cover - a figure for a person, not a test
    """Print the number of words off the page (and rows split) for each output."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = synthetic_corpus(Path(tmp) / "synthetic")
        commands = {**OAS, **synthetic_commands(folder)}
        for name, args in commands.items():
            out = Path(tmp) / f"{name}.pdf"
            mp = pytest.MonkeyPatch()
            data, printed = run(args, out, mp)
            pages = read_pdf(data)
            print(f"{name}.pdf: {len(off_page(pages, css_margins(STYLESHEET[name])))} words off "
                  f"the page, {len(split_rows(pages, html_tables(printed)))} rows split or "
                  f"headers missing, {len(pages)} pages")
        if SOFFICE:
            for name in ("redline", "annex", "synthetic", "synthetic-annex"):
                data, _ = run(commands[name], Path(tmp) / f"{name}.docx")
                pages = read_pdf(soffice_pdf(data, Path(tmp) / f"lo-{name}"))
                print(f"{name}.docx (LibreOffice): "
                      f"{len(off_page(pages, docx_margins(data)))} words off the page, "
                      f"{len(split_rows(pages, docx_tables(data)))} rows split or headers "
                      f"missing, {len(pages)} pages")


if __name__ == "__main__":  # pragma: no cover
    main_report()
