"""What a facet lists: values in their natural order (ages by age, years by year, the rest by
count), patrons' and professionals' audiences apart, one value per genre however a source spells
it, and libraries by name, never by a code no patron can read."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from corpus import genres
from corpus.model import AUDIENCES, is_isil
from indexer.build import build
from indexer.fields import BY_NAME, YEAR_RANGES
from search_api.request import SearchRequest
from search_api.service import SearchService


def test_spellings_of_one_genre_are_one_value():
    variants = ["Fictie", "fictie", "Fictie.", " FICTIE ", "Fíctie ;", "fictie  /"]
    assert {genres.canonical(v) for v in variants} == {"fictie"}
    assert genres.canonical("Poezie") == genres.canonical("poëzie.") == "poëzie"
    assert genres.canonical("Non-fictie") == "non-fictie"
    assert genres.canonical("Adventure stories, French.") == "adventure stories, French"  # the rest as written
    assert genres.canonical("SF") == "SF"  # an acronym keeps its capitals
    assert genres.canonical(" . ") == ""
    assert genres.canonical_all(["Fictie", "fictie.", "Roman"]) == ["fictie", "roman"]


def _catalogue(i: int, **kw) -> dict:
    return {"type": "catalogue", "id": f"t:{i}", "title": f"Titel {i}", "work_key": f"w{i}", **kw}


@pytest.fixture(scope="module")
def svc(tmp_path_factory) -> SearchService:
    """Audiences whose counts run against their ages, genres spelled three ways, articles for
    professionals, years in every range."""
    d = tmp_path_factory.mktemp("facet-values")
    counts = {"volwassenen": 6, "16-18": 5, "0-3": 4, "10-12": 3, "4-6": 2, "7-9": 1}
    recs, i = [], 0
    for audience, n in counts.items():
        for _ in range(n):
            i += 1
            # "Anders" (other) the commonest material, so by count it would come first.
            recs.append(_catalogue(i, audience=audience, year=1850 + 9 * i,
                                   material="anders" if i % 2 else ("boek", "e-book")[i % 4 // 2],
                                   genre=[("Fictie", "fictie", "Fictie.")[i % 3]] + (["Roman"] if i % 2 else [])))
    recs += [{"type": "article", "id": f"a:{k}", "title": f"Artikel {k}", "body": "Over leesbevordering.",
              "audience": ["bestuurders", "leesconsulenten"][: 1 + k % 2]} for k in range(3)]
    (d / "records.jsonl").write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    report = build(d / "index", [f"jsonl:{d / 'records.jsonl'}"])
    assert report.state == "done", report.message
    svc = SearchService(d / "index")
    svc.records = recs
    return svc


def test_ages_are_listed_by_age_and_years_by_year_whatever_their_counts(svc):
    res = svc.search(SearchRequest(q=""))
    ages = [v.value for v in res.facets["audience"]]
    assert ages == [a for a in AUDIENCES if a in ages] and len(ages) == 6
    counts = [v.count for v in res.facets["audience"]]
    assert counts != sorted(counts, reverse=True)  # by count it would have been another order
    years = [v.value for v in res.facets["year"]]
    assert years == [r.key for r in YEAR_RANGES if r.key in years] and len(years) >= 3
    # A chosen age stays in its place, with the count the other filters give it.
    picked = svc.search(SearchRequest(q="", filters=(("audience", "7-9"), ("genre", "roman"))))
    assert [v.value for v in picked.facets["audience"]] == [a for a in AUDIENCES
                                                            if a in {v.value for v in picked.facets["audience"]}]
    # Every other facet by count.
    genre_counts = [v.count for v in res.facets["genre"]]
    assert genre_counts == sorted(genre_counts, reverse=True)


def test_the_catch_all_material_comes_after_the_others_whatever_its_count(svc):
    res = svc.search(SearchRequest(q=""))
    listed = [(v.value, v.count) for v in res.facets["material"]]
    assert {v for v, _ in listed} == {"boek", "e-book", "anders"} and listed[-1][0] == "anders"
    assert listed[-1][1] > max(n for _, n in listed[:-1])  # by count it would have been first
    # Chosen, it keeps its place at the end.
    picked = svc.search(SearchRequest(q="", filters=(("material", "anders"),)))
    assert [v.value for v in picked.facets["material"]][-1] == "anders"


def test_patron_and_staff_audiences_are_two_facets(svc):
    res = svc.search(SearchRequest(q=""))
    patron = {v.value for v in res.facets["audience"]}
    staff = {v.value: v.count for v in res.facets["staff_audience"]}
    assert patron <= set(AUDIENCES)
    assert staff == dict(Counter(a for r in svc.records if r["type"] == "article" for a in r["audience"]))
    assert BY_NAME["staff_audience"].label != BY_NAME["audience"].label
    ticked = svc.search(SearchRequest(q="", filters=(("staff_audience", "leesconsulenten"),)))
    assert ticked.total == staff["leesconsulenten"]
    assert svc.search(SearchRequest(q="", filters=(("audience", "bestuurders"),))).total == 0


def test_a_genre_spelled_three_ways_is_one_value_and_any_spelling_filters_it(svc):
    res = svc.search(SearchRequest(q="", group=False))
    values = {v.value: v.count for v in res.facets["genre"]}
    fiction = sum(1 for r in svc.records if r.get("genre"))
    assert values["fictie"] == fiction
    assert not {"Fictie", "Fictie."} & set(values)
    assert len({genres.key(v) for v in values}) == len(values)
    for typed in ("Fictie", "Fictie.", "fictie"):
        ticked = svc.search(SearchRequest.from_params({"filter": [f"genre:{typed}"], "group": ["false"]}))
        assert ticked.total == fiction, typed
        assert ticked.request.filters == (("genre", "fictie"),)  # one checkbox, one chip
        assert [v.value for v in ticked.facets["genre"] if v.selected] == ["fictie"]


# --- the real data ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(shared_corpus, tmp_path_factory) -> SearchService:
    c = shared_corpus / "catalogue"
    d = tmp_path_factory.mktemp("real-facets")
    report = build(d / "index", [f"oba:{c / 'oba-api-response-1.js'}", f"oba:{c / 'oba-api-response-2.js'}",
                                 f"dc:{c / 'kb-sru-dcx-sample.xml'}", f"marc:{c / 'marc' / 'bin_input'}",
                                 f"marcxml:{c / 'marc' / 'xml_input'}"])
    assert report.state == "done", report.message
    return SearchService(d / "index")


def test_real_genres_are_each_listed_once(real):
    values = [v.value for v in real.search(SearchRequest(q="")).facets["genre"]]
    assert "fictie" in values  # the KB's "Fictie" and MARC's 008/33 "fictie" together
    keys = [genres.key(v) for v in values]
    assert len(keys) == len(set(keys)), values


def test_real_libraries_are_named_never_raw_codes(real, shared_corpus):
    """The foreign MARC records name libraries by MARC organisation codes in 852 $a ("FU", "inu",
    "BIN"): no patron can go there and nothing names them, so they are no holdings."""
    from corpus.readers.marc import read_marc, read_marcxml

    marc = shared_corpus / "catalogue" / "marc"
    items = list(read_marc(str(marc / "bin_input"))) + list(read_marcxml(str(marc / "xml_input")))
    records = [it for it in items if isinstance(it, dict)]
    holdings = [h for r in records for h in r.get("holdings") or []]
    assert all(is_isil(h["library"]) for h in holdings), holdings
    warned = " ".join(w for r in records for w in r.get("_warnings") or [])
    assert "'FU' is no ISIL" in warned
    res = real.search(SearchRequest(q=""))
    for v in res.facets["library"]:
        assert is_isil(v.value) and v.label and v.label != v.value, v
