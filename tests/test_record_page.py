"""The record page (issue 14, point 4): authors and series that lead to their titles, availability
by library and province with the patron's library first, the other editions by material and
language, the way back to the results, the librarians' details and the citation exports.

Every expectation is computed from the sample data or the search service, not written down."""
from __future__ import annotations

from urllib.parse import parse_qs, quote, urlencode, urlsplit

import lxml.html
import pytest

from corpus import materials
from corpus.series import split
from indexer.works import work_key
from search_api.request import PAGE_SCOPE, SearchRequest
from web.i18n import Translator


def page(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(r.text)


def text(el) -> str:
    return " ".join(el.text_content().split())


def hit_ids(doc) -> list[str]:
    """The record ids of a results page's hits, in their order."""
    return [urlsplit(h).path.removeprefix("/titel/") for h in doc.xpath("//ol[contains(@class,'hits')]//h3/a/@href")]


def request_of(href: str) -> SearchRequest:
    parts = urlsplit(href)
    assert parts.path == "/zoeken" and not parts.netloc, href
    return SearchRequest.from_params(parse_qs(parts.query), default_scope=PAGE_SCOPE)


# --- the series statement ----------------------------------------------------------------------------

@pytest.mark.parametrize("statement, name, number, numbering", [
    ("Sam en Saar ; 5", "Sam en Saar", 5, "5"),
    ("Gouden boekjes ; deel 12", "Gouden boekjes", 12, "deel 12"),
    ("Leeslicht", "Leeslicht", None, ""),
    ("Reeks A ; B ; 2", "Reeks A ; B", 2, "2"),
    ("  Ruim   Zicht ;  3 ", "Ruim Zicht", 3, "3"),
    ("Jaarboek ; 9999999", "Jaarboek", None, "9999999"),  # no place in a series: an ISSN or the like
])
def test_a_series_statement_splits_into_name_and_number(statement, name, number, numbering):
    assert split(statement) == (name, number, numbering)


def test_an_empty_series_statement_is_none():
    assert split("") is None and split(None) is None and split("   ") is None


# --- authors, series, subjects -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def several_authors(sample_records):
    return next(r for r in sample_records if len(r.get("authors") or []) >= 2)


def test_each_author_links_to_that_authors_titles(client, service, several_authors):
    rec = several_authors
    doc = page(client, f"/titel/{quote(rec['id'])}")
    links = doc.xpath("//p[@class='byline']/a")
    assert [a.text for a in links] == [a["name"] for a in rec["authors"]]
    for a, author in zip(links, rec["authors"]):
        assert text(a.xpath("span[@class='vh']")[0]) == "(meer van deze auteur)"
        req = request_of(a.get("href"))
        assert req.filters == (("authors", author["name"]),)
        results = page(client, a.get("href"))
        ids = hit_ids(results)
        expected = service.search(req)
        assert ids and ids == [h.id for h in expected.hits]
        # The record's own work is among them (as this edition or another of the work).
        assert work_key(rec) in {work_key(service.get(i)) for i in ids} or expected.total > len(ids)
        for record_id in ids:
            assert author["name"] in [x["name"] for x in service.get(record_id).get("authors") or []]
    # The details list links every name to the same search.
    assert doc.xpath("//dl//a/@href")[:len(links)] == [a.get("href") for a in links]


def test_the_series_links_to_its_volumes_in_order(client, service, sample_records, numbered_series):
    name, volumes = numbered_series
    last = max(volumes, key=lambda r: split(r["series"]).number)  # not the first: the order must be made
    doc = page(client, f"/titel/{quote(last['id'])}")
    dd = doc.xpath("//dl[@class='fields']/dt[.='Reeks']/following-sibling::dd[1]")[0]
    a = dd.xpath("a[@class='series']")[0]
    assert a.text == name
    assert text(dd).endswith(f"deel {split(last['series']).number}")
    req = request_of(a.get("href"))
    assert req.filters == (("series", name),) and req.sort == "series"
    results = page(client, a.get("href"))
    ids = hit_ids(results)
    numbers = [split(service.get(i)["series"]).number for i in ids]
    assert numbers == sorted(numbers), numbers
    # Every work of the series, and nothing else (one hit per work).
    in_series = [r for r in sample_records if split(r.get("series")) and split(r["series"]).name == name]
    assert len(ids) == len({work_key(r) for r in in_series})
    assert all(split(service.get(i)["series"]).name == name for i in ids)
    # The sort menu says how the list is sorted.
    assert results.xpath("//select[@id='sort']/option[@selected]/@value") == ["series"]


def test_series_filter_and_sort_in_the_api(client, numbered_series):
    name, volumes = numbered_series
    r = client.get("/api/v1/search", params={"filter": f"series:{name}", "sort": "series", "group": "false"})
    assert r.status_code == 200
    hits = r.json()["hits"]
    assert {h["id"] for h in hits} == {v["id"] for v in volumes}
    numbers = [split(h["series"]).number for h in hits]
    assert numbers == sorted(numbers)
    assert "series" not in r.json()["facets"]  # filterable, not counted


def test_subjects_link_to_the_subject_search(client, several_authors, sample_records):
    rec = next(r for r in sample_records if r.get("subjects"))
    doc = page(client, f"/titel/{quote(rec['id'])}")
    hrefs = doc.xpath("//dt[.='Onderwerpen']/following-sibling::dd[1]//a/@href")
    assert [request_of(h).filters for h in hrefs] == [(("subjects", s),) for s in rec["subjects"]]


# --- availability by library and province ------------------------------------------------------------

@pytest.fixture(scope="module")
def spread(sample_records):
    """A record held in three or more provinces."""
    return max(sample_records, key=lambda r: len({h.get("province") for h in r.get("holdings") or []}))


def provinces_shown(doc) -> list[str]:
    return [text(th) for th in doc.xpath("//table//th[@scope='rowgroup']")]


def test_holdings_by_province_without_a_library(client, spread):
    doc = page(client, f"/titel/{quote(spread['id'])}")
    shown = provinces_shown(doc)
    assert len(shown) >= 3
    assert shown == sorted({h["province"] for h in spread["holdings"]}, key=str.lower)


def test_the_patrons_library_first_then_its_province(client, service, sample_records):
    # A record with two libraries in a province that is not the first by name: with one of them
    # chosen, that province's other library comes right after it, before the provinces by name.
    def pick():
        for r in sample_records:
            provinces = sorted({h["province"] for h in r.get("holdings") or []}, key=str.lower)
            for p in provinces[1:]:
                held = [h for h in r["holdings"] if h["province"] == p]
                if len({h["library"] for h in held}) >= 2:
                    return r, provinces, p, held
        pytest.skip("no record in the sample has two libraries in one province")

    rec, provinces, home, held = pick()
    mine = held[0]["library"]
    doc = page(client, f"/titel/{quote(rec['id'])}?library={mine}")
    groups = doc.xpath("//table/tbody")
    assert groups[0].get("class") == "own"
    own_rows = [text(th) for th in groups[0].xpath(".//th[@scope='row']")]
    assert own_rows and set(own_rows) <= {h["library_name"] for h in held if h["library"] == mine} | {
        service.libraries().get(mine, {}).get("name")}
    assert provinces_shown(doc)[1:] == [home] + [p for p in provinces if p != home]


def test_a_library_that_holds_nothing_still_puts_its_province_first(client, service, spread):
    provinces = sorted({h["province"] for h in spread["holdings"]}, key=str.lower)
    holding = {h["library"] for h in spread["holdings"]}
    libraries = service.libraries()
    candidates = [(isil, info["province"]) for isil, info in sorted(libraries.items())
                  if isil not in holding and info.get("province") in provinces[1:]]
    if not candidates:
        pytest.skip("no library in the sample lacks this record in one of its provinces")
    isil, home = candidates[0]
    doc = page(client, f"/titel/{quote(spread['id'])}?library={isil}")
    assert provinces_shown(doc) == [home] + [p for p in provinces if p != home]


# --- other editions ------------------------------------------------------------------------------------

def test_other_editions_grouped_by_material_then_language_newest_first(client, service, sample_records):
    # A work with editions in more than one material and more than one language.
    rec = next(r for r in sample_records
               if len({e.get("material") for e in service.editions(r)}) >= 2
               and len({(e.get("language") or [None])[0] for e in service.editions(r)}) >= 3)
    others = [e for e in service.editions(rec) if e["id"] != rec["id"]]
    doc = page(client, f"/titel/{quote(rec['id'])}")
    section = doc.xpath("//section[@id='edities']")[0]
    t = Translator("nl")
    materials_shown = [text(h).rsplit(" (", 1)[0] for h in section.xpath("h3")]
    codes = list(dict.fromkeys(e["material"] for e in others))
    order = sorted(codes, key=lambda c: (c != rec["material"], materials.CODES.index(c)))
    assert materials_shown == [t.value("material", c) for c in order]
    seen = []
    for h3 in section.xpath("h3"):
        material = order[len(seen)]
        seen.append(material)
        # The language headings and lists up to the next material.
        block = h3.xpath("following-sibling::*[preceding-sibling::h3[1] = $h]", h=h3)
        headings = [text(h) for h in block if h.tag == "h4"]
        langs = list(dict.fromkeys((e.get("language") or [None])[0] for e in others if e["material"] == material))
        own = (rec.get("language") or [None])[0]
        expected = sorted(langs, key=lambda c: (c != own, t.value("language", c).lower()))
        assert headings == [t.value("language", c) for c in expected]
        for ul in (el for el in block if el.tag == "ul"):
            ids = [urlsplit(a).path.removeprefix("/titel/") for a in ul.xpath("li/a/@href")]
            years = [service.get(i).get("year") or 0 for i in ids]
            assert years == sorted(years, reverse=True)
    linked = {urlsplit(h).path.removeprefix("/titel/") for h in section.xpath(".//a/@href")}
    assert linked == {e["id"] for e in others}


# --- the way back to the results -----------------------------------------------------------------------

def test_result_links_carry_the_search_and_the_record_page_leads_back(client, service):
    url = "/zoeken?" + urlencode([("q", "roman"), ("filter", "material:boek"), ("sort", "year_desc"), ("page", "2"),
                                  ("size", "5")])
    doc = page(client, url)
    first = doc.xpath("//ol[contains(@class,'hits')]//h3/a/@href")[0]
    assert parse_qs(urlsplit(first).query)["terug"] == [url]
    record = page(client, first)
    back = record.xpath("//p[@class='back']/a")
    assert len(back) == 1 and back[0].text == "Terug naar de resultaten"
    assert back[0].get("href") == url
    # Following it gives the same list again.
    assert hit_ids(page(client, back[0].get("href"))) == hit_ids(doc)
    # Another edition keeps the way back.
    for href in record.xpath("//section[@id='edities']//a/@href"):
        assert parse_qs(urlsplit(href).query)["terug"] == [url]


def test_no_back_link_without_a_search(client, several_authors):
    doc = page(client, f"/titel/{quote(several_authors['id'])}")
    assert not doc.xpath("//p[@class='back']")


@pytest.mark.parametrize("value", [
    "https://elders.example/zoeken?q=x", "//elders.example/zoeken?q=x", "/\\elders.example/zoeken",
    "javascript:alert(1)", "/admin", "/zoeken/../api/v1/admin", "/zoeken#x", "/zoeken?page=0", "/titel/ppn:1",
    "zoeken?q=x", "/zoeken?" + "q=x&" * 1000,
])
def test_a_back_parameter_that_is_not_a_search_here_gives_no_link(client, several_authors, value):
    doc = page(client, f"/titel/{quote(several_authors['id'])}?" + urlencode({"terug": value}))
    assert not doc.xpath("//p[@class='back']")
    # No link leads away (the language switch may carry the parameter along: the next page checks it again).
    assert not [h for h in doc.xpath("//a/@href") if urlsplit(h).netloc or urlsplit(h).scheme == "javascript"]


def test_a_back_link_is_rebuilt_from_the_search(client, several_authors):
    value = "/zoeken?q=kat&onbekend=1&filter=language:nl&lang=en"
    doc = page(client, f"/titel/{quote(several_authors['id'])}?" + urlencode({"terug": value, "lang": "en"}))
    back = doc.xpath("//p[@class='back']/a")[0]
    assert back.text == "Back to the results"
    assert back.get("href") == "/zoeken?" + SearchRequest(q="kat", filters=(("language", "nl"),), lang="en",
                                                          scope=PAGE_SCOPE, default_scope=PAGE_SCOPE).query_string()


# --- identifiers and exports ---------------------------------------------------------------------------

def test_identifiers_are_in_collapsed_librarians_details(client, sample_records):
    rec = next(r for r in sample_records if r.get("ppn") and r.get("nur"))
    doc = page(client, f"/titel/{quote(rec['id'])}")
    details = doc.xpath("//details[@class='librarian']")
    assert len(details) == 1 and details[0].get("open") is None
    assert text(details[0].xpath("summary")[0]) == "Gegevens voor bibliothecarissen"
    inside = {text(dt): text(dt.getnext()) for dt in details[0].xpath(".//dt")}
    assert inside["Identificatie"] == rec["id"] and inside["PPN"] == rec["ppn"] and inside["NUR"] == rec["nur"]
    outside = [text(dt) for dt in doc.xpath("//dl[not(ancestor::details)]/dt")]
    assert not {"Identificatie", "PPN", "NUR"} & set(outside)
    for href in details[0].xpath(".//p[@class='formats']/a/@href"):
        assert client.get(href).status_code == 200
    en = page(client, f"/titel/{quote(rec['id'])}?lang=en")
    assert text(en.xpath("//details/summary")[0]) == "Details for librarians"


@pytest.mark.parametrize("fmt, media, first", [("ris", "application/x-research-info-systems", "TY  - "),
                                               ("bibtex", "application/x-bibtex", "@")])
def test_citation_exports_are_linked_and_served(client, several_authors, fmt, media, first):
    rec = several_authors
    doc = page(client, f"/titel/{quote(rec['id'])}")
    href = next(h for h in doc.xpath("//p[@class='exports']/a/@href") if h.endswith(f"format={fmt}"))
    r = client.get(href)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert r.text.startswith(first) and rec["title"] in r.text
    assert r.headers["content-disposition"].startswith("attachment")


# --- values in the page's language ---------------------------------------------------------------

def test_genres_are_shown_in_the_pages_language(client, sample_records):
    """An English record page names its genres in English ("Novel", not "Roman"); a genre the
    registry cannot name in English is shown as written, marked as Dutch for a screen reader."""
    from corpus import genres

    rec = next(r for r in sample_records if "roman" in (r.get("genre") or []))
    for lang, expected in (("nl", "Roman"), ("en", "Novel")):
        doc = page(client, f"/titel/{quote(rec['id'])}" + ("?lang=en" if lang == "en" else ""))
        shown = [text(a) for a in doc.xpath(f"//dt[.='{Translator(lang).field('genre')}']/following-sibling::dd[1]//a")]
        assert expected in shown, (lang, shown)
        assert "Roman" not in shown if lang == "en" else True
    # Every genre of the sample has an English label, so no record page shows a Dutch genre.
    sample = {g for r in sample_records for g in genres.canonical_all(r.get("genre") or [])}
    assert sample <= set(genres.ENGLISH), sorted(sample - set(genres.ENGLISH))
    # One the registry does not know keeps its own words, in Dutch.
    unknown = "Zeemansverhaal"
    assert not Translator("en").translated("genre", genres.canonical(unknown))
    assert Translator("en").value("genre", genres.canonical(unknown)) == unknown


def test_facet_labels_in_the_api_follow_lang(client):
    nl = client.get("/api/v1/search", params={"q": "roman", "scope": "catalogue"}).json()["facets"]
    en = client.get("/api/v1/search", params={"q": "roman", "scope": "catalogue", "lang": "en"}).json()["facets"]
    by_value = {v["value"]: v.get("label") for v in en["genre"]}
    assert by_value["roman"] == "Novel"
    assert {v["value"]: v.get("label") for v in nl["genre"]}["roman"] == "Roman"
    assert {v["value"]: v.get("label") for v in en["available"]}.get("true") == "Available now"
    assert any(v.get("label") == "before 1900" for v in en["year"]) or all(v["value"] != "-1899" for v in en["year"])


def _availability_cases(sample_records) -> dict[str, dict]:
    """A sample record for each way its holdings can stand: (libraries, available) one and
    none, one and it, several and none, several and some, several and all."""
    cases = {}
    for r in sample_records:
        hs = r.get("holdings") or []
        held = len({h.get("library") or h.get("library_name") for h in hs})
        free = len({h.get("library") or h.get("library_name") for h in hs if h.get("available")})
        if not held:
            continue
        case = ("one" if held == 1 else "several") + "-" + (
            "none" if not free else "all" if free == held else "some")
        cases.setdefault(case, r | {"held": held, "free": free})
    return cases


@pytest.mark.parametrize("lang, expected", [
    ("en", {"one-none": "In 1 library, no copy available right now.",
            "one-all": "In 1 library, available now.",
            "several-none": "In {held} libraries, none with a copy available right now.",
            "several-some": "In {held} libraries, {free} of them with a copy available now.",
            "several-all": "In {held} libraries, available now in all of them."}),
    ("nl", {"one-none": "In 1 bibliotheek, nu geen exemplaar beschikbaar.",
            "one-all": "In 1 bibliotheek, nu beschikbaar.",
            "several-none": "In {held} bibliotheken, nu nergens beschikbaar.",
            "several-some": "In {held} bibliotheken, waarvan {free} met een exemplaar dat nu beschikbaar is.",
            "several-all": "In {held} bibliotheken, nu overal beschikbaar."}),
])
def test_the_record_page_says_where_it_is_available_as_a_sentence(client, sample_records, lang, expected):
    """Not "In 1 library, of which 0 with a copy available now": none, all or some, in words."""
    cases = _availability_cases(sample_records)
    assert set(cases) == set(expected), sorted(cases)  # the sample has every case
    for case, r in cases.items():
        doc = page(client, f"/titel/{quote(r['id'], safe=':')}?lang={lang}")
        where = text(doc.xpath("//p[@class='where']")[0])
        assert where.startswith(expected[case].format(held=r["held"], free=r["free"])), (case, where)
