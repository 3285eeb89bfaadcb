"""Load a draft into a `Document`: read (bytes to blocks) then annotate (blocks to paragraphs).

`Settings` say how drafts are read: the convention (`auto` detects it per document from the
markers it finds), the delegation list (default: the convention's own), the language of its
words and the date order of numeric dates inside drafts (default: the convention's).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from redline.annotate.convention import Convention, detect, load_convention
from redline.annotate.delegations import Registry
from redline.annotate.delegations import load as load_registry
from redline.annotate.grammar import Grammar
from redline.annotate.markers.brackets import closing_after
from redline.annotate.paragraphs import annotate
from redline.errors import RedlineError
from redline.model import Annotation, Document, Kind, MarkerKind, Paragraph
from redline.read import Source, read, read_string
from redline.read.source import reading

LANGUAGES = ("en", "es", "fr", "pt")


@dataclass(frozen=True)
class Settings:
    """How to read drafts; every command's `--conventions`, `--delegations`, `--language`."""

    conventions: str = "auto"  # a bundled name, a TOML file, or "auto"
    delegations: str | Registry | None = None  # a bundled name, a TOML file; None: the
    # convention's own list
    language: str = "en"
    date_order: str | None = None  # "MDY"/"DMY" for dates inside drafts; None: the convention's
    authors: tuple[tuple[str, str], ...] = ()  # Word author -> delegation (manifest `[authors]`)
    changes: str = "accept"  # Word's tracked changes: accept, reject, as-of:YYYY-MM-DD

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise RedlineError(f"--language {self.language!r}: one of {', '.join(LANGUAGES)}")
        if self.date_order is not None and self.date_order.upper() not in ("MDY", "DMY"):
            raise RedlineError(f"date order {self.date_order!r}: 'mdy' or 'dmy'")
        reading(self.changes)  # the read stage's one rule: a bad reading is refused here

    def convention(self, text: str | None = None) -> tuple[Convention, bool]:
        """The convention for a draft (detected from `text` under `auto`) and whether the
        draft showed evidence of it."""
        if self.conventions == "auto":
            conv, score = detect(text or "")
            return conv, score > 0
        return load_convention(self.conventions), True

    def registry(self, convention: Convention) -> Registry:
        if isinstance(self.delegations, Registry):
            return self.delegations
        return load_registry(self.delegations or convention.delegations)

    def grammar(self, convention: Convention) -> Grammar:
        return _grammar(self, convention)


@cache
def _grammar(settings: Settings, convention: Convention) -> Grammar:
    order = settings.date_order.upper() if settings.date_order else \
        convention.date_order_for(settings.language)
    registry = settings.registry(convention)
    return Grammar(registry, order, convention.vocabulary(settings.language), convention,
                   (*registry.authors, *settings.authors))


def grammar_for(registry: Registry | None = None, date_order: str | None = None, *,
                convention: Convention | None = None, language: str = "en") -> Grammar:
    """The marker grammar of a convention (OAS by default) for a registry (its own list)."""
    return _grammar(Settings(delegations=registry, language=language, date_order=date_order),
                    convention or load_convention("oas"))


def annotate_source(source: Source, grammar: Grammar | Settings | None = None, *,
                    label: str | None = None, date: str | None = None,
                    convention: Convention | None = None) -> Document:
    """Interpret the markers of a read file: the annotated Document.

    `grammar` is a Grammar, or Settings from which the convention is chosen (detected from the
    draft under `auto`, unless a `convention` is given).
    """
    detected = True
    if grammar is None or isinstance(grammar, Settings):
        settings = grammar or Settings()
        if convention is None:
            convention, detected = settings.convention(source.blocks_text)
        grammar = settings.grammar(convention)
    if grammar.convention.numbering is not None and source.text:
        source = source.reread(grammar.convention.numbering)
    paragraphs = continue_positions(annotate(source.blocks, grammar))
    meta = {"conventions": grammar.convention.name, "evidence": detected,
            "language": grammar.patterns.v.language, "registry": grammar.registry,
            "source": source, "sha256": source.sha256}
    return Document(paragraphs, path=source.path, label=label, date=date,
                    encoding=source.encoding, meta=meta)


MAX_RUN_ON = 50  # paragraphs a position bracket may run over before it is taken as unclosed


def continue_positions(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """A position bracket left open at a paragraph's end runs on: its `proposed_text` takes
    the following paragraphs' words up to the bracket that closes it."""
    out = list(paragraphs)
    for k, p in enumerate(out):
        runs_on = [n for n, a in enumerate(p.annotations)
                   if a.kind is MarkerKind.POSITION and a.end == len(p.raw)]
        if not runs_on:
            continue
        closed = closing_after(p.raw, [p.annotations[n].start + 1 for n in runs_on])
        unclosed = {n for n, c in zip(runs_on, closed, strict=True) if c < 0}
        for n, a in enumerate(p.annotations):
            if n not in unclosed:
                continue
            words = [a.proposed_text or ""]
            for j in range(k + 1, min(len(out), k + 1 + MAX_RUN_ON)):
                q = out[j]
                if q.kind is Kind.FOOTNOTE:
                    break
                at = closing_after(q.raw, [0])[0]
                words.append(q.raw[:at - 1] if at >= 0 else q.raw)
                out[j] = _continued(q, a, at - 1 if at >= 0 else len(q.raw))
                if at >= 0:
                    break
            text = "\n".join(w.strip() for w in words if w.strip())
            anns = list(p.annotations)
            anns[n] = replace(a, proposed_text=text or None)
            out[k] = p = replace(p, annotations=tuple(anns))
    return tuple(out)


def _continued(q: Paragraph, a: Annotation, end: int) -> Paragraph:
    """`q` lies inside the position `a` opened in an earlier paragraph: a zero-width marker
    at its start carries its words (up to `end`) for the same Parties."""
    mark = replace(a, text="", start=0, end=0, kept=((0, end),), heads_paragraph=False,
                   proposed_text=q.raw[:end].strip() or None)
    return replace(q, annotations=(mark, *q.annotations), marker_points=(0, *q.marker_points))


def load_document(path: str | Path, grammar: Grammar | Settings | None = None, *,
                  label: str | None = None, date: str | None = None) -> Document:
    """Read a file path into an annotated Document (Word's tracked changes as the Settings'
    `changes` say)."""
    changes = grammar.changes if isinstance(grammar, Settings) else "accept"
    return annotate_source(read(path, changes=changes), grammar, label=label, date=date)


def document_from_text(text: str, grammar: Grammar | Settings | None = None, *,
                       path: str | None = None, label: str | None = None,
                       date: str | None = None) -> Document:
    """Annotate already-decoded text."""
    return annotate_source(read_string(text, path), grammar, label=label, date=date)


def agree(old: Document, new: Document, settings: Settings) -> tuple[Document, Document]:
    """Under `auto`, a draft with no evidence of any convention is read as its counterpart
    is (a clean text compared with a marked-up one)."""
    if settings.conventions != "auto":
        return old, new
    a, b = old.meta.get("evidence", True), new.meta.get("evidence", True)
    if a == b or old.meta.get("conventions") == new.meta.get("conventions"):
        return old, new
    src, other = (new, old) if b else (old, new)
    conv = load_convention(src.meta["conventions"])
    redone = annotate_source(other.meta["source"], settings, label=other.label, date=other.date,
                             convention=conv)
    return (redone, new) if other is old else (old, redone)
