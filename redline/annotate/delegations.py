"""The delegation registry: canonical codes, full names and the aliases drafts use.

Loaded from a TOML data file (`redline/data/delegations.toml` by default) so that another
body's delegations are a new file, not a code change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from redline.errors import RedlineError


@dataclass(frozen=True, eq=False)
class Registry:
    """Delegations of one body: alias lookups and a regex for lists like `CAN-US-PY`."""

    body: str
    names: dict[str, str]  # canonical code -> full name
    code_aliases: dict[str, str]  # alias as written (case-sensitive) -> canonical code
    name_aliases: dict[str, str]  # lower-cased name -> canonical code
    excluded: frozenset[str]
    source: str

    def lookup(self, token: str) -> str | None:
        """Canonical code for an alias as written in a draft, or None."""
        token = re.sub(r"\s+", " ", token.strip())
        if token in self.excluded:
            return None
        code = self.code_aliases.get(token) or self.code_aliases.get(token.replace(" ", ""))
        if code:
            return code
        return self.name_aliases.get(token.lower())

    def name(self, code: str) -> str:
        """Full name of a canonical code (the code itself if unknown)."""
        return self.names.get(code, code)

    @property
    def alias_pattern(self) -> str:
        """Regex alternation of every alias, longest first (names case-insensitively)."""
        return _alias_pattern(self)


@cache
def _alias_pattern(reg: Registry) -> str:
    codes = sorted(reg.code_aliases, key=len, reverse=True)
    names = sorted(reg.name_aliases, key=len, reverse=True)
    code_alts = [re.escape(c).replace(r"\ ", r"\s*") for c in codes]
    name_alts = ["(?i:" + re.escape(n).replace(r"\ ", r"\s+") + ")" for n in names]
    return "(?:" + "|".join(code_alts + name_alts) + ")"


def load(path: str | Path | None = None) -> Registry:
    """Load a registry from a TOML file, or the bundled OAS one."""
    if path is None:
        return _default()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RedlineError(f"{path}: no such delegations file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RedlineError(f"{path}: not a valid delegations file ({exc})") from None
    return _build(data, str(path))


@cache
def _default() -> Registry:
    text = resources.files("redline.annotate.data").joinpath("delegations.toml").read_text("utf-8")
    return _build(tomllib.loads(text), "redline/annotate/data/delegations.toml")


def _build(data: dict, source: str) -> Registry:
    entries = data.get("delegation")
    if not isinstance(entries, list) or not entries:
        raise RedlineError(f"{source}: no [[delegation]] tables")
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    name_aliases: dict[str, str] = {}
    for n, entry in enumerate(entries, start=1):
        code = entry.get("code") if isinstance(entry, dict) else None
        if not isinstance(code, str) or not code.strip():
            raise RedlineError(f"{source}: delegation {n} has no code")
        name = entry.get("name", code)
        aliases = entry.get("codes", [])
        more_names = entry.get("names", [])
        if not isinstance(name, str) or not _strings(aliases) or not _strings(more_names):
            raise RedlineError(f"{source}: delegation {code!r}: name must be text, codes and "
                               "names lists of text")
        names[code] = name
        for alias in [code, *aliases]:
            codes[re.sub(r"\s+", " ", alias)] = code
        for alias in [name, *more_names]:
            name_aliases[alias.lower()] = code
    excluded_list = data.get("not_delegations", [])
    if not _strings(excluded_list):
        raise RedlineError(f"{source}: not_delegations must be a list of text")
    excluded = frozenset(excluded_list)
    for word in excluded:
        codes.pop(word, None)
    return Registry(str(data.get("body", "")), names, codes, name_aliases, excluded, source)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
