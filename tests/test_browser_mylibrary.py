"""My library in Chromium: the library page, the chooser and the actions (Reserveren, another edition,
interlibrary loan, the online library) pass axe; the chooser works by keyboard with and without
JavaScript; with JavaScript the choice is remembered in localStorage and restored on pages whose URL
has none (the fixtures of test_browser_pages: no cookies, nothing from other sites)."""
from __future__ import annotations

import re
from urllib.parse import quote

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


LIB = "NL-AmOBA"


def _holders(records) -> set[str]:
    return {h["library"] for r in records for h in r.get("holdings") or []}


@pytest.fixture(scope="module")
def action_pages(sample_records) -> dict[str, str]:
    """One URL per state of the actions block."""
    works: dict[str, list[dict]] = {}
    for r in sample_records:
        if r.get("work_key"):
            works.setdefault(r["work_key"], []).append(r)
    held = next(r for r in sample_records if r["material"] == "boek" and LIB in _holders([r]))
    edition, other_lib = next((r, lib) for eds in works.values() for r in eds if r["material"] == "boek"
                              for lib in sorted(_holders([e for e in eds if e is not r]) - _holders([r])))
    nowhere = sorted(_holders(sample_records) - _holders(works[edition["work_key"]]))[0]
    ebook = next(r for r in sample_records if r["material"] == "e-book" and r.get("online_url"))
    return {"record-reserve": f"/titel/{quote(held['id'])}?library={LIB}",
            "record-other-edition": f"/titel/{quote(edition['id'])}?library={other_lib}",
            "record-ill": f"/titel/{quote(edition['id'])}?library={nowhere}",
            "record-online": f"/titel/{quote(ebook['id'])}?library={LIB}",
            "record-online-english": f"/titel/{quote(ebook['id'])}?lang=en",
            "results-reserve": f"/zoeken?q=hemel&library={LIB}",
            "held": f"/titel/{quote(held['id'])}"}


@pytest.mark.parametrize("kind", list(MY_PAGES) + ["record-reserve", "record-other-edition", "record-ill",
                                                   "record-online", "record-online-english", "results-reserve"])
def test_axe_finds_no_violations_on_my_library_pages(open_tab, action_pages, kind):  # noqa: F811
    pytest.importorskip("axe_playwright_python")
    tab = open_tab()
    response = tab.page.goto(MY_PAGES.get(kind) or action_pages[kind])
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


def test_the_actions_are_there_in_the_browser(open_tab, action_pages):  # noqa: F811
    page = open_tab(js=False).page
    page.goto(action_pages["record-reserve"])
    reserve = page.get_by_role("link", name=re.compile("^Reserveren bij OBA Amsterdam"))
    assert reserve.count() == 1 and reserve.is_visible()
    assert reserve.get_attribute("href").startswith("https://amoba.bibliotheek.example/reserveren?")
    page.goto(action_pages["record-other-edition"])
    assert page.locator(".actions .ill a").count() == 1 and page.locator(".action-primary").count() == 0
    assert "andere uitgave" in page.locator(".actions").inner_text()
    page.goto(action_pages["record-ill"])
    assert "interbibliothecair leenverkeer" in page.locator(".actions").inner_text()
    page.goto(action_pages["record-online"])
    online = page.get_by_role("link", name=re.compile("^Lenen in de online bibliotheek"))
    assert online.count() == 1 and online.get_attribute("href").startswith("https://www.onlinebibliotheek.nl/")
    page.goto(action_pages["results-reserve"])
    compact = page.locator("a.action-compact")
    assert compact.count() >= 1 and all(t.startswith("Reserveren") for t in compact.all_inner_texts())
    page.goto(action_pages["held"])
    assert page.locator(".action-primary").count() == 0  # no library: nothing to reserve at


def test_the_chosen_library_is_remembered_in_local_storage_and_restored(open_tab, action_pages):  # noqa: F811
    tab = open_tab(remember=True)
    page = tab.page
    page.goto(f"/zoeken?q=mulisch&library={LIB}")
    assert page.evaluate("localStorage.getItem('vindplaats.library')") == LIB
    # A record page without library= is loaded again with it, replacing its history entry.
    held = action_pages["held"]
    page.goto("/over")
    page.goto(held)
    page.wait_for_url(f"**{held}?library={LIB}")
    assert page.locator(".action-primary").count() == 1
    assert page.locator(".my-library-chosen").inner_text().startswith("Uw bibliotheek:")
    page.go_back()
    page.wait_for_url("**/over")
    # Pages that are not reloaded carry it in their search forms.
    page.goto("/")
    page.fill("#q", "hemel")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/zoeken?q=hemel*library={LIB}*")
    assert page.locator("a.action-compact").count() >= 1
    # "Keuze wissen" forgets it: the next page without library= stays without.
    page.locator("a.my-library-clear").click()
    page.wait_for_url("**library=")
    assert page.evaluate("localStorage.getItem('vindplaats.library')") is None
    page.goto(held)
    assert page.url.endswith(held) and page.locator(".action-primary").count() == 0
    # Something that is no ISIL in storage is dropped, not put into a URL.
    page.evaluate("localStorage.setItem('vindplaats.library', '<x>')")
    page.goto(held)
    assert page.url.endswith(held) and page.evaluate("localStorage.getItem('vindplaats.library')") is None
    assert sum(1 for r in tab.requests if "/titel/" in r) == 4  # one reload, no loop


def test_without_javascript_nothing_is_remembered_and_the_url_decides(open_tab, action_pages):  # noqa: F811
    page = open_tab(js=False, remember=True).page
    page.goto(f"/zoeken?q=mulisch&library={LIB}")
    page.goto(action_pages["held"])
    assert page.url.endswith(action_pages["held"]) and page.locator(".action-primary").count() == 0
    page.goto(action_pages["record-reserve"])
    assert page.locator(".action-primary").count() == 1


def test_another_library_is_a_new_page_for_the_script_the_same_library_updates_in_place(open_tab):  # noqa: F811
    page = open_tab(remember=True).page
    page.goto(f"/zoeken?q=&scope=catalogue&library={LIB}")
    # Paging with the same library: in place, the library kept.
    page.evaluate("() => { window.__same = 1; }")
    page.locator("nav.pages a[rel~=next]").click()
    page.wait_for_function("() => /pagina 2 van/.test(document.getElementById('count').textContent)")
    assert page.evaluate("() => window.__same") == 1 and f"library={LIB}" in page.url
    # "Zoek in alle bibliotheken": a page of its own, so the chooser and the memory follow.
    page.get_by_role("link", name="Zoek in alle bibliotheken").first.click()
    page.wait_for_url(re.compile(r"library=(&|$)"))
    page.wait_for_load_state()
    assert page.evaluate("() => window.__same") is None, "a full page load"
    assert page.locator(".my-library-chosen").count() == 0
    assert page.evaluate("localStorage.getItem('vindplaats.library')") is None
