"""Completions for the search box, from the index's own vocabulary, ranked by how many
records each completion leads to."""
from __future__ import annotations

from indexer.analysis import exact_tokens
from indexer.fields import BY_NAME

SUGGEST_FIELDS = ("title", "authors", "subjects")


def suggest(st, prefix: str, size: int = 8) -> list[dict]:
    text = prefix.strip()
    tokens = list(exact_tokens(text))
    if not tokens:
        return []
    head, last = tokens[:-1], tokens[-1]
    if text[-1:].isspace():  # the last word is complete: nothing to complete
        return []
    scores: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for name in SUGGEST_FIELDS:
        f = BY_NAME[name]
        for term, count in st.searcher.terms_with_prefix(f.exact_field, last, limit=size * 3):
            if term not in scores or count > scores[term]:
                scores[term] = count
                kinds[term] = name
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
    return [{"text": " ".join(head + [term]), "count": count, "field": kinds[term]} for term, count in ranked]
