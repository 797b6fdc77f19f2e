"""The second stage of the knowledge ranking (search_api.rerank) on the real Bnetwerk publications:
its features are the index's own scores, the service serves its order on every page, and only
knowledge searches by relevance are re-ordered."""
from __future__ import annotations

import pytest
from tantivy import Occur, Query

from indexer.fields import BY_NAME
from search_api import rerank
from search_api.pipeline import plan_search
from search_api.request import SearchRequest
from search_api.service import SearchService, _record

QUESTIONS = ("hoe werkt interbibliothecair leenverkeer", "wat doet de bibliotheek voor ouderen",
             "digitale vaardigheden", "bibliotheek en school")


@pytest.fixture(scope="module")
def index_dir(bnetwerk):
    return bnetwerk


@pytest.fixture(scope="module")
def svc(index_dir):
    return SearchService(index_dir)


def _plan(svc, q, **kw):
    st = svc.snapshot()._state
    req = SearchRequest(q=q, scope=kw.pop("scope", "articles"), group=False, size=rerank.WINDOW, **kw)
    return st, plan_search(req, st.schema, vocab=svc.vocabulary(st), compounds=svc.compounds, populated=st.populated)


def _body_scores(st, q, by_id=False):
    """Plain stemmed BM25 of the body over the whole index, asked independently of rerank."""
    body = BY_NAME["body"]
    terms = [(Occur.Should, Query.term_query(st.schema, body.text_field, stem))
             for _, stem in rerank.content_words(q)]
    res = st.searcher.search(Query.boolean_query(terms), st.searcher.num_docs, count=False)
    if by_id:
        return {_record(st, a)["id"]: s for s, a in res.hits}
    return {(a.segment_ord, a.doc): s for s, a in res.hits}


@pytest.mark.parametrize("q", QUESTIONS)
def test_a_feature_is_the_index_score(svc, q):
    st, plan = _plan(svc, q)
    hits = svc._search(st, plan, plan.query(), limit=rerank.WINDOW).hits
    assert len(hits) > 10
    ordered = rerank.rerank(st, plan, hits, weights={"body": 1.0})
    assert sorted(ordered, key=lambda h: (h[1].segment_ord, h[1].doc)) == sorted(hits, key=lambda h: (h[1].segment_ord, h[1].doc))
    body = _body_scores(st, q)
    got = [body.get((a.segment_ord, a.doc), 0.0) for _, a in ordered]
    assert got == sorted(got, reverse=True)
    assert got != [body.get((a.segment_ord, a.doc), 0.0) for _, a in hits]  # it did re-order


def test_the_service_serves_the_second_stage(svc, index_dir, monkeypatch):
    q = QUESTIONS[0]
    st, _ = _plan(svc, q)
    body_by_id = _body_scores(st, q, by_id=True)
    first = [h.id for h in svc.search(SearchRequest(q=q, scope="articles", group=False)).hits]
    monkeypatch.setattr(rerank, "WEIGHTS", {"body": 1.0})
    fresh = SearchService(index_dir)  # its own result cache
    resp = fresh.search(SearchRequest(q=q, scope="articles", group=False))
    served = [body_by_id.get(h.id, 0.0) for h in resp.hits]
    assert served == sorted(served, reverse=True)
    assert [h.id for h in resp.hits] != first
    # Each hit keeps its first-stage score (what the knowledge box compares) in the new order.
    scores = [h.score for h in resp.hits]
    assert scores != sorted(scores, reverse=True)


@pytest.mark.parametrize("group", [False, True])
def test_every_page_is_cut_from_one_order(svc, group):
    q = QUESTIONS[0]
    whole = [h.id for h in svc.search(SearchRequest(q=q, scope="articles", group=group, size=20)).hits]
    pages = [h.id for p in (1, 2) for h in svc.search(SearchRequest(q=q, scope="articles", group=group, size=10, page=p)).hits]
    assert len(whole) == 20 and pages == whole


def test_only_knowledge_by_relevance(svc):
    assert rerank.applies(_plan(svc, QUESTIONS[0])[1])
    assert not rerank.applies(_plan(svc, QUESTIONS[0], scope="catalogue")[1])
    assert not rerank.applies(_plan(svc, QUESTIONS[0], scope="all")[1])
    assert not rerank.applies(_plan(svc, QUESTIONS[0], sort="year_desc")[1])
    assert not rerank.applies(_plan(svc, "wat is de")[1])  # no content words: nothing to weigh
    # The model was fitted on questions: a few keywords keep the first stage's order.
    assert rerank.applies(_plan(svc, "hoe leer ik digitale vaardigheden")[1])
    assert not rerank.applies(_plan(svc, "digitale vaardigheden")[1])


def test_idf_coverage_weighs_the_rarer_words_more(svc):
    """icover: the share of the question's idf matched anywhere, each word's idf its body's BM25
    idf; a word matched in no cover field adds nothing, every word matched makes it 1."""
    q = QUESTIONS[0]
    st, plan = _plan(svc, q)
    hits = svc._search(st, plan, plan.query(), limit=rerank.WINDOW).hits
    words = rerank.content_words(q)
    cols = rerank.features(st, words, hits, ["icover", "cover"])
    idf = {w: rerank.idf(st.searcher, w) for w in words}
    assert len(set(idf.values())) > 1  # the words differ in weight, so the test says something
    matched = {}
    for w in words:
        parts = [(Occur.Should, Query.term_query(st.schema, BY_NAME[f].text_field, w[1])) for f in rerank.COVER_FIELDS]
        res = st.searcher.search(Query.boolean_query(parts), st.searcher.num_docs, count=False)
        matched[w] = {(a.segment_ord, a.doc) for _, a in res.hits}
    for (_, a), got, share in zip(hits, cols["icover"], cols["cover"]):
        key = (a.segment_ord, a.doc)
        want = sum(idf[w] for w in words if key in matched[w]) / sum(idf.values())
        assert got == pytest.approx(want, rel=1e-4)
        assert (got == 0) == (share == 0) and (share == pytest.approx(1.0)) == (got == pytest.approx(1.0))
    assert "icover" not in rerank.NORMALISED  # a share: not divided by the window's best
