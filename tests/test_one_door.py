"""The search service is the one door to the index: no route, page or protocol module reads tantivy
itself, and one request reads one generation."""
from __future__ import annotations

import ast
from pathlib import Path
from urllib.parse import quote

import pytest

from search_api.request import SearchRequest

REPO = Path(__file__).resolve().parents[1]
# The service and the query-building, ranking and counting modules it owns (rerank is called only
# from the service's ranked search, subjects only from its planning of a search, workcounts only
# from its counts): the only code in search_api/ and web/ that may import tantivy or hold a searcher.
DOOR = {"search_api/service.py", "search_api/pipeline.py", "search_api/cql_query.py", "search_api/vocabulary.py",
        "search_api/rerank.py", "search_api/subjects.py", "search_api/workcounts.py"}
INDEX_NAMES = {"searcher", "Searcher", "fast_field_values", "terms_with_prefix", "aggregate", "doc"}


def _index_reads(path: Path) -> list[str]:
    """What a module does with tantivy: its imports of it and its uses of a searcher's methods."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "tantivy" for a in node.names):
            found.append(f"import tantivy (line {node.lineno})")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tantivy":
            found.append(f"from tantivy import (line {node.lineno})")
        elif isinstance(node, ast.Attribute) and node.attr in INDEX_NAMES and not (
                isinstance(node.value, ast.Name) and node.value.id in ("snapshot", "self")):
            found.append(f".{node.attr} (line {node.lineno})")
    return found


def test_only_the_service_reads_the_index():
    offenders = {}
    for folder in ("search_api", "web"):
        for path in sorted((REPO / folder).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            if rel in DOOR:
                continue
            reads = _index_reads(path)
            if reads:
                offenders[rel] = reads
    assert offenders == {}, f"modules outside the search service that read the index: {offenders}"


def test_the_scan_sees_a_module_that_reads_the_index(tmp_path):
    """The check above must be able to fail."""
    rogue = tmp_path / "rogue.py"
    rogue.write_text("from tantivy import Query\n\ndef f(st):\n    return st.searcher.num_docs\n")
    assert len(_index_reads(rogue)) == 2


@pytest.fixture()
def counted(service, monkeypatch):
    """How often the live generation is looked up while a request runs."""
    calls = []
    real = service.refresh

    def refresh(force: bool = False):
        calls.append(force)
        return real(force)

    monkeypatch.setattr(service, "refresh", refresh)
    return calls


def _ids(service):
    catalogue = service.search(SearchRequest(scope="catalogue", size=1)).hits[0].id
    article = service.search(SearchRequest(scope="articles", size=1, group=False)).hits[0].id
    return quote(catalogue, safe=":"), quote(article, safe=":")


@pytest.mark.parametrize("route", [
    "/zoeken?q=bibliotheek&filter=material:boek", "/zoeken?q=qqqzzz+bibliotheek", "/titel/{rec}",
    "/artikel/{art}", "/", "/over", "/api/v1/search?q=hemel", "/api/v1/search?q=hemel&format=atom",
    "/api/v1/records/{rec}", "/api/v1/records/{rec}?format=jsonld", "/api/v1/suggest?q=bibl",
    "/api/v1/suggest/opensearch?q=bibl", "/healthz",
    "/sru?version=2.0&operation=searchRetrieve&query=dc.title%3Dhemel", "/sru?operation=searchRetrieve&query=vp.material%3Dboek",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc", "/oai?verb=GetRecord&metadataPrefix=marcxml&identifier=oai:vindplaats:{rec}",
    "/oai?verb=Identify", "/sitemap.xml", "/sitemap-1.xml",
])
def test_one_request_reads_one_generation(client, service, counted, route):
    rec, art = _ids(service)
    counted.clear()
    r = client.get(route.format(rec=rec, art=art))
    assert r.status_code == 200, r.text[:300]
    assert len(counted) == 1, f"{route} looked up the live generation {len(counted)} times"


def test_the_response_carries_the_request_that_ran(service):
    """The zero-result chain's step that found something is the request the response describes."""
    asked = SearchRequest(q="bibliotheek", filters=(("material", "film"), ("language", "fy")))
    res = service.search(asked)
    if res.request.filters:  # the sample holds such a record after all: nothing to widen
        pytest.skip("the sample has a Frisian film about libraries")
    assert res.total > 0 and res.request.filters == () and res.request.q == "bibliotheek"
    assert asked.filters  # the asked request is left as it was
    typo = service.search(SearchRequest(q="bibliotheeek"))
    assert typo.total > 0 and typo.request.q != "bibliotheeek" and typo.query == typo.request.q
    plain = SearchRequest(q="bibliotheek")
    assert service.search(plain).request == plain


def test_a_snapshot_keeps_its_generation(tmp_path):
    """A snapshot taken before a switch reads the generation it began with, to its last read."""
    from indexer.build import BuildOptions, build
    from search_api.service import SearchService

    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "t:1", "type": "catalogue", "title": "Eerste zeppelin"}\n')
    two = tmp_path / "two.jsonl"
    two.write_text('{"id": "t:2", "type": "catalogue", "title": "Tweede ballon"}\n')
    index_dir = tmp_path / "index"
    assert build(index_dir, [f"jsonl:{one}"]).state == "done"
    svc = SearchService(index_dir, reload_interval=0)
    before = svc.snapshot()
    assert build(index_dir, [f"jsonl:{two}"], BuildOptions(force=True)).state == "done"
    after = svc.snapshot()
    assert after.generation != before.generation
    assert before.get("t:1") is not None and before.get("t:2") is None
    assert before.search(SearchRequest(q="zeppelin")).total == 1
    assert after.get("t:2") is not None and after.get("t:1") is None
