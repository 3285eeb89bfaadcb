"""An output folder that redline fills (`report -o DIR`, `batch -o DIR`): whose it is, one run
at a time, and what an earlier run made that this one no longer makes.

- Whose: redline writes a marker in every folder it makes (`.redline-report`, listing the files
  it made; the batch's `.redline-batch.json`). A folder that holds files and no marker is the
  user's: refused unless `--force`, so that a user's own `index.html` is never written over.
- One run at a time: a run holds an exclusive `flock` on `.redline-lock` in the folder while it
  works; another run into the same folder is refused at once, naming the holder (pid, host,
  since when). The holder removes the lock file before it lets go, and a run that takes the lock
  checks that the file it locked is still the one in place.
- Left over: files an earlier run made that this run does not make (the audit of a delegation
  the drafts no longer name) are listed, never deleted unless asked (`--prune`).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import socket
from collections.abc import Iterable, Iterator
from pathlib import Path

from redline.errors import RedlineError

LOCK = ".redline-lock"


def check_owned(outdir: str | Path, marker: str, *, force: bool = False,
                legacy: bool = False) -> None:
    """Refuse a folder that holds files but not `marker` (redline did not make it), unless
    `force`; `legacy` says it is redline's by an older sign (a report folder written before
    the marker existed)."""
    out = Path(outdir)
    if force or not out.is_dir() or (out / marker).is_file() or legacy:
        return
    try:
        names = sorted(p.name for p in out.iterdir() if p.name != LOCK)
    except OSError as exc:
        raise RedlineError(f"{outdir}: cannot list ({exc.strerror or exc})") from None
    if names:
        held = names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
        raise RedlineError(f"{outdir}: not a folder redline made (it holds {held}, and no "
                           f"{marker}): write into a new or empty folder, or give --force to "
                           "write over the files of the same names")


@contextlib.contextmanager
def locked(outdir: str | Path) -> Iterator[Path]:
    """Hold the folder (made if missing) for this run; another run is refused with one line
    naming the holder. A folder this run made and left empty (it failed before writing) is
    removed."""
    out = Path(outdir)
    made = not out.exists()
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise RedlineError(f"{outdir}: cannot make the folder ({exc.strerror or exc})") from None
    path = out / LOCK
    fd = _acquire(path, outdir)
    try:
        yield out
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still held: see `_acquire`
        os.close(fd)
        if made:
            with contextlib.suppress(OSError):
                out.rmdir()  # only when empty


def _acquire(path: Path, outdir: str | Path) -> int:
    for _ in range(10):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise RedlineError(f"{outdir}: cannot write there ({exc.strerror or exc})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise RedlineError(f"{outdir}: another redline run is writing into it ({holder}); "
                               "wait for it to end, or write elsewhere") from None
        except OSError as exc:
            os.close(fd)
            raise RedlineError(f"{outdir}: cannot lock {LOCK} ({exc.strerror or exc})") \
                from None
        try:  # the run that held it may have removed the file meanwhile: lock the one in place
            current = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            since = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            record = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 "since": since}).encode()
            os.ftruncate(fd, 0)
            os.pwrite(fd, record + b"\n", 0)
            return fd
        os.close(fd)
    raise RedlineError(f"{outdir}: cannot lock {LOCK} (it keeps being replaced)")


def _holder(fd: int) -> str:
    """Who holds the lock, as its lock file says."""
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"pid {int(data['pid'])} on {data['host']}, since {data['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "it has not said who it is yet"


def leftovers(out: Path, before: Iterable[str], now: Iterable[str]) -> list[str]:
    """Files (names relative to `out`) an earlier run made, still there, that this run does
    not make."""
    made = set(now)
    return sorted(n for n in set(before) - made if (out / n).is_file())


def prune(out: Path, names: Iterable[str]) -> None:
    """Delete `names` (relative to `out`), then the folders they leave empty below `out`."""
    root = out.resolve()
    for name in names:
        target = out / name
        try:
            if root not in target.resolve().parents:
                continue  # never outside the folder
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise RedlineError(f"{target}: cannot delete ({exc.strerror or exc})") from None
        parent = target.parent
        while parent != out and root in parent.resolve().parents:
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent


def files_below(folder: Path, pattern: str = "*") -> list[str]:
    """The files below `folder` matching `pattern`, relative to it, as POSIX paths."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob(pattern)
                  if p.is_file() and not p.is_symlink())
