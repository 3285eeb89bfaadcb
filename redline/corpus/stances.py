"""Where a delegation opposed, reserved or left a note, directly or through a group it belonged
to, and what became of that text in the latest version.

An opposition (`[AA propose; CC oppose: <text>]`) *prevailed* when its words are gone, was
*overruled* when they stand unbracketed in an agreed text, and is *pending* while they are
still bracketed or the paragraph is not agreed. A reservation (`[X wishes the following
reservation to be recorded: ...]`) is *maintained* while its note is there, else *lifted*.
A note (`[Paraguay consulting about ...]`, `(US requests clarification ...)`, `(PY supports
language proposed by US but wants ...)`) is *still there* or *removed*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redline.annotate.delegations import Registry
from redline.corpus.audit import norm_words
from redline.corpus.history import History, Thread
from redline.model import Annotation, MarkerKind, Status

OBJECTING = ("oppose", "reserve")
NOTING = ("note", "question")
FATES = ("prevailed", "overruled", "pending", "maintained", "lifted", "still there", "removed",
         "paragraph deleted")


@dataclass
class Objection:
    """One opposition, reservation or note of a delegation (or of a group it was in)."""

    delegation: str
    stance: str
    via: str | None  # the group through which the delegation took this position
    paragraph: str | None
    address: str | None
    version: str
    date: str | None
    marker: str
    text: str | None  # the words opposed (None: the whole paragraph)
    thread: int
    fate: str = ""
    current_address: str | None = None
    current_status: str | None = None
    current_text: str | None = None
    versions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in (
            "stance", "via", "paragraph", "address", "version", "date", "marker", "text",
            "fate", "current_address", "current_status", "current_text", "versions")}


def stance_of(a: Annotation, code: str, groups: tuple[str, ...],
              wanted: tuple[str, ...]) -> tuple[str, str | None] | None:
    """The stance `code` holds in a marker among `wanted`, directly or via one of `groups`."""
    for stance, dels in a.stances:
        if stance not in wanted:
            continue
        if code in dels:
            return stance, None
        via = next((g for g in groups if g in dels), None)
        if via:
            return stance, via
    return None


def note_of(a: Annotation, code: str, groups: tuple[str, ...]) -> tuple[str, str | None] | None:
    """`("note" | "question", via)` when the marker is a note or question of `code` (or of one
    of its `groups`): one of its stances, or a note that names it first (`(PY supports language
    proposed by US ...)` is Paraguay's). A withdrawal is a proposal's fate, not a note."""
    held = stance_of(a, code, groups, NOTING)
    if held or a.kind is not MarkerKind.NOTE or a.status is Status.WITHDRAWN:
        return held
    author = a.delegations[:1]
    via = next((g for g in groups if (g,) == author), None)
    return ("note", None) if author == (code,) else ("note", via) if via else None


def objections(history: History, code: str, registry: Registry,
               notes: bool = True) -> list[Objection]:
    """Every opposition and reservation of `code`, oldest first, with its fate; with `notes`,
    also the notes it left (stance `note` or `question`)."""
    thread_of = history.thread_at()
    found: dict[tuple[int, str], Objection] = {}
    for k, (version, doc) in enumerate(zip(history.versions, history.documents, strict=True)):
        groups = registry.groups_of(code, version.date)
        for i, p in enumerate(doc.body):
            t = thread_of.get((k, i))
            if t is None:
                continue
            for a in p.annotations:
                held = stance_of(a, code, groups, OBJECTING) or (
                    note_of(a, code, groups) if notes else None)
                if held is None:
                    continue
                key = (t.id, " ".join(a.text.split()))
                if key in found:
                    found[key].versions.append(version.id)
                    continue
                found[key] = Objection(
                    code, held[0], held[1], p.label, p.address or None,
                    version.id, a.date or version.date, key[1], a.proposed_text, t.id,
                    versions=[version.id])
    threads = {t.id: t for t in history.threads}
    out = list(found.values())
    for o in out:
        _judge(o, threads[o.thread])
    return out


def _judge(o: Objection, thread: Thread) -> None:
    p = thread.current.paragraph
    if p is None:
        o.fate = "paragraph deleted"
        return
    o.current_address = p.address or None
    o.current_status = str(p.status) if p.status else None
    o.current_text = p.clean
    if o.stance != "oppose":
        kept = any(" ".join(a.text.split()) == o.marker for a in p.annotations)
        o.fate = ("maintained" if kept else "lifted") if o.stance == "reserve" else \
            ("still there" if kept else "removed")
        return
    # UN practice: text without brackets in it is agreed text, whatever its markers say
    agreed = p.status in (Status.AGREED, Status.APPROVED) or (
        p.status is None and "[" not in p.clean)
    clean = norm_words(p.clean)
    words = norm_words(o.text or "")
    bracketed = f"[{words}]" in clean
    if words and words not in clean:
        o.fate = "prevailed"
    elif agreed and not bracketed:
        o.fate = "overruled"
    else:
        o.fate = "pending"


def objectors(documents) -> list[str]:
    """Every delegation a marker of any version names as opposing, reserving or noting."""
    return sorted({c for doc in documents for p in doc.body for a in p.annotations
                   for stance, dels in a.stances if stance in OBJECTING + NOTING for c in dels})
