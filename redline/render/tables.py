"""Tables with pandas: one row per change, and a per-delegation summary (CSV, Markdown, XLSX)."""

from __future__ import annotations

import io
import json
import re

from redline.compare.result import Comparison

CHANGE_COLUMNS = ["delegation", "name", "paragraph", "new_index", "old_index", "kind",
                  "old_text", "new_text", "date", "status", "evidence", "old_address",
                  "new_address"]


def change_rows(cmp: Comparison) -> list[dict]:
    """One row per change and delegation (unattributed changes under '—'), in paragraph order.

    `old_address`/`new_address` say where the paragraph was and is (`V.B 18`); `_paragraph`
    is its position in `cmp.paragraphs`."""
    rows = []
    at = {id(p): k for k, p in enumerate(cmp.paragraphs)}
    for order, (p, c) in enumerate(cmp.changes):
        for d in c.delegations or ("",):
            rows.append({
                "delegation": d or "—",
                "name": cmp.registry.name(d) if d else "unattributed",
                "paragraph": p.label or "",
                "new_index": p.new_indices[0] + 1 if p.new_indices else None,
                "old_index": p.old_indices[0] + 1 if p.old_indices else None,
                "kind": c.kind,
                "old_text": c.old_text.strip(),
                "new_text": c.new_text.strip(),
                "date": c.date or "",
                "status": p.para_status or "",
                "evidence": c.evidence or "",
                "old_address": p.old_address or "",
                "new_address": p.new_address or "",
                "_order": order,
                "_paragraph": at[id(p)],
            })
    return rows


def changes_frame(cmp: Comparison):
    """The per-delegation change table, sorted by delegation then paragraph order."""
    import pandas as pd

    df = pd.DataFrame(change_rows(cmp), columns=[*CHANGE_COLUMNS, "_order"])
    df["_un"] = df["delegation"] == "—"
    df = df.sort_values(["_un", "delegation", "_order"], kind="stable")
    return df.drop(columns=["_order", "_un"]).reset_index(drop=True)


def summary_frame(cmp: Comparison):
    """Per delegation: insertions, deletions, replacements; its paragraphs agreed or pending."""
    import pandas as pd

    rows: dict[str, dict] = {}
    seen: dict[str, set] = {}
    for p, c in cmp.changes:
        for d in c.delegations or ("—",):
            r = rows.setdefault(d, {"delegation": d, "name": cmp.registry.name(d) if d != "—"
                                    else "unattributed", "insert": 0, "delete": 0,
                                    "replace": 0, "paragraphs": 0, "agreed": 0, "pending": 0})
            r[c.kind] += 1
            key = (p.new_indices or p.old_indices, p.footnote)
            if key in seen.setdefault(d, set()):
                continue
            seen[d].add(key)
            r["paragraphs"] += 1
            st = p.para_status
            if st in ("agreed", "approved"):
                r["agreed"] += 1
            elif st in ("pending", "ad_referendum"):
                r["pending"] += 1
    cols = ["delegation", "name", "insert", "delete", "replace", "paragraphs", "agreed",
            "pending"]
    df = pd.DataFrame(list(rows.values()), columns=cols)
    df["_un"] = df["delegation"] == "—"
    return df.sort_values(["_un", "delegation"]).drop(columns="_un").reset_index(drop=True)


def to_csv(cmp: Comparison) -> str:
    return csv_safe(changes_frame(cmp)).to_csv(index=False, lineterminator="\n")


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


def frame_to_markdown(df) -> str:
    """A pipe table (no optional dependency on tabulate)."""
    head = "| " + " | ".join(df.columns) + " |"
    sep = "| " + " | ".join("---" for _ in df.columns) + " |"
    body = ["| " + " | ".join(_md_cell(v) for v in row) + " |"
            for row in df.itertuples(index=False)]
    return "\n".join([head, sep, *body]) + "\n"


def to_markdown(cmp: Comparison) -> str:
    o, n = cmp.old, cmp.new
    title = f"# Changes: {o.label or o.path} → {n.label or n.path}\n\n"
    return (title + "## Summary by delegation\n\n" + frame_to_markdown(summary_frame(cmp))
            + "\n## Changes\n\n" + frame_to_markdown(changes_frame(cmp)))


def to_json(cmp: Comparison) -> str:
    """The comparison as JSON, one paragraph a line (C-speed encoding, still easy to grep)."""
    body = cmp.to_dict()

    def enc(value, indent=None) -> str:
        return json.dumps(value, ensure_ascii=False, indent=indent)

    lines = [f'{{"old": {enc(body["old"])},', f' "new": {enc(body["new"])},', ' "paragraphs": [']
    lines.append(",\n".join("  " + enc(p) for p in body["paragraphs"]))
    lines.append(" ],")
    lines.append(f' "summary": {enc(body["summary"], 1)}}}')
    return "\n".join(lines) + "\n"


def to_xlsx(cmp: Comparison) -> bytes:
    """A workbook: a summary sheet, all changes, and one sheet per delegation."""
    changes = changes_frame(cmp)
    summary = summary_frame(cmp)
    sheets = [("Summary", summary), ("All changes", changes)]
    for code in [d for d in summary["delegation"] if d != "—"]:
        sheets.append((_sheet_name(code), changes[changes["delegation"] == code]))
    return frames_to_xlsx(sheets)


def frames_to_xlsx(frames: list[tuple[str, object]]) -> bytes:
    """A workbook, one sheet per frame: bold frozen header, set widths, wrapped text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    sheets = [(wb.create_sheet(_sheet_name(name)), df) for name, df in frames]
    widths = {"old_text": 60, "new_text": 60, "evidence": 45, "name": 28, "proposed_text": 60,
              "old_address": 18, "new_address": 18, "address": 18, "current_address": 18,
              "current_text": 60}
    for sheet, df in sheets:
        sheet.append(list(df.columns))
        for row in df.itertuples(index=False):
            sheet.append([_xl(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # a draft's text is never a spreadsheet formula
        for k, col in enumerate(df.columns, start=1):
            letter = sheet.cell(row=1, column=k).column_letter
            sheet.column_dimensions[letter].width = widths.get(col, 14)
            for cell in sheet[letter]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
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
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v.item() if hasattr(v, "item") else v


def _sheet_name(code: str) -> str:
    return "".join(ch for ch in code if ch not in "[]:*?/\\")[:31] or "sheet"

