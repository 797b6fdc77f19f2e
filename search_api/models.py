"""The documented shapes of the JSON API, for /docs and for the websites that read it.

The routes keep answering with the fast orjson JSONResponse; FastAPI uses these models for the
OpenAPI schema only. The tests validate real responses against them, so a field added to
`SearchResponse.to_dict()` or a route without its model here fails a test. Hits, facets and
the envelopes forbid unknown fields; records allow them, because the canonical record keeps
fields it does not know.
"""
from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from indexer.fields import SUGGEST_FIELDS


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Author(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    role: str | None = None


class Holding(BaseModel):
    model_config = ConfigDict(extra="allow")
    library: str | None = Field(None, description="ISIL", examples=["NL-AmOBA"])
    library_name: str | None = None
    branch: str | None = None
    province: str | None = None
    available: bool | None = None


class SearchHit(_Closed):
    """A catalogue hit (one per work unless `group=false`) or a knowledge-article section. Display
    fields are present only when the record has them."""
    id: str = Field(examples=["ppn:830929703"])
    type: Literal["catalogue", "article"]
    title: str
    url: str = Field(description="the hit's HTML page on this site (a path)", examples=["/titel/ppn:830929703"])
    snippet: str = Field(description="HTML: escaped text with <mark> around the matched words")
    # catalogue display fields
    subtitle: str | None = None
    authors: list[Author] | None = None
    year: int | None = None
    material: str | None = Field(None, examples=["boek"])
    language: list[str] | None = None
    audience: str | list[str] | None = Field(None, description="catalogue: one age group; article: list")
    reading_form: list[str] | None = None
    genre: list[str] | None = None
    subjects: list[str] | None = None
    publisher: str | None = None
    edition: str | None = None
    isbn: list[str] | None = None
    ppn: str | None = None
    series: str | None = None
    work_key: str | None = None
    online_url: str | None = None
    cover_url: str | None = None
    holdings_count: int | None = Field(None, description="catalogue: holdings of this edition")
    available: bool | None = Field(None, description="catalogue: available somewhere now (grouped: any edition)")
    libraries: int | None = Field(None, description="grouped: libraries holding any edition of the work")
    libraries_available: int | None = Field(
        None, description="grouped: libraries with a copy of any edition of the work on the shelf now")
    editions: int | None = Field(None, description="catalogue: matching records folded into this hit")
    edition_ids: list[str] | None = Field(None, description="when more than one edition matched")
    held_here: bool | None = Field(
        None, description="with `library`: does that library hold it (grouped: any edition of the work)")
    available_here: bool | None = Field(
        None, description="with `library`: available there now (grouped: any edition of the work)")
    # article display fields
    document: str | None = None
    section: str | list[str] | None = None
    themes: list[str] | None = None
    published: str | None = Field(None, examples=["2025-01-14"])
    source: str | None = Field(None, examples=["bnetwerk"])
    source_url: str | None = Field(None, description="the article's original publication")
    # ranking
    score: float | None = None
    explain: dict[str, Any] | None = Field(None, description="with `explain=true`: why it matched")


class FacetValue(_Closed):
    value: str
    count: int = Field(description="works with an edition having this value (editions with `group=false`): "
                                   "the total that ticking it gives")
    selected: bool
    label: str | None = Field(None, description="display text when it differs from the value")
    children: list[FacetValue] | None = Field(None, description="the province facet: its libraries")


class WordCount(BaseModel):
    word: str
    count: int


class Understood(_Closed):
    field: str = Field(examples=["material"])
    values: list[str] = Field(examples=[["luisterboek"]])
    words: str = Field(description="the words of the query that name the value", examples=["luisterboek"])
    applied: str = Field(description="filter | boost", examples=["filter"])
    label: str | None = Field(None, description="a filter's name, for 'Alleen …' (in the request's language)",
                              examples=["luisterboeken"])
    notice: str | None = Field(None, description="a filter's notice, also in `notices`")


class SearchResults(_Closed):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "query": "hemel", "total": 12, "page": 1, "size": 1, "took_ms": 4.2,
        "hits": [{
            "id": "ppn:830929703", "type": "catalogue", "title": "Tussen hemel en aarde",
            "url": "/titel/ppn:830929703", "snippet": "Zestig korte gedichten over het landschap langs de IJssel",
            "subtitle": "gedichten", "authors": [{"name": "Wendela Roos", "role": "auteur"}], "year": 2016,
            "material": "boek", "language": ["nl"], "audience": "volwassenen", "genre": ["poëzie"],
            "publisher": "De Arbeiderspers", "isbn": ["9789029700221"], "holdings_count": 4, "available": True,
            "libraries": 4, "libraries_available": 3, "editions": 1, "held_here": True, "available_here": True,
            "score": 34.6}],
        "facets": {"material": [{"value": "boek", "count": 10, "selected": False}],
                   "province": [{"value": "Gelderland", "count": 4, "selected": False, "children": [
                       {"value": "NL-NmBGZ", "count": 2, "selected": False, "label": "Bibliotheek Gelderland Zuid"}]}]},
        "did_you_mean": None, "notices": [], "corrected_from": None, "total_records": 12}]})
    query: str
    total: int = Field(description="matching works (or records with `group=false`); in the grouped view "
                                   "the same estimate of works that each facet value counts with, so ticking a value "
                                   "gives the total it showed")
    page: int
    size: int
    took_ms: float
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    did_you_mean: str | None = Field(description="a correction of words the index does not know, offered but not "
                                                  "searched (null when its results are shown: see corrected_from)")
    notices: list[str] = Field(description="how the query was read and what the zero-result chain did, in Dutch "
                                           "(English with lang=en)")
    corrected_from: str | None = Field(None, description="the words as typed, when the hits are for other words: their "
                                                         "spelling correction (`query`) or words within a typo; the "
                                                         "same search with spell=false searches them as typed")
    words: list[WordCount] | None = Field(None, description="on a search that found nothing: what each word finds alone")
    total_records: int | None = Field(None, description="matching records before folding editions into works")
    understood: list[Understood] = Field(default_factory=list, description=(
        "words of the query read as facet values: `filter` (named outright, e.g. luisterboek, grote letter, "
        "voor kinderen; take it off with nofilter=FIELD) or `boost` (a hint such as thriller or engels: records "
        "with the value rank up, the word still matches as a word)"))
    knowledge: list[SearchHit] | None = Field(None, description=(
        "with knowledge=true: the knowledge base's best answers (at most 3) when they match well, else empty"))
    knowledge_total: int | None = Field(None, description="with knowledge=true: every article the words find")
    partial: bool = Field(False, description="true when the search ran out of its time (VINDPLAATS_SEARCH_DEADLINE_MS) "
                                             "and left parts out; the hits and the total are always complete")
    skipped: list[Literal["facets", "explain", "spelling", "alternatives", "knowledge", "words"]] = Field(
        default_factory=list, description="what a partial search left out: facets (then empty), explain, spelling "
                                          "(did_you_mean), alternatives (the zero-result chain), knowledge, words; "
                                          "a notice says so too")
    estimated: bool = Field(False, description="true when the facet counts (and, grouped, the total of works) are "
                                               "estimates from a sample of the works: a search matching hundreds "
                                               "of thousands of records (VINDPLAATS_FACET_SAMPLE_FROM); "
                                               "total_records stays exact")
    sample_rate: int | None = Field(None, ge=2, description="with estimated: the counts come from 1 in this many "
                                                            "works, multiplied back")


class EditionSummary(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: str
    year: int | None = None
    material: str | None = None
    edition: str | None = None
    publisher: str | None = None


class Record(BaseModel):
    """A canonical record with all its fields (see the contract); a catalogue record also lists the
    other editions of its work. Fields a source adds are kept, so more may appear."""
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "catalogue", "id": "ppn:831126353", "title": "Zeven dagen hemel",
        "authors": [{"name": "Roos Mulder", "role": "auteur"}], "publisher": "Zomer & Keuning", "year": 2022,
        "isbn": ["9789082248869"], "ppn": "831126353", "language": ["nl"], "material": "boek",
        "audience": "volwassenen", "genre": ["feelgood", "romantiek"], "subjects": ["liefde", "Zeeland"],
        "nur": "340", "description": "Een week op een camping in Zeeland ...",
        "holdings": [{"library": "NL-NmBGZ", "library_name": "Bibliotheek Gelderland Zuid",
                      "branch": "Nijmegen De Mariënburg", "province": "Gelderland", "available": False}],
        "work_key": "zeven-dagen-hemel|mulder", "editions": []}]})
    id: str
    type: Literal["catalogue", "article"]
    title: str
    subtitle: str | None = None
    authors: list[Author] | None = None
    publisher: str | None = None
    year: int | None = None
    edition: str | None = None
    isbn: list[str] | None = None
    ppn: str | None = None
    language: list[str] | None = None
    material: str | None = None
    audience: str | list[str] | None = None
    reading_form: list[str] | None = None
    genre: list[str] | None = None
    subjects: list[str] | None = None
    nur: str | None = None
    series: str | None = None
    description: str | None = None
    holdings: list[Holding] | None = None
    online_url: str | None = None
    work_key: str | None = None
    editions: list[EditionSummary] | None = Field(None, description="catalogue: the work's other editions")
    body: str | None = Field(None, description="article: the section's text")
    section: str | list[str] | None = None
    document: str | None = None
    themes: list[str] | None = None
    published: str | None = None
    url: str | None = Field(None, description="article: its original publication")
    source: str | None = None


class Suggestion(_Closed):
    text: str
    count: int = Field(description="records this completion leads to")
    field: Literal[SUGGEST_FIELDS + ("series",)]  # the record field it comes from
    kind: Literal["title", "author", "series", "word"] = Field(
        description="a whole title, author or series that begins with what was typed; only when there is "
                    "none, a completion of the word being typed")


class LibraryChoice(_Closed):
    isil: str
    name: str
    province: str | None = None
    places: list[str] = Field(description="the places of its branches (from the libraries file)")


class Libraries(_Closed):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "query": "almere", "total": 2, "libraries": [
            {"isil": "NL-AlmNB", "name": "Bibliotheek Almere (De Nieuwe Bibliotheek)", "province": "Flevoland",
             "places": ["Almere"]}]}]})
    query: str
    total: int = Field(description="libraries a patron may choose, before the query narrows them")
    libraries: list[LibraryChoice]


class Suggestions(_Closed):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "query": "mul", "suggestions": [{"text": "Mulisch, Harry", "count": 6, "field": "authors", "kind": "author"},
                                        {"text": "Multatuli", "count": 2, "field": "authors", "kind": "author"}]}]})
    query: str
    suggestions: list[Suggestion]


class Health(_Closed):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "status": "ok", "generation": "g20250114T101500.000000-1234", "records": 573, "warm": True}]})
    status: Literal["ok"]
    generation: str = Field(description="the index generation being served")
    records: int
    warm: bool = Field(description="the vocabulary (spelling, compounds) of this generation is loaded; "
                                   "until then a search may wait for it")


class ErrorDetail(_Closed):
    code: str = Field(examples=["invalid_size"])
    message: str = Field(description="for developers, in English")


class Error(_Closed):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "error": {"code": "invalid_size", "message": "size must be between 1 and 100"}}]})
    error: ErrorDetail


def error_responses(*statuses: int) -> dict:
    """`responses=` for a route decorator: the error shape for each status."""
    what = {400: "Bad input (unparseable query, unknown filter field, page out of range, size too large)",
            401: "A valid admin token is needed (Authorization: Bearer ...)",
            404: "No such record", 503: "The index is not available yet"}
    # The error shape is JSON whatever the route's own response class (metrics' is plain text).
    return {s: {"description": what.get(s, "Error"),
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            for s in statuses}


# --- finishing the OpenAPI document -------------------------------------------------------------
# The JSON routes are documented by the models above. The XML and text doors (SRU, OpenSearch,
# metrics) and the admin API answer in shapes that have no model, so their examples are here,
# in the one place where the published document is put together.

_SRU_EXAMPLE = """<?xml version='1.0' encoding='UTF-8'?>
<sruResponse:searchRetrieveResponse xmlns:sruResponse="http://docs.oasis-open.org/ns/search-ws/sruResponse">
  <sruResponse:version>2.0</sruResponse:version>
  <sruResponse:numberOfRecords>8</sruResponse:numberOfRecords>
  <sruResponse:records>
    <sruResponse:record>
      <sruResponse:recordSchema>info:srw/schema/1/dc-v1.1</sruResponse:recordSchema>
      <sruResponse:recordXMLEscaping>xml</sruResponse:recordXMLEscaping>
      <sruResponse:recordData>
        <srw_dc:dc xmlns:srw_dc="info:srw/schema/1/dc-schema" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title>Zeven dagen hemel</dc:title>
          <dc:creator>Roos Mulder</dc:creator>
          <dc:date>2022</dc:date>
          <dc:identifier>urn:isbn:9789082248869</dc:identifier>
        </srw_dc:dc>
      </sruResponse:recordData>
      <sruResponse:recordPosition>1</sruResponse:recordPosition>
    </sruResponse:record>
  </sruResponse:records>
  <sruResponse:nextRecordPosition>2</sruResponse:nextRecordPosition>
</sruResponse:searchRetrieveResponse>
"""

_OPENSEARCH_EXAMPLE = """<?xml version='1.0' encoding='UTF-8'?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>Vindplaats</ShortName>
  <Url type="text/html" method="get" template="https://vindplaats.example/zoeken?q={searchTerms}&amp;page={startPage?}"/>
  <Url type="application/json" method="get"
       template="https://vindplaats.example/api/v1/search?q={searchTerms}&amp;page={startPage?}&amp;size={count?}"/>
  <Url type="application/x-suggestions+json" method="get"
       template="https://vindplaats.example/api/v1/suggest/opensearch?q={searchTerms}"/>
</OpenSearchDescription>
"""

_SRU_PARAMETERS = [
    ("query", "a CQL query", 'dc.title any "hemel" and dc.date > 2000'),
    ("operation", "searchRetrieve or explain (SRU 1.x)", "searchRetrieve"),
    ("version", "2.0, 1.2 or 1.1", "2.0"),
    ("startRecord", "position of the first record, from 1", "1"),
    ("maximumRecords", "records per response (more than the cap, 100, is sent as 100)", "10"),
    ("recordSchema", "dc or marcxml", "dc"),
    ("sortKeys", "e.g. dc.date,,0 (newest first)", None),
    ("x-library", "ISIL of a library whose holdings rank first", "NL-AmOBA"),
]

_JOB = {"job": "j20250114T101500-1a2b", "kind": "build", "state": "running", "progress": 0.42, "records": 120000,
        "rejected": 3, "deleted": 0, "rate": 5200.0, "eta_seconds": 31, "errors": [],
        "started": "2025-01-14T10:15:00Z", "finished": None, "generation": None, "previous_generation": None,
        "message": None, "sources": ["catalogus"], "pid": 4242, "report": None}

# (method, path) -> {status: {media type: example}}
EXAMPLES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("get", "/sru"): {"200": {"application/xml": _SRU_EXAMPLE}},
    ("post", "/sru"): {"200": {"application/xml": _SRU_EXAMPLE}},
    ("get", "/opensearch.xml"): {"200": {"application/opensearchdescription+xml": _OPENSEARCH_EXAMPLE}},
    ("get", "/api/v1/suggest/opensearch"): {"200": {"application/x-suggestions+json": ["hem", ["hemel", "hemelbestormers"]]}},
    ("get", "/metrics"): {"200": {"text/plain": 'vindplaats_http_requests_total{route="/api/v1/search",status="200"} 42.0\n'}},
    ("post", "/api/v1/admin/reindex"): {"202": {"application/json": {
        "job": _JOB["job"], "state": "queued", "sources": ["catalogus"], "url": f"/api/v1/admin/jobs/{_JOB['job']}"}}},
    ("get", "/api/v1/admin/jobs"): {"200": {"application/json": {"jobs": [_JOB]}}},
    ("get", "/api/v1/admin/jobs/{job}"): {"200": {"application/json": _JOB}},
    ("post", "/api/v1/admin/jobs/{job}/cancel"): {"202": {"application/json": {"job": _JOB["job"], "state": "stopping"}}},
    ("post", "/api/v1/admin/rollback"): {"200": {"application/json": {
        "live": "g20250113T020000.000000-77", "previous": "g20250114T101500.000000-1234"}}},
    ("get", "/api/v1/admin/sources"): {"200": {"application/json": {
        "config": "vindplaats.toml", "sources": [{"name": "catalogus", "kind": "jsonl", "path": "data/catalogue.jsonl",
                                                 "enabled": True, "exists": True}], "build": {"max_rejected": 0.05}}}},
}


def _search_parameters() -> dict[str, dict]:
    """The schemas of /api/v1/search's parameters, from the constants SearchRequest checks them with.

    The route's own signature keeps them as plain strings on purpose: FastAPI would answer a
    value outside them with its generic error before SearchRequest could give its specific one
    (`invalid_page`, `invalid_sort`, ...), and would refuse what the parser rightly takes, such
    as the empty `page=` an OpenSearch `{startPage?}` template leaves."""
    from indexer.fields import FILTERABLE, SORTS
    from search_api import request as r

    def boolean(default: bool) -> dict:
        return {"type": "boolean", "default": default}

    fields = sorted(FILTERABLE)
    return {
        "q": {"type": "string"},
        "scope": {"type": "string", "enum": list(r.SCOPES), "default": "all"},
        # FIELD:VALUE, spaces around either part ignored; a year's value is a year or a range
        # (r.YEAR_FILTER_PATTERN), and its first year not after the second, which no pattern can say;
        # `available` takes true or false.
        "filter": {"type": "array", "maxItems": r.MAX_FILTERS,
                   "items": {"type": "string", "pattern": (
                       rf"^(\s*({'|'.join(map(re.escape, [f for f in fields if f not in ('year', 'available')]))})"
                       rf"\s*:[\s\S]*\S[\s\S]*"
                       rf"|\s*year\s*:\s*({r.YEAR_FILTER_PATTERN})\s*|\s*available\s*:\s*(true|false)\s*)$")}},
        "sort": {"type": "string", "enum": list(SORTS), "default": "relevance"},
        "page": {"type": "integer", "minimum": 1, "maximum": r.MAX_RESULT_WINDOW, "default": 1},
        "size": {"type": "integer", "minimum": 1, "maximum": r.MAX_SIZE, "default": r.DEFAULT_SIZE},
        # Empty is "no library", like the empty `page=` a template leaves.
        "library": {"type": "string", "pattern": f"^({r.ISIL_PATTERN})?$", "examples": ["NL-AmOBA"]},
        "explain": boolean(False),
        "group": boolean(True),
        "format": {"type": "string", "enum": list(r.FORMATS), "default": "json"},
        "knowledge": boolean(False),
        "understand": boolean(True),
        "nofilter": {"type": "array", "items": {"type": "string", "enum": fields}},
        "spell": boolean(True),
        "lang": {"type": "string", "enum": ["nl", "en"], "default": "nl"},
    }


def _record_format() -> dict:
    """`format` of GET /api/v1/records/{id}: json or one of the exports (empty is json)."""
    from search_api.routes.records import EXPORTS

    return {"type": "string", "enum": ["", "json", *EXPORTS], "default": "json"}


def _answer_question() -> dict:
    """`q` of GET /api/v1/answer: required, with a word in it, at most MAX_QUERY_CHARS long."""
    from search_api.request import MAX_QUERY_CHARS

    return {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS, "pattern": r"\S",
            "examples": ["Hoe word ik lid van de bibliotheek?"]}


def _sru_schemas() -> dict[str, dict]:
    """SRU's parameters as types; a value outside them is answered with a diagnostic, not an error."""

    return {
        "operation": {"type": "string", "enum": ["searchRetrieve", "explain"]},
        "version": {"type": "string", "enum": ["2.0", "1.2", "1.1"], "default": "2.0"},
        "startRecord": {"type": "integer", "minimum": 1, "default": 1},
        # No maximum: more than MAX_RECORDS is clamped to it, as SRU lets a server send fewer (said so
        # in the description); a schema maximum told clients a larger value is an error, which it is not.
        "maximumRecords": {"type": "integer", "minimum": 0},
        "recordSchema": {"type": "string", "enum": ["dc", "marcxml"], "default": "dc"},
    }


def _sru_parameters() -> list[dict]:
    typed = _sru_schemas()
    return [{"name": n, "in": "query", "required": False, "description": d,
             "schema": typed.get(n, {"type": "string"}), **({"example": e} if e is not None else {})}
            for n, d, e in _SRU_PARAMETERS]


def _sru_form() -> dict:
    """POST /sru takes the same parameters as a form (application/x-www-form-urlencoded)."""
    typed = _sru_schemas()
    properties = {n: {**typed.get(n, {"type": "string"}), "description": d, **({"examples": [e]} if e else {})}
                  for n, d, e in _SRU_PARAMETERS}
    return {"required": False, "description": "the SRU parameters, form-encoded (they may also be in the URL)",
            "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object",
                                                                           "properties": properties}}}}


def _error_ref(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def finish_openapi(app) -> None:
    """Wrap `app.openapi`: FastAPI documents parameter errors as 422, this API answers 400 with
    its own error shape; admin routes answer 401 without a token; add the examples above."""
    from search_api.request import MAX_RESULT_WINDOW

    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "Error" not in components:
            error = Error.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(error.pop("$defs", {}))
            components["Error"] = error
        for path, operations in schema.get("paths", {}).items():
            for method, op in operations.items():
                responses = op.setdefault("responses", {})
                if responses.pop("422", None) is not None:
                    responses.setdefault("400", _error_ref("Bad input: a parameter out of range or of the wrong type"))
                if path.startswith("/api/v1/admin/"):
                    responses.setdefault("401", _error_ref("No valid admin token (Authorization: Bearer ...)"))
                for status, media in EXAMPLES.get((method, path), {}).items():
                    content = responses.setdefault(status, {"description": "OK"}).setdefault("content", {})
                    for media_type, example in media.items():
                        content.setdefault(media_type, {})["example"] = example
                if (method, path) == ("get", "/sru") and not op.get("parameters"):
                    op["parameters"] = _sru_parameters()
                if (method, path) == ("post", "/sru"):
                    op.setdefault("requestBody", _sru_form())
                if (method, path) == ("get", "/api/v1/records/{record_id}"):
                    for param in op.get("parameters", []):
                        if param["name"] == "format":
                            param["schema"] = _record_format()
                if (method, path) == ("get", "/api/v1/answer"):
                    for param in op.get("parameters", []):
                        if param["name"] == "q":
                            param["required"] = True
                            param["schema"] = _answer_question()
                if (method, path) == ("get", "/api/v1/search"):
                    schemas = _search_parameters()
                    for param in op.get("parameters", []):
                        if param["name"] in schemas:
                            param["schema"] = schemas[param["name"]]
                        if param["name"] == "page":  # a bound across two parameters, which a schema cannot hold
                            param["description"] = (f"result page, from 1; page × size may be at most "
                                                    f"{MAX_RESULT_WINDOW}, the result window (beyond: 400 page_out_of_range)")
        if "#/components/schemas/HTTPValidationError" not in json.dumps(schema["paths"]):
            components.pop("HTTPValidationError", None)
            components.pop("ValidationError", None)
        return schema

    app.openapi = openapi
