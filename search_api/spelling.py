"""Did you mean: spelling correction from the index's own vocabulary.

A word is corrected only when it is rare or absent in the index and a word within a small edit
distance is clearly more common. Candidates are compared with rapidfuzz's Levenshtein distance
over the words of similar length, so a correction always finds something in this index.
"""
from __future__ import annotations

from indexer.analysis import exact_tokens, is_stop_word
from search_api.vocabulary import Vocabulary


def max_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def correct_word(word: str, vocab: Vocabulary, strict: bool = True) -> str | None:
    """The likely intended word, or None. `strict` (the query found something) leaves words the
    index knows alone unless very rare; when nothing was found, a known word that is five times
    rarer than a neighbour one typo away may be the slip ("hemle" → "hemel")."""
    if len(word) < 3 or is_stop_word(word) or not word.isalpha():
        return None
    own = vocab.count(word)
    k = max_distance(word)
    best = None
    for cand, dist in vocab.typos.near(word, k):
        if cand == word or dist == 0:
            continue
        n = vocab.count(cand)
        # A word the index knows is only corrected when it is very rare next to a long, very
        # common neighbour; "weg" is never turned into "wet", however common "wet" is.
        if own and strict and (len(word) < 6 or n < own * 50):
            continue
        if own and not strict and n < own * 5:
            continue
        if n < 2:
            continue
        key = (dist, -n)
        if best is None or key < best[0]:
            best = (key, cand)
    return best[1] if best else None


def correct_query(text: str, vocab: Vocabulary, strict: bool = True) -> str | None:
    """The query with misspelled words replaced, or None when nothing needs correcting."""
    words = list(exact_tokens(text))
    changed = False
    out = []
    for w in words:
        c = correct_word(w, vocab, strict)
        if c:
            changed = True
        out.append(c or w)
    return " ".join(out) if changed else None
