"""The HTML pages: what a patron sees, with and without filters, in Dutch and in English.

Structure is checked on the parsed HTML (lxml), not with regular expressions.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from search_api.request import SearchRequest

WEB = Path(__file__).resolve().parents[1] / "web"
MAX_PAGE_BYTES = 60_000


def page(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    assert "set-cookie" not in r.headers, url
    return lxml.html.fromstring(r.text), r


def text(el) -> str:
    return " ".join(el.text_content().split())


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def assert_basic_page(doc, lang: str = "nl", canonical: bool = True):
    assert doc.get("lang") == lang
    assert len(doc.xpath("//h1")) == 1
    assert doc.xpath("//a[@href='#main']"), "skip link"
    for landmark in ("header", "nav", "main", "footer"):
        assert doc.xpath(f"//{landmark}"), landmark
    assert doc.xpath("//main[@id='main']")
    assert doc.xpath("//head/title")[0].text.strip().endswith("Vindplaats")
    # Error pages are not to be indexed, so they name no canonical address.
    assert bool(doc.xpath("//link[@rel='canonical']/@href")) == canonical


def assert_controls_labelled(doc):
    """Every visible form control has a label (explicit `for` or wrapping)."""
    for el in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        if el.get("type") == "submit":
            continue
        ident = el.get("id")
        explicit = ident and doc.xpath(f"//label[@for='{ident}']")
        wrapped = el.xpath("ancestor::label")
        assert explicit or wrapped or el.get("aria-label"), lxml.html.tostring(el)


@pytest.fixture(scope="module")
def multi_edition(service, sample_records):
    """A catalogue record whose work has several editions in the sample, held by some library."""
    for rec in sample_records:
        eds = service.editions(rec)
        if len(eds) >= 3 and rec.get("holdings"):
            return rec, eds
    pytest.fail("the sample has no work with three or more editions")


@pytest.fixture(scope="module")
def article(service):
    res = service.search(SearchRequest(scope="articles", size=50, group=False))
    for hit in res.hits:
        rec = hit.record
        if rec.get("document") and rec.get("section") and rec.get("body"):
            return rec
    pytest.fail("the sample has no knowledge article with document, section and body")


# --- home --------------------------------------------------------------------------------------

def test_home_has_a_labelled_search_box_and_scope_choice(client, service):
    doc, _ = page(client, "/")
    assert_basic_page(doc)
    form = doc.xpath("//form[@role='search']")[0]
    assert form.get("action") == "/zoeken"
    box = form.xpath(".//input[@name='q']")[0]
    label = doc.xpath(f"//label[@for='{box.get('id')}']")
    assert label and text(label[0])
    scopes = form.xpath(".//input[@name='scope']/@value")
    assert scopes == ["all", "catalogue", "articles"]
    assert form.xpath(".//fieldset/legend")
    # What is indexed, from the service's stats.
    catalogue = service.stats()["by_type"]["catalogue"]
    assert f"{catalogue} titels" in text(doc.xpath("//main")[0])
    assert_controls_labelled(doc)


# --- results -----------------------------------------------------------------------------------

def test_results_show_hits_with_marked_snippets_and_facet_checkboxes(client):
    doc, _ = page(client, "/zoeken?q=bibliotheek")
    assert_basic_page(doc)
    assert "Zoekresultaten voor 'bibliotheek'" in doc.xpath("//title")[0].text
    status = doc.xpath("//*[@role='status']")[0]
    assert status.get("aria-live") == "polite"
    assert re.search(r"\d+ resultaten", text(status))

    hits = doc.xpath("//main//ol[contains(@class,'hits')]/li")
    assert len(hits) >= 5
    for hit in hits:
        link = hit.xpath(".//h3/a")[0]
        assert link.get("href").startswith(("/titel/", "/artikel/"))
        assert text(link)
    assert doc.xpath("//ol[contains(@class,'hits')]//p[@class='snippet']/mark"), "snippets mark the query"

    form = doc.xpath("//form[.//fieldset[contains(@class,'facet')]]")[0]
    assert form.get("method") == "get" and form.get("action") == "/zoeken"
    assert form.xpath(".//input[@type='hidden' and @name='q']/@value") == ["bibliotheek"]
    fieldsets = form.xpath(".//fieldset")
    legends = [text(f.xpath("legend")[0]) for f in fieldsets]
    assert "Materiaalsoort" in legends and "Jaar" in legends
    boxes = form.xpath(".//input[@type='checkbox']")
    assert boxes and all(b.get("name") == "filter" and ":" in b.get("value") for b in boxes)
    for b in boxes:
        assert re.search(r"\(\d+\)$", text(b.getparent())), text(b.getparent())
    book = form.xpath(".//input[@value='material:boek']")[0]
    assert text(book.getparent()).startswith("Boek (")
    assert form.xpath(".//button[@type='submit']") and "Filter toepassen" in text(form)
    # Year ranges read as ranges; libraries sit inside their province.
    years = [text(b.getparent()) for b in form.xpath(".//input[starts-with(@value,'year:')]")]
    assert any("–" in y or "en later" in y for y in years)
    assert form.xpath(".//input[starts-with(@value,'province:')]/ancestor::li[1]"
                      "//ul//input[starts-with(@value,'library:')]")
    assert_controls_labelled(doc)


def test_long_facets_fold_the_rest_into_meer_tonen(client):
    doc, _ = page(client, "/zoeken?q=")
    for fs in doc.xpath("//fieldset[contains(@class,'facet')]"):
        assert len(fs.xpath("./ul/li")) <= 10 + sum(1 for _ in fs.xpath("./ul/li//input[@checked]"))
    details = doc.xpath("//fieldset[contains(@class,'facet')]/details")
    assert details, "some facet of the whole sample has more than ten values"
    assert text(details[0].xpath("summary")[0]).startswith("Meer tonen")


def test_selecting_two_materials_keeps_them_checked_and_filters_the_hits(client, service):
    doc, _ = page(client, "/zoeken?q=bibliotheek")
    values = doc.xpath("//input[starts-with(@value,'material:')]/@value")[:2]
    assert len(values) == 2
    chosen = {v.split(":", 1)[1] for v in values}
    url = "/zoeken?q=bibliotheek&" + "&".join(f"filter={v}" for v in values)
    doc, _ = page(client, url)
    checked = set(doc.xpath("//input[@type='checkbox' and @checked]/@value"))
    assert checked == set(values)
    hits = doc.xpath("//ol[contains(@class,'hits')]/li//h3/a/@href")
    assert hits
    for href in hits:
        rec = service.get(urlsplit(href).path.split("/titel/", 1)[1])
        assert rec["material"] in chosen, (href, rec["material"])
    # Each selected filter has a chip that removes just that filter, and one clears them all.
    chips = doc.xpath("//div[@class='chips']//a[not(contains(@class,'clear'))]/@href")
    assert len(chips) == 2
    for href, value in zip(chips, values):
        assert query_of(href)["filter"] == [v for v in values if v != value]
    clear = doc.xpath("//a[normalize-space()='Wis alle filters']/@href")[0]
    assert "filter" not in query_of(clear) and query_of(clear)["q"] == ["bibliotheek"]


def test_pagination_links_carry_query_and_filters(client):
    doc, _ = page(client, "/zoeken?q=bibliotheek&filter=language:nl&size=5&page=2")
    nav = doc.xpath("//nav[@aria-label='Paginering']")[0]
    current = nav.xpath(".//a[@aria-current='page']")
    assert len(current) == 1 and text(current[0]).endswith("2")
    links = nav.xpath(".//a/@href")
    assert len(links) >= 3
    for href in links:
        qs = query_of(href)
        assert qs["q"] == ["bibliotheek"] and qs["filter"] == ["language:nl"] and qs["size"] == ["5"]
    prev = nav.xpath(".//a[@rel='prev']/@href")[0]
    nxt = nav.xpath(".//a[@rel='next']/@href")[0]
    assert "page" not in query_of(prev) and query_of(nxt)["page"] == ["3"]
    assert doc.xpath("//ol[contains(@class,'hits')]/@start") == ["6"]


def test_sort_form_and_newest_first(client, service):
    doc, _ = page(client, "/zoeken?q=bibliotheek&filter=material:boek&sort=year_desc")
    form = doc.xpath("//form[.//select[@name='sort']]")[0]
    assert form.xpath(".//option/@value") == ["relevance", "year_desc", "year_asc", "title"]
    assert form.xpath(".//option[@selected]/@value") == ["year_desc"]
    assert form.xpath(".//input[@type='hidden' and @name='filter']/@value") == ["material:boek"]
    assert form.xpath(".//button[@type='submit']")
    years = [service.get(urlsplit(h).path.split("/titel/", 1)[1]).get("year") or 0
             for h in doc.xpath("//ol[contains(@class,'hits')]/li//h3/a/@href")]
    assert years == sorted(years, reverse=True)


def test_hit_title_carries_its_language(client, sample_records):
    rec = next(r for r in sample_records if (r.get("language") or ["nl"])[0] == "en")
    doc, _ = page(client, "/zoeken?q=" + rec["title"])
    assert doc.xpath("//ol[contains(@class,'hits')]//h3/a[@lang='en']"), rec["title"]
    dutch, _ = page(client, "/zoeken?q=bibliotheek&filter=language:nl")
    titles = dutch.xpath("//ol[contains(@class,'hits')]//h3/a")
    assert titles and not [a for a in titles if a.get("lang")]


def test_editions_reading_forms_and_availability_on_hits(client):
    doc, _ = page(client, "/zoeken?q=&scope=catalogue&size=100")
    body = text(doc.xpath("//ol[contains(@class,'hits')]")[0])
    assert re.search(r"\b\d+ edities\b", body)
    assert "Aangepast lezen:" in body
    assert re.search(r"Beschikbaar in \d+ bibliothe(ek|ken)", body)


def test_library_scope_says_held_here(client, multi_edition):
    rec, _ = multi_edition
    isil = rec["holdings"][0]["library"]
    doc, _ = page(client, f"/zoeken?q={rec['title']}&library={isil}")
    assert "Aanwezig in uw bibliotheek" in text(doc.xpath("//ol[contains(@class,'hits')]")[0])
    href = doc.xpath("//ol[contains(@class,'hits')]//h3/a/@href")[0]
    assert query_of(href)["library"] == [isil]
    for form in doc.xpath("//form[@action='/zoeken']"):
        assert form.xpath(".//input[@type='hidden' and @name='library']/@value") == [isil]


def test_zero_results_offers_a_way_out(client):
    doc, _ = page(client, "/zoeken?q=qqxqzzyv&filter=material:boek&scope=catalogue")
    assert_basic_page(doc)
    assert "Geen resultaten" in text(doc.xpath("//*[@role='status']")[0])
    link = doc.xpath("//a[normalize-space()='Zoek zonder filters']/@href")[0]
    qs = query_of(link)
    assert qs["q"] == ["qqxqzzyv"] and "filter" not in qs
    assert "spelling" in text(doc.xpath("//main")[0])


def test_user_input_is_escaped(client):
    r = client.get("/zoeken", params={"q": '<script>alert("x")</script>'})
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;" in r.text


# --- record and article pages -------------------------------------------------------------------

def test_record_page_has_fields_holdings_table_and_other_editions(client, multi_edition):
    rec, editions = multi_edition
    doc, _ = page(client, f"/titel/{rec['id']}")
    assert_basic_page(doc)
    assert text(doc.xpath("//h1")[0]).startswith(rec["title"])
    terms = [text(dt) for dt in doc.xpath("//dl/dt")]
    assert "Jaar" in terms and "Materiaalsoort" in terms
    table = doc.xpath("//table")[0]
    assert text(table.xpath("caption")[0])
    assert table.xpath(".//thead//th[@scope='col']")
    rows = table.xpath(".//tbody/tr[th[@scope='row']]")
    assert len(rows) == len(rec["holdings"])
    assert table.xpath(".//th[@scope='rowgroup']")
    names = {text(r.xpath("th")[0]) for r in rows}
    assert {h["library_name"] for h in rec["holdings"]} <= names
    others = doc.xpath("//section[@id='edities']//a/@href")
    assert {urlsplit(h).path for h in others} == {f"/titel/{e['id']}" for e in editions if e["id"] != rec["id"]}
    for subject in rec.get("subjects") or []:
        assert doc.xpath("//dl//a[@href=$h]", h="/zoeken?" + SearchRequest(
            filters=(("subjects", subject),)).query_string())


def test_record_page_puts_the_patrons_library_first(client, multi_edition):
    rec, _ = multi_edition
    last = sorted(rec["holdings"], key=lambda h: (h["province"], h["library_name"]))[-1]
    doc, _ = page(client, f"/titel/{rec['id']}?library={last['library']}")
    first_row = doc.xpath("//table//tbody/tr[th[@scope='row']]")[0]
    assert text(first_row.xpath("th")[0]) == last["library_name"]


def test_unknown_record_is_a_dutch_404_page(client):
    for url in ("/titel/ppn:000000000", "/artikel/bestaat-niet"):
        doc, r = page(client, url, status=404)
        assert_basic_page(doc, canonical=False)
        assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert "niet gevonden" in text(doc.xpath("//h1")[0])
        assert doc.xpath("//a[@href='/']") and doc.xpath("//form[@role='search']")


def test_article_page_shows_document_section_and_body(client, service, article):
    doc, _ = page(client, f"/artikel/{article['id']}")
    assert_basic_page(doc)
    assert text(doc.xpath("//h1")[0]) == article["title"]
    crumbs = text(doc.xpath("//nav[@aria-label='Kruimelpad']")[0])
    assert article["document"] in crumbs
    section = article["section"] if isinstance(article["section"], str) else article["section"][-1]
    assert section.split(">")[-1].split("›")[-1].strip() in crumbs
    paragraphs = doc.xpath("//article//div[@class='body']/p")
    assert len(paragraphs) == len([p for p in re.split(r"\n\s*\n", article["body"]) if p.strip()])
    others = [urlsplit(h).path.split("/artikel/", 1)[1] for h in doc.xpath("//section[@class='sections']//a/@href")]
    assert others, "the other sections of the document are listed"
    assert article["id"] not in others
    for other in others:
        assert service.get(other)["document"] == article["document"]


# --- /over, errors ----------------------------------------------------------------------------------

def test_about_page_has_the_privacy_statement(client):
    doc, _ = page(client, "/over")
    assert_basic_page(doc)
    privacy = text(doc.xpath("//*[@id='privacy']")[0])
    assert "geen cookies" in privacy
    assert "IP-adres" in privacy and "30 dagen" in privacy
    assert "andere websites" in privacy


@pytest.mark.parametrize("url", ["/zoeken?q=boek&page=0", "/zoeken?q=boek&sort=random",
                                 "/zoeken?q=boek&filter=kleur:rood"])
def test_bad_parameters_render_a_dutch_400_page(client, url):
    doc, _ = page(client, url, status=400)
    assert_basic_page(doc, canonical=False)
    main = text(doc.xpath("//main")[0])
    assert "niet uitvoeren" in main and "400" in main
    assert doc.xpath("//a[@href='/']")
    assert doc.xpath("//form[@role='search']//input[@name='q']/@value") == ["boek"]


def test_api_errors_stay_json(client):
    r = client.get("/api/v1/search?page=0")
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/json")


# --- language, privacy, weight ---------------------------------------------------------------------

def test_english_switches_texts_and_keeps_lang_everywhere(client):
    doc, _ = page(client, "/zoeken?q=bibliotheek&lang=en&size=5")
    assert_basic_page(doc, lang="en")
    assert "Search results for 'bibliotheek'" in doc.xpath("//title")[0].text
    assert "Apply filters" in text(doc)
    assert "Filter toepassen" not in text(doc)
    switch = doc.xpath("//a[@hreflang='nl']/@href")[0]
    assert "lang" not in query_of(switch)
    for href in doc.xpath("//a/@href"):
        if href.startswith("/") and href != switch and not href.startswith("/static"):
            assert query_of(href).get("lang") == ["en"], href
    for form in doc.xpath("//form"):
        assert form.xpath(".//input[@type='hidden' and @name='lang']/@value") == ["en"]
    home, _ = page(client, "/?lang=en")
    assert home.get("lang") == "en"
    assert home.xpath("//a[@hreflang='nl']")
    assert "Search" in text(home.xpath("//form[@role='search']")[0])


def test_message_catalogues_have_the_same_keys():
    nl = json.loads((WEB / "locales" / "nl.json").read_text(encoding="utf-8"))
    en = json.loads((WEB / "locales" / "en.json").read_text(encoding="utf-8"))
    assert set(nl) == set(en)
    for key, value in nl.items():
        assert type(value) is type(en[key]), key


PAGES = ["/", "/over", "/zoeken?q=bibliotheek", "/zoeken?q=", "/zoeken?q=bibliotheek&lang=en",
         "/titel/ppn:000000000", "/zoeken?q=x&page=0"]


def test_no_cookies_and_no_third_party_assets(client, multi_edition, article):
    rec, _ = multi_edition
    for url in PAGES + [f"/titel/{rec['id']}", f"/artikel/{article['id']}"]:
        r = client.get(url)
        assert "set-cookie" not in r.headers, url
        assert "default-src 'self'" in r.headers["content-security-policy"]
        doc = lxml.html.fromstring(r.text)
        assets = doc.xpath("//@src") + doc.xpath("//link[not(@rel='canonical')]/@href")
        assert assets, url
        for a in assets:
            assert a.startswith("/") and not a.startswith("//"), (url, a)
        assert not doc.xpath("//script[not(@src)]"), "no inline scripts"


def test_static_files_are_served_and_small(client):
    r = client.get("/static/vindplaats.css")
    assert r.status_code == 200 and "text/css" in r.headers["content-type"]
    total = sum(p.stat().st_size for p in (WEB / "static").rglob("*") if p.is_file())
    assert total < 100_000


def test_a_twenty_hit_page_stays_under_60_kb(client):
    for url in ("/zoeken?q=", "/zoeken?q=bibliotheek", "/zoeken?q=&scope=catalogue&lang=en"):
        doc, r = page(client, url)
        assert len(doc.xpath("//ol[contains(@class,'hits')]/li")) == 20, url
        assert len(r.content) < MAX_PAGE_BYTES, (url, len(r.content))


def test_unavailable_index_renders_a_dutch_503_page(tmp_path):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.service import IndexUnavailable
    from search_api.settings import Settings

    class NoIndex:
        def __getattr__(self, name):
            def unavailable(*args, **kwargs):
                raise IndexUnavailable("no generation")
            return unavailable

    app = create_app(Settings(index_dir=str(tmp_path)), service=NoIndex())
    with TestClient(app, raise_server_exceptions=False) as c:
        for url in ("/", "/zoeken?q=boek", "/titel/ppn:1"):
            doc, r = page(c, url, status=503)
            assert_basic_page(doc, canonical=False)
            assert "niet beschikbaar" in text(doc.xpath("//h1")[0])
            assert r.headers.get("retry-after")


def test_a_page_past_the_end_links_to_the_last_page(client):
    doc, _ = page(client, "/zoeken?q=bibliotheek&size=5&page=500")
    assert not doc.xpath("//ol[contains(@class,'hits')]")
    last = doc.xpath("//div[@class='empty']//a[contains(., 'laatste pagina')]/@href")
    assert last and int(query_of(last[0])["page"][0]) < 500


def test_an_internal_error_renders_a_dutch_500_page_without_a_trace(tmp_path):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    class Broken:
        def stats(self):
            raise RuntimeError("secret internals")

    app = create_app(Settings(index_dir=str(tmp_path)), service=Broken())
    with TestClient(app, raise_server_exceptions=False) as c:
        doc, r = page(c, "/", status=500)
        assert_basic_page(doc, canonical=False)
        assert "Er ging iets mis" in text(doc.xpath("//h1")[0])
        assert "secret internals" not in r.text and "Traceback" not in r.text


# --- in a real browser (skipped without Chromium) ----------------------------------------------------

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")
def test_pages_reflow_at_320_css_pixels_and_show_focus(client, multi_edition, article):
    """WCAG 1.4.10: no horizontal scrolling at 320 px (a wide data table may scroll on its own).
    The browser is served by the test client, so no server process is started."""
    sync_api = pytest.importorskip("playwright.sync_api")
    rec, _ = multi_edition
    holder = rec["holdings"][-1]["library"]
    urls = ["/", "/over", "/zoeken?q=bibliotheek&filter=material:boek", f"/titel/{rec['id']}?library={holder}",
            f"/artikel/{article['id']}", "/zoeken?q=x&page=0"]

    def serve(route):
        r = client.get(urlsplit(route.request.url)._replace(scheme="", netloc="").geturl())
        route.fulfill(status=r.status_code, body=r.content, content_type=r.headers["content-type"])

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            tab = browser.new_page(viewport={"width": 320, "height": 800})
            tab.route("http://vindplaats.test/**", serve)
            for url in urls:
                tab.goto("http://vindplaats.test" + url)
                assert tab.evaluate("getComputedStyle(document.body).fontFamily"), "stylesheet loaded"
                overflow = tab.evaluate("""() => [...document.querySelectorAll('body *')]
                    .filter(e => !e.closest('.table-scroll, .vh, .skip'))
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .map(e => e.tagName + '.' + e.className)""")
                assert not overflow, (url, overflow[:5])
                assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
                # The first Tab lands on the skip link, which becomes visible with a focus outline.
                tab.keyboard.press("Tab")
                focused = tab.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e),
                    r = e.getBoundingClientRect();
                    return [e.getAttribute('href'), s.outlineStyle, r.top >= 0 && r.bottom > 0]; }""")
                assert focused == ["#main", "solid", True], (url, focused)
        finally:
            browser.close()
