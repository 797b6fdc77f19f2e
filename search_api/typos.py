"""Words within one or two typos of a word, from the index vocabulary, in microseconds.

The candidates come from the symmetric-delete keys of indexer.typokeys (a query word's deletions
looked up in the sorted keys of every vocabulary word's deletions); the few words found are then
checked with the real distance. Comparing the query word with every word of a similar length
instead costs tens of milliseconds per word in a vocabulary of a few hundred thousand.

The words and keys are either built here (a generation without a vocabulary file) or the
memory-mapped ones written at build time (indexer.vocabfile): any sequence of words, any
sequence of sorted keys.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz.distance import OSA

from indexer.typokeys import MAX_DISTANCE, PREFIX, build_keys, deletions, ids_near

__all__ = ["MAX_DISTANCE", "PREFIX", "TypoIndex", "deletions"]


class TypoIndex:
    def __init__(self, words: Iterable[str] | Sequence[str], max_distance: int = MAX_DISTANCE,
                 prefix: int = PREFIX, keys: Sequence[int] | None = None):
        self.words = words if keys is not None else list(words)
        self.max_distance, self.prefix = max_distance, prefix
        self._keys = keys if keys is not None else build_keys(self.words, max_distance, prefix)

    def __len__(self) -> int:
        return len(self._keys)

    def near(self, word: str, k: int) -> list[tuple[str, int]]:
        """Vocabulary words within OSA distance k of `word` (k <= max_distance), with their
        distance, the word itself included when present."""
        if k > self.max_distance:
            raise ValueError(f"distance {k} is above the index's {self.max_distance}")
        words = self.words
        out = []
        for i in ids_near(self._keys, word, k, self.prefix):
            cand = words[i]
            if abs(len(cand) - len(word)) > k:
                continue
            dist = OSA.distance(word, cand, score_cutoff=k)
            if dist <= k:
                out.append((cand, dist))
        return out
