"""Word's tracked changes and comments become annotations: who made each change and what each
comment says, with the delegation list and an `[authors]` table; compare credits them."""

from __future__ import annotations

import pytest

import redline
from redline.annotate.document import Settings, annotate_source
from redline.model import Kind
from redline.read.source import Block, Comment, Revision, Source
from tests.conftest import FIXTURES

PARTIES = FIXTURES / "parties.toml"


def doc_of(blocks: list[Block], **settings):
    how = Settings(conventions="un", delegations=settings.pop("delegations", "un"), **settings)
    return annotate_source(Source(blocks, path="draft.docx", format="docx"), how)


def block(text: str, revisions=(), comments=()) -> Block:
    return Block(text, 1, Kind.NUMBERED, "3", revisions=list(revisions),
                 comments=list(comments))


TEXT = "Parties shall enhance adaptation action and support for developing countries."


def test_a_tracked_insertion_is_its_authors_proposal_and_stays_in_the_text():
    at = TEXT.index("and support")
    b = block(TEXT, [Revision("tracked-insert", at, at + len("and support"), "and support",
                              "Norway", "2015-12-04T10:00:00Z", id="7")])
    (p,) = doc_of([b]).paragraphs
    (a,) = p.annotations
    assert p.clean == TEXT  # the inserted words are draft text, not a marker
    assert (a.kind, a.source, a.author, a.date) == ("revision", "tracked-insert", "Norway",
                                                     "2015-12-04")
    assert a.credited == ("NOR",) and a.action == "insert"
    assert a.to_dict()["author"] == "Norway"


def test_a_deletion_the_reading_left_out_is_zero_width_at_its_place():
    at = TEXT.index(" for developing")
    b = block(TEXT, [Revision("tracked-delete", at, at, " urgently", "Japan", None)])
    (a,) = doc_of([b]).paragraphs[0].annotations
    assert (a.start, a.end, a.text, a.proposed_text, a.action) == (at, at, "", " urgently",
                                                                    "delete")


@pytest.mark.parametrize(("author", "authors", "credited"), [
    ("A. Person", (("A. Person", "JPN"),), ("JPN",)),  # the [authors] table
    ("Venezuela; Brazil", (), ("VEN", "BRA")),  # redline's own authors read back
    ("Author", (), ()),  # scrubbed: an author, no delegation
    ("redline", (), ()),
])
def test_authors_become_delegations(author, authors, credited):
    b = block(TEXT, [Revision("tracked-insert", 0, 7, "Parties", author, None)])
    (a,) = doc_of([b], authors=authors).paragraphs[0].annotations
    assert a.credited == credited and a.author == author


@pytest.mark.parametrize(("said", "stances"), [
    ("Norway: the section lacks clarity", [("note", ["NOR"])]),
    ("LMDC: delete the whole section", [("propose", ["LMDC"])]),
    ("US: proposed language: enhanced action", [("propose", ["USA"])]),
    ("Norway in alignment with EU and Switzerland: support this text",
     [("support", ["NOR", "EU", "CHE"])]),
])
def test_comments_say_who_stands_where(said, stances):
    b = block(TEXT, comments=[Comment("1", said, 0, 7, "Secretariat", "2015-12-05T09:00:00Z")])
    (a,) = doc_of([b]).paragraphs[0].annotations
    assert a.kind == "comment" and a.source == "comment" and a.text == said
    got = [(s["stance"], s["delegations"]) for s in a.to_dict()["positions"]]
    assert got == stances


def test_a_comment_without_a_speaker_is_its_authors():
    b = block(TEXT, comments=[Comment("2", "Please check the reference", 0, 7, "Japan",
                                      None, reply_to="1", resolved=True)])
    (a,) = doc_of([b]).paragraphs[0].annotations
    assert a.delegations == ("JPN",) and a.reply_to == "1" and a.resolved
    assert not a.credited  # a note credits nothing


def test_compare_credits_the_author_of_a_tracked_change():
    old = doc_of([block("Parties shall enhance adaptation action urgently.")])
    new_text = "Parties shall enhance adaptation action and support."
    at = new_text.index("and support")
    new = doc_of([block(new_text, [
        Revision("tracked-insert", at, at + 11, "and support", "Norway", "2015-12-04T10:00Z"),
        Revision("tracked-delete", at + 11, at + 11, " urgently", "Japan", "2015-12-04T11:00Z"),
    ])])
    cmp = redline.compare(old, new, conventions="un", delegations="un")
    got = {(c.kind, c.old_text.strip(), c.new_text.strip()): c.delegations
           for _, c in cmp.changes}
    assert ("NOR",) in got.values()
    assert any(d == ("JPN",) for (_, old_w, _), d in got.items() if "urgently" in old_w)
