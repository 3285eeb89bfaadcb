"""Load a draft into a `Document`: read (bytes to blocks) then annotate (blocks to paragraphs)."""

from __future__ import annotations

from pathlib import Path

from redline.annotate.delegations import Registry
from redline.annotate.delegations import load as load_registry
from redline.annotate.grammar import Grammar
from redline.annotate.paragraphs import annotate
from redline.model import Document
from redline.read import Source, read, read_string


def grammar_for(registry: Registry | None = None, date_order: str = "MDY") -> Grammar:
    """The marker grammar for a registry (the bundled OAS one by default)."""
    return Grammar(registry or load_registry(), date_order)


def annotate_source(source: Source, grammar: Grammar | None = None, *, label: str | None = None,
                    date: str | None = None) -> Document:
    """Interpret the markers of a read file: the annotated Document."""
    paragraphs = annotate(source.blocks, grammar or grammar_for())
    return Document(paragraphs, path=source.path, label=label, date=date,
                    encoding=source.encoding)


def load_document(path: str | Path, grammar: Grammar | None = None, *, label: str | None = None,
                  date: str | None = None) -> Document:
    """Read a file path into an annotated Document."""
    return annotate_source(read(path), grammar, label=label, date=date)


def document_from_text(text: str, grammar: Grammar | None = None, *, path: str | None = None,
                       label: str | None = None, date: str | None = None) -> Document:
    """Annotate already-decoded text."""
    return annotate_source(read_string(text, path), grammar, label=label, date=date)
