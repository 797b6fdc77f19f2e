"""The whole search's deadline (VINDPLAATS_SEARCH_DEADLINE_MS): the page of hits and its total are
always made; facets, explain, spelling suggestions, the zero-result chain's wider searches, the
knowledge box and the per-word counts are left out once the time is up, and the response says so
(`partial`, `skipped` and a notice in the patron's language), never a 5xx. A deadline of a
microsecond is over before the first hit is read, so every optional part is left out."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.request import SearchRequest
from search_api.service import SearchService
from search_api.settings import SEARCH_DEADLINE_MS, Settings, deadline_ms

TINY = 0.001  # milliseconds


@pytest.fixture(scope="module")
def hurried(sample_index):
    return SearchService(str(sample_index), deadline_ms=TINY)


@pytest.fixture(scope="module")
def unhurried(sample_index):
    return SearchService(str(sample_index), deadline_ms=0)


def _consistent_facets(res) -> None:
    """Facets come whole or not at all: an empty dict named in `skipped`, or every facet."""
    assert ("facets" in res.skipped) == (res.facets == {}), (res.skipped, list(res.facets))


def test_out_of_time_the_hits_stay_and_the_rest_is_named(hurried, unhurried):
    req = SearchRequest(q="hemel", explain=True, knowledge=True)
    res, full = hurried.search(req), unhurried.search(req)
    assert res.partial and {"explain", "knowledge"} <= set(res.skipped)
    # the page itself is complete: the same hits in the same order, and the same total
    assert [h.id for h in res.hits] == [h.id for h in full.hits] and res.total == full.total > 0
    assert all(h.explain is None for h in res.hits) and all(h.explain is not None for h in full.hits[:1])
    assert res.knowledge is None and full.knowledge is not None
    _consistent_facets(res)
    assert not full.partial and full.skipped == [] and full.facets
    notice = res.notices[-1]
    assert notice.key == "deadline" and "de uitleg van de score" in notice and "antwoorden uit de kennisbank" in notice
    assert "the score explanations" in notice.text("en") and "knowledge base answers" in notice.text("en")


def test_out_of_time_no_spelling_suggestion_and_no_wider_searches(hurried, unhurried):
    req = SearchRequest(q="hemell")  # a typo: the unhurried search corrects it
    full = unhurried.search(req)
    assert full.corrected_from == "hemell" and full.total > 0
    res = hurried.search(req)
    assert res.total == 0 and res.did_you_mean is None and res.corrected_from is None
    assert {"spelling", "alternatives", "words"} <= set(res.skipped)
    assert not any("minder strenge zoekregels" in n for n in res.notices)  # not tried, so not said


def test_left_out_facets_are_not_remembered(sample_index):
    service = SearchService(str(sample_index), deadline_ms=TINY)
    req = SearchRequest(q="bibliotheek", filters=(("language", "nl"),))
    first = service.search(req)
    _consistent_facets(first)
    service.deadline = 0  # the same service, now without a deadline: the counts are made, not a cached gap
    again = service.search(req)
    assert again.facets and not again.partial


def test_the_api_and_the_pages_say_so_with_a_200(sample_index, hurried):
    app = create_app(Settings(index_dir=str(sample_index), search_deadline_ms=TINY), service=hurried)
    with TestClient(app) as c:
        r = c.get("/api/v1/search", params={"q": "hemel", "explain": "true", "lang": "en"})
        assert r.status_code == 200
        body = r.json()
        assert body["partial"] is True and "explain" in body["skipped"] and body["hits"]
        assert any("The search took too long" in n for n in body["notices"])
        page = c.get("/zoeken", params={"q": "hemel", "knowledge": "true"})
        assert page.status_code == 200 and "Het zoeken kostte te veel tijd" in page.text


def test_a_search_in_time_is_not_partial(client):
    body = client.get("/api/v1/search", params={"q": "hemel", "explain": "true"}).json()
    assert body["partial"] is False and body["skipped"] == [] and body["facets"]


def test_the_setting():
    assert deadline_ms(None) == deadline_ms("") == SEARCH_DEADLINE_MS and deadline_ms("150") == 150.0
    assert deadline_ms("0") == 0  # none
    assert Settings.from_env({"VINDPLAATS_SEARCH_DEADLINE_MS": "250"}).search_deadline_ms == 250.0
    for bad in ("snel", "-1", "nan", "inf"):
        with pytest.raises(ValueError, match="VINDPLAATS_SEARCH_DEADLINE_MS"):
            deadline_ms(bad)
