"""Render: one writer per output format. Writers read results; they never recompute them.

`render(cmp, fmt)` picks the writer of a comparison; `render_annex` and `render_audit` do the
same for the corpus results. Writers are imported when asked for, so that a command pays only
for the format it writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redline.compare.result import Comparison
    from redline.corpus.annex import Annex
    from redline.corpus.audit import Proposal
    from redline.corpus.stances import Objection

COMPARISON_FORMATS = ("text", "json", "html", "md", "csv", "xlsx")


def render(cmp: Comparison, fmt: str, color: bool = False) -> str | bytes:
    """The comparison in one output format."""
    if fmt == "text":
        from redline.render.text import render_text

        return render_text(cmp, color=color)
    if fmt == "html":
        from redline.render.html import render_html

        return render_html(cmp)
    from redline.render import tables

    return {"json": tables.to_json, "md": tables.to_markdown, "csv": tables.to_csv,
            "xlsx": tables.to_xlsx}[fmt](cmp)


def render_annex(annex: Annex, fmt: str) -> str:
    """The chair's annex as HTML or Markdown."""
    if fmt == "html":
        from redline.render.html import render_html

        return render_html(annex.comparison, title=annex.title, only_changed=True,
                           intro=annex.intro, pending=annex.pending)
    from redline.render.annex import to_markdown

    return to_markdown(annex.comparison, annex.title, annex.intro, annex.pending)


def render_audit(code: str, name: str, proposals: list[Proposal], versions: list[str],
                 fmt: str, objections: list[Objection] | tuple = ()) -> str | bytes:
    """The audit of one delegation (its proposals and its oppositions and reservations,
    already judged) as HTML, CSV, XLSX or JSON. The CSV is the proposals table."""
    from redline.render import audit as ra

    if fmt == "html":
        return ra.to_html(code, name, proposals, versions, list(objections))
    if fmt == "csv":
        return ra.to_csv(proposals)
    if fmt == "xlsx":
        return ra.to_xlsx(code, proposals, list(objections))
    return ra.to_json(code, proposals, list(objections))
