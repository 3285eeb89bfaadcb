"""Unbracketed tails at the end of a sentence.

- `... Approved 5-7-2015)`: a status word and a date whose opening bracket was lost;
- `... agreements. CR suggested revising the wording`: a delegation's note;
- `... agreements. BR/ARG (Pending)`: the delegations that put the sentence there.
"""

from __future__ import annotations

import re

from redline.annotate.markers.context import LazyPattern, Patterns
from redline.annotate.markers.status import after_status
from redline.dates import DATE_RE
from redline.model import Annotation, MarkerKind

_BARE_HINT_RE = re.compile(r"[.;,]\s[A-Z]{2}")  # "... agreements. BR/ARG (Pending"


class Tails:
    """Markers outside brackets, found after the bracketed ones."""

    def __init__(self, p: Patterns) -> None:
        self.p = p
        v, dels, date = p.v, p.dels_re.pattern, DATE_RE.pattern
        self.status_re = re.compile(
            rf"(?<![(\w])(?P<word>{v.agreed}|{v.approved}|{v.pending})\b[^()\[\]]{{0,80}}?"
            rf"(?P<date>{date})\s*\)?\s*$"
        )
        self.bare_dels_re = LazyPattern(rf"(?<=[.;,]\s)(?P<dels>{dels})(?=\s*(?:[(\[]|$))")
        self.note_re = LazyPattern(
            rf"(?<=[.;]\s)(?P<dels>{dels})\s+(?:{v.tail_verbs})\b[^()\[\]]*?(?=\s*[(\[]|\s*$)"
        )

    def find(self, raw: str, found: list[Annotation]) -> list[Annotation]:
        """Tails in `raw` that overlap none of the markers `found` already."""
        p = self.p
        taken = [(a.start, a.end) for a in found]

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        out: list[Annotation] = []
        for rx, kind, hint in ((self.status_re, MarkerKind.STATUS, p.words.status_re),
                               (self.note_re, MarkerKind.NOTE, p.words.tail_hint_re),
                               (self.bare_dels_re, MarkerKind.ATTRIBUTION, _BARE_HINT_RE)):
            if not hint.search(raw):
                continue  # cheap test first: most paragraphs have no such tail
            for m in rx.finditer(raw):
                s, e = m.start(), m.end()
                if not free(s, e):
                    continue
                text = raw[s:e].rstrip()
                e = s + len(text)
                status = p.words.status(text) if kind is MarkerKind.STATUS else None
                date_m = DATE_RE.search(text)
                dels = p.delegations_in(after_status(text) if status else text)
                if kind is not MarkerKind.STATUS and not dels:
                    continue
                if kind is MarkerKind.ATTRIBUTION and not text.isupper():
                    continue
                out.append(Annotation(text=text, kind=kind, start=s, end=e, status=status,
                                      delegations=dels, date=p.date_m(date_m) if date_m else None))
                taken.append((s, e))
        return out
