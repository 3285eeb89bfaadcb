"""Bracket groups in a paragraph and the bookkeeping of nested markers.

Drafts nest brackets and leave them unbalanced; every function here does work about linear in
the paragraph (a closer looks a bounded depth down the open brackets, an unclosed opener a
bounded distance ahead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from redline.dates import DATE_RE
from redline.model import Annotation

OPENERS = {"(": ")", "[": "]"}
CLOSERS = {")": "(", "]": "["}
MAX_DEPTH = 16  # how far down the open brackets a closer looks for its opener
UNCLOSED_REACH = 300  # an opener never closed ends at a date this close, or is no marker
MAX_UNCLOSED = 200  # unclosed openers considered in one paragraph
_BRACKET_RE = re.compile(r"[()\[\]]")


@dataclass
class Group:
    """One bracketed group: `raw[start:end]`, its inside `raw[inner_start:inner_end]`."""

    start: int  # offset of the opening bracket
    end: int  # offset just past the closing bracket (or the end of the marker if unclosed)
    inner_start: int
    inner_end: int
    closed: bool


def bracket_groups(raw: str, lo: int, hi: int) -> list[Group]:
    """Bracket groups in raw[lo:hi], outermost and innermost, tolerating bad nesting.

    An opener never closed ends after its first date (`(US requests ... 4-24-2015 (Agreed`),
    or is ignored when it has none.
    """
    groups: list[Group] = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_RE.finditer(raw, lo, hi):
        i, ch = m.start(), m.group()
        if ch in OPENERS:
            stack.append((ch, i))
        elif ch in CLOSERS:
            for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - MAX_DEPTH), -1):
                if stack[depth][0] == CLOSERS[ch]:
                    _, s = stack[depth]
                    del stack[depth:]
                    groups.append(Group(s, i + 1, s + 1, i, True))
                    break
    for _, s in stack[:MAX_UNCLOSED]:
        m = DATE_RE.search(raw, s + 1, min(hi, s + UNCLOSED_REACH))
        if m:
            nxt = re.match(r"\s*[)\]]", raw[m.end():hi])
            end = m.end() + (nxt.end() if nxt else 0)
            groups.append(Group(s, end, s + 1, m.end(), False))
    return groups


def drop_nested(found: list[Annotation]) -> list[Annotation]:
    """Drop a marker lying inside another's removed part; keep those inside kept words.

    One sweep in order of position, with the markers still open on a stack.
    """
    out: list[Annotation] = []
    open_: list[Annotation] = []
    for a in sorted(found, key=lambda a: (a.start, -a.end)):
        while open_ and open_[-1].end <= a.start:
            open_.pop()
        inside = any(b.start <= a.start and a.end <= b.end and (b.start, b.end) != (a.start, a.end)
                     and not any(ks <= a.start and a.end <= ke for ks, ke in b.kept)
                     for b in open_[-8:])
        if not inside:
            out.append(a)
        open_.append(a)
    return out


def without(raw: str, lo: int, hi: int, inner: list[Annotation]) -> str:
    """raw[lo:hi] without the inner markers (but with the words they carry)."""
    out, pos = [], lo
    for a in sorted(inner, key=lambda a: a.start):
        out.append(raw[pos:a.start])
        out.extend(raw[ks:ke] for ks, ke in a.kept)
        pos = a.end
    out.append(raw[pos:hi])
    return re.sub(r"\s+([,.;:)\]])", r"\1", " ".join(" ".join(out).split()))


def shift(a: Annotation, offset: int) -> Annotation:
    """The annotation moved `offset` characters on."""
    return replace(a, start=a.start + offset, end=a.end + offset,
                   kept=tuple((s + offset, e + offset) for s, e in a.kept))
