"""Annotate: interpret what the reader found (markers, delegations) into a `Document`.

`grammar.py` is the marker grammar, one family of markers per module under `markers/`;
`delegations.py` and `data/` the delegation lists; `paragraphs.py` builds the clean text.
"""
