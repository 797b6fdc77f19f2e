"""The JSON API on a real index built from the sample data, checked against the records themselves."""
from __future__ import annotations

from collections import Counter

import pytest

from corpus.libraries import PROVINCES
from indexer.fields import YEAR_RANGES, online_everywhere


def search(client, **params):
    items = []
    for k, v in params.items():
        for x in (v if isinstance(v, list) else [v]):
            items.append((k, x))
    r = client.get("/api/v1/search", params=items)
    assert r.status_code == 200, r.text
    return r.json()


def all_ids(client, **params):
    params.setdefault("size", 100)
    params["group"] = "false"
    ids, page = [], 1
    while True:
        body = search(client, page=page, **params)
        ids += [h["id"] for h in body["hits"]]
        if len(ids) >= body["total"] or not body["hits"]:
            return ids
        page += 1


def test_response_shape(client):
    body = search(client, q="bibliotheek")
    assert set(body) >= {"query", "total", "page", "size", "took_ms", "hits", "facets", "did_you_mean", "notices"}
    hit = body["hits"][0]
    assert set(hit) >= {"id", "type", "title", "url", "snippet"}
    assert set(body["facets"]) >= {"material", "language", "audience", "reading_form", "genre", "subjects",
                                   "authors", "year", "library", "province", "available", "type", "themes",
                                   "source"}


def test_singular_and_plural_find_the_same_records(client):
    a, b = all_ids(client, q="bibliotheek"), all_ids(client, q="bibliotheken")
    assert a and set(a) == set(b)


def test_query_without_accents_finds_accented_text(client, sample_records):
    expected = {r["id"] for r in sample_records if "geëvalueerd" in (r.get("description") or "").lower()
                or "geëvalueerd" in r["title"].lower()}
    assert expected, "sample data should contain 'geëvalueerd'"
    assert expected <= set(all_ids(client, q="geevalueerd"))


def test_two_material_values_give_the_union_with_matching_counts(client, sample_records):
    cat = list(sample_records)
    chosen = ("boek", "e-book")
    expected = {r["id"] for r in cat if r.get("material") in chosen}
    got = all_ids(client, scope="catalogue", filter=[f"material:{m}" for m in chosen])
    assert set(got) == expected and len(got) == len(expected)
    body = search(client, scope="catalogue", group="false", filter=[f"material:{m}" for m in chosen])
    counts = {v["value"]: v["count"] for v in body["facets"]["material"]}
    truth = Counter(r.get("material") for r in cat if r.get("material"))
    # Disjunctive: the material facet ignores the material selection.
    assert counts == dict(truth)
    selected = {v["value"] for v in body["facets"]["material"] if v["selected"]}
    assert selected == set(chosen)


def test_disjunctive_facets_across_two_fields(client, sample_records):
    body = search(client, scope="catalogue", group="false", filter=["material:boek", "language:en"])
    mat = {v["value"]: v["count"] for v in body["facets"]["material"]}
    lang = {v["value"]: v["count"] for v in body["facets"]["language"]}
    truth_mat = Counter(r["material"] for r in sample_records if "en" in r.get("language", []) and r.get("material"))
    truth_lang = Counter(lang for r in sample_records if r.get("material") == "boek" for lang in r.get("language", []))
    assert mat == dict(truth_mat)
    assert dict(lang.items()) == dict(truth_lang.most_common(20))
    # Other facets take both selections.
    both = [r for r in sample_records if r.get("material") == "boek" and "en" in r.get("language", [])]
    aud = {v["value"]: v["count"] for v in body["facets"]["audience"]}
    assert aud == dict(Counter(r["audience"] for r in both if r.get("audience")))


def test_province_library_facet_counts_libraries_in_their_province(client, sample_records):
    body = search(client, scope="catalogue", group="false")
    provinces = {v["value"]: v for v in body["facets"]["province"]}
    truth = Counter()
    pairs = Counter()
    for r in sample_records:
        seen_p, seen_l = set(), set()
        for h in r.get("holdings", []):
            if h.get("province") and h["province"] not in seen_p:
                truth[h["province"]] += 1
                seen_p.add(h["province"])
            key = (h.get("province"), h["library"])
            if h.get("province") and key not in seen_l:
                pairs[key] += 1
                seen_l.add(key)
        if online_everywhere(r):  # online for everybody: in every province, without a library
            truth.update(PROVINCES)
    assert any(online_everywhere(r) for r in sample_records)
    assert {p: v["count"] for p, v in provinces.items()} == dict(truth)
    for p, v in provinces.items():
        assert {(p, c["value"]): c["count"] for c in v["children"]} == {k: n for k, n in pairs.items() if k[0] == p}
        assert all(c.get("label") for c in v["children"])


def test_year_facet_ranges_and_filter(client, sample_records):
    body = search(client, scope="catalogue", group="false")
    counts = {v["value"]: v["count"] for v in body["facets"]["year"]}
    for r in YEAR_RANGES:
        n = sum(1 for rec in sample_records if rec.get("year") is not None
                and (r.lo is None or rec["year"] >= r.lo) and (r.hi is None or rec["year"] <= r.hi))
        assert counts.get(r.key, 0) == n, r.key
    ids = all_ids(client, filter="year:2000-2009")
    assert ids and all(2000 <= rec["year"] <= 2009 for rec in sample_records if rec["id"] in set(ids))


def test_sort_by_year(client):
    body = search(client, scope="catalogue", sort="year_desc", group="false", size=50)
    years = [h["year"] for h in body["hits"] if "year" in h]
    assert years == sorted(years, reverse=True) and len(years) > 10
    body = search(client, scope="catalogue", sort="year_asc", group="false", size=50)
    years = [h["year"] for h in body["hits"] if "year" in h]
    assert years == sorted(years)


def test_paging_walks_distinct_hits(client):
    p1 = search(client, scope="catalogue", size=10, page=1)
    p2 = search(client, scope="catalogue", size=10, page=2)
    assert not {h["id"] for h in p1["hits"]} & {h["id"] for h in p2["hits"]}
    assert p1["total"] == p2["total"]


def test_scope_articles_and_catalogue(client):
    assert {h["type"] for h in search(client, q="bibliotheek", scope="articles")["hits"]} == {"article"}
    assert {h["type"] for h in search(client, q="bibliotheek", scope="catalogue")["hits"]} == {"catalogue"}


def test_snippets_mark_matched_words(client):
    body = search(client, q="leesbevordering")
    assert any("<mark>" in h["snippet"] for h in body["hits"])
    assert all("<script" not in h["snippet"] for h in body["hits"])


def test_editions_of_a_work_come_back_as_one_hit(client, sample_records):
    works = Counter(r.get("work_key") for r in sample_records if r.get("work_key"))
    key, n = works.most_common(1)[0]
    assert n >= 2
    title = next(r["title"] for r in sample_records if r.get("work_key") == key)
    body = search(client, q=f'"{title}"', scope="catalogue")
    top = body["hits"][0]
    assert top["editions"] >= 2 and top.get("work_key") == key
    assert sum(1 for h in body["hits"] if h.get("work_key") == key) == 1


def test_library_scope_ranks_its_holdings_first(client, sample_records):
    lib = Counter(h["library"] for r in sample_records for h in r.get("holdings", [])).most_common(3)[-1][0]
    # As typed: "boek" would also name the material, and every book would match it.
    body = search(client, q="boek", library=lib, scope="catalogue", size=50, understand="false")
    held = [h["held_here"] for h in body["hits"]]
    assert True in held and False in held
    assert held == sorted(held, reverse=True), "held titles must come before titles not held"


def test_record_endpoint(client, sample_records):
    rec = sample_records[0]
    r = client.get(f"/api/v1/records/{rec['id']}")
    assert r.status_code == 200 and r.json()["title"] == rec["title"]
    missing = client.get("/api/v1/records/ppn:doesnotexist")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("params,code", [
    ({"page": "0"}, "invalid_page"),
    ({"size": "1000"}, "invalid_size"),
    ({"page": "600"}, "page_out_of_range"),
    ({"filter": "colour:red"}, "unknown_filter_field"),
    ({"filter": "nocolon"}, "invalid_filter"),
    ({"sort": "best"}, "invalid_sort"),
    ({"scope": "everything"}, "invalid_scope"),
])
def test_bad_parameters_get_a_400_json_error(client, params, code):
    r = client.get("/api/v1/search", params=params)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]
    assert "Traceback" not in r.text


@pytest.mark.parametrize("q", ['"ontdekking van', 'title:(', 'AND NOT', 'OR', 'hemel AND NOT', '((()', '*', ':',
                               '-', 'de het een', 'x' * 600, 'auteur:', '\x00\x01', 'a:b:c', '"""', 'NOT NOT NOT'])
def test_whatever_a_patron_types_is_never_an_error(client, q):
    r = client.get("/api/v1/search", params={"q": q})
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body["hits"], list)


def test_changed_queries_carry_a_notice(client):
    for q in ('"ontdekking van', "title:(", "hemel AND NOT"):
        assert search(client, q=q)["notices"], q


def test_stop_words_alone_still_find_something(client):
    assert search(client, q="het")["total"] > 0
    assert search(client, q="de het een")["total"] > 0


def test_isbn_with_hyphens_finds_the_record(client, sample_records):
    rec = next(r for r in sample_records if r.get("isbn"))
    isbn = rec["isbn"][0]
    typed = f"{isbn[:3]}-{isbn[3:5]}-{isbn[5:9]}-{isbn[9:12]}-{isbn[12]}"
    body = search(client, q=typed, group="false")
    assert body["hits"][0]["id"] == rec["id"]


def test_healthz_and_metrics(client):
    h = client.get("/healthz").json()
    assert h["status"] == "ok" and h["generation"].startswith("g")
    # `warm` turns true once the vocabulary and typo index are built (in the background).
    import time

    deadline = time.monotonic() + 60
    while not h["warm"]:
        assert time.monotonic() < deadline, "the warm-up did not finish"
        time.sleep(0.05)
        h = client.get("/healthz").json()
    service = client.app.state.service
    vocab = service.vocabulary(service.state)
    assert vocab.typos is not None and service.warm


def test_metrics_need_the_admin_token(sample_index, service, client):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    # Without a token configured nobody may read them; with one, only its bearer.
    assert client.get("/metrics").status_code == 401
    app = create_app(Settings(index_dir=str(sample_index), admin_token="geheim"), service=service)
    with TestClient(app) as admin:
        for headers in ({}, {"Authorization": "Bearer fout"}, {"Authorization": "Basic geheim"}):
            r = admin.get("/metrics", headers=headers)
            assert r.status_code == 401 and r.json()["error"]["message"].startswith("a valid admin token"), headers
            assert r.headers["www-authenticate"].startswith("Bearer")
        m = admin.get("/metrics", headers={"Authorization": "Bearer geheim"})
        assert m.status_code == 200 and "vindplaats_http_requests_total" in m.text
