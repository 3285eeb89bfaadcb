"""Writers for `redline annotations`: a terminal table, JSON and CSV."""

from __future__ import annotations

import json

from redline.model import Document
from redline.render.stamp import stamped
from redline.render.tables import csv_text, status_label

COLUMNS = ["paragraph", "address", "kind", "status", "delegations", "date", "proposed_text",
           "text"]


def records(doc: Document) -> list[dict]:
    """Every annotation of the document as a flat record, in reading order."""
    out = []
    for p in doc.paragraphs:
        for a in p.annotations:
            out.append({**a.to_dict(p.label), "address": p.address or None})
    return out


def to_json(doc: Document) -> str:
    body = stamped({"file": doc.path, "sha256": doc.meta.get("sha256"),
                    "conventions": doc.meta.get("conventions"),
                    "language": doc.meta.get("language"), "annotations": records(doc)})
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def to_csv(doc: Document) -> str:
    """One row per annotation, after a UTF-8 BOM (a spreadsheet then reads it as UTF-8); the
    status as people read it (`Ad referendum`), as in every table."""
    return csv_text(COLUMNS, ({**r, "status": status_label(r["status"])} for r in records(doc)))


def to_table(doc: Document, width: int = 120) -> str:
    """A fixed-width table for the terminal, one marker a line."""
    rows = [("PARA", "KIND", "STATUS", "DELEGATIONS", "DATE", "MARKER")]
    for r in records(doc):
        rows.append((
            r["address"] or r["paragraph"] or "-", r["kind"], r["status"] or "-",
            ",".join(r["delegations"]) or "-", r["date"] or "-",
            " ".join(r["text"].split()),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    rest = max(20, width - sum(widths) - 10)
    lines = []
    for row in rows:
        marker = row[5] if len(row[5]) <= rest else row[5][: rest - 1] + "…"
        lines.append("  ".join(c.ljust(w) for c, w in zip(row[:5], widths, strict=True))
                     + "  " + marker)
    lines.append(f"{len(rows) - 1} annotations in {doc.path or 'input'} "
                 f"(conventions: {doc.meta.get('conventions', 'oas')})")
    return "\n".join(lines) + "\n"
