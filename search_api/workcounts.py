"""How many works a search and its facet values hold: counted for a small search, sketched for
a large one.

The grouped view counts works, not editions. tantivy's cardinality aggregation (a HyperLogLog++
sketch of the work ids) costs a few bytes whatever the number of matches, but it is exact only
for small sets: on an index of 200,000 synthetic records, 0 of 2,400 sets of up to 150 works were
off and 34 of 47 sets of 200 to 400 were, by up to 1% (3% at 2,000). A patron sees that: the
sample's 250 catalogue titles were "248 werken" above pages holding 250, and an API client that
pages by the total misses the last ones.

So a search of at most EXACT_WORKS matching records is counted: its total (a terms aggregation of
its work ids), and in every aggregation request over at most that many, each facet value's works
(a terms aggregation of the work ids under each value, one more walk over those few records). A
value's count is what ticking it gives as the total, counted or sketched on both sides. Only a
value of a larger search that holds at most EXACT_WORKS records itself shows
its sketch (a work or a few off), and the search with it ticked shows the same sketch as its
total (`total`'s `wider`: the sets its ticked values were counted in): counting every such value
cost the perf bench's mix at 200,000 records a fifth more CPU time on the mean and a p99 twice
as long (the values of the broad facets: provinces, languages, years, under every mid-sized
search), so those stay sketched. Up to SKETCH_EXACT records the sketch is exact already
(tests/test_perf_equivalence.py checks it on the index it builds), and those cost nothing more.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import tantivy
from tantivy import Occur, Query

from indexer.fields import BY_NAME, WORK_ID_FIELD
from search_api.pipeline import filter_query

EXACT_WORKS = 1_000  # a search of at most this many records has its works counted, not sketched
SKETCH_EXACT = 100  # up to this many records the sketch is exact already
RECORDS = "_matches"  # an aggregation request's count of the records it walks
WORKS_SUB = "_w"  # a facet value's number of works, a sub-aggregation of its bucket
BUCKET_BUDGET = 60_000  # records recounted in one aggregation (tantivy refuses above 65,000 buckets)
_COUNTED = "_wc"


def sketch() -> dict:
    """The aggregation that estimates a set's works."""
    return {"cardinality": {"field": WORK_ID_FIELD}}


def records() -> dict:
    """The aggregation that counts a set's records (RECORDS in every request that counts works)."""
    return {"value_count": {"field": WORK_ID_FIELD}}


def _counting() -> dict:
    return {"terms": {"field": WORK_ID_FIELD, "size": EXACT_WORKS}}


def counted(n_records: int) -> bool:
    """Whether a set of `n_records` has its works counted rather than read off its sketch."""
    return SKETCH_EXACT < n_records <= EXACT_WORKS


def total(searcher: tantivy.Searcher, query: Query, n_records: int, sketched: float | None,
          wider: Callable[[], Iterable[int]] = tuple) -> int:
    """The works among a search's `n_records` matches: counted, or read off their sketch
    (`sketched`, or taken now). `wider` gives the records of the sets the search's ticked facet
    values were counted in (each without its own facet's selection), asked for only when the
    search is small enough to count: a value showed its sketch where its set was too large to
    count the values of, and the total it leads to says the same."""
    if counted(n_records) and all(n <= EXACT_WORKS for n in wider()):
        return len(searcher.aggregate(query, {"n": _counting()})["n"]["buckets"])
    if sketched is None:
        sketched = searcher.aggregate(query, {"n": sketch()})["n"]["value"]
    return round(sketched or 0)


def exact_values(searcher: tantivy.Searcher, schema: tantivy.Schema, query: Query, aggs: dict,
                 result: dict) -> dict:
    """`result` (the answer to `aggs` over `query`, RECORDS among them) with, when the request's
    set is one to count, the works of its facet values counted instead of sketched: over the
    matches holding one of those values, in as few aggregations as tantivy's bucket limit
    allows (a work id under a value is a bucket of its own)."""
    if not counted(int(result.get(RECORDS, {}).get("value") or 0)):
        return result
    values = [(name, str(b["key"]), b["doc_count"]) for name, spec in aggs.items()
              if WORKS_SUB in spec.get("aggs", {}) and name in result
              for b in result[name].get("buckets", []) if counted(b["doc_count"])]
    if not values:
        return result
    works: dict[tuple[str, str], int] = {}
    chunk: list[tuple[str, str, int]] = []
    held = 0  # the records of the values in `chunk`
    for item in values:
        if chunk and held + item[2] > BUCKET_BUDGET:
            works.update(_count(searcher, schema, query, aggs, chunk))
            chunk, held = [], 0
        chunk.append(item)
        held += item[2]
    works.update(_count(searcher, schema, query, aggs, chunk))
    out = dict(result)
    for name in {n for n, *_ in values}:
        out[name] = {**result[name], "buckets": [
            {**b, WORKS_SUB: {"value": works[name, str(b["key"])]}} if (name, str(b["key"])) in works else b
            for b in result[name]["buckets"]]}
    return out


def _count(searcher: tantivy.Searcher, schema: tantivy.Schema, query: Query, aggs: dict,
           values: list[tuple[str, str, int]]) -> dict[tuple[str, str], int]:
    by_facet: dict[str, list[str]] = {}
    for name, key, _ in values:
        by_facet.setdefault(name, []).append(key)
    # Every match holding one of the values is in this narrower set, so each value's share of it
    # is its share of the whole.
    holding = Query.boolean_query([
        (Occur.Must, query),
        (Occur.Must, Query.boolean_query([(Occur.Should, filter_query(schema, BY_NAME[n], keys))
                                          for n, keys in by_facet.items()])),
    ])
    recount: dict = {}
    for name, keys in by_facet.items():
        spec = aggs[name]
        if "range" in spec:
            wanted = set(keys)
            ranges = [r for r in spec["range"]["ranges"] if r["key"] in wanted]
            recount[name] = {"range": {**spec["range"], "ranges": ranges}, "aggs": {_COUNTED: _counting()}}
        else:
            recount[name] = {"terms": {"field": spec["terms"]["field"], "include": keys, "size": len(keys)},
                             "aggs": {_COUNTED: _counting()}}
    answer = searcher.aggregate(holding, recount)
    out: dict[tuple[str, str], int] = {}
    for name in by_facet:
        buckets = answer[name]["buckets"]
        for b in (buckets.values() if isinstance(buckets, dict) else buckets):
            out[name, str(b["key"])] = len(b[_COUNTED]["buckets"])
    return out
