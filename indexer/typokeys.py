"""The keys of the typo index: which vocabulary words a word's deletions lead to.

SymSpell's symmetric-delete scheme (Wolf Garbe): two words within edit distance k share a string
that both reach by deleting at most k characters. Every vocabulary word's deletions are listed
once, per generation; a query word's deletions are looked up in that list (`ids_near`), and
search_api.typos checks the few words found with the real distance.

Only the first `PREFIX` characters are expanded (SymSpell's prefix rule: a typo further on leaves
the prefix alone, so the word is still found through its unchanged prefix), which bounds the
list at about 22 entries per word. The list is one sorted array of 64-bit integers, the hash of
a deletion in the high bits and the word's number in the low bits: about 8 bytes per entry,
against well over 100 for a dict of strings. A hash collision only adds a candidate that the
distance check then drops.

The hash is CRC-32 of the UTF-8 bytes, not Python's `hash()`: that one is salted per process, and
these keys are written once at build time (indexer.vocabfile) and read by every server worker.
"""
from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence

PREFIX = 6
MAX_DISTANCE = 2
HASH_BITS = 32  # CRC-32
ID_BITS = 63 - HASH_BITS  # up to 2 billion words, and the key stays a positive signed 64-bit integer
ID_MASK = (1 << ID_BITS) - 1
# Keys are sorted bucket by bucket (by the hash's top bits), so that building never holds more than
# the packed keys and one bucket as Python integers: at 18 million records that is the difference
# between about 1 GB and well over 10.
BUCKET_BITS = 8


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


def key_hash(s: str) -> int:
    return zlib.crc32(s.encode())


def build_keys(words: Iterable[str], max_distance: int = MAX_DISTANCE, prefix: int = PREFIX) -> array:
    """The sorted keys of `words` (numbered in the order given)."""
    shift = HASH_BITS - BUCKET_BITS + ID_BITS
    buckets = [array("q") for _ in range(1 << BUCKET_BITS)]
    for i, w in enumerate(words):
        if i > ID_MASK:
            raise ValueError(f"vocabulary of more than {ID_MASK} words is larger than the typo index holds")
        for d in deletions(w[:prefix], max_distance):
            key = (key_hash(d) << ID_BITS) | i
            buckets[key >> shift].append(key)
    out = array("q")
    for b in buckets:
        out.extend(sorted(b))
        del b[:]
    return out


def ids_near(keys: Sequence[int], word: str, k: int, prefix: int = PREFIX) -> set[int]:
    """The numbers of the words sharing a deletion (of at most k characters) with `word`: every
    word within distance k, and a few more that the caller's distance check drops."""
    ids: set[int] = set()
    n = len(keys)
    for d in deletions(word[:prefix], k):
        h = key_hash(d)
        i = bisect_left(keys, h << ID_BITS)
        while i < n and keys[i] >> ID_BITS == h:
            ids.add(keys[i] & ID_MASK)
            i += 1
    return ids
