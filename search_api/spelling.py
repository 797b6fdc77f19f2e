"""Did you mean: spelling that respects the patron.

A word the index knows, in any searchable field and in any form it was analysed into (as typed,
folded, stemmed, or as a part of an indexed compound), is never replaced and never offered as a
correction: "dieren", "letter" and "heaven" are what the patron meant, whatever the neighbouring
words are. Only a word the index does not know gets candidates: index words within a distance
that grows with the word's length (`allowed_distance`, Damerau-Levenshtein as optimal string
alignment: a swap of two letters is one typo), from the symmetric-delete typo index.

The candidates of each unknown word are ranked by their distance and their frequency here; the
service then counts each corrected query against the index: the records it finds (every other
word required with the candidate: what the candidate finds *with* the other words, not alone),
and of those the records whose title has the words side by side in the order typed
(`Correction.together`). `rank` orders the corrections by these counts rather than by how
frequent a candidate is: in "scace river" the rare "scarce" stands beside "river" in a title and
the frequent "scale" does not. The service substitutes one for a search that found nothing only
when it is `confident`. A stop word is no candidate: it is optional in a search, so a correction
to one ("donr" → "door") would drop the word rather than correct it.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from indexer.analysis import exact_tokens, is_stop_word, stem_tokens, word_spans
from search_api.vocabulary import Vocabulary

SHORT_WORD = 7  # up to this many letters one typo, beyond it two
MIN_LENGTH = 3  # shorter words are too ambiguous to correct ("ik", "op")
CANDIDATES = 3  # per unknown word, the closest and most frequent ones kept for ranking
MAX_QUERIES = 9  # corrected queries counted against the index at most
TOGETHER_WORDS = 4  # up to this many words a query's corrections are also counted with the words in title order
MIN_COUNT = 2  # a correction must occur in at least this many records (a word found once may be a typo too)
# The best corrected query is confident when it finds this many times more than the runner-up at
# the same distance (or the runner-up finds nothing, or is further away).
LEAD = 3.0
# ... or when the records its runner-up finds are mostly (this share) records it finds too.
SHARED = 0.5
# A word this common in Dutch (wordfreq's Zipf scale) is a word, not a slip: it is never swapped for
# another Dutch word in the patron's place ("schaken" is no typo of "schakel"), only offered. Its
# English spelling may be searched instead ("toerisme" → "tourism"): the catalogue holds many
# English records, and one letter apart the two words mean the same.
DUTCH_WORD_ZIPF = 3.5


def allowed_distance(word: str) -> int:
    return 1 if len(word) <= SHORT_WORD else 2


@dataclass(frozen=True)
class Candidate:
    word: str
    distance: int
    count: int  # records holding the word (the vocabulary's document frequency)


@dataclass(frozen=True)
class Correction:
    """A corrected query: the text to search and what was changed in it."""
    text: str
    changes: tuple[tuple[str, str], ...]  # (typed word, its correction), in query order
    distance: int
    count: int  # the corrected words' lowest record count
    found: int | None = None  # matches of the corrected query with the other words (None: not counted)
    confident: bool = False
    # Of those, the records with the corrected words side by side in a title, in the order typed
    # (search_api.pipeline.title_order_query; None: not counted, or a query of one word).
    together: int | None = None


def correctable(word: str) -> bool:
    return len(word) >= MIN_LENGTH and word.isalpha() and not is_stop_word(word)


def candidates(word: str, vocab: Vocabulary, limit: int = CANDIDATES) -> list[Candidate]:
    """Index words close to an unknown `word`, closest first, then most frequent."""
    if not correctable(word):
        return []
    out = []
    for cand, dist in vocab.typos.near(word, allowed_distance(word)):
        if dist == 0 or cand == word or is_stop_word(cand):
            continue
        n = vocab.count(cand)
        if n >= MIN_COUNT:
            out.append(Candidate(cand, int(dist), n))
    out.sort(key=lambda c: (c.distance, -c.count, c.word))
    return out[:limit]


def unknown_words(words: Iterable[str], known: Callable[[str], bool]) -> list[str]:
    """The words of a query that the index does not know, each once."""
    return [w for w in dict.fromkeys(words) if correctable(w) and not known(w)]


def corrections(q: str, words: Iterable[str], vocab: Vocabulary, known: Callable[[str], bool]) -> list[Correction]:
    """The corrected queries worth counting: every unknown word replaced by one of its candidates
    (its best ones, combined over the words), best first by distance and frequency. Empty when
    every word is known or no unknown word has a candidate."""
    unknown = unknown_words(words, known)
    options = [[(w, c) for c in candidates(w, vocab)] for w in unknown]
    options = [o for o in options if o]
    out = []
    for combo in itertools.islice(itertools.product(*options), MAX_QUERIES) if options else ():
        changes = tuple((w, c.word) for w, c in combo)
        out.append(Correction(replace_words(q, dict(changes)), changes, sum(c.distance for _, c in combo),
                              min(c.count for _, c in combo)))
    out.sort(key=lambda c: (c.distance, -c.count))
    return out


def rank(counted: list[Correction]) -> Correction | None:
    """The best of the counted corrections: one that finds something over one that does not, then
    the closest, then one whose words stand together in a title over one whose words do not, then
    the one finding most, then the most frequent words; `confident` when it finds something and
    clearly leads the next one: it finds or is found several times as often, or only its words
    stand together in a title."""
    if not counted:
        return None
    order = sorted(counted, key=lambda c: (not c.found, c.distance, not c.together, -(c.found or 0), -c.count))
    best = order[0]
    if not best.found or any(dutch_word(typed) and dutch_word(fixed) for typed, fixed in best.changes):
        return best
    # A rival is a correction to other words: "cells" is no rival of "cell", nor "experiences" of
    # "experience" (one stem, the same records), so two inflections do not make a correction unsure.
    runner = next((c for c in order[1:] if c.found and _stems(c) != _stems(best)), None)
    confident = (runner is None or runner.distance > best.distance
                 or best.found >= LEAD * runner.found or best.count >= LEAD * runner.count
                 or bool(best.together and not runner.together))
    return replace(best, confident=confident)


def runner_up(best: Correction, counted: list[Correction]) -> Correction | None:
    """The best found correction to other words than `best`'s, at `best`'s distance."""
    rivals = [c for c in counted if c.found and c.distance == best.distance and _stems(c) != _stems(best)]
    return max(rivals, key=lambda c: (c.found, c.count), default=None)


def _stems(c: Correction) -> tuple[tuple[str, ...], ...]:
    return tuple(stem_tokens(fixed) for _, fixed in c.changes)


@lru_cache(maxsize=50_000)
def dutch_word(word: str) -> bool:
    """A common Dutch word, more common in Dutch than in English."""
    from wordfreq import zipf_frequency

    nl = zipf_frequency(word, "nl")
    return nl >= DUTCH_WORD_ZIPF and nl >= zipf_frequency(word, "en")


def replace_words(q: str, changes: dict[str, str]) -> str:
    """`q` with each word whose folded form is a key replaced by its value; everything else
    (field prefixes, quotes, operators, capitals of the other words) as typed."""
    out, last = [], 0
    for start, end, text in word_spans(q):
        toks = exact_tokens(text)
        if len(toks) == 1 and toks[0] in changes:
            out.append(q[last:start])
            out.append(changes[toks[0]])
            last = end
    out.append(q[last:])
    return "".join(out)


def correct_word(word: str, vocab: Vocabulary, known: Callable[[str], bool] | None = None) -> str | None:
    """The closest, most frequent correction of a word the index does not know, or None (for a
    long query, where a word's correction is one more alternative, not a replacement)."""
    if (known or (lambda w: vocab.count(w) > 0))(word):
        return None
    found = candidates(word, vocab, limit=1)
    return found[0].word if found else None
