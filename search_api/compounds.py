"""Dutch compound words at query time.

Dutch writes compounds as one word: ``kinderboeken``, ``huisdieren``, ``leesbevordering``. A
patron who types ``dieren`` also wants ``huisdieren`` and ``dierenboeken``; one who types
``kinderboeken`` also wants a record that says ``boeken voor kinderen``. Both directions are
handled here, at query time, from the index's own vocabulary (which compounds exist here) and
a packaged Dutch word-frequency list (which strings are Dutch words, and how common):

* ``split``: a compound typed in the query is split into two words (allowing the linking ``s``,
  ``e`` or ``en``), and the parts are searched together;
* ``compounds_containing``: index words made of the typed word (or its singular/plural) and
  another Dutch word, as head (``huis|dieren``) or modifier (``dieren|boek``).

The expansions are scored below the word as typed (pipeline.COMPOUND_WEIGHT). Doing this at
query time keeps the index independent of the word list: a better list needs no rebuild.
"""
from __future__ import annotations

from indexer.analysis import stem_tokens
from search_api.vocabulary import Vocabulary

LINKS = ("s", "en", "e")  # Dutch linking morphemes: rijk-s-wet, boek-en-kast
# Prefixes that make verbs and nouns of a word (ver-ouderen, ont-dekking): never a compound part.
PREFIXES = frozenset({"ver", "ont", "her", "mis", "be", "ge", "er", "te", "on", "an", "in"})
# Suffixes that make adjectives and nouns (ouder-lijk, vrij-heid) and happen to be words too.
SUFFIXES = frozenset({"lijk", "heid", "baar", "loos", "schap", "dom", "achtig", "ing", "isch", "ische",
                      "tje", "ster", "zaam", "matig"})
PART_ZIPF = 3.0  # a part of at least 4 letters must be a common Dutch word
SHORT_PART_ZIPF = 4.5  # a 3-letter part (wet, dag, pas) must be very common
REST_ZIPF = 2.5  # the other half of a compound found in the index
SPLIT_MARGIN = 0.2  # a compound is rarer than its parts; a word as common as its "parts" is none
MAX_EXPANSIONS = 40


def _part_ok(w: str, vocab: Vocabulary, min_zipf: float = PART_ZIPF) -> bool:
    if not w.isalpha() or w in PREFIXES:
        return False
    z = vocab.zipf_of(w)
    if len(w) >= 4:
        return z >= min_zipf
    return len(w) == 3 and z >= SHORT_PART_ZIPF


def split(word: str, vocab: Vocabulary) -> list[str] | None:
    """`kinderboeken` → ['kinder', 'boeken']; None when the word is no compound of two words."""
    return vocab.memo(("split", word), lambda: _split(word, vocab))


def _split(word: str, vocab: Vocabulary) -> list[str] | None:
    if len(word) < 7 or not word.isalpha():
        return None
    best: tuple[float, list[str]] | None = None
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        if not _part_ok(right, vocab) or (vocab.count(right) == 0 and vocab.count(left) == 0):
            continue
        for cand in [left] + [left[: -len(link)] for link in LINKS if left.endswith(link)]:
            if _part_ok(cand, vocab):
                score = min(vocab.zipf_of(cand), vocab.zipf_of(right))
                if vocab.zipf_of(word) <= score - SPLIT_MARGIN and (best is None or score > best[0]):
                    best = (score, [cand, right])
                break
    return best[1] if best else None


def inflections(word: str, vocab: Vocabulary) -> set[str]:
    """The index's words with the same stem: `bibliotheek` and `bibliotheken` alike."""
    stems = stem_tokens(word)
    if len(stems) != 1:
        return {word}
    stem = stems[0]
    # Same stem and nearly the same letters: plural and singular, not every word the stemmer
    # happens to reduce to a short root (overheid → over).
    prefix = word[: max(4, len(word) - 3)]
    return {word} | {w for w in vocab.with_prefix(prefix, limit=2000)
                     if abs(len(w) - len(word)) <= 3 and stem_tokens(w) == (stem,)}


def _rest_ok(rest: str, vocab: Vocabulary, head_side: bool) -> bool:
    if not head_side and rest in SUFFIXES:
        return False
    if _part_ok(rest, vocab, REST_ZIPF):
        return True
    # The linking morpheme sits between the modifier and the head.
    for link in LINKS:
        if head_side:
            core = rest[: -len(link)] if rest.endswith(link) else None
        else:
            core = rest[len(link):] if rest.startswith(link) else None
        if core and _part_ok(core, vocab, REST_ZIPF):
            return True
    return False


def compounds_containing(word: str, vocab: Vocabulary, limit: int = MAX_EXPANSIONS) -> list[str]:
    """Index words made of `word` (in any inflection) and another Dutch word, most frequent first."""
    return vocab.memo(("containing", word, limit), lambda: _containing(word, vocab, limit))


def _containing(word: str, vocab: Vocabulary, limit: int) -> list[str]:
    if len(word) < 4 or not word.isalpha():
        return []
    forms = inflections(word, vocab)
    found: set[str] = set()
    for form in forms:
        for term in vocab.with_prefix(form):
            if term not in forms and _rest_ok(term[len(form):], vocab, head_side=False):
                found.add(term)
        for term in vocab.with_suffix(form):
            if term not in forms and _rest_ok(term[: -len(form)], vocab, head_side=True):
                found.add(term)
    return sorted(found, key=lambda t: (-vocab.count(t), t))[:limit]
