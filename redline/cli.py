"""The command line: thin click commands over the pipeline; errors exit 2 with one line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from redline.errors import RedlineError

FORMATS = ("text", "json", "html", "md", "csv", "xlsx")
EXT_FORMATS = {".txt": "text", ".json": "json", ".html": "html", ".htm": "html", ".md": "md",
               ".csv": "csv", ".xlsx": "xlsx"}


@click.group()
@click.version_option(package_name="redline")
def main() -> None:
    """Compare dated revisions of a negotiated text and say who proposed each change."""


_delegations_opt = click.option(
    "--delegations", type=click.Path(dir_okay=False), default=None,
    help="TOML file of delegations (codes, names, aliases) replacing the bundled OAS list.")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help="Output format (default: table, or from the extension of -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of the terminal.")
@_delegations_opt
def annotations(file: str, fmt: str | None, output: str | None, delegations: str | None) -> None:
    """List every annotation marker in FILE: kind, status, delegations, date."""
    from redline.api import load
    from redline.render import annotations as ra

    fmt = fmt or {".json": "json", ".csv": "csv"}.get(Path(output or "").suffix, "table")
    doc = load(Path(file), delegations=delegations)
    text = {"json": ra.to_json, "csv": ra.to_csv, "table": ra.to_table}[fmt](doc)
    _emit(text, output, (file,))


@main.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from the extension of -o, else text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of the terminal.")
@click.option("--old-label", default=None, help="Name shown for OLD (default: its file name).")
@click.option("--new-label", default=None, help="Name shown for NEW (default: its file name).")
@_delegations_opt
def compare(old: str, new: str, fmt: str | None, output: str | None, old_label: str | None,
            new_label: str | None, delegations: str | None) -> None:
    """Redline NEW against OLD, attributing each change to a delegation."""
    from redline.api import compare as run
    from redline.api import load
    from redline.delegations import load as load_registry

    if fmt is None:
        fmt = EXT_FORMATS.get(Path(output).suffix.lower(), "text") if output else "text"
    if fmt == "xlsx" and not output:
        raise RedlineError("xlsx output needs -o FILE.xlsx")
    registry = load_registry(delegations)
    a = load(Path(old), delegations=registry, label=old_label or Path(old).stem)
    b = load(Path(new), delegations=registry, label=new_label or Path(new).stem)
    cmp = run(a, b, delegations=registry)
    color = output is None and fmt == "text" and _color()
    _emit(render(cmp, fmt, color=color), output, (old, new), color=color)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False), default="revisions")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), default="reports",
              show_default=True, help="Folder to write the reports into (created if missing).")
@_delegations_opt
def report(folder: str, outdir: str, delegations: str | None) -> None:
    """Render the redline of each consecutive pair of versions in FOLDER (HTML and XLSX)."""
    from redline.api import load
    from redline.compare import compare_documents
    from redline.corpus import load_manifest
    from redline.delegations import load as load_registry
    from redline.render.index import Link, Section, render_index

    versions = load_manifest(folder)
    registry = load_registry(delegations)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    docs = [load(v.path, delegations=registry, label=v.id, date=v.date) for v in versions]
    inputs = tuple(str(v.path) for v in versions)
    section = Section("Redlines between consecutive versions")
    for (va, a), (vb, b) in zip(zip(versions, docs, strict=True),
                                list(zip(versions, docs, strict=True))[1:], strict=False):
        cmp = compare_documents(a, b, registry)
        stem = f"redline_{va.id}_to_{vb.id}"
        _emit(render(cmp, "html"), str(out / f"{stem}.html"), inputs)
        _emit(render(cmp, "xlsx"), str(out / f"{stem}.xlsx"), inputs)
        s = cmp.summary()
        section.links.append(Link(f"{stem}.html", f"{va.id} → {vb.id}",
                                  f"{s['total_changes']} changes, {s['unattributed']} "
                                  f"unattributed · tables: {stem}.xlsx"))
        click.echo(f"wrote {out / stem}.html and .xlsx ({s['total_changes']} changes)",
                   err=True)
    index = render_index(f"redline reports: {Path(folder).resolve().name}", versions, [section])
    _emit(index, str(out / "index.html"), inputs)
    click.echo(f"wrote {out / 'index.html'}", err=True)


def render(cmp, fmt: str, color: bool = False) -> str | bytes:
    """The comparison in one output format."""
    from redline.render import tables

    if fmt == "text":
        from redline.render.text import render_text

        return render_text(cmp, color=color)
    if fmt == "html":
        from redline.render.html import render_html

        return render_html(cmp)
    return {"json": tables.to_json, "md": tables.to_markdown, "csv": tables.to_csv,
            "xlsx": tables.to_xlsx}[fmt](cmp)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _emit(data: str | bytes, output: str | None, inputs: tuple[str, ...],
          color: bool = False) -> None:
    from redline.output import write_atomic

    if output:
        write_atomic(output, data, inputs)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        click.echo(data, nl=False, color=color)


def run(argv: list[str] | None = None) -> None:
    """Entry point: every error is one line on stderr and exit status 2, never a traceback."""
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
