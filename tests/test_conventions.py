"""Conventions as data: each body's marker forms, and reading that never alters the draft."""

from pathlib import Path

import pytest

import redline
from redline.annotate.convention import detect, load_convention
from redline.errors import RedlineError

PARTIES = Path(__file__).parent / "fixtures" / "parties.toml"


def read(text: str, conventions: str = "un"):
    return redline.load_text(text + "\n", conventions=conventions, delegations=PARTIES)


def one(text: str, conventions: str = "un"):
    (p,) = read(text, conventions).paragraphs
    return p


def positions(a) -> dict:
    return {s: d for s, d in a.stances}


# -- the invariant: draft text in brackets is text -----------------------------------------

@pytest.mark.parametrize("conventions", ["oas", "un", "trade"])
@pytest.mark.parametrize("text", [
    "Parties shall reduce emissions of [CO2[e]] and [CH4] by 2030.",
    "Support to the [LDCs and SIDS] shall be enhanced.",
    "Transfers of certified units (CU) shall be recorded.",
    "Parties to the Kyoto Protocol (KP) may participate.",
    "The Least Developed Countries Expert Group (LEG) shall advise.",
    "especially the least developed countries (LDCs) and others.",
    "Option 1: [Each Party shall] {placeholder} communicate a contribution.",
    "Emissions of SF6 and NF3 [(CO2 eq)] are reported.",
])
def test_bracketed_draft_text_is_kept_verbatim(text, conventions):
    p = one(text, conventions)
    assert p.annotations == ()
    assert p.clean == text


def test_a_reservation_note_is_a_note_by_that_party_not_text():
    p = one("Each Party shall report. [Freedonia wishes the following reservation to be "
            "recorded: it does not accept this paragraph.]")
    (a,) = p.annotations
    assert (a.kind, a.delegations, positions(a)) == ("note", ("DDD",), {"reserve": ("DDD",)})
    assert p.clean == "Each Party shall report."
    assert a.credited == ()


def test_a_group_internal_note_is_a_note():
    p = one("The secretariat shall assist. (G77 internal note: check against decision 1/CP.21)")
    (a,) = p.annotations
    assert (a.kind, a.delegations) == ("note", ("G77",))
    assert p.clean == "The secretariat shall assist."


@pytest.mark.parametrize("note", ["[Negotiators' Note: to be revisited.]",
                                  "[Negotiator's Note: to be revisited.]",
                                  "[Negotiators note: to be revisited.]",
                                  "[NOTE: to be revisited.]"])
def test_negotiators_notes_in_every_spelling(note):
    p = one(f"Each Party shall maintain an inquiry point. {note}", "trade")
    (a,) = p.annotations
    assert (a.kind, a.delegations) == ("note", ())
    assert p.clean == "Each Party shall maintain an inquiry point."


def test_a_partys_negotiators_note_names_it():
    p = one("Each Party shall publish. [AA: Negotiator's Note: AA to confirm.]", "trade")
    (a,) = p.annotations
    assert (a.kind, a.delegations, positions(a)) == ("note", ("AAA",), {"note": ("AAA",)})


# -- trade positions ------------------------------------------------------------------------

def test_position_header_is_the_marker_and_the_text_keeps_its_brackets():
    p = one("Each Party [AA/BB propose; CC oppose: shall endeavour to] publish its laws.",
            "trade")
    (a,) = p.annotations
    assert a.kind == "position"
    assert positions(a) == {"propose": ("AAA", "BBB"), "oppose": ("CCC",)}
    assert a.delegations == ("AAA", "BBB", "CCC")
    assert a.credited == ("AAA", "BBB")
    assert a.proposed_text == "shall endeavour to"
    assert p.clean == "Each Party [shall endeavour to] publish its laws."


@pytest.mark.parametrize("header, expect", [
    ("[DD propose: ", {"propose": ("DDD",)}),
    ("[AA/BB/CC4/DD propose: ", {"propose": ("AAA", "BBB", "CCC", "DDD")}),
    ("[AA // BB propose, CC oppose: ", {"propose": ("AAA", "BBB"), "oppose": ("CCC",)}),
    ("[AA/BB] propose: ", {"propose": ("AAA", "BBB")}),
    ("[CC oppose; AA propose: ", {"oppose": ("CCC",), "propose": ("AAA",)}),
    ("[AA propose20: ", {"propose": ("AAA",)}),
    ("[Arcadia/Borduria propose: ", {"propose": ("AAA", "BBB")}),
    ("[US oppose: ", {"oppose": ("USA",)}),
])
def test_position_header_forms(header, expect):
    p = one(f"1. Each Party {header}shall notify] the others.", "trade")
    (a,) = p.annotations
    assert positions(a) == expect
    assert "[shall notify]" in p.clean and "propose" not in p.clean and "oppose" not in p.clean


def test_an_opposition_is_never_a_proposal():
    (a,) = one("Parties [US oppose: shall] act.", "trade").annotations
    assert a.credited == () and positions(a) == {"oppose": ("USA",)}


def test_a_position_bracket_running_over_paragraphs_carries_all_its_words():
    doc = read("1. [AA propose: Each Party shall publish its measures.\n\n"
               "2. Each Party shall respond to enquiries.]\n\n3. Nothing else.", "trade")
    a = doc.paragraphs[0].annotations[0]
    assert a.proposed_text == ("Each Party shall publish its measures.\n"
                               "Each Party shall respond to enquiries.")
    assert doc.paragraphs[1].clean == "Each Party shall respond to enquiries.]"


def test_a_change_inside_a_position_credits_proposers_never_opposers():
    old = "1. Each Party shall publish its laws.\n"
    new = "1. Each Party [AA propose; CC oppose: shall endeavour to] publish its laws.\n"
    cmp = redline.compare_texts(old, new, conventions="trade", delegations=PARTIES)
    (ch,) = [c for _, c in cmp.changes]
    assert ch.delegations == ("AAA",)


def test_a_text_with_no_proposers_named_yields_no_attribution():
    old = "1. Parties shall [reduce][limit] emissions.\n\n2. Option 1: [shall]\n"
    new = "1. Parties shall [reduce] emissions [by 2030].\n\n2. Option 1: shall\n"
    cmp = redline.compare_texts(old, new, conventions="un", delegations=PARTIES)
    assert cmp.changes and all(c.delegations == () for _, c in cmp.changes)


# -- choosing a convention --------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("1. Promote rights (Agreed IM 11-5-2015)\n2. Protect (Proposed by US- 4-16-2015)\n", "oas"),
    ("Article 4\n\n4.1 Parties [shall][should] act.\n\nOption 1: text\n\nOption 2: more\n", "un"),
    ("1. Each Party [AA/BB propose; CC oppose: shall] act. [Negotiators' Note: x]\n", "trade"),
    ("A plain sentence with nothing to read.\n", "un"),
])
def test_auto_detects_the_convention(text, name):
    assert detect(text)[0].name == name
    assert redline.load_text(text, delegations=PARTIES).meta["conventions"] == name


def test_a_new_body_is_a_data_file(tmp_path):
    f = tmp_path / "body.toml"
    f.write_text('name = "body"\ndelegations = "' + str(PARTIES).replace("\\", "/") + '"\n'
                 'date_order = "dmy"\nshort_codes = true\n'
                 'families = ["party_note", "position", "status"]\n'
                 '[vocabulary.en.stances]\npropose = "tables?"\n', encoding="utf-8")
    conv = load_convention(f)
    assert conv.name == "body" and conv.date_order == "DMY"
    (a,) = one("Each Party [AA tables: shall] act.", str(f)).annotations
    assert positions(a) == {"propose": ("AAA",)}


@pytest.mark.parametrize("content, message", [
    ('name = "x"\nfamilies = ["nonsense"]\n', "unknown marker families"),
    ('name = "x"\nfamilies = []\ndate_order = "ymd"\n', "date_order"),
    ('families = []\n', "'name'"),
])
def test_a_bad_conventions_file_is_one_clear_error(tmp_path, content, message):
    f = tmp_path / "bad.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(RedlineError, match=message):
        read("Some text.", str(f))


def test_unknown_convention_name():
    with pytest.raises(RedlineError, match="no such conventions file or bundled convention"):
        read("Some text.", "nonesuch")


def test_a_reservation_by_a_party_not_on_the_list_still_leaves_the_text():
    p = one("Each Party shall report. [Ruritania wishes the following reservation to be "
            "recorded: none.]")
    (a,) = p.annotations
    assert (a.kind, a.delegations, a.credited) == ("note", (), ())
    assert p.clean == "Each Party shall report."


def test_read_and_annotations_say_which_convention_they_used(tmp_path):
    import json

    from click.testing import CliRunner

    from redline.cli import main

    f = tmp_path / "t.txt"
    f.write_text("1. Each Party [AU/NZ propose; US oppose: shall] act.\n", encoding="utf-8")
    run = CliRunner()
    out = run.invoke(main, ["read", str(f), "--format", "json"], standalone_mode=False).output
    body = json.loads(out)
    assert (body["schema"], body["conventions"], body["language"]) == ("redline/2", "trade", "en")
    (p,) = body["paragraphs"]
    assert p["text"] == "Each Party [shall] act." and p["address"] == "1"
    (a,) = p["annotations"]
    assert a["positions"] == [{"stance": "propose", "delegations": ["AUS", "NZL"]},
                              {"stance": "oppose", "delegations": ["USA"]}]
    table = run.invoke(main, ["annotations", str(f)], standalone_mode=False).output
    assert "(conventions: trade)" in table


@pytest.mark.parametrize("text", [
    "1. Each Party [AA propose CC oppose: shall notify] the others.",
    "1. Each Party [AA/BB propose;\nCC oppose: shall notify] the others.",
])
def test_position_headers_without_a_separator_or_wrapped_over_a_line(text):
    (a,) = one(text, "trade").annotations
    assert positions(a)["propose"][0] == "AAA" and positions(a)["oppose"] == ("CCC",)
    assert "[shall notify]" in one(text, "trade").clean


def test_a_conventions_numbering_is_data(tmp_path):
    f = tmp_path / "es.toml"
    f.write_text('name = "es-body"\ndelegations = "oas"\nfamilies = ["status"]\n'
                 '[numbering]\nheading_words = [["Título"], ["Artículo"]]\n'
                 'options = ["Opción"]\n', encoding="utf-8")
    doc = redline.load_text("Artículo 5\n\n1. Los Estados promoverán los derechos.\n\n"
                       "Opción 2:\n", conventions=str(f))
    assert [p.address for p in doc.paragraphs][:2] == ["Artículo 5", "Artículo 5.1"]
    default = redline.load_text("Artículo 5\n\n1. Los Estados promoverán los derechos.\n",
                           conventions="un")
    assert default.paragraphs[0].kind != "heading"


def test_a_bad_numbering_table_is_one_clear_error(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('name = "x"\nfamilies = []\n[numbering]\nlabels = ["(unclosed"]\n',
                 encoding="utf-8")
    with pytest.raises(RedlineError, match="numbering"):
        read("Some text.", str(f))


@pytest.mark.parametrize("text, conventions, clean", [
    # a stance is never proposed words
    ("1. Promote cooperation among all states (CAN opposes 11-18-2015).", "oas",
     "Promote cooperation among all states."),
    ("1. Promote cooperation (US reservation 4-16-2015).", "oas", "Promote cooperation."),
    ("1. Each Party acts. [US oppose the inclusion of this paragraph]", "trade",
     "Each Party acts."),
    ("1. Each Party acts. [MEX does not support 11-18-2015]", "oas", "Each Party acts."),
])
def test_oppositions_and_reservations_are_notes_never_text_or_credit(text, conventions, clean):
    (p,) = redline.load_text(text + "\n", conventions=conventions).paragraphs
    (a,) = p.annotations
    assert a.kind == "note" and a.credited == ()
    assert p.clean == clean


@pytest.mark.parametrize("text, conventions, words", [
    ("1. Invites Parties to submit views [Proposed by Brazil 12/06/2023: on Article 6.8] by "
     "1 May 2024.", "un", "on Article 6.8"),
    ("1. Protect migrants (Proposed by US: and observers 4-16-2015) now.", "oas",
     "and observers"),
])
def test_words_after_proposed_by_stay_in_the_text(text, conventions, words):
    (p,) = redline.load_text(text + "\n", conventions=conventions).paragraphs
    (a,) = p.annotations
    assert a.proposed_text == words and words in p.clean


@pytest.mark.parametrize("text", ["1. Share data (US$ 5,000 per year) with others.",
                                  "1. The Andean Community (CAN) and Mexico (MX) agree."])
def test_currencies_and_undated_bare_codes_are_text(text):
    (p,) = redline.load_text(text + "\n", conventions="oas").paragraphs
    assert p.annotations == () and p.clean == text[3:]


def test_a_change_in_a_later_paragraph_of_a_running_position_credits_its_proposers():
    old = "1. Each Party shall publish.\n\n2. Each Party shall respond.\n"
    new = ("1. [AA propose; CC oppose: Each Party shall publish.\n\n"
           "2. Each Party shall respond promptly.]\n")
    cmp = redline.compare_texts(old, new, conventions="trade", delegations=PARTIES)
    later = [c for p, c in cmp.changes if p.new_label == "2"]
    assert later and all(c.delegations == ("AAA",) for c in later)
    doc = read(new, "trade")
    assert doc.paragraphs[1].clean == "Each Party shall respond promptly.]"


def test_dates_in_drafts_follow_the_language_of_the_convention(tmp_path):
    """OAS English drafts are month-first; the Spanish, French and Portuguese ones day-first;
    a manifest's (or caller's) date_order overrides both."""
    from redline.annotate.convention import load_convention

    oas = load_convention("oas")
    assert [oas.date_order_for(lang) for lang in ("en", "es", "fr", "pt")] == [
        "MDY", "DMY", "DMY", "DMY"]
    f = tmp_path / "body.toml"
    f.write_text('name = "body"\ndelegations = "oas"\nfamilies = ["status"]\n'
                 '[date_order_by_language]\nen = "dmy"\n', encoding="utf-8")
    text = "1. Promote rights (Agreed 5-11-2015)\n"
    assert redline.load_text(text, conventions=f).paragraphs[0].annotations[0].date == \
        "2015-11-05"
    how = redline.api.settings(conventions=f, date_order="mdy")
    assert redline.load_text(text, reading=how).paragraphs[0].annotations[0].date == \
        "2015-05-11"
