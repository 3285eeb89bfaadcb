"""Load a draft into a `Document`: read (bytes to blocks) then annotate (blocks to paragraphs)."""

from __future__ import annotations

from pathlib import Path

from redline.annotate import annotate
from redline.annotations import Grammar
from redline.delegations import Registry
from redline.delegations import load as load_registry
from redline.model import Document
from redline.readers.text import decode, read_bytes, read_text


def grammar_for(registry: Registry | None = None, date_order: str = "MDY") -> Grammar:
    """The marker grammar for a registry (the bundled OAS one by default)."""
    return Grammar(registry or load_registry(), date_order)


def load_document(source: str | Path, grammar: Grammar | None = None, *, label: str | None = None,
                  date: str | None = None) -> Document:
    """Read a file path into an annotated Document."""
    data = read_bytes(source)
    text, encoding = decode(data, str(source))
    return document_from_text(text, grammar, path=str(source), label=label, date=date,
                              encoding=encoding)


def document_from_text(text: str, grammar: Grammar | None = None, *, path: str | None = None,
                       label: str | None = None, date: str | None = None,
                       encoding: str = "utf-8") -> Document:
    """Annotate already-decoded text."""
    paragraphs = annotate(read_text(text), grammar or grammar_for())
    return Document(paragraphs, path=path, label=label, date=date, encoding=encoding)
