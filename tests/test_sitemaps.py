"""Sitemaps: /sitemap.xml indexes sitemap files of at most `sitemap_limit` URLs (50,000 by the
protocol) that together list every record and article page once, at its absolute URL, with its last
change as lastmod; /robots.txt names the index. Valid against the sitemaps.org schemas."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from search_api import urls

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LIMIT = 100  # small, to see the split on the sample data


@pytest.fixture(scope="module")
def schemas():
    return {name: etree.XMLSchema(etree.parse(str(SCHEMAS / f"{name}.xsd"))) for name in ("sitemap", "siteindex")}


def _client(sample_index, service, limit: int):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    return TestClient(create_app(Settings(index_dir=str(sample_index), sitemap_limit=limit), service=service))


@pytest.fixture(scope="module")
def small(sample_index, service):
    with _client(sample_index, service, LIMIT) as c:
        yield c


def _valid(resp, schema) -> etree._Element:
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/xml")
    doc = etree.fromstring(resp.content)
    assert schema.validate(doc), schema.error_log.last_error
    return doc


def test_the_index_splits_into_files_of_at_most_the_limit(small, schemas, service):
    index = _valid(small.get(urls.SITEMAP_INDEX), schemas["siteindex"])
    locs = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    records = service.snapshot().records
    assert len(locs) == -(-records // LIMIT) > 1
    assert locs == [f"http://testserver/sitemap-{n}.xml" for n in range(1, len(locs) + 1)]
    pages, stamps = [], []
    for loc in locs:
        doc = _valid(small.get(loc.removeprefix("http://testserver")), schemas["sitemap"])
        urls_in_file = doc.findall("s:url", NS)
        assert 0 < len(urls_in_file) <= LIMIT
        pages += [u.findtext("s:loc", namespaces=NS) for u in urls_in_file]
        stamps += [u.findtext("s:lastmod", namespaces=NS) for u in urls_in_file]
    # Every record and article page, once, at its absolute URL, with a lastmod.
    expected = {"http://testserver" + urls.record_path(rec) for _, rec in
                service.snapshot().changed_records(limit=records).records}
    assert len(pages) == len(set(pages)) == records
    assert set(pages) == expected
    assert any("/artikel/" in p for p in pages) and any("/titel/" in p for p in pages)
    assert all(stamps) and stamps == sorted(stamps)


def test_the_protocol_limit_gives_one_file(sample_index, service, schemas):
    with _client(sample_index, service, 50_000) as c:
        index = _valid(c.get("/sitemap.xml"), schemas["siteindex"])
        assert index.xpath("//s:loc/text()", namespaces=NS) == ["http://testserver/sitemap-1.xml"]
        doc = _valid(c.get("/sitemap-1.xml"), schemas["sitemap"])
        assert len(doc.findall("s:url", NS)) == service.snapshot().records


def test_a_file_beyond_the_index_is_not_found(small):
    assert small.get("/sitemap-0.xml").status_code == 404
    assert small.get("/sitemap-999.xml").status_code == 404


def test_robots_names_the_sitemap_index(small):
    resp = small.get(urls.ROBOTS)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")
    lines = resp.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert not any(line == "Disallow: /titel" or line == "Disallow: /" for line in lines)


def test_each_file_of_the_index_has_the_newest_change_among_its_records(tmp_path, schemas):
    """Records changed later (an update, seconds after the build) move to the last file: the
    index gives that file their time and every other file the time of its own records."""
    import json
    import time

    from fastapi.testclient import TestClient

    from indexer.build import build, update
    from search_api.app import create_app
    from search_api.service import SearchService
    from search_api.settings import Settings

    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps({"id": f"s:{i}", "title": f"Kaarten van de zee {i}", "material": "boek"}) + "\n"
                           for i in range(250)))
    idx = tmp_path / "idx"
    assert build(idx, [f"jsonl:{src}"]).state == "done"
    time.sleep(1.1)
    (tmp_path / "u.jsonl").write_text("".join(json.dumps({"id": f"s:{i}", "title": f"Kaarten van het land {i}"}) + "\n"
                                               for i in (3, 150)))
    update(idx, [f"jsonl:{tmp_path / 'u.jsonl'}"])
    with TestClient(create_app(Settings(index_dir=str(idx), sitemap_limit=LIMIT),
                               service=SearchService(idx))) as c:
        index = _valid(c.get("/sitemap.xml"), schemas["siteindex"])
        entries = index.findall("s:sitemap", NS)
        assert len(entries) == 3
        newest = []
        for entry in entries:
            doc = _valid(c.get(entry.findtext("s:loc", namespaces=NS).removeprefix("http://testserver")),
                         schemas["sitemap"])
            stamps = [u.findtext("s:lastmod", namespaces=NS) for u in doc.findall("s:url", NS)]
            assert entry.findtext("s:lastmod", namespaces=NS) == max(stamps)
            newest.append(max(stamps))
        assert newest[0] == newest[1] < newest[2]
