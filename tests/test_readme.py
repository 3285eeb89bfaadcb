"""Every command the README shows is run, and what the README prints must be what it prints.

A console block in the README is a run of `$ command` lines, each followed by its output. A line
`...` stands for output left out; every other line must appear in the real output, in order, and
lines between two `...` must be consecutive there. `$ echo $?` shows the previous exit status.
A leading UTF-8 byte-order mark (every CSV has one) is not shown.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
BIN = Path(sys.executable).parent


def console_blocks(text: str) -> list[tuple[int, list[tuple[str, list[str]]]]]:
    """(line number, [(command, shown output lines)]) for each fenced block of `$ ` lines."""
    out = []
    for m in re.finditer(r"^```(?:console|sh)?\n(\$ .*?)^```", text, re.M | re.S):
        runs: list[tuple[str, list[str]]] = []
        for line in m.group(1).splitlines():
            if line.startswith("$ "):
                runs.append((line[2:], []))
            else:
                runs[-1][1].append(line)
        out.append((text.count("\n", 0, m.start()) + 1, runs))
    return out


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))


def run(command: str) -> tuple[list[str], int]:
    """Run one README command from the repository root: its stdout and stderr, and status."""
    words = shlex.split(command)
    pipe = []
    if "|" in words:  # `redline ... | head -n 5`
        k = words.index("|")
        words, pipe = words[:k], words[k + 1:]
    if words[0] == "redline":
        words[0] = str(BIN / "redline")
    proc = subprocess.run(words, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"PATH": f"{BIN}:/usr/bin:/bin", "NO_COLOR": "1",
                               "LANG": "C.UTF-8"})
    text = proc.stdout + proc.stderr
    if pipe:
        text = subprocess.run(pipe, input=text, capture_output=True, text=True).stdout
    # a CSV's UTF-8 byte-order mark is invisible in the README
    return text.removeprefix("\ufeff").rstrip("\n").splitlines(), proc.returncode


def matches(shown: list[str], real: list[str]) -> str | None:
    """None when `shown` (with `...` gaps) is what `real` prints; else the first difference."""
    chunks: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            chunks.append([])
        else:
            chunks[-1].append(line.rstrip())
    real = [line.rstrip() for line in real]
    at = 0
    for k, chunk in enumerate(chunks):
        if not chunk:
            continue
        anchored_start, anchored_end = k == 0, k == len(chunks) - 1
        starts = [at] if anchored_start else range(at, len(real) - len(chunk) + 1)
        hit = next((i for i in starts if real[i:i + len(chunk)] == chunk), None)
        if hit is None:
            near = next((ln for ln in chunk if ln not in real), chunk[0])
            return f"not in the real output: {near!r}"
        at = hit + len(chunk)
        if anchored_end and at != len(real):
            return f"the real output goes on after {chunk[-1]!r}: {real[at]!r}"
    return None


@pytest.mark.parametrize(("line", "runs"), BLOCKS, ids=[f"README:{n}" for n, _ in BLOCKS])
def test_the_readme_shows_real_output(line, runs):
    status = 0
    for command, shown in runs:
        if command == "echo $?":
            assert shown == [str(status)], f"README line {line}: exit status {status}"
            continue
        real, status = run(command)
        problem = matches(shown, real)
        assert problem is None, f"README line {line}: `{command}`: {problem}"


def test_the_readme_shows_commands():
    assert len(BLOCKS) >= 6
