"""Benchmark: `redline batch` on a generated archive, against one `redline compare` process per
pair, on 1 and 2 local workers and on a Dask scheduler with two workers started here.

Run with `make bench` (or `.venv/bin/python bench/batch.py [--pairs N] [--sample K]`). The
archive (corpora of three ~35 KB versions with real markers, fixed seed) and every output go
to bench/out/batch/; the Markdown table is printed and written to bench/out/BATCH-<time>.md
(bench/BATCH.md only with --update).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WORK = OUT / "batch"
sys.path.insert(0, str(ROOT / "tests"))
from archive_fixtures import write_archive  # noqa: E402  (tests/, beside the package)

BIN = Path(sys.executable).parent
REDLINE = str(BIN / "redline")
PARAGRAPHS = 110  # about 35 KB a version
GOAL_SECONDS = 60.0  # 1,000 pairs on 2 cores
GOAL_SPEEDUP = 10.0  # against 1,000 `redline compare` processes


def make_archive(pairs: int) -> Path:
    """`pairs // 2` corpora of three versions (two pairs each), made once per size."""
    root = WORK / f"archive-{pairs}"
    if not (root / "done").exists():
        shutil.rmtree(root, ignore_errors=True)
        write_archive(root, pairs // 2, versions=3, paragraphs=PARAGRAPHS, seed=7)
        (root / "done").write_text("", encoding="utf-8")
    return root


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run_batch(archive: Path, name: str, *engine: str) -> float:
    out = WORK / f"out-{name}"
    shutil.rmtree(out, ignore_errors=True)
    return timed([REDLINE, "batch", str(archive), "-o", str(out), *engine])


def compare_processes(archive: Path, sample: int) -> list[float]:
    """Wall times of `redline compare OLD NEW -o x.json` for the first `sample` pairs."""
    times = []
    for corpus in sorted(p for p in archive.iterdir() if p.is_dir()):
        for old, new in (("v1", "v2"), ("v2", "v3")):
            if len(times) == sample:
                return times
            times.append(timed([REDLINE, "compare", str(corpus / f"{old}.txt"),
                                str(corpus / f"{new}.txt"), "-o", str(WORK / "one.json")]))
    return times


class Cluster:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1."""

    def __enter__(self) -> str:
        info = WORK / "scheduler.json"
        info.unlink(missing_ok=True)
        dask = str(BIN / "dask")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
                 "start_new_session": True}
        self.procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                        "--no-dashboard", "--scheduler-file", str(info)],
                                       **quiet)]
        while not (info.exists() and info.stat().st_size):
            time.sleep(0.05)
        self.procs += [subprocess.Popen([dask, "worker", "--scheduler-file", str(info),
                                         "--nthreads", "1", "--host", "127.0.0.1",
                                         "--no-dashboard"], **quiet) for _ in range(2)]
        address = json.loads(info.read_text(encoding="utf-8"))["address"]
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        return address

    def __exit__(self, *exc) -> None:
        for proc in reversed(self.procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def same_tables(a: str, b: str) -> bool:
    """Do two runs' tables agree (all but `seconds`)?"""
    def rows(name: str) -> list[list[str]]:
        text = (WORK / f"out-{name}" / "pairs.csv").read_text(encoding="utf-8")
        return [line.rsplit(",", 1)[0] for line in text.splitlines()]
    return rows(a) == rows(b) and (WORK / f"out-{a}" / "changes.parquet").read_bytes() == \
        (WORK / f"out-{b}" / "changes.parquet").read_bytes()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--sample", type=int, default=20, help="compare processes timed")
    ap.add_argument("--update", action="store_true", help="also write bench/BATCH.md")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    archive = make_archive(args.pairs)
    size = statistics.mean((c / "v2.txt").stat().st_size for c in archive.iterdir()
                           if c.is_dir())
    print(f"archive: {args.pairs} pairs of ~{size / 1024:.0f} KB versions", file=sys.stderr)
    figures = {"0 (in-process)": run_batch(archive, "w0", "--workers", "0"),
               "1 worker": run_batch(archive, "w1", "--workers", "1"),
               "2 workers": run_batch(archive, "w2", "--workers", "2")}
    with Cluster() as address:
        figures["scheduler + 2 workers"] = run_batch(archive, "cluster", "--scheduler", address)
    identical = all(same_tables("w0", name) for name in ("w1", "w2", "cluster"))
    resume = run_batch(archive, "w2-again", "--workers", "2")  # fresh folder: a full run
    shutil.rmtree(WORK / "out-w2-again")
    shutil.copytree(WORK / "out-w2", WORK / "out-w2-again")
    rerun = timed([REDLINE, "batch", str(archive), "-o", str(WORK / "out-w2-again"),
                   "--workers", "2"])
    one = compare_processes(archive, args.sample)
    per = statistics.mean(one)
    growth = []
    for n in (100, 300, args.pairs):
        arch = make_archive(n) if n != args.pairs else archive
        t = run_batch(arch, f"g{n}", "--workers", "2") if n != args.pairs else figures[
            "2 workers"]
        growth.append((n, t))
    lines = _report(args.pairs, size, figures, identical, resume, rerun, per, len(one), growth)
    text = "\n".join(lines) + "\n"
    print(text)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    (OUT / f"BATCH-{stamp}.md").write_text(text, encoding="utf-8")
    if args.update:
        (ROOT / "bench" / "BATCH.md").write_text(text, encoding="utf-8")
    return 0


def _report(pairs: int, size: float, figures: dict[str, float], identical: bool,
            full: float, rerun: float, per: float, sample: int,
            growth: list[tuple[int, float]]) -> list[str]:
    best = figures["2 workers"]
    serial = per * pairs
    load = os.getloadavg()[0]
    lines = [
        "# Batch benchmark", "",
        f"`bench/batch.py`, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · nproc "
        f"{os.cpu_count()} · Python {platform.python_version()} · load average at the end "
        f"{load:.2f}.", "",
        f"A generated archive of {pairs} pairs ({pairs // 2} corpora of three versions of "
        f"~{size / 1024:.0f} KB with real OAS markers). Wall time of the whole `redline batch` "
        "process (start-up, starting the workers, writing every JSON, `pairs.csv` and "
        "`changes.parquet`).", "",
        "| engine | seconds | pairs/s | × one process per pair |", "|---|---|---|---|"]
    for name, t in figures.items():
        lines.append(f"| {name} | {t:.1f} | {pairs / t:.0f} | {serial / t:.0f}× |")
    lines += ["", f"Tables identical on every engine (all but `seconds`): "
                  f"{'yes' if identical else 'NO'}.",
              f"A re-run with nothing changed: {rerun:.1f} s (a full run: {full:.1f} s).", "",
              f"One `redline compare OLD NEW -o x.json` process per pair: {per:.2f} s (mean of "
              f"{sample}), so {serial:.0f} s for {pairs} pairs one after the other, "
              f"{serial / 2:.0f} s two at a time.", "",
              "How cost grows with the archive (2 workers):", "",
              "| pairs | seconds | ms per pair |", "|---|---|---|"]
    lines += [f"| {n} | {t:.1f} | {1000 * t / n:.0f} |" for n, t in growth]
    lines += ["", "## Goals", "",
              f"- **{'PASS' if best < GOAL_SECONDS else 'FAIL'}** {pairs} pairs on 2 workers "
              f"under {GOAL_SECONDS:.0f} s: {best:.1f} s",
              f"- **{'PASS' if serial / best >= GOAL_SPEEDUP else 'FAIL'}** at least "
              f"{GOAL_SPEEDUP:.0f}× faster than one `redline compare` process per pair: "
              f"{serial / best:.0f}×",
              f"- **{'PASS' if identical else 'FAIL'}** the same tables on every engine"]
    return lines


if __name__ == "__main__":
    sys.exit(main())
