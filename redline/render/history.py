"""Writers for `redline history`: an HTML timeline and JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

from redline.corpus.history import History
from redline.render.html import STATUS_LABELS, Segment, asset, csp_header, paragraph_item


@dataclass
class _CellView:
    event: str
    label: str | None
    status: str | None
    segments: list[Segment]
    address: str | None = None


def to_json(history: History) -> str:
    """Every paragraph's timeline: versions, events, statuses, changes with delegations."""
    rows = []
    for t in history.threads:
        cur = t.current
        rows.append({
            "id": t.id,
            "first_version": t.first_version,
            "origin": t.origin,
            "ends_up": t.fate(),
            "current_label": cur.label,
            "current_address": cur.address,
            "timeline": [{
                "version": c.version, "event": c.event, "index": c.index, "label": c.label,
                "address": c.address, "status": c.status,
                "text": c.paragraph.clean if c.paragraph else None,
                "changes": [ch.to_dict() for ch in c.diff.changes] if c.diff and
                c.event not in ("absent", "inserted") else [],
                "delegations": list(c.diff.delegations) if c.diff else [],
            } for c in t.cells],
        })
    body = {"versions": [{"id": v.id, "date": v.date, "label": v.label} for v in
                         history.versions], "paragraphs": rows}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def to_html(history: History, title: str = "Paragraph history") -> str:
    """One row per paragraph, the versions as columns, each cell a small redline."""
    from jinja2 import Environment, select_autoescape

    rows = []
    for t in history.threads:
        cells = []
        for k, c in enumerate(t.cells):
            if c.paragraph is None:
                cells.append(_CellView(c.event, None, None, []))
                continue
            if c.diff is None or (c.event == "inserted" and k == 0):
                segs = [Segment("eq", c.paragraph.clean)]
            else:
                cmp = history.comparisons[k - 1]
                item, _ = paragraph_item(cmp, c.diff, 0, 0)
                segs = item.inline
            cells.append(_CellView(c.event, c.label, c.status, segs, c.address))
        last = t.current if t.current.paragraph is not None else t.last
        rows.append({"id": t.id, "label": t.current.label or (t.last.label if t.last else None),
                     "address": last.address if last else None,
                     "origin": t.origin, "cells": cells, "fate": t.fate()})
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    css = asset("history.css")
    return env.from_string(asset("history.html.j2")).render(
        title=title, versions=history.versions, rows=rows, css=css, csp=csp_header(css, ""),
        status_labels=STATUS_LABELS)
