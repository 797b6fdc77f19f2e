"""The performance work changes how answers are computed, never the answers.

Each optimised path is checked against a plain reference computed here from the records:

* search: hits (one per work, best edition first), editions per hit, totals, against a full
  ranking of every match grouped in Python;
* facets: every facet's counts, disjunctive over the selected field, against counting the stored
  records of every match of the matching query (the index is one segment, so tantivy's per-segment
  top lists are exact); in the grouped view a value counts works: against tantivy's own
  cardinality call on the search with that value ticked, and within a
  few percent of the distinct works counted from the records;
* the number of works: the single aggregation request against tantivy's own cardinality call;
  a search of at most EXACT_WORKS records, and its facet values, against their works counted
  (search_api.workcounts);
* `validate`'s fast path for clean text, and `index_document`, against their plain definitions.
"""
from __future__ import annotations

import base64
import itertools
import random
from collections import Counter
from pathlib import Path

import orjson
import pytest
from tantivy import Occur, Order, Query

from corpus import model
from corpus.synth import generate, query_mix
from indexer.build import BuildOptions, build
from indexer.fields import BY_NAME, FIELDS, SOURCE_FIELD, WORK_ID_FIELD, YEAR_RANGES, fields_for
from indexer.schema import index_document
from search_api import workcounts
from search_api.editions import representative
from search_api.request import SearchRequest
from search_api.service import SearchService

N_RECORDS = 6000


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return list(generate(N_RECORDS, seed=3))


@pytest.fixture(scope="module")
def service(tmp_path_factory, records) -> SearchService:
    d = tmp_path_factory.mktemp("perf-equivalence")
    src = d / "synth.jsonl"
    src.write_bytes(b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in records))
    # One indexing thread and a heap that holds everything: one segment, so that the facet
    # counts of tantivy's terms aggregation are exact and comparable with a plain count.
    report = build(d / "idx", [f"jsonl:{src}"], BuildOptions(threads=1, workers=2, heap_bytes=400_000_000))
    assert report.state == "done" and report.records == N_RECORDS
    svc = SearchService(d / "idx")
    assert svc.state.searcher.num_segments == 1
    return svc


def _requests(records: list[dict]) -> list[list[tuple[str, str]]]:
    out = []
    for q in query_mix(60, 11, records[:3000]):
        out.append([("q", q["q"])] + [("filter", f) for f in q["filters"]])
    lib = next(h["library"] for r in records for h in r.get("holdings") or [])
    out += [
        [("q", "")], [("q", ""), ("filter", "province:Utrecht")], [("q", "de")],
        [("q", "de"), ("filter", "material:boek"), ("filter", "material:e-book"), ("filter", "language:nl")],
        [("q", "de"), ("filter", f"library:{lib}"), ("filter", "year:2000-2009")],
        [("q", "het"), ("scope", "catalogue")], [("q", "de"), ("filter", "type:catalogue")],
        [("q", "de"), ("sort", "year_desc"), ("page", "2")], [("q", "de"), ("group", "false"), ("page", "3")],
        [("q", "de"), ("library", lib)], [("q", "xqzzyv")], [("q", "de"), ("filter", "available:true")],
    ]
    return out


# --- reference computations ---------------------------------------------------------------------

def _all_matches(st, query) -> list[tuple]:
    n = max(1, st.searcher.num_docs)
    return st.searcher.search(query, n, count=True).hits


def _reference_facet(st, query, name: str, works: bool = False) -> Counter:
    """Per value, its matching editions, or (`works`) the distinct works among them."""
    f = BY_NAME[name]
    seen: dict[str, set] = {}
    matches = _all_matches(st, query)
    wids = st.searcher.fast_field_values(WORK_ID_FIELD, [a for _, a in matches]) if matches else []
    for (_, addr), wid in zip(matches, wids):
        rec = orjson.loads(st.searcher.doc(addr)[SOURCE_FIELD][0])
        if rec["type"] not in f.types:
            continue
        values = f.values(rec)
        unit = wid if works else rec["id"]
        if f.kind == "int":
            for r in YEAR_RANGES:
                if any((r.lo is None or v >= r.lo) and (r.hi is None or v <= r.hi) for v in values):
                    seen.setdefault(r.key, set()).add(unit)
        else:
            for v in {str(v) for v in values if v not in (None, "")}:
                seen.setdefault(v, set()).add(unit)
    return Counter({k: len(v) for k, v in seen.items()})


def _ticked(st, query, name: str, value: str):
    from search_api.pipeline import filter_query

    return Query.boolean_query([(Occur.Must, query),
                                (Occur.Must, filter_query(st.schema, BY_NAME[name], [value]))])


def _works_of_value(st, query, name: str, value: str) -> int:
    """What the search with `value` ticked says as its total (search_api.workcounts: its works
    counted when it and `query`, the set the value was counted in, are small, else the sketch)."""
    ticked = _ticked(st, query, name, value)
    return workcounts.total(st.searcher, ticked, st.searcher.search(ticked, 1, count=True).count, None,
                            lambda: [st.searcher.search(query, 1, count=True).count])


def _close(estimate: int, exact: int) -> bool:
    """tantivy's HyperLogLog++ estimate against the exact number: exact for a few works, within a
    few percent for thousands (measured up to 4% at 1 million records)."""
    return abs(estimate - exact) <= 1 + exact * 5 // 100


def _check_facets(svc, st, plan, resp) -> None:
    selected = set(plan.filters)
    works = plan.request.group
    for name in plan.facet_fields:
        if name == "type":
            query = plan.query(without="type", with_scope=False)
        else:
            query = plan.query(without=name) if name in selected else plan.query()
        ref = _reference_facet(st, query, name, works)
        got = {fv.value: fv.count for fv in resp.facets[name]}
        chosen = set(plan.request.filter_values(name))
        f = BY_NAME[name]
        if works:
            # Each value's count is what ticking it gives as the total, and close to the exact works.
            # Each value's count is what ticking it gives as the total, close to the exact works,
            # and exact when the set it was counted in is small enough to count.
            small = st.searcher.search(query, 1, count=True).count <= workcounts.EXACT_WORKS
            for value, count in got.items():
                assert count == _works_of_value(st, query, name, value), (name, value)
                if small:
                    assert count == ref.get(value, 0), (name, value, count, ref.get(value, 0))
                assert _close(count, ref.get(value, 0)), (name, value, count, ref.get(value, 0))
            if f.kind != "int":
                assert set(got) - chosen <= {v for v, c in ref.items() if c}, name
            continue
        if f.kind == "int":
            assert got == {k: c for k, c in ref.items() if c} | {k: ref.get(k, 0) for k in chosen}, name
            continue
        # Every count is exact, a chosen value below the top list included (it is counted on its own).
        for value, count in got.items():
            assert count == ref.get(value, 0), (name, value)
        listed = list(got)[:min(f.facet_size, len(ref))]  # the top list; chosen values follow it
        assert all(ref.get(v, 0) > 0 for v in listed), name
        if listed:  # nothing left out counts more than what is shown
            floor = min(ref[v] for v in listed)
            assert all(c <= floor for v, c in ref.items() if v not in listed), name
    if "province" in resp.facets:
        wider = plan.query(without="library") if "library" in selected else plan.query()
        ref_pairs = _reference_facet(st, wider, "province_library", works)
        for fv in resp.facets["province"]:
            for child in fv.children or []:
                pair = f"{fv.value}|{child.value}"
                if works:
                    assert _close(child.count, ref_pairs[pair])
                    if st.searcher.search(wider, 1, count=True).count <= workcounts.EXACT_WORKS:
                        assert child.count == _works_of_value(st, wider, "province_library", pair) \
                            == ref_pairs[pair]
                else:
                    assert child.count == ref_pairs[pair]


def _check_hits(st, plan, resp) -> None:
    req = plan.request
    query = plan.query()
    if plan.sort_field:
        n = max(1, st.searcher.num_docs)
        ranked = st.searcher.search(query, n, count=True, order_by_field=plan.sort_field,
                                    order=Order.Desc if plan.sort_desc else Order.Asc).hits
    else:
        ranked = _all_matches(st, query)
    assert (resp.total_records if req.group else resp.total) == len(ranked)
    ids = [orjson.loads(st.searcher.doc(a)[SOURCE_FIELD][0])["id"] for _, a in ranked]
    if not req.group:
        assert [h.id for h in resp.hits] == ids[req.offset:req.offset + req.size]
        return
    wids = st.searcher.fast_field_values(WORK_ID_FIELD, [a for _, a in ranked]) if ranked else []
    first: dict[int, str] = {}
    for wid, rid in zip(wids, ids):
        first.setdefault(wid, rid)
    per_work = Counter(wids)
    page = list(first.items())[req.offset:req.offset + req.size]
    # Works in the order of their best-ranked edition; each shown by the edition the rule prefers
    # among its matching ones (search_api.editions.representative, on the stored records).
    matching: dict[int, list[dict]] = {}
    for (_, addr), wid in zip(ranked, wids):
        if wid in dict(page):
            matching.setdefault(wid, []).append(orjson.loads(st.searcher.doc(addr)[SOURCE_FIELD][0]))
    if plan.sort_field == "year":  # sorted by year: an edition of the year that placed the work
        matching = {w: [e for e in eds if e.get("year") == eds[0].get("year")] for w, eds in matching.items()}
    elif plan.sort_field:  # sorted by title: the first in that order
        matching = {w: eds[:1] for w, eds in matching.items()}
    chosen = [representative(matching[w], req.lang, req.library) for w, _ in page]
    assert [h.id for h in resp.hits] == [r["id"] for r in chosen]
    assert [h.editions for h in resp.hits] == [per_work[w] for w, _ in page]
    # The number of works: exact for a search of up to EXACT_WORKS records (what its pages
    # hold), else tantivy's cardinality sketch of the work ids, as its facet values count them.
    if len(ranked) <= workcounts.EXACT_WORKS:
        assert resp.total == len(first)
    else:
        assert resp.total == round(st.searcher.cardinality(query, WORK_ID_FIELD))
        assert _close(resp.total, len(first))


def test_search_results_and_facets_match_plain_computation(service, records):
    from search_api.pipeline import plan_search

    st = service.state
    vocab = service.vocabulary(st)
    checked = 0
    for params in _requests(records):
        req = SearchRequest.from_params(params)
        resp = service.search(req)
        if resp.notices and any("Er is niets gevonden" in n for n in resp.notices):
            continue  # the zero-result chain answered another request; its steps are tested elsewhere
        # the same plan as the service's, with the subject heading the search may be (search_api.subjects)
        plan = plan_search(req, st.schema, vocab=vocab, subject=service._subject(st, req, vocab))
        _check_hits(st, plan, resp)
        _check_facets(service, st, plan, resp)
        checked += 1
    assert checked >= 50


def _essence(resp) -> tuple:
    return (resp.total, resp.total_records, resp.did_you_mean,
            [n.key if hasattr(n, "key") else n for n in resp.notices],
            [(h.id, h.editions, h.snippet, h.score) for h in resp.hits],
            {k: [(v.value, v.count, v.selected, [(c.value, c.count) for c in v.children or []]) for v in vs]
             for k, vs in resp.facets.items()})


def test_a_repeated_search_answers_the_same_from_the_result_cache(service, records):
    from search_api.service import RESULT_CACHE_SIZE

    assert RESULT_CACHE_SIZE > 0
    for params in _requests(records)[:40] + [[("q", "xqzzyv")], [("q", "de"), ("page", "2")]]:
        req = SearchRequest.from_params(params)
        first, again = service.search(req), service.search(req)
        assert _essence(again) == _essence(first), params


def test_works_count_from_the_shared_aggregation_equals_cardinality(service):
    from search_api.pipeline import plan_search

    st = service.state
    for q in ("de", "het", "een", "van", ""):
        plan = plan_search(SearchRequest.from_params([("q", q)]), st.schema)
        query = plan.query()
        agg = st.searcher.aggregate(query, {"w": {"cardinality": {"field": WORK_ID_FIELD}},
                                            "n": {"value_count": {"field": WORK_ID_FIELD}}})
        assert agg["w"]["value"] == st.searcher.cardinality(query, WORK_ID_FIELD)
        assert int(agg["n"]["value"]) == st.searcher.search(query, 1, count=True).count


def _exact_works(st, query) -> int:
    n = max(1, st.searcher.num_docs)
    hits = st.searcher.search(query, n).hits
    return len(set(st.searcher.fast_field_values(WORK_ID_FIELD, [a for _, a in hits]))) if hits else 0


def _word_sets(st, lo: int, hi: int) -> list:
    """Words of titles and descriptions whose records number between `lo` and `hi`, as term queries."""
    out = []
    for field in ("title__x", "description__x"):
        for prefix in "abcdefghklmnoprstvwz":
            for term, count in st.searcher.terms_with_prefix(field, prefix, limit=2000):
                if lo <= count <= hi:
                    out.append(Query.term_query(st.schema, field, term))
    return out


def test_the_sketch_is_exact_up_to_the_size_it_is_trusted_for(service):
    # search_api.workcounts reads the works of a set of up to SKETCH_EXACT records off tantivy's
    # cardinality sketch without counting them: true on this index for every such set tried.
    st = service.state
    sets = _word_sets(st, 20, workcounts.SKETCH_EXACT)
    assert len(sets) >= 100
    for q in sets:
        assert round(st.searcher.cardinality(q, WORK_ID_FIELD)) == _exact_works(st, q)


def test_a_search_of_some_hundreds_of_works_counts_them_exactly(service):
    # Sets where tantivy's sketch is off by a few: the total above the pages says how many works
    # there are, not the sketch's guess.
    st = service.state
    off = [q for q in _word_sets(st, 150, workcounts.EXACT_WORKS)
           if round(st.searcher.cardinality(q, WORK_ID_FIELD)) != _exact_works(st, q)]
    assert off, "no set on this index that the sketch miscounts: the test index no longer shows the need"
    for q in off[:5]:
        records = st.searcher.search(q, 1, count=True).count
        assert workcounts.total(st.searcher, q, records, None) == _exact_works(st, q)
    # Through the service, searches of title words: the total above the pages is their works.
    from search_api.pipeline import plan_search

    vocab = service.vocabulary(st)
    words = [t for p in "bdgklmprstvw" for t, c in st.searcher.terms_with_prefix("title__x", p, limit=2000)
             if 200 <= c <= workcounts.EXACT_WORKS]
    miscounted = 0
    for word in words[:40]:
        req = SearchRequest.from_params([("q", word)])
        resp = service.search(req)
        query = plan_search(req, st.schema, vocab=vocab, subject=service._subject(st, req, vocab)).query()
        if not workcounts.counted(resp.total_records):
            continue
        miscounted += round(st.searcher.cardinality(query, WORK_ID_FIELD)) != _exact_works(st, query)
        assert resp.total == _exact_works(st, query), word
        # Its facet values count as it does: each language is the works the records hold.
        for fv in resp.facets["language"]:
            lang = Query.boolean_query([(Occur.Must, query),
                                        (Occur.Must, Query.term_query(st.schema, "language__k", fv.value))])
            assert fv.count == _exact_works(st, lang), (word, fv.value)
        # Paging to the end shows every work once, and the last page is not empty.
        last = -(-resp.total // req.size) - 1
        tail = service.search(SearchRequest.from_params([("q", word), ("page", str(last + 1))]))
        assert 0 < len(tail.hits) == resp.total - req.size * last, word
    assert miscounted, "no search here that the sketch miscounts: the test no longer shows the fix"


# --- the build side -------------------------------------------------------------------------------

def _plain_clean(value):
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise model.RecordError(f"expected text, got {type(value).__name__}")
    return " ".join(value.split()) or None


def test_clean_text_fast_path_equals_collapsing_whitespace():
    # Every character that str.split() treats as a space, other than the space, is unprintable:
    # that is what lets the fast path skip the collapsing.
    for c in map(chr, range(0x110000)):
        if c.isspace() and c != " ":
            assert not c.isprintable(), hex(ord(c))
    rng = random.Random(5)
    alphabet = ["a", "é", " ", "  ", "\t", "\n", "\xa0", "\u2003", "\u3000", "\x85", "\x00", "\u200b", "ĳ", "-"]
    samples = ["", " ", "a", " a", "a ", "a  b", "a b", 5, 2.5, True, None, [], {}]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(20_000)]
    for s in samples:
        try:
            want = ("ok", _plain_clean(s))
        except model.RecordError as exc:
            want = ("error", str(exc))
        try:
            got = ("ok", model._clean_str(s))
        except model.RecordError as exc:
            got = ("error", str(exc))
        assert got == want, repr(s)


def _plain_document(rec: dict) -> dict:
    """index_document's fields, straight from the registry's definitions."""
    doc: dict = {}
    for f in fields_for(rec["type"]):
        values = f.values(rec)
        if not values:
            continue
        if f.kind == "int":
            doc[f.name] = [int(x) for x in values]
            continue
        texts = [x if type(x) is str else str(x) for x in values]
        views = [f.text_field, f.exact_field] if f.stemmed else [f.exact_field]
        targets = (views if f.search is not None else []) + \
                  ([f.keyword_field] if f.facet and f.keyword_extract is None else [])
        for t in targets:
            doc[t] = texts
        if f.facet and f.keyword_extract is not None:  # a keyword view of its own values (a series' name)
            keywords = f.keyword_extract(rec)
            if keywords:
                doc[f.keyword_field] = [x if type(x) is str else str(x) for x in keywords]
    return doc


def test_index_document_equals_registry_definition(records):
    from corpus.readers import read_source

    sample = Path(__file__).resolve().parents[1] / "corpus" / "sample"
    recs = [model.validate(r) for r in itertools.islice(records, 2000)]
    recs += [r for r in read_source(f"jsonl:{sample / 'catalogue.jsonl'}") if isinstance(r, dict)]
    recs += [r for r in read_source(f"articles:{sample / 'articles'}") if isinstance(r, dict)]
    registry_fields = {t for f in FIELDS for t in (f.name, f.exact_field, f.keyword_field)}
    for rec in recs:
        doc = index_document(dict(rec), source_as_text=True)
        assert orjson.loads(base64.b64decode(doc[SOURCE_FIELD][0])) == rec
        assert {k: v for k, v in doc.items() if k in registry_fields} == _plain_document(rec)


def test_a_chosen_value_below_the_top_list_shows_its_own_count(service, records):
    from search_api.pipeline import plan_search

    st = service.state
    from indexer.works import work_key

    per_author = Counter(name for name, _ in {(a["name"], work_key(r)) for r in records
                                              for a in r.get("authors") or [] if a.get("name")})
    top = {b["key"] for b in st.searcher.aggregate(
        Query.all_query(), {"a": {"terms": {"field": BY_NAME["authors"].keyword_field,
                                            "size": BY_NAME["authors"].facet_size}}})["a"]["buckets"]}
    rare = sorted(a for a in per_author if a not in top)
    assert rare, "the fixture needs more authors than the facet lists"
    for name in rare[:3]:
        req = SearchRequest.from_params([("filter", f"authors:{name}")])
        resp = service.search(req)
        got = {fv.value: fv for fv in resp.facets["authors"]}
        assert got[name].selected and got[name].count == per_author[name] > 0
        _check_facets(service, st, plan_search(req, st.schema, vocab=service.vocabulary(st)), resp)


def test_works_counted_in_several_aggregations_count_the_same(service, monkeypatch):
    # tantivy refuses an aggregation of more than 65,000 buckets, so the values to count are shared
    # out over several when their records exceed BUCKET_BUDGET (a popular title's many libraries
    # at national scale); a budget of one record here makes every value its own aggregation.
    from search_api.service import ResultCache

    words = [t for p in "bdgklmprstvw" for t, c in service.state.searcher.terms_with_prefix("title__x", p, limit=2000)
             if 200 <= c <= workcounts.EXACT_WORKS][:5]
    reqs = [SearchRequest.from_params([("q", w)]) for w in words]
    assert reqs
    monkeypatch.setattr(service, "_results", ResultCache(0))  # every search counted afresh
    whole = [_essence(service.search(r)) for r in reqs]
    calls = []
    real = workcounts._count
    monkeypatch.setattr(workcounts, "_count", lambda *a: calls.append(len(a[-1])) or real(*a))
    monkeypatch.setattr(workcounts, "BUCKET_BUDGET", 1)
    shared = [_essence(service.search(r)) for r in reqs]
    assert calls and max(calls) == 1  # one value an aggregation
    assert shared == whole
