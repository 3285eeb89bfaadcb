"""Attribute: give each change its delegations, date and the marker that is its evidence.

In order, the evidence for a change is:
1. `carries`: a marker that carries the changed words (`(VEN people of African descent, ...)`);
2. `follows`: the first delegation marker after the changed words, in the same sentence
   (`... migratory route (Proposed by US-4-16-2015)`); an editorial decision there gives a
   date and evidence but no delegation;
3. `heads`: a proposal heading the paragraph (`COL: ...`, `(Proposed by CHILE ...) ...`);
`within` marks an edit kept whole around the delegation marker that sits inside it.
Status-only markers attribute nothing; a change with no evidence stays unattributed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.diff import Edit
from redline.model import Annotation, MarkerKind, Paragraph

FOLLOW_MAX_WORDS = 40  # the marker closes the amended phrase; a sentence break stops it
_SENTENCE_BREAK = re.compile(r"[.;!?]\s+\w")


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a change came from, when, and why we say so."""

    delegations: tuple[str, ...] = ()
    date: str | None = None
    evidence: str | None = None
    rule: str | None = None  # carries, follows, heads


NONE = Attribution()


def attribute(edit: Edit, para: Paragraph | None) -> Attribution:
    """Attribution of one edit, from the markers of the paragraph it lands in."""
    if para is None or not para.annotations:
        return NONE
    return (_carries(edit, para) or _follows(edit, para) or _heads(para) or NONE)


def attribute_whole(para: Paragraph) -> Attribution:
    """Attribution of a paragraph inserted whole: its heading proposal first."""
    whole = Edit("insert", 0, 0, 0, len(para.clean), "", para.clean)
    if not para.annotations:
        return NONE
    return _heads(para) or _carries(whole, para) or _follows(whole, para) or NONE


def _clean_span(para: Paragraph, start: int, end: int) -> tuple[int, int]:
    return para.clean_offset(start), para.clean_offset(end)


def _carries(edit: Edit, para: Paragraph) -> Attribution | None:
    if edit.new_end <= edit.new_start:
        return None
    best: tuple[int, int, Annotation] | None = None
    for a in para.annotations:
        if not a.kept or not a.delegations or a.kind is MarkerKind.STATUS:
            continue
        overlap = 0
        size = 0
        for ks, ke in a.kept:
            cs, ce = _clean_span(para, ks, ke)
            size += ce - cs
            overlap += max(0, min(ce, edit.new_end) - max(cs, edit.new_start))
        if overlap <= 0:
            continue
        key = (overlap, -size)
        if best is None or key > best[:2]:
            best = (overlap, -size, a)
    if best is None:
        return None
    return _from(best[2], "carries")


def _follows(edit: Edit, para: Paragraph) -> Attribution | None:
    for a, point in zip(para.annotations, para.marker_points, strict=True):
        if a.kind not in (MarkerKind.PROPOSAL, MarkerKind.ATTRIBUTION, MarkerKind.EDITORIAL):
            continue
        if a.kept or a.heads_paragraph or point < edit.new_end:
            continue
        between = para.clean[edit.new_end:point]
        if len(between.split()) > FOLLOW_MAX_WORDS or _SENTENCE_BREAK.search(between):
            continue
        if a.kind is MarkerKind.EDITORIAL or a.delegations:
            return _from(a, "follows")
    return None


def _heads(para: Paragraph) -> Attribution | None:
    for a in para.annotations:
        if a.heads_paragraph and a.delegations and a.kind is MarkerKind.PROPOSAL:
            return _from(a, "heads")
    return None


def _from(a: Annotation, rule: str) -> Attribution:
    return Attribution(a.delegations, a.date, " ".join(a.text.split()), rule)


def attribute_edit(edit: Edit, para: Paragraph) -> list[tuple[Edit, Attribution]]:
    """Attribute an edit, cut at the delegation markers inside it when each piece has evidence.

    When a piece would be left without evidence (`Seek to (US-4-16-2015) protect`), the edit
    stays whole and the first marker inside it is its evidence (`within`).
    """
    pieces = split_at_markers(edit, para)
    found = [(p, attribute(p, para)) for p in pieces]
    if len(pieces) == 1 or all(a.delegations or a.evidence for _, a in found):
        return found
    for a, point in zip(para.annotations, para.marker_points, strict=True):
        if _cuts(a, point, edit):
            return [(edit, _from(a, "within"))]
    return found


def _cuts(a: Annotation, point: int, edit: Edit) -> bool:
    return bool(a.delegations) and not a.kept and not a.heads_paragraph and (
        edit.new_start < point < edit.new_end)


def split_at_markers(edit: Edit, para: Paragraph) -> list[Edit]:
    """Cut an edit where a delegation marker sits inside its new text.

    Markers are not in the clean text, so the diff can join two proposals that a marker
    separates (`... irregular status. (Proposed by BR ...) and prevent ... (Proposed by US ...)`);
    each piece then finds its own evidence. The old text stays with the first piece.
    """
    cuts = sorted({p for a, p in zip(para.annotations, para.marker_points, strict=True)
                   if _cuts(a, p, edit)})
    if not cuts:
        return [edit]
    out: list[Edit] = []
    start = edit.new_start
    for k, cut in enumerate([*cuts, edit.new_end]):
        first = k == 0
        old_start, old_end = (edit.old_start, edit.old_end) if first else (edit.old_end,
                                                                           edit.old_end)
        old_text = edit.old_text if first else ""
        kind = "replace" if old_text and cut > start else ("insert" if cut > start
                                                           else "delete")
        out.append(Edit(kind, old_start, old_end, start, cut, old_text,
                        para.clean[start:cut]))
        start = cut
    return [e for e in out if e.old_text or e.new_text]
