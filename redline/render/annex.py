"""The chair's annex in Markdown: changed paragraphs by section, each headed by its address
(`V.B 18`, `Article 4.1`), who proposed what, status."""

from __future__ import annotations

from redline.compare.result import Comparison
from redline.render.html import STATUS_LABELS, build_items
from redline.render.tables import frame_to_markdown, md_escape, summary_frame


def to_markdown(cmp: Comparison, title: str, intro: str = "",
                pending: list[tuple[str, str]] | None = None) -> str:
    """Summary table on top, then each changed paragraph as a redline under its heading."""
    lines = [f"# {md_escape(title)}", ""]
    if intro:
        lines += [md_escape(intro), ""]
    lines += ["Insertions are **bold**, deletions ~~struck through~~; the delegation that "
              "proposed each change follows it in brackets.", "", "## Summary", ""]
    lines.append(frame_to_markdown(summary_frame(cmp)))
    if pending:
        lines += [f"**Still not agreed** ({len(pending)}): " + ", ".join(
            f"{md_escape(name)} ({STATUS_LABELS.get(st, st)})" for name, st in pending), ""]
    for it in build_items(cmp, only_changed=True):
        if it.ghost_of:
            continue
        text = "".join(
            md_escape(s.text) if s.kind == "eq" else
            (f"**{md_escape(s.text.strip())}**" if s.kind == "ins" else
             f"~~{md_escape(s.text.strip())}~~")
            + (f" [{s.who or 'unattributed'}]" if s.who is not None else "")
            for s in it.inline)
        if it.first_footnote:
            lines += ["", "### Footnotes", ""]
        if it.kind == "heading" and not it.notes and not it.footnote:
            level = "##" if it.heading_level else "###"
            name = (it.address if it.label else None) or it.label
            lines += ["", f"{level} {md_escape(name) + '. ' if name else ''}{text.strip()}", ""]
            lines += _marker_lines(it)
            continue
        name = it.address or it.label
        head = f"**{md_escape(name)}** " if name else ""
        chips = []
        if it.status not in ("unchanged", "modified"):
            chips.append(it.status)
        if it.para_status:
            chips.append(STATUS_LABELS.get(it.para_status, it.para_status))
        lines += ["", f"{head}{text.strip()}" + (f" *({', '.join(chips)})*" if chips else "")]
        for n in it.notes:
            who = ", ".join(f"{c} ({md_escape(name)})" for c, name in n.delegations) \
                or "unattributed"
            extra = " — ".join(x for x in (n.date, n.evidence and md_escape(n.evidence)) if x)
            lines.append(f"- {n.kind}: {who}" + (f" — {extra}" if extra else ""))
        lines += _marker_lines(it)
    return "\n".join(lines).rstrip() + "\n"


def _marker_lines(it) -> list[str]:
    """A line for each marker that changed: status first, then markers added or removed."""
    out = []
    for m in it.markers:
        if m.kind == "status":
            out.append(f"- status: {STATUS_LABELS.get(m.status_from or '', 'none')} → "
                       f"{STATUS_LABELS.get(m.status_to or '', 'none')}"
                       + (f" ({m.date})" if m.date else ""))
        else:
            out.append(f"- marker {m.kind}: {md_escape(m.text or '')}")
    return out
