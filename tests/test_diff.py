"""Word-level diff: whole words, and lossless in both directions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from synth import corpus_paragraphs

from redline.compare.diff import apply, edits, revert
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
