"""The words of the marker grammar in one language, as regular expressions.

The grammar's shape (brackets, dates, delegation lists, proposed words) is the same in every
language; only these words change. Spanish, French and Portuguese drafts get a Vocabulary of
their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.model import Status


@dataclass(frozen=True)
class Vocabulary:
    """One language's marker words, each a regular expression."""

    language: str
    agreed: str  # status words, matched as whole words
    approved: str
    pending: str
    ad_referendum: str
    withdraw: str
    note_verbs: str  # what a delegation does in a note: "(PY supports ...)"
    delete_verbs: str  # "[MEX-ES eliminate by employers ...]"
    editorial: str
    end_here: str
    proposed_by: str  # "(Proposed by US ...)"
    alternative: str  # "ALTERNATIVE PROPOSAL BY CAN", "ALT PROPOSAL DELEGATION OF ARG"
    presented_by: str  # "Proposal presented by the delegation of ..."
    of_delegation: str
    on: str  # "... on 12/07/2015"
    tail_verbs: str  # "CR suggested revising ..." outside brackets

    def compile(self) -> Words:
        return Words(self)


class Words:
    """A Vocabulary's regular expressions, compiled once."""

    def __init__(self, v: Vocabulary) -> None:
        words = {"agreed": v.agreed, "approved": v.approved, "pending": v.pending}
        self.status_re = re.compile(
            r"\b(?:" + "|".join(f"(?P<{k}>{w})" for k, w in words.items()) + r")\b")
        self.ad_ref_re = re.compile(v.ad_referendum, re.IGNORECASE)
        self.withdraw_re = re.compile(rf"\b(?:{v.withdraw})\b", re.IGNORECASE)
        self.note_verb_re = re.compile(rf"^\s*(?:-\s*)?(?:{v.note_verbs})\b", re.IGNORECASE)
        self.delete_verb_re = re.compile(rf"^\s*(?:{v.delete_verbs})\b", re.IGNORECASE)
        self.editorial_re = re.compile(v.editorial, re.IGNORECASE)
        self.end_here_re = re.compile(rf"\s*\b{v.end_here}\.?\s*$", re.IGNORECASE)
        self.tail_hint_re = re.compile(rf"\b(?:{v.tail_verbs})", re.IGNORECASE)
        self.v = v

    def status(self, text: str) -> Status | None:
        """The status a text states (`Agreed`, `Pending`, `ad ref.`), or None."""
        m = self.status_re.search(text)
        if not m:
            return None
        if self.ad_ref_re.search(text):
            return Status.AD_REFERENDUM
        return Status(m.lastgroup)


ENGLISH = Vocabulary(
    language="en",
    agreed="Agreed|AGREED",
    approved="Approved|APPROVED",
    pending="Pending|PENDING",
    ad_referendum=r"\bad\.?\s*ref(?:erendum|\.)?",
    withdraw=r"rescinds?|withdraws?|withdrawn|retracts?",
    note_verbs=(r"supports?|requests?|needs?|wants?|suggest(?:s|ed)?|consult(?:s|ing|ations)?"
                r"|in\s+consultations?|asks?|prefers?|objects?|reserves?|proposes?|proposed"
                r"|agrees?|cannot|does|is|will|would"),
    delete_verbs=r"eliminate|delete|remove|strike|suppress",
    editorial=(r"adjusted as per decision|^\s*paragraph moved\b"
               r"|^\s*the original \d{4} (?:paragraph|text)|^\s*moved from\b|^\s*editorial\b"),
    end_here=r"End paragraph here",
    proposed_by=r"Proposed\s+by",
    alternative=r"ALT(?:ERNATIVE|\.)?\s+PROPOSAL",
    presented_by=r"(?:presented|made|submitted)\s+by",
    of_delegation=r"delegation\s+of",
    on=r"on",
    tail_verbs=r"suggested|suggests|requested|requests|proposed|proposes|supports|wants|prefers",
)
