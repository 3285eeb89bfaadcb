"""Background reading: an uploaded draft is read by the worker (a queue in the database that
survives a restart), and its register row says reading…, ready, or the one line the command
line would print for that file."""

from __future__ import annotations

from django_tasks import task

from redline.errors import RedlineError


def one_line(text: str) -> str:
    return " ".join(text.split())[:500]


@task()
def read_version(pk: int) -> str:
    """Read one stored version as its negotiation reads drafts; the result is cached."""
    from redline.serve import results
    from redline.serve.models import Version

    v = Version.objects.select_related("negotiation").filter(pk=pk).first()
    if v is None:
        return "gone"
    try:
        results.result(v.negotiation, "read", "json", [v], check=False)
        state, error = "ready", ""
    except RedlineError as exc:
        state, error = "error", one_line(str(exc))
    except MemoryError:
        state, error = "error", f"{v.file_name}: too large to read"
    except Exception as exc:  # a bug costs one version, never the worker
        state, error = "error", one_line(f"internal error: {type(exc).__name__}: {exc}")
    Version.objects.filter(pk=pk).update(state=state, error=error)
    if state == "ready":
        try:
            v.refresh_from_db()
            results.prepare(v)
        except RedlineError:
            pass  # a page that asks for it says why, in one line
    return state


def warm() -> None:
    """Load once, when a worker starts, what every reading and comparison needs: the marker
    grammars and spaCy's blank pipelines of each language."""
    from redline.annotate.convention import load_convention
    from redline.compare.tokens import units

    for name in ("oas", "un", "trade"):
        load_convention(name)
    for language in ("en", "es", "fr", "pt"):
        units("warm up", language)
