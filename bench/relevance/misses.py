"""Where the knowledge ranking loses answers that the strongest baseline finds, and what fusing in
a plain ranking would do about it.

    python -m bench.relevance.misses

For each train question it finds the rank of the answer in three places: the first stage
(search_api.pipeline), after the second stage (search_api.rerank, the order served), and
in tantivy Dutch over title + body, the strongest baseline. It prints how many answers each one
has in its top 10, how many lie in the first stage's window, and each question that the baseline
has in its top 10 and we do not. For those it says whether our answer is outside the window (a
candidate problem: a wider window or the baseline's candidates would help) or inside it and
ranked down (a ranking problem).

Then it fuses the served order with a plain ranking by reciprocal rank (score 1/(K + our rank) +
weight/(K + plain rank), over the union of both lists). The plain ranking is either the baseline
itself, which has its own index (one title and one body field that holds everything else), or
plain stemmed BM25 over our index's title and body fields, which serving could run. The figure
is cross-validated: the second stage's weights are fitted per fold (as in bench.relevance.ltr),
and the fusion weights are fixed, not fitted. The held-out test questions are not read here.
"""
from __future__ import annotations

import argparse
import statistics
import sys

from tantivy import Occur, Query

from bench.relevance import querysets
from bench.relevance.cv import folds
from bench.relevance.metrics import reciprocal_rank, success

K = 60  # the usual constant of reciprocal-rank fusion
DEPTH = 1000  # how deep the first stage is searched for an answer outside the window
FUSION_WEIGHTS = (0.5, 1.0)


def rank_of(ids: list[str], relevant) -> int | None:
    return next((i for i, x in enumerate(ids, start=1) if x in relevant), None)


def fuse(ours: list[str], plain: list[str], weight: float, k: int = K) -> list[str]:
    """Reciprocal-rank fusion of two rankings; ties keep our order."""
    mine = {d: i for i, d in enumerate(ours, start=1)}
    theirs = {d: i for i, d in enumerate(plain, start=1)}
    pool = list(dict.fromkeys(ours + plain))

    def score(d: str) -> float:
        return (1.0 / (k + mine[d]) if d in mine else 0.0) + (weight / (k + theirs[d]) if d in theirs else 0.0)

    return sorted(pool, key=lambda d: (-score(d), mine.get(d, len(mine) + 1)))


def plain_query(schema, text: str, fields=("title", "body")) -> Query | None:
    """Stemmed BM25 of every word that is not a stop word, over `fields` of the index, in the
    knowledge scope: the baseline's query, on our own index."""
    from indexer.analysis import exact_tokens, is_stop_word, stem_tokens
    from indexer.fields import BY_NAME

    stems = list(dict.fromkeys(s for w in exact_tokens(text) if not is_stop_word(w) for s in stem_tokens(w)))
    if not stems:
        return None
    words = Query.boolean_query([(Occur.Should, Query.term_query(schema, BY_NAME[f].text_field, s))
                                 for s in stems for f in fields])
    scope = Query.term_query(schema, BY_NAME["type"].keyword_field, "article")
    return Query.boolean_query([(Occur.Must, words), (Occur.Must, Query.const_score_query(scope, 0.0))])


class Question:
    def __init__(self, qid, text, relevant, window, served, first_rank, baseline, ours_plain, row):
        self.qid, self.text, self.relevant = qid, text, relevant
        self.window, self.served, self.first_rank = window, served, first_rank
        self.baseline, self.ours_plain, self.row = baseline, ours_plain, row


def collect(limit: int | None = None) -> list[Question]:
    from bench.relevance.ltr import Row
    from bench.relevance.paths import shared_corpus
    from bench.relevance.prepare import prepare
    from bench.relevance.systems.tantivy_dutch import TantivyDutch
    from bench.relevance.systems.vindplaats import Vindplaats
    from search_api import rerank
    from search_api.pipeline import plan_search
    from search_api.request import SearchRequest
    from search_api.service import _record

    corpus = shared_corpus()
    coll = prepare("knowledge", corpus)
    system, baseline = Vindplaats(), TantivyDutch()
    system.open(coll)
    baseline.open(coll)
    service = system._services[coll.name]
    st = service.snapshot()._state
    vocab = service.vocabulary(st)
    shipped = [n for n, w in rerank.WEIGHTS.items() if w]
    out = []
    for q in querysets.knowledge(corpus, "train", limit).queries:
        req = SearchRequest(q=q.text, scope=coll.scope, size=rerank.WINDOW, group=False)
        plan = plan_search(req, st.schema, vocab=vocab, compounds=service.compounds, populated=st.populated,
                           known_title=service._is_title(st, req, vocab))
        hits = service._search(st, plan, plan.query(), limit=rerank.WINDOW).hits
        window = [_record(st, a)["id"] for _, a in hits]
        first = rank_of(window, q.relevant)
        if first is None and len(hits) == rerank.WINDOW:
            deeper = service._search(st, plan, plan.query(), limit=DEPTH - rerank.WINDOW, offset=rerank.WINDOW).hits
            found = rank_of([_record(st, a)["id"] for _, a in deeper], q.relevant)
            first = None if found is None else rerank.WINDOW + found
        words = rerank.plan_words(plan)
        cols = {}
        if hits and words and rerank.applies(plan):
            cols = rerank.normalise(rerank.features(st, words, hits, shipped))
        served = [_record(st, a)["id"] for _, a in rerank.rerank(st, plan, hits)] if cols else window
        pq = plain_query(st.schema, q.text)
        ours_plain = [] if pq is None else [_record(st, a)["id"] for _, a in st.searcher.search(pq, rerank.WINDOW).hits]
        out.append(Question(q.qid, q.text, q.relevant, window, served, first,
                            baseline.search(coll, q.text, rerank.WINDOW), ours_plain,
                            Row(q.qid, window, cols, q.relevant)))
    return out


def fused_cv(questions: list[Question], plain: str, weight: float) -> tuple[float, float, float, float]:
    """MRR@10 and recall@10 (mean ± sd over the folds) of the served order, its second stage
    fitted on the other folds, fused with the `plain` ranking at `weight` (0: not fused)."""
    from bench.relevance.ltr import fit
    from search_api import rerank

    rows = {q.qid: q.row for q in questions}
    names = [n for n, w in rerank.WEIGHTS.items() if w]
    by_id = {q.qid: q for q in questions}
    mrrs, recalls = [], []
    for i, held in enumerate(parts := folds(list(rows))):
        weights = fit(rows, [x for j, p in enumerate(parts) if j != i for x in p], names)
        rr, rc = [], []
        for qid in held:
            q, row = by_id[qid], rows[qid]
            if row.cols:
                score = rerank.combine(row.cols, weights)
                ours = [row.ids[j] for j in sorted(range(len(row.ids)), key=lambda j: (-score[j], j))]
            else:
                ours = row.ids
            ranked = fuse(ours, getattr(q, plain), weight) if weight else ours
            rr.append(reciprocal_rank(ranked, q.relevant))
            rc.append(success(ranked, q.relevant, 10))
        mrrs.append(statistics.fmean(rr))
        recalls.append(statistics.fmean(rc))
    return statistics.fmean(mrrs), statistics.pstdev(mrrs), statistics.fmean(recalls), statistics.pstdev(recalls)


def main(argv: list[str] | None = None) -> int:
    from search_api import rerank

    ap = argparse.ArgumentParser(prog="python -m bench.relevance.misses", description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N train questions (a quick look)")
    args = ap.parse_args(argv)
    qs = collect(args.limit)
    n, w = len(qs), rerank.WINDOW

    def top(ranking: str) -> int:
        return sum(1 for q in qs if (rank_of(getattr(q, ranking)[:10], q.relevant) is not None))

    inside = sum(1 for q in qs if q.first_rank is not None and q.first_rank <= w)
    print(f"{n} train questions; the answer in the first stage's window of {w}: {inside}")
    print(f"answer in the top 10: first stage {sum(1 for q in qs if (q.first_rank or DEPTH + 1) <= 10)}, "
          f"served {top('served')}, tantivy Dutch title+body {top('baseline')}, "
          f"title+body BM25 on our index {top('ours_plain')}")
    lost = [q for q in qs if rank_of(q.baseline[:10], q.relevant) and not rank_of(q.served[:10], q.relevant)]
    won = [q for q in qs if rank_of(q.served[:10], q.relevant) and not rank_of(q.baseline[:10], q.relevant)]
    outside = sum(1 for q in lost if q.first_rank is None or q.first_rank > w)
    print(f"\nin the baseline's top 10 and not in ours: {len(lost)} ({outside} outside our window, "
          f"{len(lost) - outside} in it and ranked down); in ours and not in the baseline's: {len(won)}")
    print(f"  {'first':>5} {'served':>6} {'base':>5}  question")
    for q in lost:
        print(f"  {q.first_rank or '-':>5} {rank_of(q.served, q.relevant) or '-':>6} "
              f"{rank_of(q.baseline, q.relevant) or '-':>5}  {q.text}")
    print(f"\nreciprocal-rank fusion (K {K}) of the served order with a plain ranking, 5-fold CV "
          "(second stage fitted per fold, fusion weight fixed)")
    print(f"  {'plain ranking':<40} {'weight':>6}  {'MRR@10':>13}  {'recall@10':>13}")
    m, sd, r, rsd = fused_cv(qs, "baseline", 0.0)
    print(f"  {'(none: the served order)':<40} {0:>6}  {m:.3f} ± {sd:.3f}  {r:.3f} ± {rsd:.3f}")
    for plain, label in (("baseline", "tantivy Dutch title+body (its own index)"),
                         ("ours_plain", "title+body BM25 on our index")):
        for weight in FUSION_WEIGHTS:
            m, sd, r, rsd = fused_cv(qs, plain, weight)
            print(f"  {label:<40} {weight:>6}  {m:.3f} ± {sd:.3f}  {r:.3f} ± {rsd:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
