"""The API fuzzed against its own OpenAPI description (schemathesis): every operation, every check.

Positive and negative cases are generated from /openapi.json of an app on the sample index and each
response is checked by all of schemathesis's checks: no 5xx, a status code, content type, headers and
body the description declares, invalid input rejected and valid input accepted. The seed is fixed
(derandomize) so a CI failure reproduces, and the examples per operation are bounded so the whole
run stays near a minute."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import jsonschema
import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import negative_data_rejection  # noqa: E402

from search_api.request import DEFAULT_SIZE, MAX_RESULT_WINDOW, MAX_SIZE  # noqa: E402
from tests.conftest import SAMPLE_SOURCES  # noqa: E402

# Bounded: 16 operations, each with positive and negative cases.
EXAMPLES_PER_OPERATION = 60


def _app():
    """An app on its own sample index, built at import: @schema.parametrize() needs the operations
    when the tests are collected (schemathesis's fixture-backed lazy schema does not run under this
    pytest), and the sample builds in well under a second."""
    from indexer.build import build
    from search_api.app import create_app
    from search_api.service import SearchService
    from search_api.settings import Settings

    index_dir = tempfile.mkdtemp(prefix="vindplaats-schemathesis-")
    atexit.register(shutil.rmtree, index_dir, True)
    report = build(index_dir, SAMPLE_SOURCES)
    assert report.state == "done", report.message
    os.environ.setdefault("VINDPLAATS_RATE_LIMIT", "0")
    return create_app(Settings(index_dir=index_dir, rate_limit=0), service=SearchService(index_dir))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())
schema.config.generation.update(max_examples=EXAMPLES_PER_OPERATION, deterministic=True)


def within_the_result_window(case) -> None:
    """page × size beyond the result window is a 400 (page_out_of_range) that no JSON Schema can
    express: the bound spans two parameters. `page`'s description says it and test_openapi tests the
    400; here a page that is valid on its own is brought inside the window for its size."""
    query = case.query if isinstance(case.query, dict) else {}
    page, size = _integer(query.get("page")), _integer(query.get("size", DEFAULT_SIZE))
    if page is not None and size is not None and 1 <= page <= MAX_RESULT_WINDOW and 1 <= size <= MAX_SIZE:
        query["page"] = min(page, MAX_RESULT_WINDOW // size)  # the page's last result inside it
    # Likewise a year range's order: `year:2010-2000` is a 400 (test_request), no pattern can say so.
    filters = query.get("filter")
    if isinstance(filters, list):
        query["filter"] = [_ordered_years(f) if isinstance(f, str) else f for f in filters]


def _ordered_years(raw: str) -> str:
    name, sep, value = raw.partition(":")
    low, dash, high = value.strip().partition("-")
    if name.strip() == "year" and dash and low.isdigit() and high.isdigit() and int(low) > int(high):
        return f"{name}{sep}{high}-{low}"
    return raw


def _integer(value) -> int | None:
    """An integer as it goes on the wire: the coverage phase writes some as their digits."""
    if type(value) is int:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and str(int(value)) == value:
        return int(value)
    return None


# SRU and OAI-PMH answer a value outside their parameters' types with a diagnostic (an OAI-PMH
# error) in an HTTP 200 XML response, as the protocols require and their clients expect; so for
# them "rejected" means that diagnostic, checked instead of a 4xx.
PROTOCOL_PATHS = ("/sru", "/oai")


def _documented_values_valid(case, explain: bool = False) -> bool:
    """Whether the case is valid once an empty value counts as left out (the API's description says
    so: `page=` is what an OpenSearch template leaves) and, on SRU and OAI-PMH, once a parameter the
    protocol does not have is ignored (as SRU says of `x-` extensions, and SRU servers do of others).
    A "negative" case that is valid this way is not one the API must reject."""
    operation = case.operation.definition.raw
    values = dict(case.query or {})
    if isinstance(case.body, dict):
        values.update(case.body)
    params = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
    schemas = {p["name"]: p["schema"] for p in params}
    required = {p["name"] for p in params if p.get("required")}
    form = operation.get("requestBody", {}).get("content", {}).get("application/x-www-form-urlencoded", {})
    schemas.update(form.get("schema", {}).get("properties", {}))
    if explain:  # an explain request has only these; searchRetrieve's others are not part of it
        schemas = {name: schemas[name] for name in ("operation", "version") if name in schemas}
    protocol = case.operation.path in PROTOCOL_PATHS
    kept = {}
    for name, value in values.items():
        if isinstance(value, list):
            value = [v for v in value if v != ""]
        if value in ("", []):
            continue
        if name not in schemas:
            if protocol:
                continue
            return False
        kept[name] = value
    if not required <= set(kept):
        return False

    def valid(name, value) -> bool:
        schema = schemas[name]
        if schema.get("type") == "integer" and _integer(value) is not None:
            value = _integer(value)
        if schema.get("type") == "boolean" and value in ("true", "false"):
            value = value == "true"
        return jsonschema.Draft202012Validator(schema).is_valid(value)

    return all(valid(name, value) for name, value in kept.items())


def rejected_with_a_diagnostic(ctx, response, case) -> None:
    if case.operation.path not in PROTOCOL_PATHS or case.method.upper() not in ("GET", "POST") or case.meta is None:
        return
    if case.meta.generation.mode != GenerationMode.NEGATIVE or response.status_code >= 400:
        return
    body = response.content or b""
    if _documented_values_valid(case, explain=b"explainResponse" in body):
        return
    assert b"diagnostic" in body or b"<error " in body, (
        f"{case.operation.label}: a request outside the description got {response.status_code} without a diagnostic")


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_its_description(case):
    if case.operation.path == "/api/v1/search":
        within_the_result_window(case)
    negative = case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE
    if case.operation.path in PROTOCOL_PATHS:
        case.call_and_validate(excluded_checks=[negative_data_rejection],
                               additional_checks=[rejected_with_a_diagnostic])
    elif negative and case.operation.method.upper() == "GET" and _documented_values_valid(case):
        case.call_and_validate(excluded_checks=[negative_data_rejection])
    else:
        case.call_and_validate()
