"""The command line: formats, exit statuses, one-line errors, inputs never overwritten."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from redline.cli import main
from tests.conftest import REVISIONS


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False,
                              standalone_mode=False)


def test_annotations_table(seed_2016):
    r = run("annotations", seed_2016)
    assert r.exit_code == 0
    assert "(VEN people of African descent, IM-11-5-2015)" in r.output
    assert r.output.splitlines()[0].split()[:3] == ["PARA", "KIND", "STATUS"]


def test_annotations_json_and_csv(seed_2016, tmp_path):
    r = run("annotations", seed_2016, "--format", "json")
    body = json.loads(r.output)
    assert body["file"] == str(seed_2016)
    rec = next(a for a in body["annotations"] if a["text"].startswith("(VEN people"))
    assert rec == {**rec, "kind": "proposal", "delegations": ["VEN"], "date": "2015-11-05",
                   "proposed_text": "people of African descent", "paragraph": "18",
                   "status": None}
    out = tmp_path / "a.csv"
    assert run("annotations", seed_2016, "-o", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {"paragraph", "kind", "status", "delegations", "date"} <= set(rows[0])
    assert len(rows) == len(body["annotations"])


@pytest.mark.parametrize("fmt", ["text", "json", "md", "csv", "html"])
def test_compare_formats(fmt):
    r = run("compare", REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt", "--format", fmt)
    assert r.exit_code == 0, r.output
    if fmt == "json":
        body = json.loads(r.output)
        assert {"old", "new", "paragraphs", "summary"} <= set(body)
        p = body["paragraphs"][0]
        assert {"status", "old_index", "new_index", "old_label", "new_label", "old_text",
                "new_text", "delegations", "date", "changes", "annotations"} <= set(p)
    if fmt == "text":
        assert "persons who have been subjected to these conducts.+}" in r.output
        assert "\033[" not in r.output  # not a terminal: plain


def test_format_follows_output_extension(tmp_path):
    out = tmp_path / "r.json"
    r = run("compare", REVISIONS / "2015-04.txt", REVISIONS / "2015-11.txt", "-o", out)
    assert r.exit_code == 0
    assert json.loads(out.read_text())["new"]["label"] == "2015-11"


def test_identical_input_identical_output(tmp_path):
    for ext in ("html", "xlsx", "json"):
        a, b = tmp_path / f"a.{ext}", tmp_path / f"b.{ext}"
        run("compare", REVISIONS / "2005.txt", REVISIONS / "2015-04.txt", "-o", a)
        time.sleep(1.1)  # a timestamp in the output would now differ
        run("compare", REVISIONS / "2005.txt", REVISIONS / "2015-04.txt", "-o", b)
        assert a.read_bytes() == b.read_bytes()


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "redline.cli", *map(str, args)],
                          capture_output=True, text=True, **kw)


@pytest.mark.parametrize("case", ["missing", "binary", "directory", "xlsx-to-terminal"])
def test_bad_input_exits_2_with_one_line(tmp_path, case):
    good = REVISIONS / "2016-01.txt"
    if case == "missing":
        args = ["compare", tmp_path / "nope.txt", good]
    elif case == "binary":
        blob = tmp_path / "blob.txt"
        blob.write_bytes(b"\x00\x01\x02\x03" * 100)
        args = ["compare", blob, good]
    elif case == "directory":
        args = ["annotations", tmp_path]
    else:
        args = ["compare", good, good, "--format", "xlsx"]
    r = _cli(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_never_writes_over_an_input(tmp_path):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("1. One (Agreed 1-1-2015)\n")
    new.write_text("1. One two\n")
    r = _cli("compare", old, new, "-o", new, "--format", "text")
    assert r.returncode == 2 and "overwrite" in r.stderr
    assert new.read_text() == "1. One two\n"


def test_colour_only_on_a_terminal(monkeypatch):
    from redline import cli

    monkeypatch.setattr(cli, "_color", lambda: True)
    r = run("compare", REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")
    assert "\033[32m" in r.output


def test_delegations_file_replaces_the_oas_list(tmp_path):
    reg = tmp_path / "un.toml"
    reg.write_text('body = "UN"\n[[delegation]]\ncode = "DEU"\nname = "Germany"\n'
                   'codes = ["DE"]\n')
    draft = tmp_path / "d.txt"
    draft.write_text("1. Members shall act (DE 3-2-2021) (US 3-3-2021) promptly.\n")
    r = run("annotations", draft, "--delegations", reg, "--format", "json")
    anns = json.loads(r.output)["annotations"]
    assert [a["delegations"] for a in anns] == [["DEU"], []]  # "US" is not a UN delegation here
    assert anns[0]["kind"] == "attribution" and anns[1]["kind"] == "note"


@pytest.mark.parametrize("body", ['[[delegation]]\ncode = "DEU"\ncodes = "DE"\n',
                                  "delegation = [1]\n", '[[delegation]]\ncode = "X"\nname = 5\n'])
def test_a_malformed_delegations_file_exits_2(tmp_path, body):
    reg = tmp_path / "d.toml"
    reg.write_text(body)
    r = _cli("annotations", REVISIONS / "2016-01.txt", "--delegations", reg)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_an_unwritable_output_exits_2(tmp_path, where):
    if where == "proc" and not Path("/proc/version").exists():
        pytest.skip("no /proc here")
    (tmp_path / "plain").write_text("x")
    target = tmp_path / "plain" / "out.json" if where == "under-a-file" else "/proc/version"
    r = _cli("compare", REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt", "-o", target)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_usage_error_names_the_command_to_ask_for_help():
    import subprocess
    import sys

    def err(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "redline.cli", *args], capture_output=True,
                              text=True, check=False).stderr

    assert "(see 'redline --help')" in err("comapre")
    assert "(see 'redline compare --help')" in err("compare")
    assert "(see 'redline admin restore --help')" in err("admin", "restore")
