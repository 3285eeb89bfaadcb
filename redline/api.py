"""The public Python API; it mirrors the command line.

    import redline
    cmp = redline.compare("revisions/2015-11.txt", "revisions/2016-01.txt")
    doc = redline.load("draft.txt", conventions="un")
"""

from __future__ import annotations

from pathlib import Path

from redline.annotate.convention import load_convention
from redline.annotate.delegations import Registry
from redline.annotate.document import Settings, agree, document_from_text, load_document
from redline.compare.pipeline import compare_documents
from redline.compare.result import HTML_DISPLAY, Comparison
from redline.model import Document


def _notebook_html(cmp: Comparison) -> str:
    from redline.render.html import render_html

    return render_html(cmp)


HTML_DISPLAY[:] = [_notebook_html]


def settings(conventions: str | Path = "auto", delegations: str | Path | Registry | None = None,
             language: str = "en", date_order: str | None = None) -> Settings:
    """How drafts are read (the command line's --conventions, --delegations, --language)."""
    dels = delegations if delegations is None or isinstance(delegations, Registry) \
        else str(delegations)
    return Settings(str(conventions), dels, language, date_order)


def load(source: str | Path | Document, *, conventions: str | Path = "auto",
         delegations: str | Path | Registry | None = None, language: str = "en",
         label: str | None = None, date: str | None = None,
         reading: Settings | None = None) -> Document:
    """A Document from a path, a string of text, or a Document (returned as is)."""
    if isinstance(source, Document):
        return source
    how = reading or settings(conventions, delegations, language)
    if isinstance(source, Path) or ("\n" not in source and len(source) < 4096
                                    and Path(source).is_file()):
        return load_document(source, how, label=label, date=date)
    return document_from_text(source, how, label=label, date=date)


def compare(old: str | Path | Document, new: str | Path | Document, *,
            conventions: str | Path = "auto",
            delegations: str | Path | Registry | None = None,
            language: str = "en", reading: Settings | None = None) -> Comparison:
    """Compare two versions (paths, texts or Documents) and return the Comparison."""
    how = reading or settings(conventions, delegations, language)
    a, b = agree(load(old, reading=how), load(new, reading=how), how)
    registry = b.meta.get("registry") or how.registry(
        load_convention(b.meta.get("conventions", "oas")))
    return compare_documents(a, b, registry, how.language)
