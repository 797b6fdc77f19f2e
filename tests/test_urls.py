"""One URL per record: the JSON hit, the result link, the record page's canonical link, the feeds,
the exports and SRU all give the same one, built by search_api.urls, and it serves the record,
also for an id with characters a path cannot hold as they are."""
import json
from urllib.parse import urlencode, urlsplit

import lxml.etree
import lxml.html
import pytest

from search_api import urls
from search_api.exports import bibtex_escape

BASE = "http://testserver"
# Ids with a slash, a question mark, a hash, a space, a percent sign, non-ASCII, and the
# sub-delimiters the old page links left unquoted.
CATALOGUE_ID = "ppn:12/34?x=1#deel 2%&(é)+ñ"
ARTICLE_ID = "kennis:bnetwerk/één#kop?a b%c"
RECORDS = [
    {"type": "catalogue", "id": CATALOGUE_ID, "title": "Zonderlinge vindplaatsen", "authors": [{"name": "Iris Zonder",
     "role": "auteur"}], "year": 2001, "material": "boek", "language": ["nl"], "subjects": ["kaarten"],
     "description": "Over zonderlinge plaatsen.", "holdings": [{"library": "NL-AmfBE", "library_name": "Bibliotheek Eemland",
     "branch": "Eemhuis", "province": "Utrecht", "available": True}]},
    {"type": "catalogue", "id": "ppn:000000001", "title": "Een ander boek", "year": 1999, "material": "boek"},
    {"type": "article", "id": ARTICLE_ID, "title": "Zonderlinge kop", "document": "Kennisbank",
     "section": "Zonderlinge kop", "body": "Zonderlinge tekst over vindplaatsen.", "source": "bnetwerk",
     "published": "2024-05-14", "themes": ["collectie"]},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from indexer.build import build
    from search_api.app import create_app
    from search_api.service import SearchService
    from search_api.settings import Settings

    tmp = tmp_path_factory.mktemp("urls")
    src = tmp / "records.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    index_dir = tmp / "index"
    report = build(index_dir, [f"jsonl:{src}"])
    assert report.state == "done", report.message
    app = create_app(Settings(index_dir=str(index_dir)), service=SearchService(index_dir))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_the_builders_quote_one_way():
    assert urls.record_path(CATALOGUE_ID) == "/titel/ppn:12%2F34%3Fx%3D1%23deel%202%25%26%28%C3%A9%29%2B%C3%B1"
    assert urls.record_path({"id": ARTICLE_ID, "type": "article"}) == urls.record_path(ARTICLE_ID, "article")
    assert urls.record_path({"id": "ppn:1", "type": "catalogue"}) == "/titel/ppn:1"
    assert urls.record_api_path("ppn:1/2") == "/api/v1/records/ppn:1%2F2"
    assert urls.search_path("") == "/zoeken"
    assert urls.search_path([("q", "a b"), ("filter", "type:article")]) == "/zoeken?q=a+b&filter=type%3Aarticle"


@pytest.mark.parametrize(("record_id", "kind", "word"), [(CATALOGUE_ID, "catalogue", "vindplaatsen"),
                                                         (ARTICLE_ID, "article", "kop")])
def test_every_place_links_a_record_by_the_same_url_and_it_serves_the_record(client, record_id, kind, word):
    path = urls.record_path(record_id, kind)
    url = BASE + path
    q = "zonderlinge " + word

    body = client.get("/api/v1/search", params={"q": q}).json()
    hit = next(h for h in body["hits"] if h["id"] == record_id)
    assert hit["url"] == path

    page = lxml.html.fromstring(client.get(urls.search_path([("q", q), ("scope", "all")])).text)
    # The result link is the record's URL; a catalogue record's also carries the way back (`terug`).
    assert path in {urlsplit(h).path for h in page.xpath("//h3/a/@href")}

    r = client.get(path)
    assert r.status_code == 200
    doc = lxml.html.fromstring(r.text)
    # A page's links are relative without a public URL; the machine formats are absolute.
    assert doc.xpath("//link[@rel='canonical']/@href") == [path]
    assert doc.xpath("//h1") and RECORDS[0 if kind == "catalogue" else 2]["title"] in r.text
    ld = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
    assert ld["url"] == path

    rss = lxml.etree.fromstring(client.get("/api/v1/search", params={"q": q, "format": "rss"}).content)
    assert url in rss.xpath("//item/link/text()")
    atom = lxml.etree.fromstring(client.get("/api/v1/search", params={"q": q, "format": "atom"}).content)
    assert url in atom.xpath("//*[local-name()='entry']/*[local-name()='link']/@href")

    api = client.get(urls.record_api_path(record_id))
    assert api.status_code == 200 and api.json()["id"] == record_id
    for fmt in ("ris", "bibtex", "jsonld"):
        export = client.get(urls.record_api_path(record_id), params={"format": fmt})
        assert export.status_code == 200, fmt
        # BibTeX escapes the percent signs of the URL (\\%), as TeX requires; the URL is the same.
        assert (bibtex_escape(url) if fmt == "bibtex" else url) in export.text, fmt
    assert json.loads(client.get(urls.record_api_path(record_id), params={"format": "jsonld"}).text)["url"] == url

    sru = client.get(urls.SRU + "?" + urlencode({"operation": "searchRetrieve", "version": "2.0",
                                                  "query": f'cql.serverChoice all "{q}"'}))
    assert sru.status_code == 200
    assert url in lxml.etree.fromstring(sru.content).xpath("//*[local-name()='identifier']/text()")


def test_the_paths_built_here_are_the_routes_the_app_serves(client):
    for path in (urls.HOME, urls.SEARCH_PAGE, urls.ABOUT_PAGE, urls.SEARCH_API, urls.SUGGEST_API + "?q=zo", urls.ANSWER_API + "?q=bibliotheek",
                 urls.OPENSEARCH, urls.SRU, urls.OAI + "?verb=Identify", urls.SITEMAP_INDEX, urls.sitemap_path(1),
                 urls.ROBOTS):
        assert client.get(path).status_code == 200, path
    # The record routes (served above) answer an unknown id with their own 404, not the router's.
    assert "ppn:999" in client.get(urls.record_api_path("ppn:999")).json()["error"]["message"]


def test_sitemaps_and_oai_name_a_record_the_same_way(client):
    """The sitemap lists the record's one URL; its OAI-PMH identifier (quoted the same way) finds it."""
    from corpus.readers.dc import oai_record_id, vindplaats_oai_identifier

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "o": "http://www.openarchives.org/OAI/2.0/"}
    sitemap = lxml.etree.fromstring(client.get(urls.sitemap_path(1)).content)
    listed = sitemap.xpath("//s:loc/text()", namespaces=ns)
    assert urls.absolute(BASE, urls.record_path(CATALOGUE_ID)) in listed
    assert urls.absolute(BASE, urls.record_path(ARTICLE_ID, "article")) in listed
    for record_id in (CATALOGUE_ID, ARTICLE_ID):
        identifier = vindplaats_oai_identifier(record_id)
        assert oai_record_id(identifier) == record_id
        marc = lxml.etree.fromstring(client.get(urls.oai_record_path(record_id)).content)
        assert marc.xpath("//m:controlfield[@tag='001']/text()", namespaces={"m": "http://www.loc.gov/MARC21/slim"}) \
            == [record_id]
        doc = lxml.etree.fromstring(client.get(urls.OAI, params={"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                                                 "identifier": identifier}).content)
        assert doc.xpath("//o:header/o:identifier/text()", namespaces=ns) == [identifier]
