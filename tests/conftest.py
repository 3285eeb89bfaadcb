"""Shared fixtures: the seeds, the corpus and the parsed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
REVISIONS = ROOT / "revisions"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_2016() -> Path:
    """The January 2016 seed; the corpus copy when the shared seeds are not beside the repo."""
    found = sorted(SEEDS.glob("000_*.txt"))
    return found[0] if found else FIXTURES / "seed_000.txt"


@pytest.fixture(scope="session")
def seed_agenda() -> Path:
    found = sorted(SEEDS.glob("004_*.txt"))
    return found[0] if found else FIXTURES / "seed_004.txt"


@pytest.fixture(scope="session")
def doc_2016(seed_2016):
    from redline.api import load

    return load(seed_2016)


def find(doc, marker: str):
    """The (paragraph, annotation) with the shortest marker text containing `marker`."""
    hits = [(len(a.text), k, p, a) for k, p in enumerate(doc.paragraphs) for a in p.annotations
            if marker in a.text]
    if not hits:
        raise AssertionError(f"no annotation containing {marker!r}")
    _, _, p, a = min(hits, key=lambda h: h[:2])
    return p, a
