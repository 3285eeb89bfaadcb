"""The data folder: the SQLite database, stored files, cached results and the secret key."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    """`$REDLINE_DATA`, else `./redline-data` (absolute, so that workers agree)."""
    return Path(os.environ.get("REDLINE_DATA") or "redline-data").absolute()


def secret_key(folder: Path) -> str:
    """`$REDLINE_SECRET_KEY`, else the key file in the data folder, made on first use with
    mode 0600 (never in the repository)."""
    if os.environ.get("REDLINE_SECRET_KEY"):
        return os.environ["REDLINE_SECRET_KEY"]
    path = folder / "secret.key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key
