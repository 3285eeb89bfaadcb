"""PDF reader: a PDF's text layer (pdfplumber) into the lines the text reader reads.

`pdf_text` writes a PDF as Word's text export would, one paragraph a line, so that `read_text`
finds labels, headings and footnotes as it does in a `.txt` (`read_pdf` = both):
- lines are characters grouped by vertical overlap, read top to bottom (two-column pages are
  not handled: their columns' lines merge);
- running headers and footers go: among the three lines nearest a page's top or bottom, those
  that repeat (digits aside) at about the same height on half the pages or more, those that
  open or close with the page's number as on half the pages (`Chapter 2: Scope 7`), and bare
  page numbers (`3`, `- 3 -`, `Page 3 of 10`, `3/10`);
- footnotes (`_take_footnotes`) go to the end as the text reader's footnote lines (opening
  with U+FFFD); a superscript number matching a footnote of its page or the next becomes a
  reference, a `/` line after its paragraph as in Word's export;
- a new paragraph (`_paragraphs`) where the gap above a line is larger than the line spacing
  (an empty line where it is taller by a line than the usual paragraph spacing), where the font
  size changes, where a line opens with a label or a bullet (`_opens`), where the line above
  ended short (the line's first word would have fitted on it) before a line not in lower case
  (in a document whose paragraphs are spaced, only at a page break: elsewhere that is a line
  break inside a paragraph), or where a page ended two lines early (or one, after a full stop
  and before a capital);
- lines of a paragraph are joined with a space, hyphens and brackets aside (`_Joiner`);
- the text is folded (`redline.read.fold`).
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

from redline.errors import RedlineError
from redline.read.fold import fold
from redline.read.numbering import DEFAULT, Numbering
from redline.read.source import Block
from redline.read.text import BULLET_RE, LABEL_RE, MAX_BYTES, TERMINAL_RE, read_text

MAX_PAGES = 3000
EDGE_LINES = 3  # lines at a page's top or bottom where running headers and footers are sought
PAGE_NO_RE = re.compile(
    r"(?i)(?:page|p\.|pág\.?|página|seite)?\s*[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?"
    r"(?:\s*(?:of|de|sur|/)\s*\d{1,4})?")
FOLIO_RE = re.compile(r"^(\d{1,4})\s+\S|\S\s+(\d{1,4})$")
FOOTNOTE_NO_RE = re.compile(r"^(\d{1,3})(?:[.)]\s*|\s+)(?=\S)")
SUP_REFS_RE = re.compile(r"\d{1,3}(?:,\s?\d{1,3})*")
WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
PAIR_RE = re.compile(r"[)\]}] ?[(\[{]")
_HYPHENS = "-\u2010\u00ad"
REFERRING = frozenset(("article", "articles", "art", "paragraph", "paragraphs", "para", "paras",
                       "subparagraph", "subparagraphs", "section", "sections", "chapter",
                       "chapters", "annex", "annexes", "appendix", "part", "decision",
                       "decisions", "resolution", "resolutions", "rule", "rules", "item",
                       "items", "page", "pages", "no", "nos", "footnote", "option", "table"))
CONNECTIVES = frozenset(("and", "or", "to", "of", "in", "under", "at", "see", "by", "with",
                         "from", "per", "than"))
_PDF_GLYPHS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\t": " "})  # Symbol-font bullets

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the user's


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the size most of its characters have
    page: int
    word_x1: float  # where its first word ends
    sups: list[tuple[int, int]] = field(default_factory=list)  # superscript runs in `text`
    refs: int = 0


@dataclass(slots=True)
class _Page:
    width: float
    height: float
    lines: list[_Line]
    rules: list[float]  # the heights of horizontal rules
    notes: set[int] = field(default_factory=set)  # its footnotes' numbers
    bottom: float | None = None  # where its footnotes start


def read_pdf(data: bytes, name: str, numbering: Numbering = DEFAULT) -> list[Block]:
    """Read a PDF's bytes into blocks; `name` names it in errors."""
    return read_pdf_text(pdf_text(data, name), numbering)


def read_pdf_text(text: str, numbering: Numbering = DEFAULT) -> list[Block]:
    """Read `pdf_text`'s output: `read_text`, with `line` counting paragraphs (`/` lines,
    which only carry footnote references, and blank lines do not count)."""
    blocks = read_text(text, numbering)
    numbers, n = [0], 0
    for line in text.split("\n"):
        n += bool(line.strip()) and not line.startswith("/")
        numbers.append(max(n, 1))
    for b in blocks:
        b.line = numbers[b.line]
    return blocks


def pdf_text(data: bytes, name: str) -> str:
    """A PDF's text as the text reader expects it: one paragraph a line, each footnote
    reference a `/` line after its paragraph, footnotes at the end opening with U+FFFD."""
    pages = _pages(data, name)
    body = _body_size(pages)
    _drop_running(pages)
    joiner = _Joiner([ln.text for p in pages for ln in p.lines])
    notes = _take_footnotes(pages, body, joiner)
    paragraphs = _paragraphs(pages, body, joiner)
    if not any(t.strip() for t, _, _ in paragraphs) and not notes:
        raise RedlineError(f"{name}: no text layer (a scanned PDF?); redline needs a PDF with text")
    out: list[str] = []
    for text, refs, blank in paragraphs:
        out.extend([""] * blank + [fold(text)] + ["/"] * refs)
    out.extend(f"\ufffd.\t{fold(n)}" for n in notes)
    return "\n".join(out) + "\n"


def _pages(data: bytes, name: str) -> list[_Page]:
    """The lines and rules of every page; one-line errors for what cannot be read."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdftypes import resolve1

    if len(data) > MAX_BYTES:
        raise RedlineError(f"{name}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            count = resolve1(resolve1(pdf.doc.catalog.get("Pages")) or {}).get("Count", 0)
            if not isinstance(count, int) or count > MAX_PAGES or len(pdf.pages) > MAX_PAGES:
                raise RedlineError(f"{name}: more than {MAX_PAGES} pages; redline reads "
                                   "negotiated texts, not archives")
            pages = []
            for k, page in enumerate(pdf.pages):
                chars, rules = _objects(page)
                pages.append(_Page(float(page.width), float(page.height), _lines(chars, k), rules))
                page.close()
            return pages
    except RedlineError:
        raise
    except Exception as exc:  # pdfminer raises many kinds, all meaning "cannot read this"
        cause: BaseException | None = exc
        while cause is not None and not isinstance(cause, PDFPasswordIncorrect):
            cause = cause.__cause__ or (cause.args[0] if cause.args and isinstance(
                cause.args[0], BaseException) else None)
        if cause is not None:
            raise RedlineError(f"{name}: the PDF is protected by a password; redline needs a "
                               "copy without one") from None
        why = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise RedlineError(f"{name}: not a readable PDF ({why})") from None


def _objects(page: Any) -> tuple[list[dict], list[float]]:
    """A page's characters (text, x0, x1, top, bottom, size, upright) and the heights of its
    horizontal rules, from pdfminer's layout as pdfplumber gives it, with pdfplumber's
    coordinates: twice as fast as `page.chars`, which resolves every graphic attribute."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve

    height, top0, x_0 = float(page.height), float(page.mediabox[1]), float(page.mediabox[0])
    chars: list[dict] = []
    rules: list[float] = []
    stack = [page.layout]
    while stack:
        for o in stack.pop():
            if isinstance(o, LTChar):
                chars.append({"text": o.get_text(), "x0": o.x0 + x_0, "x1": o.x1 + x_0,
                              "top": height - o.y1 + top0, "bottom": height - o.y0 + top0,
                              "size": o.size, "upright": o.upright})
            elif isinstance(o, LTContainer):
                stack.append(o)
            elif isinstance(o, LTCurve) and o.height < 2 and o.width > 20:  # lines, rectangles
                rules.append(height - o.y1 + top0)
    return chars, rules


def _lines(chars: list[dict], page: int) -> list[_Line]:
    """Characters grouped into lines by their vertical overlap, each line read left to right."""
    groups: list[list[dict]] = []
    bands: list[tuple[float, float]] = []
    for c in sorted((c for c in chars if c.get("upright", True) and c["text"]),
                    key=lambda c: c["top"]):
        top, bottom = c["top"], c["bottom"]
        h = max(bottom - top, 0.1)
        for k in range(len(groups) - 1, max(-1, len(groups) - 4), -1):
            t, b = bands[k]
            if min(b, bottom) - max(t, top) >= 0.5 * min(h, b - t):
                groups[k].append(c)
                if h > b - t:
                    bands[k] = (top, bottom)
                break
        else:
            groups.append([c])
            bands.append((top, bottom))
    lines = [line for g in groups if (line := _line(g, page)) is not None]
    lines.sort(key=lambda ln: ln.top)
    return lines


def _line(chars: list[dict], page: int) -> _Line | None:
    """One line's text, geometry and superscript runs."""
    inked = [c for c in chars if not c["text"].isspace()]
    if not inked:
        return None
    size = Counter(round(c["size"], 1) for c in inked).most_common(1)[0][0]
    main = [c for c in inked if abs(c["size"] - size) < 0.15]
    base = median(c["bottom"] for c in main)
    out: list[str] = []
    sups: list[tuple[int, int]] = []
    prev: dict | None = None
    space = False
    word_x1 = None
    for c in sorted(chars, key=lambda c: c["x0"]):
        t = c["text"]
        if t.isspace():
            space = prev is not None
            continue
        if prev is not None:
            if t == prev["text"] and abs(c["x0"] - prev["x0"]) < min(1.0, 0.1 * size):
                continue  # the same glyph printed twice (a fake bold)
            if c["x0"] - prev["x1"] > 0.15 * min(size, c["size"] * 1.5):
                space = True
        if space:
            out.append(" ")
            if word_x1 is None and prev is not None:
                word_x1 = prev["x1"]
            space = False
        at = sum(map(len, out))
        if c["size"] < 0.85 * size and c["bottom"] < base - 0.15 * size:
            if sups and sups[-1][1] == at:
                sups[-1] = (sups[-1][0], at + len(t))
            else:
                sups.append((at, at + len(t)))
        out.append(t)
        prev = c
    text = "".join(out).translate(_PDF_GLYPHS)
    return _Line(text, min(c["x0"] for c in inked), max(c["x1"] for c in inked),
                 min(c["top"] for c in main), max(c["bottom"] for c in main), size, page,
                 word_x1 if word_x1 is not None else max(c["x1"] for c in inked), sups)


def _body_size(pages: list[_Page]) -> float:
    """The font size of most of the text."""
    sizes: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _key(line: _Line) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line.text.lower())).strip()


def _folio(line: _Line, page: int) -> int | None:
    """A number opening or closing a line, less the page's index: constant for page numbers."""
    m = FOLIO_RE.search(line.text)
    return int(m.group(1) or m.group(2)) - page if m else None


def _drop_running(pages: list[_Page]) -> None:
    """Remove running headers, footers and page numbers from the pages' edges: a line among
    the three nearest an edge that repeats (digits aside) at about the same height on half the
    pages, that opens or closes with the page's number as half the pages do (`Chapter 2:
    Scope 7`), or that is a bare page number."""
    seen: dict[tuple[str, str], list[float]] = {}
    folios: Counter[tuple[str, int | None]] = Counter()
    for k, p in enumerate(pages):
        top, bottom = p.lines[:EDGE_LINES], p.lines[-EDGE_LINES:]
        edge = {("top", _key(ln)): ln.top for ln in top}
        edge |= {("bottom", _key(ln)): p.height - ln.bottom for ln in bottom}
        for key, y in edge.items():
            seen.setdefault(key, []).append(y)
        folios.update({("top", _folio(ln, k)) for ln in top}
                      | {("bottom", _folio(ln, k)) for ln in bottom})
    need = max(2, (len(pages) + 1) // 2)
    running = {k: median(ys) for k, ys in seen.items() if len(ys) >= need}

    def removable(k: int, line: _Line, where: str, numbered: bool) -> str | None:
        """Why a line goes: "text" (running), "number" (the page's number), or None."""
        y = running.get((where, _key(line)))
        at = line.top if where == "top" else pages[k].height - line.bottom
        if y is not None and abs(at - y) < 12:
            return "text"
        if PAGE_NO_RE.fullmatch(line.text.strip()):
            return "number"
        folio = _folio(line, k)
        if not numbered and folio is not None and folios[where, folio] >= need:
            return "number"  # after no other number: `1` over `1 Introduction` keeps the title
        return None

    for k, p in enumerate(pages):
        lines, start, end = p.lines, 0, len(p.lines)
        numbered = False
        while start < min(EDGE_LINES, end) and (why := removable(k, lines[start], "top",
                                                                 numbered)):
            numbered |= why == "number"
            start += 1
        numbered = False
        while end > start and len(lines) - end < EDGE_LINES and (
                why := removable(k, lines[end - 1], "bottom", numbered)):
            numbered |= why == "number"
            end -= 1
        p.lines = lines[start:end]


def _note_number(line: _Line, last: int, first: bool) -> tuple[int, str] | None:
    """The number opening a footnote's first line, and the footnote's text after it."""
    if line.sups and line.sups[0][0] == 0 and line.text[:line.sups[0][1]].isdigit():
        end = line.sups[0][1]
        return int(line.text[:end]), line.text[end:].lstrip(" .)")
    m = FOOTNOTE_NO_RE.match(line.text)
    if m is None:
        return None
    n = int(m.group(1))
    if n in (1, last + 1) or (first and last < n <= last + 10):
        return n, line.text[m.end():]
    return None


def _take_footnotes(pages: list[_Page], body: float, joiner: _Joiner) -> list[str]:
    """Take the footnotes off the pages' bottoms; take the superscript numbers that match a
    footnote of their page or the next out of the text, counting them on their lines.

    A page's footnotes are the lines at its foot in a smaller font than the body's, from the
    first opening with a number, or all of them under a rule or after a footnote that the page
    before left unfinished (no full stop)."""
    notes: list[str] = []
    last, unfinished = 0, False  # the last footnote's number; does it go on to this page?
    for page in pages:
        lines = page.lines
        k = len(lines)
        while k > 0 and lines[k - 1].size < 0.9 * body:
            k -= 1
        start = None
        if 0 < k < len(lines):
            run = lines[k:]
            ruled = any(lines[k - 1].bottom <= y <= run[0].top for y in page.rules)
            found = [j for j, ln in enumerate(run) if _note_number(ln, last, True)]
            start = 0 if ruled or unfinished else (found[0] if found else None)
        if start is not None:
            page.bottom = run[start].top
            page.lines = lines[:k + start]
            first = True
            for ln in run[start:]:
                numbered = _note_number(ln, last, first)
                if numbered is not None:
                    last, text = numbered
                    page.notes.add(last)
                    notes.append(text)
                    first = False
                elif notes:
                    notes[-1] = joiner.join(notes[-1], ln.text)
                else:
                    notes.append(ln.text)
        unfinished = bool(notes) and start is not None and not TERMINAL_RE.search(notes[-1])
    for k, page in enumerate(pages):  # a footnote may fall on the page after its reference
        known = page.notes | (pages[k + 1].notes if k + 1 < len(pages) else set())
        for ln in page.lines:
            for a, b in reversed(ln.sups):
                numbers = ln.text[a:b]
                if SUP_REFS_RE.fullmatch(numbers) and all(
                        int(n) in known for n in re.findall(r"\d+", numbers)):
                    ln.text = (ln.text[:a] + ln.text[b:]).strip()
                    ln.refs += len(re.findall(r"\d+", numbers))
    return notes


def _opens(text: str, after: str) -> bool:
    """Does a line open with a label or a bullet, rather than go on from the line `after`?

    Not a year (`2015.`), nor a number after `Article`, `paragraph` and the like or a
    connective (`... in Article` / `14.`), nor a letter after `Article` and the like; a dash is a
    bullet only after a finished sentence or a colon (`Agreed` / `– 12/07/2015`)."""
    m = LABEL_RE.match(text)
    finished = bool(TERMINAL_RE.search(after))
    if m:
        label = m.group("label").rstrip(".")
        if label.isdigit() and int(label) >= 1000:
            return False
        word = after.rsplit(None, 1)[-1].lower().rstrip(".") if after.strip() else ""
        blocked = REFERRING | CONNECTIVES if label[:1].isdigit() else REFERRING
        return finished or word not in blocked
    if text[:1] in "-–":
        return bool(BULLET_RE.match(text)) and finished
    return bool(BULLET_RE.match(text))


def _paragraphs(pages: list[_Page], body: float,
                joiner: _Joiner) -> list[tuple[str, int, bool]]:
    """The lines of all pages joined into paragraphs: (text, footnote references, whether an
    empty line stands before it: a gap taller than a line over the usual paragraph spacing)."""
    flow = [ln for p in pages for ln in p.lines]
    if not flow:
        return []
    near = 0.1 * body + 0.5
    gaps = sorted(b.top - a.bottom for a, b in pairwise(flow)
                  if a.page == b.page and abs(a.size - body) < near and abs(b.size - body) < near
                  and b.top - a.bottom > -1)
    typical = gaps[len(gaps) // 5] if gaps else 0.0
    ends_by_width: dict[int, list[float]] = {}  # the right edge: where most full lines end
    for p in pages:
        ends_by_width.setdefault(round(p.width), []).extend(
            ln.x1 for ln in p.lines if abs(ln.size - body) < near)
    right = {w: sorted(xs)[int(0.9 * (len(xs) - 1))] if xs else 0.0
             for w, xs in ends_by_width.items()}
    ends = [p.lines[-1].bottom for p in pages[:-1] if p.lines and p.bottom is None]
    full = median(ends) if ends else max(ln.bottom for ln in flow)
    step = body + typical
    parted = typical + max(2.0, 0.25 * body)  # a gap that parts paragraphs
    spacing = Counter(round(g * 2) / 2 for g in gaps if g > parted)  # between paragraphs
    usual = [g for g, n in spacing.items() if n >= max(2, 0.05 * spacing.total())]
    blank = min(usual, default=parted) + 0.75 * step

    def short(a: _Line, b: _Line) -> bool:  # b's first word would have fitted after a
        room = right.get(round(pages[a.page].width), a.x1) - a.x1
        return room - 1 > 0.25 * a.size + (b.word_x1 - b.x0) and not b.text[:1].islower()

    same = [(a, b) for a, b in pairwise(flow) if a.page == b.page]
    # Where paragraphs are spaced, a short line with no gap under it is a line break in one.
    spaced = sum(b.top - a.bottom > parted for a, b in same) >= 0.5 * sum(
        short(a, b) for a, b in same)

    def breaks(a: _Line, b: _Line) -> bool:
        if a.text[-1:] in _HYPHENS and b.text[:1].islower():
            return False
        if a.page == b.page and b.top - a.bottom > parted:
            return True
        if abs(a.size - b.size) > max(1.0, 0.1 * body) or _opens(b.text, a.text):
            return True
        if short(a, b) and not (spaced and a.page == b.page):
            return True
        if a.page == b.page:
            return False
        space = (pages[a.page].bottom or full) - a.bottom  # left at the page's foot
        return space > 2 * step or (space > 0.8 * step and bool(TERMINAL_RE.search(a.text))
                                    and b.text[:1].isupper())

    out = [(flow[0].text, flow[0].refs, False)]
    for a, b in pairwise(flow):
        if breaks(a, b):
            out.append((b.text, b.refs, a.page == b.page and b.top - a.bottom > blank))
        else:
            text, refs, empty = out[-1]
            out[-1] = (joiner.join(text, b.text), refs + b.refs, empty)
    return out


class _Joiner:
    """Joins the lines of a paragraph, asking the document's own words how.

    A hyphen ending a line between lower-case letters stays when the hyphenated word occurs
    elsewhere in the document (`decision-making`) and goes when the joined one does
    (`negotiation`). Otherwise it goes only if the document looks hyphenated by its typesetter
    (two more of its line-end hyphens are known to go than to stay, or at least 3% of its lines
    end so and none is known to stay) and marks none of its breaks with a soft hyphen or U+2010:
    Word and LibreOffice do not hyphenate unless told to, so their line-end hyphens are real
    ones. A soft hyphen or U+2010 between letters goes; a hyphen before a capital or a digit
    stays (`inter-` + `American`). Other lines are joined with a space, but where punctuation or
    a digit meets the break, as the document writes the two words elsewhere (`[NDMC]` +
    `[INDC]`, `1/CP.` + `17`), or a closing bracket and an opening one as it mostly writes them
    (`][` or `] [`)."""

    def __init__(self, lines: list[str]) -> None:
        tokens = [t.split() for t in lines]
        self.tokens = Counter(w for ws in tokens for w in ws)
        self.pairs = Counter(p for ws in tokens for p in pairwise(ws))
        self.words = {w.lower() for t in lines for w in WORD_RE.findall(t)}
        pairs = Counter(p.replace(" ", "") != p for t in lines for p in PAIR_RE.findall(t))
        self.tight = pairs[False] > pairs[True]
        votes = Counter(self._known(a, b) for a, b in pairwise(lines))
        marked = any(t.endswith(("\u2010", "\u00ad")) for t in lines)
        ends = sum(bool(re.search(r"[^\W\d_]-$", t)) for t in lines)
        hyphenating = votes["drop"] >= votes["keep"] + 2 or (  # a real hyphen is text: keep
            ends >= 0.03 * len(lines) and not votes["keep"])  # it unless the evidence is clear
        self.keep = marked or not hyphenating  # what a line-end hyphen nothing explains is

    def _known(self, a: str, b: str) -> str | None:
        """Does the document write a word broken as `a` + `b` with its hyphen or without?"""
        left, right = re.search(r"([^\W\d_]+)-$", a), re.match(r"[^\W\d_]+", b)
        if not (left and right and left.group(1)[-1].islower() and right.group()[0].islower()):
            return None
        if f"{left.group(1)}-{right.group()}".lower() in self.words:
            return "keep"
        return "drop" if (left.group(1) + right.group()).lower() in self.words else None

    def join(self, a: str, b: str) -> str:
        """Two lines of a paragraph as one: `nego-` + `tiation`, `inter-` + `American`."""
        if not a or not b:
            return a or b
        last = a[-1]
        if last in _HYPHENS and len(a) > 1 and not a[-2].isspace():
            if last != "-":
                soft = last == "\u00ad" or (a[-2].isalpha() and b[0].isalpha())
                return a[:-1] + b if soft else a + b
            known = self._known(a, b)
            if known is None and re.search(r"[^\W\d_]-$", a) and b[:1].islower():
                known = "keep" if self.keep else "drop"
            return a[:-1] + b if known == "drop" else a + b
        if last in "—–/" and len(a) > 1 and not a[-2].isspace():
            return a + b
        if b[0] in "—–" and b[1:2].strip():  # `implementers` + `—i.e.`
            return a + b
        if not (last.isalpha() and b[0].isalpha()):  # `[NDMC]` + `[INDC]`, `1/CP.` + `17`
            x, y = a.rsplit(None, 1)[-1], b.split(None, 1)[0]
            tight, spaced = self.tokens[x + y], self.pairs[x, y]
            if tight > spaced or (tight == spaced and self.tight and last in ")]}"
                                  and b[0] in "([{"):
                return a + b
        return f"{a} {b}"
