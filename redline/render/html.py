"""HTML writer: one self-contained redline report a chair can circulate and print.

The writer turns the comparison into a small view model (segments of equal, inserted and
deleted text with their attributions) and hands it to a jinja2 template with autoescaping on:
everything from a draft is escaped. A Content-Security-Policy allows only the report's own
inline style and script, by hash, and nothing from the network.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from itertools import groupby, pairwise
from typing import TYPE_CHECKING

from redline.annotate.addresses import relocated
from redline.compare.result import Change, Comparison, ParagraphDiff, ProposedDeletion
from redline.model import anchor

if TYPE_CHECKING:
    from redline.corpus.annex import StatusChange

# ids the report uses for itself: a paragraph's anchor never takes one of them
_RESERVED_IDS = {"view-inline", "view-side", "filter-delegation", "filter-status",
                 "toggle-all", "filter-count", "redline", "status-changes"}
_RESERVED_RE = re.compile(r"^(?:n\d+|c\d+-[id]|pd\d+-\d+)$")
PALETTE = 8  # colours of the delegations that propose deletions: classes dc-0 .. dc-7
HEAD_JS = 'document.documentElement.classList.add("js", "changes-only");'


STATUS_LABELS = {"agreed": "Agreed", "approved": "Approved", "pending": "Pending",
                 "ad_referendum": "Ad referendum", "withdrawn": "Withdrawn"}


@dataclass
class Segment:
    kind: str  # eq, ins, del
    text: str
    change: int | None = None  # number of the change, for links and keyboard navigation
    who: str | None = None  # after the last segment of a change: its delegation codes
    title: str = ""
    start: int = 0  # offset into the new text (where a deletion would be, for `del`)
    first: bool = True  # the first piece of its change (carries the id)
    proposal: int | None = None  # index of the proposed deletion the piece lies in
    pd_first: bool = False  # the first / last piece of that proposed deletion
    pd_last: bool = False


@dataclass
class ProposalNote:
    """Words still in the text that a delegation proposes to delete."""

    id: str
    text: str
    delegations: list[tuple[str, str]]
    date: str | None
    evidence: str | None
    colour: int = 0

    @property
    def codes(self) -> str:
        return "/".join(code for code, _ in self.delegations) or "?"

    @property
    def title(self) -> str:
        who = ", ".join(f"{code} ({name})" for code, name in self.delegations) or "unattributed"
        return " · ".join(x for x in (f"Proposed for deletion by {who}", self.date,
                                      self.evidence) if x)


@dataclass
class ChangeNote:
    number: int
    kind: str
    old_text: str
    new_text: str
    delegations: list[tuple[str, str]]
    date: str | None
    evidence: str | None
    rule: str | None


@dataclass
class Item:
    anchor: str
    status: str
    label: str | None
    old_label: str | None
    para_status: str | None
    kind: str
    footnote: bool
    inline: list[Segment] = field(default_factory=list)
    old_side: list[Segment] = field(default_factory=list)
    new_side: list[Segment] = field(default_factory=list)
    notes: list[ChangeNote] = field(default_factory=list)
    markers: list = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)
    section: str | None = None  # the section path of a heading: "V.B"
    address: str | None = None  # where it is: `V.B 18` (new version), or was (deleted)
    old_address: str | None = None  # where it was, when that differs
    ghost_of: str | None = None  # a moved paragraph's old place links to its new one
    moved_to: str | None = None
    moved_from: str | None = None
    heading_level: int = 0
    changed: bool = False
    first_footnote: bool = False
    index: int | None = None  # the paragraph's index in the comparison (None for a ghost)
    proposals: list[ProposalNote] = field(default_factory=list)
    focus: str = ""  # in the opening view: changed, heading, context, or far (hidden)
    run: int = 0  # far paragraphs in a row share a run; the first one carries the gap
    gap: str = ""  # "12 unchanged paragraphs (III.A ¶1 – III.A ¶7)"

    @property
    def inline_html(self) -> str:
        """The inline redline, with the ids and badges of its changes."""
        return marks_html(self.inline, self.proposals)

    @property
    def new_html(self) -> str:
        """The new side of the side-by-side view."""
        return marks_html(self.new_side, self.proposals, ids=False)

    @property
    def old_html(self) -> str:
        """The old side of the side-by-side view."""
        from markupsafe import Markup, escape

        return Markup("".join(f'<del data-ref="n{escape(s.change)}">{escape(s.text)}</del>'
                              if s.kind == "del" else escape(s.text) for s in self.old_side))

    @property
    def filter_codes(self) -> str:
        """The delegations the delegation filter matches this paragraph by."""
        codes = [*self.delegations] if self.notes else []
        if self.notes and not codes:
            codes.append("none")
        for n in self.proposals:
            codes.extend(c for c, _ in n.delegations if c not in codes)
        return " ".join(codes)


def render_html(cmp: Comparison, *, title: str | None = None, only_changed: bool = False,
                intro: str | None = None, pending: list[tuple[str, str]] | None = None,
                status_changes: Sequence[StatusChange] | None = None) -> str:
    """The full HTML report for a comparison. It opens on the changes (with their headings and
    a paragraph of context either side) and a button shows the whole text; without JavaScript
    the whole text shows. `only_changed` is the annex: changed paragraphs only, those whose
    status alone changed (`status_changes`, by default the comparison's) in a table."""
    from markupsafe import Markup

    if cmp.only and not intro:  # compare --delegation: say what is left out
        names = ", ".join(f"{cmp.registry.name(d)} ({d})" for d in cmp.only)
        intro = (f"Only the changes of {names}; other changes in the same paragraphs read as "
                 "accepted, and the summary counts what is shown.")
    if only_changed and status_changes is None:
        from redline.corpus.annex import status_changes as find

        status_changes = find(cmp)
    table = list(status_changes or ())
    anchors = paragraph_anchors(cmp)
    items = build_items(cmp, only_changed=only_changed, skip={c.paragraph for c in table},
                        anchors=anchors)
    shown = {it.address: it.anchor for it in items  # where the new version's paragraphs are
             if it.address and not it.ghost_of and it.status != "deleted"}
    status_rows = [(c, anchors[c.paragraph]) for c in table]
    shown.update((c.address, a) for c, a in status_rows if c.address not in shown)
    pending_links = [(name, st, shown.get(name)) for name, st in pending or ()]
    summary = cmp.summary()
    delegations = [(d, v["name"]) for d, v in summary["by_delegation"].items()]
    delegations += sorted({d for it in items for n in it.proposals for d in n.delegations}
                          - set(delegations))
    statuses = sorted({i.para_status for i in items if i.para_status})
    header = title or f"Redline {_doc_name(cmp.old)} → {_doc_name(cmp.new)}"
    css = asset("report.css") + running_header(header)
    js = asset("report.js")
    from redline.render.tables import KIND_LABELS, change_rows, summary_rows

    rows = sorted(change_rows(cmp), key=lambda r: (r["delegation"] == "—", r["delegation"],
                                                   r["_order"]))
    palette = proposal_colours(cmp)
    ids = {it.anchor for it in items} | {a for _, a in status_rows}
    for r in rows:
        r["address"] = r["new_address"] or r["old_address"] or r["paragraph"]
        r["anchor"] = anchors[r["_paragraph"]] if anchors[r["_paragraph"]] in ids else None
        r["kind_label"] = KIND_LABELS.get(r["kind"], r["kind"])
        r["para_status"] = cmp.paragraphs[r["_paragraph"]].para_status or ""
        if r["kind"] == "proposed_delete":  # struck in the colour the paragraph shows it in
            r["colour"] = next((palette.get(next(iter(d.delegations), ""), 0) for d in
                                cmp.paragraphs[r["_paragraph"]].proposed_deletions
                                if d.text.strip() == r["new_text"]), 0)
    focus = [it for it in items if it.focus != "far"]
    far_footnotes = not any(it.footnote for it in focus)
    return _template().render(
        title=title or f"Redline: {_doc_name(cmp.old)} → {_doc_name(cmp.new)}",
        old=cmp.old, new=cmp.new, old_name=_doc_name(cmp.old), new_name=_doc_name(cmp.new),
        old_file=_shown_file(cmp.old), new_file=_shown_file(cmp.new),
        files=[(_file_name(d) or "input", d.meta.get("sha256")) for d in (cmp.old, cmp.new)],
        items=items, summary=summary, delegations=delegations, statuses=statuses,
        status_labels=STATUS_LABELS, rows=rows, css=css, js=js, head_js=HEAD_JS,
        csp=csp_header(css, js, HEAD_JS), print_header=header, intro=intro,
        only_changed=only_changed, pending=pending_links, status_rows=status_rows,
        by_delegation=summary_rows(cmp),
        n_changed=sum(it.changed for it in items), n_far=len(items) - len(focus),
        articles=Markup("".join(article_html(it, far_footnotes) for it in items)),
        has_proposals=any(it.proposals for it in items),
        n_proposed=sum(len(p.proposed_deletions) for p in cmp.paragraphs),
    )


def build_items(cmp: Comparison, only_changed: bool = False,
                skip: Collection[int] = (), anchors: list[str] | None = None) -> list[Item]:
    """The view model: one item per aligned paragraph, plus ghosts where moved ones were.

    With `only_changed`, the changed paragraphs under their headings, leaving out those in
    `skip` (indices into `cmp.paragraphs`); else every paragraph, with its place in the
    opening view (`Item.focus`). `anchors` are the `paragraph_anchors`, when known."""
    items: list[Item] = []
    number = 0
    ghosts: dict[int, list[Item]] = {}
    anchors = anchors or paragraph_anchors(cmp)
    colours = proposal_colours(cmp)
    for k, p in enumerate(cmp.paragraphs):
        item, number = paragraph_item(cmp, p, k, number, colours)
        item.anchor = anchors[k]
        item.changed = item.changed and k not in skip
        if p.status == "moved" and p.moved_from is not None:
            ghost = Item(anchor=f"{item.anchor}-from", status="moved-from", label=p.old_label,
                         old_label=p.old_label, para_status=None, kind="body",
                         footnote=p.footnote, ghost_of=item.anchor, changed=True,
                         delegations=item.delegations, address=p.old_address)
            ghost.old_side = [Segment("del", p.old_text or "")]
            item.moved_from = ghost.anchor
            ghosts.setdefault(p.moved_from, []).append(ghost)
        items.append(item)
    # place each ghost after the item that holds the old paragraph just before it
    out: list[Item] = []
    pending = dict(ghosts)
    for i in pending.pop(0, []):
        out.append(i)
    for p, item in zip(cmp.paragraphs, items, strict=True):
        out.append(item)
        if p.status != "moved" and not p.footnote:
            for old_i in p.old_indices:
                out.extend(pending.pop(old_i + 1, []))
    for rest in pending.values():
        out.extend(rest)
    if only_changed:
        heads = _section_heads(out)
        out = [it for k, it in enumerate(out) if it.changed or k in heads]
    else:
        _opening_view(out)
    first = next((it for it in out if it.footnote), None)
    if first is not None:
        first.first_footnote = True
    return out


def proposal_colours(cmp: Comparison) -> dict[str, int]:
    """The colour (`dc-0` .. `dc-7`) of each delegation that proposes deleting words; a
    proposal is drawn in its first delegation's."""
    proposers = sorted({d for p in cmp.paragraphs for pd in p.proposed_deletions
                        for d in pd.delegations})
    return {d: k % PALETTE for k, d in enumerate(proposers)}


def _opening_view(items: list[Item]) -> None:
    """Mark what the report opens on: each changed paragraph, the headings of its sections and
    the paragraph before and after it (context, when not a heading); the rest is far, in runs
    that a gap line stands for (a run of one paragraph is shown as context instead). A report
    without changes opens on the whole text."""
    if not any(it.changed for it in items):
        return
    heads = _section_heads(items)
    for k, it in enumerate(items):
        near = [items[j] for j in (k - 1, k + 1) if 0 <= j < len(items)]
        if it.changed:
            it.focus = "changed"
        elif k in heads:
            it.focus = "heading"
        elif it.kind != "heading" and any(n.changed and n.footnote == it.footnote
                                           for n in near):
            it.focus = "context"
        else:
            it.focus = "far"
    groups = groupby(items, key=lambda i: (i.focus == "far", i.footnote))
    for n, ((far, _), group) in enumerate(groups, start=1):
        run = list(group)
        if far and len(run) == 1 and run[0].kind != "heading":
            run[0].focus = "context"  # a gap line would stand for one paragraph: show it
        elif far:
            for it in run:
                it.run = n
            ends = [x.address or x.label or "" for x in (run[0], run[-1])]
            where = f"{ends[0]} – {ends[1]}" if len(run) > 1 else ends[0]
            run[0].gap = (f"{len(run)} unchanged paragraph{'s' if len(run) > 1 else ''}"
                          + (f" ({where})" if all(ends) else ""))


def paragraph_anchors(cmp: Comparison) -> list[str]:
    """The HTML id of each aligned paragraph: its address as an anchor (`V.B 18` -> `v-b-18`),
    the new version's first; a deleted paragraph's old address if no other paragraph has it.

    Ids stay unique: an address whose anchor is taken (`V.A ¶3` and `V.A 3` are both `v-a-3`)
    gets `-2`, `-3`; numbered paragraphs claim theirs before unlabelled ones."""
    wanted = []
    for k, p in enumerate(cmp.paragraphs):
        address = p.new_address or p.old_address or ""
        unlabelled = "¶" in address or not (p.new_label or p.old_label)
        wanted.append((not p.new, unlabelled, k, anchor(address) if address else f"p{k + 1}"))
    taken: set[str] = set()
    out = [""] * len(wanted)
    for _, _, k, base in sorted(wanted):
        name, n = base, 1
        while name in taken or name in _RESERVED_IDS or _RESERVED_RE.match(name):
            n += 1
            name = f"{base}-{n}"
        taken.update((name, f"{name}-from"))
        out[k] = name
    return out


def _section_heads(items: list[Item]) -> set[int]:
    """Indices of the headings whose sections hold a changed paragraph."""
    keep = set()
    depth = [len((i.section or "").split(".")) if i.section else 0 for i in items]
    for k, it in enumerate(items):
        if it.kind != "heading" or it.changed:
            continue
        for m in range(k + 1, len(items)):  # the heading's section runs to the next one as deep
            if items[m].footnote or (items[m].kind == "heading" and depth[m] <= depth[k]):
                break
            if items[m].changed:
                keep.add(k)
                break
    return keep


def paragraph_item(cmp: Comparison, p: ParagraphDiff, k: int, number: int,
                   colours: dict[str, int] | None = None) -> tuple[Item, int]:
    src = p.new or p.old
    kind = str(src[0].kind) if src else "body"
    label = p.label
    item = Item(anchor=f"p{k + 1}", status=p.status, label=label,
                section=src[0].path if src else None, address=p.address,
                old_address=p.old_address if relocated(p.old_address, p.new_address)
                else None,
                old_label=p.old_label if p.old_label != p.new_label else None,
                para_status=p.para_status, kind=kind, footnote=p.footnote,
                markers=list(p.markers), delegations=list(p.delegations),
                changed=p.is_change, index=k,
                heading_level=1 if kind == "heading" and label and src and
                "." not in src[0].path else 0)  # a top-level section: I., II., A. in an agenda
    old, new = p.old_text or "", p.new_text or ""
    if p.status in ("inserted", "deleted"):  # one piece per change: each its delegation's
        ins = p.status == "inserted"
        text = new if ins else old
        spans = [(c.new_start, c.new_end) if ins else (c.old_start, c.old_end)
                 for c in p.changes] or [(0, len(text))]
        segs = []
        for a, b in spans:
            number += 1
            segs.append(Segment("ins" if ins else "del", text[a:b], number,
                                start=a if ins else 0))
        item.inline = segs
        if ins:
            item.new_side = list(segs)
        else:
            item.old_side = list(segs)
    else:
        pos_o = pos_n = 0
        for ch in p.changes:
            number += 1
            lead, core_old, core_new, trail = _trim(ch.old_text, ch.new_text)
            at = ch.new_start + len(lead)
            gap = Segment("eq", old[pos_o:ch.old_start] + lead, start=pos_n)
            item.inline.append(gap)
            item.old_side.append(replace(gap))
            item.new_side.append(replace(gap, text=new[pos_n:at]))
            if core_old:
                item.inline.append(Segment("del", core_old, number, start=at))
                item.old_side.append(Segment("del", core_old, number, start=at))
            if core_new:
                item.inline.append(Segment("ins", core_new, number, start=at))
                item.new_side.append(Segment("ins", core_new, number, start=at))
            for side in (item.inline, item.old_side, item.new_side):
                side.append(Segment("eq", trail, start=ch.new_end - len(trail)))
            pos_o, pos_n = ch.old_end, ch.new_end
        item.inline.append(Segment("eq", old[pos_o:], start=pos_n))
        item.old_side.append(Segment("eq", old[pos_o:], start=pos_n))
        item.new_side.append(Segment("eq", new[pos_n:], start=pos_n))
    if p.new:
        spans = p.proposed_deletions
        item.inline, item.new_side = overlay(item.inline, spans), overlay(item.new_side, spans)
        item.proposals = [
            ProposalNote(f"pd{k + 1}-{j + 1}", d.text, [(c, cmp.registry.name(c))
                                                        for c in d.delegations],
                         d.date, d.evidence, (colours or {}).get(next(iter(d.delegations), ""),
                                                                 0))
            for j, d in enumerate(spans)]
    first = number - len(p.changes) + 1
    item.notes = [_note(cmp, c, first + n) for n, c in enumerate(p.changes)]
    notes = {n.number: n for n in item.notes}
    for j, seg in enumerate(item.inline):  # a badge after the last segment of each change
        nxt = item.inline[j + 1] if j + 1 < len(item.inline) else None
        if seg.change is not None and (nxt is None or nxt.change != seg.change):
            n = notes.get(seg.change)
            if n is not None:
                seg.who = "/".join(code for code, _ in n.delegations)
                seg.title = _badge_title(n)
    shown = {n.evidence for n in item.notes} | {m.text for m in p.markers if m.kind == "status"}
    shown |= {d.evidence for d in p.proposed_deletions}
    item.markers = [m for m in p.markers if not (m.kind == "added" and m.text in shown)]
    return item, number


def article_html(it: Item, far_footnotes: bool = False) -> str:
    """One paragraph of the report: its gutter (label, address, chips), its inline and
    side-by-side redlines, the notes on its changes and its marker changes; with the footnotes
    heading before the first footnote and the gap line before a run of far paragraphs.
    Everything from the drafts is escaped. Built here rather than in the template, whose loop
    over thousands of paragraphs was the slow part of the report."""
    from markupsafe import Markup, escape

    out: list[str] = []
    add = out.append
    if it.first_footnote:
        add(f'<h3 class="footnotes-h{" far" if far_footnotes else ""}">Footnotes</h3>')
    if it.gap:
        add(f'<p class="gap" data-run="{escape(it.run)}"><button type="button" class="gap-btn" '
            f'data-run="{escape(it.run)}">⋯ {escape(it.gap)} not shown<span class="gap-show"> · '
            'show</span></button></p>')
    classes = "".join((" changed" if it.changed else "",
                       f" {escape(it.focus)}" if it.focus and it.focus != "changed" else "",
                       " section-start" if it.heading_level else "",
                       " footnote" if it.footnote else ""))
    add(f'  <article id="{escape(it.anchor)}" class="para st-{escape(it.status)} '
        f'kind-{escape(it.kind)}{classes}"\n'
        f'    data-delegations="{escape(it.filter_codes)}" '
        f'data-status="{escape(it.para_status or "")}"'
        + (f' data-run="{escape(it.run)}"' if it.run else "") + '>\n    <div class="gutter">\n')
    if it.label:
        add(f'<span class="label">{escape(it.label)}</span>')
    if it.address:
        add(f'<a class="addr" href="#{escape(it.anchor)}" title="Link to this paragraph">'
            f'{escape(it.address)}</a>')
    if it.old_address:
        add(f'<span class="renumbered" title="where it was">was {escape(it.old_address)}</span>')
    elif it.old_label:
        add(f'<span class="renumbered" title="renumbered">was {escape(it.old_label)}</span>')
    if it.footnote:
        add('<span class="label">fn</span>')
    if it.focus == "context":
        add('<span class="ctx-label">context, unchanged</span>')
    if it.status not in ("unchanged", "modified"):
        shown = "moved from here" if it.status == "moved-from" else it.status
        add(f'<span class="chip para-{escape(it.status)}">{escape(shown)}</span>')
    if it.para_status:
        add(f'<span class="chip status-{escape(it.para_status)}">'
            f'{escape(STATUS_LABELS.get(it.para_status, it.para_status))}</span>')
    add('    </div>\n    <div class="body">\n')
    if it.ghost_of:
        add(f'      <p class="text inline-view"><del>{escape(it.old_side[0].text)}</del></p>\n'
            f'      <p class="moved-note">Moved to <a href="#{escape(it.ghost_of)}">its new '
            'place</a>.</p>\n')
    else:
        add(f'      <p class="text inline-view">{it.inline_html}</p>\n'
            f'      <div class="side-view">\n        <p class="text old">{it.old_html}</p>\n'
            f'        <p class="text new">{it.new_html}</p>\n      </div>\n')
        if it.moved_from:
            add(f'<p class="moved-note">Moved; <a href="#{escape(it.moved_from)}">see where it '
                'was</a>.</p>')
    if it.notes or it.proposals:
        add('      <ol class="notes">\n')
        for n in it.notes:
            codes = " ".join(code for code, _ in n.delegations) or "none"
            add(f'        <li class="note" id="n{escape(n.number)}" '
                f'data-delegations="{escape(codes)}">\n'
                f'          <span class="kind">{escape(n.kind)}</span>\n')
            add(_badges(n.delegations) if n.delegations else
                '<span class="badge none" title="no marker in the draft justifies this change">'
                '?</span> <span class="dname">unattributed</span>')
            if n.date:
                add(f' <time datetime="{escape(n.date)}">{escape(n.date)}</time>')
            if n.evidence:
                add(f' <q class="evidence">{escape(n.evidence)}</q>')
            add("        </li>\n")
        for pn in it.proposals:
            codes = " ".join(code for code, _ in pn.delegations) or "none"
            add(f'        <li class="note proposed" id="{escape(pn.id)}" '
                f'data-delegations="{escape(codes)}">\n'
                '          <span class="kind">proposed deletion</span>\n')
            add(_badges(pn.delegations))
            if pn.date:
                add(f' <time datetime="{escape(pn.date)}">{escape(pn.date)}</time>')
            add(f': <span class="pdel dc-{escape(pn.colour)}">{escape(pn.text)}</span>\n')
            if pn.evidence:
                add(f' <q class="evidence">{escape(pn.evidence)}</q>')
            add("        </li>\n")
        add("      </ol>\n")
    if it.markers:
        add('      <ul class="markers">\n')
        for m in it.markers:
            if m.kind == "status":
                was = STATUS_LABELS.get(m.status_from, m.status_from or "none")
                now = STATUS_LABELS.get(m.status_to, m.status_to or "none")
                add(f'<li class="marker status-change">Status: {escape(was)} → '
                    f'<b>{escape(now)}</b>' + (f" on {escape(m.date)}" if m.date else "")
                    + (f" <q>{escape(m.text)}</q>" if m.text else "") + "</li>\n")
            else:
                add(f'<li class="marker marker-{escape(m.kind)}">Marker {escape(m.kind)}: '
                    f'<q>{escape(m.text)}</q></li>')
        add("      </ul>\n")
    add("    </div>\n  </article>\n")
    return Markup("".join(out))


def _badges(delegations: list[tuple[str, str]]) -> str:
    from markupsafe import escape

    return "".join(f'<span class="badge" title="{escape(name)}">{escape(code)}</span> '
                   f'<span class="dname">{escape(name)}</span> ' for code, name in delegations)


def marks_html(segs: list[Segment], proposals: list[ProposalNote], ids: bool = True) -> str:
    """Segments as HTML, everything from the draft escaped: equal text as is, insertions and
    deletions marked (with `ids`, the first piece of each change carries its id and the last
    its delegation badge), words proposed for deletion wrapped in their proposal's colour.
    Built here rather than in the template: it runs for every paragraph, twice."""
    from markupsafe import Markup, escape

    out: list[str] = []
    for s in segs:
        if s.pd_first:
            pn = proposals[s.proposal]
            out.append(f'<span class="pdel dc-{escape(pn.colour)}" data-ref="{escape(pn.id)}" '
                       f'title="{escape(pn.title)}">')
        if s.kind == "eq":
            out.append(escape(s.text))
        else:
            tag = "ins" if s.kind == "ins" else "del"
            first = f' class="chg" id="c{escape(s.change)}-{tag[0]}"' if ids and s.first else ""
            out.append(f'<{tag}{first} data-ref="n{escape(s.change)}">{escape(s.text)}</{tag}>')
        if ids and s.who is not None:
            out.append(f'<a class="who{"" if s.who else " none"}" href="#n{escape(s.change)}" '
                       f'data-ref="n{escape(s.change)}" title="{escape(s.title)}">'
                       f'{escape(s.who or "?")}</a>')
        if s.pd_last:
            pn = proposals[s.proposal]
            out.append(f'</span><a class="pd-mark dc-{escape(pn.colour)}" href="#{escape(pn.id)}"'
                       f' data-ref="{escape(pn.id)}" title="{escape(pn.title)}">'
                       f'proposed deletion: {escape(pn.codes)}</a>')
    return Markup("".join(out))


def overlay(segs: list[Segment], spans: Sequence[ProposedDeletion]) -> list[Segment]:
    """Cut the segments where proposed deletions (offsets into the new text) begin and end and
    mark the pieces inside one (the shortest, when two overlap). A real deletion lies in one
    when strictly inside it. The marks nest: a proposal wraps the changes in it."""
    if not spans:
        return segs
    cuts = sorted({x for d in spans for x in (d.start, d.end)})
    out: list[Segment] = []
    for seg in segs:
        if seg.kind == "eq" and not seg.text:
            continue
        end = seg.start + (0 if seg.kind == "del" else len(seg.text))
        bounds = [seg.start, *(c for c in cuts if seg.start < c < end), end]
        pieces = [seg] if seg.kind == "del" else [
            replace(seg, text=seg.text[a - seg.start:b - seg.start], start=a,
                    first=seg.first and a == seg.start) for a, b in pairwise(bounds)]
        for piece in pieces:
            a = piece.start
            b = a + (0 if piece.kind == "del" else len(piece.text))
            inside = [j for j, d in enumerate(spans)
                      if (d.start <= a and b <= d.end if a < b else d.start < a < d.end)]
            piece.proposal = min(inside, key=lambda j: spans[j].end - spans[j].start,
                                 default=None)
        out.extend(pieces)
    for j, seg in enumerate(out):
        if seg.proposal is not None:
            seg.pd_first = j == 0 or out[j - 1].proposal != seg.proposal
            seg.pd_last = j + 1 == len(out) or out[j + 1].proposal != seg.proposal
    return out


def _badge_title(n: ChangeNote) -> str:
    if not n.delegations:
        return "Unattributed: no marker in the draft justifies this change"
    who = ", ".join(f"{code} ({name})" for code, name in n.delegations)
    return " · ".join(x for x in (f"Proposed by {who}", n.date, n.evidence) if x)


def _trim(old: str, new: str) -> tuple[str, str, str, str]:
    """Move white space shared by both sides of a change outside the marks, for display."""
    def lead(t: str) -> str:
        return t[:len(t) - len(t.lstrip())]

    def trail(t: str) -> str:
        return t[len(t.rstrip()):]

    texts = [old, new]
    if not old.strip() or not new.strip():  # an insertion or deletion keeps its own spaces:
        return "", old, new, ""  # moved out, they would show in the text twice
    head = min((lead(t) for t in texts), key=len)
    tail = min((trail(t) for t in texts), key=len)
    if not all(t.startswith(head) and t.endswith(tail) for t in texts):
        return "", old, new, ""
    cut = slice(len(head), (-len(tail)) or None)
    return head, old[cut] if old else "", new[cut] if new else "", tail


def _note(cmp: Comparison, c: Change, number: int) -> ChangeNote:
    return ChangeNote(number, c.kind, c.old_text.strip(), c.new_text.strip(),
                      [(d, cmp.registry.name(d)) for d in c.delegations], c.date, c.evidence,
                      c.rule)


def _doc_name(doc) -> str:
    name = doc.label or _file_name(doc) or "input"
    return f"{name} ({doc.date})" if doc.date else name


def _shown_file(doc) -> str | None:
    """The file name beside a version's label, unless the label is that name."""
    name = _file_name(doc)
    return name if doc.label and doc.label != name else None


def _file_name(doc) -> str | None:
    """The file a version was read from, by its name: a circulated report never shows the
    folder it lies in."""
    return re.split(r"[/\\]", str(doc.path))[-1] if doc.path else None


def _css_string(text: str) -> str:
    """Text safe inside a CSS string literal: letters, digits, spaces and a few marks."""
    return re.sub(r"[^\w .,()→:/-]", "", text)[:120]


def running_header(text: str, style: str = "font: 9pt sans-serif;") -> str:
    """The print rule every report adds to its stylesheet: `text` at the top of each page (made
    safe for a CSS string) and `page / pages` at the bottom right, both in `style`."""
    return ("@media print { @page { @top-center { content: \"" + _css_string(text) + f"\"; "
            f"{style} }} @bottom-right {{ content: counter(page) \" / \" counter(pages); "
            f"{style} }} }} }}\n")


@cache
def asset(name: str) -> str:
    return resources.files("redline.render.templates").joinpath(name).read_text("utf-8")


@cache
def _template():
    """The report template, compiled once; everything from a draft is autoescaped."""
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env.from_string(asset("report.html.j2"))


def csp_header(css: str, *scripts: str) -> str:
    def h(s: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"

    return (f"default-src 'none'; style-src {h(css)}; "
            f"script-src {' '.join(h(js) for js in scripts)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")
