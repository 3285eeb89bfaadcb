"""Writing results: atomically, never over an input file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from redline.errors import RedlineError


def refuse_input(target: Path, inputs: tuple[str | Path | None, ...]) -> None:
    """Refuse a path that is one of the inputs: an output never replaces what was read."""
    for src in inputs:
        if src is None:
            continue
        try:
            if target.exists() and target.resolve() == Path(src).resolve():
                raise RedlineError(f"{target}: refusing to overwrite an input file")
        except OSError:
            continue


def write_atomic(path: str | Path, data: str | bytes,
                 inputs: tuple[str | Path | None, ...] = ()) -> None:
    """Write `data` to `path` via a temporary file and rename; refuse to overwrite an input."""
    target = Path(path)
    refuse_input(target, inputs)
    if target.is_dir():
        raise RedlineError(f"{path}: is a directory")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise RedlineError(f"{path}: directory {parent} does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise RedlineError(f"{path}: cannot write ({exc.strerror or exc})") from None
