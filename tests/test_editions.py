"""The edition that stands for a work, and what the whole work offers: on the sample's six editions
of De ontdekking van de hemel (print, large print, e-book, audiobook, English) and on the KB's."""
from __future__ import annotations

import re

import pytest

from indexer.build import build
from search_api.editions import edition_held_by, preference, representative
from search_api.request import SearchRequest
from search_api.service import SearchService

TITLE = "de ontdekking van de hemel"
WORK = "ontdekking-van-de-hemel|mulisch"


@pytest.fixture(scope="module")
def hemel(sample_records) -> list[dict]:
    return [r for r in sample_records if r.get("work_key") == WORK]


def libraries(records: list[dict], available: bool = False) -> set[str]:
    return {h["library"] for r in records for h in r.get("holdings") or [] if not available or h.get("available")}


def top(service, **kw):
    res = service.search(SearchRequest(q=TITLE, **kw))
    hit = res.hits[0]
    assert hit.record["work_key"] == WORK
    return hit


def test_the_work_is_shown_by_its_most_held_dutch_print_edition_not_the_audiobook(service, hemel):
    assert len(hemel) == 6 and len(libraries(hemel)) == 11
    hit = top(service)
    assert hit.record["material"] != "luisterboek"
    dutch = [r for r in hemel if "nl" in r.get("language", [])]
    most = max(len(libraries([r])) for r in dutch)
    assert len(libraries([hit.record])) == most and "nl" in hit.record["language"]
    # Availability is the whole work's: every library holding any of its six editions.
    d = hit.to_dict()
    assert hit.editions == 6
    assert d["libraries"] == 11 and d["libraries_available"] == len(libraries(hemel, available=True))
    assert d["holdings_count"] == len(hit.record["holdings"])  # the edition's own copies, as before


def test_the_patrons_language_comes_first(service):
    hit = top(service, lang="en")
    assert hit.record["language"] == ["en"] and hit.title == "The Discovery of Heaven"
    assert hit.to_dict()["libraries"] == 11


def test_an_edition_the_patrons_library_holds_comes_next(service, hemel):
    for isil in sorted(libraries(hemel)):
        hit = top(service, library=isil)
        held = [r for r in hemel if isil in libraries([r])]
        assert isil in libraries([hit.record]) or all("nl" not in r["language"] for r in held), isil
        assert hit.held_here is True
        assert hit.available_here == (isil in libraries(hemel, available=True))


def test_a_chosen_filter_picks_the_edition_it_names(service):
    hit = top(service, filters=(("material", "luisterboek"),))
    assert hit.record["material"] == "luisterboek" and hit.editions == 1
    # The availability of what was asked for: the audiobook's libraries, not the whole work's.
    audiobook = [r for r in service.editions(hit.record) if r.get("material") == "luisterboek"]
    assert hit.to_dict()["libraries"] == len(libraries(audiobook)) < 11


def test_a_library_holding_another_edition_holds_the_work(client, hemel):
    audiobook = next(r for r in hemel if r["material"] == "luisterboek")
    other = next(isil for isil in sorted(libraries(hemel)) if isil not in libraries([audiobook]))
    body = client.get("/api/v1/search", params={"q": TITLE, "library": other}).json()
    hit = body["hits"][0]
    assert hit["held_here"] is True  # the work, by any of its editions
    # With the audiobook ticked, the library holds only another edition: not what was asked for.
    body = client.get("/api/v1/search", params={"q": TITLE, "library": other,
                                                "filter": "material:luisterboek"}).json()
    hit = body["hits"][0]
    assert hit["id"] == audiobook["id"] and hit["held_here"] is False
    # Without grouping a hit is one edition: its own holdings.
    flat = client.get("/api/v1/search", params={"q": TITLE, "library": other, "group": "false",
                                                "filter": "material:luisterboek"}).json()["hits"][0]
    assert flat["id"] == audiobook["id"] and flat["held_here"] is False and "libraries" not in flat


def test_record_page_points_to_the_edition_the_library_holds_instead_of_interlibrary_loan(client, hemel, sample_records):
    audiobook = next(r for r in hemel if r["material"] == "luisterboek")
    other = next(isil for isil in sorted(libraries(hemel)) if isil not in libraries([audiobook]))
    held = edition_held_by([r for r in hemel if r is not audiobook], other)
    page = client.get(f"/titel/{audiobook['id']}", params={"library": other}).text
    assert f'href="/titel/{held["id"]}?library={other}"' in page
    assert "interbibliothecair leenverkeer" not in page
    # A library that holds no edition of the work is offered interlibrary loan.
    nowhere = next(isil for isil in sorted(libraries(sample_records)) if isil not in libraries(hemel))
    page = client.get(f"/titel/{audiobook['id']}", params={"library": nowhere}).text
    assert "interbibliothecair leenverkeer" in page and "andere uitgave" not in page
    # The library holding this very edition: neither.
    own = next(iter(libraries([audiobook])))
    page = client.get(f"/titel/{audiobook['id']}", params={"library": own}).text
    assert "interbibliothecair leenverkeer" not in page and "andere uitgave" not in page


def test_results_page_says_the_whole_works_availability(client, hemel):
    page = client.get("/zoeken", params={"q": TITLE}).text
    first = re.search(r'<p class="avail">(.*?)</p>', page).group(1)
    assert f"Beschikbaar in {len(libraries(hemel, available=True))} bibliotheken" in first


def test_preference_order():
    base = {"language": ["nl"], "material": "boek", "year": 2000, "holdings": [{"library": "A"}]}
    english = base | {"language": ["en"], "holdings": [{"library": "A"}, {"library": "B"}, {"library": "C"}]}
    assert representative([english, base], "nl", None) is base  # language before holdings
    assert representative([base, english], "en", None) is english
    held = base | {"holdings": [{"library": "Z"}]}
    wide = base | {"holdings": [{"library": "A"}, {"library": "B"}]}
    assert representative([wide, held], "nl", "Z") is held  # the patron's library before the most held
    assert representative([held, wide], "nl", None) is wide
    audio = wide | {"material": "luisterboek", "year": 2020}
    large = wide | {"reading_form": ["grote letter"], "year": 2021}
    assert representative([audio, large, wide], "nl", None) is wide  # ordinary print before the newest
    newer = wide | {"year": 2010}
    assert representative([wide, newer], "nl", None) is newer
    assert preference(newer, "nl", None) > preference(wide, "nl", None)


def test_the_kb_novel_is_shown_by_its_newest_print_edition(shared_corpus, tmp_path):
    build(tmp_path / "idx", [f"dc:{shared_corpus / 'catalogue' / 'kb-sru-dcx-sample.xml'}"])
    svc = SearchService(tmp_path / "idx")
    hit = svc.search(SearchRequest(q=TITLE)).hits[0]
    novel = [e for e in svc.editions(hit.record) if e["title"] == "De ontdekking van de hemel"]
    prints = [e for e in novel if e.get("material") == "boek" and not e.get("reading_form")]
    assert hit.record["material"] == "boek"  # not the e-book that ranked first before
    assert hit.record["year"] == max(e["year"] for e in prints)


def test_every_hit_of_a_long_page_carries_its_works_libraries(service, sample_records):
    by_work: dict[str, list[dict]] = {}
    for r in sample_records:
        by_work.setdefault(r["work_key"], []).append(r)
    res = service.search(SearchRequest(q="", scope="catalogue", size=100))
    assert len(res.hits) == 100  # more works than one holdings aggregation reads
    for hit in res.hits:
        work = by_work[hit.record["work_key"]]
        assert hit.work_libraries == len(libraries(work)), hit.id
        assert hit.work_libraries_available == len(libraries(work, available=True)), hit.id


def test_with_a_filter_the_works_availability_is_that_of_the_editions_it_leaves(service, hemel):
    """With English ticked the work is offered by the libraries holding its English edition (the
    record page's count), not by every library holding the Dutch original; with a province
    ticked, by that province's libraries."""
    english = [r for r in hemel if "en" in (r.get("language") or [])]
    hit = top(service, filters=(("language", "en"),))
    assert english and hit.record["language"] == ["en"]
    assert hit.work_libraries == len(libraries(english)) < len(libraries(hemel))
    assert hit.work_libraries_available == len(libraries(english, available=True))
    province = service.libraries()
    zeeland = {isil for isil, lib in province.items() if lib.get("province") == "Zeeland"}
    held_there = libraries(hemel) & zeeland
    assert held_there
    hit = top(service, filters=(("province", "Zeeland"),))
    assert hit.work_libraries == len(held_there)
