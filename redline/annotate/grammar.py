"""The marker grammar: find every negotiation marker in a paragraph's raw text.

Markers are bracketed groups (`(Agreed IM 11-5-2015)`, `[CAN as appropriate 11-18-2015]`,
nested or unbalanced), proposals that open a paragraph (`COL: ...`, `ALT PROPOSAL BY ARG`) and
a few unbracketed tails (`... Approved 5-7-2015)`, `BR/ARG (Pending)`). Each becomes an
`Annotation` with offsets into the raw text and, where it carries proposed words, the raw spans
of those words (`kept`), which stay in the clean text.

Plain parenthetical text, acronyms of bodies (`(IACHR)`) and resolution symbols
(`(XXXV-O/05)`) are never annotations: a group is a marker only when it has a date, a status
word, or opens with a delegation. Each family of markers is read in its own module of
`redline.annotate.markers`; this class tries them in order.
"""

from __future__ import annotations

from dataclasses import replace

from redline.annotate.delegations import Registry
from redline.annotate.markers.brackets import bracket_groups, drop_nested, shift, without
from redline.annotate.markers.context import Patterns, bracket
from redline.annotate.markers.heads import Heads
from redline.annotate.markers.notes import Notes
from redline.annotate.markers.proposals import Proposals
from redline.annotate.markers.status import StatusMarkers
from redline.annotate.markers.tails import Tails
from redline.annotate.markers.vocabulary import ENGLISH, Vocabulary
from redline.model import Annotation

__all__ = ["ENGLISH", "Grammar", "Vocabulary"]


class Grammar:
    """Marker parser bound to one delegation registry, one language and one date order."""

    def __init__(self, registry: Registry, date_order: str = "MDY",
                 vocabulary: Vocabulary = ENGLISH) -> None:
        self.registry = registry
        self.date_order = date_order
        self.patterns = p = Patterns(registry, date_order, vocabulary)
        self.heads = Heads(p)
        self.tails = Tails(p)
        proposals, notes = Proposals(p), Notes(p)
        # A bracket group is the first of these that recognises it; the order settles overlaps
        # (an editorial note naming a delegation is editorial; "PY supports" is a note).
        self.bracket_readers = (
            notes.editorial, proposals.proposed_by, self.heads.lead_in, notes.presented_by,
            notes.withdrawal, proposals.delegation_group, StatusMarkers(p).read,
            proposals.alternative, notes.bare_date,
        )

    def parse(self, raw: str, offset: int = 0) -> list[Annotation]:
        """All markers in `raw`, in order of position; `offset` is where `raw` starts."""
        whole = self.heads.paragraph(raw)
        if whole is not None:
            found = [whole]
            if whole.kept:  # proposals nested in a head proposal's text, markers after it
                ks, ke = whole.kept[0]
                nested = self._groups(raw, ks, ke)
                found += nested + self._groups(raw, whole.end, len(raw))
                if nested:
                    found[0] = replace(whole, proposed_text=without(raw, ks, ke, nested))
        else:
            found = self._groups(raw, 0, len(raw))
            found += self.tails.find(raw, found)
        found = drop_nested(found)
        found.sort(key=lambda a: (a.start, -a.end))
        if offset:
            found = [shift(a, offset) for a in found]
        return found

    def delegations_in(self, text: str) -> tuple[str, ...]:
        """Canonical codes named in `text`, in order, without repeats."""
        return self.patterns.delegations_in(text)

    def _groups(self, raw: str, lo: int, hi: int) -> list[Annotation]:
        out: list[Annotation] = []
        for g in bracket_groups(raw, lo, hi):
            b = bracket(self.patterns, raw, g, lo)
            if b is None:
                continue
            for reader in self.bracket_readers:
                ann = reader(b)
                if ann is not None:
                    out.append(ann)
                    break
        return out
