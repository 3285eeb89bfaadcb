"""Bracketed proposals: who put words forward, and which words.

- `(Proposed by US- 4-16-2015)`: a proposal of the words before it;
- `(VEN people of African descent, IM-11-5-2015)`, `[CAN as appropriate 11-18-2015]`: a
  delegation and the words it proposes (kept in the clean text); a delegation alone is an
  attribution (`(US4-23-2015)`);
- `[MEX-ES eliminate by employers ...]`: a proposed deletion;
- `[relevant stakeholders MEX the parties concerned]`: one text, a code, the alternative.
"""

from __future__ import annotations

import re

from redline.annotate.markers.context import Bracket, LazyPattern, Patterns
from redline.dates import DATE_RE
from redline.model import Annotation, MarkerKind

_COLON_AFTER_RE = re.compile(rf"\s*(?:[–—-]?\s*{DATE_RE.pattern})?\s*:\s*")


class Proposals:
    """Markers that carry a delegation's proposal."""

    def __init__(self, p: Patterns) -> None:
        self.p = p
        self.proposed_by_re = LazyPattern(
            rf"^\s*{p.v.proposed_by}\s+(?:the\s+)?(?P<dels>{p.dels_re.pattern})", re.IGNORECASE
        )
        self.proposed_by_search_re = re.compile(rf"\b{p.v.proposed_by}\b", re.IGNORECASE)

    def proposed_by(self, b: Bracket) -> Annotation | None:
        """`(Proposed by US- 4-16-2015)`."""
        m = self.proposed_by_re.match(b.inner)
        if not m:
            return None
        dels = self.p.delegations_in(m.group("dels"))
        # "(Proposed by US: and observers 4-16-2015)", "[Proposed by Brazil 12/06/2023: on
        # Article 6.8]": the words after the colon are proposed, and stay in the text
        colon = _COLON_AFTER_RE.match(b.inner, m.end())
        if colon:
            at = b.group.inner_start + colon.end()
            spans = self.p.word_spans(b.raw, at, b.group.inner_end)
            if spans:
                return Annotation(kind=MarkerKind.PROPOSAL, heads_paragraph=b.heads,
                                  delegations=dels, kept=tuple(spans), action="insert",
                                  proposed_text=" ".join(b.raw[s:e] for s, e in spans),
                                  **b.base)
        return Annotation(kind=MarkerKind.PROPOSAL, heads_paragraph=b.heads, delegations=dels,
                          **b.base)

    def delegation_group(self, b: Bracket) -> Annotation | None:
        """A group opening with delegations: a proposal with words, an attribution, a note."""
        p, g, raw = self.p, b.group, b.raw
        lead = p.lead_dels_re.match(b.inner)
        if not lead:
            return None
        dels = p.delegations_in(lead.group("dels"))
        if not dels:
            return None
        rest_start = g.inner_start + lead.end()
        rest = raw[rest_start:g.inner_end]
        if p.words.note_verb_re.match(rest) or p.words.objection_re.match(rest):
            # "(PY supports language proposed by US ...)", "(CAN opposes 11-18-2015)"
            named = p.delegations_in(b.inner)
            positions = [(p.words.stance(rest[:40]), dels)]
            later = tuple(d for d in named if d not in dels)
            if later:
                by = self.proposed_by_search_re.search(rest)
                positions.append(("propose" if by else "note", later))
            return Annotation(kind=MarkerKind.NOTE, delegations=named,
                              positions=tuple(positions), **b.base)
        verb = p.words.delete_verb_re.match(rest)
        if verb:  # "[MEX-ES eliminate by employers and migrants]": the words named stay in
            # the text; the paragraph finds them (`redline.annotate.paragraphs`)
            named = " ".join(raw[s:e] for s, e in p.word_spans(raw, rest_start + verb.end(),
                                                                g.inner_end))
            return Annotation(kind=MarkerKind.PROPOSAL, delegations=dels, action="delete",
                              proposed_text=named or None, **b.base)
        colon = re.match(r"\s*:\s*", rest)
        if colon:
            rest_start += colon.end()
        spans = p.word_spans(raw, rest_start, g.inner_end)
        if not spans:  # "(US4-23-2015)"; an undated "(CAN)", "(MX)" is an acronym or text
            if not b.base["date"]:
                return None
            return Annotation(kind=MarkerKind.ATTRIBUTION, delegations=dels, **b.base)
        words = " ".join(raw[s:e] for s, e in spans)
        if p.words.ends_here_re.search(rest):  # "(CHAIR: ... End paragraph here)": the
            # words after the marker are proposed for deletion, and stay in the text
            return Annotation(kind=MarkerKind.PROPOSAL, delegations=dels, proposed_text=words,
                              kept=tuple(spans), action="replace", heads_paragraph=b.heads,
                              target=(b.base["end"], len(raw)), **b.base)
        return Annotation(kind=MarkerKind.PROPOSAL, delegations=dels, proposed_text=words,
                          kept=tuple(spans), action="insert", heads_paragraph=b.heads, **b.base)

    def alternative(self, b: Bracket) -> Annotation | None:
        """`[relevant stakeholders MEX the parties concerned]`: one text, a code, another."""
        p, g, raw, inner = self.p, b.group, b.raw, b.inner
        if len(inner.split()) > 15 or re.search(r"[()\[\]]", inner):
            return None
        for m in p.dels_re.finditer(inner):
            if not m.group(0).isupper():
                continue
            dels = p.delegations_in(m.group(0))
            before, after = inner[:m.start()].strip(), inner[m.end():].strip()
            if dels and re.search(r"[a-z]{3,}", before) and re.search(r"[a-z]{3,}", after):
                a_start = g.inner_start + m.end()
                spans = p.word_spans(raw, g.inner_start, g.inner_start + m.start())
                spans += p.word_spans(raw, a_start, g.inner_end)
                proposed = " ".join(raw[s:e] for s, e in p.word_spans(raw, a_start, g.inner_end))
                return Annotation(kind=MarkerKind.PROPOSAL, delegations=dels,
                                  proposed_text=proposed, kept=tuple(spans), action="replace",
                                  **b.base)
        return None
