"""Facet counts estimated from a sample of the works (search_api.sampling), and repeated words
searched once.

One synthetic catalogue is served twice from the same index: exactly (sampling off) and with a
sample from a few hundred sure matches on, so the estimates can be held against the exact counts
of the same searches. The sample is a fixed range of work ids, so every figure here is the same
on every run: the tolerances are about how good an estimate is, not about chance.
"""
from __future__ import annotations

import orjson
import pytest

from corpus.synth import generate
from indexer.build import BuildOptions, build
from search_api import sampling, subjects
from search_api.pipeline import plan_search
from search_api.request import SearchRequest
from search_api.service import SearchService

N_RECORDS = 6000
SAMPLE_FROM = 500
SAMPLE_TARGET = 400


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("sampling")
    src = d / "synth.jsonl"
    src.write_bytes(b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in generate(N_RECORDS, seed=5)))
    report = build(d / "idx", [f"jsonl:{src}"], BuildOptions(threads=1, workers=2))
    assert report.state == "done" and report.records == N_RECORDS
    return d / "idx"


@pytest.fixture(scope="module")
def exact(index_dir) -> SearchService:
    return SearchService(index_dir, sample_from=0, deadline_ms=0)


@pytest.fixture(scope="module")
def sampled(index_dir) -> SearchService:
    return SearchService(index_dir, sample_from=SAMPLE_FROM, sample_target=SAMPLE_TARGET, deadline_ms=0)


def _counts(resp, name: str) -> dict[str, int]:
    return {fv.value: fv.count for fv in resp.facets.get(name, [])}


def _near(estimate: int, exact: int, share: float) -> bool:
    return abs(estimate - exact) <= share * exact


def test_estimate_rounds_to_two_digits():
    assert [sampling.estimate(n) for n in (7, 99.6, 123, 12_352, 1_999_999)] == [7, 100, 120, 12_000, 2_000_000]


def test_rate_is_the_smallest_power_of_two_that_leaves_the_target():
    assert sampling.rate_for(100, 400) == 1
    assert sampling.rate_for(6000, 400) == 16
    assert sampling.rate_for(4_200_000) == 128
    assert sampling.rate_for(10**12) == sampling.MAX_RATE


@pytest.mark.parametrize("group", [True, False])
def test_a_broad_search_is_estimated_from_the_sample(exact, sampled, group):
    req = SearchRequest(q="", group=group)
    a, e = sampled.search(req), exact.search(req)
    assert a.estimated and a.sample_rate == sampling.rate_for(N_RECORDS, SAMPLE_TARGET) == 16
    assert not e.estimated and e.sample_rate == 1
    assert [h.id for h in a.hits] == [h.id for h in e.hits]  # the page itself is never sampled
    if group:
        assert a.total_records == e.total_records == N_RECORDS  # counted over every match
        assert _near(a.total, e.total, 0.25) and a.total != e.total
    else:
        assert a.total == e.total == N_RECORDS
    assert any(n.key == "estimated" for n in a.notices)
    compared = 0
    for name in ("material", "language", "year", "province"):
        got, want = _counts(a, name), _counts(e, name)
        for value, count in want.items():
            if count >= (500 if group else 1000):  # in the sample some 30 works, 60 editions and more
                assert value in got and _near(got[value], count, 0.4), (name, value, got.get(value), count)
                compared += 1
        for count in got.values():
            assert count == sampling.estimate(count)  # rounded: no false precision
    assert compared >= 4


def test_the_count_of_a_ticked_value_is_estimated_over_the_same_kind_of_sample(exact, sampled):
    """A selected facet's counts come from a wider set (without its own selection): sampled too."""
    req = SearchRequest(q="", filters=(("material", "boek"),), group=False)
    a, e = sampled.search(req), exact.search(req)
    assert a.estimated and a.total == e.total  # the records themselves: exact
    got, want = _counts(a, "material"), _counts(e, "material")
    assert got["boek"] != want["boek"] and _near(got["boek"], want["boek"], 0.25)


def test_a_narrow_search_is_counted_exactly(exact, sampled):
    vocab = exact.vocabulary(exact.state)
    word = next(w for w, n in vocab.items() if w.isalpha() and len(w) > 6 and 20 <= n <= 60)
    req = SearchRequest(q=word)
    a, e = sampled.search(req), exact.search(req)
    assert e.total < SAMPLE_FROM
    assert not a.estimated and a.to_dict()["estimated"] is False and "sample_rate" not in a.to_dict()
    assert a.total == e.total and {k: _counts(a, k) for k in a.facets} == {k: _counts(e, k) for k in e.facets}


def test_a_guess_too_high_is_counted_again_exactly(index_dir, exact):
    """The size that decides the sample is a guess for a query of several words; the exact count
    comes with the sample, and when it is below the threshold the facets are counted again over
    every match. Here the guess is made too high on purpose (a service that always guesses a
    sample), for a query matching fewer records than the threshold."""
    class Guessing(SearchService):
        def _sample_rate(self, st, plan, vocab) -> int:
            return 8

    q = "station wereldwijd maakte stoppen zwangere"
    real = exact.search(SearchRequest(q=q, group=False)).total
    assert real > 0
    svc = Guessing(index_dir, sample_from=real + 1, deadline_ms=0)
    for group in (True, False):
        a, e = svc.search(SearchRequest(q=q, group=group)), exact.search(SearchRequest(q=q, group=group))
        assert not a.estimated and a.sample_rate == 1
        assert a.total == e.total and {k: _counts(a, k) for k in a.facets} == {k: _counts(e, k) for k in e.facets}
        # Asked again, the result cache answers: still exact, and said to be.
        again = svc.search(SearchRequest(q=q, group=group))
        assert not again.estimated and again.sample_rate == 1 and not any("steekproef" in n for n in again.notices)
        assert again.total == a.total and {k: _counts(again, k) for k in again.facets} == {k: _counts(a, k) for k in a.facets}
    # Above the threshold the same guess stands: estimated.
    big = Guessing(index_dir, sample_from=1, deadline_ms=0).search(SearchRequest(q=q))
    assert big.estimated and big.sample_rate == 8


def test_the_floor_counts_filters_and_facet_words(exact):
    st = exact.state
    vocab = exact.vocabulary(st)
    n = st.searcher.num_docs

    def size(source):
        if isinstance(source, str):
            return vocab.count(source)
        return int(st.searcher.search(source, 1, count=True).count)

    def floor(**kw):
        plan = plan_search(SearchRequest(**kw), st.schema, vocab=vocab, populated=st.populated)
        return sampling.match_floor(plan, n, size), exact.search(SearchRequest(size=1, group=False, **kw)).total

    for kw in ({"q": ""}, {"q": "", "filters": (("material", "boek"),)}, {"q": "de"}, {"q": "roman"},
               {"q": "de", "filters": (("language", "nl"),)}, {"q": "-roman"}):
        low, real = floor(**kw)
        assert low <= real, kw  # a floor, never above the truth
    assert floor(q="")[0] == n
    low, real = floor(q="", filters=(("material", "boek"),))
    assert low == real  # one filter on everything: its own size
    assert floor(q="-roman")[0] == 0  # what a negation takes away is not known


def test_the_api_says_the_counts_are_estimates(index_dir):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.models import SearchResults
    from search_api.settings import Settings

    svc = SearchService(index_dir, sample_from=SAMPLE_FROM, sample_target=SAMPLE_TARGET, deadline_ms=0)
    client = TestClient(create_app(Settings(index_dir=str(index_dir)), service=svc))
    body = client.get("/api/v1/search", params={"q": ""}).json()
    assert body["estimated"] is True and body["sample_rate"] == 16
    SearchResults.model_validate(body)  # the documented shape, with the rate
    assert any("steekproef van 1 op de 16 werken" in n for n in body["notices"])
    page = client.get("/zoeken", params={"q": "", "lang": "en"}).text
    assert "about " in page and "sample of 1 in 16 works" in page
    narrow = client.get("/api/v1/search", params={"q": "xqzzyv"}).json()
    assert narrow["estimated"] is False and "sample_rate" not in narrow


def test_the_setting_turns_the_sample_off_or_moves_it():
    from search_api.settings import Settings, sample_from

    assert sample_from(None) == sampling.SAMPLE_FROM and sample_from("0") == 0 and sample_from("1000") == 1000
    assert Settings.from_env({"VINDPLAATS_FACET_SAMPLE_FROM": "0"}).facet_sample_from == 0
    with pytest.raises(ValueError, match="VINDPLAATS_FACET_SAMPLE_FROM"):
        sample_from("many")


# --- a word typed twice is searched once --------------------------------------------------------

def _text_score(st, plan) -> dict[str, float]:
    res = st.searcher.search(plan.text_query, 20)
    return {(a.segment_ord, a.doc): s for s, a in res.hits}


def test_a_repeated_word_is_one_clause_weighing_twice(exact):
    st = exact.state
    vocab = exact.vocabulary(st)

    def plan(q):
        return plan_search(SearchRequest(q=q), st.schema, vocab=vocab, populated=st.populated)

    once, twice = plan("roman"), plan("roman Roman")
    # The same posting lists: as many term queries, not twice as many.
    assert repr(twice.text_query).count("TermQuery") == repr(once.text_query).count("TermQuery")
    scores_once, scores_twice = _text_score(st, once), _text_score(st, twice)
    assert scores_once and scores_once.keys() == scores_twice.keys()
    for doc, s in scores_once.items():
        assert scores_twice[doc] == pytest.approx(2 * s, rel=1e-5)


def test_a_repeated_pair_in_a_question_is_one_boost_weighing_as_often():
    import re

    from indexer.schema import build_schema
    from search_api.pipeline import PAIR_SLOP

    schema = build_schema()

    def pairs(q: str) -> dict[str, float]:
        out = {}
        for b in map(repr, plan_search(SearchRequest(q=q), schema).boosts):
            if f"slop: {PAIR_SLOP}" in b:
                key = re.sub(r", boost=[0-9.]+\)\)$", "", b)
                assert key not in out  # one boost per pair and field
                out[key] = float(re.search(r"boost=([0-9.]+)\)\)$", b).group(1))
        return out

    once = pairs("hoe lang mag ik een boek lenen")
    twice = pairs("hoe lang mag ik een boek lenen en hoe lang mag ik een boek lenen")
    assert once and set(once) <= set(twice)
    for key, weight in once.items():
        assert twice[key] == pytest.approx(2 * weight)  # "lang boek", "boek lenen": each typed twice


def test_a_subject_headings_profile_words_count_in_the_guess_of_its_size(exact):
    """A heading search also finds its profile words in records without headings, so its size is
    guessed with them: a rare heading word with common profile words is sampled like any broad
    search. The floor (what it surely matches) stays the words' own."""
    st = exact.state
    vocab = exact.vocabulary(st)
    n = st.searcher.num_docs
    profiled = []
    for key in subjects.headings(st.searcher):
        heading, profile = exact._subject(st, SearchRequest(q=key), vocab)
        if profile:
            profiled.append((key, heading, profile))
        if len(profiled) >= 3:
            break
    assert profiled, "the synthetic catalogue has headings with profiles"

    def size(source):
        return vocab.count(source) if isinstance(source, str) else int(st.searcher.search(source, 1, count=True).count)

    for key, heading, profile in profiled:
        req = SearchRequest(q=key)
        with_profile = plan_search(req, st.schema, vocab=vocab, populated=st.populated, subject=(heading, profile))
        without = plan_search(req, st.schema, vocab=vocab, populated=st.populated)
        assert with_profile.likely_extra == tuple((w,) for w, _ in profile) and not without.likely_extra
        assert sampling.match_floor(with_profile, n, size) == sampling.match_floor(without, n, size)
        guess = sampling.likely_size(with_profile, n, size)
        assert guess == n or guess >= sampling.likely_size(without, n, size) + max(vocab.count(w) for w, _ in profile)


def test_authors_works_counted_for_their_listed_values_only_are_the_same(exact, monkeypatch):
    """The author facet's works counted in a second pass over the matches holding a listed author
    (service._values_then_works) give the same values, editions and works as the works sketched
    in every bucket of one pass, co-authors of the listed authors notwithstanding."""
    from search_api import service as service_module

    st = exact.state
    vocab = exact.vocabulary(st)
    for q in ("", "de", "station"):
        plan = plan_search(SearchRequest(q=q), st.schema, vocab=vocab, populated=st.populated)
        matches = plan.query(scored=False)
        aggs = service_module._aggs(["authors", "material"], True)
        monkeypatch.setattr(service_module, "WORKS_APART", frozenset())
        one = st.searcher.aggregate(matches, aggs)
        monkeypatch.setattr(service_module, "WORKS_APART", frozenset({"authors"}))
        two = service_module._values_then_works(st, matches, aggs)
        assert one["authors"]["buckets"], q
        assert two["authors"]["buckets"] == one["authors"]["buckets"] and two["material"] == one["material"], q
    co_authored = sum(1 for r in generate(N_RECORDS, seed=5) if len(r.get("authors") or []) > 1)
    assert co_authored > 0  # the catalogue has records with co-authors
