"""Synthetic revision pairs with known truth, built from the corpus, for tests and benchmarks.

`make_pair` writes an old and a new version of a long numbered text: paragraphs drawn from
the real drafts (varied so that they are not all identical), then edited the way negotiations
edit (words changed, paragraphs inserted, deleted, moved, split, renumbered) and boilerplate
repeated verbatim, so that the aligner can be scored against what really happened.
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
