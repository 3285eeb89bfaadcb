"""The site's security promises (SECURITY.md, "The site"): CSRF on every state-changing route,
cookie flags and headers on every page, the report's own sandbox, the production profile
(`check --deploy` and the real server behind its HTTPS proxy), uploads (size, type by bytes,
generated names, served as attachments, hostile drafts escaped, a zip bomb), and sign-in
throttling."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.conftest import REVISIONS
from tests.web.conftest import PASSWORD, upload
from tests.web.test_authz import ROUTES, call, is_error_json, session, state, urls

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "redline" / "serve" / "templates"
API = "/api/v1/negotiations"
POST_ROUTES = sorted(n for n, r in ROUTES.items() if "POST" in r.methods)
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def csrf_client(who: str | None = None) -> Client:
    """A client that checks CSRF as a browser's requests are checked, signed in through the
    sign-in form (with its token) when `who` is given."""
    c = Client(enforce_csrf_checks=True)
    if who:
        c.get("/accounts/login/")
        r = c.post("/accounts/login/", {"username": who, "password": PASSWORD,
                                        "csrfmiddlewaretoken": c.cookies["csrftoken"].value})
        assert r.status_code == 302, r.status_code
    return c


# --- CSRF ------------------------------------------------------------------------------------


def test_the_csrf_test_covers_every_route_that_takes_post():
    assert POST_ROUTES == ["api-upload", "login", "logout", "members", "upload",
                           "version-delete", "version-restore"]


@pytest.mark.parametrize("name", POST_ROUTES)
def test_every_post_without_the_csrf_token_is_403_and_changes_nothing(site, name):
    from redline.serve.models import Version

    Version.objects.filter(negotiation__slug="oas", vid="2005").update(
        deleted_at="2016-01-01T00:00:00Z")  # the restore route's target
    c = csrf_client(None if name == "login" else "sec")
    before = state()
    url = urls(name)[0]
    r = call(c, "POST", name, url)
    assert r.status_code == 403, (url, r.status_code)
    if name.startswith("api-"):
        assert is_error_json(r), r.content[:200]
    assert state() == before
    signed_in = c.get("/n/oas/").status_code == 200
    assert signed_in == (name != "login")  # a refused sign-out signs nobody out
    # the control: the same request with the token goes through
    token = c.cookies["csrftoken"].value if "csrftoken" in c.cookies else None
    if token is None:
        c.get("/accounts/login/")
        token = c.cookies["csrftoken"].value
    r = call(c, "POST", name, url, HTTP_X_CSRFTOKEN=token)
    assert r.status_code in (201, 302), (url, r.status_code, r.content[:300])
    if name not in ("login", "logout"):
        assert state() != before


def test_the_api_takes_a_token_without_csrf_and_nothing_without_credentials(site):
    c = Client(enforce_csrf_checks=True)
    fields = {"id": "t1", "date": "2016-02-01"}
    r = c.post(f"{API}/oas/versions", {"file": upload("t.txt", b"1. T.\n"), **fields},
               **site.bearer("sec"))
    assert r.status_code == 201, r.content
    before = state()
    r = c.post(f"{API}/oas/versions", {"file": upload("t.txt", b"1. U.\n"), **fields,
                                       "id": "t2"})
    assert r.status_code == 401 and is_error_json(r)
    assert state() == before


def test_get_never_changes_anything(site):
    """A link (or an <img>) cannot delete, restore, sign out or add a member."""
    c, before = session("sec"), state()
    for url in ("/n/oas/v/2016-01/delete", "/n/oas/v/2016-01/restore", "/accounts/logout/"):
        assert c.get(url).status_code == 405, url
    assert c.get("/n/oas/members/?username=plain&role=secretariat").status_code == 200
    assert c.get("/n/oas/upload/?vid=x&date=2016-02-01").status_code == 200
    assert state() == before
    assert c.get("/n/oas/").status_code == 200  # still signed in


# --- cookies and headers ---------------------------------------------------------------------


def test_session_and_csrf_cookies_flags(site):
    c = Client()
    c.get("/accounts/login/")
    c.session.save()  # a session before signing in: it must not survive the sign-in
    first = c.session.session_key
    r = c.post("/accounts/login/", {"username": "sec", "password": PASSWORD})
    cookie = r.cookies["sessionid"]
    assert cookie.value != first
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert c.cookies["csrftoken"]["samesite"] == "Lax"
    assert not cookie["secure"]  # the local profile is plain HTTP; production: below


def _policy(response) -> dict[str, list[str]]:
    out = {}
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_every_page_has_nosniff_and_a_policy_without_inline_script(site):
    """Every page the site answers, as each kind of visitor (200, 302, 403, 404 alike)."""
    clients = {"anonymous": Client(), "sec": session("sec"), "obs": session("obs"),
               "plain": session("plain")}
    seen = 0
    for who, c in clients.items():
        for name, route in ROUTES.items():
            if route.kind == "api" or "GET" not in route.methods or name == "report":
                continue
            for url in urls(name):
                if name == "download" and "format=html" in url:
                    continue
                r = c.get(url)
                seen += 1
                assert r["X-Content-Type-Options"] == "nosniff", (who, url)
                policy = _policy(r)
                assert policy["frame-ancestors"] == ["'none'"], (who, url)
                assert "'unsafe-inline'" not in policy["script-src"], (who, url)
                assert "'unsafe-eval'" not in policy["script-src"], (who, url)
                assert r["X-Frame-Options"] == "DENY", (who, url)
    assert seen > 40


@pytest.mark.parametrize("path", [
    "/n/oas/compare/report?old=2015-11&new=2016-01",
    "/n/oas/compare/download?old=2015-11&new=2016-01&format=html",
    f"{API}/oas/compare?old=2015-11&new=2016-01&format=html",
])
def test_the_report_runs_in_a_sandbox_of_its_own(site, path):
    """The render stage's HTML: framed by the site only, an opaque origin (no
    allow-same-origin), and only its own inline scripts, by hash."""
    r = session("obs").get(path)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    policy = _policy(r)
    assert policy["frame-ancestors"] == ["'self'"]
    assert "sandbox" in policy and "allow-same-origin" not in policy["sandbox"]
    assert policy["script-src"] and all(s.startswith("'sha256-") for s in policy["script-src"])
    assert policy["default-src"] == ["'none'"]
    assert r["X-Frame-Options"] == "SAMEORIGIN"
    assert r["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_script_or_handlers():
    pages = sorted(TEMPLATES.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), page
        assert not re.search(r"javascript:", text, re.I), page
        for tag in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.I | re.S):
            assert "src=" in tag.group(1) and not tag.group(2).strip(), (page, tag.group(0))
        assert text.count("<script") == len(re.findall(r"<script\b[^>]*>\s*</script>", text))
        assert "|safe" not in text and "autoescape off" not in text, page


# --- the production profile ------------------------------------------------------------------


def clean_env(**extra: str) -> dict:
    """The environment without the test settings' variables, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("REDLINE_") and k != "DJANGO_SETTINGS_MODULE"}
    return {**env, **extra}


def test_production_passes_the_deploy_check_and_makes_a_private_key(tmp_path):
    data = tmp_path / "data"
    env = clean_env(REDLINE_PROFILE="production", REDLINE_ALLOWED_HOSTS="redline.example.org",
                    REDLINE_DATA=str(data))
    done = subprocess.run([sys.executable, "-m", "redline.serve.manage", "check", "--deploy",
                           "--fail-level", "WARNING"], env=env, capture_output=True, text=True,
                          timeout=180, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    key = data / "secret.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text().strip()) >= 50
    # the local profile, which is plain HTTP, is what the check would warn about
    env["REDLINE_PROFILE"] = "local"
    done = subprocess.run([sys.executable, "-m", "redline.serve.manage", "check", "--deploy",
                           "--fail-level", "WARNING"], env=env, capture_output=True, text=True,
                          timeout=180, check=False, cwd=tmp_path)
    assert done.returncode != 0 and "SECURE_SSL_REDIRECT" in done.stderr + done.stdout


def test_the_secret_key_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    from redline.serve.paths import secret_key

    monkeypatch.setenv("REDLINE_SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret.key").exists()
    monkeypatch.delenv("REDLINE_SECRET_KEY")
    first = secret_key(tmp_path)
    assert secret_key(tmp_path) == first and len(first) >= 50
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600


def test_passwords_are_hashed_with_argon2():
    import redline.serve.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert production.AUTH_PASSWORD_VALIDATORS[0]["OPTIONS"]["min_length"] >= 12


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ask(port: int, method: str, path: str, headers: dict, body: str | None = None):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


def _cookie(headers, name: str) -> str:
    found = [c for c in headers.get_all("Set-Cookie") or [] if c.startswith(f"{name}=")]
    assert found, (name, headers.get_all("Set-Cookie"))
    return found[0]


@pytest.mark.server
def test_the_production_server_behind_its_https_proxy(tmp_path):
    data = tmp_path / "data"
    bin_dir = Path(sys.executable).parent
    env = clean_env(REDLINE_PROFILE="production", REDLINE_ALLOWED_HOSTS="127.0.0.1")
    made = subprocess.run([str(bin_dir / "redline"), "admin", "user", "sec", "--password-stdin",
                           "--data", str(data)], input=PASSWORD + "\n", env=env,
                          capture_output=True, text=True, timeout=180, check=False)
    assert made.returncode == 0, made.stderr
    port = _free_port()
    server = subprocess.Popen([str(bin_dir / "redline"), "serve", "--port", str(port), "--data",
                               str(data), "--workers", "1"], env=env, stderr=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    started = threading.Event()

    def watch() -> None:
        for line in server.stderr:
            lines.append(line)
            if line.startswith("redline: serving http://"):
                started.set()
    threading.Thread(target=watch, daemon=True).start()
    try:
        assert started.wait(90), "".join(lines)[-2000:]
        host = f"127.0.0.1:{port}"
        status, headers, _ = _ask(port, "GET", "/accounts/login/", {"Host": host})
        assert status == 301 and headers["Location"] == f"https://{host}/accounts/login/"
        https = {"Host": host, "X-Forwarded-Proto": "https"}
        status, headers, _ = _ask(port, "GET", "/accounts/login/", https)
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        csrf = _cookie(headers, "csrftoken")
        assert "; Secure" in csrf and "SameSite=Lax" in csrf
        token = csrf.split(";")[0].split("=", 1)[1]
        form = urlencode({"username": "sec", "password": PASSWORD,
                          "csrfmiddlewaretoken": token})
        status, headers, _ = _ask(port, "POST", "/accounts/login/", {
            **https, "Cookie": f"csrftoken={token}", "Origin": f"https://{host}",
            "Content-Type": "application/x-www-form-urlencoded"}, form)
        assert status == 302, status
        sid = _cookie(headers, "sessionid")
        assert "; Secure" in sid and "HttpOnly" in sid and "SameSite=Lax" in sid
        assert headers["Strict-Transport-Security"]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert code == 0, "".join(lines)[-2000:]
    import sqlite3

    with sqlite3.connect(data / "redline.sqlite3") as db:
        (hashed,) = db.execute("select password from auth_user where username='sec'").fetchone()
    assert hashed.startswith("argon2$")


# --- uploads ---------------------------------------------------------------------------------


def test_an_upload_over_the_limit_is_413(site, settings):
    settings.MAX_UPLOAD = 1000
    before, big = state(), b"1. A long paragraph.\n" * 100
    r = Client().post(f"{API}/oas/versions", {"file": upload("big.txt", big), "id": "big",
                                              "date": "2016-02-01"}, **site.bearer("sec"))
    assert r.status_code == 413 and is_error_json(r)
    r = session("sec").post("/n/oas/upload/", {"file": upload("big.txt", big), "vid": "big",
                                               "date": "2016-02-01"})
    assert r.status_code == 413
    # a body far over the limit is refused before it is read
    huge = b"1. Text.\n" * (1024 * 1024 // 9 + 1000)
    r = Client().post(f"{API}/oas/versions", {"file": upload("huge.txt", huge), "id": "huge",
                                              "date": "2016-02-01"}, **site.bearer("sec"))
    assert r.status_code == 413 and is_error_json(r)
    assert state() == before
    settings.MAX_UPLOAD = 50 * 1024 * 1024  # the control: the same file is taken
    r = Client().post(f"{API}/oas/versions", {"file": upload("big.txt", big), "id": "big",
                                              "date": "2016-02-01"}, **site.bearer("sec"))
    assert r.status_code == 201


@pytest.mark.parametrize(("name", "data", "status"), [
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, 415),
    ("draft.docx", b"1. Plain text named as a Word file.\n", 422),
])
def test_the_type_is_judged_by_the_bytes(site, name, data, status):
    before = state()
    r = Client().post(f"{API}/oas/versions", {"file": upload(name, data), "id": "x",
                                              "date": "2016-02-01"}, **site.bearer("sec"))
    assert r.status_code == status and is_error_json(r)
    r = session("sec").post("/n/oas/upload/", {"file": upload(name, data), "vid": "x",
                                               "date": "2016-02-01"})
    assert r.status_code == status
    assert state() == before


def _multipart(filename: str, data: bytes, fields: dict) -> tuple[bytes, str]:
    """A multipart body naming the file exactly as given (Django's test client would keep
    only its last path component itself)."""
    boundary = "----redline-test-boundary"
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                  f"{v}\r\n".encode())
    out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
              f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'.encode())
    out.write(data + f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(("sent", "kept"), [
    ("../../evil.txt", "evil.txt"),
    ("..\\..\\evil.txt", "evil.txt"),
    ("/etc/cron.d/evil.txt", "evil.txt"),
])
def test_an_upload_is_stored_under_a_generated_name(site, settings, tmp_path, sent, kept):
    import hashlib

    data_dir = tmp_path / "a" / "b" / "data"
    settings.DATA = data_dir
    text = b"1. A draft with a hostile file name.\n"
    body, kind = _multipart(sent, text, {"id": "named", "date": "2016-02-01"})
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    r = Client().post(f"{API}/oas/versions", body, content_type=kind, **site.bearer("sec"))
    assert r.status_code == 201, r.content
    assert r.json()["file_name"] == kept and r.json()["state"] == "ready"
    sha = hashlib.sha256(text).hexdigest()
    stored = data_dir / "files" / sha[:2] / sha
    assert stored.read_bytes() == text
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    assert stored in written and all(data_dir in p.parents for p in written), written
    assert not [p for p in written if "evil" in str(p.relative_to(data_dir))]
    assert not Path("/etc/cron.d/evil.txt").exists() and not Path("evil.txt").exists()


def test_the_file_as_uploaded_is_only_ever_an_attachment(site):
    name = 'draft"; filename=x.html\r\nX-Evil: 1.html'
    body, kind = _multipart(name.replace("\r\n", " "), b"<html><script>alert(1)</script>",
                            {"id": "h", "date": "2016-02-01"})
    r = Client().post(f"{API}/oas/versions", body, content_type=kind, **site.bearer("sec"))
    assert r.status_code == 201, r.content
    for url, c in (("/n/oas/v/h/file", session("obs")), (f"{API}/oas/versions/h/file", None)):
        r = (c or Client()).get(url, **({} if c else site.bearer("obs")))
        assert r.status_code == 200
        assert r["Content-Type"] == "application/octet-stream"
        assert r["X-Content-Type-Options"] == "nosniff"
        disposition = r["Content-Disposition"]
        assert disposition.startswith('attachment; filename="')
        assert disposition.count('"') == 2 and "\n" not in disposition
        assert "X-Evil" not in r.headers
        assert r.content == b"<html><script>alert(1)</script>"


def test_a_hostile_draft_is_shown_as_text(site):
    text = (REVISIONS / "2016-01.txt").read_text(encoding="utf-8") + \
        f"\nA closing paragraph {SCRIPT} and {IMG}. (Proposed by USA- 2-1-2016)\n"
    c = session("sec")
    r = c.post("/n/oas/upload/", {"file": upload("<img src=x onerror=alert(3)>.txt",
                                                 text.encode()),
                                  "vid": "hostile", "date": "2016-02-01", "label": SCRIPT})
    assert r.status_code == 302, r.content[-500:]
    pages = {
        "register": c.get("/n/oas/"),
        "read": c.get("/n/oas/read/?version=hostile"),
        "compare": c.get("/n/oas/compare/?old=2016-01&new=hostile"),
        "report": c.get("/n/oas/compare/report?old=2016-01&new=hostile"),
        "annex": c.get("/n/oas/annex/report?from=2016-01&to=hostile"),
        "log": c.get("/n/oas/log/"),
    }
    for what, r in pages.items():
        assert r.status_code == 200, what
        page = r.content.decode("utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page, what
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["read"].content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["read"].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["register"].content.decode()
    assert "alert(1)" in pages["report"].content.decode()  # there, as text


def _zip_bomb(size: int = 210 * 1024 * 1024) -> bytes:
    """A .docx whose word/document.xml inflates to more than 200 MB (of zeros)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_one_line_of_error_and_the_site_still_answers(site):
    bomb = _zip_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    started = time.monotonic()
    r = Client().post(f"{API}/oas/versions", {"file": upload("bomb.docx", bomb), "id": "bomb",
                                              "date": "2016-02-01"}, **site.bearer("sec"))
    assert r.status_code == 201, r.content
    assert time.monotonic() - started < 60
    version = Client().get(f"{API}/oas", **site.bearer("sec")).json()["versions"][0]
    assert version["id"] == "bomb" and version["state"] == "error"
    assert version["error"] and "\n" not in version["error"] and len(version["error"]) < 500
    assert Client().get("/healthz").status_code == 200
    r = Client().get(f"{API}/oas/compare?old=2015-11&new=2016-01", **site.bearer("obs"))
    assert r.status_code == 200
    r = Client().get(f"{API}/oas/compare?old=2016-01&new=bomb", **site.bearer("obs"))
    assert r.status_code in (409, 422) and is_error_json(r)


# --- sign-in throttling ----------------------------------------------------------------------


def _sign_in(c: Client, who: str, password: str, **extra):
    return c.post("/accounts/login/", {"username": who, "password": password}, **extra)


def test_five_wrong_passwords_lock_the_account(site):
    c = Client()
    for _ in range(5):
        assert _sign_in(c, "sec", "wrong password, long enough").status_code != 302
    r = _sign_in(c, "sec", PASSWORD)
    assert r.status_code == 429
    assert "_auth_user_id" not in c.session
    assert c.get("/n/oas/").status_code == 302
    # the control: four wrong ones do not lock, and the right one then signs in
    for _ in range(4):
        assert _sign_in(c, "obs", "wrong password, long enough").status_code == 200
    assert _sign_in(c, "obs", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_does_not_dodge_the_lock(site):
    c = Client()
    for k in range(5):
        _sign_in(c, "sec", "wrong password, long enough", HTTP_X_FORWARDED_FOR=f"10.0.0.{k}")
    r = _sign_in(c, "sec", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert r.status_code == 429


def test_sign_in_never_sends_anyone_off_the_site(site):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        r = Client().post(f"/accounts/login/?next={target}",
                          {"username": "obs", "password": PASSWORD, "next": target})
        assert r.status_code == 302 and r["Location"] == "/", target
