"""Compare on the corpus: every delegation-marked change attributed as a careful reader would."""

from __future__ import annotations

import itertools

import pytest

import redline
from tests.conftest import REVISIONS


@pytest.fixture(scope="module")
def cmps():
    v = ["2005", "2015-04", "2015-11", "2016-01"]
    return {f"{a}>{b}": redline.compare(REVISIONS / f"{a}.txt", REVISIONS / f"{b}.txt")
            for a, b in itertools.pairwise(v)}


def change(cmp, words: str):
    hits = [(p, c) for p, c in cmp.changes if words in c.new_text or words in c.old_text]
    assert hits, f"no change with {words!r}"
    return min(hits, key=lambda pc: len(pc[1].new_text + pc[1].old_text))


# (comparison, changed words, delegations, date, rule, evidence starts with)
CASES = [
    # a marker that carries the changed words
    ("2015-04>2015-11", "people of African descent", ["VEN"], "2015-11-05", "carries",
     "(VEN people"),
    ("2015-04>2015-11", "LGBTI persons", ["ARG"], "2015-11-05", "carries", "(ARG LGBTI"),
    ("2015-04>2015-11", "as appropriate", ["CAN"], "2015-11-18", "carries", "[CAN as"),
    ("2015-04>2015-11", "effective and", ["BRA"], "2015-11-05", "carries", "(BR effective"),
    ("2015-04>2015-11", "including", ["BRA"], "2015-11-05", "carries", "(BR 11-5-2015 incl"),
    ("2015-04>2015-11", "the parties concerned", ["MEX"], None, "carries", "[relevant"),
    ("2015-04>2015-11", "authorized regular", ["ARG"], None, "carries", "(ARG authorized"),
    ("2015-11>2016-01", "persons who have been subjected", ["CHAIR"], "2016-01-19", "carries",
     "(CHAIR-CAM"),
    ("2015-11>2016-01", "including those who are in vulnerable situations", ["CHAIR"],
     "2016-01-19", "carries", "(CHAIR - CAM"),
    # a delegation marker that follows the changed words in the same sentence
    ("2005>2015-04", "and prevent the loss of family contact", ["USA"], "2015-04-16", "follows",
     "(Proposed by US-4-16-2015)"),
    ("2005>2015-04", "particularly migrants with irregular status", ["BRA"], "2015-04-06",
     "follows", "(Proposed by BR 4-6-2015)"),
    ("2005>2015-04", "by all migrants and their families", ["USA"], "2015-04-16", "follows",
     "(Proposed by US- 4-16-2015)"),
    ("2005>2015-04", "equal", ["USA"], "2015-04-16", "follows", "(Proposed by US-4-16-2015)"),
    ("2005>2015-04", "Seek to protect", ["USA"], "2015-04-16", "within", "(US-4-16-2015)"),
    ("2005>2015-04", "and promote the establishment of areas", ["BRA", "ECU", "PER"],
     "2015-04-16", "follows", "(Proposed by BR-EC-PER"),
    ("2015-04>2015-11", "regular", ["BRA"], "2015-11-05", "follows", "(BR IM 11-5-2015)"),
    # a proposal heading the paragraph (whole paragraphs inserted)
    ("2005>2015-04", "Promote the development of ties among communities", ["CHL"],
     "2015-04-16", "heads", "(Proposed by CHILE"),
    ("2005>2015-04", "Conduct programs to promote authorized migration and migrant worker "
     "agreements. Consider", ["CAN", "USA", "PRY"], "2015-04-17", "heads",
     "(Proposed by CAN-US-PY"),
    ("2015-04>2015-11", "Promote migrant regularization programs", ["COL"], "2015-11-17",
     "heads", "COL:"),
    ("2015-04>2015-11", "Provide all migrants with access to the judicial system, on equal",
     ["CAN"], "2015-11-05", "heads", "(ALTERNATIVE PROPOSAL BY CAN"),
    ("2015-04>2015-11", "Ensure that labor laws are complied with", ["ARG"], None, "heads",
     "ALT PROPOSAL BY ARG"),
    ("2015-04>2015-11", "Intensify the study on the situation of women", ["ARG"], "2015-11-05",
     "heads", "ALTERNATIVE PROPOSAL DELEGATION OF ARG"),
    ("2015-11>2016-01", "Warn migrants and their family members", ["BRA"], "2016-01-19",
     "heads", "BR:"),
    ("2015-11>2016-01", "Intensify efforts by member states", ["USA"], "2016-01-19", "heads",
     "USA:"),
    ("2015-11>2016-01", "ensuring the right of the sending state", ["ARG"], "2016-01-21",
     "heads", "AR:"),
    ("2015-11>2016-01", "inform those considering migration of the potential risks", ["USA"],
     "2015-12-07", "heads", "Proposal presented by the delegation of the United States"),
]


@pytest.mark.parametrize(("pair", "words", "dels", "date", "rule", "evidence"), CASES,
                         ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_attribution(cmps, pair, words, dels, date, rule, evidence):
    _, c = change(cmps[pair], words)
    assert list(c.delegations) == dels
    assert c.date == date
    assert c.rule == rule
    assert c.evidence.startswith(evidence)


def test_status_only_markers_attribute_nothing(cmps):
    cmp = cmps["2015-11>2016-01"]
    plan = next(p for p in cmp.paragraphs if (p.new_text or "").startswith("In the Plan of"))
    assert plan.status == "unchanged" and plan.changes == ()
    (status,) = [m for m in plan.markers if m.kind == "status"]
    assert (status.status_from, status.status_to, status.date) == (None, "agreed", "2015-12-07")


def test_changes_without_evidence_are_unattributed(cmps):
    cmp = cmps["2015-11>2016-01"]
    term = next(p for p in cmp.paragraphs if (p.new_text or "").startswith("The term"))
    assert [(c.old_text, c.new_text) for c in term.changes] == [("Agents", "Actors"),
                                                               ("agents", "actors")]
    assert all(c.delegations == () and c.rule is None for c in term.changes)
    _, c = change(cmps["2015-11>2016-01"], "Includes the agreements reached")
    assert c.delegations == ()


def test_editorial_decisions_give_date_not_delegation(cmps):
    _, c = change(cmps["2015-11>2016-01"], "ACTORS")
    assert c.delegations == () and c.date == "2015-12-07"
    assert c.evidence.startswith("(Title adjusted as per decision")


def test_status_changes_are_reported(cmps):
    cmp = cmps["2015-04>2015-11"]
    p18 = next(p for p in cmp.paragraphs if p.new_label == "18")
    kinds = {(m.kind, m.status_to) for m in p18.markers}
    assert ("status", "pending") in kinds
    assert any(m.kind == "added" and "Paraguay" in (m.text or "") for m in p18.markers)


def test_summary_counts(cmps):
    s = cmps["2015-04>2015-11"].summary()
    assert s["by_delegation"]["VEN"]["insert"] == 1
    assert s["total_changes"] == sum(s["changes"].values())
    assert s["unattributed"] < s["total_changes"]


def test_api_compares_texts_given_explicitly(cmps):
    c = redline.compare_texts("1. Promote rights (Agreed 1-1-2015)\n",
                              "1. Promote (VEN human, 2-2-2015) rights (Agreed 1-1-2015)\n")
    (p,) = c.paragraphs
    (ch,) = p.changes
    assert ch.new_text.strip() == "human" and ch.delegations == ("VEN",)
    assert "<ins" in c._repr_html_()


def test_a_head_proposal_later_agreed_keeps_its_words_and_gains_a_status():
    from redline.annotate.document import grammar_for

    head, status = grammar_for().parse(
        "COL: Promote regularization programs in each state – 11-17-2015) (Agreed 2-1-2016)")
    assert (head.proposed_text, head.date) == ("Promote regularization programs in each state",
                                               "2015-11-17")
    assert (status.kind, status.status, status.date) == ("status", "agreed", "2016-02-01")


def test_words_outside_a_carrying_marker_find_their_own_evidence(cmps):
    cmp = cmps["2015-04>2015-11"]
    p26 = next(p for p in cmp.paragraphs if p.new_label == "26")
    got = {c.new_text.strip(): (c.delegations, c.rule) for c in p26.changes}
    assert got["(facilitate)"] == (("BRA", "ARG"), "follows")
    assert got["authorized regular"] == (("ARG",), "carries")


def test_a_marker_the_old_version_had_is_no_evidence():
    old = ("31. Protect migrants against fraud and extortion (Proposed by US-4-16-2015). "
           "(Agreed 11-5-2015)\n")
    new = ("31. Protect all migrants against fraud, extortion and kidnapping "
           "(Proposed by US-4-16-2015). (Agreed 11-5-2015)\n")
    (p,) = redline.compare_texts(old, new).paragraphs
    assert p.changes and all(c.delegations == () for c in p.changes)


def test_a_sub_proposal_nested_in_a_proposal_is_its_own_change(cmps):
    """`USA: Intensify ... civil society (VEN: and other social actors), the private sector`:
    USA gets the paragraph, VEN the words it proposed, dated by the US proposal."""
    para, ven = change(cmps["2015-11>2016-01"], "and other social actors")
    assert ven.new_text.strip() == "and other social actors"
    assert (ven.delegations, ven.date) == (("VEN",), "2016-01-19")
    usa = [c for c in para.changes if c is not ven]
    assert usa and all(c.delegations == ("USA",) for c in usa)
    assert "Intensify efforts" in usa[0].new_text and "the private sector" in usa[1].new_text


def test_proposed_deletions_are_shown_as_proposed_not_deleted(cmps):
    cmp = cmps["2015-11>2016-01"]
    para = next(p for p in cmp.paragraphs if p.new_address == "V.B 18")
    (prop,) = para.proposed_deletions
    assert prop.delegations == ("CHAIR",) and prop.date == "2016-01-19"
    assert para.new_text[prop.start:prop.end] == prop.text
    assert prop.text.startswith(", including those of women")
    assert not any("including those of women" in c.old_text for c in para.changes)
    labor = next(p for p in cmp.paragraphs if p.proposed_deletions
                 and p.proposed_deletions[0].delegations == ("MEX", "SLV"))
    assert labor.proposed_deletions[0].text == "by employers and migrants"
    assert labor.to_dict()["proposed_deletions"][0]["new_start"] == labor.new_text.index(
        "by employers and migrants")


def test_the_api_never_reads_a_missing_path_as_text(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"2015-11\.tx: no such file"):
        redline.compare("revisions/2015-11.tx", REVISIONS / "2016-01.txt")
    with pytest.raises(FileNotFoundError):
        redline.load(str(tmp_path / "draft.txt"))
    with pytest.raises(TypeError):
        redline.compare_texts(REVISIONS / "2015-11.txt", "text")


# however the punctuation falls around a marker closing the proposed words
CLOSINGS = [" (Proposed by US- 4-16-2015).", ". (Proposed by US- 4-16-2015)",
            "(Proposed by US- 4-16-2015).", " (Proposed by US- 4-16-2015) .",
            " (Proposed by US- 4-16-2015);", ";(Proposed by US- 4-16-2015)",
            " (Proposed by US- 4-16-2015),", " (Proposed by US- 4-16-2015)”.",
            "”(Proposed by US- 4-16-2015)", " (Proposed by US- 4-16-2015)].",
            " (Proposed by US- 4-16-2015)) ;"]


@pytest.mark.parametrize("closing", CLOSINGS)
def test_a_marker_before_or_after_the_closing_punctuation_credits_a_new_paragraph(closing):
    old = "1. Promote the rights of migrants.\n"
    new = old + "2. Protect migrants against abuse entirely" + closing + "\n"
    (_, inserted) = redline.compare_texts(old, new).paragraphs
    (c,) = inserted.changes
    assert inserted.status == "inserted" and c.new_text.startswith("Protect migrants")
    assert (c.delegations, c.date, c.rule) == (("USA",), "2015-04-16", "follows")


@pytest.mark.parametrize("closing", CLOSINGS)
def test_a_marker_before_or_after_the_closing_punctuation_credits_inserted_words(closing):
    old = "1. Promote the rights of migrants.\n"
    new = "1. Promote the rights of migrants entirely" + closing + "\n"
    (p,) = redline.compare_texts(old, new).paragraphs
    (c,) = p.changes
    assert "entirely" in c.new_text
    assert (c.delegations, c.date, c.rule) == (("USA",), "2015-04-16", "follows")


def test_punctuation_after_a_marker_never_reaches_past_a_sentence_break():
    """Words after the marker's sentence are not its words: `... (Proposed by US ...). Also
    families.` keeps `Also families` out of the US proposal unless nothing else explains it."""
    old = "1. Promote the rights of migrants.\n"
    new = ("1. Promote the rights of migrants. Protect children (Proposed by US- 4-16-2015). "
           "Also families (Proposed by CAN- 4-16-2015).\n")
    (p,) = redline.compare_texts(old, new).paragraphs
    got = {c.new_text.strip(" ."): c.delegations for c in p.changes}
    assert got == {"Protect children": ("USA",), "Also families": ("CAN",)}
