"""The faster aligner pairs exactly as the aligner before issue 13 did (tests/align_before.py).

Its shortcuts (scores computed once per pair of distinct texts, splits ruled out by lengths,
a chain instead of a scan for crossings) must never change a pair: hypothesis drafts full of
repeated and near-repeated paragraphs, and near-duplicate drafts large enough for the gaps to
be blocked by rare words, are aligned by both and compared pair by pair.
"""

from __future__ import annotations

import pytest
from align_before import align as align_before
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synth import near_duplicate_pair

from redline.api import load_text
from redline.compare.align import align
from tests.conftest import REVISIONS

BASES = [
    "Promote the exchange of best practices among member states on the protection of migrants",
    "Strengthen cooperation with civil society organizations and other social actors",
    "Consider the signing and ratification of all inter-American human rights instruments",
    "Urge the organs agencies and entities of the Organization to take into account this Program",
    "The Program actors are listed below without prejudice to the inclusion of others",
    "Parties shall cooperate as follows:",
    "Option 1: Parties shall cooperate as follows through the exchange of information",
    "Option 2:",
    "GENERAL OBJECTIVES",
]
WORDS = ["regional", "national", "effective", "migrant", "workers", "families", "Program"]


@st.composite
def paragraph(draw) -> str:
    """A base paragraph, possibly a word changed, inserted or dropped, possibly labelled."""
    words = draw(st.sampled_from(BASES)).split()
    for _ in range(draw(st.integers(0, 2))):
        k = draw(st.integers(0, len(words) - 1))
        op = draw(st.sampled_from(["swap", "insert", "drop"]))
        if op == "swap":
            words[k] = draw(st.sampled_from(WORDS))
        elif op == "insert":
            words.insert(k, draw(st.sampled_from(WORDS)))
        elif len(words) > 3:
            del words[k]
    label = draw(st.sampled_from(["", "", "", "3. ", "18. ", "B. ", "V. "]))
    return label + " ".join(words)


def edit(draw, old: list[str]) -> list[str]:
    """A new version: paragraphs kept, edited, dropped, inserted, moved, split or joined."""
    new: list[str] = []
    for text in old:
        op = draw(st.sampled_from(["keep", "keep", "keep", "edit", "drop", "insert", "split",
                                   "join"]))
        if op == "edit":
            new.append(draw(paragraph()))
        elif op == "insert":
            new += [text, draw(paragraph())]
        elif op == "split" and len(text.split()) > 10:
            words = text.split()
            new += [" ".join(words[:len(words) // 2]), " ".join(words[len(words) // 2:])]
        elif op == "join" and new:
            new[-1] = new[-1] + " " + text
        elif op != "drop":
            new.append(text)
    if len(new) > 2 and draw(st.booleans()):  # a move
        k = draw(st.integers(0, len(new) - 1))
        new.insert(draw(st.integers(0, len(new) - 1)), new.pop(k))
    return new


@st.composite
def drafts(draw) -> tuple[str, str]:
    old = draw(st.lists(paragraph(), min_size=0, max_size=30))
    return "\n\n".join(old) + "\n", "\n\n".join(edit(draw, old)) + "\n"


def pairs(found) -> list[tuple]:
    return [(p.old, p.new, p.status, p.match, p.score) for p in found]


def same_alignment(old_text: str, new_text: str) -> None:
    a, b = load_text(old_text), load_text(new_text)
    for xs, ys in ((a.body, b.body), (a.footnotes, b.footnotes)):
        assert pairs(align(xs, ys)) == pairs(align_before(xs, ys))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_same_pairs_as_before_on_repetitive_drafts(texts):
    same_alignment(*texts)


@pytest.mark.parametrize(("seed", "copy_words", "vary_rate"),
                         [(1, 2, 0.0), (2, 0, 0.0), (3, 2, 0.3), (4, 1, 1.0)])
def test_same_pairs_as_before_on_near_duplicate_drafts(seed, copy_words, vary_rate):
    old, new = near_duplicate_pair(REVISIONS, 150_000, seed, copy_words=copy_words,
                                   vary_rate=vary_rate)
    same_alignment(old, new)
