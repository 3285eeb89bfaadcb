"""Commands over two readings: `compare` (NEW against OLD) and `changes` (one Word file's
tracked changes as a redline)."""

from __future__ import annotations

from pathlib import Path

import click

from redline.cli.options import (
    _beside,
    _delegations_opt,
    _emit,
    _fmt,
    _manifest,
    _note_changes,
    _output_opts,
    _preload,
    _settings,
    _warn_empty,
)
from redline.errors import RedlineError


@click.command()
@click.argument("old")
@click.argument("new")
@_output_opts("compare", "text")
@click.option("--delegation", "only", multiple=True, metavar="CODE",
              help="Show only this delegation's changes (a code or alias; repeatable). The "
                   "summary counts what is shown.")
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="Name versions by id from this corpus folder (default: ./revisions when "
                   "it exists): redline compare 2015-11 2016-01.")
@click.option("--old-label", default=None, help="Name shown for OLD (default: its version id "
                                                "or file name).")
@click.option("--new-label", default=None, help="Name shown for NEW (default: its version id "
                                                "or file name).")
@_delegations_opt
def compare(old: str, new: str, fmt: str | None, output: str | None, only: tuple[str, ...],
            corpus: str | None, old_label: str | None, new_label: str | None,
            conventions: str | None, delegations: str | None, language: str | None,
            changes: str | None) -> None:
    """Redline NEW against OLD, attributing each change to a delegation. OLD and NEW are files,
    or version ids of a corpus."""
    from redline.api import compare as run
    from redline.api import load
    from redline.jobs.corpus import find_version
    from redline.render import render

    fmt = _fmt("compare", fmt, output, "text")
    if corpus is None and Path("revisions", "manifest.toml").is_file():
        corpus = "revisions"
    va, vb = find_version(old, corpus), find_version(new, corpus)
    folder = corpus if va or vb else _beside(new, old)
    how = _settings(conventions, delegations, language, changes, folder)
    _preload(how.language)
    a = load(va.path if va else Path(old), reading=how,
             label=old_label or (va.id if va else Path(old).stem), date=va and va.date)
    b = load(vb.path if vb else Path(new), reading=how,
             label=new_label or (vb.id if vb else Path(new).stem), date=vb and vb.date)
    _empty(a, va, b, vb, corpus)
    _note_changes(changes, [a, b])
    cmp = run(a, b, reading=how)
    if only:
        cmp = cmp.for_delegations(only)
    color = _in_color(fmt, output)
    _emit(render(cmp, fmt, color=color), output,
          (str(a.path), str(b.path), delegations, _manifest(folder)), color=color)


@click.command(name="changes")
@click.argument("file", type=click.Path(dir_okay=False))
@_output_opts("changes", "text")
@click.option("--delegation", "only", multiple=True, metavar="CODE",
              help="Show only this delegation's changes (a code or alias; repeatable).")
@_delegations_opt
def changes_cmd(file: str, fmt: str | None, output: str | None, only: tuple[str, ...],
                conventions: str | None, delegations: str | None, language: str | None,
                changes: str | None) -> None:
    """The tracked changes of one Word file as a redline: the text with every change rejected
    against the text with every change accepted, each change credited to its author's
    delegation or to the Party its comment names."""
    from dataclasses import replace

    from redline.api import compare as run
    from redline.api import load
    from redline.render import render

    fmt = _fmt("changes", fmt, output, "text")
    if changes:
        raise RedlineError("changes compares the rejected and accepted readings of FILE: "
                           "--changes does not apply")
    folder = _beside(file)
    how = _settings(conventions, delegations, language, None, folder)
    _preload(how.language)
    stem = Path(file).stem
    old = load(Path(file), reading=replace(how, changes="reject"),
               label=f"{stem} (changes rejected)")
    if old.meta["source"].format != "docx":
        raise RedlineError(f"{file}: not a Word .docx file (changes reads a Word file's "
                           "tracked changes)")
    new = load(Path(file), reading=replace(how, changes="accept"),
               label=f"{stem} (changes accepted)")
    if not old.paragraphs and not new.paragraphs:  # one reading alone may be empty
        _warn_empty(new)
    cmp = run(old, new, reading=how)
    if only:
        cmp = cmp.for_delegations(only)
    color = _in_color(fmt, output)
    _emit(render(cmp, fmt, color=color), output, (file, delegations, _manifest(folder)),
          color=color)


def _empty(a, va, b, vb, corpus: str | None) -> None:
    """A draft without text: refused when it is a version of the corpus, else a warning."""
    from redline.jobs.corpus import refuse_empty

    versions = [(v, d) for v, d in ((va, a), (vb, b)) if v is not None]
    if versions and corpus is not None:
        refuse_empty([v for v, _ in versions], [d for _, d in versions], corpus)
    _warn_empty(*(d for v, d in ((va, a), (vb, b)) if v is None))


def _in_color(fmt: str, output: str | None) -> bool:
    """Colour only for text on a terminal. `_color` is looked up on the package when called,
    so `redline.cli._color` stays the one switch (tests patch it there)."""
    from redline import cli

    return output is None and fmt == "text" and cli._color()
