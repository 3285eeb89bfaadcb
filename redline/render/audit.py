"""Writers for `redline audit`: JSON, CSV, XLSX and HTML."""

from __future__ import annotations

import json

from redline.corpus.audit import FATES, Proposal
from redline.corpus.stances import Objection

COLUMNS = ["paragraph", "version", "date", "fate", "proposed_text", "current_paragraph",
           "current_status", "current_text", "similarity", "evidence", "address",
           "current_address"]


OBJECTION_COLUMNS = ["stance", "via", "address", "version", "date", "fate", "text", "marker",
                     "current_address", "current_status", "current_text"]


def to_json(code: str, proposals: list[Proposal], objections: list[Objection] = ()) -> str:
    body = {"delegation": code, "proposals": [p.to_dict() for p in proposals],
            "objections": [o.to_dict() for o in objections]}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def frame(proposals: list[Proposal]):
    import pandas as pd

    rows = [{**{c: getattr(p, c) for c in COLUMNS if c != "evidence"},
             "evidence": "; ".join(f"{e['marker']} ({e['version']})" for e in p.evidence)}
            for p in proposals]
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv(proposals: list[Proposal]) -> str:
    from redline.render.tables import csv_safe

    return csv_safe(frame(proposals)).to_csv(index=False, lineterminator="\n")


def to_xlsx(code: str, proposals: list[Proposal], objections: list[Objection] = ()) -> bytes:
    import pandas as pd

    from redline.render.tables import frames_to_xlsx

    df = frame(proposals)
    counts = df.groupby("fate").size().reindex(list(FATES), fill_value=0).reset_index()
    counts.columns = ["fate", "proposals"]
    sheets = [("Summary", counts), (f"Proposals {code}"[:31], df)]
    if objections:
        rows = [{c: getattr(o, c) for c in OBJECTION_COLUMNS} for o in objections]
        sheets.append(("Oppositions, reservations", pd.DataFrame(rows,
                                                                  columns=OBJECTION_COLUMNS)))
    return frames_to_xlsx(sheets)


def to_html(code: str, name: str, proposals: list[Proposal], versions: list[str],
            objections: list[Objection] = ()) -> str:
    from jinja2 import Environment, select_autoescape

    from redline.render.html import STATUS_LABELS, asset, csp_header

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    css = asset("history.css") + asset("audit.css")
    groups = [(f, [p for p in proposals if p.fate == f]) for f in FATES]
    return env.from_string(asset("audit.html.j2")).render(
        code=code, name=name, groups=groups, total=len(proposals), versions=versions,
        objections=objections,
        css=css, csp=csp_header(css, ""), status_labels=STATUS_LABELS)
