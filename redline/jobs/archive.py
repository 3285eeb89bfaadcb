"""What a batch compares: the pairs of an archive.

An archive is a folder of corpora (every folder below it with a `manifest.toml`), a single
corpus, or a pair list: a CSV with the header `old,new[,corpus]` or a TOML file of `[[pair]]`
tables with the same keys, paths relative to the list. A corpus gives its consecutive versions;
a corpus whose manifest is wrong gives one broken entry (an error row), never the end of the run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from redline.errors import RedlineError

LIST_SUFFIXES = (".csv", ".toml")
_UNSAFE = re.compile(r"[^\w.-]+")  # letters and digits of any script stay


@dataclass(frozen=True)
class Pair:
    """One comparison of a batch. `old`/`new` name the versions in the tables (a version id, or
    the path as the list wrote it); `old_name`/`new_name` are the paths relative to the archive,
    which the compare JSON shows; `folder` is where a `manifest.toml` says how to read them."""

    corpus: str
    old: str
    new: str
    old_path: Path
    new_path: Path
    old_name: str
    new_name: str
    old_date: str | None = None
    new_date: str | None = None
    folder: Path | None = None
    key: str = ""  # `<corpus>/<old>__<new>`: its JSON is `pairs/<key>.json` (set by the archive)


@dataclass(frozen=True)
class Broken:
    """A corpus that could not be listed: one error row in the tables."""

    corpus: str
    error: str


@dataclass(frozen=True)
class Corpus:
    """A corpus folder of the archive, for its reports (`reports/<key>/`)."""

    name: str
    folder: Path
    key: str = ""


@dataclass(frozen=True)
class Archive:
    root: Path
    pairs: tuple[Pair, ...]
    broken: tuple[Broken, ...]
    corpora: tuple[Corpus, ...]  # the corpus folders whose manifests are sound

    listing: Path | None = None  # the pair list the archive came from

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every file the batch reads: never to be written over."""
        files = {str(p) for pair in self.pairs for p in (pair.old_path, pair.new_path)}
        files |= {str(c.folder / "manifest.toml") for c in self.corpora}
        files |= {str(self.listing)} if self.listing else set()
        return tuple(sorted(files))


def safe_name(name: str) -> str:
    """A name that is safe as one file or folder name: letters and digits (of any script),
    `.`, `_` and `-`; no separator, never hidden, `.` or `..`."""
    return _UNSAFE.sub("_", name).strip("_.") or "_"


def corpus_dir(corpus: str) -> str:
    """A corpus's folder below `pairs/` and `reports/`: its path, each part made safe."""
    return "/".join(safe_name(part) for part in corpus.split("/")) or "_"


def unique_names(wanted: dict[str, str]) -> dict[str, str]:
    """identity -> name, from identity -> the name it would have: where two identities would
    share a name (letter case aside, for file systems that ignore it), each gets a short hash
    of itself, so that no output is ever written over another's."""
    groups: dict[str, list[str]] = {}
    for ident, name in wanted.items():
        groups.setdefault(name.casefold(), []).append(ident)
    out = dict(wanted)
    for idents in groups.values():
        if len(idents) > 1:
            for ident in idents:
                out[ident] = f"{wanted[ident]}-{hashlib.sha256(ident.encode()).hexdigest()[:8]}"
    return out


def _named(pairs: list[Pair], corpora: list[Corpus], where: str
           ) -> tuple[tuple[Pair, ...], tuple[Corpus, ...]]:
    """The pairs and corpora with the names of their outputs; a pair listed twice is refused."""
    seen: dict[tuple[str, str, str], Pair] = {}
    for p in pairs:
        if (p.corpus, p.old, p.new) in seen:
            raise RedlineError(f"{where}: lists {p.old} → {p.new} of corpus {p.corpus} twice")
        seen[(p.corpus, p.old, p.new)] = p
    ident = {p: "\x00".join((p.corpus, p.old, p.new)) for p in pairs}
    keys = unique_names({ident[p]: f"{corpus_dir(p.corpus)}/{safe_name(p.old)}__"
                                   f"{safe_name(p.new)}" for p in pairs})
    dirs = unique_names({c.name: corpus_dir(c.name) for c in corpora})
    return (tuple(replace(p, key=keys[ident[p]]) for p in pairs),
            tuple(replace(c, key=dirs[c.name]) for c in corpora))


def load_archive(path: str | Path, skip: Path | None = None) -> Archive:
    """The pairs of an archive (a folder of corpora, a corpus, or a pair list). `skip` is a
    folder never searched for corpora (the batch's own output)."""
    root = Path(path).absolute()  # workers that read paths may run elsewhere
    if root.is_file():
        if root.suffix.lower() not in LIST_SUFFIXES:
            raise RedlineError(f"{path}: not a folder of corpora, a corpus, nor a pair list "
                               "(.csv or .toml)")
        listed, _ = _named(_list_pairs(root), [], str(path))
        return Archive(root.parent, listed, (), (), root)
    if not root.is_dir():
        raise RedlineError(f"{path}: no such folder or pair list")
    folders = [root] if (root / "manifest.toml").is_file() else _corpus_folders(root, skip)
    if not folders:
        raise RedlineError(f"{path}: no corpus found (no manifest.toml in it or below it)")
    pairs: list[Pair] = []
    broken: list[Broken] = []
    corpora: list[Corpus] = []
    for folder in folders:
        name = folder.name if folder == root else folder.relative_to(root).as_posix()
        try:
            found = _corpus_pairs(folder, name, root if folder != root else root.parent)
        except RedlineError as exc:
            broken.append(Broken(name, str(exc)))
            continue
        pairs += found
        corpora.append(Corpus(name, folder))
    named, sound = _named(pairs, corpora, str(path))
    return Archive(root, named, tuple(broken), sound)


def _corpus_folders(root: Path, skip: Path | None) -> list[Path]:
    """Folders below `root` holding a manifest, sorted. A corpus's own subfolders are its own;
    hidden folders, links to folders (which could loop) and `skip` are never searched."""
    out: list[Path] = []
    skipped = skip.resolve() if skip is not None else None
    stack = [root]
    while stack:
        here = stack.pop()
        try:
            subs = sorted(p for p in here.iterdir()
                          if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))
        except OSError as exc:
            raise RedlineError(f"{here}: cannot list ({exc.strerror or exc})") from None
        for sub in reversed(subs):
            if skipped is not None and sub.resolve() == skipped:
                continue
            if (sub / "manifest.toml").is_file():
                out.append(sub)
            else:
                stack.append(sub)
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


def _corpus_pairs(folder: Path, name: str, base: Path) -> list[Pair]:
    """Consecutive versions of one corpus."""
    from redline.corpus.manifest import load_manifest

    versions = load_manifest(folder)
    if len(versions) < 2:
        raise RedlineError(f"{folder / 'manifest.toml'}: one version only, nothing to compare")
    return [Pair(name, a.id, b.id, a.path, b.path, _rel(a.path, base), _rel(b.path, base),
                 a.date, b.date, folder)
            for a, b in itertools.pairwise(versions)]


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _list_rows(listing: Path) -> list[dict[str, str]]:
    """The rows of a pair list, with their keys checked."""
    try:
        raw = listing.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RedlineError(f"{listing}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise RedlineError(f"{listing}: not UTF-8 text") from None
    if listing.suffix.lower() == ".toml":
        try:
            rows = tomllib.loads(raw).get("pair")
        except tomllib.TOMLDecodeError as exc:
            raise RedlineError(f"{listing}: not valid TOML ({exc})") from None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise RedlineError(f"{listing}: no [[pair]] tables (each with old and new)")
    else:
        reader = csv.DictReader(io.StringIO(raw))
        header = [h.strip() for h in reader.fieldnames or []]
        if not {"old", "new"} <= set(header) <= {"old", "new", "corpus"} or \
                len(set(header)) < len(header):
            raise RedlineError(f"{listing}: the header must be old,new[,corpus], not "
                               f"{','.join(header) or 'empty'}")
        reader.fieldnames = header
        rows = list(reader)
        for n, row in enumerate(rows, start=2):
            if None in row:
                raise RedlineError(f"{listing}: line {n} has more fields than the header")
    out = []
    for n, row in enumerate(rows, start=2 if listing.suffix.lower() == ".csv" else 1):
        old, new = (str(row.get(k) or "").strip() for k in ("old", "new"))
        if not old or not new:
            where = f"line {n}" if listing.suffix.lower() == ".csv" else f"pair {n}"
            raise RedlineError(f"{listing}: {where} needs both old and new")
        out.append({"old": old, "new": new, "corpus": str(row.get("corpus") or "").strip()})
    if not out:
        raise RedlineError(f"{listing}: lists no pairs")
    return out


def _list_pairs(listing: Path) -> list[Pair]:
    """The pairs of a list; a row without a corpus belongs to the corpus named by the list."""
    base = listing.parent
    pairs = []
    for row in _list_rows(listing):
        corpus = row["corpus"] or listing.stem
        old, new = base / row["old"], base / row["new"]
        folder = next((p.parent for p in (new, old) if (p.parent / "manifest.toml").is_file()),
                      None)
        pairs.append(Pair(corpus, row["old"], row["new"], old, new, row["old"], row["new"],
                          folder=folder))
    return pairs
