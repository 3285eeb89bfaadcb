"""Word files built in code from hand-written WordprocessingML, for the reader's tests.

`docx(body, ...)` wraps the XML of a `w:body`'s children (and optional footnotes, comments,
numbering, styles) into a package Word would open; `p`, `r`, `ins`, `dele` write the common
elements so that tests read like the XML they stand for.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"')
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PARTS = {  # keyword: (part, root element, relationship type, content type)
    "footnotes": ("footnotes.xml", "footnotes", "footnotes", "footnotes"),
    "endnotes": ("endnotes.xml", "endnotes", "endnotes", "endnotes"),
    "comments": ("comments.xml", "comments", "comments", "comments"),
    "numbering": ("numbering.xml", "numbering", "numbering", "numbering"),
    "styles": ("styles.xml", "styles", "styles", "styles"),
}
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def docx(body: str, *, footnotes: str | None = None, endnotes: str | None = None,
         comments: str | None = None, comments_ex: str | None = None,
         numbering: str | None = None, styles: str | None = None) -> bytes:
    """A `.docx` whose body holds `body` (the other arguments: the children of each part's
    root element; `comments_ex`: of `w15:commentsEx`)."""
    parts = {"word/document.xml": f"{DECL}<w:document {NS}><w:body>{body}</w:body></w:document>"}
    rels = []
    types = [f'<Override PartName="/word/document.xml" ContentType="{CT}document.main+xml"/>']
    given = {"footnotes": footnotes, "endnotes": endnotes, "comments": comments,
             "numbering": numbering, "styles": styles}
    for k, (key, inner) in enumerate(given.items()):
        if inner is None:
            continue
        part, root, rel, ct = _PARTS[key]
        parts[f"word/{part}"] = f"{DECL}<w:{root} {NS}>{inner}</w:{root}>"
        rels.append(f'<Relationship Id="rId{k + 1}" Type="{REL}{rel}" Target="{part}"/>')
        types.append(f'<Override PartName="/word/{part}" ContentType="{CT}{ct}+xml"/>')
    if comments_ex is not None:
        parts["word/commentsExtended.xml"] = (f"{DECL}<w15:commentsEx {NS}>{comments_ex}"
                                              "</w15:commentsEx>")
        rels.append('<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2011/'
                    'relationships/commentsExtended" Target="commentsExtended.xml"/>')
    pkg_rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts["word/_rels/document.xml.rels"] = (f'{DECL}<Relationships xmlns="{pkg_rels}">'
                                             f'{"".join(rels)}</Relationships>')
    parts["_rels/.rels"] = (f'{DECL}<Relationships xmlns="{pkg_rels}"><Relationship Id="rId1" '
                            f'Type="{REL}officeDocument" Target="word/document.xml"/>'
                            "</Relationships>")
    parts["[Content_Types].xml"] = (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'{"".join(types)}</Types>')
    return zip_bytes({k: v.encode("utf-8") for k, v in parts.items()})


def zip_bytes(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of `entries` (name -> bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), data, compression)
    return buf.getvalue()


def t(text: str) -> str:
    """A `w:t` keeping its spaces."""
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def r(text: str = "", inner: str = "", rpr: str = "") -> str:
    """A run of `text` (and any other run content `inner`)."""
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{t(text) if text else ''}{inner}</w:r>"


def _who(author: str | None, date: str | None, rid: int) -> str:
    out = f'w:id="{rid}"'
    if author is not None:
        out += f' w:author="{escape(author)}"'
    if date is not None:
        out += f' w:date="{date}"'
    return out


def ins(text: str, author: str | None = "Norway", date: str | None = "2015-12-04T10:00:00Z",
        rid: int = 1, tag: str = "ins") -> str:
    """Inserted words (`tag="moveTo"` for a move's new place)."""
    return f"<w:{tag} {_who(author, date, rid)}>{r(text)}</w:{tag}>"


def dele(text: str, author: str | None = "Japan", date: str | None = "2015-12-05T10:00:00Z",
         rid: int = 2, tag: str = "del") -> str:
    """Deleted words (`tag="moveFrom"` for a move's old place)."""
    return (f'<w:{tag} {_who(author, date, rid)}><w:r><w:delText xml:space="preserve">'
            f"{escape(text)}</w:delText></w:r></w:{tag}>")


def mark(kind: str, author: str | None = "Brazil", date: str | None = "2015-12-06T10:00:00Z",
         rid: int = 3) -> str:
    """A paragraph mark's revision, for `p(..., ppr=mark("del"))`."""
    return f"<w:rPr><w:{kind} {_who(author, date, rid)}/></w:rPr>"


def p(*content: str, style: str | None = None, num: tuple[int, int] | None = None,
      ppr: str = "") -> str:
    """A paragraph: `content` is runs or plain strings (each a run)."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    props += ppr
    inner = "".join(c if c.startswith("<") else r(c) for c in content)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{inner}</w:p>"


def abstract(aid: int, *levels: tuple[str, str], start: int = 1) -> str:
    """An abstract list: `levels` are (numFmt, lvlText) for levels 0, 1, ..."""
    lv = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                 f'<w:lvlText w:val="{escape(text)}"/></w:lvl>'
                 for k, (fmt, text) in enumerate(levels))
    return f'<w:abstractNum w:abstractNumId="{aid}">{lv}</w:abstractNum>'


def num(num_id: int, aid: int, restart: dict[int, int] | None = None) -> str:
    """A list instance of abstract list `aid`; `restart`: {level: start} overrides."""
    over = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/>'
                   "</w:lvlOverride>" for k, v in (restart or {}).items())
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{over}</w:num>'


def heading_styles() -> str:
    """`Heading1`, `Heading2`, `Title` and a default `Normal`, as Word writes them."""
    out = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
           '<w:name w:val="Normal"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>')
    for k in (1, 2):
        out += (f'<w:style w:type="paragraph" w:styleId="Heading{k}">'
                f'<w:name w:val="heading {k}"/><w:basedOn w:val="Normal"/>'
                f'<w:pPr><w:outlineLvl w:val="{k - 1}"/></w:pPr></w:style>')
    return out
