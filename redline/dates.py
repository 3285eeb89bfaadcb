"""Dates as the drafts write them: 4-16-2015, 12/07/2015, 11-18-15, 1/19/2016."""

from __future__ import annotations

import re
from datetime import date

from redline.errors import RedlineError

DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4}|\d{2})(?![\d/])")


def parse_date(match: re.Match, order: str = "MDY") -> str | None:
    """ISO date for a DATE_RE match; `order` is the drafts' convention (MDY or DMY).

    A date impossible in the given order but possible in the other is read the other way.
    """
    a, b, y = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if y < 100:
        y += 2000 if y < 70 else 1900
    m, d = (a, b) if order == "MDY" else (b, a)
    for mm, dd in ((m, d), (d, m)):
        try:
            return date(y, mm, dd).isoformat()
        except ValueError:
            continue
    return None


_MONTHS = {name: k for k, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_DAY_MONTH_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_RE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_YEAR_FIRST_RE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_NUMERIC_RE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")

DATE_FORMS = "2015-12-07, 7 Dec 2015, December 7, 2015 (or 7/12/2015 with --date-order dmy|mdy)"


def parse_cli_date(text: str, order: str | None = None, what: str = "date") -> str:
    """An ISO date from a date a person typed: ISO, `7 Dec 2015`, `December 7, 2015`, or a
    numeric date that reads one way only. A numeric date that reads two ways needs `order`
    (`dmy` or `mdy`); without it, it is refused with both readings named."""
    s = " ".join(text.split())
    try:
        year_first = _YEAR_FIRST_RE.fullmatch(s)  # 2015-12-07, 2015-12-7, 2015/12/07
        if year_first:
            return date(*map(int, year_first.group(1, 3, 4))).isoformat()
        return _words(s) or _numeric(s, order, what)
    except ValueError:
        raise RedlineError(f"{what} {text!r}: no such day (write it as {DATE_FORMS})") from None


def _words(s: str) -> str | None:
    for rx, (d, m) in ((_DAY_MONTH_RE, (1, 2)), (_MONTH_DAY_RE, (2, 1))):
        hit = rx.fullmatch(s)
        if hit and hit.group(m).lower() in _MONTHS:
            return date(int(hit.group(3)), _MONTHS[hit.group(m).lower()],
                        int(hit.group(d))).isoformat()
    return None


def _numeric(s: str, order: str | None, what: str) -> str:
    hit = _NUMERIC_RE.fullmatch(s)
    if not hit:
        raise RedlineError(f"{what} {s!r}: not a date (write it as {DATE_FORMS})")
    a, b, y = int(hit.group(1)), int(hit.group(3)), int(hit.group(4))
    readings = {}
    for name, (m, d) in (("mdy", (a, b)), ("dmy", (b, a))):
        try:
            readings[name] = date(y, m, d)
        except ValueError:
            continue
    if order:
        if order not in readings:
            raise ValueError(s)
        return readings[order].isoformat()
    if not readings:
        raise ValueError(s)
    if len(readings) == 2 and readings["mdy"] != readings["dmy"]:
        mdy, dmy = readings["mdy"], readings["dmy"]
        raise RedlineError(
            f"{what} {s!r} reads two ways: {mdy:%-d %B %Y} (month first) or {dmy:%-d %B %Y} "
            f"(day first); write {mdy.isoformat()} or {dmy.isoformat()}, or give "
            "--date-order mdy|dmy")
    return next(iter(readings.values())).isoformat()
