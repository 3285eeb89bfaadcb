"""Synthetic revision pairs with known truth, built from the corpus, for tests and benchmarks.

`make_pair` writes an old and a new version of a long numbered text: paragraphs drawn from
the real drafts (varied so that they are not all identical), then edited the way negotiations
edit (words changed, paragraphs inserted, deleted, moved, split, renumbered) and boilerplate
repeated verbatim, so that the aligner can be scored against what really happened.

`near_duplicate_pair` writes the family that is hardest on the aligner and the annotator: the
raw OAS drafts, markers and all, copied until the size asked, each copy differing from the
others by a word or so, then edited (no truth: it is timed, not scored).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

_SENT_WORDS = re.compile(r"[A-Za-z][A-Za-z’'-]+")
BOILERPLATE = ("Urge the organs, agencies, and entities of the Organization to take into account "
               "the objectives of this Program in their activities, in keeping with their mandate "
               "and their budget permitting.")


@dataclass
class Truth:
    """What the edit script did: old index -> new index for every surviving paragraph."""

    pairs: dict[int, int] = field(default_factory=dict)
    moved: set[int] = field(default_factory=set)  # old indices that were moved
    modified: set[int] = field(default_factory=set)
    inserted: set[int] = field(default_factory=set)  # new indices
    deleted: set[int] = field(default_factory=set)  # old indices
    split: dict[int, tuple[int, int]] = field(default_factory=dict)


def corpus_paragraphs(path: str | Path) -> list[str]:
    """Long body paragraphs of a corpus file, markers and labels stripped (plain sentences)."""
    from redline.api import load

    doc = load(Path(path))
    out = [p.clean for p in doc.body if len(p.clean.split()) >= 12]
    return out


def _vary(text: str, rng: random.Random, vocab: list[str], n: int) -> str:
    words = text.split()
    for _ in range(n):
        k = rng.randrange(len(words))
        words[k] = rng.choice(vocab)
    return " ".join(words)


def _edit(text: str, rng: random.Random, vocab: list[str]) -> str:
    """A negotiation-like edit: a few words replaced, inserted or deleted."""
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        k = rng.randrange(len(words))
        if op < 0.4:
            words[k] = rng.choice(vocab)
        elif op < 0.75:
            words[k:k] = rng.sample(vocab, rng.randint(1, 4))
        elif len(words) > 8:
            del words[k:k + rng.randint(1, 3)]
    return " ".join(words)


def make_pair(source: list[str], n_paragraphs: int, seed: int = 0, *, edit_rate: float = 0.08,
              insert_rate: float = 0.03, delete_rate: float = 0.03, move_rate: float = 0.01,
              split_rate: float = 0.0, boilerplate_every: int = 25
              ) -> tuple[list[str], list[str], Truth]:
    """Old and new paragraph texts (unnumbered) and the truth of how they correspond."""
    rng = random.Random(seed)
    vocab = sorted({w for t in source for w in _SENT_WORDS.findall(t)})
    old: list[str] = []
    for k in range(n_paragraphs):
        if boilerplate_every and k % boilerplate_every == boilerplate_every - 1:
            old.append(BOILERPLATE)
        else:
            base = source[k % len(source)]
            old.append(_vary(base, rng, vocab, 3 + (k // len(source)) % 5) + f" ({k})")
    # the edit script, over old indices
    new: list[tuple[int | None, str]] = []
    truth = Truth()
    moved_out: list[tuple[int, str]] = []
    for i, text in enumerate(old):
        r = rng.random()
        if r < delete_rate and text != BOILERPLATE:
            truth.deleted.add(i)
            continue
        if r < delete_rate + move_rate and text != BOILERPLATE:
            moved_out.append((i, text))
            continue
        if r < delete_rate + move_rate + edit_rate:
            text = _edit(text, rng, vocab)
            truth.modified.add(i)
        if rng.random() < split_rate and text != BOILERPLATE and len(text.split()) > 30:
            words = text.split()
            cut = len(words) // 2
            new.append((i, " ".join(words[:cut]) + "."))
            new.append((-(i + 1), words[cut][:1].upper() + " ".join(words[cut:])[1:]))
            continue
        new.append((i, text))
        if rng.random() < insert_rate:
            new.append((None, _vary(rng.choice(source), rng, vocab, 12) + " (new)"))
    for i, text in moved_out:  # put each moved paragraph far from where it was
        pos = (rng.randrange(len(new)) + len(new) // 2) % max(1, len(new))
        new.insert(pos, (i, text))
        truth.moved.add(i)
    texts = []
    for j, (i, text) in enumerate(new):
        texts.append(text)
        if i is None:
            truth.inserted.add(j)
        elif i < 0:
            first = truth.pairs.pop(-i - 1)
            truth.split[-i - 1] = (first, j)
        else:
            truth.pairs[i] = j
    return old, texts, truth


def numbered(paragraphs: list[str]) -> str:
    """A draft text: each paragraph numbered, blank lines between."""
    return "\n\n".join(f"{k}. {t}" for k, t in enumerate(paragraphs, start=1)) + "\n"


# -- near-duplicate drafts: the corpus, raw, copied until it is long ------------------------

DRAFTS = ("2005", "2015-04", "2015-11", "2016-01")
_ROMAN_HEAD_RE = re.compile(r"^([IVXLC]{1,7})\.(?=\s|$)")
_RAW_WORD_RE = re.compile(r"[A-Za-z][a-z]{3,}")
_NEW_MARKERS = ("(Proposed by US- 2-4-2016)", "(MEX: 2-11-2016)", "(Agreed IM 2-18-2016)",
                "(CAN as appropriate 2-18-2016)", "[PENDING]", "(Proposed by BRA 3-1-2016)",
                "(VEN supports, IM-2-11-2016)", "(Approved 3-3-2016)")


def _roman(n: int) -> str:
    """`n` (below 400) in Roman numerals, as OAS drafts number their sections."""
    out = ""
    for value, digits in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                          (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


def _plain_words(line: str) -> list[re.Match[str]]:
    """The words of a raw line that lie outside every bracket (markers stay intact)."""
    depth, out, at = 0, [], 0
    for m in _RAW_WORD_RE.finditer(line):
        for c in line[at:m.start()]:
            if c in "([{":
                depth += 1
            elif c in ")]}" and depth:
                depth -= 1
        at = m.start()
        if depth == 0:
            out.append(m)
    return out


def _swap_word(line: str, rng: random.Random, vocab: list[str]) -> str:
    words = _plain_words(line)
    if len(words) < 6:
        return line
    m = words[rng.randrange(len(words))]
    return line[:m.start()] + rng.choice(vocab) + line[m.end():]


def near_duplicate_pair(revisions: str | Path, size: int, seed: int = 0, *,
                        copy_words: int = 2, vary_rate: float = 0.0, edit_rate: float = 0.08,
                        insert_rate: float = 0.02, delete_rate: float = 0.02,
                        move_rate: float = 0.005, marker_rate: float = 0.02) -> tuple[str, str]:
    """An old and a new raw draft of about `size` bytes made of copies of the OAS drafts.

    The old text concatenates the four drafts, raw (with their inline markers, so annotating
    them costs what it costs on real drafts), over and over until `size` bytes; each copy
    differs from the others by `copy_words` words changed outside any marker (and a fraction
    `vary_rate` of its lines by one word more), so the text is full of paragraphs identical
    or nearly identical to many others. Section numerals run on across the copies (I-VII,
    VIII-XIV, ...). The new text edits the old one line by line
    as a negotiation does: words changed, inserted or deleted, lines deleted, inserted (a
    varied corpus line), moved far away, and new delegation or status markers added.
    """
    rng = random.Random(seed)
    drafts = [Path(revisions, f"{name}.txt").read_text(encoding="utf-8").splitlines()
              for name in DRAFTS]
    vocab = sorted({w for d in drafts for line in d for w in _RAW_WORD_RE.findall(line)})
    lines: list[str] = []
    section, total, copy = 0, 0, 0
    while total < size:
        draft = drafts[copy % len(drafts)]
        long = [k for k, line in enumerate(draft) if len(_plain_words(line)) >= 6]
        changed = set(rng.sample(long, copy_words)) if copy else set()
        for k, line in enumerate(draft):
            head = _ROMAN_HEAD_RE.match(line)
            if head:
                section += 1
                line = _roman(section) + line[head.end(1):]
            elif k in changed or (copy and rng.random() < vary_rate):
                line = _swap_word(line, rng, vocab)
            lines.append(line)
            total += len(line.encode("utf-8")) + 1
            if total >= size:
                break
        copy += 1
    old = "\n".join(lines) + "\n"

    def movable(k: int) -> bool:  # a whole paragraph on one line, between paragraph ends
        line = lines[k]
        return (len(line) > 120 and not _ROMAN_HEAD_RE.match(line)
                and (k == 0 or not lines[k - 1].strip() or lines[k - 1].rstrip()[-1:] in ".)")
                and line.rstrip()[-1:] in ".)")

    new: list[str] = []
    moved: list[str] = []
    for k, line in enumerate(lines):
        r = rng.random()
        long = len(_plain_words(line)) >= 6
        if r < delete_rate and movable(k):
            continue
        if r < delete_rate + move_rate and movable(k):
            moved.append(line)
            continue
        if long and r < delete_rate + move_rate + edit_rate:
            line = _negotiate(line, rng, vocab)
        if long and rng.random() < marker_rate:
            at = _plain_words(line)[-1].end()
            line = f"{line[:at]} {rng.choice(_NEW_MARKERS)}{line[at:]}"
        new.append(line)
        if movable(k) and rng.random() < insert_rate:
            donor = rng.choice([d for d in drafts[rng.randrange(len(drafts))] if len(d) > 120])
            new.append(_swap_word(_swap_word(donor, rng, vocab), rng, vocab))
    for line in moved:
        at = (rng.randrange(len(new)) + len(new) // 2) % len(new)
        while at < len(new) and new[at].strip():  # between two blocks
            at += 1
        new[at:at] = ["", line]
    return old, "\n".join(new) + "\n"


def _negotiate(line: str, rng: random.Random, vocab: list[str]) -> str:
    """One to three word edits outside the markers: replaced, inserted or deleted words."""
    for _ in range(rng.randint(1, 3)):
        words = _plain_words(line)
        if len(words) < 6:
            break
        m = words[rng.randrange(len(words))]
        op = rng.random()
        if op < 0.4:
            line = line[:m.start()] + rng.choice(vocab) + line[m.end():]
        elif op < 0.8:
            line = line[:m.start()] + " ".join(rng.sample(vocab, rng.randint(1, 4))) + " " \
                + line[m.start():]
        else:
            line = line[:m.start()] + line[m.end():].lstrip()
    return line
