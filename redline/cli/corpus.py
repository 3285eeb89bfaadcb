"""Commands over a corpus folder: `report` (everything, into a folder), `history`, `annex` and
`audit`."""

from __future__ import annotations

from pathlib import Path

import click

from redline.cli.options import (
    _corpus_folder,
    _date_order_opt,
    _delegations_opt,
    _emit,
    _fmt,
    _history,
    _left_over,
    _note_changes,
    _output_opts,
    _prune_opt,
    _settings,
)
from redline.dates import DATE_FORMS
from redline.errors import RedlineError


@click.command()
@click.argument("folder", type=click.Path(file_okay=False), required=False)
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), default="reports",
              show_default=True, help="Folder to write the reports into (created if missing).")
@click.option("--annex-since", "since", multiple=True, metavar="DATE",
              help=f"Also write the annex of changes since DATE (repeatable; {DATE_FORMS}).")
@_date_order_opt
@click.option("--audits/--no-audits", default=True, show_default=True,
              help="Also write the audit of every delegation named in the drafts.")
@click.option("--force", is_flag=True,
              help="Write into OUTDIR even though redline did not make it (files of the same "
                   "names are written over).")
@_prune_opt
@_delegations_opt
def report(folder: str | None, outdir: str, since: tuple[str, ...], date_order: str | None,
           audits: bool, force: bool, prune: bool, conventions: str | None,
           delegations: str | None, language: str | None, changes: str | None) -> None:
    """Render a corpus FOLDER (default: ./revisions) into OUTDIR: redlines of consecutive
    versions, annexes, audits, history. Every option is checked before anything is written;
    index.html is written last. OUTDIR must be new, empty or a report folder redline made
    (else --force); one run at a time writes into it."""
    from redline.corpus.manifest import load_manifest
    from redline.dates import parse_cli_date
    from redline.jobs.folder import locked
    from redline.jobs.report import check_report_folder, write_report

    days = list(dict.fromkeys(parse_cli_date(d, date_order, "--annex-since") for d in since))
    folder = _corpus_folder(folder, "report")
    check_report_folder(outdir, force)
    load_manifest(folder)
    with locked(outdir):
        h, registry, inputs = _history(folder, conventions, delegations, language, changes)
        written, old = write_report(h, registry, outdir, since=tuple(days), audits=audits,
                                    inputs=inputs, delete=prune,
                                    title=f"redline reports: {Path(folder).resolve().name}")
    click.echo(f"wrote {len(written)} files into {outdir}/ (open {outdir}/index.html)",
               err=True)
    _left_over(outdir, old, prune)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False), required=False)
@click.option("--paragraph", "paragraphs", multiple=True, metavar="ADDRESS",
              help="Only this paragraph's timeline (repeatable): its address as the latest "
                   "version names it (V.B 18, fn 2), or as an earlier version did.")
@_output_opts("history", "json")
@_delegations_opt
def history(folder: str | None, paragraphs: tuple[str, ...], fmt: str | None,
            output: str | None, conventions: str | None, delegations: str | None,
            language: str | None, changes: str | None) -> None:
    """Every paragraph's timeline across the versions of FOLDER (default: ./revisions)."""
    from redline.corpus.history import select_paragraphs
    from redline.render import render_history

    fmt = _fmt("history", fmt, output, "json")
    folder = _corpus_folder(folder, "history")
    h, _, inputs = _history(folder, conventions, delegations, language, changes)
    if paragraphs:
        h = select_paragraphs(h, paragraphs)
    _emit(render_history(h, fmt), output, inputs)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False), required=False)
@click.option("--since", default=None, metavar="DATE",
              help=f"Compare against the version in force on DATE ({DATE_FORMS}).")
@_date_order_opt
@click.option("--from", "from_", default=None, metavar="VERSION",
              help="Compare against this version id (instead of --since).")
@click.option("--to", default=None, metavar="VERSION",
              help="The new version id (default: the latest).")
@_output_opts("annex", "md")
@_delegations_opt
def annex(folder: str | None, since: str | None, date_order: str | None, from_: str | None,
          to: str | None, fmt: str | None, output: str | None, conventions: str | None,
          delegations: str | None, language: str | None, changes: str | None) -> None:
    """The chair's "changes since last meeting" annex of the corpus FOLDER (default:
    ./revisions): only what changed, by section."""
    from redline.corpus.annex import build_annex
    from redline.corpus.manifest import load_manifest
    from redline.dates import parse_cli_date
    from redline.jobs.corpus import corpus_inputs, load_documents, refuse_empty
    from redline.render import render_annex

    fmt = _fmt("annex", fmt, output, "md")
    if since and from_:
        raise RedlineError("give either --since DATE or --from VERSION, not both")
    if since:
        since = parse_cli_date(since, date_order, "--since")
    folder = _corpus_folder(folder, "annex")
    versions = load_manifest(folder)
    docs, registry = load_documents(versions, _settings(conventions, delegations, language, changes,
                                                        folder))
    refuse_empty(versions, docs, folder)
    _note_changes(changes, docs)
    by_id = dict(zip((v.id for v in versions), docs, strict=True))
    annex = build_annex(versions, lambda v: by_id[v.id], registry, since, from_, to)
    _emit(render_annex(annex, fmt), output, corpus_inputs(versions, folder, delegations))


@click.command(name="audit")
@click.argument("folder", type=click.Path(file_okay=False), required=False)
@click.option("--delegation", "code", required=True,
              help="Delegation code or alias (USA, US, Paraguay, CHAIR ...).")
@_output_opts("audit", "json")
@_delegations_opt
def audit_cmd(folder: str | None, code: str, fmt: str | None, output: str | None,
              conventions: str | None, delegations: str | None, language: str | None,
              changes: str | None) -> None:
    """What became of every proposal a delegation made, in the latest version of the corpus
    FOLDER (default: ./revisions)."""
    from redline.corpus.audit import audit
    from redline.corpus.stances import objections
    from redline.render import render_audit

    fmt = _fmt("audit", fmt, output, "json")
    folder = _corpus_folder(folder, "audit")
    h, registry, inputs = _history(folder, conventions, delegations, language, changes)
    canon = registry.canonical(code)
    data = render_audit(canon, registry.name(canon), audit(h, canon, registry),
                        list(h.versions), fmt, objections(h, canon, registry))
    _emit(data, output, inputs)
