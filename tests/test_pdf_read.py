"""The PDF reader reads a PDF as the text reader reads the same draft exported to text; `fold`."""

from __future__ import annotations

import html
import io
import re

import pytest

from redline.errors import RedlineError
from redline.read.fold import fold
from redline.read.text import decode, read_text

pdfplumber = pytest.importorskip("pdfplumber")
pypdf = pytest.importorskip("pypdf")
weasyprint = pytest.importorskip("weasyprint")

from redline.read import pdf  # noqa: E402  (after the skips: it needs pdfplumber)

FILL = ("The delegations considered the proposal in detail and agreed that the working group "
        "should continue its consideration of the matter at its next meeting, taking into "
        "account the observations made by the member states and the specialized organizations. ")
# (tag, text, footnote): the draft of the synthetic test, as HTML and as Word's text export
DRAFT = [
    ("h1", "DRAFT INTER-AMERICAN PROGRAM", None),  # also the running header: kept on page 1
    ("h2", "I. INTRODUCTION", None),
    ("p", "1. The negotiation of the inter-American program continues with extraordinarily "
          "complicated internationalization discussions among the delegations",
     "Temporary residents include, among others, students and retirees."),
    ("p", "2. " + FILL * 3, None),
    ("h2", "II. CONCEPTUAL FRAMEWORK", None),
    ("p", "3. " + FILL * 6 + "The end of the third paragraph", None),
    ("p", "4. Representatives of the indigenous peoples participated in the deliberations",
     "See document CIDI/CAM/doc.24/15 rev. 1 for the full list of participants."),
    ("p", "(a) " + FILL, None),
    ("p", "(b) " + FILL, None),
]
STYLE = """
@page { size: A6; margin: 1.6cm 1.2cm 1.8cm;
  @top-center { content: "DRAFT INTER-AMERICAN PROGRAM"; font-size: 7pt }
  @bottom-center { content: "- " counter(page) " -"; font-size: 7pt }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 6pt } }
body { font-family: serif; font-size: 9pt; line-height: 1.2 }
h1 { font-size: 12pt; margin: 0 0 6pt } h2 { font-size: 11pt; margin: 8pt 0 4pt }
p { margin: 0 0 5pt; text-align: justify; hyphens: auto }
.fn { float: footnote; font-size: 7pt }
"""


def _pdf(body: str, style: str = STYLE) -> bytes:
    page = f"<html lang=en><head><style>{style}</style></head><body>{body}</body></html>"
    return weasyprint.HTML(string=page).write_pdf()


def _synthetic() -> tuple[bytes, str]:
    """The draft as a PDF (running header, page numbers, footnotes, hyphenation, a paragraph
    over a page break) and as the text export Word would make of it."""
    body, lines, notes = [], [], []
    for tag, text, note in DRAFT:
        if note:
            body.append(f"<{tag}>{text}<span class=fn>{note}</span>.</{tag}>")
            lines.append(text + "_.")  # Word's export marks a footnote reference with `_`
            notes.append("\ufffd.\t" + note)
        else:
            body.append(f"<{tag}>{text}</{tag}>")
            lines.append(text)
    return _pdf("".join(body)), "\n".join(lines + notes) + "\n"


def _shape(blocks) -> list[tuple]:
    return [(re.sub(r"\s+", " ", b.text).strip(), b.kind, b.label, b.section, b.footnote_refs)
            for b in blocks]


@pytest.fixture(scope="module")
def synthetic() -> tuple[bytes, str]:
    return _synthetic()


def test_fold_display_neutral_characters():
    assert fold("a\u00a0b\u202fc\u2007d") == "a b c d"
    assert fold("nego\u00adtiation") == "negotiation"
    assert fold("a\u200bb\u200cc\u200dd\u2060e\ufefff") == "abcdef"
    assert fold("\ufb00 \ufb01 \ufb02 \ufb03 \ufb04 \ufb05 \ufb06") == "ff fi fl ffi ffl st st"


def test_fold_keeps_everything_else():
    kept = "“quoted” ‘single’ m² x³ ½ é ñ – — … ’ 1.5 °C [AA: oppose] \t\n"
    assert fold(kept) == kept


def test_synthetic_pdf_is_what_the_test_says(synthetic):
    """The PDF really has what the next test relies on: hyphenated line ends, a paragraph over
    a page break, footnotes at the pages' feet, running headers and page numbers."""
    data, _ = synthetic
    with pdfplumber.open(io.BytesIO(data)) as doc:
        texts = [p.extract_text() for p in doc.pages]
    assert len(texts) >= 3
    assert any(line.endswith("\u2010") for t in texts for line in t.splitlines())
    starts = next(k for k, t in enumerate(texts) if "3. The delegations" in t)
    assert "The end of the third paragraph" not in texts[starts]
    assert all(t.splitlines()[0] == "DRAFT INTER-AMERICAN PROGRAM" for t in texts)
    assert "Page 2 of" in texts[1] and "- 2 -" in texts[1]
    assert any(re.search(r"^1\. Temporary residents", t, re.M) for t in texts)


def test_pdf_reads_like_the_equivalent_text(synthetic):
    data, text = synthetic
    got = pdf.read_pdf(data, "draft.pdf")
    assert _shape(got) == _shape(read_text(text))
    assert got[0].text == "DRAFT INTER-AMERICAN PROGRAM"  # the title, not the running header
    assert [b.label for b in got if b.footnote_refs] == ["1", "4"]
    assert [b.line for b in got] == sorted(b.line for b in got) and got[0].line == 1


def test_pdf_text_is_what_read_text_reads(synthetic):
    """`pdf_text` is a text the text reader reads: references as `/` lines, footnotes at the
    end; `read_pdf_text` counts paragraphs in `line`."""
    data, _ = synthetic
    text = pdf.pdf_text(data, "draft.pdf")
    assert "\n/\n" in text and text.count("\ufffd.\t") == 2
    assert "PROGRAM\n" in text and "Page 1" not in text and "- 1 -" not in text
    blocks = pdf.read_pdf_text(text)
    assert _shape(blocks) == _shape(pdf.read_pdf(data, "draft.pdf"))
    assert [b.line for b in blocks if b.label == "4"] == [7]  # the 7th paragraph of the PDF


def test_oas_draft_rendered_to_pdf_reads_like_its_text(seed_2016):
    """Each line of the January 2016 draft a paragraph of an A4 PDF with a running header and
    page numbers, hyphenated and justified (a line the text reader goes on from, ending in white
    space after a word, a line break in its paragraph; a blank line an empty paragraph): every
    block comes back (text after white space is normalised, kind, label, section, references)."""
    text, _ = decode(seed_2016.read_bytes())
    paras: list[str] = []
    goes_on = False
    for line in text.replace("\r\n", "\n").split("\n"):
        words = html.escape(line.strip()) or "&nbsp;"
        if goes_on and line.strip():
            paras[-1] += "<br>" + words
        else:
            paras.append(words)
        goes_on = line != line.rstrip() and bool(re.search(r"[^\W\d_,]$|,$", line.strip()))
    paras = "".join(f"<p>{p}</p>" for p in paras)
    style = """@page { size: A4; margin: 2.5cm 2cm;
      @top-right { content: "CIDI/CAM/doc.24/15 rev. 2"; font-size: 9pt }
      @bottom-center { content: "- " counter(page) " -"; font-size: 9pt } }
    body { font-family: serif; font-size: 11pt; line-height: 1.25 }
    p { margin: 0 0 6pt; text-align: justify; hyphens: auto }"""
    got = _shape(pdf.read_pdf(_pdf(paras, style), seed_2016.name))
    want = _shape(read_text(text))
    assert len(want) > 100
    assert got == want


def test_page_numbers():
    for line in ("3", "- 3 -", "– 12 –", "Page 3 of 10", "page 3", "3/10", "3 / 10", "iv"):
        assert pdf.PAGE_NO_RE.fullmatch(line), line
    for line in ("3.", "18. Text", "(a)", "Article 3", "2015-11-06"):
        assert not pdf.PAGE_NO_RE.fullmatch(line), line


def test_hyphens_at_line_ends():
    join = pdf._Joiner(["the decision-making process", "the negotiation went on"]).join
    assert join("the nego-", "tiation of") == "the negotiation of"  # `negotiation` is known
    assert join("the decision-", "making of") == "the decision-making of"  # so is this
    assert join("the inter-", "American program") == "the inter-American program"
    assert join("the nego\u00ad", "tiation") == "the negotiation"
    assert join("the nego\u2010", "tiation") == "the negotiation"
    assert join("Approved 5-7-", "2015)") == "Approved 5-7-2015)"
    assert join("the implementers", "—i.e., organs") == "the implementers—i.e., organs"
    assert join("end of a", "sentence") == "end of a sentence"
    # Nothing known about `coun-try`: it goes in a document its typesetter hyphenates ...
    hyphenated = pdf._Joiner(["a line that ends in a hyph-", "enated word"] * 5
                             + ["the other lines"] * 100)
    assert hyphenated.join("the coun-", "try") == "the country"
    # ... and stays where line-end hyphens are real ones (Word, LibreOffice): `non-intrusive`
    assert pdf._Joiner(["plain lines"] * 100).join("the non-", "intrusive") == "the non-intrusive"


def test_brackets_at_line_ends_joined_as_the_document_writes_them():
    join = pdf._Joiner(["their [NDMC][INDC] and", "[shall] [should] be"]).join
    assert join("their [NDMC]", "[INDC] at") == "their [NDMC][INDC] at"
    assert join("[shall]", "[should] be") == "[shall] [should] be"


def test_labels_open_paragraphs_but_not_references():
    assert pdf._opens("18. The delegations", "the end of the paragraph.")
    assert pdf._opens("(b) the member states", "the General Secretariat; and")
    assert not pdf._opens("14. Other Parties are encouraged", "in accordance with Article")
    assert not pdf._opens("2015. The meeting", "the meeting held on 7 December")
    assert not pdf._opens("– 12/07/2015)", "of migration. (Agreed")
    assert pdf._opens("– the member states", "the following actors:")


def _blank_pdf(pages: int = 1) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(300, 300)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted(user: str) -> bytes:
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(_pdf("<p>1. The text.</p>", ""))))
    writer.encrypt(user_password=user, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _error(data: bytes, name: str = "X.pdf") -> str:
    with pytest.raises(RedlineError) as err:
        pdf.read_pdf(data, name)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    return message


def test_scanned_pdf_is_refused_in_one_line():
    scanned = "X.pdf: no text layer (a scanned PDF?); redline needs a PDF with text"
    assert _error(_blank_pdf()) == scanned
    image = '<svg width="300" height="200"><rect width="300" height="200"/></svg>'
    assert _error(_pdf(image, "@page { size: A6 }")) == scanned


def test_corrupt_pdfs_are_refused_in_one_line():
    good = _pdf("<p>1. The text.</p>")
    for data in (b"", b"hello", b"%PDF-1.7\n garbage", good[: len(good) // 2]):
        assert "not a readable PDF" in _error(data)


def test_encrypted_pdfs():
    assert [b.text for b in pdf.read_pdf(_encrypted(""), "open.pdf")] == ["The text."]
    assert "protected by a password" in _error(_encrypted("secret"))


def test_work_is_bounded(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    assert "more than 2 pages" in _error(_blank_pdf(3))
    monkeypatch.setattr(pdf, "MAX_BYTES", 100)
    assert "larger than" in _error(_blank_pdf(1))
