"""Fixtures of the site's tests: negotiations imported from small corpora, and one account for
each role a test tries (in this negotiation and in another)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REVISIONS

PASSWORD = "a long enough test password"
OTHER_DRAFTS = {
    "a.txt": "1. The Parties shall cooperate.\n2. Each Party shall report. (Proposed by CAN- "
             "3-1-2016)\n",
    "b.txt": "1. The Parties shall cooperate fully.\n2. Each Party shall report every year. "
             "(Proposed by CAN- 3-1-2016)\n",
}


def upload(name: str, data: bytes):
    """A file as a form sends it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def write_corpus(folder: Path, drafts: dict[str, str], dates: list[str]) -> Path:
    """A corpus folder: the drafts and a manifest naming them by date (OAS convention)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ['conventions = "oas"', 'language = "en"', 'date_order = "mdy"', ""]
    for (name, text), day in zip(drafts.items(), dates, strict=True):
        (folder / name).write_text(text, encoding="utf-8")
        lines += ["[[version]]", f'id = "{Path(name).stem}"', f'file = "{name}"',
                  f'date = "{day}"', ""]
    (folder / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


@dataclass
class Site:
    """Who is who: user names by role, their API tokens, the negotiations' slugs."""

    tokens: dict[str, str] = field(default_factory=dict)
    slug: str = "oas"
    other: str = "other"
    open: str = "public"

    def bearer(self, who: str) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[who]}"}


ACCOUNTS = {
    "sec": ("oas:secretariat",),
    "usa": ("oas:delegate:USA",),
    "obs": ("oas:observer",),
    "other_sec": ("other:secretariat",),
    "other_del": ("other:delegate:CAN",),
    "other_obs": ("other:observer",),
    "plain": (),
}


@pytest.fixture
def site(transactional_db, tmp_path) -> Site:
    """`oas` (restricted: the repository's OAS corpus), `other` (restricted, two small drafts),
    `public` (open, the same two drafts); an account per role and a site admin."""
    from redline.serve import ops

    ops.import_corpus(str(REVISIONS), "oas", "OAS Program", "restricted")
    small = write_corpus(tmp_path / "other", OTHER_DRAFTS, ["2016-03-01", "2016-04-01"])
    ops.import_corpus(str(small), "other", "Other negotiation", "restricted")
    ops.import_corpus(str(small), "public", "Open negotiation", "open")
    s = Site()
    for name, members in ACCOUNTS.items():
        ops.user(name, members, password=PASSWORD)
        s.tokens[name] = ops.token(name)
    ops.user("admin", (), site_admin=True, password=PASSWORD)
    s.tokens["admin"] = ops.token("admin")
    return s


@pytest.fixture
def signed_in(client):
    """`signed_in("sec")`: the test client with that account's session."""
    def sign(who: str):
        response = client.post("/accounts/login/", {"username": who, "password": PASSWORD})
        assert response.status_code == 302, response.content[:300]
        return client
    return sign
