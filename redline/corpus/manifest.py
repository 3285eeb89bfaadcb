"""A corpus: a folder of dated versions of one text, listed in `manifest.toml`."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from redline.errors import RedlineError


@dataclass(frozen=True)
class Version:
    """One dated version of the text."""

    id: str
    path: Path
    date: str
    label: str
    meeting: str = ""
    reconstructed: bool = False


def load_manifest(folder: str | Path) -> list[Version]:
    """The versions of a corpus folder, oldest first; every file must lie inside the folder."""
    root = Path(folder)
    manifest = root / "manifest.toml"
    if not root.is_dir():
        raise RedlineError(f"{folder}: not a directory")
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RedlineError(f"{manifest}: no manifest (a manifest.toml listing the versions)") \
            from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RedlineError(f"{manifest}: not valid TOML ({exc})") from None
    entries = data.get("version")
    if not isinstance(entries, list) or not entries:
        raise RedlineError(f"{manifest}: no [[version]] entries")
    out: list[Version] = []
    seen: set[str] = set()
    base = root.resolve()
    for n, e in enumerate(entries, start=1):
        try:
            vid, file, date = str(e["id"]), str(e["file"]), str(e["date"])
        except (KeyError, TypeError):
            raise RedlineError(f"{manifest}: version {n} needs id, file and date") from None
        if vid in seen:
            raise RedlineError(f"{manifest}: duplicate version id {vid!r}")
        seen.add(vid)
        try:
            date = datetime.date.fromisoformat(date).isoformat()
        except ValueError:
            raise RedlineError(f"{manifest}: version {vid!r} date {date!r} is not a date "
                               "(YYYY-MM-DD)") from None
        try:
            path = (root / file).resolve()
        except (OSError, ValueError):
            raise RedlineError(f"{manifest}: version {vid!r} file {file!r} is not a path") \
                from None
        if base not in path.parents:
            raise RedlineError(f"{manifest}: version {vid!r} file {file!r} is outside {folder}")
        if not path.is_file():
            raise RedlineError(f"{manifest}: version {vid!r} file {file!r} does not exist")
        if path.stat().st_size == 0:
            raise RedlineError(f"{manifest}: version {vid!r} file {file!r}: empty file "
                               "(0 bytes)")
        out.append(Version(vid, root / file, date, str(e.get("label", vid)),
                           str(e.get("meeting", "")), bool(e.get("reconstructed", False))))
    return sorted(out, key=lambda v: (v.date, v.id))


MANIFEST_OPTIONS = ("conventions", "language", "date_order", "delegations")


def manifest_reading(folder: str | Path) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """How the manifest says its drafts are read: its top-level keys `conventions`,
    `language`, `date_order`, `delegations`, and its `[authors]` table (a Word author -> a
    delegation)."""
    from redline.annotate.delegations import author_table

    manifest = Path(folder) / "manifest.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}, ()  # load_manifest reports what is wrong with it
    out = {}
    for key in MANIFEST_OPTIONS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise RedlineError(f"{manifest}: {key} must be text")
        out[key] = value.upper() if key == "date_order" else value
    if out.get("date_order") not in (None, "MDY", "DMY"):
        raise RedlineError(f"{manifest}: date_order must be 'mdy' or 'dmy'")
    return out, author_table(data.get("authors", {}), str(manifest))
