"""The public Python API; it mirrors the command line.

    import redline
    cmp = redline.compare("revisions/2015-11.txt", "revisions/2016-01.txt")  # paths
    cmp = redline.compare_texts(old_text, new_text)  # the texts themselves
    doc = redline.load("draft.txt", conventions="un")
"""

from __future__ import annotations

from pathlib import Path

from redline.annotate.delegations import Registry
from redline.annotate.document import Settings, document_from_text, load_document
from redline.compare.result import HTML_DISPLAY, Comparison
from redline.jobs.corpus import compare_loaded
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


def load(path: str | Path | Document, *, conventions: str | Path = "auto",
         delegations: str | Path | Registry | None = None, language: str = "en",
         label: str | None = None, date: str | None = None,
         reading: Settings | None = None) -> Document:
    """A Document from a file path (a Document is returned as is). A path that does not exist
    is an error, never read as text: texts go through `load_text`."""
    if isinstance(path, Document):
        return path
    if not isinstance(path, (str, Path)):
        raise TypeError(f"load() takes a path or a Document, not {type(path).__name__}")
    how = reading or settings(conventions, delegations, language)
    return load_document(path, how, label=label, date=date)


def load_text(text: str, *, conventions: str | Path = "auto",
              delegations: str | Path | Registry | None = None, language: str = "en",
              label: str | None = None, date: str | None = None,
              reading: Settings | None = None) -> Document:
    """A Document from the text of a draft (one paragraph per line)."""
    if not isinstance(text, str):
        raise TypeError(f"load_text() takes a str, not {type(text).__name__}")
    how = reading or settings(conventions, delegations, language)
    return document_from_text(text, how, label=label, date=date)


def compare(old: str | Path | Document, new: str | Path | Document, *,
            conventions: str | Path = "auto",
            delegations: str | Path | Registry | None = None,
            language: str = "en", reading: Settings | None = None) -> Comparison:
    """Compare two versions given as file paths or Documents; texts go through
    `compare_texts`."""
    how = reading or settings(conventions, delegations, language)
    return _compare(load(old, reading=how), load(new, reading=how), how)


def compare_texts(old: str, new: str, *, conventions: str | Path = "auto",
                  delegations: str | Path | Registry | None = None,
                  language: str = "en", reading: Settings | None = None) -> Comparison:
    """Compare two versions given as the texts of the drafts."""
    how = reading or settings(conventions, delegations, language)
    return _compare(load_text(old, reading=how, label="old"),
                    load_text(new, reading=how, label="new"), how)


def _compare(old: Document, new: Document, how: Settings) -> Comparison:
    return compare_loaded(old, new, how)
