"""Words within one or two typos of a word, from the index vocabulary, in microseconds.

SymSpell's symmetric-delete scheme (Wolf Garbe): two words within edit distance k share a string
that both reach by deleting at most k characters. Every vocabulary word's deletions are listed
once, per generation; a query word's deletions are looked up in that list, and the few words
found are checked with the real distance. Comparing the query word with every word of a similar
length instead costs tens of milliseconds per word in a vocabulary of a few hundred thousand.

Only the first `PREFIX` characters are expanded (SymSpell's prefix rule: a typo further on leaves
the prefix alone, so the word is still found through its unchanged prefix), which bounds the
list at about 22 entries per word. The list is one sorted array of 64-bit integers, the hash of
a deletion in the high bits and the word's number in the low bits: about 8 bytes per entry,
against well over 100 for a dict of strings. A hash collision only adds a candidate that the
distance check then drops.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable

from rapidfuzz.distance import OSA

PREFIX = 6
MAX_DISTANCE = 2
ID_BITS = 26  # up to 67 million words
HASH_BITS = 63 - ID_BITS
HASH_MASK = (1 << HASH_BITS) - 1
ID_MASK = (1 << ID_BITS) - 1


def deletions(word: str, k: int) -> set[str]:
    """The word and every string made from it by deleting at most k characters."""
    out = {word}
    edge = {word}
    for _ in range(k):
        nxt = set()
        for w in edge:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1:])
        nxt -= out
        out |= nxt
        edge = nxt
    return out


class TypoIndex:
    def __init__(self, words: Iterable[str], max_distance: int = MAX_DISTANCE, prefix: int = PREFIX):
        self.words = list(words)
        if len(self.words) > ID_MASK:
            raise ValueError(f"vocabulary of {len(self.words)} words is larger than the typo index holds")
        self.max_distance, self.prefix = max_distance, prefix
        entries = []
        add = entries.append
        for i, w in enumerate(self.words):
            for d in deletions(w[:prefix], max_distance):
                add(((hash(d) & HASH_MASK) << ID_BITS) | i)
        entries.sort()
        self._keys = array("q", entries)

    def __len__(self) -> int:
        return len(self._keys)

    def near(self, word: str, k: int) -> list[tuple[str, int]]:
        """Vocabulary words within OSA distance k of `word` (k <= max_distance), with their
        distance, the word itself included when present."""
        if k > self.max_distance:
            raise ValueError(f"distance {k} is above the index's {self.max_distance}")
        keys, words = self._keys, self.words
        ids: set[int] = set()
        for d in deletions(word[:self.prefix], k):
            h = hash(d) & HASH_MASK
            i = bisect_left(keys, h << ID_BITS)
            while i < len(keys) and keys[i] >> ID_BITS == h:
                ids.add(keys[i] & ID_MASK)
                i += 1
        out = []
        for i in ids:
            cand = words[i]
            if abs(len(cand) - len(word)) > k:
                continue
            dist = OSA.distance(word, cand, score_cutoff=k)
            if dist <= k:
                out.append((cand, dist))
        return out
