"""Exports of one record: RIS and BibTeX that reference managers import cleanly (parsed back with
rispy and bibtexparser), schema.org JSON-LD for catalogue records and articles."""
from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from corpus.series import split as split_series
from search_api import exports

SAMPLE_ARTICLES = Path(__file__).resolve().parents[1] / "corpus" / "sample" / "articles"


def record(sample_records, record_id: str) -> dict:
    return next(r for r in sample_records if r["id"] == record_id)


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[
        middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors()])
    assert not library.failed_blocks, library.failed_blocks
    assert len(library.entries) == 1
    return library.entries[0]


@pytest.fixture(scope="module")
def two_authors(sample_records) -> dict:
    rec = record(sample_records, "ppn:177173548")  # Deutsch für Niederländer: two authors
    assert [a["role"] for a in rec["authors"]] == ["auteur", "auteur"]
    return rec


@pytest.fixture(scope="module")
def an_article() -> dict:
    from corpus.readers.articles import read

    return next(r for r in read(str(SAMPLE_ARTICLES)) if isinstance(r, dict) and r.get("published"))


# --- RIS -----------------------------------------------------------------------------------------

def test_ris_of_a_record_with_several_authors(client, two_authors):
    rec = two_authors
    r = client.get(f"/api/v1/records/{rec['id']}", params={"format": "ris"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-research-info-systems")
    assert r.headers["content-disposition"] == 'attachment; filename="ppn-177173548.ris"'
    text = r.content.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "TY  - BOOK" and lines[-2] == "ER  - " and lines[-1] == ""
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines[:-1])
    entries = rispy.loads(text)
    assert len(entries) == 1
    e = entries[0]
    assert e["type_of_reference"] == "BOOK"
    assert e["authors"] == ["Keller, Andreas", "Hermans, Sanne"]
    assert e["title"] == exports.full_title(rec)
    assert e["year"] == str(rec["year"])
    assert e["publisher"] == rec["publisher"]
    assert rec["isbn"][0] in e["issn"]
    assert e["language"] == "; ".join(rec["language"]) == "de; nl"
    assert e["keywords"][:len(rec["subjects"])] == rec["subjects"]
    assert "http://testserver/titel/ppn:177173548" in e["urls"]
    assert e["id"] == rec["id"]


def test_ris_roles_and_types(sample_records):
    translated = rispy.loads(exports.ris(record(sample_records, "ppn:642008833")))[0]
    assert translated["authors"] == ["Mulisch, Harry"]
    assert translated["subsidiary_authors"] == ["Vincent, Paul"]  # A4: the translator
    audiobook = rispy.loads(exports.ris(record(sample_records, "ppn:751116599")))[0]
    assert audiobook["type_of_reference"] == "SOUND"
    assert audiobook["authors"] == ["Mulisch, Harry", "Kroon, Jan-Willem"]
    kinds = {r["material"]: rispy.loads(exports.ris(r))[0]["type_of_reference"] for r in sample_records}
    assert kinds["e-book"] == "EBOOK" and kinds["film"] == "VIDEO" and kinds["boek"] == "BOOK"


def test_ris_of_an_article(an_article):
    e = rispy.loads(exports.ris(an_article, "https://vindplaats.example"))[0]
    assert e["type_of_reference"] == "ELEC"
    assert e["title"] == an_article["title"]
    assert e["secondary_title"] == an_article["document"]
    assert an_article["url"] in e["urls"]


# --- BibTeX ----------------------------------------------------------------------------------------

def test_bibtex_of_a_record_with_several_authors(client, two_authors):
    rec = two_authors
    r = client.get(f"/api/v1/records/{rec['id']}", params={"format": "bibtex"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-bibtex")
    assert r.headers["content-disposition"] == 'attachment; filename="ppn-177173548.bib"'
    entry = parse_bibtex(r.content.decode("utf-8"))
    assert entry.entry_type == "book"
    assert entry.key == f"keller{rec['year']}"
    fields = {name: f.value for name, f in entry.fields_dict.items()}
    assert fields["author"] == ["Andreas Keller", "Sanne Hermans"]
    assert fields["title"] == exports.full_title(rec)
    assert fields["year"] == str(rec["year"])
    assert fields["isbn"] == rec["isbn"][0]
    assert fields["publisher"] == rec["publisher"]
    assert "für" in fields["title"]  # UTF-8 kept


def test_bibtex_escapes_special_characters_and_braces():
    rec = {"type": "catalogue", "id": "ppn:1", "title": "Kunst & kitsch: 100% {echt} $ # _",
           "authors": [{"name": "Anton de Bruin", "role": "auteur"}, {"name": "Ilse Doorn", "role": "redacteur"}],
           "year": 2001, "material": "boek", "publisher": "Brink & Zn.", "description": "Eén\nregel"}
    text = exports.bibtex(rec)
    assert "\\&" in text and "\\%" in text and "\\{echt\\}" in text
    assert text.count("{") - text.count("\\{") == text.count("}") - text.count("\\}")  # balanced
    entry = parse_bibtex(text)
    fields = {name: f.value for name, f in entry.fields_dict.items()}
    assert fields["title"] == rec["title"]
    assert fields["publisher"] == rec["publisher"]
    assert fields["author"] == ["Anton de Bruin"]
    assert fields["editor"] == ["Ilse Doorn"]
    assert entry.key == "bruin2001"


def test_bibtex_of_other_materials_and_articles(sample_records, an_article):
    film = next(r for r in sample_records if r["material"] == "film")
    assert parse_bibtex(exports.bibtex(film)).entry_type == "misc"
    entry = parse_bibtex(exports.bibtex(an_article))
    assert entry.entry_type == "misc"
    assert entry.fields_dict["url"].value == an_article["url"]


# --- the series -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def numbered_volume(sample_records) -> dict:
    """A catalogue record whose series statement carries a volume number ("Name ; 1")."""
    return next(r for r in sample_records if " ; " in (r.get("series") or "") and split_series(r["series"]).number)


def test_the_series_is_exported_as_its_name_and_the_volume_number(client, numbered_volume):
    rec, parts = numbered_volume, split_series(numbered_volume["series"])
    assert parts.name != rec["series"]  # the statement itself holds more than the name
    ris_text = client.get(f"/api/v1/records/{rec['id']}", params={"format": "ris"}).content.decode("utf-8")
    e = rispy.loads(ris_text)[0]
    assert e["tertiary_title"] == parts.name  # T3: one series for every volume
    assert f"M1  - {parts.numbering}\r\n" in ris_text
    bib = client.get(f"/api/v1/records/{rec['id']}", params={"format": "bibtex"}).content.decode("utf-8")
    fields = {name: f.value for name, f in parse_bibtex(bib).fields_dict.items()}
    assert fields["series"] == parts.name
    assert fields["number"] == parts.numbering


def test_a_series_without_numbering_keeps_its_whole_name_and_special_characters():
    rec = {"type": "catalogue", "id": "ppn:2", "title": "Koken", "material": "boek", "year": 1999,
           "series": "Eten & drinken {100%}"}
    e = rispy.loads(exports.ris(rec))[0]
    assert e["tertiary_title"] == rec["series"] and "note" not in e
    fields = {name: f.value for name, f in parse_bibtex(exports.bibtex(rec)).fields_dict.items()}
    assert fields["series"] == rec["series"] and "number" not in fields


# --- JSON-LD ---------------------------------------------------------------------------------------

def test_jsonld_of_a_book(client, service, two_authors):
    rec = two_authors
    r = client.get(f"/api/v1/records/{rec['id']}", params={"format": "jsonld"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    assert "filename=" in r.headers["content-disposition"]
    doc = json.loads(r.content)
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "Book"
    assert doc["@id"] == "http://testserver/titel/ppn:177173548"
    assert doc["isbn"] == rec["isbn"][0]
    assert [a["name"] for a in doc["author"]] == ["Andreas Keller", "Sanne Hermans"]
    assert all(a["@type"] == "Person" for a in doc["author"])
    assert doc["inLanguage"] == rec["language"] == ["de", "nl"]
    assert doc["datePublished"] == str(rec["year"])
    assert doc["publisher"]["name"] == rec["publisher"]
    assert [t["name"] for t in doc["about"]] == rec["subjects"]
    assert len(doc["offers"]) == len(rec["holdings"])
    for offer, holding in zip(doc["offers"], rec["holdings"]):
        assert offer["@type"] == "Offer"
        assert offer["offeredBy"]["name"] == holding["library_name"]
        assert offer["availability"] == ("https://schema.org/InStock" if holding["available"]
                                         else "https://schema.org/OutOfStock")


def test_jsonld_work_examples_are_the_other_editions(service, sample_records):
    rec = record(sample_records, "ppn:189443944")
    editions = service.editions(rec)
    doc = exports.jsonld_for(rec, editions, "https://vindplaats.example")
    others = {f"https://vindplaats.example/titel/{e['id']}" for e in editions if e["id"] != rec["id"]}
    assert len(others) >= 3
    assert {w["@id"] for w in doc["workExample"]} == others
    formats = {w.get("bookFormat") for w in doc["workExample"]}
    assert "https://schema.org/EBook" in formats and "https://schema.org/AudiobookFormat" in formats


def test_jsonld_types_by_material(sample_records):
    def first(material):
        return exports.jsonld_for(next(r for r in sample_records if r["material"] == material), [])

    assert first("e-book")["bookFormat"] == "https://schema.org/EBook"
    assert first("luisterboek")["bookFormat"] == "https://schema.org/AudiobookFormat"
    assert first("film")["@type"] == "Movie"
    assert first("muziek")["@type"] == "MusicRecording"
    assert first("tijdschrift")["@type"] == "Periodical"
    assert first("game")["@type"] == "VideoGame"


def test_jsonld_of_an_article(client, an_article):
    r = client.get(f"/api/v1/records/{an_article['id']}", params={"format": "jsonld"})
    assert r.status_code == 200
    doc = json.loads(r.content)
    assert doc["@type"] == "Article"
    assert doc["headline"] == an_article["title"]
    assert doc["isPartOf"]["name"] == an_article["document"]
    assert doc["datePublished"] == an_article["published"]
    assert doc["@id"].startswith("http://testserver/artikel/")


def test_jsonld_text_is_safe_to_embed():
    rec = {"type": "catalogue", "id": "x:1", "title": "</script><script>alert(1)</script>", "material": "boek"}
    text = exports.jsonld_text(exports.jsonld_for(rec, []))
    assert "</script>" not in text
    assert json.loads(text)["name"] == rec["title"]


# --- the route -------------------------------------------------------------------------------------

def test_unknown_format_is_400(client, two_authors):
    r = client.get(f"/api/v1/records/{two_authors['id']}", params={"format": "marc"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_format"


def test_export_of_a_missing_record_is_404(client):
    r = client.get("/api/v1/records/ppn:000000000", params={"format": "ris"})
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_json_stays_the_default(client, two_authors):
    r = client.get(f"/api/v1/records/{two_authors['id']}")
    assert r.status_code == 200 and r.json()["id"] == two_authors["id"]
    assert client.get(f"/api/v1/records/{two_authors['id']}", params={"format": "json"}).json()["id"] == \
        two_authors["id"]
