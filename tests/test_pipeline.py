"""The search pipeline's steps, each checked on its own without an index."""
import pytest

from indexer.schema import build_schema
from search_api import pipeline
from search_api.identifiers import lookup_keys
from search_api.pipeline import QueryPlan, plan_search
from search_api.request import SearchRequest


@pytest.fixture(scope="module")
def schema():
    return build_schema()


def run(schema, *steps, **req):
    plan = QueryPlan(request=SearchRequest(**req), schema=schema)
    for step in steps:
        step(plan)
    return plan


def test_parse_step_records_notices(schema):
    plan = run(schema, pipeline.parse_user_query, q='"kapot')
    assert plan.notices and plan.parsed.groups[0][0].text == "kapot"


def test_text_query_collects_exact_and_stemmed_terms(schema):
    plan = run(schema, pipeline.parse_user_query, pipeline.add_text_query, q="Bibliotheken")
    assert plan.terms == {"bibliotheken", "bibliotheek"}
    text = repr(plan.text_query)
    assert '"bibliotheken"' in text and '"bibliotheek"' in text


def test_stop_words_are_optional_next_to_content_words(schema):
    plan = run(schema, pipeline.parse_user_query, pipeline.add_text_query, q="de hemel")
    text = repr(plan.text_query)
    assert text.count("(Should, Boost(query=DisjunctionMaxQuery") == 1  # "de", optional and light
    assert "boost=0.2" in text
    assert text.count("(Must, DisjunctionMaxQuery") == 1


def test_only_stop_words_are_all_required(schema):
    plan = run(schema, pipeline.parse_user_query, pipeline.add_text_query, q="het")
    assert "(Must, DisjunctionMaxQuery" in repr(plan.text_query)


def test_negation_becomes_must_not(schema):
    plan = run(schema, pipeline.parse_user_query, pipeline.add_text_query, q="hemel -aarde")
    assert "MustNot" in repr(plan.text_query)


def test_phrase_boosts_only_for_several_words(schema):
    one = run(schema, pipeline.parse_user_query, pipeline.add_phrase_boosts, q="hemel")
    two = run(schema, pipeline.parse_user_query, pipeline.add_phrase_boosts, q="ontdekking hemel")
    assert len(one.boosts) == 1  # the full-title match
    assert len(two.boosts) == 4  # full title, phrase, proximity, the words in title order
    assert f"slop: {pipeline.ORDER_SLOP} }}" in repr(two.boosts[3])


def test_the_title_order_boost_is_for_a_few_words_not_for_a_question(schema):
    steps = (pipeline.parse_user_query, pipeline.add_text_query, pipeline.add_phrase_boosts)
    few = run(schema, *steps, q="communities soil")
    question = run(schema, *steps, q="hoe vraag ik een boek aan uit een andere bibliotheek")
    assert any(f"slop: {pipeline.ORDER_SLOP} }}" in repr(b) for b in few.boosts)
    assert not any(f"slop: {pipeline.ORDER_SLOP} }}" in repr(b) for b in question.boosts)


def test_filters_one_query_per_field(schema):
    plan = run(schema, pipeline.add_filters,
               filters=(("material", "boek"), ("material", "e-book"), ("year", "2000-2009")))
    assert set(plan.filters) == {"material", "year"}
    assert "boek" in repr(plan.filters["material"]) and "e-book" in repr(plan.filters["material"])


def test_disjunctive_query_leaves_out_one_field(schema):
    plan = plan_search(SearchRequest(q="x", filters=(("material", "boek"), ("language", "nl"))), schema)
    full, without = repr(plan.query()), repr(plan.query(without="material"))
    assert '"boek"' in full and '"boek"' not in without and '"nl"' in without


def test_scope_filter(schema):
    assert run(schema, pipeline.add_scope, scope="all").scope_filter is None
    assert '"article"' in repr(run(schema, pipeline.add_scope, scope="articles").scope_filter)


def test_library_boost(schema):
    plan = run(schema, pipeline.add_library_boost, library="NL-AmOBA")
    assert len(plan.boosts) == 1 and "NL-AmOBA" in repr(plan.boosts[0])


def test_sort_step(schema):
    assert run(schema, pipeline.add_sort, sort="year_asc").sort_field == "year"
    assert run(schema, pipeline.add_sort, sort="relevance").sort_field is None


@pytest.mark.parametrize("typed", ["9789023472780", "978-90-234-7278-0", "978 90 234 7278 0", "9023472780",
                                   "90-234-7278-0", "ISBN 978-90-234-7278-0"])
def test_isbn_in_any_form_gives_both_keys(typed):
    assert {"9789023472780", "9023472780"} <= lookup_keys(typed)


def test_invalid_isbn_and_words_are_not_identifiers():
    assert lookup_keys("9789023472781") == set()
    assert lookup_keys("ontdekking van de hemel") == set()


def test_ppn_is_an_identifier():
    assert "ppn:38303521x" in lookup_keys("38303521X")


def test_the_typo_step_looks_for_lookalikes_of_a_few_words_only(schema):
    """Each word looked for within a typo is an automaton over several fields' terms: a query of
    sixty unknown words must not cost sixty of them (the first MAX_FUZZY_WORDS get lookalikes)."""
    from search_api.pipeline import MAX_FUZZY_WORDS

    words = [f"qxwoord{chr(97 + i)}" for i in range(12)]
    few = plan_search(SearchRequest(q=" ".join(words[:2])), schema, fuzzy=True)
    many = plan_search(SearchRequest(q=" ".join(words)), schema, fuzzy=True)
    per_word = repr(few.text_query).count("FuzzyTermQuery") // 2
    assert per_word > 0
    assert repr(many.text_query).count("FuzzyTermQuery") == MAX_FUZZY_WORDS * per_word
    for w in words[:MAX_FUZZY_WORDS]:
        assert w in repr(many.text_query)


def test_populated_fields_are_found_without_walking_whole_term_dictionaries(service):
    """The search fields holding terms are those an empty prefix finds terms in (the definition),
    found by short prefixes; a field known to hold terms (the same generation before an update)
    is not looked up again."""
    from indexer.fields import SEARCH_FIELDS
    from search_api.pipeline import populated_fields

    searcher = service.state.searcher
    asked: list[tuple[str, str]] = []

    class Counting:
        def terms_with_prefix(self, field, prefix, limit=None):
            asked.append((field, prefix))
            return searcher.terms_with_prefix(field, prefix, limit=limit)

    truth = {f.exact_field for f in SEARCH_FIELDS if searcher.terms_with_prefix(f.exact_field, "", limit=1)}
    found = populated_fields(Counting())
    assert found == truth and "title__x" in found and len(truth) < len(SEARCH_FIELDS)
    # A populated field is found by a prefix before the empty one; only empty fields ask for "".
    assert {f for f, p in asked if p == ""} == {f.exact_field for f in SEARCH_FIELDS} - truth
    asked.clear()
    assert populated_fields(Counting(), known=frozenset({"title__x"})) == truth
    assert not any(f == "title__x" for f, _ in asked)


def test_a_stop_word_among_alternatives_counts_where_it_counts_alone(service):
    """"hemel OR de" finds what "hemel" finds and what "de" alone finds (a stop word: in titles
    and names), not every record with "de" somewhere in its description."""
    def ids(q: str) -> set[str]:
        res = service.search(SearchRequest(q=q, size=1000, group=False, spell=False))
        assert res.total == len(res.hits)
        return {h.id for h in res.hits}

    hemel, de, either = ids("hemel"), ids("de"), ids("hemel OR de")
    assert hemel and de and not hemel <= de
    assert either == hemel | de


def test_an_or_of_facet_words_finds_at_least_what_each_finds_alone(service):
    """"kinderboeken" alone also finds the children's books by their audience (a facet hint);
    "kinderboeken OR prentenboeken" must not find fewer: each alternative keeps its hint."""
    def found(q: str) -> set[str]:
        res = service.search(SearchRequest(q=q, scope="catalogue", size=1000, group=False))
        return {h.id for h in res.hits}

    for a, b in (("kinderboeken", "prentenboeken"), ("boek", "roman"), ("kinderboeken", "jeugd")):
        alone_a, alone_b, either = found(a), found(b), found(f"{a} OR {b}")
        assert alone_a and alone_b
        assert either == alone_a | alone_b, (a, b)
