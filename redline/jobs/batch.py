"""`redline batch`: every pair of an archive compared, on any engine, into one folder.

The client lists the pairs and hashes every input; a pair whose inputs, options and redline
version match the last run's record (`.redline-batch.json`) and whose JSON is intact is skipped.
The rest go to the engine; each result's compare JSON is written as it arrives and the record is
saved every few seconds, so a stopped run resumes. The tables (`pairs.csv`, `changes.parquet`)
are built last from the pairs' JSON files in archive order: identical whatever ran them.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from redline.annotate.document import Settings
from redline.corpus.manifest import Version
from redline.errors import RedlineError
from redline.jobs.archive import Archive, Pair, corpus_dir
from redline.jobs.output import write_atomic
from redline.jobs.report import check_outdir
from redline.jobs.tables import pair_row, write_tables
from redline.render.stamp import redline_version

STATE = ".redline-batch.json"
SAVE_EVERY = 2.0  # seconds between saves of the record while results arrive


@dataclass(frozen=True)
class Task:
    """What a worker needs to compare one pair: the bytes travel with it when `ship` is on;
    else the worker reads the paths (a file system it shares with the client)."""

    pair: Pair
    settings: Settings
    old_data: bytes | None = None
    new_data: bytes | None = None
    files: tuple[tuple[str, str], ...] = ()  # (option, TOML text) of file options, shipped


@dataclass(frozen=True)
class Outcome:
    """One pair's result: its row of `pairs.csv` and, when it worked, its compare JSON."""

    key: str
    status: str  # ok, error
    error: str = ""
    json: str | None = None
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


def compare_task(task: Task) -> Outcome:
    """Compare one pair (runs on a worker). Every failure is an error outcome, not raised."""
    from redline.annotate.document import annotate_source
    from redline.jobs.corpus import compare_loaded
    from redline.read import read
    from redline.render import render

    start = time.perf_counter()
    pair = task.pair
    try:
        how = _worker_settings(task.settings, task.files)
        docs = []
        for name, path, data, label, date in (
                (pair.old_name, pair.old_path, task.old_data, pair.old, pair.old_date),
                (pair.new_name, pair.new_path, task.new_data, pair.new, pair.new_date)):
            raw = data if data is not None else read_input(path, name)
            docs.append(annotate_source(read(name, changes=how.changes, data=raw), how,
                                        label=label, date=date))
        cmp = compare_loaded(docs[0], docs[1], how)
        text = render(cmp, "json")
        assert isinstance(text, str)
        return Outcome(pair.key, "ok", "", text, summary_counts(cmp.summary()),
                       time.perf_counter() - start)
    except RedlineError as exc:
        return Outcome(pair.key, "error", one_line(str(exc)),
                       seconds=time.perf_counter() - start)
    except MemoryError:
        return Outcome(pair.key, "error", "input too large for memory",
                       seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug must cost one row, not the archive
        return Outcome(pair.key, "error", one_line(f"internal error: {type(exc).__name__}: "
                                                   f"{exc}"), seconds=time.perf_counter() - start)


def summary_counts(summary: dict) -> dict:
    """The counts of `pairs.csv` from a compare summary; split and merged paragraphs count as
    modified."""
    par = summary["paragraphs"]
    return {"inserted": par.get("inserted", 0), "deleted": par.get("deleted", 0),
            "modified": par.get("modified", 0) + par.get("split", 0) + par.get("merged", 0),
            "moved": par.get("moved", 0), "unchanged": par.get("unchanged", 0),
            "changes": summary["total_changes"], "unattributed": summary["unattributed"]}


def one_line(text: str) -> str:
    return " ".join(text.split())


def read_input(path: Path, name: str) -> bytes:
    """A draft's bytes; an error names it as the archive does."""
    from redline.read.text import read_bytes

    try:
        return read_bytes(path)
    except RedlineError as exc:
        raise RedlineError(str(exc).replace(str(path), name)) from None


@cache
def _worker_settings(settings: Settings, files: tuple[tuple[str, str], ...]) -> Settings:
    """The settings on this worker, with shipped TOML files written once to a private folder.
    Cached: a worker builds each reading (spaCy, the delegation list) once, not per pair."""
    if not files:
        return settings
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="redline-batch-"))
    changes = {}
    for option, text in files:
        path = folder / f"{option}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.toml"
        path.write_text(text, encoding="utf-8")
        changes[option] = str(path)
    return replace(settings, **changes)


def _file_options(settings: Settings) -> dict[str, Path]:
    """The options of `settings` that name TOML files (not bundled names)."""
    return {opt: Path(value) for opt in ("conventions", "delegations")
            if isinstance(value := getattr(settings, opt), str) and Path(value).is_file()}


def _shipped_files(settings: Settings) -> tuple[tuple[str, str], ...]:
    """The TOML files the options name, as text, to travel with a task."""
    return tuple((opt, path.read_text(encoding="utf-8"))
                 for opt, path in _file_options(settings).items())


def fingerprint(settings: Settings, pair: Pair | None) -> str:
    """What, beside the drafts' bytes, decides a pair's JSON: the reading options (a TOML
    file by its content), the names and dates shown, and redline's version."""
    files = {opt: hashlib.sha256(p.read_bytes()).hexdigest()
             for opt, p in _file_options(settings).items()}
    data = {"redline": redline_version(), "conventions": settings.conventions,
            "delegations": settings.delegations, "language": settings.language,
            "date_order": settings.date_order, "authors": settings.authors,
            "changes": settings.changes, "files": files,
            "pair": pair and [pair.old, pair.new, pair.old_name, pair.new_name, pair.old_date,
                              pair.new_date]}
    for opt in files:
        data[opt] = "file"
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass
class BatchResult:
    """What a batch did: pairs in all, ok and failed, skipped (unchanged since the last run)
    and computed; corpus reports written, and the one-line errors of those that failed."""

    pairs: int
    ok: int
    failed: int
    skipped: int
    computed: int
    reports: int = 0
    report_errors: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    """A pair to compute: its settings, its input hashes and its option fingerprint."""

    pair: Pair
    settings: Settings
    hashes: tuple[str, str]
    options: str


def run_batch(archive: Archive, outdir: str | Path,
              settings_for: Callable[[Path | None], Settings], run: Callable, *,
              ship: bool = True, csv: bool = False, force: bool = False,
              reports: tuple[str, ...] | None = None,
              progress: Callable[[int, int], Callable[[int], None]] | None = None
              ) -> BatchResult:
    """Compare every pair of `archive` into `outdir`.

    `settings_for(folder)` is the reading for a corpus folder; `run(fn, tasks, failed)` maps
    tasks on an engine, results as they finish; `progress(total, done)` returns a function
    told of each pair done. `reports` (the annexes' ISO dates), when given, also writes each
    corpus's report folder into `reports/<corpus>/`.
    """
    out = check_outdir(outdir)
    if out.resolve() == archive.root.resolve():
        raise RedlineError(f"{outdir}: is the archive itself; write the batch elsewhere")
    out.mkdir(exist_ok=True)
    state = {} if force else _load_state(out)
    inputs = archive.inputs
    record, todo = _plan(archive, out, state, settings_for)
    skipped = len(archive.pairs) - len(todo) - sum(r["status"] != "ok" for r in record.values())
    tick = progress(len(archive.pairs), len(archive.pairs) - len(todo)) if progress else None
    plans = {p.pair.key: p for p in todo}
    saved = time.monotonic()
    try:
        for outcome in run(compare_task, _tasks(todo, ship), _failed):
            record[outcome.key] = _keep(out, plans[outcome.key], outcome, inputs)
            if tick:
                tick(1)
            if time.monotonic() - saved > SAVE_EVERY:
                _save_state(out, state | record, inputs)
                saved = time.monotonic()
    except (KeyboardInterrupt, RedlineError):
        _save_state(out, state | record, inputs)  # what is done stays done: a re-run resumes
        raise
    except Exception as exc:  # the engine itself failed (the scheduler was lost)
        _save_state(out, state | record, inputs)
        raise RedlineError(f"the batch stopped: {one_line(str(exc)) or type(exc).__name__}; "
                           "what was done is kept, run the same command again to resume") \
            from None
    done: dict[str, dict] = {}
    errors: list[str] = []
    if reports is not None:
        done, errors = _reports(archive, out, settings_for, run, reports, ship, force, inputs)
    _save_state(out, record, inputs, done)
    rows = [record[p.key] for p in archive.pairs]
    rows += [{"corpus": b.corpus, "old": "", "new": "", "status": "error", "error": b.error}
             for b in archive.broken]
    write_tables(out, rows, archive.pairs, csv, inputs)
    ok = sum(r["status"] == "ok" for r in rows)
    return BatchResult(len(rows), ok, len(rows) - ok, skipped, len(todo), len(done), errors)


def _plan(archive: Archive, out: Path, state: dict[str, dict],
          settings_for: Callable[[Path | None], Settings]
          ) -> tuple[dict[str, dict], list[_Plan]]:
    """Hash every input: the record of the pairs already done (unchanged since the last run)
    or unreadable (an error row), and the plans of those to compute."""
    record: dict[str, dict] = {}
    todo: list[_Plan] = []
    readings: dict[Path | None, Settings] = {}
    for pair in archive.pairs:
        if pair.folder not in readings:
            readings[pair.folder] = settings_for(pair.folder)
        how = readings[pair.folder]
        try:
            hashes = (_sha(pair.old_path, pair.old_name), _sha(pair.new_path, pair.new_name))
        except RedlineError as exc:
            outcome = Outcome(pair.key, "error", one_line(str(exc)))
            record[pair.key] = _entry(pair, outcome, ("", ""), "")
            (out / "pairs" / f"{pair.key}.json").unlink(missing_ok=True)
            continue
        options = fingerprint(how, pair)
        if _reusable(state.get(pair.key), hashes, options, out / "pairs" / f"{pair.key}.json"):
            record[pair.key] = state[pair.key]
        else:
            todo.append(_Plan(pair, how, hashes, options))
    return record, todo


def _keep(out: Path, plan: _Plan, outcome: Outcome, inputs: tuple[str, ...]) -> dict:
    """Write a pair's JSON as it arrives; its record."""
    target = out / "pairs" / f"{plan.pair.key}.json"
    if outcome.json is None:  # a pair that fails now has no JSON: an old one would mislead
        target.unlink(missing_ok=True)
        return _entry(plan.pair, outcome, plan.hashes, plan.options)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, outcome.json, inputs)
    return _entry(plan.pair, outcome, plan.hashes, plan.options,
                  hashlib.sha256(outcome.json.encode("utf-8")).hexdigest())


def _tasks(todo: list[_Plan], ship: bool) -> Iterator[Task]:
    """Tasks made as the engine asks for them: only those in flight hold their bytes."""
    for plan in todo:
        p = plan.pair
        files = _shipped_files(plan.settings) if ship else ()
        yield Task(p, plan.settings,
                   read_input(p.old_path, p.old_name) if ship else None,
                   read_input(p.new_path, p.new_name) if ship else None, files)


def _failed(task: Task, exc: BaseException) -> Outcome:
    """The outcome of a task the engine could not run (its workers kept dying)."""
    what = one_line(str(exc)) or type(exc).__name__
    return Outcome(task.pair.key, "error", f"the engine could not run this pair: {what}")


def _sha(path: Path, name: str) -> str:
    return hashlib.sha256(read_input(path, name)).hexdigest()


def _entry(pair: Pair, outcome: Outcome, hashes: tuple[str, str], options: str,
           json_sha: str = "") -> dict:
    """The record of one pair: its `pairs.csv` row, and what decides whether to redo it."""
    return {**pair_row(pair, outcome.status, outcome.error, outcome.counts, outcome.seconds),
            "old_sha256": hashes[0], "new_sha256": hashes[1], "options_sha256": options,
            "json_sha256": json_sha}


def _reusable(entry: dict | None, hashes: tuple[str, str], options: str, path: Path) -> bool:
    """Did the last run compare these very inputs, with these options, and is its JSON
    still the one it wrote?"""
    if not entry or entry.get("status") != "ok" or entry.get("options_sha256") != options:
        return False
    if (entry.get("old_sha256"), entry.get("new_sha256")) != hashes:
        return False
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("json_sha256")
    except OSError:
        return False


def _load_state(out: Path) -> dict[str, dict]:
    """The last run's record of pairs; an unreadable or foreign record is ignored (all redone)."""
    try:
        data = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("redline") != redline_version():
        return {}
    pairs = data.get("pairs")
    return pairs if isinstance(pairs, dict) else {}


def load_report_state(out: Path) -> dict[str, dict]:
    """The last run's record of corpus reports."""
    try:
        data = json.loads((out / STATE).read_text(encoding="utf-8"))
        reports = data.get("reports", {}) if data.get("redline") == redline_version() else {}
    except (OSError, ValueError, AttributeError):
        return {}
    return reports if isinstance(reports, dict) else {}


def _save_state(out: Path, pairs: dict[str, dict], inputs: tuple[str, ...],
                reports: dict[str, dict] | None = None) -> None:
    if reports is None:
        reports = load_report_state(out)
    data = {"schema": "redline/2", "redline": redline_version(),
            "pairs": dict(sorted(pairs.items())), "reports": dict(sorted(reports.items()))}
    write_atomic(out / STATE, json.dumps(data, ensure_ascii=False, indent=1) + "\n", inputs)


# -- the reports of each corpus (`--reports`) --------------------------------------------------


@dataclass(frozen=True)
class ReportTask:
    """What a worker needs to write one corpus's report folder."""

    key: str
    name: str
    versions: tuple[Version, ...]
    settings: Settings
    since: tuple[str, ...]
    data: tuple[tuple[str, bytes], ...] = ()  # (path, bytes) of every version, when shipped
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
        how = _worker_settings(task.settings, task.files)
        h, registry = load_history(list(task.versions), how, data=dict(task.data) or None)
        files = report_files(h, registry, title=f"redline reports: {task.name}",
                             since=task.since)
        return ReportOutcome(task.key, "ok", files=files)
    except RedlineError as exc:
        return ReportOutcome(task.key, "error", one_line(str(exc)))
    except Exception as exc:  # a bug must cost one corpus's reports, not the archive
        return ReportOutcome(task.key, "error",
                             one_line(f"internal error: {type(exc).__name__}: {exc}"))


def _report_failed(task: ReportTask, exc: BaseException) -> ReportOutcome:
    return ReportOutcome(task.key, "error", f"the engine could not run it: "
                                            f"{one_line(str(exc)) or type(exc).__name__}")


def _reports(archive: Archive, out: Path, settings_for: Callable[[Path | None], Settings],
             run: Callable, since: tuple[str, ...], ship: bool, force: bool,
             inputs: tuple[str, ...]) -> tuple[dict[str, dict], list[str]]:
    """Each corpus's report folder, redone only when its inputs or options changed."""
    from redline.corpus.manifest import load_manifest
    from redline.jobs.report import write_files

    last = {} if force else load_report_state(out)
    record: dict[str, dict] = {}
    tasks: list[ReportTask] = []
    prints: dict[str, str] = {}
    for corpus in archive.corpora:
        key = corpus_dir(corpus.name)
        how = settings_for(corpus.folder)
        versions = tuple(load_manifest(corpus.folder))
        blobs = {str(v.path): read_input(v.path, str(v.path)) for v in versions}
        prints[key] = hashlib.sha256(json.dumps({
            "options": fingerprint(how, None), "since": since,
            "versions": [[v.id, v.date, v.label, v.meeting, v.reconstructed,
                          hashlib.sha256(blobs[str(v.path)]).hexdigest()] for v in versions],
        }, sort_keys=True).encode()).hexdigest()
        folder = out / "reports" / key
        seen = last.get(key) or {}
        if seen.get("sha256") == prints[key] and all((folder / f).is_file()
                                                     for f in seen.get("files", ())):
            record[key] = seen
            continue
        tasks.append(ReportTask(key, corpus.name, versions, how, since,
                                tuple(blobs.items()) if ship else (),
                                _shipped_files(how) if ship else ()))
    errors = []
    for outcome in run(report_task, iter(tasks), _report_failed):
        if outcome.status != "ok":
            errors.append(f"reports of {outcome.key}: {outcome.error}")
            continue
        target = out / "reports" / outcome.key
        target.mkdir(parents=True, exist_ok=True)
        write_files(target, outcome.files, inputs)
        record[outcome.key] = {"sha256": prints[outcome.key], "files": sorted(outcome.files)}
    return record, errors
