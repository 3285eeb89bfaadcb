"""Paragraph alignment scored against generated pairs with known truth."""

from __future__ import annotations

import pytest
from synth import BOILERPLATE, corpus_paragraphs, make_pair, numbered

import redline
from redline.api import load, load_text
from redline.compare.align import LABEL_MIN, _contains, _ratio, _Text, align
from tests.conftest import REVISIONS


@pytest.fixture(scope="module")
def source():
    return corpus_paragraphs(REVISIONS / "2016-01.txt")


def score(pairs, truth):
    pred = {(p.old[0], p.new[0]) for p in pairs
            if len(p.old) == 1 and len(p.new) == 1 and p.old and p.new}
    true = set(truth.pairs.items())
    tp = len(pred & true)
    return tp / max(1, len(pred)), tp / max(1, len(true))


@pytest.mark.parametrize(("n", "seed"), [(200, 1), (400, 2), (900, 3), (1500, 4)])
def test_precision_recall_and_no_false_moves(source, n, seed):
    old, new, truth = make_pair(source, n, seed, move_rate=0.02, split_rate=0.004)
    a, b = load_text(numbered(old)), load_text(numbered(new))
    pairs = align(a.body, b.body)
    precision, recall = score(pairs, truth)
    assert precision >= 0.98 and recall >= 0.98, (precision, recall)
    false_moves = [p for p in pairs if p.status == "moved" and p.old[0] not in truth.moved]
    assert false_moves == []
    found_moves = {p.old[0] for p in pairs if p.status == "moved"}
    assert len(found_moves) >= 0.8 * len(truth.moved)
    for old_i, (j1, j2) in truth.split.items():
        if j2 != j1 + 1:
            continue  # a moved paragraph landed between the two halves: not a split any more
        assert any(p.status == "split" and p.old == (old_i,) and p.new == (j1, j2)
                   for p in pairs), old_i
    # every paragraph of both versions appears exactly once
    assert sorted(i for p in pairs for i in p.old) == list(range(len(old)))
    assert sorted(j for p in pairs for j in p.new) == list(range(len(new)))


def test_renumbered_paragraph_is_the_same_paragraph():
    old = load_text("24. Review migration practices regarding entry.\n\n"
               "25. Undertake efforts to harmonize migration requirements.\n")
    new = load_text("24. Review migration practices regarding entry.\n\n"
               "25. Promote the development of ties among communities abroad.\n\n"
               "26. Undertake efforts to harmonize migration requirements.\n")
    pairs = {(p.old, p.new): p for p in align(old.body, new.body)}
    assert pairs[((1,), (2,))].status == "unchanged"
    assert pairs[((), (1,))].status == "inserted"


def test_near_duplicates_do_not_cross_match(source):
    """Repeated boilerplate: deleting one copy must not shift the others or create moves."""
    body = [source[0], BOILERPLATE, source[1], BOILERPLATE, source[2], BOILERPLATE, source[3]]
    new = [source[0], BOILERPLATE, source[1], source[2], BOILERPLATE, source[3]]
    pairs = align(load_text(numbered(body)).body, load_text(numbered(new)).body)
    got = {(p.old, p.new, p.status) for p in pairs}
    assert ((3,), (), "deleted") in got or ((5,), (), "deleted") in got
    assert not any(p.status == "moved" for p in pairs)
    assert ((1,), (1,), "unchanged") in got and ((6,), (5,), "unchanged") in got


def test_a_moved_paragraph_with_an_edit(source):
    old = list(source[:12])
    new = old[:2] + old[3:10] + [old[2].replace("migrants", "all migrants", 1)] + old[10:]
    pairs = align(load_text(numbered(old)).body, load_text(numbered(new)).body)
    moved = [p for p in pairs if p.status == "moved"]
    assert [(p.old, p.new) for p in moved] == [((2,), (9,))]


def test_corpus_versions_align_by_pass(source):
    a, b = load(REVISIONS / "2015-11.txt"), load(REVISIONS / "2016-01.txt")
    pairs = align(a.body, b.body)
    by = {p.new: p for p in pairs if p.new}
    actors = next(j for j, p in enumerate(b.body) if p.clean == "THE PROGRAM ACTORS")
    assert by[(actors,)].match == "label" and by[(actors,)].status == "modified"
    assert not any(p.status in ("moved", "split", "merged") for p in pairs)


def test_a_quoted_original_does_not_steal_the_paragraph_it_quotes():
    """2005's ¶ 18 is 2015-04's ¶ 18 (reworded), not the unlabelled quotation of its text."""
    a, b = load(REVISIONS / "2005.txt"), load(REVISIONS / "2015-04.txt")
    pairs = align(a.body, b.body)
    i18 = next(i for i, p in enumerate(a.body) if p.label == "18")
    (pair,) = [p for p in pairs if p.old == (i18,)]
    assert b.body[pair.new[0]].label == "18" and pair.status == "modified"
    quote = next(j for j, p in enumerate(b.body) if p.clean.startswith("Consider the signing")
                 and not p.label)
    assert any(p.new == (quote,) and p.status == "inserted" for p in pairs)


# -- UN drafts: addresses as evidence, options, chapeaux, identical texts ----------------------

def pairs_of(old_text, new_text):
    a, b = load_text(old_text).body, load_text(new_text).body
    return a, b, align(a, b)


def test_a_paragraph_rewritten_under_its_number_in_its_article_is_the_same_paragraph():
    a, b, pairs = pairs_of(
        "Article 4\n\n7. Each Party shall submit an adaptation communication, which may include "
        "its priorities, needs and plans.\n",
        "Article 4\n\n7. Each Party should, as appropriate, periodically submit and update an "
        "adaptation communication on its priorities and actions.\n")
    (p,) = [p for p in pairs if p.old and a[p.old[0]].label == "7"]
    assert p.new and b[p.new[0]].address == "Article 4.7"
    assert (p.status, p.match) == ("modified", "label") and p.score < 50


def test_a_paragraph_renumbered_from_3_3bis_to_3bis_keeps_its_address():
    _, _, pairs = pairs_of(
        "Article 3\n\n3.3bis Developing country Parties should undertake enhanced mitigation "
        "actions in a measurable manner.\n",
        "Article 3\n\n3bis. Developing country Parties should undertake mitigation efforts, "
        "supported by finance and technology.\n")
    (p,) = [p for p in pairs if p.old == (1,)]
    assert p.new == (1,) and p.match == "label"


OPTIONS_OLD = ("Article 2bis\n\nOption 1:\n\n1. All Parties shall regularly prepare and "
               "communicate nationally determined contributions towards the purpose.\n\n"
               "2. Each Party's nationally determined contribution will represent a progression "
               "over time.\n\nOption 2:\n\nNo text\n")
OPTIONS_NEW = ("Article 2bis\n\nOption 1:\n\n1. All Parties shall undertake efforts defined in "
               "Articles 3 to 9 towards the purpose of this Agreement.\n\nOption 2:\n\n"
               "1. All Parties shall regularly prepare and communicate their nationally "
               "determined contributions towards the purpose.\n\n2. Each Party's nationally "
               "determined contribution will represent a progression beyond its previous efforts "
               "over time.\n")


def test_an_option_tag_anchors_nothing_and_is_never_a_move():
    a, b, pairs = pairs_of(OPTIONS_OLD, OPTIONS_NEW)
    by_old = {a[p.old[0]].address: p for p in pairs if p.old}
    # the old option 1 lives on as the new option 2, across the `Option 2:` line
    assert b[by_old["Article 2bis.1"].new[0]].address == "Article 2bis.1#2"
    assert b[by_old["Article 2bis.2"].new[0]].address == "Article 2bis.2"
    assert by_old["Article 2bis.1"].status == "modified"
    tag = [p for p in pairs if p.old and a[p.old[0]].clean == "Option 2:"]
    assert [(p.status, b[p.new[0]].clean) for p in tag] == [("unchanged", "Option 2:")]
    assert not any(p.status == "moved" for p in pairs)


def test_a_chapeau_pairs_with_the_option_it_opens():
    long = ("a peaking of global greenhouse gas emissions as soon as possible, recognizing that "
            "peaking will take longer for developing country Parties, and rapid reductions "
            "thereafter in accordance with best available science, so as to achieve a balance "
            "between emissions and removals in the second half of this century")
    a, b, pairs = pairs_of(
        "Article 3\n\n1. Collective long-term goal\n\nParties collectively aim to reach the "
        "global temperature goal referred to in Article 2 through:\n\n(a) a peaking of global "
        "greenhouse gas emissions;\n\n(b) rapid reductions thereafter;\n",
        "Article 3\n\n1. Collective long-term goal\n\nOption 1: Parties collectively aim to "
        f"reach the global temperature goal referred to in Article 2 through {long}.\n\n"
        "Option 2: Parties aim for a long-term low-emission transformation this century.\n")
    chapeau = next(i for i, p in enumerate(a) if p.clean.endswith("through:"))
    (p,) = [p for p in pairs if p.old == (chapeau,)]
    assert p.status == "modified" and b[p.new[0]].clean.startswith("Option 1: Parties")
    assert any(p.status == "inserted" and b[p.new[0]].clean.startswith("Option 2") for p in pairs)


def test_identical_texts_always_pair_and_short_ones_never_move():
    text = "The secretariat shall maintain a public registry of the contributions of Parties."
    a, b, pairs = pairs_of(
        f"Article 9\n\nNo text\n\n1. {text}\n\nOption 2:\n\n2. Parties shall report every two "
        f"years on their emissions.\n\nHousing\n\n3. {text}\n",
        f"Article 9\n\nHousing\n\n1. {text}\n\n2. Parties shall report every two years on their "
        f"emissions.\n\nNo text\n\nOption 2:\n\n3. {text}\n")
    assert not any(p.status in ("inserted", "deleted") for p in pairs)
    assert all(p.status == "unchanged" for p in pairs)
    for p in pairs:
        assert a[p.old[0]].clean == b[p.new[0]].clean


def test_an_identical_long_paragraph_out_of_order_is_a_move_even_when_repeated():
    one = "Parties shall cooperate in the implementation of their contributions, in particular."
    two = "The outcome of the stocktake shall inform Parties in updating their actions and support."
    three = "Each Party shall provide the information necessary for clarity and transparency."
    _, _, pairs = pairs_of(f"1. {one}\n\n2. {two}\n\n3. {three}\n\n4. {one}\n",
                           f"1. {two}\n\n2. {three}\n\n3. {one}\n\n4. {one}\n")
    assert not any(p.status in ("inserted", "deleted") for p in pairs)
    assert [p.status for p in pairs].count("moved") == 1


# -- a paragraph grown under its number, or cut down -----------------------------------------

GROWN = ("1. The Parties shall cooperate, in accordance with their national circumstances and "
         "capabilities, to promote safe, orderly and regular migration, to strengthen the "
         "capacities of consular networks, to share good practices on the integration of "
         "migrants and their families, and to combat trafficking in persons and the smuggling "
         "of migrants (Proposed by CAN- 3-1-2016)\n")
SEED = "1. The Parties shall cooperate.\n"
NEXT = ("2. The Parties shall exchange information on migration flows and on the protection of "
        "migrants.\n")


def test_a_paragraph_grown_under_its_number_is_one_paragraph_modified():
    """Its old words stand in the new text, however low the similarity of the two: one
    paragraph modified, its new words credited to the proposal, not a delete and an insert."""
    cmp = redline.compare_texts(SEED + NEXT, GROWN + NEXT)
    first, second = cmp.paragraphs
    assert (first.status, first.match) == ("modified", "label") and first.score < LABEL_MIN
    assert (first.old_address, first.new_address) == ("1", "1")
    (c,) = first.changes
    assert c.new_text.startswith(", in accordance") and c.delegations == ("CAN",)
    assert second.status == "unchanged"


def test_a_paragraph_cut_down_under_its_number_is_one_paragraph_modified():
    cmp = redline.compare_texts(GROWN + NEXT, SEED + NEXT)
    first = cmp.paragraphs[0]
    assert (first.status, first.match) == ("modified", "label")
    assert [c.kind for c in first.changes] == ["replace"] and first.changes[0].new_text == "."


def test_containment_pairs_only_the_same_number_in_the_same_place():
    """The same words under another number, the same number elsewhere (another section), a
    short text whose few words prove nothing, or another text under the same number: no pair."""
    other = ("1. Member states shall report every two years on the measures taken to implement "
             "this Program, including the resources allocated to it.\n")
    _, _, pairs = pairs_of(SEED + NEXT, other + NEXT)
    assert {p.status for p in pairs if p.old == (0,) or p.new == (0,)} == {"deleted", "inserted"}
    _, _, pairs = pairs_of(SEED + NEXT, NEXT.replace("2.", "1.") + GROWN.replace("1.", "2."))
    assert not any(p.old == (0,) and p.new == (1,) for p in pairs)
    _, _, pairs = pairs_of("A. PURPOSES\n\n" + SEED + "B. MEANS\n\n" + NEXT,
                           "A. PURPOSES\n\n" + NEXT + "B. MEANS\n\n" + GROWN)
    assert not any(p.old == (1,) and p.new and p.new[0] == 3 for p in pairs)
    _, _, pairs = pairs_of("1. Cooperation.\n" + NEXT,
                           "1. Cooperation among member states on the protection of all "
                           "migrants and their families shall be strengthened.\n" + NEXT)
    assert {p.status for p in pairs if p.old == (0,) or p.new == (0,)} == {"deleted", "inserted"}


def test_containment_is_read_without_punctuation_or_case():
    a, b = load_text(SEED).body, load_text(GROWN).body
    assert _contains(_Text(a[0].clean), _Text(b[0].clean)) == 100.0
    assert _contains(_Text(b[0].clean), _Text(a[0].clean)) == 100.0
    assert _ratio(_Text(a[0].clean), _Text(b[0].clean)) < LABEL_MIN
