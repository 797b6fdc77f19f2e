"""Snippets: the passage of a stored text that best shows why it matched, with <mark> around
the matched words. Words are compared through the same Dutch analysis as the index, so
``bibliotheken`` is marked for the query ``bibliotheek`` and ``geëvalueerd`` for ``geevalueerd``."""
from __future__ import annotations

from markupsafe import escape

from indexer.analysis import exact_tokens, stem_tokens, word_spans

WINDOW_WORDS = 32


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
    spans = word_spans(text)
    if not spans:
        return str(escape(text[:300]))
    hits = [i for i, (_, _, w) in enumerate(spans) if terms and _matches(w, terms)]
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
    hit_set = set(hits)
    out: list[str] = []
    pos = begin
    for i in range(start_word, end_word):
        s, e, _ = spans[i]
        out.append(str(escape(text[pos:s])))
        if i in hit_set:
            out.append(f"<mark>{escape(text[s:e])}</mark>")
        else:
            out.append(str(escape(text[s:e])))
        pos = e
    out.append(str(escape(text[pos:end])))
    frag = "".join(out).strip()
    if begin > 0:
        frag = "… " + frag
    if end < len(text):
        frag = frag + " …"
    return " ".join(frag.split())
