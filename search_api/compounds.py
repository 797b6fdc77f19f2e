"""Dutch compound words at query time.

Dutch writes compounds as one word: ``kinderboeken``, ``huisdieren``, ``leesbevordering``. A
patron who types ``dieren`` also wants ``huisdieren`` and ``dierenboeken``; one who types
``kinderboeken`` also wants a record that says ``boeken voor kinderen``. Both directions are
handled here, at query time, from the index's own vocabulary and a packaged Dutch word list:

* ``split``: a compound typed in the query is split into two words (with the linking ``s``,
  ``e`` or ``en`` of Dutch compounds), and the parts are searched together;
* ``compounds_containing``: index words that contain the typed word as their head or
  modifier, where the rest is a Dutch word too (``huis`` + ``dieren``).

The expansions are scored below the word as typed (see pipeline.COMPOUND_WEIGHT). Doing this at
query time keeps the index independent of any dictionary: a new word list needs no rebuild.
"""
from __future__ import annotations

from search_api.vocabulary import MIN_PART, Vocabulary

LINKS = ("s", "en", "e")  # Dutch linking morphemes: rijks-wet, boeken-kast, kinder-e...
MIN_COMPOUND = 2 * MIN_PART + 1
MAX_EXPANSIONS = 40


def split(word: str, vocab: Vocabulary) -> list[str] | None:
    """`kinderboeken` → ['kinder', 'boeken']; None when the word is no compound of two words."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return None
    best: tuple[int, list[str]] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:i], word[i:]
        if not vocab.is_word(right):
            continue
        candidates = [left] + [left[: -len(link)] for link in LINKS if left.endswith(link)]
        for cand in candidates:
            if vocab.is_word(cand):
                score = min(len(cand), len(right))
                if best is None or score > best[0]:
                    best = (score, [cand, right])
                break
    return best[1] if best else None


def compounds_containing(word: str, vocab: Vocabulary, limit: int = MAX_EXPANSIONS) -> list[str]:
    """Index words made of `word` and another Dutch word, most frequent first."""
    if len(word) < 4 or not word.isalpha():
        return []
    found: set[str] = set()
    for term in vocab.with_prefix(word):
        rest = term[len(word):]
        if term != word and (vocab.is_word(rest) or any(rest.startswith(l) and vocab.is_word(rest[len(l):])
                                                         for l in LINKS)):
            found.add(term)
    for term in vocab.with_suffix(word):
        rest = term[: -len(word)]
        if term != word and (vocab.is_word(rest) or any(rest.endswith(l) and vocab.is_word(rest[: -len(l)])
                                                         for l in LINKS)):
            found.add(term)
    return sorted(found, key=lambda t: (-vocab.count(t), t))[:limit]
