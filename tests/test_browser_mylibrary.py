"""My library in Chromium: the library page and the chooser pass axe, and the chooser works by keyboard
without JavaScript (the fixtures of test_browser_pages: no cookies, nothing from other sites)."""
from __future__ import annotations

import pytest

from tests.test_browser_pages import axe_violations, base_url, browser, open_tab  # noqa: F401 - fixtures

MY_PAGES = {
    "library": "/bibliotheek/NL-AmOBA",
    "library-english": "/bibliotheek/NL-AmOBA?lang=en",
    "library-unknown": "/bibliotheek/NL-Nergens",
    "chooser": "/bibliotheken?bq=utrecht&back=%2Fzoeken%3Fq%3Dmulisch",
    "chooser-none": "/bibliotheken?bq=zzzz",
    "results-chosen": "/zoeken?q=mulisch&library=NL-AmOBA",
}


@pytest.mark.parametrize("kind", list(MY_PAGES))
def test_axe_finds_no_violations_on_my_library_pages(open_tab, kind):  # noqa: F811
    pytest.importorskip("axe_playwright_python")
    tab = open_tab()
    response = tab.page.goto(MY_PAGES[kind])
    assert response.status in (200, 404), response.status
    assert axe_violations(tab.page) == [], kind


@pytest.mark.parametrize("js", [False, True])
def test_choose_a_library_by_keyboard_keeps_the_search(open_tab, js):  # noqa: F811
    page = open_tab(js=js).page
    page.goto("/zoeken?q=mulisch")
    page.focus("#my-bq")
    page.keyboard.type("Leusden")
    page.keyboard.press("Enter")
    page.wait_for_url("**/bibliotheken?**")
    link = page.locator("a.choose").first
    assert link.inner_text() == "Bibliotheek Eemland"
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=mulisch&library=NL-AmfBE")
    assert "Bibliotheek Eemland" in page.locator(".my-library-chosen").inner_text()
    page.locator("a.my-library-clear").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=mulisch&library=")
    assert page.locator(".my-library-chosen").count() == 0
