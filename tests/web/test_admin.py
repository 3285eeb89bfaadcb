"""`redline admin ...` as an administrator runs it: the real program in its own process, on a
data folder of its own (and, under `scripts/with-postgres`, a PostgreSQL database of its own).
Bad input is one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REVISIONS
from tests.web.conftest import OTHER_DRAFTS, PASSWORD, write_corpus

REDLINE = str(Path(sys.executable).parent / "redline")
POSTGRES = os.environ.get("REDLINE_DATABASE_URL")  # set by scripts/with-postgres

# What a data folder holds, read by the site's own models in a process of its own.
SNAPSHOT = """
import json, sys
from django.db import connection
from redline.serve.manage import setup
setup(sys.argv[1])
from django.contrib.auth import get_user_model
from redline.serve.models import ApiToken, Membership, Negotiation, Version
print(json.dumps({
    "vendor": connection.vendor,
    "negotiations": sorted([n.slug, n.title, n.access, n.language] for n in
                           Negotiation.objects.all()),
    "versions": sorted([v.negotiation.slug, v.vid, str(v.date), v.label, v.meeting, v.sha256,
                        v.size, v.file_name] for v in Version.objects.select_related(
                            "negotiation")),
    "users": sorted([u.username, u.is_superuser, u.check_password(sys.argv[2])]
                    for u in get_user_model().objects.all()),
    "memberships": sorted([m.user.username, m.negotiation.slug, m.role, m.delegation]
                          for m in Membership.objects.select_related("user", "negotiation")),
    "tokens": ApiToken.objects.count(),
}))
"""


def _env(database_url: str | None, **extra: str) -> dict:
    """The environment of an administrator's shell: none of the tests' own settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDLINE_", "DJANGO_"))}
    if database_url:
        env["REDLINE_DATABASE_URL"] = database_url
    return {**env, **extra}


@dataclass
class Site:
    """A data folder (and its PostgreSQL database, if any) the commands run on."""

    data: Path
    url: str | None

    def run(self, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
        argv = [REDLINE, *map(str, args)]
        if "--data" not in argv:
            argv += ["--data", str(self.data)]
        return subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=300,
                              env=_env(self.url, **env), check=False)

    def ok(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        done = self.run(*args, stdin=stdin)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done

    def snapshot(self) -> dict:
        done = subprocess.run([sys.executable, "-c", SNAPSHOT, str(self.data), PASSWORD],
                              capture_output=True, text=True, timeout=120,
                              env=_env(self.url), check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


def refused(done: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 2 and one line on stderr naming `words`; nothing on stdout."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("redline: error: "), done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert done.stdout == ""
    return lines[0]


class Databases:
    """Under scripts/with-postgres, a database of the throw-away cluster for each site (the
    cluster's user may create them); under SQLite the database is in the data folder."""

    def __init__(self) -> None:
        self.made: list[str] = []

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(statement)

    def new(self, template: str | None = None) -> str | None:
        if not POSTGRES:
            return None
        name = f"admin_{uuid.uuid4().hex[:16]}"
        like = f" TEMPLATE {urlsplit(template).path.lstrip('/')}" if template else ""
        self._sql(f"CREATE DATABASE {name}{like}")
        self.made.append(name)
        return urlsplit(POSTGRES)._replace(path=f"/{name}").geturl()

    def drop(self) -> None:
        for name in self.made:
            self._sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def dbs():
    made = Databases()
    yield made
    made.drop()


@pytest.fixture(scope="module")
def template(tmp_path_factory, dbs) -> Site:
    """The repository's corpus imported as `oas`, a secretariat member and a US delegate."""
    site = Site(tmp_path_factory.mktemp("template") / "data", dbs.new())
    done = site.ok("admin", "import", REVISIONS, "--negotiation", "oas", "--title",
                   "OAS Program")
    assert done.stderr == "redline: oas: 4 versions imported\n"
    site.ok("admin", "user", "sec", "--member", "oas:secretariat", "--password-stdin",
            stdin=PASSWORD + "\n")
    site.ok("admin", "user", "usa", "--member", "oas:delegate:US", "--password-stdin",
            stdin=PASSWORD + "\n")
    return site


@pytest.fixture
def site(template, dbs, tmp_path) -> Site:
    """A copy of the template: its data folder, and its database under PostgreSQL."""
    data = tmp_path / "data"
    shutil.copytree(template.data, data)
    return Site(data, dbs.new(template=template.url))


def fresh(dbs, tmp_path, name: str = "fresh") -> Site:
    return Site(tmp_path / name, dbs.new())


# -- the database the tests run on ----------------------------------------------------------

def test_runs_on_the_database_it_was_given(db):
    """Under scripts/with-postgres the site's tests run on PostgreSQL, never silently on
    SQLite; without it, on SQLite."""
    from django.db import connection

    if POSTGRES:
        assert connection.vendor == "postgresql"
        assert connection.settings_dict["NAME"] == f"test_{urlsplit(POSTGRES).path[1:]}"
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            assert cursor.fetchone()[0].startswith("PostgreSQL ")
    else:
        assert connection.vendor == "sqlite"


# -- import, accounts, tokens ---------------------------------------------------------------

def test_import_reads_every_version_and_keeps_those_already_there(site):
    snap = site.snapshot()
    assert snap["vendor"] == ("postgresql" if POSTGRES else "sqlite")
    assert (site.data / "redline.sqlite3").exists() == (not POSTGRES)
    assert snap["negotiations"] == [["oas", "OAS Program", "restricted", "en"]]
    assert [v[1] for v in snap["versions"]] == ["2005", "2015-04", "2015-11", "2016-01"]
    done = site.ok("admin", "import", REVISIONS, "--negotiation", "oas")
    assert done.stderr == "redline: oas: 0 versions imported\n"
    assert site.snapshot()["versions"] == snap["versions"]


def test_import_cuts_long_labels_alike_on_both_databases(site, tmp_path):
    """PostgreSQL enforces a column's length and SQLite does not: the import cuts a label
    and a meeting to 300 characters, as an upload's label is cut, and refuses a longer
    title, so that both databases hold the same."""
    corpus = write_corpus(tmp_path / "long", {"a.txt": OTHER_DRAFTS["a.txt"]}, ["2016-03-01"])
    manifest = corpus / "manifest.toml"
    manifest.write_text(manifest.read_text() + f'label = "{"L" * 400}"\n'
                        f'meeting = "{"M" * 400}"\n', encoding="utf-8")
    site.ok("admin", "import", corpus, "--negotiation", "long")
    (row,) = [v for v in site.snapshot()["versions"] if v[0] == "long"]
    assert row[3] == "L" * 300 and row[4] == "M" * 300
    refused(site.run("admin", "import", corpus, "--negotiation", "long2", "--title", "T" * 301),
            "--title")


def test_user_delegation_is_checked_against_the_list(site):
    done = site.ok("admin", "user", "ana", "--member", "oas:delegate:US", "--password-stdin",
                   stdin=PASSWORD + "\n")
    assert done.stdout == ""  # a password given is never printed
    refused(site.run("admin", "user", "bob", "--member", "oas:delegate:XX", "--password-stdin",
                     stdin=PASSWORD + "\n"), "XX")
    refused(site.run("admin", "user", "bob", "--member", "nowhere:observer"), "nowhere")
    # one bad --member of two: nothing is saved
    refused(site.run("admin", "user", "bob", "--member", "oas:observer", "--member",
                     "oas:delegate:XX"), "XX")
    snap = site.snapshot()
    assert ["ana", "oas", "delegate", "USA"] in snap["memberships"]  # the list's own code
    assert "bob" not in [u[0] for u in snap["users"]]
    # an account's role changes with its next --member
    site.ok("admin", "user", "ana", "--member", "oas:observer")
    memberships = site.snapshot()["memberships"]
    assert ["ana", "oas", "observer", ""] in memberships
    assert ["ana", "oas", "delegate", "USA"] not in memberships


def test_user_given_no_password_gets_one_printed_once(site):
    done = site.ok("admin", "user", "carla", "--member", "oas:observer")
    (password,) = done.stdout.splitlines()
    assert len(password) >= 12
    check = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom redline.serve.manage import setup\n"
         "setup(sys.argv[1])\nfrom django.contrib.auth import get_user_model\n"
         "print(get_user_model().objects.get(username='carla').check_password(sys.argv[2]))",
         str(site.data), password], capture_output=True, text=True, env=_env(site.url),
        check=False)
    assert check.stdout.strip() == "True", check.stderr
    # updating the account later prints nothing and keeps its password
    assert site.ok("admin", "user", "carla", "--member", "oas:secretariat").stdout == ""


BAD_INPUT = [
    (("admin", "import", "{empty}", "--negotiation", "x"), "", ["no manifest"]),
    (("admin", "import", "{nowhere}", "--negotiation", "x"), "", ["nowhere"]),
    (("admin", "import", REVISIONS, "--negotiation", "not a slug"), "", ["--negotiation"]),
    (("admin", "user", "bob", "--member", "oas"), "", ["SLUG:ROLE"]),
    (("admin", "user", "bob", "--member", "oas:chair"), "", ["ROLE"]),
    (("admin", "user", "bob", "--member", "oas:delegate"), "", ["CODE"]),
    (("admin", "user", "bob", "--member", "oas:observer:USA"), "", ["only a delegate"]),
    (("admin", "user", "bob", "--password-stdin"), "short\n", ["password"]),
    (("admin", "user", "bob", "--password-stdin"), "", ["no password"]),
    (("admin", "token", "nobody"), "", ["nobody"]),
    (("admin", "check", "--data", "{nowhere}"), "", ["no such data folder"]),
    (("admin", "backup", "{nowhere}/site.tar"), "", ["does not exist"]),
    (("admin", "restore", "{nowhere}/site.tar"), "", ["does not exist"]),
    (("admin", "frobnicate"), "", ["frobnicate"]),
    (("serve", "--port", "0"), "", ["--port"]),
]


def test_bad_input_is_one_line_and_changes_nothing(site, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    (tmp_path / "empty").mkdir()
    where = {"{empty}": str(tmp_path / "empty"), "{nowhere}": str(tmp_path / "nowhere")}

    def attempt(case) -> str | None:
        args, stdin, words = case
        argv = [str(a) for a in args]
        for key, value in where.items():
            argv = [a.replace(key, value) for a in argv]
        try:
            refused(site.run(*argv, stdin=stdin), *words)
        except AssertionError as exc:
            return f"{' '.join(argv)}: {exc}"
        return None

    before = site.snapshot()
    with ThreadPoolExecutor(4) as pool:
        failures = [f for f in pool.map(attempt, BAD_INPUT) if f]
    assert not failures, "\n".join(failures)
    assert site.snapshot() == before
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("url", ["mysql://x@localhost/x",
                                 "postgresql://x@%2Fno%2Fsuch%2Fsocket:5432/x"])
def test_a_database_that_will_not_do_is_one_line(site, url):
    done = subprocess.run([REDLINE, "admin", "check", "--data", str(site.data)],
                          capture_output=True, text=True, timeout=120,
                          env=_env(url), check=False)
    refused(done, "the site's database")


# -- check ----------------------------------------------------------------------------------

def test_check_names_missing_and_damaged_files_and_lists_orphans(site):
    done = site.ok("admin", "check")
    assert done.stdout == ""
    assert done.stderr == "redline: ok: 0 missing, 0 damaged, 0 orphans\n"
    files = sorted(p for p in (site.data / "files").glob("??/*"))
    assert len(files) == 4
    files[0].unlink()
    files[1].write_bytes(b"not what was stored")
    stray = "ab" + "0" * 62
    (site.data / "files" / "ab").mkdir(exist_ok=True)
    (site.data / "files" / "ab" / stray).write_bytes(b"nobody's")
    done = site.run("admin", "check")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout == f"orphan: files/ab/{stray}\n"
    errors = [line for line in done.stderr.splitlines() if line.startswith("redline: error:")]
    assert len(errors) == 2
    assert f"file {files[0].name} is missing" in errors[0] and errors[0].count("oas/") == 1
    assert f"file {files[1].name} does not match" in errors[1]
    assert done.stderr.splitlines()[-1] == "redline: NOT ok: 1 missing, 1 damaged, 1 orphans"


# -- backup and restore ---------------------------------------------------------------------

def test_backup_and_restore_into_a_fresh_folder(site, dbs, tmp_path):
    site.ok("admin", "token", "usa")
    before = site.snapshot()
    backup = tmp_path / "site.tar"
    done = site.ok("admin", "backup", backup)
    assert done.stderr == f"redline: backup written to {backup} (4 files)\n"
    target = fresh(dbs, tmp_path)
    done = target.ok("admin", "restore", backup)
    assert done.stderr == f"redline: restored {backup} (4 files)\n"
    after = target.snapshot()
    assert after == before
    assert after["memberships"] == [["sec", "oas", "secretariat", ""],
                                    ["usa", "oas", "delegate", "USA"]]
    assert all(ok for _, _, ok in after["users"])  # the passwords too
    assert target.ok("admin", "check").stderr == "redline: ok: 0 missing, 0 damaged, 0 orphans\n"
    # the restored site goes on: importing the corpus again finds its versions there
    assert target.ok("admin", "import", REVISIONS, "--negotiation", "oas").stderr \
        == "redline: oas: 0 versions imported\n"


def test_restore_elsewhere_keeps_a_negotiation_s_own_delegation_list(site, dbs, tmp_path):
    """A negotiation whose manifest names its own delegation list reads the restored
    folder's copy, not the old folder's (which may be gone)."""
    corpus = write_corpus(tmp_path / "own", OTHER_DRAFTS, ["2016-03-01", "2016-04-01"])
    (corpus / "list.toml").write_text(
        'body = "A test body"\n\n[[delegation]]\ncode = "CAN"\nname = "Canada"\n'
        'codes = ["CAN"]\nnames = ["Canada"]\n\n[[delegation]]\ncode = "ZZL"\n'
        'name = "Zedland"\ncodes = ["ZZL"]\nnames = ["Zedland"]\n', encoding="utf-8")
    manifest = corpus / "manifest.toml"
    manifest.write_text('delegations = "list.toml"\n' + manifest.read_text(), encoding="utf-8")
    site.ok("admin", "import", corpus, "--negotiation", "own")
    site.ok("admin", "user", "zed", "--member", "own:delegate:ZZL")  # only that list knows it
    backup = tmp_path / "site.tar"
    site.ok("admin", "backup", backup)
    target = fresh(dbs, tmp_path)
    target.ok("admin", "restore", backup)
    shutil.rmtree(site.data)
    target.ok("admin", "user", "zoe", "--member", "own:delegate:ZZL")
    assert ["zoe", "own", "delegate", "ZZL"] in target.snapshot()["memberships"]
    assert target.ok("admin", "check").stderr == "redline: ok: 0 missing, 0 damaged, 0 orphans\n"
    # and check notices a negotiation's list gone missing
    for option in (target.data / "options").iterdir():
        option.unlink()
    done = target.run("admin", "check")
    assert done.returncode == 1 and "own: delegations file" in done.stderr


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


def test_restore_refuses_what_is_not_a_backup(site, dbs, tmp_path):
    target = fresh(dbs, tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n")
    meta = {"schema": "redline-backup/1", "files": 0, "options": 0}
    other = "redline.sqlite3" if POSTGRES else "postgres.dump"
    cases = [
        (text, "not a redline backup"),
        (_tar(tmp_path / "a.tar", {"readme": b"x"}), "no backup.json"),
        (_tar(tmp_path / "b.tar", {"backup.json": b"{}"}), "not a redline backup"),
        (_tar(tmp_path / "c.tar", {"backup.json": json.dumps(
            {**meta, "database": "redline.sqlite3" if not POSTGRES else "postgres.dump"})
            .encode(), "../evil": b"x"}), "unexpected member"),
        (_tar(tmp_path / "d.tar", {"backup.json": json.dumps({**meta, "database": other})
                                   .encode(), other: b"x",
                                   f"files/ab/ab{'0' * 62}": b"x"}),
         "REDLINE_DATABASE_URL"),
    ]
    for source, words in cases:
        refused(target.run("admin", "restore", source), words)
    assert not (target.data / "files").exists()  # refused before anything was put there
    assert not (tmp_path / "evil").exists()


# -- with the site running ------------------------------------------------------------------

@dataclass
class Served:
    site: Site
    url: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(template, dbs, tmp_path_factory):
    """`redline serve` on a copy of the template, on a free port (not warmed: it starts
    sooner)."""
    root = tmp_path_factory.mktemp("served")
    site = Site(root / "data", dbs.new(template=template.url))
    shutil.copytree(template.data, site.data)
    port = _free_port()
    log = root / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([REDLINE, "serve", "--data", str(site.data), "--port",
                                 str(port), "--workers", "2"], stdout=out,
                                stderr=subprocess.STDOUT, env=_env(site.url, REDLINE_WARM="0"))
    try:
        deadline = time.monotonic() + 240
        while "redline: serving" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield Served(site, f"http://127.0.0.1:{port}")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _get(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _upload(url: str, token: str, vid: str, date: str, data: bytes) -> int:
    """POST a version as a multipart form, the way a client of the API does."""
    boundary = uuid.uuid4().hex
    body = b"".join(
        [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
         for k, v in (("id", vid), ("date", date))]
        + [f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
           f'filename="{vid}.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode(), data,
           f"\r\n--{boundary}--\r\n".encode()])
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.server
def test_token_is_a_bearer_token(served):
    (token,) = served.site.ok("admin", "token", "usa").stdout.splitlines()
    status, body = _get(f"{served.url}/api/v1/negotiations", token)
    assert status == 200
    assert [n["slug"] for n in body["negotiations"]] == ["oas"]
    assert _get(f"{served.url}/api/v1/negotiations", token[:-1] + "?")[0] == 401
    # each call gives a new token; the earlier ones go on working
    (second,) = served.site.ok("admin", "token", "usa").stdout.splitlines()
    assert second != token
    assert _get(f"{served.url}/api/v1/negotiations/oas", token)[0] == 200


@pytest.mark.server
def test_restore_is_refused_while_the_site_runs(served, tmp_path):
    backup = tmp_path / "site.tar"
    served.site.ok("admin", "backup", backup)  # a backup is taken while it runs
    line = refused(served.site.run("admin", "restore", backup), "the site is running")
    assert str(served.site.data) in line
    with urllib.request.urlopen(f"{served.url}/healthz", timeout=30) as r:
        assert r.status == 200


@pytest.mark.server
def test_backup_while_versions_are_uploaded_is_consistent(served, dbs, tmp_path):
    """Versions are uploaded through the API while `admin backup` runs, three times: each
    backup, restored into a fresh folder, has every row's file."""
    (token,) = served.site.ok("admin", "token", "sec").stdout.splitlines()
    url = f"{served.url}/api/v1/negotiations/oas/versions"
    stop = threading.Event()
    statuses: list[int] = []

    def upload_until_stopped() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            text = f"1. The Parties shall cooperate, upload {n} {uuid.uuid4().hex}.\n"
            statuses.append(_upload(url, token, f"up-{n:03d}", "2016-02-01",
                                    text.encode()))

    thread = threading.Thread(target=upload_until_stopped)
    thread.start()
    backups = []
    try:
        deadline = time.monotonic() + 120
        while not statuses:
            assert thread.is_alive() and time.monotonic() < deadline
            time.sleep(0.05)
        for k in range(3):
            backups.append(tmp_path / f"site-{k}.tar")
            served.site.ok("admin", "backup", backups[-1])
    finally:
        stop.set()
        thread.join(timeout=180)
    assert statuses and set(statuses) == {201}, statuses
    counts = []
    for k, backup in enumerate(backups):
        target = fresh(dbs, tmp_path, f"restored-{k}")
        target.ok("admin", "restore", backup)
        done = target.ok("admin", "check")
        assert done.stderr.startswith("redline: ok: 0 missing, 0 damaged"), done.stderr
        counts.append(len(target.snapshot()["versions"]))
    assert counts[0] > 4  # uploads were under way when the first backup was taken
    assert counts == sorted(counts)
    assert len(served.site.snapshot()["versions"]) == 4 + len(statuses)


def test_the_data_folder_is_not_for_other_accounts(dbs, tmp_path):
    """The database (password hashes, token digests), the drafts and the key: not readable by
    other accounts of the machine."""
    site = fresh(dbs, tmp_path)
    site.ok("admin", "import", REVISIONS, "--negotiation", "oas")
    assert site.data.stat().st_mode & 0o777 == 0o700
    made = [p for p in site.data.rglob("*")]
    assert made and all(p.stat().st_mode & 0o007 == 0 for p in made), \
        [(str(p), oct(p.stat().st_mode)) for p in made if p.stat().st_mode & 0o007]
