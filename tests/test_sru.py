"""SRU over HTTP: real CQL queries against the sample index, counted against the sample data,
the diagnostics library systems depend on, paging, sorting, record schemas and versions."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from stdnum import isbn as stdnum_isbn

from indexer.analysis import exact_tokens, stem_tokens
from indexer.fields import online_everywhere

SRU = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
DIAG = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
SRU1 = "http://www.loc.gov/zing/srw/"
DIAG1 = "http://www.loc.gov/zing/srw/diagnostic/"
SRW_DC = "info:srw/schema/1/dc-schema"
DC = "http://purl.org/dc/elements/1.1/"
MARC = "http://www.loc.gov/MARC21/slim"
ZR = "http://explain.z3950.org/dtd/2.0/"
NS = {"sru": SRU, "diag": DIAG, "srw": SRU1, "diag1": DIAG1, "srw_dc": SRW_DC, "dc": DC, "marc": MARC, "zr": ZR}
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_ARTICLES = Path(__file__).resolve().parents[1] / "corpus" / "sample" / "articles"


def sru(client, **params) -> etree._Element:
    r = client.get("/sru", params=params)
    assert r.status_code == 200, r.text  # SRU: diagnostics travel in a 200 response
    assert r.headers["content-type"].startswith("application/xml")
    return etree.fromstring(r.content)


def search(client, query: str, **params) -> etree._Element:
    params.setdefault("maximumRecords", "100")
    return sru(client, query=query, **params)


def number_of_records(doc) -> int:
    return int(doc.findtext("sru:numberOfRecords", namespaces=NS))


def diagnostics(doc) -> list[tuple[str, str]]:
    return [(d.findtext("diag:uri", namespaces=NS), d.findtext("diag:details", default="", namespaces=NS))
            for d in doc.iterfind("sru:diagnostics/diag:diagnostic", NS)]


def codes(doc) -> list[int]:
    return [int(uri.rsplit("/", 1)[1]) for uri, _ in diagnostics(doc)]


def dc_records(doc) -> list[etree._Element]:
    return doc.findall("sru:records/sru:record/sru:recordData/srw_dc:dc", NS)


def titles(doc) -> list[str]:
    return [r.findtext("dc:title", namespaces=NS) for r in dc_records(doc)]


def record_ids(doc) -> list[str]:
    """The record ids, from the record-page URL among the dc:identifiers."""
    out = []
    for r in dc_records(doc):
        page = r.xpath("string(dc:identifier[contains(., '/titel/') or contains(., '/artikel/')])", namespaces=NS)
        out.append(page.rsplit("/", 1)[1])
    return out


def dc_title(rec: dict) -> str:
    return rec["title"] + (f" : {rec['subtitle']}" if rec.get("subtitle") else "")


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    from corpus.readers.articles import read

    return [r for r in read(str(SAMPLE_ARTICLES)) if isinstance(r, dict)]


@pytest.fixture(scope="module")
def everything(sample_records, articles) -> list[dict]:
    return sample_records + articles


def title_stems(rec: dict) -> set[str]:
    text = " ".join([rec.get("title") or "", rec.get("subtitle") or ""] + list(rec.get("alt_titles") or []))
    return set(stem_tokens(text))


def stem(word: str) -> str:
    return stem_tokens(word)[0]


# --- searchRetrieve: queries counted against the sample data ----------------------------------

def test_title_any_and_date_range(client, everything):
    doc = search(client, 'dc.title any "ontdekking hemel" and dc.date > 2000')
    wanted = {stem("ontdekking"), stem("hemel")}
    expected = [r for r in everything if (r.get("year") or 0) > 2000 and title_stems(r) & wanted]
    assert len(expected) >= 3
    assert number_of_records(doc) == len(expected)
    assert sorted(titles(doc)) == sorted(dc_title(r) for r in expected)
    for r in dc_records(doc):
        assert int(r.findtext("dc:date", namespaces=NS)) > 2000


def test_identifier_isbn_with_hyphens(client, sample_records):
    rec = next(r for r in sample_records if r.get("isbn") and r["isbn"][0].startswith("978"))
    hyphenated = stdnum_isbn.format(rec["isbn"][0])
    assert "-" in hyphenated
    doc = search(client, f"dc.identifier = {hyphenated}")
    expected = [r for r in sample_records if rec["isbn"][0] in (r.get("isbn") or [])]
    assert number_of_records(doc) == len(expected) >= 1
    identifiers = dc_records(doc)[0].findall("dc:identifier", NS)
    assert f"urn:isbn:{rec['isbn'][0]}" in [i.text for i in identifiers]
    # ISBN-10, urn:isbn: and the PPN find the same record
    isbn10 = stdnum_isbn.to_isbn10(rec["isbn"][0])
    assert number_of_records(search(client, f"dc.identifier = {isbn10}")) == len(expected)
    assert number_of_records(search(client, f'dc.identifier = "urn:isbn:{rec["isbn"][0]}"')) == len(expected)
    by_ppn = search(client, f"dc.identifier = {rec['ppn']}")
    assert number_of_records(by_ppn) == 1
    assert f"urn:ppn:{rec['ppn']}" in [i.text for i in dc_records(by_ppn)[0].findall("dc:identifier", NS)]


def test_creator(client, sample_records):
    name = "Harry Mulisch"
    doc = search(client, f'dc.creator = "{name}"')
    words = set(exact_tokens(name))
    expected = [r for r in sample_records
                if words <= set(exact_tokens(" ".join(a["name"] for a in r.get("authors") or [])))]
    assert len(expected) >= 2
    assert number_of_records(doc) == len(expected)
    for r in dc_records(doc):
        assert name in [c.text for c in r.findall("dc:creator", NS)]
    # the catalogue's inverted form finds the same records
    assert number_of_records(search(client, 'dc.creator = "Mulisch, Harry"')) == len(expected)


def test_material_facet(client, sample_records):
    doc = search(client, "vp.material = e-book")
    expected = [r for r in sample_records if r["material"] == "e-book"]
    assert number_of_records(doc) == len(expected) > 0
    assert {r.findtext("dc:type", namespaces=NS) for r in dc_records(doc)} == {"e-book"}
    # = ignores case; == is the stored value exactly
    assert number_of_records(search(client, "vp.material = E-Book")) == len(expected)
    assert number_of_records(search(client, "vp.material == E-Book")) == 0


def test_or_and_not_with_parentheses(client, everything):
    doc = search(client, "(dc.title = hemel or dc.title = aarde) not dc.type = film")
    wanted = {stem("hemel"), stem("aarde")}
    expected = [r for r in everything if title_stems(r) & wanted and r.get("material") != "film"]
    assert number_of_records(doc) == len(expected) > 0
    assert sorted(titles(doc)) == sorted(dc_title(r) for r in expected)
    with_films = search(client, "dc.title = hemel or dc.title = aarde")
    assert number_of_records(with_films) >= number_of_records(doc)


def test_facets_of_the_vp_set(client, sample_records, articles):
    def count(pred):
        return sum(1 for r in sample_records if pred(r))

    assert number_of_records(search(client, "vp.audience = 4-6")) == count(lambda r: r["audience"] == "4-6")
    assert number_of_records(search(client, 'vp.reading_form = "grote letter"')) == \
        count(lambda r: "grote letter" in (r.get("reading_form") or []))
    assert number_of_records(search(client, "vp.library = NL-AmOBA")) == \
        count(lambda r: any(h["library"] == "NL-AmOBA" for h in r["holdings"]))
    assert number_of_records(search(client, "vp.province = fryslan")) == \
        count(lambda r: any(h["province"] == "Fryslân" for h in r["holdings"]) or online_everywhere(r))
    assert number_of_records(search(client, "vp.type = article")) == len(articles)
    assert number_of_records(search(client, "vp.material any \"film game\"")) == \
        count(lambda r: r["material"] in ("film", "game"))
    assert number_of_records(search(client, "dc.language = dut and vp.material = boek")) == \
        count(lambda r: "nl" in r["language"] and r["material"] == "boek")


def test_date_relations(client, sample_records):
    def years(pred):
        return sum(1 for r in sample_records if pred(r["year"]))

    assert number_of_records(search(client, "dc.date < 1950")) == years(lambda y: y < 1950)
    assert number_of_records(search(client, "dc.date <= 2010")) == years(lambda y: y <= 2010)
    assert number_of_records(search(client, "dc.date >= 2020")) == years(lambda y: y >= 2020)
    assert number_of_records(search(client, "dc.date = 2019")) == years(lambda y: y == 2019)
    assert number_of_records(search(client, "dc.date = 2000-2009")) == years(lambda y: 2000 <= y <= 2009)


def test_adj_is_a_phrase(client):
    assert number_of_records(search(client, 'dc.title adj "ontdekking van de hemel"')) >= 4
    assert number_of_records(search(client, 'dc.title adj "hemel ontdekking"')) == 0
    assert number_of_records(search(client, 'dc.title all "hemel ontdekking"')) >= 4


def test_masking(client, sample_records):
    doc = search(client, "dc.title = ontdek*")
    expected = [r for r in sample_records
                if any(t.startswith("ontdek") for t in exact_tokens(f"{r['title']} {r.get('subtitle') or ''}"))]
    assert number_of_records(doc) == len(expected) > 0


def test_library_scope_ranks_its_holdings_first(client, sample_records):
    isil = "NL-AmOBA"
    doc = search(client, "dc.title = hemel", **{"x-library": isil})
    held = {r["id"] for r in sample_records if any(h["library"] == isil for h in r["holdings"])}
    got = record_ids(doc)
    first_unheld = next((i for i, t in enumerate(got) if t not in held), len(got))
    assert 0 < first_unheld < len(got)
    assert all(t not in held for t in got[first_unheld:]), got


# --- paging and sorting --------------------------------------------------------------------------

def test_paging_with_next_record_position(client):
    query = "vp.material = boek"
    total = number_of_records(search(client, query, maximumRecords="0"))
    assert total > 25
    seen: list[str] = []
    start = 1
    while True:
        doc = search(client, query, startRecord=str(start), maximumRecords="10")
        positions = [int(p) for p in doc.xpath("sru:records/sru:record/sru:recordPosition/text()", namespaces=NS)]
        assert positions == list(range(start, start + len(positions)))
        seen += record_ids(doc)
        nxt = doc.findtext("sru:nextRecordPosition", namespaces=NS)
        if nxt is None:
            break
        assert int(nxt) == start + 10
        start = int(nxt)
    assert len(seen) == total == len(set(seen))


def test_maximum_records_is_capped(client):
    doc = search(client, "cql.allRecords = 1", maximumRecords="500")
    assert number_of_records(doc) > 100
    assert len(dc_records(doc)) == 100
    assert doc.findtext("sru:nextRecordPosition", namespaces=NS) == "101"
    assert number_of_records(search(client, "cql.allRecords = 1")) == number_of_records(doc)
    assert len(dc_records(sru(client, query="cql.allRecords = 1"))) == 10  # the default


def test_sort_by_date(client, sample_records):
    newest = sorted({r["year"] for r in sample_records}, reverse=True)
    for params in ({"query": "vp.material = boek sortBy dc.date/sort.descending"},
                   {"query": "vp.material = boek", "sortKeys": "dc.date,,0"}):
        doc = search(client, **params)
        years = [int(r.findtext("dc:date", namespaces=NS)) for r in dc_records(doc)]
        assert years == sorted(years, reverse=True)
        assert years[0] == max(r["year"] for r in sample_records if r["material"] == "boek")
    doc = search(client, "vp.material = boek sortBy dc.date")
    years = [int(r.findtext("dc:date", namespaces=NS)) for r in dc_records(doc)]
    assert years == sorted(years) and newest


def test_sort_by_title(client):
    doc = search(client, "vp.material = film sortBy dc.title")
    got = [t.lower() for t in titles(doc)]
    assert got == sorted(got)


# --- diagnostics -----------------------------------------------------------------------------------

@pytest.mark.parametrize("query, code", [
    ('dc.title = "hemel', 14),
    ("(dc.title = hemel", 13),
    ("dc.title = hemel)", 13),
    ("dc.title any", 10),
    ("hemel and", 10),
])
def test_syntax_errors(client, query, code):
    doc = search(client, query)
    assert codes(doc) == [code]
    assert number_of_records(doc) == 0
    assert not dc_records(doc)


def test_unknown_index(client):
    doc = search(client, "dc.shelfmark = A12")
    assert diagnostics(doc) == [("info:srw/diagnostic/1/16", "dc.shelfmark")]
    assert codes(search(client, "bath.isbn = 123")) == [15]


@pytest.mark.parametrize("query, relation", [
    ("dc.title within hemel", "within"),
    ("dc.title <> hemel", "<>"),
    ("dc.title > hemel", ">"),
    ("dc.date adj 2000", "adj"),
])
def test_unsupported_relation(client, query, relation):
    assert diagnostics(search(client, query)) == [("info:srw/diagnostic/1/19", relation)]


def test_prox_is_refused_not_guessed(client):
    assert codes(search(client, "hemel prox aarde")) == [37]


def test_unsupported_schema(client):
    doc = search(client, "hemel", recordSchema="mods")
    assert diagnostics(doc) == [("info:srw/diagnostic/1/66", "mods")]


def test_unsupported_record_packing(client):
    assert codes(search(client, "hemel", recordPacking="json")) == [71]
    assert codes(search(client, "hemel", recordXMLEscaping="html")) == [71]


def test_start_record_beyond_results(client):
    total = number_of_records(search(client, "dc.title = hemel"))
    doc = search(client, "dc.title = hemel", startRecord=str(total + 1))
    assert codes(doc) == [61]
    assert number_of_records(doc) == total
    assert not dc_records(doc)
    assert codes(search(client, "dc.title = hemel", startRecord="0")) == [6]
    assert codes(search(client, "dc.title = hemel", maximumRecords="veel")) == [6]


def test_other_protocol_diagnostics(client):
    assert codes(sru(client, operation="searchRetrieve")) == [7]
    assert codes(sru(client, operation="scan", scanClause="dc.title = a")) == [4]
    assert codes(search(client, "hemel", version="3.0")) == [5]
    assert codes(search(client, "dc.date = abc")) == [36]
    assert codes(search(client, "dc.title = *")) == [29]
    assert codes(search(client, 'dc.title = "!!"')) == [27]


def test_hostile_input_stays_well_formed(client):
    query = 'dc.title = "<script>&\x01"'
    r = client.get("/sru", params={"query": query})
    assert r.status_code == 200
    doc = etree.fromstring(r.content)
    assert doc.findtext("sru:echoedSearchRetrieveRequest/sru:query", namespaces=NS) == 'dc.title = "<script>&"'


# --- explain, versions, record schemas ------------------------------------------------------------

def test_explain_without_query(client):
    for doc in (sru(client), sru(client, operation="explain")):
        assert doc.tag == f"{{{SRU}}}explainResponse"
        explain = doc.find("sru:record/sru:recordData/zr:explain", NS)
        indexes = {i.get("id") for i in explain.iterfind("zr:indexInfo/zr:index", NS)}
        assert {"cql.serverChoice", "dc.title", "dc.creator", "dc.subject", "dc.date", "dc.identifier",
                "dc.type", "dc.language", "vp.material", "vp.library", "vp.available"} <= indexes
        date = explain.find("zr:indexInfo/zr:index[@id='dc.date']", NS)
        assert {"<", ">", "="} <= {s.text for s in date.iterfind("zr:configInfo/zr:supports", NS)}
        schemas = {s.get("name") for s in explain.iterfind("zr:schemaInfo/zr:schema", NS)}
        assert schemas == {"dc", "marcxml"}
        assert explain.findtext("zr:configInfo/zr:setting[@type='maximumRecords']", namespaces=NS) == "100"
        assert explain.findtext("zr:serverInfo/zr:host", namespaces=NS) == "testserver"


def test_version_1_2_answers_in_its_own_namespace(client):
    doc = search(client, "dc.title = hemel", version="1.2")
    assert doc.tag == f"{{{SRU1}}}searchRetrieveResponse"
    assert doc.findtext("srw:version", namespaces=NS) == "1.2"
    same_in_2_0 = number_of_records(search(client, "dc.title = hemel"))
    assert int(doc.findtext("srw:numberOfRecords", namespaces=NS)) == same_in_2_0
    assert doc.find("srw:records/srw:record/srw:recordPacking", NS).text == "xml"
    bad = search(client, "dc.foo = x", version="1.2")
    assert bad.find("srw:diagnostics/diag1:diagnostic/diag1:uri", NS).text == "info:srw/diagnostic/1/16"


def test_record_xml_escaping_string(client):
    doc = search(client, "dc.title = hemel", recordXMLEscaping="string", maximumRecords="1")
    data = doc.find("sru:records/sru:record/sru:recordData", NS)
    assert len(data) == 0 and data.text.strip().startswith("<srw_dc:dc")
    inner = etree.fromstring(data.text)
    assert inner.findtext("dc:title", namespaces=NS)


def test_marcxml_for_records_not_from_marc_is_a_surrogate_diagnostic(client):
    doc = search(client, "dc.title = hemel", recordSchema="marcxml", maximumRecords="2")
    records = doc.findall("sru:records/sru:record", NS)
    assert len(records) == 2
    for r in records:
        assert r.findtext("sru:recordSchema", namespaces=NS) == "info:srw/schema/1/diagnostics-v1.1"
        assert r.findtext("sru:recordData/diag:diagnostic/diag:uri", namespaces=NS) == "info:srw/diagnostic/1/67"


def test_marcxml_records_from_marc(marc_client):
    doc = search(marc_client, "cql.allRecords = 1", recordSchema="marcxml")
    assert number_of_records(doc) == 2
    records = doc.findall("sru:records/sru:record", NS)
    assert len(records) == 2
    for r in records:
        assert r.findtext("sru:recordSchema", namespaces=NS) == "info:srw/schema/1/marcxml-v1.1"
        marc = r.find("sru:recordData/marc:record", NS)
        assert marc is not None
        assert marc.find("marc:leader", NS) is not None
    titles_245 = doc.xpath("//marc:datafield[@tag='245']/marc:subfield[@code='a']/text()", namespaces=NS)
    assert any(t.startswith("Kindertijd") for t in titles_245)
    # the same records in Dublin Core
    dc = search(marc_client, "dc.title = kindertijd")
    assert number_of_records(dc) == 1
    assert titles(dc)[0].startswith("Kindertijd")


def test_post_form(client):
    r = client.post("/sru", data={"query": "vp.material = e-book", "maximumRecords": "1"})
    assert r.status_code == 200
    doc = etree.fromstring(r.content)
    assert number_of_records(doc) > 0 and len(dc_records(doc)) == 1


def test_dublin_core_reads_back_with_the_dc_reader(client, sample_records):
    """Our srw_dc is what the project's own Dublin Core reader (and other catalogues) harvest."""
    from corpus.readers.dc import read_document

    rec = next(r for r in sample_records if r.get("isbn") and r.get("ppn") and len(r.get("authors") or []) > 1)
    r = client.get("/sru", params={"query": f"dc.identifier = {rec['ppn']}"})
    back = [x for x in read_document(r.content, "sru.xml") if isinstance(x, dict)]
    assert len(back) == 1
    assert back[0]["ppn"] == rec["ppn"].upper()
    assert back[0]["isbn"] == rec["isbn"]
    assert back[0]["title"] == rec["title"]
    assert back[0]["year"] == rec["year"]
