"""The relevance harness (bench/relevance): its metrics, its query variants, a tiny end-to-end run."""
from __future__ import annotations

import math
import random
import sqlite3

import orjson
import pytest

from bench.relevance import metrics as m
from bench.relevance import variants as v
from bench.relevance.evaluate import evaluate
from bench.relevance.prepare import Collection, dissertation_record, faq_title
from bench.relevance.querysets import Query, QuerySet, subject_words, title_key
from bench.relevance.systems import text_fields
from bench.relevance.systems.sqlite_fts5 import build_db, match_expression, search_db

# --- metrics ------------------------------------------------------------------------------------


def test_reciprocal_rank_counts_only_the_first_relevant_hit_within_k():
    assert m.reciprocal_rank(["a", "b", "c"], {"b", "c"}) == 0.5
    assert m.reciprocal_rank(["a", "b", "c"], {"a"}) == 1.0
    assert m.reciprocal_rank(["a", "b"], {"z"}) == 0.0
    ranked = [str(i) for i in range(20)]
    assert m.reciprocal_rank(ranked, {"9"}) == 0.1
    assert m.reciprocal_rank(ranked, {"10"}) == 0.0  # rank 11 is outside the top 10


def test_recall_is_the_share_of_relevant_found_in_the_top_k():
    assert m.recall(["a", "b", "c"], {"a", "c", "x", "y"}) == 0.5
    assert m.recall([], {"a"}) == 0.0
    assert m.recall(["a"], set()) == 0.0
    assert m.recall([str(i) for i in range(20)], {"3", "15"}) == 0.5


def test_success_at_1():
    assert m.success(["a", "b"], {"a"}) == 1.0
    assert m.success(["b", "a"], {"a"}) == 0.0
    assert m.success([], {"a"}) == 0.0


def test_ndcg_with_binary_gains():
    assert m.ndcg(["a", "b"], {"a", "b"}) == pytest.approx(1.0)
    assert m.ndcg(["x", "a"], {"a"}) == pytest.approx(1 / math.log2(3))
    # two relevant, one found at rank 3: DCG = 1/log2(4), ideal = 1 + 1/log2(3)
    assert m.ndcg(["x", "y", "a"], {"a", "b"}) == pytest.approx(0.5 / (1 + 1 / math.log2(3)))
    # more relevant records than k: the ideal list is k long
    assert m.ndcg([str(i) for i in range(10)], {str(i) for i in range(30)}) == pytest.approx(1.0)
    assert m.ndcg(["x"], {"a"}) == 0.0


def test_mean_and_first_rank():
    assert m.mean([1.0, 0.0, 0.5]) == 0.5
    assert m.mean([]) == 0.0
    assert m.first_relevant_rank(["a", "b", "c"], {"c"}) == 3
    assert m.first_relevant_rank(["a"], {"c"}) is None


# --- known-item variants --------------------------------------------------------------------------

TITLES = [
    "De ontdekking van de hemel",
    "Regulation of Pulmonary Vascular Tone in Health and Disease",
    "Prospectusaansprakelijkheid uit onrechtmatige daad en contract",
    "Proteïnen en enzymen in België: een café-studie",
    "Ly-6A/E(Sca-1) Gene Regulatory Elements in Hematopoietic Stem Cells",
    "Surgery in Childhood",
]


def test_variants_are_deterministic_and_keyed_by_record():
    a = [v.variants(t, f"id{i}") for i, t in enumerate(TITLES)]
    b = [v.variants(t, f"id{i}") for i, t in reversed(list(enumerate(TITLES)))][::-1]
    assert a == b
    assert v.variants(TITLES[1], "x") == v.variants(TITLES[1], "x")


def test_folded_is_lower_case_without_accents():
    assert v.folded("Proteïnen en enzymen in België: een Café-studie") == \
        "proteinen en enzymen in belgie: een cafe-studie"


def test_words_are_two_or_three_consecutive_content_words():
    for i, title in enumerate(TITLES * 5):
        w = v.words(title, f"k{i}")
        assert w is not None
        parts = w.split()
        assert 2 <= len(parts) <= 3
        tokens = v._WORD.findall(title)
        content = [t for t in tokens if t.lower() not in v.stop_words()]
        assert any(content[j:j + len(parts)] == parts for j in range(len(content)))
    assert v.words("Vonk", "k") is None


def test_a_typo_is_one_edit_in_one_long_word():
    rng = random.Random(1)
    words = ["bibliotheek", "ontdekking", "hemel", "Regulation", "aansprakelijkheid", "abbba"]
    for i in range(400):
        title = " ".join(rng.sample(words, 3))
        t = v.typo(title, f"r{i}")
        assert t is not None and t != title
        before, after = title.split(" "), t.split(" ")
        assert len(after) == len(before)
        changed = [(x, y) for x, y in zip(before, after) if x != y]
        assert len(changed) == 1
        (orig, wrong), = changed
        assert len(orig) >= 5
        assert wrong[0] == orig[0]  # never the first letter
        assert v.osa_distance(orig, wrong) == 1
    assert v.typo("De zee is", "k") is None  # no word of five letters
    assert "typo" not in v.variants("Een kat", "k")


def test_osa_distance():
    assert v.osa_distance("hemel", "hmeel") == 1
    assert v.osa_distance("hemel", "heml") == 1
    assert v.osa_distance("hemel", "hemal") == 1
    assert v.osa_distance("hemel", "hemel") == 0
    assert v.osa_distance("hemel", "mehel") == 2


def test_subject_headings_are_typed_as_words():
    assert subject_words("psychologie ; opleiding") == "psychologie opleiding"
    assert subject_words("nier(ziekten)") == "nier ziekten"
    assert subject_words("hart- en vaatziekten") == "hart en vaatziekten"


def test_same_title_key_ignores_case_accents_and_punctuation():
    assert title_key("De ontdekking van de hemel") == title_key("de Ontdekking van de hemel.")
    assert title_key("Proteïnen") == title_key("proteinen")


# --- conversion -------------------------------------------------------------------------------------


def test_faq_title_is_the_first_sentence_made_readable():
    assert faq_title("een belastingverdrag is een overeenkomst tussen 2 landen. het verdrag ...") == \
        "Een belastingverdrag is een overeenkomst tussen 2 landen."
    long = "woord " * 60
    t = faq_title(long)
    assert len(t) <= 122 and t.endswith("…")


def test_only_catalogued_dissertations_carry_their_brinkman_headings():
    d = {"oai_id": "x-1", "title": "T", "keywords": "kw1 kw2", "abstract": "An abstract.",
         "brinkman_subjects": [{"uri": "u", "label": "proteïnen"}], "split": "test"}
    rec = dissertation_record(d)
    assert rec == {"type": "catalogue", "id": "diss:x-1", "title": "T", "description": "An abstract.\n\nkw1 kw2"}
    assert "proteïnen" not in orjson.dumps(rec).decode()
    assert dissertation_record({**d, "split": "train"})["subjects"] == ["proteïnen"]


def test_ignored_records_are_taken_out_of_the_ranking_before_it_is_scored():
    class Fixed:
        name = "fixed"

        def search(self, coll, q, k):
            return ["known1", "x", "known2", "hit"][:k]

    qs = QuerySet("subject", "s", "catalogue", ("nDCG@10",), [
        Query("subject:a", "a", frozenset({"hit"}), ignore=frozenset({"known1", "known2"}))])
    result = evaluate(Fixed(), None, qs)
    assert result.per_query[0]["rank"] == 2  # "x", then "hit"
    assert result.scores["nDCG@10"] == pytest.approx(1 / math.log2(3))


def test_baseline_text_fields_carry_what_vindplaats_searches():
    title, body = text_fields({"type": "catalogue", "title": "De ontdekking", "subtitle": "roman",
                               "authors": [{"name": "Mulisch, Harry"}], "subjects": ["Toneel"],
                               "description": "Een roman."})
    assert title == "De ontdekking roman"
    assert "Mulisch, Harry" in body and "Toneel" in body and "Een roman." in body


def test_sqlite_match_expression_quotes_every_word():
    assert match_expression('Wat is "een" belasting-verdrag? OR NEAR(x) * de de') == \
        '"wat" OR "is" OR "een" OR "belasting" OR "verdrag" OR "or" OR "near" OR "x" OR "de"'
    assert match_expression("?!") == ""


# --- a tiny end-to-end run ----------------------------------------------------------------------------

DOCS = [
    {"type": "catalogue", "id": "c1", "title": "De ontdekking van de hemel", "description": "Een roman over de hemel."},
    {"type": "catalogue", "id": "c2", "title": "Het verdriet van België", "description": "Een roman over de oorlog."},
    {"type": "catalogue", "id": "c3", "title": "Proteïnen in de celbiologie", "description": "Enzymen en eiwitten."},
    {"type": "catalogue", "id": "c4", "title": "Katalyse met zeolieten", "description": "Chemie van katalysatoren."},
    {"type": "catalogue", "id": "c5", "title": "Waterbeheer in de polder", "description": "Dijken en gemalen."},
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Collection, QuerySet]:
    d = tmp_path_factory.mktemp("relevance")
    coll = Collection("catalogue", "catalogue", d, "test")
    coll.records.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in DOCS))
    qs = QuerySet("known", "tiny", "catalogue", ("success@1", "MRR@10"), [
        Query("c1#exact", "De ontdekking van de hemel", frozenset({"c1"}), "exact"),
        Query("c2#folded", "het verdriet van belgie", frozenset({"c2"}), "folded"),
        Query("c4#words", "katalyse zeolieten", frozenset({"c4"}), "words"),
        Query("c5#exact", "Waterbeheer in de polder", frozenset({"c5"}), "exact"),
    ])
    return coll, qs


@pytest.mark.parametrize("name", ["vindplaats", "sqlite-fts5"])
def test_end_to_end_on_a_handful_of_documents(tiny, name):
    from bench.relevance.systems import load

    coll, qs = tiny
    system = load(name)
    try:
        system.open(coll)
        assert system.cached[coll.name] is False
        result = evaluate(system, coll, qs)
    finally:
        system.close()
    assert result.scores["success@1"] == 1.0
    assert result.scores["MRR@10"] == 1.0
    assert result.scores["success@1 exact"] == 1.0 and result.counts["success@1 exact"] == 2
    assert [r["rank"] for r in result.per_query] == [1, 1, 1, 1]
    again = load(name)  # a second run reuses the cached index
    try:
        again.open(coll)
        assert again.cached[coll.name] is True
        assert again.search(coll, "katalyse zeolieten")[0] == "c4"
    finally:
        again.close()


def test_sqlite_folds_accents(tmp_path):
    build_db(tmp_path / "t.db", DOCS)
    db = sqlite3.connect(tmp_path / "t.db")
    assert search_db(db, "proteinen")[0] == "c3"
    assert search_db(db, "?") == []


def test_missing_corpus_is_a_clear_message(monkeypatch, tmp_path):
    from bench.relevance.paths import CORPUS_ENV, CorpusMissing, shared_corpus

    monkeypatch.setenv(CORPUS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(CorpusMissing, match=CORPUS_ENV):
        shared_corpus()
