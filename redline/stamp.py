"""What every JSON output says first: the schema it follows and the redline that wrote it.

At the bottom of the stages (beside `model`), so that a result's own `to_dict` (compare,
corpus) is stamped as the JSON writers stamp theirs; `redline.render.stamp` re-exports it."""

from __future__ import annotations

from functools import cache

SCHEMA = "redline/2"


@cache
def redline_version() -> str:
    """The installed version of redline (`unknown` when run from a bare checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("redline")
    except PackageNotFoundError:
        return "unknown"


def stamped(body: dict) -> dict:
    """`body` led by `"schema"` and `"redline"` (its own keys of those names win)."""
    return {"schema": SCHEMA, "redline": redline_version(), **body}
