"""Training the second stage of the knowledge ranking (search_api.rerank) on the train questions.

    python -m bench.relevance.ltr

For each train question the first stage's best rerank.WINDOW articles are taken and every feature
of rerank.FEATURES computed for them, exactly as serving computes them. A linear model is then
fitted by coordinate ascent on MRR@10 (the first stage's weight fixed at 1, each other weight from
a short list of steps, a change kept only when it gains), and judged by five-fold cross-validation
over the same folds as every other figure of the bench: each fold scored with the weights fitted
on the other four. Printed: the first stage alone, the model's cross-validated figure with its
spread (and recall@10), the weights each fold chose, the weights fitted on all train questions (what
rerank.WEIGHTS should hold), an ablation (the model fitted again without each feature, cross-
validated) and the added cost per question of the serving features.

The held-out test questions are not read here; `python -m bench.relevance --sets knowledge --test`
evaluates the shipped model on them once.
"""
from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time

from bench.relevance import querysets
from bench.relevance.cv import folds
from bench.relevance.metrics import reciprocal_rank
from bench.relevance.paths import shared_corpus
from bench.relevance.prepare import prepare
from bench.relevance.systems.vindplaats import Vindplaats

STEPS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0)
GAIN = 1e-4  # a weight changes only for a gain of MRR@10 above this
# The coarse grid of `--grid`: every combination of these weights, a check that a gain is not the
# greedy order of coordinate ascent (which fits the same features to 0.904 or 0.913 by their order).
GRID = (0.0, 0.2, 0.5, 1.0)


class Row:
    def __init__(self, qid: str, ids: list[str], cols: dict[str, list[float]], relevant):
        self.qid, self.ids, self.cols, self.relevant = qid, ids, cols, relevant


def collect(limit: int | None = None) -> tuple[list[Row], list[float]]:
    """Features of the first stage's window for every train question, and the serving cost."""
    from search_api import rerank
    from search_api.pipeline import plan_search
    from search_api.request import SearchRequest
    from search_api.service import _record

    corpus = shared_corpus()  # CorpusMissing says where it is looked for
    coll = prepare("knowledge", corpus)
    system = Vindplaats()
    system.open(coll)
    service = system._services[coll.name]
    st = service.snapshot()._state
    vocab = service.vocabulary(st)
    rows, costs = [], []
    for q in querysets.knowledge(corpus, "train", limit).queries:
        req = SearchRequest(q=q.text, scope=coll.scope, size=rerank.WINDOW, group=False)
        plan = plan_search(req, st.schema, vocab=vocab, compounds=service.compounds, populated=st.populated,
                           known_title=service._is_title(st, req, vocab))
        hits = service._search(st, plan, plan.query(), limit=rerank.WINDOW).hits
        words = rerank.plan_words(plan)
        if not hits or not words or not rerank.applies(plan):  # served in the first stage's order
            rows.append(Row(q.qid, [_record(st, a)["id"] for _, a in hits], {}, q.relevant))
            continue
        t0 = time.perf_counter()
        rerank.rerank(st, plan, hits)
        costs.append((time.perf_counter() - t0) * 1000)
        cols = rerank.normalise(rerank.features(st, words, hits, list(rerank.FEATURES)))
        rows.append(Row(q.qid, [_record(st, a)["id"] for _, a in hits], cols, q.relevant))
    return rows, costs


def mrr(rows: dict[str, Row], weights: dict[str, float], qids: list[str]) -> float:
    from search_api.rerank import combine

    total = 0.0
    for qid in qids:
        row = rows[qid]
        if not row.cols:
            total += reciprocal_rank(row.ids, row.relevant)
            continue
        score = combine(row.cols, weights)
        order = sorted(range(len(row.ids)), key=lambda i: (-score[i], i))
        total += reciprocal_rank([row.ids[i] for i in order], row.relevant)
    return total / len(qids)


def fit(rows: dict[str, Row], qids: list[str], names: list[str]) -> dict[str, float]:
    weights = dict.fromkeys(names, 0.0)
    weights["first"] = 1.0
    best = mrr(rows, weights, qids)
    for _ in range(3):
        improved = False
        for name in names:
            if name == "first":
                continue
            for step in STEPS:
                old, weights[name] = weights[name], step
                m = mrr(rows, weights, qids)
                if m > best + GAIN:
                    best, improved = m, True
                else:
                    weights[name] = old
        if not improved:
            break
    return {k: v for k, v in weights.items() if v}


def grid_fit(rows: dict[str, Row], qids: list[str], names: list[str]) -> dict[str, float]:
    """The best of every combination of GRID weights (the first stage's fixed at 1); a later
    combination wins only by more than GAIN, so of equals the one with the smaller weights first
    in the grid's order stays."""
    others = [n for n in names if n != "first"]
    best, chosen = -1.0, {"first": 1.0}
    for combo in itertools.product(GRID, repeat=len(others)):
        weights = {"first": 1.0, **{n: w for n, w in zip(others, combo) if w}}
        m = mrr(rows, weights, qids)
        if m > best + GAIN:
            best, chosen = m, weights
    return chosen


def recall(rows: dict[str, Row], weights: dict[str, float], qids: list[str], k: int = 10) -> float:
    """The share of the questions with their answer in the top k."""
    from search_api.rerank import combine

    found = 0
    for qid in qids:
        row = rows[qid]
        ids = row.ids
        if row.cols:
            score = combine(row.cols, weights)
            ids = [row.ids[i] for i in sorted(range(len(row.ids)), key=lambda i: (-score[i], i))]
        found += any(x in row.relevant for x in ids[:k])
    return found / len(qids)


def cross_validate(rows: dict[str, Row], names: list[str], recalls: list | None = None,
                   fitter=fit) -> tuple[float, float, list[dict]]:
    """MRR@10 mean and sd over the folds, each fold scored with the weights `fitter` fitted on
    the other four, and those weights; `recalls` (a list) receives each fold's recall@10."""
    qids = list(rows)
    parts = folds(qids)
    per_fold, chosen = [], []
    for i, held in enumerate(parts):
        rest = [q for j, p in enumerate(parts) if j != i for q in p]
        w = fitter(rows, rest, names)
        chosen.append(w)
        per_fold.append(mrr(rows, w, held))
        if recalls is not None:
            recalls.append(recall(rows, w, held))
    return statistics.fmean(per_fold), statistics.pstdev(per_fold), chosen


def main(argv: list[str] | None = None) -> int:
    from search_api import rerank

    ap = argparse.ArgumentParser(prog="python -m bench.relevance.ltr", description=__doc__.split("\n")[0])
    ap.add_argument("--no-ablation", action="store_true", help="skip the ablation (most of the run's time)")
    ap.add_argument("--features", help="comma-separated: cross-validate only the model of these features")
    ap.add_argument("--limit", type=int, help="only the first N train questions (a quick look)")
    ap.add_argument("--grid", action="store_true", help=f"with --features: fit by every combination of the "
                    f"weights {GRID} instead of coordinate ascent (slow beyond four features)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    rows_list, costs = collect(args.limit)
    rows = {r.qid: r for r in rows_list}
    qids = list(rows)
    names = list(rerank.FEATURES)
    print(f"{len(qids)} train questions, window {rerank.WINDOW}, features computed in {time.perf_counter() - t0:.1f} s")
    if args.features:
        for names_ in args.features.split(";"):
            chosen_names = ["first"] + [n for n in names_.split(",") if n and n != "first"]
            fitter = grid_fit if args.grid else fit
            recalls: list[float] = []
            m, sd, ws = cross_validate(rows, chosen_names, recalls, fitter)
            print(f"{','.join(chosen_names)}: 5-fold CV MRR@10 {m:.3f} ± {sd:.3f}, recall@10 "
                  f"{statistics.fmean(recalls):.3f} ± {statistics.pstdev(recalls):.3f}; fitted on all "
                  f"{fitter(rows, qids, chosen_names)}; folds chose {ws}")
        return 0
    first = cross_validate(rows, ["first"])
    print(f"first stage alone          MRR@10 {first[0]:.3f} ± {first[1]:.3f} (no weights to fit)")
    m, sd, chosen = cross_validate(rows, names)
    print(f"second stage, 5-fold CV    MRR@10 {m:.3f} ± {sd:.3f}")
    for i, w in enumerate(chosen):
        print(f"  fold {i} chose {w}")
    full = fit(rows, qids, names)
    print(f"fitted on all train        MRR@10 {mrr(rows, full, qids):.3f} with {full}")
    shipped = [n for n in names if rerank.WEIGHTS.get(n)]
    recalls = []
    m3, sd3, _ = cross_validate(rows, shipped, recalls)
    print(f"shipped features, 5-fold CV MRR@10 {m3:.3f} ± {sd3:.3f}, recall@10 {statistics.fmean(recalls):.3f} "
          f"± {statistics.pstdev(recalls):.3f} ({', '.join(shipped)}: the features the ablation keeps, weights "
          "fitted again per fold)")
    print(f"shipped rerank.WEIGHTS     MRR@10 {mrr(rows, rerank.WEIGHTS, qids):.3f} with {rerank.WEIGHTS}"
          + ("" if full == rerank.WEIGHTS else "  (differs from the fit: update rerank.WEIGHTS)"))
    if args.no_ablation:
        names = []
    else:
        print("\nablation: the model fitted again without one feature (5-fold CV)")
        print(f"  {'without':<10} {'MRR@10':>14}  {'change':>7}")
    for name in names[1:]:
        m2, sd2, _ = cross_validate(rows, [n for n in names if n != name])
        print(f"  {name:<10} {m2:.3f} ± {sd2:.3f}  {m2 - m:+.3f}   {rerank.FEATURES[name]}")
    if costs:
        costs.sort()
        p50, p99 = costs[len(costs) // 2], costs[min(len(costs) - 1, int(len(costs) * 0.99))]
        print(f"\nadded cost of the serving features per question: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
