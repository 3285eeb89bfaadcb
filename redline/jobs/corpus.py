"""Load a whole corpus: every version read and annotated, consecutive versions compared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from redline.annotate.delegations import Registry
from redline.annotate.document import grammar_for, load_document
from redline.corpus.history import History, build_history
from redline.corpus.manifest import Version


def history_steps(versions: list[Version]) -> int:
    """How many times `load_history` reports progress: each load, then each comparison."""
    return len(versions) * 2 - 1


def load_history(versions: list[Version], registry: Registry,
                 progress: Callable[[int], None] | None = None) -> History:
    """Every version loaded and chained; `progress(1)` is called after each step."""
    grammar = grammar_for(registry)
    step = progress or (lambda _n: None)
    docs = []
    for v in versions:
        docs.append(load_document(v.path, grammar, label=v.id, date=v.date))
        step(1)
    return build_history(versions, docs, registry, progress=lambda _label: step(1))


def corpus_inputs(versions: list[Version], folder: str | Path,
                  delegations: str | None) -> tuple[str, ...]:
    """Every file a corpus command reads: never to be written over."""
    files = [str(v.path) for v in versions]
    return (*files, str(Path(folder) / "manifest.toml"), *([delegations] if delegations else []))
