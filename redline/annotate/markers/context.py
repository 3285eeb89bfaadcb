"""What every marker family shares: delegation lists, dates, and the group being read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.annotate.delegations import Registry
from redline.annotate.markers.brackets import Group
from redline.annotate.markers.vocabulary import Vocabulary
from redline.dates import DATE_RE, parse_date

DATE_SEP_RE = re.compile(r"[\s,;:–—-]*(?:\bIM\b[\s–—-]*)?$")  # "words, IM-" before a date
IM_TAIL_RE = re.compile(r"(?:[\s,;:–—-]*\bIM\b[\s–—-]*|[\s–—-]*)$")
_LETTER_RE = re.compile(r"[^\W\d_]")


class Patterns:
    """One registry's delegation patterns, one language's words and one date order."""

    def __init__(self, registry: Registry, date_order: str, vocabulary: Vocabulary) -> None:
        self.registry = registry
        self.date_order = date_order
        self.v = vocabulary
        self.words = vocabulary.compile()
        alias = registry.alias_pattern
        sep = r"(?:\s*(?:-|/|&|,|\band\b)\s*)"
        self.dels_re = re.compile(rf"(?<![A-Za-z])(?:{alias})(?:{sep}(?:{alias}))*(?![A-Za-z])")
        self.lead_dels_re = re.compile(rf"\s*(?:the\s+)?(?P<dels>{self.dels_re.pattern})")

    def delegations_in(self, text: str) -> tuple[str, ...]:
        """Canonical codes named in `text`, in order, without repeats."""
        out: list[str] = []
        for m in self.dels_re.finditer(text):
            for tok in re.split(r"\s*(?:/|&|,|\band\b|-(?!\s*CAM))\s*", m.group(0)):
                code = self.registry.lookup(tok)
                if code and code not in out:
                    out.append(code)
        return tuple(out)

    def date(self, text: str | None) -> str | None:
        """The ISO date of the first date in `text`."""
        if not text:
            return None
        m = DATE_RE.search(text)
        return self.date_m(m) if m else None

    def date_m(self, m: re.Match) -> str | None:
        return parse_date(m, self.date_order)

    def word_spans(self, raw: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans of proposed words between lo and hi, around any date and IM tag."""
        spans: list[tuple[int, int]] = []
        cursor = lo
        pieces = []
        for m in DATE_RE.finditer(raw, lo, hi):
            pieces.append((cursor, m.start(), True))
            cursor = m.end()
        pieces.append((cursor, hi, False))
        end_here = self.words.end_here_re
        for s, e, before_date in pieces:
            seg = raw[s:e]
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


@dataclass
class Bracket:
    """A bracket group being read: where it is, its inside, and what every marker gets."""

    raw: str
    group: Group
    inner: str
    base: dict  # text, start, end and date of the annotation it would become
    dates: list[re.Match]
    heads: bool  # nothing but white space before it in the paragraph


def bracket(p: Patterns, raw: str, g: Group, para_start: int) -> Bracket | None:
    """The context of a group, or None when it holds no letters and no date (`(12)`)."""
    inner = raw[g.inner_start:g.inner_end]
    if not _LETTER_RE.search(inner) and not DATE_RE.search(raw, g.start, g.end + 16):
        return None
    end = g.end
    # A date left outside the closing bracket: "(CHAIR - CAM: ... here) 1-19-2016)".
    after = re.match(rf"\s*[–—-]?\s*({DATE_RE.pattern})\s*\)", raw[end:])
    trailing_date = None
    if g.closed and after and not DATE_RE.search(inner):
        trailing_date = re.search(DATE_RE.pattern, after.group(0))
        end += after.end()
    dates = list(DATE_RE.finditer(inner))
    date = p.date_m(dates[0]) if dates else (p.date_m(trailing_date) if trailing_date else None)
    heads = not raw[para_start:g.start].strip()
    base = dict(text=raw[g.start:end], start=g.start, end=end, date=date)
    return Bracket(raw, g, inner, base, dates, heads)
