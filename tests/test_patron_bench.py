"""The patron query bench (bench/patron): its query file, its judgments and its scoring, not its scores."""
from __future__ import annotations

from collections import Counter

import pytest

from bench.patron import expect
from bench.patron.expect import QueryFileError, parse_lines, parse_predicate, parse_query
from bench.patron.run import load_queries, record_words, score, source_records

MIN_PER_CATEGORY = dict.fromkeys(expect.CATEGORIES, 8) | {"not_held": 5}


@pytest.fixture(scope="module")
def queries():
    return load_queries()


def test_the_query_file_parses_and_is_big_enough(queries):
    assert len(queries) >= 150
    counts = Counter(q.category for q in queries)
    for category, least in MIN_PER_CATEGORY.items():
        assert counts[category] >= least, (category, counts[category])
    assert {q.index for q in queries} == {"sample", "real"}


def test_the_failure_cases_of_the_issue_are_in_the_set(queries):
    asked = {(q.q.lower(), q.index) for q in queries}
    for q in ("boeken over dieren voor kinderen", "grote letter thriller", "engelse boeken", "het achterhuis",
              "mulisch", "ijs van de wadden", "discovery of heaven"):
        assert (q, "real") in asked, q
    for q in ("harry potter", "dieren", "kinderboeken", "thrillers", "prentenboek", "luisterboek engels",
              "thriller luisterboek", "voor kinderen", "de ontdekking van de hemel", "hoe word ik lid",
              "e-books lenen"):
        assert (q, "sample") in asked, q


def _ids_of(index: str) -> dict[str, dict]:
    return {r["id"]: r for r in source_records(index)}


def _check_expectations(queries, index: str):
    records = _ids_of(index)
    for q in (q for q in queries if q.index == index):
        for rid in q.ids:
            assert rid in records, (q.q, rid)
            kind = records[rid]["type"]
            assert kind == ("article" if q.wants_article else "catalogue"), (q.q, rid, kind)
        if q.where is not None:
            # A predicate no record meets would make the query fail whatever the engine does.
            assert any(q.where.test(r) for r in records.values() if r["type"] == "catalogue"), (q.q, q.where.text)


def test_every_expected_answer_exists_in_the_sample_data(queries):
    _check_expectations(queries, "sample")


def test_every_expected_answer_exists_in_the_real_data(queries, shared_corpus):
    _check_expectations(queries, "real")


def test_predicates_read_lists_fold_accents_and_bind_and_tighter_than_or():
    p = parse_predicate("material=luisterboek and language=en or genre~thriller")
    assert p.test({"material": "luisterboek", "language": ["nl", "en"]})
    assert not p.test({"material": "luisterboek", "language": ["nl"]})
    assert p.test({"material": "boek", "genre": ["literaire thriller"]})
    assert parse_predicate("subjects=Fryslan").test({"subjects": ["Fryslân"]})
    assert parse_predicate("audience=4-6|7-9").test({"audience": "7-9"})
    assert parse_predicate("language!=nl").test({})  # no language at all is not Dutch
    assert parse_predicate("authors~mulisch").test({"authors": [{"name": "Mulisch, Harry", "role": "auteur"}]})


def test_the_parser_refuses_what_would_silently_score_wrong():
    ok = {"q": "x", "category": "topic", "index": "sample", "ids": ["ppn:1"]}
    assert parse_query(ok).ids == ("ppn:1",)
    for bad in ({**ok, "category": "topics"}, {**ok, "index": "live"}, {**ok, "where": "genre=roman"},
                {k: v for k, v in ok.items() if k != "ids"}, {**ok, "lang": "en"},
                {**ok, "category": "not_held"}, {**ok, "match": "edtion"}):
        with pytest.raises(QueryFileError):
            parse_query(bad)
    assert parse_lines(["# a comment", "", '{"q": "x", "category": "topic", "index": "sample", "ids": ["a"]}'])


def _body(*hits, query=None, notices=()):
    return {"query": query, "total": len(hits), "hits": list(hits), "notices": list(notices)}


BOOK = {"id": "ppn:2", "type": "catalogue", "title": "T", "edition_ids": ["ppn:1", "ppn:2"], "material": "boek"}
ARTICLE = {"id": "art:a", "type": "article", "title": "A"}


def test_scoring_a_work_an_edition_and_an_article_first():
    work = parse_query({"q": "t", "category": "known_exact", "index": "sample", "ids": ["ppn:1"]})
    edition = parse_query({"q": "t", "category": "known_exact", "index": "sample", "ids": ["ppn:1"],
                           "match": "edition"})
    known = {"t"}
    assert score(work, _body(BOOK, query="t"), known).ok1  # ppn:1 is an edition of the hit
    assert not score(edition, _body(BOOK, query="t"), known).ok1  # but not the one shown
    late = score(work, _body(ARTICLE, ARTICLE, BOOK, query="t"), known)
    assert (late.ok1, late.ok3) == (False, True) and late.flags == ["article_first"]
    service = parse_query({"q": "hoe", "category": "service", "index": "sample", "ids": ["art:a"]})
    assert score(service, _body(ARTICLE, BOOK, query="hoe"), {"hoe"}).ok1
    assert not score(service, _body(BOOK, ARTICLE, query="hoe"), {"hoe"}).ok1
    # A separate list of knowledge answers beside the catalogue is where a service answer is looked for.
    boxed = {**_body(BOOK, query="hoe"), "knowledge": [ARTICLE]}
    assert score(service, boxed, {"hoe"}).ok1


def test_a_replaced_query_of_known_words_is_flagged_and_fails_an_honest_zero():
    held = parse_query({"q": "harry potter", "category": "not_held", "index": "sample", "none": True})
    replaced = score(held, _body(BOOK, query="harry letter", notices=["..."]), {"harry", "potter"})
    assert replaced.changed and not replaced.ok1 and replaced.flags == ["changed_known_words"]
    assert score(held, _body(query="harry potter"), {"harry"}).ok1  # nothing found, said so
    assert not score(held, _body(BOOK, query="harry potter"), {"harry"}).ok1  # a book shown as the answer
    mulisch = {**BOOK, "title": "Harry Mulisch ontdekt"}
    assert score(held, _body(mulisch, query="harry potter", notices=["any word"]), {"harry"}).ok1
    # Part of the words, said so, but the part is a stop word: "het" of "het achterhuis" finds anything.
    achterhuis = parse_query({"q": "het achterhuis", "category": "not_held", "index": "real", "none": True})
    het = {**BOOK, "title": "Het nieuws", "snippet": "<mark>Het</mark> nieuws"}
    assert not score(achterhuis, _body(het, query="het achterhuis", notices=["any word"]), {"het"}).ok1
    attic = {**BOOK, "title": "Anne in het achterhuisje"}  # a compound holding the word still counts
    assert score(achterhuis, _body(attic, query="het achterhuis", notices=["any word"]), {"het"}).ok1
    # The words as searched may be the patron's while the response says they were corrected.
    said = {**_body(BOOK, query="harry potter"), "corrected_from": "harry poter"}
    assert score(held, said, {"harry", "potter"}).changed
    unknown = score(held, _body(BOOK, query="harry letter"), {"harry"})
    assert unknown.changed and "changed_known_words" not in unknown.flags  # potter is not a known word


def test_known_words_come_from_every_text_of_the_records():
    words = record_words([{"id": "ppn:1", "title": "Het ijs van de Wadden", "authors": [{"name": "Sietske Hoekstra"}],
                           "subjects": ["Fryslân"], "holdings": [{"library": "NL-X", "branch": "Dokkum"}]}])
    assert {"ijs", "wadden", "hoekstra", "fryslan", "dokkum"} <= words
    assert "ppn" not in words


def _in_order(urls):
    from urllib.parse import unquote, urlsplit

    seen: list[str] = []
    for u in urls:
        path = unquote(urlsplit(u).path)
        if path not in seen:
            seen.append(path)
    return seen


@pytest.mark.parametrize("q", ["dieren", "hoe word ik lid", "luisterboek engels", "de ontdekking van de hemel"])
def test_the_bench_sees_what_the_results_page_shows(client, q):
    """The API call the bench makes lists the titles and the articles in the page's order."""
    import re

    from bench.patron.run import answer_lists, page_params

    pq = parse_query({"q": q, "category": "topic", "index": "sample", "ids": ["x"]})
    body = client.get("/api/v1/search", params=page_params(pq)).json()
    hits, knowledge = answer_lists(body)
    html = client.get("/zoeken", params={"q": q}).text
    shown = _in_order(re.findall(r'href="(/(?:titel|artikel)/[^"]*)"', html))
    api_titles = _in_order(h["url"] for h in hits if h["type"] == "catalogue")
    api_articles = _in_order(h["url"] for h in (knowledge or hits) if h["type"] == "article")
    assert api_titles or api_articles
    assert [u for u in shown if u.startswith("/titel/")] == api_titles
    assert [u for u in shown if u.startswith("/artikel/")] == api_articles


def test_compare_lists_the_queries_that_changed_at_1():
    from bench.patron.run import compare

    def run_of(ok: bool, title: str) -> dict:
        o = {"index": "sample", "q": "dieren", "category": "topic", "params": {}, "expected": "subjects~dier",
             "success_at_1": ok, "top": [{"id": "x", "type": "catalogue", "title": title}]}
        return {"commit": None, "outcomes": [o],
                "table": [{"category": "overall", "queries": 1, "success_at_1": float(ok), "success_at_3": 1.0}]}

    text = compare(run_of(False, "Dierenboeken als voorbeeld"), run_of(True, "Het grote dierenboek"))
    assert "now right at 1: 1" in text and "'Dierenboeken als voorbeeld' -> 'Het grote dierenboek'" in text
    assert "now wrong at 1: 0" in text and "0.000 | 1.000" in text
