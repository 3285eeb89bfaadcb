# A frozen copy of redline/compare/align.py before the speed-ups of issue 13: the reference
# that tests/test_perf_align.py holds the faster aligner to (the same pairs, always).
# Changed since, deliberately, where the aligner's rules (not its speed) changed, so that it
# still checks the speed-ups only: a paragraph that grew under its number, or was cut down
# (same label, the shorter's words in the longer: CONTAIN_MIN, `_contains`), pairs by label.
"""Align: pair the paragraphs of two versions.

Passes, each recorded on the pair it makes:
1. `exact`: unique identical clean texts, kept in order (patience diff over paragraphs), and
   identical leading/trailing runs; applied again inside every gap between anchors. A bare
   option tag (`Option 2:`) says nothing about where it belongs and anchors nothing.
2. `label`: inside a gap, the same address (`V.B 18`, `Article 4.5`; repeats aside) and similar
   text; inside an article (`Article 4.5`) a paragraph rewritten under its number is the same
   paragraph, so the bar is lower there.
3. `similar`: inside a gap, the most similar texts (rapidfuzz), in order, without crossing; and
   a chapeau (`... as follows:`) whose words open an option of the same section
   (`Option 1: ... as follows ...`), or the reverse.
4. `split`/`merge`: inside a gap, one paragraph whose text is two neighbours' joined.
5. `move`: what is left, across the whole document, only on strong evidence: identical text
   or near-identical long text with no rival candidate. A false move is worse than a missed one.
6. `exact` again: identical texts still unpaired pair up (nearest first, same section first),
   so that no identical paragraph is reported deleted and inserted.
A short text (a title, `Option 2:`) out of the reading order is never a move: identical, it is
unchanged; otherwise delete + insert.

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
from rapidfuzz.distance import LCSseq

from redline.annotate.addresses import base
from redline.model import Paragraph
from redline.read.numbering import DEFAULT as NUMBERING

# Similarity is rapidfuzz's normalized Indel ratio over *word sequences* (0-100): unrelated
# paragraphs of one text share few words in order and score low, unlike a character ratio.
LABEL_MIN = 50.0  # same label: pair when at least this similar
ADDRESS_MIN = 30.0  # same number in the same article (`Article 4.5`): pair when this similar
CHAPEAU_MIN = 60.0  # a chapeau's words opening an option of its section
CONTAIN_MIN = 80.0  # same label: pair when this share of the shorter's words is in the longer
CONTAIN_MIN_WORDS = 4  # ... the shorter having at least this many words
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
_ARTICLE_RE = re.compile(r"^[A-Z][a-z]+ [^.\s]")  # an address inside a worded heading
_OPTION_RE = NUMBERING.compiled().option  # a line that is only `Option 2:`
_OPTION_LEAD_RE = re.compile(
    rf"^(?:{'|'.join(map(re.escape, NUMBERING.options))})\s*(?:\d{{1,2}}|[IVX]{{1,4}}|\(\w\))?"
    r"\s*[:.]+\s*")  # `Option 1: ` opening an option's text


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

    weak = {t.key for t in (*a, *b) if t.weak}
    _patience(a_key, b_key, 0, len(a), 0, len(b), a_of, how, _label_veto(old, new, a, b),
              weak)
    for (alo, ahi, blo, bhi) in _gaps(a_of, len(a), len(b)):
        _pair_gap(old, new, a, b, alo, ahi, blo, bhi, a_of, how, splits)
    taken_a = set(a_of) | {i for s in splits for i in s[0]}
    taken_b = set(a_of.values()) | {j for s in splits for j in s[1]}
    moves = _moves(a, b, a_key, b_key, taken_a, taken_b)
    taken_a.update(i for i, _, _ in moves)
    taken_b.update(j for _, j, _ in moves)
    late = _identical(old, new, a_key, b_key, taken_a, taken_b)
    for i, _ in late:
        how[i] = ("exact", 100.0)

    # A pair is "moved" only if it breaks the reading order: the longest in-order chain of all
    # one-to-one pairs stays in place, whatever pass found it (short texts weigh little).
    one_to_one = sorted([(i, j) for i, j in a_of.items()] + [(i, j) for i, j, _ in moves]
                        + late)
    light = set(late) | {(i, j) for i, j in one_to_one if _short(a[i]) or _short(b[j])}
    in_order = set(_heaviest_chain(one_to_one, light))
    move_score = {i: s for i, _, s in moves}
    pairs: list[Pair] = []
    for i, j in one_to_one:
        kind, score = how.get(i, ("move", move_score.get(i)))
        if (i, j) in in_order:
            status = "unchanged" if a[i].text == b[j].text else "modified"
        elif _short(a[i]) or _short(b[j]):
            if a[i].key != b[j].key:
                continue  # a title or label out of order is never a move
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
    """A paragraph's clean text with its words, computed once; `weak` when it is a bare option
    tag (`Option 2:`), which could stand anywhere."""

    __slots__ = ("key", "text", "weak", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = text.split()
        self.key = " ".join(self.words)
        self.weak = bool(_OPTION_RE.match(self.key))

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: _Text) -> _Text:
        return _Text(self.text + " " + other.text)


# -- pass 1: patience anchors --------------------------------------------------------------

def _key(p: Paragraph) -> str | None:
    """What identifies a labelled paragraph across versions: its address without the repeat
    mark (`Article 3.3bis`, whether the draft wrote `3.3bis` or `3bis`); None if unlabelled."""
    if not p.label:
        return None
    return base(p.address) if p.address else p.path


def _label_veto(old, new, a, b):
    """A test refusing an exact pair of a labelled and an unlabelled paragraph when the label
    lives on, reworded, in the other version: 2005's ¶ 18 is 2015's ¶ 18, not the unlabelled
    quotation of its original text."""
    def unique_paths(paras) -> dict[str, int]:
        counts = Counter(_key(p) for p in paras if p.label)
        return {_key(p): k for k, p in enumerate(paras) if p.label and counts[_key(p)] == 1}

    a_at, b_at = unique_paths(old), unique_paths(new)

    def veto(i: int, j: int) -> bool:
        pa = _key(old[i])
        pb = _key(new[j])
        if pa == pb or (pa and pb):
            return False  # both labelled: renumbering is the label pass's business
        j2 = b_at.get(pa) if pa else None
        if j2 is not None and j2 != j and _ratio(a[i], b[j2]) >= LABEL_MIN:
            return True
        i2 = a_at.get(pb) if pb else None
        return i2 is not None and i2 != i and _ratio(a[i2], b[j]) >= LABEL_MIN

    return veto


def _patience(a, b, alo, ahi, blo, bhi, a_of, how, veto, weak=frozenset()) -> None:
    """Anchor unique common paragraphs in order, then recurse into the gaps between them;
    texts in `weak` anchor nothing."""
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
                 if ca[a[i]] == 1 and a[i] in b_pos and a[i] and a[i] not in weak
                 and not veto(i, b_pos[a[i]])]
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
    a_label = _gap_keys(old, alo, ahi)
    b_label = _gap_keys(new, blo, bhi)
    for i, j in cands:
        s = _ratio(a[i], b[j])
        key = a_label.get(i)
        same_label = key is not None and key == b_label.get(j)
        if same_label and (s >= (ADDRESS_MIN if _ARTICLE_RE.match(key) else LABEL_MIN)
                           or _contains(a[i], b[j]) >= CONTAIN_MIN):
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
    _chapeaux(old, new, a, b, range(alo, ahi), range(blo, bhi), a_of, how, splits)


def _gap_keys(paras, lo: int, hi: int) -> dict[int, str]:
    """The keys of the labelled paragraphs of a gap: unique ones, and inside an article every
    one (its options repeat its numbers: the most similar pair wins)."""
    keys = {k: _key(paras[k]) for k in range(lo, hi) if paras[k].label}
    counts = Counter(keys.values())
    return {k: key for k, key in keys.items()
            if key and (counts[key] == 1 or _ARTICLE_RE.match(key))}


def _chapeaux(old, new, a, b, ia, ib, a_of, how, splits) -> None:
    """A chapeau (`Parties aim ... through:`) now opening an option of its section
    (`Option 1: Parties aim ... through ...`), or an option become a chapeau."""
    taken_b = set(a_of.values()) | {j for s in splits for j in s[1]}
    split_a = {i for s in splits for i in s[0]}
    free_a = [i for i in ia if i not in a_of and i not in split_a]
    free_b = [j for j in ib if j not in taken_b]

    def chapeau(t: _Text) -> bool:
        return t.key.endswith(":") and len(t.words) >= 4

    def option(t: _Text) -> bool:
        return bool(_OPTION_LEAD_RE.match(t.key)) and not t.weak

    cands = [(i, j) for i in free_a if chapeau(a[i]) for j in free_b if option(b[j])]
    cands += [(i, j) for i in free_a if option(a[i]) for j in free_b if chapeau(b[j])]
    made = [(i, a_of[i]) for i in ia if i in a_of]
    for i, j in sorted(cands):
        if i in a_of or j in taken_b or old[i].section != new[j].section:
            continue
        s = max(_opens(a[i], b[j]), _opens(b[j], a[i]))
        if s < CHAPEAU_MIN or any((i - ii) * (j - jj) < 0 for ii, jj in made):
            continue  # not the same words, or across a pair already made
        a_of[i] = j
        how[i] = ("similar", round(s, 1))
        taken_b.add(j)
        made.append((i, j))


def _opens(chapeau: _Text, option: _Text) -> float:
    """How well a chapeau's words open an option's text (`Option 1:` aside), 0-100."""
    if not chapeau.key.endswith(":") or len(chapeau.words) < 4:
        return 0.0
    lead = _OPTION_LEAD_RE.match(option.key)
    if lead is None:
        return 0.0
    cw = chapeau.key.rstrip(":").split()
    ow = option.key[lead.end():].split()
    if len(ow) <= len(cw):
        return 0.0
    return max(float(fuzz.ratio(cw, ow[:n])) for n in
               range(max(1, len(cw) - len(cw) // 4), len(cw) + len(cw) // 4 + 2))


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


# -- pass 6: identical texts still unpaired ------------------------------------------------

def _identical(old, new, a_key, b_key, taken_a, taken_b) -> list[tuple[int, int]]:
    """Identical texts left on both sides, paired: same section first, then the nearest (by
    relative position), so that no identical paragraph is reported deleted and inserted."""
    free_a: dict[str, list[int]] = defaultdict(list)
    free_b: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(a_key):
        if key and i not in taken_a:
            free_a[key].append(i)
    for j, key in enumerate(b_key):
        if key and j not in taken_b and key in free_a:
            free_b[key].append(j)
    out: list[tuple[int, int]] = []
    na, nb = max(1, len(a_key)), max(1, len(b_key))
    for key, js in free_b.items():
        is_ = free_a[key]
        if len(is_) * len(js) > DENSE_GAP:  # a text repeated at length: in order
            out += list(zip(is_, js, strict=False))
            continue
        cands = sorted((old[i].section != new[j].section, abs(i / na - j / nb), i, j)
                       for i in is_ for j in js)
        used_a: set[int] = set()
        used_b: set[int] = set()
        for *_, i, j in cands:
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                out.append((i, j))
    taken_a.update(i for i, _ in out)
    taken_b.update(j for _, j in out)
    return sorted(out)


# -- helpers ---------------------------------------------------------------------------------

def _short(t: _Text) -> bool:
    """A text too short to say where it belongs: a title, a label, `Option 2:`."""
    return t.weak or len(t.text) < MOVE_MIN_CHARS


def _heaviest_chain(pairs: list[tuple[int, int]], light: set[tuple[int, int]]
                    ) -> list[tuple[int, int]]:
    """The in-order chain (increasing in both coordinates; pairs sorted by the first) with the
    most pairs not in `light`, then the most pairs: short texts never push a paragraph out of
    the reading order. With no light pair, the longest chain (`_lis`)."""
    if not light & set(pairs):
        return _lis(pairs)
    js = sorted({j for _, j in pairs})
    rank = {j: k + 1 for k, j in enumerate(js)}
    size = len(js)
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)  # (heavy, all, pair index)
    prev = [-1] * len(pairs)
    best: tuple[int, int, int] = (0, 0, -1)
    for k, (i, j) in enumerate(pairs):
        r = rank[j] - 1  # the best chain ending on a second coordinate below j
        top: tuple[int, int, int] = (0, 0, -1)
        while r > 0:
            top = max(top, tree[r])
            r -= r & -r
        here = (top[0] + ((i, j) not in light), top[1] + 1, k)
        prev[k] = top[2]
        best = max(best, here)
        r = rank[j]
        while r <= size:
            tree[r] = max(tree[r], here)
            r += r & -r
    out = []
    k = best[2]
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _contains(x: _Text, y: _Text) -> float:
    short, long = sorted((re.findall(r"\w+", x.text.lower()), re.findall(r"\w+", y.text.lower())),
                         key=len)
    if len(short) < CONTAIN_MIN_WORDS:
        return 0.0
    if len(short) * len(long) > RATIO_MAX_CELLS:
        held = set(long)
        return 100.0 * sum(w in held for w in short) / len(short)
    return 100.0 * LCSseq.similarity(short, long) / len(short)


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
