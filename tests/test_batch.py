"""`redline batch`: every pair of an archive, the tables a researcher loads, re-runs that
resume, bad inputs as error rows, and the same results on any engine."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from archive_fixtures import write_archive
from docx_fixtures import docx, ins, p

ROOT = Path(__file__).resolve().parent.parent
REDLINE = [sys.executable, "-m", "redline.cli"]
PAIR_COLUMNS = ["corpus", "old", "new", "status", "error", "inserted", "deleted", "modified",
                "moved", "unchanged", "changes", "unattributed", "seconds"]


def batch(*args, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*REDLINE, "batch", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


def pairs_csv(out: Path) -> list[dict]:
    text = (out / "pairs.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == PAIR_COLUMNS if rows else True
    return rows


def without_seconds(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]


def json_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted((out / "pairs").rglob("*.json"))}


@pytest.fixture
def oas(tmp_path: Path) -> Path:
    """An archive of one corpus folder: the OAS drafts."""
    arch = tmp_path / "archive"
    shutil.copytree(ROOT / "revisions", arch / "oas")
    return arch


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """An archive of 200 generated corpora of 3 versions: 400 pairs."""
    return write_archive(tmp_path_factory.mktemp("gen") / "archive", 200)


@pytest.fixture(scope="module")
def generated_sequential(generated: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seq") / "out"
    r = batch(generated, "-o", out, "--workers", "0")
    assert r.returncode == 0, r.stderr
    return out


def test_oas_corpus_gives_every_consecutive_pair(oas: Path, tmp_path: Path):
    out = tmp_path / "out"
    r = batch(oas, "-o", out, "--workers", "0", "--csv")
    assert r.returncode == 0, r.stderr
    rows = pairs_csv(out)
    assert [(x["corpus"], x["old"], x["new"], x["status"]) for x in rows] == [
        ("oas", "2005", "2015-04", "ok"), ("oas", "2015-04", "2015-11", "ok"),
        ("oas", "2015-11", "2016-01", "ok")]
    last = rows[-1]
    assert (last["inserted"], last["modified"], last["unchanged"], last["changes"]) == \
        ("6", "10", "122", "19")
    assert r.stderr.count("\n") == 1 and "3 pairs: 3 ok, 0 failed" in r.stderr  # no bar piped
    # each pair's JSON is what `redline compare` writes for it
    one = subprocess.run([*REDLINE, "compare", "oas/2015-11.txt", "oas/2016-01.txt",
                          "--corpus", "oas", "--format", "json"], capture_output=True,
                         text=True, cwd=oas, check=True).stdout
    ours = json.loads((out / "pairs/oas/2015-11__2016-01.json").read_text(encoding="utf-8"))
    theirs = json.loads(one)
    for side in ("old", "new"):
        assert ours[side]["path"] == f"oas/{theirs[side]['label']}.txt"
        assert ours[side]["sha256"] == theirs[side]["sha256"]
        ours[side].pop("date"), theirs[side].pop("date")  # the manifest's dates, named by path
        ours[side].pop("path"), theirs[side].pop("path")
    assert ours == theirs


def test_changes_table_types_and_rows(oas: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert batch(oas, "-o", out, "--workers", "0", "--csv").returncode == 0
    table = pq.read_table(out / "changes.parquet")
    assert table.column_names == ["corpus", "old", "new", "old_address", "new_address", "kind",
                                  "old_text", "new_text", "delegations", "stances", "date",
                                  "evidence", "paragraph_status"]
    types = {f.name: str(f.type) for f in table.schema}
    assert types["delegations"] == "list<element: string>" and types["date"] == "date32[day]"
    df = table.to_pandas()
    last = df[(df.old == "2015-11") & (df.new == "2016-01")]
    # VEN's nested sub-proposal in IV.B 7, with its own date
    ven = last[last.delegations.map(lambda d: list(d) == ["VEN"])]
    assert list(ven.new_text) == ["and other social actors"]
    assert str(ven.date.iloc[0]) == "2016-01-19"
    assert set(df.kind) <= {"insert", "delete", "replace", "proposed_delete"}
    # the same changes as `redline compare --format csv`, one row per change
    compare_csv = subprocess.run(
        [*REDLINE, "compare", "oas/2015-11.txt", "oas/2016-01.txt", "--format", "csv"],
        capture_output=True, text=True, cwd=oas, check=True).stdout
    theirs = sorted((r["kind"], r["old_text"], r["new_text"])
                    for r in csv.DictReader(io.StringIO(compare_csv[1:])))
    ours = sorted((r.kind, r.old_text, r.new_text) for r in last.itertuples()
                  for _ in (list(r.delegations) or [""]))
    assert ours == theirs
    text = (out / "changes.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff") and len(list(csv.reader(io.StringIO(text)))) == len(df) + 1


def test_same_results_on_local_workers_as_in_process(generated: Path,
                                                     generated_sequential: Path,
                                                     tmp_path: Path):
    out = tmp_path / "out"
    r = batch(generated, "-o", out, "--workers", "2", "--shared-files")  # workers read paths
    assert r.returncode == 0, r.stderr
    assert "2 local worker processes" in r.stderr
    assert len(pairs_csv(out)) == 400
    assert without_seconds(pairs_csv(out)) == without_seconds(pairs_csv(generated_sequential))
    assert (out / "changes.parquet").read_bytes() == \
        (generated_sequential / "changes.parquet").read_bytes()
    assert json_files(out) == json_files(generated_sequential)


def test_rerun_skips_what_is_unchanged_and_redoes_what_changed(oas: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert batch(oas, "-o", out, "--workers", "0").returncode == 0
    first = (out / "changes.parquet").read_bytes()
    r = batch(oas, "-o", out, "--workers", "0")
    assert "3 unchanged since the last run; 0 compared" in r.stderr
    assert (out / "changes.parquet").read_bytes() == first
    draft = oas / "oas" / "2015-11.txt"  # in two pairs
    draft.write_text(draft.read_text(encoding="utf-8") + "\nA new closing line.\n",
                     encoding="utf-8")
    r = batch(oas, "-o", out, "--workers", "0")
    assert "1 unchanged since the last run; 2 compared" in r.stderr
    (out / "pairs/oas/2005__2015-04.json").write_text("{}", encoding="utf-8")  # tampered
    assert "2 unchanged since the last run; 1 compared" in batch(oas, "-o", out,
                                                                "--workers", "0").stderr
    r = batch(oas, "-o", out, "--workers", "0", "--language", "en", "--conventions", "oas")
    assert "3 unchanged" in r.stderr  # the manifest said as much already
    r = batch(oas, "-o", out, "--workers", "0", "--delegations", "un")
    assert "0 unchanged" not in r.stderr and "3 compared" in r.stderr
    assert "3 compared" in batch(oas, "-o", out, "--workers", "0", "--force",
                                 "--delegations", "un").stderr
    state = json.loads((out / ".redline-batch.json").read_text(encoding="utf-8"))
    entry = state["pairs"]["oas/2015-11__2016-01"]
    assert state["redline"] and len(entry["old_sha256"]) == 64 and entry["options_sha256"]


def test_a_stopped_run_resumes(generated: Path, generated_sequential: Path, tmp_path: Path):
    out = tmp_path / "out"
    proc = subprocess.Popen([*REDLINE, "batch", str(generated), "-o", str(out),
                             "--workers", "0"], stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: (out / ".redline-batch.json").exists()
              and len(list((out / "pairs").rglob("*.json"))) > 60, proc)
    proc.kill()  # as a power cut would: no chance to tidy up
    proc.wait()
    r = batch(generated, "-o", out, "--workers", "0")
    assert r.returncode == 0, r.stderr
    skipped = int(r.stderr.split(" unchanged")[0].rsplit(", ", 1)[1])
    assert skipped >= 1
    assert without_seconds(pairs_csv(out)) == without_seconds(pairs_csv(generated_sequential))
    assert (out / "changes.parquet").read_bytes() == \
        (generated_sequential / "changes.parquet").read_bytes()


def test_a_bad_file_is_an_error_row_not_the_end(oas: Path, tmp_path: Path):
    (oas / "oas" / "2015-11.txt").write_bytes(b"PK\x03\x04 not really a zip")
    broken = oas / "broken"
    broken.mkdir()
    (broken / "manifest.toml").write_text("[[version]]\nid = 1\n", encoding="utf-8")
    out = tmp_path / "out"
    r = batch(oas, "-o", out, "--workers", "0")
    assert r.returncode == 1
    assert "pairs.csv says why" in r.stderr and "Traceback" not in r.stderr
    rows = {(x["corpus"], x["old"], x["new"]): x for x in pairs_csv(out)}
    assert rows[("oas", "2005", "2015-04")]["status"] == "ok"
    bad = rows[("oas", "2015-04", "2015-11")]
    assert bad["status"] == "error" and bad["changes"] == ""
    assert bad["error"].startswith("oas/2015-11.txt: ")
    assert rows[("broken", "", "")]["error"].endswith("version 1 needs id, file and date")
    assert not (out / "pairs/oas/2015-04__2015-11.json").exists()
    assert set(pq.read_table(out / "changes.parquet").column("old").to_pylist()) == {"2005"}


def test_pair_lists_with_word_and_text(tmp_path: Path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.txt").write_text("1. The States shall cooperate.\n", encoding="utf-8")
    (drafts / "b.docx").write_bytes(docx(p("1. The States shall ", ins("fully", "Brazil"),
                                         " cooperate.")))
    (drafts / "c.txt").write_text("1. The States shall fully cooperate (Proposed by Mexico).\n",
                                  encoding="utf-8")
    lst = tmp_path / "list.csv"
    lst.write_text("old,new,corpus\ndrafts/a.txt,drafts/b.docx,word\n"
                   "drafts/a.txt,drafts/c.txt,\n", encoding="utf-8")
    out = tmp_path / "out"
    r = batch(lst, "-o", out, "--workers", "0", "--delegations", "oas")
    assert r.returncode == 0, r.stderr
    rows = pairs_csv(out)
    assert [(x["corpus"], x["old"], x["new"]) for x in rows] == [
        ("word", "drafts/a.txt", "drafts/b.docx"), ("list", "drafts/a.txt", "drafts/c.txt")]
    df = pq.read_table(out / "changes.parquet").to_pandas()
    assert [(r.corpus, r.new_text, list(r.delegations)) for r in df.itertuples()] == [
        ("word", "fully", ["BRA"]), ("list", "fully", ["MEX"])]
    assert (out / "pairs/word/drafts_a.txt__drafts_b.docx.json").is_file()
    toml = tmp_path / "list.toml"
    toml.write_text('[[pair]]\nold = "drafts/a.txt"\nnew = "drafts/c.txt"\ncorpus = "t"\n',
                    encoding="utf-8")
    r = batch(toml, "-o", tmp_path / "out2", "--workers", "0", "--delegations", "oas")
    assert r.returncode == 0, r.stderr
    assert pairs_csv(tmp_path / "out2")[0]["changes"] == "1"


def test_version_ids_never_write_outside_the_folder(tmp_path: Path):
    arch = tmp_path / "archive"
    write_archive(arch, 1)
    manifest = arch / "c000" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('id = "v2"',
                                                                     'id = "../../../evil"'),
                        encoding="utf-8")
    out = tmp_path / "out"
    assert batch(arch, "-o", out, "--workers", "0").returncode == 0
    written = sorted(p.relative_to(out).as_posix() for p in (out / "pairs").rglob("*.json"))
    assert written == ["pairs/c000/evil__v3.json", "pairs/c000/v1__evil.json"]
    assert not [p for p in tmp_path.rglob("*evil*") if out not in p.parents]


@pytest.mark.parametrize(("args", "message"), [
    (["missing", "-o", "out"], "missing: no such folder or pair list"),
    (["notes.md", "-o", "out"], "not a folder of corpora, a corpus, nor a pair list"),
    (["empty", "-o", "out"], "no corpus found"),
    (["bad.csv", "-o", "out"], "the header must be old,new[,corpus]"),
    (["dup.csv", "-o", "out"], "dup.csv: lists a.txt → b.txt of corpus dup twice"),
    (["c", "-o", "out", "--delegations", "nosuch"], "nosuch"),
    (["c", "-o", "out", "--workers", "100000"], "--workers 100000: at most"),
    (["c", "-o", "notes.md"], "is a file"),
    (["c", "-o", "out", "--workers", "-1"], "--workers -1"),
    (["c", "-o", "out", "--workers", "2", "--scheduler", "tcp://127.0.0.1:9"], "not both"),
    (["c", "-o", "out", "--annex-since", "2015-12-07"], "add --reports"),
    (["c", "-o", "out", "--scheduler", "nonsense"], "tcp://HOST:PORT"),
    (["c", "-o", "c"], "is the archive itself"),
    (["c", "-o", "out", "--workers", "0", "--changes", "sometimes"], "sometimes"),
])
def test_bad_usage_is_one_line_and_exit_2(tmp_path: Path, args, message):
    (tmp_path / "notes.md").write_text("hello", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.csv").write_text("from,to\na,b\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("1. Text.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("1. Text two.\n", encoding="utf-8")
    (tmp_path / "dup.csv").write_text("old,new\na.txt,b.txt\na.txt,b.txt\n", encoding="utf-8")
    write_archive(tmp_path / "c", 1)
    r = batch(*args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert message in r.stderr and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_reports_per_corpus_and_skipped_when_unchanged(oas: Path, tmp_path: Path):
    out = tmp_path / "out"
    r = batch(oas, "-o", out, "--workers", "0", "--reports", "--annex-since", "2015-12-07")
    assert r.returncode == 0, r.stderr
    folder = out / "reports" / "oas"
    assert {"index.html", "history.json", "annex_since_2015-12-07.docx",
            "audit_USA.json"} <= {p.name for p in folder.iterdir()}
    alone = tmp_path / "alone"  # what `redline report` writes for the corpus, byte for byte
    subprocess.run([*REDLINE, "report", "oas", "-o", str(alone), "--annex-since", "2015-12-07"],
                   cwd=oas, check=True, capture_output=True)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == \
        {p.name: p.read_bytes() for p in alone.iterdir()}
    before = (folder / "index.html").stat().st_mtime_ns
    assert batch(oas, "-o", out, "--workers", "0", "--reports",
                 "--annex-since", "2015-12-07").returncode == 0
    assert (folder / "index.html").stat().st_mtime_ns == before


def test_progress_bar_on_a_terminal_only(oas: Path, tmp_path: Path):
    main, other = pty.openpty()
    fcntl.ioctl(other, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    proc = subprocess.Popen([*REDLINE, "batch", str(oas), "-o", str(tmp_path / "out"),
                             "--workers", "0"], stderr=other, stdout=subprocess.DEVNULL)
    os.close(other)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(main)
    assert proc.returncode == 0
    assert b"Comparing" in seen and b"pair/s" in seen and b"3/3" in seen


# -- on a Dask cluster started here -------------------------------------------------------


def _wait_for(check, proc: subprocess.Popen | None = None, timeout: float = 120) -> None:
    import time

    end = time.monotonic() + timeout
    while not check():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"exited early: {proc.stderr.read() if proc.stderr else ''}")
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.fixture
def cluster(tmp_path: Path):
    """A Dask scheduler and two workers on 127.0.0.1, each its own process group."""
    dask = str(Path(sys.executable).parent / "dask")
    info = tmp_path / "scheduler.json"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(info)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    try:
        _wait_for(lambda: info.exists() and info.stat().st_size > 0, procs[0], 60)
        for _ in range(2):
            procs.append(subprocess.Popen(
                [dask, "worker", "--scheduler-file", str(info), "--nthreads", "1",
                 "--host", "127.0.0.1", "--no-dashboard"], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True))
        address = json.loads(info.read_text(encoding="utf-8"))["address"]
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, procs
    finally:
        for proc in reversed(procs):
            _kill_group(proc)


def _kill_group(proc: subprocess.Popen) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def test_same_results_on_a_scheduler_as_in_process(cluster, generated: Path,
                                                   generated_sequential: Path, tmp_path: Path):
    address, _ = cluster
    out = tmp_path / "out"
    r = batch(generated, "-o", out, "--scheduler", address)
    assert r.returncode == 0, r.stderr
    assert f"on the cluster at {address}" in r.stderr
    assert without_seconds(pairs_csv(out)) == without_seconds(pairs_csv(generated_sequential))
    assert (out / "changes.parquet").read_bytes() == \
        (generated_sequential / "changes.parquet").read_bytes()
    assert json_files(out) == json_files(generated_sequential)


def test_a_worker_killed_mid_run_loses_nothing(cluster, generated: Path,
                                               generated_sequential: Path, tmp_path: Path):
    address, procs = cluster
    out = tmp_path / "out"
    run = subprocess.Popen([*REDLINE, "batch", str(generated), "-o", str(out),
                            "--scheduler", address], stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: out.exists() and len(list(out.rglob("*.json"))) > 20, run)
    _kill_group(procs[1])  # a worker and its nanny, mid-run
    assert run.poll() is None, "the run ended before the worker was killed"
    err = run.communicate(timeout=300)[1]
    assert run.returncode == 0, err
    rows = pairs_csv(out)
    assert len({(r["corpus"], r["old"], r["new"]) for r in rows}) == len(rows) == 400
    assert without_seconds(rows) == without_seconds(pairs_csv(generated_sequential))
    assert (out / "changes.parquet").read_bytes() == \
        (generated_sequential / "changes.parquet").read_bytes()


def test_a_worker_builds_its_reading_once_not_per_pair(oas: Path):
    """Tasks arrive pickled, each a new copy: the reading (delegation list, grammar) is still
    built once per worker process."""
    import pickle

    from redline.annotate import document
    from redline.jobs.archive import load_archive
    from redline.jobs.batch import Task, compare_task
    from redline.jobs.corpus import reading_settings

    archive = load_archive(oas)
    how = reading_settings(None, None, None, None, archive.pairs[0].folder)
    tasks = [pickle.loads(pickle.dumps(Task(pair, how))) for pair in archive.pairs]
    compare_task(tasks[0])
    before = document._grammar.cache_info()
    outcomes = [compare_task(t) for t in tasks[1:]]
    after = document._grammar.cache_info()
    assert [o.status for o in outcomes] == ["ok", "ok"]
    assert after.misses == before.misses and after.hits > before.hits


def test_real_corpora_beside_the_repository(tmp_path: Path):
    """The OAS corpus and the real corpora in ../shared/corpora (Paris Agreement drafts), when
    they are there, in one archive."""
    shared = ROOT.parent / "shared" / "corpora"
    if not shared.is_dir():
        pytest.skip("no ../shared/corpora here")
    arch = tmp_path / "archive"
    shutil.copytree(shared, arch)
    shutil.copytree(ROOT / "revisions", arch / "oas")
    out = tmp_path / "out"
    r = batch(arch, "-o", out, "--workers", "2")
    assert r.returncode == 0, r.stderr
    rows = pairs_csv(out)
    assert {x["corpus"] for x in rows} >= {"oas", "paris-agreement"}
    assert all(x["status"] == "ok" for x in rows)
    assert sum(int(x["changes"]) for x in rows if x["corpus"] == "paris-agreement") > 1000


def test_an_input_is_never_written_over(tmp_path: Path):
    (tmp_path / "a.txt").write_text("1. Text.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "changes.parquet").write_text("precious", encoding="utf-8")
    (tmp_path / "list.csv").write_text("old,new\na.txt,out/changes.parquet\n", encoding="utf-8")
    r = batch(tmp_path / "list.csv", "-o", out, "--workers", "0")  # not a batch folder
    assert r.returncode == 2 and "not a folder redline made" in r.stderr
    r = batch(tmp_path / "list.csv", "-o", out, "--workers", "0", "--force")
    assert r.returncode == 2 and "refusing to overwrite an input file" in r.stderr
    assert (out / "changes.parquet").read_text(encoding="utf-8") == "precious"


def test_names_that_would_collide_get_files_of_their_own(tmp_path: Path):
    """Ids in any script are kept; names that differ only by what a file name cannot hold
    (or by letter case) each get a short hash, and every pair is computed."""
    arch = tmp_path / "archive"
    for name in ("oas 2016", "oas_2016", "Rev", "rev"):
        write_archive(arch / name, 1)
    manifest = arch / "rev" / "c000" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('id = "v1"', 'id = "الأول"'),
                        encoding="utf-8")
    out = tmp_path / "out"
    r = batch(arch, "-o", out, "--workers", "0")
    assert r.returncode == 0, r.stderr
    rows = pairs_csv(out)
    assert len(rows) == 8 and all(x["status"] == "ok" for x in rows)
    files = sorted(p.relative_to(out / "pairs").as_posix() for p in out.glob("pairs/**/*.json"))
    assert len(files) == 8 and "rev/c000/الأول__v2.json" in files
    assert sum(f.startswith(("oas_2016/c000/v1__v2-", "oas_2016/c000/v2__v3-"))
               for f in files) == 4


def test_renaming_a_corpus_recomputes_its_rows(tmp_path: Path):
    (tmp_path / "a.txt").write_text("1. The States shall cooperate.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("1. The States shall fully cooperate.\n", encoding="utf-8")
    lst, out = tmp_path / "list.csv", tmp_path / "out"
    lst.write_text("old,new,corpus\na.txt,b.txt,OAS 2016\n", encoding="utf-8")
    assert batch(lst, "-o", out, "--workers", "0").returncode == 0
    lst.write_text("old,new,corpus\na.txt,b.txt,OAS_2016\n", encoding="utf-8")
    r = batch(lst, "-o", out, "--workers", "0")
    assert "1 compared" in r.stderr
    assert pairs_csv(out)[0]["corpus"] == "OAS_2016"
    assert pq.read_table(out / "changes.parquet").column("corpus").to_pylist() == ["OAS_2016"]


def test_a_draft_gone_mid_run_is_an_error_row(oas: Path, tmp_path: Path):
    from redline.jobs.archive import load_archive
    from redline.jobs.batch import run_batch
    from redline.jobs.corpus import reading_settings

    def run(fn, items, failed):  # the engine: a draft disappears before the tasks are made
        (oas / "oas" / "2016-01.txt").unlink()
        yield from map(fn, items)

    archive = load_archive(oas)
    result = run_batch(archive, tmp_path / "out",
                       lambda folder: reading_settings(None, None, None, None, folder), run)
    assert (result.ok, result.failed) == (2, 1)
    assert pairs_csv(tmp_path / "out")[2]["error"] == "oas/2016-01.txt: no such file"


def test_links_to_folders_are_not_followed(oas: Path, tmp_path: Path):
    (oas / "loop").mkdir()
    (oas / "loop" / "up").symlink_to("..")
    r = batch(oas, "-o", tmp_path / "out", "--workers", "0")
    assert r.returncode == 0 and "3 pairs" in r.stderr


def test_a_damaged_record_is_ignored_entry_by_entry(oas: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert batch(oas, "-o", out, "--workers", "0", "--reports").returncode == 0
    state = json.loads((out / ".redline-batch.json").read_text(encoding="utf-8"))
    state["pairs"]["oas/2005__2015-04"] = "oops"
    del state["pairs"]["oas/2015-04__2015-11"]["corpus"]
    (out / ".redline-batch.json").write_text(json.dumps(state), encoding="utf-8")
    r = batch(oas, "-o", out, "--workers", "0")  # without --reports: their record stays
    assert r.returncode == 0 and "1 unchanged since the last run; 2 compared" in r.stderr
    after = json.loads((out / ".redline-batch.json").read_text(encoding="utf-8"))
    assert after["reports"] == state["reports"] and "oas" in after["reports"]


def test_stances_say_who_opposed_a_change_they_are_not_credited_with(tmp_path: Path):
    head = "Chapter 9 Transparency\n\nArticle 9.2 Publication\n\n1. Each Party "
    tail = " publish in advance any measure that it proposes to adopt.\n"
    (tmp_path / "old.txt").write_text(head + "shall" + tail, encoding="utf-8")
    (tmp_path / "new.txt").write_text(
        head + "[AU/NZ propose; US oppose: shall endeavour to]" + tail, encoding="utf-8")
    (tmp_path / "list.csv").write_text("old,new\nold.txt,new.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    assert batch(tmp_path / "list.csv", "-o", out, "--workers", "0").returncode == 0
    [row] = pq.read_table(out / "changes.parquet").to_pylist()
    assert row["delegations"] == ["AUS", "NZL"] and row["new_text"] == "[shall endeavour to]"
    assert json.loads(row["stances"]) == [{"delegations": ["AUS", "NZL"], "stance": "propose"},
                                          {"delegations": ["USA"], "stance": "oppose"}]


def test_a_change_to_redline_recomputes_every_pair(oas: Path, tmp_path: Path):
    """The record is keyed by a digest of redline's code and data, not its version number
    (which stays the same while outputs change)."""
    import os
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(ROOT / "redline", copy / "redline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(copy)}

    def run() -> str:
        return subprocess.run([*REDLINE, "batch", str(oas), "-o", str(tmp_path / "out"),
                               "--workers", "0"], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=300).stderr

    assert "3 compared" in run()
    assert "3 unchanged since the last run; 0 compared" in run()
    site = copy / "redline" / "serve" / "views.py"  # the site changes no output
    site.write_text(site.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert "3 unchanged since the last run; 0 compared" in run()
    rule = copy / "redline" / "compare" / "diff.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = run()
    assert "3 compared" in again and "unchanged" not in again
