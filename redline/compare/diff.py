"""Diff: word-level changes inside one aligned pair of clean texts.

Each text is cut into spaCy tokens and the spaces between them; every distinct unit becomes one
character, diff-match-patch diffs the two character strings, and its semantic cleanup merges
small islands of equality so that a change reads as whole words and phrases (and no
replacement keeps words its two sides share at either end). Then an insertion or deletion that
could sit at several places, its words repeating those beside it, slides to where its
boundaries read best. Offsets refer to the clean texts, and applying the changes to the old
text gives the new one exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from redline.compare.tokens import units


@dataclass(frozen=True, slots=True)
class Edit:
    """One change between two clean texts: old[old_start:old_end] -> new[new_start:new_end]."""

    kind: str  # insert, delete, replace
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str


def _encoder():
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no time limit: the same input always gives the same diff
    return dmp


_DMP = _encoder()
HUGE = 200_000  # characters in one changed paragraph beyond which words are too fine a unit
MAX_CELLS = 4_000_000  # units(old) x units(new) beyond which the diff could take long
_SENTENCE_RE = re.compile(r"[^.;!?]*[.;!?]+\s*|[^.;!?]+$")
_SPACE_RE = re.compile(r"\s")
SLIDE_WINDOW = 2_000  # characters of unchanged text around a change that it may slide into
_CLAUSE = frozenset(",;:.!?")
_OPENERS, _CLOSERS = frozenset("([{“"), frozenset(")]}”")


def _chars(seq: list[str], table: dict[str, str]) -> str:
    out = []
    for u in seq:
        c = table.get(u)
        if c is None:
            n = len(table) + 0x100
            if n >= 0xD800:
                n += 0x800  # skip the surrogate range
            c = chr(n)
            table[u] = c
        out.append(c)
    return "".join(out)


Ops = list[tuple[int, list[str]]]  # (op, units): -1 delete, 0 equal, 1 insert


def word_diff(old: str, new: str, language: str = "en") -> list[tuple[int, str]]:
    """diff-match-patch style ops (-1 delete, 0 equal, 1 insert) over whole words."""
    if old == new:
        return [(0, old)] if old else []
    head, tail = _common_ends(old, new)
    mid_old, mid_new = old[head:len(old) - tail], new[head:len(new) - tail]
    ops = [(0, _edge_units(old[:head], language, head=True)),
           *_diff_words(mid_old, mid_new, language),
           (0, _edge_units(old[len(old) - tail:], language, head=False))]
    return [(op, "".join(us)) for op, us in _slide(_normal(ops))]


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix, cut at white space so no word is split."""
    n = min(len(old), len(new))
    head = 0
    while head < n and old[head] == new[head]:
        head += 1
    while head > 0 and not old[head - 1].isspace():
        head -= 1
    tail = 0
    while tail < n - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while tail > 0 and not old[len(old) - tail].isspace():
        tail -= 1
    return head, tail


def _edge_units(text: str, language: str, head: bool) -> list[str]:
    """Units of an unchanged end of the text; what lies beyond SLIDE_WINDOW characters from the
    change stays one unit (a change never slides that far, and it is not tokenized)."""
    if len(text) <= SLIDE_WINDOW:
        return units(text, language)
    if head:
        at = _SPACE_RE.search(text, len(text) - SLIDE_WINDOW)
        return [text[:at.start()], *units(text[at.start():], language)] if at else [text]
    at = max((m.end() for m in _SPACE_RE.finditer(text, 0, SLIDE_WINDOW)), default=0)
    return [*units(text[:at], language), text[at:]] if at else [text]


def _diff_words(old: str, new: str, language: str) -> Ops:
    """Word-level ops between two texts (the changed middle of a paragraph)."""
    if not old or not new:
        return [(-1, [old])] if old else [(1, [new])] if new else []
    if len(old) + len(new) > HUGE:  # a pathological paragraph: diff whole sentences instead
        ua, ub = _SENTENCE_RE.findall(old), _SENTENCE_RE.findall(new)
    else:
        ua, ub = units(old, language), units(new, language)
    if len(ua) * len(ub) > MAX_CELLS:
        ua, ub = _SENTENCE_RE.findall(old), _SENTENCE_RE.findall(new)
    if len(ua) * len(ub) > MAX_CELLS:  # bounded work on hostile input: one replacement
        return [(-1, [old]), (1, [new])]
    table: dict[str, str] = {}
    ca, cb = _chars(ua, table), _chars(ub, table)
    back = {c: u for u, c in table.items()}
    diffs = _DMP.diff_main(ca, cb, False)
    _DMP.diff_cleanupSemantic(diffs)
    return [(op, [back[c] for c in chars]) for op, chars in diffs]


def _normal(ops: Ops) -> Ops:
    """Drop empty ops and join neighbours: between two equalities, one delete, then one insert."""
    out: Ops = []
    dels: list[str] = []
    ins: list[str] = []
    for op, us in [*ops, (0, [])]:
        if op:
            (dels if op < 0 else ins).extend(us)
            continue
        if dels:
            out.append((-1, dels))
        if ins:
            out.append((1, ins))
        dels, ins = [], []
        if us and out and out[-1][0] == 0:
            out[-1] = (0, out[-1][1] + us)
        elif us:
            out.append((0, us))
    return out


def _slide(ops: Ops) -> Ops:
    """Move each lone insertion or deletion, over the equal units it repeats, to the place
    whose two boundaries read best (`_cut`); on a tie, the rightmost. At least one equal unit
    stays between two changes, so that no change merges with another."""
    ops = ([] if ops and not ops[0][0] else [(0, [])]) + ops
    ops += [(0, [])] if ops[-1][0] else []
    for k in range(1, len(ops) - 1):
        op, edit = ops[k]
        if not op or ops[k - 1][0] or ops[k + 1][0]:
            continue  # an equality, or one side of a replacement
        before, after = ops[k - 1][1], ops[k + 1][1]
        if before[-1:] != edit[-1:] and after[:1] != edit[:1]:
            continue  # nowhere to go
        s, m, at = before + edit + after, len(edit), len(before)
        first = 1 if k > 1 else 0  # the paragraph's start, or one unit after the last change
        last = len(s) - (1 if k + 2 < len(ops) else 0)
        lo = hi = at
        while lo > first and s[lo - 1] == s[lo - 1 + m]:
            lo -= 1
        while hi + m < last and s[hi] == s[hi + m]:
            hi += 1
        best = max(range(lo, hi + 1), key=lambda p: (_cut(s, p) + _cut(s, p + m), p))
        ops[k - 1:k + 2] = [(0, s[:best]), (op, s[best:best + m]), (0, s[best + m:])]
    return [(op, us) for op, us in ops if us]


def _cut(s: list[str], k: int) -> int:
    """How well a change's boundary just before unit s[k] reads: the higher, the better."""
    if k == len(s):
        return 6  # the end of the paragraph
    if k == 0:
        return 2  # its start: a word start like any other
    left, right = s[k - 1][-1], s[k][0]
    if left.isspace():
        if right.isspace():
            return 0
        return 4 if k > 1 and s[k - 2][-1] in _CLAUSE else 2  # a word start, best after `, `
    if right in _CLAUSE:
        return 3  # just before a clause mark: `deportation|, including ...`
    if right.isspace() or left in _CLOSERS or right in _OPENERS:
        return 2 if left in _CLAUSE else 1  # a word end, better after a clause mark
    return -10 if left.isalnum() and right.isalnum() else 0  # inside a word; inside a token


def edits(old: str, new: str, language: str = "en") -> list[Edit]:
    """The changes from old to new, adjacent delete+insert joined into a replace."""
    out: list[Edit] = []
    i = j = 0
    pend_del: tuple[int, int] | None = None
    pend_ins: tuple[int, int] | None = None

    def flush() -> None:
        nonlocal pend_del, pend_ins
        if pend_del is None and pend_ins is None:
            return
        os_, oe = pend_del or (i, i)
        ns, ne = pend_ins or (j, j)
        kind = "replace" if pend_del and pend_ins else ("delete" if pend_del else "insert")
        out.append(Edit(kind, os_, oe, ns, ne, old[os_:oe], new[ns:ne]))
        pend_del = pend_ins = None

    for op, text in word_diff(old, new, language):
        n = len(text)
        if op == 0:
            flush()
            i += n
            j += n
        elif op == -1:
            pend_del = (pend_del[0], i + n) if pend_del else (i, i + n)
            i += n
        else:
            pend_ins = (pend_ins[0], j + n) if pend_ins else (j, j + n)
            j += n
    flush()
    return out


def apply(old: str, changes: list[Edit]) -> str:
    """Apply edits to the old text: gives the new text."""
    return _rebuild(old, [(e.old_start, e.old_end, e.new_text) for e in changes])


def revert(new: str, changes: list[Edit]) -> str:
    """Undo edits on the new text: gives the old text."""
    return _rebuild(new, [(e.new_start, e.new_end, e.old_text) for e in changes])


def _rebuild(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, replacement in spans:
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)
