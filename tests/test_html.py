"""HTML, XLSX and CSV reports: escaping, no external resources, sheets and columns."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

import redline
from redline.render.html import render_html
from redline.render.tables import CHANGE_COLUMNS, to_csv, to_xlsx
from tests.conftest import REVISIONS

HOSTILE_OLD = "1. Promote the rights of migrants. (Agreed 1-1-2015)\n\n2. Keep this.\n"
HOSTILE_NEW = (
    "1. Promote the rights of <script>alert('x')</script> migrants "
    "(VEN <img src=x onerror=alert(1)>, 2-2-2015). (Agreed 1-1-2015)\n\n"
    "2. Keep this. =HYPERLINK(\"http://evil.example\") \"><svg onload=alert(2)>\n\n"
    "3. =cmd|' /C calc'!A0 (Proposed by US 3-3-2015)\n"
)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def hostile():
    return redline.compare_texts(HOSTILE_OLD, HOSTILE_NEW)


def parse(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    return t


def test_hostile_text_is_shown_as_text(hostile):
    html = render_html(hostile)
    tags = parse(html)
    assert [t for t, _ in tags.tags].count("script") == 1  # only the report's own script
    assert not any(t in ("img", "svg") for t, _ in tags.tags)
    assert not any(k.startswith("on") for _, attrs in tags.tags for k in attrs)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_no_external_resources_and_a_strict_csp(hostile):
    html = render_html(hostile)
    tags = parse(html)
    for tag, attrs in tags.tags:
        for key in ("src", "href", "action", "data"):
            value = attrs.get(key) or ""
            assert not re.match(r"^(https?:)?//", value), (tag, key, value)
        assert tag not in ("link", "iframe", "object", "embed", "base")
    csp = next(a["content"] for t, a in tags.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert "url(" not in html.split("<style>")[1].split("</style>")[0]


def test_the_report_shows_who_and_status():
    cmp = redline.compare(REVISIONS / "2015-04.txt", REVISIONS / "2015-11.txt")
    html = render_html(cmp)
    assert 'title="VEN (Venezuela)' in html or "Venezuela" in html
    assert "people of African descent," in html
    assert 'class="chip status-pending"' in html
    assert "Changes by delegation" in html and "of which agreed" in html
    ven_row = re.search(r'<span class="badge">VEN</span> Venezuela</th>((?:<td>\d+</td>)+)',
                        html)
    assert ven_row and re.findall(r"\d+", ven_row.group(1)) == ["1", "0", "0", "1", "0", "1"]
    assert html.count('class="note"') == cmp.summary()["total_changes"]


def test_xlsx_sheets(hostile, tmp_path):
    cmp = redline.compare(REVISIONS / "2015-04.txt", REVISIONS / "2015-11.txt")
    path = tmp_path / "c.xlsx"
    path.write_bytes(to_xlsx(cmp))
    wb = load_workbook(path)
    codes = set(cmp.summary()["by_delegation"])
    assert wb.sheetnames[:2] == ["Summary", "All changes"]
    assert set(wb.sheetnames[2:]) == codes
    ven = wb["VEN"]
    assert ven.freeze_panes == "A2"
    header = [c.value for c in ven[1]]
    assert header == CHANGE_COLUMNS
    row = {h: c.value for h, c in zip(header, ven[2], strict=True)}
    assert row["delegation"] == "VEN" and row["name"] == "Venezuela"
    assert row["new_text"] == "people of African descent," and row["paragraph"] == "18"
    assert ven.column_dimensions["G"].width == 60 and ven["G2"].alignment.wrap_text
    summary = {r[0].value: [c.value for c in r] for r in wb["Summary"].iter_rows(min_row=2)}
    assert summary["VEN"][2:5] == [1, 0, 0]


def test_xlsx_never_holds_a_formula_from_the_draft(hostile, tmp_path):
    path = tmp_path / "h.xlsx"
    path.write_bytes(to_xlsx(hostile))
    wb = load_workbook(path)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    texts = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert texts and all(c.data_type == "s" for c in texts)


def test_csv_columns(hostile):
    rows = list(csv.DictReader(io.StringIO(to_csv(hostile))))
    assert list(rows[0]) == CHANGE_COLUMNS
    ven = [r for r in rows if r["delegation"] == "VEN"]
    assert ven and ven[0]["name"] == "Venezuela" and ven[0]["date"] == "2015-02-02"
    assert rows[-1]["delegation"] == "—"  # unattributed changes come last


def test_markdown_and_csv_keep_hostile_text_inert(hostile):
    from redline.render.tables import to_markdown

    md = to_markdown(hostile)
    assert re.search(r"(?<!\\)<", md) is None and "\\<img" in md  # every < escaped
    rows = list(csv.reader(io.StringIO(to_csv(hostile))))
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert any(cell.startswith("'=cmd") for row in rows for cell in row)
