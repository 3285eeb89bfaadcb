"""One baseline comparison, run by bench/run.py as its own process so that start-up counts.

    python bench/baseline.py redlines OLD NEW OUT   # redlines.Redlines(old, new).output_markdown
    python bench/baseline.py difflib  OLD NEW OUT   # word-level difflib.SequenceMatcher redline
"""

from __future__ import annotations

import sys
from pathlib import Path


def with_redlines(old: str, new: str) -> str:
    from redlines import Redlines  # imported here: its import time is part of the measurement

    return Redlines(old, new).output_markdown


def with_difflib(old: str, new: str) -> str:
    """An inline redline over whitespace-separated words, like redlines' markdown output.

    SequenceMatcher keeps its default autojunk=True (what a plain difflib user gets); redlines
    itself turns autojunk off, which is slower still.
    """
    import difflib

    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("<del>" + " ".join(a[i1:i2]) + "</del>")
        if j2 > j1:
            out.append("<ins>" + " ".join(b[j1:j2]) + "</ins>")
    return " ".join(out)


def main(argv: list[str]) -> int:
    tool, old, new, out = argv
    fn = {"redlines": with_redlines, "difflib": with_difflib}[tool]
    text = fn(Path(old).read_text(encoding="utf-8"), Path(new).read_text(encoding="utf-8"))
    Path(out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
