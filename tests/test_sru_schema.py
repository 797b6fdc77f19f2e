"""Every SRU response shape, valid against the published schema of its version: the OASIS SRU 2.0
schema (sruResponse.xsd) and the SRU 1.2 srw-types schema, with the record schemas (srw_dc,
MARCXML) checked inside recordData. Errors are diagnostics with the right URI and details, an echo
that holds only values valid for their types, and the elements the schema requires."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
SRU = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
DIAG = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
SRU1 = "http://www.loc.gov/zing/srw/"
DIAG1 = "http://www.loc.gov/zing/srw/diagnostic/"
NS = {"sru": SRU, "diag": DIAG, "srw": SRU1, "diag1": DIAG1, "srw_dc": "info:srw/schema/1/dc-schema",
      "marc": "http://www.loc.gov/MARC21/slim", "zr": "http://explain.z3950.org/dtd/2.0/"}
BIG = 900 * 1024


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    return {"2.0": etree.XMLSchema(etree.parse(str(SCHEMAS / "sru2-responses.xsd"))),
            "1.2": etree.XMLSchema(etree.parse(str(SCHEMAS / "sru12-responses.xsd")))}


def valid(schemas, content: bytes) -> etree._Element:
    """The response parsed, after checking it against the schema of the namespace it answers in."""
    doc = etree.fromstring(content)
    version = "2.0" if etree.QName(doc).namespace == SRU else "1.2"
    schema = schemas[version]
    assert schema.validate(doc), f"{version}: {schema.error_log}\n{content[:3000].decode()}"
    return doc


def get(client, schemas, **params) -> etree._Element:
    r = client.get("/sru", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/xml")
    return valid(schemas, r.content)


def diagnostics(doc) -> list[tuple[str, str]]:
    p = "sru" if etree.QName(doc).namespace == SRU else "srw"
    d = "diag" if p == "sru" else "diag1"
    return [(x.findtext(f"{d}:uri", namespaces=NS), x.findtext(f"{d}:details", default="", namespaces=NS))
            for x in doc.iterfind(f"{p}:diagnostics/{d}:diagnostic", NS)]


def echoed(doc) -> dict[str, str]:
    p = "sru" if etree.QName(doc).namespace == SRU else "srw"
    el = doc.find(f"{p}:echoedSearchRetrieveRequest", NS)
    if el is None:
        el = doc.find(f"{p}:echoedExplainRequest", NS)
    return {} if el is None else {etree.QName(c).localname: c.text for c in el}


def uri(n: int) -> str:
    return f"info:srw/diagnostic/1/{n}"


# --- the shapes of success -----------------------------------------------------------------------

@pytest.mark.parametrize("version", ["2.0", "1.2", "1.1"])
def test_explain(client, schemas, version):
    doc = get(client, schemas, version=version)
    assert etree.QName(doc).localname == "explainResponse"
    assert doc.find(".//zr:explain/zr:indexInfo/zr:index", NS) is not None
    assert not diagnostics(doc)


@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("schema, packing", [("dc", "xml"), ("dc", "string"), ("marcxml", "xml"),
                                             ("marcxml", "string")])
def test_search_with_hits_in_every_schema_and_packing(client, schemas, version, schema, packing):
    name = "recordXMLEscaping" if version == "2.0" else "recordPacking"
    doc = get(client, schemas, query="dc.title = hemel", version=version, recordSchema=schema,
              maximumRecords="3", **{name: packing})
    p = "sru" if version == "2.0" else "srw"
    assert int(doc.findtext(f"{p}:numberOfRecords", namespaces=NS)) > 3
    records = doc.findall(f"{p}:records/{p}:record", NS)
    assert len(records) == 3
    assert doc.findtext(f"{p}:nextRecordPosition", namespaces=NS) == "4"
    if packing == "string":  # the escaped record is itself valid where it parses back
        for r in records:
            inner = etree.fromstring(r.findtext(f"{p}:recordData", namespaces=NS))
            wrapper = etree.Element(f"{{{SRU}}}recordData")
            wrapper.append(inner)
            assert schemas["2.0"].validate(_record_document(wrapper)), schemas["2.0"].error_log


def _record_document(data: etree._Element) -> etree._Element:
    """A minimal 2.0 response around one recordData, to validate a record taken out of a string."""
    root = etree.Element(f"{{{SRU}}}searchRetrieveResponse")
    etree.SubElement(root, f"{{{SRU}}}numberOfRecords").text = "1"
    records = etree.SubElement(root, f"{{{SRU}}}records")
    record = etree.SubElement(records, f"{{{SRU}}}record")
    etree.SubElement(record, f"{{{SRU}}}recordSchema").text = "info:srw/schema/1/dc-v1.1"
    record.append(data)
    return root


def test_marcxml_records_from_marc_are_valid_marc(marc_client, schemas):
    for version in ("2.0", "1.2"):
        doc = get(marc_client, schemas, query="cql.allRecords = 1", recordSchema="marcxml", version=version)
        assert len(doc.xpath("//marc:record", namespaces=NS)) == 2


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_zero_hits(client, schemas, version):
    doc = get(client, schemas, query='dc.title = "zzqxwv"', version=version)
    p = "sru" if version == "2.0" else "srw"
    assert doc.findtext(f"{p}:numberOfRecords", namespaces=NS) == "0"
    assert doc.find(f"{p}:records", NS) is None
    assert not diagnostics(doc)


def test_maximum_records_zero_and_sorted(client, schemas):
    doc = get(client, schemas, query="vp.material = boek sortBy dc.date/sort.descending", maximumRecords="0")
    assert int(doc.findtext("sru:numberOfRecords", namespaces=NS)) > 0
    assert doc.find("sru:records", NS) is None
    assert echoed(doc)["maximumRecords"] == "0"
    doc = get(client, schemas, query="vp.material = boek", sortKeys="dc.date,,0 dc.title", maximumRecords="2")
    assert diagnostics(doc) == [(uri(84), "1")]  # a warning beside the records
    assert len(doc.findall("sru:records/sru:record", NS)) == 2


def test_post_form_search(client, schemas):
    r = client.post("/sru", data={"query": "vp.material = e-book", "maximumRecords": "1"})
    assert r.status_code == 200
    doc = valid(schemas, r.content)
    assert len(doc.findall("sru:records/sru:record", NS)) == 1


# --- every error: a diagnostic, a valid echo -----------------------------------------------------

@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("value", ["0", "-5", "abc", "1.5", "", "1_000", "٣"])
def test_invalid_start_record(client, schemas, version, value):
    doc = get(client, schemas, query="dc.title = hemel", startRecord=value, version=version)
    if value == "":
        assert not diagnostics(doc)  # an empty parameter is an absent one
        return
    assert diagnostics(doc) == [(uri(6), "startRecord")]
    assert "startRecord" not in echoed(doc)
    assert echoed(doc)["query"] == "dc.title = hemel"


@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("value", ["-1", "abc", "+-3", "1e3"])
def test_invalid_maximum_records(client, schemas, version, value):
    doc = get(client, schemas, query="dc.title = hemel", maximumRecords=value, version=version)
    assert diagnostics(doc) == [(uri(6), "maximumRecords")]
    assert "maximumRecords" not in echoed(doc)


def test_huge_maximum_records_is_capped_and_echoed(client, schemas):
    huge = "9" * 40
    doc = get(client, schemas, query="cql.allRecords = 1", maximumRecords=huge, startRecord="+2")
    assert not diagnostics(doc)
    assert len(doc.findall("sru:records/sru:record", NS)) == 100
    assert echoed(doc)["maximumRecords"] == huge
    assert echoed(doc)["startRecord"] == "2"


@pytest.mark.parametrize("operation", [None, "searchRetrieve", "explain"])
def test_unsupported_version(client, schemas, operation):
    params = {"version": "3.0", "query": "dc.title = hemel"}
    if operation:
        params["operation"] = operation
    doc = get(client, schemas, **params)
    assert diagnostics(doc) == [(uri(5), "2.0")]  # details: the highest version supported
    assert "version" not in echoed(doc)
    assert doc.findtext("sru:version", namespaces=NS) == "2.0"


@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("operation", ["scan", "update", "x" * 5000])
def test_unsupported_operation_carries_the_explain_record(client, schemas, version, operation):
    doc = get(client, schemas, operation=operation, scanClause="dc.title = a", version=version)
    assert etree.QName(doc).localname == "explainResponse"
    (code, details), = diagnostics(doc)
    assert code == uri(4) and len(details) <= 200
    p = "sru" if version == "2.0" else "srw"
    assert doc.find(f"{p}:record/{p}:recordData/zr:explain", NS) is not None


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_missing_query(client, schemas, version):
    for params in ({"operation": "searchRetrieve"}, {"operation": "searchRetrieve", "query": "  "}):
        doc = get(client, schemas, version=version, **params)
        assert etree.QName(doc).localname == "searchRetrieveResponse"
        assert diagnostics(doc) == [(uri(7), "query")]


@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("query, code, details", [
    ('dc.title = "hemel', 14, None),
    ("(dc.title = hemel", 13, None),
    ("dc.title = hemel)", 13, None),
    ("dc.title any", 10, None),
    ("hemel and", 10, None),
    ("dc.shelfmark = A12", 16, "dc.shelfmark"),
    ("bath.isbn = 123", 15, None),
    ("dc.title within hemel", 19, "within"),
    ("dc.date adj 2000", 19, "adj"),
    ("hemel prox aarde", 37, None),
    ("dc.date = abc", 36, None),
    ("dc.title = *", 29, None),
])
def test_cql_errors(client, schemas, version, query, code, details):
    doc = get(client, schemas, query=query, version=version)
    (got, got_details), = diagnostics(doc)
    assert got == uri(code)
    if details is not None:
        assert got_details == details
    assert echoed(doc)["query"] == query


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_unsupported_record_schema_and_packing(client, schemas, version):
    doc = get(client, schemas, query="hemel", recordSchema="mods", version=version)
    assert diagnostics(doc) == [(uri(66), "mods")]
    assert echoed(doc)["recordSchema"] == "mods"
    doc = get(client, schemas, query="hemel", recordPacking="json", version=version)
    assert [c for c, _ in diagnostics(doc)] == [uri(71)]
    doc = get(client, schemas, query="hemel", recordXMLEscaping="html", version=version)
    assert [c for c, _ in diagnostics(doc)] == [uri(71)]
    assert "recordXMLEscaping" not in echoed(doc)


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_other_parameter_errors(client, schemas, version):
    doc = get(client, schemas, query="hemel", stylesheet="http://example.org/x.xsl", version=version)
    assert [c for c, _ in diagnostics(doc)] == [uri(110)]
    doc = get(client, schemas, stylesheet="not a uri at all", version=version)  # on explain too
    assert etree.QName(doc).localname == "explainResponse"
    assert [c for c, _ in diagnostics(doc)] == [uri(110)]
    doc = get(client, schemas, query="hemel", recordXPath="/a", version=version)
    assert [c for c, _ in diagnostics(doc)] == [uri(72)]
    doc = get(client, schemas, query="hemel", sortKeys="dc.title,,1,1", version=version)
    assert diagnostics(doc) == [(uri(91), "1")]
    doc = get(client, schemas, query="hemel", **{"x-library": "<script>"}, version=version)
    assert diagnostics(doc) == [(uri(6), "x-library")]
    doc = get(client, schemas, query="hemel", resultSetTTL="-1", version=version)
    assert "resultSetTTL" not in echoed(doc)


def test_start_record_beyond_the_results(client, schemas):
    doc = get(client, schemas, query="dc.title = hemel", startRecord="100000")
    assert [c for c, _ in diagnostics(doc)] == [uri(61)]
    assert echoed(doc)["startRecord"] == "100000"


def test_control_characters_never_break_the_document(client, schemas):
    doc = get(client, schemas, query='dc.title = "a\x01b"', recordSchema="dc\x02", version="1.2")
    assert diagnostics(doc) == [(uri(66), "dc")]


# --- size limits: diagnostics, not HTTP 400 JSON; a huge query is not echoed back ------------------

def test_query_of_900_kb(client, schemas):
    query = "dc.title = " + "a" * BIG
    for version, method in (("2.0", "post"), ("1.2", "post"), ("2.0", "get"), ("1.2", "get")):
        if method == "post":
            r = client.post("/sru", data={"query": query, "version": version})
        else:
            # a URL has room for less (HTTP clients refuse a 900 KB one); still far over the limit
            r = client.get("/sru", params={"query": query[:50_000], "version": version})
        assert r.status_code == 200
        assert len(r.content) < 20_000  # the query is not echoed back whole
        doc = valid(schemas, r.content)
        (code, details), = diagnostics(doc)
        assert code == uri(12)
        assert details.isdigit()  # the most characters a query may have
        assert "query" not in echoed(doc)


def test_form_field_over_1_mb(client, schemas):
    r = client.post("/sru", data={"query": "hemel", "recordSchema": "x" * (1024 * 1024 + 10)})
    assert r.status_code == 200
    doc = valid(schemas, r.content)
    assert etree.QName(doc).localname == "searchRetrieveResponse"
    assert [c for c, _ in diagnostics(doc)] == [uri(6)]
    multipart = client.post("/sru", files={"query": (None, "hemel"), "x": (None, b"x" * (1024 * 1024 + 10))})
    assert multipart.status_code == 200
    assert [c for c, _ in diagnostics(valid(schemas, multipart.content))] == [uri(6)]


def test_multipart_without_a_boundary(client, schemas):
    r = client.post("/sru", content=b"query=hemel", headers={"content-type": "multipart/form-data"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/xml")
    doc = valid(schemas, r.content)
    assert [c for c, _ in diagnostics(doc)] == [uri(6)]


def test_multipart_with_a_boundary_is_read(client, schemas):
    r = client.post("/sru", files={"query": (None, "vp.material = e-book"), "maximumRecords": (None, "1"),
                                   "version": (None, "1.2")})
    doc = valid(schemas, r.content)
    assert len(doc.findall("srw:records/srw:record", NS)) == 1


def test_version_in_the_query_string_of_a_broken_post(client, schemas):
    r = client.post("/sru?version=1.2", content=b"x", headers={"content-type": "multipart/form-data"})
    doc = valid(schemas, r.content)
    assert etree.QName(doc).namespace == SRU1
    assert [c for c, _ in diagnostics(doc)] == [uri(6)]
