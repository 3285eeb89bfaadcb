"""Word tokens for the word-level diff, from spaCy's rule-based tokenizer (blank pipeline).

The tokenizer is loaded once, lazily: comparing two versions with no modified paragraph never
pays for importing spaCy. `language` picks spaCy's tokenizer exceptions (en, es, fr, pt).
Brackets are units of their own also between words (`[shall][should]` is six), and a word is
one unit even where spaCy splits it (`don't`, `cannot`).
"""

from __future__ import annotations

import re
from functools import cache

_BRACKET_RE = re.compile(r"([\[\](){}])")


@cache
def _nlp(language: str):
    import spacy  # heavy: imported only when a paragraph needs a word diff

    return spacy.blank(language)


def units(text: str, language: str = "en") -> list[str]:
    """Split text into tokens and the white space between them; ''.join(units) == text."""
    pieces: list[str] = []
    at = 0
    for tok in _nlp(language).make_doc(text) if text else ():
        if tok.idx > at:
            pieces.append(text[at:tok.idx])  # the white space after the previous token
        t = tok.text
        pieces += [p for p in _BRACKET_RE.split(t) if p] if len(t) > 1 and not t.isalnum() else [t]
        at = tok.idx + len(t)
    if at < len(text):
        pieces.append(text[at:])
    out: list[str] = []
    for p in pieces:  # white space is never alphanumeric: two such pieces touch in one word
        if out and out[-1][-1].isalnum() and p[0].isalnum():
            out[-1] += p
        else:
            out.append(p)
    return out
