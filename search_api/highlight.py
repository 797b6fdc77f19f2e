"""Snippets: the passage of a stored text that best shows why it matched, with <mark> around
the matched words. Words are compared through the same Dutch analysis as the index, so
``bibliotheken`` is marked for the query ``bibliotheek`` and ``geëvalueerd`` for ``geevalueerd``."""
from __future__ import annotations

from markupsafe import escape
from unidecode import unidecode

from indexer.analysis import exact_tokens, stem_tokens, word_spans

WINDOW_WORDS = 32
MAX_SCAN_CHARS = 20_000  # a snippet comes from the first pages of a long text


def _matches(word: str, terms: set[str]) -> bool:
    ex = exact_tokens(word)
    if not ex:
        return False
    if ex[0] in terms:
        return True
    st = stem_tokens(word)
    return bool(st) and st[0] in terms


def snippet(text: str | None, terms: set[str], max_words: int = WINDOW_WORDS) -> str:
    """An HTML fragment (escaped, with <mark>) of at most `max_words` words around the best match."""
    if not text:
        return ""
    spans = word_spans(text[:MAX_SCAN_CHARS])
    if not spans:
        return str(escape(text[:300]))
    # Only words that begin like a query term can match it: a cheap filter before analysis.
    heads = {t[:2] for t in terms if t}
    hits = []
    for i, (_, _, w) in enumerate(spans):
        head = w[:2].lower()
        if head not in heads and unidecode(head) not in heads:
            continue
        if _matches(w, terms):
            hits.append(i)
    start_word = 0
    if hits:
        # The window that holds the most matched words; ties go to the earliest.
        best, best_count, j = hits[0], 0, 0
        for i, h in enumerate(hits):
            while hits[j] < h - max_words + 1:
                j += 1
            if i - j + 1 > best_count:
                best_count, best = i - j + 1, hits[j]
        start_word = max(0, best - 3)
    end_word = min(len(spans), start_word + max_words)
    begin = spans[start_word][0] if start_word > 0 else 0
    end = spans[end_word - 1][1] if end_word < len(spans) else len(text)
    out: list[str] = []
    pos = begin
    for i in hits:
        if i < start_word or i >= end_word:
            continue
        s, e, _ = spans[i]
        out.append(str(escape(text[pos:s])))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(str(escape(text[pos:end])))
    frag = " ".join("".join(out).split())
    if begin > 0:
        frag = "… " + frag
    if end < len(text):
        frag = frag + " …"
    return frag
