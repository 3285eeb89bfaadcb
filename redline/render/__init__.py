"""Render: one writer per output format. Writers read results; they never recompute them.

`FORMATS` says which formats each command writes; `render(cmp, fmt)` picks the writer of a
comparison, and `render_annex`, `render_audit` and `render_history` do the same for the corpus
results. PDF is the HTML report printed to A4; docx is a Word redline with tracked changes.
Writers are imported when asked for, so that a command pays only for the format it writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from redline.compare.result import Comparison
    from redline.corpus.annex import Annex
    from redline.corpus.audit import Proposal
    from redline.corpus.history import History
    from redline.corpus.stances import Objection

FORMATS: dict[str, tuple[str, ...]] = {
    "compare": ("text", "json", "html", "md", "csv", "xlsx", "pdf", "docx"),
    "annex": ("md", "html", "pdf", "docx"),
    "audit": ("json", "csv", "xlsx", "html", "md", "pdf"),
    "history": ("json", "html", "csv", "xlsx", "pdf"),
    "annotations": ("text", "json", "csv"),
    "read": ("text", "json", "csv"),
}
FORMATS["changes"] = FORMATS["compare"]  # a Word file's own redline is a comparison
COMPARISON_FORMATS = FORMATS["compare"]


def render(cmp: Comparison, fmt: str, color: bool = False) -> str | bytes:
    """The comparison in one output format."""
    if fmt == "text":
        from redline.render.text import render_text

        return render_text(cmp, color=color)
    if fmt in ("html", "pdf"):
        from redline.render.html import render_html

        return _html_or_pdf(render_html(cmp), fmt)
    if fmt == "docx":
        from redline.render.docx import to_docx

        return to_docx(cmp)
    from redline.render import tables

    return {"json": tables.to_json, "md": tables.to_markdown, "csv": tables.to_csv,
            "xlsx": tables.to_xlsx}[fmt](cmp)


def render_annex(annex: Annex, fmt: str) -> str | bytes:
    """The chair's annex as HTML, Markdown, PDF or Word."""
    if fmt in ("html", "pdf"):
        from redline.render.html import render_html

        return _html_or_pdf(render_html(annex.comparison, title=annex.title, only_changed=True,
                                        intro=annex.intro, pending=annex.pending,
                                        status_changes=annex.status_changes), fmt)
    if fmt == "docx":
        from redline.render.docx import annex_docx

        return annex_docx(annex)
    from redline.render.annex import annex_markdown

    return annex_markdown(annex)


def render_audit(code: str, name: str, proposals: list[Proposal], versions: Sequence,
                 fmt: str, objections: Sequence[Objection] = ()) -> str | bytes:
    """The audit of one delegation (its proposals and its oppositions and reservations,
    already judged) as HTML, Markdown, PDF, CSV, XLSX or JSON. The CSV is the proposals table;
    `versions` are version ids (or `Version`s)."""
    from redline.render import audit as ra

    if fmt in ("html", "pdf"):
        return _html_or_pdf(ra.to_html(code, name, proposals, versions, list(objections)), fmt)
    if fmt == "md":
        return ra.to_markdown(code, name, proposals, versions, list(objections))
    if fmt == "csv":
        return ra.to_csv(proposals)
    if fmt == "xlsx":
        return ra.to_xlsx(code, proposals, list(objections), name, versions)
    return ra.to_json(code, proposals, list(objections))


def render_history(h: History, fmt: str) -> str | bytes:
    """Every paragraph's timeline as JSON, HTML, CSV, XLSX or PDF."""
    from redline.render import history as rh

    if fmt in ("html", "pdf"):
        return _html_or_pdf(rh.to_html(h), fmt)
    return {"json": rh.to_json, "csv": rh.to_csv, "xlsx": rh.to_xlsx}[fmt](h)


def _html_or_pdf(html: str, fmt: str) -> str | bytes:
    if fmt == "html":
        return html
    from redline.render.pdf import to_pdf

    return to_pdf(html)
