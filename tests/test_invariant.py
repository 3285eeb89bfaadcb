"""Reading never alters the draft: only whole recognised markers leave the clean text.

For random drafts built from real sentences, bracketed draft text, acronyms, options and the
markers of each convention, every word and bracket of the raw text outside the recognised
markers is in the clean text, in order, and every clean character maps back into the raw text.
"""

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import redline

PARTIES = Path(__file__).parent / "fixtures" / "parties.toml"
SENTENCES = [
    "Each Party shall prepare, communicate and maintain successive contributions",
    "Parties shall pursue domestic mitigation measures, with the aim of achieving the "
    "objectives of such contributions",
    "Promote the development of ties among communities of migrants",
    "Consider the signing and ratification of the relevant instruments",
    "Developed country Parties should continue taking the lead",
    "Support shall be provided to developing country Parties for the implementation",
    "Each Party shall, upon request, respond to enquiries",
    "the least developed countries and small island developing States",
]
DRAFT_BRACKETS = ["[LDCs and SIDS]", "[CO2[e]]", "[shall][should]", "{placeholder}",
                  "[, including forests,]", "[2025][2030]", "(Option 1)", "certified units (CU)",
                  "the Kyoto Protocol (KP)", "Option 2:", "Alt 3:", "(a)", "[X]"]
MARKERS = {
    "oas": ["(Agreed IM 11-5-2015)", "(Proposed by US- 4-16-2015)", "(PENDING)",
            "[CAN as appropriate 11-18-2015]", "(VEN people of African descent, IM-11-5-2015)",
            "(Approved 5-7-2015)"],
    "un": ["[Freedonia wishes the following reservation to be recorded: none.]",
           "(G77 internal note: check)", "[AA propose: shall]", "[US oppose: may]"],
    "trade": ["[AA/BB propose; CC oppose: shall endeavour to]", "[DD propose: may]",
              "[Negotiators' Note: to be revisited.]", "[AA: Negotiator's Note: confirm.]"],
}
TOKEN = re.compile(r"\w+|[\[\]{}()]")


def drafts(conventions: str):
    piece = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(DRAFT_BRACKETS),
                      st.sampled_from(MARKERS[conventions]))
    paragraph = st.lists(piece, min_size=1, max_size=8).map(lambda xs: " ".join(xs) + ".")
    return st.lists(paragraph, min_size=1, max_size=5).map(
        lambda ps: "\n\n".join(f"{k}. {p}" for k, p in enumerate(ps, start=1)) + "\n")


def outside_markers(p) -> str:
    """The raw text with each marker's removed part blanked (the words it keeps stay)."""
    chars = list(p.raw)
    for a in p.annotations:
        keep = set()
        for ks, ke in a.kept:
            keep.update(range(ks, ke))
        for i in range(a.start, a.end):
            if i not in keep:
                chars[i] = " "
    return "".join(chars)


def check(doc) -> None:
    for p in doc.paragraphs:
        for a in p.annotations:
            assert p.raw[a.start:a.end] == a.text
        assert TOKEN.findall(outside_markers(p)) == TOKEN.findall(p.clean), p.raw
        for i, ch in enumerate(p.clean):
            at = p.raw_offset(i)
            assert 0 <= at < len(p.raw)
            assert p.raw[at] == ch or (ch == " " and p.raw[at].isspace()), (p.raw, i)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["oas", "un", "trade"]).flatmap(
    lambda c: st.tuples(st.just(c), drafts(c))))
def test_clean_text_is_the_raw_text_minus_whole_markers(case):
    conventions, text = case
    check(redline.load_text(text, conventions=conventions, delegations=PARTIES))


@settings(max_examples=60, deadline=None)
@given(drafts("un"))
def test_the_invariant_holds_whatever_convention_reads_a_draft(text):
    for conventions in ("oas", "un", "trade"):
        check(redline.load_text(text, conventions=conventions, delegations=PARTIES))
