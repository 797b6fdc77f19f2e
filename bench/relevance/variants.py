"""Known-item queries: a title typed the five ways people type it.

* ``exact``  the title as catalogued;
* ``folded`` lower case without accents ("Proteïnen" -> "proteinen");
* ``words``  two or three consecutive content words of it (titles of one word have none);
* ``typo``   the title with one typing error in one word of five letters or more: a letter
  substituted, two neighbours swapped or a letter dropped, never the first letter (people rarely
  miss that one). A swap is one edit in the Damerau sense (optimal string alignment).
* ``words_typo`` two consecutive content words, lower case, one of them (five letters or more)
  with such a typo: "stem celsl". The hard case for spelling: one other word to judge it by.

Every choice comes from a random generator seeded with the record id and a fixed seed, so the
queries are the same on every machine and every run, whatever the order of the records.
"""
from __future__ import annotations

import random
import re
import string
from functools import lru_cache

from stop_words import get_stop_words
from unidecode import unidecode

VARIANTS = ("exact", "folded", "words", "typo", "words_typo")
SEED = 20240611
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    # Titles are Dutch or English (most dissertations are English).
    return frozenset(get_stop_words("dutch")) | frozenset(get_stop_words("english"))


def _rng(key: str, what: str, seed: int) -> random.Random:
    return random.Random(f"{seed}:{what}:{key}")


def folded(title: str) -> str:
    return unidecode(title).lower()


def words(title: str, key: str, seed: int = SEED) -> str | None:
    """Two or three consecutive content words (stop words between them skipped), or None."""
    tokens = _WORD.findall(title)
    if len(tokens) < 2:
        return None
    content = [t for t in tokens if t.lower() not in stop_words()]
    pool = content if len(content) >= 2 else tokens
    rng = _rng(key, "words", seed)
    n = min(rng.choice((2, 3)), len(pool))
    start = rng.randrange(len(pool) - n + 1)
    return " ".join(pool[start:start + n])


def typo(title: str, key: str, seed: int = SEED) -> str | None:
    """The title with one edit in one word of at least five letters, or None when it has none."""
    candidates = [m for m in _WORD.finditer(title) if len(m.group()) >= 5 and m.group().isalpha()]
    if not candidates:
        return None
    rng = _rng(key, "typo", seed)
    m = rng.choice(candidates)
    wrong = misspell(m.group(), rng)
    return title[:m.start()] + wrong + title[m.end():]


def misspell(word: str, rng: random.Random) -> str:
    """One substitution, adjacent transposition or deletion, never at the first letter."""
    ops = ["substitute", "delete"]
    if any(word[i] != word[i + 1] for i in range(1, len(word) - 1)):
        ops.append("transpose")
    op = rng.choice(ops)
    if op == "transpose":
        spots = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
        i = rng.choice(spots)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    i = rng.randrange(1, len(word))
    if op == "delete":
        return word[:i] + word[i + 1:]
    old = word[i]
    letter = rng.choice([c for c in string.ascii_lowercase if c != old.lower()])
    return word[:i] + (letter.upper() if old.isupper() else letter) + word[i + 1:]


def variants(title: str, key: str, seed: int = SEED) -> dict[str, str]:
    """Every way of typing `title` that applies to it, by variant name."""
    out = {"exact": title, "folded": folded(title)}
    w = words(title, key, seed)
    if w:
        out["words"] = w
    t = typo(title, key, seed)
    if t:
        out["typo"] = t
    wt = words_typo(title, key, seed)
    if wt:
        out["words_typo"] = wt
    return out


def words_typo(title: str, key: str, seed: int = SEED) -> str | None:
    """Two consecutive content words, one of them (of five letters or more) with one typo."""
    tokens = [t for t in _WORD.findall(title) if t.lower() not in stop_words()]
    rng = _rng(key, "words_typo", seed)
    pairs = [i for i in range(len(tokens) - 1)
             if any(len(w) >= 5 and w.isalpha() for w in tokens[i:i + 2])]
    if not pairs:
        return None
    i = rng.choice(pairs)
    pair = tokens[i:i + 2]
    j = rng.choice([k for k in (0, 1) if len(pair[k]) >= 5 and pair[k].isalpha()])
    pair[j] = misspell(pair[j], rng)
    return " ".join(pair).lower()


def osa_distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit (optimal string alignment)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]
