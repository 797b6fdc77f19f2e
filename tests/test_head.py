"""HEAD on every GET route answers like GET, without the body (link checkers, feed readers, monitors)."""
from __future__ import annotations

import re

import httpx
from fastapi.routing import APIRoute

from tests.live_server import serve

# Headers a HEAD must repeat from its GET; the others (Date, the ETag of a page holding the time) may differ.
SAME = ("content-type", "cache-control", "content-length", "x-content-type-options", "content-security-policy")


def _url(route, record_id: str, article_id: str) -> str | None:
    """A concrete URL for a GET route, its path parameters filled with real ids of the sample."""
    values = {"id": record_id, "record_id": record_id, "work_id": record_id, "article_id": article_id,
              "isil": "NL-AmOBA", "fmt": "ris", "format": "ris", "lang": "nl", "n": "1", "page": "1", "number": "1"}
    names = re.findall(r"{(\w+)(?::\w+)?}", route.path)
    if any(n not in values for n in names):
        return None
    if "{" in route.path and route.path.startswith("/admin"):
        return None
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: values[m.group(1)], route.path)


def _routes(routes):
    """Every route, into included routers too (none of ours is included with a prefix)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


def _get_routes(app, client):
    hits = client.get("/api/v1/search", params={"q": "boek", "size": 1}).json()
    record_id = hits["hits"][0]["id"]
    article = client.get("/api/v1/search", params={"q": "bibliotheek", "scope": "articles", "size": 1}).json()
    article_id = article["hits"][0]["id"]
    urls = []
    for route in _routes(app.routes):
        if isinstance(route, APIRoute) and "GET" in route.methods and not route.path.startswith("/mcp"):
            url = _url(route, record_id, article_id)
            if url:
                urls.append(url)
    assert len(urls) >= 18, urls  # the pages, the API, SRU, OAI, feeds, sitemaps
    return urls


def test_head_answers_every_get_route_in_process(app, client):
    for url in _get_routes(app, client):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code != 405, url
        assert head.content == b"", url
        for name in SAME:
            if name != "content-length":  # computed per response by the test client
                assert head.headers.get(name) == get.headers.get(name), (url, name)


def test_head_over_http_keeps_content_length_and_etag(app, client):
    urls = ["/", "/zoeken?q=tolkien", "/api/v1/search?q=tolkien", "/sru?query=tolkien", "/opensearch.xml",
            "/oai?verb=Identify", "/sitemap.xml", "/robots.txt"]
    with serve(app) as base, httpx.Client(base_url=base) as http:
        for url in urls:
            get, head = http.get(url), http.head(url)
            assert get.status_code == 200, url
            assert head.status_code == 200 and head.content == b"", url
            length = head.headers.get("content-length")
            assert length and int(length) > 0, url  # what a GET would send, though no body came
            if b'"took_ms"' in get.content:  # the search's own timing is in it: a few digits more or less
                assert abs(int(length) - int(get.headers["content-length"])) <= 24, url
            else:
                assert length == get.headers["content-length"], url
            if "etag" in get.headers:
                assert head.headers["etag"] == get.headers["etag"], url


def test_head_on_a_missing_record_is_404_and_post_only_stays_405(client):
    assert client.head("/api/v1/records/no-such-record").status_code == 404
    assert client.head("/titel/no-such-record").status_code in (404, 410)


def test_head_on_the_mcp_stream_is_not_run_as_a_get(client):
    # As a GET, /mcp would open a server-sent event stream that never ends; HEAD is answered at once.
    response = client.head("/mcp")
    assert response.content == b"" and response.status_code != 200
