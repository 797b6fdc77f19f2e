"""`python -m bench.relevance.tune`: the knowledge ranking's weights chosen by five-fold CV.

A coarse grid over the weights that only questions use (the title's and the headings'
`question_boost` in indexer/fields.py) and the exact-form bonus (search_api/pipeline.py), run
through the real index and SearchService on the train questions only. Per fold the setting
with the best mean on the other four folds is scored on the fold (the cross-validated figure);
the setting that ships is the one chosen on all train questions, where among settings within
FLAT of the best the plainest (the first in grid order) wins, so that a train decimal does not
pick a sharp peak. The held-out test questions are never read here.

The weights are swapped on the live Field objects for the length of a run only (they are frozen
dataclasses, declared once in indexer/fields.py; the chosen values are written there by hand).
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import sys

from bench.relevance import cv, querysets
from bench.relevance.metrics import reciprocal_rank
from bench.relevance.paths import shared_corpus
from bench.relevance.tuning import open_vindplaats

# Grid order is preference order: the current values first, then by distance from them.
TITLE = (0.9, 0.5, 1.5, 3.0)
HEADINGS = (0.3, 0.15, 0.6, 1.0)  # document and section
EXACT = (2.0, 1.0, 3.0)
FLAT = 0.005  # about a quarter of the folds' spread: differences below it are noise


@contextlib.contextmanager
def weights(title: float, headings: float, exact: float):
    from indexer.fields import BY_NAME
    from search_api import pipeline

    saved = [(f, f.question_boost) for f in (BY_NAME["title"], BY_NAME["document"], BY_NAME["section"])]
    saved_exact = pipeline.EXACT_BONUS
    try:
        object.__setattr__(BY_NAME["title"], "question_boost", title)
        object.__setattr__(BY_NAME["document"], "question_boost", headings)
        object.__setattr__(BY_NAME["section"], "question_boost", headings)
        pipeline.EXACT_BONUS = exact
        yield
    finally:
        for f, v in saved:
            object.__setattr__(f, "question_boost", v)
        pipeline.EXACT_BONUS = saved_exact


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.tune", description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, help="a deterministic sample of N train questions (for a quick look)")
    args = p.parse_args(argv)
    from search_api.request import SearchRequest

    corpus = shared_corpus()
    qs = querysets.knowledge(corpus, "train", args.limit)
    coll, system, service = open_vindplaats("knowledge", corpus)

    def score(setting) -> dict[str, float]:
        with weights(*setting):
            out = {}
            for q in qs.queries:
                res = service.search(SearchRequest(q=q.text, scope=coll.scope, size=10, group=False))
                out[q.qid] = reciprocal_rank([h.id for h in res.hits], q.relevant)
        print(f"  title {setting[0]:<4} headings {setting[1]:<4} exact {setting[2]:<4} "
              f"train MRR@10 {sum(out.values()) / len(out):.3f}", file=sys.stderr, flush=True)
        return out

    grid = list(itertools.product(TITLE, HEADINGS, EXACT))
    tuned = cv.tune(grid, score, flat=FLAT)
    print(f"knowledge train questions: {len(qs.queries)}, grid of {len(grid)} settings, {cv.FOLDS} folds")
    print(f"chosen per fold (title, headings, exact): {tuned.chosen_per_fold}")
    print(f"cross-validated MRR@10 {tuned.cv}  (per fold {', '.join(f'{x:.3f}' for x in tuned.cv.per_fold)})")
    print(f"chosen on all train questions: title {tuned.chosen[0]}, headings {tuned.chosen[1]}, "
          f"exact {tuned.chosen[2]}; train MRR@10 {tuned.train:.3f}")
    system.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
