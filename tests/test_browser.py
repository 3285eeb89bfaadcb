"""The HTML report in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REVISIONS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent / "screenshots"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="no Debian chromium (see scripts/ensure-chromium)")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    from redline.api import compare
    from redline.render.html import render_html

    report = tmp_path_factory.mktemp("report") / "annex.html"
    report.write_text(render_html(compare(REVISIONS / "2015-04.txt", REVISIONS / "2015-11.txt")),
                      encoding="utf-8")
    user_dir = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(user_dir), executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": 1280, "height": 900})
        pg = browser.new_page()
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("requestfailed", lambda r: errors.append(f"request {r.url}"))
        pg.goto(report.as_uri())
        pg.errors = errors
        yield pg
        browser.close()


def test_changes_and_badges_are_visible(page):
    SHOTS.mkdir(exist_ok=True)
    assert page.locator("ins.chg").first.is_visible()
    ven = page.locator(".note .badge", has_text="VEN")
    assert ven.count() == 1 and ven.first.is_visible()
    assert page.locator(".note", has_text="Venezuela").first.is_visible()
    assert page.locator("a.who", has_text="VEN").first.is_visible()
    assert page.locator(".chip.status-pending").first.is_visible()
    page.locator(".note .badge", has_text="VEN").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "report.png"))
    assert page.errors == []  # the CSP let our own style and script run, nothing else


def test_delegation_filter_hides_other_delegations(page):
    page.select_option("#filter-delegation", "VEN")
    visible = page.locator("#redline .para:visible")
    assert visible.count() >= 1
    for k in range(visible.count()):
        assert "VEN" in visible.nth(k).get_attribute("data-delegations").split()
    assert page.locator(".note:visible .badge", has_text="BRA").count() == 0
    assert page.locator(".note:visible .badge", has_text="VEN").count() == 1
    assert page.locator(".changes-table tbody tr:visible").count() == 1
    page.screenshot(path=str(SHOTS / "filter-ven.png"), full_page=False)
    page.select_option("#filter-delegation", "")
    assert page.locator(".note:visible .badge", has_text="BRA").count() >= 1


def test_status_filter_and_keyboard(page):
    page.select_option("#filter-status", "pending")
    statuses = page.locator("#redline .para:visible").evaluate_all(
        "els => els.map(e => e.dataset.status)")
    assert statuses and set(statuses) == {"pending"}
    page.select_option("#filter-status", "")
    page.keyboard.press("n")
    page.keyboard.press("n")
    current = page.locator(".chg.current")
    assert current.count() == 1 and current.is_visible()


def test_side_by_side_view(page):
    page.click("label[for=view-side]")
    assert page.locator(".side-view").first.is_visible()
    assert not page.locator(".inline-view").first.is_visible()
    page.screenshot(path=str(SHOTS / "side-by-side.png"))
    page.click("label[for=view-inline]")
    assert page.locator(".inline-view").first.is_visible()
