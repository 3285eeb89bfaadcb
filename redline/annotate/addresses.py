"""Addresses: where each paragraph sits in the draft, as people cite it.

`address := [section " "] item` (CONTRACTS, "Addresses"):
- `section` is the path of the enclosing headings as the draft numbers them, joined by `.`:
  `V.B`, `Article 4`, `Chapter II.Article 3`, `Article 3.8(b)` (`8. Timing` and
  `(b) Subsequent communications` are numbered titles, hence headings);
- `item` is the paragraph's label path (its enclosing numbered paragraphs, then its own label:
  `2.1(a)(i)`, `18`, `3bis`), or `¶N` for the Nth unlabelled paragraph of its section;
- a heading's address is its own section path; a footnote's is `fn N`;
- a repeat in document order gets `#2`, `#3`, so that addresses are unique in a document.

One rule makes the citation form the shortest unambiguous one: after a heading that numbers
its paragraphs in citations (a worded heading such as `Article 4`, or a numbered title such as
`8.`), a numbered item continues the number with `.` (a parenthesised one directly) instead of
a space, and a dotted label that restates the number of its article is not repeated. Lettered
and roman headings keep the space. Examples:
- OAS: paragraph 18 under `V.` / `B.` is `V.B 18`; the third unlabelled paragraph under `V.A`
  is `V.A ¶3`; heading `B.` of `V.` is `V.B`; footnote 1 is `fn 1`;
- Paris: paragraph `1.` of `Article 4` is `Article 4.1`, its sub-item `(a)` `Article 4.1(a)`;
  `3.3bis` and `3bis` under `Article 3` are both `Article 3.3bis`; an unlabelled paragraph is
  `Article 4 ¶2`; `Option 2:` under the title `1. Collective long-term goal` of Article 3 is
  `Article 3.1 ¶2`; `3.3` under the title `3. Differentiated efforts` is paragraph 3 again:
  `Article 3.3#2`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from redline.model import Kind

_WORDED = re.compile(r"^(?P<word>[A-ZÀ-Þ][^\W\d_]+)(?: (?P<num>\S+))?$")  # `Article 4bis`
_NUMBER = re.compile(r"^\d+[a-z]*$")  # what an article's number looks like when restated
_ROMAN = re.compile(r"[IVXLCDM]+")  # `II`, `IV`: a roman heading, not a word like `Article`


@dataclass(frozen=True, slots=True)
class _Section:
    """A heading path as addresses write it."""

    text: str  # `Article 3.8(b)`
    cites: bool  # its last heading numbers its paragraphs in citations: `Article 4`, `8.`
    article: tuple[str, str] | None = None  # the innermost worded heading: (its path, number)


def addresses(paragraphs: list[tuple[Kind, str | None, str | None]]) -> list[str]:
    """The address of each paragraph given as (kind, label, section), unique within the
    document."""
    headings: dict[str, _Section] = {}  # a heading's outline path -> its section
    unlabelled: Counter[str] = Counter()
    raw: list[str] = []
    for kind, label, section_path in paragraphs:
        if kind is Kind.FOOTNOTE:
            raw.append(f"fn {label or len(raw) + 1}")
            continue
        section, parents = _lookup(headings, section_path or "")
        if not label:
            key = section.text if section else ""
            unlabelled[key] += 1
            raw.append(f"{key} ¶{unlabelled[key]}".strip())
            continue
        item = _item(parents, label)
        if kind is Kind.HEADING:
            sec = _heading(section, item, label)
            headings[".".join(p for p in (section_path, label) if p)] = sec  # Paragraph.path
            raw.append(sec.text)
        else:
            raw.append(_join(section, item))
    seen: Counter[str] = Counter()
    out = []
    for address in raw:
        seen[address] += 1
        n = seen[address]
        out.append(address if n == 1 else f"{address}#{n}")
    return out


def base(address: str) -> str:
    """An address without its repeat mark: `Article 3.3#2` -> `Article 3.3`."""
    return address.split("#", 1)[0]


def relocated(old: str | None, new: str | None) -> bool:
    """Whether a paragraph's address changed in a way worth saying: its label or its section,
    not merely the count of unlabelled paragraphs before it (`V.B ¶3` -> `V.B ¶4`)."""
    if not old or not new:
        return False
    return re.sub(r"¶\d+", "¶", base(old)) != re.sub(r"¶\d+", "¶", base(new))


def _lookup(headings: dict[str, _Section], section: str) -> tuple[_Section | None, str]:
    """The innermost known heading of an outline path, and the labels under it (numbered
    paragraphs enclosing the item, `.`-joined)."""
    probe = section
    while probe:
        if probe in headings:
            return headings[probe], section[len(probe) + 1:]
        cut = probe.rfind(".")
        probe = probe[:cut] if cut > 0 else ""
    return None, section


def _item(parents: str, label: str) -> str:
    """The label path of an item: `2.1` + `(a)` -> `2.1(a)`; `3` + `3.3bis` -> `3.3bis`."""
    path = parents.replace(".(", "(")
    if not path or label.startswith(path + "."):
        return label
    return path + label if label.startswith("(") else f"{path}.{label}"


def _restated(section: _Section | None, item: str) -> str | None:
    """The address of a dotted item restating its article's number (`3.3bis` in Article 3)."""
    if section is None or section.article is None:
        return None
    path, number = section.article
    if item.startswith(number + ".") and len(item) > len(number) + 1:
        return f"{path}.{item[len(number) + 1:]}"
    return None


def _join(section: _Section | None, item: str) -> str:
    """An item's address under its section."""
    if section is None or not section.text:
        return item
    restated = _restated(section, item)
    if restated:
        return restated
    if section.cites and item[:1].isdigit():
        return f"{section.text}.{item}"
    if section.cites and item[:1] == "(":
        return section.text + item
    return f"{section.text} {item}"


def _heading(parent: _Section | None, item: str, label: str) -> _Section:
    """The section a heading opens: `V` + `B` -> `V.B`; `Article 3` + `8` -> `Article 3.8`."""
    worded = None if _ROMAN.fullmatch(label) else _WORDED.match(label)
    numbered = label[:1].isdigit() or label[:1] == "("
    text = _restated(parent, item)
    if text is None:
        if parent is None or not parent.text:
            text = item
        elif item[:1] == "(":
            text = parent.text + item
        else:
            text = f"{parent.text}.{item}"
    article = parent.article if parent else None
    if worded and worded.group("num") and _NUMBER.match(worded.group("num")):
        article = (text, worded.group("num"))
    return _Section(text, bool(worded) or numbered, article)
