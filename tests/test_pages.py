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
MAX_ASSET_BYTES = 100_000


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
    # Year ranges read as ranges; provinces list their libraries once chosen.
    years = [text(b.getparent()) for b in form.xpath(".//input[starts-with(@value,'year:')]")]
    assert any("–" in y or "en later" in y for y in years)
    assert form.xpath(".//input[starts-with(@value,'province:')]")
    assert not form.xpath(".//input[starts-with(@value,'province:')]/ancestor::li[1]//ul")
    assert_controls_labelled(doc)


def test_a_chosen_province_lists_its_libraries(client):
    doc, _ = page(client, "/zoeken?q=bibliotheek")
    province = doc.xpath("//input[starts-with(@value,'province:')]/@value")[0]
    fieldset = doc.xpath("//fieldset[@data-facet='province']")[0]
    assert "provincie" in text(doc.xpath("//*[@id=$i]", i=fieldset.get("aria-describedby"))[0])
    doc, _ = page(client, "/zoeken?q=bibliotheek&filter=" + province)
    item = doc.xpath("//input[@value=$v]/ancestor::li[1]", v=province)[0]
    libraries = item.xpath(".//ul//input[starts-with(@value,'library:')]/@value")
    assert libraries
    others = doc.xpath("//input[starts-with(@value,'province:') and not(@checked)]/ancestor::li[1]//ul")
    assert not others, "unchosen provinces stay folded"
    # A chosen library keeps its province open and is in the form once, as its checkbox, so
    # unticking it removes the filter.
    doc, _ = page(client, "/zoeken?q=bibliotheek&filter=" + libraries[0])
    inputs = doc.xpath("//form[.//fieldset[@data-facet]]//input[@value=$v]", v=libraries[0])
    assert [(i.get("type"), i.get("checked") is not None) for i in inputs] == [("checkbox", True)]
    assert inputs[0].xpath("ancestor::li[2]//input[starts-with(@value,'province:')]")


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
    prev = nav.xpath(".//a[@rel='prev nofollow']/@href")[0]
    nxt = nav.xpath(".//a[@rel='next nofollow']/@href")[0]
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
    groups = table.xpath(".//th[@scope='rowgroup']")
    assert {text(g) for g in groups} == {h["province"] for h in rec["holdings"]}
    assert [text(th) for th in table.xpath(".//thead//th")] == ["Bibliotheek", "Vestiging", "Nu aanwezig"]
    exports = {a.get("href").split("format=")[1]: a.get("href") for a in doc.xpath("//p[@class='exports']/a")}
    assert set(exports) == {"ris", "bibtex", "jsonld"}
    assert client.get(exports["jsonld"]).status_code == 200
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
        doc, _r = page(client, url, status=404)
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
    assert "andere websites" in privacy
    # What is logged, what is not, and for how long.
    assert "de zoekwoorden, de gekozen filters" in privacy
    assert "geen IP-adres" in privacy and "ten hoogste 30 dagen" in privacy


def test_queries_are_logged_without_who_asked(client, caplog):
    caplog.set_level("INFO")
    r = client.get("/zoeken?q=bibliotheek&filter=material:boek", headers={"X-Forwarded-For": "203.0.113.9",
                                                                          "User-Agent": "Geheime-Browser/1.0"})
    assert r.status_code == 200
    queries = [rec.getMessage() for rec in caplog.records if rec.name == "vindplaats.queries"]
    assert len(queries) == 1
    assert 'q="bibliotheek"' in queries[0] and 'filter="material:boek"' in queries[0] and "total=" in queries[0]
    for rec in caplog.records:
        line = rec.getMessage()
        assert "testclient" not in line and "203.0.113.9" not in line and "Geheime-Browser" not in line, line
        if rec.name == "vindplaats.access":
            assert "bibliotheek" not in line, "page lines carry the path only"


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
        assets = doc.xpath("//@src") + doc.xpath("//link[not(@rel='canonical') and not(@rel='icon')]/@href")
        assert assets, url
        for a in assets:
            assert a.startswith("/") and not a.startswith("//"), (url, a)
        # The icon is an empty data: URL, so browsers ask no /favicon.ico either.
        assert doc.xpath("//link[@rel='icon']/@href") == ["data:,"]
        # The only inline script elements are JSON-LD data blocks, which the browser never runs.
        assert not doc.xpath("//script[not(@src) and not(@type='application/ld+json')]"), "no inline scripts"
        assert not doc.xpath("//@*[starts-with(name(), 'on')]"), "no inline event handlers"


def page_assets(client, url: str) -> dict[str, int]:
    doc = lxml.html.fromstring(client.get(url).text)
    out = {}
    for href in doc.xpath("//link[@rel='stylesheet']/@href | //script/@src"):
        r = client.get(href)
        assert r.status_code == 200, href
        out[urlsplit(href).path] = len(r.content)
    return out


def test_pages_load_one_stylesheet_and_two_scripts_under_100_kb_together(client):
    assets = page_assets(client, "/zoeken?q=bibliotheek")
    assert set(assets) == {"/static/vindplaats.css", "/static/vindplaats.js", "/static/mylibrary.js"}
    assert sum(assets.values()) <= MAX_ASSET_BYTES
    for url in ("/", "/over", "/titel/ppn:000000000"):
        assert page_assets(client, url) == assets, url
    assert "text/css" in client.get("/static/vindplaats.css").headers["content-type"]
    assert "javascript" in client.get("/static/vindplaats.js").headers["content-type"]


def test_the_script_is_small_and_uses_nothing_from_elsewhere():
    js = (WEB / "static" / "vindplaats.js").read_text(encoding="utf-8")
    assert not re.search(r"https?://", js), "no absolute URLs"
    assert "cookie" not in js.lower() and "localStorage" not in js and "sessionStorage" not in js
    assert "/api/v1/suggest" in js


def test_the_library_memory_keeps_one_thing_in_local_storage_and_nothing_else():
    js = (WEB / "static" / "mylibrary.js").read_text(encoding="utf-8")
    code = js.split("*/", 1)[1]
    assert len(js) < 4_000 and not re.search(r"https?://", js)
    assert "cookie" not in code.lower() and "sessionStorage" not in code and "fetch(" not in code
    assert re.findall(r"KEY = \"([^\"]+)\"", code) == ["vindplaats.library"]
    assert re.findall(r"store\.(\w+)\(", code) and set(re.findall(r"store\.(\w+)\(", code)) <= {
        "getItem", "setItem", "removeItem"}
    assert "innerHTML" not in code and "eval(" not in code


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


# --- embedding: JSON-LD, canonical addresses, interlibrary loan ------------------------------------

def jsonld_of(doc) -> dict:
    blocks = doc.xpath("//head/script[@type='application/ld+json']")
    assert len(blocks) == 1
    return json.loads(blocks[0].text)


def test_record_page_embeds_schema_org_json_ld(client, service, multi_edition):
    from search_api.exports import jsonld_for

    rec, editions = multi_edition
    doc, _ = page(client, f"/titel/{rec['id']}")
    data = jsonld_of(doc)
    # Without a public URL the page's links are relative: JSON-LD in HTML resolves them against the page.
    assert data == jsonld_for(rec, service.editions(rec), "")
    assert data["@context"] == "https://schema.org" and data["name"] == rec["title"]
    assert data["@id"] == f"/titel/{rec['id']}"
    assert {e["@id"] for e in data["workExample"]} == {
        f"/titel/{e['id']}" for e in editions if e["id"] != rec["id"]}
    assert len(data["offers"]) == len(rec["holdings"])


def test_article_page_embeds_schema_org_json_ld(client, article):
    doc, _ = page(client, f"/artikel/{article['id']}")
    data = jsonld_of(doc)
    assert data["@type"] == "Article" and data["name"] == article["title"]
    assert data["@id"] == f"/artikel/{article['id']}"


def test_json_ld_cannot_end_its_script_element():
    from types import SimpleNamespace

    from search_api.urls import PAGE_BASE_KEY
    from web.pages import jsonld

    rec = {"type": "catalogue", "id": "ppn:1", "title": "</script><script>alert(1)</script><!--",
           "description": "a < b"}
    out = jsonld(rec, None, SimpleNamespace(scope={PAGE_BASE_KEY: ""}))
    assert "<" not in out
    assert json.loads(out)["name"] == rec["title"]


def test_json_ld_on_a_page_keeps_the_patrons_library_and_copies_on_the_shelf():
    from types import SimpleNamespace

    from search_api.urls import PAGE_BASE_KEY
    from web.pages import MAX_PAGE_OFFERS, jsonld

    holdings = [{"library": f"NL-Lib{i:03d}", "library_name": f"Bibliotheek {i}", "available": i % 3 == 0}
                for i in range(100)]
    rec = {"type": "catalogue", "id": "ppn:1", "title": "Veel gevraagd", "material": "boek", "holdings": holdings}
    data = json.loads(jsonld(rec, None, SimpleNamespace(scope={PAGE_BASE_KEY: ""}), library="NL-Lib050"))
    offers = data["offers"]
    assert len(offers) == MAX_PAGE_OFFERS
    assert offers[0]["offeredBy"]["identifier"] == "NL-Lib050"
    assert all(o["availability"].endswith("InStock") for o in offers[1:])


@pytest.mark.parametrize("kind", ["home", "results", "record", "article", "about"])
def test_every_page_names_its_canonical_permalink(client, multi_edition, article, kind):
    rec, _ = multi_edition
    url = {"home": "/", "results": "/zoeken?q=bibliotheek&filter=material:boek&sort=year_desc&page=2&size=5",
           "record": f"/titel/{rec['id']}", "article": f"/artikel/{article['id']}", "about": "/over"}[kind]
    for lang in ("nl", "en"):
        full = url + ("&" if "?" in url else "?") + "lang=en" if lang == "en" else url
        doc, _ = page(client, full)
        canonical = doc.xpath("//link[@rel='canonical']/@href")
        assert len(canonical) == 1
        parts = urlsplit(canonical[0])
        assert parts.scheme == "" and parts.netloc == ""  # relative without VINDPLAATS_PUBLIC_URL
        assert parts.path == urlsplit(full).path
        assert parse_qs(parts.query) == parse_qs(urlsplit(full).query), (full, canonical)


@pytest.fixture(scope="module")
def ibl_client(sample_index, service):
    """The app with an interlibrary-loan template that names every placeholder."""
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    template = "https://ibl.example.nl/aanvraag?titel={title}&isbn={isbn}&ppn={ppn}&bibliotheek={library}"
    app = create_app(Settings(index_dir=str(sample_index), ibl_url=template), service=service)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_record_page_offers_interlibrary_loan_when_the_library_lacks_the_title(ibl_client, service, multi_edition):
    rec, _ = multi_edition
    lacking = next(isil for isil in sorted(service.libraries())
                   if all(h["library"] != isil for h in rec["holdings"]))
    doc, _ = page(ibl_client, f"/titel/{rec['id']}?library={lacking}")
    links = doc.xpath("//div[@class='ill']//a")
    assert len(links) == 1
    href = links[0].get("href")
    assert href.startswith("https://ibl.example.nl/aanvraag?")
    assert parse_qs(urlsplit(href).query) == {
        "titel": [rec["title"]], "isbn": [rec["isbn"][0]], "ppn": [rec["ppn"]], "bibliotheek": [lacking]}
    assert links[0].get("rel") == "noopener noreferrer"
    name = service.libraries()[lacking]["name"]
    assert name in text(doc.xpath("//div[@class='ill']")[0])


def test_no_interlibrary_loan_link_when_held_or_unscoped(ibl_client, multi_edition):
    rec, _ = multi_edition
    holder = rec["holdings"][0]["library"]
    for url in (f"/titel/{rec['id']}?library={holder}", f"/titel/{rec['id']}"):
        doc, _ = page(ibl_client, url)
        assert not doc.xpath("//div[@class='ill']"), url


def test_interlibrary_loan_url_is_encoded_and_only_a_web_address():
    from web.pages import ill_url

    rec = {"title": "Rood & wit: 100% waar?", "isbn": ["9789023763444"], "ppn": "189443944"}
    url = ill_url("https://ibl.example.nl/?t={title}&i={isbn}&x={unknown}", rec, "NL-AmOBA")
    assert url == "https://ibl.example.nl/?t=Rood%20%26%20wit%3A%20100%25%20waar%3F&i=9789023763444&x="
    assert ill_url("javascript:alert('{title}')", rec, "NL-AmOBA") is None
    assert ill_url("https://ibl.example.nl/{title", rec, "NL-AmOBA") is None
    assert ill_url("", rec, "NL-AmOBA") is None


# --- Aangepast lezen, languages of parts, the script's hooks -------------------------------------------

def test_reading_forms_are_easy_to_find(client):
    home, _ = page(client, "/")
    links = home.xpath("//section[@class='reading-forms']//a")
    assert [text(a) for a in links] == ["Grote letter", "Braille", "Gesproken", "Makkelijk lezen", "Dyslexie"]
    for a in links:
        assert query_of(a.get("href"))["filter"][0].startswith("reading_form:")
    doc, _ = page(client, links[0].get("href"))
    assert doc.xpath("//input[@type='checkbox' and @value='reading_form:grote letter' and @checked]")
    # On a result list the facet comes right after the material, before languages and ages.
    doc, _ = page(client, "/zoeken?q=")
    legends = [text(f.xpath("legend")[0]) for f in doc.xpath("//fieldset[contains(@class,'facet')]")]
    assert legends.index("Aangepast lezen") == legends.index("Materiaalsoort") + 1
    for hit in doc.xpath("//ol[contains(@class,'hits')]/li[p[@class='reading']]"):
        assert re.match(r"Aangepast lezen: \w", text(hit.xpath("p[@class='reading']")[0]))


def test_english_pages_mark_dutch_text_as_dutch(client, sample_records, article):
    doc, _ = page(client, "/zoeken?q=bibliotheek&scope=all&lang=en")
    titles = doc.xpath("//ol[contains(@class,'hits')]//h3/a")
    assert titles and all(a.get("lang") in ("nl", None) for a in titles)
    assert any(a.get("lang") == "nl" for a in titles)
    english = next(r for r in sample_records if (r.get("language") or ["nl"])[0] == "en")
    doc, _ = page(client, f"/titel/{english['id']}?lang=en")
    assert doc.xpath("//h1/@lang") == []  # an English title on an English page
    doc, _ = page(client, f"/titel/{english['id']}")
    assert doc.xpath("//h1/@lang") == ["en"]
    doc, _ = page(client, f"/artikel/{article['id']}?lang=en")
    assert doc.xpath("//h1/@lang") == ["nl"] and doc.xpath("//div[@class='body']/@lang") == ["nl"]
    doc, _ = page(client, "/zoeken?q=qqxqzzyv&lang=en")
    notices = doc.xpath("//p[@class='notice']")
    # Notices come from the message catalogue: English on an English page, so no lang="nl".
    assert notices and all(n.get("lang") is None for n in notices)
    assert all("Nothing was found" in text(n) for n in notices)


def test_zero_results_show_the_notices_and_did_you_mean(client):
    doc, _ = page(client, "/zoeken?q=qqxqzzyv&filter=material:boek&scope=catalogue")
    assert doc.xpath("//p[@class='notice']"), "the relevance chain says what it tried"
    ways = doc.xpath("//div[@class='empty']//a/@href")
    assert any("filter" not in query_of(h) for h in ways)
    assert any(query_of(h).get("scope") is None for h in ways), "search everything"
    doc, _ = page(client, "/zoeken?q=havelaaar")
    # The correction's results are shown with one notice, which links to the words as typed; no
    # second box offers the same correction.
    assert not doc.xpath("//p[@class='dym']")
    notices = doc.xpath("//p[@class='notice']")
    assert len(notices) == 1 and "havelaaar" in text(notices[0]) and "havelaar'" in text(notices[0])
    back = notices[0].xpath(".//a[@class='as-typed']")[0]
    assert text(back) == "Zoek toch op ‘havelaaar’"
    assert query_of(back.get("href")) == {"q": ["havelaaar"], "spell": ["false"]}


def test_hooks_the_script_relies_on(client):
    doc, _ = page(client, "/zoeken?q=bibliotheek&lang=en")
    count = doc.xpath("//*[@id='count']")[0]
    assert count.get("role") == "status" and count.get("aria-live") == "polite"
    body = doc.xpath("//*[@id='results-body']")[0]
    assert not body.xpath(".//*[@id='count']"), "the live region stays outside what is swapped"
    assert body.xpath(".//form[.//fieldset[contains(@class,'facet')]]")
    assert doc.xpath("//h1[@id='results-title']/@tabindex") == ["-1"]
    form = doc.xpath("//form[@role='search']")[0]
    # The autocomplete's texts come from the catalogue too.
    assert form.get("data-suggest") == "Search suggestions"
    assert form.get("data-suggest-other").startswith("{n} suggestions")
    assert form.get("data-field-authors") == "Author"
    assert doc.xpath("//script[@src]/@defer") == ["defer"]


def test_notices_come_from_the_message_catalogues(client):
    nl = client.get("/zoeken", params={"q": '"ontdekking van'})
    en = client.get("/zoeken", params={"q": '"ontdekking van', "lang": "en"})
    assert "aanhalingsteken zonder partner" in nl.text
    assert "quotation mark without its partner" in en.text
    assert "aanhalingsteken zonder partner" not in en.text
    api = client.get("/api/v1/search", params={"q": '"ontdekking van'}).json()
    assert any("aanhalingsteken" in n for n in api["notices"])  # the API speaks Dutch, as before


def test_why_this_result_explains_each_hit_in_dutch(client):
    doc, _ = page(client, "/zoeken?q=hemel&explain=true")
    whys = doc.xpath("//details[@class='why']")
    assert whys and "Waarom dit resultaat?" in text(whys[0].xpath("summary")[0])
    assert "titel" in text(whys[0])
    doc, _ = page(client, "/zoeken?q=hemel")
    assert not doc.xpath("//details[@class='why']")
    # The results page itself offers the explanation: a plain link, no script needed.
    toggle = doc.xpath("//a[@class='why-toggle']")
    assert toggle and "waarom" in text(toggle[0]).lower()
    doc, _ = page(client, toggle[0].get("href"))
    assert doc.xpath("//details[@class='why']")
    # It stays on while paging and filtering, and can be switched off again.
    assert all("explain=true" in a.get("href") for a in doc.xpath("//nav[@class='pages']//a"))
    off = doc.xpath("//a[@class='why-toggle']")[0]
    assert "explain" not in off.get("href")


def test_results_found_without_the_filters_do_not_show_them_as_applied(client):
    doc, _ = page(client, "/zoeken?q=bibliotheek&filter=language:zz&filter=material:boek")
    notices = " ".join(text(n) for n in doc.xpath("//p[@class='notice']"))
    assert "zonder filters" in notices
    assert doc.xpath("//ol[@class='hits']/li")
    assert not doc.xpath("//div[@class='chips']")  # no chips for filters that were not applied
    assert not doc.xpath("//input[@type='checkbox'][@checked]")
    assert not doc.xpath("//aside[@id='filters']//input[@type='hidden'][@name='filter']")
    # With filters that did apply, the chips are there as before.
    doc, _ = page(client, "/zoeken?q=bibliotheek&filter=material:boek")
    assert doc.xpath("//div[@class='chips']//a[contains(@href, 'bibliotheek')]")


def test_links_into_filtered_or_paged_result_lists_are_nofollow(client):
    # Crawlers walking facet combinations and deep pages were most of one catalogue's traffic:
    # every link from a page into another result list says nofollow (robots.txt disallows them too).
    doc, _ = page(client, "/zoeken?q=bibliotheek&filter=language:nl&size=5&page=2")
    into_results = [a for a in doc.xpath("//main//a[@href]") if a.get("href").startswith("/zoeken?")]
    assert len(into_results) >= 5
    for a in into_results:
        assert "nofollow" in a.get("rel", "").split(), a.get("href")
    rec = client.get("/api/v1/search", params={"q": "boek", "size": 1}).json()["hits"][0]["id"]
    doc, _ = page(client, f"/titel/{rec}")
    filtered = [a for a in doc.xpath("//a[@href]") if "filter=" in a.get("href")]
    assert filtered and all("nofollow" in a.get("rel", "") for a in filtered)


def test_nothing_in_the_catalogue_says_the_catalogue_beside_the_knowledge_box(client):
    """A catalogue search that finds nothing, however widened, while the knowledge box has
    answers, says that the catalogue has nothing: not that nothing was found."""
    page = client.get("/zoeken", params={"q": "openingstijden"}).text
    assert "Uit de kennisbank" in page
    assert "Er is in de catalogus niets gevonden, ook niet met minder strenge zoekregels." in page
    api = client.get("/api/v1/search", params={"q": "openingstijden", "scope": "all"}).json()
    assert not any("in de catalogus" in n for n in api["notices"])


def test_an_empty_search_is_headed_by_what_it_lists(client):
    """Without words, the page lists everything in its scope, and says which: the catalogue's
    titles alone, the knowledge base's articles, or both."""
    for scope, heading in (("catalogue", "Alle titels"), ("articles", "Alle artikelen in de kennisbank"),
                           ("all", "Alle titels en artikelen")):
        page = client.get("/zoeken", params={"q": "", "scope": scope}).text
        assert re.search(rf'<h1 id="results-title"[^>]*>{heading}</h1>', page), scope
        assert f"<title>{heading}" in page, scope


def test_the_spelling_tip_only_when_words_found_nothing(client):
    """"Controleer de spelling" is advice about words: not for filters alone that leave nothing,
    nor for a page past the last."""
    tip = "Controleer de spelling van uw zoekwoorden."
    assert tip in client.get("/zoeken", params={"q": "xqzzyv"}).text
    past = client.get("/zoeken", params={"q": "de OR het", "page": 50}).text
    assert "Geen resultaten? Probeer dit:" in past and tip not in past
    filters = client.get("/zoeken", params={"q": "", "filter": ["province:Zeeland", "material:game"]}).text
    assert "Zoek zonder filters" in filters and tip not in filters


def test_a_list_longer_than_can_be_browsed_says_so(client, monkeypatch):
    """Only the first MAX_RESULT_WINDOW results can be paged through: a longer list says how many
    can, rather than letting the patron find out at the page after the last."""
    from search_api import request

    page = client.get("/zoeken", params={"q": "bibliotheek", "size": 10}).text
    assert "zijn door te bladeren" not in page
    monkeypatch.setattr(request, "MAX_RESULT_WINDOW", 18)
    page = client.get("/zoeken", params={"q": "bibliotheek", "size": 9}).text
    count = re.search(r'<p class="count"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "resultaten, pagina 1 van 2" in count and "de eerste 18 zijn door te bladeren" in count


def test_the_english_page_explains_in_english(client):
    """"Why this result" on the English page: fields and ways of matching in English."""
    en = client.get("/zoeken", params={"q": "ontdekking hemel", "explain": "true", "lang": "en"}).text
    why = re.findall(r'<details class="why"><summary>[^<]*</summary><p lang="(\w+)">(.*?)</p>', en)
    assert why and all(lang == "en" for lang, _ in why)
    text = " ".join(w for _, w in why)
    assert "(exactly as typed)" in text and "in description" in text
    assert "precies" not in text and "beschrijving" not in text
    nl = client.get("/zoeken", params={"q": "ontdekking hemel", "explain": "true"}).text
    assert "in beschrijving (precies zoals getypt)" in nl
    assert "author:Mulisch" in en


def test_the_knowledge_box_follows_the_first_titles_unless_the_search_is_a_question(client):
    """Words ask for items: the first titles come before the knowledge box (on a phone the box
    filled the first screen). A question asks the service: its answers come first."""
    words = client.get("/zoeken", params={"q": "voorlezen"}).text
    assert "Uit de kennisbank" in words
    box = words.index('<section class="knowledge"')
    hits = [m.start() for m in re.finditer(r'<li class="hit hit-catalogue">', words)]
    assert len(hits) > 3 and hits[2] < box < hits[3]
    assert '<ol class="hits" start="4">' in words  # the list goes on where it left off
    question = client.get("/zoeken", params={"q": "hoe reserveer ik een boek"}).text
    assert "Uit de kennisbank" in question
    assert question.index('<section class="knowledge"') < question.index('<li class="hit')
