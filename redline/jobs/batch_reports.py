"""`redline batch --reports`: each corpus's report folder (redlines, annexes, history, audits),
rendered on a worker and written by the client into `reports/<corpus>/`, redone only when the
corpus's drafts, manifest or options changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from redline.annotate.document import Settings
from redline.corpus.manifest import Version
from redline.errors import RedlineError
from redline.jobs.archive import Archive, Corpus
from redline.jobs.shipping import (
    engine_error,
    fingerprint,
    one_line,
    read_input,
    shipped_files,
    worker_settings,
)


@dataclass(frozen=True)
class ReportTask:
    """What a worker needs to render one corpus's report folder."""

    key: str
    name: str
    versions: tuple[Version, ...]
    settings: Settings
    since: tuple[str, ...]
    data: tuple[tuple[str, bytes], ...] = ()  # (path, bytes) of every version, when sent
    files: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReportOutcome:
    key: str
    status: str
    error: str = ""
    files: dict = field(default_factory=dict)


def report_task(task: ReportTask) -> ReportOutcome:
    """Render one corpus's reports (runs on a worker); a failure is an error outcome."""
    from redline.jobs.corpus import load_history
    from redline.jobs.report import report_files

    try:
        how = worker_settings(task.settings, task.files)
        h, registry = load_history(list(task.versions), how, data=dict(task.data) or None)
        files = report_files(h, registry, title=f"redline reports: {task.name}",
                             since=task.since)
        return ReportOutcome(task.key, "ok", files=files)
    except RedlineError as exc:
        return ReportOutcome(task.key, "error", one_line(str(exc)))
    except Exception as exc:  # a bug must cost one corpus's reports, not the archive
        return ReportOutcome(task.key, "error",
                             one_line(f"internal error: {type(exc).__name__}: {exc}"))


def _failed(task: ReportTask, exc: BaseException) -> ReportOutcome:
    return ReportOutcome(task.key, "error", f"the engine could not run it: {engine_error(exc)}")


def run_reports(archive: Archive, out: Path, last: dict[str, dict],
                settings_for: Callable[[Path | None], Settings], run: Callable,
                since: tuple[str, ...], ship: bool, inputs: tuple[str, ...], prune: bool = False
                ) -> tuple[dict[str, dict], list[str], list[str]]:
    """Each corpus's report folder, skipped when the record `last` shows it unchanged; returns
    the new record, the one-line errors, and the files an earlier run made in the folders
    written that this one does not (deleted when `prune`). Tasks (with their drafts' bytes)
    are made only as the engine asks for them."""
    from redline.jobs.report import write_files

    record: dict[str, dict] = {}
    errors: list[str] = []
    old: list[str] = []
    prints: dict[str, str] = {}

    def tasks() -> Iterator[ReportTask]:
        for corpus in archive.corpora:
            try:
                base = archive.root.parent if corpus.folder == archive.root else archive.root
                made = _task(corpus, base, out, last.get(corpus.key) or {},
                             settings_for(corpus.folder), since, ship, prints)
            except RedlineError as exc:
                errors.append(f"reports of {corpus.name}: {one_line(str(exc))}")
                continue
            if made is None:
                record[corpus.key] = last[corpus.key]
            else:
                yield made

    for outcome in run(report_task, tasks(), _failed):
        if outcome.status != "ok":
            errors.append(f"reports of {outcome.key}: {outcome.error}")
            continue
        target = out / "reports" / outcome.key
        target.mkdir(parents=True, exist_ok=True)
        old += [f"reports/{outcome.key}/{n}"
                for n in write_files(target, outcome.files, inputs, delete=prune)]
        record[outcome.key] = {"sha256": prints[outcome.key], "files": sorted(outcome.files)}
    return record, errors, old


def _task(corpus: Corpus, base: Path, out: Path, seen: dict, how: Settings,
          since: tuple[str, ...], ship: bool, prints: dict[str, str]) -> ReportTask | None:
    """The task for one corpus, or None when its reports are already up to date. The drafts
    always travel as bytes, named relative to `base` as the pairs' JSON names them: the
    reports are the same whoever renders them, and show no folder of the client's."""
    from redline.corpus.manifest import load_manifest

    versions = tuple(replace(v, path=Path(v.path.relative_to(base).as_posix()))
                     for v in load_manifest(corpus.folder))
    blobs = {str(v.path): read_input(base / v.path, str(v.path)) for v in versions}
    manifest = (corpus.folder / "manifest.toml").read_bytes()
    prints[corpus.key] = hashlib.sha256(json.dumps({
        "options": fingerprint(how, [corpus.name, since]),
        "manifest": hashlib.sha256(manifest).hexdigest(),
        "versions": [[str(v.path), hashlib.sha256(blobs[str(v.path)]).hexdigest()]
                     for v in versions],
    }, sort_keys=True).encode()).hexdigest()
    folder = out / "reports" / corpus.key
    if seen.get("sha256") == prints[corpus.key] and all(
            (folder / f).is_file() for f in seen.get("files", ())):
        return None
    return ReportTask(corpus.key, corpus.name, versions, how, since, tuple(blobs.items()),
                      shipped_files(how) if ship else ())
