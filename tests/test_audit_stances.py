"""A delegation's audit lists where it opposed or reserved, and what its groups proposed."""

import csv
import datetime
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from redline.annotate.delegations import load as load_registry
from redline.api import load
from redline.cli import main
from redline.corpus.audit import audit as audit_of
from redline.corpus.history import build_history
from redline.corpus.manifest import load_manifest
from redline.corpus.stances import objections
from redline.render import audit as ra
from tests.conftest import REVISIONS

V1 = """1. Each Party [AU propose; NZ oppose: shall endeavour to] publish its measures.

2. Each Party [G77 propose: shall take into account the needs of developing country Parties].

3. Each Party shall notify. [Freedonia wishes the following reservation to be recorded: none.]
"""
V2 = """1. Each Party publishes its measures.

2. Each Party shall take into account the needs of developing country Parties.

3. Each Party shall notify.
"""


def corpus(tmp_path):
    (tmp_path / "v1.txt").write_text(V1, encoding="utf-8")
    (tmp_path / "v2.txt").write_text(V2, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        'conventions = "trade"\n\n'
        '[[version]]\nid = "v1"\nfile = "v1.txt"\ndate = "2015-06-01"\n\n'
        '[[version]]\nid = "v2"\nfile = "v2.txt"\ndate = "2015-12-01"\n', encoding="utf-8")
    return tmp_path


def audit(folder, code: str) -> dict:
    r = CliRunner().invoke(main, ["audit", str(folder), "--delegation", code],
                           standalone_mode=False, catch_exceptions=False)
    return json.loads(r.output)


def test_an_opposition_that_prevailed(tmp_path):
    body = audit(corpus(tmp_path), "NZ")
    assert body["proposals"] == []
    (o,) = body["objections"]
    assert (o["stance"], o["text"], o["fate"]) == ("oppose", "shall endeavour to", "prevailed")
    assert o["address"] == "1"


def test_the_proposer_of_the_opposed_words_sees_them_dropped(tmp_path):
    body = audit(corpus(tmp_path), "AUS")
    (p,) = body["proposals"]
    assert (p["proposed_text"], p["fate"]) == ("shall endeavour to", "dropped")
    assert body["objections"] == []


def test_a_group_proposal_is_shown_via_the_group(tmp_path):
    (p,) = audit(corpus(tmp_path), "BRA")["proposals"]
    assert p["via"] == "G77"
    assert p["proposed_text"].startswith("shall take into account")


# --- the audit as a delegation reads it: counts, fates, notes, deletions, formats -------------

DELETION_V1 = "\n\n".join([
    "1. Ensure that labor laws are complied with by employers and migrants, taking into account "
    "the vulnerable situation of migrant workers. [MEX-ES eliminate by employers and migrants] "
    "(PENDING)",
    "2. Promote the rights of migrants and their families. (Proposed by US-4-16-2015) "
    "(Agreed ad referendum. US & CAN IM 4-23-2015)",
    "3. Seek to protect the property of all migrants. (US-4-16-2015)",
    "4. Provide effective access to justice. (Proposed by US-4-16-2015) (PENDING)"]) + "\n"
DELETION_V2 = DELETION_V1.replace(" by employers and migrants, taking", ", taking").replace(
    " [MEX-ES eliminate by employers and migrants]", "")


def oas_corpus(folder, v1: str, v2: str):
    """A two-version OAS corpus written inline: manifest.toml and two drafts."""
    (folder / "v1.txt").write_text(v1, encoding="utf-8")
    (folder / "v2.txt").write_text(v2, encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[[version]]\nid = "v1"\nfile = "v1.txt"\ndate = "2015-11-18"\nlabel = "November"\n\n'
        '[[version]]\nid = "v2"\nfile = "v2.txt"\ndate = "2016-01-21"\nlabel = "January"\n',
        encoding="utf-8")
    return folder


def run_audit(folder, code: str, fmt: str = "json") -> str:
    r = CliRunner().invoke(main, ["audit", str(folder), "--delegation", code, "--format", fmt],
                           standalone_mode=False, catch_exceptions=False)
    return r.output


@pytest.fixture(scope="module")
def oas_history():
    reg = load_registry()
    versions = load_manifest(REVISIONS)
    docs = [load(v.path, delegations=reg, label=v.id, date=v.date) for v in versions]
    return build_history(versions, docs, reg), reg


def judged(oas_history, code: str):
    h, reg = oas_history
    return audit_of(h, code, reg), objections(h, code, reg), [v.id for v in h.versions]


def test_a_proposed_deletion_is_adopted_once_its_words_are_gone(tmp_path):
    props = json.loads(run_audit(oas_corpus(tmp_path, DELETION_V1, DELETION_V2), "MEX"))
    (p,) = props["proposals"]
    assert (p["action"], p["proposed_text"]) == ("delete", "by employers and migrants")
    assert p["fate"] == "adopted as proposed"


def test_a_proposed_deletion_is_pending_while_its_words_stand(tmp_path):
    props = json.loads(run_audit(oas_corpus(tmp_path, DELETION_V1, DELETION_V1), "MEX"))
    (p,) = props["proposals"]
    assert (p["action"], p["fate"]) == ("delete", "pending")


def test_pending_ad_referendum_and_no_status_are_three_fates(tmp_path):
    folder = oas_corpus(tmp_path, DELETION_V1, DELETION_V2)
    fates = {p["address"]: p["fate"] for p in json.loads(run_audit(folder, "USA"))["proposals"]}
    assert fates == {"2": "ad referendum", "3": "no status yet", "4": "pending"}
    html = run_audit(folder, "USA", "html")
    for heading in ("Pending", "Ad referendum", "No status yet"):
        assert f"<h2>{heading} <small>(1 proposal)</small></h2>" in html
    assert "ad_referendum<" not in html and ">Ad referendum</span>" in html
    csv_rows = list(csv.DictReader(io.StringIO(run_audit(folder, "USA", "csv").lstrip("\ufeff"))))
    assert {r["fate"] for r in csv_rows} == {"Pending", "Ad referendum", "No status yet"}
    assert {r["current_status"] for r in csv_rows} == {"Pending", "Ad referendum", ""}


def test_one_proposal_is_counted_as_one_proposal(oas_history):
    props, objs, versions = judged(oas_history, "PRY")
    assert len(props) == 1
    for text in (ra.to_html("PRY", "Paraguay", props, versions, objs),
                 ra.to_markdown("PRY", "Paraguay", props, versions, objs)):
        assert "1 proposal," in text and "1 proposals" not in text
    many, objs, _ = judged(oas_history, "USA")
    html = ra.to_html("USA", "United States", many, versions, objs)
    assert f": {len(many)} proposals, 0 oppositions, 2 notes and reservations." in html
    assert "Pending <small>(3 proposals)</small>" in html


def test_paraguays_notes_and_reservations_are_in_its_audit(oas_history):
    props, objs, versions = judged(oas_history, "PRY")
    body = json.loads(ra.to_json("PRY", props, objs))
    assert body["schema"] == "redline/2"
    notes = {n["marker"][:40]: n for n in body["notes"]}
    special = notes["[Paraguay consulting about specifying “s"]
    assert (special["address"], special["versions"], special["fate"]) == (
        "V.B 18", ["2015-11", "2016-01"], "still there")
    assert notes["(PY supports language proposed by US but"]["address"] == "V.B ¶3"
    assert {o["stance"] for o in body["objections"]} == {"reserve"}  # PY-CR ad referendum ...
    html = ra.to_html("PRY", "Paraguay", props, versions, objs)
    section = html[html.index("Notes and reservations <small>"):]
    assert "[Paraguay consulting about specifying “special attention”" in section
    assert "(PY supports language proposed by US but wants" in section
    assert "(Agreed IM 11-5-2015 ad referendum PY-CR)" in section
    assert "<td>2015-11, 2016-01</td>" in section and "Still there" in section


def test_the_audit_prints_on_a4_with_a_running_header(oas_history):
    props, objs, versions = judged(oas_history, "USA")
    html = ra.to_html("USA", "United States", props, versions, objs)
    assert '@top-center { content: "Audit of proposals: USA (United States)' in html
    assert "counter(page)" in html and "size: A4" in html
    assert "overflow: auto" not in html and "max-height" not in html


def test_audit_markdown(oas_history):
    props, objs, versions = judged(oas_history, "MEX")
    md = ra.to_markdown("MEX", "Mexico", props, versions, objs)
    assert md.startswith("# Audit of proposals: MEX (Mexico)\n")
    assert "## Pending (2)" in md and "| Pending | 2 |" in md
    assert "- **V.B ¶6 → V.B ¶7** (first seen in 2015-11" in md
    assert "Proposed for deletion: “by employers and migrants”" in md
    props, objs, _ = judged(oas_history, "PRY")
    md = ra.to_markdown("PRY", "Paraguay", props, versions, objs)
    assert "## Notes and reservations (4)" in md
    assert "| V.B 18 | Note | \\[Paraguay consulting about specifying" in md


def test_audit_xlsx_names_the_delegation_and_versions(oas_history):
    props, objs, _ = judged(oas_history, "USA")
    h, _ = oas_history
    wb = load_workbook(io.BytesIO(ra.to_xlsx("USA", props, objs, "United States", h.versions)))
    assert wb.sheetnames == ["Summary", "Proposals USA", "Notes and reservations"]
    for ws in wb:
        first = ws["A1"].value
        assert first.startswith("Audit of USA (United States): versions 2005")
        assert "2016-01 “Draft review" in first and "(2016-01-21, " in first
        assert "2016-01.txt" in first
        assert ws.auto_filter.ref.startswith("A2:") and ws.freeze_panes == "A3"
    ws = wb["Proposals USA"]
    header = [c.value for c in ws[2]]
    assert header[:3] == ["Paragraph", "First seen", "Date"]
    rows = [{h: c.value for h, c in zip(header, r, strict=True)} for r in ws.iter_rows(min_row=3)]
    assert all(isinstance(r["Date"], datetime.datetime) for r in rows)
    assert {r["Fate"] for r in rows} >= {"Adopted as proposed", "Pending", "No status yet"}
    assert {r["Status now"] for r in rows} <= {"Agreed", "Pending", "Ad referendum", "", None}


def test_the_now_column_quotes_a_readable_stretch_around_the_proposal():
    text = "Recall the resolutions. " * 30 + "Ensure equal access to justice. " + "Note. " * 60
    runs = ra.excerpt(text, ["equal"])
    assert runs[0] == (False, "…") and (True, "equal") in runs and runs[-1][1].endswith("…")
    assert len("".join(s for _, s in runs)) <= ra.EXCERPT + 40
    assert ra.excerpt("Make compliance on time", ["on"]) == [
        (False, "Make compliance "), (True, "on"), (False, " time")]  # a word, not inside one


END_HERE_V1 = ("18. Respect the rights of all migrants (CHAIR - CAM: including those in "
               "vulnerable situations. End paragraph here) 1-19-2016), including those of women "
               "and children. (PENDING)\n")


@pytest.mark.parametrize(("v2", "fate"), [
    ("18. Respect the rights of all migrants including those in vulnerable situations. "
     "(Agreed 2-1-2016)\n", "adopted as proposed"),
    (END_HERE_V1, "pending"),
])
def test_end_paragraph_here_is_adopted_once_the_rest_is_gone(tmp_path, v2, fate):
    props = json.loads(run_audit(oas_corpus(tmp_path, END_HERE_V1, v2), "CHAIR"))
    (p,) = props["proposals"]
    assert p["proposed_deletion"] == ", including those of women and children."
    assert (p["action"], p["fate"]) == ("replace", fate)
