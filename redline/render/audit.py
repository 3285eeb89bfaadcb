"""Writers for `redline audit`: JSON, CSV, XLSX, HTML and Markdown.

JSON keeps the machine values (`ad_referendum`, the fates as `corpus.audit.FATES` spells them);
the other formats say them as a person would (`Ad referendum`, `Adopted as proposed`). The
`objections` a writer receives may hold notes too (stance `note` or `question`): JSON lists
them under `notes`, the other formats in "Notes and reservations" beside the reservations.
A proposal whose words stand under another delegation's proposed deletion says so in every
format: `threatened_by` in JSON and CSV, a column in XLSX, a sentence in HTML, PDF and Markdown
(`threat_text`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from redline.corpus.audit import FATES, Proposal, Threat
from redline.corpus.stances import OBJECTING, Objection
from redline.render.stamp import stamped
from redline.render.tables import (
    as_date,
    frame_to_csv,
    human,
    md_escape,
    sheet_name,
    status_label,
    workbook_bytes,
    write_sheet,
)

COLUMNS = ["paragraph", "version", "date", "fate", "proposed_text", "current_paragraph",
           "current_status", "current_text", "similarity", "evidence", "address",
           "current_address", "via", "action", "threatened_by"]
OBJECTION_COLUMNS = ["stance", "via", "address", "version", "date", "fate", "text", "marker",
                     "current_address", "current_status", "current_text"]
STANCES = {"oppose": "Opposition", "reserve": "Reservation", "note": "Note",
           "question": "Question"}
EXCERPT = 360  # characters of the current paragraph shown around the proposal's words


def count(n: int, word: str, plural: str | None = None) -> str:
    """`1 proposal`, `2 proposals`, `0 notes`."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def to_json(code: str, proposals: list[Proposal], objections: Sequence[Objection] = ()) -> str:
    """`objections`: the oppositions and reservations; `notes`: the notes and questions."""
    opposed = [o for o in objections if o.stance in OBJECTING]
    notes = [o for o in objections if o.stance not in OBJECTING]
    body = stamped({"delegation": code, "proposals": [p.to_dict() for p in proposals],
                    "objections": [o.to_dict() for o in opposed],
                    "notes": [o.to_dict() for o in notes]})
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def threat_text(t: Threat, limit: int | None = None) -> str:
    """`Proposed for deletion by CHAIR since 2016-01 (2016-01-19): “, including …” — (CHAIR -
    CAM: ... End paragraph here)`: whose deletion threatens the words, since when, the words
    (cut to `limit` characters) and the marker."""
    who = "/".join(t.delegations) or "no named delegation"
    since = t.version + (f" ({t.date})" if t.date and t.date != t.version else "")
    words = t.deletes if limit is None or len(t.deletes) <= limit else \
        t.deletes[:limit - 1].rstrip() + "…"
    return f"Proposed for deletion by {who} since {since}: “{words}” — {t.evidence}"


def _threats_text(p: Proposal) -> str:
    return "; ".join(threat_text(t) for t in p.threatened_by)


def _evidence_text(p: Proposal) -> str:
    return "; ".join(f"{m} ({', '.join(vs)})" for m, vs, _ in _markers(p.evidence))


def _score(value: float | None) -> float | int | None:
    """A similarity as people write it: 100, 87.5."""
    return int(value) if value is not None and value == int(value) else value


def _record(p: Proposal) -> dict:
    return {**{c: getattr(p, c) for c in COLUMNS}, "fate": human(p.fate),
            "current_status": status_label(p.current_status), "evidence": _evidence_text(p),
            "similarity": _score(p.similarity), "threatened_by": _threats_text(p)}


def frame(proposals: list[Proposal]):
    import pandas as pd

    return pd.DataFrame([_record(p) for p in proposals], columns=COLUMNS)


def to_csv(proposals: list[Proposal]) -> str:
    return frame_to_csv(frame(proposals))


def _version_text(v: Any, full: bool = False) -> str:
    """A version given as its id or as a manifest `Version` (id, date, label, path); its file
    by name only (a circulated audit never shows a local folder)."""
    if isinstance(v, str):
        return v
    label = getattr(v, "label", None) if full else None
    path = getattr(v, "path", None) if full else None
    extra = [x for x in (getattr(v, "date", None), path and Path(str(path)).name) if x]
    name = f"{v.id} “{label}”" if label and label != v.id else v.id
    return f"{name} ({', '.join(map(str, extra))})" if extra else name


def _title(code: str, name: str | None, versions: Sequence | None, proposals: list[Proposal],
           objections: Sequence[Objection]) -> str:
    if not versions:  # the versions the evidence names, when the caller gives none
        seen = [e["version"] for p in proposals for e in p.evidence]
        seen += [v for o in objections for v in o.versions]
        versions = list(dict.fromkeys(seen))
    who = f"{code} ({name})" if name and name != code else code
    shown = ", ".join(_version_text(v) for v in versions[:-1])
    last = _version_text(versions[-1], full=True) if versions else ""
    return f"Audit of {who}: versions {shown + ', ' if shown else ''}{last}; fates in the latest"


def to_xlsx(code: str, proposals: list[Proposal], objections: Sequence[Objection] = (),
            name: str | None = None, versions: Sequence | None = None) -> bytes:
    """A summary sheet, the proposals, the oppositions, the notes and reservations; each sheet
    opens with a line naming the delegation and the versions."""
    from openpyxl import Workbook

    title = _title(code, name, versions, proposals, objections)
    opposed = [o for o in objections if o.stance == "oppose"]
    noted = [o for o in objections if o.stance != "oppose"]
    summary = [["Proposal", human(f), sum(p.fate == f for p in proposals)] for f in FATES]
    for o in objections:
        row = [STANCES.get(o.stance, human(o.stance)), human(o.fate)]
        hit = next((r for r in summary if r[:2] == row), None)
        if hit:
            hit[2] += 1
        else:
            summary.append([*row, 1])
    wb = Workbook()
    wb.remove(wb.active)
    write_sheet(wb.create_sheet("Summary"), title, ["Kind", "Fate", "Count"], summary)
    write_sheet(wb.create_sheet(sheet_name(f"Proposals {code}")), title, [
        "Paragraph", "First seen", "Date", "Via", "Action", "Proposed text", "Fate",
        "Paragraph now", "Status now", "Text now", "Similarity", "Evidence",
        "Threatened by (another delegation's proposed deletion)"],
        [[p.address or p.paragraph, p.version, as_date(p.date), p.via, p.action,
          p.proposed_text, human(p.fate), p.current_address, status_label(p.current_status),
          p.current_text, _score(p.similarity), _evidence_text(p), _threats_text(p) or None]
         for p in proposals])
    if opposed:
        write_sheet(wb.create_sheet("Oppositions"), title, [
            "Paragraph", "First seen", "Date", "Via", "Text opposed", "Fate", "Marker",
            "Paragraph now", "Status now", "Text now"],
            [[o.address or o.paragraph, o.version, as_date(o.date), o.via, o.text,
              human(o.fate), o.marker, o.current_address, status_label(o.current_status),
              o.current_text] for o in opposed])
    if noted:
        write_sheet(wb.create_sheet("Notes and reservations"), title, [
            "Paragraph", "Kind", "Note", "In versions", "Date", "Via", "In the latest version",
            "Paragraph now", "Status now"],
            [[o.address or o.paragraph, STANCES.get(o.stance, human(o.stance)), o.marker,
              ", ".join(o.versions), as_date(o.date), o.via, human(o.fate), o.current_address,
              status_label(o.current_status)] for o in noted])
    return workbook_bytes(wb)


def _markers(evidence: list[dict]) -> list[tuple[str, list[str], str | None]]:
    """Each distinct marker once: (marker, the versions it is in, its date)."""
    out: dict[str, tuple[list[str], str | None]] = {}
    for e in evidence:
        out.setdefault(e["marker"], ([], e.get("date")))[0].append(e["version"])
    return [(m, vs, d) for m, (vs, d) in out.items()]


def excerpt(text: str, pieces: Sequence[str], size: int = EXCERPT) -> list[tuple[bool, str]]:
    """The stretch of `text` around the first of `pieces` it holds, as (marked, text) runs:
    the pieces marked, `…` where text is left out; the whole text when it is short."""
    t = " ".join(text.split())
    low = t.lower()
    spans = []
    for piece in pieces:
        words = " ".join(piece.split()).strip(" ,;.").lower()
        hit = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", low) if words else None
        if hit:
            spans.append(hit.span())
    spans.sort()
    lo, hi = 0, len(t)
    if len(t) > size:
        if spans:
            lo = max(0, spans[0][0] - size // 3)
            hi = max(spans[0][1], lo + size)
        else:
            hi = size
        lo = t.rfind(" ", 0, lo) + 1 if lo else 0
        hi = len(t) if hi >= len(t) else max(t.rfind(" ", lo, hi), spans[0][1] if spans else 0,
                                                lo + 1)
    out: list[tuple[bool, str]] = [(False, "…")] if lo else []
    at = lo
    for a, b in spans:
        a, b = max(a, at), min(b, hi)
        if a >= b:
            continue
        out += [(False, t[at:a]), (True, t[a:b])]
        at = b
    out.append((False, t[at:hi] + ("…" if hi < len(t) else "")))
    return [(m, s) for m, s in out if s]


def _proposal_view(p: Proposal) -> dict:
    marks = [] if p.fate.startswith("adopted") and p.action == "delete" else p.pieces
    return {"p": p, "fate": human(p.fate), "status": status_label(p.current_status),
            "now": excerpt(p.current_text, marks) if p.current_text else None,
            "markers": _markers(p.evidence),
            "threats": [threat_text(t, limit=240) for t in p.threatened_by]}


def _objection_view(o: Objection) -> dict:
    return {"o": o, "kind": STANCES.get(o.stance, human(o.stance)), "fate": human(o.fate),
            "status": status_label(o.current_status),
            "now": excerpt(o.current_text, [o.text] if o.text else [])
            if o.current_text else None}


def to_html(code: str, name: str, proposals: list[Proposal], versions: Sequence,
            objections: Sequence[Objection] = ()) -> str:
    from jinja2 import Environment, select_autoescape

    from redline.render.html import asset, csp_header, running_header

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["count"] = count
    title = f"Audit of proposals: {code} ({name})" if name and name != code else \
        f"Audit of proposals: {code}"
    ids = [_version_text(v) for v in versions]
    span = f", versions {ids[0]} to {ids[-1]}" if len(ids) > 1 else ""
    css = asset("audit.css") + running_header(title + span,
                                               "font: 8pt sans-serif; color: #5f6368;")
    opposed = [_objection_view(o) for o in objections if o.stance == "oppose"]
    noted = [_objection_view(o) for o in objections if o.stance != "oppose"]
    groups = [(human(f), [_proposal_view(p) for p in proposals if p.fate == f]) for f in FATES]
    return env.from_string(asset("audit.html.j2")).render(
        title=title, code=code, name=name, groups=groups, total=len(proposals), versions=ids,
        opposed=opposed, noted=noted, css=css, csp=csp_header(css, ""),
        threatened=_threatened_sentence(proposals))


def _threatened_sentence(proposals: list[Proposal]) -> str | None:
    """`1 proposal has words under another delegation's proposed deletion: V.B 18.`"""
    hit = [p for p in proposals if p.threatened_by]
    if not hit:
        return None
    where = ", ".join(dict.fromkeys(p.current_address or p.address or p.paragraph or "?"
                                    for p in hit))
    has = "has" if len(hit) == 1 else "have"
    return (f"{count(len(hit), 'proposal')} {has} words under another delegation's proposed "
            f"deletion: {where}.")


def to_markdown(code: str, name: str, proposals: list[Proposal], versions: Sequence,
                objections: Sequence[Objection] = ()) -> str:
    """The audit for a page or a mail: counts, each proposal under its fate, the oppositions,
    the notes and reservations (a table)."""
    ids = [_version_text(v) for v in versions]
    who = f"{code} ({name})" if name and name != code else code
    opposed = [o for o in objections if o.stance == "oppose"]
    noted = [o for o in objections if o.stance != "oppose"]
    lines = [f"# Audit of proposals: {md_escape(who)}", "",
             md_escape(f"Every proposal of {name or code} found in the versions "
                       f"{', '.join(ids)}, and what became of it in the latest one"
                       f"{' (' + ids[-1] + ')' if ids else ''}: "
                       f"{count(len(proposals), 'proposal')}, "
                       f"{count(len(opposed), 'opposition')}, "
                       f"{count(len(noted), 'note or reservation', 'notes and reservations')}."),
             ""]
    lines += ["| Fate | Proposals |", "| --- | --- |"]
    lines += [f"| {human(f)} | {sum(p.fate == f for p in proposals)} |" for f in FATES]
    threatened = _threatened_sentence(proposals)
    if threatened:
        lines += ["", md_escape(threatened)]
    for f in FATES:
        items = [p for p in proposals if p.fate == f]
        if not items:
            continue
        lines += ["", f"## {human(f)} ({len(items)})", ""]
        for p in items:
            where = md_escape(p.address or p.paragraph or "")
            if p.current_address and p.current_address != p.address:
                where += f" → {md_escape(p.current_address)}"
            via = f", via {md_escape(p.via)}" if p.via else ""
            what = "for deletion" if p.action == "delete" else "text"
            words = _md_quote(p.proposed_text) if p.proposed_text else "(no words: see evidence)"
            lines.append(f"- **{where}** (first seen in {md_escape(p.version)}"
                         f"{', ' + p.date if p.date else ''}{via})")
            lines.append(f"  - Proposed {what}: {words}")
            if p.redline:
                lines.append("  - Adopted as: " + "".join(
                    md_escape(t) if op == 0 else f"**{md_escape(t.strip())}**" if op == 1 else
                    f"~~{md_escape(t.strip())}~~" for op, t in p.redline)
                    + f" (similarity {p.similarity})")
            if p.current_text:
                status = status_label(p.current_status) or "No status"
                lines.append(f"  - Now ({status}): " + "".join(
                    f"**{md_escape(s)}**" if marked else md_escape(s)
                    for marked, s in excerpt(p.current_text, p.pieces)))
            else:
                lines.append("  - Now: the paragraph is no longer in the text")
            lines += [f"  - Threatened: {md_escape(threat_text(t))}" for t in p.threatened_by]
            lines.append("  - Evidence: " + "; ".join(
                f"{_md_quote(m)} ({', '.join(vs)})" for m, vs, _ in _markers(p.evidence)))
    if opposed:
        lines += ["", f"## Oppositions ({len(opposed)})", "",
                  "| Paragraph | First seen | Text opposed | Marker | Fate | Status now |",
                  "| --- | --- | --- | --- | --- | --- |"]
        lines += [_md_row(o.address or o.paragraph, o.version, o.text or "(the paragraph)",
                          o.marker, human(o.fate), status_label(o.current_status))
                  for o in opposed]
    if noted:
        lines += ["", f"## Notes and reservations ({len(noted)})", "",
                  "| Paragraph | Kind | Note | In versions | In the latest version |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [_md_row(o.address or o.paragraph, STANCES.get(o.stance, human(o.stance)),
                          o.marker, ", ".join(o.versions), human(o.fate)) for o in noted]
    return "\n".join(lines) + "\n"


def _md_quote(text: str) -> str:
    return f"“{md_escape(text)}”"


def _md_row(*cells: str | None) -> str:
    return "| " + " | ".join(md_escape(c or "") for c in cells) + " |"
