"""Addresses (CONTRACTS, "Addresses"): one per paragraph, unique, and in every output."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

import redline
from redline.annotate.addresses import relocated
from redline.annotate.delegations import load as load_registry
from redline.api import load, load_text
from redline.corpus.annex import build_annex
from redline.corpus.audit import audit
from redline.corpus.history import build_history
from redline.corpus.manifest import load_manifest
from redline.model import anchor
from redline.render import history as rh
from redline.render import render_annex, render_audit
from redline.render.document import records
from redline.render.document import to_csv as annotations_csv
from redline.render.html import render_html
from redline.render.tables import CHANGE_COLUMNS, to_csv, to_json, to_xlsx
from redline.render.text import render_text

PARIS_LIKE = """Preamble

The Parties to this Agreement,

Have agreed as follows:

Article 2 (purpose)

1. The purpose of this Agreement is to strengthen the response, by:

(a) Holding the increase in temperature;

(b) Increasing the ability to adapt;

Article 3 (mitigation)

1. Collective long-term goal

Option 1: Parties aim to reach the global temperature goal.

Option 2: Parties aim to reach low emissions.

3. Differentiated efforts

3.3 Developed country Parties shall undertake targets;

3.3bis Developing country Parties should enhance actions;

Article 4

3bis. Each Party shall communicate an adaptation plan.

Text that has no label.
"""


def addresses(text: str) -> list[str]:
    return [p.address for p in load_text(text).paragraphs]


def by_text(doc, start: str):
    return next(p for p in doc.paragraphs if p.clean.startswith(start))


# -- the rule ----------------------------------------------------------------------------

def test_oas_addresses(doc_2016):
    assert by_text(doc_2016, "Consider the signing and ratification").address == "V.B 18"
    text = {p.address: p.clean for p in doc_2016.paragraphs}
    assert text["V.A ¶3"] == "Inter-American Commission on Human Rights (IACHR):"  # 3rd unlabelled
    assert by_text(doc_2016, "OAS MEMBER STATES").address == "V.B"  # a heading: its section
    assert by_text(doc_2016, "THE PROGRAM ACTORS").address == "III"
    assert doc_2016.footnotes[0].address == "fn 1"
    assert by_text(doc_2016, "Promote the development of ties").address == "V.B 23.bis"


def test_addresses_are_unique_in_a_document(doc_2016):
    for doc in (doc_2016, load_text(PARIS_LIKE)):
        got = [p.address for p in doc.paragraphs]
        assert all(got) and len(got) == len(set(got))


def test_un_addresses():
    doc = load_text(PARIS_LIKE)
    got = {p.clean[:24]: p.address for p in doc.paragraphs}
    assert got["The Parties to this Agre"] == "Preamble ¶1"
    assert got["(purpose)"] == "Article 2"
    assert got["The purpose of this Agre"] == "Article 2.1"
    assert got["Holding the increase in "] == "Article 2.1(a)"
    assert got["Collective long-term goa"] == "Article 3.1"  # a numbered title: a heading
    assert got["Option 2: Parties aim to"] == "Article 3.1 ¶2"
    # a label restating its article's number is not repeated; 3.3 is paragraph 3 again
    assert got["Developed country Partie"] == "Article 3.3#2"
    assert got["Developing country Parti"] == "Article 3.3bis"
    assert got["Each Party shall communi"] == "Article 4.3bis"
    assert got["Text that has no label."] == "Article 4 ¶1"


def test_the_same_paragraph_has_the_same_address_however_the_draft_numbers_it():
    one = load_text("Article 3\n\n3.3bis Developing country Parties should act.\n")
    two = load_text("Article 3\n\n3bis. Developing country Parties should act.\n")
    assert one.paragraphs[1].address == two.paragraphs[1].address == "Article 3.3bis"


def test_chapters_articles_and_repeats():
    got = addresses("Chapter II\n\nArticle 3\n\n1. Text.\n\n(a) One;\n\n(a) Again;\n\n"
                    "Section A\n\n(i) Item.\n")
    assert got == ["Chapter II", "Chapter II.Article 3", "Chapter II.Article 3.1",
                   "Chapter II.Article 3.1(a)", "Chapter II.Article 3.1(a)#2",
                   "Chapter II.Section A", "Chapter II.Section A(i)"]


def test_operative_paragraphs_and_unlabelled_text():
    got = addresses("Preamble text, unlabelled.\n\nPP1 Recalling,\n\nOP1 Decides;\n\n"
                    "(a) to act;\n")
    assert got == ["¶1", "PP1", "OP1", "OP1(a)"]


@pytest.mark.parametrize(("address", "expected"), [
    ("V.B 18", "v-b-18"), ("Article 4.3bis", "article-4-3bis"), ("fn 1", "fn-1"),
    ("V.A ¶3", "v-a-3"), ("Chapter II.Article 3", "chapter-ii-article-3"),
    ("Article 3.3#2", "article-3-3-2"), ("¶2", "2"),
])
def test_anchor(address, expected):
    assert anchor(address) == expected


def test_relocated_ignores_the_count_of_unlabelled_paragraphs():
    assert not relocated("V.B ¶3", "V.B ¶4")
    assert relocated("V.B 17", "V.B 18") and relocated("IV.B ¶3", "V.A ¶3")
    assert not relocated(None, "V.B 18")


# -- every output ------------------------------------------------------------------------

HEAD = "IV. PROGRAM OBJECTIVES\n\nPromote and protect the human rights of migrants.\n\n"
OLD = (HEAD + "V. SUGGESTED ACTIVITIES\n\nA. ORGANS\n\nGeneral Secretariat:\n\n"
       "3. Coordinate the initiatives of the organs.\n\n"
       "B. OAS MEMBER STATES\n\n17. Exchange information on migration. (Agreed 1-5-2020)\n\n"
       "18. Consider signing the conventions (Proposed by US 1-6-2020) on migrant workers. "
       "(Pending 1-6-2020)\n")
NEW = (HEAD + "V. SUGGESTED ACTIVITIES\n\nA. ORGANS\n\nGeneral Secretariat:\n\n"
       "3. Coordinate the initiatives of the organs.\n\n"
       "Committee on Migration Issues:\n\nOther organs and entities\n\n"
       "The Committee will report every year.\n\n"
       "B. OAS MEMBER STATES\n\n17. Exchange information on migration. (Agreed 1-5-2020)\n\n"
       "18. Consider signing and ratifying the conventions (Proposed by US 1-6-2020) on "
       "migrant workers. (Pending 3-1-2020)\n")


@pytest.fixture(scope="module")
def cmp():
    return redline.compare_texts(OLD, NEW)


def test_compare_json_has_old_and_new_addresses(cmp):
    body = json.loads(to_json(cmp))
    p18 = next(p for p in body["paragraphs"] if p["new_label"] == "18")
    assert (p18["old_address"], p18["new_address"]) == ("V.B 18", "V.B 18")
    ins = next(p for p in body["paragraphs"] if p["status"] == "inserted")
    assert ins["old_address"] is None and ins["new_address"].startswith("V.A ¶")
    assert all(a["address"] == "V.B 18" for a in p18["annotations"])


def test_annotation_records_have_the_address():
    doc = load_text(NEW)
    recs = records(doc)
    assert recs and {r["address"] for r in recs} >= {"V.B 17", "V.B 18"}
    rows = list(csv.DictReader(io.StringIO(annotations_csv(doc))))
    assert rows[0]["address"] == "V.B 17"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.hrefs.append(a["href"][1:])


def test_html_anchors_are_addresses_and_unique(cmp):
    html = render_html(cmp)
    ids = _Ids()
    ids.feed(html)
    assert len(ids.ids) == len(set(ids.ids))
    assert '<article id="v-b-18"' in html and 'href="#v-b-18"' in html
    assert ">V.B 18</a>" in html
    assert "v-a-3" in ids.ids  # the numbered paragraph 3 keeps its anchor ...
    assert "v-a-3-2" in ids.ids  # ... and the unlabelled V.A ¶3 gets another
    assert set(ids.hrefs) <= set(ids.ids)  # every link inside the report lands


def test_change_tables_have_address_columns(cmp, tmp_path):
    text = to_csv(cmp)
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert {"old_address", "new_address"} <= set(rows[0]) and list(rows[0]) == CHANGE_COLUMNS
    r18 = next(r for r in rows if r["paragraph"] == "18")
    assert (r18["old_address"], r18["new_address"]) == ("V.B 18", "V.B 18")
    path = tmp_path / "c.xlsx"
    path.write_bytes(to_xlsx(cmp))
    header = [c.value for c in load_workbook(path)["All changes"][2]]
    assert header[:2] == ["Paragraph", "Old paragraph"]


def test_text_redline_headings_name_the_address(cmp):
    out = render_text(cmp)
    assert "@@ V.B 18 [modified" in out
    assert re.search(r"@@ V\.A ¶\d \[inserted", out)


def write_corpus(folder, texts):
    lines = []
    for k, (vid, date, text) in enumerate(texts):
        (folder / f"v{k}.txt").write_text(text, encoding="utf-8")
        lines.append(f'[[version]]\nid = "{vid}"\nfile = "v{k}.txt"\ndate = "{date}"\n'
                     f'label = "{vid}"\n')
    (folder / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    versions = load_manifest(folder)
    reg = load_registry()
    docs = [load(v.path, delegations=reg, label=v.id, date=v.date) for v in versions]
    return versions, docs, reg


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"),
                        [("a", "2020-01-10", OLD), ("b", "2020-03-10", NEW)])


def test_annex_heads_paragraphs_and_names_pending_ones_by_address(corpus):
    versions, docs, reg = corpus
    annex = build_annex(versions, lambda v: docs[versions.index(v)], reg, from_="a")
    assert ("V.B 18", "pending") in annex.pending
    md = render_annex(annex, "md")
    assert "**V.B 18** Consider signing" in md
    line = next(x for x in md.splitlines() if x.startswith("**Still not agreed**"))
    assert "V.B 18 (Pending)" in line
    html = render_annex(annex, "html")
    assert re.search(r'<a class="chip status-pending" href="#v-b-18">V\.B 18 ', html)
    assert '<article id="v-b-18"' in html


def test_audit_says_where_a_proposal_was_and_is(corpus):
    versions, docs, reg = corpus
    h = build_history(versions, docs, reg)
    (prop,) = audit(h, "USA")
    assert (prop.address, prop.current_address) == ("V.B 18", "V.B 18")
    body = json.loads(render_audit("USA", "United States", [prop], ["a", "b"], "json"))
    rec = body["proposals"][0]
    assert rec["address"] == rec["current_address"] == "V.B 18"
    assert rec["evidence"][0]["address"] == "V.B 18"
    rows = list(csv.DictReader(io.StringIO(
        render_audit("USA", "United States", [prop], ["a", "b"], "csv"))))
    assert rows[0]["address"] == rows[0]["current_address"] == "V.B 18"
    html = render_audit("USA", "United States", [prop], ["a", "b"], "html")
    assert "<td>V.B 18</td>" in html


def test_history_follows_addresses(corpus):
    versions, docs, reg = corpus
    h = build_history(versions, docs, reg)
    body = json.loads(rh.to_json(h))
    row = next(r for r in body["paragraphs"] if r["current_label"] == "18")
    assert row["current_address"] == "V.B 18" and row["ends_up"] == "V.B 18 in b"
    assert [c["address"] for c in row["timeline"]] == ["V.B 18", "V.B 18"]
    new = next(r for r in body["paragraphs"] if r["first_version"] == "b")
    assert new["timeline"][0]["address"] is None
    html = rh.to_html(h)
    assert "<b>V.B 18</b>" in html


def test_a_roman_heading_keeps_the_space_whatever_its_length():
    """`II` is a roman number, not a word heading like `Article`: paragraph 3 under `II.` is
    `II 3`, as paragraph 1 under `I.` is `I 1` (it was `II.3`)."""
    got = addresses("I. Objectives\n\n1. One.\n\nII. Activities\n\n3. Three.\n\n"
                    "XIV. More\n\n9. Nine.\n")
    assert got == ["I", "I 1", "II", "II 3", "XIV", "XIV 9"]
