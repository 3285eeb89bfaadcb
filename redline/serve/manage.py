"""Django's own commands for the site (`python -m redline.serve.manage migrate`), with the
site's settings; `setup(data)` prepares Django inside the `redline` program."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def setup(data: str | None = None) -> Path:
    """Point the site at its data folder and start Django; returns the folder."""
    os.umask(0o027)  # the database, files and key: not for other accounts of the machine
    if data:
        os.environ["REDLINE_DATA"] = str(Path(data).absolute())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redline.serve.settings")
    import django
    from django.conf import settings

    django.setup()
    return Path(settings.DATA)


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def main() -> None:
    os.umask(0o027)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redline.serve.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
