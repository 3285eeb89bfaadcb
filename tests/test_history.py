"""Across all versions: one identity per paragraph, the chair's annex, a delegation's audit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from redline.annotate.delegations import load as load_registry
from redline.api import load
from redline.cli import main
from redline.corpus.audit import audit
from redline.corpus.history import build_history
from redline.corpus.manifest import load_manifest
from tests.conftest import REVISIONS


def corpus_history(folder):
    reg = load_registry()
    versions = load_manifest(folder)
    docs = [load(v.path, delegations=reg, label=v.id, date=v.date) for v in versions]
    return build_history(versions, docs, reg)


@pytest.fixture(scope="module")
def history():
    return corpus_history(REVISIONS)


def thread_with(history, words):
    return next(t for t in history.threads if t.last and words in t.last.paragraph.clean)


def test_manifest_lists_four_dated_versions():
    versions = load_manifest(REVISIONS)
    assert [v.id for v in versions] == ["2005", "2015-04", "2015-11", "2016-01"]
    assert [v.reconstructed for v in versions] == [True, True, True, False]


def test_one_identity_per_paragraph_across_versions(history):
    assert len(history.threads) == len({t.id for t in history.threads})
    for k, doc in enumerate(history.documents):  # every paragraph of every version, once
        seen = sorted(c.index for t in history.threads for c in [t.cells[k]]
                      if c.index is not None)
        assert seen == list(range(len(doc.body)))
    moved = thread_with(history, "The political organ responsible for Program execution")
    assert [c.event for c in moved.cells] == ["inserted", "unchanged", "moved", "unchanged"]
    assert moved.current.status == "agreed"
    p18 = thread_with(history, "people of African descent")
    assert [c.status for c in p18.cells] == [None, "agreed", "pending", "pending"]
    assert [c.event for c in p18.cells] == ["inserted", "modified", "modified", "modified"]
    assert p18.current.label == "18" and p18.first_version == "2005"
    chile = thread_with(history, "Promote the development of ties among communities")
    assert chile.first_version == "2015-04" and chile.current.label == "23.bis"
    assert [c.status for c in chile.cells] == [None, None, "agreed", "agreed"]  # as compare


FATES = [
    ("CHL", "(Proposed by CHILE 4-16-2015)", "adopted as proposed", "2015-04"),
    ("USA", "(Proposed by US-4-16-2015)", "adopted as proposed", "2015-04"),  # ¶ 31
    ("VEN", "(VEN people of African descent, IM-11-5-2015)", "pending", "2015-11"),
    ("USA", "(The US rescinds its request", "withdrawn", "2015-04"),
    ("COL", "COL: Promote migrant regularization", "no status yet", "2015-11"),
    ("BRA", "(BR effective and 11-5-2015)", "pending", "2015-11"),
]


@pytest.mark.parametrize(("code", "marker", "fate", "version"), FATES)
def test_fates_on_the_corpus(history, code, marker, fate, version):
    props = [p for p in audit(history, code) if p.marker.startswith(marker)]
    assert props, [p.marker for p in audit(history, code)]
    assert props[0].fate == fate and props[0].version == version


def test_adopted_as_proposed_paragraph_31(history):
    p = next(p for p in audit(history, "USA") if p.paragraph == "31")
    assert p.proposed_text == "and prevent the loss of family contact along the migratory route"
    assert p.current_status == "agreed"


def write_corpus(tmp_path, texts):
    lines = []
    for k, (vid, date, text) in enumerate(texts):
        (tmp_path / f"v{k}.txt").write_text(text, encoding="utf-8")
        lines.append(f'[[version]]\nid = "{vid}"\nfile = "v{k}.txt"\ndate = "{date}"\n'
                     f'label = "{vid}"\nmeeting = "m{k}"\n')
    (tmp_path / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    return tmp_path


def test_dropped_and_adopted_with_changes(tmp_path):
    folder = write_corpus(tmp_path, [
        ("a", "2020-01-10",
         "1. Promote the rights of migrants (MEX and their families 1-5-2020) everywhere.\n\n"
         "2. Protect workers (MEX in all sectors of the economy 1-6-2020) from abuse.\n"),
        ("b", "2020-03-10",
         "1. Promote the rights of migrants everywhere. (Agreed 3-1-2020)\n\n"
         "2. Protect workers in all the sectors of the economy from abuse. (Agreed 3-2-2020)\n"),
    ])
    props = {p.proposed_text: p for p in audit(corpus_history(folder), "MEX")}
    assert props["and their families"].fate == "dropped"
    changed = props["in all sectors of the economy"]
    assert changed.fate == "adopted with changes" and changed.similarity >= 60
    before = "".join(t for op, t in changed.redline if op != 1)
    after = "".join(t for op, t in changed.redline if op != -1)
    assert before == "in all sectors of the economy"
    assert "in all the sectors of the economy" in after and after in changed.current_text


def test_history_and_audit_commands(tmp_path):
    r = CliRunner().invoke(main, ["history", str(REVISIONS), "--format", "json"],
                           standalone_mode=False, catch_exceptions=False)
    body = json.loads(r.output)
    assert [v["id"] for v in body["versions"]] == ["2005", "2015-04", "2015-11", "2016-01"]
    row = next(p for p in body["paragraphs"] if p["current_label"] == "23.bis")
    assert [c["event"] for c in row["timeline"]] == ["absent", "inserted", "unchanged",
                                                     "unchanged"]
    r = CliRunner().invoke(main, ["audit", str(REVISIONS), "--delegation", "Venezuela"],
                           standalone_mode=False, catch_exceptions=False)
    body = json.loads(r.output)
    assert body["delegation"] == "VEN"
    assert {"paragraph", "version", "date", "proposed_text", "fate", "current_text",
            "evidence"} <= set(body["proposals"][0])
    out = tmp_path / "usa.csv"
    CliRunner().invoke(main, ["audit", str(REVISIONS), "--delegation", "US", "-o", str(out)],
                       standalone_mode=False, catch_exceptions=False)
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith(
        "paragraph,version,date,fate")


def test_annex_since_a_date():
    r = CliRunner().invoke(main, ["annex", str(REVISIONS), "--since", "2015-12-07"],
                           standalone_mode=False, catch_exceptions=False)
    md = r.output
    assert ("against version 2015-11 (18 November 2015), the version in force on 7 December "
            "2015") in md
    assert "assist **persons who have been subjected to these conducts.** [CHAIR]" in md
    assert "## V. SUGGESTED SPECIFIC ACTIVITIES" in md or "## V." in md
    assert "Consider signing, ratifying" not in md  # unchanged paragraphs are left out
    html = CliRunner().invoke(main, ["annex", str(REVISIONS), "--from", "2015-04", "--format",
                                     "html"], standalone_mode=False).output
    assert "2015-04" in html and 'class="para' in html


@pytest.mark.parametrize("args", [["--since", "1999-01-01"], ["--from", "nope"], [],
                                  ["--since", "tomorrow"]])
def test_annex_bad_requests_exit_2(args):
    r = subprocess.run([sys.executable, "-m", "redline.cli", "annex", str(REVISIONS), *args],
                       capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_manifest_errors_exit_2(tmp_path):
    (tmp_path / "manifest.toml").write_text('[[version]]\nid = "a"\nfile = "../x.txt"\n'
                                            'date = "2020-01-01"\n')
    r = subprocess.run([sys.executable, "-m", "redline.cli", "history", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "outside" in r.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    r = subprocess.run([sys.executable, "-m", "redline.cli", "history", str(REVISIONS), "-o",
                        str(tmp_path / "h.html")], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == ""
    assert "<table class=\"timeline\">" in (tmp_path / "h.html").read_text()


def test_annex_lists_what_is_still_pending():
    md = CliRunner().invoke(main, ["annex", str(REVISIONS), "--since", "2015-12-07"],
                            standalone_mode=False, catch_exceptions=False).output
    line = next(x for x in md.splitlines() if x.startswith("**Still not agreed**"))
    assert "18 (Pending)" in line and "25 (Ad referendum)" in line
    assert "23.bis" not in line  # agreed


def test_a_proposal_in_several_stretches_is_adopted_when_all_are_there(tmp_path):
    folder = write_corpus(tmp_path, [
        ("a", "2020-01-10", "35. Make the best efforts to secure compliance with regard to the "
                            "situation of workers.\n"),
        ("b", "2020-03-10", "35. Make the best efforts to ensure compliance on "
                            "(Proposed by US-4-16-2015) the situation of workers.\n"),
        ("c", "2020-05-10", "35. Make the best efforts to ensure compliance on "
                            "(Proposed by US-4-16-2015) the situation of workers. "
                            "(Agreed 5-1-2020)\n"),
    ])
    (prop,) = audit(corpus_history(folder), "USA")
    assert prop.pieces == ["ensure", "on"]
    assert prop.fate == "adopted as proposed" and prop.similarity == 100.0


@pytest.mark.parametrize(("entry", "message"), [
    ('id = "a"\nfile = "v0.txt"\ndate = "2015-13-45"', "not a date"),
    ('id = "a"\nfile = "v0\\u0000x.txt"\ndate = "2015-01-01"', "not a path"),
    ('id = "a"\nfile = "missing.txt"\ndate = "2015-01-01"', "does not exist"),
])
def test_bad_manifest_entries_exit_2(tmp_path, entry, message):
    (tmp_path / "v0.txt").write_text("1. Text.\n")
    (tmp_path / "manifest.toml").write_text(f"[[version]]\n{entry}\n")
    r = subprocess.run([sys.executable, "-m", "redline.cli", "history", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_corpus_commands_never_write_over_the_manifest(tmp_path):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(REVISIONS, folder)
    before = (folder / "manifest.toml").read_bytes()
    for args in (["history", str(folder), "--format", "json", "-o",
                  str(folder / "manifest.toml")],
                 ["annex", str(folder), "--from", "2015-04", "--format", "md", "-o",
                  str(folder / "manifest.toml")]):
        r = subprocess.run([sys.executable, "-m", "redline.cli", *args], capture_output=True,
                           text=True)
        assert r.returncode == 2 and "overwrite" in r.stderr
    assert (folder / "manifest.toml").read_bytes() == before
