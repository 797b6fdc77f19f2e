"""Ranking metrics with binary relevance: a ranked list of ids against the set of relevant ids.

Each function scores one query; a set's figure is the mean over its queries (`mean`).
"""
from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str], k: int = 10) -> float:
    """1/rank of the first relevant hit within the top k, else 0 (MRR@k per query)."""
    for i, rid in enumerate(ranked[:k], start=1):
        if rid in relevant:
            return 1.0 / i
    return 0.0


def recall(ranked: Sequence[str], relevant: Collection[str], k: int = 10) -> float:
    """Share of the relevant ids found in the top k (recall@k)."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def success(ranked: Sequence[str], relevant: Collection[str], k: int = 1) -> float:
    """1 when a relevant id is in the top k (success@k), else 0."""
    return 1.0 if any(rid in relevant for rid in ranked[:k]) else 0.0


def ndcg(ranked: Sequence[str], relevant: Collection[str], k: int = 10) -> float:
    """Normalised discounted cumulative gain at k with binary gains."""
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 1) for i, rid in enumerate(ranked[:k], start=1) if rid in relevant)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def first_relevant_rank(ranked: Sequence[str], relevant: Collection[str]) -> int | None:
    for i, rid in enumerate(ranked, start=1):
        if rid in relevant:
            return i
    return None


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


METRICS = {
    "MRR@10": lambda r, rel: reciprocal_rank(r, rel, 10),
    "recall@10": lambda r, rel: recall(r, rel, 10),
    "success@1": lambda r, rel: success(r, rel, 1),
    "nDCG@10": lambda r, rel: ndcg(r, rel, 10),
}
