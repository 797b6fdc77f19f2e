"""`python -m bench.relevance.ceiling`: the best success@1 any system can expect on the known-item
ways typed from a few of a title's words, given how the bench types them.

`words` and `words_typo` (bench.relevance.variants) take consecutive content words of a title at
random. Many titles share two words ("risk factors", "stem cells"), and then the words alone do
not say which title was meant. The best a ranking can do is the Bayes rule of the generator
itself: rank each title by the chance that typing it the bench's way gives these words (a window
of its content words: one over the number of such windows of the title; the typo way given its
pair of words without the typo, which makes the figure an upper bound). Among titles with the
same chance the expected success is one over their number (a tie is a draw). This reads the
catalogue's titles and the generator only, no system; it says how far a target on these ways is
reachable at all.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from bench.relevance import querysets
from bench.relevance import variants as v
from bench.relevance.paths import shared_corpus
from bench.relevance.prepare import dissertation_id, dissertations, kb_records


def word_windows(title: str) -> Counter:
    """The chance of each `words` query (folded to lower case) given the title."""
    tokens = v._WORD.findall(title)
    out: Counter = Counter()
    if len(tokens) < 2:
        return out
    content = [t for t in tokens if t.lower() not in v.stop_words()]
    pool = content if len(content) >= 2 else tokens
    for wanted in (2, 3):  # rng.choice((2, 3))
        n = min(wanted, len(pool))
        starts = len(pool) - n + 1
        for s in range(starts):
            out[" ".join(pool[s:s + n]).lower()] += 0.5 / starts
    return out


def typo_pairs(title: str) -> Counter:
    """The chance of each pair of words (before its typo) that `words_typo` takes from the title."""
    tokens = [t for t in v._WORD.findall(title) if t.lower() not in v.stop_words()]
    starts = [i for i in range(len(tokens) - 1) if any(len(w) >= 5 and w.isalpha() for w in tokens[i:i + 2])]
    out: Counter = Counter()
    for i in starts:
        out[" ".join(tokens[i:i + 2]).lower()] += 1 / len(starts)
    return out


def typed_pair(title: str, text: str) -> str | None:
    """The pair of the title's words that a `words_typo` query was typed from."""
    tokens = [t.lower() for t in v._WORD.findall(title) if t.lower() not in v.stop_words()]
    typed = text.split()
    for i in range(len(tokens) - 1):
        pair = tokens[i:i + 2]
        if len(typed) == 2 and sum(a == b for a, b in zip(pair, typed)) >= 1 and \
                all(v.osa_distance(a, b) <= 1 for a, b in zip(pair, typed)):
            return " ".join(pair)
    return None


def expected(chances: dict[str, float], relevant: str) -> float:
    """Expected success@1 of ranking titles (by title key) by their chance, ties drawn."""
    if relevant not in chances:
        return 0.0
    best = max(chances.values())
    if chances[relevant] < best:
        return 0.0
    return 1 / sum(1 for c in chances.values() if c == best)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.ceiling", description=__doc__.splitlines()[0])
    p.parse_args(argv)
    corpus = shared_corpus()
    titles = {dissertation_id(d): d["title"] for d in dissertations(corpus)}
    titles.update((r["id"], r["title"]) for r in kb_records(corpus))
    windows: dict[str, dict[str, float]] = defaultdict(dict)  # query -> title key -> chance
    pairs: dict[str, dict[str, float]] = defaultdict(dict)
    for title in set(titles.values()):
        key = querysets.title_key(title)
        for q, chance in word_windows(title).items():
            windows[q][key] = max(windows[q].get(key, 0.0), chance)
        for q, chance in typo_pairs(title).items():
            pairs[q][key] = max(pairs[q].get(key, 0.0), chance)
    qs = querysets.known_item(corpus)
    scores: dict[str, list[float]] = defaultdict(list)
    for q in qs.queries:
        if q.group not in ("words", "words_typo"):
            continue
        title = titles[sorted(q.relevant)[0]]
        key = querysets.title_key(title)
        if q.group == "words":
            scores[q.group].append(expected(windows.get(q.text.lower(), {}), key))
        else:
            pair = typed_pair(title, q.text)
            scores[q.group].append(expected(pairs.get(pair, {}), key) if pair else 0.0)
    print("The best expected success@1 on the known-item set, given how the bench types a title")
    for way, s in scores.items():
        print(f"  {way:<11} {len(s):>5} queries  {sum(s) / len(s):.3f}")
    others = sum(1 for q in qs.queries if q.group not in scores)  # exact, folded, typo: 1 at best
    print(f"  exact, folded and typo at best 1.000; all {len(qs.queries)} queries of the five ways at best "
          f"{(others + sum(sum(s) for s in scores.values())) / len(qs.queries):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
