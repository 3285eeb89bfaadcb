"""UN/UNFCCC numbering in the plain-text reader: every label form, headings, options, chapeaux."""

from __future__ import annotations

import pytest

from redline.model import Kind
from redline.read.numbering import DEFAULT, Numbering
from redline.read.text import read_text


def block(text: str, start: str):
    return next(b for b in read_text(text) if b.text.startswith(start))


@pytest.mark.parametrize(("line", "label"), [
    ("3.3 Parties shall communicate.", "3.3"),  # a decimal label without a full stop
    ("3.3: Each Party that has communicated.", "3.3"),
    ("3.2. Parties shall communicate.", "3.2"),  # today's form
    ("3bis Parties shall communicate.", "3bis"),
    ("3bis. Parties shall communicate.", "3bis"),
    ("3 bis Parties shall communicate.", "3bis"),
    ("3 ter. Parties shall communicate.", "3ter"),
    ("3.3ter Developed country Parties shall lead.", "3.3ter"),
    ("3.3 ter Developed country Parties shall lead.", "3.3ter"),
    ("3.3quat Developing country Parties will act.", "3.3quat"),
    ("(17 quater) The Adaptation Fund shall serve.", "17quater"),
    ("(17bis) Its operation shall remain open.", "17bis"),
    ("23.bis Promote ties.", "23.bis"),  # today's form, kept as it was
    ("Pp1 Recalling its resolution 70/1,", "PP1"),
    ("PP 2 Recognizing the need,", "PP2"),
    ("Op1 Decides to convene a meeting;", "OP1"),
    ("OP.3 Requests the Secretary-General;", "OP3"),
    ("(a) Be quantified;", "(a)"),
    ("(iv) Ensure consistency;", "(iv)"),
])
def test_label_forms(line, label):
    (b,) = read_text(line)
    assert b.label == label and b.kind is Kind.NUMBERED
    assert not b.text.startswith(label.strip("()"))


def test_a_decimal_number_opening_a_sentence_is_no_label():
    (b,) = read_text("1.5 °C above pre-industrial levels is the limit.")
    assert b.label is None and b.text.startswith("1.5 °C")
    (b,) = read_text("3.x Notwithstanding Articles 3.2 and 3.3 above, LDCs may communicate.")
    assert b.label is None


def test_a_bulleted_parenthesised_paragraph_keeps_its_label():
    blocks = read_text("Article 6\n\n17. The Financial Mechanism shall serve.\n\n"
                       "- (17bis) [Its operation shall remain open.]\n")
    b = blocks[-1]
    assert b.label == "17bis" and b.text == "[Its operation shall remain open.]"
    assert b.section == "Article 6"  # a sibling of 17, not its child


@pytest.mark.parametrize(("text", "label", "title"), [
    ("Article 4", "Article 4", ""),
    ("Article 4 (adaptation)", "Article 4", "(adaptation)"),
    ("Article 4 bis", "Article 4bis", ""),
    ("Article 2bis (general)", "Article 2bis", "(general)"),
    ("ARTICLE 19 (AMENDMENTS)", "Article 19", "(AMENDMENTS)"),
    ("Article 4 - Adaptation", "Article 4", "Adaptation"),
    ("Chapter II", "Chapter II", ""),
    ("Section A: Mitigation", "Section A", "Mitigation"),
    ("Preamble", "Preamble", ""),
])
def test_worded_headings(text, label, title):
    (b,) = read_text(text)
    assert (b.label, b.text, b.kind) == (label, title, Kind.HEADING)


def test_a_bracketed_article_keeps_its_brackets_as_text():
    (b,) = read_text("[Article 3bis] (REDD-plus)")
    assert b.label == "Article 3bis" and b.kind is Kind.HEADING
    assert b.text == "[Article 3bis] (REDD-plus)"


def test_a_heading_title_on_the_next_line():
    blocks = read_text("Article 4\nAdaptation\n\n1. Parties shall adapt.\n")
    assert [(b.label, b.text, b.kind) for b in blocks] == [
        ("Article 4", "Adaptation", Kind.HEADING),
        ("1", "Parties shall adapt.", Kind.NUMBERED)]
    assert blocks[1].section == "Article 4"


def test_a_heading_followed_by_its_text_takes_no_title():
    blocks = read_text("Article 3\n\nAs nationally determined contributions, all Parties are to "
                       "undertake ambitious efforts.\n\nArticle 4\n\n1. In order to achieve.\n")
    assert [(b.label, b.kind) for b in blocks] == [
        ("Article 3", Kind.HEADING), (None, Kind.BODY), ("Article 4", Kind.HEADING),
        ("1", Kind.NUMBERED)]
    assert blocks[0].text == "" and blocks[1].section == "Article 3"


def test_a_sentence_opening_with_article_is_no_heading():
    (b,) = read_text("Article 4 of the Convention shall apply mutatis mutandis.")
    assert b.label is None and b.kind is Kind.BODY


def test_chapters_hold_articles():
    blocks = read_text("Chapter I\n\nArticle 1\n\n1. Text one.\n\nChapter II\n\nArticle 2\n\n"
                       "1. Text two.\n")
    two = blocks[-1]
    assert two.section == "Chapter II.Article 2" and two.label == "1"
    assert blocks[3].section is None  # Chapter II closes Chapter I and its article


def test_preamble_closes_at_the_first_article():
    blocks = read_text("Preamble\n\nThe Parties to this Agreement,\n\nHave agreed as follows:\n\n"
                       "Article 1\n\nFor the purposes of this Agreement.\n")
    assert blocks[1].section == "Preamble"
    assert blocks[-1].section == "Article 1"


def test_preambular_and_operative_paragraphs_are_one_sequence():
    blocks = read_text("PP1 Recalling,\n\nPP2 Noting,\n\nOP1 Decides;\n\n(a) to act;\n\n"
                       "OP2 Requests;\n")
    assert [b.section for b in blocks] == [None, None, None, "OP1", None]


def test_sub_items_nest_and_i_after_h_is_a_letter():
    text = ("8. Timing\n\n(b) Subsequent communications\n\n(i) Every 5 years\n\n"
            "Each Party shall communicate.\n\n(ii) Submit INDC\n\nAll Parties shall submit.\n\n"
            "5. Parties shall enhance cooperation:\n\n(g) Sharing;\n\n(h) Planning;\n\n"
            "(i) Monitoring;\n")
    blocks = read_text(text)
    sections = {b.text: b.section for b in blocks}
    assert sections["Every 5 years"] == "8.(b)"
    assert sections["Submit INDC"] == "8.(b)"  # (ii) closes (i), not (b)
    assert sections["Monitoring;"] == "5"  # (i) after (h): a sibling letter, not a roman


def test_a_chapeau_is_text_and_its_sub_items_follow():
    blocks = read_text("[Each Party shall, inter alia:\n\n(a) Be quantified;\n\n(b) Be clear;\n")
    chapeau = blocks[0]
    assert chapeau.kind is Kind.BODY and chapeau.label is None
    assert [b.label for b in blocks[1:]] == ["(a)", "(b)"]


def test_a_short_line_ending_in_a_colon_is_still_a_heading_without_sub_items():
    blocks = read_text("Linked to objective 1:\n\nFacilitate orderly migration.\n")
    assert blocks[0].kind is Kind.HEADING  # the OAS form, unchanged


@pytest.mark.parametrize("tag", ["Option 1:", "Option 2", "Option II:", "Option (a):", "Alt"])
def test_option_tags_are_text_never_headings(tag):
    blocks = read_text(f"Article 3\n\n{tag}\n\n1. Parties shall act.\n")
    option = blocks[1]
    assert option.text == tag and option.kind is Kind.BODY and option.label is None


def test_an_option_opening_a_paragraph_stays_in_its_text():
    (b,) = read_text("Option 1: Each Party shall communicate a contribution.")
    assert b.label is None and b.text.startswith("Option 1: Each Party")
    (b,) = read_text("3.3bis Alt Each Party's contribution shall reflect progression.")
    assert b.label == "3.3bis" and b.text.startswith("Alt Each Party")


def test_a_numbered_title_over_its_text_is_a_heading():
    blocks = read_text("Article 3\n\n1. Collective long-term goal\n\nOption 1: Parties aim.\n\n"
                       "2. Each Party shall communicate.\n\n(a) Declaration of non-compliance; and"
                       "\n\n(b) Request of a plan.\n")
    kinds = {b.text: b.kind for b in blocks}
    assert kinds["Collective long-term goal"] is Kind.HEADING
    assert blocks[2].section == "Article 3.1"
    assert kinds["Each Party shall communicate."] is Kind.NUMBERED
    assert kinds["Declaration of non-compliance; and"] is Kind.NUMBERED


def test_a_line_like_3_3_parties_shall_is_no_heading():
    blocks = read_text("Article 3\n\n3. Differentiated efforts\n\nOption 2:\n\n"
                       "3.3 Parties shall undertake quantified targets;\n")
    b = blocks[-1]
    assert (b.label, b.kind) == ("3.3", Kind.NUMBERED)
    assert b.text.startswith("Parties shall")


def test_the_numbering_is_data():
    spanish = Numbering(heading_words=(("Capítulo",), ("Artículo",)), options=("Opción",))
    blocks = read_text("Artículo 4\n\nOpción 1:\n\n1. Las Partes.\n", spanish)
    assert (blocks[0].label, blocks[0].kind) == ("Artículo 4", Kind.HEADING)
    assert blocks[1].kind is Kind.BODY and blocks[2].section == "Artículo 4"
    assert read_text("Article 4\n")[0].label == "Article 4"
    assert read_text("Artículo 4\n")[0].label is None  # not a heading word by default
    assert DEFAULT.compiled() is DEFAULT.compiled()  # compiled once


def test_a_trade_article_with_a_dotted_number_and_a_title_is_a_heading():
    from redline.read.text import read_text

    blocks = read_text("Chapter 9: Transparency\n\nArticle 9.2: Publication\n\n"
                       "1. Each Party shall publish its laws.\n\n"
                       "Article 4.8 of the Convention applies to this paragraph.\n")
    kinds = [(b.kind.value, b.label) for b in blocks]
    assert kinds[1] == ("heading", "Article 9.2")
    assert kinds[3][0] != "heading"
