"""Load a whole corpus: every version read and annotated under one convention, consecutive
versions compared."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from redline.annotate.convention import load_convention
from redline.annotate.delegations import Registry
from redline.annotate.document import Settings, agree, annotate_source
from redline.annotate.grammar import Grammar
from redline.compare.pipeline import compare_documents
from redline.compare.result import Comparison
from redline.corpus.history import History, build_history
from redline.corpus.manifest import Version
from redline.errors import RedlineError
from redline.model import Document
from redline.read import Source, read
from redline.read.source import emptiness


def compare_loaded(old: Document, new: Document, settings: Settings) -> Comparison:
    """Compare two loaded versions; under `auto`, a clean draft is read as its marked-up
    counterpart is."""
    a, b = agree(old, new, settings)
    registry = b.meta.get("registry") or settings.registry(
        load_convention(b.meta.get("conventions", "oas")))
    return compare_documents(a, b, registry, settings.language)


def history_steps(versions: list[Version]) -> int:
    """How many times `load_history` reports progress: each load, then each comparison."""
    return len(versions) * 2 - 1


def corpus_grammar(sources: list[Source], settings: Settings) -> Grammar:
    """One grammar for every version of a corpus; under `auto`, detected from all of them."""
    text = "\n".join(s.blocks_text for s in sources)
    return settings.grammar(settings.convention(text)[0])


def load_documents(versions: list[Version], settings: Settings,
                   progress: Callable[[int], None] | None = None,
                   data: Mapping[str, bytes] | None = None) -> tuple[list[Document], Registry]:
    """Every version read (from `data[str(path)]` when its bytes were sent) and annotated;
    `progress(1)` after each."""
    blobs = data or {}
    sources = [read(v.path, changes=settings.changes, data=blobs.get(str(v.path)))
               for v in versions]
    grammar = corpus_grammar(sources, settings)
    docs = []
    for v, src in zip(versions, sources, strict=True):
        docs.append(annotate_source(src, grammar, label=v.id, date=v.date))
        if progress:
            progress(1)
    return docs, grammar.registry


def load_history(versions: list[Version], settings: Settings,
                 progress: Callable[[int], None] | None = None,
                 data: Mapping[str, bytes] | None = None) -> tuple[History, Registry]:
    """Every version loaded and chained; `progress(1)` is called after each step."""
    step = progress or (lambda _n: None)
    docs, registry = load_documents(versions, settings, step, data)
    return build_history(versions, docs, registry, progress=lambda _label: step(1)), registry


def empty_reason(doc: Document) -> str | None:
    """Why a loaded draft holds no paragraph (an empty file, only white space, no text); None
    when it holds one."""
    if doc.paragraphs:
        return None
    source = doc.meta.get("source")
    return (emptiness(source) if source is not None else None) or "no paragraph"


def refuse_empty(versions: list[Version], docs: list[Document], folder: str | Path) -> None:
    """A corpus version without text is refused, naming it: compared with the others it would
    read as every paragraph deleted, then inserted again."""
    for v, doc in zip(versions, docs, strict=True):
        why = empty_reason(doc)
        if why:
            try:
                file = v.path.relative_to(folder).as_posix()
            except ValueError:
                file = str(v.path)
            raise RedlineError(f"{Path(folder) / 'manifest.toml'}: version {v.id!r} file "
                               f"{file!r}: {why}")


def corpus_inputs(versions: list[Version], folder: str | Path,
                  delegations: str | None) -> tuple[str, ...]:
    """Every file a corpus command reads: never to be written over."""
    files = [str(v.path) for v in versions]
    return (*files, str(Path(folder) / "manifest.toml"), *([delegations] if delegations else []))


def find_version(arg: str, corpus: str | Path | None) -> Version | None:
    """An argument that is an existing path is that path; else a version id of `corpus`
    (None when it is neither, with no corpus to look in)."""
    if Path(arg).exists() or corpus is None:
        return None
    from redline.corpus.manifest import load_manifest

    versions = load_manifest(corpus)
    for v in versions:
        if v.id == arg:
            return v
    ids = ", ".join(v.id for v in versions)
    raise RedlineError(f"{arg}: no such file, nor a version of {corpus} ({ids})")


def reading_settings(conventions: str | None, delegations: str | None, language: str | None,
                     changes: str | None, folder: str | Path | None = None) -> Settings:
    """How to read drafts: the options given, else the corpus manifest's keys (`folder`'s
    `manifest.toml`), else the defaults."""
    keys: dict[str, str] = {}
    authors: tuple[tuple[str, str], ...] = ()
    if folder is not None:
        from redline.corpus.manifest import manifest_reading

        keys, authors = manifest_reading(folder)
    from_manifest, listed = (_beside_manifest(keys.get(k), folder)
                             for k in ("conventions", "delegations"))
    if changes and changes.lower().startswith("as-of:"):  # any unambiguous date, as ISO
        from redline.dates import parse_cli_date

        changes = "as-of:" + parse_cli_date(changes[6:], None, "--changes as-of")
    return Settings(conventions or from_manifest or "auto", delegations or listed,
                    language or keys.get("language") or "en", keys.get("date_order"), authors,
                    changes or "accept")


def _beside_manifest(value: str | None, folder: str | Path | None) -> str | None:
    """A manifest's `conventions` or `delegations`: a bundled name, or a file beside it."""
    if value and folder is not None and (Path(folder) / value).is_file():
        return str(Path(folder) / value)
    return value
