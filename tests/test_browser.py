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
def playwright():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright, tmp_path_factory):
    user_dir = tmp_path_factory.mktemp("chromium-profile")
    context = playwright.chromium.launch_persistent_context(
        str(user_dir), executable_path=CHROMIUM, args=FLAGS, headless=True,
        viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def open_page(context, uri: str):
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("requestfailed", lambda r: errors.append(f"request {r.url}"))
    pg.goto(uri)
    pg.errors = errors
    return pg


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    from redline.api import compare
    from redline.render.html import render_html

    report = tmp_path_factory.mktemp("report") / "annex.html"
    report.write_text(render_html(compare(REVISIONS / "2015-04.txt", REVISIONS / "2015-11.txt")),
                      encoding="utf-8")
    pg = open_page(browser, report.as_uri())
    yield pg
    pg.close()


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


# --- the opening view of `redline compare revisions/2015-11.txt revisions/2016-01.txt` ----------

@pytest.fixture(scope="module")
def latest(tmp_path_factory):
    """The report of the last two versions, a paragraph far from any change (hidden in the
    opening view), a changed one and its section headings."""
    from redline.api import compare
    from redline.render.html import build_items, render_html

    cmp = compare(REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")
    report = tmp_path_factory.mktemp("latest") / "redline.html"
    report.write_text(render_html(cmp), encoding="utf-8")
    items = build_items(cmp)
    far = next(it.anchor for k, it in enumerate(items[2:-2], start=2)
               if all(items[j].focus == "far" for j in range(k - 2, k + 3)))
    return report.as_uri(), far


@pytest.fixture
def latest_page(browser, latest):
    pg = open_page(browser, latest[0])
    pg.set_viewport_size({"width": 1000, "height": 700})
    yield pg
    pg.close()


def test_opening_view_shows_changes_under_their_headings_and_the_toggle_reveals_all(
        latest_page, latest):
    pg, far = latest_page, latest[1]
    SHOTS.mkdir(exist_ok=True)
    assert pg.locator(f"[id='{far}']").is_hidden()
    for anchor in ("v-b-18", "v", "v-b"):  # a changed paragraph and its section headings
        assert pg.locator(f"#{anchor}").is_visible()
    context = pg.locator("#redline .para.context").first
    assert context.is_visible() and context.locator(".ctx-label").is_visible()
    muted, ink = (pg.locator(sel).first.evaluate("e => getComputedStyle(e).color")
                  for sel in (".para.context .text", ".para.changed .text"))
    assert muted != ink
    assert pg.locator(".gap").first.is_visible()
    toggle = pg.locator("#toggle-all")
    assert toggle.is_visible() and toggle.inner_text() == "Show the whole text"
    pg.locator("#ii").scroll_into_view_if_needed()
    pg.evaluate("window.scrollBy(0, -300)")
    pg.wait_for_timeout(200)
    pg.screenshot(path=str(SHOTS / "redline_opening.png"))
    toggle.click()
    assert pg.locator(f"[id='{far}']").is_visible() and pg.locator(".gap").first.is_hidden()
    assert toggle.inner_text() == "Show changes only"
    pg.locator("#ii").scroll_into_view_if_needed()
    pg.evaluate("window.scrollBy(0, -300)")
    pg.wait_for_timeout(200)
    pg.screenshot(path=str(SHOTS / "redline_all.png"))
    toggle.click()
    assert pg.locator(f"[id='{far}']").is_hidden()
    assert pg.errors == []


def test_a_link_to_a_hidden_paragraph_reveals_it(browser, latest):
    uri, far = latest
    pg = open_page(browser, f"{uri}#{far}")
    target = pg.locator(f"[id='{far}']")
    assert target.is_visible() and target.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    pg.evaluate("location.hash = ''")
    pg.locator("#toggle-all").click()
    pg.locator("#toggle-all").click()  # back to changes only: hidden again
    assert target.is_hidden()
    gap = pg.locator(".gap").first
    run = gap.get_attribute("data-run")
    gap.locator("button").click()  # a gap line shows the paragraphs it stands for
    assert gap.is_hidden() and pg.locator(f".para[data-run='{run}']").first.is_visible()
    pg.close()


def test_without_javascript_the_whole_text_shows(playwright, latest):
    uri, far = latest
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
    try:
        pg = b.new_context(java_script_enabled=False).new_page()
        pg.goto(uri)
        assert pg.locator(f"[id='{far}']").is_visible()
        assert pg.locator("#toggle-all").is_hidden() and pg.locator(".gap").first.is_hidden()
    finally:
        b.close()


def test_print_shows_what_is_on_screen(latest_page, latest):
    pg, far = latest_page, latest[1]
    pg.emulate_media(media="print")
    assert pg.locator(f"[id='{far}']").is_hidden() and pg.locator(".view-note").is_visible()
    pg.emulate_media(media="screen")
    pg.locator("#toggle-all").click()
    pg.emulate_media(media="print")
    assert pg.locator(f"[id='{far}']").is_visible()


def test_insertions_do_not_look_like_links_and_proposed_deletions_are_marked(latest_page):
    pg = latest_page
    style = pg.locator("ins.chg").first.evaluate(
        "e => { const s = getComputedStyle(e); return [s.textDecorationLine, s.color, "
        "s.backgroundColor]; }")
    link = pg.locator("a.addr").first.evaluate("e => getComputedStyle(e).color")
    assert style[0] == "none" and style[2] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert style[1] not in (link, "rgb(0, 0, 238)")
    assert pg.locator(".legend ins").evaluate("e => getComputedStyle(e).textDecorationLine") \
        == "none"
    if not pg.locator(".pdel").count():
        pytest.skip("the compare pipeline does not fill proposed deletions yet")
    mark = pg.locator("#redline .pd-mark").first
    assert mark.is_visible() and mark.inner_text().startswith("proposed deletion: ")
    assert "Proposed for deletion by" in (mark.get_attribute("title") or "")
    line = pg.locator("#redline .inline-view .pdel").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine + ' ' + getComputedStyle(e)"
        ".textDecorationStyle")
    assert line == "line-through double"


def test_annex_screenshot(browser, tmp_path_factory):
    from redline.annotate.delegations import load as load_registry
    from redline.api import load
    from redline.corpus.annex import build_annex
    from redline.corpus.manifest import load_manifest
    from redline.render.annex import annex_html

    versions, reg = load_manifest(REVISIONS), load_registry("oas")
    docs = {v.id: load(v.path, conventions="oas", delegations=reg, label=v.id, date=v.date)
            for v in versions}
    annex = build_annex(versions, lambda v: docs[v.id], reg, since="2015-12-07")
    path = tmp_path_factory.mktemp("annex") / "annex.html"
    path.write_text(annex_html(annex), encoding="utf-8")
    pg = open_page(browser, path.as_uri())
    pg.set_viewport_size({"width": 1000, "height": 700})
    assert pg.locator(".intro", has_text="the version in force on 7 December 2015").is_visible()
    assert pg.locator(".status-table").is_visible()
    assert pg.locator("#toggle-all").count() == 0  # the annex holds the changes only
    pg.locator("#v-b-18").scroll_into_view_if_needed()
    pg.evaluate("window.scrollBy(0, -200)")
    pg.wait_for_timeout(200)
    pg.screenshot(path=str(SHOTS / "annex.png"))
    assert pg.errors == []
    pg.close()


# --- filters hide what they empty and keep the count right; one block per inserted paragraph --

def visible_paras(pg) -> int:
    return pg.locator("#redline .para:visible").count()


def count_line(pg) -> str:
    return pg.locator("#filter-count").inner_text()


def test_delegation_filter_hides_gap_lines_and_the_empty_footnotes_heading(latest_page, latest):
    pg, far = latest_page, latest[1]
    total = pg.locator("#redline .para").count()
    assert pg.locator(".footnotes-h").is_visible() and pg.locator(".gap:visible").count()
    pg.select_option("#filter-delegation", "VEN")
    shown = visible_paras(pg)
    assert shown >= 1
    for k in range(shown):
        assert "VEN" in pg.locator("#redline .para:visible").nth(k).get_attribute(
            "data-delegations").split()
    assert pg.locator(".gap:visible").count() == 0  # no "⋯ N unchanged paragraphs" left
    assert pg.locator(".footnotes-h").is_hidden()  # VEN changed no footnote
    assert count_line(pg) == f"{shown} of {total} paragraphs shown"
    assert pg.locator(".view-note").is_hidden()  # its numbers are the unfiltered view's
    pg.screenshot(path=str(SHOTS / "filter-ven-latest.png"))
    pg.evaluate(f"location.hash = '#{far}'")  # a link shows its paragraph: counted
    pg.wait_for_function(f"document.getElementById('{far}').offsetParent !== null")
    assert count_line(pg) == f"{shown + 1} of {total} paragraphs shown"
    pg.select_option("#filter-delegation", "")
    assert count_line(pg) == ""
    assert pg.locator(".footnotes-h").is_visible() and pg.locator(".gap:visible").count()
    assert pg.locator(".view-note").is_visible()
    assert pg.errors == []


def test_a_filter_counts_the_unchanged_paragraphs_it_matches_behind_a_gap(latest_page):
    """Mexico's only paragraph is unchanged (its proposal stands): one gap line, for it."""
    pg = latest_page
    total = pg.locator("#redline .para").count()
    pg.select_option("#filter-delegation", "MEX")
    assert visible_paras(pg) == 0 and count_line(pg) == f"0 of {total} paragraphs shown"
    gap = pg.locator(".gap:visible")
    assert gap.count() == 1
    assert gap.inner_text().startswith("⋯ 1 unchanged paragraph matching the filter not shown")
    gap.locator("button").click()
    mex = pg.locator("#redline .para:visible")
    assert mex.count() == 1 and "MEX" in mex.get_attribute("data-delegations").split()
    assert count_line(pg) == f"1 of {total} paragraphs shown"
    row = pg.locator(".changes-table tbody tr:visible")
    assert row.count() == 1 and row.locator("td").nth(2).inner_text() == "Proposed deletion"
    words = row.locator("td").nth(4).locator(".pdel")
    assert words.inner_text() == "by employers and migrants"
    assert row.locator("ins").count() == 0
    style = words.evaluate("e => getComputedStyle(e).textDecorationLine + ' ' + "
                           "getComputedStyle(e).textDecorationStyle")
    assert style == "line-through double"
    pg.select_option("#filter-delegation", "")


def test_status_filter_gap_lines_say_how_many_they_hold(latest_page):
    pg = latest_page
    total = pg.locator("#redline .para").count()
    pg.select_option("#filter-status", "pending")
    gaps = pg.locator(".gap:visible")
    assert gaps.count() >= 1
    for k in range(gaps.count()):
        run = gaps.nth(k).get_attribute("data-run")
        held = pg.locator(f"#redline .para[data-run='{run}'][data-status='pending']").count()
        words = "paragraph" if held == 1 else "paragraphs"
        assert gaps.nth(k).inner_text().startswith(
            f"⋯ {held} unchanged {words} matching the filter not shown")
    before = visible_paras(pg)
    assert count_line(pg) == f"{before} of {total} paragraphs shown"
    run = gaps.first.get_attribute("data-run")
    held = pg.locator(f"#redline .para[data-run='{run}'][data-status='pending']").count()
    gaps.first.locator("button").click()
    assert visible_paras(pg) == before + held
    assert count_line(pg) == f"{before + held} of {total} paragraphs shown"
    rows = pg.locator(".changes-table tbody tr:visible").evaluate_all(
        "els => els.map(e => e.dataset.status)")
    assert rows and set(rows) == {"pending"}
    pg.select_option("#filter-status", "")
    assert count_line(pg) == ""


def test_a_paragraph_inserted_by_two_delegations_reads_as_one(latest_page):
    """IV.B ¶7: `USA: Intensify efforts ... civil society (VEN: and other social actors), the
    private sector ...`: one block, Venezuela's words running on in the line of the US's."""
    pg = latest_page
    text = pg.locator("#iv-b-7 .inline-view")
    text.scroll_into_view_if_needed()
    pieces = text.locator("ins")
    assert pieces.count() == 3
    assert text.locator("a.who").all_inner_texts() == ["USA", "VEN", "USA"]
    assert set(pieces.evaluate_all("els => els.map(e => getComputedStyle(e).display)")) == \
        {"inline"}
    usa_end, ven_start = (pieces.nth(0).evaluate("e => [...e.getClientRects()].pop().top"),
                          pieces.nth(1).evaluate("e => e.getClientRects()[0].top"))
    assert abs(usa_end - ven_start) < 2  # the same line, not a block of its own
    pg.screenshot(path=str(SHOTS / "inserted-two-delegations.png"))
