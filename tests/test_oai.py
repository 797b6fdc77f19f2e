"""The OAI-PMH 2.0 provider at /oai: every verb, every error, resumption tokens, datestamps from each
record's last change, deleted records, both formats; every answer valid against the published
schemas (tests/fixtures/schemas). A third-party harvester (sickle) and the project's own `oai`
reader drain the whole index over a real HTTP server."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from lxml import etree

from corpus.model import MATERIALS
from search_api import oai
from tests.conftest import SAMPLE_SOURCES
from tests.live_server import serve

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
MARC_SOURCES = [f"marcxml:{Path(__file__).parent / 'fixtures' / 'marc' / 'collection.xml'}",
                f"marc:{Path(__file__).parent / 'fixtures' / 'marc' / 'marc8.mrc'}"]
NS = {"o": oai.OAI_NS, "dc": oai.DC_NS, "oai_dc": oai.OAI_DC_NS, "m": oai.MARC_NS}
ALL_CODES = {"badArgument", "badResumptionToken", "badVerb", "cannotDisseminateFormat", "idDoesNotExist",
             "noRecordsMatch", "noMetadataFormats", "noSetHierarchy"}


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "oai-pmh-responses.xsd")))


def _app(index_dir):
    from search_api.app import create_app
    from search_api.service import SearchService
    from search_api.settings import Settings

    return create_app(Settings(index_dir=str(index_dir)), service=SearchService(index_dir, reload_interval=0))


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    from indexer.build import build

    index_dir = tmp_path_factory.mktemp("oai")
    report = build(index_dir, SAMPLE_SOURCES + MARC_SOURCES)
    assert report.state == "done", report.message
    return index_dir


@pytest.fixture(scope="module")
def records(index_dir):
    from search_api.service import SearchService

    snap = SearchService(index_dir).snapshot()
    page = snap.changed_records(limit=10_000)
    assert page.total == snap.records
    return [rec for _, rec in page.records]


@pytest.fixture(scope="module")
def client(index_dir):
    from fastapi.testclient import TestClient

    with TestClient(_app(index_dir)) as c:
        yield c


class Asker:
    """GET /oai with arguments; every answer is checked against the schemas before it is read."""

    def __init__(self, client, schema):
        self.client, self.schema = client, schema

    def __call__(self, method: str = "GET", **args) -> etree._Element:
        if method == "POST":
            resp = self.client.post("/oai", data=args)
        else:
            resp = self.client.get("/oai", params=args)
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/xml")
        doc = etree.fromstring(resp.content)
        assert self.schema.validate(doc), self.schema.error_log.last_error
        return doc


@pytest.fixture()
def ask(client, schema):
    return Asker(client, schema)


def _error(doc) -> str | None:
    el = doc.find("o:error", NS)
    return None if el is None else el.get("code")


def _harvest(ask, verb: str, **args) -> tuple[list[etree._Element], list[etree._Element]]:
    """Every item of a list, following the tokens; and the tokens' elements."""
    items, tokens = [], []
    doc = ask(verb=verb, **args)
    while True:
        assert _error(doc) is None, etree.tostring(doc)
        container = doc.find(f"o:{verb}", NS)
        items += container.findall("o:header" if verb == "ListIdentifiers" else "o:record", NS)
        token = container.find("o:resumptionToken", NS)
        if token is None:
            return items, tokens
        tokens.append(token)
        if not token.text:
            return items, tokens
        doc = ask(verb=verb, resumptionToken=token.text)


def _ids(items) -> list[str]:
    return [(i.find("o:header", NS) if i.tag.endswith("record") else i).findtext("o:identifier", namespaces=NS)
            for i in items]


# --- the verbs -----------------------------------------------------------------------------------

def test_identify(ask):
    doc = ask(verb="Identify")
    el = doc.find("o:Identify", NS)
    assert el.findtext("o:baseURL", namespaces=NS) == "http://testserver/oai"
    assert el.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert el.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert el.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    earliest = el.findtext("o:earliestDatestamp", namespaces=NS)
    assert time.strptime(earliest, "%Y-%m-%dT%H:%M:%SZ") <= time.gmtime()
    assert doc.find("o:request", NS).get("verb") == "Identify"


def test_the_same_over_post(ask):
    assert etree.tostring(ask("POST", verb="ListSets").find("o:ListSets", NS)) == \
        etree.tostring(ask(verb="ListSets").find("o:ListSets", NS))
    assert _error(ask("POST", verb="GetRecord", metadataPrefix="oai_dc", identifier="oai:vindplaats:nope")) \
        == "idDoesNotExist"


def test_list_metadata_formats(ask, records):
    for args in ({}, {"identifier": f"oai:vindplaats:{records[0]['id']}"}):
        doc = ask(verb="ListMetadataFormats", **args)
        prefixes = doc.xpath("//o:metadataFormat/o:metadataPrefix/text()", namespaces=NS)
        assert prefixes == ["oai_dc", "marcxml"]
    assert _error(ask(verb="ListMetadataFormats", identifier="oai:vindplaats:ppn:000000000")) == "idDoesNotExist"


def test_list_sets_catalogue_knowledge_and_one_per_material(ask):
    specs = ask(verb="ListSets").xpath("//o:set/o:setSpec/text()", namespaces=NS)
    assert specs[0] == "catalogus" and "kennisbank" in specs
    assert {s.split(":", 1)[1] for s in specs if s.startswith("catalogus:")} == set(MATERIALS)
    assert [m.code for m in oai.materials()] == list(MATERIALS)


@pytest.mark.parametrize("material", MATERIALS)
def test_the_marcxml_rendering_reads_back_as_the_same_material(material):
    from corpus.readers.marc import from_marcxml_element
    from search_api.marcxml import record_marcxml

    rec = {"type": "catalogue", "id": f"t:{material}", "title": "Een titel", "material": material, "year": 2001,
           "language": ["nl"], "authors": [{"name": "Jansen, Anna", "role": "auteur"}]}
    back = from_marcxml_element(record_marcxml(rec), "test", "1")
    assert back["material"] == material
    assert back["year"] == 2001 and back["language"] == ["nl"] and back["title"] == "Een titel"


def test_list_records_in_pages_with_size_and_cursor(ask, records, monkeypatch):
    monkeypatch.setitem(oai.PAGE_SIZE, "ListRecords", 40)
    items, tokens = _harvest(ask, "ListRecords", metadataPrefix="oai_dc")
    ids = _ids(items)
    assert len(ids) == len(set(ids)) == len(records)
    assert {i.removeprefix("oai:vindplaats:") for i in ids} == {r["id"] for r in records}
    assert len(tokens) == -(-len(records) // 40)
    assert [int(t.get("cursor")) for t in tokens] == list(range(0, len(records), 40))
    assert {t.get("completeListSize") for t in tokens} == {str(len(records))}
    assert tokens[-1].text is None  # the last page ends the list with an empty token
    stamps = [i.findtext("o:header/o:datestamp", namespaces=NS) for i in items]
    assert stamps == sorted(stamps)  # in the order of their last change


def test_list_identifiers_and_sets(ask, records, monkeypatch):
    monkeypatch.setitem(oai.PAGE_SIZE, "ListIdentifiers", 50)
    everything, _ = _harvest(ask, "ListIdentifiers", metadataPrefix="marcxml")
    assert len(everything) == len(records)
    articles, _ = _harvest(ask, "ListIdentifiers", metadataPrefix="oai_dc", set="kennisbank")
    assert len(articles) == sum(r["type"] == "article" for r in records)
    assert all(h.findtext("o:setSpec", namespaces=NS) == "kennisbank" for h in articles)
    books, _ = _harvest(ask, "ListIdentifiers", metadataPrefix="oai_dc", set="catalogus:boek")
    assert len(books) == sum(r.get("material") == "boek" for r in records) > 0
    assert all("catalogus:boek" in h.xpath("o:setSpec/text()", namespaces=NS) for h in books)
    catalogue, _ = _harvest(ask, "ListIdentifiers", metadataPrefix="oai_dc", set="catalogus")
    assert len(catalogue) + len(articles) == len(records)


def test_from_and_until(ask, records):
    stamps = ask(verb="ListIdentifiers", metadataPrefix="oai_dc").xpath("//o:datestamp/text()", namespaces=NS)
    first = stamps[0]
    day = first[:10]
    assert len(_harvest(ask, "ListIdentifiers", metadataPrefix="oai_dc", **{"from": first})[0]) == len(records)
    assert len(_harvest(ask, "ListIdentifiers", metadataPrefix="oai_dc", until=day)[0]) == len(records)
    assert len(_harvest(ask, "ListIdentifiers", metadataPrefix="oai_dc", **{"from": day, "until": day})[0]) \
        == len(records)
    assert _error(ask(verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2999-01-01"})) == "noRecordsMatch"
    assert _error(ask(verb="ListRecords", metadataPrefix="oai_dc", until="2000-01-01T00:00:00Z")) \
        == "noRecordsMatch"


def test_get_record_in_both_formats(ask, records):
    rec = next(r for r in records if r["type"] == "catalogue" and r.get("authors") and not r.get("_marcxml"))
    doc = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=f"oai:vindplaats:{rec['id']}")
    dc = doc.find(".//oai_dc:dc", NS)
    assert rec["title"] in dc.findtext("dc:title", namespaces=NS)
    assert rec["authors"][0]["name"] in dc.xpath("dc:creator/text()", namespaces=NS)
    doc = ask(verb="GetRecord", metadataPrefix="marcxml", identifier=f"oai:vindplaats:{rec['id']}")
    marc = doc.find(".//m:record", NS)
    assert marc.xpath("m:datafield[@tag='245']/m:subfield[@code='a']/text()", namespaces=NS) == [rec["title"]]
    assert marc.xpath("m:datafield[@tag='100']/m:subfield[@code='a']/text()", namespaces=NS) == \
        [rec["authors"][0]["name"]]
    article = next(r for r in records if r["type"] == "article")
    doc = ask(verb="GetRecord", metadataPrefix="marcxml", identifier=f"oai:vindplaats:{article['id']}")
    assert doc.find(".//m:record", NS) is not None
    assert doc.xpath("//o:setSpec/text()", namespaces=NS) == ["kennisbank"]


def test_marcxml_is_the_original_marc_where_it_was_kept(ask, records):
    rec = next(r for r in records if r.get("_marcxml"))
    doc = ask(verb="GetRecord", metadataPrefix="marcxml", identifier=f"oai:vindplaats:{rec['id']}")
    original = etree.fromstring(rec["_marcxml"].encode())
    served = doc.find(".//m:record", NS)
    assert served.findtext("m:leader", namespaces=NS) == original.findtext("m:leader", namespaces=NS)
    assert len(served) == len(original)  # every field of the original, not a rendering
    assert served.xpath("m:controlfield[@tag='001']/text()", namespaces=NS) != [rec["id"]]


# --- every error -------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "code"), [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": "Identify", "set": "kennisbank"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "gisteren"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01", "until": "2025-01-01T00:00:00Z"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-02", "until": "2025-01-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "tijdschriften"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "dc"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "mods", "identifier": "oai:vindplaats:ppn:189443944"},
     "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elders:ppn:189443944"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "resumptionToken": "bm90IGEgdG9rZW4"}, "badResumptionToken"),
    ({"verb": "ListIdentifiers", "resumptionToken": "%%%"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
    ({"verb": "ListRecords", "resumptionToken": oai.Harvest("ListRecords", "oai_dc", None, "gisteren", None).token(1, 1)},
     "badResumptionToken"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "1999-12-31"}, "noRecordsMatch"),
])
def test_errors(ask, args, code):
    doc = ask(**args)
    assert _error(doc) == code
    if code in ("badVerb", "badArgument"):
        assert doc.find("o:request", NS).attrib == {}  # not understood: no arguments echoed


def test_a_repeated_argument(client, schema):
    for query, code in (("verb=Identify&verb=Identify", "badVerb"),
                        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=marcxml", "badArgument")):
        doc = etree.fromstring(client.get(f"/oai?{query}").content)
        assert schema.validate(doc)
        assert _error(doc) == code


def test_a_token_of_another_verb_is_refused(ask, monkeypatch):
    monkeypatch.setitem(oai.PAGE_SIZE, "ListIdentifiers", 5)
    token = ask(verb="ListIdentifiers", metadataPrefix="oai_dc").findtext(".//o:resumptionToken", namespaces=NS)
    assert _error(ask(verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    assert _error(ask(verb="ListIdentifiers", resumptionToken=token)) is None


def test_every_error_code_the_protocol_applies_here():
    """noMetadataFormats cannot arise (every record has both formats: a rendering where no MARC was
    kept) and noSetHierarchy neither (the repository has sets); the test above covers the rest."""
    covered = {code for _, code in test_errors.pytestmark[0].args[1]}
    assert covered == ALL_CODES - {"noMetadataFormats", "noSetHierarchy"}


# --- changes, deletions and a generation switch ----------------------------------------------------

def _write(path: Path, recs: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return f"jsonl:{path}"


def _wait_for_the_next_second():
    # Datestamps are to the second: a later change must fall in a later second to show.
    start = int(time.time())
    while int(time.time()) == start:
        time.sleep(0.05)


def test_datestamps_deletions_and_a_token_across_a_generation_switch(tmp_path, schema, sample_records,
                                                                    monkeypatch):
    from fastapi.testclient import TestClient

    from indexer.build import build, update
    from indexer.cli import main

    monkeypatch.setitem(oai.PAGE_SIZE, "ListIdentifiers", 100)
    index_dir = tmp_path / "index"
    catalogue = sample_records[:150]
    assert build(index_dir, [_write(tmp_path / "a.jsonl", catalogue)]).state == "done"
    with TestClient(_app(index_dir)) as client:
        ask = Asker(client, schema)
        first = ask(verb="ListIdentifiers", metadataPrefix="oai_dc")
        token = first.find(".//o:resumptionToken", NS)
        assert token.get("completeListSize") == "150" and token.get("cursor") == "0"
        before = {h.findtext("o:identifier", namespaces=NS): h.findtext("o:datestamp", namespaces=NS)
                  for h in first.findall(".//o:header", NS)}

        _wait_for_the_next_second()
        changed = dict(catalogue[120], title=catalogue[120]["title"] + " (herziene uitgave)")
        dropped = catalogue[130]["id"]
        kept = [changed if r is catalogue[120] else r for r in catalogue if r["id"] != dropped]
        report = build(index_dir, [_write(tmp_path / "b.jsonl", kept)])
        assert report.state == "done"
        # An unchanged record keeps its datestamp in the new generation.
        unchanged = catalogue[0]["id"]
        again = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=f"oai:vindplaats:{unchanged}")
        assert again.findtext(".//o:datestamp", namespaces=NS) == before[f"oai:vindplaats:{unchanged}"]

        # The token handed out before the switch goes on where it was (it stays valid).
        rest = ask(verb="ListIdentifiers", resumptionToken=token.text)
        assert _error(rest) is None
        headers = rest.findall(".//o:header", NS)
        by_id = {h.findtext("o:identifier", namespaces=NS): h for h in headers}
        assert set(before).isdisjoint(set(by_id) - {f"oai:vindplaats:{changed['id']}",
                                                    f"oai:vindplaats:{dropped}"})
        assert set(before) | set(by_id) == {f"oai:vindplaats:{r['id']}" for r in catalogue}
        # The changed record comes again, later; the dropped one as deleted.
        assert by_id[f"oai:vindplaats:{changed['id']}"].findtext("o:datestamp", namespaces=NS) > \
            before.get(f"oai:vindplaats:{changed['id']}", "")
        assert by_id[f"oai:vindplaats:{dropped}"].get("status") == "deleted"
        assert rest.find(".//o:resumptionToken", NS).get("cursor") == "100"

        # `vindplaats index delete`: a deleted header, in GetRecord and in the lists.
        victim = catalogue[5]["id"]
        assert main(["index", "delete", "--index-dir", str(index_dir), victim]) == 0
        gone = ask(verb="GetRecord", metadataPrefix="marcxml", identifier=f"oai:vindplaats:{victim}")
        assert gone.find(".//o:header", NS).get("status") == "deleted"
        assert gone.find(".//o:metadata", NS) is None
        listed, _ = _harvest(ask, "ListIdentifiers", metadataPrefix="oai_dc")
        deleted = {h.findtext("o:identifier", namespaces=NS) for h in listed if h.get("status") == "deleted"}
        assert deleted == {f"oai:vindplaats:{dropped}", f"oai:vindplaats:{victim}"}
        assert len(listed) == 150  # 148 live records and 2 deleted ones
        # ... and across the next full build, which no longer holds them either.
        assert build(index_dir, [_write(tmp_path / "c.jsonl", [r for r in kept if r["id"] != victim])]).state \
            == "done"
        listed, _ = _harvest(ask, "ListIdentifiers", metadataPrefix="oai_dc")
        assert {h.findtext("o:identifier", namespaces=NS) for h in listed if h.get("status") == "deleted"} \
            == deleted
        # A record that comes back is live again, not deleted.
        assert update(index_dir, [_write(tmp_path / "d.jsonl", [catalogue[5]])]).state == "done"
        back = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=f"oai:vindplaats:{victim}")
        assert back.find(".//o:header", NS).get("status") is None


# --- harvested over HTTP -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(index_dir):
    with serve(_app(index_dir)) as url:
        yield url


def test_sickle_drains_the_whole_index(base_url, records, monkeypatch):
    from sickle import Sickle

    monkeypatch.setitem(oai.PAGE_SIZE, "ListRecords", 25)
    harvester = Sickle(f"{base_url}/oai", max_retries=0)
    assert harvester.Identify().deletedRecord == "persistent"
    harvested = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    ids = [r.header.identifier for r in harvested]
    assert len(ids) == len(set(ids)) == len(records)
    by_id = {r.header.identifier: r.metadata for r in harvested}
    for rec in records:
        assert rec["title"] in by_id[f"oai:vindplaats:{rec['id']}"]["title"][0]
    marc = list(harvester.ListIdentifiers(metadataPrefix="marcxml"))
    assert len(marc) == len(records)
    assert {s.setSpec for s in harvester.ListSets()} >= {"catalogus", "kennisbank"}


@pytest.mark.parametrize("prefix", ["oai_dc", "marcxml"])
def test_our_own_reader_round_trips_every_record(base_url, records, prefix, monkeypatch):
    from corpus.model import Rejection
    from corpus.readers.oai import HarvestState, harvest

    monkeypatch.setitem(oai.PAGE_SIZE, "ListRecords", 30)
    state = HarvestState()
    harvested = list(harvest(f"{base_url}/oai", prefix, state=state))
    assert state.complete and not [h for h in harvested if isinstance(h, Rejection)]
    assert state.complete_list_size == len(records)
    by_id = {h["id"]: h for h in harvested}
    assert set(by_id) == {r["id"] for r in records}  # the same ids
    for rec in records:
        back = by_id[rec["id"]]
        assert back["title"] == rec["title"], rec["id"]
        assert back.get("subtitle") == rec.get("subtitle"), rec["id"]
        assert [a["name"] for a in back.get("authors", [])] == [a["name"] for a in rec.get("authors", [])], rec["id"]


def test_after_a_rollback_a_record_the_generation_holds_again_is_not_deleted(tmp_path, schema, sample_records):
    from fastapi.testclient import TestClient

    from indexer.build import build, rollback

    index_dir = tmp_path / "index"
    catalogue = sample_records[:20]
    assert build(index_dir, [_write(tmp_path / "a.jsonl", catalogue)]).state == "done"
    assert build(index_dir, [_write(tmp_path / "b.jsonl", catalogue[1:])]).state == "done"
    identifier = f"oai:vindplaats:{catalogue[0]['id']}"
    with TestClient(_app(index_dir)) as client:
        ask = Asker(client, schema)
        headers = ask(verb="ListIdentifiers", metadataPrefix="oai_dc").findall(".//o:header", NS)
        assert [h.get("status") for h in headers if h.findtext("o:identifier", namespaces=NS) == identifier] \
            == ["deleted"]
        rollback(index_dir)
        headers = ask(verb="ListIdentifiers", metadataPrefix="oai_dc").findall(".//o:header", NS)
        assert [h.get("status") for h in headers if h.findtext("o:identifier", namespaces=NS) == identifier] \
            == [None]
        record = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
        assert record.find(".//o:metadata", NS) is not None
