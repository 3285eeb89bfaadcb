"""Terminal writer: a word-level redline, coloured when the output is a terminal."""

from __future__ import annotations

from redline.annotate.addresses import relocated
from redline.compare.result import Change, Comparison, ParagraphDiff

RED, GREEN, DIM, BOLD, RESET = "\033[31m", "\033[32m", "\033[2m", "\033[1m", "\033[0m"


def render_text(cmp: Comparison, color: bool = False) -> str:
    """Every changed paragraph as a redline: [-deleted-]{+inserted+} and who proposed it."""
    def c(code: str, s: str) -> str:
        return f"{code}{s}{RESET}" if color else s

    def dele(s: str) -> str:
        return c(RED, f"[-{s}-]")

    def ins(s: str) -> str:
        return c(GREEN, f"{{+{s}+}}")

    out = [c(BOLD, f"--- {_name(cmp.old)}"), c(BOLD, f"+++ {_name(cmp.new)}"), ""]
    for p in cmp.paragraphs:
        if not p.is_change:
            continue
        out.append(c(BOLD, _heading(p)))
        if p.status in ("inserted",):
            out.append(ins(p.new_text or ""))
        elif p.status == "deleted":
            out.append(dele(p.old_text or ""))
        elif p.changes:
            out.append(_inline(p, dele, ins))
        else:  # only a marker changed: show where
            text = p.new_text or ""
            out.append(c(DIM, "“" + (text if len(text) <= 90 else text[:89] + "…") + "”"))
        for ch in p.changes:
            out.append(c(DIM, "  " + _who(ch)))
        for m in p.markers:
            if m.kind == "status":
                out.append(c(DIM, f"  status: {m.status_from or 'none'} -> {m.status_to or 'none'}"
                              f" ({m.text or ''})"))
        out.append("")
    s = cmp.summary()
    out.append(c(BOLD, "Summary: ") + ", ".join(f"{v} {k}" for k, v in s["paragraphs"].items())
               + f"; {s['total_changes']} changes, {s['unattributed']} unattributed")
    return "\n".join(out) + "\n"


def _name(doc) -> str:
    return " ".join(x for x in (doc.label, doc.path, doc.date) if x) or "input"


def _heading(p: ParagraphDiff) -> str:
    """`@@ V.B 18 [modified, new 94]`, with `(was V.B 17)` when the address changed."""
    address = p.address or p.label or "¶"
    where = f"new {p.new_indices[0] + 1}" if p.new_indices else f"old {p.old_indices[0] + 1}"
    extra = " (footnote)" if p.footnote else ""
    was = f" (was {p.old_address})" if relocated(p.old_address, p.new_address) else ""
    return f"@@ {address}{was} [{p.status}, {where}]{extra}"


def _inline(p: ParagraphDiff, dele, ins) -> str:
    old = p.old_text or ""
    parts, pos = [], 0
    for ch in p.changes:
        parts.append(old[pos:ch.old_start])
        if ch.old_text:
            parts.append(dele(ch.old_text))
        if ch.new_text:
            parts.append(ins(ch.new_text))
        pos = ch.old_end
    parts.append(old[pos:])
    return "".join(parts)


def _who(ch: Change) -> str:
    what = ch.new_text or ch.old_text
    what = what if len(what) <= 40 else what[:39] + "…"
    if ch.delegations:
        who = "/".join(ch.delegations) + (f" {ch.date}" if ch.date else "")
        return f"{ch.kind} “{what.strip()}”: {who} — {ch.evidence}"
    if ch.evidence:
        return f"{ch.kind} “{what.strip()}”: {ch.date or ''} — {ch.evidence}"
    return f"{ch.kind} “{what.strip()}”: unattributed"
