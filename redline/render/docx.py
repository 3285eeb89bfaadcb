"""Word writer: the redline as a .docx whose tracked changes carry the proposing delegations as
their author, so that a chair can Accept or Reject them in Word or LibreOffice.

WordprocessingML is written with lxml (python-docx cannot write tracked changes). Each aligned
paragraph is one `w:p`: its label as text (`18. `, `V. `; bullets are Word bullets), then the
new text with every change as a real `w:ins`/`w:del` whose author is the delegations' names
joined by `; ` (`redline` when no marker justifies it) and whose date is the change's day.
A comment on each change gives the codes, the date, the evidence marker and the paragraph's
status. Words proposed for deletion stay in the text in the "Proposed deletion" character
style, with a comment. Moved paragraphs are a deletion at the old place and an insertion at
the new one. Accept All gives the new clean text, Reject All the old. Same input, same bytes:
zip times are 1980-01-01 and no date is "now".
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from itertools import count
from typing import TYPE_CHECKING

from lxml import etree

from redline.compare.result import Comparison, MarkerChange, ParagraphDiff
from redline.render.html import (
    STATUS_LABELS,
    ChangeNote,
    Item,
    Segment,
    build_items,
    overlay,
    paragraph_anchors,
)

if TYPE_CHECKING:
    from redline.corpus.annex import Annex, StatusChange

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
UNATTRIBUTED = "redline"  # the author of a change no marker justifies, and of every comment
LABEL_STYLE, PROPOSAL_STYLE, NOTE_STYLE = "ParagraphLabel", "ProposedDeletion", "RedlineNote"
PAGE, MARGIN = (11906, 16838), 1134  # A4 and 2 cm, in twentieths of a point
TEXT_WIDTH = PAGE[0] - 2 * MARGIN
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
LEGEND = ("Tracked changes: the author of each change is the delegation that proposed it "
          f"(\u201c{UNATTRIBUTED}\u201d when no marker in the draft justifies it); its comment "
          "gives the evidence and the paragraph's status. Words struck through twice in purple "
          "are proposed for deletion, not deleted. Accept All gives the new text, Reject All "
          "the old one.")


def to_docx(cmp: Comparison, title: str | None = None, intro: str | None = None) -> bytes:
    """The comparison as a Word redline: every paragraph, changes tracked."""
    return _Writer(cmp).package(build_items(cmp), title, intro)


def annex_docx(annex: Annex) -> bytes:
    """The chair's annex as a Word redline: the changed paragraphs under their headings, the
    paragraphs still not agreed, and those whose status alone changed in a table."""
    cmp = annex.comparison
    items = build_items(cmp, only_changed=True, skip={c.paragraph for c in annex.status_changes})
    return _Writer(cmp).package(items, annex.title, annex.intro, annex.pending,
                                annex.status_changes)


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (controls, lone surrogates)."""
    return _ILLEGAL.sub("", text)


def _w(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element,
       text: str | None = None) -> etree._Element:
    el = etree.Element(f"{{{W}}}{tag}", {f"{{{W}}}{k}": xml_text(v) for k, v in
                                         (attrs or {}).items()})
    el.extend(children)
    if text is not None:
        el.text = xml_text(text)
    return el


def _run(text: str, style: str | None = None, deleted: bool = False) -> etree._Element:
    """A run of `text`: tabs and line breaks as Word's own elements."""
    r = _w("r")
    if style:
        r.append(_w("rPr", None, _w("rStyle", {"val": style})))
    for piece in _BREAKS.split(text):
        if piece == "\t":
            r.append(_w("tab"))
        elif piece in ("\n", "\r\n", "\r"):
            r.append(_w("br"))
        elif piece:
            t = _w("delText" if deleted else "t", text=piece)
            t.set(XML_SPACE, "preserve")
            r.append(t)
    return r


def label_text(kind: str, label: str | None) -> str:
    """A paragraph's label as the draft writes it: `18. `, `V. `, `23.bis `; footnotes `[1] `."""
    if not label:
        return ""
    if kind == "footnote":
        return f"[{label}] "
    return f"{label} " if "." in label else f"{label}. "


def _status(st: str | None) -> str:
    return STATUS_LABELS.get(st, st) if st else "none"


class _Writer:
    """One document: its body, its comments and the one id counter they share."""

    def __init__(self, cmp: Comparison) -> None:
        self.cmp = cmp
        self.ids = count(1)
        self.comments = etree.Element(f"{{{W}}}comments", nsmap={"w": W})

    def author(self, codes: Sequence[str]) -> str:
        return "; ".join(self.cmp.registry.name(c) for c in codes) or UNATTRIBUTED

    def revision(self, tag: str, author: str, date: str | None) -> etree._Element:
        attrs = {"id": str(next(self.ids)), "author": author}
        if date and _DAY.fullmatch(date):
            attrs["date"] = f"{date}T00:00:00Z"
        return _w(tag, attrs)

    def comment(self, lines: Sequence[str]) -> str:
        """A new comment by `redline` (one paragraph a line); its id."""
        cid = str(next(self.ids))
        c = _w("comment", {"id": cid, "author": UNATTRIBUTED, "initials": "RL"})
        c.extend(_w("p", None, _run(line)) for line in lines)
        self.comments.append(c)
        return cid

    # --- the body ---------------------------------------------------------------------------
    def package(self, items: list[Item], title: str | None, intro: str | None,
                pending: Sequence[tuple[str, str]] = (),
                status_changes: Sequence[StatusChange] = ()) -> bytes:
        cmp = self.cmp
        title = title or f"Redline: {_doc_name(cmp.old)} \u2192 {_doc_name(cmp.new)}"
        if cmp.only and not intro:
            names = ", ".join(f"{cmp.registry.name(d)} ({d})" for d in cmp.only)
            intro = (f"Only the changes of {names}; other changes in the same paragraphs read "
                     "as accepted.")
        body = _w("body")
        body.append(_note(title, "Title"))
        for line in (intro, LEGEND):
            if line:
                body.append(_note(line))
        if pending:
            body.append(_note(f"Still not agreed ({len(pending)}): " + ", ".join(
                f"{name} ({_status(st)})" for name, st in pending)))
        where = {a: k for k, a in enumerate(paragraph_anchors(cmp))}  # a ghost's paragraph
        for it in items:
            if it.first_footnote:
                body.append(_note("Footnotes"))
            k = it.index if it.index is not None else where[it.ghost_of or ""]
            body.append(self.paragraph(it, cmp.paragraphs[k]))
        if status_changes:
            body.append(_note(f"Status changes only: {len(status_changes)} paragraph"
                              f"{'s' if len(status_changes) != 1 else ''} whose text did not "
                              "change but whose status did."))
            body.append(_table(["Paragraph", "From", "To", "Date", "Marker"],
                               [[c.address, _status(c.status_from), _status(c.status_to),
                                 c.date or "", c.marker or ""] for c in status_changes],
                               (15, 14, 14, 13, 44)))
        body.append(_note(""))  # Word's last paragraph: never one whose mark is tracked
        m = str(MARGIN)
        body.append(_w("sectPr", None, _w("pgSz", {"w": str(PAGE[0]), "h": str(PAGE[1])}),
                       _w("pgMar", {"top": m, "right": m, "bottom": m, "left": m,
                                    "header": "567", "footer": "567", "gutter": "0"})))
        document = etree.Element(f"{{{W}}}document", nsmap={"w": W})
        document.append(body)
        day = cmp.new.date if cmp.new.date and _DAY.fullmatch(cmp.new.date) else "1980-01-01"
        return _zip({**STATIC_PARTS, "word/document.xml": _xml(document),
                     "word/comments.xml": _xml(self.comments),
                     "docProps/core.xml": _core(title, day)})

    def paragraph(self, it: Item, p: ParagraphDiff) -> etree._Element:
        """One aligned paragraph (or the old place of a moved one) with its changes tracked."""
        ghost = it.ghost_of is not None
        src = p.old if ghost or not p.new else p.new
        kind = str(src[0].kind) if src else "body"
        para = _w("p", None, _w("pPr"))
        style = _style(kind, src[0].path if src else "")
        if style:
            para[0].append(_w("pStyle", {"val": style}))
        if style == "ListBullet":
            para[0].append(_w("numPr", None, _w("ilvl", {"val": "0"}), _w("numId", {"val": "1"})))
        moved = p.status == "moved"
        whole = ("del" if ghost or p.status == "deleted" else
                 "ins" if moved or p.status == "inserted" else None)
        lines: list[str] = []
        if moved:
            author = self.author(p.delegations)
            lines.append(f"moved to {p.new_address or p.new_label or 'its new place'}" if ghost
                         else f"moved from {p.old_address or p.old_label or 'elsewhere'}")
        else:
            first = it.notes[0] if it.notes else None
            author = self.author([c for c, _ in first.delegations]) if first else UNATTRIBUTED
        if whole:
            rpr = _w("rPr", None, self.revision(whole, author, p.date))
            para[0].append(rpr)
        # the label: tracked with the paragraph, or as a renumbering
        old_label = label_text(str(p.old[0].kind), p.old_label) if p.old else ""
        new_label = label_text(str(p.new[0].kind), p.new_label) if p.new else ""
        if whole == "del":
            new_label = ""
        elif whole == "ins":
            old_label = ""
        if old_label == new_label:
            if new_label:
                para.append(_run(new_label, LABEL_STYLE))
        else:
            who = author if whole else UNATTRIBUTED
            if old_label:
                para.append(self._tracked("del", old_label, who, p.date if whole else None,
                                          LABEL_STYLE))
            if new_label:
                para.append(self._tracked("ins", new_label, who, p.date if whole else None,
                                          LABEL_STYLE))
        lines += [_marker_line(m) for m in it.markers]
        para_comment = self.comment(lines) if lines else None
        if para_comment:
            para.append(_w("commentRangeStart", {"id": para_comment}))
        if ghost:
            segs = [Segment("del", p.old_text or "")]
        elif moved:
            segs = overlay([Segment("ins", p.new_text or "")], p.proposed_deletions)
        elif whole:
            segs = _tiles(p, it, whole)
        else:
            segs = _edits(p, it)
        self.segments(para, it, segs, author, p.date)
        if para_comment:
            para.append(_w("commentRangeEnd", {"id": para_comment}))
            para.append(_reference(para_comment))
        if not len(para[0]):
            para.remove(para[0])
        return para

    def segments(self, para: etree._Element, it: Item, segs: list[Segment], author: str,
                 date: str | None) -> None:
        """The runs of a paragraph: equal text plain, changes as `w:ins`/`w:del` under a
        comment each, words proposed for deletion in their style under a comment each; a
        tracked segment of no change (a moved paragraph) is by `author` on `date`."""
        notes = {n.number: n for n in it.notes}
        open_change: tuple[int, str] | None = None
        open_props: dict[int, str] = {}
        for j, seg in enumerate(segs):
            if seg.proposal is not None and seg.pd_first:
                pn = it.proposals[seg.proposal]
                names = ", ".join(name for _, name in pn.delegations) or "unattributed"
                text = f"proposed for deletion by {names}" + (f" ({pn.date})" if pn.date else "")
                cid = self.comment([text + (f": {pn.evidence}" if pn.evidence else "")])
                open_props[seg.proposal] = cid
                para.append(_w("commentRangeStart", {"id": cid}))
            note = notes.get(seg.change) if seg.change is not None else None
            if note is not None and (open_change is None or open_change[0] != seg.change):
                cid = self.comment([self.change_comment(note, it.para_status)])
                open_change = (note.number, cid)
                para.append(_w("commentRangeStart", {"id": cid}))
            style = PROPOSAL_STYLE if seg.proposal is not None and seg.kind != "del" else None
            if seg.text and seg.kind == "eq":
                para.append(_run(seg.text, style))
            elif seg.text:
                who = self.author([c for c, _ in note.delegations]) if note else author
                when = note.date if note else date
                para.append(self._tracked(seg.kind, seg.text, who, when, style))
            nxt = segs[j + 1] if j + 1 < len(segs) else None
            if open_change and (nxt is None or nxt.change != open_change[0]):
                para.append(_w("commentRangeEnd", {"id": open_change[1]}))
                para.append(_reference(open_change[1]))
                open_change = None
            if seg.proposal is not None and seg.pd_last and seg.proposal in open_props:
                cid = open_props.pop(seg.proposal)
                para.append(_w("commentRangeEnd", {"id": cid}))
                para.append(_reference(cid))

    def _tracked(self, kind: str, text: str, author: str, date: str | None,
                 style: str | None = None) -> etree._Element:
        el = self.revision(kind, author, date)
        el.append(_run(text, style, deleted=kind == "del"))
        return el

    @staticmethod
    def change_comment(note: ChangeNote, para_status: str | None) -> str:
        """`CHAIR, 2016-01-19: (CHAIR - CAM: ...) · status Pending`."""
        codes = "/".join(code for code, _ in note.delegations)
        head = ", ".join(x for x in (codes or "unattributed", note.date) if x)
        text = (f"{head}: {note.evidence}" if note.evidence else head if codes else
                f"{head}: no marker in the draft justifies this change")
        return text + (f" \u00b7 status {_status(para_status)}" if para_status else "")


def _edits(p: ParagraphDiff, it: Item) -> list[Segment]:
    """A changed paragraph as equal, deleted and inserted pieces, exactly as its changes say
    (white space included: the HTML view moves some out of the marks, Word must not)."""
    new = p.new_text or ""
    out: list[Segment] = []
    pos = 0
    for note, c in zip(it.notes, p.changes, strict=True):
        out.append(Segment("eq", new[pos:c.new_start], start=pos))
        out += [Segment("del", c.old_text, note.number, start=c.new_start)] if c.old_text else []
        out += [Segment("ins", c.new_text, note.number, start=c.new_start)] if c.new_text else []
        pos = c.new_end
    out.append(Segment("eq", new[pos:], start=pos))
    return overlay(out, p.proposed_deletions)


def _tiles(p: ParagraphDiff, it: Item, kind: str) -> list[Segment]:
    """An inserted (`ins`) or deleted (`del`) paragraph as the pieces its changes cover, each
    with its change's number (several delegations may have written one new paragraph)."""
    text = (p.new_text if kind == "ins" else p.old_text) or ""
    out: list[Segment] = []
    pos = 0
    for note, c in zip(it.notes, p.changes, strict=True):
        a, b = (c.new_start, c.new_end) if kind == "ins" else (c.old_start, c.old_end)
        out += [Segment(kind, text[pos:a], start=pos)] if a > pos else []
        out.append(Segment(kind, text[a:b], note.number, start=a))
        pos = max(pos, b)
    out += [Segment(kind, text[pos:], start=pos)] if pos < len(text) else []
    return overlay(out, p.proposed_deletions) if kind == "ins" else out


def _marker_line(m: MarkerChange) -> str:
    if m.kind == "status":
        return (f"status: {_status(m.status_from)} \u2192 {_status(m.status_to)}"
                + (f" ({m.date})" if m.date else ""))
    return f"marker {m.kind}: {m.text or ''}"


def _reference(cid: str) -> etree._Element:
    return _w("r", None, _w("commentReference", {"id": cid}))


def _style(kind: str, path: str) -> str | None:
    if kind == "heading":
        return f"Heading{min(3, path.count('.') + 1) if path else 1}"
    return {"footnote": "FootnoteText", "bullet": "ListBullet"}.get(kind)


def _note(text: str, style: str = NOTE_STYLE) -> etree._Element:
    p = _w("p", None, _w("pPr", None, _w("pStyle", {"val": style})))
    if text:
        p.append(_run(text))
    return p


def _table(head: list[str], rows: list[list[str]],
           weights: Sequence[int] | None = None) -> etree._Element:
    """A table as wide as the text, in columns of fixed widths (`weights`, relative; equal by
    default) that wrap what they hold; its header row repeats on each page and no row splits
    across two pages (Word and LibreOffice both read `tblLayout`, `tblHeader`, `cantSplit`)."""
    weights = list(weights or [1] * len(head))
    widths = [TEXT_WIDTH * w // sum(weights) for w in weights]

    def cell(text: str, width: int, bold: bool = False) -> etree._Element:
        r = _run(text)
        if bold:
            r.insert(0, _w("rPr", None, _w("b")))
        return _w("tc", None, _w("tcPr", None, _w("tcW", {"w": str(width), "type": "dxa"})),
                  _w("p", None, r))

    def row(cells: list[str], header: bool = False) -> etree._Element:
        props = _w("trPr", None, _w("cantSplit"), *([_w("tblHeader")] if header else []))
        return _w("tr", None, props, *(cell(v, w, header) for v, w in zip(cells, widths,
                                                                           strict=True)))

    tbl = _w("tbl", None, _w("tblPr", None, _w("tblStyle", {"val": "RedlineTable"}),
                             _w("tblW", {"w": str(sum(widths)), "type": "dxa"}),
                             _w("tblLayout", {"type": "fixed"})),
             _w("tblGrid", None, *(_w("gridCol", {"w": str(w)}) for w in widths)))
    tbl.append(row(head, header=True))
    tbl.extend(row(r) for r in rows)
    return tbl


def _doc_name(doc) -> str:
    name = doc.label or (doc.path or "input").rsplit("/", 1)[-1]
    return f"{name} ({doc.date})" if doc.date else name


def _xml(el: etree._Element) -> bytes:
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8", standalone=True)


def _core(title: str, day: str) -> bytes:
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc, dcterms = "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element(f"{{{cp}}}coreProperties",
                         nsmap={"cp": cp, "dc": dc, "dcterms": dcterms, "xsi": xsi})
    for ns, tag, text in ((dc, "title", title), (dc, "creator", UNATTRIBUTED),
                          (cp, "lastModifiedBy", UNATTRIBUTED)):
        etree.SubElement(root, f"{{{ns}}}{tag}").text = xml_text(text)
    for tag in ("created", "modified"):
        el = etree.SubElement(root, f"{{{dcterms}}}{tag}", {f"{{{xsi}}}type": "dcterms:W3CDTF"})
        el.text = f"{day}T00:00:00Z"
    return _xml(root)


def _zip(parts: dict[str, bytes]) -> bytes:
    """The package: parts in a fixed order, every time stamp 1980-01-01."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in PART_ORDER:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, parts[name])
    return buf.getvalue()


_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_WNS = f'xmlns:w="{W}"'
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STATIC_PARTS: dict[str, bytes] = {k: (_HEAD + v).encode() for k, v in {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_CT}document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{_CT}styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{_CT}settings+xml"/>'
        f'<Override PartName="/word/numbering.xml" ContentType="{_CT}numbering+xml"/>'
        f'<Override PartName="/word/comments.xml" ContentType="{_CT}comments+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
    "word/_rels/document.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}settings" Target="settings.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}numbering" Target="numbering.xml"/>'
        f'<Relationship Id="rId4" Type="{_REL}comments" Target="comments.xml"/>'
        '</Relationships>'),
    "word/settings.xml": (
        f'<w:settings {_WNS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting '
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/></w:compat></w:settings>'),
    "word/numbering.xml": (
        f'<w:numbering {_WNS}><w:abstractNum w:abstractNumId="0"><w:multiLevelType '
        'w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" '
        'w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId '
        'w:val="0"/></w:num></w:numbering>'),
    "word/styles.xml": (
        f'<w:styles {_WNS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation '
        'Serif" w:hAnsi="Liberation Serif" w:cs="Liberation Serif"/><w:sz w:val="22"/>'
        '<w:lang w:val="en-US"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing '
        'w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/></w:style>'
        + "".join(
            f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>'
            f'<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{n - 1}"'
            f'/></w:pPr><w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>'
            for n, size in ((1, 30), (2, 26), (3, 24)))
        + '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn '
        'w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:b/><w:sz w:val="34"/>'
        '</w:rPr></w:style>'
        f'<w:style w:type="paragraph" w:styleId="{NOTE_STYLE}"><w:name w:val="Redline note"/>'
        '<w:basedOn w:val="Normal"/><w:rPr><w:i/><w:color w:val="595959"/><w:sz w:val="20"/>'
        '</w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
        '<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:ind '
        'w:left="720" w:hanging="360"/></w:pPr></w:style>'
        f'<w:style w:type="character" w:styleId="{PROPOSAL_STYLE}"><w:name w:val="Proposed '
        'deletion"/><w:rPr><w:dstrike/><w:color w:val="7030A0"/></w:rPr></w:style>'
        f'<w:style w:type="character" w:styleId="{LABEL_STYLE}"><w:name w:val="Paragraph '
        'label"/></w:style>'
        '<w:style w:type="table" w:styleId="RedlineTable"><w:name w:val="Redline table"/>'
        '<w:tblPr><w:tblBorders>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" '
        'w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>'),
}.items()}
PART_ORDER = ("[Content_Types].xml", "_rels/.rels", "word/document.xml",
              "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml",
              "word/comments.xml", "word/settings.xml", "docProps/core.xml")
