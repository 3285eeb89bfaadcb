"""Writes the two Word drafts of this example corpus, `2016-02.docx` and `2016-03.docx`, with the
project's own builder of test Word files (`tests/docx_fixtures.py`): the same bytes every time.

    .venv/bin/python examples/word/make_drafts.py

2016-02 is the chair's clean draft. 2016-03 is the secretariat's next draft as it circulated:
Argentina's and Mexico's edits as tracked changes made by the staff who typed them, the United
States' and Canada's proposals as inline markers, and a paragraph whose status changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the repository, for tests.docx_fixtures

from tests.docx_fixtures import dele, docx, heading_styles, ins, p  # noqa: E402

ROSSI = {"author": "M. Rossi", "date": "2016-03-01T10:00:00Z"}  # Argentina's delegate
MEXICO = {"author": "Mexico", "date": "2016-03-02T15:30:00Z"}  # a name on the list


def february() -> bytes:
    return docx("".join([
        p("Work plan on the human rights of migrants", style="Title"),
        p("I. Objectives", style="Heading1"),
        p("1. Promote the protection of the human rights of all migrants and their families."),
        p("2. Strengthen cooperation among member states on consular assistance."),
        p("II. Activities", style="Heading1"),
        p("3. Hold a regional workshop on good practices for the integration of migrants, "
          "with the participation of civil society."),
        p("4. Prepare a report on labour migration in the Americas. (Agreed 2-10-2016)"),
    ]), styles=heading_styles())


def march() -> bytes:
    return docx("".join([
        p("Work plan on the human rights of migrants", style="Title"),
        p("I. Objectives", style="Heading1"),
        p("1. Promote the protection of the human rights of all migrants and their families",
          ins(", regardless of their migratory status", rid=1, **ROSSI), "."),
        p("2. Strengthen cooperation among member states on consular assistance and protection "
          "(Proposed by US 3-1-2016)."),
        p("II. Activities", style="Heading1"),
        p("3. Hold a regional workshop on good practices for the integration of migrants",
          dele(", with the participation of civil society", rid=2, **MEXICO), "."),
        p("4. Prepare a report on labour migration in the Americas. (PENDING)"),
        p("5. Exchange information on the return and reintegration of migrants "
          "(Proposed by CAN 3-1-2016)."),
    ]), styles=heading_styles())


if __name__ == "__main__":
    for name, data in (("2016-02.docx", february()), ("2016-03.docx", march())):
        (HERE / name).write_bytes(data)
        print(f"wrote {HERE / name}")
