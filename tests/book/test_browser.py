"""`make check`: the built website in a real browser (Debian's chromium through Playwright).

Every page is loaded in light and dark mode from a local server. Each load must: log no console
or script error (a Content-Security-Policy violation is a console error), request nothing from
another host, pass axe-core with no serious or critical violation, and leave a screenshot in
build/screenshots/ for a person to look at. Search, the download menu, tabs and dropdowns are
then used the way a reader would, with the keyboard where a reader might.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import CHROMIUM_ARGS, PageLog, chromium_path, serve

BUILD = Path(__file__).parents[2] / "build"
SITE = BUILD / "html"
SCREENSHOTS = BUILD / "screenshots"
PAGES = sorted(
    p.relative_to(SITE).as_posix()
    for p in SITE.rglob("*.html")
    if not {"_static", "_sources", "downloads"} & set(p.relative_to(SITE).parts)
)
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(SITE) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Any, url: str, log: PageLog, scheme: str = "light") -> Any:
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    page = context.new_page()
    log.watch(page)
    page.goto(url, wait_until="networkidle")
    return page


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_site_has_pages() -> None:
    assert len(PAGES) > 20, "run `make all` first: build/html is missing or nearly empty"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_cleanly_and_is_accessible(
    browser: Any, site: str, page_path: str, scheme: str
) -> None:
    log = PageLog(site)
    page = open_page(browser, site + page_path, log, scheme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = page_path.removesuffix(".html").replace("/", "--")
    page.screenshot(path=str(SCREENSHOTS / f"{shot}-{scheme}.png"))

    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    assert log.foreign_requests == []
    assert log.console_errors == []
    assert log.page_errors == []
    assert serious_violations(page) == []
    page.context.close()


def test_search_finds_a_term_from_the_text(browser: Any, site: str) -> None:
    log = PageLog(site)
    page = open_page(browser, site + "search.html?q=iliacus", log)
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("chapters/anatomy.html" in (href or "") for href in hrefs), hrefs
    assert log.console_errors == [] and log.foreign_requests == []


def test_search_field_works_from_the_keyboard(browser: Any, site: str) -> None:
    log = PageLog(site)
    page = open_page(browser, site + "index.html", log)
    page.keyboard.press("Control+k")  # the theme's search shortcut
    page.keyboard.type("diaphragm")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=diaphragm*")
    page.locator("#search-results ul.search li").first.wait_for(timeout=10_000)


@pytest.mark.parametrize("suffix", ["pdf", "epub"])
def test_download_menu_fetches_this_builds_edition(browser: Any, site: str, suffix: str) -> None:
    log = PageLog(site)
    page = open_page(browser, site + "chapters/anatomy.html", log)
    page.get_by_role("button", name="Download the book").click()
    link = page.locator(f".dropdown-menu a[href$='.{suffix}']")
    link.wait_for(state="visible")
    url = link.evaluate("a => a.href")
    response = page.request.get(url)
    assert response.ok
    assert response.body() == (BUILD / suffix / f"psoas-course.{suffix}").read_bytes()


def test_tabs_switch_with_the_keyboard(browser: Any, site: str) -> None:
    log = PageLog(site)
    page = open_page(browser, site + "chapters/care.html", log)
    tab_set = page.locator(".sd-tab-set").first
    panels = tab_set.locator(":scope > .sd-tab-content")
    assert panels.nth(0).is_visible() and not panels.nth(1).is_visible()
    tab_set.locator(":scope > input").first.focus()
    page.keyboard.press("ArrowRight")
    assert panels.nth(1).is_visible() and not panels.nth(0).is_visible()


def test_dropdowns_open_with_the_keyboard(browser: Any, site: str) -> None:
    log = PageLog(site)
    page = open_page(browser, site + "chapters/anatomy.html", log)
    dropdown = page.locator("details.sd-dropdown").first
    assert dropdown.get_attribute("open") is None
    dropdown.locator("summary").focus()
    page.keyboard.press("Enter")
    assert dropdown.get_attribute("open") is not None
    assert dropdown.locator(".sd-summary-content").is_visible()


def test_the_content_security_policy_blocks_an_injected_script(browser: Any, site: str) -> None:
    # As if an attacker had slipped a script into a page: the policy, not luck, must stop it.
    log = PageLog(site)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    log.watch(page)
    original = (SITE / "index.html").read_text("utf-8")
    injected = original.replace("</body>", "<script>document.title = 'injected';</script></body>")
    page.route(
        site + "index.html",
        lambda route: route.fulfill(body=injected, content_type="text/html; charset=utf-8"),
    )
    page.goto(site + "index.html", wait_until="networkidle")
    assert page.title() != "injected"
    assert any("Content Security Policy" in error for error in log.console_errors)
    context.close()
