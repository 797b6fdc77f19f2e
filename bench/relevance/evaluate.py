"""Running a query set against a system: per-query results, and the means the table shows."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from bench.relevance.metrics import METRICS, first_relevant_rank, mean
from bench.relevance.prepare import Collection
from bench.relevance.querysets import QuerySet
from bench.relevance.systems import System

K = 10
WARMUP = 10  # queries run once untimed first, so that a cold cache does not count as query time


@dataclass
class Result:
    system: str
    qset: str
    scores: dict[str, float]  # "MRR@10" -> mean; "success@1 typo" -> mean over that variant
    counts: dict[str, int]  # same keys -> number of queries
    seconds: float
    per_query: list[dict] = field(default_factory=list)


def evaluate(system: System, coll: Collection, qset: QuerySet) -> Result:
    values: dict[str, list[float]] = {}
    per_query: list[dict] = []
    for q in qset.queries[:WARMUP]:
        system.search(coll, q.text, K)
    t0 = time.perf_counter()
    for q in qset.queries:
        # Deep enough that K remain once the ignored records are taken out.
        ranked = [r for r in system.search(coll, q.text, K + len(q.ignore)) if r not in q.ignore][:K]
        row = {"qid": q.qid, "rank": first_relevant_rank(ranked, q.relevant), "top": ranked[:3], "scores": {}}
        for metric in qset.metrics:
            score = METRICS[metric](ranked, q.relevant)
            row["scores"][metric] = score  # per question, for the folds of the cross-validation
            values.setdefault(metric, []).append(score)
            if q.group:
                values.setdefault(f"{metric} {q.group}", []).append(score)
        per_query.append(row)
    seconds = time.perf_counter() - t0
    return Result(system.name, qset.name, {k: mean(v) for k, v in values.items()},
                  {k: len(v) for k, v in values.items()}, seconds, per_query)
