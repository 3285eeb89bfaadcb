"""The README's first hour: how to run redline after `make demo`, a walkthrough from two Word
files to an annex (its commands are run by tests/test_readme.py), a complete manifest and a
delegation list that are the example's real files, and the user's part before the internals."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from redline.annotate.delegations import load as load_delegations
from redline.corpus.manifest import MANIFEST_OPTIONS, load_manifest, manifest_reading
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "examples" / "word"


def _h2() -> list[str]:
    return re.findall(r"^## (.+)$", README, re.M)


def _section(title: str) -> str:
    """The text of a `##` or `###` section, up to the next heading of any level (a `#` line
    inside a fenced block is no heading)."""
    out: list[str] | None = None
    fenced = False
    for line in README.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,3} ", line):
            if out is not None:
                break
            if re.fullmatch(rf"#{{2,3}} {re.escape(title)}", line):
                out = []
                continue
        if out is not None:
            out.append(line)
    assert out is not None, title
    return "\n".join(out) + "\n"


def _toml_block(title: str) -> str:
    m = re.search(r"^```toml\n(.*?)^```", _section(title), re.M | re.S)
    assert m, title
    return m.group(1)


def test_the_users_part_comes_first_and_the_internals_after():
    h2 = _h2()
    assert h2.index("The first hour") == h2.index("Set-up: two commands") + 1
    assert h2.index("The first hour") < h2.index("Commands") < h2.index("Running the site")
    user = max(h2.index(t) for t in ("Commands", "Running the site", "Archives and clusters",
                                     "Conventions"))
    for inside in ("Speed", "How it works", "Layout", "Dependencies", "The JSON of `compare`"):
        assert h2.index(inside) > user, inside
    site = _section("Running the site") + _section("In production")
    assert "Speed and load" not in site and "| goal |" not in site
    assert "| engine | 1,000 pairs |" not in README.split("## Archives and clusters")[1] \
        .split("\n## ")[0]  # the batch's figures are with the others, under Speed
    assert "| engine | 1,000 pairs |" in _section("Archives")
    assert "| goal |" in _section("The site")


def test_how_to_run_redline_after_make_demo():
    text = _section("Running redline")
    assert ". .venv/bin/activate" in text and ".venv/bin/redline" in text
    assert "$ redline --version" in text


def test_the_manifest_shown_is_the_examples_and_has_every_key():
    shown = _toml_block("The manifest, every key")
    assert shown == (EXAMPLE / "manifest.toml").read_text(encoding="utf-8")
    data = tomllib.loads(shown)
    assert set(MANIFEST_OPTIONS) | {"authors", "version"} == set(data)
    assert len(data["version"]) == 2
    for version in data["version"]:
        assert set(version) == {"id", "file", "date", "label", "meeting", "reconstructed"}
    versions = load_manifest(EXAMPLE)
    assert [v.id for v in versions] == ["2016-02", "2016-03"]
    keys, authors = manifest_reading(EXAMPLE)
    assert keys == {"conventions": "oas", "language": "en", "date_order": "MDY",
                    "delegations": "delegations.toml"}
    assert authors == (("M. Rossi", "ARG"),)


def test_the_delegation_list_shown_is_the_examples_and_loads():
    shown = _toml_block("A delegation list")
    assert shown == (EXAMPLE / "delegations.toml").read_text(encoding="utf-8")
    registry = load_delegations(EXAMPLE / "delegations.toml")
    assert registry.canonical("US") == "USA" and registry.canonical("México") == "MEX"
    assert registry.members("NAFTA", "2016-03-01") == ("CAN", "MEX", "USA")


def test_the_example_drafts_are_what_their_script_makes(tmp_path):
    made = {}
    for name in ("2016-02.docx", "2016-03.docx"):
        made[name] = (EXAMPLE / name).read_bytes()
    script = (EXAMPLE / "make_drafts.py").read_text(encoding="utf-8")
    copy = tmp_path / "make_drafts.py"
    copy.write_text(script.replace("HERE.parent.parent", repr(str(ROOT))), encoding="utf-8")
    r = subprocess.run([sys.executable, str(copy)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    for name, data in made.items():
        assert (tmp_path / name).read_bytes() == data, name


def test_the_walkthrough_goes_from_two_word_files_to_an_annex():
    text = _section("Starting from your own drafts")
    commands = re.findall(r"^\$ (.+)$", text, re.M)
    assert commands[0] == "redline read examples/word/2016-03.docx"
    assert "redline compare examples/word/2016-02.docx examples/word/2016-03.docx" in commands
    assert any(c.startswith("redline annex examples/word") and c.endswith(".docx")
               for c in commands)
    assert any(c.startswith("redline history examples/word --paragraph") for c in commands)
    assert "pip install 'redline[pdf]'" not in README  # WeasyPrint comes with redline
