"""The chair's annex: which versions it compares and why, contradictory requests, status-only
changes in their own table, and proposed deletions (words still in the text) in every writer."""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest

import redline
from redline.annotate.delegations import load as load_registry
from redline.api import load
from redline.compare.result import Comparison, ProposedDeletion
from redline.corpus.annex import build_annex, pick_versions, status_changes
from redline.corpus.manifest import load_manifest
from redline.errors import RedlineError
from redline.render.annex import annex_html, annex_markdown, to_markdown
from redline.render.html import render_html
from redline.render.text import render_text
from tests.conftest import REVISIONS


@pytest.fixture(scope="module")
def oas():
    versions = load_manifest(REVISIONS)
    reg = load_registry("oas")
    docs = {v.id: load(v.path, conventions="oas", delegations=reg, label=v.id, date=v.date)
            for v in versions}
    return versions, (lambda v: docs[v.id]), reg


@pytest.fixture(scope="module")
def since_dec7(oas):
    return build_annex(*oas, since="2015-12-07")


# --- which versions, and why ----------------------------------------------------------------

def test_since_picks_the_version_in_force_never_an_older_one():
    """For every day of the corpus, the version said to be in force is the last one dated on or
    before it: none dated after it and on or before the day (the 2005 text is never in force
    in December 2015)."""
    versions = load_manifest(REVISIONS)
    day = datetime.date.fromisoformat(versions[0].date)
    while day.isoformat() < versions[-1].date:
        old, new = pick_versions(versions, day.isoformat(), None, None)
        assert old.date <= day.isoformat() and new.id == versions[-1].id
        assert not [v for v in versions if old.date < v.date <= day.isoformat()], day
        day += datetime.timedelta(days=1)
    assert pick_versions(versions, "2015-12-07", None, None)[0].id == "2015-11"
    assert pick_versions(versions, "2015-11-18", None, None)[0].id == "2015-11"  # that day
    assert pick_versions(versions, "2015-11-17", None, None)[0].id == "2015-04"


def test_the_heading_says_which_versions_and_why(since_dec7, oas):
    assert since_dec7.title.startswith("Changes since 7 December 2015: ")
    assert since_dec7.intro.startswith(
        "Version 2016-01 (21 January 2016), the latest, against version 2015-11 "
        "(18 November 2015), the version in force on 7 December 2015 (the last one dated on "
        "or before that day).")
    asked = build_annex(*oas, from_="2015-04")
    assert "against version 2015-04 (24 April 2015), as asked." in asked.intro
    assert "in force" not in asked.intro
    for text in (annex_markdown(since_dec7), annex_html(since_dec7)):
        assert "the version in force on 7 December 2015" in text
        assert "2005" not in text.split("Summary")[0]


def test_to_with_since_picks_by_the_day_and_refuses_a_to_older_than_it(oas):
    versions = load_manifest(REVISIONS)
    old, new = pick_versions(versions, "2015-05-01", None, "2015-11")
    assert (old.id, new.id) == ("2015-04", "2015-11")
    annex = build_annex(*oas, since="2015-05-01", to="2015-11")
    assert annex.intro.startswith("Version 2015-11 (18 November 2015) against version 2015-04 "
                                  "(24 April 2015), the version in force on 1 May 2015")
    with pytest.raises(RedlineError, match="--to 2015-11 is itself the version in force on "
                                            "2015-12-07"):
        pick_versions(versions, "2015-12-07", None, "2015-11")
    with pytest.raises(RedlineError, match=r"in force on 2016-01-01, 2015-11 \(2015-11-18\), "
                                            r"is newer than --to 2015-04"):
        pick_versions(versions, "2016-01-01", None, "2015-04")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"since": "2015-12-07", "from_": "2015-04"}, "give either --since or --from, not both"),
    ({"since": "2016-03-01"}, "no version after 2016-01-21: the latest version, 2016-01, is "
                              "already in force on 2016-03-01; nothing to annex"),
    ({"since": "2016-01-21"}, "nothing to annex"),
    ({"since": "12/07/2015"}, "reads two ways"),
    ({"since": "yesterday"}, "not a date"),
    ({"since": "2001-01-01"}, "no version was in force on 2001-01-01"),
    ({}, "give --since DATE or --from VERSION"),
])
def test_contradictory_or_empty_requests_are_refused(oas, kwargs, message):
    with pytest.raises(RedlineError, match=re.escape(message)):
        build_annex(*oas, **kwargs)


def test_since_accepts_a_date_as_a_person_writes_it(oas):
    versions = load_manifest(REVISIONS)
    assert pick_versions(versions, "7 Dec 2015", None, None)[0].id == "2015-11"
    assert pick_versions(versions, "December 7, 2015", None, None)[0].id == "2015-11"


# --- status-only changes ----------------------------------------------------------------------

def test_status_only_changes_are_a_table_not_paragraphs(since_dec7):
    rows = {c.address: c for c in since_dec7.status_changes}
    assert rows["I.A ¶1"].status_from is None and rows["I.A ¶1"].status_to == "agreed"
    assert rows["V.A ¶7"].status_to == "ad_referendum"
    assert "III ¶1" not in rows  # its text changed too: shown as a paragraph
    md = annex_markdown(since_dec7)
    text, table = md.split("## Status changes only")
    assert "**I.A ¶1**" not in text and "**III ¶1** The term" in text
    assert "| I.A ¶1 | none | Agreed | 2015-12-07 | (Agreed – 12/07/2015) |" in table
    assert "| V.A ¶7 | none | Ad referendum | 2016-01-19 |" in table
    assert "### III.A." not in text  # a heading whose section only changed status goes too
    html = annex_html(since_dec7)
    assert '<article id="i-a-1"' not in html and '<tr id="i-a-1">' in html
    assert '<table class="status-table">' in html and '<article id="iii-1"' in html
    # the pending list links to the table row of a paragraph whose status alone changed
    link = re.search(r'href="#([^"]+)">V\.A ¶7 · Ad referendum', html)
    assert link and f'<tr id="{link.group(1)}">' in html


def test_pending_to_ad_referendum_is_status_only_but_a_new_note_is_not(tmp_path):
    old = ("1. Promote the rights of migrants. (Pending)\n\n"
           "2. Protect migrant workers. (Pending)\n")
    new = ("1. Promote the rights of migrants. (Approved ad referendum 3-1-2020)\n\n"
           "2. Protect migrant workers. (Paraguay in consultations) "
           "(Approved ad referendum 3-1-2020)\n")
    cmp = redline.compare_texts(old, new, conventions="oas")
    (only,) = status_changes(cmp)
    assert (only.address, only.status_from, only.status_to) == ("1", "pending", "ad_referendum")
    md = to_markdown(cmp, "Annex")
    assert "| 1 | Pending | Ad referendum | 2020-03-01 |" in md
    assert "**2** Protect migrant workers." in md and "**1** Promote" not in md


# --- proposed deletions -----------------------------------------------------------------------

def with_proposals(cmp: Comparison, address: str, *spans: tuple[str, str, str]) -> Comparison:
    """`cmp` with proposed deletions (first words, last words, delegation) in one paragraph."""
    paras = list(cmp.paragraphs)
    k = next(k for k, p in enumerate(paras) if p.address == address)
    text = paras[k].new_text or ""
    dels = []
    for first, last, who in spans:
        start = text.index(first)
        end = text.index(last, start) + len(last)
        dels.append(ProposedDeletion(text[start:end], start, end, (who,), "2016-01-19",
                                     f"({who} eliminate ...)"))
    paras[k] = dataclasses.replace(paras[k], proposed_deletions=tuple(dels))
    return dataclasses.replace(cmp, paragraphs=tuple(paras))


@pytest.fixture(scope="module")
def proposed():
    """V.B 18: CHAIR inserted “including those who are in vulnerable situations.”; MEX proposes
    deleting “all migrants including those who” (across the start of the insertion), CHAIR the
    list of groups after it."""
    cmp = redline.compare(REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")
    return with_proposals(cmp, "V.B 18", ("all migrants", "including those who", "MEX"),
                          (", including those of women", "vulnerable groups.", "CHAIR"))


def test_text_output_wraps_proposed_deletions_and_nests_the_insertion(proposed):
    out = render_text(proposed)
    assert ("rights of [?-all migrants{+ including those who+}-?]{+ are in vulnerable "
            "situations.+}[?-, including those of women,") in out
    assert "persons and any other vulnerable groups.-?]" in out
    assert "  proposed deletion “all migrants including those who”: MEX 2016-01-19" in out
    assert "[-, including" not in out  # never shown as a real deletion


def test_html_strikes_proposed_words_in_the_delegations_colour_with_a_label(proposed):
    html = render_html(proposed)
    art = html.split('<article id="v-b-18"')[1].split("</article>")[0]
    inline = art.split('class="text inline-view">')[1].split("</p>")[0]
    assert re.search(r'<span class="pdel dc-(\d)" data-ref="pd\d+-1" title="Proposed for '
                     r'deletion by MEX \(Mexico\) · 2016-01-19[^"]*">all migrants ?<ins class='
                     r'"chg" id="c\d+-i" data-ref="n\d+"> ?including those who</ins></span>',
                     inline)
    assert re.search(r'</span><a class="pd-mark dc-\d" href="#pd\d+-1" data-ref="pd\d+-1" '
                     r'title="[^"]*">proposed deletion: MEX</a><ins data-ref="n\d+"> ?are in',
                     inline)
    colours = re.findall(r'class="pdel dc-(\d)"', inline)
    assert len(set(colours)) == 2  # one colour per proposing delegation
    assert "<del" not in inline  # still in the text: no real deletion
    assert art.count('class="note proposed"') == 2 and "proposed deletion</span>" in art
    assert "words proposed for deletion" in html.split("<main")[0]  # the legend says so
    assert '<option value="MEX">' in html  # the delegation filter knows the proposer


def test_annex_markdown_shows_proposed_deletions(proposed):
    md = to_markdown(proposed, "Annex")
    assert ("rights of [proposed for deletion by MEX (2016-01-19): ~~all migrants~~ "
            "**~~including those who~~**] **are in vulnerable situations.** [CHAIR]") in md
    assert "- proposed deletion: CHAIR (Chair and Vice-Chair" in md


def test_the_pipeline_proposals_reach_the_annex(since_dec7):
    """Once the compare pipeline fills `proposed_deletions` (CHAIR's `End paragraph here`)."""
    p = next(p for p in since_dec7.comparison.paragraphs if p.address == "V.B 18")
    if not p.proposed_deletions:
        pytest.skip("the compare pipeline does not fill proposed deletions yet")
    assert "[proposed for deletion by CHAIR (2016-01-19): ~~, including those of women" in \
        annex_markdown(since_dec7)
