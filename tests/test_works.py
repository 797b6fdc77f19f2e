"""Editions of one work come back as one hit: the KB's records for De ontdekking van de hemel."""
from __future__ import annotations

from indexer.build import build
from indexer.works import work_key
from search_api.request import SearchRequest
from search_api.service import SearchService


def test_work_key_rule():
    base = {"type": "catalogue", "id": "x", "title": "De ontdekking van de hemel"}
    assert work_key(base | {"authors": [{"name": "Mulisch, Harry", "role": "auteur"}]}) == "ontdekking van de hemel|mulisch"
    adaptation = base | {"authors": [{"name": "Cornelissen, Ignace", "role": "bewerker"},
                                     {"name": "Mulisch, Harry", "role": "oorspronkelijk auteur"}]}
    assert work_key(adaptation) == "ontdekking van de hemel|mulisch"
    assert work_key(base | {"authors": [{"name": "Harry Mulisch"}]}) == "ontdekking van de hemel|mulisch"
    assert work_key(base | {"work_key": "given"}) == "given"
    assert work_key({"type": "catalogue", "id": "y", "title": "Het"}) == "het|-"


def test_kb_editions_are_one_work(shared_corpus, tmp_path):
    src = shared_corpus / "catalogue" / "kb-sru-dcx-sample.xml"
    report = build(tmp_path / "idx", [f"dc:{src}"])
    assert report.records == 20
    svc = SearchService(tmp_path / "idx")
    novel = [r for r in (svc.get(h.id) for h in svc.search(SearchRequest(q="", size=100, group=False)).hits)
             if r["title"] == "De ontdekking van de hemel"]
    assert len(novel) >= 12  # the novel's print, e-book, audio and stage editions
    resp = svc.search(SearchRequest(q="de ontdekking van de hemel"))
    top = resp.hits[0]
    assert top.title == "De ontdekking van de hemel" and top.editions == len(novel)
    assert sum(1 for h in resp.hits if h.title == "De ontdekking van de hemel") == 1
    assert resp.total < 20 and resp.total_records == 20
    # The other hits are other works: a concordance, a chess book, a study, a fragment.
    assert len({h.record.get("work_key") or work_key(h.record) for h in resp.hits}) == len(resp.hits)
