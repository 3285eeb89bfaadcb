"""History: one identity per paragraph across all versions of a corpus.

Consecutive versions are compared (align, diff, attribute) and the pairs are chained: a
paragraph renumbered or moved in 2015-11 is still the same paragraph in 2016-01. A split keeps
the identity in its first piece (the second starts a new thread noting where it came from); a
merge continues the first of the merged paragraphs.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from redline.annotate.delegations import Registry
from redline.compare.pipeline import compare_documents
from redline.compare.result import Comparison, ParagraphDiff
from redline.corpus.manifest import Version
from redline.errors import RedlineError
from redline.model import Document, Paragraph, anchor


@dataclass
class Cell:
    """A paragraph in one version: where it is, its status, and how it got there."""

    version: str
    index: int | None  # position among the version's body paragraphs; None when absent
    paragraph: Paragraph | None
    event: str  # inserted, unchanged, modified, moved, split, merged, deleted, absent
    diff: ParagraphDiff | None = None  # against the previous version

    @property
    def status(self) -> str | None:
        """The paragraph's status in this version (agreed, approved, pending, ad_referendum,
        withdrawn), as compare says it; None without a status marker."""
        st = self.paragraph.status if self.paragraph else None
        return str(st) if st else None

    @property
    def label(self) -> str | None:
        return self.paragraph.label if self.paragraph else None

    @property
    def address(self) -> str | None:
        """Where the paragraph is in this version: `V.B 18`."""
        return self.paragraph.address or None if self.paragraph else None


@dataclass
class Thread:
    """One paragraph's life across the versions."""

    id: int
    cells: list[Cell] = field(default_factory=list)
    origin: str | None = None  # "split from ¶ 12 in 2015-11" and the like

    @property
    def first_version(self) -> str | None:
        return next((c.version for c in self.cells if c.paragraph is not None), None)

    @property
    def last(self) -> Cell | None:
        present = [c for c in self.cells if c.paragraph is not None]
        return present[-1] if present else None

    @property
    def current(self) -> Cell:
        return self.cells[-1]

    def fate(self) -> str:
        """Where the paragraph ends up, in words."""
        cur = self.current
        if cur.paragraph is not None:
            label = cur.address or (f"¶ {cur.label}" if cur.label else
                                    f"paragraph {cur.index + 1}")
            return f"{label} in {cur.version}"
        gone = next((c.version for c in self.cells if c.event == "deleted"), None)
        return f"deleted in {gone}" if gone else "absent"


@dataclass
class History:
    """All versions, their consecutive comparisons, and the threads through them."""

    versions: list[Version]
    documents: list[Document]
    comparisons: list[Comparison]
    threads: list[Thread]
    only: frozenset[int] | None = None  # ids of the threads writers show (`--paragraph`)

    @property
    def latest(self) -> Document:
        return self.documents[-1]

    def thread_at(self) -> dict[tuple[int, int], Thread]:
        """The thread of each present paragraph: (version number, body index) -> thread."""
        return {(k, c.index): t for t in self.threads for k, c in enumerate(t.cells)
                if c.index is not None}


def build_history(versions: list[Version], documents: list[Document], registry: Registry,
                  progress: Callable[[str], None] | None = None) -> History:
    """Compare consecutive versions and chain their pairs into threads."""
    comparisons = []
    for k in range(1, len(documents)):
        if progress:
            progress(f"{versions[k - 1].id} → {versions[k].id}")
        comparisons.append(compare_documents(documents[k - 1], documents[k], registry))
    threads: list[Thread] = []
    at: dict[int, Thread] = {}  # body index in the previous version -> its thread
    first = documents[0].body if documents else ()
    for i, p in enumerate(first):
        t = Thread(len(threads) + 1, [Cell(versions[0].id, i, p, "inserted")])
        threads.append(t)
        at[i] = t
    for k, cmp in enumerate(comparisons, start=1):
        vid = versions[k].id
        body = documents[k].body
        nxt: dict[int, Thread] = {}
        for d in cmp.paragraphs:
            if d.footnote:
                continue
            if not d.new_indices:  # deleted
                t = at.get(d.old_indices[0])
                if t is not None:
                    t.cells.append(Cell(vid, None, None, "deleted", d))
                continue
            carried = at.get(d.old_indices[0]) if d.old_indices else None
            for extra in d.old_indices[1:]:  # merged into the paragraph the first one became
                t = at.get(extra)
                if t is not None:
                    t.cells.append(Cell(vid, None, None, "merged-away", d))
            for n, j in enumerate(d.new_indices):
                if carried is None or n > 0:
                    t = Thread(len(threads) + 1)
                    t.cells = [Cell(versions[m].id, None, None, "absent") for m in range(k)]
                    if carried is not None:
                        t.origin = f"split from thread {carried.id} in {vid}"
                    threads.append(t)
                    event = "inserted" if carried is None else "split"
                else:
                    t = carried
                    event = d.status if d.status != "merged" else "merged"
                t.cells.append(Cell(vid, j, body[j], event, d))
                nxt[j] = t
        for t in threads:  # threads that ended earlier stay absent
            if len(t.cells) < k + 1:
                t.cells.append(Cell(vid, None, None, "absent"))
        at = nxt
    return History(versions, documents, comparisons, threads)


def footnote_threads(history: History) -> list[Thread]:
    """The footnotes' threads, numbered after the paragraphs' (a split or merge continues the
    first footnote and starts new threads for the others)."""
    vids = [v.id for v in history.versions]
    threads: list[Thread] = []
    start = len(history.threads) + 1

    def new(k: int, event: str, index: int) -> Thread:
        t = Thread(start + len(threads), [Cell(v, None, None, "absent") for v in vids[:k]])
        t.cells.append(Cell(vids[k], index, history.documents[k].footnotes[index], event))
        threads.append(t)
        return t

    at = {i: new(0, "inserted", i) for i in range(len(history.documents[0].footnotes))} \
        if history.documents else {}
    for k, cmp in enumerate(history.comparisons, start=1):
        nxt: dict[int, Thread] = {}
        for d in (d for d in cmp.paragraphs if d.footnote):
            carried = at.get(d.old_indices[0]) if d.old_indices else None
            if not d.new_indices:
                if carried is not None:
                    carried.cells.append(Cell(vids[k], None, None, "deleted", d))
                continue
            for extra in d.old_indices[1:]:
                if (t := at.get(extra)) is not None:
                    t.cells.append(Cell(vids[k], None, None, "merged-away", d))
            for n, j in enumerate(d.new_indices):
                if carried is None or n:
                    t = new(k, "inserted" if carried is None else "split", j)
                    t.cells[-1].diff = d
                else:
                    t = carried
                    t.cells.append(Cell(vids[k], j, history.documents[k].footnotes[j],
                                        d.status, d))
                nxt[j] = t
        for t in threads:
            if len(t.cells) < k + 1:
                t.cells.append(Cell(vids[k], None, None, "absent"))
        at = nxt
    return threads


def shown_threads(history: History) -> tuple[list[Thread], list[Thread]]:
    """The paragraphs' and the footnotes' threads a writer shows: all of them, or those
    `select_paragraphs` chose (their ids and anchors stay those of the whole history)."""
    notes = footnote_threads(history)
    if history.only is None:
        return list(history.threads), notes
    return ([t for t in history.threads if t.id in history.only],
            [t for t in notes if t.id in history.only])


def select_paragraphs(history: History, addresses: Sequence[str]) -> History:
    """The history showing only the paragraphs (or footnotes) at `addresses`: each address as
    the latest version names it (`V.B 18`, `fn 2`), else as the most recent earlier version that
    has it; spaces and case aside, and its HTML anchor (`v-b-18`) too. An address no version
    has is a `RedlineError` naming the close ones."""
    threads = [*history.threads, *footnote_threads(history)]
    chosen: set[int] = set()
    for wanted in addresses:
        found = _threads_at(threads, len(history.versions), wanted)
        if not found:
            raise RedlineError(_unknown(threads, wanted))
        chosen.update(found)
    return replace(history, only=frozenset(chosen))


def _fold(address: str) -> str:
    return " ".join(address.split()).casefold()


def _threads_at(threads: list[Thread], versions: int, wanted: str) -> list[int]:
    """The ids of the threads whose paragraph has the address `wanted` in the latest version
    that has it: compared as written first, then as anchors."""
    for same in (lambda a: _fold(a) == _fold(wanted), lambda a: anchor(a) == anchor(wanted)):
        for k in reversed(range(versions)):
            found = [t.id for t in threads
                     if k < len(t.cells) and t.cells[k].address and same(t.cells[k].address)]
            if found:
                return found
    return []


def _unknown(threads: list[Thread], wanted: str) -> str:
    """One line: the address is in no version, and the addresses closest to it."""
    names = list(dict.fromkeys(c.address for t in threads for c in reversed(t.cells)
                               if c.address))
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.5)
    if not close:  # `18` for `V.B 18`: the addresses ending as it does
        close = [a for a in names if _fold(a).endswith(" " + _fold(wanted))][:5]
    like = ([a for a in names if " " in a and "¶" not in a][:2]
            + [a for a in names if a.startswith("fn ")][:1]) or names[:3]
    hint = (f"close matches: {', '.join(close)}" if close else
            f"addresses look like {', '.join(like)}" if like else "no paragraphs")
    return f"no paragraph {wanted!r} in any version; {hint}"
