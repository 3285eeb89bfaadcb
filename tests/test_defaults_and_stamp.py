"""Two small promises: a corpus command run outside a corpus says that it looked in
./revisions by default; and `Comparison.to_dict()` is the compare JSON, `schema` and `redline`
first."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import redline
from redline.render import render
from redline.stamp import SCHEMA, redline_version
from tests.conftest import REVISIONS

REDLINE = [sys.executable, "-m", "redline.cli"]


@pytest.mark.parametrize("command", [
    ["annex", "--since", "2015-12-07"], ["history"], ["audit", "--delegation", "USA"],
    ["report", "-o", "out"],
])
def test_outside_a_corpus_the_error_says_revisions_was_the_default(tmp_path, command):
    """The complaint: `redline annex` said "revisions: not a directory", never why."""
    r = subprocess.run([*REDLINE, *command], capture_output=True, text=True, cwd=tmp_path,
                       timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == ("redline: error: no FOLDER given, and ./revisions (the default) is not "
                        f"a directory: name the corpus folder (redline {command[0]} FOLDER)\n")
    (tmp_path / "revisions").mkdir()
    r = subprocess.run([*REDLINE, *command], capture_output=True, text=True, cwd=tmp_path,
                       timeout=120)
    assert r.returncode == 2
    assert "./revisions (the default) has no manifest.toml" in r.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_given_is_named_as_given(tmp_path):
    r = subprocess.run([*REDLINE, "history", "nowhere"], capture_output=True, text=True,
                       cwd=tmp_path, timeout=120)
    assert r.returncode == 2 and r.stderr == "redline: error: nowhere: not a directory\n"


def test_to_dict_carries_schema_and_version_as_the_json_does():
    cmp = redline.compare(REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")
    body = cmp.to_dict()
    assert list(body)[:2] == ["schema", "redline"]
    assert body["schema"] == SCHEMA == "redline/2" and body["redline"] == redline_version()
    written = json.loads(render(cmp, "json"))
    assert list(written) == list(body)
    assert written == json.loads(json.dumps(body))
