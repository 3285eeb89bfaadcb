"""Annotate: turn the reader's blocks into a `Document` of annotated paragraphs.

Each block's markers are parsed; a block that is nothing but markers joins a neighbour (a
lead-in proposal such as `ALT PROPOSAL BY ARG` heads the next paragraph, a stray status line
such as `(Agreed IM-4-23-2015)` ends the previous one); then the clean text is built: markers
out, proposed words kept, with a map from every clean character back to the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from redline.annotate.grammar import Grammar
from redline.annotate.word import word_annotations
from redline.model import Annotation, Kind, Paragraph, clean_to_raw, raw_to_clean
from redline.read.source import Block

_PUNCT_AFTER_SPACE = set(",.;:)]")


@dataclass
class _Draft:
    raw: str
    block: Block
    annotations: list[Annotation]
    refs: list[int]


def annotate(blocks: list[Block], grammar: Grammar) -> tuple[Paragraph, ...]:
    """Parse markers in every block, attach marker-only blocks, and build paragraphs."""
    from redline.annotate.addresses import addresses

    drafts = [_Draft(b.text, b, _parse(b, grammar), list(b.footnote_refs)) for b in blocks]
    built: dict[tuple[str, tuple[Annotation, ...]], _Built] = {}  # a text repeated: built once
    merged: list[_Draft] = []
    carry: _Draft | None = None  # lead-in waiting for the paragraph it heads
    for d in drafts:
        marker_only = bool(d.annotations) and not _build(d, built)[0].strip(
            " \t\n.,;:()[]–-")
        if carry is not None and d.block.kind is not Kind.FOOTNOTE:
            d = _join(carry, d, keep_second_block=True)
            carry = None
            marker_only = False
        if marker_only and any(a.heads_paragraph and not a.kept for a in d.annotations):
            carry = d
            continue
        if marker_only and merged and merged[-1].block.kind is not Kind.FOOTNOTE and (
                d.block.kind is not Kind.FOOTNOTE):
            merged[-1] = _join(merged[-1], d, keep_second_block=False)
            continue
        merged.append(d)
    if carry is not None:
        merged.append(carry)

    where = addresses([(d.block.kind, d.block.label, d.block.section) for d in merged])
    out = []
    for i, (d, address) in enumerate(zip(merged, where, strict=True)):
        clean, runs, points, anns = _build(d, built)
        out.append(Paragraph(
            index=i, raw=d.raw, kind=d.block.kind, label=d.block.label,
            section=d.block.section, annotations=anns, clean=clean,
            clean_runs=runs, marker_points=points, footnote_refs=tuple(d.refs),
            line=d.block.line, address=address,
        ))
    return tuple(out)


_Built = tuple[str, tuple[tuple[int, int], ...], tuple[int, ...], tuple[Annotation, ...]]


def _build(d: _Draft, built: dict[tuple[str, tuple[Annotation, ...]], _Built]) -> _Built:
    """A draft paragraph's clean text, its runs, its markers' clean offsets and its
    annotations with the words they propose to delete found; remembered in `built`."""
    key = (d.raw, tuple(d.annotations))
    if key not in built:
        clean, runs = clean_text(d.raw, d.annotations)
        points = tuple(raw_to_clean(runs, len(clean), a.start) for a in d.annotations)
        anns = tuple(_find_deleted_words(a, clean, runs, at)
                     if a.target or a.action == "delete" else a
                     for a, at in zip(d.annotations, points, strict=True))
        built[key] = clean, runs, points, anns
    return built[key]


def _parse(block: Block, grammar: Grammar) -> list[Annotation]:
    """The block's markers, and its Word revisions and comments, in order of position."""
    found = grammar.parse(block.text)
    if block.revisions or block.comments:
        found = sorted([*found, *word_annotations(block, grammar, grammar.authors)],
                       key=lambda a: (a.start, -a.end))
    return found


def _find_deleted_words(a: Annotation, clean: str, runs: tuple[tuple[int, int], ...],
                        point: int) -> Annotation:
    """Where the words a marker proposes to delete are: the rest of the paragraph after an
    `End paragraph here`, or the words a `[MEX-ES eliminate ...]` names, nearest before the
    marker (else after it). Words that cannot be found leave the marker without a target."""
    span: tuple[int, int] | None = None
    if a.target:
        cs = raw_to_clean(runs, len(clean), a.target[0])
        while cs < len(clean) and clean[cs] == " ":
            cs += 1
        span = (cs, len(clean)) if re.search(r"\w", clean[cs:]) else None
    elif a.proposed_text:
        words = r"\s+".join(re.escape(w) for w in a.proposed_text.split())
        hits = [(m.start(), m.end()) for m in
                re.finditer(rf"(?<!\w){words}(?!\w)", clean, re.IGNORECASE)]
        before = [h for h in hits if h[1] <= point]
        span = before[-1] if before else (hits[0] if hits else None)
    if span is None:
        return replace(a, target=None)
    target = (clean_to_raw(runs, span[0]), clean_to_raw(runs, span[1] - 1) + 1)
    return replace(a, target=target, deletes=clean[span[0]:span[1]])


def _join(first: _Draft, second: _Draft, keep_second_block: bool) -> _Draft:
    shift = len(first.raw) + 1
    moved = [a.moved(shift) for a in second.annotations]
    block = second.block if keep_second_block else first.block
    if keep_second_block:
        block = Block(second.block.text, first.block.line, second.block.kind,
                      second.block.label, section=second.block.section)
    return _Draft(first.raw + "\n" + second.raw, block, first.annotations + moved,
                  first.refs + second.refs)


_CHUNK_RE = re.compile(r"\S+(?:\s\S+)*")  # words joined by single white space characters
_SPACE_RE = re.compile(r"\s")  # the white space str.isspace() sees
_WS_TABLE = {ord(c): " " for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029"
             "\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200b))}


class _Builder:
    """Accumulates clean text and its map to raw offsets as runs of contiguous characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs: list[tuple[int, int]] = []  # (clean offset, raw offset) where a run starts
        self.size = 0

    @property
    def last(self) -> str:
        return self.parts[-1][-1] if self.parts else ""

    def emit(self, text: str, raw_at: int) -> None:
        if not (self.runs and self.runs[-1][1] + self.size - self.runs[-1][0] == raw_at):
            self.runs.append((self.size, raw_at))
        self.parts.append(text)
        self.size += len(text)

    def pop_space(self) -> None:
        last = self.parts.pop()
        if len(last) > 1:  # the space ends a longer chunk
            self.parts.append(last[:-1])
        self.size -= 1
        if self.runs and self.runs[-1][0] >= self.size:
            self.runs.pop()


def clean_text(raw: str, annotations: list[Annotation] | tuple[Annotation, ...]
               ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Raw text with markers removed and proposed words kept.

    Returns the clean text and its map to the raw text as runs `(clean offset, raw offset)`.
    White space collapses to one space; a removed marker leaves no space before punctuation
    and no doubled full stop.
    """
    cuts: list[tuple[int, int]] = []  # removed: each marker's span minus the words it keeps
    for a in annotations:
        pos = a.start
        for ks, ke in sorted(a.kept):
            if ks > pos:
                cuts.append((pos, ks))
            pos = max(pos, ke)
        if a.end > pos:
            cuts.append((pos, a.end))
    merged: list[list[int]] = []
    for s0, e0 in sorted(cuts):
        if merged and s0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e0)
        else:
            merged.append([s0, e0])
    segments: list[tuple[int, int, bool]] = []
    pos = 0
    for s0, e0 in merged:
        if s0 > pos:
            segments.append((pos, s0, True))
        segments.append((s0, e0, False))
        pos = e0
    if pos < len(raw):
        segments.append((pos, len(raw), True))

    out = _Builder()
    gap = gap_space = False  # a marker was removed since the last word (and held a space)
    for s0, e0, kept in segments:
        if not kept:
            gap = True
            gap_space = gap_space or _SPACE_RE.search(raw, s0, e0) is not None
            continue
        prev_end = s0
        for m in _CHUNK_RE.finditer(raw, s0, e0):
            tok, at = m.group().translate(_WS_TABLE), m.start()
            if at > prev_end and out.size and out.last != " ":
                out.emit(" ", prev_end)
            prev_end = m.end()
            if gap:
                ch = tok[0]
                if gap_space and ch.isalnum() and out.last.isalnum():
                    out.emit(" ", at - 1)  # "stakeholders MEX the" keeps a space
                if ch in _PUNCT_AFTER_SPACE and out.last == " ":
                    out.pop_space()
                if ch in ".,;" and out.last == ch:
                    tok, at = tok[1:], at + 1  # "groups. (marker)." keeps one full stop
                gap = gap_space = False
                if not tok:
                    continue
            out.emit(tok, at)
        if prev_end < e0 and out.size and out.last != " ":
            out.emit(" ", prev_end)
    while out.parts and out.parts[-1] == " ":
        out.pop_space()
    return "".join(out.parts), tuple(out.runs)
