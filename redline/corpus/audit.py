"""Audit: every proposal a delegation made in any version, and its fate in the latest one.

A proposal is a marker naming the delegation (`(VEN people of African descent, ...)`,
`(Proposed by US-4-16-2015)`, `COL: ...`) or a withdrawal note (`(The US rescinds ...)`); its
words are those the marker carries, else the changes attributed to it when it first appeared.
The paragraph is followed through the history to the latest version, where the proposal is:
- adopted as proposed: its words are there and the paragraph is agreed or approved;
- adopted with changes: the paragraph is agreed or approved and holds a close variant;
- pending, ad referendum, no status yet: the proposal is still in a paragraph that is marked
  pending, agreed ad referendum, or carries no status marker at all;
- withdrawn: the delegation withdrew it;
- dropped: its words and marker are gone (or the paragraph was deleted).
A proposed deletion (`action == "delete"`; `deletes` the words, found in the text) is adopted as
proposed once those words are gone (or the paragraph is), dropped if they stand in an agreed
text, and otherwise undecided like any other proposal; a proposal that inserts words and deletes
others (`End paragraph here`) is adopted once its words are in and the others gone.

Words a proposal put in the text may stand, in the latest version, under another delegation's
proposed deletion (`(CHAIR: ... End paragraph here)` cutting the paragraph before them, `[MEX
eliminate ...]` naming them): the proposal keeps its fate and says who threatens its words and
since when (`threatened_by`: the deletion's delegations, the first version of the unbroken run
of versions up to the latest that carries its marker, its date, the marker and the words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from redline.annotate.delegations import Registry
from redline.compare.diff import word_diff
from redline.corpus.history import History, Thread
from redline.model import Annotation, MarkerKind, Paragraph, Status

ADOPTED_STATUSES = (Status.AGREED, Status.APPROVED)
CHANGED_MIN = 60.0  # word similarity to the closest stretch, for "adopted with changes"
FATES = ("adopted as proposed", "adopted with changes", "pending", "ad referendum",
         "no status yet", "withdrawn", "dropped")
UNDECIDED = {Status.PENDING: "pending", Status.AD_REFERENDUM: "ad referendum",
             None: "no status yet"}  # the fate of a proposal still in a paragraph not agreed


@dataclass(frozen=True)
class Threat:
    """Another delegation's proposed deletion over a proposal's words in the latest version."""

    delegations: tuple[str, ...]  # who proposes the deletion (proposers and supporters)
    version: str  # since: the first of the versions up to the latest that carry its marker
    date: str | None  # the marker's date, else that version's
    evidence: str  # the marker
    deletes: str  # the words it proposes to delete, as the latest text has them

    def to_dict(self) -> dict:
        return {"delegations": list(self.delegations), "version": self.version,
                "date": self.date, "evidence": self.evidence,
                "proposed_deletion": self.deletes}


@dataclass
class Proposal:
    """One proposal of a delegation and what became of it."""

    delegation: str
    paragraph: str | None  # its label where first seen
    version: str
    date: str | None
    marker: str
    proposed_text: str | None
    thread: int
    pieces: list[str] = field(default_factory=list)  # the words, one entry a stretch
    fate: str = ""
    current_text: str | None = None
    current_paragraph: str | None = None
    current_status: str | None = None
    similarity: float | None = None
    redline: list[tuple[int, str]] = field(default_factory=list)  # proposal -> adopted text
    evidence: list[dict] = field(default_factory=list)
    address: str | None = None  # where it was first seen: `V.B 18`
    current_address: str | None = None  # where its paragraph is in the latest version
    via: str | None = None  # the group that made the proposal, when not the delegation itself
    action: str | None = None  # "insert", "delete", "replace" when the marker says so
    deletes: str | None = None  # the words it proposes to delete, as the text had them
    threatened_by: list[Threat] = field(default_factory=list)  # others' deletions over its words

    def to_dict(self) -> dict:
        return {
            "paragraph": self.paragraph, "address": self.address, "version": self.version,
            "via": self.via, "action": self.action, "proposed_deletion": self.deletes,
            "date": self.date,
            "proposed_text": self.proposed_text, "fate": self.fate,
            "current_text": self.current_text, "current_paragraph": self.current_paragraph,
            "current_address": self.current_address, "current_status": self.current_status,
            "similarity": self.similarity,
            "redline": [{"op": {-1: "delete", 0: "equal", 1: "insert"}[op], "text": t}
                        for op, t in self.redline],
            "evidence": self.evidence,
            "threatened_by": [t.to_dict() for t in self.threatened_by],
        }


def norm_words(text: str) -> str:
    """Text as compared for presence: words single-spaced, lower case, outer punctuation off."""
    return " ".join(text.split()).strip(" ,;.").lower()


def is_proposal(a: Annotation, code: str) -> bool:
    """Does the marker put words forward for `code` (proposing or supporting them), or
    withdraw its proposal? An opposition never counts."""
    if code not in a.delegations:
        return False
    if a.kind is MarkerKind.NOTE:
        return a.status is Status.WITHDRAWN and a.delegations[:1] == (code,)
    return a.kind in _PROPOSING and code in a.credited


_PROPOSING = (MarkerKind.PROPOSAL, MarkerKind.ATTRIBUTION, MarkerKind.POSITION)


def audit(history: History, code: str, registry: Registry | None = None) -> list[Proposal]:
    """The delegation's proposals, oldest first, each with its fate; with a `registry` that
    has groups, also those of the groups it belonged to on each version's date (`via`)."""
    thread_of = history.thread_at()
    attributed: dict[tuple[int, str], list[str]] = {}
    for k, cmp in enumerate(history.comparisons, start=1):
        whose = {code, *(registry.groups_of(code, history.versions[k].date) if registry else ())}
        for d, ch in cmp.changes:
            if whose & set(ch.delegations) and ch.evidence and d.new_indices and \
                    ch.new_text.strip():
                t = thread_of.get((k, d.new_indices[0]))
                if t is not None:
                    attributed.setdefault((t.id, norm_words(ch.evidence)), []).append(
                        ch.new_text.strip())
    found: dict[tuple[int, str], Proposal] = {}
    for k, (version, doc) in enumerate(zip(history.versions, history.documents, strict=True)):
        groups = registry.groups_of(code, version.date) if registry else ()
        for i, p in enumerate(doc.body):
            t = thread_of.get((k, i))
            if t is None:
                continue
            for a in p.annotations:
                who = next((c for c in (code, *groups) if is_proposal(a, c)), None)
                if who is None:
                    continue
                key = (t.id, norm_words(a.text))
                if key in found:
                    found[key].evidence.append(_evidence(a, version.id, p))
                    continue
                pieces = [a.proposed_text] if a.proposed_text else attributed.get(key, [])
                prop = Proposal(code, p.label, version.id, a.date or version.date,
                                " ".join(a.text.split()), " … ".join(pieces) or None, t.id,
                                list(pieces), address=p.address or None,
                                via=who if who != code else None, action=a.action,
                                deletes=a.deletes or (a.proposed_text if a.action == "delete"
                                                      else None))
                prop.evidence.append(_evidence(a, version.id, p))
                if a.status is Status.WITHDRAWN:
                    prop.fate = "withdrawn"
                found[key] = prop
    threads = {t.id: t for t in history.threads}
    out = sorted(found.values(), key=lambda p: (history_order(history, p.version),
                                                 p.thread, p.marker))
    dates = {v.id: v.date for v in history.versions}
    for prop in out:
        _judge(prop, threads[prop.thread], prop.via or code)
        prop.threatened_by = _threats(prop, threads[prop.thread], {code, prop.via}, dates)
    return out


def proposers(documents) -> list[str]:
    """Every delegation a marker of any version names as a proposer."""
    return sorted({c for doc in documents for p in doc.body for a in p.annotations
                   for c in a.delegations if is_proposal(a, c)})


def history_order(history: History, version: str) -> int:
    return [v.id for v in history.versions].index(version)


def _evidence(a: Annotation, version: str, p: Paragraph) -> dict:
    return {"marker": " ".join(a.text.split()), "version": version, "date": a.date,
            "paragraph": p.label, "address": p.address or None, "kind": str(a.kind)}


def _judge(prop: Proposal, thread: Thread, code: str) -> None:
    """Decide the fate of a proposal from its paragraph in the latest version."""
    cur = thread.current
    p = cur.paragraph
    deletion = prop.action == "delete" and bool(prop.deletes)
    if p is None:
        prop.fate = prop.fate or ("adopted as proposed" if deletion else "dropped")
        return
    prop.current_text = p.clean
    prop.current_paragraph = p.label
    prop.current_address = p.address or None
    prop.current_status = str(p.status) if p.status else None
    if prop.fate == "withdrawn":
        return
    if any(a.status is Status.WITHDRAWN and a.delegations[:1] == (code,) for a in p.annotations):
        prop.fate = "withdrawn"
        return
    marker_kept = any(" ".join(a.text.split()) == prop.marker for a in p.annotations)
    current = norm_words(p.clean)
    present = all(norm_words(piece) in current for piece in prop.pieces)
    adopted = p.status in ADOPTED_STATUSES
    undecided = UNDECIDED.get(p.status, "dropped")  # a withdrawn paragraph drops it
    gone = bool(prop.deletes) and norm_words(prop.deletes) not in current
    if deletion:
        prop.fate = "adopted as proposed" if gone else "dropped" if adopted else undecided
        return
    if gone and present:  # "(CHAIR: words. End paragraph here)": words in, the rest out
        prop.fate = "adopted as proposed"
        return
    if prop.pieces:
        scores = [100.0 if norm_words(x) in current else best_window(x, p.clean)[0]
                  for x in prop.pieces]
        prop.similarity = round(sum(scores) / len(scores), 1)
    if adopted and present:
        prop.fate = "adopted as proposed"
    elif adopted and prop.similarity is not None and prop.similarity >= CHANGED_MIN:
        prop.fate = "adopted with changes"
        for k, piece in enumerate(prop.pieces):
            if k:
                prop.redline.append((0, " … "))
            prop.redline += _best_redline(piece, p.clean)
    elif not adopted and (present or marker_kept):
        prop.fate = undecided
    else:
        prop.fate = "dropped"


def _threats(prop: Proposal, thread: Thread, own: set[str | None],
             dates: dict[str, str | None]) -> list[Threat]:
    """The proposed deletions of other delegations, in the latest version, over the words the
    proposal put in (a proposed deletion of its own is no threat to them)."""
    p = thread.current.paragraph
    if p is None or prop.fate in ("withdrawn", "dropped") or prop.action == "delete":
        return []
    spans = [s for piece in prop.pieces if (s := _where(piece, p.clean))]
    out: list[Threat] = []
    for a in p.annotations:
        if not (a.target and a.deletes) or own & set(a.credited):
            continue
        start = p.clean_offset(a.target[0])
        end = start + len(a.deletes)
        if not any(s < end and start < e for s, e in spans):
            continue
        marker = " ".join(a.text.split())
        since = thread.current.version
        for cell in reversed(thread.cells):  # back through the versions that carry it
            if cell.paragraph is None or not any(
                    " ".join(b.text.split()) == marker for b in cell.paragraph.annotations):
                break
            since = cell.version
        out.append(Threat(a.credited, since, a.date or dates.get(since), marker, a.deletes))
    return out


def _where(piece: str, text: str) -> tuple[int, int] | None:
    """Where the words of `piece` stand in `text` (white space, case and the punctuation
    around them aside), else the stretch most like them when it is close enough."""
    words = norm_words(piece).split()
    if not words:
        return None
    hit = re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", text,
                    re.IGNORECASE)
    if hit:
        return hit.span()
    score, stretch = best_window(piece, text)
    if score < CHANGED_MIN or not stretch:
        return None
    hit = re.search(r"\s+".join(map(re.escape, stretch.split())), text)
    return hit.span() if hit else None


def best_window(proposed: str, current: str) -> tuple[float, str]:
    """The stretch of `current` most like `proposed` (word-sequence ratio) and its score."""
    pw, cw = proposed.split(), current.split()
    if not pw or not cw:
        return 0.0, ""
    best = (-1.0, 0, 0)
    for length in range(max(1, len(pw) - 3), len(pw) + 4):
        for i in range(0, max(1, len(cw) - length + 1)):
            score = fuzz.ratio(pw, cw[i:i + length])
            if score > best[0]:
                best = (score, i, length)
    score, i, length = best
    return round(float(score), 1), " ".join(cw[i:i + length])


def _best_redline(proposed: str, current: str) -> list[tuple[int, str]]:
    """Word redline from the proposal to the closest stretch of the adopted text."""
    return word_diff(proposed, best_window(proposed, current)[1])
