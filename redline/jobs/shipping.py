"""What travels from the batch's client to its workers, and how a worker rebuilds it: the
drafts' bytes, the reading options (a TOML file by its text), and the fingerprint that says
whether an earlier result still holds."""

from __future__ import annotations

import atexit
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from redline.annotate.document import Settings
from redline.errors import RedlineError
from redline.render.stamp import redline_version

_TASK_KEY = re.compile(r"'[\w.-]*-[0-9a-f]{32}'")  # Dask's random task names


def one_line(text: str) -> str:
    return " ".join(text.split())


def engine_error(exc: BaseException) -> str:
    """What the engine said when it could not run a task, without its random task name (the
    tables must be the same on every run)."""
    return _TASK_KEY.sub("it", one_line(str(exc))) or type(exc).__name__


def read_input(path: Path, name: str) -> bytes:
    """A draft's bytes; an error names it as the archive does."""
    from redline.read.text import read_bytes

    try:
        return read_bytes(path)
    except RedlineError as exc:
        raise RedlineError(str(exc).replace(str(path), name)) from None


def file_options(settings: Settings) -> dict[str, Path]:
    """The options of `settings` that name TOML files (not bundled names)."""
    return {opt: Path(value) for opt in ("conventions", "delegations")
            if isinstance(value := getattr(settings, opt), str) and Path(value).is_file()}


def shipped_files(settings: Settings) -> tuple[tuple[str, str], ...]:
    """The TOML files the options name, as text, to travel with a task."""
    try:
        return tuple((opt, path.read_text(encoding="utf-8"))
                     for opt, path in file_options(settings).items())
    except (OSError, UnicodeDecodeError) as exc:
        raise RedlineError(f"cannot read an option's file ({exc})") from None


@cache
def worker_settings(settings: Settings, files: tuple[tuple[str, str], ...]) -> Settings:
    """The settings on this worker, the TOML files that came with them written once to a
    private folder (removed when the worker ends). Cached: a worker builds each reading
    (spaCy's tokenizer, the delegation list, the grammar) once, not once per pair."""
    if not files:
        return settings
    folder = _scratch()
    changes = {}
    for option, text in files:
        path = folder / f"{option}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.toml"
        path.write_text(text, encoding="utf-8")
        changes[option] = str(path)
    return replace(settings, **changes)


@cache
def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="redline-batch-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def option_digests(settings: Settings) -> dict[str, str]:
    """The SHA-256 of each TOML file the options name, by option."""
    files = {}
    for opt, path in file_options(settings).items():
        try:
            files[opt] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise RedlineError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return files


_CODE_SUFFIXES = {".py", ".toml", ".j2", ".css", ".js", ".json", ".txt"}
_NOT_OUTPUTS = ("serve", "cli", "cli.py")  # the site and the command line change no output


@cache
def code_digest() -> str:
    """A SHA-256 of every code and data file of redline that decides an output (every stage
    but the site and the command line): any change to redline changes it."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if (path.suffix not in _CODE_SUFFIXES or not path.is_file()
                or rel.parts[0] in _NOT_OUTPUTS or "__pycache__" in rel.parts):
            continue
        h.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def fingerprint(settings: Settings, shown: list | None = None,
                files: dict[str, str] | None = None) -> str:
    """What, beside the drafts' bytes, decides an output: the reading options (a TOML file by
    its content: `files`, from `option_digests`, read here when not given), what the output
    shows of its inputs (`shown`), redline's version and a digest of its own code and data
    (`code_digest`: the version stays the same while outputs change)."""
    if files is None:
        files = option_digests(settings)
    data = {"redline": redline_version(), "code": code_digest(),
            "conventions": settings.conventions,
            "delegations": settings.delegations, "language": settings.language,
            "date_order": settings.date_order, "authors": settings.authors,
            "changes": settings.changes, "files": files, "shown": shown}
    for opt in files:
        data[opt] = "file"
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
