"""The chair's annex: the latest version against the one in force at a date, what changed and
what is still not agreed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from redline.annotate.delegations import Registry
from redline.compare.pipeline import compare_documents
from redline.compare.result import Comparison, ParagraphDiff
from redline.corpus.manifest import Version
from redline.dates import parse_cli_date
from redline.errors import RedlineError
from redline.model import Document


@dataclass(frozen=True)
class StatusChange:
    """A paragraph whose text did not change but whose negotiating status did."""

    paragraph: int  # its index in `Comparison.paragraphs`
    address: str
    status_from: str | None
    status_to: str | None
    date: str | None
    marker: str | None


@dataclass(frozen=True)
class Annex:
    """The comparison behind an annex and the words around it."""

    comparison: Comparison
    title: str
    intro: str
    pending: list[tuple[str, str]]  # (address, status) not yet agreed in the new version
    status_changes: tuple[StatusChange, ...] = ()  # shown as a table, not as paragraphs


def long_date(iso: str) -> str:
    """`2015-12-07` -> `7 December 2015`."""
    d = datetime.date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def pick_versions(versions: list[Version], since: str | None, from_: str | None,
                  to: str | None) -> tuple[Version, Version]:
    """The version in force on `since` (the last one dated on or before that day) or the one
    named `from_`, and the target version (`to`, else the latest)."""
    if since and from_:
        raise RedlineError("give either --since or --from, not both")
    ids = [v.id for v in versions]
    for name in (from_, to):
        if name is not None and name not in ids:
            raise RedlineError(f"no version {name!r} (versions: {', '.join(ids)})")
    latest = max(versions, key=lambda v: v.date)
    new = versions[ids.index(to)] if to else latest
    if from_:
        old = versions[ids.index(from_)]
    elif since:
        day = parse_cli_date(since, what="--since")
        before = [v for v in versions if v.date <= day]
        if not before:
            raise RedlineError(f"no version was in force on {day} (the first, "
                               f"{versions[0].id}, is dated {versions[0].date})")
        old = max(before, key=lambda v: v.date)
        if old.id == latest.id:
            raise RedlineError(f"no version after {latest.date}: the latest version, "
                               f"{latest.id}, is already in force on {day}; nothing to annex")
        if old.id == new.id:
            raise RedlineError(f"nothing to annex: --to {new.id} is itself the version in "
                               f"force on {day}")
        if old.date > new.date:
            raise RedlineError(f"nothing to annex: the version in force on {day}, {old.id} "
                               f"({old.date}), is newer than --to {new.id} ({new.date})")
    else:
        raise RedlineError("give --since DATE or --from VERSION")
    if old.date > new.date or old.id == new.id:
        raise RedlineError(f"nothing to compare: {old.id} is not older than {new.id}")
    return old, new


def build_annex(versions: list[Version], load: Callable[[Version], Document],
                registry: Registry, since: str | None = None, from_: str | None = None,
                to: str | None = None, comparisons: list[Comparison] | None = None) -> Annex:
    """The annex; `comparisons` of consecutive versions, when given, are reused. `since` is a
    date as a person typed it (ISO from the command line)."""
    old, new = pick_versions(versions, since, from_, to)
    k = versions.index(old)
    if comparisons and versions[k + 1] == new:
        cmp = comparisons[k]
    else:
        cmp = compare_documents(load(old), load(new), registry)
    head = f"Version {new.id} ({long_date(new.date)})"
    if not to and new == max(versions, key=lambda v: v.date):
        head += ", the latest,"
    if since:
        day = long_date(parse_cli_date(since, what="--since"))
        why = f", the version in force on {day} (the last one dated on or before that day)"
        title = f"Changes since {day}: {new.label}"
    else:
        why = ", as asked"
        title = f"Changes since version {old.id} ({long_date(old.date)}): {new.label}"
    intro = (f"{head} against version {old.id} ({long_date(old.date)}){why}. Only the "
             "paragraphs that changed are shown, numbered as in the new version; those whose "
             "status alone changed are listed in a table.")
    return Annex(cmp, title, intro, still_pending(cmp.new), status_changes(cmp))


def status_only(p: ParagraphDiff) -> bool:
    """The text did not change, the status did, and every marker that changed is a status."""
    return (p.status == "unchanged" and any(m.kind == "status" for m in p.markers)
            and all(m.kind == "status" or m.status_from or m.status_to for m in p.markers))


def status_changes(cmp: Comparison) -> tuple[StatusChange, ...]:
    """The status-only changes of a comparison, in document order."""
    out = []
    for k, p in enumerate(cmp.paragraphs):
        if status_only(p):
            m = next(m for m in p.markers if m.kind == "status")
            out.append(StatusChange(k, p.address or p.label or f"¶ {k + 1}", m.status_from,
                                    m.status_to, m.date, m.text))
    return tuple(out)


def still_pending(doc: Document) -> list[tuple[str, str]]:
    """(address, status) of every paragraph of `doc` not yet agreed: pending or ad referendum.
    The address names the paragraph (`V.B 18`, `V.A ¶3`) and is its anchor in the HTML."""
    out = []
    for k, p in enumerate(doc.body):
        if p.status is not None and p.status.value in ("pending", "ad_referendum"):
            out.append((p.address or p.label or f"¶ {k + 1}", p.status.value))
    return out
