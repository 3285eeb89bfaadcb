"""Compare: align paragraphs, diff their words, attribute each change; the `Comparison` result.

Import the modules by their full names (`from redline.compare.result import Comparison`):
`redline.compare` the *function* (the public API) shadows this package's name on `redline`.
"""
