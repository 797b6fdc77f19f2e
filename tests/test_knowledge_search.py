"""The knowledge base on the real Bnetwerk publications: a librarian's question finds the
sections about it, shown with their document and section heading."""
from __future__ import annotations

from lxml import html

from search_api.request import SearchRequest
from search_api.service import SearchService


def test_interlibrary_loan_sections_come_first(bnetwerk):
    svc = SearchService(bnetwerk)
    resp = svc.search(SearchRequest(q="interbibliothecair leenverkeer", scope="articles"))
    top = resp.hits[:3]
    assert len(top) == 3
    for hit in top:
        body = hit.record["body"].lower()
        assert "interbibliothecair" in body and "leenverkeer" in body, hit.id
        assert hit.record["document"] and hit.record["section"]
        assert "<mark>" in hit.snippet


def test_results_page_shows_document_and_section(bnetwerk):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    with TestClient(create_app(Settings(index_dir=str(bnetwerk)))) as client:
        page = client.get("/zoeken", params={"q": "interbibliothecair leenverkeer", "scope": "articles"})
    assert page.status_code == 200
    tree = html.fromstring(page.text)
    first = tree.xpath("//main//ol/li")[0].text_content()
    svc = SearchService(bnetwerk)
    hit = svc.search(SearchRequest(q="interbibliothecair leenverkeer", scope="articles")).hits[0]
    assert hit.record["document"] in first
    assert hit.record["section"].split(" › ")[-1] in first
