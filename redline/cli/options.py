"""What the commands share: the reading and output options, the reading settings, the output
format and writer, the corpus loader with its progress bar, and the `_PROGRAM` flag."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from redline.errors import RedlineError
from redline.render import FORMATS

_PROGRAM = False  # set by `redline.cli.run`: this process is the `redline` program, not a caller's


def _delegations_opt(fn):
    """--conventions, --delegations, --language and --changes: how every command reads."""
    fn = click.option(
        "--changes", default=None, metavar="accept|reject|as-of:DATE",
        help="Word files: read with their tracked changes accepted (default), rejected, or "
             "as of a day (those dated on or before it accepted).")(fn)
    fn = click.option(
        "--language", default=None, type=click.Choice(["en", "es", "fr", "pt"]),
        help="The drafts' language (marker words); default: the manifest's, else en.")(fn)
    fn = click.option(
        "--delegations", default=None, metavar="NAME|FILE",
        help="Delegation list: bundled 'oas' or 'un', or a TOML file; default: the "
             "convention's own list.")(fn)
    return click.option(
        "--conventions", default=None, metavar="NAME|FILE|auto",
        help="Drafting convention: 'oas', 'un', 'trade', a TOML file, or 'auto' (default: "
             "the manifest's, else detected from each draft's markers).")(fn)


def _output_opts(command: str, default: str):
    """--format and -o of a command: the formats it writes, from redline.render.FORMATS."""
    names = FORMATS[command]
    choices = [*names, "table"] if command == "annotations" else list(names)

    def deco(fn):
        fn = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                          help="Write to this file (atomically) instead of the terminal.")(fn)
        return click.option(
            "--format", "fmt", type=click.Choice(choices), default=None,
            help=f"Output format: {', '.join(names)} (default: from the extension of -o, "
                 f"else {default}).")(fn)
    return deco


_DATE_ORDER_HELP = ("How to read a numeric date typed here that reads two ways (7/12/2015): "
                    "dmy or mdy. Without it such a date is refused.")


def _date_order_opt(fn):
    return click.option("--date-order", type=click.Choice(["dmy", "mdy"]), default=None,
                        help=_DATE_ORDER_HELP)(fn)


def _settings(conventions: str | None, delegations: str | None, language: str | None,
              changes: str | None, folder: str | None = None):
    """How to read drafts: the options given, else the corpus manifest's keys, else defaults."""
    from redline.jobs.corpus import reading_settings

    return reading_settings(conventions, delegations, language, changes, folder)


def _preload(language: str) -> None:
    """A command that word-diffs starts importing spaCy on the other core while it reads
    (`redline.compare.tokens.preload`); only as the program itself, never inside a caller."""
    if _PROGRAM:
        from redline.compare.tokens import preload

        preload(language)


DEFAULT_CORPUS = "revisions"


def _corpus_folder(folder: str | None, command: str) -> str:
    """The corpus folder a command reads: FOLDER, else `./revisions`; when that default is
    not a corpus, the error says it was the default."""
    if folder is not None:
        return folder
    here = Path(DEFAULT_CORPUS)
    what = ("is not a directory" if not here.is_dir() else
            "has no manifest.toml" if not (here / "manifest.toml").is_file() else None)
    if what:
        raise RedlineError(f"no FOLDER given, and ./{DEFAULT_CORPUS} (the default) {what}: "
                           f"name the corpus folder (redline {command} FOLDER)")
    return DEFAULT_CORPUS


def _warn_empty(*docs) -> None:
    """One warning line per file read that holds no paragraph (empty, or only white space):
    compared, it would read as every paragraph of the other draft inserted or deleted."""
    from redline.jobs.corpus import empty_reason

    seen: set[str | None] = set()
    for doc in docs:
        why = empty_reason(doc)
        if why and doc.path not in seen:
            seen.add(doc.path)
            click.echo(f"redline: warning: {doc.path}: {why}, read as a draft without text",
                       err=True)


def _prune_opt(fn):
    return click.option("--prune", is_flag=True,
                        help="Delete the files an earlier run made in the folder that this run "
                             "no longer makes (without it they are kept, and listed).")(fn)


def _left_over(outdir: str, names: list[str], pruned: bool) -> None:
    """List on stderr the files an earlier run made that this run no longer makes."""
    if not names:
        return
    some = f"{len(names)} file{'s' if len(names) > 1 else ''}"
    head = (f"redline: deleted {some} from an earlier run that this run no longer makes:"
            if pruned else
            f"redline: note: {some} from an earlier run no longer made; kept (--prune "
            "deletes them):")
    click.echo(head, err=True)
    for name in names:
        click.echo(f"  {Path(outdir) / name}", err=True)


def _beside(*files: str) -> str | None:
    """The folder of the first file with a `manifest.toml` beside it: its keys and `[authors]`
    say how the file is read, as in a corpus."""
    for f in files:
        if (Path(f).parent / "manifest.toml").is_file():
            return str(Path(f).parent)
    return None


def _manifest(folder: str | None) -> str | None:
    """The manifest a command read, never to be written over."""
    return str(Path(folder) / "manifest.toml") if folder else None


def _history(folder: str, conventions: str | None, delegations: str | None,
             language: str | None, changes: str | None):
    """Load every version of a corpus, read as the options and the manifest say, and chain
    them, with a progress bar on a terminal; returns the history, the delegation list and the
    files it read."""
    from redline.corpus.manifest import load_manifest
    from redline.jobs.corpus import corpus_inputs, history_steps, load_history, refuse_empty

    settings = _settings(conventions, delegations, language, changes, folder)
    versions = load_manifest(folder)
    show = sys.stderr.isatty()
    with click.progressbar(length=history_steps(versions), label="Comparing versions",
                           file=sys.stderr, show_eta=False) if show else _Quiet() as bar:
        history, registry = load_history(versions, settings, progress=bar.update)
    refuse_empty(versions, list(history.documents), folder)
    _note_changes(changes, history.documents)
    return history, registry, corpus_inputs(versions, folder, delegations)


class _Quiet:
    """Stands in for a progress bar when stderr is not a terminal."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int) -> None:
        return None


_EXTENSIONS = {"htm": "html", "markdown": "md", "txt": "text", "text": "text"}
_BINARY = ("xlsx", "pdf", "docx")


def _fmt(command: str, fmt: str | None, output: str | None, default: str) -> str:
    """The output format: `--format`, else the extension of -o, else the default. An
    extension the command cannot write is refused, never silently replaced."""
    names = FORMATS[command]
    ext = Path(output).suffix.lower().lstrip(".") if output else ""
    named = _EXTENSIONS.get(ext, ext)
    known = {f for fs in FORMATS.values() for f in fs}
    if fmt is not None and named in known and named != ("text" if fmt == "table" else fmt):
        raise RedlineError(f"{output}: --format {fmt} would write {fmt} into a .{ext} file; "
                           f"name it .{fmt if fmt != 'text' else 'txt'} or drop --format")
    if fmt is None:
        fmt = named or default
        if fmt not in names:
            raise RedlineError(f"{output}: {command} cannot write .{ext} files (it writes "
                               f"{', '.join(names)}; or give --format)")
    fmt = "text" if fmt == "table" else fmt
    if fmt in _BINARY and not output:
        raise RedlineError(f"{fmt} output needs -o FILE.{fmt}")
    return fmt


def _note_changes(changes: str | None, docs) -> None:
    """`--changes` reads Word files only: say so, once, when it was given for others."""
    other = [d.path for d in docs if d.meta["source"].format != "docx"]
    if changes and other:
        click.echo(f"redline: note: --changes applies to Word files only; {other[0]}"
                   f"{' and others are' if len(other) > 1 else ' is'} read as written",
                   err=True)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _emit(data: str | bytes, output: str | None, inputs: tuple[str | None, ...],
          color: bool = False) -> None:
    from redline.jobs.output import write_atomic

    if output:
        write_atomic(output, data, inputs)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        click.echo(data, nl=False, color=color)
