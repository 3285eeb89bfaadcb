"""The chair's annex in Markdown: changed paragraphs by section, each headed by its address
(`V.B 18`, `Article 4.1`), who proposed what, status; paragraphs whose status alone changed in
a table at the end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from redline.compare.result import Comparison
from redline.render.html import STATUS_LABELS, Item, build_items, render_html
from redline.render.tables import frame_to_markdown, md_escape, summary_frame

if TYPE_CHECKING:
    from redline.corpus.annex import Annex, StatusChange


def annex_markdown(annex: Annex) -> str:
    return to_markdown(annex.comparison, annex.title, annex.intro, annex.pending,
                       annex.status_changes)


def annex_html(annex: Annex) -> str:
    return render_html(annex.comparison, title=annex.title, only_changed=True,
                       intro=annex.intro, pending=annex.pending,
                       status_changes=annex.status_changes)


def to_markdown(cmp: Comparison, title: str, intro: str = "",
                pending: list[tuple[str, str]] | None = None,
                status_changes: Sequence[StatusChange] | None = None) -> str:
    """Summary table on top, then each changed paragraph as a redline under its heading, then
    the status-only changes (by default the comparison's) as a table."""
    if status_changes is None:
        from redline.corpus.annex import status_changes as find

        status_changes = find(cmp)
    lines = [f"# {md_escape(title)}", ""]
    if intro:
        lines += [md_escape(intro), ""]
    lines += ["Insertions are **bold**, deletions ~~struck through~~; the delegation that "
              "proposed each change follows it in brackets. Words still in the text that a "
              "delegation proposes to delete are shown as [proposed for deletion by CODE: "
              "~~words~~].", "", "## Summary", ""]
    lines.append(frame_to_markdown(summary_frame(cmp)))
    if pending:
        lines += [f"**Still not agreed** ({len(pending)}): " + ", ".join(
            f"{md_escape(name)} ({STATUS_LABELS.get(st, st)})" for name, st in pending), ""]
    skip = {c.paragraph for c in status_changes}
    for it in build_items(cmp, only_changed=True, skip=skip):
        if it.ghost_of:
            continue
        text = _redline(it)
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
        for pn in it.proposals:
            who = ", ".join(f"{c} ({md_escape(name)})" for c, name in pn.delegations) \
                or "unattributed"
            extra = " — ".join(x for x in (pn.date, pn.evidence and md_escape(pn.evidence))
                               if x)
            lines.append(f"- proposed deletion: {who}" + (f" — {extra}" if extra else ""))
        lines += _marker_lines(it)
    if status_changes:
        lines += ["", "## Status changes only", "",
                  f"{len(status_changes)} paragraph{'s' if len(status_changes) != 1 else ''} "
                  "whose text did not change but whose status did.", "",
                  "| paragraph | from | to | date | marker |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {md_escape(c.address)} | {_status(c.status_from)} | "
                  f"{_status(c.status_to)} | {c.date or ''} | {md_escape(c.marker or '')} |"
                  for c in status_changes]
    return "\n".join(lines).rstrip() + "\n"


def _status(st: str | None) -> str:
    return STATUS_LABELS.get(st, st) if st else "none"


def _wrap(text: str, opening: str, closing: str) -> str:
    """`text` between Markdown delimiters, its outer white space left outside them."""
    core = text.strip()
    if not core:
        return md_escape(text)
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{md_escape(lead)}{opening}{md_escape(core)}{closing}{md_escape(trail)}"


def _redline(it: Item) -> str:
    """The paragraph as Markdown: **inserted**, ~~deleted~~, each change followed by its
    delegations, a proposed deletion as [proposed for deletion by CODE: ~~words~~]."""
    out: list[str] = []
    for s in it.inline:
        if s.pd_first and s.proposal is not None:
            pn = it.proposals[s.proposal]
            out.append(f"[proposed for deletion by {pn.codes}"
                       + (f" ({pn.date})" if pn.date else "") + ": ")
        struck = s.proposal is not None
        out.append(_wrap(s.text, "**~~", "~~**") if s.kind == "ins" and struck else
                   _wrap(s.text, "**", "**") if s.kind == "ins" else
                   _wrap(s.text, "~~", "~~") if s.kind == "del" or struck else
                   md_escape(s.text))
        if s.who is not None:  # the tag after the words, the words' space after the tag
            body = out[-1].rstrip()
            out[-1] = f"{body} [{s.who or 'unattributed'}]{out[-1][len(body):]}"
        if s.pd_last:
            out.append("]")
    return "".join(out)


def _marker_lines(it: Item) -> list[str]:
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
