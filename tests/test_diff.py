"""Word-level diff: whole words, and lossless in both directions."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from synth import corpus_paragraphs

import redline
from redline.compare.diff import apply, edits, revert
from redline.compare.tokens import units
from redline.render import render
from tests.conftest import REVISIONS

PARAS = corpus_paragraphs(REVISIONS / "2016-01.txt")
WORDS = sorted({w for p in PARAS for w in p.split()})


def test_changes_are_whole_words():
    old = "Make the best efforts to secure compliance with labor laws."
    new = "Make the best efforts to ensure compliance with labor laws."
    (e,) = edits(old, new)
    assert (e.kind, e.old_text, e.new_text) == ("replace", "secure", "ensure")


def test_insertion_offsets():
    old = "persons with disabilities, and any other vulnerable groups."
    new = "persons with disabilities, LGBTI persons and any other vulnerable groups."
    (e,) = edits(old, new)
    assert e.kind == "insert" and new[e.new_start:e.new_end].strip() == "LGBTI persons"


def one(old: str, new: str) -> tuple[str, str, str, str]:
    """The single edit from old to new: kind, old text, new text, new text up to the edit."""
    (e,) = edits(old, new)
    assert apply(old, [e]) == new and revert(new, [e]) == old
    return e.kind, e.old_text, e.new_text, new[:e.new_start]


def test_insertion_extends_the_phrase_to_the_clause_end():
    old = "Take measures to prevent deportation."
    new = "Take measures to prevent deportation, including all forms of mass deportation."
    assert one(old, new) == ("insert", "", ", including all forms of mass deportation",
                             "Take measures to prevent deportation")


def test_inserted_list_item_reads_as_a_whole_item():
    """`civil society, ` before `the private sector`: an item is written with its comma, so
    the edit starts at a word after `, ` and ends after `, ` (the rightmost of the best)."""
    old = "the States, the private sector and civil society"
    new = "the States, civil society, the private sector and civil society"
    assert one(old, new) == ("insert", "", "civil society, ", "the States, ")


def test_inserted_and_clause_starts_and_ends_at_clause_marks():
    old = "Protect migrants, and promote their integration."
    new = "Protect migrants, and their families, and promote their integration."
    assert one(old, new) == ("insert", "", "and their families, ", "Protect migrants, ")
    old = "Promote the rights of migrants."
    new = "Promote the rights of migrants, and of their families."
    assert one(old, new) == ("insert", "", ", and of their families",
                             "Promote the rights of migrants")


def test_repeated_word_deletion_takes_the_second_one():
    assert one("Promote the the rights.", "Promote the rights.") == (
        "delete", "the ", "", "Promote the ")


def test_changes_at_the_start_and_end_of_a_paragraph():
    assert one("Promote rights.", "Promote rights. Promote rights.") == (
        "insert", "", " Promote rights.", "Promote rights.")
    assert one("Report annually. Report annually.", "Report annually.") == (
        "delete", " Report annually.", "", "Report annually.")
    assert one("Report. Promote the rights.", "Promote the rights.") == (
        "delete", "Report. ", "", "")
    assert one("rights of migrants.", "rights of migrants and rights of migrants.") == (
        "insert", "", " and rights of migrants", "rights of migrants")


def test_replacements_share_no_end_words_and_split_none():
    assert one("Parties [shall] act", "Parties [shall][should] act") == (
        "insert", "", "[should]", "Parties [shall]")
    assert one("Parties cannot act", "Parties can act") == (
        "replace", "cannot", "can", "Parties ")


def test_white_space_runs_and_long_repeats_stay_exact():
    """A changed run of spaces; a repeat longer than the window a change may slide over."""
    for old, new in (("a  b", "a b"), (" a", "a"), ("x " * 3000 + "end.", "x " * 3001 + "end."),
                     ("go " * 2000, "go " * 1000 + "on " + "go " * 1000)):
        changes = edits(old, new)
        assert apply(old, changes) == new and revert(new, changes) == old


def test_end_to_end_redline_reads_naturally():
    old = ("1. Take measures to prevent deportation.\n"
           "2. Promote cooperation among the States, the private sector and civil society.\n")
    new = ("1. Take measures to prevent deportation, including all forms of mass deportation.\n"
           "2. Promote cooperation among the States, civil society, the private sector and civil"
           " society.\n")
    cmp = redline.compare_texts(old, new)
    assert [(c.kind, c.new_text) for _, c in cmp.changes] == [
        ("insert", ", including all forms of mass deportation"), ("insert", "civil society, ")]
    text = render(cmp, "text")
    assert "deportation{+, including all forms of mass deportation+}." in text
    assert "the States, {+civil society, +}the private sector" in text


@st.composite
def edited(draw):
    para = draw(st.sampled_from(PARAS))
    words = para.split(" ")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["ins", "del", "rep", "punct"]))
        k = draw(st.integers(0, max(0, len(words) - 1)))
        if op == "ins":
            words.insert(k, draw(st.sampled_from(WORDS)))
        elif op == "del" and len(words) > 1:
            del words[k]
        elif op == "rep":
            words[k] = draw(st.sampled_from(WORDS))
        else:
            words[k] = words[k] + draw(st.sampled_from([",", ";", ".", " (", "”"]))
    return para, " ".join(words)


@settings(max_examples=150, deadline=None)
@given(edited())
def test_lossless(pair):
    old, new = pair
    changes = edits(old, new)
    assert apply(old, changes) == new
    assert revert(new, changes) == old
    for e in changes:
        assert old[e.old_start:e.old_end] == e.old_text
        assert new[e.new_start:e.new_end] == e.new_text


SMALL = ["the", "the", "States", "rights", "of", "migrants", "and", "civil", "society", ",",
         ",", ";", ".", ":", "(a)", "[shall]", "[should]", "don't"]


def _words(draw) -> str:
    ws = draw(st.lists(st.sampled_from(SMALL), max_size=14))
    return "".join(w if w in ",;.:" else " " + w for w in ws).strip()


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_slid_edits_are_exact_and_never_inside_a_word(data):
    """Random word sequences with many repeats (so that edits slide): applying the edits gives
    the new text exactly, and no edit starts or ends between two letters or digits."""
    old = _words(data.draw)
    new = data.draw(st.sampled_from([_words(data.draw), old + " " + _words(data.draw),
                                     _words(data.draw) + " " + old]))
    changes = edits(old, new)
    assert apply(old, changes) == new and revert(new, changes) == old
    for e in changes:
        assert (old[e.old_start:e.old_end], new[e.new_start:e.new_end]) == (e.old_text, e.new_text)
        for text, at in (old, e.old_start), (old, e.old_end), (new, e.new_start), (new, e.new_end):
            assert not (0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum())
        if e.kind == "replace":  # no word both sides share at either end
            a, b = units(e.old_text), units(e.new_text)
            assert a[0] != b[0] and a[-1] != b[-1]
    assert all(a.old_end < b.old_start for a, b in itertools.pairwise(changes))  # kept apart


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_lossless_on_any_text(old, new):
    changes = edits(old, new)
    assert apply(old, changes) == new and revert(new, changes) == old


def test_work_is_bounded_on_a_hostile_paragraph():
    """Two long unrelated paragraphs: a coarser (sentence) diff, still exact, never a hang."""
    import random

    rng = random.Random(3)
    vocab = WORDS[:40]

    def para(n):
        return " ".join(rng.choice(vocab) + ("." if rng.random() < 0.05 else "")
                        for _ in range(n))

    old, new = para(6000), para(6000)
    changes = edits(old, new)
    assert apply(old, changes) == new and revert(new, changes) == old
