"""Across all versions: one identity per paragraph, the chair's annex, a delegation's audit."""

from __future__ import annotations

import csv
import io
import json
import re
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


# --- the HTML history: anchors, whole texts; --paragraph ------------------------------------

def renumbering_corpus(tmp_path):
    """`2. Beta` becomes 3 when a new 2 arrives in b; `3. Delta` is gone by b; a footnote."""
    return write_corpus(tmp_path, [
        ("a", "2020-01-10", "A. FIRST PART\n\n1. Alpha stays as it is.\n\n"
                            "2. Beta moves down one number.\n\n3. Delta is dropped in b.\n"),
        ("b", "2020-03-10", "A. FIRST PART\n\n1. Alpha stays as it is.\n\n"
                            "2. Gamma is a new paragraph (Proposed by US 3-1-2020).\n\n"
                            "3. Beta moves down one number, with a longer text that a small "
                            + "box would have hidden, " * 12 + "to its end.\n"),
    ])


def history_cli(*args):
    return subprocess.run([sys.executable, "-m", "redline.cli", "history", *map(str, args)],
                          capture_output=True, text=True)


def test_history_rows_are_anchored_by_address_and_show_the_whole_text(tmp_path):
    folder = renumbering_corpus(tmp_path)
    r = history_cli(folder, "--format", "html")
    assert r.returncode == 0, r.stderr
    html = r.stdout
    ids = re.findall(r'<tr id="([^"]*)"', html)
    assert {"a", "a-1", "a-2", "a-3"} <= set(ids) and len(ids) == len(set(ids))
    assert not [i for i in ids if re.fullmatch(r"t\d+", i)]  # was #t1, #t2 ...
    beta = html.split('<tr id="a-3"')[1].split("</tr>")[0]
    assert "Beta moves down one number" in beta and "to its end." in beta
    gamma = html.split('<tr id="a-2"')[1].split("</tr>")[0]
    assert "Gamma is a new paragraph" in gamma
    delta = html.split('<tr id="a-3-2"')[1].split("</tr>")[0]  # where it last was, taken
    assert "Delta is dropped" in delta
    css = html.split("<style>")[1].split("</style>")[0].split("@media print")[0]
    text_rule = re.search(r"\n\.text \{([^}]*)\}", css).group(1)
    assert "max-height" not in text_rule and "overflow" not in text_rule


def test_the_oas_history_links_v_b_18_as_the_readme_says():
    from redline.render.history import to_html

    html = to_html(corpus_history(REVISIONS))
    row = html.split('<tr id="v-b-18">')[1].split("</tr>")[0]
    assert "including those of women" in row
    assert 'id="fn-1"' in html


@pytest.mark.parametrize(("address", "words"), [
    ("A 2", "Gamma is a new"),  # as the latest version names it
    ("A 3", "Beta moves down"),  # the latest version's 3, not a's
    ("A 1", "Alpha stays"), ("a 1", "Alpha stays"), ("a-1", "Alpha stays"),
])
def test_history_of_one_paragraph(tmp_path, address, words):
    folder = renumbering_corpus(tmp_path)
    r = history_cli(folder, "--paragraph", address, "--format", "json")
    assert r.returncode == 0, r.stderr
    (row,) = json.loads(r.stdout)["paragraphs"]
    assert words in row["timeline"][-1]["text"]


def test_history_of_a_paragraph_only_an_earlier_version_has(tmp_path):
    folder = renumbering_corpus(tmp_path)
    r = history_cli(folder, "--paragraph", "A 3", "--paragraph", "A 1", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.removeprefix("\ufeff"))))
    assert {row["address"] for row in rows} == {"A 1", "A 3"}
    texts = {row["text"][:5] for row in rows}
    assert "Beta " in texts and "Alpha" in texts  # 3 is Beta, as the latest version says


@pytest.mark.parametrize("fmt", ["json", "html", "csv", "xlsx", "pdf"])
def test_history_paragraph_in_every_format(tmp_path, fmt):
    (tmp_path / "c").mkdir()
    folder = renumbering_corpus(tmp_path / "c")
    out = tmp_path / f"h.{fmt}"
    r = history_cli(folder, "--paragraph", "A 2", "-o", out)
    if r.returncode and "WeasyPrint" in r.stderr:
        pytest.skip("no WeasyPrint")
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    if fmt == "xlsx":
        from openpyxl import load_workbook

        cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
        text = " ".join(str(c) for c in cells if c is not None)
    elif fmt == "pdf":
        pypdf = pytest.importorskip("pypdf")
        text = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(out).pages)
    else:
        text = data.decode("utf-8-sig")
    assert "Gamma is a new" in text
    assert "Alpha stays" not in text and "Beta moves" not in text


def test_history_unknown_paragraph_exits_2_naming_close_ones(tmp_path):
    folder = renumbering_corpus(tmp_path)
    r = history_cli(folder, "--paragraph", "A 4")
    assert r.returncode == 2 and r.stdout == ""
    (line,) = r.stderr.strip().splitlines()
    assert "A 4" in line and "close matches:" in line and "A 1" in line
