"""What each command writes, as bytes or text: one function per command, shared by the command
line and the site, so that both give the same output for the same drafts and options.

A draft is a `Version` (id, date, label, path) whose bytes are read from its path, or taken
from `data[str(version.path)]` when they were given (the site's stored files, a worker's
shipped drafts): the path then only names the file in the outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from redline.annotate.delegations import Registry
from redline.annotate.document import Settings, annotate_source
from redline.compare.result import Comparison
from redline.corpus.history import History
from redline.corpus.manifest import Version
from redline.model import Document
from redline.read import read

Blobs = Mapping[str, bytes] | None
Loaded = tuple[History, Registry] | None  # a corpus already loaded (`load_corpus`)


def load_one(path: str | Path, settings: Settings, *, label: str | None = None,
             date: str | None = None, data: bytes | None = None) -> Document:
    """One draft read and annotated on its own (its convention detected under `auto`)."""
    return annotate_source(read(path, changes=settings.changes, data=data), settings,
                           label=label, date=date)


def one_file_writer(command: str, fmt: str) -> Callable[[Document], str]:
    """The writer of `redline read` or `redline annotations` in `fmt` (json, csv, text)."""
    from redline.render import document as ra
    from redline.render import read as rr

    writers = {"read": {"json": rr.to_json, "csv": rr.to_csv, "text": rr.to_text},
               "annotations": {"json": ra.to_json, "csv": ra.to_csv, "text": ra.to_table}}
    return writers[command][fmt]


def read_output(path: str | Path, settings: Settings, fmt: str, command: str = "read",
                data: bytes | None = None) -> str:
    """What `redline read` (or `redline annotations`) writes for one draft."""
    return one_file_writer(command, fmt)(load_one(path, settings, data=data))


def compare_versions(old: Version, new: Version, settings: Settings, data: Blobs = None,
                     only: Sequence[str] = ()) -> Comparison:
    """Two versions of a corpus compared as `redline compare OLD NEW --corpus` does."""
    from redline.jobs.corpus import compare_loaded

    blobs = data or {}
    a = load_one(old.path, settings, label=old.id, date=old.date, data=blobs.get(str(old.path)))
    b = load_one(new.path, settings, label=new.id, date=new.date, data=blobs.get(str(new.path)))
    cmp = compare_loaded(a, b, settings)
    return cmp.for_delegations(only) if only else cmp


def compare_output(old: Version, new: Version, settings: Settings, fmt: str,
                   data: Blobs = None, only: Sequence[str] = ()) -> str | bytes:
    """What `redline compare OLD NEW --corpus` writes in `fmt`."""
    from redline.render import render

    return render(compare_versions(old, new, settings, data, only), fmt)


def load_corpus(versions: list[Version], settings: Settings,
                data: Blobs = None) -> tuple[History, Registry]:
    """Every version read, annotated and chained: what the corpus outputs below share (a
    caller that makes several of them loads it once)."""
    from redline.jobs.corpus import load_history

    return load_history(versions, settings, data=data)


def annex_output(versions: list[Version], settings: Settings, fmt: str, *,
                 since: str | None = None, from_: str | None = None, to: str | None = None,
                 data: Blobs = None, loaded: Loaded = None) -> str | bytes:
    """What `redline annex` writes: `since` an ISO date, or `from_`/`to` version ids."""
    from redline.corpus.annex import build_annex
    from redline.render import render_annex

    if loaded is not None:
        docs, registry = loaded[0].documents, loaded[1]
    else:
        from redline.jobs.corpus import load_documents

        docs, registry = load_documents(versions, settings, data=data)
    by_id = dict(zip((v.id for v in versions), docs, strict=True))
    annex = build_annex(versions, lambda v: by_id[v.id], registry, since, from_, to)
    return render_annex(annex, fmt)


def audit_output(versions: list[Version], settings: Settings, code: str, fmt: str,
                 data: Blobs = None, loaded: Loaded = None) -> str | bytes:
    """What `redline audit --delegation CODE` writes."""
    from redline.corpus.audit import audit
    from redline.corpus.stances import objections
    from redline.render import render_audit

    h, registry = loaded or load_corpus(versions, settings, data)
    canon = registry.canonical(code)
    return render_audit(canon, registry.name(canon), audit(h, canon, registry),
                        list(h.versions), fmt, objections(h, canon, registry))


def history_output(versions: list[Version], settings: Settings, fmt: str,
                   data: Blobs = None, loaded: Loaded = None) -> str | bytes:
    """What `redline history` writes."""
    from redline.render import render_history

    h, _ = loaded or load_corpus(versions, settings, data)
    return render_history(h, fmt)


def delegations_named(versions: list[Version], settings: Settings,
                      data: Blobs = None, loaded: Loaded = None) -> list[tuple[str, str]]:
    """(code, name) of every delegation the drafts name as proposing or objecting: those
    with an audit, as in the report folder."""
    from redline.corpus.audit import proposers
    from redline.corpus.stances import objectors

    if loaded is not None:
        docs, registry = loaded[0].documents, loaded[1]
    else:
        from redline.jobs.corpus import load_documents

        docs, registry = load_documents(versions, settings, data=data)
    return [(c, registry.name(c)) for c in sorted(set(proposers(docs)) | set(objectors(docs)))]
