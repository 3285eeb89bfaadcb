"""Annotating a draft that repeats itself: each distinct text is parsed once (issue 13), and
every copy reads exactly as it would alone."""

from __future__ import annotations

from redline.annotate.document import grammar_for
from redline.api import load_text

RAW = ("Strengthen cooperation with civil society (VEN and other social actors, IM-11-5-2015)"
       " and the private sector. (Agreed IM 11-5-2015)")


def test_parse_is_remembered_but_never_shared():
    g = grammar_for()
    first = g.parse(RAW)
    assert [a.kind for a in first] == ["proposal", "status"]
    first.clear()  # a caller's list is its own
    again = g.parse(RAW)
    assert again == grammar_for().parse(RAW) and len(again) == 2
    shifted = g.parse(RAW, offset=10)
    assert [(a.start, a.end) for a in shifted] == [(a.start + 10, a.end + 10) for a in again]


def test_repeated_paragraphs_read_as_each_alone():
    text = f"1. {RAW}\n\nA lead paragraph.\n\n2. {RAW}\n\n1. {RAW}\n"
    doc = load_text(text)
    alone = load_text(f"1. {RAW}\n").body[0]
    copies = [p for p in doc.body if p.raw == RAW]
    assert len(copies) == 3
    for p in copies:
        assert (p.clean, p.annotations, p.clean_runs, p.marker_points) == (
            alone.clean, alone.annotations, alone.clean_runs, alone.marker_points)
    assert [p.address for p in doc.body] == ["1", "¶1", "2", "1#2"]
