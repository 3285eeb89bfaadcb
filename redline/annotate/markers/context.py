"""What every marker family shares: delegation lists, dates, and the group being read."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from redline.annotate.delegations import Registry
from redline.annotate.markers.brackets import Group
from redline.annotate.markers.vocabulary import Vocabulary
from redline.dates import DATE_RE, parse_date

DATE_SEP_RE = re.compile(r"[\s,;:–—-]*(?:\bIM\b[\s–—-]*)?$")  # "words, IM-" before a date
IM_TAIL_RE = re.compile(r"(?:[\s,;:–—-]*\bIM\b[\s–—-]*|[\s–—-]*)$")
_LETTER_RE = re.compile(r"[^\W\d_]")
_DATE_AFTER_RE = re.compile(rf"\s*[–—-]?\s*({DATE_RE.pattern})\s*\)")  # "here) 1-19-2016)"
_SPACE_RE = re.compile(r"\s*")
MAX_SCANNED = 4000  # no marker's inside is this long: a longer group is read by its head
HEAD = 500  # enough for any header: "[AA: Negotiators' Note: ...", "(Proposed by ..."


# After a code: not a letter, and a digit only when a date starts there ("US4-23-2015");
# "CO2", "CH4", "SF6" are formulae and "US$" a currency, never codes.
_CODE_END = r"(?:(?![A-Za-z0-9$€£%])|(?=\d{1,2}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{2,4}))"
_STOP = {"of", "the", "and", "for", "on", "in", "to", "a", "an", "de", "des", "du", "la", "le",
         "el", "los", "las", "et", "y", "e", "do", "da", "dos", "das"}


class LazyPattern:
    """A regular expression compiled on its first use. The patterns that embed a delegation
    list are long (the UN list makes each about 54,000 characters, a tenth of a second to
    compile) and a draft often reaches only some of them: the others cost nothing. `pattern`
    is there at once, for embedding in other patterns."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize
               ) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize
                 ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)


class Patterns:
    """One registry's delegation patterns, one language's words and one date order."""

    def __init__(self, registry: Registry, date_order: str, vocabulary: Vocabulary,
                 short_codes: bool = True) -> None:
        self.registry = registry
        self.date_order = date_order
        self.short_codes = short_codes
        self.v = vocabulary
        self.words = vocabulary.compile()
        alias = registry.alias_pattern_for(short_codes)
        sep = r"(?:\s*(?:-|/|&|,|\band\b)\s*)"
        self.dels_re = LazyPattern(
            rf"(?<![A-Za-z0-9])(?:{alias})(?:{sep}(?:{alias}))*{_CODE_END}")
        self.alias_re = LazyPattern(rf"(?<![A-Za-z0-9])(?:{alias}){_CODE_END}")
        self.lead_dels_re = LazyPattern(rf"\s*(?:the\s+)?(?P<dels>{self.dels_re.pattern})")

    def lookup(self, token: str) -> str | None:
        """The canonical code of one alias, honouring the convention's short-code rule."""
        return self.registry.lookup(token, short=self.short_codes)

    def delegations_in(self, text: str) -> tuple[str, ...]:
        """Canonical codes named in `text`, in order, without repeats."""
        out: list[str] = []
        for m in self.dels_re.finditer(text):
            seg = m.group(0)
            spans = [(a.start(), a.end()) for a in self.alias_re.finditer(seg)]
            i = 0
            while i < len(spans):  # the longest run of aliases that is one name:
                for j in range(min(len(spans), i + 8) - 1, i - 1, -1):  # "G-77 and China"
                    code = self.lookup(seg[spans[i][0]:spans[j][1]])
                    if code:
                        if code not in out:
                            out.append(code)
                        i = j
                        break
                i += 1
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
    inner_end = g.inner_end if g.inner_end - g.inner_start <= MAX_SCANNED else g.inner_start + HEAD
    inner = raw[g.inner_start:inner_end]
    if not _LETTER_RE.search(inner) and not DATE_RE.search(raw, g.start, g.end + 16):
        return None
    if is_acronym(raw, g):
        return None
    end = g.end
    # A date left outside the closing bracket: "(CHAIR - CAM: ... here) 1-19-2016)".
    after = _DATE_AFTER_RE.match(raw, end)
    trailing_date = None
    if g.closed and after and not DATE_RE.search(inner):
        trailing_date = re.search(DATE_RE.pattern, after.group(0))
        end = after.end()
    dates = list(DATE_RE.finditer(inner))
    date = p.date_m(dates[0]) if dates else (p.date_m(trailing_date) if trailing_date else None)
    heads = _SPACE_RE.match(raw, para_start, g.start).end() == g.start
    base = dict(text=raw[g.start:end], start=g.start, end=end, date=date)
    return Bracket(raw, g, inner, base, dates, heads)


def is_acronym(raw: str, g: Group) -> bool:
    """`certified units (CU)`, `Kyoto Protocol (KP)`, `Expert Group (LEG)`, `(LDCs)` after
    `least developed countries`: a parenthesised token that abbreviates the words before it."""
    token = raw[g.inner_start:g.inner_end].strip()
    if not re.fullmatch(r"[A-Z][A-Za-z]{1,7}", token) or raw[g.start] != "(":
        return False
    letters = token.rstrip("s") if token.endswith("s") and token[:-1].isupper() else token
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", raw[max(0, g.start - 160):g.start])
             if w.lower() not in _STOP]
    initials = "".join(w[0] for w in words).upper()
    caps = "".join(c for w in words[-len(letters) - 2:] for c in w if c.isupper())
    want = letters.upper()
    return bool(words) and (initials.endswith(want) or caps.endswith(want)
                            or _initials_in_order(want, words[-len(want) - 2:]))


def _initials_in_order(want: str, words: list[str]) -> bool:
    """`Least Developed Countries` → `LDC`, allowing one word the acronym skips."""
    if len(words) < len(want):
        return False
    firsts = [w[0].upper() for w in words]
    it = iter(firsts)
    return all(ch in it for ch in want) and firsts[-1] == want[-1] and firsts[0] in want[:2]
