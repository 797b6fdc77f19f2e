"""The `dc` reader: OAI-PMH oai_dc, SRU srw_dc / KB dcx and plain record files."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from corpus.model import Delete, Rejection, validate
from corpus.readers import SourceError, dc, read_source

FIXTURES = Path(__file__).parent / "fixtures"
DC = FIXTURES / "dc"


def split(items):
    records = [i for i in items if isinstance(i, dict)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    deletes = [i for i in items if isinstance(i, Delete)]
    return records, rejections, deletes


def by_id(records):
    return {r["id"]: r for r in records}


# ------------------------------------------------------------------ real KB SRU dcx response

@pytest.fixture(scope="module")
def kb(shared_corpus):
    items = list(dc.read(str(shared_corpus / "catalogue" / "kb-sru-dcx-sample.xml")))
    return items


@pytest.mark.shared
def test_kb_all_records_read(kb):
    records, rejections, deletes = split(kb)
    assert len(records) == 20
    assert rejections == [] and deletes == []
    assert len({r["id"] for r in records}) == 20
    for r in records:
        assert r["id"].startswith("ppn:") and r["ppn"] == r["id"][4:]
        assert r["material"] in ("boek", "e-book", "luisterboek")
        assert r["language"] == ["nl"]
        assert validate(r) == r  # already canonical


@pytest.mark.shared
def test_kb_print_edition_field_by_field(kb):
    r = by_id(split(kb)[0])["ppn:228024579"]
    assert r["title"] == "De ontdekking van de hemel"
    assert r["subtitle"] == "roman"
    assert r["authors"] == [{"name": "Mulisch, Harry", "role": "auteur"}]
    assert r["isbn"] == ["9789023470922"]  # ISBN-10 9023470923 as ISBN-13
    assert r["year"] == 2001
    assert r["edition"] == "31e dr"
    assert r["publisher"] == "De Bezige Bij"
    assert r["oclc"] == "67072545"
    assert r["material"] == "boek"
    assert r["genre"] == ["Fictie"]
    assert r["audience"] == "volwassenen"
    # copy signatures are holdings administration, not notes
    assert not any("Exemplaar" in n for n in r.get("notes", []))


@pytest.mark.shared
def test_kb_subjects_brinkman_nur_unesco_bcl(kb):
    recs = by_id(split(kb)[0])
    r = recs["ppn:240642805"]
    assert r["isbn"] == ["9789023407928"]  # 902340792X
    assert r["nur"] == "301"
    assert "romans en novellen ; oorspr. - Nederlands" in r["subjects"]  # Brinkman
    assert "Proza (romans/novellen)" in r["subjects"]  # UNESCO
    first = recs["ppn:089759605"]  # the first edition, 1992
    assert first["year"] == 1992 and first["edition"] == "1e dr"
    assert "Nederlandse letterkunde" in first["subjects"] and first["bcl"] == ["18.11"]
    assert "Romans (teksten)" in first["subjects"]  # GOO
    assert not any("474 I-II" in s for s in first["subjects"])  # KB shelf code left out
    assert first["series"] == "BBLiterair"
    assert first["isbn"] == ["9789023461234", "9789023435600"]


@pytest.mark.shared
def test_kb_ebook_edition(kb):
    records = split(kb)[0]
    r = by_id(records)["ppn:370837061"]
    assert r["material"] == "e-book"
    assert r["title"] == "De ontdekking van de hemel" and r["subtitle"] == "roman"
    assert r["isbn"] == ["9789023443988"]
    assert r["year"] == 2009
    assert r["authors"][0] == {"name": "Mulisch, Harry", "role": "auteur"}
    assert r["nbn"].startswith("urn:nbn:nl:kb-")
    assert r["description"].startswith("Is de hemel een organisatie")
    assert sorted(x["id"] for x in records if x["material"] == "e-book") == [
        "ppn:370837061", "ppn:370839889"]


@pytest.mark.shared
def test_kb_roles_doctype_and_odd_records(kb):
    recs = by_id(split(kb)[0])
    play = recs["ppn:38303521X"]  # the stage adaptation
    assert play["authors"] == [
        {"name": "Cornelissen, Ignace", "role": "bewerker"},
        {"name": "Mulisch, Harry", "role": "oorspronkelijk auteur"},
    ]
    assert play["genre"] == ["Non-fictie"] and play["year"] == 2014
    assert "subtitle" not in play
    assert recs["ppn:296473359"]["material"] == "luisterboek"  # hoorspel on audio-cd's
    assert recs["ppn:296473359"]["nur"] == "077"
    assert recs["ppn:322079462"]["year"] == 2009  # "verschijningsdatum: 29-10-2009"
    assert recs["ppn:16188993X"]["title"] == "Harry Mulisch ontdekt"  # PPN from a picarta link
    vonk = recs["ppn:239861841"]
    assert vonk["title"] == "Vonk"
    assert vonk["subtitle"] == "(fragment) : kiem van De ontdekking van de hemel"
    timman = recs["ppn:344563987"]
    assert timman["authors"] == [{"name": "Timman, Jan", "role": "auteur"}]
    assert "Harry Kurt Victor Mulisch (1927-2010)" in timman["subjects"]  # ISNI dropped
    assert "year" not in recs["ppn:370839889"]  # no date in the record


@pytest.mark.shared
def test_kb_through_the_source_registry(shared_corpus):
    path = shared_corpus / "catalogue" / "kb-sru-dcx-sample.xml"
    assert sum(isinstance(i, dict) for i in read_source(f"dc:{path}")) == 20


# ------------------------------------------------------------------ own fixtures

def test_dcx_fixture_records_and_rejection():
    records, rejections, _ = split(list(dc.read(str(DC / "kb-dcx-sru.xml"))))
    recs = by_id(records)
    assert list(recs) == ["ppn:90000001X", "ppn:900000028", "ppn:900000036"]
    tirza = recs["ppn:90000001X"]
    assert tirza["title"] == "Tirza" and tirza["subtitle"] == "roman"
    assert tirza["isbn"] == ["9789044700022"]
    assert tirza["publisher"] == "Nijgh & Van Ditmar"  # the ISBD statement, not the authority form
    assert tirza["publication_place"] == "Amsterdam"
    assert tirza["edition"] == "3e dr" and tirza["year"] == 2006 and tirza["nur"] == "301"
    assert tirza["series"] == "Nijgh paperback"
    assert tirza["notes"] == ["1e dr.: 2006"]
    assert tirza["genre"] == ["Fictie"] and tirza["audience"] == "volwassenen"
    ebook = recs["ppn:900000028"]
    assert ebook["material"] == "e-book" and "subtitle" not in ebook
    assert ebook["description"].startswith("Jörgen Hofmeester")
    jeugd = recs["ppn:900000036"]
    assert jeugd["isbn"] == ["9789025730017"]  # hyphenated ISBN-10
    assert jeugd["isbn_invalid"] == ["9789023410099"]  # bad check digit: kept aside
    assert jeugd["authors"] == [{"name": "Loon, Paul van", "role": "auteur"},
                                {"name": "Look, Hugo van", "role": "illustrator"}]
    assert jeugd["audience_label"] == ["Jeugd"] and "audience" not in jeugd
    assert len(rejections) == 1
    assert rejections[0].position == "record 4"
    assert "no title" in rejections[0].reason
    assert rejections[0].record_id == "ppn:900000044"


def test_plain_record_file():
    records, rejections, _ = split(list(dc.read(str(DC / "plain-records.xml"))))
    recs = by_id(records)
    egg = recs["ppn:900000052"]
    assert egg["title"] == "Het gouden ei" and egg["isbn"] == ["9789023410058"]
    assert egg["audience"] == "volwassenen" and egg["language"] == ["nl"]
    visit = recs["dc:https://bibliotheek.example/catalogus/12345"]
    assert visit["material"] == "boek" and "online_url" not in visit  # a print book
    dvd = recs["dc:handle:10000/777"]
    assert dvd["title"] == "Wat is de vraag?" and dvd["subtitle"] == "een handleiding"
    assert dvd["material"] == "film"
    assert dvd["authors"] == [{"name": "Bakker, Jan", "role": "redacteur"}]
    assert [r.position for r in rejections] == ["record 4"]


def test_oai_listrecords_file_with_deleted_record():
    records, rejections, deletes = split(list(dc.read(str(FIXTURES / "oai" / "records.xml"))))
    assert len(records) == 8 and rejections == []
    assert deletes == [Delete("ppn:810000052")]
    recs = by_id(records)
    diner = recs["ppn:81000001X"]
    assert diner["title"] == "Het diner"  # " / Herman Koch" dropped
    assert diner["authors"] == [{"name": "Koch, Herman", "role": "auteur"}]
    assert diner["isbn"] == ["9789023410010"] and diner["year"] == 2009
    assert recs["ppn:810000028"]["isbn"] == ["9789023410027"]  # URN:ISBN:90-234-1002-5
    ebook = recs["ppn:810000060"]
    assert ebook["material"] == "e-book"
    assert ebook["online_url"] == "https://ebooks.bibliotheek.example/titel/oorlog-en-terpentijn"
    pluk = recs["ppn:810000079"]
    assert pluk["material"] == "luisterboek" and pluk["audience"] == "4-6"
    assert {"name": "Westendorp, Fiep", "role": "illustrator"} in pluk["authors"]
    assert recs["ppn:810000044"]["audience"] == "10-12"
    thesis = recs["dc:oai:repository.universiteit.example:1874/412345"]
    assert thesis["year"] == 2024 and "ppn" not in thesis
    assert recs["ppn:810000087"]["reading_form"] == ["grote letter"]


@pytest.mark.parametrize("name", ["xxe.xml", "billion-laughs.xml"])
def test_unsafe_xml_is_rejected_harmlessly(name):
    start = time.monotonic()
    items = list(dc.read(str(DC / name)))
    assert time.monotonic() - start < 2
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].position == "file"
    assert "unsafe XML" in items[0].reason and "DOCTYPE" in items[0].reason
    assert "root:" not in items[0].reason


def test_broken_xml_is_one_rejection(tmp_path):
    bad = tmp_path / "kapot.xml"
    bad.write_bytes(
        b"<records><record><dc:title xmlns:dc='http://purl.org/dc/elements/1.1/'>x</record>")
    items = list(dc.read(str(bad)))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert "not well-formed" in items[0].reason


def test_oai_error_documents(tmp_path):
    empty = tmp_path / "leeg.xml"
    empty.write_text(
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z'
        '</responseDate><request>http://x/oai</request><error code="noRecordsMatch">none</error>'
        "</OAI-PMH>", encoding="utf-8")
    assert list(dc.read(str(empty))) == []
    bad = tmp_path / "fout.xml"
    bad.write_text(empty.read_text().replace("noRecordsMatch", "badArgument"), encoding="utf-8")
    (rej,) = dc.read(str(bad))
    assert isinstance(rej, Rejection) and "badArgument" in rej.reason


def test_sru_diagnostic_is_reported(tmp_path):
    f = tmp_path / "diag.xml"
    f.write_text(
        '<srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/" '
        'xmlns:diag="http://www.loc.gov/zing/srw/diagnostic/"><srw:version>1.2</srw:version>'
        "<srw:numberOfRecords>0</srw:numberOfRecords><srw:diagnostics><diag:diagnostic>"
        "<diag:uri>info:srw/diagnostic/1/10</diag:uri>"
        "<diag:message>Query syntax error</diag:message>"
        "</diag:diagnostic></srw:diagnostics></srw:searchRetrieveResponse>", encoding="utf-8")
    (rej,) = dc.read(str(f))
    assert "Query syntax error" in rej.reason


def test_folder_of_files(tmp_path):
    sub = tmp_path / "deel2"
    sub.mkdir()
    (tmp_path / "a.xml").write_bytes((DC / "plain-records.xml").read_bytes())
    (sub / "b.xml").write_bytes((DC / "kb-dcx-sru.xml").read_bytes())
    (tmp_path / "notities.txt").write_text("geen xml")
    items = list(dc.read(str(tmp_path)))
    records, rejections, _ = split(items)
    assert len(records) == 6
    assert sorted(r.file for r in rejections) == ["a.xml", str(Path("deel2") / "b.xml")]


def test_missing_source_raises():
    with pytest.raises(SourceError):
        list(dc.read("/nonexistent/catalogus.xml"))


def test_helpers():
    assert dc.split_title("Het diner / Herman Koch") == ("Het diner", None)
    assert dc.split_title("De avonden : een winterverhaal") == ("De avonden", "een winterverhaal")
    assert dc.find_ppn("http://opc4.kb.nl/DB=1/PPN?PPN=38303521X") == "38303521X"
    assert dc.find_ppn("http://resolver.kb.nl/resolve?urn=PPN:228024579") == "228024579"
    assert dc.find_ppn("http://data.bibliotheek.nl/ggc/ppn/437795047") == "437795047"
    assert dc.oai_record_id("oai:x:1874/1") == "dc:oai:x:1874/1"
    assert dc.audience_from_text("Vanaf ca. 7 jaar.") == "7-9"
    assert dc.audience_from_text("13-15") == "13-15"
    assert dc.audience_from_text("Volwassenen") == "volwassenen"
    assert dc.audience_from_text("Jeugd") is None


def test_sru_record_packing_string(tmp_path):
    inner = ('<srw_dc:dc xmlns:srw_dc="info:srw/schema/1/dc-v1.1" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Het gouden ei</dc:title>'
             "<dc:identifier>http://opc4.kb.nl/DB=1/PPN?PPN=900000052</dc:identifier></srw_dc:dc>")
    escaped = inner.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    f = tmp_path / "string.xml"
    f.write_text(
        '<srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/"><srw:records>'
        "<srw:record><srw:recordPacking>string</srw:recordPacking>"
        f"<srw:recordData>{escaped}</srw:recordData></srw:record>"
        "<srw:record><srw:recordPacking>string</srw:recordPacking>"
        "<srw:recordData>&lt;!DOCTYPE x [&lt;!ENTITY e SYSTEM 'file:///etc/passwd'&gt;]&gt;"
        "&lt;x&gt;&amp;e;&lt;/x&gt;</srw:recordData></srw:record></srw:records>"
        "</srw:searchRetrieveResponse>", encoding="utf-8")
    record, rejection = dc.read(str(f))
    assert record["id"] == "ppn:900000052" and record["title"] == "Het gouden ei"
    assert isinstance(rejection, Rejection) and rejection.position == "record 2"
    assert "DOCTYPE" in rejection.reason


def test_a_cover_relation_gives_cover_url(tmp_path):
    src = tmp_path / "covers.xml"
    src.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<records xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <record><dc:title>Met een plaatje</dc:title><dc:identifier>PPN 900000101</dc:identifier>
    <dc:relation>https://www.bibliotheek.example/over-dit-boek</dc:relation>
    <dc:relation>https://cover.biblion.nl/coverlist.dll/cover.jpg?doctype=morebutton&amp;isbn=9789023410058</dc:relation>
  </record>
  <record><dc:title>Getypt als omslag</dc:title><dc:identifier>PPN 900000102</dc:identifier>
    <dc:relation xsi:type="dcx:thumbnail">https://media.example/api/img/900000102</dc:relation></record>
  <record><dc:title>Alleen een verwijzing</dc:title><dc:identifier>PPN 900000103</dc:identifier>
    <dc:relation>https://www.example.org/deel-2</dc:relation><dc:relation>zie ook: deel 2</dc:relation></record>
</records>""", encoding="utf-8")
    records, rejections, _ = split(list(dc.read(str(src))))
    recs = by_id(records)
    assert not rejections
    assert recs["ppn:900000101"]["cover_url"].startswith("https://cover.biblion.nl/coverlist.dll/cover.jpg?")
    assert recs["ppn:900000102"]["cover_url"] == "https://media.example/api/img/900000102"
    assert "cover_url" not in recs["ppn:900000103"]
