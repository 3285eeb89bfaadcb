"""The chair's and the delegation's command line: formats, dates, version ids, filters, and a
report folder that is whole or absent."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from redline.cli import main
from tests.conftest import REVISIONS, ROOT


def run(*args, cwd=None):
    """Exit status, stdout and stderr of one command."""
    runner = CliRunner()
    if cwd is None:
        res = runner.invoke(main, list(args), catch_exceptions=False)
    else:
        with runner.isolated_filesystem(temp_dir=cwd):
            res = runner.invoke(main, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def cli(*args):
    """Run through the real entry point: errors are one line and exit status 2."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "redline.cli", *args], cwd=ROOT,
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize(("command", "out", "formats"), [
    (["annex", "revisions", "--since", "2015-12-07"], "annex.odt", "md, html, pdf, docx"),
    (["compare", "2015-11", "2016-01"], "redline.odt",
     "text, json, html, md, csv, xlsx, pdf, docx"),
    (["audit", "revisions", "--delegation", "USA"], "usa.txt", "json, csv, xlsx, html, md"),
    (["history", "revisions"], "h.md", "json, html, csv, xlsx, pdf"),
    (["read", "revisions/2016-01.txt"], "r.html", "text, json, csv"),
])
def test_an_extension_a_command_cannot_write_is_refused(tmp_path, command, out, formats):
    target = tmp_path / out
    code, _, err = cli(*command, "-o", str(target))
    assert code == 2 and not target.exists()
    assert err.count("\n") == 1 and formats in err and "Traceback" not in err


def test_a_numeric_date_that_reads_two_ways_is_refused_with_both_readings():
    code, _, err = cli("annex", "revisions", "--since", "7/12/2015")
    assert code == 2 and err.count("\n") == 1
    assert "12 July 2015" in err and "7 December 2015" in err and "--date-order" in err


@pytest.mark.parametrize("day", ["2015-12-07", "7 Dec 2015", "December 7, 2015"])
def test_unambiguous_dates_are_read(day):
    code, out, _ = run("annex", str(REVISIONS), "--since", day)
    assert code == 0 and "2015-11" in out and "2016-01" in out


def test_date_order_decides_a_numeric_date():
    _, dmy, _ = run("annex", str(REVISIONS), "--since", "7/12/2015", "--date-order", "dmy")
    _, iso, _ = run("annex", str(REVISIONS), "--since", "2015-12-07")
    assert dmy == iso
    code, _, err = cli("annex", "revisions", "--since", "7/12/2015", "--date-order", "mdy")
    assert code == 0 or "2015-07-12" in err  # 12 July 2015: the version in force then


def test_help_shows_the_accepted_date_forms():
    _, out, _ = run("annex", "--help")
    assert "7 Dec 2015" in out and "--date-order" in out


def test_annex_refuses_since_with_from():
    code, _, err = cli("annex", "revisions", "--since", "2015-12-07", "--from", "2015-04")
    assert code == 2 and "not both" in err


def test_compare_names_versions_by_id_in_a_corpus():
    code, out, _ = run("compare", "2015-11", "2016-01", "--corpus", str(REVISIONS),
                       "--format", "json")
    data = json.loads(out)
    assert code == 0 and (data["old"]["label"], data["new"]["label"]) == ("2015-11", "2016-01")
    assert (data["old"]["date"], data["new"]["date"]) == ("2015-11-18", "2016-01-21")
    code, _, err = cli("compare", "2015-1", "2016-01")  # ./revisions is the default corpus
    assert code == 2 and "2015-11" in err and "no such file" in err


def test_compare_shows_only_the_delegations_asked_for():
    code, out, _ = run("compare", "2015-11", "2016-01", "--corpus", str(REVISIONS),
                       "--delegation", "VEN", "--delegation", "Paraguay", "--format", "json")
    data = json.loads(out)
    dels = {d for p in data["paragraphs"] for c in p["changes"] for d in c["delegations"]}
    assert code == 0 and dels <= {"VEN", "PRY"} and "VEN" in dels
    assert data["only_delegations"] == ["VEN", "PRY"]
    assert data["summary"]["total_changes"] == sum(len(p["changes"])
                                                   for p in data["paragraphs"])
    assert set(data["summary"]["by_delegation"]) <= {"VEN", "PRY"}
    code, _, err = cli("compare", "2015-11", "2016-01", "--delegation", "XYZ")
    assert code == 2 and "unknown delegation 'XYZ'" in err


def test_report_checks_its_options_before_writing_anything(tmp_path):
    out = tmp_path / "reports"
    code, _, err = cli("report", "revisions", "-o", str(out), "--annex-since", "2015-12-07",
                       "--annex-since", "7/12/2015")
    assert code == 2 and "reads two ways" in err and not out.exists()


def test_report_writes_one_annex_per_day_and_index_last(tmp_path, monkeypatch):
    from redline.jobs import report as jr

    order: list[str] = []
    real = jr.write_atomic
    monkeypatch.setattr(jr, "write_atomic", lambda path, *a: (order.append(path.name),
                                                              real(path, *a)))
    code, _, _ = run("report", str(REVISIONS), "-o", str(tmp_path / "r"), "--annex-since",
                     "2015-12-07", "--annex-since", "7 Dec 2015", "--no-audits")
    assert code == 0 and order[-1] == "index.html"
    assert sorted(p.name for p in (tmp_path / "r").glob("annex_*")) == [
        "annex_since_2015-12-07.docx", "annex_since_2015-12-07.html",
        "annex_since_2015-12-07.md"]


def test_a_report_that_fails_while_rendering_writes_nothing(tmp_path, monkeypatch):
    from redline.jobs import report as jr

    def boom(_h):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(jr.rh, "to_json", boom)
    with pytest.raises(RuntimeError):
        run("report", str(REVISIONS), "-o", str(tmp_path / "r"))
    assert not (tmp_path / "r").exists()


def test_a_filtered_redline_says_what_it_leaves_out():
    _, text, _ = run("compare", "2015-11", "2016-01", "--corpus", str(REVISIONS),
                     "--delegation", "VEN")
    assert "only the changes of VEN" in text and text.rstrip().endswith(
        "1 change, 0 unattributed")
    _, html, _ = run("compare", "2015-11", "2016-01", "--corpus", str(REVISIONS),
                     "--delegation", "VEN", "--format", "html")
    assert "Only the changes of Venezuela (VEN)" in html


@pytest.mark.parametrize("command", [
    ["compare", "2015-11", "2016-01", "--corpus", str(REVISIONS), "--format", "csv"],
    ["annotations", str(REVISIONS / "2016-01.txt"), "--format", "csv"],
    ["read", str(REVISIONS / "2016-01.txt"), "--format", "csv"],
    ["history", str(REVISIONS), "--format", "csv"],
    ["audit", str(REVISIONS), "--delegation", "USA", "--format", "csv"],
])
def test_every_csv_opens_in_excel_with_human_status_labels(command):
    import csv
    import io

    _, out, _ = run(*command)
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows and any("address" in k for k in rows[0])
    assert "ad_referendum" not in out and not any(
        v in ("agreed", "pending", "approved") for r in rows for v in r.values())


def test_a_format_that_contradicts_the_extension_is_refused(tmp_path):
    target = tmp_path / "x.pdf"
    code, _, err = cli("compare", "2015-11", "2016-01", "--format", "json", "-o", str(target))
    assert code == 2 and not target.exists() and "--format json" in err and ".pdf" in err


@pytest.mark.parametrize("day", ["2015-12-7", "2015/12/07"])
def test_year_first_dates_are_unambiguous(day):
    from redline.dates import parse_cli_date

    assert parse_cli_date(day) == "2015-12-07"


def test_the_text_redline_shows_deletions_still_proposed_in_unchanged_paragraphs():
    _, text, _ = run("compare", "2015-11", "2016-01", "--corpus", str(REVISIONS))
    tail = text[text.index("Still proposed for deletion"):]
    assert "V.B ¶7" in tail and "by employers and migrants" in tail and "MEX/SLV" in tail


def test_a_filter_that_matches_nothing_still_says_so():
    _, text, _ = run("compare", "2015-11", "2016-01", "--corpus", str(REVISIONS),
                     "--delegation", "CAN")
    assert "Summary: no paragraphs; 0 changes" in text


def test_the_api_filter_reads_aliases_and_refuses_unknown_codes():
    import redline
    from redline.errors import RedlineError

    cmp = redline.compare(REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")
    assert cmp.for_delegations(["Venezuela"]).only == ("VEN",)
    assert cmp.for_delegations(["Venezuela"]).summary()["total_changes"] == 1
    with pytest.raises(RedlineError, match="unknown delegation 'XYZ'"):
        cmp.for_delegations(["XYZ"])


def test_tables_name_kinds_as_people_do_and_give_every_delegation_a_sheet(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "c.xlsx"
    assert run("compare", "2015-11", "2016-01", "--corpus", str(REVISIONS), "-o",
               str(out))[0] == 0
    wb = load_workbook(out)
    assert {"MEX", "SLV"} <= set(wb.sheetnames)
    kinds = {row[4] for row in wb["All changes"].iter_rows(min_row=3, values_only=True)}
    assert kinds <= {"Insertion", "Deletion", "Replacement", "Proposed deletion"}
    assert "Proposed deletion" in kinds
