"""Dutch analysis, declared once and used identically at index and at query time.

Every full-text field is indexed in two views (as Meresco does for the Dutch NBC+):

* ``exact``: words lower-cased and folded to ASCII (ë→e, é→e, ĳ→ij), not stemmed;
* ``stem``:  the same, then reduced by the Dutch Snowball stemmer
  (``bibliotheken``/``bibliotheek`` → ``bibliotheek``).

The analyzers are tantivy's own (Rust) filter chains, registered under fixed names on every
index we open; the query side analyses with the *same* objects through ``TextAnalyzer.analyze``,
so a word can never be analysed differently at the two ends. Non-Latin scripts (Cyrillic,
Arabic, Japanese titles from MARC 880 fields) pass through unfolded and unstemmed, so they are
findable in their own script.
"""
from __future__ import annotations

import re
from functools import lru_cache

import tantivy
from stop_words import get_stop_words
from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

EXACT = "nl_exact"
STEM = "nl_stem"
RAW = "raw"

# Tokens longer than this are debris (URLs, base64); tantivy would index them uselessly.
_MAX_TOKEN = 60


def _exact_analyzer() -> tantivy.TextAnalyzer:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(_MAX_TOKEN))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .build()
    )


def _stem_analyzer() -> tantivy.TextAnalyzer:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(_MAX_TOKEN))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .filter(Filter.stemmer("dutch"))
        .build()
    )


_ANALYZERS = {EXACT: _exact_analyzer(), STEM: _stem_analyzer()}

# The Snowball project's Dutch stop-word list. Stop words are indexed (an exact title such as
# "De ontdekking van de hemel" must match word for word); the query side only makes them optional.
STOP_WORDS: frozenset[str] = frozenset(get_stop_words("dutch"))


def register_analyzers(index: tantivy.Index) -> None:
    """Make the Dutch analyzers known to an index (needed on every open, for writing and querying)."""
    for name, analyzer in _ANALYZERS.items():
        index.register_tokenizer(name, analyzer)


@lru_cache(maxsize=200_000)
def exact_tokens(text: str) -> tuple[str, ...]:
    """The exact (folded, unstemmed) view of ``text``, token by token."""
    return tuple(_ANALYZERS[EXACT].analyze(text))


@lru_cache(maxsize=200_000)
def stem_tokens(text: str) -> tuple[str, ...]:
    """The stemmed view of ``text``, token by token (aligned with ``exact_tokens``)."""
    return tuple(_ANALYZERS[STEM].analyze(text))


def fold(text: str) -> str:
    """Lower-cased, diacritics-folded text with single spaces (for sorting, keys, suggestions)."""
    return " ".join(exact_tokens(text))


def is_stop_word(token: str) -> bool:
    return token in STOP_WORDS


_WORD = re.compile(r"\w+", re.UNICODE)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Words of ``text`` with their character offsets, for highlighting stored text."""
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
