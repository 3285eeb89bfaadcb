"""The document model: frozen dataclasses shared by every stage of the pipeline.

A `Paragraph` keeps its raw text exactly as the reader found it; annotations point into that
raw text by character offsets, and the clean text (markers out, proposed words in) keeps a map
back to raw offsets so that every change can be traced to the draft.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Kind(StrEnum):
    """What a paragraph is in the layout of the draft."""

    HEADING = "heading"
    NUMBERED = "numbered"
    BULLET = "bullet"
    BODY = "body"
    FOOTNOTE = "footnote"


class MarkerKind(StrEnum):
    """What an annotation marker does."""

    STATUS = "status"  # (Agreed IM 11-5-2015): the state of the text, attributes nothing
    PROPOSAL = "proposal"  # (Proposed by US- 4-16-2015), COL: ..., [CAN as appropriate ...]
    ATTRIBUTION = "attribution"  # (US4-23-2015): who put the preceding words there
    NOTE = "note"  # (PY supports language proposed by US ...), [Negotiators' Note: ...]
    EDITORIAL = "editorial"  # (Title adjusted as per decision of 12/07/2015)
    POSITION = "position"  # [AA/BB propose; CC oppose: <text>]: who stands where on words
    REVISION = "revision"  # a Word tracked change: its author's delegation made it
    COMMENT = "comment"  # a Word comment: what the Parties it names said about its range


class Status(StrEnum):
    """The negotiating status a marker gives its text."""

    AGREED = "agreed"
    APPROVED = "approved"
    PENDING = "pending"
    AD_REFERENDUM = "ad_referendum"
    WITHDRAWN = "withdrawn"


CREDIT_STANCES = ("propose", "support")  # only these stances credit a change


def positions(stances: tuple[tuple[str, tuple[str, ...]], ...]) -> list[dict]:
    """Stances as JSON: `[{"stance": "oppose", "delegations": ["NZL"]}]`."""
    return [{"stance": s, "delegations": list(d)} for s, d in stances]


@dataclass(frozen=True, slots=True)
class Annotation:
    """One marker found in a paragraph's raw text.

    `start`/`end` are offsets into `Paragraph.raw`; `raw[start:end] == text`.
    `kept` are the raw spans of words the marker carries that stay in the clean text.
    `positions` say who did what: `(("propose", ("USA", "AUS")), ("oppose", ("NZL",)))`;
    `delegations` is every Party named, in order.
    """

    text: str
    kind: MarkerKind
    start: int
    end: int
    status: Status | None = None
    delegations: tuple[str, ...] = ()
    date: str | None = None
    proposed_text: str | None = None
    kept: tuple[tuple[int, int], ...] = ()
    heads_paragraph: bool = False
    action: str | None = None  # "insert", "delete", "replace" for proposals that say so
    positions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    source: str = "marker"
    target: tuple[int, int] | None = None  # raw span of the words it proposes to delete
    deletes: str | None = None  # those words, as the clean text has them
    author: str | None = None  # Word revisions and comments: the author as written
    reply_to: str | None = None  # a comment answering another (its id)
    resolved: bool = False  # a comment marked done
    id: str | None = None  # a Word revision's or comment's id

    def moved(self, offset: int) -> Annotation:
        """The annotation `offset` characters on (its paragraph grew in front of it)."""
        return replace(self, start=self.start + offset, end=self.end + offset,
                       kept=tuple((s + offset, e + offset) for s, e in self.kept),
                       target=(self.target[0] + offset, self.target[1] + offset)
                       if self.target else None)

    @property
    def stances(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The positions, or those a marker of this kind implies when none were recorded."""
        if self.positions or not self.delegations:
            return self.positions
        if self.kind in (MarkerKind.PROPOSAL, MarkerKind.ATTRIBUTION):
            return (("propose", self.delegations),)
        if self.status is Status.WITHDRAWN:
            return (("withdraw", self.delegations),)
        if self.status is Status.AD_REFERENDUM:
            return (("reserve", self.delegations),)
        return (("note", self.delegations),)

    @property
    def credited(self) -> tuple[str, ...]:
        """The delegations a change carried by this marker is credited to: proposers and
        supporters, never opposers."""
        out: list[str] = []
        for stance, dels in self.stances:
            if stance in CREDIT_STANCES:
                out.extend(d for d in dels if d not in out)
        return tuple(out)

    def to_dict(self, paragraph: str | None = None) -> dict:
        """The record `redline annotations` prints."""
        return {
            "text": self.text,
            "kind": str(self.kind),
            "status": str(self.status) if self.status else None,
            "delegations": list(self.delegations),
            "positions": positions(self.stances),
            "date": self.date,
            "proposed_text": self.proposed_text,
            "paragraph": paragraph,
            "action": self.action,
            "proposed_deletion": self.deletes,
            "source": self.source,
            "author": self.author,
            "reply_to": self.reply_to,
            "resolved": self.resolved,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a draft.

    `raw` is never changed. `clean` is the text with markers taken out and proposed words kept;
    `clean_runs` maps it back: runs `(clean offset, raw offset)` of contiguous characters.
    """

    index: int
    raw: str
    kind: Kind
    label: str | None = None
    section: str | None = None
    annotations: tuple[Annotation, ...] = ()
    clean: str = ""
    clean_runs: tuple[tuple[int, int], ...] = ()
    marker_points: tuple[int, ...] = ()  # clean offset where each annotation sits
    footnote_refs: tuple[int, ...] = ()
    line: int = 0
    address: str = ""  # where the draft puts it: `V.B 18`, `Article 4.3bis`, `fn 1`

    def raw_offset(self, clean_at: int) -> int:
        """The raw offset of clean character `clean_at`."""
        return clean_to_raw(self.clean_runs, clean_at)

    def clean_offset(self, raw_at: int) -> int:
        """How many clean characters come from raw text before `raw_at`."""
        return raw_to_clean(self.clean_runs, len(self.clean), raw_at)

    @property
    def path(self) -> str:
        """Section-qualified label used to pair paragraphs (`V.18`, `IV.A.1`)."""
        parts = [p for p in (self.section, self.label) if p]
        return ".".join(parts)

    @property
    def status(self) -> Status | None:
        """The paragraph's negotiating status: that of its last status marker."""
        marks = [a for a in self.annotations if a.kind is MarkerKind.STATUS and a.status]
        return marks[-1].status if marks else None


@dataclass(frozen=True, slots=True)
class Document:
    """A whole draft: its paragraphs in order and where it came from."""

    paragraphs: tuple[Paragraph, ...]
    path: str | None = None
    label: str | None = None
    date: str | None = None
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """Paragraphs of the text itself (footnotes excluded)."""
        return tuple(p for p in self.paragraphs if p.kind is not Kind.FOOTNOTE)

    @property
    def footnotes(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind is Kind.FOOTNOTE)


def anchor(address: str) -> str:
    """The HTML anchor of an address: lowercased, every run of characters other than letters
    and digits one `-` (none at either end): `V.B 18` -> `v-b-18`, `Article 4.3bis` ->
    `article-4-3bis`, `fn 1` -> `fn-1`."""
    return re.sub(r"[\W_]+", "-", address.lower()).strip("-") or "p"


def raw_to_clean(runs: tuple[tuple[int, int], ...], clean_len: int, raw_at: int) -> int:
    """How many clean characters come from raw text before `raw_at`, given the runs
    `(clean offset, raw offset)` of a paragraph's clean text."""
    k = bisect_right(runs, raw_at, key=lambda run: run[1]) - 1
    if k < 0:
        return 0
    c0, r0 = runs[k]
    end = runs[k + 1][0] if k + 1 < len(runs) else clean_len
    return min(c0 + (raw_at - r0), end)


def clean_to_raw(runs: tuple[tuple[int, int], ...], clean_at: int) -> int:
    """The raw offset of clean character `clean_at`, given the runs of a clean text."""
    k = bisect_right(runs, clean_at, key=lambda run: run[0]) - 1
    if k < 0:
        return clean_at
    c0, r0 = runs[k]
    return r0 + clean_at - c0
