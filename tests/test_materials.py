"""Materials are declared once (corpus.materials): every DCMI type SRU writes for a record finds it
again with CQL dc.type, the exports and the pages name each material as declared, and the
readers' mappings only ever give declared materials."""
from __future__ import annotations

import bibtexparser
import orjson
import pytest
import rispy
from lxml import etree

from corpus import materials
from corpus.model import MATERIALS, READING_FORMS, validate
from corpus.readers import oba
from indexer.fields import BY_NAME
from search_api import exports, sru
from web.i18n import Translator

SRU = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
NS = {"sru": SRU, "srw_dc": "info:srw/schema/1/dc-schema", "dc": "http://purl.org/dc/elements/1.1/"}


def one_of_each() -> list[dict]:
    return [{"type": "catalogue", "id": f"m:{m.code}", "title": f"Titel {m.label}", "material": m.code,
             "authors": [{"name": "Anna Auteur", "role": "auteur"}], "year": 2020} for m in materials.MATERIALS]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """An index with one record of every material."""
    from fastapi.testclient import TestClient

    from indexer.build import build
    from search_api.app import create_app
    from search_api.service import SearchService
    from search_api.settings import Settings

    tmp = tmp_path_factory.mktemp("materials")
    source = tmp / "materials.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in one_of_each()))
    index_dir = tmp / "index"
    report = build(index_dir, [f"jsonl:{source}"])
    assert report.records == len(materials.MATERIALS)
    app = create_app(Settings(index_dir=str(index_dir)), service=SearchService(index_dir))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def sru_records(client, query: str) -> list[etree._Element]:
    r = client.get("/sru", params={"query": query, "maximumRecords": "100"})
    assert r.status_code == 200
    doc = etree.fromstring(r.content)
    assert not doc.findall("sru:diagnostics", NS), r.text
    return doc.findall("sru:records/sru:record/sru:recordData/srw_dc:dc", NS)


def record_id(dc: etree._Element) -> str:
    page = next(i.text for i in dc.findall("dc:identifier", NS) if "/titel/" in i.text)
    return page.rsplit("/titel/", 1)[1]


@pytest.mark.parametrize("code", MATERIALS)
def test_every_dc_type_sru_writes_finds_the_record(client, code):
    (written,) = sru_records(client, f'vp.material == "{code}"')
    types = [t.text for t in written.findall("dc:type", NS)]
    assert types == [code, *materials.BY_CODE[code].dcmi]
    for value in types:
        found = [record_id(r) for r in sru_records(client, f'dc.type = "{value}"')]
        assert f"m:{code}" in found, (code, value, found)
        # and only materials of that type
        assert all(value in (materials.BY_CODE[i[2:]].code, *materials.BY_CODE[i[2:]].dcmi) for i in found)


def test_sheet_music_is_text(client):
    found = {record_id(r) for r in sru_records(client, 'dc.type = "Text"')}
    assert found == {f"m:{m.code}" for m in materials.MATERIALS if "Text" in m.dcmi}
    assert "m:bladmuziek" in found
    assert {record_id(r) for r in sru_records(client, 'dc.type = "sheet music"')} == {"m:bladmuziek"}


def test_exports_name_each_material_as_declared():
    for rec in map(validate, one_of_each()):
        m = materials.BY_CODE[rec["material"]]
        assert rispy.loads(exports.ris(rec))[0]["type_of_reference"] == m.ris
        assert bibtexparser.parse_string(exports.bibtex(rec)).entries[0].entry_type == m.bibtex
        doc = exports.jsonld_for(rec, [])
        assert doc["@type"] == m.schema_type
        assert doc.get("bookFormat") == (f"https://schema.org/{m.book_format}" if m.book_format else None)
        assert [p["name"] for p in doc[m.schema_maker]] == ["Anna Auteur"]
        assert [t.text for t in sru.dc_record(rec).findall("dc:type", NS)] == [m.code, *m.dcmi]


def test_pages_and_api_labels_are_the_declared_ones():
    for m in materials.MATERIALS:
        assert Translator("nl").value("material", m.code) == BY_NAME["material"].value_label(m.code) == m.label
        assert Translator("en").value("material", m.code) == m.label_en
    for f in materials.READING_FORMS:
        assert Translator("en").value("reading_form", f.code) == f.label_en
    assert READING_FORMS == materials.READING_FORM_CODES


def test_readers_map_only_to_declared_materials_and_forms():
    declared = set(MATERIALS)
    assert {r.material for r in materials.MARC_RULES} <= declared
    assert {r.material for r in materials.DC_RULES} | {materials.DC_DEFAULT} <= declared
    assert materials.MARC_RULES[-1].material == "boek" and materials.MARC_RULES[-1] == materials.MarcRule("boek")
    labels = [label for m in materials.MATERIALS for label in m.oba_formats]
    assert len(labels) == len(set(labels))
    for m in materials.MATERIALS:
        for label in m.oba_formats:
            rec = oba.map_result({"id": "|c|1", "titles": ["T"], "formats": [label.title()]})
            assert rec["material"] == m.code, label
            assert rec.get("reading_form", []) == ([materials.reading_form_of(label)]
                                                    if materials.reading_form_of(label) else [])
    assert materials.dc_material("notated music") == "bladmuziek"
    assert materials.dc_material("sound | music") == "muziek"
    assert materials.dc_material("audio-cd | gesproken boek | music") == "luisterboek"
    assert materials.dc_reading_forms("boek | grote letter | braille") == ["grote letter", "braille"]


def test_marc_rules():
    def marc(leader6: str, leader7: str = "m", c007: str = "", **at: str) -> str:
        c008 = [" "] * 40
        for pos, value in at.items():
            c008[int(pos[1:])] = value
        return materials.marc_material(f"00000n{leader6}{leader7} a2200000 a 4500", c007, "".join(c008))

    assert marc("a") == "boek" and marc("a", c007="cr") == "e-book" and marc("a", p23="o") == "e-book"
    assert marc("a", "s", p21="n") == "krant" and marc("a", "s") == "tijdschrift" and marc("a", "i", p21="w") == "website"
    assert marc("c") == marc("d") == "bladmuziek" and marc("j") == "muziek"
    assert marc("i") == "luisterboek" and marc("i", "s", c007="cr") == "podcast"
    assert marc("g") == "film" and marc("g", p33="s") == "anders"
    assert marc("m", p26="g") == "game" and marc("m") == "databank" and marc("r", p33="g") == "game"
    assert marc("e") == "anders" and marc("u", c007="vd") == "film" and marc("u") == "boek"
