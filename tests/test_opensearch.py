"""OpenSearch: the description browsers and library websites install, the RSS and Atom feeds of a
search, and the suggestions array."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from lxml import etree

OS = "http://a9.com/-/spec/opensearch/1.1/"
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"os": OS, "atom": ATOM, "dc": DC}


def test_description_names_the_templates(client):
    r = client.get("/opensearch.xml")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/opensearchdescription+xml")
    doc = etree.fromstring(r.content)
    assert doc.tag == f"{{{OS}}}OpenSearchDescription"
    assert doc.findtext("os:ShortName", namespaces=NS) == "Vindplaats"
    assert "bibliotheken" in doc.findtext("os:Description", namespaces=NS)  # Dutch
    assert doc.findtext("os:InputEncoding", namespaces=NS) == "UTF-8"
    assert doc.findtext("os:Language", namespaces=NS) == "nl"
    templates = {u.get("type"): u.get("template") for u in doc.iterfind("os:Url", NS)}
    assert templates["text/html"] == "http://testserver/zoeken?q={searchTerms}&page={startPage?}"
    assert templates["application/json"].startswith("http://testserver/api/v1/search?q={searchTerms}")
    assert "format=rss" in templates["application/rss+xml"]
    assert "format=atom" in templates["application/atom+xml"]
    assert templates["application/x-suggestions+json"] == \
        "http://testserver/api/v1/suggest/opensearch?q={searchTerms}"


def fill(template: str, terms: str) -> str:
    """What a browser does with a template: the terms in, optional parameters left empty."""
    url = template.replace("{searchTerms}", terms)
    for optional in ("{startPage?}", "{count?}"):
        url = url.replace(optional, "")
    return url.replace("http://testserver", "")


def test_every_template_answers(client):
    doc = etree.fromstring(client.get("/opensearch.xml").content)
    for u in doc.iterfind("os:Url", NS):
        if u.get("rel") == "self":
            continue
        r = client.get(fill(u.get("template"), "hemel"))
        assert r.status_code == 200, (u.get("type"), r.text[:200])
        assert r.headers["content-type"].split(";")[0] == u.get("type") or u.get("type") == "text/html"


def test_rss_feed(client):
    r = client.get("/api/v1/search", params={"q": "hemel", "format": "rss", "size": "3"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/rss+xml")
    doc = etree.fromstring(r.content)
    assert doc.tag == "rss" and doc.get("version") == "2.0"
    channel = doc.find("channel")
    total = client.get("/api/v1/search", params={"q": "hemel", "size": "3"}).json()["total"]
    assert int(channel.findtext("os:totalResults", namespaces=NS)) == total > 3
    assert channel.findtext("os:startIndex", namespaces=NS) == "1"
    assert channel.findtext("os:itemsPerPage", namespaces=NS) == "3"
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        link = item.findtext("link")
        assert link.startswith(("http://testserver/titel/", "http://testserver/artikel/"))
        assert client.get(urlsplit(link).path).status_code == 200
        assert item.findtext("title")
        assert item.find("guid").get("isPermaLink") == "true"
    nxt = channel.find(f"{{{ATOM}}}link[@rel='next']")
    assert parse_qs(urlsplit(nxt.get("href")).query)["page"] == ["2"]


def test_atom_feed_newest_first(client):
    r = client.get("/api/v1/search", params={"q": "roman", "format": "atom", "sort": "year_desc",
                                             "scope": "catalogue", "size": "10"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/atom+xml")
    doc = etree.fromstring(r.content)
    assert doc.tag == f"{{{ATOM}}}feed"
    assert doc.findtext("atom:id", namespaces=NS) and doc.findtext("atom:updated", namespaces=NS)
    entries = doc.findall("atom:entry", NS)
    assert len(entries) == 10
    updated = [e.findtext("atom:updated", namespaces=NS) for e in entries]
    assert updated == sorted(updated, reverse=True)
    for e in entries:
        href = e.find("atom:link[@rel='alternate']", NS).get("href")
        assert href.startswith("http://testserver/titel/")
        assert e.findtext("atom:id", namespaces=NS) == href
        assert e.findtext("atom:title", namespaces=NS)
    assert int(doc.findtext("os:totalResults", namespaces=NS)) > 10
    assert doc.find("atom:link[@rel='next']", NS) is not None
    assert doc.find("atom:link[@rel='search']", NS).get("type") == "application/opensearchdescription+xml"


def test_feed_of_articles(client):
    doc = etree.fromstring(client.get("/api/v1/search", params={"q": "boekstart", "scope": "articles",
                                                                "format": "rss"}).content)
    items = doc.findall("channel/item")
    assert items and all(i.findtext("link").startswith("http://testserver/artikel/") for i in items)
    assert all(i.findtext("pubDate") for i in items)


def test_feed_escapes_what_is_typed(client):
    r = client.get("/api/v1/search", params={"q": "<b>hemel</b> & \x07aarde", "format": "atom"})
    assert r.status_code == 200
    doc = etree.fromstring(r.content)
    assert "<b>hemel</b> &" in doc.findtext("atom:title", namespaces=NS)


def test_unknown_format_is_400(client):
    r = client.get("/api/v1/search", params={"q": "hemel", "format": "csv"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_format"


def test_suggestions(client):
    r = client.get("/api/v1/suggest/opensearch", params={"q": "ontd"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-suggestions+json")
    body = r.json()
    assert isinstance(body, list) and len(body) == 2
    assert body[0] == "ontd"
    # Whole titles, a leading article allowed ("De ontdekking van de hemel" for "ontd").
    assert body[1] and all(isinstance(s, str) and s.lower().removeprefix("de ").startswith("ontd") for s in body[1])
    assert client.get("/api/v1/suggest/opensearch", params={"q": ""}).json() == ["", []]
