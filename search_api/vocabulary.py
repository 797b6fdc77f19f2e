"""The index's own vocabulary: the words of the served generation with their document counts.

It serves spelling correction (did you mean), and Dutch compound handling, together with a
packaged Dutch word list (wordfreq's Dutch frequency list) that says which parts of a compound
are words. Loaded once per generation, on first use, and shared by all requests.
"""
from __future__ import annotations

import bisect
import threading
from functools import lru_cache

from indexer.fields import BY_NAME, VOCAB_FIELDS

MIN_PART = 3  # shortest word that counts as a part of a compound ("huis", "lees", "wet")
DICTIONARY_SIZE = 120_000


@lru_cache(maxsize=1)
def dutch_words() -> dict[str, float]:
    """Dutch words from a packaged frequency list (folded like the index's exact view), with
    their Zipf frequency (log10 of occurrences per billion words)."""
    from wordfreq import top_n_list, zipf_frequency

    from indexer.analysis import exact_tokens

    out: dict[str, float] = {}
    for w in top_n_list("nl", DICTIONARY_SIZE):
        toks = exact_tokens(w)
        if len(toks) == 1 and toks[0].isalpha() and toks[0] not in out:
            out[toks[0]] = zipf_frequency(w, "nl")
    return out


class Vocabulary:
    def __init__(self, df: dict[str, int]):
        self.df = df
        self.terms = sorted(df)
        self.reversed = sorted(t[::-1] for t in df)
        self._typos = None
        self._typos_lock = threading.Lock()
        # How common each word is in Dutch at large: a compound's parts must be real words.
        self.zipf = dutch_words()
        self._memo: dict = {}

    @classmethod
    def from_searcher(cls, searcher) -> Vocabulary:
        df: dict[str, int] = {}
        for name in VOCAB_FIELDS:
            field = BY_NAME[name].exact_field
            try:
                pairs = searcher.terms_with_prefix(field, "")
            except ValueError:
                continue
            for term, count in pairs:
                if count > df.get(term, 0):
                    df[term] = count
        return cls(df)

    @property
    def typos(self):
        """The typo index over the words found in at least two records (a correction must be
        found more than once), built on first use."""
        if self._typos is None:
            with self._typos_lock:
                if self._typos is None:
                    from search_api.typos import TypoIndex

                    self._typos = TypoIndex(t for t, n in self.df.items() if n >= 2)
        return self._typos

    @property
    def typos_built(self) -> bool:
        return self._typos is not None

    def count(self, term: str) -> int:
        return self.df.get(term, 0)

    def with_prefix(self, prefix: str, limit: int = 10_000) -> list[str]:
        i = bisect.bisect_left(self.terms, prefix)
        out = []
        while i < len(self.terms) and self.terms[i].startswith(prefix) and len(out) < limit:
            out.append(self.terms[i])
            i += 1
        return out

    def with_suffix(self, suffix: str, limit: int = 10_000) -> list[str]:
        rev = suffix[::-1]
        i = bisect.bisect_left(self.reversed, rev)
        out = []
        while i < len(self.reversed) and self.reversed[i].startswith(rev) and len(out) < limit:
            out.append(self.reversed[i][::-1])
            i += 1
        return out

    def memo(self, key, compute):
        """Per-generation memory for word-level answers (compound splits, expansions)."""
        try:
            return self._memo[key]
        except KeyError:
            if len(self._memo) > 100_000:
                self._memo.clear()
            value = self._memo[key] = compute()
            return value

    def zipf_of(self, w: str) -> float:
        return self.zipf.get(w, 0.0)


class VocabularyCache:
    """One Vocabulary per generation, built on first use (thread-safe), with its typo index.

    The key is (generation, modification time). After an incremental update of the same
    generation the vocabulary it had keeps serving while the new one is built in the background
    (a few new words are not worth seconds of waiting); a new generation waits for its own."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._vocab: Vocabulary | None = None
        self._building = None

    def get(self, key, searcher) -> Vocabulary:
        if self._key == key and self._vocab is not None:
            return self._vocab
        with self._lock:
            if self._key == key and self._vocab is not None:
                return self._vocab
            if self._vocab is not None and self._key[0] == key[0]:
                if self._building != key:
                    self._building = key
                    threading.Thread(target=self._rebuild, args=(key, searcher), daemon=True,
                                     name="vindplaats-vocabulary").start()
                return self._vocab
            vocab = Vocabulary.from_searcher(searcher)
            self._vocab, self._key = vocab, key
            return vocab

    def ready(self, key) -> bool:
        v = self._vocab
        return self._key == key and v is not None and v.typos_built

    def _rebuild(self, key, searcher) -> None:
        try:
            vocab = Vocabulary.from_searcher(searcher)
            vocab.typos  # noqa: B018 - built here, not by the first search that needs it
        except Exception:  # noqa: BLE001 - the next request builds it in the foreground and fails loudly
            with self._lock:
                self._building = None
            return
        with self._lock:
            if self._building == key:
                self._vocab, self._key, self._building = vocab, key, None
