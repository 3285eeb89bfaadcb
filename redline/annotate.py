"""Annotate: turn the reader's blocks into a `Document` of annotated paragraphs.

Each block's markers are parsed; a block that is nothing but markers joins a neighbour (a
lead-in proposal such as `ALT PROPOSAL BY ARG` heads the next paragraph, a stray status line
such as `(Agreed IM-4-23-2015)` ends the previous one); then the clean text is built: markers
out, proposed words kept, with a map from every clean character back to the raw text.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

from redline.annotations import Grammar
from redline.model import Annotation, Kind, Paragraph
from redline.readers.text import Block

_PUNCT_AFTER_SPACE = set(",.;:)]")


@dataclass
class _Draft:
    raw: str
    block: Block
    annotations: list[Annotation]
    refs: list[int]


def annotate(blocks: list[Block], grammar: Grammar) -> tuple[Paragraph, ...]:
    """Parse markers in every block, attach marker-only blocks, and build paragraphs."""
    drafts = [_Draft(b.text, b, grammar.parse(b.text), list(b.footnote_refs)) for b in blocks]
    merged: list[_Draft] = []
    carry: _Draft | None = None  # lead-in waiting for the paragraph it heads
    for d in drafts:
        marker_only = bool(d.annotations) and not clean_text(d.raw, d.annotations)[0].strip(
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

    out = []
    for i, d in enumerate(merged):
        clean, cmap = clean_text(d.raw, d.annotations)
        points = tuple(bisect_left(cmap, a.start) for a in d.annotations)
        out.append(Paragraph(
            index=i, raw=d.raw, kind=d.block.kind, label=d.block.label,
            section=d.block.section, annotations=tuple(d.annotations), clean=clean,
            clean_map=tuple(cmap), marker_points=points, footnote_refs=tuple(d.refs),
            line=d.block.line,
        ))
    return tuple(out)


def _join(first: _Draft, second: _Draft, keep_second_block: bool) -> _Draft:
    shift = len(first.raw) + 1
    moved = [replace(a, start=a.start + shift, end=a.end + shift,
                     kept=tuple((s + shift, e + shift) for s, e in a.kept))
             for a in second.annotations]
    block = second.block if keep_second_block else first.block
    if keep_second_block:
        block = Block(second.block.text, first.block.line, second.block.kind,
                      second.block.label, section=second.block.section)
    return _Draft(first.raw + "\n" + second.raw, block, first.annotations + moved,
                  first.refs + second.refs)


def clean_text(raw: str, annotations: list[Annotation] | tuple[Annotation, ...]
               ) -> tuple[str, list[int]]:
    """Raw text with markers removed and proposed words kept; returns (clean, raw offsets)."""
    removed = bytearray(len(raw))
    for a in annotations:  # removed if any marker removes it; a marker keeps its own words
        for i in range(a.start, a.end):
            if not any(ks <= i < ke for ks, ke in a.kept):
                removed[i] = 1

    chars: list[str] = []
    cmap: list[int] = []
    gap = False  # a marker was removed since the last kept character
    gap_space = False  # ... and it held white space: "stakeholders MEX the" keeps a space
    for i, ch in enumerate(raw):
        if removed[i]:
            gap_space = gap_space or (gap and raw[i].isspace()) or raw[i].isspace()
            gap = True
            continue
        if gap and gap_space and ch.isalnum() and chars and chars[-1].isalnum():
            chars.append(" ")
            cmap.append(i - 1)
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                cmap.append(i)
            continue
        if gap and ch in _PUNCT_AFTER_SPACE and chars and chars[-1] == " ":
            chars.pop()
            cmap.pop()
        if gap and ch in ".,;" and chars and chars[-1] in ".,;":
            gap = gap_space = False
            continue  # "groups. (marker)." keeps one full stop
        chars.append(ch)
        cmap.append(i)
        gap = gap_space = False
    while chars and chars[-1] == " ":
        chars.pop()
        cmap.pop()
    return "".join(chars), cmap
