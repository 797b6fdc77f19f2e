"""What schemathesis found, one focused test each: the API and its OpenAPI description now agree."""
from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def schema(client) -> dict:
    return client.get("/openapi.json").json()


def test_a_year_filter_past_the_index_field_is_a_400_not_a_500(client):
    r = client.get("/api/v1/search", params={"q": "hemel", "filter": "year:28159331925437283639"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_filter"


@pytest.mark.parametrize("value", ["٣٣", "+2000", "1_999", "2000-+5"])
def test_a_year_filter_takes_ascii_digits_only(client, value):
    r = client.get("/api/v1/search", params={"q": "hemel", "filter": f"year:{value}"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_filter"


def test_the_filter_pattern_says_what_the_parser_takes(schema):
    search = {p["name"]: p for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}
    pattern = re.compile(search["filter"]["schema"]["items"]["pattern"])
    for good in ("year:2010", "year:2000-2009", "year:-1899", "year:2020-", " audience : jeugd", "available:true"):
        assert pattern.search(good), good
    for bad in ("year:abc", "year:12345", "available:ja", "audience: ", "kleur:rood"):
        assert not pattern.search(bad), bad
    assert "page_out_of_range" in search["page"]["description"]


@pytest.mark.parametrize("value", ["NLé", " NL-AmOBA", "NL²"])
def test_library_is_ascii_as_its_pattern_says(client, value):
    r = client.get("/api/v1/search", params={"q": "hemel", "library": value})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_library"


def test_an_empty_library_is_no_library_as_the_pattern_allows(client, schema):
    assert client.get("/api/v1/search", params={"q": "hemel", "library": ""}).status_code == 200
    search = {p["name"]: p for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert re.search(search["library"]["schema"]["pattern"], "")


def test_a_405_names_every_method_of_the_path(client):
    r = client.request("PUT", "/oai")
    assert r.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in r.headers["allow"].split(",")}


def test_a_bad_sitemap_number_is_json_as_documented(client, schema):
    r = client.get("/sitemap-abc.xml")
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/json")
    r = client.get("/sitemap-99999.xml")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert "404" in schema["paths"]["/sitemap-{number}.xml"]["get"]["responses"]


def test_metrics_documents_its_401_as_json(client, schema):
    r = client.get("/metrics")
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/json")
    assert "application/json" in schema["paths"]["/metrics"]["get"]["responses"]["401"]["content"]


def test_record_format_and_answer_question_are_described(client, schema):
    record = {p["name"]: p for p in schema["paths"]["/api/v1/records/{record_id}"]["get"]["parameters"]}
    assert set(record["format"]["schema"]["enum"]) == {"", "json", "ris", "bibtex", "jsonld", "marcxml"}
    answer = {p["name"]: p for p in schema["paths"]["/api/v1/answer"]["get"]["parameters"]}
    assert answer["q"]["required"] is True
    assert client.get("/api/v1/answer", params={"q": "   "}).status_code == 400
    assert not re.search(answer["q"]["schema"]["pattern"], "   ")


def test_cover_errors_are_json_as_documented(client, schema):
    """A cover is asked for by an <img>, never read as a page: its 400 and 404 are the documented JSON."""
    r = client.get("/cover/" + "0" * 301, headers={"Accept": "text/html"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/json")
    r = client.get("/cover/ppn:000000000", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert "application/json" in schema["paths"]["/cover/{record_id}"]["get"]["responses"]["404"]["content"]
