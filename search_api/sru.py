"""SRU (Search/Retrieve via URL), the protocol Dutch library systems search one another with.

`respond(params, service, base_url)` answers one request with an XML document: `explain` (what
this server offers: indexes, relations, record schemas, limits) or `searchRetrieve` (a CQL query,
translated by :mod:`search_api.cql_query`). Versions 2.0 (the default, OASIS namespaces) and
1.1/1.2 (the Library of Congress `srw` namespaces) are answered each in their own namespace.

Everything a client can get wrong is an SRU diagnostic (``info:srw/diagnostic/1/N``) inside an
HTTP 200 response, as the protocol prescribes; a record that cannot be given in the requested
schema (MARCXML for a record that never was MARC) is a per-record surrogate diagnostic (67).
XML is built with lxml: query text and record data are element text, never pasted markup.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from corpus import materials
from search_api import cql_query
from search_api.cql import DIAGNOSTICS, CQLError, diagnostic_uri, parse
from search_api.exports import SITE_DESCRIPTION, SITE_NAME, SOURCE_NAMES, people, xml_text
from search_api.request import MAX_RESULT_WINDOW
from search_api.response import SearchResponse
from search_api.service import IndexUnavailable
from search_api.urls import absolute, record_path

log = logging.getLogger("vindplaats.sru")

DEFAULT_RECORDS = 10
MAX_RECORDS = 100
MAX_QUERY_CHARS = 4000
SUPPORTED_VERSIONS = ("1.1", "1.2", "2.0")
DEFAULT_VERSION = "2.0"

SRU2_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
SRU2_DIAG_NS = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
SRU1_NS = "http://www.loc.gov/zing/srw/"
SRU1_DIAG_NS = "http://www.loc.gov/zing/srw/diagnostic/"
ZEEREX_NS = "http://explain.z3950.org/dtd/2.0/"
SRW_DC_NS = "info:srw/schema/1/dc-schema"
DC_NS = "http://purl.org/dc/elements/1.1/"
MARCXML_NS = "http://www.loc.gov/MARC21/slim"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DIAGNOSTIC_SCHEMA = "info:srw/schema/1/diagnostics-v1.1"
EXACT_COUNT = "info:srw/vocabulary/resultCountPrecision/1/exact"


@dataclass(frozen=True)
class RecordSchema:
    name: str
    uri: str
    title: str
    aliases: tuple[str, ...] = ()


DC_SCHEMA = RecordSchema("dc", "info:srw/schema/1/dc-v1.1", "Dublin Core (srw_dc)",
                         ("dc", "info:srw/schema/1/dc-v1.1", "info:srw/schema/1/dc-schema", "srw_dc", "dublincore"))
MARCXML_SCHEMA = RecordSchema("marcxml", "info:srw/schema/1/marcxml-v1.1",
                              "MARC21 slim XML (alleen voor records die uit MARC komen)",
                              ("marcxml", "info:srw/schema/1/marcxml-v1.1", "marc21", "marc21xml", "marc",
                               "http://www.loc.gov/marc21/slim", "info:srw/schema/1/marcxml-v1.2"))
SCHEMAS = (DC_SCHEMA, MARCXML_SCHEMA)
_SCHEMA_BY_NAME = {alias.lower(): s for s in SCHEMAS for alias in s.aliases}

@dataclass(frozen=True)
class Dialect:
    """The namespaces and element names of one SRU version."""

    version: str

    @property
    def v2(self) -> bool:
        return self.version == "2.0"

    @property
    def ns(self) -> str:
        return SRU2_NS if self.v2 else SRU1_NS

    @property
    def diag_ns(self) -> str:
        return SRU2_DIAG_NS if self.v2 else SRU1_DIAG_NS

    @property
    def prefix(self) -> str:
        return "sruResponse" if self.v2 else "srw"

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"


@dataclass
class Request:
    """The parsed parameters of one SRU request."""

    params: dict[str, str]
    dialect: Dialect
    operation: str = "explain"
    query: str | None = None
    start: int = 1
    maximum: int = DEFAULT_RECORDS
    schema: RecordSchema = DC_SCHEMA
    escaping: str = "xml"
    sort_keys: str | None = None
    library: str | None = None
    warnings: list[CQLError] = field(default_factory=list)  # non-fatal diagnostics


# --- entry point ---------------------------------------------------------------------------

def respond(items: list[tuple[str, str]], service, base_url: str, errors: list[CQLError] | None = None) -> bytes:
    """The XML answer to one SRU request (never raises: every failure is a diagnostic).

    ``errors`` are failures found before the parameters could be read (a request body that does not
    parse, a form field over the size limit): they are answered in the shape of a searchRetrieve."""
    params: dict[str, str] = {}
    for k, v in items:
        params[k] = v  # a repeated parameter: the last one counts, as in the JSON API
    dialect = _guess_dialect(params)
    operation = _guess_operation(params)
    try:
        if errors:
            return _serialise(_failure(params, dialect, "searchRetrieve", errors, base_url))
        dialect, operation = _version_and_operation(params)
        req = _parse(params, dialect, operation)
        if operation == "explain":
            return _serialise(explain_response(req, service, base_url))
        return _serialise(search_response(req, service, base_url))
    except CQLError as e:
        return _serialise(_failure(params, dialect, operation, [e], base_url))
    except IndexUnavailable:
        return _serialise(_failure(params, dialect, operation,
                                   [CQLError(2, "The index is not available yet; try again shortly")], base_url))
    except Exception:  # a bug of ours: the client still gets SRU, the traceback goes to the log
        log.exception("SRU request failed: %r", {k: _shown(v) for k, v in params.items()})
        return _serialise(_failure(params, dialect, operation,
                                   [CQLError(1, "Something went wrong on our side; it has been logged")], base_url))


def rate_limited(items: list[tuple[str, str]], base_url: str, message: str) -> bytes:
    """The answer to a client over the rate limit (search_api.ratelimit): diagnostic 2, "System
    temporarily unavailable", in the version and shape it asked for, so that an SRU client reads
    why (the HTTP status is 429 with Retry-After); nothing of the request is carried out."""
    params = dict(items)
    return _serialise(_failure(params, _guess_dialect(params), _guess_operation(params),
                               [CQLError(2, message)], base_url))


def _guess_dialect(params: dict[str, str]) -> Dialect:
    """The version to answer a failure in: the one asked for when this server speaks it."""
    version = (params.get("version") or "").strip()
    return Dialect(version if version in SUPPORTED_VERSIONS else DEFAULT_VERSION)


def _guess_operation(params: dict[str, str]) -> str:
    """The response shape for a failure: searchRetrieve when asked for (or a query was sent), else
    explain, which is also the shape for an operation this server does not have."""
    operation = (params.get("operation") or "").strip().lower()
    if operation == "searchretrieve" or (not operation and "query" in params):
        return "searchRetrieve"
    return "explain"


def _version_and_operation(params: dict[str, str]) -> tuple[Dialect, str]:
    operation = params.get("operation")
    if operation is None:
        operation = "searchRetrieve" if "query" in params else "explain"
    version = (params.get("version") or DEFAULT_VERSION).strip()
    if version not in SUPPORTED_VERSIONS:
        raise CQLError(5, f"Version {_shown(version)!r} is not supported; this server speaks SRU 1.1, 1.2 "
                          "and 2.0", DEFAULT_VERSION)  # details: the highest version supported
    dialect = Dialect(version)
    canonical = {"searchretrieve": "searchRetrieve", "explain": "explain"}.get(operation.strip().lower())
    if canonical is None:
        raise CQLError(4, f"Operation {_shown(operation)!r} is not supported; use searchRetrieve or explain",
                       _shown(operation))
    return dialect, canonical


def _parse(params: dict[str, str], dialect: Dialect, operation: str) -> Request:
    req = Request(params, dialect, operation)
    if "stylesheet" in params:
        raise CQLError(110, "Stylesheets are not supported")
    if operation == "explain":
        return req
    query = params.get("query")
    if query is None or not query.strip():
        raise CQLError(7, "The query parameter is required for searchRetrieve", "query")
    if len(query) > MAX_QUERY_CHARS:  # details: the most characters a query may have
        raise CQLError(12, f"The query has {len(query)} characters; at most {MAX_QUERY_CHARS} are allowed",
                       str(MAX_QUERY_CHARS))
    req.query = query
    req.start = _positive("startRecord", params.get("startRecord"), 1, minimum=1)
    req.maximum = min(_positive("maximumRecords", params.get("maximumRecords"), DEFAULT_RECORDS, minimum=0),
                      MAX_RECORDS)  # more than the cap is clamped: SRU lets a server send fewer
    schema = (params.get("recordSchema") or "dc").strip()
    if schema.lower() not in _SCHEMA_BY_NAME:
        raise CQLError(66, f"Record schema {_shown(schema)!r} is not supported; use dc or marcxml", schema)
    req.schema = _SCHEMA_BY_NAME[schema.lower()]
    escaping = (params.get("recordXMLEscaping") or "xml").strip().lower()
    packing = (params.get("recordPacking") or "").strip().lower()
    if packing in ("xml", "string") and "recordXMLEscaping" not in params:
        escaping = packing  # SRU 1.x: recordPacking means what 2.0 calls recordXMLEscaping
    elif packing not in ("", "xml", "string", "packed"):
        raise CQLError(71, f"recordPacking {_shown(packing)!r} is not supported; use xml", packing)
    if escaping not in ("xml", "string"):
        raise CQLError(71, f"recordXMLEscaping {_shown(escaping)!r} is not supported; use xml or string",
                       escaping)
    req.escaping = escaping
    if params.get("recordXPath"):
        raise CQLError(72, "recordXPath is not supported")
    req.sort_keys = (params.get("sortKeys") or "").strip() or None
    library = (params.get("x-library") or "").strip() or None
    if library is not None and (len(library) > 32 or not library.replace("-", "").isalnum()):
        raise CQLError(6, f"x-library {_shown(library)!r} is not an ISIL code such as NL-AmOBA", "x-library")
    req.library = library
    return req


_DIGITS = re.compile(r"\+?[0-9]+")  # an xs:integer without a sign: what the schema's echo can carry


def _whole(value: str | None) -> int | None:
    """A whole number written as XML Schema writes one (no ``1_000``, no other scripts' digits)."""
    if value is None or not _DIGITS.fullmatch(value.strip()):
        return None
    return int(value.strip())


def _positive(name: str, value: str | None, default: int, minimum: int) -> int:
    if value is None or value.strip() == "":
        return default
    n = _whole(value)
    if n is None:
        raise CQLError(6, f"{name} must be a whole number, got {_shown(value)!r}", name)
    if n < minimum:
        raise CQLError(6, f"{name} must be {minimum} or more", name)
    return n


def _shown(value: str, limit: int = 100) -> str:
    """A client's value as a message or log line quotes it: cut short, so a huge one is not sent back."""
    return value if len(value) <= limit else value[:limit] + "…"


# --- searchRetrieve ---------------------------------------------------------------------------

def search_response(req: Request, service, base_url: str) -> etree._Element:
    cql = parse(req.query or "")
    sort = _sort(req, cql)
    if req.start > MAX_RESULT_WINDOW:
        raise CQLError(61, f"Only the first {MAX_RESULT_WINDOW} records can be retrieved; narrow the query")
    maximum = min(req.maximum, MAX_RESULT_WINDOW - req.start + 1)
    res = service.snapshot().run_cql(cql, sort, req.start - 1, maximum, req.library, text=req.query or "",
                                     warnings=req.warnings)
    return render_search(req, res, base_url)


def render_search(req: Request, res: SearchResponse, base_url: str) -> etree._Element:
    """A searchRetrieveResponse for the hits of one search, as the JSON API and the pages render theirs."""
    d = req.dialect
    total, records = res.total, [h.record for h in res.hits]
    root = etree.Element(d.tag("searchRetrieveResponse"), nsmap={d.prefix: d.ns})
    _sub(root, d.tag("version"), d.version)
    _sub(root, d.tag("numberOfRecords"), total)
    diagnostics = list(req.warnings)
    if req.start > total and not (total == 0 and req.start == 1):
        diagnostics.append(CQLError(61, f"startRecord {req.start} is beyond the {total} matching records"))
        records = []
    if records:
        container = _sub(root, d.tag("records"))
        for i, rec in enumerate(records):
            _record(container, d, req, rec, req.start + i, base_url)
    following = req.start + len(records)
    if records and following <= total and following <= MAX_RESULT_WINDOW:
        _sub(root, d.tag("nextRecordPosition"), following)
    _echo(root, d, req.params, "searchRetrieve")
    if diagnostics:
        _diagnostics(root, d, diagnostics)
    if d.v2:
        _sub(root, d.tag("resultCountPrecision"), EXACT_COUNT)
    return root


def _sort(req: Request, cql) -> tuple[str | None, bool] | None:
    if cql.sort_keys:
        if req.sort_keys:
            req.warnings.append(CQLError(94, "Sort keys were given both in the query (sortBy) and in "
                                             "sortKeys; the query's sortBy is used"))
        if len(cql.sort_keys) > 1:
            req.warnings.append(CQLError(84, "Only the first sort key is used", "1"))
        return cql_query.sort_from_cql(cql.sort_keys, cql.prefixes)
    if req.sort_keys:
        return sort_from_param(req, req.sort_keys)
    return None


def sort_from_param(req: Request, value: str) -> tuple[str | None, bool]:
    """The SRU 1.1/2.0 ``sortKeys`` parameter: ``path,schema,ascending,caseSensitive,missingValue``."""
    keys = value.split()
    if len(keys) > 1:
        req.warnings.append(CQLError(84, "Only the first sort key is used", "1"))
    parts = keys[0].split(",")
    path = parts[0].replace(":", ".")
    schema = parts[1].strip() if len(parts) > 1 else ""
    ascending = parts[2].strip() if len(parts) > 2 else ""
    case = parts[3].strip() if len(parts) > 3 else ""
    if schema and schema.lower() not in _SCHEMA_BY_NAME:
        raise CQLError(87, f"Sort schema {schema!r} is not supported", schema)
    if ascending not in ("", "0", "1", "true", "false"):
        raise CQLError(90, f"Sort direction {ascending!r} is not supported; use 1 or 0", ascending)
    if case in ("1", "true"):
        raise CQLError(91, "Case-sensitive sorting is not supported", case)
    return cql_query.sort_field(path), ascending in ("0", "false")


def _record(container, d: Dialect, req: Request, rec: dict, position: int, base_url: str) -> None:
    el = _sub(container, d.tag("record"))
    if req.schema is MARCXML_SCHEMA:
        data = marcxml_record(rec)
    else:
        data = dc_record(rec, base_url)
    if data is None:  # surrogate diagnostic: this record has no form in the requested schema
        _sub(el, d.tag("recordSchema"), DIAGNOSTIC_SCHEMA)
        _sub(el, d.tag("recordXMLEscaping" if d.v2 else "recordPacking"), req.escaping)
        holder = _sub(el, d.tag("recordData"))
        _diagnostic(holder, d, CQLError(67, f"Record {rec['id']} did not come from MARC and has no "
                                            "MARCXML form", req.schema.uri))
        if req.escaping == "string":  # escaped as a record would be
            diag = holder[0]
            holder.remove(diag)
            holder.text = etree.tostring(diag, encoding="unicode")
    else:
        _sub(el, d.tag("recordSchema"), req.schema.uri)
        _sub(el, d.tag("recordXMLEscaping" if d.v2 else "recordPacking"), req.escaping)
        holder = _sub(el, d.tag("recordData"))
        if req.escaping == "string":
            holder.text = etree.tostring(data, encoding="unicode")
        else:
            holder.append(data)
    _sub(el, d.tag("recordPosition"), position)


# --- record schemas --------------------------------------------------------------------------

def dc_record(rec: dict, base_url: str = "") -> etree._Element:
    """The record as srw_dc Dublin Core: title, creator, subject, date, identifier, type, language,
    publisher, description (and contributor, source, relation where they apply)."""
    root = etree.Element(f"{{{SRW_DC_NS}}}dc", nsmap={"srw_dc": SRW_DC_NS, "dc": DC_NS})

    def add(name: str, *values) -> None:
        for value in values:
            if value not in (None, "", []):
                _sub(root, f"{{{DC_NS}}}{name}", value)

    page = absolute(base_url, record_path(rec))
    if rec.get("type") == "article":
        _dc_article(add, rec, page)
    else:
        _dc_catalogue(add, rec, page)
    return root


def _dc_article(add: Callable[..., None], rec: dict, page: str) -> None:
    add("title", rec["title"])
    add("subject", *rec.get("themes") or [])
    add("description", " ".join((rec.get("body") or "").split())[:500])
    add("publisher", SOURCE_NAMES.get(rec.get("source") or "", rec.get("source")))
    add("date", rec.get("published"))
    add("type", "artikel", "Text")
    add("identifier", page, rec.get("url"))
    add("source", rec.get("document"))
    add("language", "nl")


def _dc_catalogue(add: Callable[..., None], rec: dict, page: str) -> None:
    add("title", rec["title"] + (f" : {rec['subtitle']}" if rec.get("subtitle") else ""))
    who = people(rec)
    add("creator", *who["author"])  # the people citations credit as authors; the others contribute
    add("contributor", *who["editor"], *who["translator"], *who["contributor"], *who["none"])
    add("subject", *(rec.get("subjects") or []) + (rec.get("genre") or []))
    add("description", rec.get("description"))
    add("publisher", rec.get("publisher"))
    add("date", rec.get("year"))
    # the material, and its DCMI types (by which CQL dc.type finds it again)
    add("type", rec.get("material"), *materials.material(rec.get("material")).dcmi)
    add("identifier", *(f"urn:isbn:{isbn}" for isbn in rec.get("isbn") or []))
    add("identifier", f"urn:ppn:{rec['ppn']}" if rec.get("ppn") else None, page, rec.get("online_url"))
    add("language", *rec.get("language") or [])
    add("relation", rec.get("series"))


_MARC_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def marcxml_record(rec: dict) -> etree._Element | None:
    """The MARCXML <record> the record was read from; None when it did not come from MARC."""
    xml = rec.get("_marcxml")
    if not xml:
        return None
    try:
        el = etree.fromstring(xml.encode("utf-8"), _MARC_PARSER)
    except etree.XMLSyntaxError:
        log.warning("stored MARCXML of %s does not parse", rec.get("id"))
        return None
    if el.tag != f"{{{MARCXML_NS}}}record":
        return None
    return el


# --- explain -----------------------------------------------------------------------------------

DISPLAY_NAMES = {"cql.serverchoice": "cql.serverChoice", "cql.allrecords": "cql.allRecords"}
RELATION_ORDER = ("=", "==", "any", "all", "adj", "<", ">", "<=", ">=")


def explain_response(req: Request, service, base_url: str) -> etree._Element:
    d = req.dialect
    root = etree.Element(d.tag("explainResponse"), nsmap={d.prefix: d.ns})
    _sub(root, d.tag("version"), d.version)
    _explain_record(root, d, base_url)
    _echo(root, d, req.params, "explain")
    return root


def _explain_record(root, d: Dialect, base_url: str) -> None:
    record = _sub(root, d.tag("record"))
    _sub(record, d.tag("recordSchema"), ZEEREX_NS)
    _sub(record, d.tag("recordXMLEscaping" if d.v2 else "recordPacking"), "xml")
    data = _sub(record, d.tag("recordData"))
    data.append(explain_record(base_url, d.version))
    _sub(record, d.tag("recordPosition"), 1)


def explain_record(base_url: str, version: str = DEFAULT_VERSION) -> etree._Element:
    """The ZeeRex record: server, database, indexes with their relations, schemas, limits."""
    z = f"{{{ZEEREX_NS}}}"
    root = etree.Element(z + "explain", nsmap={"zr": ZEEREX_NS})
    url = urlsplit(base_url or "http://localhost/")
    server = _sub(root, z + "serverInfo", protocol="SRU", version=version, transport=url.scheme or "http",
                  method="GET POST")
    _sub(server, z + "host", url.hostname or "localhost")
    _sub(server, z + "port", url.port or (443 if url.scheme == "https" else 80))
    _sub(server, z + "database", url.path.strip("/") + "/sru" if url.path.strip("/") else "sru")
    database = _sub(root, z + "databaseInfo")
    _sub(database, z + "title", f"{SITE_NAME}: collectie Nederland en kennisbank", lang="nl", primary="true")
    _sub(database, z + "title", f"{SITE_NAME}: Dutch public library catalogue and knowledge base", lang="en")
    _sub(database, z + "description", SITE_DESCRIPTION + " Catalogusrecords (één per editie) en "
         "kennisbankartikelen; vp.type = catalogue of vp.type = article kiest er één.", lang="nl", primary="true")
    index_info = _sub(root, z + "indexInfo")
    for name, uri in cql_query.CONTEXT_SETS.items():
        _sub(index_info, z + "set", name=name, identifier=uri)
    for spec in cql_query.INDEXES.values():
        prefix, _, _short = spec.name.partition(".")
        idx = _sub(index_info, z + "index", id=DISPLAY_NAMES.get(spec.name, spec.name), search="true", scan="false",
                   sort="true" if spec.sort else "false")
        _sub(idx, z + "title", spec.label, lang="nl")
        mapping = _sub(idx, z + "map", primary="true")
        _sub(mapping, z + "name", DISPLAY_NAMES.get(spec.name, spec.name).partition(".")[2], set=prefix)
        config = _sub(idx, z + "configInfo")
        for relation in RELATION_ORDER:
            if relation in spec.relations:
                _sub(config, z + "supports", relation, type="relation")
    schema_info = _sub(root, z + "schemaInfo")
    for s in SCHEMAS:
        el = _sub(schema_info, z + "schema", identifier=s.uri, name=s.name, retrieve="true", sort="false")
        _sub(el, z + "title", s.title, lang="nl")
    config = _sub(root, z + "configInfo")
    _sub(config, z + "default", DEFAULT_RECORDS, type="numberOfRecords")
    _sub(config, z + "setting", MAX_RECORDS, type="maximumRecords")
    _sub(config, z + "default", "dc", type="retrieveSchema")
    _sub(config, z + "default", "cql", type="contextSet")
    _sub(config, z + "default", "cql.serverChoice", type="index")
    _sub(config, z + "default", "=", type="relation")
    for modifier in ("relevant", "ignoreCase", "ignoreAccents", "masked", "unmasked"):
        _sub(config, z + "supports", modifier, type="relationModifier")
    for boolean in ("and", "or", "not"):
        _sub(config, z + "supports", boolean, type="booleanOperator")
    _sub(config, z + "supports", "*", type="maskingCharacter")
    _sub(config, z + "supports", "?", type="maskingCharacter")
    _sub(config, z + "supports", "dc.date dc.title", type="sort")
    _sub(config, z + "supports", "xml", type="recordXMLEscaping")
    _sub(config, z + "supports", "string", type="recordXMLEscaping")
    _sub(config, z + "supports", "x-library", type="extraRequestData")
    return root


# --- shared XML ------------------------------------------------------------------------------

def _sub(parent, tag: str, text=None, **attrs):
    el = etree.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


# What each version's echo holds, in its schema's order. Only values valid for their schema types
# are echoed (a positive startRecord, a recordXMLEscaping of the enumeration, a query within the
# limit, ...): an invalid one is left out, and its diagnostic says what was wrong with it.
ECHO_2_0 = ("version", "query", "startRecord", "maximumRecords", "recordXMLEscaping", "recordPacking",
            "recordSchema", "resultSetTTL", "sortKeys", "stylesheet")
ECHO_1_X = ("version", "query", "startRecord", "maximumRecords", "recordPacking", "recordSchema",
            "recordXPath", "resultSetTTL", "sortKeys", "stylesheet")
ECHO_EXPLAIN_2_0 = ("version", "recordXMLEscaping", "recordPacking", "stylesheet")
ECHO_EXPLAIN_1_X = ("version", "recordPacking", "stylesheet")
MAX_ECHOED_CHARS = 1000  # a longer string parameter (other than the query) is not echoed
_URI = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")  # RFC 3986 characters: an xs:anyURI


def echoed_value(name: str, value: str | None, d: Dialect) -> str | None:
    """The value to echo for one parameter, or None when its schema type cannot carry it."""
    if value is None:
        return None
    value = xml_text(value).strip()
    if value == "":
        return None
    if name == "version":
        return value if value in (("1.0", "1.1", "1.2", "2.0") if d.v2 else (d.version,)) else None
    if name == "query":
        return value if len(value) <= MAX_QUERY_CHARS else None
    if name in ("startRecord", "maximumRecords", "resultSetTTL"):
        n = _whole(value)
        return None if n is None or (name == "startRecord" and n < 1) else str(n)
    if name == "recordXMLEscaping" or (name == "recordPacking" and not d.v2):
        return value if value in ("xml", "string") else None
    if name == "stylesheet":
        return value if len(value) <= MAX_ECHOED_CHARS and _URI.fullmatch(value) else None
    return value if len(value) <= MAX_ECHOED_CHARS else None


def _echo(root, d: Dialect, params: dict[str, str], operation: str) -> None:
    search = operation == "searchRetrieve"
    if search:
        names = ECHO_2_0 if d.v2 else ECHO_1_X
    else:
        names = ECHO_EXPLAIN_2_0 if d.v2 else ECHO_EXPLAIN_1_X
    values = {name: echoed_value(name, params.get(name), d) for name in names}
    if not d.v2:
        values["version"] = d.version  # required in 1.x, and the version this response speaks
        if search and values["query"] is None:
            return  # 1.x requires the query in the echo: without one that can be echoed, no echo
    el = _sub(root, d.tag("echoedSearchRetrieveRequest" if search else "echoedExplainRequest"))
    for name in names:
        if values[name] is not None:
            _sub(el, d.tag(name), values[name])


MAX_DETAILS_CHARS = 200  # details quote the client's value: a huge one is cut short, not sent back


def _diagnostic(parent, d: Dialect, e: CQLError) -> None:
    diag = etree.SubElement(parent, f"{{{d.diag_ns}}}diagnostic", nsmap={"diag": d.diag_ns})
    _sub(diag, f"{{{d.diag_ns}}}uri", diagnostic_uri(e.code))
    details = xml_text(e.details or "")
    if details:
        _sub(diag, f"{{{d.diag_ns}}}details", _shown(details, MAX_DETAILS_CHARS))
    standard = DIAGNOSTICS[e.code].message if e.code in DIAGNOSTICS else ""
    message = e.message if not standard or e.message == standard else f"{standard}: {e.message}"
    _sub(diag, f"{{{d.diag_ns}}}message", _shown(message, 1000))


def _diagnostics(root, d: Dialect, errors: list[CQLError]) -> None:
    holder = _sub(root, d.tag("diagnostics"))
    for e in errors:
        _diagnostic(holder, d, e)


def _failure(params: dict[str, str], dialect: Dialect, operation: str, errors: list[CQLError],
             base_url: str = "") -> etree._Element:
    """A response that carries only diagnostics, in the shape of the operation asked for. An
    explainResponse must hold a record in both versions' schemas, so a failed explain (and an
    operation this server does not have) still carries the explain record."""
    d = dialect
    if operation == "explain":
        root = etree.Element(d.tag("explainResponse"), nsmap={d.prefix: d.ns})
        _sub(root, d.tag("version"), d.version)
        _explain_record(root, d, base_url)
        _echo(root, d, params, "explain")
    else:
        root = etree.Element(d.tag("searchRetrieveResponse"), nsmap={d.prefix: d.ns})
        _sub(root, d.tag("version"), d.version)
        _sub(root, d.tag("numberOfRecords"), 0)
        _echo(root, d, params, "searchRetrieve")
    _diagnostics(root, d, errors)
    return root


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


MEDIA_TYPE = "application/xml; charset=utf-8"

__all__ = [
    "DEFAULT_RECORDS",
    "MAX_RECORDS",
    "MEDIA_TYPE",
    "SCHEMAS",
    "dc_record",
    "explain_record",
    "marcxml_record",
    "rate_limited",
    "respond",
]
