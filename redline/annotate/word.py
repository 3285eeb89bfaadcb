"""Word's tracked changes and comments as annotations: whose delegation made each change, and
what each comment says a Party wants.

A tracked change is a proposal of its author's delegation. Authors are people, often the
secretariat's staff: an `[authors]` table (manifest or delegation list, `"A. Person" = "JPN"`)
names their delegation first; else each `; `-separated part of the author (redline writes
`Venezuela; Brazil`) is looked up among the list's names and codes; else the change has an
author and no delegation. A comment names its speakers (`Norway: the section lacks clarity`,
`LMDC: delete the whole section`, `US: proposed language: ...`, `Norway in alignment with EU
and Switzerland: ...`); without one, its author's delegation speaks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from redline.annotate.delegations import Registry
from redline.annotate.grammar import Grammar
from redline.model import Annotation, MarkerKind
from redline.read.source import Block, Comment, Revision

_ACTIONS = {"tracked-insert": "insert", "tracked-move-to": "insert",
            "tracked-delete": "delete", "tracked-move-from": "delete"}
_TEXTUAL = frozenset(_ACTIONS)  # revisions that change words; marks, rows and formats do not
_SPEAKERS_END = re.compile(r"\s*[:–—]\s*|\s+-\s+")
_JOINERS = re.compile(r"\s*(?:,|/|;|&|\band\b|\bin alignment with\b|\baligned with\b|"
                      r"\bon behalf of\b|\bsupported by\b|\bwith\b)\s*", re.IGNORECASE)


def word_annotations(block: Block, grammar: Grammar,
                     authors: Mapping[str, str]) -> list[Annotation]:
    """The block's tracked changes and comments as annotations (offsets into its text)."""
    out = [_revision(r, block.text, grammar.registry, authors) for r in block.revisions]
    out += [_comment(c, grammar, authors) for c in block.comments]
    return out


def author_delegations(author: str | None, registry: Registry,
                       authors: Mapping[str, str]) -> tuple[str, ...]:
    """The delegations an author stands for: the `[authors]` table, else the names and codes
    of the list in each `; `-separated part; () for a person the list does not know."""
    if not author or not author.strip():
        return ()
    table = {k.casefold(): v for k, v in authors.items()}
    named = table.get(author.strip().casefold())
    parts = [named] if named else re.split(r"\s*;\s*", author.strip())
    out: list[str] = []
    for part in parts:
        code = registry.lookup(part, short=bool(named))
        if code and code not in out:
            out.append(code)
    return tuple(out)


def _day(date: str | None) -> str | None:
    """The ISO day of a Word date (`2015-04-16T10:00:00Z` → `2015-04-16`)."""
    return date[:10] if date and re.match(r"\d{4}-\d\d-\d\d", date) else None


def _revision(r: Revision, text: str, registry: Registry,
              authors: Mapping[str, str]) -> Annotation:
    dels = author_delegations(r.author, registry, authors)
    stance = "propose" if r.source in _TEXTUAL else "note"
    return Annotation(
        text=text[r.start:r.end], kind=MarkerKind.REVISION, start=r.start, end=r.end,
        delegations=dels, date=_day(r.date), proposed_text=r.text or None,
        kept=((r.start, r.end),) if r.end > r.start else (), action=_ACTIONS.get(r.source),
        positions=((stance, dels),) if dels else (), source=r.source, author=r.author,
        id=r.id)


def _comment(c: Comment, grammar: Grammar, authors: Mapping[str, str]) -> Annotation:
    text = " ".join(c.text.split())
    p = grammar.patterns
    speakers: tuple[str, ...] = ()
    said = text
    end = _SPEAKERS_END.search(text)
    if end and end.start() <= 120:  # "Norway in alignment with EU and Switzerland: ..."
        named = [grammar.registry.lookup(n) for n in _JOINERS.split(text[:end.start()]) if n]
        if named and named[0]:
            speakers = tuple(dict.fromkeys(n for n in named if n))
            said = text[end.end():]
    if not speakers:
        speakers = author_delegations(c.author, grammar.registry, authors)
    deletes = p.words.delete_verb_re.match(said) is not None  # "LMDC: delete the section"
    stance = "propose" if deletes else p.words.stance(said[:80])
    return Annotation(
        text=c.text, kind=MarkerKind.COMMENT, start=c.start, end=c.end, delegations=speakers,
        date=_day(c.date), kept=((c.start, c.end),) if c.end > c.start else (),
        action="delete" if deletes else None,
        positions=((stance, speakers),) if speakers else (), source="comment",
        author=c.author, reply_to=c.reply_to, resolved=c.resolved, id=c.id)
