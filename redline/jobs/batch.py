"""`redline batch`: every pair of an archive compared, on any engine, into one folder.

The client lists the pairs and hashes every input; a pair whose inputs, options and redline
version match the last run's record (`.redline-batch.json`) and whose JSON is intact is skipped.
The rest go to the engine; each result's compare JSON is written as it arrives and the record is
saved every few seconds, so a stopped run resumes. The tables (`pairs.csv`, `changes.parquet`)
are built last from the pairs' JSON files in archive order: identical whatever ran them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from redline.annotate.document import Settings
from redline.errors import RedlineError
from redline.jobs.archive import Archive, Pair
from redline.jobs.output import write_atomic
from redline.jobs.report import check_outdir
from redline.jobs.shipping import (
    engine_error,
    fingerprint,
    one_line,
    option_digests,
    read_input,
    shipped_files,
    worker_settings,
)
from redline.jobs.tables import PAIR_COLUMNS, pair_row, write_tables
from redline.render.stamp import redline_version

STATE = ".redline-batch.json"
SAVE_EVERY = 2.0  # seconds between saves of the record while results arrive
CHUNK = 8  # pairs per engine task, at most


@dataclass(frozen=True)
class Task:
    """What a worker needs to compare one pair: the drafts' bytes travel with it when they are
    sent, else the worker reads the paths (a file system it shares with the client). `error`:
    the client could not read the drafts to send them."""

    pair: Pair
    settings: Settings
    old_data: bytes | None = None
    new_data: bytes | None = None
    files: tuple[tuple[str, str], ...] = ()  # (option, TOML text) of file options, sent
    error: str = ""


@dataclass(frozen=True)
class Outcome:
    """One pair's result: its row of `pairs.csv` and, when it worked, its compare JSON."""

    key: str
    status: str  # ok, error
    error: str = ""
    json: str | None = None
    counts: dict = field(default_factory=dict)
    seconds: float | None = None
    warnings: tuple[str, ...] = ()  # one line each: a draft without text, from a pair list


def compare_task(task: Task) -> Outcome:
    """Compare one pair (runs on a worker). Every failure is an error outcome, not raised."""
    from redline.annotate.document import annotate_source
    from redline.jobs.corpus import compare_loaded, empty_reason
    from redline.read import read
    from redline.render import render

    start = time.perf_counter()
    pair = task.pair
    if task.error:
        return Outcome(pair.key, "error", task.error)
    try:
        how = worker_settings(task.settings, task.files)
        docs = []
        for name, path, data, label, date in (
                (pair.old_name, pair.old_path, task.old_data, pair.old, pair.old_date),
                (pair.new_name, pair.new_path, task.new_data, pair.new, pair.new_date)):
            raw = data if data is not None else read_input(path, name)
            docs.append(annotate_source(read(name, changes=how.changes, data=raw), how,
                                        label=label, date=date))
        warnings = []
        for doc, version in zip(docs, (pair.old, pair.new), strict=True):
            why = empty_reason(doc)
            if why and pair.old_date is not None:  # a version of a corpus: refused
                raise RedlineError(f"version {version!r} ({doc.path}): {why}")
            if why:
                warnings.append(f"{doc.path}: {why}, read as a draft without text")
        cmp = compare_loaded(docs[0], docs[1], how)
        text = render(cmp, "json")
        assert isinstance(text, str)
        return Outcome(pair.key, "ok", "", text, summary_counts(cmp.summary()),
                       time.perf_counter() - start, tuple(warnings))
    except RedlineError as exc:
        error = one_line(str(exc))
    except MemoryError:
        error = "input too large for memory"
    except Exception as exc:  # a bug must cost one row, not the archive
        error = one_line(f"internal error: {type(exc).__name__}: {exc}")
    return Outcome(pair.key, "error", error, seconds=time.perf_counter() - start)


def compare_chunk(tasks: list[Task]) -> list[Outcome]:
    """Compare a few pairs (one engine task): a task of ~20 ms would cost the engine about as
    much as it does."""
    return [compare_task(t) for t in tasks]


def chunk_size(pairs: int) -> int:
    """Pairs per engine task: one for a small batch (every worker gets some), up to
    `CHUNK` for a large one."""
    return max(1, min(CHUNK, pairs // 16))


def _chunks(tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
    while chunk := list(itertools.islice(tasks, size)):
        yield chunk


def summary_counts(summary: dict) -> dict:
    """The counts of `pairs.csv` from a compare summary; split and merged paragraphs count as
    modified."""
    par = summary["paragraphs"]
    return {"inserted": par.get("inserted", 0), "deleted": par.get("deleted", 0),
            "modified": par.get("modified", 0) + par.get("split", 0) + par.get("merged", 0),
            "moved": par.get("moved", 0), "unchanged": par.get("unchanged", 0),
            "changes": summary["total_changes"], "unattributed": summary["unattributed"]}


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
    leftovers: list[str] = field(default_factory=list)  # made by an earlier run, not this one
    warnings: list[str] = field(default_factory=list)  # drafts without text, one line each


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
              reports: tuple[str, ...] | None = None, inputs: tuple[str, ...] = (),
              progress: Callable[[int, int], Callable[[int], None]] | None = None,
              prune: bool = False) -> BatchResult:
    """Compare every pair of `archive` into `outdir`.

    `settings_for(folder)` is the reading for a corpus folder; `run(fn, tasks, failed)` maps
    tasks on an engine, results as they finish; `progress(total, done)` returns a function
    told of each pair done (`tick(0)` at the end). `reports` (the annexes' ISO dates), when
    given, also writes each corpus's report folder into `reports/<corpus>/`. `inputs` are
    files beside the archive's own that must never be written over. Files an earlier run made
    that this one does not (the JSON of a pair no longer in the archive, `changes.csv` without
    `csv`, the reports of a corpus gone) are kept and returned, or deleted when `prune`.
    """
    out = _outdir(outdir, archive)
    inputs = (*archive.inputs, *inputs)
    state, last_reports = ({}, {}) if force else _load_state(out)
    record, todo, skipped = _plan(archive, out, state, settings_for)
    tick = progress(len(archive.pairs), len(archive.pairs) - len(todo)) if progress else None
    plans = {p.pair.key: p for p in todo}
    warnings: list[str] = []
    saved = time.monotonic()
    try:
        for outcomes in run(compare_chunk, _chunks(_tasks(todo, ship), chunk_size(len(todo))),
                            _failed):
            for outcome in outcomes:
                record[outcome.key] = _keep(out, plans[outcome.key], outcome, inputs)
                warnings += [w for w in outcome.warnings if w not in warnings]
            if tick:
                tick(len(outcomes))
            if time.monotonic() - saved > SAVE_EVERY:
                _save_state(out, state | record, last_reports, inputs)
                saved = time.monotonic()
    except (KeyboardInterrupt, RedlineError):
        _save_state(out, state | record, last_reports, inputs)  # a re-run resumes from here
        raise
    except Exception as exc:  # the engine itself failed (the scheduler was lost)
        _save_state(out, state | record, last_reports, inputs)
        raise RedlineError(f"the batch stopped: {engine_error(exc)}; what was done is kept, "
                           "run the same command again to resume") from None
    finally:
        if tick:
            tick(0)
    done, errors, old = last_reports, [], []
    if reports is not None:
        from redline.jobs.batch_reports import run_reports

        done, errors, old = run_reports(archive, out, last_reports, settings_for, run, reports,
                                        ship, inputs, prune)
    _save_state(out, record, done, inputs)
    rows = [record[p.key] for p in archive.pairs]
    rows += [{"corpus": b.corpus, "old": "", "new": "", "status": "error", "error": b.error}
             for b in archive.broken]
    if archive.broken:  # a folder's corpora are in order of their names: so are the rows
        rows.sort(key=lambda r: r["corpus"])
    write_tables(out, rows, archive.pairs, record, csv, inputs)
    old = sorted({*old, *_leftovers(out, archive, csv, reports is not None)})
    if prune:
        from redline.jobs.folder import prune as delete

        delete(out, old)
    ok = sum(r["status"] == "ok" for r in rows)
    return BatchResult(len(rows), ok, len(rows) - ok, skipped, len(todo),
                       len(done) if reports is not None else 0, errors, old, warnings)


def _leftovers(out: Path, archive: Archive, csv: bool, reports: bool) -> list[str]:
    """What an earlier run made in `out` that this one does not: the JSON of pairs no longer
    in the archive, `changes.csv` without `csv`, and with `reports` the files of corpora no
    longer in it (those of a corpus still in it are its report folder's to list)."""
    from redline.jobs.folder import files_below, leftovers

    made = [f"pairs/{name}" for name in files_below(out / "pairs", "*.json")]
    now = [f"pairs/{p.key}.json" for p in archive.pairs]
    if (out / "changes.csv").is_file() and not csv:
        made.append("changes.csv")
    if reports:
        keys = tuple(f"{c.key}/" for c in archive.corpora)
        made += [f"reports/{n}" for n in files_below(out / "reports") if not n.startswith(keys)]
    return leftovers(out, made, now)


def _outdir(outdir: str | Path, archive: Archive) -> Path:
    """The output folder, made and proved writable before any work."""
    out = check_outdir(outdir)
    if out.resolve() == archive.root.resolve():
        raise RedlineError(f"{outdir}: is the archive itself; write the batch elsewhere")
    try:
        out.mkdir(exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise RedlineError(f"{outdir}: cannot write there ({exc.strerror or exc})") from None
    return out


def _plan(archive: Archive, out: Path, state: dict[str, dict],
          settings_for: Callable[[Path | None], Settings]
          ) -> tuple[dict[str, dict], list[_Plan], int]:
    """Hash every input: the record of the pairs already done (unchanged since the last run)
    or unreadable (an error row), the plans of those to compute, and how many were skipped."""
    record: dict[str, dict] = {}
    todo: list[_Plan] = []
    skipped = 0
    readings: dict[Path | None, tuple[Settings, dict[str, str]]] = {}
    digests: dict[Path, str] = {}  # a draft in two pairs (new, then old) is read once

    def sha(path: Path, name: str) -> str:
        if path not in digests:
            digests[path] = hashlib.sha256(read_input(path, name)).hexdigest()
        return digests[path]

    for pair in archive.pairs:
        if pair.folder not in readings:
            how = settings_for(pair.folder)
            readings[pair.folder] = how, option_digests(how)
        how, files = readings[pair.folder]
        try:
            hashes = (sha(pair.old_path, pair.old_name), sha(pair.new_path, pair.new_name))
        except RedlineError as exc:
            outcome = Outcome(pair.key, "error", one_line(str(exc)))
            record[pair.key] = _entry(pair, outcome, ("", ""), "")
            (out / "pairs" / f"{pair.key}.json").unlink(missing_ok=True)
            continue
        options = fingerprint(how, [pair.corpus, pair.old, pair.new, pair.old_name,
                                    pair.new_name, pair.old_date, pair.new_date], files)
        if _reusable(state.get(pair.key), hashes, options, out / "pairs" / f"{pair.key}.json"):
            record[pair.key] = state[pair.key]
            skipped += 1
        else:
            todo.append(_Plan(pair, how, hashes, options))
    return record, todo, skipped


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
    """Tasks made as the engine asks for them: only those in flight hold their bytes. A draft
    gone since it was hashed makes an error row, not the end of the run."""
    files: dict[Settings, tuple[tuple[str, str], ...]] = {}  # read once per reading
    for plan in todo:
        p = plan.pair
        if not ship:
            yield Task(p, plan.settings)
            continue
        try:
            if plan.settings not in files:
                files[plan.settings] = shipped_files(plan.settings)
            yield Task(p, plan.settings, read_input(p.old_path, p.old_name),
                       read_input(p.new_path, p.new_name), files[plan.settings])
        except RedlineError as exc:
            yield Task(p, plan.settings, error=one_line(str(exc)))


def _failed(tasks: list[Task], exc: BaseException) -> list[Outcome]:
    """The outcomes of a task the engine could not run (its workers kept dying)."""
    return [Outcome(t.pair.key, "error", f"the engine could not run this pair: "
                                         f"{engine_error(exc)}") for t in tasks]



_HASHES = ("old_sha256", "new_sha256", "options_sha256", "json_sha256")


def _entry(pair: Pair, outcome: Outcome, hashes: tuple[str, str], options: str,
           json_sha: str = "") -> dict:
    """The record of one pair: its `pairs.csv` row, and what decides whether to redo it."""
    return {**pair_row(pair, outcome.status, outcome.error, outcome.counts, outcome.seconds),
            **dict(zip(_HASHES, (*hashes, options, json_sha), strict=True))}


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


def _load_state(out: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """The last run's record of pairs and of reports. What is unreadable, of another version
    of redline or not as written is ignored: those pairs are done again."""
    try:
        data = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or data.get("redline") != redline_version():
        return {}, {}
    pairs, reports = data.get("pairs"), data.get("reports")
    fields = {*PAIR_COLUMNS, *_HASHES}
    return ({k: v for k, v in pairs.items() if isinstance(v, dict) and fields <= set(v)}
            if isinstance(pairs, dict) else {},
            {k: v for k, v in reports.items() if isinstance(v, dict)
             and isinstance(v.get("files"), list)} if isinstance(reports, dict) else {})


def _save_state(out: Path, pairs: dict[str, dict], reports: dict[str, dict],
                inputs: tuple[str, ...]) -> None:
    data = {"schema": "redline/2", "redline": redline_version(),
            "pairs": dict(sorted(pairs.items())), "reports": dict(sorted(reports.items()))}
    write_atomic(out / STATE, json.dumps(data, ensure_ascii=False, indent=1) + "\n", inputs)
