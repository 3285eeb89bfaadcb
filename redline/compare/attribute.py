"""Attribute: give each change its delegations, date and the marker that is its evidence.

Only markers new in this pair of versions are evidence: a marker the old version already had
says nothing about what changed since. In order, the evidence for a change is:
1. `carries`: a marker that carries the changed words (`(VEN people of African descent, ...)`);
2. `follows`: the first delegation marker after the changed words, in the same sentence
   (`... migratory route (Proposed by US-4-16-2015)`); an editorial decision there gives a
   date and evidence but no delegation. The change may end in punctuation the marker comes
   before (`... entirely (Proposed by US- 4-16-2015).`, `...;`, `...”`): what follows the
   change's last word does not move it past its marker;
3. `heads`: a proposal heading the paragraph (`COL: ...`, `(Proposed by CHILE ...) ...`);
`within` marks an edit kept whole around the delegation marker that sits inside it.
Status-only markers attribute nothing; a change with no evidence stays unattributed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from redline.compare.diff import Edit
from redline.model import Annotation, MarkerKind, Paragraph

FOLLOW_MAX_WORDS = 40  # the marker closes the amended phrase; a sentence break stops it
_SENTENCE_BREAK = re.compile(r"[.;!?]\s+\w")
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a change came from, when, and why we say so."""

    delegations: tuple[str, ...] = ()
    date: str | None = None
    evidence: str | None = None
    rule: str | None = None  # carries, follows, heads, within
    stances: tuple[tuple[str, tuple[str, ...]], ...] = ()  # who stood where, by the marker


NONE = Attribution()


_FOLLOWED = (MarkerKind.PROPOSAL, MarkerKind.ATTRIBUTION, MarkerKind.EDITORIAL)
_HEADING = (MarkerKind.PROPOSAL, MarkerKind.POSITION)


def marker_key(a: Annotation) -> str:
    """A marker's identity across versions: its text, white space normalised (a position
    running on from an earlier paragraph is named by who stands where)."""
    if a.source != "marker":  # a Word revision or comment: who, when, what
        words = a.text if a.kind is MarkerKind.COMMENT else (a.text or a.proposed_text or "")
        when = f" {a.date}" if a.date else ""
        return " ".join(f"[{a.source} by {a.author or 'unknown author'}{when}: {words}]".split())
    if not a.text:
        return "(continues the position: " + "; ".join(
            f"{s} {'/'.join(d)}" for s, d in a.stances) + ")"
    return " ".join(a.text.split())


def in_effect(a: Annotation) -> bool:
    """Does the old version already show what the marker says? A Word insertion that its
    reading left out (or a deletion it kept) is no evidence yet: it is the change itself."""
    if a.action == "insert" and a.source.startswith("tracked-"):
        return a.end > a.start
    if a.action == "delete" and a.source.startswith("tracked-"):
        return a.end == a.start
    return True


class Evidence:
    """The markers of one paragraph that may explain its changes, with their clean offsets."""

    def __init__(self, para: Paragraph, known: frozenset[str] = frozenset()) -> None:
        self.para = para
        self.marks = [(a, point) for a, point in zip(para.annotations, para.marker_points,
                                                      strict=True)
                      if marker_key(a) not in known and a.kind is not MarkerKind.STATUS]

    def attribute(self, edit: Edit) -> Attribution:
        """Attribution of one edit."""
        return (self._carries(edit) or self._deleted_here(edit) or self._follows(edit)
                or self._heads() or NONE)

    def attribute_edit(self, edit: Edit) -> list[tuple[Edit, Attribution]]:
        """Attribute an edit, cut where a marker starts or ends inside it if each piece has
        evidence; else keep it whole, with the first delegation marker inside it (`within`)."""
        if edit.old_text.strip() and edit.new_text.strip():
            split = self._split_replacement(edit)
            if split:
                return split
        pieces = self._split(edit)
        found = [(p, self.attribute(p)) for p in pieces]
        if len(pieces) == 1 or all(a.delegations or a.evidence for _, a in found):
            return found
        for a, point in self.marks:
            if self._cuts(a, point, edit):
                return [(edit, _from(a, "within"))]
        return found

    def headed(self, edit: Edit, heading: Attribution) -> list[tuple[Edit, Attribution]]:
        """A paragraph a proposal heads is all that proposal's, except the words a proposal
        nested in it carries: `USA: ... civil society (VEN: and other social actors), ...`
        gives VEN its own change."""
        out: list[tuple[Edit, Attribution]] = []
        for piece in self._split(edit):
            carried = self._carries(piece)
            at = heading
            if carried and set(carried.delegations) != set(heading.delegations):
                at = carried if carried.date else replace(carried, date=heading.date)
            if out and out[-1][1] == at:  # a cut that changes nobody's credit is no cut
                prev = out[-1][0]
                piece = Edit(prev.kind, prev.old_start, prev.old_end, prev.new_start,
                             piece.new_end, prev.old_text, prev.new_text + piece.new_text)
                out[-1] = (piece, at)
            else:
                out.append((piece, at))
        return out

    # -- rules ------------------------------------------------------------------------

    def _carries(self, edit: Edit) -> Attribution | None:
        if edit.new_end <= edit.new_start:
            return None
        best: tuple[int, int, Annotation] | None = None
        for a, _ in self.marks:
            if not a.kept or not a.credited:
                continue
            overlap = size = 0
            for cs, ce in self._kept(a):
                size += ce - cs
                overlap += max(0, min(ce, edit.new_end) - max(cs, edit.new_start))
            if overlap > 0 and (best is None or (overlap, -size) > best[:2]):
                best = (overlap, -size, a)
        return _from(best[2], "carries") if best else None

    def _split_replacement(self, edit: Edit) -> list[tuple[Edit, Attribution]] | None:
        """A replacement whose old words a Word deletion removed and whose new words another
        delegation's revision put in: two changes, each with its own author."""
        found = self._deletion(edit)
        if found is None:
            return None
        gone = _from(found[0], "carries")
        ins = Edit("insert", edit.old_end, edit.old_end, edit.new_start, edit.new_end, "",
                   edit.new_text)
        put = self.attribute_edit(ins)
        if all(a.delegations == gone.delegations for _, a in put):
            return None
        at = min(max(found[1], edit.new_start), edit.new_end)
        cut = Edit("delete", edit.old_start, edit.old_end, at, at, edit.old_text, "")
        return sorted([(cut, gone), *put], key=lambda ea: (ea[0].new_start, ea[0].new_end))

    def _deleted_here(self, edit: Edit) -> Attribution | None:
        found = self._deletion(edit)
        return _from(found[0], "carries") if found else None

    def _deletion(self, edit: Edit) -> tuple[Annotation, int] | None:
        """A Word deletion (or a comment asking for one) at the place the old words left,
        whose words are among the deleted ones, and where it sits in the new text."""
        if edit.old_end <= edit.old_start:
            return None
        gone = set(edit.old_text.lower().split())
        for a, point in self.marks:
            if a.source == "marker" or a.action != "delete" or not a.credited:
                continue
            words = set((a.proposed_text or "").lower().split())
            if edit.new_start <= point <= edit.new_end and words & gone:
                return a, point
        return None

    def _follows(self, edit: Edit) -> Attribution | None:
        clean = self.para.clean
        end = _words_end(clean, edit.new_start, edit.new_end)
        for a, point in self.marks:
            if a.kind not in _FOLLOWED:
                continue
            if a.kept or a.heads_paragraph or point < end:
                continue
            between = clean[end:point]
            if len(between.split()) > FOLLOW_MAX_WORDS or _SENTENCE_BREAK.search(between):
                continue
            if a.kind is MarkerKind.EDITORIAL or a.credited:
                return _from(a, "follows")
        return None

    def heading(self) -> Attribution | None:
        """The attribution of a proposal heading the paragraph (which takes all of it)."""
        return self._heads()

    def _heads(self) -> Attribution | None:
        for a, _ in self.marks:
            if a.heads_paragraph and a.credited and a.kind in _HEADING:
                return _from(a, "heads")
        return None

    # -- cutting an edit at markers -------------------------------------------------------

    def _kept(self, a: Annotation) -> list[tuple[int, int]]:
        return [(self.para.clean_offset(ks), self.para.clean_offset(ke)) for ks, ke in a.kept]

    @staticmethod
    def _cuts(a: Annotation, point: int, edit: Edit) -> bool:
        return bool(a.credited) and not a.kept and not a.heads_paragraph and (
            edit.new_start < point < edit.new_end)

    def _split(self, edit: Edit) -> list[Edit]:
        """Cut an edit where a delegation marker sits, or the words a marker carries start or
        end, inside its new text: `... status. (Proposed by BR ...) and prevent ...`. The old
        text stays with the first piece."""
        cuts: set[int] = set()
        for a, point in self.marks:
            if self._cuts(a, point, edit):
                cuts.add(point)
            if a.kept and a.credited and not a.heads_paragraph:
                cuts.update(c for span in self._kept(a) for c in span
                            if edit.new_start < c < edit.new_end)
        clean = self.para.clean
        cuts = {c for c in cuts  # every piece holds a word: no piece of punctuation alone
                if _WORD.search(clean, edit.new_start, c) and _WORD.search(clean, c, edit.new_end)}
        if not cuts:
            return [edit]
        out: list[Edit] = []
        start = edit.new_start
        for k, cut in enumerate([*sorted(cuts), edit.new_end]):
            old_text = edit.old_text if k == 0 else ""
            old_at = (edit.old_start, edit.old_end) if k == 0 else (edit.old_end, edit.old_end)
            kind = ("replace" if old_text else "insert") if cut > start else "delete"
            out.append(Edit(kind, *old_at, start, cut, old_text, clean[start:cut]))
            start = cut
        return [e for e in out if e.old_text or e.new_text]


def _words_end(clean: str, start: int, end: int) -> int:
    """Where the words of clean[start:end] end: after its last letter or digit, so that the
    punctuation, quotes and brackets closing a change (`entirely (Proposed by US ...).`) lie
    past it; `end` when the change holds no word."""
    for k in range(end, start, -1):
        if _WORD.match(clean, k - 1):
            return k
    return end


def _from(a: Annotation, rule: str) -> Attribution:
    """The attribution a marker gives: its proposers and supporters, never its opposers."""
    return Attribution(a.credited, a.date, marker_key(a), rule, a.stances)
