"""Benchmark: `redline compare` end to end against `redlines` and difflib, on generated pairs.

Run with `make bench` (or `.venv/bin/python bench/run.py [--repeat N] [--timeout S]`).
It writes the pairs and every output under bench/out/ (git-ignored), prints a Markdown table
and writes it to a new file in bench/out/ (bench/RESULTS.md only with --update). See
bench/README.md for what is measured and why.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from child import run_child  # bench/child.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
CORPUS = ROOT / "revisions" / "2016-01.txt"
sys.path.insert(0, str(ROOT / "tests"))  # synth.py: the generator of pairs with known truth

# (label, paragraphs, seed): about 318 bytes a paragraph, so ~100 KB, ~300 KB and ~1 MB
# (~300 pages). Fixed seeds: the pairs are the same on every run.
SIZES = [("100 KB", 315, 1), ("300 KB", 945, 2), ("1 MB", 3150, 3)]
MOVE_RATE, SPLIT_RATE = 0.01, 0.002
# (label, bytes, seed): the raw OAS drafts, markers and all, copied until the size, each copy
# differing from the others by a word or two (`synth.near_duplicate_pair`).
NEAR_SIZES = [("near-dup 100 KB", 100_000, 11), ("near-dup 300 KB", 300_000, 12),
              ("near-dup 1 MB", 1_000_000, 13)]

GOAL_SECONDS = 2.0  # 1 MB pair, JSON output, whole process
GOAL_SPEEDUP = 75.0  # against redlines on the 1 MB pair
GOAL_LINEAR = 1.5  # marginal s/MB at 1 MB at most this times the one at 300 KB
RSS_FLOOR_MB = 5  # growth of peak RSS smaller than this is allocator noise
GOAL_NEAR_HTML = 2.0  # near-dup 1 MB pair, HTML output, whole process
GOAL_NEAR_WORK = 1.0  # near-dup 1 MB pair, in-process work (load, compare, JSON)


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    cpu_seconds: float
    status: str  # ok, timeout, error


@dataclass
class Measure:
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> list[Run]:
        return [r for r in self.runs if r.status == "ok"]

    @property
    def timed_out(self) -> bool:
        return any(r.status == "timeout" for r in self.runs)

    @property
    def seconds(self) -> float | None:
        """Median wall time of the successful runs (None if none succeeded)."""
        ok = self.ok
        return statistics.median(r.seconds for r in ok) if ok else None

    @property
    def rss(self) -> float | None:
        ok = self.ok or self.runs
        return max(r.max_rss_mb for r in ok) if ok else None


def run_once(cmd: list[str], timeout: float, log: Path) -> Run:
    """Wall time, peak RSS and CPU time of one child process (killed after `timeout` s)."""
    with log.open("ab") as err:
        elapsed, code, usage, killed = run_child(cmd, ROOT, timeout, err)
    state = "timeout" if killed and elapsed >= timeout else "ok" if code == 0 else "error"
    return Run(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, state)


def measure(name: str, cmd: list[str], repeat: int, timeout: float, *,
            adaptive: bool = False) -> Measure:
    """`repeat` runs; with `adaptive`, fewer when one run is slow (3 above 5 s, 1 above 60 s)."""
    m = Measure()
    log = OUT / "stderr.log"
    for k in range(repeat):
        r = run_once(cmd, timeout, log)
        m.runs.append(r)
        note = {"ok": "", "timeout": f"  TIMEOUT after {timeout:.0f} s",
                "error": f"  ERROR (exit status; see {log.relative_to(ROOT)})"}[r.status]
        print(f"  {name:<28} run {k + 1}: {r.seconds:7.2f} s  {r.max_rss_mb:6.0f} MB{note}",
              file=sys.stderr, flush=True)
        if r.status != "ok":
            break
        if adaptive and (r.seconds > 60 or (r.seconds > 5 and k + 1 >= 3)):
            break
    return m


# --- the pairs and the alignment check (`run.py --prepare`, in its own process) ----------
# The parent never imports redline: a child's peak RSS (ru_maxrss) starts from the parent's
# size at fork time, so a big parent would inflate every figure.


def prepare() -> list[dict]:
    from synth import corpus_paragraphs, make_pair, near_duplicate_pair, numbered

    OUT.mkdir(parents=True, exist_ok=True)
    src = corpus_paragraphs(CORPUS)
    pairs = []
    for label, n, seed in SIZES:
        old, new, truth = make_pair(src, n, seed, move_rate=MOVE_RATE, split_rate=SPLIT_RATE)
        stem = label.replace(" ", "")
        paths = OUT / f"{stem}-old.txt", OUT / f"{stem}-new.txt"
        for path, paras in zip(paths, (old, new), strict=True):
            path.write_text(numbered(paras), encoding="utf-8")
        pairs.append({"label": label, "stem": stem, "paragraphs": (len(old), len(new)),
                      "old": str(paths[0]), "new": str(paths[1]),
                      "bytes": tuple(p.stat().st_size for p in paths),
                      "quality": alignment_quality(old, new, truth), "family": "synthetic"})
    for label, size, seed in NEAR_SIZES:
        texts = near_duplicate_pair(ROOT / "revisions", size, seed)
        stem = label.replace(" ", "").replace("-", "")
        paths = OUT / f"{stem}-old.txt", OUT / f"{stem}-new.txt"
        for path, text in zip(paths, texts, strict=True):
            path.write_text(text, encoding="utf-8")
        pairs.append({"label": label, "stem": stem, "paragraphs": (None, None),
                      "old": str(paths[0]), "new": str(paths[1]),
                      "bytes": tuple(p.stat().st_size for p in paths), "quality": None,
                      "family": "near-dup"})
    # The fixed cost: a tiny pair with one edited word, so that the word diff imports spaCy.
    tiny_old = src[:3]
    words = src[1].split()
    words[len(words) // 2] = "revised"
    tiny_new = [src[0], " ".join(words), src[2]]
    for side, paras in (("old", tiny_old), ("new", tiny_new)):
        (OUT / f"tiny-{side}.txt").write_text(numbered(paras), encoding="utf-8")
    # and one with OAS markers, whose grammar the near-duplicate drafts need
    raw = (ROOT / "revisions" / "2016-01.txt").read_text(encoding="utf-8").splitlines()[:20]
    (OUT / "tiny-marked-old.txt").write_text("\n".join(raw) + "\n", encoding="utf-8")
    edited = [line.replace(" the ", " this ", 1) if k == 14 else line for k, line in enumerate(raw)]
    (OUT / "tiny-marked-new.txt").write_text("\n".join(edited) + "\n", encoding="utf-8")
    return pairs


def alignment_quality(old: list[str], new: list[str], truth) -> dict:
    """Precision/recall of the one-to-one pairs against the truth, and the false moves."""
    from synth import numbered

    from redline.api import load_text
    from redline.compare.align import align

    pairs = align(load_text(numbered(old)).body, load_text(numbered(new)).body)
    pred = {(p.old[0], p.new[0]) for p in pairs if len(p.old) == 1 and len(p.new) == 1}
    true = set(truth.pairs.items())
    tp = len(pred & true)
    moved = {p.old[0] for p in pairs if p.status == "moved"}
    return {"precision": tp / max(1, len(pred)), "recall": tp / max(1, len(true)),
            "false_moves": len(moved - truth.moved), "moves_found": len(moved & truth.moved),
            "moves_true": len(truth.moved)}


# --- where the time goes, in one process (`run.py --stages OLD NEW`) ---------------------


def stages(old: str, new: str) -> dict[str, float]:
    """Seconds per stage of one `compare` as the CLI does it, in a fresh interpreter.

    A warm-up on the tiny pairs (clean text, and OAS markers) first pays every fixed cost
    (spaCy, regexes, templates), so the stages after it are the work that grows with the size
    of the pair.
    """
    marks = [("start", time.perf_counter())]
    from redline.annotate.delegations import load as load_registry
    from redline.api import compare, load
    from redline.render import render
    marks.append(("import", time.perf_counter()))
    registry = load_registry(None)
    for tiny_pair in ("tiny", "tiny-marked"):  # clean text (UN grammar), OAS markers
        ta, tb = (load(OUT / f"{tiny_pair}-{side}.txt", delegations=registry)
                  for side in ("old", "new"))
        tiny = compare(ta, tb, delegations=registry)
        render(tiny, "json")
        render(tiny, "html")
    marks.append(("warm-up", time.perf_counter()))
    a = load(Path(old), delegations=registry, label="old")
    b = load(Path(new), delegations=registry, label="new")
    marks.append(("load", time.perf_counter()))
    cmp = compare(a, b, delegations=registry)
    marks.append(("compare", time.perf_counter()))
    render(cmp, "json")
    marks.append(("json", time.perf_counter()))
    render(cmp, "html")
    marks.append(("html", time.perf_counter()))
    return {name: t - marks[k][1] for k, (name, t) in enumerate(marks[1:])}


def stage_profile(pair: dict, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--stages",
                              pair["old"], pair["new"]], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out))
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


# --- the report ---------------------------------------------------------------------------


def fmt_time(m: Measure | None, timeout: float) -> str:
    if m is None:
        return "n/a"
    if m.seconds is None:
        return f"> {timeout:.0f} s" if m.timed_out else "error"
    return f"{m.seconds:.2f} s"


def cell(m: Measure | None, timeout: float) -> str:
    if m is None:
        return "not installed"
    rss = f" ({m.rss:.0f} MB)" if m.rss is not None else ""
    return fmt_time(m, timeout) + rss


def speedup(base: Measure | None, ours: Measure, timeout: float) -> tuple[float | None, str]:
    """How many times faster than `base`; a lower bound ('>') when `base` timed out."""
    if base is None or ours.seconds is None:
        return None, "n/a"
    if base.seconds is None:
        if not base.timed_out:
            return None, "n/a"
        x = timeout / ours.seconds
        return x, f"> {x:.0f}×"
    x = base.seconds / ours.seconds
    return x, f"{x:.0f}×" if x >= 10 else f"{x:.1f}×"


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip() + ", "
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for pkg in ("redline", "redlines", "spacy"):
        try:
            from importlib.metadata import version

            versions.append(f"{pkg} {version(pkg)}")
        except Exception:
            versions.append(f"{pkg} not installed")
    load1 = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {cpu}nproc {nproc} · "
            f"Python {platform.python_version()} · {platform.system()} {platform.release()} · "
            f"{', '.join(versions)} · load average at start {load1:.2f}")


def report(all_pairs: list[dict], res: dict, fixed: dict, prof: dict[str, dict[str, float]],
           args: argparse.Namespace, info: str) -> tuple[str, bool]:
    t = args.timeout
    pairs = [p for p in all_pairs if p["family"] == "synthetic"]
    near = [p for p in all_pairs if p["family"] == "near-dup"]
    lines = ["# Benchmark results", "", f"`make bench`, {info}.", "",
             "Median wall time of the whole process (interpreter start-up and imports included) "
             "and, in brackets, its peak RSS. Speed-ups are against redline's JSON time. "
             "Alignment: precision/recall of the one-to-one paragraph pairs against the generated "
             "truth, false moves (must be 0), moves found / made.", "",
             "| pair (old → new bytes) | redline → JSON | redline → HTML | s/MB (JSON) | difflib "
             "| redlines | × difflib | × redlines | precision | recall | false moves | moves |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in pairs:
        r = res[p["stem"]]
        q = p["quality"]
        js = r["json"]
        per_mb = f"{js.seconds / (p['bytes'][0] / 1e6):.2f}" if js.seconds else "n/a"
        lines.append(
            f"| {p['label']} ({p['bytes'][0]:,} → {p['bytes'][1]:,}) | {cell(js, t)} | "
            f"{cell(r['html'], t)} | {per_mb} | {cell(r['difflib'], t)} | "
            f"{cell(r['redlines'], t)} | {speedup(r['difflib'], js, t)[1]} | "
            f"{speedup(r['redlines'], js, t)[1]} | {q['precision']:.4f} | {q['recall']:.4f} | "
            f"{q['false_moves']} | {q['moves_found']}/{q['moves_true']} |")
    runs = "; ".join(f"{name} {'/'.join(str(len(res[p['stem']][name].runs)) for p in all_pairs)}"
                     for name in ("difflib", "redlines")
                     if all(res[p["stem"]][name] is not None for p in all_pairs))
    lines += ["", f"Runs per size: redline {args.repeat}; {runs} (fewer when one run is slow). "
              f"Fixed cost: `redline --version` {fmt_time(fixed['version'], t)}; a 3-paragraph "
              f"pair with one edit, which imports spaCy, {fmt_time(fixed['tiny'], t)}."]

    def work(stem: str) -> float:  # what grows with the pair: load, compare, JSON
        st = prof[stem]
        return st["load"] + st["compare"] + st["json"]

    if prof:
        first = prof[pairs[0]["stem"]]
        lines += ["", "Inside one process (median of 3), after a warm-up on the tiny pair "
                  f"(import redline {first['import']:.2f} s, warm-up with spaCy, regexes and "
                  f"templates {first['warm-up']:.2f} s):", "",
                  "| pair | load + annotate both | compare (align, diff, attribute) | render JSON "
                  "| render HTML | s/MB (load + compare + JSON) |", "|---|---|---|---|---|---|"]
        for p in all_pairs:
            st = prof[p["stem"]]
            lines.append(f"| {p['label']} | {st['load']:.2f} s | {st['compare']:.2f} s | "
                         f"{st['json']:.2f} s | {st['html']:.2f} s | "
                         f"{work(p['stem']) / (p['bytes'][0] / 1e6):.2f} |")

    if near:
        lines += ["", "## Near-duplicate drafts", "",
                  "The raw OAS drafts, inline markers and all, copied until the size, each copy "
                  "differing from the others by a word or two, then edited as a negotiation "
                  "edits (`synth.near_duplicate_pair`). Speed-ups are against redline's HTML "
                  "time.", "",
                  "| pair (old → new bytes) | redline → JSON | redline → HTML | s/MB (HTML) "
                  "| difflib | redlines | × difflib | × redlines |",
                  "|---|---|---|---|---|---|---|---|"]
        for p in near:
            r = res[p["stem"]]
            html = r["html"]
            per_mb = f"{html.seconds / (p['bytes'][0] / 1e6):.2f}" if html.seconds else "n/a"
            lines.append(
                f"| {p['label']} ({p['bytes'][0]:,} → {p['bytes'][1]:,}) | "
                f"{cell(r['json'], t)} | {cell(html, t)} | {per_mb} | {cell(r['difflib'], t)} | "
                f"{cell(r['redlines'], t)} | {speedup(r['difflib'], html, t)[1]} | "
                f"{speedup(r['redlines'], html, t)[1]} |")

    big, small = pairs[-1], pairs[0]
    rb = res[big["stem"]]
    js, html = rb["json"].seconds, rb["html"].seconds
    goals = []
    goals.append((js is not None and js < GOAL_SECONDS,
                  f"1 MB pair, JSON, under {GOAL_SECONDS:.0f} s end to end: "
                  f"{fmt_time(rb['json'], t)} (HTML: {fmt_time(rb['html'], t)}, "
                  f"{'under' if html is not None and html < GOAL_SECONDS else 'over'} "
                  f"{GOAL_SECONDS:.0f} s)"))
    x, xs = speedup(rb["redlines"], rb["json"], t)
    goals.append((x is not None and x >= GOAL_SPEEDUP,
                  f"at least {GOAL_SPEEDUP:.0f}× faster than redlines on the 1 MB pair: {xs} "
                  f"(redlines {fmt_time(rb['redlines'], t)})"))
    size = big["bytes"][0] / small["bytes"][0]
    t_small = res[small["stem"]]["json"].seconds
    if prof and js and t_small:
        grow = work(big["stem"]) / work(small["stem"])
        goals.append((grow <= GOAL_LINEAR * size,
                      f"time grows about linearly: for {size:.1f}× the bytes, the work (load + "
                      f"compare + JSON, fixed costs paid) grows {grow:.1f}× (at most "
                      f"{GOAL_LINEAR * size:.1f}×); end to end t(1 MB)/t(100 KB) = "
                      f"{js / t_small:.2f}, as ~{fixed['tiny'].seconds or 0:.1f} s is fixed cost"))
    else:
        goals.append((False, "time grows about linearly: not measured (a redline run failed)"))
    q_ok = all(p["quality"]["false_moves"] == 0 for p in pairs)
    goals.append((q_ok, "no false moves on any generated pair"))
    if near:
        goals += near_goals(near, res, fixed, prof, t)
    lines += ["", "## Goals", ""] + [f"- **{'PASS' if ok else 'FAIL'}** {text}"
                                     for ok, text in goals]
    return "\n".join(lines) + "\n", all(ok for ok, _ in goals)


def near_goals(near: list[dict], res: dict, fixed: dict, prof: dict[str, dict[str, float]],
               t: float) -> list[tuple[bool, str]]:
    """The goals of the near-duplicate pairs: the 1 MB pair to HTML under 2 s end to end and
    75× faster than redlines, peak memory about linear in the size, and the in-process work
    (load, compare, JSON) under 1 s."""
    big, mid = near[-1], near[len(near) // 2]
    rb = res[big["stem"]]
    html = rb["html"].seconds
    goals = [(html is not None and html < GOAL_NEAR_HTML,
              f"near-dup 1 MB pair, HTML, under {GOAL_NEAR_HTML:.0f} s end to end: "
              f"{fmt_time(rb['html'], t)} (JSON: {fmt_time(rb['json'], t)})")]
    x, xs = speedup(rb["redlines"], rb["html"], t)
    goals.append((x is not None and x >= GOAL_SPEEDUP,
                  f"at least {GOAL_SPEEDUP:.0f}× faster than redlines on the near-dup 1 MB pair "
                  f"(HTML): {xs} (redlines {fmt_time(rb['redlines'], t)})"))
    base = fixed["tiny"].rss
    rss_big, rss_mid = rb["html"].rss, res[mid["stem"]]["html"].rss
    if base is not None and rss_big is not None and rss_mid is not None:
        size = big["bytes"][0] / mid["bytes"][0]
        # growth below the noise floor (a few MB of allocator slack) says nothing of its shape
        allowed = GOAL_LINEAR * size * max(rss_mid - base, RSS_FLOOR_MB)
        goals.append((rss_big - base <= allowed,
                      f"memory about linear: peak RSS above the fixed cost (the tiny pair's "
                      f"{base:.0f} MB) is {rss_mid - base:.0f} MB at {mid['label']} and "
                      f"{rss_big - base:.0f} MB at {big['label']}, {size:.1f}× the bytes (at "
                      f"most {allowed:.0f} MB: {GOAL_LINEAR:.1f} × the size ratio × the "
                      f"{mid['label']} growth, counted as at least {RSS_FLOOR_MB} MB)"))
    else:
        goals.append((False, "memory about linear: not measured"))
    st = prof.get(big["stem"])
    if st:
        work = st["load"] + st["compare"] + st["json"]
        goals.append((work < GOAL_NEAR_WORK,
                      f"near-dup 1 MB pair, in-process work (read + annotate {st['load']:.2f} s, "
                      f"align + diff + attribute {st['compare']:.2f} s, JSON {st['json']:.2f} s) "
                      f"under {GOAL_NEAR_WORK:.0f} s: {work:.2f} s (HTML {st['html']:.2f} s)"))
    else:
        goals.append((False, "near-dup in-process work: not measured (stage profile failed)"))
    return goals


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    ap.add_argument("--timeout", type=float, default=600,
                    help="seconds before a run is killed and reported as '> timeout' (600)")
    ap.add_argument("--strict", action="store_true", help="exit with status 1 if a goal fails")
    ap.add_argument("--update", action="store_true",
                    help="also replace bench/RESULTS.md (the committed figures) with this run's")
    ap.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--stages", nargs=2, metavar=("OLD", "NEW"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.prepare:
        print(json.dumps(prepare()))
        return 0
    if args.stages:
        print(json.dumps(stages(*args.stages)))
        return 0

    info = machine()
    started = time.perf_counter()
    py = sys.executable
    redline = str(Path(py).parent / "redline")
    baseline = str(BENCH / "baseline.py")
    have_redlines = importlib.util.find_spec("redlines") is not None
    if not have_redlines:
        print("redlines is not installed (pip install -e '.[bench]'): skipping it",
              file=sys.stderr)

    print("generating pairs and checking the alignment ...", file=sys.stderr, flush=True)
    pairs = json.loads(subprocess.run([py, str(Path(__file__).resolve()), "--prepare"],
                                      cwd=ROOT, check=True, capture_output=True,
                                      text=True).stdout)
    (OUT / "stderr.log").write_text("")
    tiny = [str(OUT / "tiny-old.txt"), str(OUT / "tiny-new.txt")]
    fixed = {"version": measure("redline --version", [redline, "--version"], args.repeat,
                                args.timeout),
             "tiny": measure("redline tiny pair",
                             [redline, "compare", *tiny, "-o", str(OUT / "tiny.json")],
                             args.repeat, args.timeout)}
    res: dict[str, dict[str, Measure | None]] = {}
    for p in pairs:
        stem, old, new = p["stem"], p["old"], p["new"]
        print(f"{p['label']} pair: {p['bytes'][0]:,} → {p['bytes'][1]:,} bytes", file=sys.stderr)
        r: dict[str, Measure | None] = {}
        for fmt in ("json", "html"):
            r[fmt] = measure(f"redline → {fmt}", [redline, "compare", old, new, "-o",
                                                 str(OUT / f"{stem}-redline.{fmt}")],
                             args.repeat, args.timeout)
        r["difflib"] = measure("difflib", [py, baseline, "difflib", old, new,
                                           str(OUT / f"{stem}-difflib.md")],
                               args.repeat, args.timeout, adaptive=True)
        r["redlines"] = None
        res[stem] = r
    print("stage profile (3 runs a size) ...", file=sys.stderr, flush=True)
    try:
        prof = {p["stem"]: stage_profile(p, 3) for p in pairs}
    except (subprocess.CalledProcessError, json.JSONDecodeError) as exc:
        print(f"stage profile failed: {exc}", file=sys.stderr)
        prof = {}
    # redlines last, smallest first: on the 1 MB pair one run takes 5-10 minutes.
    if have_redlines:
        for p in pairs:
            print(f"{p['label']} pair: redlines", file=sys.stderr)
            res[p["stem"]]["redlines"] = measure(
                "redlines", [py, baseline, "redlines", p["old"], p["new"],
                             str(OUT / f"{p['stem']}-redlines.md")],
                args.repeat, args.timeout, adaptive=True)

    text, all_ok = report(pairs, res, fixed, prof, args, info)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    fresh = OUT / f"RESULTS-{time.strftime('%Y%m%d-%H%M%S')}.md"  # a new file every run
    fresh.write_text(text, encoding="utf-8")
    print(f"figures written to {fresh.relative_to(ROOT)}"
          + ("" if args.update else " (bench/RESULTS.md kept; --update replaces it)"),
          file=sys.stderr)
    if args.update:
        (BENCH / "RESULTS.md").write_text(text, encoding="utf-8")
    raw = {"machine": info, "wall_seconds": time.perf_counter() - started,
           "fixed": {k: [asdict(r) for r in m.runs] for k, m in fixed.items()},
           "pairs": [{**p, "runs": {k: [asdict(r) for r in m.runs] if m else None
                                    for k, m in res[p["stem"]].items()},
                      "stages": prof.get(p["stem"])} for p in pairs]}
    (OUT / "results.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    print(f"total {time.perf_counter() - started:.0f} s; raw figures in "
          f"{(OUT / 'results.json').relative_to(ROOT)}", file=sys.stderr)
    return 1 if args.strict and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
