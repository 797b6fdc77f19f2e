"""How often the short answer is right, and where its threshold lies: `python -m bench.answers`.

On the relevance bench's knowledge collection (every Rijksoverheid FAQ page among the Dutch acts,
indexed by the project's own indexer), each FAQ question is answered by `search_api.answers`. A
question is answered right when its first passage comes from the question's own page and contains
the answer span the data gives (compared folded, as the index compares words).

The threshold is chosen on the train questions only: the lowest passage score from which on a
right first passage is more likely than a wrong one (the value maximising right minus wrong among
the answered questions). The held-out test questions are measured once, with `--test`, at the
threshold in `search_api.answers.THRESHOLD`, and never tuned on.

Prints, per split: the share of questions answered right at any score (the passage choice), and
at the threshold the share answered, the share answered right, and the precision (right among
answered).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass

from bench.relevance.prepare import FAQ_FILES, faq_id, faq_pages, prepare


@dataclass(frozen=True)
class Judged:
    question: str
    score: float  # the first passage's score (0: no passage)
    right: bool  # the first passage is from the right page and holds the answer


def _say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def questions(corpus, split: str) -> list[tuple[str, str, list[str]]]:
    """(question, page id, answer texts) of one FAQ file."""
    name = FAQ_FILES[0] if split == "train" else FAQ_FILES[1]
    out = []
    for fname, page in faq_pages(corpus):
        if fname == name:
            for para in page["paragraphs"]:
                for qa in para["qas"]:
                    out.append((qa["question"], faq_id(page), [a["text"] for a in qa["answers"]]))
    return sorted(out)


def judge(snapshot, items) -> list[Judged]:
    from indexer.analysis import fold
    from search_api.answers import candidates

    out = []
    for q, page_id, answers in items:
        first = next(iter(candidates(snapshot, q)), None)
        if first is None:
            out.append(Judged(q, 0.0, False))
            continue
        text = fold(first.text)
        right = first.article["id"] == page_id and any(fold(a) and fold(a) in text for a in answers)
        out.append(Judged(q, first.score, right))
    return out


def at(judged: list[Judged], threshold: float) -> dict:
    answered = [j for j in judged if j.score >= threshold and j.score > 0]
    right = sum(j.right for j in answered)
    n = len(judged) or 1
    return {"threshold": round(threshold, 3), "questions": len(judged),
            "answered": round(len(answered) / n, 3), "right": round(right / n, 3),
            "precision": round(right / (len(answered) or 1), 3)}


def choose(judged: list[Judged]) -> float:
    """The threshold maximising right minus wrong among the answered questions."""
    scores = sorted({j.score for j in judged if j.score > 0})
    best, best_t = None, 1.0
    for t in scores:
        gain = sum(1 if j.right else -1 for j in judged if j.score >= t)
        if best is None or gain > best:
            best, best_t = gain, t
    return best_t


def snapshot_for(corpus):
    """The knowledge collection's index as the relevance bench builds it (cached), one snapshot."""
    from bench.relevance.systems.vindplaats import Vindplaats

    coll = prepare("knowledge", corpus)
    system = Vindplaats()
    system._open(coll)
    return system._services[coll.name].snapshot()


def measure(corpus, split: str, limit: int | None = None) -> tuple[float, list[Judged]]:
    """(seconds per question, the judged questions) of one split; `limit` takes the first ones."""
    snapshot = snapshot_for(corpus)
    items = questions(corpus, split)[:limit]
    t0 = time.perf_counter()
    judged = judge(snapshot, items)
    return (time.perf_counter() - t0) / max(len(items), 1), judged


def main(argv: list[str] | None = None) -> int:
    from bench.relevance.paths import CorpusMissing, shared_corpus
    from search_api import answers

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--test", action="store_true", help="also measure the held-out test questions (once)")
    args = p.parse_args(argv)
    try:
        corpus = shared_corpus()
    except CorpusMissing as e:
        raise SystemExit(f"needs ../shared/corpus: {e}") from e
    per_q, train = measure(corpus, "train")
    chosen = choose(train)
    report = {"train": {"any_score": at(train, 0.0), "at_threshold": at(train, answers.THRESHOLD),
                        "chosen_on_train": round(chosen, 3)},
              "ms_per_question": round(per_q * 1000, 1)}
    if args.test:
        _, test = measure(corpus, "test")
        report["test (held out)"] = {"any_score": at(test, 0.0), "at_threshold": at(test, answers.THRESHOLD)}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
