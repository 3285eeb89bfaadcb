"""The words on the site's pages go through gettext, so that other languages can follow."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SERVE = Path(__file__).resolve().parents[2] / "redline" / "serve"
TEMPLATES = sorted((SERVE / "templates" / "site").glob("*.html"))
# Elements whose words a reader sees; their text must come from a tag or a variable.
WORDED = re.compile(r"<(h1|h2|th|button|label|p|li|a)\b[^>]*>([^<{]*)", re.S)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_words_are_translated(template):
    text = template.read_text(encoding="utf-8")
    assert "{% load i18n" in text
    bare = [m.group(2).strip() for m in WORDED.finditer(text)
            if re.search(r"[A-Za-z]{2,}", m.group(2))
            and m.group(2).strip() not in ("redline", "SHA-256")]
    assert bare == [], f"{template.name}: words outside {{% translate %}}: {bare}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext not installed")
def test_the_english_catalogue_is_current(tmp_path):
    """Every translatable string of the site is in locale/en (makemessages was run)."""
    work = tmp_path / "serve"
    shutil.copytree(SERVE, work, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "en",
                    "--ignore", "migrations/*"], cwd=work, check=True, capture_output=True,
                   env={"DJANGO_SETTINGS_MODULE": "tests.site_settings",
                        "PYTHONPATH": str(SERVE.parents[1]), "PATH": "/usr/bin:/bin"})

    def ids(p: Path) -> set[str]:
        return set(re.findall(r'^msgid "(.+)"$', p.read_text(encoding="utf-8"), re.M))

    fresh = ids(work / "locale/en/LC_MESSAGES/django.po")
    shipped = ids(SERVE / "locale/en/LC_MESSAGES/django.po")
    assert fresh - shipped == set(), "run makemessages -l en in redline/serve"
