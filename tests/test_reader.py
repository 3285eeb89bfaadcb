"""Reading plain text: encodings, refusal of binary, and Word-to-text artifacts."""

from __future__ import annotations

import pytest

from redline.errors import RedlineError
from redline.model import Kind
from redline.read.text import decode, read_text

TEXT = "18. Consider the “signing” – and ratification’s steps (Agreed IM 11-5-2015)\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_keep_curly_quotes_and_dashes(encoding):
    text, _ = decode(TEXT.encode(encoding))
    assert text == TEXT


def test_utf16_big_endian_with_bom():
    text, enc = decode(b"\xfe\xff" + TEXT.encode("utf-16-be"))
    assert text == TEXT and enc == "utf-16-be"


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00", bytes(range(256)) * 4,
                                  b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_binary_is_refused(data):
    with pytest.raises(RedlineError, match="not a text file"):
        decode(data, "blob.bin")


def by_text(blocks, start):
    return next(b for b in blocks if b.text.startswith(start))


def test_seed_artifacts(seed_2016):
    blocks = read_text(decode(seed_2016.read_bytes())[0])
    actors = by_text(blocks, "THE PROGRAM ACTORS")
    assert actors.label == "III" and actors.kind is Kind.HEADING
    assert by_text(blocks, "(Agreed – 12/07/2015)").footnote_refs == [3]  # "/ (Agreed ..."
    p26 = by_text(blocks, "Conduct programs to promote (facilitate)")
    assert p26.label == "26" and p26.kind is Kind.NUMBERED
    assert p26.text.endswith("migration and migrant worker agreements. BR/ARG (Pending 11-5-2015)")
    one = by_text(blocks, "Coordinate with the Committee")
    assert one.label == "1" and "initiatives or activities related" in one.text
    bullets = [b for b in blocks if b.kind is Kind.BULLET]
    assert bullets[0].text.startswith("General Secretariat") and not bullets[0].text.startswith("·")
    header = by_text(blocks, "(Presented by the Chair")
    assert header.text.endswith("held on January 19, 2016)") and "/" not in header.text.split()
    assert header.footnote_refs == [1]
    notes = [b for b in blocks if b.kind is Kind.FOOTNOTE]
    assert [n.label for n in notes] == ["1", "2", "3", "4"]
    assert notes[2].text.startswith("The meeting of December 7, 2015 agreed")
    assert all("\ufffd" not in b.text for b in blocks)
    title = blocks[0]
    assert title.text.endswith("INCLUDING MIGRANT WORKERS AND THEIR FAMILIES")
    assert by_text(blocks, "(Proposed by CHILE").label == "23.bis"
    temp = by_text(blocks, "This Program is structured")
    assert temp.text.endswith("and the states. (Approved 5-7-2015)") and temp.footnote_refs == [2]


def test_agenda_seed(seed_agenda):
    blocks = read_text(decode(seed_agenda.read_bytes())[0])
    assert blocks[0].label == "A" and blocks[0].text.startswith("DRAFT AGENDA")
    opening = by_text(blocks, "Opening session")
    assert opening.label == "I" and opening.kind is Kind.HEADING
    multi = by_text(blocks, "Multilateral organizations")
    assert multi.label == "a" and multi.section == "B.V"
    assert by_text(blocks, "The first objective").label == "a"
    assert [b.label for b in blocks if b.kind is Kind.FOOTNOTE] == ["1"]
    assert by_text(blocks, "Presentation: Chair").kind is Kind.BULLET


@pytest.mark.parametrize(("line", "label"), [
    ("18. Text", "18"), ("23.bis Text", "23.bis"), ("A. Text", "A"), ("V. TEXT", "V"),
    ("(a) text", "(a)"), ("i. text", "i"), ("iv) text", "iv"), ("1000. Text", "1000"),
])
def test_labels(line, label):
    assert read_text(line)[0].label == label


def test_sections_qualify_labels(doc_2016):
    paths = [p.path for p in doc_2016.body if p.label in ("1", "18")]
    assert paths == ["IV.A.1", "V.A.1", "V.B.18"]


def test_marker_only_lines_join_their_paragraph(doc_2016):
    actors = next(p for p in doc_2016.body if p.clean == "THE PROGRAM ACTORS")
    assert actors.footnote_refs == (3,) and str(actors.status) == "agreed"
    p19 = next(p for p in doc_2016.body if p.label == "19")
    assert str(p19.status) == "agreed" and p19.annotations[0].date == "2015-04-23"
    alt = next(p for p in doc_2016.body if p.clean.startswith("Provide all migrants with access"))
    assert alt.annotations[0].text.startswith("(ALTERNATIVE PROPOSAL BY CAN")
