"""Completions for the search box, from the index's own vocabulary, ranked by how many
records each completion leads to.

Two kinds, titles first: whole titles that begin with what was typed (folded, so `ontdekking
van` and `Ontdékking van` alike; the count is the number of records, editions included), then
completions of the word being typed from the words of titles, authors and subjects.
"""
from __future__ import annotations

from indexer.analysis import exact_tokens
from indexer.fields import BY_NAME, SUGGEST_FIELDS, TITLE_SORT_FIELD

MIN_TITLE_PREFIX = 3


def suggest(snapshot, prefix: str, size: int = 8) -> list[dict]:
    """Completions of `prefix` from one index snapshot (`search_api.service.Snapshot`)."""
    text = prefix.strip()
    tokens = list(exact_tokens(text))
    if not tokens:
        return []
    out: list[dict] = []
    seen: set[str] = set()
    folded = " ".join(tokens)
    if len(folded) >= MIN_TITLE_PREFIX:
        for term, count in snapshot.terms_with_prefix(TITLE_SORT_FIELD, folded, limit=size):
            title = _display_title(snapshot, term)
            if title and term not in seen:
                seen.add(term)
                out.append({"text": title, "count": count, "field": "title", "kind": "title"})
    if not prefix[-1:].isspace():  # the last word is still being typed
        head, last = tokens[:-1], tokens[-1]
        scores: dict[str, tuple[int, str]] = {}
        for name in SUGGEST_FIELDS:
            for term, count in snapshot.terms_with_prefix(BY_NAME[name].exact_field, last, limit=size * 3):
                if term not in scores or count > scores[term][0]:
                    scores[term] = (count, name)
        for term, (count, name) in sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0])):
            completion = " ".join(head + [term])
            if completion in seen:
                continue
            seen.add(completion)
            out.append({"text": completion, "count": count, "field": name, "kind": "word"})
    return out[:size]


def _display_title(snapshot, folded_title: str) -> str | None:
    """The title as catalogued (capitals, accents) for a folded title."""
    rec = snapshot.first_record(TITLE_SORT_FIELD, folded_title)
    return rec["title"] if rec else None
