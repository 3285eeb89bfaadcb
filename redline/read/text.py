"""Plain-text reader: bytes to paragraphs, undoing the artifacts of Word's text export.

Handled here and nowhere else:
- encodings: UTF-8 (with or without BOM), UTF-16/32 with BOM, Windows-1252; binary is refused;
- a label on its own line followed by its text (`III.` / `THE PROGRAM ACTORS`);
- a paragraph broken over several lines, even across a blank line when the next line goes on
  in lower case after an unfinished sentence;
- bullets `·`, footnote reference marks (a lone `/`, `_` before punctuation) and the footnote
  block at the end (lines opening with U+FFFD) which become footnote paragraphs;
- labels and headings as a `Numbering` describes them (`redline.read.numbering`): `18.`,
  `3.3bis`, `(a)`, `OP1`, `Article 4 (adaptation)`, `Chapter II`; a numbered title such as
  `8. Timing` over unlabelled text is a heading; `Option 1:` and a chapeau ending in `:` are
  text, never headings.
"""

from __future__ import annotations

import re
from pathlib import Path

from redline.errors import MissingInput, RedlineError
from redline.model import Kind
from redline.read.numbering import DEFAULT, Compiled, Numbering
from redline.read.source import Block

MAX_BYTES = 64 * 1024 * 1024  # a negotiated text is never this long; refuse rather than swap

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

LABEL_RE = DEFAULT.compiled().label  # the default numbering's labels
BULLET_RE = re.compile(r"^[·•▪◦‣∙●○■□\-–]\s+")
FOOTNOTE_LINE_RE = re.compile(r"^\s*\ufffd\.?\s*")
FOOTNOTE_REF_LINE_RE = re.compile(r"^/(?:\s+|$)")
FOOTNOTE_REF_INLINE_RE = re.compile(r"(?<=\w)_(?=[:;,.])")
TERMINAL_RE = re.compile(r"[.:;!?][\"'”’)\]]*$")
ROMAN_RE = re.compile(r"^[IVXLC]+$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
CAPS_CONNECTIVE_RE = re.compile(r"(?:,|\b(?:INCLUDING|OF|AND|THE|FOR|TO|IN|ON|WITH|AS|A|AN|OR))$")
TITLE_MAX_WORDS = 12  # a heading's title on the line after `Article 4`
NUMBERED_TITLE_MAX_WORDS = 8  # `8. Timing`, `(a) First communication` over unlabelled text


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode bytes of a text file; return (text, encoding). Refuse what is not text."""
    if len(data) > MAX_BYTES:
        raise RedlineError(f"{name}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise RedlineError(f"{name}: not valid {enc} text ({exc.reason})") from None
            return _check_text(text.lstrip("\ufeff"), name), enc.replace("-sig", "")
    if b"\x00" in data:
        raise RedlineError(f"{name}: not a text file (it contains NUL bytes)")
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _check_text(data.decode("cp1252"), name), "cp1252"
    except UnicodeDecodeError:
        raise RedlineError(f"{name}: not a text file (neither UTF-8 nor Windows-1252)") from None


def _check_text(text: str, name: str) -> str:
    limit = max(8, len(text) // 200)
    controls = 0
    for _ in _CONTROL_RE.finditer(text):
        controls += 1
        if controls > limit:
            break
    if controls > limit:
        raise RedlineError(f"{name}: not a text file (it is full of control characters)")
    return text


def read_bytes(path: str | Path) -> bytes:
    """Read a file, turning OS errors into one-line user errors."""
    p = Path(path)
    try:
        if p.is_dir():
            raise RedlineError(f"{path}: is a directory, not a file")
        if p.stat().st_size > MAX_BYTES:
            raise RedlineError(f"{path}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        return p.read_bytes()
    except FileNotFoundError:
        raise MissingInput(f"{path}: no such file") from None
    except PermissionError:
        raise RedlineError(f"{path}: permission denied") from None
    except OSError as exc:
        raise RedlineError(f"{path}: cannot read ({exc.strerror})") from None


def read_text(text: str, numbering: Numbering = DEFAULT) -> list[Block]:
    """Split decoded text into paragraph blocks, undoing Word-to-text artifacts; labels and
    headings are those `numbering` describes."""
    pats = numbering.compiled()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    footnotes: list[Block] = []
    pending_label: tuple[str, int] | None = None
    awaiting_title: Block | None = None  # a worded heading alone on its line: `Article 4`
    ref_count = 0
    blank_before = True
    in_footnotes = False

    for lineno, line in enumerate(lines, start=1):
        stripped = line.strip()
        if "\ufffd" in line[:3] and FOOTNOTE_LINE_RE.match(line):
            in_footnotes = True
            body = FOOTNOTE_LINE_RE.sub("", line).strip()
            footnotes.append(
                Block(body, lineno, Kind.FOOTNOTE, label=str(len(footnotes) + 1))
            )
            blank_before = False
            continue
        if not stripped:
            blank_before = True
            continue
        if in_footnotes and footnotes and not blank_before:
            footnotes[-1].text += " " + stripped
            continue
        in_footnotes = False

        refs: list[int] = []
        if FOOTNOTE_REF_LINE_RE.match(stripped):
            ref_count += 1
            refs.append(ref_count)
            stripped = FOOTNOTE_REF_LINE_RE.sub("", stripped).strip()
        if "_" in stripped and FOOTNOTE_REF_INLINE_RE.search(stripped):
            for _ in FOOTNOTE_REF_INLINE_RE.finditer(stripped):
                ref_count += 1
                refs.append(ref_count)
            stripped = FOOTNOTE_REF_INLINE_RE.sub("", stripped)
        open_end = line != line.rstrip() and bool(re.search(r"[^\W\d_,]$|,$", stripped))

        if not stripped:  # the line was only a reference mark
            if blocks:
                blocks[-1].footnote_refs.extend(refs)
            continue

        m = pats.label.match(stripped)
        if awaiting_title is not None:
            title, awaiting_title = awaiting_title, None
            if not blank_before and is_title(stripped, m, pats, TITLE_MAX_WORDS) and (
                    not pats.heading.match(stripped)):
                title.text = f"{title.text} {stripped}".strip()
                title.footnote_refs.extend(refs)
                blank_before = False
                continue
        heading = None if pending_label is not None else worded_heading(stripped, pats)
        if heading is not None:
            label, text, alone = heading
            blocks.append(Block(text, lineno, Kind.HEADING, label, refs))
            awaiting_title = blocks[-1] if alone else None
            blank_before = False
            continue

        if m and not stripped[m.end():].strip():
            pending_label = (norm_label(m.group("label"), pats), lineno)
            blank_before = False
            continue

        prev = blocks[-1] if blocks else None
        if pending_label is None and prev is not None and _continues(prev, stripped, m,
                                                                     blank_before, refs):
            prev.text = f"{prev.text} {stripped}"
            prev.footnote_refs.extend(refs)
            prev.open_end = open_end
            blank_before = False
            continue

        label, start_line = None, lineno
        body = stripped
        kind = Kind.BODY
        if pending_label is not None:
            label, start_line = pending_label
            pending_label = None
        elif m:
            label = norm_label(m.group("label"), pats)
            body = stripped[m.end():].strip()
        bm = BULLET_RE.match(body)
        if bm and label is None:
            body = body[bm.end():]
            kind = Kind.BULLET
            lm = pats.label.match(body)
            if lm and body[lm.end():].strip() and lm.group("label").startswith("("):
                label = norm_label(lm.group("label"), pats)  # `- (17bis) text`
                body = body[lm.end():].strip()
                kind = Kind.NUMBERED
        elif label is not None:
            kind = Kind.NUMBERED
        blocks.append(Block(body, start_line, kind, label, refs, open_end))
        blank_before = False

    if pending_label is not None:
        blocks.append(Block("", pending_label[1], Kind.HEADING, pending_label[0]))
    for k, b in enumerate(blocks):
        b.kind = refine_kind(b, blocks[k + 1] if k + 1 < len(blocks) else None, pats)
    assign_sections(blocks, numbering)
    return blocks + footnotes


def worded_heading(line: str, pats: Compiled) -> tuple[str, str, bool] | None:
    """`Article 4 (adaptation)`, `[Article 3bis]`, `CHAPTER II`, `Preamble`: the heading's
    label, its text and whether it stands alone (its title may follow on the very next line,
    `Article 4` / `Adaptation`; after a blank line, a short line is text: `No text`).

    A bracketed heading keeps its whole line as text, brackets included (they say the article
    is not agreed). A line going on with words in lower case is a sentence, not a heading."""
    hm = pats.heading.match(line)
    if hm is None or bool(hm.group("open")) != bool(hm.group("close")):
        return None
    rest = hm.group("rest").strip()
    if rest and not is_title(rest, None, pats, TITLE_MAX_WORDS):
        return None
    if hm.group("bare"):
        label = hm.group("bare").capitalize()
    else:
        num = pats.suffix.sub("", hm.group("num"))
        label = f"{hm.group('word').capitalize()} {num}"
    text = line if hm.group("open") else rest
    return label, text, not rest


def is_title(line: str, label_match, pats: Compiled, max_words: int) -> bool:
    """A short title: no label, no bullet, no option tag, not a sentence."""
    if label_match or BULLET_RE.match(line) or pats.option.match(line):
        return False
    words = line.split()
    first = line[:1]
    return (0 < len(words) <= max_words and (first.isupper() or first in "([")
            and not TERMINAL_RE.search(line) and not line.endswith(","))


def _continues(prev: Block, line: str, label_match, blank_before: bool, refs: list[int]) -> bool:
    """Does `line` go on with the previous block rather than start a new one?"""
    if label_match or BULLET_RE.match(line) or prev.kind in (Kind.FOOTNOTE, Kind.HEADING):
        return False
    unfinished = not TERMINAL_RE.search(prev.text)
    lower = line[:1].islower()
    if refs and lower:  # "/ and the states": a footnote mark at the start of a wrapped line
        return True
    if blank_before:
        return lower and unfinished and not prev.text.isupper()
    if prev.text.isupper() and line.isupper() and CAPS_CONNECTIVE_RE.search(prev.text):
        return True  # a title wrapped by Word: "... MIGRANTS, INCLUDING" / "MIGRANT WORKERS"
    # a line break inside an open square bracket ("[AA/BB propose;" / "CC oppose: ...")
    return lower or prev.open_end or prev.text.count("[") > prev.text.count("]")


def norm_label(label: str, pats: Compiled) -> str:
    """A label as the draft numbers it, without its punctuation: `23.bis`, `3.3ter`, `17bis`
    (from `(17 bis)`), `OP1` (from `Op.1`), `(a)`, `V`."""
    label = label.strip()
    m = re.match(r"^(\d{1,4})\.\s?(bis|ter|quater)\b\.?$", label)
    if m:
        return f"{m.group(1)}.{m.group(2)}"
    if label.startswith("(") and label.endswith(")"):
        if label[1:2].isdigit() and not label[1:-1].isdigit():  # (17 quater): a paragraph
            return pats.suffix.sub("", label[1:-1])
        return label
    if re.match(r"^[PO][Pp]", label):
        return re.sub(r"[\s.]", "", label[:2].upper() + label[2:]).rstrip(".")
    if label[:1].isdigit():
        return pats.suffix.sub("", label).rstrip(".:")
    return label.rstrip(".)")


def refine_kind(block: Block, following: Block | None, pats: Compiled) -> Kind:
    """Tell headings from numbered and body paragraphs by label style and shape; `following`
    is the next block (a chapeau's sub-items, a numbered title's text)."""
    text = block.text.strip()
    words = text.split()
    caps = len(words) <= 30 and text.isupper() and sum(c.isalpha() for c in text) >= 4
    label = block.label or ""
    if block.kind is Kind.BULLET:
        return Kind.BULLET
    if label and pats.word_label.match(label):
        return Kind.HEADING
    if ROMAN_RE.match(label) and len(label) <= 7 and (caps or len(words) <= 16):
        return Kind.HEADING
    if caps and len(words) <= 30 and not text.endswith("."):
        return Kind.HEADING
    if re.fullmatch(r"[A-Za-z]", label) and len(words) <= 25 and not text.endswith("."):
        return Kind.HEADING
    sub_items = following is not None and (following.label or "").startswith("(")
    if not label and len(words) <= 6 and text.endswith(":"):
        if pats.option.match(text) or sub_items:
            return Kind.BODY  # `Option 2:`, or a chapeau: its sub-items follow
        return Kind.HEADING
    over_text = following is not None and following.kind is not Kind.FOOTNOTE and (
        not following.label or (sub_items and not label.startswith("(")))
    if label and re.match(r"[\d(]", label) and over_text and text[:1].isalpha() and (
            is_title(text, None, pats, NUMBERED_TITLE_MAX_WORDS)
            and words[-1] not in ("and", "or")):
        return Kind.HEADING  # `8. Timing`, `(a) First communication` over their text
    if label:
        return Kind.NUMBERED
    return Kind.BODY


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _roman(label: str) -> int:
    total, prev = 0, 0
    for ch in reversed(label):
        v = _ROMAN_VALUES.get(ch, 0)
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _style(label: str, last: dict[str, str], pats: Compiled) -> str:
    """The numbering style of a label; single letters like `C` or `V` are read in context."""
    if pats.word_label.match(label):
        return "word:" + label.split()[0]
    if re.fullmatch(r"\d.*", label):
        return "num"
    if re.fullmatch(r"[PO]P\d.*", label):
        return "pp-op"  # preambular and operative paragraphs: one sequence
    if label.startswith("("):
        inner = label[1:-1]
        if inner.isdigit():
            return "paren-num"
        prev = last.get("paren-alpha")
        follows = bool(prev) and len(inner) == 1 and ord(inner) == ord(prev[1]) + 1
        if re.fullmatch(r"[ivxlc]+", inner) and not follows and (
                len(inner) > 1 or inner in "ivx"):
            return "paren-roman"  # (i), (iv); but (i) after (h) is a letter
        return "paren-alpha"
    if re.fullmatch(r"[IVXLCDM]+", label):
        if len(label) > 1:
            return "roman"
        prev_alpha, prev_roman = last.get("ALPHA"), last.get("roman")
        if prev_alpha and ord(label) == ord(prev_alpha) + 1:
            return "ALPHA"
        if label == "I" or (prev_roman and _roman(label) == _roman(prev_roman) + 1):
            return "roman"
        return "ALPHA"
    if re.fullmatch(r"[A-Z]", label):
        return "ALPHA"
    if re.fullmatch(r"[ivx]{2,}", label):
        return "lroman"
    return "alpha"


def assign_sections(blocks: list[Block], numbering: Numbering = DEFAULT) -> None:
    """Give each block the labels of its enclosing headings, outline-style.

    Worded headings rank as the numbering orders them (`Chapter` above `Article`), above every
    other label; other levels are the label styles in the order they first appear (as Word's
    outline does). A label closes every open label of its own or a deeper level.
    """
    pats = numbering.compiled()
    tiers = len(numbering.heading_words)
    levels: list[str] = []
    last: dict[str, str] = {}
    open_labels: list[tuple[int, str, bool]] = []
    for b in blocks:
        if b.label is None:  # a paragraph without a label belongs to the headings above it
            b.section = ".".join(lbl for _, lbl, head in open_labels if head) or None
            continue
        style = _style(b.label, last, pats)
        last[style] = b.label
        rank = numbering.rank(style[5:]) if style.startswith("word:") else None
        if rank is not None:
            level = rank
        else:
            if style not in levels:
                levels.append(style)
            level = tiers + levels.index(style)
        open_labels = [o for o in open_labels if o[0] < level]
        b.section = ".".join(lbl for _, lbl, _ in open_labels) or None
        open_labels.append((level, b.label, b.kind is Kind.HEADING))
