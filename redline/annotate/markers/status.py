"""Status markers: the state of the text, which attribute nothing.

`(Agreed IM 11-5-2015)`, `(PENDING)`, `(Approved 5-7-2015)`, `(Agreed ad referendum PY-CR)`
(the delegations that hold a text ad referendum are recorded, not credited).
"""

from __future__ import annotations

import re

from redline.annotate.markers.context import Bracket, Patterns
from redline.model import Annotation, MarkerKind


def after_status(text: str) -> str:
    """The part of a status marker that can name delegations (`ad referendum PY-CR`)."""
    return re.sub(r"\bIM\b", " ", text)


class StatusMarkers:
    """Bracketed status markers."""

    def __init__(self, p: Patterns) -> None:
        self.p = p

    def read(self, b: Bracket) -> Annotation | None:
        status = self.p.words.status(b.inner)
        if status is None:
            return None
        return Annotation(kind=MarkerKind.STATUS, status=status,
                          delegations=self.p.delegations_in(after_status(b.inner)), **b.base)
