"""Writers for `redline read`: exactly what redline reads, paragraph by paragraph.

Each paragraph's address, label, kind, clean text and raw text, with its annotations and their
positions (who proposes, supports, opposes ...): how a user checks that nothing was lost.
"""

from __future__ import annotations

import json
import textwrap

from redline.model import Document
from redline.render.stamp import stamped
from redline.render.tables import csv_text, status_label

CSV_COLUMNS = ["address", "label", "kind", "stances", "delegations", "status", "date",
               "proposed_text", "text", "start", "end"]


def paragraph_records(doc: Document) -> list[dict]:
    """Every paragraph as a record: address, label, kind, clean text, raw text, annotations."""
    out = []
    for p in doc.paragraphs:
        address = p.address or None
        anns = []
        for a in p.annotations:
            rec = a.to_dict(p.label)
            rec["address"] = address
            anns.append(rec)
        out.append({"address": address, "label": p.label, "kind": str(p.kind), "text": p.clean,
                    "raw": p.raw, "annotations": anns})
    return out


def header(doc: Document) -> dict:
    """What was read and how: the file, its hash, the convention and language."""
    meta = doc.meta
    return stamped({"file": doc.path, "sha256": meta.get("sha256"),
                    "conventions": meta.get("conventions"), "language": meta.get("language")})


def to_json(doc: Document) -> str:
    body = {**header(doc), "paragraphs": paragraph_records(doc)}
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _stances(a: dict) -> str:
    return "; ".join(f"{p['stance']} {'/'.join(p['delegations'])}" for p in a["positions"])


def to_csv(doc: Document) -> str:
    """One row per annotation (CONTRACTS: `read` CSV); statuses as people read them."""
    return csv_text(CSV_COLUMNS, ({**a, "address": p["address"], "label": p["label"],
                                   "stances": _stances(a), "status": status_label(a["status"])}
                                  for p in paragraph_records(doc) for a in p["annotations"]))


def _shown(a: dict) -> str:
    """What a line of `read` shows of an annotation: the marker as written; for a Word
    revision, its author and what it did (`tracked-delete by Japan: “now”`); for a comment,
    its author and words."""
    words = " ".join(a["text"].split())
    if a["source"] == "marker":
        return words or "(inside a position opened above)"
    if a["source"] != "comment":
        words = " ".join((a["text"] or a["proposed_text"] or "").split())
    return f"{a['source']} by {a['author'] or 'unknown author'}: “{words}”"


def to_text(doc: Document, width: int = 100) -> str:
    """For the terminal: each paragraph's address and kind, its clean text, its markers."""
    h = header(doc)
    evidence = "" if doc.meta.get("evidence", True) else ", no marker evidence"
    lines = [f"{h['file'] or 'input'}: conventions {h['conventions']}{evidence}, "
             f"language {h['language']}, {len(doc.paragraphs)} paragraphs", ""]
    for p in paragraph_records(doc):
        lines.append(f"[{p['address'] or p['label'] or '-'}] {p['kind']}")
        lines += textwrap.wrap(p["text"], width, initial_indent="  ", subsequent_indent="  ") \
            or ["  (empty)"]
        for a in p["annotations"]:
            what = _stances(a) or "-"
            status = f" {a['status']}" if a["status"] else ""
            date = f" {a['date']}" if a["date"] else ""
            marker = _shown(a)
            marker = marker if len(marker) <= 70 else marker[:69] + "…"
            lines.append(f"  · {a['kind']}{status}: {what}{date} — {marker}")
        lines.append("")
    return "\n".join(lines)
