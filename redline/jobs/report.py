"""The report folder: every redline, annex, audit and the history of a corpus, with an index."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from redline.annotate.delegations import Registry
from redline.corpus.annex import build_annex
from redline.corpus.audit import audit, proposers
from redline.corpus.history import History
from redline.corpus.stances import objections, objectors
from redline.errors import RedlineError
from redline.jobs.folder import check_owned, leftovers, prune
from redline.jobs.output import write_atomic
from redline.render import history as rh
from redline.render import render, render_annex, render_audit
from redline.render.index import Link, Section, render_index
from redline.stamp import stamped

MARKER = ".redline-report"  # in every report folder: redline made it, and these files
# the names a report folder holds (to know an older one, written before the marker)
REPORT_NAMES = re.compile(r"index\.html|history\.(html|json)|redline_.+_to_.+\.(html|xlsx)|"
                          r"annex_since_.+\.(html|md|docx)|audit_.+\.(html|json)")


def check_outdir(outdir: str | Path) -> Path:
    """The report folder, checked before any work: not a file, its parent exists."""
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise RedlineError(f"{outdir}: exists and is not a folder")
    if not out.exists() and not out.parent.is_dir():
        raise RedlineError(f"{outdir}: its parent folder {out.parent} does not exist")
    return out


def report_files(h: History, registry: Registry, *, title: str, since: tuple[str, ...] = (),
                 audits: bool = True) -> dict[str, str | bytes]:
    """Every report of a loaded corpus, rendered (name -> content); `index.html` links them
    all. `since` are ISO dates."""
    files: dict[str, str | bytes] = {}
    sections = [_redlines(h, files.__setitem__)]
    if since:
        sections.append(_annexes(h, registry, since, files.__setitem__))
    files["history.html"] = rh.to_html(h)
    files["history.json"] = rh.to_json(h)
    sections.append(Section("Every paragraph across the versions",
                            [Link("history.html", "Paragraph history", "",
                                  [("history.json", "JSON")])]))
    if audits:
        sections.append(_audits(h, registry, files.__setitem__))
    files["index.html"] = render_index(title, h.versions, sections)
    return files


def is_old_report(out: Path) -> bool:
    """A report folder written before the marker existed: its index is redline's."""
    try:
        with (out / "index.html").open("rb") as f:
            return b"<title>redline reports: " in f.read(4096)
    except OSError:
        return False


def check_report_folder(outdir: str | Path, force: bool = False) -> Path:
    """The report folder, checked before any work: not a file, its parent exists, and either
    new, empty, or made by redline (unless `force`)."""
    out = check_outdir(outdir)
    check_owned(out, MARKER, force=force, legacy=out.is_dir() and is_old_report(out))
    return out


def made_before(out: Path) -> set[str]:
    """The files an earlier run made in `out`: as its marker lists them; in a folder written
    before the marker, those named as a report names its files."""
    try:
        data = json.loads((out / MARKER).read_text(encoding="utf-8"))
        return {f for f in data.get("files", []) if isinstance(f, str) and "/" not in f}
    except (OSError, ValueError, AttributeError):
        pass
    if not is_old_report(out):
        return set()
    return {p.name for p in out.iterdir() if p.is_file() and REPORT_NAMES.fullmatch(p.name)}


def write_files(outdir: str | Path, files: dict[str, str | bytes],
                inputs: tuple[str | None, ...] = (), *, delete: bool = False) -> list[str]:
    """Write rendered reports into `outdir`, each atomically, then the marker that lists what
    redline made there, `index.html` last (a failure never leaves an index that links to what
    is missing). Returns the files an earlier run made there that these do not replace: kept
    (and still listed in the marker), or deleted when `delete`."""
    out = check_outdir(outdir)
    out.mkdir(exist_ok=True)
    old = leftovers(out, made_before(out), files)
    for name in (n for n in files if n != "index.html"):
        write_atomic(out / name, files[name], inputs)
    if delete:
        prune(out, old)
    kept = [] if delete else old
    marker = stamped({"made_by": "redline report", "files": sorted({*files, *kept})})
    write_atomic(out / MARKER, json.dumps(marker, indent=1) + "\n", inputs)
    if "index.html" in files:
        write_atomic(out / "index.html", files["index.html"], inputs)
    return old


def write_report(h: History, registry: Registry, outdir: str | Path, *, title: str,
                 since: tuple[str, ...] = (), audits: bool = True,
                 inputs: tuple[str | None, ...] = (), delete: bool = False
                 ) -> tuple[list[str], list[str]]:
    """Write the reports of a loaded corpus into `outdir`. Every file is rendered before the
    first is written; returns the names written, and those an earlier run made that this one
    does not (deleted when `delete`, else kept)."""
    files = report_files(h, registry, title=title, since=since, audits=audits)
    old = write_files(outdir, files, inputs, delete=delete)
    return list(files), old


def _redlines(h: History, write: Callable[[str, str | bytes], None]) -> Section:
    section = Section("Redlines between consecutive versions")
    for va, vb, cmp in zip(h.versions, h.versions[1:], h.comparisons, strict=False):
        stem = f"redline_{va.id}_to_{vb.id}"
        write(f"{stem}.html", render(cmp, "html"))
        write(f"{stem}.xlsx", render(cmp, "xlsx"))
        s = cmp.summary()
        section.links.append(Link(f"{stem}.html", f"{va.id} → {vb.id}",
                                  f"{s['total_changes']} changes, {s['unattributed']} "
                                  "unattributed", [(f"{stem}.xlsx", "tables (XLSX)")]))
    return section


def _annexes(h: History, registry: Registry, since: tuple[str, ...],
             write: Callable[[str, str | bytes], None]) -> Section:
    section = Section("The chair's annex: changes since the last meeting")
    docs = dict(zip((v.id for v in h.versions), h.documents, strict=True))
    for day in since:
        annex = build_annex(h.versions, lambda v: docs[v.id], registry, since=day,
                            comparisons=h.comparisons)
        stem = f"annex_since_{day}"
        write(f"{stem}.html", render_annex(annex, "html"))
        write(f"{stem}.md", render_annex(annex, "md"))
        write(f"{stem}.docx", render_annex(annex, "docx"))
        section.links.append(Link(f"{stem}.html", f"Changes since {day}",
                                  f"{annex.comparison.summary()['total_changes']} changes",
                                  [(f"{stem}.docx", "Word, tracked changes"),
                                   (f"{stem}.md", "Markdown")]))
    return section


def _audits(h: History, registry: Registry,
            write: Callable[[str, str | bytes], None]) -> Section:
    section = Section("What became of each delegation's proposals")
    versions = list(h.versions)
    for code in sorted(set(proposers(h.documents)) | set(objectors(h.documents))):
        props, objs = audit(h, code, registry), objections(h, code, registry)
        name = registry.name(code)
        write(f"audit_{code}.html", render_audit(code, name, props, versions, "html", objs))
        write(f"audit_{code}.json", render_audit(code, name, props, versions, "json", objs))
        section.links.append(Link(f"audit_{code}.html", f"{code} · {name}", "",
                                  [(f"audit_{code}.json", "JSON")]))
    return section
