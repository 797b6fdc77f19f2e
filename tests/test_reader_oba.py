"""The `oba` reader: OBA catalogue API JSON, bare or wrapped in JavaScript."""
from __future__ import annotations

import json

import pytest

from corpus.model import Rejection, validate
from corpus.readers import SourceError, oba, read_source


def split(items):
    return ([i for i in items if isinstance(i, dict)],
            [i for i in items if isinstance(i, Rejection)])


def by_title(records):
    out = {}
    for r in records:
        out.setdefault(r["title"], []).append(r)
    return out


# ------------------------------------------------------------------ the real API responses

@pytest.fixture(scope="module")
def oba1(shared_corpus):
    return split(list(oba.read(str(shared_corpus / "catalogue" / "oba-api-response-1.js"))))


@pytest.fixture(scope="module")
def oba2(shared_corpus):
    return split(list(oba.read(str(shared_corpus / "catalogue" / "oba-api-response-2.js"))))


@pytest.mark.shared
def test_all_records_read(oba1, oba2):
    (r1, rej1), (r2, rej2) = oba1, oba2
    assert (len(r1), len(rej1)) == (20, 0)  # a bare JavaScript array literal
    assert (len(r2), len(rej2)) == (8, 0)  # `var apiData = {...};` with `results`
    ids = [r["id"] for r in r1 + r2]
    assert len(set(ids)) == 28 and all(i.startswith("ppn:") for i in ids)
    for r in r1 + r2:
        assert validate(r) == r
        assert r["cover_url"].startswith("https://")
        assert r["oba_id"].startswith("oba-catalogus:")


@pytest.mark.shared
def test_named_record_nieuws(oba1):
    r = next(x for x in oba1[0] if x["id"] == "ppn:437795047")
    assert r["title"] == "Nieuws!"
    assert r["authors"] == [
        {"name": "Marian van Gog", "role": "auteur"},
        {"name": "Renske de Kinkelder", "role": "illustrator"},
        {"name": "Marja Baeten", "role": "redacteur"},
    ]
    assert r["isbn"] == ["9789086647873"]  # "=9789086647873"
    assert r["ppn"] == "437795047"
    assert r["year"] == 2022
    assert r["publisher"] == "Schoolsupport" and r["publication_place"] == "Etten-Leur"
    assert r["language"] == ["nl"]
    assert r["material"] == "boek"
    assert r["subjects"] == ["Journalistiek"]
    assert r["series"] == "Mini Informatie"
    assert r["audience"] == "7-9"  # "Vanaf ca. 7 jaar." in the summary
    assert r["description"].startswith("Elke dag gebeurt er van alles.")
    assert "ppn=437795047" in r["cover_url"]


@pytest.mark.shared
def test_named_records_file_1(oba1):
    titles = by_title(oba1[0])
    (botton,) = titles["Het nieuws"]
    assert botton["subtitle"] == "een gebruiksaanwijzing"
    assert botton["language"] == ["nl"] and botton["original_language"] == ["en"]
    (nieuws77335,) = [r for r in titles["Nieuws"] if r["oba_id"] == "oba-catalogus:77335"]
    assert nieuws77335["isbn"] == ["9789057881237"]  # "9057881233 (geb.)"
    assert nieuws77335["audience"] == "10-12"
    (remarque,) = titles["Van het westelijk front geen nieuws"]
    assert remarque["reading_form"] == ["grote letter"] and remarque["material"] == "boek"
    assert remarque["genre"] == ["Oorlog en verzet"]
    (magazine,) = [r for r in titles["Nieuws"] if r["id"] == "ppn:264232097"]
    assert magazine["material"] == "tijdschrift"
    (now,) = titles["NOW nieuws"]
    assert "isbn" not in now and now["isbn_invalid"] == ["01666037"]  # an ISSN, not an ISBN
    (wijnberg,) = titles["Dit was het nieuws niet"]
    assert wijnberg["authors"][0] == {"name": "Rob Wijnberg", "role": "auteur voorwoord"}
    (walko,) = titles["Nieuws uit Kartondorp"]
    assert walko["authors"][0] == {"name": "Walko"}  # stray quote removed
    (spiek,) = titles["De Spiekpietjes"]
    assert "Prentenboek" in spiek["genre"] and spiek["audience"] == "4-6"


@pytest.mark.shared
def test_named_records_file_2(oba2):
    records = oba2[0]
    by_id = {r["id"]: r for r in records}
    wenders = by_id["ppn:392493535"]
    assert wenders["title"] == "America" and wenders["language"] == ["it"]
    assert wenders["authors"][0] == {"name": "Wim Wenders", "role": "fotograaf"}
    assert {"name": "Barbara Venturi", "role": "vertaler"} in wenders["authors"]
    villa = by_id["ppn:39399676X"]
    assert villa["title"] == "Villa America" and villa["subtitle"] == "roman"
    assert villa["isbn"] == ["9789029091091", "9789402304558"]
    assert villa["authors"] == [
        {"name": "Liza Klaussmann", "role": "auteur"},
        {"name": "Maaike Bijnsdorp", "role": "vertaler"},
        {"name": "Lucie Schaap", "role": "vertaler"},
    ]
    assert villa["genre"] == ["Romantisch verhaal"]
    assert by_id["ppn:366417436"]["material"] == "muziek"  # CD, type Muziek
    assert by_id["ppn:366417436"]["authors"] == [{"name": "America"}]
    assert by_id["ppn:249561476"]["material"] == "bladmuziek"  # "Blad\xadmuziek"
    assert by_id["ppn:244195331"]["material"] == "tijdschrift"
    assert by_id["ppn:863042201"]["subjects"] == ["America by design"]  # "@" dropped
    assert by_id["ppn:863042201"]["isbn"] == ["9780195042832"]


@pytest.mark.shared
def test_through_the_source_registry(shared_corpus):
    folder = shared_corpus / "catalogue"
    items = list(read_source(f"oba:{folder / 'oba-api-response-2.js'}"))
    assert len(items) == 8


# ------------------------------------------------------------------ wrappers and odd input

RESULT = {
    "id": "|oba-catalogus|42",
    "titles": ["Het diner : roman", "Het diner : roman / Herman Koch"],
    "isbn": ["9789023410010"],
    "formats": [{"text": "E-book"}],
    "authorsDetailed": [{"full": "Herman Koch", "localized-type": "Auteur"}],
    "languages": ["Nederlands"],
    "year": "2009",
}


@pytest.mark.parametrize("template", [
    "{json}",
    "var apiData = {json};",
    "window.apiData = {json}\n",
    "callback({json});",
    "export default {json};",
    "// saved from the catalogue\n/* page 1 */ var apiData = {json}; // end",
])
def test_wrappers(tmp_path, template):
    f = tmp_path / "resp.js"
    f.write_text(template.replace("{json}", json.dumps({"results": [RESULT]})), encoding="utf-8")
    (r,) = oba.read(str(f))
    assert r["id"] == "oba:oba-catalogus:42"
    assert r["title"] == "Het diner" and r["subtitle"] == "roman"
    assert r["material"] == "e-book" and r["year"] == 2009


def test_javascript_literal_syntax(tmp_path):
    f = tmp_path / "resp.js"
    f.write_text("""[
      {
        id: '|oba-catalogus|7',  // a comment
        titles: ['Pluk van de Petteflet', "Pluk's \\"avonturen\\""],
        coverimages: ['https://cover.example/img?ppn=81000007X&isbn=&size=70',],
        formats: [{ text: 'Luisterboek', },],
        'subject-topical': ['Vriendschap', '@Kinderboeken'],
        summaries: ['Een jongen met een rode kraanwagen \\u00e9n een mus. Vanaf ca. 4 jaar.'],
        authorsDetailed: [{ full: 'Annie M.G. Schmidt', 'localized-type': 'Auteur' }],
        year: 2018,
        nested: { a: [1, 2.5, -3, true, false, null, undefined] },
      },
      42,
    ];""", encoding="utf-8")
    items = list(oba.read(str(f)))
    r, rej = items
    assert r["id"] == "ppn:81000007X"
    assert r["material"] == "luisterboek"
    assert r["subjects"] == ["Vriendschap", "Kinderboeken"]
    assert "én een mus" in r["description"] and r["audience"] == "4-6"
    assert isinstance(rej, Rejection) and rej.position == "result 2"


def test_parse_js_literal_values():
    assert oba.parse_js_literal("{a: 'x\\'y', b: [1,], c: 0x10, 'd-e': \"\\u00e9\"}") == {
        "a": "x'y", "b": [1], "c": 16, "d-e": "é"}
    with pytest.raises(oba.JSLiteralError):
        oba.parse_js_literal("var x = foo();")
    with pytest.raises(oba.JSLiteralError):
        oba.parse_js_literal("{a: 1} alert(1)")


def test_garbage_file_is_one_rejection(tmp_path):
    f = tmp_path / "kapot.js"
    f.write_text("<html>geen catalogus</html>", encoding="utf-8")
    (rej,) = oba.read(str(f))
    assert isinstance(rej, Rejection) and rej.position == "file"
    assert "not an OBA API response" in rej.reason


def test_record_without_title_is_rejected(tmp_path):
    f = tmp_path / "r.json"
    f.write_text(json.dumps([{"id": "|oba-catalogus|9", "formats": [{"text": "Boek"}]}]))
    (rej,) = oba.read(str(f))
    assert isinstance(rej, Rejection) and "no title" in rej.reason and rej.position == "result 1"


def test_folder_and_missing(tmp_path):
    (tmp_path / "a.js").write_text("var apiData = " + json.dumps({"results": [RESULT]}) + ";")
    (tmp_path / "b.json").write_text(json.dumps([RESULT]))
    (tmp_path / "c.txt").write_text("niet lezen")
    assert len(list(oba.read(str(tmp_path)))) == 2
    with pytest.raises(SourceError):
        list(oba.read(str(tmp_path / "bestaat-niet.js")))
