"""Security headers on every kind of response, and API documentation that loads only our own files."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from web.pages import SECURITY_HEADERS

RECORD = "ppn:189443944"
RESPONSES = {  # kind: (method, url, status)
    "json": ("GET", "/api/v1/search?q=hemel", 200),
    "json record": ("GET", f"/api/v1/records/{RECORD}", 200),
    "json error": ("GET", "/api/v1/search?q=hemel&page=0", 400),
    "json not found": ("GET", "/api/v1/records/ppn:nergens", 404),
    "jsonld": ("GET", f"/api/v1/records/{RECORD}?format=jsonld", 200),
    "ris": ("GET", f"/api/v1/records/{RECORD}?format=ris", 200),
    "rss": ("GET", "/api/v1/search?q=hemel&format=rss", 200),
    "atom": ("GET", "/api/v1/search?q=hemel&format=atom", 200),
    "sru xml": ("GET", "/sru?operation=searchRetrieve&version=2.0&query=hemel", 200),
    "sru post": ("POST", "/sru", 200),
    "oai xml": ("GET", "/oai?verb=Identify", 200),
    "opensearch": ("GET", "/opensearch.xml", 200),
    "sitemap": ("GET", "/sitemap.xml", 200),
    "robots": ("GET", "/robots.txt", 200),
    "suggestions": ("GET", "/api/v1/suggest?q=hem", 200),
    "health": ("GET", "/healthz", 200),
    "metrics without the admin token": ("GET", "/metrics", 401),
    "openapi": ("GET", "/openapi.json", 200),
    "widget": ("GET", "/widget.js", 200),
    "static": ("GET", "/static/vindplaats.css", 200),
    "html": ("GET", "/zoeken?q=hemel", 200),
    "html error": ("GET", "/titel/ppn:nergens", 404),
    "docs": ("GET", "/docs", 200),
    "redoc": ("GET", "/redoc", 200),
    "docs asset": ("GET", "/docs/static/swagger-ui.css", 200),
    "method not allowed": ("DELETE", "/api/v1/search", 405),
}


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_response_says_nosniff(client, kind):
    method, url, status = RESPONSES[kind]
    r = client.request(method, url, data={"query": "hemel"} if method == "POST" else None)
    assert r.status_code == status, r.text[:300]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_a_refused_host_and_a_304_say_nosniff_too(client):
    assert client.get("/opensearch.xml", headers={"Host": "evil.example"}).headers["x-content-type-options"] == "nosniff"
    etag = client.get("/api/v1/search?q=hemel").headers["etag"]
    r = client.get("/api/v1/search?q=hemel", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/zoeken?q=hemel", f"/titel/{RECORD}", "/over", "/titel/ppn:nergens"])
def test_pages_keep_their_own_headers(client, url):
    r = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value, name


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_the_documentation_loads_only_our_own_files(client, url):
    r = client.get(url)
    csp = r.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert not re.search(r"https?:|\*", csp), csp  # no other origin anywhere
    assert directives["frame-ancestors"] == "'self'"
    sources = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert sources
    for src in sources:
        assert "://" not in src and not src.startswith("//"), src
        asset = client.get(urljoin("http://testserver" + url, src))
        assert asset.status_code == 200, src
    # The inline start-up script of Swagger UI is allowed by its hash, and only it.
    inline = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert len(re.findall(r"'sha256-", directives["script-src"])) == len(inline)


def test_the_documentation_is_served_under_a_path_prefix_too(client):
    """Relative links: behind a proxy at /catalogus/, /catalogus/docs finds /catalogus/openapi.json."""
    text = client.get("/docs").text
    assert "url: 'openapi.json'" in text and 'src="docs/static/swagger-ui-bundle.js"' in text


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_response_has_a_referrer_and_permissions_policy_and_a_csp(client, kind):
    method, url, status = RESPONSES[kind]
    r = client.request(method, url, data={"query": "hemel"} if method == "POST" else None)
    assert r.status_code == status
    assert r.headers["referrer-policy"] == "same-origin"
    assert "camera=()" in r.headers["permissions-policy"]
    csp = r.headers["content-security-policy"]
    if r.headers.get("content-type", "").startswith("text/html"):
        assert "frame-ancestors 'self'" in csp  # the page's or the documentation's own policy
    else:
        assert csp == "default-src 'none'; frame-ancestors 'none'; sandbox"
    assert "strict-transport-security" not in r.headers  # no https public URL here


def test_hsts_only_with_an_https_public_url(sample_index, service):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    for public_url, hsts in (("https://www.vindplaats.example", True), ("http://intern.example", False)):
        app = create_app(Settings(index_dir=str(sample_index), public_url=public_url), service=service)
        with TestClient(app) as c:
            for url in ("/", "/api/v1/search?q=hemel", "/sru", "/healthz"):
                r = c.get(url)
                assert ("strict-transport-security" in r.headers) is hsts, (public_url, url)
                if hsts:
                    assert r.headers["strict-transport-security"] == "max-age=31536000"
