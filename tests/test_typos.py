"""The typo index finds exactly the words that a comparison with every word finds."""
from __future__ import annotations

import random

import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA

from search_api.spelling import correct_word
from search_api.typos import TypoIndex, deletions
from search_api.vocabulary import Vocabulary


def test_deletions():
    assert deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert deletions("abc", 2) == {"abc", "bc", "ac", "ab", "a", "b", "c"}


def _words(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = set()
    while len(out) < n:
        out.add("".join(rnd.choice("aeioubdklmnrst") for _ in range(rnd.randint(3, 12))))
    return sorted(out)


def _typo(rnd: random.Random, w: str) -> str:
    i = rnd.randrange(len(w))
    kind = rnd.randrange(4)
    if kind == 0:
        return w[:i] + rnd.choice("abcdefghijklmnopqrstuvwxyz") + w[i + 1:]
    if kind == 1:
        return w[:i] + w[i + 1:]
    if kind == 2:
        return w[:i] + rnd.choice("abcdefghijklmnopqrstuvwxyz") + w[i:]
    return w[:i] + w[i + 1:i + 2] + w[i:i + 1] + w[i + 2:] if i + 1 < len(w) else w


@pytest.mark.parametrize("k", [1, 2])
def test_same_words_as_comparing_with_every_word(k):
    words = _words(5_000)
    index = TypoIndex(words)
    rnd = random.Random(11)
    probes = [_typo(rnd, _typo(rnd, w)) for w in rnd.sample(words, 300)] + rnd.sample(words, 50)
    found_any = 0
    for q in probes:
        brute = sorted((c, int(d)) for c, d, _ in process.extract(q, words, scorer=OSA.distance,
                                                                score_cutoff=k, limit=None))
        assert sorted(index.near(q, k)) == brute, q
        found_any += bool(brute)
    assert found_any > 100  # the probes really test something


def test_distance_above_the_index_is_refused():
    with pytest.raises(ValueError):
        TypoIndex(["boek"], max_distance=1).near("boek", 2)


def test_correction_through_the_typo_index():
    vocab = Vocabulary({"bibliotheek": 500, "bibliotheken": 80, "hemel": 40, "helm": 2, "wet": 300, "weg": 30,
                        "uniek": 1})
    assert correct_word("bibliotheeek", vocab) == "bibliotheek"
    assert correct_word("hemle", vocab) == "hemel"  # a transposition is one typo
    assert correct_word("weg", vocab) is None  # a known short word is left alone
    assert correct_word("unieke", vocab) is None  # a word found once is never a correction
