"""The delegation registry: canonical codes, full names, the aliases drafts use, and groups.

Loaded from a TOML data file so that another body's delegations are a new file, not a code
change. Two lists are bundled (`redline/annotate/data/<name>.toml`): `oas` (the default) and
`un` (UN member and observer States by ISO 3166-1 alpha-3, plus negotiating groups).

A file holds `[[delegation]]` tables (`code`, `name`, `codes`, `short_codes`, `names`), an
optional `not_delegations` list and `[[group]]` tables (the same keys plus `source` and
`[[group.member]]` entries `{code, since, until}`, dates ISO and inclusive). A group is a
delegation too: it has aliases and can propose text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from redline.annotate.datafiles import bundled, user_file
from redline.errors import RedlineError

BUNDLED = ("oas", "un")
DEFAULT = "oas"
_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Membership:
    """One period of a delegation in a group: `since`/`until` are ISO dates, both inclusive."""

    code: str
    since: str | None = None
    until: str | None = None

    def in_force(self, on: str | None = None) -> bool:
        """Member on ISO date `on`; with no date, a current member (no `until`)."""
        if on is None:
            return self.until is None
        return (self.since is None or self.since <= on) and (self.until is None or on <= self.until)


@dataclass(frozen=True)
class Group:
    """A negotiating group: its code, name, the citation of its list, and dated memberships."""

    code: str
    name: str
    source: str
    members: tuple[Membership, ...]


@dataclass(frozen=True, eq=False)
class Registry:
    """Delegations of one body: alias lookups, groups and a regex for lists like `CAN-US-PY`."""

    body: str
    names: dict[str, str]  # canonical code -> full name (groups included)
    code_aliases: dict[str, str]  # alias as written (case-sensitive) -> canonical code
    name_aliases: dict[str, str]  # lower-cased name -> canonical code
    excluded: frozenset[str]
    source: str
    groups: dict[str, Group] = field(default_factory=dict)
    short_only: frozenset[str] = frozenset()  # code aliases listed only under `short_codes`
    authors: tuple[tuple[str, str], ...] = ()  # `[authors]`: a Word author -> a delegation

    def lookup(self, token: str, short: bool = True) -> str | None:
        """Canonical code for an alias as written in a draft, or None.

        With `short=False` an alias listed only under `short_codes` (`US`, `IN`) does not match.
        """
        token = re.sub(r"\s+", " ", token.strip())
        if token in self.excluded:
            return None
        for alias in (token, token.replace(" ", "")):
            code = self.code_aliases.get(alias)
            if code and (short or alias not in self.short_only):
                return code
        return self.name_aliases.get(token.lower())

    def canonical(self, code: str) -> str:
        """The code for a code or alias a person typed (`US`, `usa`, `Venezuela`); an unknown
        one is an error naming the list."""
        found = self.lookup(code) or self.lookup(code.upper())
        if found is None:
            raise RedlineError(f"unknown delegation {code!r} (see {self.source})")
        return found

    def name(self, code: str) -> str:
        """Full name of a canonical code (the code itself if unknown)."""
        return self.names.get(code, code)

    def members(self, group_code: str, on: str | None = None) -> tuple[str, ...]:
        """Codes of the group's members on ISO date `on`; with no date, its current members."""
        group = self.groups.get(group_code) or self.groups.get(self.lookup(group_code) or "")
        if group is None:
            raise RedlineError(f"{group_code!r} is not a group of {self.source}")
        on = _check_on(on)
        return tuple(dict.fromkeys(m.code for m in group.members if m.in_force(on)))

    def groups_of(self, code: str, on: str | None = None) -> tuple[str, ...]:
        """Codes of the groups `code` belongs to on ISO date `on` (no date: currently)."""
        code = code if code in self.names else (self.lookup(code) or code)
        on = _check_on(on)
        return tuple(g.code for g in self.groups.values()
                     if any(m.code == code and m.in_force(on) for m in g.members))

    @property
    def alias_pattern(self) -> str:
        """Regex alternation of every alias, longest first (names case-insensitively)."""
        return _alias_pattern(self, True)

    def alias_pattern_for(self, short: bool) -> str:
        """`alias_pattern`, without the aliases listed only under `short_codes` when not short."""
        return _alias_pattern(self, short)


def _check_on(on: str | None) -> str | None:
    if on is not None and _iso(on) is None:
        raise RedlineError(f"{on!r}: not an ISO date (YYYY-MM-DD)")
    return on


@cache
def _alias_pattern(reg: Registry, short: bool) -> str:
    """A trie-shaped alternation (common prefixes factored), so thousands of aliases stay fast."""
    codes = [c for c in reg.code_aliases if short or c not in reg.short_only]
    code_re = _trie_regex(codes, r"\s*")
    name_re = _trie_regex([n.lower() for n in reg.name_aliases], r"\s+")
    alts = [a for a in (code_re, f"(?i:{name_re})" if name_re else "") if a]
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


def _trie_regex(words: list[str], space: str) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_regex(trie, space) if trie else ""


def _node_regex(node: dict, space: str, depth: dict[int, int] | None = None) -> str:
    """Regex of a trie node: longer continuations are tried first, ending here last."""
    depth = {} if depth is None else depth
    branches, leaves = [], []
    for ch in sorted((k for k in node if k), key=lambda k: -_depth(node[k], depth)):
        if node[ch] == {"": {}} and ch != " ":
            leaves.append(ch)  # one last character: gathered into a class
        else:
            head = space if ch == " " else re.escape(ch)
            branches.append(head + _node_regex(node[ch], space, depth))
    if leaves:
        chars = "".join(re.escape(c) if c in "\\]^-[" else c for c in leaves)
        branches.append(re.escape(leaves[0]) if len(leaves) == 1 else f"[{chars}]")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _depth(node: dict, memo: dict[int, int]) -> int:
    """Length of the longest alias below a trie node."""
    if id(node) not in memo:
        memo[id(node)] = 1 + max((_depth(c, memo) for c in node.values()), default=0)
    return memo[id(node)]


def load(spec: str | Path | None = None) -> Registry:
    """A bundled list by name (`oas`, the default, or `un`) or a TOML file."""
    if spec is None:
        spec = DEFAULT
    if isinstance(spec, str) and spec in BUNDLED:
        return _bundled(spec)
    return _build(user_file(spec, "delegations", f"list ({', '.join(BUNDLED)})"), str(spec))


@cache
def _bundled(name: str) -> Registry:
    return _build(*bundled(f"data/{name}.toml"))


def _build(data: dict, source: str) -> Registry:
    entries = data.get("delegation")
    if not isinstance(entries, list) or not entries:
        raise RedlineError(f"{source}: no [[delegation]] tables")
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    short: dict[str, str] = {}
    name_aliases: dict[str, str] = {}
    for n, entry in enumerate(entries, start=1):
        code = _entry(entry, f"delegation {n}", source, names, codes, short, name_aliases)
        names[code] = entry.get("name", code)
    groups: dict[str, Group] = {}
    raw_groups = data.get("group", [])
    if not isinstance(raw_groups, list):
        raise RedlineError(f"{source}: group must be [[group]] tables")
    for n, entry in enumerate(raw_groups, start=1):
        code = _entry(entry, f"group {n}", source, names, codes, short, name_aliases)
        if code in names or code in groups:
            raise RedlineError(f"{source}: group {code!r}: code already used")
        groups[code] = _group(entry, code, source, names)
    for code, group in groups.items():
        names[code] = group.name
    excluded_list = data.get("not_delegations", [])
    if not _strings(excluded_list):
        raise RedlineError(f"{source}: not_delegations must be a list of text")
    excluded = frozenset(excluded_list)
    short_only = frozenset(a for a in short if a not in codes)
    for alias, code in short.items():
        codes.setdefault(alias, code)
    for word in excluded:
        codes.pop(word, None)
    return Registry(str(data.get("body", "")), names, codes, name_aliases, excluded, source,
                    groups, short_only, author_table(data.get("authors", {}), source))


def author_table(table: object, source: str) -> tuple[tuple[str, str], ...]:
    """An `[authors]` table (`"A. Person" = "JPN"`): who in a Word file speaks for whom."""
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in table.items()):
        raise RedlineError(f"{source}: [authors] must map author names to delegation codes")
    return tuple(sorted(table.items()))


def _entry(entry: object, what: str, source: str, names: dict, codes: dict, short: dict,
           name_aliases: dict) -> str:
    """Check one delegation or group table and record its aliases; its canonical code."""
    code = entry.get("code") if isinstance(entry, dict) else None
    if not isinstance(code, str) or not code.strip():
        raise RedlineError(f"{source}: {what} has no code")
    name = entry.get("name", code)
    aliases, shorts, more_names = (entry.get(k, []) for k in ("codes", "short_codes", "names"))
    if not isinstance(name, str) or not all(map(_strings, (aliases, shorts, more_names))):
        raise RedlineError(f"{source}: {what.split()[0]} {code!r}: name must be text, codes, "
                           "short_codes and names lists of text")
    for alias in [code, *aliases]:
        codes[re.sub(r"\s+", " ", alias)] = code
    for alias in shorts:
        short[re.sub(r"\s+", " ", alias)] = code
    for alias in [name, *more_names]:
        name_aliases[re.sub(r"\s+", " ", alias).lower()] = code
    return code


def _group(entry: dict, code: str, source: str, delegations: dict[str, str]) -> Group:
    where = f"{source}: group {code!r}"
    cite = entry.get("source", "")
    members = entry.get("member", [])
    if not isinstance(cite, str):
        raise RedlineError(f"{where}: source must be text")
    if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
        raise RedlineError(f"{where}: members must be [[group.member]] tables")
    out = []
    for m in members:
        member = m.get("code")
        if not isinstance(member, str) or member not in delegations:
            raise RedlineError(f"{where}: member {member!r} is not a delegation of this file")
        since, until = (_date(m.get(k), f"{where}: member {member!r}: {k}") for k in
                        ("since", "until"))
        if since and until and until < since:
            raise RedlineError(f"{where}: member {member!r}: until {until} before since {since}")
        unknown = set(m) - {"code", "since", "until"}
        if unknown:
            raise RedlineError(f"{where}: member {member!r}: unknown key {sorted(unknown)[0]!r}")
        out.append(Membership(member, since, until))
    return Group(code, entry.get("name", code), cite, tuple(out))


def _date(value: object, where: str) -> str | None:
    """An ISO date string from a TOML string or date; None when absent."""
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    iso = _iso(value) if isinstance(value, str) else None
    if iso is None:
        raise RedlineError(f"{where} {value!r} is not an ISO date (YYYY-MM-DD)")
    return iso


def _iso(text: str) -> str | None:
    if not isinstance(text, str) or not _ISO_RE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
