"""Conventions: how a negotiating body writes its drafts, as data (`conventions/<name>.toml`).

A convention names the marker families its drafts use (in the order they are tried), whether
bare two-letter codes may name Parties, its date order, its default delegation list, its words
per language (over the language data in `vocabulary/<lang>.toml`) and the evidence that tells
its drafts apart (`detect`). A new body is a new file plus tests, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path

from redline.annotate.datafiles import bundled, user_file
from redline.annotate.markers.vocabulary import Vocabulary, vocabulary
from redline.errors import RedlineError
from redline.read.numbering import DEFAULT, Numbering

BUNDLED = ("oas", "un", "trade")
FALLBACK = "un"  # a draft with no evidence either way: the strictest reading
_DETECT_CAP = 50  # matches counted per detection pattern


@dataclass(frozen=True)
class Convention:
    """One body's drafting convention."""

    name: str
    title: str
    delegations: str  # a bundled list name or a path
    date_order: str  # "MDY" or "DMY": how numeric dates inside drafts read
    short_codes: bool
    families: tuple[str, ...]
    paragraph_families: tuple[str, ...]
    detect: tuple[tuple[re.Pattern, float], ...] = field(compare=False)
    words: dict = field(default_factory=dict, compare=False, hash=False)  # language -> overrides
    source: str = ""
    numbering: Numbering | None = None  # its own label patterns; None: the reader's default
    language_date_orders: tuple[tuple[str, str], ...] = ()  # (language, "DMY") where it differs

    def date_order_for(self, language: str) -> str:
        """How numeric dates read in drafts of `language` (OAS: English month-first, Spanish,
        French and Portuguese day-first)."""
        return dict(self.language_date_orders).get(language, self.date_order)

    def vocabulary(self, language: str = "en") -> Vocabulary:
        """The marker words of this convention in `language`."""
        return _vocabulary(self, language)

    def evidence(self, text: str) -> float:
        """How strongly `text` looks written in this convention."""
        return sum(weight * sum(1 for _ in islice(rx.finditer(text), _DETECT_CAP))
                   for rx, weight in self.detect)


@cache
def _vocabulary(conv: Convention, language: str) -> Vocabulary:
    return vocabulary(language, conv.words.get(language), conv.source)


def load_convention(spec: str | Path | None = None) -> Convention:
    """A bundled convention by name (`oas`, `un`, `trade`) or a TOML file; default `oas`."""
    spec = "oas" if spec is None else spec
    if isinstance(spec, str) and spec in BUNDLED:
        return _bundled(spec)
    data = user_file(spec, "conventions", f"convention ({', '.join(BUNDLED)}, auto)")
    return _build(data, str(spec))


@cache
def _bundled(name: str) -> Convention:
    return _build(*bundled(f"conventions/{name}.toml"))


def detect(text: str) -> tuple[Convention, float]:
    """The bundled convention with the most evidence in `text`, and its score."""
    scored = [(_bundled(n).evidence(text), -k, n) for k, n in enumerate(BUNDLED)]
    score, _, name = max(scored)
    return (_bundled(name) if score > 0 else _bundled(FALLBACK)), score


def _build(data: dict, source: str) -> Convention:
    def need(key: str, kind: type):
        value = data.get(key)
        if not isinstance(value, kind):
            raise RedlineError(f"{source}: {key!r} must be a {kind.__name__}")
        return value

    order = str(data.get("date_order", "mdy")).upper()
    by_language = data.get("date_order_by_language", {})
    if not isinstance(by_language, dict):
        raise RedlineError(f"{source}: [date_order_by_language] must be a table")
    orders = tuple(sorted((str(k), str(v).upper()) for k, v in by_language.items()))
    if any(o not in ("MDY", "DMY") for o in (order, *(v for _, v in orders))):
        raise RedlineError(f"{source}: date_order must be 'mdy' or 'dmy'")
    def texts(key: str, default: list) -> tuple[str, ...]:
        value = data.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RedlineError(f"{source}: {key!r} must be a list of names")
        return tuple(value)

    short = data.get("short_codes", False)
    if not isinstance(short, bool):
        raise RedlineError(f"{source}: 'short_codes' must be true or false")
    detect = data.get("detect", [])
    if not isinstance(detect, list):
        raise RedlineError(f"{source}: [[detect]] tables expected")
    detect_rules = []
    for rule in detect:
        try:
            detect_rules.append((re.compile(rule["pattern"]), float(rule.get("weight", 1.0))))
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise RedlineError(f"{source}: bad detect rule ({exc})") from None
    words = data.get("vocabulary", {})
    if not isinstance(words, dict) or not all(isinstance(v, dict) for v in words.values()):
        raise RedlineError(f"{source}: [vocabulary.<language>] tables expected")
    return Convention(
        name=need("name", str), title=str(data.get("title", "")),
        delegations=str(data.get("delegations", "oas")), date_order=order,
        short_codes=short, families=texts("families", []),
        paragraph_families=texts("paragraph_families", []),
        detect=tuple(detect_rules), words=words, source=source,
        numbering=_numbering(data.get("numbering"), source), language_date_orders=orders,
    )


def _numbering(table: object, source: str) -> Numbering | None:
    """A `[numbering]` table: any of `labels`, `suffixes`, `heading_words` (lists by rank),
    `unnumbered`, `options`, each replacing the reader's default."""
    if table is None:
        return None
    if not isinstance(table, dict):
        raise RedlineError(f"{source}: [numbering] must be a table")
    fields = {"labels": DEFAULT.labels, "suffixes": DEFAULT.suffixes,
              "heading_words": DEFAULT.heading_words, "unnumbered": DEFAULT.unnumbered,
              "options": DEFAULT.options}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise RedlineError(f"{source}: [numbering] has unknown keys {', '.join(unknown)}")
    values = {}
    for key, default in fields.items():
        value = table.get(key, default)
        if key == "heading_words":
            ok = isinstance(value, list | tuple) and all(
                isinstance(r, list | tuple) and all(isinstance(w, str) for w in r) for r in value)
            values[key] = tuple(tuple(r) for r in value) if ok else None
        else:
            ok = isinstance(value, list | tuple) and all(isinstance(w, str) for w in value)
            values[key] = tuple(value) if ok else None
        if values[key] is None:
            raise RedlineError(f"{source}: [numbering] {key} must be a list of text")
    numbering = Numbering(**values)
    try:
        numbering.compiled()
    except re.error as exc:
        raise RedlineError(f"{source}: [numbering] has a bad pattern ({exc})") from None
    return numbering
