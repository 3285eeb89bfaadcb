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
from functools import lru_cache

from redline.annotate.convention import Convention, load_convention
from redline.annotate.delegations import Registry
from redline.annotate.markers.brackets import bracket_groups, drop_nested, shift, without
from redline.annotate.markers.context import Patterns, bracket
from redline.annotate.markers.heads import Heads
from redline.annotate.markers.notes import Notes, PartyNotes
from redline.annotate.markers.positions import Positions
from redline.annotate.markers.proposals import Proposals
from redline.annotate.markers.status import StatusMarkers
from redline.annotate.markers.tails import Tails
from redline.annotate.markers.vocabulary import ENGLISH, Vocabulary
from redline.errors import RedlineError
from redline.model import Annotation, MarkerKind

__all__ = ["ENGLISH", "Grammar", "Vocabulary"]

PARSE_CACHE = 32_768  # paragraphs whose markers a grammar remembers (drafts repeat them)


class Grammar:
    """Marker parser bound to one convention, one delegation registry, one language and one
    date order. The convention names the families of markers and the order they are tried in
    (an editorial note naming a delegation is editorial; "PY supports" is a note)."""

    def __init__(self, registry: Registry, date_order: str | None = None,
                 vocabulary: Vocabulary | None = None,
                 convention: Convention | None = None,
                 authors: tuple[tuple[str, str], ...] = ()) -> None:
        self.convention = conv = convention or load_convention("oas")
        self.registry = registry
        self.authors = dict(authors)  # Word author -> delegation (`[authors]` tables)
        self.date_order = date_order or conv.date_order
        vocab = vocabulary or conv.vocabulary("en")
        self.patterns = p = Patterns(registry, self.date_order, vocab, conv.short_codes)
        heads, notes, proposals = Heads(p), Notes(p), Proposals(p)
        readers = {
            "editorial": notes.editorial, "party_note": PartyNotes(p).read,
            "position": None, "proposed_by": proposals.proposed_by, "lead_in": heads.lead_in,
            "presented_by": notes.presented_by, "withdrawal": notes.withdrawal,
            "delegation_group": proposals.delegation_group, "status": StatusMarkers(p).read,
            "alternative": proposals.alternative, "bare_date": notes.bare_date,
        }
        unknown = [f for f in conv.families if f not in readers]
        unknown += [f for f in conv.paragraph_families if f not in ("heads", "tails")]
        if unknown:
            raise RedlineError(f"{conv.source}: unknown marker families {', '.join(unknown)} "
                               f"(known: {', '.join([*readers, 'heads', 'tails'])})")
        self.bracket_readers = tuple(readers[f] for f in conv.families if readers[f])
        self.positions = Positions(p) if "position" in conv.families else None
        self.heads = heads if "heads" in conv.paragraph_families else None
        self.tails = Tails(p) if "tails" in conv.paragraph_families else None
        # The markers of a text depend on nothing else: a paragraph repeated in the draft, or
        # unchanged in the next version, is parsed once.
        self._markers = lru_cache(maxsize=PARSE_CACHE)(self._find)

    def parse(self, raw: str, offset: int = 0) -> list[Annotation]:
        """All markers in `raw`, in order of position; `offset` is where `raw` starts."""
        found = self._markers(raw)
        return [shift(a, offset) for a in found] if offset else list(found)

    def _find(self, raw: str) -> tuple[Annotation, ...]:
        positions = self.positions.find(raw) if self.positions and "[" in raw else []
        skip = frozenset(a.start for a in positions)
        whole = self.heads.paragraph(raw) if self.heads and not positions else None
        if whole is not None:
            found = [whole]
            if whole.kept:  # proposals nested in a head proposal's text, markers after it
                ks, ke = whole.kept[0]
                nested = self._groups(raw, ks, ke, skip)
                found += nested + self._groups(raw, whole.end, len(raw), skip)
                if nested:
                    found[0] = replace(whole, proposed_text=without(raw, ks, ke, nested))
        else:
            found = positions + self._groups(raw, 0, len(raw), skip)
            if self.tails:
                found += self.tails.find(raw, found)
        found = drop_nested(found)
        found.sort(key=lambda a: (a.start, -a.end))
        return tuple(_dated_by_enclosing(found))

    def delegations_in(self, text: str) -> tuple[str, ...]:
        """Canonical codes named in `text`, in order, without repeats."""
        return self.patterns.delegations_in(text)

    def _groups(self, raw: str, lo: int, hi: int,
                skip: frozenset[int] = frozenset()) -> list[Annotation]:
        out: list[Annotation] = []
        for g in bracket_groups(raw, lo, hi):
            if g.start in skip:  # a position bracket, read whole by Positions
                continue
            b = bracket(self.patterns, raw, g, lo)
            if b is None:
                continue
            for reader in self.bracket_readers:
                ann = reader(b)
                if ann is not None:
                    out.append(ann)
                    break
        return out


_ENCLOSING = (MarkerKind.PROPOSAL, MarkerKind.POSITION)


def _dated_by_enclosing(found: list[Annotation]) -> list[Annotation]:
    """An undated marker nested in a dated proposal takes that proposal's date: the VEN words
    inside the US proposal of 1-19-2016 were proposed on that day, not on the version's."""
    out = []
    for a in found:
        if a.date is None and a.kind is not MarkerKind.STATUS:
            outer = [o for o in found if o.date and o.kind in _ENCLOSING and o is not a
                     and o.start <= a.start and a.end <= o.end
                     and o.end - o.start > a.end - a.start]
            if outer:
                a = replace(a, date=min(outer, key=lambda o: o.end - o.start).date)
        out.append(a)
    return out
