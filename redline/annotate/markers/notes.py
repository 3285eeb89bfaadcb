"""Notes, withdrawals, attributions and editorial markers: what is said about the text.

- `(PY supports language proposed by US ...)`: a note (read with the delegation groups, in
  `proposals.py`, because it opens with a delegation);
- `(The US rescinds its proposal 4-23-2015)`: a withdrawal;
- `(Proposal presented by the Chair)`: an attribution of the text around it;
- `(Title adjusted as per decision of 12/07/2015)`, `(Paragraph moved ...)`: editorial;
- `(11-5-2015)`: a bare date.
"""

from __future__ import annotations

import re

from redline.annotate.markers.context import Bracket, LazyPattern, Patterns
from redline.dates import DATE_RE
from redline.model import Annotation, MarkerKind, Status


class Notes:
    """Markers that comment on the text rather than propose words."""

    def __init__(self, p: Patterns) -> None:
        self.p = p
        v = p.v
        self.presented_by_re = LazyPattern(
            rf"\s*(?:Proposal\s+)?{v.presented_by}\s+(?:the\s+)?"
            rf"(?:{v.of_delegation}\s+)?(?:the\s+)?(?P<dels>{p.dels_re.pattern})\s*$",
            re.IGNORECASE,
        )

    def editorial(self, b: Bracket) -> Annotation | None:
        if not self.p.words.editorial_re.search(b.inner):
            return None
        return Annotation(kind=MarkerKind.EDITORIAL, **b.base)

    def presented_by(self, b: Bracket) -> Annotation | None:
        """`(Proposal presented by the Chair)`: who put the text forward."""
        m = self.presented_by_re.match(b.inner)
        if not m:
            return None
        return Annotation(kind=MarkerKind.ATTRIBUTION,
                          delegations=self.p.delegations_in(m.group("dels")), **b.base)

    def withdrawal(self, b: Bracket) -> Annotation | None:
        p = self.p
        if not p.words.withdraw_re.search(b.inner):
            return None
        dels = p.delegations_in(b.inner)
        if not (b.dates or dels):
            return None
        return Annotation(kind=MarkerKind.NOTE, status=Status.WITHDRAWN, delegations=dels,
                          **b.base)

    def bare_date(self, b: Bracket) -> Annotation | None:
        """`(11-5-2015)`, `(IM 11-5-2015)`: a date and nothing else."""
        if b.dates and not re.search(r"[A-Za-z]{3,}",
                                     DATE_RE.sub("", b.inner).replace("IM", "")):
            return Annotation(kind=MarkerKind.NOTE, **b.base)
        return None


_NAME_RE = re.compile(r"\s*(?:The\s+)?(?:delegation\s+of\s+)?[A-Z][\w.'’-]*"
                      r"(?:\s+(?:of|and|the|[A-Z][\w.'’-]*)){0,5}\s*")


class PartyNotes:
    """A note by a Party or by the negotiators: a comment on the text, never text itself.

    `[Negotiators' Note: ...]`, `[AA: Negotiator's Note: ...]`, `[NOTE: ...]`,
    `(Group X internal note: ...)`, `[Freedonia wishes the following reservation to be
    recorded: ...]`. The whole bracket leaves the clean text; its stance is `reserve` for a
    reservation, else what its verbs say, else `note`.
    """

    def __init__(self, p: Patterns) -> None:
        self.p = p
        w = p.words
        self.head_re = re.compile(
            rf"^\s*(?:(?P<who>[^:()\[\]]{{1,80}}?)\s*[:,-]?\s*)?(?:{p.v.note_words})\s*[:.-]",
        )
        self.reservation_re = w.reservation_re

    def read(self, b: Bracket) -> Annotation | None:
        p, inner = self.p, b.inner
        m = self.head_re.match(inner)
        if m:
            dels = p.delegations_in(m.group("who") or "")
            body = inner[m.end():]
            stance = "reserve" if self.reservation_re.search(body[:200]) else "note"
            return Annotation(kind=MarkerKind.NOTE, delegations=dels,
                              positions=((stance, dels),) if dels else (), **b.base)
        r = self.reservation_re.search(inner, 0, 300)
        # "[Freedonia wishes the following reservation ...]": the phrase is the evidence, even
        # when the Party is not on the delegation list (its name then credits no one).
        if r and (p.delegations_in(inner[:r.start()]) or _NAME_RE.fullmatch(inner[:r.start()])):
            dels = p.delegations_in(inner[:r.start()])
            return Annotation(kind=MarkerKind.NOTE, delegations=dels,
                              positions=(("reserve", dels),) if dels else (), **b.base)
        return None
