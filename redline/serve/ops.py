"""What an administrator runs (`redline admin ...`): accounts and their roles, API tokens,
importing a corpus folder, checking that the database and the files agree, backup and restore.
Each raises `RedlineError` with one line on bad input."""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from redline.errors import RedlineError
from redline.serve import results, store
from redline.serve.models import ApiToken, Event, Membership, Negotiation, Version

ROLE_NAMES = ("secretariat", "delegate", "observer")
TEXT_MAX = 300  # a title, label or meeting (as an upload's label; PostgreSQL enforces it)


def user(name: str, members: tuple[str, ...] = (), site_admin: bool = False,
         password: str | None = None) -> str | None:
    """Create or update the account `name`; returns a generated password for a new account
    given none (shown once), else None. `members` are `SLUG:ROLE[:CODE]`."""
    wanted = [_member(spec) for spec in members]  # every --member checked before any change
    model = get_user_model()
    existing = model.objects.filter(username=name).first()
    generated = None
    if password is None and existing is None:
        generated = password = secrets.token_urlsafe(12)
    if password is not None:
        try:
            validate_password(password, existing)
        except ValidationError as exc:
            raise RedlineError(f"password: {' '.join(exc.messages)}") from None
    if not name or len(name) > 150:
        raise RedlineError("user name: 1 to 150 characters")
    with transaction.atomic():
        account = existing or model(username=name)
        if password is not None:
            account.set_password(password)
        if site_admin:
            account.is_staff = account.is_superuser = True
        account.save()
        for neg, role, code in wanted:
            Membership.objects.update_or_create(user=account, negotiation=neg,
                                                defaults={"role": role, "delegation": code})
    return generated


def _member(spec: str) -> tuple[Negotiation, str, str]:
    parts = spec.split(":")
    if len(parts) not in (2, 3):
        raise RedlineError(f"--member {spec!r}: SLUG:ROLE[:CODE]")
    slug, role = parts[0], parts[1]
    neg = Negotiation.objects.filter(slug=slug).first()
    if neg is None:
        raise RedlineError(f"--member {spec!r}: no negotiation {slug!r} (redline admin import)")
    if role not in ROLE_NAMES:
        raise RedlineError(f"--member {spec!r}: ROLE is one of {', '.join(ROLE_NAMES)}")
    code = parts[2] if len(parts) == 3 else ""
    if role == "delegate":
        if not code:
            raise RedlineError(f"--member {spec!r}: a delegate needs its delegation's CODE")
        code = results.canonical_code(neg, code)
    elif code:
        raise RedlineError(f"--member {spec!r}: only a delegate has a delegation")
    return neg, role, code


def token(name: str) -> str:
    """A new API token for `name` (only its digest is kept)."""
    account = get_user_model().objects.filter(username=name).first()
    if account is None:
        raise RedlineError(f"no account named {name!r} (redline admin user {name})")
    value = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=account, digest=ApiToken.digest_of(value))
    return value


def import_corpus(folder: str, slug: str, title: str | None = None,
                  access: str | None = None) -> tuple[Negotiation, int, list[str]]:
    """A corpus folder as a negotiation: its manifest's keys and every version (read now).
    Versions already there with the same bytes are kept; returns the negotiation, how many
    versions were added, and the one-line errors of those that could not be read."""
    from redline.corpus.manifest import load_manifest, manifest_reading
    from redline.serve.tasks import read_version
    from redline.serve.uploads import VERSION_ID, Refused, file_type

    versions = load_manifest(folder)
    keys, authors = manifest_reading(folder)
    if not slug or len(slug) > 80 or not all(c.isalnum() or c in "-_" for c in slug):
        raise RedlineError(f"--negotiation {slug!r}: letters, digits, '-' and '_'")
    if title is not None and not 1 <= len(title) <= TEXT_MAX:
        raise RedlineError(f"--title: 1 to {TEXT_MAX} characters")
    stored = {}
    for key in ("conventions", "delegations"):
        value = keys.get(key)
        if value and (Path(folder) / value).is_file():
            stored[key] = str(store.option_file((Path(folder) / value).read_bytes()))
        elif value:
            stored[key] = value
    planned = []
    neg = Negotiation.objects.filter(slug=slug).first()
    for v in versions:
        if not VERSION_ID.match(v.id):
            raise RedlineError(f"version {v.id!r}: an id of letters, digits, '.', '-', '_'")
        data = v.path.read_bytes()
        old = neg.versions.filter(vid=v.id).first() if neg else None
        if old is not None:
            if old.sha256 != hashlib.sha256(data).hexdigest():
                raise RedlineError(f"version {v.id}: already in {slug} with other bytes")
            continue
        try:
            kind = file_type(v.path.name, data)
        except Refused as exc:
            raise RedlineError(exc.message) from None
        planned.append((v, data, kind))
    with transaction.atomic():
        neg = neg or Negotiation(slug=slug, title=title or slug)
        if title:
            neg.title = title
        if access:
            neg.access = access
        neg.conventions = stored.get("conventions") or neg.conventions or "auto"
        neg.delegations = stored.get("delegations", neg.delegations)
        neg.language = keys.get("language", neg.language or "en")
        neg.date_order = keys.get("date_order", neg.date_order)
        neg.authors = dict(authors) or neg.authors
        neg.save()
        rows = []
        for v, data, kind in planned:
            sha = store.put(data)
            rows.append(Version.objects.create(
                negotiation=neg, vid=v.id, date=v.date, label=v.label[:TEXT_MAX],
                meeting=v.meeting[:TEXT_MAX],
                file_name=v.path.name, file_type=kind, sha256=sha, size=len(data)))
        Event.objects.create(negotiation=neg, action="import",
                             target=f"{len(rows)} versions from {Path(folder).name}")
    errors = []
    for row in rows:
        if read_version.call(row.pk) == "error":
            row.refresh_from_db()
            errors.append(f"{row.vid}: {row.error}")
    return neg, len(rows), errors


@dataclass
class Check:
    missing: list[str]
    damaged: list[str]
    orphans: list[str]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.damaged


def check() -> Check:
    """Every version's file is stored, with its bytes; stored files no row names (orphans)."""
    missing, damaged = [], []
    names = set()
    for v in Version.objects.select_related("negotiation").order_by("negotiation__slug", "vid"):
        names.add(v.sha256)
        path = store.file_path(v.sha256)
        if not path.is_file():
            missing.append(f"{v.negotiation.slug}/{v.vid}: file {v.sha256} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != v.sha256:
            damaged.append(f"{v.negotiation.slug}/{v.vid}: file {v.sha256} does not match")
    for neg in Negotiation.objects.order_by("slug"):
        for key in ("conventions", "delegations"):
            value = getattr(neg, key)
            if _option_name(value) and not Path(value).is_file():
                missing.append(f"{neg.slug}: {key} file {value} is missing")
    orphans = sorted(store.stored() - names)
    return Check(missing, damaged, orphans)


def _option_name(value: str) -> str | None:
    """The stored option file a negotiation's `conventions` or `delegations` names, if any."""
    p = Path(value or "")
    return p.name if p.parent.name == "options" and _stored_name(f"options/{p.name}") else None


def _rehome_options(data: Path) -> None:
    """Point the negotiations' own option files at this data folder's copies: a backup
    restored into another folder names the old folder's."""
    for pk, conventions, delegations in Negotiation.objects.values_list(
            "pk", "conventions", "delegations"):
        moved = {}
        for key, value in (("conventions", conventions), ("delegations", delegations)):
            name = _option_name(value)
            if name and value != str(data / "options" / name):
                moved[key] = str(data / "options" / name)
        if moved:
            Negotiation.objects.filter(pk=pk).update(**moved)


# -- backup and restore ----------------------------------------------------------------------

LOCK = "serve.lock"


@contextmanager
def serving_lock(data: Path):
    """Held by `redline serve` while it runs; `restore` refuses when it cannot take it."""
    data.mkdir(parents=True, exist_ok=True)
    fh = open(data / LOCK, "a+")  # noqa: SIM115 (held for the whole block)
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            pid = fh.read().strip() or "?"
            raise RedlineError(f"the site is running on {data} (pid {pid}): stop it "
                               "first") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["-d", str(db["NAME"])]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args, env


def _pg(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise RedlineError(f"{tool} not found: install PostgreSQL's client programs")
    return found


def backup(target: str) -> dict:
    """One archive (tar) of the database, taken consistently while the site runs (SQLite's
    backup API, or pg_dump), then every stored file: files are stored before their rows are
    written, so every row of the snapshot finds its file. Results are not kept (they are
    recomputed); nor is the secret key."""
    out = Path(target)
    if out.exists() and out.is_dir():
        raise RedlineError(f"{target}: is a directory")
    if not out.parent.is_dir():
        raise RedlineError(f"{target}: folder {out.parent} does not exist")
    with tempfile.TemporaryDirectory() as tmp:
        if _postgres():
            dump = Path(tmp) / "postgres.dump"
            args, env = _pg_env()
            run = subprocess.run([_pg("pg_dump"), "-Fc", "--no-owner", "-f", str(dump), *args],
                                 env=env, capture_output=True, text=True, check=False)
            if run.returncode:
                raise RedlineError(f"pg_dump failed: {' '.join(run.stderr.split())[:300]}")
        else:
            dump = Path(tmp) / "redline.sqlite3"
            src = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            dst = sqlite3.connect(dump)
            with dst:
                src.backup(dst)
            src.close()
            dst.close()
        files = sorted(store.stored())
        options = sorted(p.name for p in (Path(settings.DATA) / "options").glob("*.toml"))
        meta = {"schema": "redline-backup/1", "database": dump.name, "files": len(files),
                "options": len(options)}
        fd, part = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        os.close(fd)
        try:
            with tarfile.open(part, "w") as tar:
                body = json.dumps(meta, indent=1).encode()
                info = tarfile.TarInfo("backup.json")
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
                tar.add(dump, arcname=dump.name)
                for sha in files:
                    tar.add(store.file_path(sha), arcname=f"files/{sha[:2]}/{sha}")
                for name in options:
                    tar.add(Path(settings.DATA) / "options" / name, arcname=f"options/{name}")
            os.replace(part, out)
        except BaseException:
            Path(part).unlink(missing_ok=True)
            raise
    return meta


def restore(source: str, data: Path) -> dict:
    """Put a backup back: refused while the site runs (its lock), and for an archive that is
    not a redline backup. Stored files are added; the database is replaced."""
    with serving_lock(data):
        try:
            tar = tarfile.open(source, "r")  # noqa: SIM115 (closed by the `with` below)
        except tarfile.TarError:
            raise RedlineError(f"{source}: not a redline backup (not a tar archive)") from None
        except OSError as exc:
            raise RedlineError(f"{source}: {exc.strerror or exc}") from None
        with tar, tempfile.TemporaryDirectory(dir=data) as tmp:
            try:
                meta = json.loads(tar.extractfile("backup.json").read())
            except (KeyError, AttributeError, ValueError):
                raise RedlineError(f"{source}: not a redline backup (no backup.json)") from None
            if not isinstance(meta, dict) or meta.get("schema") != "redline-backup/1" \
                    or meta.get("database") not in ("redline.sqlite3", "postgres.dump"):
                raise RedlineError(f"{source}: not a redline backup")
            # refused before anything is put in the data folder
            if meta["database"] == "postgres.dump" and not _postgres():
                raise RedlineError(f"{source}: a PostgreSQL backup; set REDLINE_DATABASE_URL "
                                   "to restore it")
            if meta["database"] == "redline.sqlite3" and _postgres():
                raise RedlineError(f"{source}: a SQLite backup; unset REDLINE_DATABASE_URL to "
                                   "restore it")
            members = tar.getmembers()
            for m in members:
                ok = m.isfile() and (m.name in ("backup.json", meta["database"])
                                     or _stored_name(m.name))
                if not ok:
                    raise RedlineError(f"{source}: unexpected member {m.name!r}")
            if meta["database"] not in {m.name for m in members}:
                raise RedlineError(f"{source}: not a redline backup (no {meta['database']})")
            tar.extractall(tmp, filter="data")
            for kind in ("files", "options"):
                for p in sorted((Path(tmp) / kind).rglob("*")):
                    if p.is_file():
                        target = data / p.relative_to(tmp)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        if not target.exists():
                            os.replace(p, target)
            dump = Path(tmp) / str(meta["database"])
            if meta["database"] == "postgres.dump":
                args, env = _pg_env()
                connection.close()
                run = subprocess.run([_pg("pg_restore"), "--clean", "--if-exists",
                                      "--no-owner", *args, str(dump)], env=env,
                                     capture_output=True, text=True, check=False)
                if run.returncode:
                    raise RedlineError(f"pg_restore failed: {' '.join(run.stderr.split())[:300]}")
            else:
                connection.close()
                db = Path(settings.DATABASES["default"]["NAME"])
                for extra in ("-wal", "-shm"):
                    Path(f"{db}{extra}").unlink(missing_ok=True)
                os.replace(dump, db)
            _rehome_options(data)
    return meta


def _stored_name(name: str) -> bool:
    parts = name.split("/")
    if len(parts) == 3 and parts[0] == "files":
        return len(parts[2]) == 64 and parts[1] == parts[2][:2] and \
            all(c in "0123456789abcdef" for c in parts[2])
    return len(parts) == 2 and parts[0] == "options" and parts[1].endswith(".toml") and \
        len(parts[1]) == 69
