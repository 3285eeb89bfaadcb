"""The site in a real browser: `redline serve` started as the secretariat would start it, and
Debian's Chromium (driven by Playwright) signing in, uploading a Word draft, reading the
redline in its frame, filtering it, downloading the Word redline and the annex PDF; a delegate
seeing its audit and nothing it may not; no console error and no CSP violation on any page.

`REDLINE_SCREENSHOTS=1` also writes docs/screenshots/site_*.png (1280x900)."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from redline.api import load
from tests.conftest import REVISIONS
from tests.docx_fixtures import docx, ins, p, r
from tests.web.conftest import OTHER_DRAFTS, PASSWORD, write_corpus

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "docs" / "screenshots"
SHOOT = os.environ.get("REDLINE_SCREENSHOTS") == "1"
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT = 90  # seconds: the server's start, a draft's reading

pytestmark = [pytest.mark.browser, pytest.mark.server,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason="no Debian chromium (see scripts/ensure-chromium)")]

# Chromium reports a page answered with an error status as a console error; the tests that
# ask for a 403 or a 404 on purpose take that one line out (see `expect_status`).
WATCH = """document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI);
});"""


def redline_bin() -> str:
    here = Path(sys.executable).with_name("redline")
    return str(here) if here.exists() else (shutil.which("redline") or "redline")


def clean_env() -> dict:
    """The environment without the test settings' variables (they name another database)."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("REDLINE_") and k != "DJANGO_SETTINGS_MODULE"}


def run(*args: str, stdin: str | None = None) -> None:
    done = subprocess.run([redline_bin(), *args], input=stdin, capture_output=True, text=True,
                          env=clean_env(), timeout=180, check=False)
    assert done.returncode == 0, f"redline {' '.join(args)}: {done.stderr}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def word_draft() -> bytes:
    """2016-01's text as a Word file with a tracked insertion by the United States and a new
    paragraph proposed by Canada: the redline against 2016-01 credits both."""
    paras = [x.raw for x in load(REVISIONS / "2016-01.txt", conventions="oas").body]
    body = []
    for text in paras:
        if text.startswith("There is recognition of the close connection"):
            body.append(p(r(text), ins(" The United States proposes that this review be "
                                       "completed in 2016.", author="United States",
                                       date="2016-02-01T10:00:00Z")))
        else:
            body.append(p(text))
        if text.startswith("The countries of the Hemisphere recognize"):
            body.append(p("Member states shall share data on migration flows every year. "
                          "(Proposed by CAN- 2-1-2016)"))
    assert len(body) == len(paras) + 1
    return docx("".join(body))


@dataclass
class Site:
    url: str
    data: Path
    draft: Path
    log: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A data folder with `oas` (the repository's corpus) and `secret` (two small drafts), both
    restricted; `chair` (oas secretariat), `usa` (oas delegate of USA), `admin` (site admin,
    member of nothing); the real server on a free port, stopped at the end."""
    tmp = tmp_path_factory.mktemp("site")
    data = tmp / "data"
    run("admin", "import", str(REVISIONS), "--negotiation", "oas",
        "--title", "Inter-American Program on Migrants (OAS)", "--access", "restricted",
        "--data", str(data))
    secret = write_corpus(tmp / "secret", OTHER_DRAFTS, ["2016-03-01", "2016-04-01"])
    run("admin", "import", str(secret), "--negotiation", "secret", "--title", "Secret talks",
        "--access", "restricted", "--data", str(data))
    for name, extra in (("chair", ["--member", "oas:secretariat"]),
                        ("usa", ["--member", "oas:delegate:USA"]),
                        ("admin", ["--site-admin"])):
        run("admin", "user", name, *extra, "--password-stdin", "--data", str(data),
            stdin=PASSWORD + "\n")
    draft = tmp / "2016-02 draft.docx"
    draft.write_bytes(word_draft())

    port = free_port()
    proc = subprocess.Popen([redline_bin(), "serve", "--port", str(port), "--data", str(data),
                             "--workers", "2"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=clean_env())
    s = Site(f"http://127.0.0.1:{port}", data, draft)
    ready = threading.Event()

    def drain() -> None:  # read stderr to the end, so that the server never blocks on it
        for line in proc.stderr:
            s.log.append(line.rstrip())
            if line.startswith(f"redline: serving {s.url} "):
                ready.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        assert ready.wait(TIMEOUT) and proc.poll() is None, \
            "redline serve did not start:\n" + "\n".join(s.log)
        yield s
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        reader.join(10)


@pytest.fixture(scope="module")
def playwright():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        yield pw


class Session:
    """One account in a browser of its own (a fresh profile): its pages and every console
    error, uncaught exception and CSP violation they had, the report frame's included."""

    def __init__(self, playwright, profile: Path, site: Site):
        self.site = site
        self.errors: list[str] = []
        self.context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport=VIEWPORT, accept_downloads=True)
        self.context.add_init_script(WATCH)
        self.context.set_default_timeout(30_000)
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))

    def _console(self, msg) -> None:
        if msg.type == "error":
            where = msg.location.get("url") or self.page.url
            self.errors.append(f"{self.page.url} <- {where}: {msg.text}")

    def go(self, path: str, status: int = 200):
        response = self.page.goto(self.site.url + path)
        assert response is not None and response.status == status, (path, response.status)
        return response

    def expect_status(self, path: str, status: int) -> None:
        """Ask for a page that must be refused with `status`; Chromium's line about it is
        expected, not an error (and so is the one about /favicon.ico, which a refusal in
        plain text makes it ask for)."""
        before = len(self.errors)
        self.go(path, status)
        self.page.wait_for_timeout(200)
        new = self.errors[before:]
        del self.errors[before:]
        self.errors += [e for e in new if f"status of {status}" not in e
                        and "/favicon.ico: " not in e]  # a page with no icon of its own

    def sign_in(self, who: str) -> None:
        self.go("/accounts/login/")
        self.page.fill("#id_username", who)
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("main button[type=submit]").click()
        self.page.wait_for_url(self.site.url + "/")
        assert self.page.locator("header .who").inner_text().startswith(who)

    def frame(self):
        """The report frame, once its document has loaded."""
        handle = self.page.locator("iframe#report").element_handle()
        frame = handle.content_frame()
        frame.wait_for_load_state("load")
        return frame

    def no_errors(self) -> None:
        self.page.wait_for_timeout(300)  # late console lines
        assert self.errors == [], "\n".join(self.errors)

    def shot(self, name: str, full_page: bool = False) -> None:
        if SHOOT:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.wait_for_timeout(250)
            self.page.screenshot(path=str(SHOTS / f"site_{name}.png"), full_page=full_page)


@pytest.fixture(scope="module")
def sessions(playwright, site, tmp_path_factory):
    opened: dict[str, Session] = {}

    def open_as(who: str, *, signed_in: bool = True) -> Session:
        key = who if signed_in else f"{who}-anonymous"
        if key not in opened:
            s = Session(playwright, tmp_path_factory.mktemp(f"chromium-{key}"), site)
            if signed_in:
                s.sign_in(who)
            opened[key] = s
        return opened[key]

    yield open_as
    for s in opened.values():
        s.context.close()


def row(page, vid: str):
    return page.locator("#register tbody tr").filter(
        has=page.locator("td:first-child a", has_text=re.compile(f"^{re.escape(vid)}$")))


def test_secretariat_uploads_a_word_draft_and_reads_its_redline(sessions, site):
    s = sessions("chair", signed_in=False)
    pg = s.page
    s.go("/accounts/login/")
    s.shot("login")
    s.sign_in("chair")
    s.shot("home")
    pg.get_by_role("link", name="Inter-American Program on Migrants (OAS)").click()
    pg.wait_for_url(f"{site.url}/n/oas/")
    assert row(pg, "2016-01").get_attribute("data-state") == "ready"

    pg.get_by_role("link", name="Upload a version").click()
    pg.wait_for_url(f"{site.url}/n/oas/upload/")
    pg.set_input_files("#upload-form input[type=file]", str(site.draft))
    assert pg.locator("#drop-name").inner_text() == site.draft.name
    pg.fill("#id_vid", "2016-02")
    pg.fill("#id_label", "Draft review after the meeting of February 1, 2016")
    pg.fill("#id_date", "2/1/2016")  # reads two ways, and no order is chosen
    before = len(s.errors)
    pg.locator("#upload-form button[type=submit]").click()
    pg.wait_for_load_state()
    date_error = pg.locator("#id_date ~ p.error")
    assert "reads two ways" in date_error.inner_text()
    assert "1 February 2016" in date_error.inner_text()
    assert "2 January 2016" in date_error.inner_text()
    s.shot("upload")
    s.errors[before:] = [e for e in s.errors[before:] if "status of 400" not in e]

    pg.set_input_files("#upload-form input[type=file]", str(site.draft))  # a form forgets it
    pg.fill("#id_date", "1 Feb 2016")
    pg.locator("#upload-form button[type=submit]").click()
    pg.wait_for_url(f"{site.url}/n/oas/")
    assert pg.locator("ul.messages").inner_text() == "Version 2016-02 uploaded."
    mine = row(pg, "2016-02")
    first = mine.get_attribute("data-state")
    assert first in ("reading", "ready")
    if first == "reading":  # the reader had not finished when the page was made
        assert mine.locator(".badge").inner_text() == "reading…"
        assert pg.locator("#reading-note").is_visible()
    pg.wait_for_selector("#register tr[data-state=ready] >> text=/^2016-02$/",
                         timeout=TIMEOUT * 1000)  # the page refreshes itself
    mine = row(pg, "2016-02")
    assert mine.locator(".badge").inner_text() == "ready"
    assert mine.locator("td").nth(1).inner_text() == "2016-02-01"
    assert mine.locator("td").nth(3).inner_text() == "docx"
    assert pg.locator("#reading-note").count() == 0
    s.shot("register", full_page=True)

    mine.get_by_role("link", name="compare with 2016-01").click()
    pg.wait_for_url(re.compile(r"/n/oas/compare/\?old=2016-01&new=2016-02$"))
    report = pg.frame_locator("iframe#report")
    assert "2016-01" in report.locator("header.top .old-name").inner_text()
    assert "2016-02" in report.locator("header.top .new-name").inner_text()
    ins_usa = report.locator("#redline ins.chg",
                             has_text="The United States proposes that this review")
    assert ins_usa.first.is_visible()
    assert report.locator(".note:visible .badge", has_text="CAN").count() >= 1
    box = pg.locator("iframe#report").bounding_box()
    assert box["height"] >= 480 and box["width"] >= 1000
    s.shot("compare")

    report.locator("#filter-delegation").select_option("USA")
    visible = report.locator("#redline .para:visible")
    assert visible.count() >= 1
    for codes in visible.evaluate_all("els => els.map(e => e.dataset.delegations || '')"):
        assert "USA" in codes.split()
    assert report.locator(".note:visible .badge", has_text="CAN").count() == 0
    assert report.locator(".note:visible .badge", has_text="USA").count() >= 1
    rows = report.locator(".changes-table tbody tr:visible")
    assert rows.count() >= 1
    for codes in rows.evaluate_all("els => els.map(e => e.dataset.delegations)"):
        assert codes.split() == ["USA"]
    assert "paragraphs shown" in report.locator("#filter-count").inner_text()
    assert ins_usa.first.is_visible()
    s.shot("compare_filtered")

    with pg.expect_download() as got:
        pg.locator(".downloads a", has_text=re.compile("^DOCX$")).click()
    word = Path(got.value.path()).read_bytes()
    assert got.value.suggested_filename.endswith(".docx")
    with zipfile.ZipFile(io.BytesIO(word)) as z:
        assert "word/document.xml" in z.namelist()
        assert b"w:ins" in z.read("word/document.xml")

    s.go("/n/oas/")
    pg.get_by_role("link", name="Annex: changes since the last meeting").click()
    pg.wait_for_url(re.compile(r"/n/oas/annex/\?from=2016-01&to=2016-02$"))
    annex = pg.frame_locator("iframe#report")
    assert annex.locator("body").inner_text() != ""
    assert annex.locator("ins", has_text="The United States proposes").first.is_visible()
    s.shot("annex")
    with pg.expect_download() as got:
        pg.locator(".downloads a", has_text=re.compile("^PDF$")).click()
    pdf = Path(got.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    s.no_errors()


def test_delegate_sees_its_audit_and_nothing_it_may_not(sessions, site):
    s = sessions("usa")
    pg = s.page
    assert pg.get_by_role("link", name="Secret talks").count() == 0
    assert "secret" not in pg.locator("main").inner_text().lower()
    pg.get_by_role("link", name="Inter-American Program on Migrants (OAS)").click()
    pg.wait_for_url(f"{site.url}/n/oas/")
    assert pg.get_by_role("link", name="Upload a version").count() == 0
    assert pg.get_by_role("link", name="Members").count() == 0
    assert pg.get_by_role("button", name="delete").count() == 0
    pg.get_by_role("link", name="Our audit (USA)").click()
    pg.wait_for_url(re.compile(r"/n/oas/audit/\?delegation=USA$"))
    audit = pg.frame_locator("iframe#report")
    heading = audit.locator("h1")
    assert "USA" in heading.inner_text() and "United States" in heading.inner_text()
    assert audit.locator("table.proposals").first.is_visible()
    s.shot("audit")
    s.expect_status("/n/oas/upload/", 403)
    s.expect_status("/n/oas/log/", 403)
    s.expect_status("/n/secret/", 404)
    s.expect_status("/n/secret/compare/?old=a&new=b", 404)
    s.go("/")
    assert "Secret talks" not in pg.locator("main").inner_text()
    s.no_errors()


PAGES = {  # what the secretariat opens, and the screenshot it makes of it (full page or not)
    "/": ("home", True),
    "/n/oas/": (None, False),
    "/n/oas/upload/": (None, False),
    "/n/oas/history/": ("history", False),
    "/n/oas/read/?version=2016-01": ("read", False),
    "/n/oas/audit/?delegation=VEN": (None, False),
    "/n/oas/members/": ("members", True),
    "/n/oas/log/": ("log", False),
}


def test_no_console_error_nor_csp_violation_on_any_page(sessions, site):
    chair = sessions("chair")
    pg = chair.page
    chair.go("/n/oas/")
    compare = pg.locator("#register tbody tr a", has_text="compare with").last
    annex = pg.get_by_role("link", name="Annex: changes since the last meeting")
    paths = [*PAGES, compare.get_attribute("href"), annex.get_attribute("href")]
    probed = False
    for path in paths:
        chair.go(path)
        name, full = PAGES.get(path, (None, False))
        if pg.locator("iframe#report").count():
            frame = chair.frame()
            assert frame.locator("body").inner_text().strip(), path  # not an empty frame
            if not probed:  # the frame's console reaches the listener
                frame.evaluate("console.error('probe from the report frame')")
                pg.wait_for_timeout(200)
                assert any("probe from the report frame" in e for e in chair.errors)
                chair.errors[:] = [e for e in chair.errors if "probe from the report" not in e]
                probed = True
        if name:
            chair.shot(name, full_page=full)
        assert chair.errors == [], (path, chair.errors)
    assert probed

    usa = sessions("usa")
    for path in ("/", "/n/oas/", "/n/oas/audit/?delegation=USA", "/n/oas/history/"):
        usa.go(path)
        if usa.page.locator("iframe#report").count():
            assert usa.frame().locator("body").inner_text().strip()
    usa.no_errors()

    admin = sessions("admin")
    assert admin.page.get_by_role("link", name="Secret talks").count() == 1  # a site admin
    admin.page.get_by_role("link", name="Admin", exact=True).click()
    admin.page.wait_for_url(f"{site.url}/admin/")
    assert admin.page.locator("#site-name").is_visible()
    admin.shot("admin")
    for path in ("/admin/auth/user/", "/admin/auth/user/add/"):
        admin.go(path)
    # Django's admin pages name no icon, so Chromium asks for /favicon.ico, which the site
    # does not serve (its own pages link static/site/favicon.svg): not counted here.
    admin.errors[:] = [e for e in admin.errors
                       if not re.match(rf"{re.escape(site.url)}/admin/\S* <- \S+/favicon\.ico: ",
                                       e)]
    admin.no_errors()
    chair.no_errors()
