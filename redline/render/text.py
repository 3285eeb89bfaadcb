"""Terminal writer: a word-level redline, coloured when the output is a terminal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from redline.annotate.addresses import relocated
from redline.compare.result import Change, Comparison, ParagraphDiff, ProposedDeletion
from redline.render.html import Segment, overlay

RED, GREEN, YELLOW = "\033[31m", "\033[32m", "\033[33m"
DIM, BOLD, RESET = "\033[2m", "\033[1m", "\033[0m"


def render_text(cmp: Comparison, color: bool = False) -> str:
    """Every changed paragraph as a redline: [-deleted-]{+inserted+} and who proposed it; words
    still in the text that a delegation proposes to delete as [?-words-?], which wraps the
    changes inside it, and a line saying who proposed it."""
    def c(code: str, s: str) -> str:
        return f"{code}{s}{RESET}" if color else s

    def dele(s: str) -> str:
        return c(RED, f"[-{s}-]")

    def ins(s: str) -> str:
        return c(GREEN, f"{{+{s}+}}")

    def prop(s: str) -> str:
        return c(YELLOW, "[?-") + s + c(YELLOW, "-?]")

    out = [c(BOLD, f"--- {_name(cmp.old)}"), c(BOLD, f"+++ {_name(cmp.new)}"), ""]
    if cmp.only:  # compare --delegation: say what is left out
        out[2:2] = [f"only the changes of {', '.join(cmp.only)}; other changes in the same "
                    "paragraphs read as accepted"]
    for p in cmp.paragraphs:
        if not p.is_change:
            continue
        out.append(c(BOLD, _heading(p)))
        if p.status == "deleted":
            out.append(dele(p.old_text or ""))
        elif p.changes or p.proposed_deletions or p.status == "inserted":
            out.append(_inline(p, dele, ins, prop))
        else:  # only a marker changed: show where
            text = p.new_text or ""
            out.append(c(DIM, "“" + (text if len(text) <= 90 else text[:89] + "…") + "”"))
        for ch in p.changes:
            out.append(c(DIM, "  " + _who(ch)))
        for d in p.proposed_deletions:
            out.append(c(DIM, "  " + _proposer(d)))
        for m in p.markers:
            if m.kind == "status":
                shown = f" ({m.text})" if m.text else ""  # a status dropped has no marker
                out.append(c(DIM, f"  status: {m.status_from or 'none'} -> {m.status_to or 'none'}"
                              f"{shown}"))
        out.append("")
    still = [(p, d) for p in cmp.paragraphs if not p.is_change for d in p.proposed_deletions]
    if still:  # proposed before, still in the text: a redline must not hide them
        out.append(c(BOLD, "Still proposed for deletion (paragraphs otherwise unchanged):"))
        out.extend(c(DIM, f"  {p.address}: {_proposer(d)}") for p, d in still)
        out.append("")
    s = cmp.summary()
    shown = ", ".join(f"{v} {k}" for k, v in s["paragraphs"].items()) or "no paragraphs"
    proposed = sum(len(p.proposed_deletions) for p in cmp.paragraphs)
    out.append(c(BOLD, "Summary: ") + shown + f"; {_count(s['total_changes'], 'change')}, "
               f"{s['unattributed']} unattributed"
               + (f"; {_count(proposed, 'proposed deletion')}" if proposed else ""))
    return "\n".join(out) + "\n"


def _count(n: int, noun: str) -> str:
    """`1 change`, `2 changes`."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _name(doc) -> str:
    """A version by its label, file name (never its folder) and date."""
    file = Path(str(doc.path)).name if doc.path else None
    return " ".join(x for x in (doc.label, file, doc.date) if x) or "input"


def _heading(p: ParagraphDiff) -> str:
    """`@@ V.B 18 [modified, new 94]`, with `(was V.B 17)` when the address changed."""
    address = p.address or p.label or "¶"
    where = f"new {p.new_indices[0] + 1}" if p.new_indices else f"old {p.old_indices[0] + 1}"
    extra = " (footnote)" if p.footnote else ""
    was = f" (was {p.old_address})" if relocated(p.old_address, p.new_address) else ""
    return f"@@ {address}{was} [{p.status}, {where}]{extra}"


def _inline(p: ParagraphDiff, dele: Callable[[str], str], ins: Callable[[str], str],
            prop: Callable[[str], str]) -> str:
    """The paragraph with its changes marked; a proposed deletion wraps what lies in it."""
    old, new = p.old_text or "", p.new_text or ""
    if p.status == "inserted":
        segs = [Segment("ins", new)]
    else:
        segs, pos_o, pos_n = [], 0, 0
        for ch in p.changes:
            segs.append(Segment("eq", old[pos_o:ch.old_start], start=pos_n))
            if ch.old_text:
                segs.append(Segment("del", ch.old_text, start=ch.new_start))
            if ch.new_text:
                segs.append(Segment("ins", ch.new_text, start=ch.new_start))
            pos_o, pos_n = ch.old_end, ch.new_end
        segs.append(Segment("eq", old[pos_o:], start=pos_n))
    parts, inside = [], []
    for s in overlay(segs, p.proposed_deletions):
        piece = s.text if s.kind == "eq" else (ins if s.kind == "ins" else dele)(s.text)
        if s.proposal is None:
            parts.append(piece)
            continue
        inside.append(piece)
        if s.pd_last:
            parts.append(prop("".join(inside)))
            inside = []
    return "".join(parts)


def _proposer(d: ProposedDeletion) -> str:
    what = d.text.strip()
    what = what if len(what) <= 40 else what[:39] + "…"
    who = "/".join(d.delegations) or "unattributed"
    return " ".join(x for x in (f"proposed deletion “{what}”: {who}", d.date,
                                d.evidence and f"— {d.evidence}") if x)


def _who(ch: Change) -> str:
    what = ch.new_text or ch.old_text
    what = what if len(what) <= 40 else what[:39] + "…"
    if ch.delegations:
        who = "/".join(ch.delegations) + (f" {ch.date}" if ch.date else "")
        return f"{ch.kind} “{what.strip()}”: {who} — {ch.evidence}"
    if ch.evidence:
        return f"{ch.kind} “{what.strip()}”: {ch.date or ''} — {ch.evidence}"
    return f"{ch.kind} “{what.strip()}”: unattributed"
