"""Marker families, one module each; `redline.annotate.grammar.Grammar` runs them in order.

| family | module | example |
|---|---|---|
| head proposals, lead-ins | `heads.py` | `COL: Intensify ...`, `ALT PROPOSAL BY ARG` |
| proposals | `proposals.py` | `(Proposed by US- 4-16-2015)`, `(VEN people of ..., IM-11-5-2015)` |
| status | `status.py` | `(Agreed IM 11-5-2015)`, `(PENDING)` |
| notes, withdrawals, editorial | `notes.py` | `(The US rescinds ...)`, `(Title adjusted ...)` |
| unbracketed tails | `tails.py` | `... Approved 5-7-2015)` |
"""
