"""Proposals that head a paragraph.

- `COL: Intensify efforts ... 11-17-2015`: a delegation, a colon, the words it proposes;
- `ALT PROPOSAL BY ARG`, `(ALTERNATIVE PROPOSAL OF THE DELEGATION OF CAN 4-16-2015)`: a lead-in
  line for the paragraph that follows;
- `Proposal presented by the delegation of Mexico on 12/07/2015:`.
"""

from __future__ import annotations

import re

from redline.annotate.markers.context import Bracket, LazyPattern, Patterns
from redline.dates import DATE_RE
from redline.model import Annotation, MarkerKind


class Heads:
    """Whole-paragraph proposals and lead-in lines."""

    def __init__(self, p: Patterns) -> None:
        self.p = p
        v, dels, date = p.v, p.dels_re.pattern, DATE_RE.pattern
        self.head_re = LazyPattern(
            rf"(?P<dels>{dels})\s*:\s*(?P<body>.+?)"
            rf"(?P<tail>\s*[–—-]?\s*(?P<date>{date})\s*\)?)?"
            rf"(?P<rest>(?:\s*[(\[][^()\[\]]*[)\]])*)\s*$",  # later markers: "(Agreed ...)"
            re.DOTALL,
        )
        self.alt_re = LazyPattern(
            rf"\(?\s*{v.alternative}\s+(?:BY\s+|OF\s+)?(?:THE\s+)?"
            rf"(?:{v.of_delegation}\s+)?(?P<dels>{dels})\s*:?\s*"
            rf"(?:\(?\s*(?P<date>{date})\s*\)?)?\s*\)?\s*$",
            re.IGNORECASE,
        )
        self.presented_re = LazyPattern(
            rf"\(?\s*Proposal\s+{v.presented_by}\s+(?:the\s+)?"
            rf"(?:{v.of_delegation}\s+)?(?:the\s+)?(?P<dels>{dels})"
            rf"(?:\s+{v.on}\s+(?P<date>{date}))?[^()\[\]]*?:\s*\)?\s*$",
            re.IGNORECASE,
        )

    def paragraph(self, raw: str) -> Annotation | None:
        """A lead-in line (`ALT PROPOSAL BY ARG`) or a head proposal (`COL: text 11-17-2015`)."""
        p = self.p
        stripped = raw.rstrip()
        lead = len(raw) - len(raw.lstrip())
        for rx in (self.alt_re, self.presented_re):
            m = rx.match(stripped, lead)
            if m:
                return Annotation(
                    text=stripped[lead:], kind=MarkerKind.PROPOSAL, start=lead,
                    end=len(stripped), delegations=p.delegations_in(m.group("dels")),
                    date=p.date(m.group("date")), heads_paragraph=True,
                )
        m = self.head_re.match(stripped, lead)
        if not m:
            return None
        dels = p.delegations_in(m.group("dels"))
        if not dels:
            return None
        ks, ke = m.start("body"), m.end("body")
        ke = ks + len(stripped[ks:ke].rstrip())
        if ke <= ks:
            return None
        end = m.start("rest") if m.group("rest") else len(stripped)
        return Annotation(
            text=stripped[lead:end], kind=MarkerKind.PROPOSAL, start=lead, end=end,
            delegations=dels, date=p.date(m.group("date")),
            proposed_text=stripped[ks:ke], kept=((ks, ke),), heads_paragraph=True,
        )

    def lead_in(self, b: Bracket) -> Annotation | None:
        """`(ALTERNATIVE PROPOSAL BY CAN 4-16-2015)` inside a paragraph: heads what follows."""
        m = self.alt_re.match(b.inner)
        if not m:
            return None
        return Annotation(kind=MarkerKind.PROPOSAL, heads_paragraph=True,
                          delegations=self.p.delegations_in(m.group("dels")), **b.base)
