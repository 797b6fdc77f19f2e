"""Property tests of the parsers (hypothesis): the search box's query language and the analysis it
uses, CQL (SRU), and the search request from URL parameters. For arbitrary and mutated input each
either answers or refuses with its own error (BadRequest, CQLError with an SRU diagnostic it
declares), never anything else; and what it answers can be run on the sample index.

Seeds fixed (derandomize), examples bounded: the file stays near half a minute."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from lxml import etree  # noqa: E402

from indexer.analysis import exact_tokens, fold, stem_tokens, word_spans  # noqa: E402
from indexer.fields import SORTS  # noqa: E402
from search_api import sru, userquery  # noqa: E402
from search_api.cql import DIAGNOSTICS, CQLError, parse, to_cql  # noqa: E402
from search_api.request import FORMATS, MAX_QUERY_CHARS, SCOPES, BadRequest, SearchRequest  # noqa: E402

PROPERTY = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SEARCHING = settings(PROPERTY, max_examples=80)  # each example runs a search on the sample index

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
# What patrons type: words, the query language's own characters, and the odd thing in between.
QUERY_PIECES = st.sampled_from(['"', "(", ")", "[", "]", "{", "}", ":", "-", "+", "*", "?", "~", "^", "\\", "/",
                                "AND", "OR", "NOT", "&&", "||", "!", "titel:", "auteur:", "onderwerp:", "isbn:",
                                "ppn:", "id:", "jaar:", "titel:(", "-auteur:", "hemel", "ontdekking", "mulisch",
                                "9789023763444", "é", "ß", "İ", "ﬁ", "👍", "\u200b", "\u00ad", "x" * 70, "  "])
QUERY = st.lists(QUERY_PIECES | ANY_TEXT, max_size=12).map(" ".join) | ANY_TEXT


# --- the search box's query language and the analysis ------------------------------------------

@PROPERTY
@given(QUERY)
def test_the_query_language_reads_anything(q):
    parsed = userquery.parse(q)
    clauses = parsed.positive_clauses() + parsed.negations
    assert all(c.text.strip() for c in clauses), parsed
    assert all(c.negated for c in parsed.negations) and not any(c.negated for c in parsed.positive_clauses())
    assert len(clauses) <= userquery.MAX_TERMS
    assert all(isinstance(n, str) and n for n in parsed.notices)
    if not q.strip():
        assert parsed.is_empty


@PROPERTY
@given(st.lists(st.from_regex(r"[a-z]{1,12}", fullmatch=True), min_size=1, max_size=8))
def test_plain_words_are_read_as_those_words(words):
    assume(not {w.upper() for w in words} & {"AND", "OR", "NOT"})
    parsed = userquery.parse(" ".join(words))
    assert [c.text for c in parsed.positive_clauses()] == words and not parsed.notices


@PROPERTY
@given(ANY_TEXT)
def test_analysis_of_any_text(text):
    exact, stemmed = exact_tokens(text), stem_tokens(text)
    assert len(exact) == len(stemmed)  # the two views stay aligned, token by token
    assert all(t and t == t.lower() for t in exact)
    assert fold(fold(text)) == fold(text)
    for start, end, word in word_spans(text):
        assert text[start:end] == word and word


@pytest.fixture(scope="module")
def snapshot(service):
    return service.snapshot()


@SEARCHING
@given(QUERY, st.sampled_from(SCOPES))
def test_any_query_runs_on_the_index(snapshot, q, scope):
    try:
        req = SearchRequest.from_params({"q": [q], "scope": [scope]})
    except BadRequest as exc:
        assert exc.code and str(exc)
        return
    res = snapshot.search(req)
    assert res.total >= len(res.hits) and len(res.hits) <= req.size


# --- CQL ----------------------------------------------------------------------------------------

INDEXES = st.sampled_from(["dc.title", "title", "cql.serverChoice", "dc.creator", "bath.isbn", "dc.date", "dc.subject",
                           "vp.material", "vp.language", "rec.identifier", "dc.identifier", "onbekend.index", "x"])
RELATIONS = st.sampled_from(["=", "==", "<>", "<", ">", "<=", ">=", "all", "any", "adj", "within", "exact", "encloses",
                             "=/stem", "all/relevant", "=/locale=nl", "any/cql.unmasked", "foo.near"])
TERMS = st.one_of(st.from_regex(r"[a-zA-Z0-9*?^]{1,10}", fullmatch=True),
                  st.sampled_from(['"de hemel"', '"a\\"b"', '""', '"*"', "1990", '"1990 2000"', "9789023763444",
                                   '"and"', "hemel*", "^hemel", "he?el", "\\*", '"\\\\"']),
                  ANY_TEXT.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'))
BOOLEANS = st.sampled_from(["and", "or", "not", "prox", "AND", "and/cql.distance=1", "prox/unit=word/distance<3"])


@st.composite
def cql_query(draw, depth: int = 0) -> str:
    if depth < 3 and draw(st.integers(0, 2)) == 0:
        left, right = draw(cql_query(depth + 1)), draw(cql_query(depth + 1))
        text = f"{left} {draw(BOOLEANS)} {right}"
        return f"({text})" if draw(st.booleans()) else text
    if draw(st.booleans()):
        return draw(TERMS)
    return f"{draw(INDEXES)} {draw(RELATIONS)} {draw(TERMS)}"


@st.composite
def cql_text(draw) -> str:
    text = draw(cql_query())
    if draw(st.integers(0, 3)) == 0:
        text = f'> dc = "http://purl.org/dc/elements/1.1/" {text}'
    if draw(st.integers(0, 3)) == 0:
        text += " sortBy " + draw(st.sampled_from(["dc.title", "dc.date/sort.descending", "dc.creator/sort.ascending",
                                                   'dc.date/sort.missingValue="geen"', "x/y"]))
    if draw(st.integers(0, 3)) == 0:  # damage: a character cut or put in
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", "(", ")", '"', "/", "=", "\\", "<", " and", ">"])) + \
            text[at + draw(st.integers(0, 2)):]
    return text


CQL = cql_text() | ANY_TEXT


@PROPERTY
@given(CQL)
def test_cql_parses_or_names_a_declared_diagnostic(text):
    try:
        query = parse(text)
    except CQLError as exc:
        assert exc.code in DIAGNOSTICS and exc.code != 1 and exc.message, (exc.code, exc.message)
        return
    # What parses serialises to CQL that parses back to the same tree, and serialises the same.
    again = parse(to_cql(query))
    assert again == query, to_cql(query)
    assert to_cql(again) == to_cql(query)


SRU_NS = ("http://docs.oasis-open.org/ns/search-ws/diagnostic", "http://www.loc.gov/zing/srw/diagnostic/")


def _diagnostic_uris(body: bytes) -> list[str]:
    root = etree.fromstring(body)
    return [el.text for ns in SRU_NS for el in root.iter(f"{{{ns}}}uri")]


@SEARCHING
@given(CQL, st.sampled_from(["1.2", "2.0"]), st.sampled_from(["dc", "marcxml"]),
       st.sampled_from(["1", "0", "5", "abc", "-3", "100000"]), st.sampled_from(["1", "2", "0", "x"]))
def test_sru_answers_any_query_without_a_failure_of_its_own(service, text, version, schema, maximum, start):
    """Every CQL query is answered in SRU: records or diagnostics the client is to blame for, never
    diagnostic 1 (general system error), which is what an exception inside the server becomes."""
    body = sru.respond([("operation", "searchRetrieve"), ("version", version), ("query", text),
                        ("recordSchema", schema), ("maximumRecords", maximum), ("startRecord", start)],
                       service, "http://testserver")
    uris = _diagnostic_uris(body)
    assert "info:srw/diagnostic/1/1" not in uris, (text, body[:2000])


# --- the search request from URL parameters ------------------------------------------------------

# Each parameter mostly with values of its own kind (so that most requests parse and run), now and
# then with anything at all.
ODD = st.sampled_from(["", "0", "-1", "abc", "1e3", " 5 ", "١٢", "²", ":", "true"]) | ANY_TEXT
OWN_VALUES = {
    "q": QUERY,
    "page": st.sampled_from(["1", "2", "5", "10", "11", ""]),
    "size": st.sampled_from(["1", "10", "20", "50", "100", "101", ""]),
    "sort": st.sampled_from(sorted(SORTS)),
    "scope": st.sampled_from(SCOPES),
    "filter": st.sampled_from(["year:2000", "year:1990-2010", "year:2010-2000", "year:99999", "material:boek",
                               "language:nl", "available:true", "available:misschien", "onbekend:x", "year:",
                               "material:", " language : en ", "audience:jeugd", "genre:Thriller"]),
    "library": st.sampled_from(["NL-AmOBA", "", "nl-amoba", "NL-XxYYY"]),
    "lang": st.sampled_from(["nl", "en"]),
    "format": st.sampled_from(FORMATS),
    "facets": st.sampled_from(["true", "false", "material,language", ""]),
    "explain": st.sampled_from(["true", "false"]),
    "understand": st.sampled_from(["true", "false"]),
    "nofilter": st.sampled_from(["material", "language", "year"]),
    "knowledge": st.sampled_from(["true", "false"]),
    "unknown": ODD,
}
PARAMS = st.lists(st.sampled_from(sorted(OWN_VALUES)).flatmap(
    lambda name: st.tuples(st.just(name), st.integers(0, 9).flatmap(lambda n: ODD if n == 0 else OWN_VALUES[name]))),
    max_size=6)


@PROPERTY
@given(PARAMS)
def test_request_parameters_parse_or_are_refused_with_a_code(items):
    try:
        req = SearchRequest.from_params(items)
    except BadRequest as exc:
        assert exc.code and str(exc).strip()
        return
    assert req.size >= 1 and req.page >= 1 and len(req.q) <= MAX_QUERY_CHARS


@SEARCHING
@given(PARAMS)
def test_every_request_that_parses_runs(snapshot, items):
    try:
        req = SearchRequest.from_params(items)
    except BadRequest:
        return
    res = snapshot.search(req)
    assert len(res.hits) <= req.size
