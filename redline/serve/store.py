"""Files by content: every upload is stored under its SHA-256 (a generated name, never the
user's) before anything reads it or records it; results are cached the same way."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def _root(kind: str) -> Path:
    return Path(settings.DATA) / kind


def file_path(sha256: str) -> Path:
    return _root("files") / sha256[:2] / sha256


def _write(target: Path, data: bytes) -> None:
    """Write atomically and durably: a temporary file, fsync, rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".up-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o640)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def put(data: bytes) -> str:
    """Store a file's bytes; returns their SHA-256 (a file already stored is kept)."""
    sha = hashlib.sha256(data).hexdigest()
    target = file_path(sha)
    if not target.is_file():
        _write(target, data)
    return sha


def get(sha256: str) -> bytes:
    return file_path(sha256).read_bytes()


def stored() -> set[str]:
    """Every stored file's SHA-256."""
    root = _root("files")
    if not root.is_dir():
        return set()
    return {p.name for p in root.glob("??/*") if not p.name.startswith(".")}


def option_file(data: bytes, suffix: str = ".toml") -> Path:
    """A negotiation's own conventions or delegation list, kept by content."""
    sha = hashlib.sha256(data).hexdigest()
    target = _root("options") / f"{sha}{suffix}"
    if not target.is_file():
        _write(target, data)
    return target


def cached(key: str, make) -> bytes:
    """The result stored under `key`, made by `make()` (bytes) the first time. Made once:
    a worker that asks while another makes it waits for that one's file (a lock per key)."""
    target = _root("cache") / key[:2] / key
    try:
        return target.read_bytes()
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{key}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            try:
                return target.read_bytes()  # made while this one waited
            except FileNotFoundError:
                data = make()
                _write(target, data)
                return data
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            Path(lock.name).unlink(missing_ok=True)
