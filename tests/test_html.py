"""HTML, XLSX and CSV reports: escaping, no external resources, sheets and columns."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

import redline
from redline.render.html import HEAD_JS, render_html
from redline.render.tables import BOM, CHANGE_COLUMNS, HEADERS, VIEW_COLUMNS, to_csv, to_xlsx
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
    assert [t for t, _ in tags.tags].count("script") == 2  # only the report's own two scripts
    assert html.count("<script>") == 2 and f"<script>{HEAD_JS}</script>" in html
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
    assert ven_row and re.findall(r"\d+", ven_row.group(1)) == ["1", "0", "0", "0", "1", "0",
                                                                 "1"]  # 0 proposed deletions
    assert html.count('class="note"') == cmp.summary()["total_changes"]


def test_xlsx_sheets(hostile, tmp_path):
    cmp = redline.compare(REVISIONS / "2015-04.txt", REVISIONS / "2015-11.txt")
    path = tmp_path / "c.xlsx"
    path.write_bytes(to_xlsx(cmp))
    wb = load_workbook(path)
    codes = set(cmp.summary()["by_delegation"]) | {  # and who proposes deleting words
        d for p in cmp.paragraphs for x in p.proposed_deletions for d in x.delegations}
    assert wb.sheetnames[:2] == ["Summary", "All changes"]
    assert set(wb.sheetnames[2:]) == codes
    ven = wb["VEN"]
    assert ven.freeze_panes == "A3"  # a title line, then the headers
    header = [c.value for c in ven[2]]
    assert header == [HEADERS[c] for c in VIEW_COLUMNS]
    row = {h: c.value for h, c in zip(header, ven[3], strict=True)}
    assert row["Delegation"] == "VEN" and row["Name"] == "Venezuela"
    assert row["New text"] == "people of African descent," and row["Paragraph"] == "V.B 18"
    widths = [d.width for d in wb["All changes"].column_dimensions.values()]
    assert max(widths) == 60 and ven["G3"].alignment.wrap_text  # long text wraps
    summary = {r[0].value: [c.value for c in r] for r in wb["Summary"].iter_rows(min_row=3)}
    assert summary["VEN"][2:5] == [1, 0, 0]


def test_xlsx_never_holds_a_formula_from_the_draft(hostile, tmp_path):
    path = tmp_path / "h.xlsx"
    path.write_bytes(to_xlsx(hostile))
    wb = load_workbook(path)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    texts = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert texts and all(c.data_type == "s" for c in texts)


def test_csv_columns(hostile):
    text = to_csv(hostile)
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
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


@pytest.fixture(scope="module")
def latest():
    return redline.compare(REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")


def test_the_opening_view_is_marked_in_the_html_and_needs_javascript_to_hide(latest):
    """Changed paragraphs, their headings and a paragraph of context either side make the
    opening view; the rest is `far`, hidden only under the `changes-only` class a script sets:
    without JavaScript (or CSS) the whole text is there."""
    from redline.render.html import build_items

    items = build_items(latest)
    focus = {it.anchor: it.focus for it in items}
    assert focus["v-b-18"] == "changed" and focus["v"] == focus["v-b"] == "heading"
    k = next(k for k, it in enumerate(items) if it.anchor == "v-b-18")
    assert {items[k - 1].focus, items[k + 1].focus} <= {"context", "changed", "heading"}
    assert "far" in focus.values()
    html = render_html(latest)
    far = next(a for a, f in focus.items() if f == "far")
    assert re.search(rf'<article id="{far}" class="[^"]*\bfar\b', html)
    assert '<button type="button" id="toggle-all" class="toggle" aria-controls="redline" ' \
           'hidden>Show the whole text</button>' in html
    assert re.search(r'<p class="gap" data-run="\d+"><button type="button" class="gap-btn" '
                     r'data-run="\d+">⋯ \d+ unchanged paragraphs \(', html)
    css = html.split("<style>")[1].split("</style>")[0]
    hiding = [r for r in re.findall(r"([^{}]*)\{[^}]*display: none", css) if ".far" in r]
    assert hiding and all(".changes-only .far" in r for r in hiding)
    assert '<html lang="en">' in html  # no class until the script runs


def test_a_lone_unchanged_paragraph_is_shown_rather_than_a_gap_line(latest):
    from redline.render.html import build_items

    items = build_items(latest)
    runs = {}
    for it in items:
        if it.focus == "far":
            runs.setdefault(it.run, []).append(it)
    assert runs and all(len(r) > 1 and r[0].gap.startswith(f"{len(r)} unchanged")
                        for r in runs.values())


def test_a_report_without_changes_opens_on_the_whole_text():
    cmp = redline.compare(REVISIONS / "2016-01.txt", REVISIONS / "2016-01.txt")
    html = render_html(cmp)
    assert 'id="toggle-all"' not in html and " far" not in html and 'class="gap"' not in html


def test_insertions_are_not_styled_like_links_and_the_legend_matches(latest):
    html = render_html(latest)
    css = html.split("<style>")[1].split("</style>")[0]
    ins = re.search(r"\nins \{([^}]*)\}", css).group(1)
    assert "text-decoration: none" in ins and "background" in ins and "underline" not in ins
    assert "#0b4fb3" not in css  # the old link blue
    legend = html.split('<p class="legend">')[1].split("</p>")[0]
    assert "<ins>inserted text</ins>" in legend and "<del>deleted text</del>" in legend
    if any(p.proposed_deletions for p in latest.paragraphs):
        assert 'class="pdel dc-0">words proposed for deletion' in legend


def test_a_paragraph_anchor_never_takes_a_report_id():
    from redline.render.html import _RESERVED_IDS, _RESERVED_RE

    assert {"toggle-all", "status-changes"} <= _RESERVED_IDS
    assert _RESERVED_RE.match("pd3-1") and _RESERVED_RE.match("n12")


# --- proposed deletions in the tables; a paragraph inserted by two delegations -----------------

STANDING_OLD = (
    "B. OAS MEMBER STATES\n\n"
    "7. Ensure that labor laws are complied with [by employers and migrants] [MEX-ES eliminate "
    "by employers and migrants], taking into account the vulnerable situation of migrant "
    "workers. (Pending)\n\n"
    "8. Exchange information on migration. (Agreed)\n")
STANDING_NEW = STANDING_OLD + (
    "\n9. USA: Intensify efforts by member states, in cooperation with civil society (VEN: and "
    "other social actors), the private sector, and local communities. 1-19-2016\n")


@pytest.fixture(scope="module")
def standing():
    """Mexico and El Salvador propose deleting words of an otherwise unchanged paragraph; the
    United States inserts a paragraph with Venezuela's words inside it."""
    cmp = redline.compare_texts(STANDING_OLD, STANDING_NEW, conventions="oas")
    (p7,) = [p for p in cmp.paragraphs if p.proposed_deletions]
    assert p7.status == "unchanged" and p7.proposed_deletions[0].delegations == ("MEX", "SLV")
    return cmp


def test_proposed_deletions_are_struck_under_their_label_in_the_html_tables(standing):
    html = render_html(standing)
    table = html.split('<table class="changes-table">')[1].split("</table>")[0]
    (mex,) = [r for r in table.split("<tr")[1:] if 'data-delegations="MEX"' in r]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", mex, re.S)
    assert cells[2] == "Proposed deletion" and "proposed_delete" not in cells[2]
    assert "<ins" not in mex and "<del" not in mex  # neither new text nor a deletion
    assert re.fullmatch(r'<span class="pdel dc-\d" [^>]*>by employers and migrants</span>',
                        cells[4])
    usa = next(r for r in table.split("<tr")[1:] if 'data-delegations="USA"' in r)
    assert re.findall(r"<td[^>]*>(.*?)</td>", usa, re.S)[2] == "Insertion"
    # the summary counts them: Mexico's row no longer reads all zeros
    summary = html.split('<table class="by-delegation">')[1].split("</table>")[0]
    head = re.findall(r'<th scope="col">([^<]*)</th>', summary)
    assert "Proposed deletions" in head
    for code in ("MEX", "SLV"):
        row = next(r for r in summary.split("<tr>") if f'badge">{code}</span>' in r)
        values = dict(zip(head[1:], re.findall(r"<td>(\d+)</td>", row), strict=True))
        assert values["Proposed deletions"] == "1" and values["Paragraphs"] == "1"
        assert values["pending"] == "1"
    assert re.search(r'<div class="card pd-card"><b>1</b> proposed deletion</div>', html)


def test_proposed_deletions_in_markdown_and_text(standing):
    from redline.render.tables import to_markdown
    from redline.render.text import render_text

    md = to_markdown(standing)
    mex = next(line for line in md.splitlines() if "| MEX | Mexico | Proposed deletion |" in line)
    assert "| ~~by employers and migrants~~ |" in mex
    summary = next(line for line in md.splitlines() if line.startswith("| MEX | Mexico | 0"))
    assert summary == "| MEX | Mexico | 0 | 0 | 0 | 1 | 1 | 0 | 1 |"
    text = render_text(standing)
    assert "proposed deletion “by employers and migrants”: MEX/SLV" in text
    assert text.rstrip().endswith("unattributed; 1 proposed deletion")


def test_a_paragraph_inserted_by_two_delegations_is_one_block(standing):
    """USA's words, Venezuela's inside them, USA's again: one paragraph whose pieces carry
    their own badges (before, each piece was a block of its own, three paragraphs to read)."""
    html = render_html(standing)
    art = html.split('<article id="b-9"')[1].split("</article>")[0]
    inline = art.split('class="text inline-view">')[1].split("</p>")[0]
    assert [m for m in re.findall(r'<a class="who"[^>]*>([^<]*)</a>', inline)] == \
        ["USA", "VEN", "USA"]
    assert inline.count("<ins") == 3
    css = html.split("<style>")[1].split("</style>")[0]
    screen = css.split("@media print")[0]
    for rule in re.findall(r"([^{}]*)\{([^}]*)\}", screen):
        if re.search(r"\.st-(inserted|deleted)\b[^,{]*\b(ins|del)\b", rule[0]):
            assert "display: block" not in rule[1], rule
    assert re.search(r"\.st-inserted \.text\.inline-view[^{]*\{[^}]*border-left", screen)
