"""The site's commands: `redline serve` and `redline admin ...` (CONTRACTS, "Service").
Django is imported only inside them, so that every other command starts no slower."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from redline.errors import RedlineError


def _data_opt(fn):
    return click.option(
        "--data", default=None, metavar="DIR", type=click.Path(file_okay=False),
        help="The site's data folder: database, stored files, secret key (default: "
             "$REDLINE_DATA, else ./redline-data).")(fn)


def _existing(data: str | None) -> None:
    """A command that only reads a site (check, backup) is refused a folder with none, rather
    than making an empty site there and reporting on it."""
    from redline.serve.paths import data_dir

    folder = Path(data).absolute() if data else data_dir()
    if not folder.is_dir():
        raise RedlineError(f"{folder}: no such data folder (--data DIR, or $REDLINE_DATA)")
    if not os.environ.get("REDLINE_DATABASE_URL") and not (folder / "redline.sqlite3").is_file():
        raise RedlineError(f"{folder}: no site there (no redline.sqlite3)")


@contextmanager
def _django(data: str | None, migrate: bool = True, existing: bool = False):
    """Django set up on the data folder (migrated); its errors become one line. `existing`:
    the folder must hold a site already."""
    from redline.serve.manage import setup

    if existing:
        _existing(data)
    try:
        folder = setup(data)
        if migrate:
            from redline.serve.manage import migrate as run_migrations

            run_migrations()
        yield folder
    except RedlineError:
        raise
    except Exception as exc:  # a database that cannot be reached, a bad URL ...
        if type(exc).__module__.startswith(("django", "psycopg", "sqlite3")) \
                or isinstance(exc, (OSError, ValueError)):
            raise RedlineError(f"the site's database: {type(exc).__name__}: "
                               f"{' '.join(str(exc).split())}") from None
        raise


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=int,
              help="gunicorn worker processes.")
@click.option("--reader/--no-reader", default=True, show_default=True,
              help="Run the background reader of uploads beside the site.")
@_data_opt
def serve(host: str, port: int, workers: int, reader: bool, data: str | None) -> None:
    """Serve the secretariat's site with gunicorn (a production server) and its background
    reader; the database is migrated first. Stop it with Ctrl-C."""
    from redline.serve.server import serve as run

    with _django(data) as folder:
        status = run(folder, host, port, workers, reader,
                     echo=lambda line: click.echo(line, err=True))
    sys.exit(status)


@click.group()
def admin() -> None:
    """Accounts, API tokens, importing a corpus, checks, backup and restore of the site."""


@admin.command(name="user")
@click.argument("name")
@click.option("--member", multiple=True, metavar="SLUG:ROLE[:CODE]",
              help="A role in a negotiation: secretariat, delegate (with its delegation's "
                   "CODE) or observer (repeatable).")
@click.option("--site-admin", is_flag=True, help="May use the admin interface and see every "
                                                 "negotiation.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line "
                                                     "of standard input.")
@_data_opt
def user_cmd(name: str, member: tuple[str, ...], site_admin: bool, password_stdin: bool,
             data: str | None) -> None:
    """Create or update the account NAME. A new account given no password gets one, printed
    once on stdout."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise RedlineError("--password-stdin: no password on standard input")
    with _django(data):
        from redline.serve import ops

        generated = ops.user(name, member, site_admin, password)
    if generated:
        click.echo(generated)
    click.echo(f"redline: account {name} saved", err=True)


@admin.command(name="token")
@click.argument("name")
@_data_opt
def token_cmd(name: str, data: str | None) -> None:
    """Print a new API token for NAME (one line; only its digest is kept)."""
    with _django(data):
        from redline.serve import ops

        click.echo(ops.token(name))


@admin.command(name="import")
@click.argument("corpus", type=click.Path(file_okay=False))
@click.option("--negotiation", "slug", required=True, metavar="SLUG",
              help="The negotiation to create or add to.")
@click.option("--title", default=None, help="Its title (default: SLUG).")
@click.option("--access", type=click.Choice(["open", "restricted"]), default=None,
              help="open: every signed-in account reads it; restricted (default for a new "
                   "one): its members only.")
@_data_opt
def import_cmd(corpus: str, slug: str, title: str | None, access: str | None,
               data: str | None) -> None:
    """Import a corpus folder (its manifest.toml and versions) as a negotiation; versions
    already there with the same bytes are kept."""
    with _django(data):
        from redline.serve import ops

        neg, added, errors = ops.import_corpus(corpus, slug, title, access)
    click.echo(f"redline: {neg.slug}: {added} versions imported"
               f"{f', {len(errors)} unreadable' if errors else ''}", err=True)
    for line in errors:
        click.echo(f"redline: error: {line}", err=True)
    if errors:
        sys.exit(1)


@admin.command(name="check")
@_data_opt
def check_cmd(data: str | None) -> None:
    """Check that the database and the stored files agree: every version's file is there with
    its bytes; files no version names are listed as orphans. Exit 1 when a file is missing."""
    with _django(data, existing=True):
        from redline.serve import ops

        found = ops.check()
    for line in found.missing + found.damaged:
        click.echo(f"redline: error: {line}", err=True)
    for sha in found.orphans:
        click.echo(f"orphan: files/{sha[:2]}/{sha}")
    click.echo(f"redline: {'ok' if found.ok else 'NOT ok'}: {len(found.missing)} missing, "
               f"{len(found.damaged)} damaged, {len(found.orphans)} orphans", err=True)
    if not found.ok:
        sys.exit(1)


@admin.command(name="backup")
@click.argument("file", type=click.Path(dir_okay=False))
@_data_opt
def backup_cmd(file: str, data: str | None) -> None:
    """Write a backup of the site into FILE (a tar of the database and the stored files),
    consistent while the site runs."""
    with _django(data, existing=True):
        from redline.serve import ops

        meta = ops.backup(file)
    click.echo(f"redline: backup written to {file} ({meta['files']} files)", err=True)


@admin.command(name="restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@_data_opt
def restore_cmd(file: str, data: str | None) -> None:
    """Restore a backup made by `redline admin backup`; refused while the site runs."""
    with _django(data, migrate=False) as folder:
        from redline.serve import ops

        meta = ops.restore(file, folder)
    click.echo(f"redline: restored {file} ({meta['files']} files)", err=True)
