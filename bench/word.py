"""Reading Word files: how long `redline read` takes on a 300-page .docx with tracked changes.

The draft is made here, reproducibly: the 1 MB synthetic pair of `bench/run.py` (3150
paragraphs, about 300 pages) compared by redline and written as its Word redline, so that
every change is a real tracked insertion or deletion with a delegation as author. It is then
read as a user would (`redline read X.docx --format json`, the whole process, both readings)
and inside one process (`redline.read.read`, the read stage alone). Goal: under 2 s a read.

    .venv/bin/python bench/word.py [--repeat N]

Figures go to the terminal and to a new file `bench/out/word-<time>.md`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from child import run_child  # bench/child.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GOAL = 2.0  # seconds to read a 300-page .docx, process start-up included


def make_docx() -> dict:
    """The 300-page Word redline (in a child process, so the parent stays small)."""
    code = (
        "import sys, json; sys.path.insert(0, 'tests');"
        "from synth import corpus_paragraphs, make_pair, numbered;"
        "import redline; from redline.render import render;"
        "src = corpus_paragraphs('revisions/2016-01.txt');"
        "old, new, _ = make_pair(src, 3150, 3);"
        "cmp = redline.compare_texts(numbered(old), numbered(new), conventions='oas');"
        f"p = '{OUT}/word-300p.docx'; open(p, 'wb').write(render(cmp, 'docx'));"
        "print(json.dumps({'path': p, 'paragraphs': len(new), 'changes': len(cmp.changes),"
        " 'words': sum(len(x.split()) for x in new)}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def in_process(path: str, repeat: int) -> dict[str, float]:
    code = (
        "import time, json; from redline.read import read;"
        f"read('{path}');"  # imports and caches outside the clock
        "out = {}\n"
        "for ch in ('accept', 'reject'):\n"
        "    ts = []\n"
        f"    for _ in range({repeat}):\n"
        "        t = time.perf_counter(); read(" + repr(path) + ", changes=ch)\n"
        "        ts.append(time.perf_counter() - t)\n"
        "    out[ch] = sorted(ts)[len(ts) // 2]\n"
        "print(json.dumps(out))")
    return json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                     capture_output=True, text=True).stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    doc = make_docx()
    size = Path(doc["path"]).stat().st_size
    redline = str(Path(sys.executable).parent / "redline")
    rows = []
    with open(OUT / "word-stderr.log", "wb") as err:
        for changes in ("accept", "reject"):
            runs = []
            for _ in range(args.repeat):
                secs, code, usage, killed = run_child(
                    [redline, "read", doc["path"], "--changes", changes, "--format", "json",
                     "-o", str(OUT / f"word-{changes}.json")], ROOT, 120, err)
                if code != 0 or killed:
                    print(f"redline read failed (exit {code}); see bench/out/word-stderr.log",
                          file=sys.stderr)
                    return 1
                runs.append((secs, usage.ru_maxrss / 1024))
            rows.append((changes, statistics.median(s for s, _ in runs),
                         max(m for _, m in runs)))
    inner = in_process(doc["path"], args.repeat)
    lines = [
        "# Reading Word files",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · a redline .docx of "
        f"{doc['paragraphs']:,} paragraphs, {doc['words']:,} words (about 300 pages), "
        f"{doc['changes']:,} tracked changes, {size:,} bytes.",
        "",
        "| reading | `redline read --format json` (whole process) | peak memory "
        "| read stage alone |",
        "|---|---|---|---|",
        *(f"| {ch} | {secs:.2f} s | {mb:.0f} MB | {inner[ch]:.2f} s |"
          for ch, secs, mb in rows),
        "",
        f"Goal: under {GOAL:.0f} s to read it: "
        + ("**PASS**" if all(secs < GOAL for _, secs, _ in rows) else "**FAIL**")
        + f" ({max(secs for _, secs, _ in rows):.2f} s at most).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    fresh = OUT / f"word-{time.strftime('%Y%m%d-%H%M%S')}.md"
    fresh.write_text(text, encoding="utf-8")
    print(f"figures written to {fresh.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
