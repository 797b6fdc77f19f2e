"""A third-party SRU client (sruthi, which speaks SRU 1.2) against a real server: it pages through a
search by nextRecordPosition, reads the Dublin Core records and the explain record, and reads a
diagnostic as the error it is."""
from __future__ import annotations

import pytest
from lxml import etree

from tests.live_server import serve

sruthi = pytest.importorskip("sruthi")

SRU1 = "http://www.loc.gov/zing/srw/"


@pytest.fixture(scope="module")
def base(app):
    with serve(app) as url:
        yield f"{url}/sru"


def our_titles(client, query: str, n: int) -> tuple[int, list[str]]:
    """The total and the first n titles, as the server's own 1.2 response gives them."""
    doc = etree.fromstring(client.get("/sru", params={"query": query, "version": "1.2",
                                                      "maximumRecords": str(n)}).content)
    titles = doc.xpath("//dc:title/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
    return int(doc.findtext(f"{{{SRU1}}}numberOfRecords")), titles


def test_search_pages_through_the_records(base, client):
    query = "vp.material = boek"
    total, titles = our_titles(client, query, 12)
    sru = sruthi.Client(url=base, maximum_records=5, record_schema="dc", sru_version="1.2")
    res = sru.searchretrieve(query)
    assert res.sru_version == "1.2"
    assert res.count == total > 12
    records = res[0:12]  # three pages of five, fetched by the client from nextRecordPosition
    assert len(records) == 12
    assert all(r["schema"] == "info:srw/schema/1/dc-v1.1" for r in records)
    assert [r["title"] for r in records] == titles


def test_explain(base):
    info = sruthi.Client(url=base, sru_version="1.2").explain()
    assert info.sru_version == "1.2"
    assert info.server["host"] == "127.0.0.1"
    assert info.server["database"] == "sru"
    assert "title" in info.index.get("dc", {})


@pytest.mark.parametrize("query", ["dc.title within hemel", '(dc.title = "hemel', "dc.shelfmark = x"])
def test_a_diagnostic_is_an_error(base, query):
    sru = sruthi.Client(url=base, sru_version="1.2")
    with pytest.raises(sruthi.errors.SruError):
        sru.searchretrieve(query)


def test_an_invalid_parameter_is_an_error(base):
    with pytest.raises(sruthi.errors.SruError):
        sruthi.Client(url=base, maximum_records=-1, sru_version="1.2").searchretrieve("hemel")
