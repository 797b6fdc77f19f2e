"""Completions for the search box, from the index's own vocabulary: whole titles, authors and
series that begin with what was typed, each with its kind, ranked by how many records it leads to.

What was typed is folded (`ontdekking van` and `Ontdékking van` alike) and looked up as a prefix
of the folded whole values in the keyword views of the fields with `complete` (`indexer.fields`):
a title also without its leading article ("ontdekking" finds "De ontdekking van de hemel"), an
author either way round ("mulisch" and "harry mul" both find "Mulisch, Harry"). Each is shown as catalogued. The
kinds are ranked together by their counts (the number of records, editions included), a title
before an author before a series at equal counts. Only when none begins with what was typed are
the words of titles, authors and subjects offered (`kind: "word"`), so a typo-free prefix of a
word inside a title still gets an answer.
"""
from __future__ import annotations

from indexer.analysis import exact_tokens, fold
from indexer.fields import BY_NAME, COMPLETE_FIELDS, SUGGEST_FIELDS, author_forms, series_name

MIN_WHOLE_PREFIX = 3
KINDS = ("title", "author", "series")  # the order at equal counts
FIELD_OF_KIND = {"title": "title", "author": "authors", "series": "series"}  # the record field shown


def suggest(snapshot, prefix: str, size: int = 8) -> list[dict]:
    """Completions of `prefix` from one index snapshot (`search_api.service.Snapshot`)."""
    text = prefix.strip()
    tokens = list(exact_tokens(text))
    if not tokens:
        return []
    folded = " ".join(tokens)
    typed = _whole(snapshot, folded, size) if len(folded) >= MIN_WHOLE_PREFIX else []
    if typed or prefix[-1:].isspace():
        return typed[:size]
    return _words(snapshot, tokens, size)


def _whole(snapshot, folded: str, size: int) -> list[dict]:
    sources = [(BY_NAME[n].complete, BY_NAME[n].keyword_field) for n in COMPLETE_FIELDS]
    found: list[tuple[int, int, str, dict]] = []
    seen: set[tuple[str, str]] = set()
    for kind, field in sources:
        for term, count in snapshot.terms_with_prefix(field, folded, limit=size):
            shown = _display(snapshot, kind, field, term)
            if not shown or (kind, fold(shown)) in seen:
                continue
            seen.add((kind, fold(shown)))
            found.append((-count, KINDS.index(kind), shown,
                          {"text": shown, "count": count, "field": FIELD_OF_KIND[kind], "kind": kind}))
    found.sort(key=lambda f: f[:3])
    return [f[3] for f in found]


def _display(snapshot, kind: str, field: str, term: str) -> str | None:
    """The value as catalogued (capitals, accents) for its folded key."""
    rec = snapshot.first_record(field, term)
    if not rec:
        return None
    if kind == "title":
        return rec["title"]  # the record the folded title (or it without its article) came from
    if kind == "series":
        return series_name(rec["series"]) if isinstance(rec.get("series"), str) else None
    for a in rec.get("authors") or []:
        for key, shown in author_forms(a.get("name") or ""):
            if key == term:
                return shown
    return None


def _words(snapshot, tokens: list[str], size: int) -> list[dict]:
    """The word being typed completed from the words of the suggest fields."""
    head, last = tokens[:-1], tokens[-1]
    scores: dict[str, tuple[int, str]] = {}
    for name in SUGGEST_FIELDS:
        for term, count in snapshot.terms_with_prefix(BY_NAME[name].exact_field, last, limit=size * 3):
            if term not in scores or count > scores[term][0]:
                scores[term] = (count, name)
    out = []
    for term, (count, name) in sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.append({"text": " ".join(head + [term]), "count": count, "field": name, "kind": "word"})
    return out[:size]
