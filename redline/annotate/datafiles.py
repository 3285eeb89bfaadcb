"""The annotate stage's data files: bundled ones shipped in the package, and TOML files a user
names (`--conventions FILE`, `--delegations FILE`), read with one-line errors."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from redline.errors import RedlineError


def bundled(relative: str) -> tuple[dict, str]:
    """A TOML file shipped in `redline/annotate/` and the name it is reported by."""
    text = resources.files("redline.annotate").joinpath(relative).read_text("utf-8")
    return tomllib.loads(text), f"redline/annotate/{relative}"


def user_file(spec: str | Path, what: str, choices: str) -> dict:
    """The TOML file `spec` names; `what` it is ("conventions") and the bundled `choices`
    ("convention (oas, un, trade, auto)") name it in the error when there is no such file."""
    path = Path(spec)
    if not path.is_file():
        raise RedlineError(f"{spec}: no such {what} file or bundled {choices}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise RedlineError(f"{spec}: not a valid {what} file "
                           f"({' '.join(str(exc).split())})") from None
