"""Diff: word-level changes inside one aligned pair of clean texts.

Each text is cut into spaCy tokens and the spaces between them; every distinct unit becomes one
character, diff-match-patch diffs the two character strings, and its semantic cleanup merges
small islands of equality so that a change reads as whole words and phrases. Offsets refer to
the clean texts, and applying the changes to the old text gives the new one exactly.
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


def word_diff(old: str, new: str, language: str = "en") -> list[tuple[int, str]]:
    """diff-match-patch style ops (-1 delete, 0 equal, 1 insert) over whole words."""
    if old == new:
        return [(0, old)] if old else []
    head, tail = _common_ends(old, new)
    mid_old, mid_new = old[head:len(old) - tail], new[head:len(new) - tail]
    ops = _diff_words(mid_old, mid_new, language)
    if head:
        ops.insert(0, (0, old[:head]))
    if tail:
        ops.append((0, old[len(old) - tail:]))
    merged: list[tuple[int, str]] = []
    for op, text in ops:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    return merged


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


def _diff_words(old: str, new: str, language: str) -> list[tuple[int, str]]:
    """Word-level ops between two texts (the changed middle of a paragraph)."""
    if not old or not new:
        return [(-1, old)] if old else [(1, new)] if new else []
    if len(old) + len(new) > HUGE:  # a pathological paragraph: diff whole sentences instead
        ua, ub = _SENTENCE_RE.findall(old), _SENTENCE_RE.findall(new)
    else:
        ua, ub = units(old, language), units(new, language)
    if len(ua) * len(ub) > MAX_CELLS:
        ua, ub = _SENTENCE_RE.findall(old), _SENTENCE_RE.findall(new)
    if len(ua) * len(ub) > MAX_CELLS:  # bounded work on hostile input: one replacement
        return [(-1, old), (1, new)]
    table: dict[str, str] = {}
    ca, cb = _chars(ua, table), _chars(ub, table)
    back = {c: u for u, c in table.items()}
    diffs = _DMP.diff_main(ca, cb, False)
    _DMP.diff_cleanupSemantic(diffs)
    ops: list[tuple[int, str]] = []
    for op, chars in diffs:
        text = "".join(back[c] for c in chars)
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))
    return ops


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
