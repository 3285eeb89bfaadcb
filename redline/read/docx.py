"""Word reader: a `.docx`'s bytes to the same blocks `read_text` makes of the draft exported to
text, with Word's tracked revisions and comments on them as raw facts.

Two passes. The walk (`_Walker`) turns WordprocessingML into paragraphs of pieces, each piece
carrying the revisions it lies in; it never decides anything. A reading (`accept`, `reject`,
`as-of:DAY`) then says which pieces show, merges paragraphs whose mark that reading removes,
numbers lists and classifies paragraphs as the text reader does, with every revision, comment
and footnote reference kept as an offset span into the final `Block.text`.

Text is gathered from `w:t`/`w:delText` in runs wherever Word nests them (insertions, deletions,
moves, hyperlinks, smart tags, custom XML, content controls, simple fields, field results,
`mc:AlternateContent` read once); field instructions, drawings, text boxes, hidden (`w:vanish`)
runs, headers and footers are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from redline.errors import RedlineError
from redline.model import Kind
from redline.read.fold import fold as _fold
from redline.read.numbering import DEFAULT, Compiled, Numbering
from redline.read.ooxml import Package, open_docx, qn, w
from redline.read.source import Block, Comment, Decide, Revision, reading
from redline.read.text import (
    BULLET_RE,
    TITLE_MAX_WORDS,
    assign_sections,
    is_title,
    norm_label,
    refine_kind,
    worded_heading,
)

# Tags, as Clark names, once.
P, R, T, DEL_TEXT, TBL, TR, TC, PPR, RPR, TRPR = map(
    w, ("p", "r", "t", "delText", "tbl", "tr", "tc", "pPr", "rPr", "trPr"))
INS, DEL, MOVE_FROM, MOVE_TO = map(w, ("ins", "del", "moveFrom", "moveTo"))
TAB, PTAB, BR, CR, NB_HYPHEN, SOFT_HYPHEN, SYM = map(
    w, ("tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "sym"))
FLD_CHAR, FLD_SIMPLE, HYPERLINK, SMART_TAG, CUSTOM_XML, SDT, SDT_CONTENT, DIR, BDO = map(
    w, ("fldChar", "fldSimple", "hyperlink", "smartTag", "customXml", "sdt", "sdtContent",
        "dir", "bdo"))
FN_REF, EN_REF, C_REF, C_START, C_END = map(
    w, ("footnoteReference", "endnoteReference", "commentReference", "commentRangeStart",
        "commentRangeEnd"))
VAL, ID, AUTHOR, DATE = map(w, ("val", "id", "author", "date"))
ALT, CHOICE, FALLBACK = qn("mc:AlternateContent"), qn("mc:Choice"), qn("mc:Fallback")
MATH, MATH_PARA, MATH_T = qn("m:oMath"), qn("m:oMathPara"), qn("m:t")
_INLINE_WRAPPERS = {HYPERLINK, SMART_TAG, CUSTOM_XML, FLD_SIMPLE, DIR, BDO}
_CHANGES = {INS: ("tracked-insert", True), DEL: ("tracked-delete", False),
            MOVE_TO: ("tracked-move-to", True), MOVE_FROM: ("tracked-move-from", False)}
_FALSE = ("0", "false", "off")
_HEADING_STYLE = re.compile(r"(?:heading ?[1-9]|title)", re.IGNORECASE)


# --- the readings -------------------------------------------------------------------------

@dataclass(eq=False, slots=True)
class _Rev:
    """One tracked change as written; `inserted` says what accepting it does (adds what it
    holds, or keeps it for a format change)."""

    source: str
    inserted: bool
    author: str | None
    date: str | None
    id: str | None


def _rev(el: etree._Element, source: str, inserted: bool) -> _Rev:
    return _Rev(source, inserted, el.get(AUTHOR) or None, el.get(DATE) or None, el.get(ID))


def _shows(rev: _Rev, decide: Decide) -> bool:
    """Whether what a revision holds is in the reading (a deletion rejected, an insertion
    accepted)."""
    return decide(rev) == rev.inserted


# --- the walk: XML to paragraphs of pieces ---------------------------------------------------

@dataclass(slots=True)
class _Piece:
    """Text (or a zero-width marker) and the revisions it lies in, outermost first."""

    text: str
    changes: tuple[_Rev, ...] = ()
    fmt: _Rev | None = None
    marker: tuple[str, str] | None = None  # ("cs"|"ce"|"cref"|"fn"|"en", id)


@dataclass(eq=False, slots=True)
class _Table:
    rows: list[tuple[_Rev, ...]] = field(default_factory=list)  # each row's revisions


@dataclass(eq=False, slots=True)
class _Para:
    pieces: list[_Piece]
    index: int  # paragraph number in the file, from 1
    box: object  # paragraphs merge only within one box (a story or a table cell)
    style: str | None = None
    num: tuple[str | None, str | None] | None = None  # direct (numId, ilvl)
    outline: int | None = None
    mark: _Rev | None = None
    fmt: _Rev | None = None
    rows: tuple[_Rev, ...] = ()  # revisions of the table rows around it
    cell: tuple[_Table, int, int] | None = None  # (table, row index, cell index), from 0
    row_rev: _Rev | None = None  # set on a row's first paragraph


def _val(el: etree._Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(tag)
    return None if child is None else child.get(VAL)


def _branch(alt: etree._Element) -> etree._Element | None:
    """The one branch of `mc:AlternateContent` read: the fallback, else the first choice."""
    fallback = alt.find(FALLBACK)
    return fallback if fallback is not None else alt.find(CHOICE)


class _Walker:
    """Collects the paragraphs of one story (the body, a footnote, a comment)."""

    def __init__(self, counter: list[int], tables: list[_Table] | None = None) -> None:
        self.paras: list[_Para] = []
        self.fields: list[bool] = []  # open fields: True once past `separate` (the result)
        self.pending: list[_Piece] = []  # markers between paragraphs, for the next one
        self.counter = counter
        self.tables = tables  # None: tables are not addressed (footnotes, comments)

    def blocks(self, el: etree._Element, box: object, rows: tuple[_Rev, ...] = (),
               cell: tuple[_Table, int, int] | None = None) -> None:
        for child in el:
            tag = child.tag
            if tag == P:
                self.para(child, box, rows, cell)
            elif tag == TBL:
                self.table(child, box, rows)
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self.blocks(content, box, rows, cell)
            elif tag == ALT:
                branch = _branch(child)
                if branch is not None:
                    self.blocks(branch, box, rows, cell)
            elif tag in (C_START, C_END):
                self.pending.append(_Piece("", marker=("cs" if tag == C_START else "ce",
                                                       child.get(ID, ""))))

    def table(self, tbl: etree._Element, box: object, rows: tuple[_Rev, ...]) -> None:
        table = _Table()
        if self.tables is not None:
            self.tables.append(table)
        for tr in _children(tbl, TR):
            rev = None
            trpr = tr.find(TRPR)
            if trpr is not None:
                for tag, inserted in ((INS, True), (DEL, False)):
                    mark = trpr.find(tag)
                    if mark is not None:
                        rev = _rev(mark, "tracked-row", inserted)
            here = (*rows, rev) if rev else rows
            table.rows.append(here)
            r, first = len(table.rows) - 1, len(self.paras)
            for c, tc in enumerate(_children(tr, TC)):
                inner = (table, r, c) if self.tables is not None else None
                self.blocks(tc, box if inner is None else (id(table), r, c), here, inner)
            if rev is not None and len(self.paras) > first:
                self.paras[first].row_rev = rev

    def flush(self) -> None:
        """Markers after the last paragraph go to its end."""
        if self.pending and self.paras:
            self.paras[-1].pieces += self.pending
        self.pending = []

    def para(self, p: etree._Element, box: object, rows: tuple[_Rev, ...],
             cell: tuple[_Table, int, int] | None) -> None:
        self.counter[0] += 1
        para = _Para(self.pending, self.counter[0], box, rows=rows, cell=cell)
        self.pending = []
        ppr = p.find(PPR)
        if ppr is not None:
            para.style = _val(ppr, w("pStyle"))
            numpr = ppr.find(w("numPr"))
            if numpr is not None:
                para.num = (_val(numpr, w("numId")), _val(numpr, w("ilvl")))
            outline = _val(ppr, w("outlineLvl"))
            para.outline = int(outline) if outline and outline.isdigit() else None
            rpr = ppr.find(RPR)
            if rpr is not None:
                for tag, (_, inserted) in _CHANGES.items():
                    mark = rpr.find(tag)
                    if mark is not None:
                        para.mark = _rev(mark, "tracked-paragraph-mark", inserted)
            change = ppr.find(w("pPrChange"))
            if change is not None:
                para.fmt = _rev(change, "tracked-format", True)
        self.inline(p, (), para.pieces)
        self.paras.append(para)
        # a field's instruction never runs past its paragraph: a field left open (a damaged
        # file) shows what follows rather than hiding the rest of the document
        self.fields = [True] * len(self.fields)

    def inline(self, el: etree._Element, changes: tuple[_Rev, ...], out: list[_Piece]) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self.run(child, changes, out)
            elif tag in _CHANGES:
                self.inline(child, (*changes, _rev(child, *_CHANGES[tag])), out)
            elif tag in _INLINE_WRAPPERS:
                self.inline(child, changes, out)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, changes, out)
            elif tag == ALT:
                branch = _branch(child)
                if branch is not None:
                    self.inline(branch, changes, out)
            elif tag in (C_START, C_END):
                out.append(_Piece("", changes, marker=("cs" if tag == C_START else "ce",
                                                       child.get(ID, ""))))
            elif tag in (MATH, MATH_PARA):
                self.emit("".join(t.text or "" for t in child.iter(MATH_T)), changes, None, out)

    def run(self, r: etree._Element, changes: tuple[_Rev, ...], out: list[_Piece]) -> None:
        fmt = None
        rpr = r.find(RPR)
        if rpr is not None:
            vanish = rpr.find(w("vanish"))
            if vanish is not None and vanish.get(VAL) not in _FALSE:
                return  # hidden text: Word neither shows nor exports it
            change = rpr.find(w("rPrChange"))
            if change is not None:
                fmt = _rev(change, "tracked-format", True)
        self.run_items(r, changes, fmt, out)

    def run_items(self, r: etree._Element, changes: tuple[_Rev, ...], fmt: _Rev | None,
                  out: list[_Piece]) -> None:
        for child in r:
            tag = child.tag
            if tag in (T, DEL_TEXT):
                if child.text:
                    self.emit(child.text, changes, fmt, out)
            elif tag in (TAB, PTAB):
                self.emit("\t", changes, fmt, out)
            elif tag in (BR, CR):
                self.emit(" ", changes, fmt, out)
            elif tag == NB_HYPHEN:
                self.emit("-", changes, fmt, out)
            elif tag == FLD_CHAR:
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    self.fields.append(False)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag in (FN_REF, EN_REF, C_REF):
                kind = "fn" if tag == FN_REF else "en" if tag == EN_REF else "cref"
                out.append(_Piece("", changes, marker=(kind, child.get(ID, ""))))
            elif tag == SYM:
                code = child.get(w("char"), "")
                try:
                    ch = chr(int(code, 16))
                except (ValueError, OverflowError):
                    continue
                if ch.isprintable() and not "\ue000" <= ch <= "\uf8ff":  # a symbol font's
                    self.emit(ch, changes, fmt, out)  # private glyphs have no meaning
            elif tag == ALT:
                branch = _branch(child)
                if branch is not None:
                    self.run_items(branch, changes, fmt, out)

    def emit(self, text: str, changes: tuple[_Rev, ...], fmt: _Rev | None,
             out: list[_Piece]) -> None:
        if not text or not all(self.fields):
            return
        text = _fold(text)
        last = out[-1] if out else None
        if last is not None and last.marker is None and last.changes is changes and (
                last.fmt is fmt):
            last.text += text
        else:
            out.append(_Piece(text, changes, fmt))


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """`tag` children, looking through content controls, custom XML and alternate content."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from _children(child, tag)
        elif child.tag == ALT:
            branch = _branch(child)
            if branch is not None:
                yield from _children(branch, tag)


# --- styles and numbering ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Style:
    heading: bool
    outline: int | None
    num_id: str | None
    ilvl: str | None


class _Styles:
    """Paragraph styles: heading or not, outline level, numbering, through `basedOn`."""

    def __init__(self, root: etree._Element | None) -> None:
        self.raw: dict[str, tuple[str | None, etree._Element]] = {}
        self.default: str | None = None
        self.cache: dict[str | None, _Style] = {}
        for s in (root.iter(w("style")) if root is not None else ()):
            if s.get(w("type"), "paragraph") != "paragraph":
                continue
            sid = s.get(w("styleId")) or ""
            self.raw.setdefault(sid, (_val(s, w("basedOn")), s))
            if s.get(w("default")) in ("1", "true", "on"):
                self.default = sid

    def get(self, sid: str | None) -> _Style:
        sid = sid if sid in self.raw else self.default
        if sid in self.cache:
            return self.cache[sid]
        heading, outline, num_id, ilvl = False, None, None, None
        seen: set[str] = set()
        cur = sid
        while cur is not None and cur in self.raw and cur not in seen and len(seen) < 32:
            seen.add(cur)
            based, el = self.raw[cur]
            if cur == sid:
                name = _val(el, w("name")) or ""
                heading = bool(_HEADING_STYLE.fullmatch(name) or _HEADING_STYLE.fullmatch(cur))
            ppr = el.find(PPR)
            if ppr is not None:
                lvl = _val(ppr, w("outlineLvl"))
                if outline is None and lvl and lvl.isdigit():
                    outline = int(lvl)
                numpr = ppr.find(w("numPr"))
                if numpr is not None:
                    num_id = num_id or _val(numpr, w("numId"))
                    ilvl = ilvl or _val(numpr, w("ilvl"))
            cur = based
        style = _Style(heading or (outline is not None and outline < 9), outline, num_id, ilvl)
        self.cache[sid] = style
        return style


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    text: str
    start: int
    restart: int | None
    legal: bool
    style: str | None


def _int(text: str | None, default: int) -> int:
    try:
        return max(0, min(int(text or ""), 1_000_000))
    except ValueError:
        return default


def _level(el: etree._Element) -> _Level:
    fmt = _val(el, w("numFmt"))
    if fmt is None:  # a custom format inside mc:AlternateContent: take its fallback
        fb = el.find(f"{ALT}/{FALLBACK}/{w('numFmt')}")
        fmt = fb.get(VAL) if fb is not None else "decimal"
    legal = el.find(w("isLgl"))
    restart = _val(el, w("lvlRestart"))
    return _Level(fmt or "decimal", _val(el, w("lvlText")) or "", _int(_val(el, w("start")), 1),
                  None if restart is None else _int(restart, 0),
                  legal is not None and legal.get(VAL) not in _FALSE, _val(el, w("pStyle")))


class _Lists:
    """`numbering.xml` and the counters of one reading: numbers paragraphs in order."""

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> the style its levels live in
        self.nums: dict[str, tuple[str, dict[int, tuple[int | None, _Level | None]]]] = {}
        for a in (root.iter(w("abstractNum")) if root is not None else ()):
            aid = a.get(w("abstractNumId"), "")
            self.abstract[aid] = {_int(lv.get(w("ilvl")), -1): _level(lv)
                                  for lv in a.iter(w("lvl"))}
            link = _val(a, w("numStyleLink"))
            if link:
                self.links[aid] = link
        for n in (root.iter(w("num")) if root is not None else ()):
            overrides: dict[int, tuple[int | None, _Level | None]] = {}
            for o in n.iter(w("lvlOverride")):
                start = _val(o, w("startOverride"))
                lvl = o.find(w("lvl"))
                overrides[_int(o.get(w("ilvl")), -1)] = (
                    None if start is None else _int(start, 1),
                    _level(lvl) if lvl is not None else None)
            self.nums[n.get(w("numId"), "")] = (_val(n, w("abstractNumId")) or "", overrides)
        self.counts: dict[tuple[str, str], list[int | None]] = {}
        self.started: set[str] = set()

    def levels(self, aid: str) -> tuple[str, dict[int, _Level]]:
        """An abstract list's levels, following `numStyleLink` to the list a style names."""
        for _ in range(8):
            if aid not in self.links:
                break
            num_id = self.styles.get(self.links[aid]).num_id
            target = self.nums.get(num_id or "", ("", {}))[0]
            if not target or target == aid or target not in self.abstract:
                break
            aid = target
        return aid, self.abstract.get(aid, {})

    def label(self, para: _Para) -> tuple[str | None, bool]:
        """The next label of a paragraph's list (text as Word shows it) and whether it is a
        bullet; (None, False) when the paragraph is not numbered or the numbering is absurd."""
        style = self.styles.get(para.style)
        num_id, ilvl_text = para.num or (None, None)
        if num_id is None:
            num_id = style.num_id
            ilvl_text = ilvl_text or style.ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None, False
        aid, overrides = self.nums[num_id]
        aid, levels = self.levels(aid)
        if ilvl_text is None:  # a level linked to the paragraph's style, else the first
            linked = [k for k, lv in levels.items() if lv.style and lv.style == para.style]
            ilvl = linked[0] if linked else 0
        else:
            ilvl = int(ilvl_text) if ilvl_text.isdigit() and len(ilvl_text) < 3 else -1
        defs = {k: (overrides.get(k, (None, None))[1] or levels.get(k)) for k in range(9)}
        lvl = defs.get(ilvl)
        if lvl is None:
            return None, False
        starts = {k: s for k, (s, _) in overrides.items() if s is not None}
        key = ("num", num_id) if starts else ("abs", aid)
        counts = self.counts.setdefault(key, [None] * 9)
        if starts and num_id not in self.started:
            self.started.add(num_id)
            for k in starts:
                if 0 <= k < 9:
                    counts[k] = None

        def start(k: int) -> int:
            lv = defs.get(k)
            return starts.get(k, lv.start if lv else 1)

        counts[ilvl] = start(ilvl) if counts[ilvl] is None else counts[ilvl] + 1
        for k in range(ilvl + 1, 9):
            lv = defs.get(k)
            if lv is None or lv.restart is None or (0 < ilvl + 1 <= lv.restart):
                counts[k] = None
        if lvl.fmt == "bullet":
            return lvl.text, True

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lv = defs.get(k)
            n = counts[k] if counts[k] is not None else start(k) - 1
            return _format(n, "decimal" if lvl.legal or lv is None else lv.fmt)

        text = re.sub(r"%([1-9])", number, lvl.text).strip()
        return text or None, False


def _format(n: int, fmt: str) -> str:
    if fmt == "none":
        return ""
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= 780:
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


# --- a reading: paragraphs to units with spans -------------------------------------------------

Span = list  # [start, end, item]: item a Revision or a marker tuple


@dataclass(slots=True)
class _Unit:
    """A paragraph of the reading (paragraphs merged where the reading drops a mark)."""

    text: str
    spans: list[Span]
    para: _Para  # the paragraph whose properties it takes
    line: int

    def cut(self, a: int, b: int) -> _Unit:
        """Text `a:b`, spans moved and clamped into it."""
        if a == 0 and b == len(self.text):
            return self
        n = b - a
        spans = [[min(max(s - a, 0), n), min(max(e - a, 0), n), it] for s, e, it in self.spans]
        return _Unit(self.text[a:b], spans, self.para, self.line)

    def add(self, sep: str, other: _Unit) -> None:
        """Append `sep` and another unit's text and spans."""
        shift = len(self.text) + len(sep)
        self.text += sep + other.text
        self.spans += [[s + shift, e + shift, it] for s, e, it in other.spans]


def _render(para: _Para, decide: Decide) -> _Unit:
    """A paragraph's text in the reading, with its revisions and markers as spans."""
    parts: list[str] = []
    pos = 0
    spans: list[Span] = []
    groups: dict[int, list] = {}  # id(rev) -> [rev, start, end, [texts]]
    fmts: list[list] = []  # [rev, start, end]
    row_in = all(_shows(r, decide) for r in para.rows)
    for pc in para.pieces:
        shown = row_in and all(_shows(c, decide) for c in pc.changes)
        for c in pc.changes:
            if id(c) not in groups:
                groups[id(c)] = [c, pos, pos, []]
        if pc.marker is not None:
            if shown or pc.marker[0] not in ("fn", "en"):
                spans.append([pos, pos, pc.marker])
            continue
        before = pos
        if shown:
            parts.append(pc.text)
            pos += len(pc.text)
        for c in pc.changes:
            g = groups[id(c)]
            g[2] = pos
            g[3].append(pc.text)
        if pc.fmt is not None:
            last = fmts[-1] if fmts else None
            if last and last[2] == before and (last[0].author, last[0].date) == (
                    pc.fmt.author, pc.fmt.date):
                last[2] = pos
            else:
                fmts.append([pc.fmt, before, pos])
    for rev, start, end, texts in groups.values():
        text = "".join(texts)
        if text:
            spans.append([start, end, _revision(rev, decide, text)])
    spans += [[s, e, _revision(rev, decide)] for rev, s, e in fmts]
    if para.fmt is not None:
        spans.append([0, pos, _revision(para.fmt, decide)])
    if para.row_rev is not None:
        spans.append([0, pos, _revision(para.row_rev, decide)])
    if para.mark is not None:
        spans.append([pos, pos, _revision(para.mark, decide)])
    return _Unit("".join(parts), spans, para, para.index)


def _revision(rev: _Rev, decide: Decide, text: str = "") -> Revision:
    return Revision(rev.source, 0, 0, text, rev.author, rev.date, decide(rev), rev.id)


def _units(paras: list[_Para], decide: Decide) -> list[_Unit]:
    """The reading's paragraphs: one whose mark the reading removes (a deleted mark accepted,
    an inserted one rejected) runs on into the next of its box. The merged paragraph takes the
    properties of its first part with text, else of its last."""
    out: list[_Unit] = []
    cur: _Unit | None = None
    for k, para in enumerate(paras):
        unit = _render(para, decide)
        if cur is None:
            cur = unit
        else:
            if not cur.text.strip() and unit.text.strip():
                cur.para = para
            cur.add("", unit)
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        if (para.mark is not None and not _shows(para.mark, decide) and nxt is not None
                and nxt.box == para.box):
            continue
        if cur.para is not para and not cur.text.strip():
            cur.para = para
        out.append(cur)
        cur = None
    return out


# --- classification: units to blocks, as the text reader does ---------------------------------

@dataclass(slots=True)
class _Out:
    block: Block
    spans: list[Span]
    fixed: bool = False  # kind decided by Word (a heading style, a table cell)
    cell: tuple[_Table, int, int] | None = None


def _word_label(label: str, pats: Compiled) -> tuple[str, bool]:
    """A label Word's numbering rendered, normalised as the text reader would (`18.` -> `18`,
    `(a)`, `Article 1` a heading); True when it makes the paragraph a heading."""
    m = pats.label.match(label)
    if m and m.end() == len(label):
        return norm_label(label, pats), False
    heading = worded_heading(label, pats)
    if heading is not None and not heading[1]:
        return heading[0], True
    if label.startswith("(") and label.endswith(")"):
        return label, False
    return label.lstrip("(").rstrip(".):") or label, False


def _classify(units: list[_Unit], labels: list[tuple[str | None, bool]], styles: _Styles,
              pats: Compiled) -> list[_Out]:
    """Blocks of the body's units: labels, headings and bullets as `read_text` finds them in
    the same paragraphs exported to text (one a line, empty paragraphs as blank lines)."""
    out: list[_Out] = []
    carry: list[Span] = []
    pending: tuple[str, int, list[Span]] | None = None  # a paragraph that is only a label
    awaiting: _Out | None = None  # a worded heading alone: its title may follow
    blank_before = True

    def flush_pending() -> None:
        nonlocal pending
        if pending is not None:
            out.append(_Out(Block("", pending[1], Kind.HEADING, pending[0]), pending[2]))
            pending = None

    for unit, (word_label, bullet) in zip(units, labels, strict=True):
        body = unit.text.strip()
        if not body:
            for _, _, it in unit.spans:  # a reference alone goes with the paragraph before
                if isinstance(it, tuple) and it[0] in ("fn", "en") and out:
                    out[-1].spans.append([len(out[-1].block.text)] * 2 + [it])
                else:
                    carry.append([0, 0, it])
            blank_before = True
            continue
        lead = len(unit.text) - len(unit.text.lstrip())
        unit = unit.cut(lead, lead + len(body))
        unit.spans[:0] = carry
        carry = []
        para = unit.para
        if para.cell is not None:  # a table cell: its text whole, its number included
            flush_pending()
            awaiting = None
            if word_label and not bullet:
                numbered = _Unit(word_label + " ", [], para, unit.line)
                numbered.add("", unit)
                unit = numbered
            out.append(_Out(Block(unit.text, unit.line, Kind.BULLET if bullet else Kind.BODY),
                            unit.spans, fixed=True, cell=para.cell))
            blank_before = False
            continue
        style = styles.get(para.style)
        forced = style.heading if para.outline is None else para.outline < 9
        label: str | None = None
        kind = Kind.BODY
        start = 0
        m = None
        if word_label:
            flush_pending()
        if pending is not None:
            label, line, spans = pending
            pending = None
            unit.spans[:0] = spans
            unit.line = line
            kind = Kind.NUMBERED
        elif bullet:
            kind = Kind.BULLET
            lm = pats.label.match(body)
            if lm and body[lm.end():].strip() and lm.group("label").startswith("("):
                label, kind = norm_label(lm.group("label"), pats), Kind.NUMBERED
                start = _skip(body, lm.end())
        elif word_label:
            label, heading = _word_label(word_label, pats)
            kind = Kind.HEADING if heading else Kind.NUMBERED
            forced = forced or heading
        else:
            m = pats.label.match(body)
            if awaiting is not None and not blank_before and is_title(
                    body, m, pats, TITLE_MAX_WORDS) and not pats.heading.match(body):
                title = awaiting
                awaiting = None
                sep = " " if title.block.text else ""
                shift = len(title.block.text) + len(sep)
                title.block.text += sep + body
                title.spans += [[s + shift, e + shift, it] for s, e, it in unit.spans]
                continue
            heading = worded_heading(body, pats)
            if heading is not None:
                label, text, alone = heading
                start = len(body) - len(text)  # the title is the line's tail (or all of it)
                out.append(_Out(Block(text, unit.line, Kind.HEADING, label),
                                unit.cut(start, len(body)).spans, fixed=forced))
                awaiting = out[-1] if alone else None
                blank_before = False
                continue
            if m and not body[m.end():].strip():
                pending = (norm_label(m.group("label"), pats), unit.line, unit.spans)
                blank_before = False
                continue
            if m:
                label, kind = norm_label(m.group("label"), pats), Kind.NUMBERED
                start = _skip(body, m.end())
            else:
                bm = BULLET_RE.match(body)
                if bm:
                    kind, start = Kind.BULLET, bm.end()
                    rest = body[start:]
                    lm = pats.label.match(rest)
                    if lm and rest[lm.end():].strip() and lm.group("label").startswith("("):
                        label, kind = norm_label(lm.group("label"), pats), Kind.NUMBERED
                        start = _skip(body, start + lm.end())
        if start:
            unit = unit.cut(start, len(body))
        out.append(_Out(Block(unit.text, unit.line, Kind.HEADING if forced else kind, label),
                        unit.spans, fixed=forced))
        awaiting = None
        blank_before = False
    flush_pending()
    if carry and out:
        end = len(out[-1].block.text)
        out[-1].spans += [[end, end, it] for _, _, it in carry]
    return out


def _skip(text: str, at: int) -> int:
    """`at` moved past white space."""
    return len(text) - len(text[at:].lstrip())


# --- the reader -----------------------------------------------------------------------------

def read_docx(data: bytes, name: str, numbering: Numbering = DEFAULT,
              changes: str = "accept") -> list[Block]:
    """The blocks of a Word file in the reading `changes` (`accept`, `reject`,
    `as-of:YYYY-MM-DD`): body paragraphs and table cells in order, then footnotes and
    endnotes, with tracked revisions and comments as offsets into each block's text."""
    decide = reading(changes)
    pkg = open_docx(data, name)
    root = pkg.xml(pkg.main)
    body = root.find(w("body")) if root is not None else None
    if body is None:
        raise RedlineError(f"{name}: not a Word .docx file (no document body)")
    styles = _Styles(_part(pkg, "styles"))
    lists = _Lists(_part(pkg, "numbering"), styles)
    counter = [0]
    tables: list[_Table] = []
    walker = _Walker(counter, tables)
    walker.blocks(body, "body")
    walker.flush()
    units = _units(walker.paras, decide)
    labels = [lists.label(u.para) if all(_shows(r, decide) for r in u.para.rows)
              else (None, False) for u in units]
    pats = numbering.compiled()
    outs = _classify(units, labels, styles, pats)
    for k, o in enumerate(outs):
        if not o.fixed:
            nxt = outs[k + 1].block if k + 1 < len(outs) else None
            o.block.kind = refine_kind(o.block, nxt, pats)
    blocks = [o.block for o in outs]
    assign_sections(blocks, numbering)
    _table_labels(outs, tables, decide)
    notes = _notes(pkg, outs, decide, counter)
    comments = _comments(pkg, decide)
    everything = outs + notes
    _anchor_comments(everything, comments)
    for o in everything:
        o.block.revisions = [replace(it, start=s, end=e) for s, e, it in
                             sorted(o.spans, key=lambda sp: sp[0]) if isinstance(it, Revision)]
    return blocks + [o.block for o in notes]


def _part(pkg: Package, kind: str) -> etree._Element | None:
    part = pkg.related(kind) or (f"word/{kind}.xml" if pkg.has(f"word/{kind}.xml") else None)
    return pkg.xml(part) if part else None


def _table_labels(outs: list[_Out], tables: list[_Table], decide: Decide) -> None:
    """`table N row R cell C` on each cell's blocks, counting what the reading shows."""
    shown_rows = {id(t): [r for r, revs in enumerate(t.rows)
                          if all(_shows(x, decide) for x in revs)] for t in tables}
    numbers: dict[int, int] = {}
    for t in tables:
        if shown_rows[id(t)]:
            numbers[id(t)] = len(numbers) + 1
    for o in outs:
        if o.cell is None:
            continue
        table, r, c = o.cell
        rows = shown_rows[id(table)]
        row = rows.index(r) + 1 if r in rows else 0
        o.block.label = f"table {numbers.get(id(table), 0)} row {row} cell {c + 1}"


def _notes(pkg: Package, outs: list[_Out], decide: Decide, counter: list[int]) -> list[_Out]:
    """Footnote and endnote blocks, numbered in the order the reading refers to them."""
    stories: dict[str, dict[str, etree._Element]] = {}
    for kind, tag in (("fn", "footnote"), ("en", "endnote")):
        root = _part(pkg, tag + "s")
        stories[kind] = {} if root is None else {
            n.get(ID, ""): n for n in root.iter(w(tag))
            if n.get(w("type"), "normal") == "normal"}
    notes: list[_Out] = []
    for o in outs:
        keep = []
        for s, e, it in sorted(o.spans, key=lambda sp: sp[0]):
            if isinstance(it, tuple) and it[0] in ("fn", "en"):
                el = stories[it[0]].get(it[1])
                if el is None:
                    continue
                n = len(notes) + 1
                o.block.footnote_refs.append(n)
                notes.append(_note(el, n, decide, counter, (it[0], it[1], n)))
            else:
                keep.append([s, e, it])
        o.spans = keep
    return notes


def _note(el: etree._Element, n: int, decide: Decide, counter: list[int], box: object) -> _Out:
    walker = _Walker(counter)
    walker.blocks(el, box)
    walker.flush()
    units = _units(walker.paras, decide)
    joined = _Unit("", [], _Para([], 0, box), units[0].line if units else counter[0])
    for u in units:
        body = u.text.strip()
        lead = len(u.text) - len(u.text.lstrip())
        if body:
            joined.add(" " if joined.text else "", u.cut(lead, lead + len(body)))
        else:
            joined.spans += [[len(joined.text)] * 2 + [it] for _, _, it in u.spans]
    return _Out(Block(joined.text, joined.line, Kind.FOOTNOTE, label=str(n)), joined.spans)


@dataclass(slots=True)
class _CommentInfo:
    author: str | None
    date: str | None
    text: str
    reply_to: str | None = None
    resolved: bool = False


def _comments(pkg: Package, decide: Decide) -> dict[str, _CommentInfo]:
    """Each comment's author, date and words (in the reading), and from `commentsExtended`
    the comment it answers and whether it is resolved."""
    root = _part(pkg, "comments")
    if root is None:
        return {}
    found: dict[str, _CommentInfo] = {}
    by_para: dict[str, str] = {}  # w14:paraId of a comment's last paragraph -> comment id
    para_id = qn("w14:paraId")
    for c in root.iter(w("comment")):
        cid = c.get(ID, "")
        walker = _Walker([0])
        walker.blocks(c, ("comment", cid))
        texts = [u.text.strip() for u in _units(walker.paras, decide)]
        found[cid] = _CommentInfo(c.get(AUTHOR) or None, c.get(DATE) or None,
                                  "\n".join(t for t in texts if t))
        ps = c.findall(P)
        if ps and ps[-1].get(para_id):
            by_para[ps[-1].get(para_id)] = cid
    extended = _part(pkg, "commentsExtended")
    for ex in (extended.iter(qn("w15:commentEx")) if extended is not None else ()):
        cid = by_para.get(ex.get(qn("w15:paraId"), ""))
        if cid is None:
            continue
        found[cid].reply_to = by_para.get(ex.get(qn("w15:paraIdParent"), ""))
        found[cid].resolved = ex.get(qn("w15:done")) in ("1", "true", "on")
    return found


def _anchor_comments(outs: list[_Out], comments: dict[str, _CommentInfo]) -> None:
    """Each comment on the block where its range starts (else where its reference is), ending
    where its range ends in that block, else at the block's end."""
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for k, o in enumerate(outs):
        for s, _, it in o.spans:
            if isinstance(it, tuple) and it[0] in ("cs", "ce", "cref"):
                where.setdefault((it[0], it[1]), (k, s))
    for cid, info in comments.items():
        start = where.get(("cs", cid)) or where.get(("cref", cid))
        if start is None:
            continue
        k, s = start
        block = outs[k].block
        end = where.get(("ce", cid))
        if ("cs", cid) not in where:
            e = s
        elif end is not None and end[0] == k:
            e = max(end[1], s)
        else:
            e = len(block.text)
        block.comments.append(Comment(cid, info.text, s, e, info.author, info.date,
                                      info.reply_to, info.resolved))
