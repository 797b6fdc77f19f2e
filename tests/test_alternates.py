"""Every record page and API record response links to its machine-readable forms, each served
with the media type the link announces; a series is the JSON-LD's isPartOf."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from lxml import etree, html

from search_api.alternates import FORMS

MARC = "{http://www.loc.gov/MARC21/slim}"


def _page_alternates(client, path: str) -> list[dict]:
    r = client.get(path)
    assert r.status_code == 200
    doc = html.fromstring(r.text)
    return [dict(link.attrib) for link in doc.head.iter("link") if link.get("rel") == "alternate"]


def _fetch(client, href: str):
    parts = urlsplit(href)
    return client.get(parts.path + ("?" + parts.query if parts.query else ""))


def _check_served(client, links: list[dict], rec: dict) -> None:
    assert sorted(a["type"] for a in links) == sorted(f.media_type for f in FORMS)
    for a in links:
        r = _fetch(client, a["href"])
        assert r.status_code == 200, a
        assert r.headers["content-type"].split(";")[0] == a["type"], a
        if a["type"] == "application/ld+json":
            assert r.json()["name"] == rec["title"]
        elif a["type"] == "application/x-research-info-systems":
            assert "TI  - " + rec["title"] in r.text
        else:  # MARCXML, bare or in the OAI-PMH envelope: the record's title in 245 $a
            root = etree.fromstring(r.content)
            assert root.find(f".//{MARC}record") is not None or root.tag == f"{MARC}record"
            titles = root.xpath(".//m:datafield[@tag='245']/m:subfield[@code='a']/text()",
                                namespaces={"m": MARC[1:-1]})
            assert titles and rec["title"].split(" ")[0] in titles[0]


@pytest.fixture(scope="module")
def book(sample_records) -> dict:
    return next(r for r in sample_records if r["type"] == "catalogue" and r.get("series"))


@pytest.fixture(scope="module")
def article(client) -> dict:
    hit = client.get("/api/v1/search", params={"q": "bibliotheek", "scope": "articles"}).json()["hits"][0]
    return client.get(f"/api/v1/records/{hit['id']}").json()


def test_record_page_links_its_forms_and_each_is_served(client, book):
    links = _page_alternates(client, f"/titel/{book['id']}")
    assert all(a["href"].startswith("/api/v1/") or a["href"].startswith("/oai?") for a in links)  # same site
    _check_served(client, links, book)


def test_article_page_links_its_forms_and_each_is_served(client, article):
    links = _page_alternates(client, f"/artikel/{article['id']}")
    _check_served(client, links, article)


def test_api_record_links_its_forms_in_body_and_header(client, book):
    r = client.get(f"/api/v1/records/{book['id']}")
    body = r.json()
    _check_served(client, body["alternates"], book)
    header = r.headers["link"]
    for a in body["alternates"]:
        assert f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"' in header
    # an export links to the other forms too
    ris = client.get(f"/api/v1/records/{book['id']}", params={"format": "ris"})
    assert ris.headers["link"] == header


def test_marcxml_export_is_a_marcxml_record(client, book):
    r = client.get(f"/api/v1/records/{book['id']}", params={"format": "marcxml"})
    assert r.headers["content-type"].startswith("application/marcxml+xml")
    root = etree.fromstring(r.content)
    assert root.tag == f"{MARC}record"
    series = root.xpath("m:datafield[@tag='490' or @tag='830']/m:subfield[@code='a']/text()",
                        namespaces={"m": MARC[1:-1]})
    assert series, "the series is in the MARC"


def test_jsonld_says_ispartof_for_a_series(client, book):
    doc = client.get(f"/api/v1/records/{book['id']}", params={"format": "jsonld"}).json()
    assert doc["isPartOf"] == {"@type": "CreativeWorkSeries", "name": book["series"]}
    no_series = client.get("/api/v1/records/ppn:177173548", params={"format": "jsonld"}).json()
    assert "isPartOf" not in no_series or no_series["isPartOf"].get("@type") != "CreativeWorkSeries"
