"""The index's own vocabulary: the words of the served generation with their document counts.

It serves spelling correction (did you mean), and Dutch compound handling, together with a
packaged Dutch word list (wordfreq's Dutch frequency list) that says which parts of a compound
are words. Loaded once per generation, on first use, and shared by all requests.

A generation built by this version carries its vocabulary and typo index in a file written at
build time (indexer.vocabfile), which every worker maps (`MappedVocabulary`: shared pages, nothing
to build, warm at once). A generation without a fresh file (built before these files existed, or
updated by a job that did not write it again) gets the same vocabulary read from its term
dictionaries and built in memory (`Vocabulary`), in each worker, as before.
"""
from __future__ import annotations

import bisect
import math
import threading
import time
from functools import lru_cache
from pathlib import Path

from indexer import vocabfile

MIN_PART = 3  # shortest word that counts as a part of a compound ("huis", "lees", "wet")
DICTIONARY_SIZE = 120_000
# After an update's commit the served generation's vocabulary file is stale until the update has
# written it again (indexer.build.update: right after the commit). The vocabulary it had keeps
# serving meanwhile; the file is looked for again at most this often, and after REWRITE_WAIT
# without one the vocabulary is built in memory, as for a generation without a file.
RECHECK = 1.0
REWRITE_WAIT = 600.0


@lru_cache(maxsize=1)
def dutch_words() -> dict[str, float]:
    """Dutch words from a packaged frequency list (folded like the index's exact view), with
    their Zipf frequency (log10 of occurrences per billion words)."""
    from wordfreq import get_frequency_dict, top_n_list

    from indexer.analysis import exact_tokens

    # The list's own frequencies, turned into Zipf as wordfreq.zipf_frequency does (log10 of the
    # frequency per billion words, two decimals): asking zipf_frequency word by word tokenizes
    # each word again and took every worker ten seconds before its first search.
    freq = get_frequency_dict("nl")
    out: dict[str, float] = {}
    for w in top_n_list("nl", DICTIONARY_SIZE):
        toks = exact_tokens(w)
        if len(toks) == 1 and toks[0].isalpha() and toks[0] not in out:
            out[toks[0]] = round(math.log10(freq[w]) + 9, 2)
    return out


class _Answers:
    """What every vocabulary has beside its words: Dutch at large, and remembered answers."""

    def __init__(self):
        # How common each word is in Dutch at large: a compound's parts must be real words.
        self.zipf = dutch_words()
        self._memo: dict = {}

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


class Vocabulary(_Answers):
    """Built in memory from the words and their counts (a generation without a vocabulary file)."""

    def __init__(self, df: dict[str, int]):
        super().__init__()
        self.df = df
        self.terms = sorted(df)
        self.reversed = sorted(t[::-1] for t in df)
        self._typos = None
        self._typos_lock = threading.Lock()

    @classmethod
    def from_searcher(cls, searcher) -> Vocabulary:
        return cls(vocabfile.collect(searcher))

    @property
    def typos(self):
        """The typo index over the words found in at least two records (a correction must be
        found more than once), built on first use."""
        if self._typos is None:
            with self._typos_lock:
                if self._typos is None:
                    from search_api.typos import TypoIndex

                    self._typos = TypoIndex(t for t, n in self.df.items() if n >= vocabfile.MIN_TYPO_COUNT)
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

    def items(self):
        """Every word with its count, in word order."""
        return ((t, self.df[t]) for t in self.terms)


class MappedVocabulary(_Answers):
    """The generation's vocabulary file, memory-mapped: the same answers as `Vocabulary` built
    from the same generation, from pages every worker shares."""

    def __init__(self, mapped: vocabfile.MappedVocabulary):
        super().__init__()
        from search_api.typos import TypoIndex

        self._mapped = mapped
        self.typos = TypoIndex(mapped.typo_words, mapped.max_distance, mapped.prefix, keys=mapped.typo_keys)

    typos_built = True

    def count(self, term: str) -> int:
        return self._mapped.count(term)

    def with_prefix(self, prefix: str, limit: int = 10_000) -> list[str]:
        return self._mapped.with_prefix(prefix, limit)

    def with_suffix(self, suffix: str, limit: int = 10_000) -> list[str]:
        return self._mapped.with_suffix(suffix, limit)

    def items(self):
        return self._mapped.items()


class VocabularyCache:
    """One vocabulary per generation (thread-safe), with its typo index: the generation's
    vocabulary file when it has a fresh one, else built in memory on first use.

    The key is (generation, modification time). After an incremental update of the same
    generation the vocabulary it had keeps serving while the new one is found (the update writes
    the file again after its commit) or, without a file to wait for, built in the background (a
    few new words are not worth seconds of waiting); a new generation waits for its own."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._vocab: Vocabulary | MappedVocabulary | None = None
        self._building = None
        self._waiting: tuple | None = None  # (key, since, last looked) while an update's file is awaited

    def get(self, key, searcher, path: str | Path | None = None) -> Vocabulary | MappedVocabulary:
        if self._key == key and self._vocab is not None:
            return self._vocab
        with self._lock:
            if self._key == key and self._vocab is not None:
                return self._vocab
            update = self._vocab is not None and self._key[0] == key[0]
            if update and self._building == key:
                return self._vocab
            now = time.monotonic()
            waiting = self._waiting if self._waiting is not None and self._waiting[0] == key else None
            if update and waiting is not None and now - waiting[2] < RECHECK:
                return self._vocab
            mapped = vocabfile.load(path) if path is not None else None
            if mapped is not None:
                self._vocab, self._key, self._waiting = MappedVocabulary(mapped), key, None
                return self._vocab
            if not update:
                vocab = Vocabulary.from_searcher(searcher)
                self._vocab, self._key, self._waiting = vocab, key, None
                return vocab
            since = waiting[1] if waiting is not None else now
            if path is not None and (Path(path) / vocabfile.FILE).exists() and now - since < REWRITE_WAIT:
                # A stale file: the update that made it stale writes it again right after its commit.
                self._waiting = (key, since, now)
            else:
                self._waiting = None
                self._building = key
                threading.Thread(target=self._rebuild, args=(key, searcher), daemon=True,
                                 name="vindplaats-vocabulary").start()
            return self._vocab

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
