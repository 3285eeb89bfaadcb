"""Tables a user opens in a spreadsheet: CSV (BOM, integers, addresses) and XLSX (a first line
naming what was compared, human headers, filters, dates, statuses as people write them)."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

import redline
from redline.api import load
from redline.render.document import to_csv as annotations_csv
from redline.render.read import to_csv as read_csv
from redline.render.tables import to_csv, to_markdown, to_xlsx, workbook_bytes, write_sheet
from tests.conftest import REVISIONS

OLD = "1. Promote the rights of migrants. (PENDING)\n\n2. Keep this text.\n"
NEW = ("1. Promote the rights of all migrants. (Agreed ad referendum. US & CAN IM 4-23-2015)\n\n"
       "2. Keep this text. (Proposed by US-4-16-2015)\n")


@pytest.fixture(scope="module")
def corpus_pair():
    return redline.compare(REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")


@pytest.fixture(scope="module")
def ad_ref(tmp_path_factory):
    folder = tmp_path_factory.mktemp("adref")
    (folder / "before.txt").write_text(OLD, encoding="utf-8")
    (folder / "after.txt").write_text(NEW, encoding="utf-8")
    return redline.compare(folder / "before.txt", folder / "after.txt")


def rows_of(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # Excel then reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_compare_csv_has_a_bom_integers_addresses_and_fn_footnotes(corpus_pair):
    text = to_csv(corpus_pair)
    rows = rows_of(text)
    assert ".0," not in text  # positions are integers, never 43.0
    chair = next(r for r in rows if r["delegation"] == "CHAIR" and r["old_index"])
    assert chair["old_index"].isdigit() and chair["new_index"].isdigit()
    fn = next(r for r in rows if r["new_address"] == "fn 1")
    assert fn["paragraph"] == "fn 1"  # not "1", which is paragraph 1
    assert all(r["new_address"] or r["old_address"] for r in rows)


def test_read_and_annotation_csvs_have_a_bom_and_the_address():
    doc = load(REVISIONS / "2016-01.txt")
    for text in (read_csv(doc), annotations_csv(doc)):
        rows = rows_of(text)
        assert any(r["address"] == "V.B 18" for r in rows)
    assert all(r["start"].isdigit() for r in rows_of(read_csv(doc)))


def test_statuses_are_human_in_every_table_and_machine_in_json(ad_ref):
    assert [r["status"] for r in rows_of(to_csv(ad_ref))] == ["Ad referendum"]
    md = to_markdown(ad_ref)
    assert "Ad referendum" in md and "ad\\_referendum" not in md and "ad_referendum" not in md
    wb = workbook(to_xlsx(ad_ref))
    values = {c.value for ws in wb for row in ws.iter_rows(min_row=3) for c in row}
    assert "Ad referendum" in values and "ad_referendum" not in values
    assert ad_ref.to_dict()["paragraphs"][0]["paragraph_status"] == "ad_referendum"


def test_markdown_tables_have_human_headers_and_the_address(corpus_pair):
    md = to_markdown(corpus_pair)
    assert "| Paragraph | Old paragraph | Delegation |" in md
    assert "| V.B 18 | V.B 18 | CHAIR |" in md
    assert "| Delegation | Name | Insertions |" in md


def test_compare_xlsx_opens_with_the_versions_filters_and_dates(corpus_pair):
    wb = workbook(to_xlsx(corpus_pair))
    assert wb.sheetnames[:2] == ["Summary", "All changes"]
    for ws in wb:
        first = ws["A1"].value
        assert "2015-11" in first and "2016-01" in first and "2016-01.txt" in first
        assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:")
    ws = wb["All changes"]
    header = [c.value for c in ws[2]]
    assert header[:2] == ["Paragraph", "Old paragraph"]
    assert {"Old text", "New text", "Delegation", "Status", "Date"} <= set(header)
    assert not any("_" in h for h in header)
    row = {h: c.value for h, c in zip(header, ws[3], strict=True)}
    assert row["Paragraph"]
    date, status = header.index("Date"), header.index("Status")
    dated = [r[date] for r in ws.iter_rows(min_row=3) if r[date].value]
    assert dated and all(isinstance(c.value, datetime.datetime) for c in dated)
    assert dated[0].number_format == "yyyy-mm-dd"
    statuses = {r[status].value for r in ws.iter_rows(min_row=3)} - {None}
    assert statuses and statuses <= {"Agreed", "Approved", "Pending", "Ad referendum"}
    assert ws.auto_filter.ref == f"A2:J{ws.max_row}"


def test_write_sheet_and_workbook_bytes_are_the_shared_helpers():
    def make() -> bytes:
        wb = Workbook()
        write_sheet(wb.active, "History of V.B 18", ["Paragraph", "Date", "Text"],
                    [["V.B 18", datetime.date(2015, 11, 5), "=cmd|' /C calc'!A0"],
                     ["fn 1", None, 3]])
        return workbook_bytes(wb)

    data = make()
    assert data == make()
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    ws = workbook(data).active
    assert ws["A1"].value == "History of V.B 18" and ws["A1"].font.bold
    assert [c.value for c in ws[2]] == ["Paragraph", "Date", "Text"] and ws["A2"].font.bold
    assert ws.auto_filter.ref == "A2:C4" and ws.freeze_panes == "A3"
    assert ws["B3"].is_date and ws["C3"].data_type == "s" and ws["C4"].value == 3
