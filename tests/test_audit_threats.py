"""A delegation's words that now stand under another delegation's proposed deletion: the audit
says whose deletion threatens them, and since when, in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from redline.cli import main
from tests.conftest import REVISIONS

try:
    import pypdf
    import weasyprint  # noqa: F401
except (ImportError, OSError):  # OSError: WeasyPrint without Pango
    pypdf = None

A = """18. Protect the rights of all migrants, including women and children. (Agreed 3-1-2015)

19. Strengthen consular networks in the region. (Agreed 3-1-2015)
"""
B = """18. Protect the rights of all migrants, including women, children, (VEN people of African \
descent, IM-5-5-2015) and older persons. (Agreed IM 5-5-2015)

19. Strengthen consular networks and cooperation (Proposed by BR- 5-5-2015) in the region \
(CAN and beyond, 5-5-2015). (Agreed IM 5-5-2015)
"""
# the chair proposes to end 18 before the Venezuelan words; Mexico to delete Brazil's words;
# Brazil proposes a deletion of its own (no threat), which it drops in d
C = """18. Protect the rights of all migrants (CHAIR: in vulnerable situations. End paragraph \
here 6-1-2015), including women, children, (VEN people of African descent, IM-5-5-2015) and \
older persons. (PENDING)

19. Strengthen consular networks and cooperation (Proposed by BR- 5-5-2015) in the region \
(CAN and beyond, 5-5-2015). [MEX eliminate and cooperation] [BR eliminate consular] (PENDING)
"""
D = C.replace(" [BR eliminate consular]", "")
VERSIONS = [("a", A, "2015-03-10"), ("b", B, "2015-05-10"), ("c", C, "2015-06-10"),
            ("d", D, "2015-07-10")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("threats")
    entries = []
    for vid, text, date in VERSIONS:
        (root / f"{vid}.txt").write_text(text, encoding="utf-8")
        entries.append(f'[[version]]\nid = "{vid}"\nfile = "{vid}.txt"\ndate = "{date}"\n')
    (root / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    return root


def run_audit(folder, code: str, fmt: str = "json", *extra: str) -> str:
    r = CliRunner().invoke(main, ["audit", str(folder), "--delegation", code, "--format", fmt,
                                  *extra], standalone_mode=False, catch_exceptions=False)
    return r.output


def proposals(folder, code: str) -> dict[str, dict]:
    return {p["proposed_text"]: p for p in json.loads(run_audit(folder, code))["proposals"]}


def test_words_under_another_delegations_end_paragraph_here_are_threatened(folder):
    ven = proposals(folder, "VEN")["people of African descent"]
    assert ven["fate"] == "pending"  # the fate stays; the threat is said beside it
    (t,) = ven["threatened_by"]
    assert t["delegations"] == ["CHAIR"]
    assert (t["version"], t["date"]) == ("c", "2015-06-01")  # since the marker came, its date
    assert t["evidence"] == "(CHAIR: in vulnerable situations. End paragraph here 6-1-2015)"
    assert "people of African descent" in t["proposed_deletion"]
    assert t["proposed_deletion"].startswith(", including women")


def test_words_a_named_deletion_names_are_threatened_and_an_undated_marker_gets_its_version(
        folder):
    bra = proposals(folder, "BRA")
    (t,) = bra["and cooperation"]["threatened_by"]
    assert (t["delegations"], t["version"], t["date"]) == (["MEX"], "c", "2015-06-10")
    assert t["proposed_deletion"] == "and cooperation"
    assert bra["consular"]["threatened_by"] == []  # its own deletion proposal threatens nothing


def test_a_delegations_own_deletion_and_words_outside_a_deletion_are_no_threat(folder):
    assert all(not p["threatened_by"] for p in proposals(folder, "CHAIR").values())
    assert all(not p["threatened_by"] for p in proposals(folder, "MEX").values())
    can = proposals(folder, "CAN")["and beyond"]  # in 19, beside Mexico's deletion, not under it
    assert (can["fate"], can["threatened_by"]) == ("pending", [])


def test_the_threat_is_said_in_markdown_html_csv_and_xlsx(folder, tmp_path):
    md = run_audit(folder, "VEN", "md")
    assert "1 proposal has words under another delegation's proposed deletion: 18." in md
    assert "  - Threatened: Proposed for deletion by CHAIR since c (2015-06-01): “, including" in md
    html = run_audit(folder, "VEN", "html")
    assert html.count('<p class="threat"><b>Threatened:</b> Proposed for deletion by CHAIR '
                      'since c (2015-06-01)') == 1
    assert "words under another delegation&#39;s proposed deletion: 18." in html
    rows = list(csv.DictReader(io.StringIO(run_audit(folder, "BRA", "csv").lstrip("\ufeff"))))
    by_text = {r["proposed_text"]: r["threatened_by"] for r in rows}
    assert by_text["and cooperation"] == ("Proposed for deletion by MEX since c (2015-06-10): "
                                          "“and cooperation” — [MEX eliminate and cooperation]")
    assert by_text["consular"] == ""
    out = tmp_path / "bra.xlsx"
    run_audit(folder, "BRA", "xlsx", "-o", str(out))
    sheet = load_workbook(out)["Proposals BRA"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "Paragraph")
    col = header.index("Threatened by (another delegation's proposed deletion)")
    threats = {r[5]: r[col] for r in rows[rows.index(header) + 1:]}
    assert threats["and cooperation"].startswith("Proposed for deletion by MEX since c")
    assert threats["consular"] is None


def test_venezuela_is_told_the_chair_would_end_paragraph_18_before_its_words():
    """The corpus: the chair's `End paragraph here` of January 2016 falls on `people of African
    descent`, proposed by Venezuela in November 2015 and since pending."""
    (p,) = [p for p in json.loads(run_audit(REVISIONS, "VEN"))["proposals"]
            if p["proposed_text"] == "people of African descent"]
    (t,) = p["threatened_by"]
    assert (t["delegations"], t["version"], t["date"]) == (["CHAIR"], "2016-01", "2016-01-19")
    assert "End paragraph here" in t["evidence"]
    md = run_audit(REVISIONS, "VEN", "md")
    assert "Threatened: Proposed for deletion by CHAIR since 2016-01 (2016-01-19)" in md


@pytest.mark.skipif(pypdf is None, reason="WeasyPrint or pypdf not installed")
def test_the_threat_is_said_in_the_pdf(folder, tmp_path):
    out = tmp_path / "ven.pdf"
    run_audit(folder, "VEN", "pdf", "-o", str(out))
    text = " ".join(" ".join(page.extract_text() or "" for page in
                             pypdf.PdfReader(str(out)).pages).split())
    assert "Threatened: Proposed for deletion by CHAIR since c (2015-06-01)" in text
