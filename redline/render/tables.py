"""Tables with pandas: one row per change, and a per-delegation summary (CSV, Markdown, XLSX).

CSV keeps the machine column names (`CHANGE_COLUMNS`) and starts with a UTF-8 BOM so that a
spreadsheet opens it as UTF-8; Markdown and XLSX show human headers (`HEADERS`), the paragraph
address first. Statuses are human labels (`Ad referendum`) in every table; JSON keeps the
machine values. `write_sheet` and `workbook_bytes` are the XLSX helpers every writer shares.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

from redline.compare.result import Comparison
from redline.model import Document
from redline.render.html import STATUS_LABELS

BOM = "\ufeff"
CHANGE_COLUMNS = ["delegation", "name", "paragraph", "new_index", "old_index", "kind",
                  "old_text", "new_text", "date", "status", "evidence", "old_address",
                  "new_address"]
VIEW_COLUMNS = ["new_address", "old_address", "delegation", "name", "kind", "old_text",
                "new_text", "date", "status", "evidence"]  # Markdown and XLSX
SUMMARY_COLUMNS = ["delegation", "name", "insert", "delete", "replace", "proposed", "paragraphs",
                   "agreed", "pending"]
KIND_LABELS = {"insert": "Insertion", "delete": "Deletion", "replace": "Replacement",
               "proposed_delete": "Proposed deletion"}  # Markdown and XLSX; CSV keeps the keys
HEADERS = {"delegation": "Delegation", "name": "Name", "paragraph": "Label",
           "new_index": "New position", "old_index": "Old position", "kind": "Change",
           "old_text": "Old text", "new_text": "New text", "date": "Date", "status": "Status",
           "evidence": "Evidence", "old_address": "Old paragraph", "new_address": "Paragraph",
           "insert": "Insertions", "delete": "Deletions", "replace": "Replacements",
           "proposed": "Proposed deletions",
           "paragraphs": "Paragraphs", "agreed": "Agreed or approved",
           "pending": "Pending or ad referendum"}


def status_label(status: str | None) -> str:
    """`ad_referendum` → `Ad referendum`: the one human name of a status."""
    return STATUS_LABELS.get(status, human(status.replace("_", " "))) if status else ""


def human(value: str | None) -> str:
    """A machine value as a person reads it: `adopted as proposed` → `Adopted as proposed`."""
    return value[:1].upper() + value[1:] if value else ""


def version_name(doc: Document) -> str:
    """A version as a title names it: its label, date and file name (never its folder: the
    outputs are circulated)."""
    file = Path(str(doc.path)).name if doc.path else None
    label = doc.label or file or "input"
    extra = [x for x in (doc.date, file if file != label else None) if x]
    return f"{label} ({', '.join(extra)})" if extra else label


def change_rows(cmp: Comparison) -> list[dict]:
    """One row per change and delegation (unattributed changes under '—'), in paragraph order,
    then the words proposed for deletion (`kind` `proposed_delete`), which are still in the text.

    `old_address`/`new_address` say where the paragraph was and is (`V.B 18`); `_paragraph`
    is its position in `cmp.paragraphs`; `status` is the human label (`Ad referendum`); a
    footnote's `paragraph` is `fn N`, as its address."""
    at = {id(p): k for k, p in enumerate(cmp.paragraphs)}
    found = [(p, c.kind, c.old_text, c.new_text, c.delegations, c.date, c.evidence)
             for p, c in cmp.changes]
    found += [(p, "proposed_delete", "", d.text, d.delegations, d.date, d.evidence)
              for p in cmp.paragraphs for d in p.proposed_deletions]
    rows = []
    for order, (p, kind, old, new, dels, date, evidence) in enumerate(found):
        for d in dels or ("",):
            rows.append({
                "delegation": d or "—",
                "name": cmp.registry.name(d) if d else "unattributed",
                "paragraph": (f"fn {p.label}" if p.footnote and p.label else p.label) or "",
                "new_index": p.new_indices[0] + 1 if p.new_indices else None,
                "old_index": p.old_indices[0] + 1 if p.old_indices else None,
                "kind": kind, "old_text": old.strip(), "new_text": new.strip(),
                "date": date or "", "status": status_label(p.para_status),
                "evidence": evidence or "", "old_address": p.old_address or "",
                "new_address": p.new_address or "", "_order": order, "_paragraph": at[id(p)],
            })
    return rows


def changes_frame(cmp: Comparison):
    """The per-delegation change table, sorted by delegation then paragraph order."""
    import pandas as pd

    df = pd.DataFrame(change_rows(cmp), columns=[*CHANGE_COLUMNS, "_order"])
    df = df.astype({"new_index": "Int64", "old_index": "Int64"})  # 43, never 43.0
    df["_un"] = df["delegation"] == "—"
    df = df.sort_values(["_un", "delegation", "_order"], kind="stable")
    return df.drop(columns=["_order", "_un"]).reset_index(drop=True)


def summary_rows(cmp: Comparison) -> list[dict]:
    """Per delegation: insertions, deletions, replacements, words proposed for deletion; the
    paragraphs it changed or proposes to cut words from, agreed or pending. One row a
    delegation (`SUMMARY_COLUMNS`), unattributed changes last under '—'."""
    rows: dict[str, dict] = {}
    seen: dict[str, set] = {}

    def row(d: str) -> dict:
        return rows.setdefault(d, {"delegation": d, "name": cmp.registry.name(d) if d != "—"
                                   else "unattributed", "insert": 0, "delete": 0,
                                   "replace": 0, "proposed": 0, "paragraphs": 0, "agreed": 0,
                                   "pending": 0})

    def paragraph(d: str, p) -> None:  # a paragraph the delegation acts in, counted once
        key = (p.new_indices or p.old_indices, p.footnote)
        if key in seen.setdefault(d, set()):
            return
        seen[d].add(key)
        r = row(d)
        r["paragraphs"] += 1
        st = p.para_status
        if st in ("agreed", "approved"):
            r["agreed"] += 1
        elif st in ("pending", "ad_referendum"):
            r["pending"] += 1

    for p, c in cmp.changes:
        for d in c.delegations or ("—",):
            row(d)[c.kind] += 1
            paragraph(d, p)
    for p in cmp.paragraphs:  # words proposed for deletion, still in the text
        for prop in p.proposed_deletions:
            for d in prop.delegations or ("—",):
                row(d)["proposed"] += 1
                paragraph(d, p)
    return sorted(rows.values(), key=lambda r: (r["delegation"] == "—", r["delegation"]))


def summary_frame(cmp: Comparison):
    """`summary_rows` as a DataFrame (Markdown, XLSX)."""
    import pandas as pd

    return pd.DataFrame(summary_rows(cmp), columns=SUMMARY_COLUMNS)


def to_csv(cmp: Comparison) -> str:
    return frame_to_csv(changes_frame(cmp))


def frame_to_csv(df) -> str:
    """CSV a spreadsheet opens right: a UTF-8 BOM, integers as integers, no formulas."""
    return BOM + csv_safe(df).to_csv(index=False, lineterminator="\n")


def csv_text(columns: list[str], rows) -> str:
    """CSV a spreadsheet opens right from plain rows (dicts): a UTF-8 BOM, a header, `None` as
    an empty cell, lists joined by `;`, no formula."""
    import csv

    buf = io.StringIO()
    buf.write(BOM)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([csv_cell(";".join(v) if isinstance(v, (list, tuple)) else
                             "" if v is None else v) for v in (r.get(c) for c in columns)])
    return buf.getvalue()


def csv_cell(v):
    """A cell a spreadsheet will not run: text opening with = + - @ gets a leading quote."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def csv_safe(df):
    from pandas.api.types import is_numeric_dtype

    return df.apply(lambda col: col if is_numeric_dtype(col) else col.map(csv_cell))


def md_escape(text: str) -> str:
    """Text shown as itself in Markdown: no emphasis, link, HTML or table syntax."""
    out = text.replace("\\", "\\\\")
    for ch in "*_~`[]<>|#!&":
        out = out.replace(ch, "\\" + ch)
    return re.sub(r"\s+", " ", out)


def _md_cell(v) -> str:
    return md_escape("" if v is None or v != v else str(v))


def frame_to_markdown(df, struck: dict[str, list[bool]] | None = None) -> str:
    """A pipe table with human headers (no optional dependency on tabulate); `struck` names,
    per column, the rows whose cell is struck through (`~~words~~`)."""
    head = "| " + " | ".join(md_escape(HEADERS.get(c, c)) for c in df.columns) + " |"
    sep = "| " + " | ".join("---" for _ in df.columns) + " |"
    marks = [(struck or {}).get(c, ()) for c in df.columns]

    def cell(v, flags, k: int) -> str:
        text = _md_cell(v)
        return f"~~{text}~~" if text and k < len(flags) and flags[k] else text

    body = ["| " + " | ".join(cell(v, flags, k) for v, flags in zip(row, marks, strict=True))
            + " |" for k, row in enumerate(df.itertuples(index=False))]
    return "\n".join([head, sep, *body]) + "\n"


def to_markdown(cmp: Comparison) -> str:
    title = f"# Changes: {md_escape(version_name(cmp.old))} → {md_escape(version_name(cmp.new))}"
    changes = changes_frame(cmp)
    proposed = list(changes["kind"] == "proposed_delete")  # words still in the text: struck
    return (title + "\n\n## Summary by delegation\n\n" + frame_to_markdown(summary_frame(cmp))
            + "\n## Changes\n\n" + frame_to_markdown(_view(changes),
                                                     struck={"new_text": proposed}))


def to_json(cmp: Comparison) -> str:
    """The comparison as JSON, one paragraph a line (C-speed encoding, still easy to grep)."""
    body = cmp.to_dict()

    def enc(value, indent=None) -> str:
        return json.dumps(value, ensure_ascii=False, indent=indent)

    lines = [f'{{"schema": {enc(body["schema"])}, "redline": {enc(body["redline"])},',
             f' "old": {enc(body["old"])},', f' "new": {enc(body["new"])},',
             f' "only_delegations": {enc(body["only_delegations"])},', ' "paragraphs": [']
    lines.append(",\n".join("  " + enc(p) for p in body["paragraphs"]))
    lines.append(" ],")
    lines.append(f' "summary": {enc(body["summary"], 1)}}}')
    return "\n".join(lines) + "\n"


def to_xlsx(cmp: Comparison) -> bytes:
    """A workbook: a summary sheet, all changes, and one sheet per delegation; each sheet opens
    with a line naming the two versions."""
    from openpyxl import Workbook

    changes, summary = changes_frame(cmp), summary_frame(cmp)
    title = f"Changes: {version_name(cmp.old)} → {version_name(cmp.new)}"
    wb = Workbook()
    wb.remove(wb.active)
    write_sheet(wb.create_sheet("Summary"), title, [HEADERS[c] for c in SUMMARY_COLUMNS],
                frame_rows(summary[SUMMARY_COLUMNS]))
    sheets = [("All changes", title, changes)]
    for code, name in summary[["delegation", "name"]].itertuples(index=False):
        if code != "—":
            sheets.append((code, f"{title} · {code} {name}", changes[changes.delegation == code]))
    for sheet, line, df in sheets:
        write_sheet(wb.create_sheet(sheet_name(sheet)), line,
                    [HEADERS[c] for c in VIEW_COLUMNS], frame_rows(_view(df)))
    return workbook_bytes(wb)


def _view(df):
    """The change table as people read it (Markdown, XLSX): human kinds, address first."""
    return df[VIEW_COLUMNS].assign(kind=df["kind"].map(lambda k: KIND_LABELS.get(k, k)))


def frame_rows(df, dates: tuple[str, ...] = ("date",)) -> list[list]:
    """A frame's rows as plain values for `write_sheet`: ISO dates in `dates` as dates."""
    return [[as_date(v) if c in dates else v for c, v in zip(df.columns, row, strict=True)]
            for row in df.itertuples(index=False)]


def as_date(value) -> datetime.date | None:
    """An ISO date (`2015-11-05`) as a date; anything else as nothing."""
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def write_sheet(ws, title: str, headers: list[str], rows: list[list]) -> None:
    """A styled sheet: `title` on the first line, bold `headers` on the second with an
    autofilter and frozen above the rows, dates as date cells, long text wrapped, no formula."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append([title])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append(list(headers))
    top = Alignment(wrap_text=True, vertical="top")
    for cell in ws[2]:
        cell.font, cell.alignment = Font(bold=True), top
    for row in rows:
        ws.append([_xl(v) for v in row])
        for cell in ws[ws.max_row]:
            cell.alignment = top
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a draft's text is never a spreadsheet formula
    for k, head in enumerate(headers, start=1):
        longest = max((len(str(r[k - 1])) for r in rows if len(r) >= k and r[k - 1] is not None),
                      default=0)
        ws.column_dimensions[get_column_letter(k)].width = min(60, max(len(head), longest, 8) + 2)
    last = get_column_letter(max(1, len(headers)))
    ws.auto_filter.ref = f"A2:{last}{max(2, ws.max_row)}"
    ws.freeze_panes = "A3"


def workbook_bytes(wb) -> bytes:
    """The workbook as XLSX bytes that depend on its contents only (fixed times)."""
    wb.properties.creator = "redline"
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Rewrite the archive with fixed timestamps: identical input, identical bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" +
                              b"2000-01-01T00:00:00Z", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def _xl(v):
    if v is None or (isinstance(v, float) and v != v) or type(v).__name__ == "NAType":
        return None
    return v.item() if hasattr(v, "item") else v


def sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\, at most 31 characters."""
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "sheet"
