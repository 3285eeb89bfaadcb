"""Hostile text: bracket soups and deep nesting are read without errors, offsets stay in bounds.

Speed on hostile text is a benchmark (`bench/hostile.py`), never a timed test.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.annotate.markers.brackets import MAX_NESTING, bracket_groups, closing_after
from redline.api import load_text

PIECES = [
    "(", ")", "[", "]", "{", "}", "(", ")", "[", "]",
    "Agreed", "Pending", "PENDING", "Approved", "ad referendum", "propose", "oppose", "support",
    "Proposed by", "ALT PROPOSAL BY", "rescinds", "Negotiators' Note", "IM", "IM-",
    "US", "CAN", "MEX", "VEN", "PY-CR", "BR/ARG", "AA/BB", "CHAIR - CAM",
    "4-16-2015", "11-5-2015", "12/07/2015", "1-19-16",
    ":", ";", ",", ".", " ", " ", "  ", "\t", "\n", "\n\n",
    "a", "the", "Parties", "shall", "x",
]
CONVENTIONS = ["auto", "oas", "un", "trade"]

soups = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


def check(text: str, conventions: str = "auto") -> None:
    """Load `text`; every annotation lies in its paragraph and its text is the raw slice."""
    doc = load_text(text + "\n", conventions=conventions)
    for p in doc.paragraphs:
        raw = p.raw
        for a in p.annotations:
            assert 0 <= a.start <= a.end <= len(raw), (a, raw)
            assert raw[a.start:a.end] == a.text, (a, raw)
            for ks, ke in a.kept:
                assert 0 <= ks <= ke <= len(raw), (a, raw)


@settings(max_examples=300, deadline=None)
@given(soups, st.sampled_from(CONVENTIONS))
def test_bracket_soup_never_raises(text: str, conventions: str) -> None:
    check(text, conventions)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 60), st.booleans(), st.sampled_from(["(", "[", "(["]))
def test_nesting_around_a_marker(depth: int, closed: bool, opener: str) -> None:
    closer = "".join({"(": ")", "[": "]"}[c] for c in reversed(opener))
    check("Text " + opener * depth + "Agreed IM 11-5-2015" + (closer * depth if closed else ""))


def test_deep_nesting_is_read() -> None:
    """20,000 nested brackets, closed or not: read, and a marker is still found when closed."""
    for closed in (True, False):
        text = "Text " + "(" * 20_000 + "Agreed IM 11-5-2015" + (")" * 20_000 if closed else "")
        check(text)
    doc = load_text("Text " + "(" * 20_000 + "Agreed IM 11-5-2015" + ")" * 20_000 + " end.\n")
    assert any(a.status for p in doc.paragraphs for a in p.annotations)


def test_nested_groups_are_bounded() -> None:
    """Of a deep chain only the outer and inner layers are read: their insides stay linear."""
    raw = "(" * 5_000 + "x" + ")" * 5_000
    groups = bracket_groups(raw, 0, len(raw))
    assert len(groups) == 2 * MAX_NESTING
    assert sum(g.inner_end - g.inner_start for g in groups) <= 2 * MAX_NESTING * len(raw)
    shallow = "(" * MAX_NESTING + "x" + ")" * MAX_NESTING  # ordinary nesting: every group
    assert len(bracket_groups(shallow, 0, len(shallow))) == MAX_NESTING


def _closing(raw: str, at: int) -> int:
    depth = 0
    for m in re.finditer(r"[\[\]]", raw[at:]):
        if m.group() == "[":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return at + m.end()
    return -1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]a ", max_size=60), st.lists(st.integers(0, 60), max_size=8))
def test_closing_after_matches_a_scan(raw: str, ats: list[int]) -> None:
    ats = [min(a, len(raw)) for a in ats]
    assert closing_after(raw, ats) == [_closing(raw, a) for a in ats]
