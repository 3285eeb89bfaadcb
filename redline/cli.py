"""The command line: thin click commands over the pipeline; errors exit 2 with one line."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from redline.dates import DATE_FORMS
from redline.errors import RedlineError
from redline.render import FORMATS


@click.group()
@click.version_option(package_name="redline")
def main() -> None:
    """Compare dated revisions of a negotiated text and say who proposed each change."""


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


@main.command(name="read")
@click.argument("file", type=click.Path(dir_okay=False))
@_output_opts("read", "text")
@_delegations_opt
def read_cmd(file: str, fmt: str | None, output: str | None, conventions: str | None,
             delegations: str | None, language: str | None, changes: str | None) -> None:
    """Show exactly what redline reads in FILE: each paragraph's address, kind, clean text and
    annotations with their positions."""
    from redline.render import read as rr

    writers = {"json": rr.to_json, "csv": rr.to_csv, "text": rr.to_text}
    _one_file("read", writers, file, fmt, output, conventions, delegations, language, changes)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_output_opts("annotations", "text")
@_delegations_opt
def annotations(file: str, fmt: str | None, output: str | None, conventions: str | None,
                delegations: str | None, language: str | None, changes: str | None) -> None:
    """List every annotation marker in FILE: kind, status, delegations, date."""
    from redline.render import document as ra

    writers = {"json": ra.to_json, "csv": ra.to_csv, "text": ra.to_table}
    _one_file("annotations", writers, file, fmt, output, conventions, delegations, language,
              changes)


def _one_file(command: str, writers: dict, file: str, fmt: str | None, output: str | None,
              conventions: str | None, delegations: str | None, language: str | None,
              changes: str | None) -> None:
    """A command that reads one draft and writes it in one of `writers`' formats."""
    from redline.api import load

    fmt = _fmt(command, fmt, output, "text")
    folder = _beside(file)
    doc = load(Path(file), reading=_settings(conventions, delegations, language, changes, folder))
    _note_changes(changes, [doc])
    _emit(writers[fmt](doc), output, (file, delegations, _manifest(folder)))


_PROGRAM = False  # set by `run`: this process is the `redline` program, not a caller's


def _preload(language: str) -> None:
    """A command that word-diffs starts importing spaCy on the other core while it reads
    (`redline.compare.tokens.preload`); only as the program itself, never inside a caller."""
    if _PROGRAM:
        from redline.compare.tokens import preload

        preload(language)


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


@main.command()
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
    _note_changes(changes, [a, b])
    cmp = run(a, b, reading=how)
    if only:
        cmp = cmp.for_delegations(only)
    color = output is None and fmt == "text" and _color()
    _emit(render(cmp, fmt, color=color), output,
          (str(a.path), str(b.path), delegations, _manifest(folder)), color=color)


@main.command(name="changes")
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
    cmp = run(old, new, reading=how)
    if only:
        cmp = cmp.for_delegations(only)
    color = output is None and fmt == "text" and _color()
    _emit(render(cmp, fmt, color=color), output, (file, delegations, _manifest(folder)),
          color=color)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False), default="revisions")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), default="reports",
              show_default=True, help="Folder to write the reports into (created if missing).")
@click.option("--annex-since", "since", multiple=True, metavar="DATE",
              help=f"Also write the annex of changes since DATE (repeatable; {DATE_FORMS}).")
@_date_order_opt
@click.option("--audits/--no-audits", default=True, show_default=True,
              help="Also write the audit of every delegation named in the drafts.")
@_delegations_opt
def report(folder: str, outdir: str, since: tuple[str, ...], date_order: str | None,
           audits: bool, conventions: str | None, delegations: str | None,
           language: str | None, changes: str | None) -> None:
    """Render a corpus into OUTDIR: redlines of consecutive versions, annexes, audits, history.
    Every option is checked before anything is written; index.html is written last."""
    from redline.corpus.manifest import load_manifest
    from redline.dates import parse_cli_date
    from redline.jobs.report import check_outdir, write_report

    days = list(dict.fromkeys(parse_cli_date(d, date_order, "--annex-since") for d in since))
    check_outdir(outdir)
    load_manifest(folder)
    h, registry, inputs = _history(folder, conventions, delegations, language, changes)
    written = write_report(h, registry, outdir, since=tuple(days), audits=audits,
                           inputs=inputs, title=f"redline reports: {Path(folder).resolve().name}")
    click.echo(f"wrote {len(written)} files into {outdir}/ (open {outdir}/index.html)",
               err=True)


@main.command()
@click.argument("archive", type=click.Path())
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), required=True,
              help="Folder to write into (created if missing): pairs.csv, changes.parquet, "
                   "pairs/<corpus>/<old>__<new>.json.")
@click.option("--workers", type=int, default=None, metavar="N",
              help="Local worker processes (default: one per core; 0 runs in this process).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Run on a running Dask cluster instead of local processes.")
@click.option("--send-files/--shared-files", "ship", default=True, show_default=True,
              help="Send each draft's bytes with its task, or let workers read the paths (a "
                   "file system they share with this machine).")
@click.option("--csv", "csv_", is_flag=True, help="Also write changes.csv.")
@click.option("--reports", is_flag=True,
              help="Also write each corpus's report folder (redlines, history, audits) into "
                   "reports/<corpus>/.")
@click.option("--annex-since", "since", multiple=True, metavar="DATE",
              help=f"With --reports: the annex of changes since DATE too ({DATE_FORMS}).")
@_date_order_opt
@click.option("--force", is_flag=True, help="Compare every pair again, even those unchanged "
                                            "since the last run.")
@_delegations_opt
def batch(archive: str, outdir: str, workers: int | None, scheduler: str | None, ship: bool,
          csv_: bool, reports: bool, since: tuple[str, ...], date_order: str | None,
          force: bool, conventions: str | None, delegations: str | None,
          language: str | None, changes: str | None) -> None:
    """Compare every consecutive pair of every corpus in ARCHIVE (a folder of corpora, one
    corpus, or a CSV/TOML list of pairs old,new[,corpus]) into OUTDIR. A pair that fails is an
    error row; the exit status is 1 when any did. A re-run skips the pairs whose inputs and
    options are unchanged."""
    import time

    from redline.dates import parse_cli_date
    from redline.jobs.archive import load_archive
    from redline.jobs.batch import run_batch
    from redline.jobs.engine import engine
    from redline.jobs.report import check_outdir

    if since and not reports:
        raise RedlineError("--annex-since writes annexes into the corpus reports: add --reports")
    days = tuple(dict.fromkeys(parse_cli_date(d, date_order, "--annex-since") for d in since))
    check_outdir(outdir)
    conventions, delegations = (str(Path(v).absolute()) if v and Path(v).is_file() else v
                                for v in (conventions, delegations))  # workers run elsewhere
    _check_reading(_settings(conventions, delegations, language, changes))
    found = load_archive(archive, skip=Path(outdir))
    start = time.monotonic()
    runner = engine(workers, scheduler)
    try:
        result = run_batch(
            found, outdir, lambda folder: _settings(conventions, delegations, language,
                                                    changes, folder), runner.map,
            ship=ship and workers != 0, csv=csv_, force=force,
            reports=days if reports else None,
            inputs=tuple(v for v in (conventions, delegations) if v and Path(v).is_file()),
            progress=_pair_bar if sys.stderr.isatty() else None)
    finally:
        runner.close()
    took = time.monotonic() - start
    skipped = f", {result.skipped} unchanged since the last run" if result.skipped else ""
    click.echo(f"redline: {result.pairs} pairs: {result.ok} ok, {result.failed} failed"
               f"{skipped}; {result.computed} compared on {runner.where} in {took:.1f} s; "
               f"tables in {outdir}/", err=True)
    for line in result.report_errors:
        click.echo(f"redline: error: {line}", err=True)
    if result.failed:
        click.echo(f"redline: {result.failed} failed: {outdir}/pairs.csv says why", err=True)
    if result.failed or result.report_errors:
        sys.exit(1)


def _check_reading(how) -> None:
    """A --conventions or --delegations that cannot be loaded is bad usage, refused before
    any work (a manifest's own choice is checked per corpus, as an error row)."""
    from redline.annotate.convention import load_convention

    if how.conventions != "auto":
        how.registry(load_convention(how.conventions))
    elif how.delegations is not None:
        how.registry(load_convention("oas"))


def _pair_bar(total: int, done: int):
    """A progress bar on the terminal: pairs done, rate, time left; `tick(0)` ends it. None
    when there is nothing to do."""
    if done >= total:
        return lambda n: None
    from tqdm import tqdm

    bar = tqdm(total=total, initial=done, unit="pair", desc="Comparing", file=sys.stderr,
               dynamic_ncols=True)

    def tick(n: int) -> None:
        if n:
            bar.update(n)
        else:
            bar.close()
    return tick


def _history(folder: str, conventions: str | None, delegations: str | None,
             language: str | None, changes: str | None):
    """Load every version of a corpus, read as the options and the manifest say, and chain
    them, with a progress bar on a terminal; returns the history, the delegation list and the
    files it read."""
    from redline.corpus.manifest import load_manifest
    from redline.jobs.corpus import corpus_inputs, history_steps, load_history

    settings = _settings(conventions, delegations, language, changes, folder)
    versions = load_manifest(folder)
    show = sys.stderr.isatty()
    with click.progressbar(length=history_steps(versions), label="Comparing versions",
                           file=sys.stderr, show_eta=False) if show else _Quiet() as bar:
        history, registry = load_history(versions, settings, progress=bar.update)
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


@main.command()
@click.argument("folder", type=click.Path(file_okay=False), default="revisions")
@_output_opts("history", "json")
@_delegations_opt
def history(folder: str, fmt: str | None, output: str | None, conventions: str | None,
            delegations: str | None, language: str | None, changes: str | None) -> None:
    """Every paragraph's timeline across the versions of FOLDER."""
    from redline.render import render_history

    fmt = _fmt("history", fmt, output, "json")
    h, _, inputs = _history(folder, conventions, delegations, language, changes)
    _emit(render_history(h, fmt), output, inputs)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False), default="revisions")
@click.option("--since", default=None, metavar="DATE",
              help=f"Compare against the version in force on DATE ({DATE_FORMS}).")
@_date_order_opt
@click.option("--from", "from_", default=None, metavar="VERSION",
              help="Compare against this version id (instead of --since).")
@click.option("--to", default=None, metavar="VERSION",
              help="The new version id (default: the latest).")
@_output_opts("annex", "md")
@_delegations_opt
def annex(folder: str, since: str | None, date_order: str | None, from_: str | None,
          to: str | None, fmt: str | None, output: str | None, conventions: str | None,
          delegations: str | None, language: str | None, changes: str | None) -> None:
    """The chair's "changes since last meeting" annex: only what changed, by section."""
    from redline.corpus.annex import build_annex
    from redline.corpus.manifest import load_manifest
    from redline.dates import parse_cli_date
    from redline.jobs.corpus import corpus_inputs, load_documents
    from redline.render import render_annex

    fmt = _fmt("annex", fmt, output, "md")
    if since and from_:
        raise RedlineError("give either --since DATE or --from VERSION, not both")
    if since:
        since = parse_cli_date(since, date_order, "--since")
    versions = load_manifest(folder)
    docs, registry = load_documents(versions, _settings(conventions, delegations, language, changes,
                                                        folder))
    _note_changes(changes, docs)
    by_id = dict(zip((v.id for v in versions), docs, strict=True))
    annex = build_annex(versions, lambda v: by_id[v.id], registry, since, from_, to)
    _emit(render_annex(annex, fmt), output, corpus_inputs(versions, folder, delegations))


@main.command(name="audit")
@click.argument("folder", type=click.Path(file_okay=False), default="revisions")
@click.option("--delegation", "code", required=True,
              help="Delegation code or alias (USA, US, Paraguay, CHAIR ...).")
@_output_opts("audit", "json")
@_delegations_opt
def audit_cmd(folder: str, code: str, fmt: str | None, output: str | None,
              conventions: str | None, delegations: str | None, language: str | None,
              changes: str | None) -> None:
    """What became of every proposal a delegation made, in the latest version."""
    from redline.corpus.audit import audit
    from redline.corpus.stances import objections
    from redline.render import render_audit

    fmt = _fmt("audit", fmt, output, "json")
    h, registry, inputs = _history(folder, conventions, delegations, language, changes)
    canon = registry.canonical(code)
    data = render_audit(canon, registry.name(canon), audit(h, canon, registry),
                        list(h.versions), fmt, objections(h, canon, registry))
    _emit(data, output, inputs)


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


def run(argv: list[str] | None = None) -> None:
    """Entry point: every error is one line on stderr and exit status 2, never a traceback."""
    global _PROGRAM
    _PROGRAM = True
    gc.set_threshold(50_000, 20, 100)  # a short run: collect cycles rarely (about 0.05 s a MB)
    try:
        main.main(args=argv, prog_name="redline", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("redline: aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        hint = f" (see 'redline {exc.ctx.info_name} --help')" if exc.ctx else ""
        msg = " ".join(exc.format_message().split())
        click.echo(f"redline: error: {msg}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"redline: error: {' '.join(exc.format_message().split())}", err=True)
        sys.exit(2)
    except RedlineError as exc:
        click.echo(f"redline: error: {' '.join(str(exc).split())}", err=True)
        sys.exit(2)
    except MemoryError:
        click.echo("redline: error: input too large for memory", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)


if __name__ == "__main__":  # python -m redline.cli
    run()
