"""Align: pair the paragraphs of two versions.

Passes, each recorded on the pair it makes:
1. `exact`: unique identical clean texts, kept in order (patience diff over paragraphs), and
   identical leading/trailing runs; applied again inside every gap between anchors.
2. `label`: inside a gap, the same section-qualified label (`V.B.18`) and similar text.
3. `similar`: inside a gap, the most similar texts (rapidfuzz), in order, without crossing.
4. `split`/`merge`: inside a gap, one paragraph whose text is two neighbours' joined.
5. `move`: what is left, across the whole document, only on strong evidence: identical text
   or near-identical long text with no rival candidate. A false move is worse than a missed one.

Work stays near-linear: exact matching is by hash, similarity is computed only inside gaps, and
a large gap is blocked by shared rare words before any score is computed.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from redline.model import Paragraph

# Similarity is rapidfuzz's normalized Indel ratio over *word sequences* (0-100): unrelated
# paragraphs of one text share few words in order and score low, unlike a character ratio.
LABEL_MIN = 50.0  # same label: pair when at least this similar
SIMILAR_MIN = 55.0  # no label: pair when at least this similar
MOVE_MIN = 92.0  # a move needs near-identical text ...
MOVE_MIN_CHARS = 40  # ... of some length ...
MOVE_MARGIN = 5.0  # ... and no rival within this many points
SPLIT_MIN = 80.0
SPLIT_MIN_WORDS = 5  # each piece of a split or merge has at least this many words
SPLIT_MARGIN = 10.0  # the joined text must match clearly better than any piece alone
RATIO_MAX_CELLS = 25_000_000  # words x words beyond which similarity is by shared words
DENSE_GAP = 40 * 40  # above this many pairs, block by rare words
_WORD_RE = re.compile(r"\w{3,}")


@dataclass(frozen=True, slots=True)
class Pair:
    """One aligned unit: old paragraph indices, new paragraph indices, how it was found."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    status: str  # unchanged, modified, moved, inserted, deleted, split, merged
    match: str | None  # the pass: exact, label, similar, split, merge, move
    score: float | None = None


def align(old: list[Paragraph] | tuple[Paragraph, ...],
          new: list[Paragraph] | tuple[Paragraph, ...]) -> list[Pair]:
    """Pair paragraphs of two versions; the result lists every paragraph of both once."""
    a = [_Text(p.clean) for p in old]
    b = [_Text(p.clean) for p in new]
    a_key = [t.key for t in a]
    b_key = [t.key for t in b]
    a_of: dict[int, int] = {}  # old index -> new index
    how: dict[int, tuple[str, float]] = {}
    splits: list[tuple[tuple[int, ...], tuple[int, ...], str, float]] = []

    _patience(a_key, b_key, 0, len(a), 0, len(b), a_of, how, _label_veto(old, new, a, b))
    for (alo, ahi, blo, bhi) in _gaps(a_of, len(a), len(b)):
        _pair_gap(old, new, a, b, alo, ahi, blo, bhi, a_of, how, splits)
    taken_a = set(a_of) | {i for s in splits for i in s[0]}
    taken_b = set(a_of.values()) | {j for s in splits for j in s[1]}
    moves = _moves(a, b, a_key, b_key, taken_a, taken_b)

    # A pair is "moved" only if it breaks the reading order: the longest in-order chain of all
    # one-to-one pairs stays in place, whatever pass found it.
    one_to_one = sorted([(i, j) for i, j in a_of.items()] + [(i, j) for i, j, _ in moves])
    in_order = set(_lis(one_to_one))
    move_score = {i: s for i, _, s in moves}
    pairs: list[Pair] = []
    for i, j in one_to_one:
        kind, score = how.get(i, ("move", move_score.get(i)))
        if (i, j) in in_order:
            status = "unchanged" if a[i].text == b[j].text else "modified"
        elif kind == "move" or (score is not None and score >= MOVE_MIN):
            status = "moved"
        else:
            continue  # a weak pair out of order: report delete + insert, never a false move
        pairs.append(Pair((i,), (j,), status, kind, score))
    for olds, news, kind, score in splits:
        pairs.append(Pair(olds, news, "split" if kind == "split" else "merged", kind, score))
    matched_a = {i for p in pairs for i in p.old}
    matched_b = {j for p in pairs for j in p.new}
    pairs += [Pair((i,), (), "deleted", None) for i in range(len(a)) if i not in matched_a]
    pairs += [Pair((), (j,), "inserted", None) for j in range(len(b)) if j not in matched_b]
    return _order(pairs)


class _Text:
    """A paragraph's clean text with its words, computed once."""

    __slots__ = ("key", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = text.split()
        self.key = " ".join(self.words)

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: _Text) -> _Text:
        return _Text(self.text + " " + other.text)


# -- pass 1: patience anchors --------------------------------------------------------------

def _label_veto(old, new, a, b):
    """A test refusing an exact pair of a labelled and an unlabelled paragraph when the label
    lives on, reworded, in the other version: 2005's ¶ 18 is 2015's ¶ 18, not the unlabelled
    quotation of its original text."""
    def unique_paths(paras) -> dict[str, int]:
        counts = Counter(p.path for p in paras if p.label)
        return {p.path: k for k, p in enumerate(paras) if p.label and counts[p.path] == 1}

    a_at, b_at = unique_paths(old), unique_paths(new)

    def veto(i: int, j: int) -> bool:
        pa = old[i].path if old[i].label else None
        pb = new[j].path if new[j].label else None
        if pa == pb or (pa and pb):
            return False  # both labelled: renumbering is the label pass's business
        j2 = b_at.get(pa) if pa else None
        if j2 is not None and j2 != j and _ratio(a[i], b[j2]) >= LABEL_MIN:
            return True
        i2 = a_at.get(pb) if pb else None
        return i2 is not None and i2 != i and _ratio(a[i2], b[j]) >= LABEL_MIN

    return veto


def _patience(a, b, alo, ahi, blo, bhi, a_of, how, veto) -> None:
    """Anchor unique common paragraphs in order, then recurse into the gaps between them."""
    stack = [(alo, ahi, blo, bhi)]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo] and not veto(alo, blo):
            a_of[alo] = blo
            how[alo] = ("exact", 100.0)
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1] and not veto(ahi - 1,
                                                                                bhi - 1):
            a_of[ahi - 1] = bhi - 1
            how[ahi - 1] = ("exact", 100.0)
            ahi, bhi = ahi - 1, bhi - 1
        if alo >= ahi or blo >= bhi:
            continue
        ca = Counter(a[alo:ahi])
        cb = Counter(b[blo:bhi])
        b_pos = {b[j]: j for j in range(blo, bhi) if cb[b[j]] == 1}
        cands = [(i, b_pos[a[i]]) for i in range(alo, ahi)
                 if ca[a[i]] == 1 and a[i] in b_pos and a[i] and not veto(i, b_pos[a[i]])]
        anchors = _lis(cands)
        if not anchors:
            continue
        for i, j in anchors:
            a_of[i] = j
            how[i] = ("exact", 100.0)
        bounds = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
        for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
            if i1 - i0 > 1 and j1 - j0 > 1:
                stack.append((i0 + 1, i1, j0 + 1, j1))


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest run of pairs increasing in both coordinates (pairs sorted by the first)."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _gaps(a_of: dict[int, int], na: int, nb: int):
    """Ranges of unpaired paragraphs lying between consecutive in-order pairs."""
    anchors = sorted(a_of.items())
    bounds = [(-1, -1), *anchors, (na, nb)]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        if i1 - i0 > 1 and j1 - j0 > 1:
            yield i0 + 1, i1, j0 + 1, j1


# -- passes 2-4: inside a gap ----------------------------------------------------------------

def _pair_gap(old, new, a, b, alo, ahi, blo, bhi, a_of, how, splits) -> None:
    cands = _candidates(a, b, range(alo, ahi), range(blo, bhi))
    _splits(a, b, [(i, j) for i, j in cands if len(b[j]) < len(a[i]) or len(a[i]) < len(b[j])],
            a_of, splits)
    split_a = {i for s in splits for i in s[0]}
    split_b = {j for s in splits for j in s[1]}
    cands = [(i, j) for i, j in cands if i not in split_a and j not in split_b]
    scored: list[tuple[float, int, int, str]] = []
    a_label = _unique_paths(old, alo, ahi)
    b_label = _unique_paths(new, blo, bhi)
    for i, j in cands:
        s = _ratio(a[i], b[j])
        same_label = a_label.get(i) is not None and a_label.get(i) == b_label.get(j)
        if same_label and s >= LABEL_MIN:
            scored.append((s + 100.0, i, j, "label"))  # label pairs are placed first
        elif s >= SIMILAR_MIN:
            scored.append((s, i, j, "similar"))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    chosen: list[tuple[int, int]] = []
    for s, i, j, kind in scored:
        if i in a_of or any(j == jj for _, jj in chosen):
            continue
        if any((i - ii) * (j - jj) < 0 for ii, jj in chosen):
            continue  # would cross an earlier pair: not in order, leave it to the move pass
        chosen.append((i, j))
        a_of[i] = j
        how[i] = (kind, round(s - 100.0 if kind == "label" else s, 1))


def _unique_paths(paras, lo: int, hi: int) -> dict[int, str]:
    counts = Counter(p.path for p in paras[lo:hi] if p.label)
    return {k: paras[k].path for k in range(lo, hi)
            if paras[k].label and counts[paras[k].path] == 1}


def _splits(a, b, cands, a_of, splits) -> None:
    """One old paragraph now two new neighbours (split), or the reverse (merged)."""
    taken_a = set(a_of) | {i for s in splits for i in s[0]}
    taken_b = set(a_of.values()) | {j for s in splits for j in s[1]}
    for i, j in cands:
        if i in taken_a or j in taken_b:
            continue
        for olds, news in (((i,), (j, j + 1)), ((i, i + 1), (j,)),
                           ((i,), (j - 1, j)), ((i - 1, i), (j,))):
            if min(olds) < 0 or min(news) < 0 or max(olds) >= len(a) or max(news) >= len(b):
                continue
            if any(k in taken_a for k in olds) or any(k in taken_b for k in news):
                continue
            pieces = [a[k] for k in olds] if len(olds) == 2 else [b[k] for k in news]
            total = sum(len(p.words) for p in pieces)
            if min(len(p.words) for p in pieces) < max(SPLIT_MIN_WORDS, 0.15 * total):
                continue  # a heading and its paragraph are not a split
            joined_a = a[olds[0]] + a[olds[1]] if len(olds) == 2 else a[olds[0]]
            joined_b = b[news[0]] + b[news[1]] if len(news) == 2 else b[news[0]]
            s = _ratio(joined_a, joined_b)
            single = (max(_ratio(a[olds[0]], b[k]) for k in news) if len(news) == 2
                      else max(_ratio(a[k], b[news[0]]) for k in olds))
            if s >= SPLIT_MIN and s > single + SPLIT_MARGIN:
                splits.append((olds, news, "split" if len(news) == 2 else "merge", round(s, 1)))
                taken_a.update(olds)
                taken_b.update(news)
                break


# -- pass 5: moves ---------------------------------------------------------------------------

def _moves(a, b, a_key, b_key, taken_a, taken_b) -> list[tuple[int, int, float]]:
    """Unpaired paragraphs that reappear elsewhere: identical, or near-identical and unrivalled."""
    free_a = [i for i in range(len(a)) if i not in taken_a and len(a[i]) >= MOVE_MIN_CHARS]
    free_b = [j for j in range(len(b)) if j not in taken_b and len(b[j]) >= MOVE_MIN_CHARS]
    out: list[tuple[int, int, float]] = []
    by_text: dict[str, list[int]] = defaultdict(list)
    for j in free_b:
        by_text[b_key[j]].append(j)
    a_count = Counter(a_key[i] for i in free_a)
    used_b: set[int] = set()
    rest_a = []
    for i in free_a:
        js = by_text.get(a_key[i], [])
        if len(js) == 1 and a_count[a_key[i]] == 1:
            out.append((i, js[0], 100.0))
            used_b.add(js[0])
        else:
            rest_a.append(i)
    rest_b = [j for j in free_b if j not in used_b]
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, j in _candidates(a, b, rest_a, rest_b):
        s = _ratio(a[i], b[j])
        if s >= MOVE_MIN - MOVE_MARGIN:
            best[i].append((s, j))
    claimed: Counter = Counter()
    picks = []
    for i, lst in best.items():
        lst.sort(reverse=True)
        s, j = lst[0]
        if s >= MOVE_MIN and (len(lst) == 1 or lst[1][0] < s - MOVE_MARGIN):
            picks.append((i, j, s))
            claimed[j] += 1
    for i, j, s in picks:
        rivals = [s2 for i2, lst in best.items() if i2 != i for s2, j2 in lst if j2 == j]
        if claimed[j] == 1 and all(r < s - MOVE_MARGIN for r in rivals):
            out.append((i, j, round(s, 1)))
    return out


# -- helpers ---------------------------------------------------------------------------------

def _ratio(x: _Text, y: _Text) -> float:
    if len(x.words) * len(y.words) > RATIO_MAX_CELLS:  # huge paragraphs: shared vocabulary
        wx, wy = set(x.words), set(y.words)
        return 100.0 * len(wx & wy) / max(1, len(wx | wy))
    return float(fuzz.ratio(x.words, y.words))


def _candidates(a, b, ia, ib) -> list[tuple[int, int]]:
    """Pairs worth scoring: all of them in a small gap, else those sharing a rare word."""
    ia, ib = list(ia), list(ib)
    if len(ia) * len(ib) <= DENSE_GAP:
        return [(i, j) for i in ia for j in ib]
    df: Counter = Counter()
    words_a = {i: set(_WORD_RE.findall(a[i].text.lower())) for i in ia}
    words_b = {j: set(_WORD_RE.findall(b[j].text.lower())) for j in ib}
    for ws in (*words_a.values(), *words_b.values()):
        df.update(ws)
    index: dict[str, list[int]] = defaultdict(list)
    for j, ws in words_b.items():
        for w in sorted(ws, key=lambda w: (df[w], w))[:8]:
            index[w].append(j)
    out = set()
    for i, ws in words_a.items():
        for w in sorted(ws, key=lambda w: (df[w], w))[:8]:
            for j in index.get(w, ()):
                out.add((i, j))
    return sorted(out)


def _order(pairs: list[Pair]) -> list[Pair]:
    """Pairs in reading order of the new version; deleted ones after their old predecessor."""
    placed = sorted((p for p in pairs if p.new), key=lambda p: min(p.new))
    deleted = sorted((p for p in pairs if not p.new), key=lambda p: p.old[0])
    # where each old index sits among the placed pairs
    old_to_slot: dict[int, int] = {}
    for slot, p in enumerate(placed):
        if p.status != "moved":
            for i in p.old:
                old_to_slot[i] = slot
    out_slots: dict[int, list[Pair]] = defaultdict(list)
    best, k = -1, 0
    keys = sorted(old_to_slot)
    for p in deleted:  # deleted pairs are in old order: one sweep over the paired old indices
        while k < len(keys) and keys[k] < p.old[0]:
            best = max(best, old_to_slot[keys[k]])
            k += 1
        out_slots[best].append(p)
    result = list(out_slots.get(-1, []))
    for slot, p in enumerate(placed):
        result.append(p)
        result.extend(out_slots.get(slot, []))
    return result
