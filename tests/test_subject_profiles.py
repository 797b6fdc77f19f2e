"""Subject profiles (search_api.subjects): a search that is a heading also finds, after the records
that carry the heading, the records without headings that share its records' words."""
from __future__ import annotations

import json

import pytest

from indexer.build import build
from search_api import pipeline, subjects
from search_api.request import SearchRequest
from search_api.service import SearchService

# Catalogued records under the Dutch heading, their own text in English, as the dissertations are.
CATALOGUED = [
    {"id": f"c:{i}", "title": f"Protein folding and enzyme kinetics {i}", "subjects": ["proteïnen"],
     "description": "Amino acid chains, chaperones and protein structure."}
    for i in range(5)
]
RECORDS = CATALOGUED + [
    # About proteins without the word (nor the stem the search's word has: "protein").
    {"id": "u:protein", "title": "Chaperones and amino acid chains", "description": "Folding kinetics."},
    {"id": "u:nl", "title": "Proteïnen in voeding"},  # the heading's word, no heading
    {"id": "c:heart", "title": "Heart failure in the elderly", "subjects": ["hart- en vaatziekten"],
     "description": "Cardiac function, chaperones and amino acid chains."},
] + [{"id": f"f:{i}", "title": f"Stories and tales about the city, part {i}", "description": "A novel."}
      for i in range(30)]


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    d = tmp_path_factory.mktemp("subjects")
    src = d / "r.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    build(d / "idx", [f"jsonl:{src}"])
    return SearchService(d / "idx")


def ids(svc, q):
    return [h.id for h in svc.search(SearchRequest(q=q, size=50, group=False)).hits]


def test_a_heading_and_a_search_for_it_have_one_key():
    assert subjects.heading_key("Hart- en vaatziekten") == subjects.heading_key("hart en vaatziekten")
    assert subjects.heading_key("psychologie ; opleiding") == subjects.heading_key("psychologie opleiding")
    assert subjects.heading_key("proteïnen") == subjects.heading_key("Proteinen")
    assert subjects.heading_key("bibliotheken") == subjects.heading_key("bibliotheek")  # the singular too
    assert subjects.heading_key("proteïnen") != subjects.heading_key("proteïnen voeding")


def test_the_profile_is_the_words_of_the_headings_records_not_its_own(svc):
    st = svc.state
    # the other heading is on one record only
    assert subjects.headings(st.searcher) == {subjects.heading_key("proteïnen"): "proteïnen"}
    words = dict(subjects.profile(st.searcher, st.schema, svc.vocabulary(st).count, "proteïnen"))
    assert {"chaperones", "amino", "protein"} <= set(words)
    assert "proteinen" not in words  # its own word: the search has it
    assert "and" not in words  # on most records of the index: it says nothing about the heading
    assert max(words.values()) == 1.0
    assert "novel" not in words  # not among its records


def test_a_heading_search_also_finds_the_record_without_the_heading(svc):
    found = ids(svc, "proteinen")
    assert set(found) == {f"c:{i}" for i in range(5)} | {"u:nl", "u:protein"}  # u:protein by its profile
    assert "f:0" not in found
    # A record a cataloguer gave other headings is not found by the profile's words.
    assert "c:heart" not in found
    assert "c:heart" in ids(svc, "chaperones")


def test_sorted_by_year_or_title_a_heading_search_lists_only_the_records_with_its_words(svc):
    """In a sorted list a record found only by the profile would stand among (or before) the
    records with the words: there the profile does not apply."""
    for sort in ("year_desc", "title"):
        res = svc.search(SearchRequest(q="proteinen", size=50, group=False, sort=sort))
        assert {h.id for h in res.hits} == {f"c:{i}" for i in range(5)} | {"u:nl"}, sort
        assert res.total == 6


def test_without_the_profile_the_record_without_the_heading_is_missed(svc, monkeypatch):
    monkeypatch.setattr(pipeline, "SUBJECT_PROFILE_WEIGHT", 0.0)
    assert "u:protein" not in ids(svc, "proteinen")


def test_the_editions_of_one_work_make_no_profile(tmp_path):
    recs = [{"id": f"e:{i}", "title": "De jongen die de sterren telde", "subjects": ["hemel"],
             "work_key": "jongen|sterren", "description": "Tobias kijkt graag naar de sterren."}
            for i in range(4)]
    recs += [{"id": f"f:{i}", "title": f"Verhalen over de stad {i}"} for i in range(10)]
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    build(tmp_path / "idx", [f"jsonl:{src}"])
    one = SearchService(tmp_path / "idx")
    st = one.state
    assert subjects.heading_key("hemel") in subjects.headings(st.searcher)  # four records
    assert subjects.profile(st.searcher, st.schema, one.vocabulary(st).count, "hemel") == ()  # one work
