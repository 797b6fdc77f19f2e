"""Links that cannot be poisoned: every absolute link comes from VINDPLAATS_PUBLIC_URL, or from the
request only for an allowed host; X-Forwarded-* count only from a trusted proxy."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from fastapi.testclient import TestClient
from lxml import etree

from search_api import urls
from search_api.app import create_app
from search_api.settings import Settings

RECORD = "ppn:189443944"  # De ontdekking van de hemel, in the sample catalogue
MACHINE_URLS = [  # every response that must carry absolute links
    "/opensearch.xml",
    "/api/v1/search?q=hemel&format=rss",
    "/api/v1/search?q=hemel&format=atom",
    f"/api/v1/records/{RECORD}?format=jsonld",
    f"/api/v1/records/{RECORD}?format=ris",
    "/sru?operation=searchRetrieve&version=2.0&query=hemel&recordSchema=dc",
    "/oai?verb=Identify",
    "/sitemap.xml",
    "/robots.txt",
]
PAGES = ["/", "/zoeken?q=hemel", f"/titel/{RECORD}", "/over"]
EXPLAIN = "/sru?operation=explain&version=2.0"  # names its host in elements of its own (tested below)
# The hosts a link to this site could carry in these tests (a record's own links go elsewhere).
OURS = {"testserver", "localhost", "127.0.0.1", "evil.example", "vindplaats.example", "www.vindplaats.example"}


def client_for(sample_index, service, peer=("testclient", 50000), **settings) -> TestClient:
    app = create_app(Settings(index_dir=str(sample_index), **settings), service=service)
    return TestClient(app, raise_server_exceptions=False, client=peer)


def absolute_links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>{}]+", text)


def own_links(text: str) -> list[str]:
    """The absolute links of a response that point at this site (not schema.org, a record's e-book, ...)."""
    return [u for u in absolute_links(text) if urlsplit(u).hostname in OURS]


@pytest.fixture(scope="module")
def default_client(sample_index, service):
    return client_for(sample_index, service)


@pytest.mark.parametrize("path", [*MACHINE_URLS, EXPLAIN, *PAGES])
def test_a_foreign_host_is_refused_and_never_reaches_a_link(default_client, path):
    r = default_client.get(path, headers={"Host": "evil.example"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_host"
    assert r.headers["cache-control"] == "no-store"
    assert "evil.example" not in "".join(f"{k}:{v}" for k, v in r.headers.items())


def test_health_answers_a_probe_by_any_address(default_client):
    assert default_client.get("/healthz", headers={"Host": "10.1.2.3:8000"}).status_code == 200


@pytest.mark.parametrize("host", ["testserver/x@evil.example", "evil.example#", "a b"])
def test_a_host_header_that_is_no_host_name_is_refused(default_client, host):
    assert default_client.get("/opensearch.xml", headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("path", MACHINE_URLS)
def test_an_allowed_host_gives_links_on_that_host(default_client, path):
    r = default_client.get(path, headers={"Host": "localhost:8000"})
    assert r.status_code == 200, r.text
    links = own_links(r.text)
    assert links, path
    assert all(u.startswith("http://localhost:8000/") for u in links), links


def test_pages_link_relatively_without_a_public_url(default_client):
    doc = lxml.html.fromstring(default_client.get(f"/titel/{RECORD}").text)
    assert doc.xpath("//link[@rel='canonical']/@href") == [f"/titel/{RECORD}"]
    ld = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
    assert ld["@id"] == f"/titel/{RECORD}"


@pytest.mark.parametrize("path", MACHINE_URLS)
def test_forwarded_headers_count_from_a_trusted_proxy(sample_index, service, path):
    c = client_for(sample_index, service, peer=("10.0.0.7", 41000), trusted_proxies=("10.0.0.0/8",),
                   allowed_hosts=("vindplaats.example",))
    r = c.get(path, headers={"Host": "127.0.0.1:8000", "X-Forwarded-Proto": "https",
                             "X-Forwarded-Host": "vindplaats.example", "X-Forwarded-Prefix": "/zoek/"})
    assert r.status_code == 200, r.text
    links = own_links(r.text)
    assert links and all(u.startswith("https://vindplaats.example/zoek/") for u in links), links


def test_forwarded_host_must_be_allowed_too(sample_index, service):
    c = client_for(sample_index, service, peer=("10.0.0.7", 41000), trusted_proxies=("10.0.0.0/8",))
    r = c.get("/opensearch.xml", headers={"X-Forwarded-Host": "evil.example"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_host"


@pytest.mark.parametrize("peer", [("192.0.2.9", 41000), ("testclient", 50000)])
def test_forwarded_headers_from_an_untrusted_peer_are_ignored(sample_index, service, peer):
    c = client_for(sample_index, service, peer=peer, trusted_proxies=("10.0.0.0/8", "127.0.0.1"))
    r = c.get("/opensearch.xml", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "localhost",
                                          "X-Forwarded-Prefix": "/x"})
    assert r.status_code == 200
    links = own_links(r.text)
    assert links and all(u.startswith("http://testserver/") for u in links), links


@pytest.fixture(scope="module")
def public_client(sample_index, service):
    return client_for(sample_index, service, public_url="https://www.vindplaats.example/catalogus/")


@pytest.mark.parametrize("path", MACHINE_URLS)
def test_a_public_url_with_a_prefix_is_in_every_absolute_link(public_client, path):
    r = public_client.get(path, headers={"Host": "127.0.0.1:8000", "X-Forwarded-Host": "evil.example"})
    assert r.status_code == 200, r.text
    links = own_links(r.text)
    assert links, path
    assert all(u.startswith("https://www.vindplaats.example/catalogus/") for u in links), links
    assert "127.0.0.1" not in r.text and "evil.example" not in r.text


@pytest.mark.parametrize("path", PAGES)
def test_a_public_url_makes_the_canonical_link_absolute(public_client, path):
    doc = lxml.html.fromstring(public_client.get(path).text)
    canonical = doc.xpath("//link[@rel='canonical']/@href")
    assert len(canonical) == 1 and canonical[0].startswith("https://www.vindplaats.example/catalogus/")


def test_a_public_url_reaches_json_ld_and_redirects(public_client):
    doc = lxml.html.fromstring(public_client.get(f"/titel/{RECORD}").text)
    ld = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
    assert ld["@id"] == f"https://www.vindplaats.example/catalogus/titel/{RECORD}"
    article = public_client.get("/api/v1/search", params={"q": "bibliotheek", "scope": "articles"}).json()["hits"][0]
    r = public_client.get(f"/titel/{urls.quote_id(article['id'])}", follow_redirects=False)
    assert r.status_code == 308
    assert r.headers["location"] == "https://www.vindplaats.example/catalogus" + urls.record_path(article["id"],
                                                                                                 "article")


def test_a_public_url_host_is_allowed_and_others_are_not(public_client):
    assert public_client.get("/", headers={"Host": "www.vindplaats.example"}).status_code == 200
    assert public_client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_sru_explain_names_the_public_host_port_and_database(public_client):
    doc = etree.fromstring(public_client.get("/sru?operation=explain&version=2.0").content)
    z = {"zr": "http://explain.z3950.org/dtd/2.0/"}
    assert doc.xpath("//zr:serverInfo/zr:host/text()", namespaces=z) == ["www.vindplaats.example"]
    assert doc.xpath("//zr:serverInfo/zr:port/text()", namespaces=z) == ["443"]
    assert doc.xpath("//zr:serverInfo/zr:database/text()", namespaces=z) == ["catalogus/sru"]
    assert doc.xpath("//zr:serverInfo/@transport", namespaces=z) == ["https"]


@pytest.mark.parametrize("bad", ["ftp://x.example", "https://", "https://x.example/?a=1", "vindplaats.example",
                                 "https://x.example/a b"])
def test_a_public_url_that_is_no_base_is_refused_at_start(sample_index, service, bad):
    with pytest.raises(ValueError):
        create_app(Settings(index_dir=str(sample_index), public_url=bad), service=service)


def test_allowed_hosts_and_proxies_read_from_the_environment():
    s = Settings.from_env({"VINDPLAATS_PUBLIC_URL": "https://v.example/p", "VINDPLAATS_ALLOWED_HOSTS":
                           "a.example, b.example", "VINDPLAATS_TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"})
    assert s.public_url == "https://v.example/p"
    assert s.allowed_hosts == ("a.example", "b.example")
    assert s.trusted_proxies == ("127.0.0.1", "10.0.0.0/8")
    site = urls.Site.from_settings(s)
    assert site.allowed_hosts == {"a.example", "b.example", "v.example"}
    assert urlsplit(site.public_url).path == "/p"
    assert Settings.from_env({}).allowed_hosts == ("localhost", "127.0.0.1", "::1", "testserver")
