"""What library websites and caches see at the HTTP level: CORS for the allowed origins only,
ETags with 304 Not Modified, a Cache-Control per kind of URL, no-store on errors and on the admin
API, and an OpenAPI document whose models are the shapes the API really sends."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from search_api import caching, cors
from search_api.app import create_app
from search_api.models import Error, Health, Record, SearchResults, Suggestions
from search_api.settings import Settings

LIBRARY = "https://www.bibliotheek-oost.example"
SCHOOL = "https://portaal.school.example"
STRANGER = "https://elders.example"
ISIL = "NL-AmOBA"


def client_for(sample_index, service, **settings) -> TestClient:
    app = create_app(Settings(index_dir=str(sample_index), **settings), service=service)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def allowed(sample_index, service):
    with client_for(sample_index, service, cors_origins=(LIBRARY, SCHOOL + "/")) as c:
        yield c


@pytest.fixture(scope="module")
def everyone(sample_index, service):
    with client_for(sample_index, service, cors_origins=("*",)) as c:
        yield c


@pytest.fixture(scope="module")
def admin(sample_index, service):
    with client_for(sample_index, service, admin_token="geheim") as c:
        yield c


def preflight(c, url, origin, method="GET", headers=None):
    h = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        h["Access-Control-Request-Headers"] = headers
    return c.options(url, headers=h)


# --- CORS ------------------------------------------------------------------------------------------

def test_settings_read_the_allow_list_from_the_environment():
    s = Settings.from_env({"VINDPLAATS_CORS_ORIGINS": f" {LIBRARY}/ , {SCHOOL},,"})
    assert s.cors_origins == (LIBRARY, SCHOOL)
    assert Settings.from_env({}).cors_origins == ()


@pytest.mark.parametrize("url", ["/api/v1/search?q=hemel", "/api/v1/suggest?q=hem", "/sru", "/opensearch.xml",
                                 "/api/v1/records/ppn:831126353"])
def test_preflight_from_an_allowed_origin_is_answered(allowed, url):
    for origin in (LIBRARY, SCHOOL):
        r = preflight(allowed, url, origin, headers="content-type")
        assert r.status_code == 204, (url, r.text)
        assert r.headers["access-control-allow-origin"] == origin
        assert "GET" in r.headers["access-control-allow-methods"]
        assert r.headers["access-control-allow-headers"].lower() == "content-type"
        assert int(r.headers["access-control-max-age"]) > 0
        assert "Origin" in r.headers["vary"]
        assert "access-control-allow-credentials" not in r.headers
        assert r.content == b""


def test_preflight_from_another_origin_gets_no_cors_headers(allowed):
    for origin in (STRANGER, LIBRARY + ".evil.example", "http://www.bibliotheek-oost.example", "null"):
        r = preflight(allowed, "/api/v1/search?q=hemel", origin)
        assert r.status_code == 403, origin
        assert "access-control-allow-origin" not in r.headers
        assert r.json()["error"]["code"] == "cors_refused"
        assert r.headers["cache-control"] == "no-store"


def test_preflight_for_a_method_or_header_not_offered_is_refused(allowed):
    for method, headers in (("DELETE", None), ("PUT", None), ("GET", "authorization"), ("GET", "x-custom, content-type")):
        r = preflight(allowed, "/api/v1/search", LIBRARY, method, headers)
        assert r.status_code == 403 and "access-control-allow-origin" not in r.headers, (method, headers)


def test_get_from_an_allowed_origin_carries_the_cors_header(allowed):
    r = allowed.get("/api/v1/search?q=hemel", headers={"Origin": LIBRARY})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == LIBRARY
    assert "Origin" in r.headers["vary"]
    assert "access-control-allow-credentials" not in r.headers
    for url in ("/sru?query=hemel", "/opensearch.xml", "/api/v1/records/ppn:831126353", "/api/v1/suggest?q=hem"):
        r = allowed.get(url, headers={"Origin": SCHOOL})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == SCHOOL, url


def test_errors_and_304s_carry_the_cors_header_so_the_widget_can_read_them(allowed):
    r = allowed.get("/api/v1/search?size=1000", headers={"Origin": LIBRARY})
    assert r.status_code == 400 and r.headers["access-control-allow-origin"] == LIBRARY
    r = allowed.get("/api/v1/records/ppn:bestaat-niet", headers={"Origin": LIBRARY})
    assert r.status_code == 404 and r.headers["access-control-allow-origin"] == LIBRARY
    first = allowed.get("/api/v1/search?q=hemel", headers={"Origin": LIBRARY})
    again = allowed.get("/api/v1/search?q=hemel", headers={"Origin": LIBRARY, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.headers["access-control-allow-origin"] == LIBRARY


def test_other_origins_get_the_answer_without_the_cors_header_and_caches_keep_them_apart(allowed):
    r = allowed.get("/api/v1/search?q=hemel", headers={"Origin": STRANGER})
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    # The same URL answers differently per Origin: a shared cache must not hand this copy to a library.
    assert "Origin" in r.headers["vary"]
    assert "Origin" in allowed.get("/api/v1/search?q=hemel").headers["vary"]


def test_html_pages_and_the_admin_api_are_not_opened(allowed, sample_index, service):
    for url in ("/", "/zoeken?q=hemel", "/titel/ppn:831126353", "/over"):
        r = allowed.get(url, headers={"Origin": LIBRARY})
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers, url
    with client_for(sample_index, service, cors_origins=(LIBRARY,), admin_token="geheim") as c:
        r = c.get("/api/v1/admin/jobs", headers={"Origin": LIBRARY, "Authorization": "Bearer geheim"})
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
        r = preflight(c, "/api/v1/admin/reindex", LIBRARY, "POST", "authorization")
        assert "access-control-allow-origin" not in r.headers


def test_without_an_allow_list_no_website_may_call_the_api(client):
    r = client.get("/api/v1/search?q=hemel", headers={"Origin": LIBRARY})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    r = preflight(client, "/api/v1/search?q=hemel", LIBRARY)
    assert "access-control-allow-origin" not in r.headers


def test_a_configured_star_opens_the_api_to_every_website(everyone):
    r = everyone.get("/api/v1/search?q=hemel", headers={"Origin": STRANGER})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "origin" not in r.headers.get("vary", "").lower()  # one answer for everyone
    r = preflight(everyone, "/api/v1/search?q=hemel", STRANGER)
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == "*"


def test_cors_scope():
    assert cors.applies_to("/api/v1/search") and cors.applies_to("/sru") and cors.applies_to("/opensearch.xml")
    assert not cors.applies_to("/api/v1/admin/jobs") and not cors.applies_to("/zoeken")
    assert not cors.applies_to("/sru-other") and not cors.applies_to("/")


# --- caching ---------------------------------------------------------------------------------------------

CACHED = [
    ("/api/v1/search?q=hemel", "public, max-age=60"),
    (f"/api/v1/search?q=hemel&library={ISIL}&filter=material:boek", "public, max-age=60"),
    ("/api/v1/search?q=hemel&format=rss", "public, max-age=60"),
    ("/api/v1/suggest?q=hem", "public, max-age=60"),
    ("/api/v1/records/ppn:831126353", "public, max-age=600"),
    ("/api/v1/records/ppn:831126353?format=ris", "public, max-age=600"),
    ("/sru?query=dc.title%20any%20hemel", "public, max-age=60"),
    ("/sru", "public, max-age=60"),
    ("/opensearch.xml", "public, max-age=86400"),
    ("/", "public, max-age=300"),
    ("/over", "public, max-age=300"),
    ("/zoeken?q=hemel", "public, max-age=60"),
    ("/titel/ppn:831126353", "public, max-age=600"),
    ("/widget.js", "public, max-age=3600"),
]


@pytest.mark.parametrize("url,policy", CACHED)
def test_get_responses_have_an_etag_and_answer_if_none_match_with_304(client, url, policy):
    r = client.get(url)
    assert r.status_code == 200, url
    assert r.headers["cache-control"] == policy
    etag = r.headers["etag"]
    assert etag.startswith('W/"') and etag.endswith('"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == policy
    assert "content-length" not in again.headers or again.headers["content-length"] == "0"
    # Weak comparison, lists and '*' as in RFC 9110; a stale tag gets the full answer.
    assert client.get(url, headers={"If-None-Match": f'"stale", {etag.removeprefix("W/")}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    fresh = client.get(url, headers={"If-None-Match": 'W/"stale"'})
    assert fresh.status_code == 200 and fresh.content


def test_the_etag_follows_the_answer_not_the_time_it_took(client):
    a = client.get("/api/v1/search?q=hemel")
    b = client.get("/api/v1/search?q=hemel")
    assert a.json()["hits"] == b.json()["hits"]
    assert a.headers["etag"] == b.headers["etag"]  # took_ms differs, the answer does not
    assert client.get("/api/v1/search?q=aarde").headers["etag"] != a.headers["etag"]
    assert client.get("/api/v1/search?q=hemel&page=2&size=2").headers["etag"] != a.headers["etag"]


def test_a_record_page_etag_is_stable(client):
    a = client.get("/titel/ppn:831126353")
    assert a.headers["etag"] == client.get("/titel/ppn:831126353").headers["etag"]
    assert a.headers["etag"] != client.get(f"/titel/ppn:831126353?library={ISIL}").headers["etag"]


@pytest.mark.parametrize("url,status", [
    ("/api/v1/search?size=1000", 400),
    ("/api/v1/search?filter=nope:x", 400),
    ("/api/v1/search?page=0", 400),
    ("/api/v1/suggest?size=99", 400),
    ("/api/v1/records/ppn:bestaat-niet", 404),
    ("/api/v1/records/ppn:831126353?format=doc", 400),
    ("/titel/ppn:bestaat-niet", 404),
    ("/zoeken?q=hemel&page=0", 400),
    ("/bestaat-niet", 404),
])
def test_errors_are_not_stored(client, url, status):
    r = client.get(url)
    assert r.status_code == status, url
    assert r.headers["cache-control"] == "no-store"
    assert "etag" not in r.headers
    assert r.content, "error bodies pass through untouched"
    if url.startswith("/api/"):
        assert r.json()["error"]["code"]
    else:
        assert r.headers["content-type"].startswith("text/html") and "<h1" in r.text


def test_liveness_metrics_and_admin_are_never_cached(client, admin):
    auth = {"Authorization": "Bearer geheim"}
    for c, url in ((client, "/healthz"), (admin, "/metrics")):
        r = c.get(url, headers=auth)
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store" and "etag" not in r.headers
    for url in ("/api/v1/admin/jobs", "/api/v1/admin/jobs/nope"):
        r = admin.get(url, headers=auth)
        assert r.headers["cache-control"] == "no-store" and "etag" not in r.headers, url
    r = admin.get("/api/v1/admin/jobs")
    assert r.status_code == 401 and r.headers["cache-control"] == "no-store"


def test_static_files_keep_their_own_validators_and_versioned_urls_are_immutable(client):
    r = client.get("/static/vindplaats.css")
    assert r.headers["cache-control"] == "public, max-age=3600" and r.headers["etag"]
    assert client.get("/static/vindplaats.css", headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    r = client.get("/static/vindplaats.css?v=0123456789")
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_post_answers_are_not_given_validators(client):
    r = client.post("/sru", data={"query": "hemel"})
    assert r.status_code == 200 and "etag" not in r.headers


def _tiny_app() -> TestClient:
    async def stream(request):
        async def chunks():
            for i in range(3):
                yield f"deel {i}\n".encode()
        return StreamingResponse(chunks(), media_type="text/plain")

    async def tagged(request):
        return Response(b"eigen", headers={"ETag": '"eigen"', "Cache-Control": "private, max-age=5"})

    app = Starlette(routes=[Route("/api/v1/stream", stream), Route("/api/v1/tagged", tagged)])
    return TestClient(caching.CachingMiddleware(app))


def test_streamed_responses_stream_through_untouched():
    c = _tiny_app()
    with c.stream("GET", "/api/v1/stream") as r:
        parts = [p for p in r.iter_bytes() if p]
    assert b"".join(parts) == b"deel 0\ndeel 1\ndeel 2\n"
    assert r.headers["cache-control"] == "public, max-age=60" and "etag" not in r.headers
    r = c.get("/api/v1/tagged", headers={"If-None-Match": '"eigen"'})
    # A route that sets its own validator and policy keeps them (and answers conditionals itself).
    assert r.status_code == 200 and r.headers["etag"] == '"eigen"' and r.headers["cache-control"] == "private, max-age=5"


def test_the_policy_table():
    assert caching.cache_control("/api/v1/admin/jobs") == "no-store"
    assert caching.cache_control("/api/v1/records/ppn:1") == caching.RECORD
    assert caching.cache_control("/api/v1/search") == caching.SEARCH
    assert caching.cache_control("/artikel/art:x") == caching.RECORD
    assert caching.cache_control("/zoeken") == caching.SEARCH
    assert caching.cache_control("/static/x.css", "v=abc") == caching.VERSIONED_ASSET
    assert caching.cache_control("/static/x.css", "") == caching.ASSET
    assert caching.matches('W/"a", "b"', 'W/"b"') and not caching.matches('"a"', 'W/"b"')


# --- OpenAPI ----------------------------------------------------------------------------------------------

def test_openapi_lists_every_route_with_examples(admin):
    from fastapi.routing import APIRoute

    from search_api.routes import admin as admin_routes
    from search_api.routes import health, opensearch, records, search, sru

    spec = admin.get("/openapi.json").json()
    paths = spec["paths"]
    routes = [r for m in (search, records, health, sru, opensearch, admin_routes) for r in m.router.routes
              if isinstance(r, APIRoute) and r.include_in_schema]
    assert len(routes) >= 15
    for route in routes:
        path = route.path_format.replace(":path}", "}")
        assert path in paths, path
        for method in route.methods - {"HEAD"}:
            op = paths[path][method.lower()]
            assert op.get("summary"), (path, method)
            ok = next(v for k, v in op["responses"].items() if k.startswith("2"))
            if method == "OPTIONS":  # no body: what it says is in its Allow header
                assert "example" in ok["headers"]["Allow"], path
                continue
            content = ok.get("content", {})
            assert content, (path, method)
            media = next(iter(content.values()))
            schema = media.get("schema", {})
            ref = schema.get("$ref", "").rsplit("/", 1)[-1]
            has_example = "example" in media or "examples" in media or \
                "examples" in spec["components"]["schemas"].get(ref, {})
            assert has_example, (path, method)
            assert "422" not in op["responses"], "parameter errors are 400 in this API"
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas

    def ref(p, m="get", s="200"):
        return paths[p][m]["responses"][s]["content"]["application/json"]["schema"]["$ref"]

    assert ref("/api/v1/search").endswith("/SearchResults")
    assert ref("/api/v1/records/{record_id}").endswith("/Record")
    assert ref("/api/v1/suggest").endswith("/Suggestions")
    assert ref("/healthz").endswith("/Health")
    assert ref("/api/v1/search", s="400").endswith("/Error")
    assert ref("/api/v1/records/{record_id}", s="404").endswith("/Error")
    assert ref("/api/v1/suggest", s="400").endswith("/Error")
    assert ref("/api/v1/admin/jobs", s="401").endswith("/Error")
    assert {"children", "label", "selected"} <= set(schemas["FacetValue"]["properties"])
    assert {"held_here", "authors", "document", "snippet"} <= set(schemas["SearchHit"]["properties"])
    assert {p["name"] for p in paths["/sru"]["get"]["parameters"]} >= {"query", "maximumRecords", "recordSchema"}
    assert admin.get("/docs").status_code == 200


SEARCHES = [
    "q=hemel", "q=", f"q=hemel&library={ISIL}", "q=hemel&explain=true", "q=hemel&group=false",
    "q=bibliotheek&scope=articles", "q=bibliotheek&scope=all&size=50", "q=&filter=material:boek&filter=language:nl",
    "q=&filter=province:Gelderland", f"q=&filter=library:{ISIL}", "q=hemel&sort=year_desc", "q=hemle",
    "q=xqzvwk", "q=vriendschap&page=2&size=5", "q=&size=100",
]


@pytest.mark.parametrize("params", SEARCHES)
def test_real_search_responses_validate_against_the_model(client, params):
    r = client.get(f"/api/v1/search?{params}")
    assert r.status_code == 200, r.text
    SearchResults.model_validate_json(r.content)


def test_real_records_suggestions_health_and_errors_validate(client, sample_records):
    hits = client.get("/api/v1/search?q=&size=100&group=false").json()["hits"]
    articles = client.get("/api/v1/search?q=&scope=articles&size=20").json()["hits"]
    ids = [rec["id"] for rec in sample_records[:60]] + [h["id"] for h in hits] + [a["id"] for a in articles]
    with_editions = 0
    for record_id in dict.fromkeys(ids):
        r = client.get(f"/api/v1/records/{quote(record_id, safe=':')}")
        assert r.status_code == 200, record_id
        rec = Record.model_validate_json(r.content)
        with_editions += bool(rec.editions)
    assert with_editions, "some sample record has other editions"
    for q in ("hem", "mul", "", "de ontdekking van de he", "zzzz"):
        Suggestions.model_validate_json(client.get("/api/v1/suggest", params={"q": q}).content)
    Health.model_validate_json(client.get("/healthz").content)
    for url in ("/api/v1/search?size=1000", "/api/v1/search?filter=nope:x", "/api/v1/suggest?size=99",
                "/api/v1/records/ppn:bestaat-niet", "/api/v1/records/ppn:831126353?format=doc"):
        r = client.get(url)
        assert r.status_code in (400, 404)
        Error.model_validate_json(r.content)


def test_the_models_are_closed_where_the_api_is(client):
    """A field the API starts sending without a model entry fails validation (and so this suite)."""
    body = client.get("/api/v1/search?q=hemel").json()
    body["hits"][0]["surprise"] = 1
    with pytest.raises(ValueError):
        SearchResults.model_validate(body)
