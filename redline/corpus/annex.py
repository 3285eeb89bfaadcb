"""The chair's annex: the latest version against the one in force at a date, what changed and
what is still not agreed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from redline.annotate.delegations import Registry
from redline.compare.pipeline import compare_documents
from redline.compare.result import Comparison
from redline.corpus.manifest import Version
from redline.dates import parse_any_date
from redline.errors import RedlineError
from redline.model import Document


@dataclass(frozen=True)
class Annex:
    """The comparison behind an annex and the words around it."""

    comparison: Comparison
    title: str
    intro: str
    pending: list[tuple[str, str]]  # (address, status) not yet agreed in the new version


def pick_versions(versions: list[Version], since: str | None, from_: str | None,
                  to: str | None) -> tuple[Version, Version]:
    """The version in force at `since` (or named `from_`) and the target version."""
    ids = [v.id for v in versions]
    for name in (from_, to):
        if name is not None and name not in ids:
            raise RedlineError(f"no version {name!r} (versions: {', '.join(ids)})")
    new = versions[ids.index(to)] if to else versions[-1]
    if from_:
        old = versions[ids.index(from_)]
    elif since:
        day = parse_any_date(since)
        if day is None:
            raise RedlineError(f"--since {since!r}: not a date (YYYY-MM-DD or M/D/YYYY)")
        before = [v for v in versions if v.date <= day]
        if not before:
            raise RedlineError(f"no version was in force on {day} (first: {versions[0].date})")
        old = before[-1]
    else:
        raise RedlineError("give --since DATE or --from VERSION")
    if old.date > new.date or old.id == new.id:
        raise RedlineError(f"nothing to compare: {old.id} is not older than {new.id}")
    return old, new


def build_annex(versions: list[Version], load: Callable[[Version], Document],
                registry: Registry, since: str | None = None, from_: str | None = None,
                to: str | None = None, comparisons: list[Comparison] | None = None) -> Annex:
    """The annex; `comparisons` of consecutive versions, when given, are reused."""
    old, new = pick_versions(versions, since, from_, to)
    k = versions.index(old)
    if comparisons and versions[k + 1] == new:
        cmp = comparisons[k]
    else:
        cmp = compare_documents(load(old), load(new), registry)
    when = f" since {since}" if since else ""
    intro = (f"Redline of version {new.id} ({new.date}) against version {old.id} ({old.date})"
             f"{', the version in force on ' + since if since else ''}. Only the paragraphs "
             "that changed are shown, numbered as in the new version.")
    return Annex(cmp, f"Changes{when}: {new.label}", intro, still_pending(cmp.new))


def still_pending(doc: Document) -> list[tuple[str, str]]:
    """(address, status) of every paragraph of `doc` not yet agreed: pending or ad referendum.
    The address names the paragraph (`V.B 18`, `V.A ¶3`) and is its anchor in the HTML."""
    out = []
    for k, p in enumerate(doc.body):
        if p.status is not None and p.status.value in ("pending", "ad_referendum"):
            out.append((p.address or p.label or f"¶ {k + 1}", p.status.value))
    return out
