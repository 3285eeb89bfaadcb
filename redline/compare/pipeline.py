"""The compare pipeline: align, diff and attribute two annotated documents."""

from __future__ import annotations

from redline.annotate.delegations import Registry
from redline.compare.align import Pair, align
from redline.compare.attribute import NONE, Evidence, in_effect, marker_key
from redline.compare.diff import Edit, edits
from redline.compare.result import (
    Change,
    Comparison,
    MarkerChange,
    ParagraphDiff,
    ProposedDeletion,
)
from redline.model import Document, Paragraph


def compare_documents(old: Document, new: Document, registry: Registry,
                      language: str = "en") -> Comparison:
    """Compare two documents: body paragraphs, then footnotes, each aligned on its own."""
    result: list[ParagraphDiff] = []
    for a, b, foot in ((old.body, new.body, False), (old.footnotes, new.footnotes, True)):
        for pair in align(a, b):
            result.append(_diff_pair(pair, a, b, foot, language))
    return Comparison(old, new, tuple(result), registry)


def _diff_pair(pair: Pair, a: tuple[Paragraph, ...], b: tuple[Paragraph, ...], foot: bool,
               language: str) -> ParagraphDiff:
    olds = tuple(a[i] for i in pair.old)
    news = tuple(b[j] for j in pair.new)
    changes: list[Change] = []
    if olds and news:
        old_text = " ".join(p.clean for p in olds)
        new_text = " ".join(p.clean for p in news)
        known = frozenset(marker_key(a) for p in olds for a in p.annotations if in_effect(a))
        evidence = Evidence(news[0], known) if len(news) == 1 else None
        for whole in edits(old_text, new_text, language):
            pieces = evidence.attribute_edit(whole) if evidence else [(whole, NONE)]
            for e, at in pieces:
                changes.append(Change(e.kind, e.old_start, e.old_end, e.new_start, e.new_end,
                                      e.old_text, e.new_text, at.delegations, at.date,
                                      at.evidence, at.rule, at.stances))
    elif news and news[0].clean:  # an empty heading (a label alone) is no change of text
        p = news[0]
        evidence = Evidence(p)
        whole = Edit("insert", 0, 0, 0, len(p.clean), "", p.clean)
        # a proposal heading the paragraph takes it all but the words a proposal nested in
        # it carries; else each marker its own words
        heading = evidence.heading()
        pieces = evidence.headed(whole, heading) if heading else evidence.attribute_edit(whole)
        for e, at in pieces:
            changes.append(Change(e.kind, e.old_start, e.old_end, e.new_start, e.new_end,
                                  e.old_text, e.new_text, at.delegations, at.date, at.evidence,
                                  at.rule, at.stances))
    elif olds and olds[0].clean:
        p = olds[0]
        changes.append(Change("delete", 0, len(p.clean), 0, 0, p.clean, ""))
    markers = _marker_changes(olds[0], news[0]) if olds and news else ()
    return ParagraphDiff(pair.status, pair.match, pair.score, olds, news, pair.old, pair.new,
                         tuple(changes), markers, foot,
                         pair.old[0] if pair.status == "moved" else None,
                         _proposed_deletions(news))


def _proposed_deletions(news: tuple[Paragraph, ...]) -> tuple[ProposedDeletion, ...]:
    """Words of the new text that a marker proposes to delete, at their clean offsets in the
    new text (paragraphs joined by one space)."""
    out: list[ProposedDeletion] = []
    base = 0
    for p in news:
        for a in p.annotations:
            if a.target and a.deletes:
                start = base + p.clean_offset(a.target[0])
                out.append(ProposedDeletion(a.deletes, start, start + len(a.deletes),
                                            a.credited, a.date, marker_key(a), a.stances))
        base += len(p.clean) + 1
    return tuple(out)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _marker_changes(old: Paragraph, new: Paragraph) -> tuple[MarkerChange, ...]:
    """Markers that appear or vanish, and a change of the paragraph's status."""
    out: list[MarkerChange] = []
    old_texts = {_norm(a.text) for a in old.annotations}
    new_texts = {_norm(a.text) for a in new.annotations}
    for a in new.annotations:
        if a.text and _norm(a.text) not in old_texts:
            out.append(MarkerChange("added", _norm(a.text), None,
                                    str(a.status) if a.status else None, a.date, a.delegations))
    for a in old.annotations:
        if a.text and _norm(a.text) not in new_texts:
            out.append(MarkerChange("removed", _norm(a.text), str(a.status) if a.status else None,
                                    None, a.date, a.delegations))
    if old.status != new.status:
        last = [a for a in new.annotations if a.status and a.kind.value == "status"]
        ev = last[-1] if last else None
        out.append(MarkerChange(
            "status", _norm(ev.text) if ev else None, str(old.status) if old.status else None,
            str(new.status) if new.status else None, ev.date if ev else None,
            ev.delegations if ev else ()))
    return tuple(out)
