"""Ranking behaviours pinned on small fixtures: exact above stemmed, phrases, stop words,
compounds, identifiers, spelling and the zero-result chain, editions folded into works."""
from __future__ import annotations

import json

import pytest

from indexer.build import build
from search_api.request import SearchRequest
from search_api.service import SearchService

RECORDS = [
    {"id": "r:hemel", "title": "De ontdekking van de hemel", "authors": [{"name": "Mulisch, Harry"}], "year": 1992,
     "isbn": ["9789023472780"], "ppn": "12345678X", "material": "boek", "work_key": "hemel|mulisch"},
    {"id": "r:hemel-eb", "title": "De ontdekking van de hemel", "authors": [{"name": "Mulisch, Harry"}],
     "year": 2012, "material": "e-book", "work_key": "hemel|mulisch"},
    {"id": "r:hemel-lb", "title": "De ontdekking van de hemel", "authors": [{"name": "Mulisch, Harry"}],
     "year": 2015, "material": "luisterboek", "work_key": "hemel|mulisch"},
    {"id": "r:hemels", "title": "Hemelse ontdekkingen van de sterrenkunde", "year": 2001, "material": "boek",
     "description": "Over de ontdekking van planeten en de hemel boven ons."},
    {"id": "r:ontdekkingen", "title": "Ontdekkingen", "description": "De hemel, de zee en de aarde.", "year": 1999},
    {"id": "r:dieren", "title": "Dieren in het bos", "year": 2010, "subjects": ["dieren"]},
    {"id": "r:dierenboek", "title": "Mijn eerste dierenboek", "year": 2012},
    {"id": "r:huisdieren", "title": "Huisdieren verzorgen", "year": 2014},
    {"id": "r:kinderen", "title": "Goede boeken voor kinderen", "year": 2016},
    {"id": "r:kinderboeken", "title": "Kinderboeken van vroeger", "year": 2003},
    {"id": "r:tuin", "title": "Tuinieren in de stad", "year": 2018},
    {"id": "r:bibliotheek", "title": "Bibliotheek van de toekomst", "year": 2020},
    {"id": "r:bibliotheken", "title": "Openbare bibliotheken", "year": 2019, "material": "tijdschrift"},
    {"id": "r:laan", "title": "Verzamelde gedichten", "authors": [{"name": "Laan, Frans van der"}], "year": 1990},
    {"id": "r:laan2", "title": "Koken", "year": 1991,
     "description": "Frans koken: van de tuin naar de keuken, van der Meer tot Laan."},
]
# A few records so that the vocabulary knows the common words (spelling needs frequency).
RECORDS += [{"id": f"r:fill{i}", "title": f"Verhalen over de bibliotheek deel {i}", "year": 2000 + i}
            for i in range(6)]


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    d = tmp_path_factory.mktemp("rel")
    src = d / "r.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    build(d / "idx", [f"jsonl:{src}"])
    return SearchService(d / "idx")


def ids(svc, q, **kw):
    kw.setdefault("group", False)
    return [h.id for h in svc.search(SearchRequest(q=q, size=50, **kw)).hits]


def test_exact_title_with_stop_words_comes_first(svc):
    editions = {"r:hemel", "r:hemel-eb", "r:hemel-lb"}
    assert set(ids(svc, "De ontdekking van de hemel")[:3]) == editions
    assert ids(svc, "de ontdekking van de hemel", group=True)[0] in editions


def test_exact_form_outranks_stemmed_form(svc):
    got = ids(svc, "bibliotheek")
    assert got.index("r:bibliotheek") < got.index("r:bibliotheken")
    got = ids(svc, "bibliotheken")
    assert got.index("r:bibliotheken") < got.index("r:bibliotheek")


def test_phrase_proximity_ranks_adjacent_words_higher(svc):
    got = ids(svc, "ontdekking hemel")
    assert got.index("r:hemel") < got.index("r:ontdekkingen")


def test_a_stop_word_alone_still_returns_something(svc):
    assert ids(svc, "het")
    assert ids(svc, "de")


def test_stop_words_count_in_names_and_titles_not_in_descriptions(svc):
    # "van der" is part of the author's name; in a description it says nothing.
    got = ids(svc, "Frans van der Laan")
    assert got[:2] == ["r:laan", "r:laan2"]
    # A stop word alone matches titles and names, never a record that has it only in its text.
    de = ids(svc, "de")
    assert "r:hemel" in de and "r:ontdekkingen" not in de


def test_compound_head_and_modifier_found_below_exact(svc):
    got = ids(svc, "dieren")
    assert got[0] == "r:dieren"
    assert "r:huisdieren" in got and "r:dierenboek" in got
    assert got.index("r:dieren") < got.index("r:huisdieren")


def test_compound_query_finds_its_parts_written_apart(svc):
    got = ids(svc, "kinderboeken")
    assert got[0] == "r:kinderboeken"
    assert "r:kinderen" in got


@pytest.mark.parametrize("typed", ["9789023472780", "978-90-234-7278-0", "978 90 234 7278 0", "9023472780",
                                   "90-234-7278-0", "12345678X", "12345678x"])
def test_identifiers_bring_their_record_first(svc, typed):
    assert ids(svc, typed)[0] == "r:hemel"


def test_did_you_mean_and_spelling_step(svc):
    resp = svc.search(SearchRequest(q="bibliotheeek"))
    # The correction's results are shown under its notice; it is not offered a second time.
    assert resp.query == "bibliotheek" and resp.corrected_from == "bibliotheeek" and resp.did_you_mean is None
    assert resp.total > 0 and [n.key for n in resp.notices] == ["spelling"]


def test_fuzzy_step_when_no_correction(svc):
    resp = svc.search(SearchRequest(q="tuiniern"))
    assert [h.id for h in resp.hits][:1] == ["r:tuin"]
    assert [n.key for n in resp.notices] == ["fuzzy"]
    # Lookalikes are other words than typed: the way back to the words as typed is offered.
    assert resp.query == "tuiniern" and resp.corrected_from == "tuiniern"
    assert resp.notices[0].link_text() == "Zoek toch op ‘tuiniern’"
    assert svc.search(SearchRequest(q="tuiniern", spell=False)).total == 0


def test_typo_step_skipped_when_every_word_is_known(svc, monkeypatch):
    from search_api import pipeline

    calls = []
    real = pipeline.plan_search

    def spy(*a, **kw):
        calls.append(kw.get("fuzzy", False))
        return real(*a, **kw)

    monkeypatch.setattr("search_api.service.plan_search", spy)
    # Both words are in the index, never together: no typo to look for, straight to any word.
    resp = svc.search(SearchRequest(q="tuinieren kinderboeken"))
    assert resp.total > 0 and any("deel van de woorden" in n for n in resp.notices)
    assert not any("typefout" in n or "lijken op" in n for n in resp.notices)
    assert len(calls) == 2  # the search itself and the any-word step; no typo step between them
    calls.clear()
    svc.search(SearchRequest(q="tuiniern kinderboeken"))  # an unknown word: the typo step runs
    assert calls[:2] == [False, True]


def test_any_word_step(svc):
    resp = svc.search(SearchRequest(q="tuinieren zeppelin"))
    assert "r:tuin" in [h.id for h in resp.hits]
    assert any("deel van de woorden" in n for n in resp.notices)


def test_without_filters_step(svc):
    resp = svc.search(SearchRequest(q="tuinieren", filters=(("material", "film"),)))
    assert "r:tuin" in [h.id for h in resp.hits]
    assert any("zonder filters" in n for n in resp.notices)


def test_editions_fold_into_one_work(svc):
    resp = svc.search(SearchRequest(q="ontdekking van de hemel"))
    top = resp.hits[0]
    assert top.record["work_key"] == "hemel|mulisch" and top.editions == 3
    assert sum(1 for h in resp.hits if h.record.get("work_key") == "hemel|mulisch") == 1
    assert resp.total_records >= resp.total + 2


def test_explain_names_fields_in_dutch(svc):
    resp = svc.search(SearchRequest(q="hemel", explain=True, group=False))
    ex = resp.hits[0].explain
    assert ex["matches"] and any(m["field"] == "titel" for m in ex["matches"])
    assert "titel" in ex["summary"]


def test_suggest_completes_from_the_index(svc):
    # Whole titles begin with "bibli": those, ranked by the records they lead to, and no words.
    got = svc.suggest("bibli")
    assert got and all(s["kind"] == "title" and s["text"].lower().startswith("bibli") for s in got)
    assert [s["count"] for s in got] == sorted((s["count"] for s in got), reverse=True)
    # No whole title begins with "toekom" (it ends "Bibliotheek van de toekomst"): its word, then.
    assert svc.suggest("toekom")[0] == {"text": "toekomst", "count": 1, "field": "title", "kind": "word"}


def test_suggest_offers_whole_titles_first(svc):
    got = svc.suggest("de ontdekking v")
    assert got[0] == {"text": "De ontdekking van de hemel", "count": 3, "field": "title", "kind": "title"}
    assert svc.suggest("ONTDEKKING")[0]["kind"] == "title"  # "Ontdekkingen", folded


@pytest.mark.parametrize("q", ["De ontdekking van de hemel", "ontdekking hemel", "dieren", "9789023472780", "het"])
def test_counting_query_has_the_same_matches_as_the_ranked_one(svc, q):
    from search_api.pipeline import plan_search

    st = svc.state
    plan = plan_search(SearchRequest(q=q, library="NL-XX"), st.schema, vocab=svc.vocabulary(st),
                       populated=st.populated)
    assert plan.boosts  # the ranked query has optional boosts; the counting one leaves them out
    n = st.searcher.num_docs
    ranked = {(a.segment_ord, a.doc) for _, a in st.searcher.search(plan.query(), n).hits}
    counted = {(a.segment_ord, a.doc) for _, a in st.searcher.search(plan.query(scored=False), n).hits}
    assert ranked == counted and ranked


def test_a_few_words_in_the_title_in_the_order_typed_rank_first(tmp_path, monkeypatch):
    """'communities soil': both titles have the words, the shorter one the other way round. A
    patron who remembers a title types its words in its order."""
    from search_api import pipeline

    recs = [{"id": "r:order", "title": "Establishment of plant communities in soil seed banks of riparian zones"},
            {"id": "r:reversed", "title": "Resilience of soil microbial communities"}]
    recs += [{"id": f"r:fill{i}", "title": f"Plant growth in wet soil {i}"} for i in range(4)]
    src = tmp_path / "r.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs))
    build(tmp_path / "idx", [f"jsonl:{src}"])
    service = SearchService(tmp_path / "idx")
    assert ids(service, "communities soil")[:2] == ["r:order", "r:reversed"]
    monkeypatch.setattr(pipeline, "ORDER_BOOST", 0.0)  # without it the shorter title wins
    assert ids(service, "communities soil")[:2] == ["r:reversed", "r:order"]


def test_the_typo_steps_notice_names_the_lookalikes_it_searched(service):
    """The typo step's notice names some of the words it searches instead of an unknown one (the
    commonest of the typo index's words within the step's distance); a Dutch word the index
    lacks ("vissen") is no slip and gets no lookalikes: an honest zero."""
    from search_api.service import _lookalikes
    from search_api.userquery import parse

    vocab = service.vocabulary(service.state)
    like = _lookalikes(parse("bibliothek"), vocab)
    assert like and set(like) <= {w for w, _ in vocab.typos.near("bibliothek", 2)}
    (_, notice), = [(step, n) for step, n in service._chain(SearchRequest(q="bibliothek"), None, True, (), like)
                    if n.key == "fuzzy"]
    named = ", ".join(f"‘{w}’" for w in like)
    assert notice.text("nl").endswith(f"die erop lijken, zoals {named}.")
    assert notice.text("en").endswith(f"look like it, such as {named}.")
    assert _lookalikes(parse("vissen"), vocab) == []
    resp = service.search(SearchRequest(q="vissen", scope="catalogue"))
    assert resp.total == 0 and not any(n.key == "fuzzy" for n in resp.notices)


def test_a_quoted_title_with_a_slip_is_corrected_in_its_quotes(service):
    """"max havelar" in quotes found nothing and offered nothing; the phrase is corrected as
    a whole and searched as a phrase."""
    resp = service.search(SearchRequest(q='"max havelar"', scope="catalogue"))
    assert resp.total >= 1 and resp.hits[0].title == "Max Havelaar"
    assert resp.query == '"max havelaar"' and resp.corrected_from == '"max havelar"'
    assert [n.key for n in resp.notices] == ["spelling"]
    assert service.search(SearchRequest(q='"max havelar"', scope="catalogue", spell=False)).total == 0


def test_a_hit_found_by_a_lookalike_is_explained_as_one(svc):
    """"tuiniern" is no word and has no confident correction: the record found by a lookalike of
    it is explained as such, not as "no search words"."""
    resp = svc.search(SearchRequest(q="tuiniern", explain=True))
    assert [n.key for n in resp.notices] == ["fuzzy"]
    summaries = [h.explain["summary"] for h in resp.hits]
    assert "een woord dat lijkt op 'tuiniern'" in summaries[0]
    assert not any("geen zoekwoorden" in s for s in summaries)
