"""Dates as the drafts write them: 4-16-2015, 12/07/2015, 11-18-15, 1/19/2016."""

from __future__ import annotations

import re
from datetime import date

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


def parse_any_date(text: str, order: str = "MDY") -> str | None:
    """An ISO date from YYYY-MM-DD or any form the drafts use (12/07/2015, 4-16-2015)."""
    text = text.strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    m = DATE_RE.fullmatch(text)
    return parse_date(m, order) if m else None
