"""The words of the marker grammar in one language, as regular expressions (language data).

The grammar's shape (brackets, dates, delegation lists, proposed words) is the same in every
language; only these words change. They live in `redline/annotate/vocabulary/<lang>.toml`, and a
convention may override any of them; Spanish, French and Portuguese drafts are a new file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache

from redline.annotate.datafiles import bundled
from redline.errors import RedlineError
from redline.model import Status

STANCES = ("propose", "support", "oppose", "reserve", "withdraw", "question", "note")
# The order stances are tried in: "cannot support" is opposition before it is support.
_MATCH_ORDER = ("oppose", "withdraw", "reserve", "propose", "support", "question", "note")


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
    note_words: str  # "Negotiators' Note", "internal note"
    reservation: str  # "wishes the following reservation to be recorded"
    stances: tuple[tuple[str, str], ...]  # (stance, verbs) in the order they are tried

    def compile(self) -> Words:
        return _compiled(self)


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
        self.ends_here_re = re.compile(rf"\b{v.end_here}\b", re.IGNORECASE)
        self.tail_hint_re = re.compile(rf"\b(?:{v.tail_verbs})", re.IGNORECASE)
        self.note_words_re = re.compile(rf"\b(?:{v.note_words})\b")
        self.reservation_re = re.compile(rf"\b(?:{v.reservation})\b", re.IGNORECASE)
        self.stance_res = tuple((s, re.compile(rf"\b(?:{w})\b", re.IGNORECASE))
                                for s, w in v.stances)
        self.stance_verbs = "|".join(w for _, w in v.stances if w)
        objecting = "|".join(w for st, w in v.stances if st in ("oppose", "reserve", "withdraw"))
        # "(CAN opposes 11-18-2015)", "(US reservation ...)": a stance, never proposed words
        self.objection_re = re.compile(rf"^\s*(?:-\s*)?(?:{objecting or '(?!)'})\b", re.IGNORECASE)
        self.v = v

    def status(self, text: str) -> Status | None:
        """The status a text states (`Agreed`, `Pending`, `ad ref.`), or None."""
        m = self.status_re.search(text)
        if not m:
            return None
        if self.ad_ref_re.search(text):
            return Status.AD_REFERENDUM
        return Status(m.lastgroup)

    def stance(self, text: str, default: str = "note") -> str:
        """The stance a verb in `text` states (the first family that matches), else default."""
        for stance, rx in self.stance_res:
            if rx.search(text):
                return stance
        return default


@cache
def _compiled(v: Vocabulary) -> Words:
    return Words(v)


@cache
def _language_data(language: str) -> dict:
    try:
        return bundled(f"vocabulary/{language}.toml")[0]
    except FileNotFoundError:
        raise RedlineError(f"no marker vocabulary for language {language!r}") from None


def vocabulary(language: str = "en", overrides: dict | None = None,
               source: str = "") -> Vocabulary:
    """The vocabulary of `language`, with a convention's `overrides` (same keys) applied."""
    data = {**_language_data(language), **(overrides or {})}
    extra = (overrides or {}).get("stances", {})
    if not isinstance(extra, dict) or not all(isinstance(w, str) for w in extra.values()):
        raise RedlineError(f"{source or language}: stances must be a table of patterns")
    unknown = sorted(set(extra) - set(STANCES))
    if unknown:
        raise RedlineError(f"{source or language}: unknown stances {', '.join(unknown)} "
                           f"(stances: {', '.join(STANCES)})")
    stances = {**_language_data(language).get("stances", {}), **extra}
    for name, words in stances.items():
        try:
            re.compile(words)
        except re.error as exc:
            raise RedlineError(f"{source or language}: stance {name} is not a valid pattern "
                               f"({exc})") from None
    names = [f.name for f in fields(Vocabulary) if f.name not in ("language", "stances")]
    missing = [n for n in names if not isinstance(data.get(n), str)]
    if missing:
        raise RedlineError(f"{source or language}: vocabulary lacks {', '.join(missing)}")
    for n in names:
        try:
            re.compile(data[n])
        except re.error as exc:
            raise RedlineError(f"{source or language}: {n} is not a valid pattern ({exc})") \
                from None
    order = [s for s in _MATCH_ORDER if isinstance(stances.get(s), str) and stances[s]]
    return Vocabulary(language=language, **{n: data[n] for n in names},
                      stances=tuple((s, stances[s]) for s in order))


ENGLISH = vocabulary("en")
