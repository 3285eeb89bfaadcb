"""Generated archives for the batch tests and benchmarks: many small corpora, each a few dated
versions of an OAS-style draft whose changes carry real markers, so that every pair has changes
to attribute."""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "revisions" / "2016-01.txt"
DELEGATIONS = ("US", "Mexico", "CAN", "Brazil", "Argentina", "PARAGUAY", "Colombia")
WORDS = ("migrants", "workers", "families", "States", "rights", "programs", "cooperation",
         "protection", "access", "services", "dignity", "communities")


def source_paragraphs() -> list[str]:
    """The long lines of the OAS draft, as written (markers included)."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if len(ln.split()) >= 12]


def _edit(text: str, rng: random.Random) -> str:
    """One negotiated edit: a word replaced or inserted, credited by a dated marker."""
    words = text.split()
    at = rng.randrange(len(words))
    who = rng.choice(DELEGATIONS)
    day = f"{rng.randint(1, 12)}-{rng.randint(1, 28)}-2015"
    if rng.random() < 0.5:
        words[at] = rng.choice(WORDS)
    else:
        words.insert(at, rng.choice(WORDS))
    words.insert(at + 1, f"(Proposed by {who}- {day})")
    return " ".join(words)


def write_corpus(folder: Path, paragraphs: list[str], versions: int, rng: random.Random) -> None:
    """A corpus folder: `versions` drafts, each the last one edited, and its manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    paras = list(paragraphs)
    entries = []
    for v in range(versions):
        if v:
            for _ in range(max(1, len(paras) // 4)):
                k = rng.randrange(len(paras))
                paras[k] = _edit(paras[k], rng)
            if rng.random() < 0.5:
                paras.insert(rng.randrange(len(paras) + 1),
                             f"{rng.choice(WORDS).capitalize()} shall be promoted "
                             f"(Proposed by {rng.choice(DELEGATIONS)})")
            if len(paras) > 3 and rng.random() < 0.3:
                paras.pop(rng.randrange(len(paras)))
        body = "\n".join(f"{n}. {p}" for n, p in enumerate(paras, start=1))
        (folder / f"v{v + 1}.txt").write_text(f"I. PROGRAM\n\n{body}\n", encoding="utf-8")
        entries.append(f'[[version]]\nid = "v{v + 1}"\nfile = "v{v + 1}.txt"\n'
                       f'date = "2015-{v + 1:02d}-15"\n')
    (folder / "manifest.toml").write_text('conventions = "oas"\n\n' + "\n".join(entries),
                                          encoding="utf-8")


def write_archive(root: Path, corpora: int, *, versions: int = 3, paragraphs: int = 8,
                  seed: int = 0) -> Path:
    """`corpora` corpus folders under `root` (`c000`, `c001` ...), the same for the same seed."""
    source = source_paragraphs()
    for c in range(corpora):
        rng = random.Random(seed * 100_003 + c)
        picked = [source[rng.randrange(len(source))] for _ in range(paragraphs)]
        write_corpus(root / f"c{c:03d}", picked, versions, rng)
    return root
