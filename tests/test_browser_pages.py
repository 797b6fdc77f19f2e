"""The pages in a real browser: headless Chromium (Debian's package) driven by Playwright.

* axe-core (shipped inside the `axe-playwright-python` package, so nothing is fetched) finds no
  WCAG 2.1 A/AA or best-practice violation on any page type;
* a keyboard-only journey works with and without JavaScript: Tab to the search box, type, Enter,
  Tab to a facet, Space, the new count in the live region, open a record, go back;
* the script's enhancements: results updated in place with history, the autocomplete combobox;
* privacy (no cookies, nothing from another origin, no web fonts) and weight (HTML <= 60 KB,
  CSS + JS <= 100 KB), measured by the browser itself;
* reflow at 320 CSS pixels (400 % zoom of 1280) and a visible focus;
* screenshots at 375 and 1280 pixels; written to docs/screenshots/ only with VINDPLAATS_SCREENSHOTS=1.

The app runs in a uvicorn server on a free local port in a thread of the test process. Every
test skips when no Chromium is installed (CI installs it with apt).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from search_api.request import PAGE_SCOPE, SearchRequest
from tests.live_server import serve
from web.i18n import Translator

CHROMIUM = next((p for p in (os.environ.get("VINDPLAATS_CHROMIUM"), shutil.which("chromium"),
                 shutil.which("chromium-browser")) if p and Path(p).is_file()), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
MAX_HTML_BYTES = 60_000
MAX_ASSET_BYTES = 100_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM, reason="no Chromium installed")]
sync_api = pytest.importorskip("playwright.sync_api")


# --- the server, the browser, a tab ------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(app) -> str:
    with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Tab:
    """A page in a fresh browser context that records every request and blocks any that leave the site."""

    def __init__(self, browser, base_url: str, js: bool = True, width: int = 1280, height: int = 900,
                 remember: bool = False):
        self.base = base_url
        self.context = browser.new_context(base_url=base_url, java_script_enabled=js, locale="nl-NL",
                                           viewport={"width": width, "height": height})
        if not remember:
            # Each URL shown as itself: the library a page's URL named is not restored on the next
            # page (web/static/mylibrary.js; its own tests ask for `remember`).
            self.context.add_init_script("try { localStorage.removeItem('vindplaats.library'); } catch (e) {}")
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)

    def _guard(self, route):
        url = route.request.url
        if url.startswith(self.base + "/"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def close(self):
        cookies = self.context.cookies()
        self.context.close()
        assert not self.outside, f"requests to other sites: {self.outside}"
        assert cookies == [], f"cookies were set: {cookies}"


@pytest.fixture
def open_tab(browser, base_url):
    tabs: list[Tab] = []

    def make(**kw) -> Tab:
        tab = Tab(browser, base_url, **kw)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.close()  # asserts: nothing from elsewhere, no cookies


@pytest.fixture(scope="module")
def pages(service, sample_records) -> dict[str, str]:
    """One URL per page type the issue names (and a few more)."""
    rec = next(r for r in sample_records
               if len(service.editions(r)) >= 3 and len(r.get("holdings") or []) >= 2)
    libraries = service.libraries()
    lacking = next(isil for isil in sorted(libraries)
                   if all(h.get("library") != isil for h in rec.get("holdings") or []))
    article = next(h.record for h in service.search(SearchRequest(scope="articles", size=50, group=False)).hits
                   if h.record.get("document") and h.record.get("section"))
    return {
        "home": "/",
        "results": "/zoeken?q=bibliotheek",
        "results-one-facet": "/zoeken?q=bibliotheek&filter=material:boek",
        "results-two-facets": "/zoeken?q=bibliotheek&filter=material:boek&filter=reading_form:makkelijk+lezen",
        "zero-results": "/zoeken?q=qqxqzzyv&filter=material:boek&scope=catalogue",
        "record": f"/titel/{quote(rec['id'])}",
        "record-other-library": f"/titel/{quote(rec['id'])}?library={lacking}",
        "article": f"/artikel/{quote(article['id'])}",
        "about": "/over",
        "not-found": "/titel/ppn:000000000",
        "bad-request": "/zoeken?q=boek&page=0",
        "results-english": "/zoeken?q=bibliotheek&lang=en",
        "results-knowledge-box": "/zoeken?q=hoe+word+ik+lid",
        "results-read-filters": "/zoeken?q=grote+letter+thriller+luisterboek",
    }


def tab_until(page, test: str, limit: int = 60, shift: bool = False) -> int:
    """Press Tab (or Shift+Tab) until `test` (a JS expression over `el`, the focused element) holds."""
    check = f"() => {{ const el = document.activeElement; return !!(el && ({test})); }}"
    for n in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        if page.evaluate(check):
            return n
    raise AssertionError(f"no focus on {test} after {limit} presses of Tab")


def focused(page, expr: str = "el"):
    return page.evaluate(f"() => {{ const el = document.activeElement; return {expr}; }}")


def count_text(total: int, lang: str = "nl") -> str:
    return Translator(lang)("results.count", n=total)


# --- accessibility: axe-core on every page type ----------------------------------------------------------

def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                      "resultTypes": ["violations"]})
    return [{"id": v["id"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
            for v in result.response["violations"]]


@pytest.mark.parametrize("kind", ["home", "results", "results-two-facets", "zero-results", "record",
                                  "record-other-library", "article", "about", "not-found", "bad-request",
                                  "results-english", "results-knowledge-box", "results-read-filters"])
def test_axe_finds_no_violations(open_tab, pages, kind):
    pytest.importorskip("axe_playwright_python")
    tab = open_tab()
    response = tab.page.goto(pages[kind])
    assert response.status in (200, 400, 404), response.status
    assert axe_violations(tab.page) == [], kind


def test_axe_finds_no_violations_with_suggestions_open_and_after_an_update(open_tab, pages):
    pytest.importorskip("axe_playwright_python")
    tab = open_tab()
    page = tab.page
    page.goto("/")
    page.locator("#q").press_sequentially("bibl")
    page.wait_for_selector("#q-suggest [role=option]")
    assert axe_violations(page) == [], "autocomplete open"
    page.goto(pages["results"])
    page.locator("input[name=filter][value^='material:']").first.check()
    page.wait_for_url(re.compile(r"filter=material"))
    page.wait_for_function("() => !document.getElementById('results-body').hasAttribute('aria-busy')")
    assert axe_violations(page) == [], "results updated in place"


# --- the keyboard-only journey ---------------------------------------------------------------------------

@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_keyboard_only_journey(open_tab, service, js):
    tab = open_tab(js=js)
    page = tab.page
    page.goto("/")

    # The first Tab reaches the skip link; a few more the search box, which shows its focus.
    page.keyboard.press("Tab")
    assert focused(page, "el.getAttribute('href')") == "#main"
    assert tab_until(page, "el.id === 'q'", limit=8) <= 7
    outline = focused(page, "[getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]")
    assert outline[0] == "solid" and outline[1] >= 2

    page.keyboard.type("bibliotheek")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken\?.*q=bibliotheek"))
    base = service.search(SearchRequest(q="bibliotheek", scope=PAGE_SCOPE))
    status = page.locator("#count")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith(count_text(base.total))
    if js:
        page.evaluate("() => { window.__journey = document.getElementById('count'); }")

    # The filters come before the list (on the left of it); Tab to the first Aangepast-lezen facet.
    tab_until(page, "el.name === 'filter' && el.value.startsWith('reading_form:')", limit=40)
    value = focused(page, "el.value")
    label = focused(page, "el.closest('label').textContent.trim().replace(/\\s+/g, ' ')")
    assert re.search(r"\(\d+\)$", label), label  # the checkbox's name carries its count
    page.keyboard.press("Space")
    expected = service.search(SearchRequest(q="bibliotheek", scope=PAGE_SCOPE, filters=(tuple(value.split(":", 1)),))).total
    assert expected and expected != base.total

    if js:
        # Updated in place: same document, same live region, focus kept on the ticked checkbox.
        page.wait_for_function("t => document.getElementById('count').textContent.trim().startsWith(t)",
                               arg=count_text(expected))
        assert page.evaluate("() => window.__journey === document.getElementById('count')")
        assert focused(page, "[el.value, el.checked]") == [value, True]
        assert "filter=reading_form" in page.url
    else:
        # Enter in a checkbox submits the facet form (implicit submission).
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"filter=reading_form"))
        assert page.locator("#count").inner_text().startswith(count_text(expected))
        assert page.locator(f"input[type=checkbox][value='{value}']").is_checked()
    filtered_url = page.url

    # "Naar de resultaten" at the top of the filters jumps over them; open a record from the list
    # by keyboard, then go back to the same filtered list.
    tab_until(page, "!!el.closest('.to-results')", limit=60, shift=js)
    page.keyboard.press("Enter")
    tab_until(page, "!!el.closest('ol.hits') && el.closest('h3') !== null", limit=10)
    title = focused(page, "el.textContent.trim().replace(/\\s+/g, ' ')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/titel/"))
    assert page.locator("h1").inner_text().replace("\n", " ").startswith(title.split(":")[0])

    page.go_back()
    page.wait_for_url(re.compile(re.escape(filtered_url) + "(#results)?$"))  # where the jump left it
    assert page.locator(f"input[type=checkbox][value='{value}']").is_checked()
    assert page.locator("#count").inner_text().startswith(count_text(expected))


# --- on a phone: a compact page, the filters in a drawer ---------------------------------------------

PHONE = {"width": 375, "height": 812}
FIRST_HIT_BOTTOM = """() => { const r = document.querySelector('ol.hits > li').getBoundingClientRect();
    return r.bottom + window.scrollY; }"""


@pytest.mark.parametrize("kind", ["results", "results-two-facets"])
def test_on_a_phone_the_first_result_ends_within_600_pixels(open_tab, pages, kind):
    tab = open_tab(**PHONE)
    page = tab.page
    page.goto(pages[kind])
    assert page.evaluate(FIRST_HIT_BOTTOM) <= 600, kind
    assert page.locator("header.site").bounding_box()["height"] <= 60  # a compact header
    # The search box keeps its name and its hint for screen readers, shown or not.
    assert page.locator("#q").evaluate("el => el.labels.length") == 1
    assert page.get_by_role("searchbox").count() == 1


HEADING_SIZES = """() => { const px = e => parseFloat(getComputedStyle(e).fontSize);
    const h2 = [...document.querySelectorAll('main h2')].filter(e => e.checkVisibility());
    return [px(document.querySelector('main h1')), Math.max(0, ...h2.map(px))]; }"""


@pytest.mark.parametrize("kind", ["home", "record", "results", "zero-results", "results-knowledge-box"])
def test_on_a_phone_no_heading_is_larger_than_the_page_heading(open_tab, pages, kind):
    """The results page's heading is made small to bring the first title up; the other pages keep
    theirs, and nowhere does a section's heading outgrow the page's."""
    tab = open_tab(**PHONE)
    tab.page.goto(pages[kind])
    if tab.page.locator("#filters-drawer").count():
        tab.page.locator("#filters-drawer > summary").click()  # its heading too
    h1, h2 = tab.page.evaluate(HEADING_SIZES)
    assert h2 <= h1, (kind, h1, h2)
    if kind in ("home", "record"):
        assert h1 >= 22, (kind, h1)  # a page's own title, not shrunk with the results page's


# The words of the headings that the browser split over two lines, each with its width unbroken
# (in the same font) and the width of its heading. Hyphenation is turned off first: where the
# browser has a dictionary it may hyphenate any long word, which is as meant.
SPLIT_WORDS = """() => {
    const style = document.createElement('style');
    style.textContent = 'h1, h2, h3 { -webkit-hyphens: manual !important; hyphens: manual !important; }';
    document.head.appendChild(style);
    const out = [];
    for (const el of document.querySelectorAll('main h1, main h2, main h3')) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            for (const m of n.data.matchAll(/\\S+/g)) {
                const r = document.createRange();
                r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
                const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
                if (lines.size < 2) continue;
                const probe = document.createElement('span');
                probe.style.whiteSpace = 'nowrap'; probe.textContent = m[0];
                n.parentNode.insertBefore(probe, n);
                const width = probe.getBoundingClientRect().width;
                probe.remove();
                out.push([m[0], Math.round(width), el.clientWidth]);
            }
        }
    }
    return out;
}"""


def test_on_a_phone_a_title_word_breaks_only_when_no_line_can_hold_it(open_tab, sample_records):
    """Titles wrap between words: a record's title has the page's width, not the column beside
    its cover ("Maasboulevard" broke into "Maasboulevar" and "d"), so only a word wider than a
    whole line is broken; headings are hyphenated where the browser can (`hyphens: auto`)."""
    longest = sorted(sample_records, key=lambda r: -max(map(len, (r.get("title") or "x").split())))
    tab = open_tab(**PHONE)
    for r in longest[:20]:
        tab.page.goto(f"/titel/{quote(r['id'])}")
        assert tab.page.evaluate("getComputedStyle(document.querySelector('main h1')).hyphens") == "auto"
        split = tab.page.evaluate(SPLIT_WORDS)
        assert all(width > line for _, width, line in split), (r["title"], split)
    for q in ("maasboulevard", "boekstartkoffertje"):
        tab.page.goto(f"/zoeken?q={q}")
        split = tab.page.evaluate(SPLIT_WORDS)
        assert all(width > line for _, width, line in split), (q, split)


@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_on_a_phone_the_filters_are_a_drawer_that_opens_by_keyboard(open_tab, pages, service, js):
    tab = open_tab(js=js, **PHONE)
    page = tab.page
    page.goto(pages["results"])
    summary = page.locator("#filters-drawer > summary")
    first_box = page.locator("#filters input[name=filter]").first
    assert summary.is_visible() and not first_box.is_visible()
    assert summary.inner_text().strip() == "Filters"
    tab_until(page, "el.tagName === 'SUMMARY' && el.parentElement.id === 'filters-drawer'", limit=15)
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('filters-drawer').open")
    assert first_box.is_visible()
    # Tick a facet by keyboard inside the open drawer; the drawer is still open afterwards.
    tab_until(page, "el.name === 'filter' && el.value.startsWith('material:')", limit=30)
    value = focused(page, "el.value")
    page.keyboard.press("Space")
    expected = service.search(SearchRequest(q="bibliotheek", scope=PAGE_SCOPE, filters=(tuple(value.split(":", 1)),)))
    if js:
        page.wait_for_function("t => document.getElementById('count').textContent.trim().startsWith(t)",
                               arg=count_text(expected.total))
        assert page.evaluate("document.getElementById('filters-drawer').open"), "kept open after the update"
        assert focused(page, "[el.value, el.checked]") == [value, True]
    else:
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"filter=material"))
        assert page.locator("#count").inner_text().startswith(count_text(expected.total))
        # A new page: the drawer is closed again, so the results it gave come first.
        assert not page.evaluate("document.getElementById('filters-drawer').open")
        summary.focus()
        page.keyboard.press("Space")
        assert page.evaluate("document.getElementById('filters-drawer').open")
    # The summary says how many filters are chosen; Enter on it closes the drawer.
    assert re.fullmatch(r"Filters \(1 gekozen\)", summary.inner_text().strip())
    summary.focus()
    page.keyboard.press("Enter")
    assert not page.evaluate("document.getElementById('filters-drawer').open")
    assert not page.locator("#filters input[name=filter]").first.is_visible()


@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_on_a_phone_applying_the_filters_closes_the_drawer_over_the_results(open_tab, pages, service, js):
    """The patron opens the drawer, ticks two filters and applies them: the drawer is closed (it
    no longer hides the results), the chosen filters are removable chips above the results, and
    the first result is on the screen. With the script each tick updates the page in place and
    keeps the drawer open to tick more; the drawer's button applies and closes it all the same."""
    tab = open_tab(js=js, **PHONE)
    page = tab.page
    page.goto(pages["results"])
    page.locator("#filters-drawer > summary").click()
    chosen = []
    for prefix in ("material:", "language:"):
        box = page.locator(f"#filters input[type=checkbox][value^='{prefix}']").first
        chosen.append(box.get_attribute("value"))
        box.check()
        if js:
            page.wait_for_function("n => document.querySelectorAll('.chips li a:not(.clear)').length === n",
                                   arg=len(chosen))
            assert page.evaluate("document.getElementById('filters-drawer').open"), "open to tick more"
    apply = page.locator("#filters button.apply")
    assert apply.is_visible()
    # Sticky while the drawer is open: at hand without scrolling to the end of the facets.
    box = apply.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    apply.click()
    page.wait_for_url(re.compile(r"filter=language"))
    expected = service.search(SearchRequest(q="bibliotheek", scope=PAGE_SCOPE,
                                            filters=tuple(tuple(v.split(":", 1)) for v in chosen)))
    page.wait_for_function("t => document.getElementById('count').textContent.trim().startsWith(t)",
                           arg=count_text(expected.total))
    # With the script the URL and the count were already these after the second tick: the
    # drawer closing is what says the button's update came in (a timeout if it never closes).
    page.wait_for_function("() => !document.getElementById('filters-drawer').open")
    assert page.evaluate("document.activeElement.id") == "results-title" if js else True
    chips = page.locator(".chips li a:not(.clear)")
    assert chips.count() == 2 and all(chips.nth(i).is_visible() for i in range(2))
    hit = page.locator("ol.hits > li").first.bounding_box()
    chip = chips.first.bounding_box()
    assert chip["y"] < hit["y"] and 0 <= hit["y"] < PHONE["height"], (chip, hit)
    # A chip removes its filter.
    chips.first.click()
    page.wait_for_function("() => document.querySelectorAll('.chips li a:not(.clear)').length === 1")
    assert chosen[0] not in page.url.replace("%3A", ":")


@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_on_a_wide_screen_the_filters_are_a_sidebar_without_a_drawer(open_tab, pages, js):
    tab = open_tab(js=js)
    page = tab.page
    page.goto(pages["results"])
    assert not page.locator("#filters-drawer > summary").is_visible()
    boxes = page.locator("#filters input[name=filter]")
    assert boxes.first.is_visible()
    side, results = page.locator("#filters").bounding_box(), page.locator("#results").bounding_box()
    assert side["x"] + side["width"] <= results["x"]  # on the left, as first in the page
    assert side["y"] < results["y"] + results["height"] and results["y"] < side["y"] + side["height"]
    # In the accessibility tree the facets are there and no collapsed drawer is announced.
    if js:
        tree = tab.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        live = [n for n in tree if not n.get("ignored")]
        shown = boxes.evaluate_all("bs => bs.filter(b => b.checkVisibility()).length")  # not under "Meer tonen"
        assert sum(n.get("role", {}).get("value") == "checkbox" for n in live) == shown > 10
        assert not [n for n in live if (n.get("name") or {}).get("value", "").startswith("Filters")
                    and n.get("role", {}).get("value") == "DisclosureTriangle"]


@pytest.mark.parametrize("kind", ["results", "results-two-facets", "zero-results", "results-english"])
def test_axe_finds_no_violations_on_a_phone_with_the_drawer_closed_and_open(open_tab, pages, kind):
    pytest.importorskip("axe_playwright_python")
    tab = open_tab(**PHONE)
    page = tab.page
    page.goto(pages[kind])
    assert axe_violations(page) == [], (kind, "closed")
    if page.locator("#filters-drawer").count():
        page.locator("#filters-drawer > summary").click()
        assert axe_violations(page) == [], (kind, "open")


# --- what the script adds ------------------------------------------------------------------------------

def test_paging_updates_in_place_and_back_restores(open_tab, service):
    tab = open_tab()
    page = tab.page
    page.goto("/zoeken?q=&scope=catalogue")
    page.evaluate("() => { window.__same = 1; }")
    first = page.locator("ol.hits h3 a").first.inner_text()
    total_pages = service.search(SearchRequest(scope="catalogue")).pages
    page.locator("nav.pages a[rel~=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    page.wait_for_function("() => /pagina 2 van/.test(document.getElementById('count').textContent)")
    assert page.evaluate("() => window.__same") == 1, "no full reload"
    assert focused(page, "el.id") == "results-title"
    assert page.locator("ol.hits").get_attribute("start") == "21"
    assert page.title().endswith("(pagina 2) – Vindplaats")
    assert f"pagina 2 van {total_pages}" in page.locator("#count").inner_text()

    page.go_back()
    page.wait_for_function("() => !/pagina 2/.test(document.getElementById('count').textContent)")
    assert "page=" not in page.url
    assert page.evaluate("() => window.__same") == 1
    assert page.locator("ol.hits h3 a").first.inner_text() == first
    page.go_forward()
    page.wait_for_function("() => /pagina 2 van/.test(document.getElementById('count').textContent)")

    # A chip removes its filter in place too.
    page.goto("/zoeken?q=bibliotheek&filter=material:boek&filter=language:nl")
    page.evaluate("() => { window.__same = 1; }")
    page.locator(".chips a").first.click()
    page.wait_for_function("() => document.querySelectorAll('.chips a').length === 2")  # one chip + "Wis alle"
    assert page.evaluate("() => window.__same") == 1
    assert "material" not in page.url and "language%3Anl" in page.url


def test_autocomplete_is_a_keyboard_combobox(open_tab):
    tab = open_tab()
    page = tab.page
    page.goto("/")
    box = page.locator("#q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox_id = box.get_attribute("aria-controls")
    box.focus()
    page.keyboard.type("bibl")
    options = page.locator(f"#{listbox_id} [role=option]")
    options.first.wait_for()
    assert page.locator(f"#{listbox_id}").get_attribute("role") == "listbox"
    assert box.get_attribute("aria-expanded") == "true"
    n = options.count()
    assert n >= 1
    assert re.match(rf"{n} suggesties?\.", page.locator(".search [role=status]").inner_text())
    assert any(r.startswith(tab.base + "/api/v1/suggest?") for r in tab.requests)

    page.keyboard.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first_id
    assert options.first.get_attribute("aria-selected") == "true"
    first_text = page.evaluate("id => document.getElementById(id).firstChild.textContent", first_id)
    assert box.input_value() == first_text
    assert focused(page, "el.id") == "q", "DOM focus stays in the box"

    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "bibl"

    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == first_id
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken\?"))
    assert parse_qs(urlsplit(page.url).query)["q"] == [first_text]


def test_autocomplete_names_the_kind_of_each_suggestion(open_tab):
    tab = open_tab()
    page = tab.page
    page.goto("/")
    page.locator("#q").press_sequentially("leesl")
    option = page.locator("#q-suggest [role=option]").first
    option.wait_for()
    assert option.inner_text().replace("\n", " ") == "Leeslicht, Reeks"  # a series, not a word
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("harry mul")
    page.wait_for_function("() => /Harry Mulisch, Auteur/.test(document.getElementById('q-suggest').textContent)")
    # A completed word is not labelled as if it were a whole author or subject.
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("gracht")  # inside titles only: words (tests/test_suggest.py)
    page.wait_for_function("() => /^gracht/.test(document.querySelector('#q-suggest [role=option]')?.textContent)")
    texts = page.locator("#q-suggest [role=option]").all_inner_texts()
    assert texts and not [t for t in texts if ", " in t], texts


# --- privacy and weight ----------------------------------------------------------------------------------

def test_no_cookies_no_other_origins_no_web_fonts_and_light_pages(open_tab, pages):
    """Every page type: one HTML response of at most 60 KB, and only the local stylesheet, scripts and
    covers, at most 100 KB together. The tab's close() asserts no cookie and no request elsewhere."""
    tab = open_tab()
    page = tab.page
    for kind, url in pages.items():
        response = page.goto(url)
        measured = page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const res = performance.getEntriesByType('resource').map(e => [e.name, e.initiatorType, e.decodedBodySize]);
            return {html: nav.decodedBodySize, resources: res, cookie: document.cookie, fonts: document.fonts.size};
        }""")
        assert len(response.body()) <= MAX_HTML_BYTES and measured["html"] <= MAX_HTML_BYTES, (kind, measured["html"])
        paths = [urlsplit(name).path for name, _, _ in measured["resources"]]
        # Covers come from this site's /cover route (lazily: only those near the viewport load).
        names = sorted(p for p in paths if not p.startswith("/cover/"))
        assert names == ["/static/mylibrary.js", "/static/vindplaats.css", "/static/vindplaats.js"], (kind, names)
        assert sum(size for _, _, size in measured["resources"]) <= MAX_ASSET_BYTES, kind
        assert measured["cookie"] == "" and measured["fonts"] == 0, kind
        for r in measured["resources"]:
            assert r[0].startswith(tab.base + "/"), r
    assert all(r.startswith(tab.base + "/") for r in tab.requests)


# --- reflow, focus, screenshots ---------------------------------------------------------------------------

OVERFLOW = """() => [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.table-scroll, .vh, .skip'))
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.tagName + '.' + e.className)"""


@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_pages_reflow_at_320_css_pixels_and_show_focus(open_tab, pages, js):
    """WCAG 1.4.10: 1280 px at 400 % zoom is 320 CSS px; nothing may need horizontal scrolling
    (a wide data table may scroll on its own). The skip link appears with a focus outline."""
    tab = open_tab(js=js, width=320, height=800)
    page = tab.page
    for kind, url in pages.items():
        page.goto(url)
        overflow = page.evaluate(OVERFLOW)
        assert not overflow, (kind, overflow[:5])
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), kind
        page.keyboard.press("Tab")
        skip = focused(page, """[el.getAttribute('href'), getComputedStyle(el).outlineStyle,
                                 el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom > 0]""")
        assert skip == ["#main", "solid", True], (kind, skip)


def test_every_kind_of_control_shows_its_focus(open_tab, pages):
    tab = open_tab()
    page = tab.page
    page.goto(pages["results"])
    seen = {}
    for _ in range(45):
        page.keyboard.press("Tab")
        kind, style, width = focused(page, """[el.tagName + (el.type ? ':' + el.type : ''),
            getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]""")
        seen.setdefault(kind, (style, width))
    tab_until(page, "el.type === 'checkbox'", limit=80)
    seen["INPUT:checkbox"] = tuple(focused(page, """[getComputedStyle(el).outlineStyle,
                                                     parseFloat(getComputedStyle(el).outlineWidth)]"""))
    for kind in ("A", "INPUT:search", "BUTTON:submit", "SELECT:select-one", "INPUT:checkbox"):
        assert kind in seen, (kind, seen)
    for kind, (style, width) in seen.items():
        assert style == "solid" and width >= 2, (kind, style, width)


SHOTS = {"home": "home", "results": "results-one-facet", "record": "record-other-library"}


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(open_tab, pages, width):
    """Screenshots for the README; (re)written only with VINDPLAATS_SCREENSHOTS=1, so a test run
    leaves the work tree as it was."""
    tab = open_tab(width=width, height=812 if width < 600 else 900)
    write = os.environ.get("VINDPLAATS_SCREENSHOTS") == "1"
    if write:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, kind in SHOTS.items():
        tab.page.goto(pages[kind])
        # The covers in view are lazy images: drawn before the picture is taken.
        tab.page.wait_for_function("""() => [...document.querySelectorAll('img.cover')]
            .filter(i => i.getBoundingClientRect().top < innerHeight).every(i => i.complete && i.naturalWidth > 0)""")
        png = tab.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png") if write else None)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


# --- what axe does not look at: text spacing, colours of states ------------------------------------------

TEXT_SPACING = """() => { const s = document.createElement('style');
    s.textContent = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; ' +
                    'word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
    document.head.appendChild(s); }"""
CLIPPED = """() => [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.vh, .skip'))
    .filter(e => { const s = getComputedStyle(e);
                   return ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY); })
    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
    .map(e => e.tagName + '.' + e.className)"""


@pytest.mark.parametrize("width", [320, 1280])
def test_text_spacing_loses_nothing(open_tab, pages, width):
    """WCAG 1.4.12: with the text spacing the criterion names, nothing is cut off or overflows."""
    tab = open_tab(width=width)
    page = tab.page
    for kind in ("home", "results-two-facets", "record-other-library", "article", "zero-results"):
        page.goto(pages[kind])
        page.evaluate(TEXT_SPACING)
        assert not page.evaluate(OVERFLOW), kind
        assert not page.evaluate(CLIPPED), kind


CONTRAST = """el => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    let bg = el, back = 'rgb(255, 255, 255)';
    while (bg) { const c = getComputedStyle(bg).backgroundColor;
                 if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') { back = c; break; }
                 bg = bg.parentElement; }
    const [a, b] = [lum(getComputedStyle(el).color), lum(back)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


def test_focused_and_active_states_keep_their_contrast(open_tab, pages):
    """axe checks colours as the page loads; these are the states only a keyboard brings about."""
    tab = open_tab()
    page = tab.page
    page.goto(pages["results"])
    page.keyboard.press("Tab")  # the skip link, yellow
    assert page.evaluate(CONTRAST, page.evaluate_handle("document.activeElement")) >= 4.5
    tab_until(page, "!!el.closest('header nav')")  # a header link on the dark blue bar
    assert page.evaluate(CONTRAST, page.evaluate_handle("document.activeElement")) >= 4.5
    tab_until(page, "!!el.closest('.to-results')", limit=20)  # over the filters to the list
    page.keyboard.press("Enter")
    tab_until(page, "!!el.closest('ol.hits')", limit=10)  # a link in the list
    assert page.evaluate(CONTRAST, page.evaluate_handle("document.activeElement")) >= 4.5
    # The active option of the autocomplete, and its field label.
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("bibl")
    page.wait_for_selector("#q-suggest [role=option]")
    page.keyboard.press("ArrowDown")
    option = page.locator("#q-suggest [aria-selected=true]")
    assert page.evaluate(CONTRAST, option.element_handle()) >= 4.5
    kind = option.locator(".kind")
    if kind.count():
        assert page.evaluate(CONTRAST, kind.element_handle()) >= 4.5


# --- the API documentation ------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "ready"), [("/docs", ".swagger-ui .info .title"),
                                             ("/redoc", "h1")])
def test_the_api_documentation_renders_under_its_csp_from_our_own_files(open_tab, path, ready):
    tab = open_tab()
    violations: list[str] = []
    tab.page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    r = tab.page.goto(path)
    assert r.status == 200 and "default-src 'none'" in r.headers["content-security-policy"]
    tab.page.wait_for_selector(ready)
    assert "Vindplaats" in tab.page.inner_text(ready)
    tab.page.wait_for_load_state("networkidle")
    # Our own scripts and styles all run; what the policy blocks is only what would come from another
    # site (ReDoc's footer logo on its CDN), which is the point of it.
    assert not [v for v in violations if "inline" in v or "eval" in v or tab.base in v], violations
    assert all("https://" in v for v in violations), violations
    assert any(u.endswith("/openapi.json") for u in tab.requests)
    # tab.close (the fixture) asserts that nothing was asked of another site


# --- covers and the look of a result ---------------------------------------------------------------------

def test_results_show_local_covers_material_icon_year_author_and_availability(open_tab, pages):
    """Each catalogue hit: a cover from this site (lazy, its box reserved, drawn by the server),
    the material's icon and label, year, author and availability. A knowledge-base hit: no cover,
    its own label and a look of its own."""
    tab = open_tab()
    page = tab.page
    page.goto(pages["results"] + "&scope=all")
    hits = page.evaluate("""() => [...document.querySelectorAll('ol.hits > li')].map(li => {
        const img = li.querySelector('img.cover');
        return {cls: li.className, img: img && [img.getAttribute('src'), img.loading, img.getAttribute('alt'),
                img.width, img.height, img.getBoundingClientRect().height],
                icon: !!li.querySelector('.material svg.micon'), meta: (li.querySelector('.meta') || {}).textContent || '',
                avail: !!li.querySelector('.avail'), kind: (li.querySelector('.kind') || {}).textContent || '',
                bg: getComputedStyle(li).backgroundColor};
    })""")
    catalogue = [h for h in hits if "hit-catalogue" in h["cls"]]
    articles = [h for h in hits if "hit-article" in h["cls"]]
    assert catalogue and articles, hits
    for h in catalogue:
        src, loading, alt, width, height, shown = h["img"]
        assert src.startswith("/cover/") and loading == "lazy" and alt == "", h
        assert width and height and height * 2 == width * 3 and shown > 0, h
        assert h["avail"], h
    # the material's icon and label, the year and the author, on most hits (the sample's records
    # without a material or year show none)
    assert sum(h["icon"] for h in catalogue) * 2 > len(catalogue)
    assert sum(bool(re.search(r"\b(1[5-9]|20)\d\d\b", h["meta"])) for h in catalogue) * 2 > len(catalogue)
    for h in articles:
        assert h["img"] is None and h["kind"] == "Kennisbank-artikel", h
        assert h["bg"] != catalogue[0]["bg"], (h["bg"], catalogue[0]["bg"])
    # The first cover is drawn and really an image (loaded from this site only; close() checks).
    first = page.locator("ol.hits > li.hit-catalogue img.cover").first
    first.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('ol.hits img.cover').naturalWidth > 0")
    assert all(r.startswith(tab.base + "/") for r in tab.requests)


def test_record_page_shows_its_cover(open_tab, pages):
    tab = open_tab()
    page = tab.page
    page.goto(pages["record"])
    img = page.locator("article.record > img.cover")
    assert img.count() == 1 and img.get_attribute("loading") == "lazy"
    page.wait_for_function("() => document.querySelector('article.record > img.cover').naturalWidth > 0")
