"""A tight OpenAPI description: the search parameters as enums, booleans and bounded integers, SRU's
POST body and methods; and the values outside them still get the API's own specific errors."""
from __future__ import annotations

import re

import pytest

from indexer.fields import FILTERABLE, SORTS
from search_api import sru
from search_api.request import FORMATS, MAX_RESULT_WINDOW, MAX_SIZE, SCOPES


@pytest.fixture(scope="module")
def schema(client) -> dict:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def search_params(schema) -> dict[str, dict]:
    return {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}


def test_search_parameters_are_enums_booleans_and_bounded_integers(schema):
    p = search_params(schema)
    assert p["page"] == {"type": "integer", "minimum": 1, "maximum": MAX_RESULT_WINDOW, "default": 1}
    assert p["size"]["type"] == "integer" and (p["size"]["minimum"], p["size"]["maximum"]) == (1, MAX_SIZE)
    assert p["sort"]["enum"] == list(SORTS) == ["relevance", "year_desc", "year_asc", "title", "series"]
    assert p["scope"]["enum"] == list(SCOPES)
    assert p["format"]["enum"] == list(FORMATS)
    for name in ("explain", "group", "spell", "understand", "knowledge"):
        assert p[name]["type"] == "boolean", name
    assert p["lang"]["enum"] == ["nl", "en"]
    assert set(p["nofilter"]["items"]["enum"]) == set(FILTERABLE)
    pattern = re.compile(p["filter"]["items"]["pattern"])
    assert pattern.match("material:boek") and not pattern.match("kleur:rood") and not pattern.match("material")
    assert re.match(p["library"]["pattern"], "NL-AmOBA") and not re.match(p["library"]["pattern"], "NL AmOBA")
    loose = [n for n, s in p.items() if s.get("type") == "string" and "enum" not in s and "pattern" not in s]
    assert loose == ["q"]  # the words themselves are free text


@pytest.mark.parametrize(("params", "code"), [
    ({"page": "0"}, "invalid_page"), ({"page": "abc"}, "invalid_page"), ({"page": "10001"}, "page_out_of_range"),
    ({"size": "0"}, "invalid_size"), ({"size": "101"}, "invalid_size"), ({"sort": "random"}, "invalid_sort"),
    ({"scope": "web"}, "invalid_scope"), ({"format": "xml"}, "invalid_format"),
    ({"explain": "misschien"}, "invalid_parameter"), ({"group": "2"}, "invalid_parameter"),
    ({"lang": "fr"}, "invalid_lang"), ({"filter": "kleur:rood"}, "unknown_filter_field"),
])
def test_a_value_outside_the_schema_gets_its_own_error(client, params, code):
    r = client.get("/api/v1/search", params={"q": "hemel", **params})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == code


def test_what_the_schema_allows_is_answered(client, schema):
    p = search_params(schema)
    for sort in p["sort"]["enum"]:
        assert client.get("/api/v1/search", params={"q": "hemel", "sort": sort}).status_code == 200
    for scope in p["scope"]["enum"]:
        assert client.get("/api/v1/search", params={"q": "hemel", "scope": scope}).status_code == 200
    for fmt in p["format"]["enum"]:
        assert client.get("/api/v1/search", params={"q": "hemel", "format": fmt}).status_code == 200
    bounds = {"page": (1, 100), "size": (p["size"]["minimum"], p["size"]["maximum"])}
    for name, (low, high) in bounds.items():
        for value in (low, high):
            assert client.get("/api/v1/search", params={"q": "hemel", name: value}).status_code == 200
    # An OpenSearch template's {startPage?} left out: the empty value is the default, not an error.
    assert client.get("/api/v1/search?q=hemel&page=&size=").status_code == 200


def test_sru_post_documents_its_form_body(schema):
    body = schema["paths"]["/sru"]["post"]["requestBody"]
    form = body["content"]["application/x-www-form-urlencoded"]["schema"]
    assert form["type"] == "object"
    props = form["properties"]
    assert {"query", "operation", "version", "startRecord", "maximumRecords", "recordSchema"} <= set(props)
    assert props["maximumRecords"] == {**props["maximumRecords"], "type": "integer", "minimum": 0}
    # More than the cap is clamped (SRU lets a server send fewer), so it is no schema maximum.
    assert "maximum" not in props["maximumRecords"] and str(sru.MAX_RECORDS) in props["maximumRecords"]["description"]
    assert props["version"]["enum"] == ["2.0", "1.2", "1.1"]
    get = {p["name"]: p["schema"] for p in schema["paths"]["/sru"]["get"]["parameters"]}
    assert get["startRecord"]["type"] == "integer" and get["startRecord"]["minimum"] == 1


def test_sru_post_with_the_documented_form_answers(client):
    r = client.post("/sru", data={"operation": "searchRetrieve", "version": "2.0", "query": "hemel",
                                  "maximumRecords": "2"})
    assert r.status_code == 200 and b"numberOfRecords" in r.content


def test_options_sru_advertises_get_and_post(client, schema):
    r = client.options("/sru")
    assert r.status_code == 204
    allowed = {m.strip() for m in r.headers["allow"].split(",")}
    assert {"GET", "POST", "OPTIONS"} <= allowed
    assert "options" in schema["paths"]["/sru"]


def test_a_cors_preflight_for_sru_allows_post(sample_index, service):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    app = create_app(Settings(index_dir=str(sample_index), cors_origins=("https://www.bibliotheek.example",)),
                     service=service)
    with TestClient(app) as c:
        r = c.options("/sru", headers={"Origin": "https://www.bibliotheek.example",
                                       "Access-Control-Request-Method": "POST"})
        assert r.status_code == 204
        assert "POST" in r.headers["access-control-allow-methods"]
        search = c.options("/api/v1/search", headers={"Origin": "https://www.bibliotheek.example",
                                                      "Access-Control-Request-Method": "POST"})
        assert search.status_code == 403  # the search API stays GET only
