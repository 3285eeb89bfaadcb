"""`make demo` is all a user needs, PDF output included: WeasyPrint is in the base install and
`make demo` installs Debian's Pango where the system allows it (scripts/ensure-pango)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REVISIONS, ROOT

SCRIPT = ROOT / "scripts" / "ensure-pango"


def test_weasyprint_is_in_the_base_install_not_an_extra():
    """The complaint: after `make demo`, `redline compare ... -o x.pdf` said to install
    WeasyPrint (it was in the `pdf` extra, which `make demo` never installed)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(re.match(r"weasyprint\b", d, re.I) for d in project["dependencies"])
    assert project["optional-dependencies"]["pdf"] == []  # kept: `redline[pdf]` still installs


def _recipe(target: str) -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", text, re.M)
    assert m, target
    return [line.strip().lstrip("@") for line in m.group(1).splitlines()]


def test_make_demo_installs_pango_before_it_runs_redline():
    recipe = _recipe("demo")
    assert recipe[0] == "scripts/ensure-pango"
    assert any("redline report" in line for line in recipe[1:])
    assert os.access(SCRIPT, os.X_OK)
    assert subprocess.run(["sh", "-n", str(SCRIPT)]).returncode == 0


def _fake_system(tmp_path: Path, uid: str) -> tuple[dict, Path]:
    """A PATH on which Pango is missing, `id -u` says `uid` and apt-get records its calls."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    calls = tmp_path / "apt-calls"
    for name, body in (("ldconfig", "exit 0"), ("id", f"echo {uid}"),
                       ("apt-get", f'echo "$*" >> {calls}')):
        (bin_ / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (bin_ / name).chmod(0o755)
    return {"PATH": f"{bin_}:/usr/bin:/bin"}, calls


def test_ensure_pango_installs_debians_packages_as_root(tmp_path):
    env, calls = _fake_system(tmp_path, "0")
    r = subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True, env=env)
    assert r.returncode == 0
    assert calls.read_text().splitlines() == [
        "update -qq", "install -y -qq libpango-1.0-0 libpangoft2-1.0-0"]


def test_ensure_pango_says_what_to_install_when_it_cannot(tmp_path):
    env, calls = _fake_system(tmp_path, "1000")
    r = subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and not calls.exists()
    assert r.stderr == ("Pango is not installed: for PDF output (-o x.pdf), run as root: "
                        "apt-get install libpango-1.0-0 libpangoft2-1.0-0\n")


def _pango() -> bool:
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    try:
        out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return "libpangoft2-1.0.so.0" in out


@pytest.mark.skipif(not _pango(), reason="Pango is not installed (scripts/ensure-pango)")
def test_compare_writes_a_pdf_with_the_base_install(tmp_path):
    out = tmp_path / "x.pdf"
    r = subprocess.run([sys.executable, "-m", "redline.cli", "compare",
                        str(REVISIONS / "2015-11.txt"), str(REVISIONS / "2016-01.txt"),
                        "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
