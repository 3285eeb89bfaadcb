"""Position brackets of consolidated trade texts: who proposes, supports or opposes the words.

`[AA/BB propose; CC oppose: <text>]`, `[DD propose: <text>]`, `[AA/BB/CC4/DD propose ...`
(footnote digits glued to a code or a verb), `[AA // BB propose, CC oppose: ...]`, a stray `]`
after the codes, country names instead of codes, oppose before propose, a bracket never closed.
The header is the marker; `[` and `<text>]` stay in the clean text (`kept`), and the annotation's
`proposed_text` is `<text>` (continued over the next paragraphs when the bracket runs on).
"""

from __future__ import annotations

import re

from redline.annotate.markers.brackets import closing_after
from redline.annotate.markers.context import Patterns
from redline.model import CREDIT_STANCES, Annotation, MarkerKind

_PARTY = r"[A-Z][\w.'’-]{0,40}?(?:\s+(?:of\s+|and\s+)?[A-Z][\w.'’-]{1,30}?){0,3}\d{0,2}"
_PARTY_SEP = r"\s*(?:/+|,|&|\band\b)\s*"
_SPACE_RE = re.compile(r"\s*")
_LOOKAHEAD = 400  # a header is short: never scan further for its colon


class Positions:
    """Find position headers anywhere in a paragraph, at an opening square bracket."""

    def __init__(self, p: Patterns) -> None:
        self.p = p
        verbs = p.words.stance_verbs
        parties = rf"{_PARTY}(?:{_PARTY_SEP}{_PARTY})*"
        clause = rf"{parties}\s*\]?\s*(?i:{verbs})\d{{0,2}}"
        self.clause_re = re.compile(
            rf"\s*(?P<parties>{parties})\s*\]?\s*(?i:{verbs})\d{{0,2}}\s*[;,]?")
        self.header_re = re.compile(
            rf"\[\s*(?:{clause})(?:\s*[;,]?\s*(?:{clause}))*\s*(?::\s*\d{{0,2}}\s*|(?=\s))")
        self.party_re = re.compile(_PARTY_SEP)

    def find(self, raw: str) -> list[Annotation]:
        """Every position bracket in `raw`; each spans its header and the words it holds."""
        heads: list[tuple[int, re.Match, tuple]] = []
        pos = 0
        while (start := raw.find("[", pos)) >= 0:
            pos = start + 1
            m = self.header_re.match(raw, start, min(len(raw), start + _LOOKAHEAD))
            if not m:
                continue
            positions = self._positions(raw[start + 1:m.end()])
            if any(ds for _, ds in positions):
                heads.append((start, m, positions))
                pos = m.end()
        out: list[Annotation] = []
        lead = _SPACE_RE.match(raw).end()  # a header at `lead` heads the paragraph
        starts = [start for start, _, _ in heads[1:]] + [len(raw)] if heads else []
        for (start, m, positions), close, nxt in zip(
                heads, closing_after(raw, [m.end() for _, m, _ in heads]), starts, strict=True):
            dels = tuple(dict.fromkeys(d for _, ds in positions for d in ds))
            if ":" not in m.group(0) and not any(st in CREDIT_STANCES for st, _ in positions):
                # "[US oppose the inclusion of this paragraph]": a stance on the text around
                # it, not a header over words; the whole bracket is the marker
                if close >= 0:
                    out.append(Annotation(
                        text=raw[start:close], kind=MarkerKind.NOTE, start=start, end=close,
                        delegations=dels, positions=positions))
                continue
            # never closed: its words run to the next header (a bracket storm stays linear)
            end = close if close >= 0 else nxt
            body_end = end - 1 if close >= 0 else end
            words = raw[m.end():body_end].strip()
            kept = ((start, start + 1), (m.end(), end))
            out.append(Annotation(
                text=raw[start:end], kind=MarkerKind.POSITION, start=start, end=end,
                delegations=dels, positions=positions, proposed_text=words or None,
                kept=kept, action="insert" if words else None,
                heads_paragraph=start <= lead))
        return out

    def _positions(self, header: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        out: dict[str, list[str]] = {}
        words = self.p.words
        for m in self.clause_re.finditer(header.rstrip(" :0123456789")):
            stance = words.stance(m.group(0)[len(m.group("parties")):] or m.group(0))
            for tok in self.party_re.split(m.group("parties")):
                tok = tok.strip()  # "G77" as is, else a footnote number glued on: "CA5"
                code = self.p.registry.lookup(tok) or self.p.registry.lookup(
                    re.sub(r"\d+$", "", tok))
                if code and code not in out.setdefault(stance, []):
                    out[stance].append(code)
        return tuple((s, tuple(d)) for s, d in out.items() if d)
