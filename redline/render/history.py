"""Writers for `redline history`: an HTML timeline (printable to A4), JSON, CSV and XLSX;
footnotes after the paragraphs (`redline.corpus.history.footnote_threads`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from redline.corpus.history import History, Thread, footnote_threads, shown_threads
from redline.model import anchor
from redline.render.html import (
    STATUS_LABELS,
    Segment,
    asset,
    csp_header,
    paragraph_item,
    running_header,
)
from redline.render.stamp import stamped
from redline.render.tables import as_date, csv_text, status_label, workbook_bytes, write_sheet

CSV_COLUMNS = ["paragraph", "address", "label", "version", "date", "event", "status",
               "delegations", "text"]
XLSX_HEADERS = ["Thread", "Address", "Label", "Version", "Date", "Event", "Status",
                "Delegations", "Text"]


@dataclass
class _CellView:
    event: str
    label: str | None
    status: str | None
    segments: list[Segment]
    address: str | None = None


def _thread_json(t: Thread) -> dict:
    cur = t.current
    return {
        "id": t.id, "first_version": t.first_version, "origin": t.origin, "ends_up": t.fate(),
        "current_label": cur.label, "current_address": cur.address,
        "timeline": [{
            "version": c.version, "event": c.event, "index": c.index, "label": c.label,
            "address": c.address, "status": c.status,
            "text": c.paragraph.clean if c.paragraph else None,
            "changes": [ch.to_dict() for ch in c.diff.changes] if c.diff and
            c.event not in ("absent", "inserted") else [],
            "delegations": list(c.diff.delegations) if c.diff else [],
        } for c in t.cells],
    }


def to_json(history: History) -> str:
    """Every paragraph's and footnote's timeline (or those chosen): versions, events,
    statuses, changes."""
    paragraphs, notes = shown_threads(history)
    body = stamped({"versions": [{"id": v.id, "date": v.date, "label": v.label} for v in
                                 history.versions],
                    "paragraphs": [_thread_json(t) for t in paragraphs],
                    "footnotes": [_thread_json(t) for t in notes]})
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def records(history: History) -> list[dict]:
    """One record per paragraph (then footnote) per version it is in, or leaves."""
    dates = {v.id: v.date for v in history.versions}
    out = []
    paragraphs, notes = shown_threads(history)
    for t in [*paragraphs, *notes]:
        for c in t.cells:
            if c.event == "absent":
                continue
            out.append({"paragraph": t.id, "address": c.address or "", "label": c.label or "",
                        "version": c.version, "date": dates[c.version], "event": c.event,
                        "status": c.status or "",
                        "delegations": ";".join(c.diff.delegations) if c.diff and
                        c.event not in ("inserted", "unchanged") else "",
                        "text": c.paragraph.clean if c.paragraph else ""})
    return out


def to_csv(history: History) -> str:
    """UTF-8 with a BOM: one row per paragraph per version (CONTRACTS: CSVs)."""
    return csv_text(CSV_COLUMNS, ({**r, "status": status_label(r["status"])}
                                  for r in records(history)))


def to_xlsx(history: History) -> bytes:
    """A workbook: the versions on the first line, then a filterable table of the records."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "History"
    title = "Paragraph history across " + ", ".join(f"{v.id} ({v.date})" for v in
                                                    history.versions)
    rows = [[r["paragraph"], r["address"], r["label"], r["version"], as_date(r["date"]),
             r["event"], status_label(r["status"]), r["delegations"], r["text"]]
            for r in records(history)]
    write_sheet(wb.active, title, XLSX_HEADERS, [[v if v != "" else None for v in row]
                                                 for row in rows])
    return workbook_bytes(wb)


def thread_anchors(history: History) -> dict[int, str]:
    """The HTML id of each thread's row: the anchor of its address (`V.B 18` -> `v-b-18`) in
    the latest version, or where it last was; unique, the latest version's paragraphs claiming
    theirs first (a later claimant gets `-2`, `-3`); `t` and its number without an address.
    Computed over the whole history, so that a row keeps its id when `--paragraph` chooses."""
    threads = [*history.threads, *footnote_threads(history)]
    wanted = sorted((t.current.paragraph is None, k, t) for k, t in enumerate(threads))
    taken: set[str] = set()
    out: dict[int, str] = {}
    for _, _, t in wanted:
        last = t.current if t.current.paragraph is not None else t.last
        base = anchor(last.address) if last and last.address else f"t{t.id}"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        out[t.id] = name
    return out


def _row(t: Thread, comparisons: list, anchors: dict[int, str] | None = None) -> dict:
    cells = []
    for k, c in enumerate(t.cells):
        if c.paragraph is None:
            cells.append(_CellView(c.event, None, None, []))
            continue
        if c.diff is None or (c.event == "inserted" and k == 0):
            segs = [Segment("eq", c.paragraph.clean)]
        else:
            item, _ = paragraph_item(comparisons[k - 1], c.diff, 0, 0)
            segs = item.inline
        cells.append(_CellView(c.event, c.label, c.status, segs, c.address))
    last = t.current if t.current.paragraph is not None else t.last
    return {"id": t.id, "anchor": (anchors or {}).get(t.id, f"t{t.id}"),
            "label": t.current.label or (t.last.label if t.last else None),
            "address": last.address if last else None, "origin": t.origin, "cells": cells,
            "fate": t.fate()}


def to_html(history: History, title: str = "Paragraph history") -> str:
    """One row per paragraph (its id the anchor of its address: `#v-b-18`), the versions as
    columns, each cell the paragraph's whole text as a redline; footnotes after. Printed, each
    paragraph is a block with one line per version."""
    from jinja2 import Environment, select_autoescape

    anchors = thread_anchors(history)
    paragraphs, footnotes = shown_threads(history)
    rows = [_row(t, history.comparisons, anchors) for t in paragraphs]
    notes = [_row(t, history.comparisons, anchors) for t in footnotes]
    vs = history.versions
    span = f": {vs[0].id} → {vs[-1].id}" if vs else ""
    css = asset("history.css") + running_header(title + span)
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env.from_string(asset("history.html.j2")).render(
        title=title, versions=vs, rows=rows, notes=notes, css=css, csp=csp_header(css, ""),
        status_labels=STATUS_LABELS)
