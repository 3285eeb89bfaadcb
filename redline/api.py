"""The public Python API; it mirrors the command line."""

from __future__ import annotations

from pathlib import Path

from redline.annotate.delegations import Registry
from redline.annotate.delegations import load as load_registry
from redline.annotate.document import document_from_text, grammar_for, load_document
from redline.compare.pipeline import compare_documents
from redline.compare.result import HTML_DISPLAY, Comparison
from redline.model import Document


def _notebook_html(cmp: Comparison) -> str:
    from redline.render.html import render_html

    return render_html(cmp)


HTML_DISPLAY[:] = [_notebook_html]


def load(source: str | Path | Document, *, delegations: str | Path | Registry | None = None,
         label: str | None = None, date: str | None = None) -> Document:
    """A Document from a path, a string of text, or a Document (returned as is)."""
    if isinstance(source, Document):
        return source
    registry = delegations if isinstance(delegations, Registry) else load_registry(delegations)
    grammar = grammar_for(registry)
    if isinstance(source, Path) or ("\n" not in source and len(source) < 4096
                                    and Path(source).is_file()):
        return load_document(source, grammar, label=label, date=date)
    return document_from_text(source, grammar, label=label, date=date)


def compare(old: str | Path | Document, new: str | Path | Document, *,
            delegations: str | Path | Registry | None = None,
            language: str = "en") -> Comparison:
    """Compare two versions (paths, texts or Documents) and return the Comparison."""
    registry = delegations if isinstance(delegations, Registry) else load_registry(delegations)
    return compare_documents(load(old, delegations=registry), load(new, delegations=registry),
                             registry, language)
