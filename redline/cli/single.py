"""Commands over one draft: `read` (what redline reads in it) and `annotations` (its markers)."""

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
    _settings,
    _warn_empty,
)


@click.command(name="read")
@click.argument("file", type=click.Path(dir_okay=False))
@_output_opts("read", "text")
@_delegations_opt
def read_cmd(file: str, fmt: str | None, output: str | None, conventions: str | None,
             delegations: str | None, language: str | None, changes: str | None) -> None:
    """Show exactly what redline reads in FILE: each paragraph's address, kind, clean text and
    annotations with their positions."""
    _one_file("read", file, fmt, output, conventions, delegations, language, changes)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_output_opts("annotations", "text")
@_delegations_opt
def annotations(file: str, fmt: str | None, output: str | None, conventions: str | None,
                delegations: str | None, language: str | None, changes: str | None) -> None:
    """List every annotation marker in FILE: kind, status, delegations, date."""
    _one_file("annotations", file, fmt, output, conventions, delegations, language, changes)


def _one_file(command: str, file: str, fmt: str | None, output: str | None,
              conventions: str | None, delegations: str | None, language: str | None,
              changes: str | None) -> None:
    """A command that reads one draft and writes it (`jobs.outputs.one_file_writer`)."""
    from redline.api import load
    from redline.jobs.outputs import one_file_writer

    fmt = _fmt(command, fmt, output, "text")
    folder = _beside(file)
    doc = load(Path(file), reading=_settings(conventions, delegations, language, changes, folder))
    _warn_empty(doc)
    _note_changes(changes, [doc])
    _emit(one_file_writer(command, fmt)(doc), output, (file, delegations, _manifest(folder)))
