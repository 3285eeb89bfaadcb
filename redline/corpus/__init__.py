"""Corpus: the dated versions of one text (its manifest), computed across versions as data:
the history of every paragraph, the chair's annex, the audit of a delegation's proposals."""
