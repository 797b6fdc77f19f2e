"""Parsing the URL into a SearchRequest: strict about parameters, lenient about the query."""
import pytest

from search_api.request import BadRequest, SearchRequest, parse_year_filter


def parse(**kw):
    items = []
    for k, v in kw.items():
        for x in (v if isinstance(v, list) else [v]):
            items.append((k, x))
    return SearchRequest.from_params(items)


def test_defaults():
    r = parse()
    assert (r.q, r.page, r.size, r.sort, r.scope, r.filters) == ("", 1, 20, "relevance", "all", ())


def test_filters_or_within_and_across():
    r = parse(filter=["material:boek", "material:e-book", "language:nl"])
    assert r.filter_values("material") == ["boek", "e-book"]
    assert r.filtered_fields() == ["material", "language"]


@pytest.mark.parametrize("params,code", [
    ({"page": "0"}, "invalid_page"),
    ({"page": "abc"}, "invalid_page"),
    ({"size": "1000"}, "invalid_size"),
    ({"size": "0"}, "invalid_size"),
    ({"page": "501", "size": "20"}, "page_out_of_range"),
    ({"filter": "colour:red"}, "unknown_filter_field"),
    ({"filter": "material"}, "invalid_filter"),
    ({"filter": "year:abc"}, "invalid_filter"),
    ({"filter": "year:2010-2000"}, "invalid_filter"),
    ({"filter": "available:maybe"}, "invalid_filter"),
    ({"sort": "random"}, "invalid_sort"),
    ({"scope": "web"}, "invalid_scope"),
    ({"library": "<script>"}, "invalid_library"),
    ({"lang": "fr"}, "invalid_lang"),
])
def test_bad_parameters_are_400(params, code):
    with pytest.raises(BadRequest) as exc:
        parse(**params)
    assert exc.value.code == code
    assert exc.value.status == 400
    assert exc.value.message


def test_last_page_of_the_window_is_allowed():
    assert parse(page="500", size="20").offset == 9980


def test_long_query_is_cut_with_a_notice():
    r = parse(q="woord " * 200)
    assert len(r.q) <= 500 and r.notices


def test_year_filter_forms():
    assert parse_year_filter("2010") == (2010, 2010)
    assert parse_year_filter("2000-2009") == (2000, 2009)
    assert parse_year_filter("-1899") == (None, 1899)
    assert parse_year_filter("2020-") == (2020, None)


def test_round_trip_through_the_url():
    r = parse(q="hemel", filter=["material:boek"], sort="year_desc", page="2", library="NL-AmOBA", lang="en")
    again = SearchRequest.from_params(r.params())
    assert again == r
    toggled = r.toggle_filter("material", "boek")
    assert toggled.filters == () and toggled.page == 1
    assert r.toggle_filter("language", "nl").filters == (("material", "boek"), ("language", "nl"))
