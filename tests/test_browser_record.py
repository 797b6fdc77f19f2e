"""The record page in Chromium (the fixtures of test_browser_pages: no cookies, nothing from other
sites): from a search to a record and back, an author's and a series' titles, the librarians'
details closed until opened, and axe finding nothing, on a phone (375 px) and a desktop (1280 px)."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from corpus.series import split
from search_api.request import PAGE_SCOPE, SearchRequest
from tests.test_browser_pages import axe_violations, base_url, browser, open_tab  # noqa: F401 - fixtures

WIDTHS = [375, 1280]


def hit_ids(page) -> list[str]:
    return [urlsplit(h).path.removeprefix("/titel/")
            for h in page.locator("ol.hits h3 a").evaluate_all("els => els.map(a => a.getAttribute('href'))")]


@pytest.fixture(scope="module")
def series_volume(numbered_series):
    """The last volume of the sample's longest numbered series, and the series' name."""
    name, volumes = numbered_series
    return max(volumes, key=lambda r: split(r["series"]).number), name


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_from_the_results_to_a_record_and_back(open_tab, service, width, js):  # noqa: F811
    page = open_tab(width=width, js=js).page
    search = "/zoeken?" + urlencode([("q", "roman"), ("filter", "material:boek"), ("sort", "year_desc"),
                                     ("page", "2"), ("size", "5")])
    page.goto(search)
    shown = hit_ids(page)
    assert shown
    page.locator("ol.hits h3 a").first.click()
    page.wait_for_url(re.compile(r"/titel/"))
    assert parse_qs(urlsplit(page.url).query)["terug"] == [search]
    back = page.get_by_role("link", name="Terug naar de resultaten")
    assert back.is_visible()
    if js:  # axe runs as a script in the page
        assert axe_violations(page) == []
    back.click()
    page.wait_for_url(re.compile(r"/zoeken\?"))
    assert urlsplit(page.url).path + "?" + urlsplit(page.url).query == search
    assert hit_ids(page) == shown
    assert page.locator("#sort option[selected]").get_attribute("value") == "year_desc"


@pytest.mark.parametrize("width", WIDTHS)
def test_an_author_link_leads_to_that_authors_titles(open_tab, service, sample_records, width):  # noqa: F811
    rec = next(r for r in sample_records if len(r.get("authors") or []) >= 2)
    author = rec["authors"][1]["name"]  # not the first: each name has its own link
    page = open_tab(width=width).page
    page.goto(f"/titel/{rec['id']}")
    link = page.locator("p.byline a", has_text=author)
    assert link.get_attribute("href") and "meer van deze auteur" in link.inner_text() + link.text_content()
    link.click()
    page.wait_for_url(re.compile(r"/zoeken\?.*filter=authors"))
    expected = service.search(SearchRequest(filters=(("authors", author),), scope=PAGE_SCOPE))
    ids = hit_ids(page)
    assert ids == [h.id for h in expected.hits]
    assert all(author in [a["name"] for a in service.get(i)["authors"]] for i in ids)
    assert page.locator(".chips").inner_text().find(author) >= 0  # the filter is shown, and removable


@pytest.mark.parametrize("width", WIDTHS)
def test_the_series_link_gives_the_series_in_order(open_tab, service, series_volume, width):  # noqa: F811
    rec, name = series_volume
    page = open_tab(width=width).page
    page.goto(f"/titel/{rec['id']}")
    page.locator("a.series").click()
    page.wait_for_url(re.compile(r"/zoeken\?.*sort=series"))
    numbers = [split(service.get(i)["series"]).number for i in hit_ids(page)]
    assert len(numbers) >= 3 and numbers == sorted(numbers)
    assert {split(service.get(i)["series"]).name for i in hit_ids(page)} == {name}
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_librarians_details_are_closed_until_opened(open_tab, sample_records, width, js):  # noqa: F811
    rec = next(r for r in sample_records if r.get("ppn") and len(r.get("authors") or []) >= 1)
    page = open_tab(width=width, js=js).page
    page.goto(f"/titel/{rec['id']}")
    details = page.locator("details.librarian")
    assert details.get_attribute("open") is None
    ppn = details.locator("dd", has_text=rec["ppn"]).first
    assert not ppn.is_visible()
    if js:  # axe runs as a script in the page
        assert axe_violations(page) == [], "closed"
    summary = details.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")  # a disclosure by keyboard
    assert details.get_attribute("open") is not None
    assert ppn.is_visible()
    if js:
        assert axe_violations(page) == [], "open"
        # The page does not scroll sideways on a phone.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_on_record_pages(open_tab, service, sample_records, series_volume, width):  # noqa: F811
    pytest.importorskip("axe_playwright_python")
    grouped = next(r for r in sample_records
                   if len({e.get("material") for e in service.editions(r)}) >= 2
                   and len({(e.get("language") or [None])[0] for e in service.editions(r)}) >= 3)
    held = next(r for r in sample_records if len(r.get("holdings") or []) >= 3)
    back = "/zoeken?" + urlencode({"q": "roman"})
    page = open_tab(width=width).page
    for url in (f"/titel/{grouped['id']}?" + urlencode({"terug": back}),
                f"/titel/{series_volume[0]['id']}?lang=en&" + urlencode({"terug": back}),
                f"/titel/{held['id']}?library={held['holdings'][-1]['library']}"):
        page.goto(url)
        assert axe_violations(page) == [], url
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), url
