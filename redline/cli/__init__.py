"""The command line: thin click commands over the pipeline; errors exit 2 with one line.

`main` is the click group and `run` the `redline` program; the commands live one module per
group: `single` (read, annotations), `pairs` (compare, changes), `corpus` (report, history,
annex, audit), `batch`, `site` (serve, admin: the only ones that import Django);
`options` holds what they share.
"""

from __future__ import annotations

import gc
import sys

import click

from redline.cli import batch, corpus, options, pairs, single, site
from redline.cli.options import _color as _color  # the colour switch `pairs` reads from here
from redline.errors import RedlineError


@click.group()
@click.version_option(package_name="redline")
def main() -> None:
    """Compare dated revisions of a negotiated text and say who proposed each change."""


for _command in (single.read_cmd, single.annotations, pairs.compare, pairs.changes_cmd,
                 corpus.report, corpus.history, corpus.annex, corpus.audit_cmd, batch.batch,
                 site.serve, site.admin):
    main.add_command(_command)


def run(argv: list[str] | None = None) -> None:
    """Entry point: every error is one line on stderr and exit status 2, never a traceback."""
    options._PROGRAM = True
    gc.set_threshold(50_000, 20, 100)  # a short run: collect cycles rarely (about 0.05 s a MB)
    try:
        main.main(args=argv, prog_name="redline", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("redline: aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
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
