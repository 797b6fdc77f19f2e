"""`python -m bench.relevance.tune_known`: the title-order setting of short searches by five-fold CV.

A coarse grid over how far apart the words of a search of a few words may stand in a title and
still count as typed in its order (`ORDER_SLOP` in search_api/pipeline.py: the ranking's boost,
and the spelling's count of a correction's records with its words together in a title) and the
boost of a title with them so (`ORDER_BOOST`, 0 = none), run through the real index and
SearchService on every known-item query (all five ways of typing a title). The folds are by
title, as in the bench's own cross-validation (the typings of one title stay in one fold): each
fold is scored with the setting chosen on the other four (success@1, a title's mean over its
ways, as the bench's cross-validated row); among settings within FLAT of the best the first in
grid order wins. The chosen values are written in the modules by hand.
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import sys
from collections import defaultdict

from bench.relevance import cv, querysets
from bench.relevance.evaluate import K
from bench.relevance.metrics import METRICS
from bench.relevance.paths import shared_corpus
from bench.relevance.tuning import forget, open_vindplaats

# Grid order is preference order: the shipped values first, then by distance from them.
SLOP = (1, 2, 3)
BOOST = (8.0, 4.0, 16.0, 0.0)
FLAT = 0.001  # about a fifth of the folds' spread (0.005) over all ways


@contextlib.contextmanager
def setting(service, slop: int, boost: float):
    from search_api import pipeline

    saved = pipeline.ORDER_SLOP, pipeline.ORDER_BOOST
    try:
        pipeline.ORDER_SLOP, pipeline.ORDER_BOOST = slop, boost
        forget(service, "correction")  # corrections are counted with the setting
        yield
    finally:
        pipeline.ORDER_SLOP, pipeline.ORDER_BOOST = saved
        forget(service, "correction")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.tune_known", description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, help="a deterministic sample of N dissertation titles (for a quick look)")
    args = p.parse_args(argv)
    corpus = shared_corpus()
    qs = querysets.known_item(corpus, args.limit)
    coll, system, service = open_vindplaats("catalogue", corpus)

    def score(s) -> dict[str, float]:
        with setting(service, *s):
            per_title: dict[str, list[float]] = defaultdict(list)
            per_way: dict[str, list[float]] = defaultdict(list)
            for q in qs.queries:
                hit = METRICS["success@1"](system.search(coll, q.text, K), q.relevant)
                per_title[q.qid.split("#")[0]].append(hit)
                per_way[q.group].append(hit)
        ways = "  ".join(f"{w} {sum(v) / len(v):.3f}" for w, v in per_way.items())
        n = sum(len(v) for v in per_way.values())
        print(f"  slop {s[0]} boost {s[1]:<4}: all ways "
              f"{sum(sum(v) for v in per_way.values()) / n:.4f}  ({ways})", file=sys.stderr, flush=True)
        # Per title its mean over its ways, as the bench's cross-validated row (report.cross_validated).
        return {t: sum(v) / len(v) for t, v in per_title.items()}

    grid = list(itertools.product(SLOP, BOOST))
    tuned = cv.tune(grid, score, flat=FLAT)
    print(f"known-item titles: {len({q.qid.split('#')[0] for q in qs.queries})} ({len(qs.queries)} queries), "
          f"grid of {len(grid)} settings, {cv.FOLDS} folds by title")
    print(f"chosen per fold (slop, boost): {tuned.chosen_per_fold}")
    print(f"cross-validated success@1 over all ways {tuned.cv}  "
          f"(per fold {', '.join(f'{x:.3f}' for x in tuned.cv.per_fold)})")
    print(f"chosen on all titles: slop {tuned.chosen[0]}, boost {tuned.chosen[1]}; "
          f"success@1 over all ways {tuned.train:.4f}")
    system.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
