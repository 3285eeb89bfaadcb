"""Paragraph alignment scored against generated pairs with known truth."""

from __future__ import annotations

import pytest
from synth import BOILERPLATE, corpus_paragraphs, make_pair, numbered

from redline.api import load
from redline.compare.align import align
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
    a, b = load(numbered(old)), load(numbered(new))
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
    old = load("24. Review migration practices regarding entry.\n\n"
               "25. Undertake efforts to harmonize migration requirements.\n")
    new = load("24. Review migration practices regarding entry.\n\n"
               "25. Promote the development of ties among communities abroad.\n\n"
               "26. Undertake efforts to harmonize migration requirements.\n")
    pairs = {(p.old, p.new): p for p in align(old.body, new.body)}
    assert pairs[((1,), (2,))].status == "unchanged"
    assert pairs[((), (1,))].status == "inserted"


def test_near_duplicates_do_not_cross_match(source):
    """Repeated boilerplate: deleting one copy must not shift the others or create moves."""
    body = [source[0], BOILERPLATE, source[1], BOILERPLATE, source[2], BOILERPLATE, source[3]]
    new = [source[0], BOILERPLATE, source[1], source[2], BOILERPLATE, source[3]]
    pairs = align(load(numbered(body)).body, load(numbered(new)).body)
    got = {(p.old, p.new, p.status) for p in pairs}
    assert ((3,), (), "deleted") in got or ((5,), (), "deleted") in got
    assert not any(p.status == "moved" for p in pairs)
    assert ((1,), (1,), "unchanged") in got and ((6,), (5,), "unchanged") in got


def test_a_moved_paragraph_with_an_edit(source):
    old = list(source[:12])
    new = old[:2] + old[3:10] + [old[2].replace("migrants", "all migrants", 1)] + old[10:]
    pairs = align(load(numbered(old)).body, load(numbered(new)).body)
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
