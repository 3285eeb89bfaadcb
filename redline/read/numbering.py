"""Numbering conventions as data: the label patterns and heading words the text reader knows.

A `Numbering` is what a drafting convention says about how its paragraphs are numbered. The
reader receives it as an argument and interprets nothing else; `DEFAULT` recognises the forms
of OAS and UN drafts alike:

- numbered paragraphs `18.`, `3.2.`, `3.3`, `3.3:`, with Latin suffixes `23.bis`, `3bis`,
  `3 ter`, `3.3 ter`, `(17 quater)`;
- preambular and operative paragraphs `Pp1`, `PP 1`, `Op1`, `OP.1`;
- sections `V.`, `A.`, sub-items `a.`, `ii.`, `iv)`, `(a)`, `(i)`, `(3)`;
- worded headings on a line of their own, possibly with a title: `Article 4`,
  `Article 4 bis (adaptation)`, `[Article 3bis] (REDD-plus)`, `Chapter II`, `Section A`, and
  unnumbered ones such as `Preamble`;
- the words that introduce alternative texts (`Option 1:`, `Alt`), which stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

SUFFIXES = ("bis", "ter", "quater", "quat", "quinquies", "sexies", "septies", "octies",
            "novies", "decies", "alt")

# One alternative per label form, tried in order; `{suffix}` stands for the Latin suffixes.
LABELS = (
    r"\d{1,4}\.\s?(?:{suffix})\b\.?",  # 23.bis
    r"\d{1,4}(?:\.\d{1,3})+\s?(?:{suffix})\b[.:]?",  # 3.3bis  3.3 ter
    r"\d{1,4}(?:\.\d{1,3})+:?(?=\s+[\[({\"“A-Z]|\s*$)",  # 3.3  3.3:  (not 1.5 °C)
    r"\d{1,4}\s?(?:{suffix})\b[.:]?",  # 3bis  3 bis.
    r"\d{1,4}\.(?:\d{1,3}\.)*(?!\d)",  # 18.  3.2.
    r"[PO][Pp]\.?\s?\d{1,3}(?:\s?(?:{suffix})\b)?\.?",  # PP1  Op1  OP.1
    r"[IVXLC]{1,7}\.",  # V.
    r"[A-Z]\.",  # A.
    r"[a-z]\.",  # a.  i.
    r"[ivx]{2,6}[.)]",  # ii.  iii)
    r"\(\d{1,4}\s?(?:{suffix})\)",  # (17 quater)  (17bis)
    r"\((?:[a-z]{1,4}|\d{1,3})\)",  # (a)  (iv)  (3)
)

# Worded headings by rank: a heading closes those of its own rank and below.
HEADING_WORDS = (("Part", "Annex", "Appendix"), ("Chapter",), ("Section",),
                 ("Article", "Rule", "Preamble"))
UNNUMBERED = ("Preamble", "Annex", "Appendix")  # headings that may stand without a number
OPTIONS = ("Option", "Alternative", "Alt")  # words that introduce alternative texts


@dataclass(frozen=True)
class Numbering:
    """The label patterns of a convention, as data (regular expressions and words)."""

    labels: tuple[str, ...] = LABELS
    suffixes: tuple[str, ...] = SUFFIXES
    heading_words: tuple[tuple[str, ...], ...] = HEADING_WORDS
    unnumbered: tuple[str, ...] = UNNUMBERED
    options: tuple[str, ...] = OPTIONS

    def compiled(self) -> Compiled:
        """The patterns compiled once per numbering."""
        return _compile(self)

    def rank(self, word: str) -> int | None:
        """The rank of a heading word (0 is outermost), None if it is not one."""
        for k, words in enumerate(self.heading_words):
            if word in words:
                return k
        return None


@dataclass(frozen=True)
class Compiled:
    """Compiled patterns of a `Numbering`."""

    label: re.Pattern[str]  # a label opening a line; group `label`
    heading: re.Pattern[str]  # a whole worded-heading line; groups `word`, `num`, `rest`
    option: re.Pattern[str]  # a line that is only an option tag: `Option 2:`, `Alt`
    suffix: re.Pattern[str]  # a Latin suffix after a number, possibly after a space
    word_label: re.Pattern[str]  # a normalised worded-heading label: `Article 4bis`


@cache
def _compile(n: Numbering) -> Compiled:
    suffix = "|".join(sorted(map(re.escape, n.suffixes), key=len, reverse=True))
    forms = "|".join(p.replace("{suffix}", suffix) for p in n.labels)
    label = re.compile(rf"^(?P<label>{forms})(?=\s|$)")
    every = [w for tier in n.heading_words for w in tier]
    words = "|".join(re.escape(w) for w in every)
    bare = "|".join(re.escape(w) for w in n.unnumbered) or "(?!)"
    any_case = "|".join(re.escape(v) for w in every for v in (w, w.upper()))
    any_bare = "|".join(re.escape(v) for w in n.unnumbered for v in (w, w.upper())) or "(?!)"
    # "Article 9.2: Publication" (trade texts) takes a dotted number only before a colon or
    # the line's end: "Article 4.8 of the Convention ..." is a sentence, not a heading.
    number = (rf"(?:\d{{1,3}}(?:\.\d{{1,3}})+(?=\]?\s*(?::|$))|\d{{1,3}}|[IVXLC]{{1,7}}|[A-Z])"
              rf"(?:\s?(?:{suffix}))?\b")
    heading = re.compile(
        rf"^(?P<open>\[)?(?:(?P<word>{any_case})\s+(?P<num>{number})|(?P<bare>{any_bare})\b)"
        rf"(?P<close>\])?\s*[.:–—-]?\s*(?P<rest>.*)$")
    option = re.compile(rf"^(?:{'|'.join(map(re.escape, n.options))})"
                        r"(?:\s+(?:\d{1,2}|[IVX]{1,4}|[A-Z]|\([a-z0-9]\)))?\s*[:.]?$")
    return Compiled(label, heading, option, re.compile(rf"\s(?={suffix})"),
                    re.compile(rf"^(?:{words}|{bare})(?:\s+{number})?$"))


DEFAULT = Numbering()
