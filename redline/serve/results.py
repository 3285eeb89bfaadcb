"""Every result the site shows, made by the same functions as the command line
(`redline.jobs.outputs`) and cached by content: the key is both drafts' (or every version's)
SHA-256, the options, and a digest of redline's own code and data. A result is computed once
and served many times; any change to redline computes it again."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from pathlib import Path

from redline.annotate.document import Settings
from redline.corpus.manifest import Version as Draft
from redline.errors import RedlineError
from redline.jobs import outputs
from redline.jobs.shipping import fingerprint
from redline.serve import store
from redline.serve.models import Negotiation, Version

CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"text": "txt"}


class NotReady(RedlineError):
    """A version is still being read (409), or could not be read."""


def reading(neg: Negotiation) -> Settings:
    """How the negotiation's drafts are read: its manifest keys, as `--corpus` would."""
    authors = tuple(sorted((str(k), str(v)) for k, v in (neg.authors or {}).items()))
    return Settings(neg.conventions or "auto", neg.delegations or None, neg.language or "en",
                    neg.date_order or None, authors, "accept")


def _names(rows: Sequence[Version]) -> dict[int, str]:
    """The name each version's file goes by in the outputs: its file name as uploaded, or
    `ID/name` when two versions of the negotiation share one. Never a folder of the server."""
    counts = Counter(v.file_name for v in rows)
    return {v.pk: v.file_name if counts[v.file_name] == 1 else f"{v.vid}/{v.file_name}"
            for v in rows}


def _drafts(rows: Sequence[Version]) -> list[Draft]:
    names = _names(rows)
    drafts = [Draft(v.vid, Path(names[v.pk]), v.date.isoformat(), v.label or v.vid, v.meeting)
              for v in rows]
    return sorted(drafts, key=lambda d: (d.date, d.id))


def _check(rows: Sequence[Version]) -> None:
    for v in rows:
        if v.state == "reading":
            raise NotReady(f"version {v.vid} is still being read")
        if v.state == "error":
            raise NotReady(f"version {v.vid} could not be read: {v.error}")


def check_ready(version: Version) -> None:
    """A version a request names must be read: 409 while it is being read."""
    _check([version])


def _blobs(rows: Sequence[Version]) -> dict[str, bytes]:
    names = _names(rows)
    return {names[v.pk]: store.get(v.sha256) for v in rows}


def _key(neg: Negotiation, command: str, fmt: str, options: dict,
         rows: Sequence[Version]) -> str:
    shown = [command, fmt, sorted(options.items()),
             [(d.id, d.date, d.label, d.meeting, str(d.path)) for d in _drafts(rows)],
             sorted(v.sha256 for v in rows)]
    return hashlib.sha256(fingerprint(reading(neg), shown).encode()).hexdigest()


def _bytes(out: str | bytes) -> bytes:
    return out.encode("utf-8") if isinstance(out, str) else out


def corpus_rows(neg: Negotiation) -> list[Version]:
    """The versions a corpus result (annex, audit, history) reads: those of the register that
    are read and ready. A version still being read joins them once it is ready; one that
    could not be read never does (the register shows why)."""
    return list(neg.versions.filter(deleted_at__isnull=True, state="ready"))


def still_reading(neg: Negotiation) -> list[str]:
    """The ids of versions still being read (a result page says they are not in it yet)."""
    return list(neg.versions.filter(deleted_at__isnull=True, state="reading")
                .order_by("date", "vid").values_list("vid", flat=True))


_LOADED: OrderedDict[str, outputs.Loaded] = OrderedDict()
_LOADED_MAX = 4  # corpora kept loaded in a worker (a history of 10 drafts of 35 KB: ~30 MB)
_LOADING = threading.Lock()


def _loaded(neg: Negotiation, rows: Sequence[Version]) -> outputs.Loaded:
    """The corpus of these versions read, annotated and chained, once per worker: the annex,
    every delegation's audit, the history and the list of delegations share it."""
    key = _key(neg, "corpus", "", {}, rows)
    with _LOADING:
        if key in _LOADED:
            _LOADED.move_to_end(key)
            return _LOADED[key]
        loaded = outputs.load_corpus(_drafts(rows), reading(neg), _blobs(rows))
        _LOADED[key] = loaded
        while len(_LOADED) > _LOADED_MAX:
            _LOADED.popitem(last=False)
        return loaded


def result(neg: Negotiation, command: str, fmt: str, rows: Sequence[Version], *,
           check: bool = True, **options) -> bytes:
    """What `redline COMMAND` writes for these versions of `neg` in `fmt` (cached):
    `read` (one version), `compare` (old, new; `only`), `annex` (`since` or `from_`/`to`),
    `audit` (`code`), `history`, `delegations` (those named, as JSON). `check=False` reads
    a version not yet marked ready (the background reader does)."""
    if check:
        _check(rows)
    how = reading(neg)
    opts = {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()}

    def make() -> bytes:
        drafts = _drafts(rows)
        if command == "read":
            d = drafts[0]
            return _bytes(outputs.read_output(d.path, how, fmt, data=_blobs(rows)[str(d.path)]))
        if command == "compare":
            by_id = {d.id: d for d in drafts}
            return _bytes(outputs.compare_output(by_id[options["old"]], by_id[options["new"]],
                                                 how, fmt, _blobs(rows),
                                                 options.get("only", ())))
        loaded = _loaded(neg, rows)
        if command == "annex":
            return _bytes(outputs.annex_output(drafts, how, fmt, since=options.get("since"),
                                               from_=options.get("from_"),
                                               to=options.get("to"), loaded=loaded))
        if command == "audit":
            return _bytes(outputs.audit_output(drafts, how, options["code"], fmt,
                                               loaded=loaded))
        if command == "delegations":
            named = outputs.delegations_named(drafts, how, loaded=loaded)
            return _bytes(json.dumps({"delegations": [{"code": c, "name": n}
                                                       for c, n in named]}))
        if command == "history":
            return _bytes(outputs.history_output(drafts, how, fmt, loaded=loaded))
        raise ValueError(command)

    return store.cached(_key(neg, command, fmt, opts, rows), make)


def prepare(version: Version) -> None:
    """What readers ask for first once a version is ready, computed by the background reader
    so that no page waits for it: the list of delegations the drafts name, and the redline
    against the version before it (JSON and HTML)."""
    neg = version.negotiation
    rows = corpus_rows(neg)
    if not rows:
        return
    result(neg, "delegations", "json", rows)
    before = [v for v in rows if (v.date, v.vid) < (version.date, version.vid)]
    if before:
        previous = max(before, key=lambda v: (v.date, v.vid))
        for fmt in ("json", "html"):
            result(neg, "compare", fmt, [previous, version], old=previous.vid,
                   new=version.vid, only=[])


def download_name(neg: Negotiation, command: str, fmt: str, *parts: str) -> str:
    """A file name for a download: negotiation, command, versions, extension."""
    stem = "_".join([neg.slug, command, *[p for p in parts if p]])
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem)
    return f"{safe}.{EXTENSIONS.get(fmt, fmt)}"


def as_json(data: bytes) -> dict:
    return json.loads(data)


def canonical_code(neg: Negotiation, code: str) -> str:
    """A delegation code or alias as the negotiation's list spells it (an unknown one is an
    error). Under `auto` without a list of its own, any bundled convention's list may know it."""
    from redline.annotate.convention import BUNDLED, load_convention

    how = reading(neg)
    names = [how.conventions] if how.conventions != "auto" or how.delegations else list(BUNDLED)
    last: RedlineError | None = None
    for name in names:
        try:
            return how.registry(load_convention(name if name != "auto" else "oas")) \
                .canonical(code)
        except RedlineError as exc:
            last = exc
    raise last or RedlineError(f"unknown delegation {code!r}")
