"""The field registry: each field's part in a list is said in its entry, and the code reads it there.

The first test pins the derived lists, so a registry edit that changes what is searched, counted or
shown is seen in review. The others check the consumers against the registry's entries, so a
module that kept a list of its own would fail as soon as the registry changed."""
import json
import re
from types import SimpleNamespace

import pytest
from tantivy import Query

from indexer import fields
from indexer.analysis import exact_tokens
from indexer.fields import BY_NAME, FIELDS, YEAR_RANGES
from indexer.schema import build_schema
from search_api import cql_query, pipeline, suggest
from search_api.pipeline import QueryPlan
from search_api.request import BadRequest, SearchRequest
from search_api.response import FacetValue
from search_api.service import _split
from search_api.vocabulary import Vocabulary
from web import i18n, pages
from web.i18n import Translator

LOCALES = pages.HERE / "locales"


def test_derived_lists_are_pinned():
    assert fields.PUBLIC_FACETS == (
        "type", "material", "language", "audience", "reading_form", "genre", "subjects", "authors",
        "year", "province", "library", "available", "themes", "source", "staff_audience")
    assert frozenset(fields.PUBLIC_FACETS) | {"series"} == fields.FILTERABLE  # series: filter_only
    assert fields.SORTS["series"] == ("series_number", "asc")
    assert fields.UI_FACETS == (
        "type", "material", "reading_form", "language", "audience", "genre", "subjects", "authors",
        "year", "province", "library", "available", "themes", "source", "staff_audience")
    assert fields.FUZZY_FIELDS == ("title", "authors", "subjects", "description", "body", "section")
    assert set(fields.PAIR_FIELDS) == {"title", "body", "description"}
    assert fields.VOCAB_FIELDS == ("title", "subtitle", "authors", "subjects", "genre", "series", "description",
                                   "document", "section", "themes", "body")
    assert fields.SUGGEST_FIELDS == ("title", "authors", "subjects")
    assert {"material", "reading_form", "genre", "audience", "staff_audience"} == fields.CAPITALISED
    assert {f.name: f.facet_cost for f in fields.FACET_FIELDS if f.facet_cost != 0.5} == {
        "authors": 8.0, "subjects": 6.0, "library": 3.0, "province_library": 3.0, "province": 2.0,
        "available_at": 2.0, "genre": 1.0}
    assert fields.CQL_FIELDS == {
        "dc.title": ("title", "subtitle", "alt_titles"), "dc.creator": ("authors", "alt_authors"),
        "dc.subject": ("subjects", "genre", "themes"), "dc.publisher": ("publisher",),
        "dc.description": ("description", "body"), "dc.date": ("year",), "dc.type": ("material",),
        "dc.language": ("language",), "vp.material": ("material",), "vp.audience": ("audience",),
        "vp.reading_form": ("reading_form",), "vp.genre": ("genre",), "vp.library": ("library",),
        "vp.province": ("province",), "vp.available": ("available",), "vp.source": ("source",),
        "vp.themes": ("themes",), "vp.staff_audience": ("staff_audience",), "vp.type": ("type",), "vp.language": ("language",), "vp.year": ("year",)}


def test_every_flag_names_a_field_that_can_play_that_part():
    for f in FIELDS:
        if f.fuzzy is not None or f.pairs or f.vocabulary is not None or f.suggest:
            assert f.search is not None, f.name  # looked for in the text views
        if f.public_facet is not None or f.ui_first or f.facet_cost != 0.5 or f.filter_only or f.keyword_extract:
            assert f.facet, f.name  # counted (or filtered) in the keyword view
        if f.filter_only:
            assert f.public_facet is None, f.name  # filterable without being counted
    for attr in ("public_facet", "fuzzy", "vocabulary"):
        places = [getattr(f, attr) for f in FIELDS if getattr(f, attr) is not None]
        assert len(places) == len(set(places)), attr


# --- the consumers read the registry -------------------------------------------------------------

@pytest.fixture(scope="module")
def schema():
    return build_schema()


def _ids(schema) -> dict[int, str]:
    """tantivy field number -> registry field name, for every text view of every field."""
    out = {}
    for f in FIELDS:
        for name in {f.text_field, f.exact_field}:
            try:
                rep = repr(Query.term_query(schema, name, "x"))
            except ValueError:
                continue
            out[int(re.search(r"field=(\d+)", rep).group(1))] = f.name
    return out


def _by(attr: str) -> list[str]:
    return [f.name for f in sorted((f for f in FIELDS if getattr(f, attr) is not None), key=lambda f: getattr(f, attr))]


def test_typo_query_looks_in_the_fuzzy_fields_in_their_order(schema):
    plan = QueryPlan(request=SearchRequest(q="hemelx"), schema=schema, fuzzy=True)
    pipeline.parse_user_query(plan)
    pipeline.add_text_query(plan)
    ids = _ids(schema)
    fuzzy = [ids[int(n)] for n in re.findall(r"FuzzyTermQuery \{ term: Term\(field=(\d+)", repr(plan.text_query))]
    assert fuzzy == _by("fuzzy")


def test_question_pairs_are_looked_for_in_the_pair_fields(schema):
    plan = QueryPlan(request=SearchRequest(q="hoe werkt het lenen van boeken in een openbare bibliotheek"),
                     schema=schema)
    for step in pipeline.STEPS:
        step(plan)
    assert plan.long_query
    ids = _ids(schema)
    found = {ids[int(n)] for b in plan.boosts for n in re.findall(r"PhraseQuery \{ field: Field\((\d+)\)", repr(b))
             if f"slop: {pipeline.PAIR_SLOP}" in repr(b)}
    assert found == {f.name for f in FIELDS if f.pairs}


class _Terms:
    """A searcher stand-in that records which fields' terms were read."""

    def __init__(self):
        self.asked: list[str] = []

    def terms_with_prefix(self, field, prefix, limit=None):
        self.asked.append(field)
        return []


def test_vocabulary_reads_the_vocabulary_fields_in_their_order():
    searcher = _Terms()
    Vocabulary.from_searcher(searcher)
    assert searcher.asked == [BY_NAME[n].exact_field for n in _by("vocabulary")]


def test_suggestions_complete_words_from_the_suggest_fields():
    searcher = _Terms()
    suggest.suggest(searcher, "ab", 8)
    assert searcher.asked == [f.exact_field for f in FIELDS if f.suggest]


def test_facet_requests_are_balanced_by_the_registry_costs():
    names = [f.name for f in fields.FACET_FIELDS]
    groups = _split(names, 2)
    # The first request also counts the matches; the costliest facet opens the second.
    assert groups[1][0] == max(fields.FACET_FIELDS, key=lambda f: f.facet_cost).name
    assert sorted(groups[0] + groups[1]) == sorted(names)


def test_api_counts_and_filters_the_public_facets(schema):
    plan = pipeline.plan_search(SearchRequest(q="x"), schema)
    assert plan.facet_fields == tuple(_by("public_facet"))
    for f in FIELDS:
        value = {"year": "2000-2009", "available": "true"}.get(f.name, "x")
        params = [("q", "x"), ("filter", f"{f.name}:{value}")]
        if f.public_facet is None and not f.filter_only:
            with pytest.raises(BadRequest):
                SearchRequest.from_params(params)
        else:
            assert SearchRequest.from_params(params).filters == ((f.name, value),)


def test_page_shows_facets_in_the_registry_ui_order():
    public = _by("public_facet")
    expected = [n for n in public if BY_NAME[n].ui_first] + [n for n in public if not BY_NAME[n].ui_first]
    res = SimpleNamespace(facets={n: [FacetValue("x", 1)] for n in reversed(public)})
    shown = [g["name"] for g in pages.facet_groups(SearchRequest(), res)]
    assert shown == expected


def test_code_values_are_capitalised_where_the_registry_says():
    t = Translator("nl")
    for f in FIELDS:
        assert t.value(f.name, "zzcode") == ("Zzcode" if f.capitalised else "zzcode"), f.name
    assert t.value(i18n.ROLE, "zzcode") == "Zzcode"


def test_cql_indexes_search_the_fields_that_name_them():
    named = {index for f in FIELDS for index in f.cql}
    assert named <= set(cql_query.INDEXES)
    for index, spec in cql_query.INDEXES.items():
        assert spec.fields == tuple(f.name for f in FIELDS if index in f.cql), index
        if spec.kind in ("facet", "year") or (spec.kind == "text" and index != "cql.serverchoice"):
            assert spec.fields, index
        if spec.kind == "facet":
            assert len(spec.fields) == 1 and BY_NAME[spec.fields[0]].facet, index


# --- labels: field and value labels come from the registry, the locale files do not repeat them ---

def test_field_labels_come_from_the_registry():
    for f in FIELDS:
        assert Translator("nl").field(f.name) == f.label
        assert Translator("en").field(f.name) == f.label_en


def test_registry_value_labels_in_both_languages_and_not_in_the_locale_files():
    catalogues = {lang: json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8")) for lang in ("nl", "en")}
    labelled = [(f, v) for f in FIELDS for v in f.value_labels] + [(BY_NAME["year"], r.key) for r in YEAR_RANGES]
    assert len(labelled) > len(YEAR_RANGES)
    for f, value in labelled:
        for lang, messages in catalogues.items():
            assert f"value.{f.name}.{value}" not in messages, (lang, f.name, value)
            assert Translator(lang).value(f.name, value) == f.value_label(value, lang)
        assert f.value_label(value, "nl") and f.value_label(value, "en"), (f.name, value)
    for f in FIELDS:
        assert set(f.value_labels_en) == set(f.value_labels), f.name
    assert Translator("en").value("type", "article") == "Knowledge base"
    assert Translator("en").value("year", "-1899") == "before 1900"


def test_api_facet_labels_are_the_registry_labels(client):
    body = client.get("/api/v1/search", params={"q": ""}).json()
    for name in ("type", "available"):
        assert body["facets"][name]
        for v in body["facets"][name]:
            assert v["label"] == BY_NAME[name].value_label(v["value"]), (name, v)
    for v in body["facets"]["year"]:
        assert v["label"] == BY_NAME["year"].value_label(v["value"])


def test_genre_labels_are_canonical_and_do_not_name_genres_in_a_search():
    """The genres' English labels are keyed by the index's one spelling, and showing them does not
    make them words that filter or boost (GENRE_WORDS alone says which words name a genre)."""
    from corpus import genres
    from search_api import facetwords

    for value in genres.ENGLISH:
        assert genres.canonical(value) == value, value
    named = {w for f in FIELDS if f.name == "genre" for n in f.named for w in n.hints + n.words}
    for key, entries in facetwords.phrases().items():
        for p in entries:
            if p.field == "genre":
                assert any(tuple(exact_tokens(w)) == key for w in named), key
