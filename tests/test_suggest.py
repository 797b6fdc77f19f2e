"""Autocomplete offers whole titles, authors and series, each with its kind, ranked by the
records it leads to; single words only when no whole value begins with what was typed."""
from __future__ import annotations

from collections import Counter

from indexer.analysis import fold
from indexer.fields import series_name
from search_api.models import Suggestions
from search_api.suggest import KINDS


def _suggest(client, q: str) -> list[dict]:
    r = client.get("/api/v1/suggest", params={"q": q})
    assert r.status_code == 200
    Suggestions.model_validate_json(r.content)
    return r.json()["suggestions"]


def test_an_author_either_way_round(client, sample_records):
    names = Counter(a["name"] for r in sample_records for a in r.get("authors") or [])
    name = next(n for n in names if "," not in n and len(n.split()) == 2 and names[n] >= 3)
    first, last = name.split()
    for typed in (f"{first} {last[:3]}", last[:5].lower()):
        got = _suggest(client, typed)
        author = next(s for s in got if s["kind"] == "author" and s["text"] == name)
        assert author["field"] == "authors"
        assert author["count"] == sum(any(a["name"] == name for a in r.get("authors") or []) for r in sample_records)


def test_a_title_also_without_its_article(client, sample_records):
    title = next(r["title"] for r in sample_records if r["title"].startswith("De ") and len(r["title"]) > 12)
    typed = fold(title).split(" ", 1)[1][:8]  # "ontdekk" for "De ontdekking van de hemel"
    got = _suggest(client, typed)
    assert any(s["kind"] == "title" and s["text"] == title for s in got), (typed, got)


def test_a_series_without_its_numbering(client, sample_records):
    series = Counter(series_name(r["series"]) for r in sample_records if r.get("series"))
    name, n = series.most_common(1)[0]
    got = _suggest(client, name[:5])
    hit = next(s for s in got if s["kind"] == "series" and s["text"] == name)
    assert hit["field"] == "series" and hit["count"] == n
    assert not any(" ; " in s["text"] for s in got if s["kind"] == "series")


def test_whole_values_before_words_and_ranked_by_count(client):
    for typed in ("bibl", "leesl", "mul", "hem"):
        got = _suggest(client, typed)
        assert got, typed
        assert {s["kind"] for s in got} <= set(KINDS), (typed, got)  # no single words beside them
        keys = [(-s["count"], KINDS.index(s["kind"])) for s in got]
        assert keys == sorted(keys), typed
        assert all(fold(s["text"]).startswith(typed) or f" {typed}" in fold(s["text"]) for s in got), got


def test_a_word_when_nothing_whole_begins_with_it(client):
    got = _suggest(client, "gracht")  # inside titles only ("De bibliotheek aan de gracht")
    assert got and all(s["kind"] == "word" for s in got)
    assert _suggest(client, "qqxqz") == []
