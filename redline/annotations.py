"""The marker grammar: find every negotiation marker in a paragraph's raw text.

Markers are bracketed groups (`(Agreed IM 11-5-2015)`, `[CAN as appropriate 11-18-2015]`,
nested or unbalanced), proposals that open a paragraph (`COL: ...`, `ALT PROPOSAL BY ARG`) and
a few unbracketed tails (`... Approved 5-7-2015)`, `BR/ARG (Pending)`). Each becomes an
`Annotation` with offsets into the raw text and, where it carries proposed words, the raw spans
of those words (`kept`), which stay in the clean text.

Plain parenthetical text, acronyms of bodies (`(IACHR)`) and resolution symbols
(`(XXXV-O/05)`) are never annotations: a group is a marker only when it has a date, a status
word, or opens with a delegation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from redline.dates import DATE_RE, parse_date
from redline.delegations import Registry
from redline.model import Annotation, MarkerKind, Status


@dataclass(frozen=True)
class Vocabulary:
    """The words of the marker grammar in one language, as regular expressions.

    The grammar's shape (brackets, dates, delegation lists, proposed words) is the same in every
    language; only these words change. Spanish, French and Portuguese drafts get a Vocabulary
    of their own (`Grammar(registry, vocabulary=...)`).
    """

    language: str
    agreed: str  # status words, matched as whole words
    approved: str
    pending: str
    ad_referendum: str
    withdraw: str
    note_verbs: str  # what a delegation does in a note: "(PY supports ...)"
    delete_verbs: str  # "[MEX-ES eliminate by employers ...]"
    editorial: str
    end_here: str
    proposed_by: str  # "(Proposed by US ...)"
    alternative: str  # "ALTERNATIVE PROPOSAL BY CAN", "ALT PROPOSAL DELEGATION OF ARG"
    presented_by: str  # "Proposal presented by the delegation of ..."
    of_delegation: str
    on: str  # "... on 12/07/2015"
    tail_verbs: str  # "CR suggested revising ..." outside brackets

    def compile(self) -> _Compiled:
        return _Compiled(self)


class _Compiled:
    """A Vocabulary's regular expressions, compiled once."""

    def __init__(self, v: Vocabulary) -> None:
        words = {"agreed": v.agreed, "approved": v.approved, "pending": v.pending}
        self.status_re = re.compile(
            r"\b(?:" + "|".join(f"(?P<{k}>{w})" for k, w in words.items()) + r")\b")
        self.ad_ref_re = re.compile(v.ad_referendum, re.IGNORECASE)
        self.withdraw_re = re.compile(rf"\b(?:{v.withdraw})\b", re.IGNORECASE)
        self.note_verb_re = re.compile(rf"^\s*(?:-\s*)?(?:{v.note_verbs})\b", re.IGNORECASE)
        self.delete_verb_re = re.compile(rf"^\s*(?:{v.delete_verbs})\b", re.IGNORECASE)
        self.editorial_re = re.compile(v.editorial, re.IGNORECASE)
        self.end_here_re = re.compile(rf"\s*\b{v.end_here}\.?\s*$", re.IGNORECASE)
        self.tail_hint_re = re.compile(rf"\b(?:{v.tail_verbs})", re.IGNORECASE)
        self.v = v

    def status(self, text: str) -> Status | None:
        m = self.status_re.search(text)
        if not m:
            return None
        if self.ad_ref_re.search(text):
            return Status.AD_REFERENDUM
        return Status(m.lastgroup)


ENGLISH = Vocabulary(
    language="en",
    agreed="Agreed|AGREED",
    approved="Approved|APPROVED",
    pending="Pending|PENDING",
    ad_referendum=r"\bad\.?\s*ref(?:erendum|\.)?",
    withdraw=r"rescinds?|withdraws?|withdrawn|retracts?",
    note_verbs=(r"supports?|requests?|needs?|wants?|suggest(?:s|ed)?|consult(?:s|ing|ations)?"
                r"|in\s+consultations?|asks?|prefers?|objects?|reserves?|proposes?|proposed"
                r"|agrees?|cannot|does|is|will|would"),
    delete_verbs=r"eliminate|delete|remove|strike|suppress",
    editorial=(r"adjusted as per decision|^\s*paragraph moved\b"
               r"|^\s*the original \d{4} (?:paragraph|text)|^\s*moved from\b|^\s*editorial\b"),
    end_here=r"End paragraph here",
    proposed_by=r"Proposed\s+by",
    alternative=r"ALT(?:ERNATIVE|\.)?\s+PROPOSAL",
    presented_by=r"(?:presented|made|submitted)\s+by",
    of_delegation=r"delegation\s+of",
    on=r"on",
    tail_verbs=r"suggested|suggests|requested|requests|proposed|proposes|supports|wants|prefers",
)

DATE_SEP_RE = re.compile(r"[\s,;:–—-]*(?:\bIM\b[\s–—-]*)?$")  # "words, IM-" before a date
IM_TAIL_RE = re.compile(r"(?:[\s,;:–—-]*\bIM\b[\s–—-]*|[\s–—-]*)$")
_BARE_HINT_RE = re.compile(r"[.;,]\s[A-Z]{2}")  # "... agreements. BR/ARG (Pending"
OPENERS = {"(": ")", "[": "]"}
MAX_DEPTH = 16  # how far down the open brackets a closer looks for its opener
UNCLOSED_REACH = 300  # an opener never closed ends at a date this close, or is no marker
MAX_UNCLOSED = 200  # unclosed openers considered in one paragraph
_BRACKET_RE = re.compile(r"[()\[\]]")
_LETTER_RE = re.compile(r"[^\W\d_]")
CLOSERS = {")": "(", "]": "["}


@dataclass
class _Group:
    start: int  # offset of the opening bracket
    end: int  # offset just past the closing bracket (or the end of the marker if unclosed)
    inner_start: int
    inner_end: int
    closed: bool


class Grammar:
    """Marker parser bound to one delegation registry and one date convention."""

    def __init__(self, registry: Registry, date_order: str = "MDY",
                 vocabulary: Vocabulary = ENGLISH) -> None:
        self.registry = registry
        self.date_order = date_order
        self.vocab = vocabulary.compile()
        v = vocabulary
        alias = registry.alias_pattern
        sep = r"(?:\s*(?:-|/|&|,|\band\b)\s*)"
        self.dels_re = re.compile(rf"(?<![A-Za-z])(?:{alias})(?:{sep}(?:{alias}))*(?![A-Za-z])")
        self.lead_dels_re = re.compile(rf"\s*(?:the\s+)?(?P<dels>{self.dels_re.pattern})")
        date = DATE_RE.pattern
        self.head_re = re.compile(
            rf"(?P<dels>{self.dels_re.pattern})\s*:\s*(?P<body>.+?)"
            rf"(?P<tail>\s*[–—-]?\s*(?P<date>{date})\s*\)?)?"
            rf"(?P<rest>(?:\s*[(\[][^()\[\]]*[)\]])*)\s*$",  # later markers: "(Agreed ...)"
            re.DOTALL,
        )
        self.alt_re = re.compile(
            rf"\(?\s*{v.alternative}\s+(?:BY\s+|OF\s+)?(?:THE\s+)?"
            rf"(?:{v.of_delegation}\s+)?(?P<dels>{self.dels_re.pattern})\s*:?\s*"
            rf"(?:\(?\s*(?P<date>{date})\s*\)?)?\s*\)?\s*$",
            re.IGNORECASE,
        )
        self.presented_re = re.compile(
            rf"\(?\s*Proposal\s+{v.presented_by}\s+(?:the\s+)?"
            rf"(?:{v.of_delegation}\s+)?(?:the\s+)?(?P<dels>{self.dels_re.pattern})"
            rf"(?:\s+{v.on}\s+(?P<date>{date}))?[^()\[\]]*?:\s*\)?\s*$",
            re.IGNORECASE,
        )
        self.presented_by_re = re.compile(
            rf"\s*(?:Proposal\s+)?{v.presented_by}\s+(?:the\s+)?"
            rf"(?:{v.of_delegation}\s+)?(?:the\s+)?(?P<dels>{self.dels_re.pattern})\s*$",
            re.IGNORECASE,
        )
        self.proposed_by_re = re.compile(
            rf"^\s*{v.proposed_by}\s+(?:the\s+)?(?P<dels>{self.dels_re.pattern})", re.IGNORECASE
        )
        self.tail_status_re = re.compile(
            rf"(?<![(\w])(?P<word>{v.agreed}|{v.approved}|{v.pending})\b[^()\[\]]{{0,80}}?"
            rf"(?P<date>{date})\s*\)?\s*$"
        )
        self.bare_dels_re = re.compile(
            rf"(?<=[.;,]\s)(?P<dels>{self.dels_re.pattern})(?=\s*(?:[(\[]|$))"
        )
        self.note_tail_re = re.compile(
            rf"(?<=[.;]\s)(?P<dels>{self.dels_re.pattern})\s+(?:{v.tail_verbs})\b"
            rf"[^()\[\]]*?(?=\s*[(\[]|\s*$)"
        )

    # -- public -------------------------------------------------------------------------

    def parse(self, raw: str, offset: int = 0) -> list[Annotation]:
        """All markers in `raw`, in order of position; `offset` is where `raw` starts."""
        whole = self._whole_paragraph(raw)
        if whole is not None:
            found = [whole]
            if whole.kept:  # proposals nested in a head proposal's text, markers after it
                ks, ke = whole.kept[0]
                nested = self._groups(raw, ks, ke)
                found += nested + self._groups(raw, whole.end, len(raw))
                if nested:
                    found[0] = replace(whole, proposed_text=_without(raw, ks, ke, nested))
        else:
            found = self._groups(raw, 0, len(raw))
            found += self._tails(raw, found)
        found = _drop_nested(found)
        found.sort(key=lambda a: (a.start, -a.end))
        if offset:
            found = [_shift(a, offset) for a in found]
        return found

    def delegations_in(self, text: str) -> tuple[str, ...]:
        """Canonical codes named in `text`, in order, without repeats."""
        out: list[str] = []
        for m in self.dels_re.finditer(text):
            for tok in re.split(r"\s*(?:/|&|,|\band\b|-(?!\s*CAM))\s*", m.group(0)):
                code = self.registry.lookup(tok)
                if code and code not in out:
                    out.append(code)
        return tuple(out)

    # -- whole-paragraph proposals ------------------------------------------------------

    def _whole_paragraph(self, raw: str) -> Annotation | None:
        """A lead-in line (`ALT PROPOSAL BY ARG`) or a head proposal (`COL: text 11-17-2015`)."""
        stripped = raw.rstrip()
        lead = len(raw) - len(raw.lstrip())
        for rx in (self.alt_re, self.presented_re):
            m = rx.match(stripped, lead)
            if m:
                return Annotation(
                    text=stripped[lead:], kind=MarkerKind.PROPOSAL, start=lead,
                    end=len(stripped), delegations=self.delegations_in(m.group("dels")),
                    date=self._date(m.group("date")), heads_paragraph=True,
                )
        m = self.head_re.match(stripped, lead)
        if not m:
            return None
        dels = self.delegations_in(m.group("dels"))
        if not dels:
            return None
        ks, ke = m.start("body"), m.end("body")
        ke = ks + len(stripped[ks:ke].rstrip())
        if ke <= ks:
            return None
        end = m.start("rest") if m.group("rest") else len(stripped)
        return Annotation(
            text=stripped[lead:end], kind=MarkerKind.PROPOSAL, start=lead, end=end,
            delegations=dels, date=self._date(m.group("date")),
            proposed_text=stripped[ks:ke], kept=((ks, ke),), heads_paragraph=True,
        )

    # -- bracketed groups ---------------------------------------------------------------

    def _groups(self, raw: str, lo: int, hi: int) -> list[Annotation]:
        out: list[Annotation] = []
        for g in _bracket_groups(raw, lo, hi):
            ann = self._classify(raw, g, lo)
            if ann is not None:
                out.append(ann)
        return out

    def _classify(self, raw: str, g: _Group, para_start: int) -> Annotation | None:
        inner = raw[g.inner_start:g.inner_end]
        if not _LETTER_RE.search(inner) and not DATE_RE.search(raw, g.start, g.end + 16):
            return None  # "(12)", "(3.1)": numbers, never a marker
        end = g.end
        # A date left outside the closing bracket: "(CHAIR - CAM: ... here) 1-19-2016)".
        after = re.match(rf"\s*[–—-]?\s*({DATE_RE.pattern})\s*\)", raw[end:])
        trailing_date = None
        if g.closed and after and not DATE_RE.search(inner):
            trailing_date = re.search(DATE_RE.pattern, after.group(0))
            end += after.end()
        text = raw[g.start:end]
        dates = list(DATE_RE.finditer(inner))
        date = self._date_m(dates[0]) if dates else (
            self._date_m(trailing_date) if trailing_date else None)
        heads = not raw[para_start:g.start].strip()
        base = dict(text=text, start=g.start, end=end, date=date)

        if self.vocab.editorial_re.search(inner):
            return Annotation(kind=MarkerKind.EDITORIAL, **base)
        m = self.proposed_by_re.match(inner)
        if m:
            return Annotation(kind=MarkerKind.PROPOSAL, heads_paragraph=heads,
                              delegations=self.delegations_in(m.group("dels")), **base)
        m = self.alt_re.match(inner)
        if m:
            return Annotation(kind=MarkerKind.PROPOSAL, heads_paragraph=True,
                              delegations=self.delegations_in(m.group("dels")), **base)
        m = self.presented_by_re.match(inner)
        if m:  # "(Proposal presented by the Chair)": who put the text forward
            return Annotation(kind=MarkerKind.ATTRIBUTION,
                              delegations=self.delegations_in(m.group("dels")), **base)
        if self.vocab.withdraw_re.search(inner) and (dates or self.delegations_in(inner)):
            return Annotation(kind=MarkerKind.NOTE, status=Status.WITHDRAWN,
                              delegations=self.delegations_in(inner), **base)
        lead = self.lead_dels_re.match(inner)
        if lead and self.delegations_in(lead.group("dels")):
            return self._delegation_group(raw, g, lead, inner, base, heads)
        status = self._status(inner)
        if status is not None:
            dels = self.delegations_in(_after_status(inner))
            return Annotation(kind=MarkerKind.STATUS, status=status, delegations=dels, **base)
        alt = self._alternative(raw, g, inner, base)
        if alt is not None:
            return alt
        if dates and not re.search(r"[A-Za-z]{3,}", DATE_RE.sub("", inner).replace("IM", "")):
            return Annotation(kind=MarkerKind.NOTE, **base)  # a bare date: "(11-5-2015)"
        return None

    def _delegation_group(self, raw, g, lead, inner, base, heads) -> Annotation:
        """A group opening with delegations: a proposal with words, an attribution, a note."""
        dels = self.delegations_in(lead.group("dels"))
        rest_start = g.inner_start + lead.end()
        rest = raw[rest_start:g.inner_end]
        if self.vocab.note_verb_re.match(rest):
            return Annotation(kind=MarkerKind.NOTE, delegations=self.delegations_in(inner),
                              **base)
        if self.vocab.delete_verb_re.match(rest):
            return Annotation(kind=MarkerKind.PROPOSAL, delegations=dels, action="delete",
                              **base)
        colon = re.match(r"\s*:\s*", rest)
        if colon:
            rest_start += colon.end()
        spans = self._word_spans(raw, rest_start, g.inner_end)
        if not spans:
            return Annotation(kind=MarkerKind.ATTRIBUTION, delegations=dels, **base)
        words = " ".join(raw[s:e] for s, e in spans)
        return Annotation(kind=MarkerKind.PROPOSAL, delegations=dels, proposed_text=words,
                          kept=tuple(spans), action="insert", heads_paragraph=heads, **base)

    def _word_spans(self, raw: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans of proposed words between lo and hi, around any date and IM tag."""
        spans: list[tuple[int, int]] = []
        cursor = lo
        pieces = []
        for m in DATE_RE.finditer(raw, lo, hi):
            pieces.append((cursor, m.start(), True))
            cursor = m.end()
        pieces.append((cursor, hi, False))
        for s, e, before_date in pieces:
            seg = raw[s:e]
            end_here = self.vocab.end_here_re
            seg = end_here.sub("", seg) if end_here.search(seg) else seg
            e = s + len(seg)
            tail = (DATE_SEP_RE if before_date else IM_TAIL_RE).search(seg)
            if tail:
                e = s + tail.start()
            head = re.match(r"[\s,;:–—-]*(?:\bIM\b)?[\s,;:–—-]*", raw[s:e])
            if head:
                s += head.end()
            if e > s and re.search(r"[A-Za-z]", raw[s:e]):
                spans.append((s, e))
        return spans

    def _alternative(self, raw, g, inner, base) -> Annotation | None:
        """`[relevant stakeholders MEX the parties concerned]`: one text, a code, another."""
        if len(inner.split()) > 15 or re.search(r"[()\[\]]", inner):
            return None
        for m in self.dels_re.finditer(inner):
            if not m.group(0).isupper():
                continue
            dels = self.delegations_in(m.group(0))
            before, after = inner[:m.start()].strip(), inner[m.end():].strip()
            if dels and re.search(r"[a-z]{3,}", before) and re.search(r"[a-z]{3,}", after):
                a_start = g.inner_start + m.end()
                spans = self._word_spans(raw, g.inner_start, g.inner_start + m.start())
                spans += self._word_spans(raw, a_start, g.inner_end)
                proposed = " ".join(raw[s:e] for s, e in self._word_spans(raw, a_start,
                                                                          g.inner_end))
                return Annotation(kind=MarkerKind.PROPOSAL, delegations=dels,
                                  proposed_text=proposed, kept=tuple(spans), action="replace",
                                  **base)
        return None

    # -- unbracketed tails --------------------------------------------------------------

    def _tails(self, raw: str, found: list[Annotation]) -> list[Annotation]:
        taken = [(a.start, a.end) for a in found]

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        out: list[Annotation] = []
        for rx, kind, hint in ((self.tail_status_re, MarkerKind.STATUS, self.vocab.status_re),
                               (self.note_tail_re, MarkerKind.NOTE, self.vocab.tail_hint_re),
                               (self.bare_dels_re, MarkerKind.ATTRIBUTION, _BARE_HINT_RE)):
            if hint is not None and not hint.search(raw):
                continue  # cheap test first: most paragraphs have no such tail
            for m in rx.finditer(raw):
                s, e = m.start(), m.end()
                if not free(s, e):
                    continue
                text = raw[s:e].rstrip()
                e = s + len(text)
                status = self._status(text) if kind is MarkerKind.STATUS else None
                date_m = DATE_RE.search(text)
                dels = self.delegations_in(_after_status(text) if status else text)
                if kind is not MarkerKind.STATUS and not dels:
                    continue
                if kind is MarkerKind.ATTRIBUTION and not text.isupper():
                    continue
                out.append(Annotation(text=text, kind=kind, start=s, end=e, status=status,
                                      delegations=dels,
                                      date=self._date_m(date_m) if date_m else None))
                taken.append((s, e))
        return out

    # -- helpers ------------------------------------------------------------------------

    def _status(self, text: str) -> Status | None:
        return self.vocab.status(text)

    def _date(self, text: str | None) -> str | None:
        if not text:
            return None
        m = DATE_RE.search(text)
        return self._date_m(m) if m else None

    def _date_m(self, m: re.Match) -> str | None:
        return parse_date(m, self.date_order)


def _after_status(text: str) -> str:
    """The part of a status marker that can name delegations (`ad referendum PY-CR`)."""
    return re.sub(r"\bIM\b", " ", text)


def _bracket_groups(raw: str, lo: int, hi: int) -> list[_Group]:
    """Bracket groups in raw[lo:hi], outermost and innermost, tolerating bad nesting.

    An opener never closed ends after its first date (`(US requests ... 4-24-2015 (Agreed`),
    or is ignored when it has none.
    """
    groups: list[_Group] = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_RE.finditer(raw, lo, hi):
        i, ch = m.start(), m.group()
        if ch in OPENERS:
            stack.append((ch, i))
        elif ch in CLOSERS:
            for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - MAX_DEPTH), -1):
                if stack[depth][0] == CLOSERS[ch]:
                    _, s = stack[depth]
                    del stack[depth:]
                    groups.append(_Group(s, i + 1, s + 1, i, True))
                    break
    for _, s in stack[:MAX_UNCLOSED]:
        m = DATE_RE.search(raw, s + 1, min(hi, s + UNCLOSED_REACH))
        if m:
            nxt = re.match(r"\s*[)\]]", raw[m.end():hi])
            end = m.end() + (nxt.end() if nxt else 0)
            groups.append(_Group(s, end, s + 1, m.end(), False))
    return groups


def _drop_nested(found: list[Annotation]) -> list[Annotation]:
    """Drop a marker lying inside another's removed part; keep those inside kept words.

    One sweep in order of position, with the markers still open on a stack.
    """
    out: list[Annotation] = []
    open_: list[Annotation] = []
    for a in sorted(found, key=lambda a: (a.start, -a.end)):
        while open_ and open_[-1].end <= a.start:
            open_.pop()
        inside = any(b.start <= a.start and a.end <= b.end and (b.start, b.end) != (a.start, a.end)
                     and not any(ks <= a.start and a.end <= ke for ks, ke in b.kept)
                     for b in open_[-8:])
        if not inside:
            out.append(a)
        open_.append(a)
    return out


def _without(raw: str, lo: int, hi: int, inner: list[Annotation]) -> str:
    """raw[lo:hi] without the inner markers (but with the words they carry)."""
    out, pos = [], lo
    for a in sorted(inner, key=lambda a: a.start):
        out.append(raw[pos:a.start])
        out.extend(raw[ks:ke] for ks, ke in a.kept)
        pos = a.end
    out.append(raw[pos:hi])
    return re.sub(r"\s+([,.;:)\]])", r"\1", " ".join(" ".join(out).split()))


def _shift(a: Annotation, offset: int) -> Annotation:
    return replace(a, start=a.start + offset, end=a.end + offset,
                   kept=tuple((s + offset, e + offset) for s, e in a.kept))
