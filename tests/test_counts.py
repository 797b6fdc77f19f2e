"""Counts in one unit: in the grouped view every count counts works (the total, every facet value,
the type facet, province → library); with `group=false` every count counts editions. Whatever a
facet value shows is the total that ticking it gives, on the sample and on the real data."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from search_api.request import SearchRequest
from search_api.service import SearchService

# Common searches: an author, topics, a title, a genre, and the broadest search there is.
COMMON = ("mulisch", "hemel", "dieren", "kinderboeken", "thriller", "de ontdekking van de hemel", "roman", "")
REAL_COMMON = ("mulisch", "hemel", "de ontdekking van de hemel", "dieren", "bibliotheek", "geschiedenis",
               "onderwijs", "")


def shown_values(res) -> list[tuple[str, object]]:
    """Every facet value the response shows, the libraries under their province included."""
    out = []
    for name, values in res.facets.items():
        for v in values:
            out.append((name, v))
            out += [("library", c) for c in v.children or []]
    return out


def mismatches(svc: SearchService, q: str, group: bool) -> list[tuple]:
    base = SearchRequest(q=q, group=group)
    res = svc.search(base)
    assert res.total > 0, q
    bad = []
    for name, v in shown_values(res):
        ticked = svc.search(replace(base, filters=((name, v.value),)))
        assert ticked.request.filters == ((name, v.value),), "the filter stayed applied"
        if ticked.total != v.count:
            bad.append((q, name, v.value, v.count, ticked.total))
    return bad


@pytest.fixture(scope="module")
def real_service(shared_corpus, tmp_path_factory) -> SearchService:
    """The real KB, OBA and MARC records, the dissertations and the network's publications, built
    as the patron bench builds them."""
    from bench.patron.run import build_index

    return SearchService(build_index("real", tmp_path_factory.mktemp("real-counts") / "index"))


@pytest.mark.parametrize("group", [True, False], ids=["works", "editions"])
def test_every_facet_value_leads_to_the_total_it_shows_on_the_sample(service, group):
    bad = [m for q in COMMON for m in mismatches(service, q, group)]
    assert bad == []


@pytest.mark.parametrize("group", [True, False], ids=["works", "editions"])
def test_every_facet_value_leads_to_the_total_it_shows_on_the_real_data(real_service, group):
    bad = [m for q in REAL_COMMON for m in mismatches(real_service, q, group)]
    assert bad == []


def test_mulisch_counts_works_in_the_grouped_view_and_editions_without(service, sample_records):
    mulisch = [r for r in sample_records if r.get("material") == "boek"
               and any("Mulisch" in a["name"] for a in r.get("authors") or [])]
    works = {r["work_key"] for r in mulisch}
    assert len(mulisch) > len(works)  # several print editions of one work
    grouped = service.search(SearchRequest(q="mulisch"))
    boek = next(v for v in grouped.facets["material"] if v.value == "boek")
    assert boek.count == len(works) == service.search(SearchRequest(q="mulisch", filters=(("material", "boek"),))).total
    flat = service.search(SearchRequest(q="mulisch", group=False))
    assert next(v for v in flat.facets["material"] if v.value == "boek").count == len(mulisch)
    # The type facet and the libraries under their province count in the same unit.
    assert next(v for v in grouped.facets["type"] if v.value == "catalogue").count == grouped.total
    holders = {h["library"] for r in mulisch for h in r.get("holdings") or []}
    children = {c.value: c.count for v in grouped.facets["province"] for c in v.children or []}
    assert set(children) >= holders and all(n <= len(works) for n in children.values())


def test_facet_values_are_ranked_by_the_count_they_show(service):
    from indexer.fields import BY_NAME

    res = service.search(SearchRequest(q=""))
    for name, values in res.facets.items():
        if name == "year" or BY_NAME[name].value_order:
            continue  # fixed ranges, ages: in their own order (tests/test_facet_values.py)
        last = BY_NAME[name].value_last  # the catch-all after the others (tests/test_facet_values.py)
        counts = [v.count for v in values if not v.selected and v.value not in last]
        assert counts == sorted(counts, reverse=True), name
        at_end = [v.value in last for v in values]
        assert at_end == sorted(at_end), name


@pytest.mark.parametrize("group", [True, False], ids=["works", "editions"])
def test_within_a_province_the_library_facet_lists_that_provinces_libraries(service, sample_records, group):
    """A title held in two provinces used to put the other province's libraries in the library
    facet of a province search. Within the ticked province only its own libraries are listed, every
    one of them that holds a match, each with the total that ticking it gives."""
    provinces: dict[str, set[str]] = {}
    for r in sample_records:
        for h in r.get("holdings") or []:
            provinces.setdefault(h["province"], set()).add(h["library"])
    # The province whose matches are held in the most other provinces too (so the test can fail).
    def elsewhere(p: str) -> int:
        return sum(1 for r in sample_records if any(h["province"] == p for h in r.get("holdings") or [])
                   and any(h["province"] != p for h in r.get("holdings") or []))
    province = max(provinces, key=elsewhere)
    assert elsewhere(province) >= 5
    for q in ("", "roman", "bibliotheek"):
        base = SearchRequest(q=q, group=group, filters=(("province", province),))
        res = service.search(base)
        if not res.total:
            continue
        listed = {v.value: v.count for v in res.facets["library"]}
        assert listed and set(listed) <= provinces[province], (q, set(listed) - provinces[province])
        holding = {h["library"] for r in sample_records for h in r.get("holdings") or []
                   if h["province"] == province}
        children = {c.value: c.count for v in res.facets["province"] if v.value == province for c in v.children}
        assert set(listed) <= holding and listed == children, q
        for isil, count in listed.items():
            ticked = service.search(replace(base, filters=base.filters + (("library", isil),)))
            assert ticked.total == count, (q, isil, count, ticked.total)
    # Two provinces ticked: the libraries of either, and of no other.
    other = sorted(provinces, key=elsewhere)[-2]
    res = service.search(SearchRequest(q="", group=group, filters=(("province", province), ("province", other))))
    assert {v.value for v in res.facets["library"]} <= provinces[province] | provinces[other]


@pytest.mark.parametrize("group", [True, False], ids=["works", "editions"])
def test_a_province_keeps_what_is_online_for_everybody_and_its_counts_agree(service, sample_records, group):
    """E-books, podcasts and websites without copies (an address, no holdings) can be used by every
    member wherever they live: a province filter keeps them, and every count shown under the filter
    (the province's own among them) is the total that ticking it gives."""
    from indexer.fields import online_everywhere

    online = {r["id"] for r in sample_records if online_everywhere(r)}
    assert len(online) >= 5
    province = "Zeeland"
    held = {r["id"] for r in sample_records if any(h["province"] == province for h in r.get("holdings") or [])}
    res = service.search(SearchRequest(q="", scope="catalogue", group=False, size=100, page=1,
                                       filters=(("province", province),)))
    assert res.total == len(held | online)
    ids = set()
    for page in range(1, res.pages + 1):
        ids |= {h.id for h in service.search(replace(res.request, page=page)).hits}
    assert ids == held | online
    for q in ("", "hemel", "max havelaar", "bibliotheek"):
        base = SearchRequest(q=q, scope="catalogue", group=group, filters=(("province", province),))
        got = service.search(base)
        for name, v in shown_values(got):
            if (name == "province" and v.value == province) or (name, v.value) in base.filters:
                continue
            filters = base.filters + ((name, v.value),) if name != "province" else ((name, v.value),)
            ticked = service.search(replace(base, filters=filters))
            assert ticked.total == v.count, (q, name, v.value, v.count, ticked.total)
        # The province's own count is the filtered total.
        own = next(v for v in got.facets["province"] if v.value == province)
        assert own.count == got.total, q


def test_online_items_under_a_province_are_labelled_online(client, sample_records):
    import lxml.html

    from indexer.fields import online_everywhere

    rec = next(r for r in sample_records if online_everywhere(r) and r["material"] == "e-book")
    r = client.get("/zoeken", params={"q": rec["title"], "filter": "province:Zeeland", "group": "false"})
    doc = lxml.html.fromstring(r.text)
    hit = next(li for li in doc.xpath("//ol[contains(@class,'hits')]/li")
               if li.xpath(f".//h3/a[contains(@href, '{rec['id']}')]"))
    text = " ".join(hit.text_content().split())
    assert "Online beschikbaar" in text and "Geen exemplaren bekend" not in text, text
def test_the_sample_shows_its_works_as_they_are(service, sample_records):
    # The sample's few hundred titles are a set tantivy's sketch of the work ids miscounts by a
    # few (248 for 250): the total and the type facet say what the records hold.
    from indexer.works import work_key

    res = service.search(SearchRequest(q=""))
    kinds = {v.value: v.count for v in res.facets["type"]}
    assert kinds["catalogue"] == len({work_key(r) for r in sample_records if r["type"] == "catalogue"})
    assert res.total == kinds["catalogue"] + kinds["article"]  # each article is a work of its own
    assert res.total == service.search(SearchRequest(q="", group=False)).total - sum(
        n - 1 for n in Counter(work_key(r) for r in sample_records).values())
    books = next(v for v in res.facets["material"] if v.value == "boek")
    assert books.count == len({work_key(r) for r in sample_records if r.get("material") == "boek"})
