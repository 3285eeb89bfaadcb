"""Benchmark: `redline annotations` on hostile text (deep nesting, bracket storms, huge lines).

Run with `.venv/bin/python bench/hostile.py [--timeout S] [--case NAME ...]`. Every case is
generated (seeded, the same on every run) into a temporary folder and read by
`redline annotations FILE --format json -o OUT` as its own process: wall time, peak RSS (the
child's own `ru_maxrss`, from `os.wait4`) and a status. A run is killed after `--timeout` seconds
(default 60) and shown as `timeout`. The Markdown table is printed and written to
bench/out/hostile.md.

`--profile NAME` instead runs one case in this process under cProfile and prints the top
functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from child import run_child  # bench/child.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
REDLINE = ROOT / ".venv" / "bin" / "redline"

WORDS = ("the", "parties", "shall", "promote", "cooperation", "among", "member", "states",
         "in", "accordance", "with", "national", "legislation", "and", "relevant", "measures",
         "to", "strengthen", "inclusion", "of", "persons", "people", "rights", "access")
MARKER_WORDS = ("Agreed", "Pending", "US", "propose", "oppose", "4-16-2015", "11-5-2015", ":",
                "AA", "CAN", "MEX", "IM", "Proposed by", "Approved", ";", "ad referendum")


def nested(n: int, closed: bool) -> str:
    """One paragraph: `n` nested `(` around a marker, closed or never closed."""
    core = "Agreed IM 11-5-2015"
    return "Text " + "(" * n + core + (")" * n if closed else "") + " end.\n"


def storm(n: int, seed: int = 1) -> str:
    """One paragraph of `n` random brackets mixed with marker words and words."""
    rng = random.Random(seed)
    out: list[str] = ["Storm"]
    brackets = 0
    while brackets < n:
        r = rng.random()
        if r < 0.6:
            out.append(rng.choice("[[((])"))
            brackets += 1
        elif r < 0.85:
            out.append(rng.choice(MARKER_WORDS))
        else:
            out.append(rng.choice(WORDS))
        if rng.random() < 0.5:
            out.append(" ")
    return "".join(out) + "\n"


def many_markers(n: int, seed: int = 2) -> str:
    """One paragraph with `n` markers `(Agreed IM 11-5-2015)`, a few words between them."""
    rng = random.Random(seed)
    parts = ["Intro"]
    for _ in range(n):
        parts.append(" ".join(rng.choices(WORDS, k=rng.randint(2, 6))))
        parts.append("(Agreed IM 11-5-2015)")
    return " ".join(parts) + ".\n"


def long_line(size: int, seed: int = 3) -> str:
    """One line of `size` bytes of ordinary words, with a bracketed aside now and then."""
    rng = random.Random(seed)
    asides = ("(see annex)", "[text]", "(IACHR)", "(2015)", "[CAN as appropriate 11-18-2015]",
              "(Agreed IM 11-5-2015)", "(unclosed", "stray)")
    parts: list[str] = ["Long"]
    total = 4
    while total < size:
        w = rng.choice(asides) if rng.random() < 0.02 else rng.choice(WORDS)
        parts.append(w)
        total += len(w) + 1
    return " ".join(parts) + ".\n"


def many_paragraphs(n: int, seed: int = 4) -> str:
    """`n` paragraphs, each with one marker, separated by blank lines."""
    rng = random.Random(seed)
    markers = ("(Agreed IM 11-5-2015)", "(Proposed by US- 4-16-2015)", "(PENDING)",
               "[CAN as appropriate 11-18-2015]")
    paras = []
    for i in range(n):
        words = " ".join(rng.choices(WORDS, k=rng.randint(8, 30)))
        paras.append(f"{i + 1}. {words.capitalize()} {rng.choice(markers)}.")
    return "\n\n".join(paras) + "\n"


CASES: dict[str, Callable[[], str]] = {
    "nested-20k-closed": lambda: nested(20_000, True),
    "nested-20k-unclosed": lambda: nested(20_000, False),
    "nested-100k-closed": lambda: nested(100_000, True),
    "nested-100k-unclosed": lambda: nested(100_000, False),
    "storm-300k": lambda: storm(300_000),
    "markers-5k": lambda: many_markers(5_000),
    "line-5MB": lambda: long_line(5 * 1024 * 1024),
    "paragraphs-10k": lambda: many_paragraphs(10_000),
}


@dataclass
class Result:
    case: str
    size: int
    seconds: float
    peak_mb: float
    status: str  # ok, refused (one-line error, exit 2), timeout, crash


def run_case(path: Path, timeout: float) -> tuple[float, float, str]:
    """Wall time, peak RSS in MB and status of `redline annotations` on `path`."""
    out = path.with_suffix(".json")
    cmd = [str(REDLINE), "annotations", str(path), "--format", "json", "-o", str(out)]
    with tempfile.TemporaryFile() as err:
        elapsed, code, usage, killed = run_child(cmd, ROOT, timeout, err)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace").strip()
    if killed:
        state = "timeout"
    elif code == 0:
        state = "ok"
    elif code == 2 and stderr.startswith("redline: error:") and "\n" not in stderr:
        state = f"refused: {stderr[len('redline: error:'):].strip()[:60]}"
    else:
        state = f"crash (exit {code}): {stderr.splitlines()[-1][:60] if stderr else ''}"
    return elapsed, usage.ru_maxrss / 1024, state


def table(results: list[Result], timeout: float) -> str:
    lines = ["| case | bytes | seconds | peak MB | status |", "|---|---:|---:|---:|---|"]
    for r in results:
        secs = f"> {timeout:.0f}" if r.status == "timeout" else f"{r.seconds:.2f}"
        lines.append(f"| {r.case} | {r.size:,} | {secs} | {r.peak_mb:.0f} | {r.status} |")
    return "\n".join(lines) + "\n"


def profile(name: str) -> None:
    """Run one case in this process under cProfile; print the top functions."""
    import cProfile
    import pstats

    from redline.api import load_text

    text = CASES[name]()
    load_text(" \n")  # imports and the grammar outside the profile
    prof = cProfile.Profile()
    prof.enable()
    load_text(text)
    prof.disable()
    stats = pstats.Stats(prof).strip_dirs()
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=60, help="seconds a run may take (60)")
    ap.add_argument("--case", action="append", choices=sorted(CASES),
                    help="run only this case (repeatable)")
    ap.add_argument("--profile", choices=sorted(CASES), help="cProfile one case in process")
    args = ap.parse_args()
    if args.profile:
        profile(args.profile)
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="redline-hostile-") as tmp:
        for name in args.case or list(CASES):
            path = Path(tmp) / f"{name}.txt"
            path.write_text(CASES[name](), encoding="utf-8")
            size = path.stat().st_size
            secs, mb, state = run_case(path, args.timeout)
            print(f"  {name:<22} {size:>10,} B {secs:7.2f} s {mb:6.0f} MB  {state}",
                  file=sys.stderr, flush=True)
            results.append(Result(name, size, secs, mb, state))
    text = table(results, args.timeout)
    print(text, end="")
    OUT.mkdir(parents=True, exist_ok=True)
    fresh = OUT / f"hostile-{time.strftime('%Y%m%d-%H%M%S')}.md"  # a new file every run
    fresh.write_text(text, encoding="utf-8")
    print(f"figures written to {fresh}", file=sys.stderr)


if __name__ == "__main__":
    main()
