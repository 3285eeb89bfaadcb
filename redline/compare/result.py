"""The result of comparing two versions: plain data that every writer reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from redline.annotate.delegations import Registry
from redline.compare.diff import Edit
from redline.model import Annotation, Document, Paragraph, positions
from redline.stamp import stamped


@dataclass(frozen=True, slots=True)
class Change(Edit):
    """A word-level change inside a paragraph, with who it came from."""

    delegations: tuple[str, ...] = ()
    date: str | None = None
    evidence: str | None = None
    rule: str | None = None
    stances: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the evidence's positions

    def to_dict(self) -> dict:
        return {
            "kind": self.kind, "old_text": self.old_text, "new_text": self.new_text,
            "old_start": self.old_start, "old_end": self.old_end,
            "new_start": self.new_start, "new_end": self.new_end,
            "delegations": list(self.delegations), "date": self.date,
            "evidence": self.evidence, "rule": self.rule,
            "positions": positions(self.stances),
        }


@dataclass(frozen=True, slots=True)
class MarkerChange:
    """A marker that appeared, disappeared, or a paragraph status that changed."""

    kind: str  # added, removed, status
    text: str | None
    status_from: str | None = None
    status_to: str | None = None
    date: str | None = None
    delegations: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "status_from": self.status_from,
                "status_to": self.status_to, "date": self.date,
                "delegations": list(self.delegations)}


@dataclass(frozen=True, slots=True)
class ProposedDeletion:
    """Words still in the new text that a delegation proposes to delete (`End paragraph here`,
    `[MEX-ES eliminate by employers ...]`): shown as proposed, never as a real deletion.

    `start`/`end` are offsets into the new clean text (`ParagraphDiff.new_text`).
    """

    text: str
    start: int
    end: int
    delegations: tuple[str, ...] = ()
    date: str | None = None
    evidence: str | None = None
    stances: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def to_dict(self) -> dict:
        return {"text": self.text, "new_start": self.start, "new_end": self.end,
                "delegations": list(self.delegations), "date": self.date,
                "evidence": self.evidence, "positions": positions(self.stances)}


@dataclass(frozen=True, slots=True)
class ParagraphDiff:
    """One aligned unit of the two versions and what changed in it."""

    status: str
    match: str | None
    score: float | None
    old: tuple[Paragraph, ...]
    new: tuple[Paragraph, ...]
    old_indices: tuple[int, ...]
    new_indices: tuple[int, ...]
    changes: tuple[Change, ...] = ()
    markers: tuple[MarkerChange, ...] = ()
    footnote: bool = False
    moved_from: int | None = None  # for a moved paragraph: its old position among the old body
    proposed_deletions: tuple[ProposedDeletion, ...] = ()

    @property
    def old_text(self) -> str | None:
        return " ".join(p.clean for p in self.old) if self.old else None

    @property
    def new_text(self) -> str | None:
        return " ".join(p.clean for p in self.new) if self.new else None

    @property
    def old_label(self) -> str | None:
        return self.old[0].label if self.old else None

    @property
    def new_label(self) -> str | None:
        return self.new[0].label if self.new else None

    @property
    def label(self) -> str | None:
        return self.new_label or self.old_label

    @property
    def old_address(self) -> str | None:
        return self.old[0].address or None if self.old else None

    @property
    def new_address(self) -> str | None:
        return self.new[0].address or None if self.new else None

    @property
    def address(self) -> str | None:
        """Where the paragraph is: in the new version, else where it was in the old one."""
        return self.new_address or self.old_address

    @property
    def delegations(self) -> tuple[str, ...]:
        out: list[str] = []
        for c in self.changes:
            out.extend(d for d in c.delegations if d not in out)
        return tuple(out)

    @property
    def date(self) -> str | None:
        dates = [c.date for c in self.changes if c.date]
        return max(dates) if dates else None

    @property
    def para_status(self) -> str | None:
        """Negotiating status of the paragraph in the newest version holding it."""
        src = self.new or self.old
        st = src[0].status if src else None
        return str(st) if st else None

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        src = self.new or self.old
        return tuple(a for p in src for a in p.annotations)

    @property
    def is_change(self) -> bool:
        return self.status != "unchanged" or bool(self.markers)

    def to_dict(self) -> dict:
        src = self.new or self.old
        return {
            "status": self.status,
            "match": self.match,
            "score": self.score,
            "footnote": self.footnote,
            "old_index": self.old_indices[0] if self.old_indices else None,
            "new_index": self.new_indices[0] if self.new_indices else None,
            "old_indices": list(self.old_indices),
            "new_indices": list(self.new_indices),
            "old_label": self.old_label,
            "new_label": self.new_label,
            "old_address": self.old_address,
            "new_address": self.new_address,
            "renumbered": bool(self.old and self.new and self.old_label != self.new_label),
            "paragraph_status": self.para_status,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "delegations": list(self.delegations),
            "date": self.date,
            "changes": [c.to_dict() for c in self.changes],
            "marker_changes": [m.to_dict() for m in self.markers],
            "proposed_deletions": [d.to_dict() for d in self.proposed_deletions],
            "annotations": [{**a.to_dict(src[0].label), "address": p.address or None}
                            for p in src for a in p.annotations],
        }


@dataclass(frozen=True)
class Comparison:
    """Two versions and their aligned, diffed and attributed paragraphs."""

    old: Document
    new: Document
    paragraphs: tuple[ParagraphDiff, ...]
    registry: Registry = field(repr=False, compare=False)
    only: tuple[str, ...] = ()  # the delegations whose changes alone are shown, if filtered

    def for_delegations(self, codes: tuple[str, ...] | list[str]) -> Comparison:
        """Only the changes credited to `codes` (codes or aliases: `US`, `Venezuela`; a group
        code matches the group's own changes), in the paragraphs that have one; other
        delegations' changes in those paragraphs read as accepted, as Word shows one
        reviewer's changes. The summary is recomputed on what is kept. An unknown code is an
        error, never an empty result."""
        codes = tuple(dict.fromkeys(self.registry.canonical(c) for c in codes))
        want = set(codes)
        kept: list[ParagraphDiff] = []
        for p in self.paragraphs:
            changes = tuple(c for c in p.changes if want & set(c.delegations))
            props = tuple(d for d in p.proposed_deletions if want & set(d.delegations))
            marks = tuple(m for m in p.markers if want & set(m.delegations))
            if changes or props or marks:
                kept.append(replace(p, changes=changes, proposed_deletions=props,
                                    markers=marks))
        return replace(self, paragraphs=tuple(kept), only=tuple(codes))

    @property
    def changes(self) -> list[tuple[ParagraphDiff, Change]]:
        return [(p, c) for p in self.paragraphs for c in p.changes]

    def summary(self) -> dict:
        """Counts by paragraph status, by kind of change and by delegation."""
        statuses = Counter(p.status for p in self.paragraphs)
        kinds = Counter(c.kind for _, c in self.changes)
        by_del: dict[str, Counter] = {}
        unattributed = 0
        for _, c in self.changes:
            if not c.delegations:
                unattributed += 1
            for d in c.delegations:
                by_del.setdefault(d, Counter())[c.kind] += 1
        markers = Counter(m.kind for p in self.paragraphs for m in p.markers)
        return {
            "paragraphs": dict(sorted(statuses.items())),
            "changes": {k: kinds.get(k, 0) for k in ("insert", "delete", "replace")},
            "total_changes": sum(kinds.values()),
            "unattributed": unattributed,
            "by_delegation": {
                d: {"name": self.registry.name(d),
                    **{k: by_del[d].get(k, 0) for k in ("insert", "delete", "replace")}}
                for d in sorted(by_del)
            },
            "marker_changes": dict(sorted(markers.items())),
        }

    def to_dict(self) -> dict:
        """The comparison as the JSON of `redline compare` holds it, `schema` and `redline`
        first."""
        def doc(d: Document) -> dict:
            return {"path": d.path, "label": d.label, "date": d.date,
                    "sha256": d.meta.get("sha256")}

        return stamped({
            "old": doc(self.old),
            "new": doc(self.new),
            "only_delegations": list(self.only),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "summary": self.summary(),
        })

    def _repr_html_(self) -> str | None:
        """A notebook shows the redline, through the writer registered by `redline.api`."""
        return HTML_DISPLAY[0](self) if HTML_DISPLAY else None


# The HTML writer a notebook uses: registered from above (render) so that compare never
# imports render.
HTML_DISPLAY: list[Callable[[Comparison], str]] = []
