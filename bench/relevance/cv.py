"""Five-fold cross-validation over the train questions: the split, and figures per fold.

The split is deterministic and disjoint: each question goes to the fold its place takes in an
order fixed by a seeded hash of its id, dealt round-robin, so the folds differ in size by one at
most and a question added to the corpus does not move the others far. The held-out test
questions are never in any fold.

For a system whose settings are fixed (every baseline), the mean over folds is its train figure
and the spread (sd over the folds) says how much of a difference between two systems is noise.
For a setting chosen on the questions (`tune`), the figure reported is the mean of each fold
scored with the setting chosen on the other four: an estimate of how the choice generalises.
"""
from __future__ import annotations

import hashlib
import statistics
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

FOLDS = 5
SEED = "vindplaats-cv-20261202"


def fold_of(qids: Sequence[str], k: int = FOLDS, seed: str = SEED) -> dict[str, int]:
    """Question id -> fold number 0..k-1."""
    order = sorted(set(qids), key=lambda q: (hashlib.sha1(f"{seed}:{q}".encode()).hexdigest(), q))
    return {q: i % k for i, q in enumerate(order)}


def folds(qids: Sequence[str], k: int = FOLDS, seed: str = SEED) -> list[list[str]]:
    """The k folds, each a list of question ids in their given order."""
    where = fold_of(qids, k, seed)
    out: list[list[str]] = [[] for _ in range(k)]
    for q in qids:
        out[where[q]].append(q)
    return out


@dataclass(frozen=True)
class Spread:
    mean: float
    sd: float
    per_fold: tuple[float, ...]

    def __str__(self) -> str:
        return f"{self.mean:.3f} ± {self.sd:.3f}"


def spread(per_query: dict[str, float], k: int = FOLDS, seed: str = SEED) -> Spread:
    """A fixed system's figure per fold: mean ± sd over the folds."""
    parts = [[per_query[q] for q in f] for f in folds(list(per_query), k, seed)]
    per_fold = tuple(sum(p) / len(p) for p in parts if p)
    return Spread(statistics.fmean(per_fold), statistics.pstdev(per_fold), per_fold)


@dataclass(frozen=True)
class Tuned:
    cv: Spread  # each fold scored with the setting chosen on the other folds
    chosen_per_fold: tuple[Hashable, ...]
    chosen: Hashable  # the setting chosen on all train questions (what ships)
    train: float  # the chosen setting's figure on all train questions


def tune(candidates: Sequence[Hashable], score: Callable[[Hashable], dict[str, float]],
         k: int = FOLDS, seed: str = SEED, flat: float = 0.0) -> Tuned:
    """Choose among `candidates` by cross-validation. `score(c)` gives per-question figures.

    Within each training part, among the settings within `flat` of the best, the first in
    `candidates` order wins: list the plain setting first and a better train decimal does not
    move the choice off a flat optimum."""
    table = {c: score(c) for c in candidates}
    qids = list(next(iter(table.values())))
    parts = folds(qids, k, seed)

    def pick(ids: list[str]) -> Hashable:
        means = {c: sum(table[c][q] for q in ids) / len(ids) for c in candidates}
        best = max(means.values())
        return next(c for c in candidates if means[c] >= best - flat)

    chosen_per_fold, per_fold = [], []
    for i, held in enumerate(parts):
        rest = [q for j, p in enumerate(parts) if j != i for q in p]
        c = pick(rest)
        chosen_per_fold.append(c)
        per_fold.append(sum(table[c][q] for q in held) / len(held))
    chosen = pick(qids)
    cv = Spread(statistics.fmean(per_fold), statistics.pstdev(per_fold), tuple(per_fold))
    return Tuned(cv, tuple(chosen_per_fold), chosen, sum(table[chosen].values()) / len(qids))
