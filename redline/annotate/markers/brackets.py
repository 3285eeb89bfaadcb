"""Bracket groups in a paragraph and the bookkeeping of nested markers.

Drafts nest brackets and leave them unbalanced; every function here does work about linear in
the paragraph (a closer looks a bounded depth down the open brackets, an unclosed opener a
bounded distance ahead), and the groups it returns are bounded so that reading each one's inside
stays linear too: hostile nesting keeps only its outer and inner layers, and a paragraph yields
at most MAX_GROUPS groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.dates import DATE_RE
from redline.model import Annotation

OPENERS = {"(": ")", "[": "]"}
CLOSERS = {")": "(", "]": "["}
MAX_DEPTH = 16  # how far down the open brackets a closer looks for its opener
UNCLOSED_REACH = 300  # an opener never closed ends at a date this close, or is no marker
MAX_UNCLOSED = 200  # unclosed openers considered in one paragraph
MAX_NESTING = 8  # a closed group is read when fewer groups than this enclose it, or it
# encloses no chain this deep: a position lies in at most 2 * MAX_NESTING groups read
MAX_GROUPS = 10_000  # groups read in one paragraph (the first, by position)
_BRACKET_RE = re.compile(r"[()\[\]]")
_CLOSE_AFTER_RE = re.compile(r"\s*[)\]]")


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
    or is ignored when it has none. Hostile nesting is bounded: of a chain of closed groups
    deeper than MAX_NESTING, only the outer and inner MAX_NESTING are kept, so the insides of
    the groups returned add up to at most 2 * MAX_NESTING times the text; and at most
    MAX_GROUPS groups are returned.
    """
    groups: list[Group] = []
    heights: list[int] = []  # of each closed group: the longest chain of groups inside it
    stack: list[list] = []  # [bracket, offset, height of the highest group closed inside]
    for m in _BRACKET_RE.finditer(raw, lo, hi):
        i, ch = m.start(), m.group()
        if ch in OPENERS:
            stack.append([ch, i, -1])
        else:
            want = CLOSERS[ch]
            for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - MAX_DEPTH), -1):
                if stack[depth][0] == want:
                    s = stack[depth][1]
                    h = max(e[2] for e in stack[depth:]) + 1
                    del stack[depth:]
                    if stack and stack[-1][2] < h:
                        stack[-1][2] = h
                    groups.append(Group(s, i + 1, s + 1, i, True))
                    heights.append(h)
                    break
    if len(groups) > MAX_NESTING and max(heights) >= 2 * MAX_NESTING:
        groups = _shallow_or_low(groups, heights)
    for _, s, _ in stack[:MAX_UNCLOSED]:
        m = DATE_RE.search(raw, s + 1, min(hi, s + UNCLOSED_REACH))
        if m:
            nxt = _CLOSE_AFTER_RE.match(raw, m.end(), hi)
            end = nxt.end() if nxt else m.end()
            groups.append(Group(s, end, s + 1, m.end(), False))
    if len(groups) > MAX_GROUPS:
        first = set(sorted(g.start for g in groups)[:MAX_GROUPS])
        groups = [g for g in groups if g.start in first]
    return groups


def _shallow_or_low(groups: list[Group], heights: list[int]) -> list[Group]:
    """The closed groups (laminar) with depth or height below MAX_NESTING, in the same order."""
    keep = [h < MAX_NESTING for h in heights]
    open_: list[Group] = []  # the chain of groups enclosing the current one
    for k in sorted(range(len(groups)), key=lambda k: (groups[k].start, -groups[k].end)):
        g = groups[k]
        while open_ and open_[-1].end <= g.start:
            open_.pop()
        keep[k] = keep[k] or len(open_) < MAX_NESTING
        open_.append(g)
    return [g for g, k in zip(groups, keep, strict=True) if k]


def closing_after(raw: str, ats: list[int], opener: str = "[", closer: str = "]") -> list[int]:
    """For each offset in `ats`: just past the first `closer` that closes a bracket opened
    before it (more closers than openers since the offset), or -1. One pass for all offsets.
    """
    order = sorted(range(len(ats)), key=ats.__getitem__)
    out = [-1] * len(ats)
    waiting: dict[int, list[int]] = {}  # balance at which a query's bracket closes -> queries
    balance, q = 0, 0
    for m in re.finditer(f"[{re.escape(opener)}{re.escape(closer)}]", raw):
        while q < len(order) and ats[order[q]] <= m.start():
            waiting.setdefault(balance - 1, []).append(order[q])
            q += 1
        balance += 1 if m.group() == opener else -1
        if m.group() == closer:
            for k in waiting.pop(balance, ()):
                out[k] = m.end()
    return out


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
    return a.moved(offset)
