"""The marker grammar: every marker form of the seed, and what is never a marker."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.annotate.document import grammar_for
from tests.conftest import find

# (marker as found in the seed, kind, status, delegations, date, proposed_text)
SEED_MARKERS = [
    ("(Agreed – 12/07/2015)", "status", "agreed", [], "2015-12-07", None),
    ("(Approved -5-7-2015)", "status", "approved", [], "2015-05-07", None),
    ("Approved 5-7-2015)", "status", "approved", [], "2015-05-07", None),
    ("(Agreed IM 11-12-2015)", "status", "agreed", [], "2015-11-12", None),
    ("(Agreed IM - 11-5-2015)", "status", "agreed", [], "2015-11-05", None),
    ("(Agreed IM-4-23-2015)", "status", "agreed", [], "2015-04-23", None),
    ("(Agreed 11-5-2015)", "status", "agreed", [], "2015-11-05", None),
    ("(Approved Ad. Ref. of quorum- 11-18-2015)", "status", "ad_referendum", [], "2015-11-18",
     None),
    ("(Approved Ad. Ref. of quorum 11-18-15)", "status", "ad_referendum", [], "2015-11-18",
     None),
    ("(Approved Ad. Ref. of quorum 11-18-15 15)", "status", "ad_referendum", [], "2015-11-18",
     None),
    ("(Pending 11-5-2015)", "status", "pending", [], "2015-11-05", None),
    ("(PENDING)", "status", "pending", [], None, None),
    ("(Pending consultations with Legal", "status", "pending", [], "2015-11-12", None),
    ("Agreed ad referendum of quorum – 1/19/2016)", "status", "ad_referendum", [],
     "2016-01-19", None),
    ("Approved ad referendum of quorum- 1-19-2016", "status", "ad_referendum", [],
     "2016-01-19", None),
    ("(Agreed ad referendum. US & CAN IM 4-23-2015)", "status", "ad_referendum",
     ["USA", "CAN"], "2015-04-23", None),
    ("(Agreed IM 11-5-2015 ad referendum PY-CR)", "status", "ad_referendum", ["PRY", "CRI"],
     "2015-11-05", None),
    ("(Proposed by CAN-US-PY 4-17-2015)", "proposal", None, ["CAN", "USA", "PRY"],
     "2015-04-17", None),
    ("(Proposed by US- 4-16-2015 terminology", "proposal", None, ["USA"], "2015-04-16", None),
    ("(Proposed by BR-EC-PER -4-16-2015)", "proposal", None, ["BRA", "ECU", "PER"],
     "2015-04-16", None),
    ("(Proposed by CHILE 4-16-2015)", "proposal", None, ["CHL"], "2015-04-16", None),
    ("(Proposed by BR 4-6-2015)", "proposal", None, ["BRA"], "2015-04-06", None),
    ("(US4-23-2015)", "attribution", None, ["USA"], "2015-04-23", None),
    ("(US-4-16-2015)", "attribution", None, ["USA"], "2015-04-16", None),
    ("(BR IM 11-5-2015)", "attribution", None, ["BRA"], "2015-11-05", None),
    ("BR/ARG", "attribution", None, ["BRA", "ARG"], None, None),
    ("[CAN as appropriate 11-18-2015]", "proposal", None, ["CAN"], "2015-11-18",
     "as appropriate"),
    ("(BR 11-5-2015 including)", "proposal", None, ["BRA"], "2015-11-05", "including"),
    ("(BR effective and 11-5-2015)", "proposal", None, ["BRA"], "2015-11-05", "effective and"),
    ("(VEN people of African descent, IM-11-5-2015)", "proposal", None, ["VEN"], "2015-11-05",
     "people of African descent"),
    ("(ARG LGBTI persons 11-5-2015)", "proposal", None, ["ARG"], "2015-11-05", "LGBTI persons"),
    ("(ARG authorized regular)", "proposal", None, ["ARG"], None, "authorized regular"),
    ("[CR and migrants]", "proposal", None, ["CRI"], None, "and migrants"),
    ("[MEX-ES eliminate by employers and migrants]", "proposal", None, ["MEX", "SLV"], None,
     "by employers and migrants"),
    ("[relevant stakeholders MEX the parties concerned]", "proposal", None, ["MEX"], None,
     "the parties concerned"),
    ("(CHAIR - CAM: including those who are in vulnerable situations. End paragraph here) "
     "1-19-2016)", "proposal", None, ["CHAIR"], "2016-01-19",
     "including those who are in vulnerable situations."),
    ("(CHAIR-CAM:  persons who have been subjected to these conducts. 1-19-2016)", "proposal",
     None, ["CHAIR"], "2016-01-19", "persons who have been subjected to these conducts."),
    ("(US: inform those considering migration", "proposal", None, ["USA"], None,
     "inform those considering migration of the potential risks and consequences of doing so "
     "unlawfully,"),
    # nested in the US proposal of 1-19-2016: proposed that day
    ("(VEN: and other social actors)", "proposal", None, ["VEN"], "2016-01-19",
     "and other social actors"),
    ("COL: Promote migrant regularization", "proposal", None, ["COL"], "2015-11-17", None),
    ("USA:  Intensify efforts", "proposal", None, ["USA"], "2016-01-19", None),
    ("BR: Warn migrants", "proposal", None, ["BRA"], "2016-01-19", None),
    ("AR: Promote consular assistance", "proposal", None, ["ARG"], "2016-01-21", None),
    ("ALTERNATIVE PROPOSAL BY CAN 11-5-2015", "proposal", None, ["CAN"], "2015-11-05", None),
    ("ALTERNATIVE PROPOSAL DELEGATION OF ARG: (11-5-2015)", "proposal", None, ["ARG"],
     "2015-11-05", None),
    ("ALT PROPOSAL BY ARG", "proposal", None, ["ARG"], None, None),
    ("Proposal presented by the delegation of the United States on 12/07/2015", "proposal",
     None, ["USA"], "2015-12-07", None),
    ("(PY supports language proposed by US", "note", None, ["PRY", "USA"], "2015-11-05", None),
    ("(The US rescinds its request", "note", "withdrawn", ["USA"], "2015-04-24", None),
    ("(US requests clarification on this paragraph – 4-24-2015", "note", None, ["USA"],
     "2015-04-24", None),
    ("(CAN-needs clarification", "note", None, ["CAN"], "2015-04-24", None),
    ("(Paraguay in consultations)", "note", None, ["PRY"], None, None),
    ("[Paraguay consulting about", "note", None, ["PRY"], None, None),
    ("CR suggested revising the IACML language", "note", None, ["CRI"], None, None),
    ("(Agents adjusted as per decision of 12/07/2015)", "editorial", None, [], "2015-12-07",
     None),
    ("(Title adjusted as per decision of 12/07/2015)", "editorial", None, [], "2015-12-07",
     None),
    ("[Paragraph moved from section VII", "editorial", None, [], None, None),
    ("(The original 2005 paragraph reads:)", "editorial", None, [], None, None),
]


@pytest.mark.parametrize(("marker", "kind", "status", "dels", "date", "proposed"), SEED_MARKERS,
                         ids=[m[0][:40] for m in SEED_MARKERS])
def test_every_seed_marker_form(doc_2016, marker, kind, status, dels, date, proposed):
    para, ann = find(doc_2016, marker)
    assert ann.kind == kind
    assert (ann.status or None) == status
    assert list(ann.delegations) == dels
    assert ann.date == date
    if proposed is not None or kind != "proposal" or marker.startswith(("(Proposed", "ALT")):
        assert ann.proposed_text == proposed
    assert para.raw[ann.start:ann.end] == ann.text


def test_head_proposals_carry_the_whole_paragraph(doc_2016):
    para, ann = find(doc_2016, "COL: Promote")
    assert ann.heads_paragraph and ann.proposed_text.startswith("Promote migrant regularization")
    assert para.clean.startswith("Promote migrant") and "11-17-2015" not in para.clean
    para, ann = find(doc_2016, "AR: Promote consular")
    assert ann.proposed_text.endswith("liaison officer networks.")


def test_the_ad_referendum_marker_after_the_argentine_alternative_is_seen(doc_2016):
    para, _ = find(doc_2016, "ALTERNATIVE PROPOSAL DELEGATION OF ARG")
    assert para.clean.startswith("[Explore in greater depth] Intensify the study")
    assert str(para.status) == "ad_referendum"


@pytest.mark.parametrize("text", [
    "Inter-American Commission on Human Rights (IACHR)",
    "Inter-American Commission of Women (CIM)",
    "Pan American Health Organization (PAHO)",
    "Committee on Migration Issues (CIDI-CAM)",
    "through resolution AG/RES. 2141 (XXXV-O/05), adopted the Program",
    "[Mandate from resolution AG/RES. 2738 (XLII-O/12)].",
    "as well as to (combat) xenophobia, discrimination, and intolerance.",
    "Conduct programs to promote (facilitate) regular migration.",
    "(Annex III Diagnostic Formats for the Inter-American Program)",
    "(Presented by the Chair and Vice-Chair of the Committee on Migration Issues (CAM) for "
    "consideration of the member states)",
    "the informal meeting (IM) of the working group",
    "We can do it and the US can too, as can Canada.",
    "(the UNHCR’s Special Rapporteur on the human rights of migrants), IOM, ILO, IDB",
])
def test_never_annotations(text):
    assert grammar_for().parse(text) == []


def test_im_is_never_a_delegation(doc_2016):
    for p in doc_2016.paragraphs:
        for a in p.annotations:
            assert "IM" not in a.delegations


def test_every_offset_points_at_its_marker(doc_2016, seed_agenda):
    from redline.api import load

    for doc in (doc_2016, load(seed_agenda)):
        for p in doc.paragraphs:
            for a in p.annotations:
                assert 0 <= a.start < a.end <= len(p.raw)
                assert p.raw[a.start:a.end] == a.text
                for ks, ke in a.kept:
                    assert a.start <= ks < ke <= a.end


def test_clean_text_keeps_proposed_words_and_drops_markers(doc_2016):
    para, _ = find(doc_2016, "(VEN people of African descent")
    assert "repatriates, people of African descent, persons with disabilities, LGBTI persons " \
           "and any other vulnerable groups." in para.clean
    assert "IM-11-5-2015" not in para.clean and "(PENDING)" not in para.clean


def test_a_registry_from_another_body_replaces_the_oas_one(tmp_path):
    from redline.annotate.delegations import load

    f = tmp_path / "eu.toml"
    f.write_text('[[delegation]]\ncode = "DEU"\nname = "Germany"\ncodes = ["DE"]\n'
                 '[[delegation]]\ncode = "FRA"\nname = "France"\ncodes = ["FR"]\n')
    g = grammar_for(load(f))
    anns = g.parse("Member states shall cooperate (DE-FR 3-2-2021) closely (Proposed by US).")
    assert [a.delegations for a in anns] == [("DEU", "FRA")]


def test_dates_in_every_form():
    g = grammar_for()
    for text, iso in [("(Agreed 4-16-2015)", "2015-04-16"), ("(Agreed 12/07/2015)", "2015-12-07"),
                      ("(Agreed 11-18-15)", "2015-11-18"), ("(Agreed 1/19/2016)", "2016-01-19"),
                      ("(Agreed 25-12-2015)", "2015-12-25")]:
        assert g.parse(text)[0].date == iso


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("()[]-–:/ ,.AGREDUSCNVPYIMabcde0123456789\n")),
               max_size=200))
def test_parser_never_crashes_and_offsets_stay_inside(text):
    for a in grammar_for().parse(text):
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start:a.end] == a.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_crashes_on_any_text(text):
    from redline.annotate.document import document_from_text

    doc = document_from_text(text)
    for p in doc.paragraphs:
        for a in p.annotations:
            assert p.raw[a.start:a.end] == a.text
        for k, ch in enumerate(p.clean):  # every clean character traces back to the raw text
            r = p.raw_offset(k)
            assert 0 <= r < len(p.raw)
            assert ch == p.raw[r] or (ch == " " and (p.raw[r].isspace() or r + 1 < len(p.raw)))


@pytest.mark.parametrize("text", [
    "(Agreed 1-1-2015) " * 3000,
    "(" * 20000 + " 1-1-2015",
    "(US " * 10000,
    "[" * 3000 + ")" * 3000,
    "(a" * 3000 + "]" * 3000,
])
def test_hostile_bracket_soup_is_parsed_in_bounded_work(text):
    anns = grammar_for().parse(text)
    for a in anns:
        assert text[a.start:a.end] == a.text
    assert len(anns) <= text.count("(") + text.count("[")


def test_another_language_is_a_vocabulary_not_a_code_change():
    from dataclasses import replace

    from redline.annotate.delegations import load
    from redline.annotate.grammar import ENGLISH, Grammar

    spanish = replace(ENGLISH, language="es", agreed="Acordado|ACORDADO",
                      approved="Aprobado|APROBADO", pending="Pendiente|PENDIENTE",
                      proposed_by=r"Propuesto\s+por", on="el")
    g = Grammar(load(), date_order="DMY", vocabulary=spanish)
    prop, status = g.parse("Promover la protección consular (Propuesto por MEX 16-4-2015) "
                           "(Acordado 5-11-2015)")
    assert (prop.kind, prop.delegations, prop.date) == ("proposal", ("MEX",), "2015-04-16")
    assert (status.status, status.date) == ("agreed", "2015-11-05")


def test_a_marker_never_takes_the_texts_punctuation(doc_2016):
    """Paragraph 18 keeps `, including those of women` after the Chair's marker."""
    para, _ = find(doc_2016, "End paragraph here")
    assert "vulnerable situations., including those of women, children" in para.clean


def test_end_paragraph_here_proposes_deleting_the_rest_and_keeps_it(doc_2016):
    para, ann = find(doc_2016, "End paragraph here")
    assert ann.action == "replace" and ann.credited == ("CHAIR",)
    assert ann.deletes.startswith(", including those of women")
    assert ann.deletes.endswith("and any other vulnerable groups.")
    assert para.clean.endswith(ann.deletes)  # still in the text: only proposed
    assert para.raw[ann.target[0]:ann.target[1]].startswith(", including those of women")


def test_a_named_deletion_finds_its_words_in_the_text(doc_2016):
    para, ann = find(doc_2016, "[MEX-ES eliminate")
    assert (ann.action, ann.deletes, ann.credited) == ("delete", "by employers and migrants",
                                                       ("MEX", "SLV"))
    assert "by employers and migrants" in para.clean
    assert ann.to_dict()["proposed_deletion"] == "by employers and migrants"


def test_words_a_deletion_names_but_the_text_lacks_get_no_target():
    from redline.api import load_text

    doc = load_text("Promote the rights of migrants. [MEX eliminate unicorns 11-5-2015]\n")
    (ann,) = doc.paragraphs[0].annotations
    assert ann.action == "delete" and ann.target is None and ann.deletes is None
