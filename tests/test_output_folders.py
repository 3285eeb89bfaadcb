"""The folders `report` and `batch` write into: never a user's own folder without --force, one
run at a time, and what a run no longer makes is listed, deleted only with --prune."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline.jobs.folder import LOCK, locked
from redline.jobs.report import MARKER
from tests.conftest import REVISIONS

REDLINE = [sys.executable, "-m", "redline.cli"]


def redline(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*REDLINE, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A small corpus: two versions of the OAS text (a report of it takes a second)."""
    root = tmp_path / "corpus"
    root.mkdir()
    for name in ("2015-11.txt", "2016-01.txt"):
        (root / name).write_bytes((REVISIONS / name).read_bytes())
    (root / "manifest.toml").write_text(
        '[[version]]\nid = "2015-11"\nfile = "2015-11.txt"\ndate = "2015-11-18"\n'
        '[[version]]\nid = "2016-01"\nfile = "2016-01.txt"\ndate = "2016-01-21"\n',
        encoding="utf-8")
    return root


def test_a_users_own_folder_is_refused_unless_force(tmp_path, corpus):
    """The complaint: `report -o site` wrote over the user's own site/index.html."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    r = redline("report", corpus, "-o", site, "--no-audits")
    assert r.returncode == 2
    assert r.stderr == (f"redline: error: {site}: not a folder redline made (it holds "
                        "index.html and 1 more, and no .redline-report): write into a new or "
                        "empty folder, or give --force to write over the files of the same "
                        "names\n")
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>my own page</p>"
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "notes.txt"]

    r = redline("report", corpus, "-o", site, "--no-audits", "--force")
    assert r.returncode == 0, r.stderr
    assert "redline reports: corpus" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "notes.txt").read_text(encoding="utf-8") == "mine"  # never listed, kept
    assert "notes.txt" not in json.loads((site / MARKER).read_text(encoding="utf-8"))["files"]
    assert redline("report", corpus, "-o", site, "--no-audits").returncode == 0  # now redline's


def test_new_empty_and_older_report_folders_are_accepted(tmp_path, corpus):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert redline("report", corpus, "-o", empty, "--no-audits").returncode == 0
    marker = json.loads((empty / MARKER).read_text(encoding="utf-8"))
    assert marker["schema"] == "redline/2" and "index.html" in marker["files"]
    assert not (empty / LOCK).exists()
    older = tmp_path / "older"  # written by a redline before the marker: its index says so
    older.mkdir()
    (older / "index.html").write_text("<html><head><title>redline reports: x</title>",
                                      encoding="utf-8")
    (older / "audit_XYZ.html").write_text("old", encoding="utf-8")
    r = redline("report", corpus, "-o", older, "--no-audits")
    assert r.returncode == 0, r.stderr
    assert f"  {older / 'audit_XYZ.html'}" in r.stderr.splitlines()


def test_files_no_longer_made_are_listed_and_pruned_only_when_asked(tmp_path, corpus):
    """An audit of a delegation no longer named: listed on stderr, kept, deleted by --prune."""
    out = tmp_path / "out"
    assert redline("report", corpus, "-o", out).returncode == 0
    audits = sorted(p.name for p in out.glob("audit_*"))
    assert "audit_VEN.html" in audits
    r = redline("report", corpus, "-o", out, "--no-audits")
    assert r.returncode == 0
    err = r.stderr.splitlines()
    assert err[1] == (f"redline: note: {len(audits)} files from an earlier run no longer made; "
                      "kept (--prune deletes them):")
    assert err[2:] == [f"  {out / name}" for name in audits]
    assert sorted(p.name for p in out.glob("audit_*")) == audits  # nothing deleted
    r = redline("report", corpus, "-o", out, "--no-audits")  # still listed the next time
    assert f"  {out / 'audit_VEN.html'}" in r.stderr.splitlines()
    r = redline("report", corpus, "-o", out, "--no-audits", "--prune")
    assert r.returncode == 0
    assert r.stderr.splitlines()[1] == (f"redline: deleted {len(audits)} files from an earlier "
                                        "run that this run no longer makes:")
    assert list(out.glob("audit_*")) == []
    r = redline("report", corpus, "-o", out, "--no-audits")
    assert r.stderr.splitlines() == [f"wrote 5 files into {out}/ (open {out}/index.html)"]


HOLD = """
import sys, time
from redline.jobs.folder import locked
with locked(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding an output folder's lock until the test ends."""
    procs = []

    def hold(folder: Path) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert proc.stdout.readline() == "held\n"
        procs.append(proc)
        return proc

    yield hold
    for proc in procs:
        proc.communicate("\n", timeout=30)


@pytest.mark.parametrize("command", ["report", "batch"])
def test_a_second_run_into_the_same_folder_is_refused_naming_the_first(tmp_path, corpus,
                                                                       holder, command):
    """The complaint: two runs into one folder both "succeeded" and left a mix."""
    out = tmp_path / "out"
    first = holder(out)
    started = time.time()
    args = ["--workers", "0"] if command == "batch" else ["--no-audits"]
    r = redline(command, corpus, "-o", out, *args)
    assert r.returncode == 2 and r.stdout == ""
    (line,) = r.stderr.splitlines()
    assert line.startswith(f"redline: error: {out}: another redline run is writing into it "
                           f"(pid {first.pid} on {socket.gethostname()}, since ")
    assert line.endswith(" UTC); wait for it to end, or write elsewhere")
    assert time.time() - started < 60  # refused at once, not after the work
    assert sorted(p.name for p in out.iterdir()) == [LOCK]  # the second wrote nothing


def test_the_lock_is_released_and_a_failed_first_run_leaves_no_folder(tmp_path, corpus):
    out = tmp_path / "out"
    with locked(out):
        assert (out / LOCK).is_file()
    assert not out.exists()  # made by the run, left empty: removed
    (corpus / "2016-01.txt").write_text("", encoding="utf-8")
    r = redline("report", corpus, "-o", out)
    assert r.returncode == 2 and "empty file" in r.stderr
    assert not out.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    with locked(kept):
        pass
    assert kept.is_dir() and list(kept.iterdir()) == []


def test_two_real_runs_at_once_one_wins(tmp_path, corpus):
    out = tmp_path / "out"
    runs = [subprocess.Popen([*REDLINE, "report", str(corpus), "-o", str(out), "--no-audits"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in runs]
    for p in runs:
        p.stdout.close()
        p.stderr.close()
    codes = sorted(code for code, _ in results)
    if codes == [0, 0]:  # the first ended before the second began: nothing to prove here
        pytest.skip("the runs did not overlap")
    assert codes == [0, 2]
    assert "another redline run is writing into it (pid" in next(e for c, e in results if c)


def _pairs(tmp_path: Path, rows: list[str]) -> Path:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"1. Text {name}.\n2. More.\n", encoding="utf-8")
    listing = tmp_path / "list.csv"
    listing.write_text("old,new\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return listing


def test_batch_lists_what_it_no_longer_makes_and_prunes_when_asked(tmp_path):
    out = tmp_path / "out"
    listing = _pairs(tmp_path, ["a.txt,b.txt", "b.txt,c.txt"])
    r = redline("batch", listing, "-o", out, "--workers", "0", "--csv")
    assert r.returncode == 0, r.stderr
    gone = out / "pairs" / "list" / "b.txt__c.txt.json"
    assert gone.is_file()
    listing.write_text("old,new\na.txt,b.txt\n", encoding="utf-8")
    r = redline("batch", listing, "-o", out, "--workers", "0")
    assert r.returncode == 0, r.stderr
    err = r.stderr.splitlines()
    at = err.index("redline: note: 2 files from an earlier run no longer made; kept (--prune "
                   "deletes them):")
    assert err[at + 1:at + 3] == [f"  {out / 'changes.csv'}", f"  {gone}"]
    assert gone.is_file() and (out / "changes.csv").is_file()
    r = redline("batch", listing, "-o", out, "--workers", "0", "--prune")
    assert r.returncode == 0, r.stderr
    assert "redline: deleted 2 files from an earlier run that this run no longer makes:" \
        in r.stderr.splitlines()
    assert not gone.exists() and not (out / "changes.csv").exists()
    assert sorted(p.name for p in (out / "pairs" / "list").iterdir()) == ["a.txt__b.txt.json"]


def test_batch_refuses_a_folder_it_did_not_make(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pairs.csv").write_text("mine", encoding="utf-8")
    listing = _pairs(tmp_path, ["a.txt,b.txt"])
    r = redline("batch", listing, "-o", out, "--workers", "0")
    assert r.returncode == 2
    assert "not a folder redline made (it holds pairs.csv, and no .redline-batch.json)" \
        in r.stderr
    assert (out / "pairs.csv").read_text(encoding="utf-8") == "mine"
    assert redline("batch", listing, "-o", out, "--workers", "0", "--force").returncode == 0


def test_the_lock_names_its_holder(tmp_path):
    out = tmp_path / "out"
    with locked(out):
        record = json.loads((out / LOCK).read_text(encoding="utf-8"))
    assert record["pid"] == os.getpid() and record["host"] == socket.gethostname()
    assert record["since"].endswith(" UTC")
