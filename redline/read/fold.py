"""Fold display-neutral characters, as every reader does, and keep everything else.

No-break, narrow no-break and figure spaces become spaces; soft hyphens and zero-width
characters (space, joiner, non-joiner, word joiner, a byte-order mark inside the text) go;
the Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ become their letters. Nothing else changes: no NFKC, which
would also rewrite quotes, superscripts and fractions.
"""

from __future__ import annotations

_TABLE = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2007": " ",
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
    "\ufeff": None,
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
})


def fold(text: str) -> str:
    """`text` with display-neutral characters folded (see the module's docstring)."""
    return text.translate(_TABLE)
