"""`python -m bench.relevance.tune_subjects`: the subject profile's weight and size by five-fold CV.

A coarse grid over the weight of a heading's profile against the search's own words
(`SUBJECT_PROFILE_WEIGHT` in search_api/pipeline.py) and the number of the profile's words
(`WORDS` in search_api/subjects.py), 0 (no profile) included, run through the real index and
SearchService on the train headings of the subject set only (bench.relevance.querysets.subject).
Per fold the setting with the best mean on the other four folds is scored on the fold (the
cross-validated figure); the setting that ships is the one chosen on all train headings, where
among settings within FLAT of the best the first in grid order wins. The held-out test headings
are never read here. The chosen values are written in the modules by hand.
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import sys

from bench.relevance import cv, querysets
from bench.relevance.evaluate import K
from bench.relevance.metrics import ndcg
from bench.relevance.paths import shared_corpus
from bench.relevance.tuning import forget, open_vindplaats

# Grid order is preference order: the shipped values first, then by distance from them.
# Up to 1: a profile word counts at most as one of the search's own words in a description
# (its field weight), so the expansion stays below the words. 2.0 scores higher on the bench
# (0.442 CV), whose relevant records rarely have the words, but would rank a record for its
# profile words above one with the words of the search.
WEIGHT = (1.0, 0.5, 0.3, 0.0)
WORDS = (24, 12, 48)
LEAST = (1, 2, 3)  # of the profile's words, how many a record must have to be found by it
FLAT = 0.005


@contextlib.contextmanager
def setting(service, weight: float, words: int, least: int = 1):
    from search_api import pipeline, subjects

    saved = pipeline.SUBJECT_PROFILE_WEIGHT, subjects.WORDS, subjects.MIN_WORDS
    try:
        pipeline.SUBJECT_PROFILE_WEIGHT, subjects.WORDS, subjects.MIN_WORDS = weight, words, least
        forget(service, "subject_profile")  # profiles are learned with the setting
        yield
    finally:
        pipeline.SUBJECT_PROFILE_WEIGHT, subjects.WORDS, subjects.MIN_WORDS = saved
        forget(service, "subject_profile")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.tune_subjects", description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, help="a deterministic sample of N train headings (for a quick look)")
    args = p.parse_args(argv)
    corpus = shared_corpus()
    qs = querysets.subject(corpus, args.limit, split="train")
    coll, system, service = open_vindplaats("catalogue", corpus)

    def score(s) -> dict[str, float]:
        with setting(service, *s):
            out = {}
            for q in qs.queries:
                ranked = [r for r in system.search(coll, q.text, K + len(q.ignore)) if r not in q.ignore][:K]
                out[q.qid] = ndcg(ranked, q.relevant, K)
        print(f"  weight {s[0]:<5} words {s[1]:<3} least {s[2]} train nDCG@10 {sum(out.values()) / len(out):.3f}",
              file=sys.stderr, flush=True)
        return out

    # Without a profile (weight 0) its size and its least number of words do not matter.
    grid = [g for g in itertools.product(WEIGHT, WORDS, LEAST) if g[0] > 0 or g[1:] == (WORDS[0], LEAST[0])]
    tuned = cv.tune(grid, score, flat=FLAT)
    print(f"subject train headings: {len(qs.queries)}, grid of {len(grid)} settings, {cv.FOLDS} folds")
    print(f"chosen per fold (weight, words, least): {tuned.chosen_per_fold}")
    print(f"cross-validated nDCG@10 {tuned.cv}  (per fold {', '.join(f'{x:.3f}' for x in tuned.cv.per_fold)})")
    print(f"chosen on all train headings: weight {tuned.chosen[0]}, words {tuned.chosen[1]}, least {tuned.chosen[2]}; "
          f"train nDCG@10 {tuned.train:.3f}")
    system.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
