"""The `batch` command: every consecutive pair of every corpus in an archive, resumable, on
local workers or a Dask cluster."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from redline.cli.options import (
    _date_order_opt,
    _delegations_opt,
    _left_over,
    _prune_opt,
    _settings,
)
from redline.dates import DATE_FORMS
from redline.errors import RedlineError


@click.command()
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
                                            "since the last run; and write into OUTDIR even "
                                            "though redline did not make it.")
@_prune_opt
@_delegations_opt
def batch(archive: str, outdir: str, workers: int | None, scheduler: str | None, ship: bool,
          csv_: bool, reports: bool, since: tuple[str, ...], date_order: str | None,
          force: bool, prune: bool, conventions: str | None, delegations: str | None,
          language: str | None, changes: str | None) -> None:
    """Compare every consecutive pair of every corpus in ARCHIVE (a folder of corpora, one
    corpus, or a CSV/TOML list of pairs old,new[,corpus]) into OUTDIR. A pair that fails is an
    error row; the exit status is 1 when any did. A re-run skips the pairs whose inputs and
    options are unchanged. OUTDIR must be new, empty or a batch folder (else --force); one run
    at a time writes into it."""
    import time

    from redline.dates import parse_cli_date
    from redline.jobs.archive import load_archive
    from redline.jobs.batch import STATE, run_batch
    from redline.jobs.engine import engine
    from redline.jobs.folder import check_owned, locked
    from redline.jobs.report import check_outdir

    if since and not reports:
        raise RedlineError("--annex-since writes annexes into the corpus reports: add --reports")
    days = tuple(dict.fromkeys(parse_cli_date(d, date_order, "--annex-since") for d in since))
    check_outdir(outdir)
    conventions, delegations = (str(Path(v).absolute()) if v and Path(v).is_file() else v
                                for v in (conventions, delegations))  # workers run elsewhere
    _check_reading(_settings(conventions, delegations, language, changes))
    found = load_archive(archive, skip=Path(outdir))
    if Path(outdir).resolve() == found.root.resolve():
        raise RedlineError(f"{outdir}: is the archive itself; write the batch elsewhere")
    check_owned(outdir, STATE, force=force)
    with locked(outdir):
        start = time.monotonic()
        runner = engine(workers, scheduler)
        try:
            result = run_batch(
                found, outdir, lambda folder: _settings(conventions, delegations, language,
                                                        changes, folder), runner.map,
                ship=ship and workers != 0, csv=csv_, force=force,
                reports=days if reports else None,
                inputs=tuple(v for v in (conventions, delegations) if v and Path(v).is_file()),
                progress=_pair_bar if sys.stderr.isatty() else None, prune=prune)
        finally:
            runner.close()
        took = time.monotonic() - start
    skipped = f", {result.skipped} unchanged since the last run" if result.skipped else ""
    click.echo(f"redline: {result.pairs} pairs: {result.ok} ok, {result.failed} failed"
               f"{skipped}; {result.computed} compared on {runner.where} in {took:.1f} s; "
               f"tables in {outdir}/", err=True)
    for line in result.warnings:
        click.echo(f"redline: warning: {line}", err=True)
    _left_over(outdir, result.leftovers, prune)
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
