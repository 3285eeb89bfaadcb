"""Word tokens for the word-level diff, from spaCy's rule-based tokenizer (blank pipeline).

The tokenizer is loaded once, lazily: comparing two versions with no modified paragraph never
pays for importing spaCy. `language` picks spaCy's tokenizer exceptions (en, es, fr, pt).
"""

from __future__ import annotations

from functools import cache


@cache
def _nlp(language: str):
    import spacy  # heavy: imported only when a paragraph needs a word diff

    return spacy.blank(language)


def units(text: str, language: str = "en") -> list[str]:
    """Split text into tokens and the white space between them; ''.join(units) == text."""
    if not text:
        return []
    doc = _nlp(language).make_doc(text)
    out: list[str] = []
    lead = len(text) - len(text.lstrip())
    if lead:
        out.append(text[:lead])
    for tok in doc:
        if tok.text.isspace():
            out.append(tok.text_with_ws)
            continue
        out.append(tok.text)
        if tok.whitespace_:
            out.append(tok.whitespace_)
    return out

