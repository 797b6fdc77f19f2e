"""Facet counts estimated from a sample of the works, for a search that matches millions of records.

Counting facet values costs tantivy time for every matching record, and counting the works behind
each value (the grouped view) a HyperLogLog sketch per value on top: at 5 million records a long
query of common words that matched 4.2 million of them took 6.8 s for its facet counts alone,
against 0.2 s to walk its matches once. So when a search likely matches SAMPLE_FROM records or
more (`likely_size`, from the vocabulary's document counts and the filters' sizes, before anything
is searched; checked against the exact count that comes with the sample), its facet counts and its
number of works are taken over a sample and multiplied by the sample's rate:

- the sample is the works whose work id (a 64-bit hash of the work key, indexer.schema.work_id)
  lies in the first 1/rate of its range: a uniform sample of works with all their editions, so a
  value's editions and its works are estimated from the same records;
- it is the same sample for every request of a search, and the samples of all searches are
  nested (1 in 16 works holds 1 in 32), so a value's estimate and the estimated total after
  ticking it come from largely the same works;
- the number of matching records stays exact: it is counted over all matches in the same pass (a
  filter aggregation holds the sampled counts), so the sample adds no walk over the matches.

The rate is a power of two chosen so that the sample holds about SAMPLE_TARGET records; estimates
are rounded to two significant digits, and the response says that they are estimates.
"""
from __future__ import annotations

from collections.abc import Callable

from indexer.fields import WORK_ID_FIELD

SAMPLE_FROM = 250_000  # records a search likely matches from which its counts are estimated
SAMPLE_TARGET = 60_000  # the matching records a sample aims at (the rate is a power of two)
MAX_RATE = 1024
SAMPLE_AGG = "_sample"  # the filter aggregation that holds the sampled counts
_LOWEST = -(2**63)  # the smallest work id


def match_floor(plan, num_docs: int, size: Callable[[object], int], stop_below: int = 0) -> int:
    """A number of records the plan's query surely matches (0: not known to match any).

    The text part comes from the plan's `floor_parts` (search_api.pipeline): every record when
    there are no words; for any of several words, as many as the commonest; for all of several,
    what their counts leave after the records each one misses. A word matches at least what the
    largest of its sources does (`size` gives a source's records: a word's vocabulary count, a
    query's count). Each filter, and the scope, then takes away at most the records outside it.
    The filters are counted only while the floor can still reach `stop_below`."""
    floor = _text_floor(plan, num_docs, size)
    return 0 if floor is None else _narrowed(plan, floor, num_docs, size, stop_below)


def _text_floor(plan, num_docs: int, size: Callable[[object], int]) -> int | None:
    kind, words = plan.floor_parts
    floors = [_largest(sources, size) for sources in words]
    if kind == "all":
        return num_docs
    if kind == "or":
        return max(floors, default=0)
    if kind == "and" and floors:
        return sum(floors) - (len(floors) - 1) * num_docs
    return None


def likely_size(plan, num_docs: int, size: Callable[[object], int], stop_below: int = 0) -> int:
    """A guess of the records the query matches where its floor is far below it: any of several
    words matches up to all their counts together (a long question of common words matches most
    of the index while no single word is in more than a tenth of it), and so do the alternatives
    beside the words (`likely_extra`: a subject heading's profile words). Only a guess, so a
    sample chosen by it is checked against the exact count (SearchService._execute)."""
    kind, words = plan.floor_parts
    extra = sum(_largest(sources, size) for sources in plan.likely_extra)
    if kind != "or" and not extra:
        return match_floor(plan, num_docs, size, stop_below)
    if kind == "or":
        text = sum(_largest(sources, size) for sources in words)
    else:
        text = max(0, _text_floor(plan, num_docs, size) or 0)
    return _narrowed(plan, min(num_docs, text + extra), num_docs, size, stop_below)


def _largest(sources, size: Callable[[object], int]) -> int:
    """What a word surely matches: as many records as the largest of its sources."""
    return max((size(s) for s in sources), default=0)


def _narrowed(plan, floor: int, num_docs: int, size: Callable[[object], int], stop_below: int) -> int:
    narrowing = list(plan.filters.values())
    if plan.scope_filter is not None:
        narrowing.append(plan.scope_filter)
    for q in narrowing:
        if floor <= 0 or floor < stop_below:
            break
        floor -= num_docs - size(q)
    return max(0, floor)


def rate_for(size: int, target: int = SAMPLE_TARGET) -> int:
    """The sample rate (a power of two, 1: no sample) for a search of about `size` records: the
    smallest that leaves about `target` of them in the sample."""
    rate = 1
    while size / rate > target and rate < MAX_RATE:
        rate *= 2
    return rate


def wrap(aggs: dict, rate: int) -> dict:
    """`aggs` counted over the sample only (a filter aggregation on the work ids' range)."""
    top = _LOWEST + 2**64 // rate - 1
    return {SAMPLE_AGG: {"filter": f"{WORK_ID_FIELD}:[{_LOWEST} TO {top}]", "aggs": aggs}}


def unwrap(raw: dict, rate: int) -> dict:
    """An aggregation result with the sample's counts in the shape of unsampled ones, multiplied
    by the rate and rounded: every key outside the sample (the exact count) is kept as it is."""
    out = {k: v for k, v in raw.items() if k != SAMPLE_AGG}
    for name, agg in raw.get(SAMPLE_AGG, {}).items():
        if isinstance(agg, dict):
            out[name] = _scaled(agg, rate)
    return out


def estimate(n: float) -> int:
    """A count from the sample, rounded to two significant digits (12,352 -> 12,000): the
    digits after those would claim a precision the sample does not have."""
    n = round(n)
    if n < 100:
        return n
    digits = len(str(n)) - 2
    return round(n, -digits)


def _scaled(agg: dict, rate: int) -> dict:
    out = dict(agg)
    if "value" in agg and isinstance(agg["value"], (int, float)):
        out["value"] = estimate(agg["value"] * rate)
    if "buckets" in agg:
        out["buckets"] = [_scaled_bucket(b, rate) for b in agg["buckets"]]
    return out


def _scaled_bucket(bucket: dict, rate: int) -> dict:
    out = {k: (_scaled(v, rate) if isinstance(v, dict) else v) for k, v in bucket.items()}
    out["doc_count"] = estimate(bucket["doc_count"] * rate)
    return out
