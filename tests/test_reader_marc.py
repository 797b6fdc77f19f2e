"""The MARC readers (ISO 2709 and MARCXML), the safe XML helper, ISBN and language normalisation.

Real records come from ../shared/corpus/catalogue/marc (skipped when absent); the invented
fixtures in tests/fixtures/marc are written by tests/fixtures/marc/make_fixtures.py.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from corpus.isbn import normalise_isbn
from corpus.languages import language_code, normalise_languages, split_marc_codes, to_iso639_1
from corpus.model import Rejection, validate
from corpus.readers import SourceError, reader_for
from corpus.readers.marc import from_marcxml_element, read_marc, read_marcxml
from corpus.readers.xmlsafe import BadXMLError, UnsafeXMLError, iter_elements, parse_xml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "marc"
MARC = Path("catalogue") / "marc"


def records(items) -> list[dict]:
    return [i for i in items if isinstance(i, dict)]


def rejections(items) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


def one(items) -> dict:
    recs = records(items)
    assert len(recs) == 1 and not rejections(items), items
    return recs[0]


def author_roles(rec: dict) -> dict[str, str | None]:
    return {a["name"]: a.get("role") for a in rec["authors"]}


# --- the real corpus ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_items(shared_corpus):
    start = time.perf_counter()
    binary = list(read_marc(str(shared_corpus / MARC / "bin_input")))
    xml = list(read_marcxml(str(shared_corpus / MARC / "xml_input")))
    return binary, xml, time.perf_counter() - start


@pytest.fixture
def real_file(shared_corpus):
    def read(name: str) -> dict:
        if name.endswith(".xml"):
            return one(read_marcxml(str(shared_corpus / MARC / "xml_input" / name)))
        return one(read_marc(str(shared_corpus / MARC / "bin_input" / name)))
    return read


@pytest.mark.shared
def test_every_real_record_is_read_or_rejected_with_a_reason(real_items):
    binary, xml, seconds = real_items
    # One record a file: 60 ISO 2709 files and 22 MARCXML files.
    assert len(binary) == 60 and len(xml) == 22
    items = binary + xml
    read, rejected = records(items), rejections(items)
    print(f"\nMARC: {len(read)} read, {len(rejected)} rejected of {len(items)} in {seconds:.2f}s")
    for r in rejected:
        print(f"  rejected {r.file} {r.position}: {r.reason}")
    assert len(read) + len(rejected) == 82
    for rec in read:
        assert validate(rec) == rec  # already canonical
        assert rec["source_format"] == "marc" and rec["type"] == "catalogue"
        assert rec["id"].startswith(("ppn:", "marc:")) and " " not in rec["id"]
        if "_marcxml" in rec:  # well-formed, and the same record
            root = parse_xml(rec["_marcxml"].encode("utf-8"))
            assert root.tag == "{http://www.loc.gov/MARC21/slim}record"
    for r in rejected:
        assert r.file and r.position.startswith("record ") and len(r.reason) > 15
    # The damaged files are repaired rather than lost; only a record without any title goes.
    assert len(rejected) <= 2
    assert {r.file for r in rejected} <= {"talis_no_title2.mrc", "talis_empty_245.mrc"}
    warned = Counter(w.split(":")[0] for rec in read for w in rec.get("_warnings", []))
    print("  warnings:", dict(warned))
    assert seconds < 5


@pytest.mark.shared
def test_real_book_with_isbn_series_and_edition(real_file):
    rec = real_file("bpl_0486266893.mrc")
    assert rec["id"] == "marc:329765"
    assert rec["title"] == "Candide"
    assert rec["authors"] == [{"name": "Voltaire", "role": "auteur"}]
    assert rec["year"] == 1991
    assert rec["isbn"] == ["9780486266893"]  # from "0486266893 (pbk.) :"
    assert rec["language"] == ["en"]
    assert rec["material"] == "boek"
    assert rec["edition"] == "Dover Thrift ed."
    assert rec["publisher"] == "Dover Publications"
    assert rec["series"] == "Dover thrift editions"
    assert "_warnings" not in rec


@pytest.mark.shared
def test_real_translation_with_relator_codes(real_file):
    rec = real_file("lesnoirsetlesrou0000garl_meta.mrc")
    assert rec["id"] == "marc:OCoLC:981947280"
    assert rec["title"] == "Les noirs et les rouges"
    assert author_roles(rec) == {"Garlini, Alberto": "auteur", "Raynaud, Vincent": "vertaler"}
    assert rec["year"] == 2017  # "DL 2017"
    assert rec["isbn"] == ["9782072702211"]  # ISBN-13 and ISBN-10 of one book
    assert rec["language"] == ["fr"]
    assert rec["publisher"] == "Gallimard"
    assert rec["description"].startswith("Stefano Guerra, étudiant d'extrême droite")


@pytest.mark.shared
def test_real_arabic_record_with_880_fields(real_file):
    rec = real_file("880_arabic_french_many_linkages.mrc")
    assert rec["title"].startswith("Intiqāl al-afkār wa-al-taqnīyāt")
    arabic = "انتقال الأفكار و التقنيات في المغارب و العالم المتوسطي"
    assert rec["title_original"] == [arabic]
    assert arabic in rec["alt_titles"]
    assert "مودن، عبد الرحمن" in rec["alt_authors"]
    assert rec["authors_original"] == rec["alt_authors"]
    assert rec["language"] == ["ar", "fr"]
    assert rec["year"] == 2009
    assert "isbn" not in rec  # 020 $z is a cancelled ISBN, not the book's
    assert "Morocco ; History ; 18th century ; Congresses" in rec["subjects"]


@pytest.mark.shared
def test_real_japanese_and_chinese_880_titles(real_file):
    rec = real_file("880_Nihon_no_chasho.mrc")
    assert rec["title"] == "Nihon no chasho"
    assert "日本 の 茶書" in rec["alt_titles"]
    assert rec["alt_authors"] == ["林屋 辰三郎", "横井 清", "楢林 忠男"]
    assert rec["language"] == ["ja"]
    assert rec["year"] == 1971  # "Shōwa 46-47 [1971-1972]"
    assert rec["series"] == "Tōyō bunko ; 201, 206"

    rec = real_file("710_org_name_in_direct_order.mrc")
    assert "中国诗歌研究动态" in rec["alt_titles"]
    assert "Newsletter of the Chinese poetry studies" in rec["alt_titles"]  # parallel title


@pytest.mark.shared
def test_real_yiddish_marcxml_record(real_file):
    rec = real_file("nybc200247_marc.xml")
    assert rec["id"] == "marc:MShNYB:vtls000011252"
    assert rec["title_original"][0].startswith("צום הונדערטסטן")
    assert rec["language"] == ["yi"]
    assert rec["material"] == "e-book"  # 007 "cu": a digitised book


@pytest.mark.shared
def test_real_isbn10_and_13_become_one(real_file):
    rec = real_file("880_table_of_contents.mrc")
    assert rec["isbn"] == ["9785367002799"]  # 536700279X and 9785367002799
    assert rec["language"] == ["ru"]
    rec = real_file("secretcodeofsucc00stjo_meta.mrc")
    assert rec["isbn"] == ["9780061715747", "9780061764547"]  # four 020s, two books


@pytest.mark.shared
def test_real_materials(real_file):
    assert real_file("thewilliamsrecord_vol29b_meta.mrc")["material"] == "krant"
    serial = real_file("ithaca_two_856u.mrc")
    assert serial["material"] == "tijdschrift"
    assert serial["online_url"] == "http://bibpurl.oclc.org/web/240"
    audio = real_file("collingswood_520aa.mrc")
    assert audio["material"] == "luisterboek" and audio["reading_form"] == ["gesproken"]
    assert real_file("talis_empty_245.mrc")["material"] == "bladmuziek"
    assert real_file("livrodostermosh00bragoog_meta.mrc")["material"] == "e-book"  # 007 cr


@pytest.mark.shared
def test_real_invalid_isbn_is_a_warning_not_a_loss(real_file):
    rec = real_file("collingswood_520aa.mrc")
    assert rec["title"] == "Freak the Mighty"
    assert "isbn" not in rec
    assert rec["_warnings"] == ["invalid ISBN '087279811'"]
    assert rec["description"].startswith("At the beginning of eighth grade")


@pytest.mark.shared
def test_real_marc8_diacritics(real_file):
    rec = real_file("histoirereligieu05cr_meta.mrc")
    assert rec["title"] == "Histoire religieuse, politique et littéraire de la Compagnie de Jésus"
    assert rec["authors"][0]["name"] == "Crétineau-Joly, J."
    assert rec["publisher"] == "Librarie Religieuse Mellier Frères"
    rec = real_file("lc_0444897283.mrc")
    assert "Vieira, Claudio Baraúna" in author_roles(rec)
    assert "Martins, Protásio" in author_roles(rec)


@pytest.mark.shared
def test_real_records_with_wrong_leader_lengths_are_repaired(real_file):
    # Leader lengths counted in characters, and UTF-8 encoded twice: the MARCXML twin is right.
    binary = real_file("dasrmischepriv00rein_meta.mrc")
    xml = real_file("dasrmischepriv00rein_marc.xml")
    assert binary["title"] == xml["title"]
    assert binary["title"].startswith("Das römische Privatrecht")
    assert any("framing" in w for w in binary["_warnings"])
    # MARC-8 bytes once converted as Latin-1 ("Mèuller"): repaired to the MARCXML twin's text.
    binary = real_file("lesabndioeinas00sche_meta.mrc")
    xml = real_file("lesabndioeinas00sche_marc.xml")
    assert binary["title"] == xml["title"] == "Lesabéndio"
    assert binary["publisher"] == xml["publisher"] == "G. Müller"
    # A leader whose base address is wrong.
    rec = real_file("upei_short_008.mrc")
    assert rec["title"] == "Charlottetown area profile" and rec["year"] == 1984


@pytest.mark.shared
def test_real_marcxml_kept_for_sru_when_small(real_file):
    rec = real_file("bpl_0486266893.mrc")
    root = parse_xml(rec["_marcxml"].encode("utf-8"))
    ns = {"m": "http://www.loc.gov/MARC21/slim"}
    assert root.xpath("string(m:datafield[@tag='245']/m:subfield[@code='a'])", namespaces=ns) == "Candide /"
    big = real_file("warofrebellionco1473unit_marc.xml")  # 139 KB of MARCXML
    assert "_marcxml" not in big and big["title"] == "The War of the Rebellion"


# --- invented fixtures --------------------------------------------------------------------

def test_isbn10_becomes_isbn13_and_invalid_isbn_is_a_warning():
    rec = one(read_marc(str(FIXTURES / "isbn.mrc")))
    assert rec["id"] == "ppn:423456787" and rec["ppn"] == "423456787"
    assert rec["isbn"] == ["9789021475134", "9789041608413"]
    assert rec["_warnings"] == ["invalid ISBN '90-1234-567-0'"]
    assert rec["title"] == "Boek met nummers"


def test_truncated_record_between_two_good_ones():
    items = list(read_marc(str(FIXTURES / "truncated-middle.mrc")))
    assert [r["title"] for r in records(items)] == ["De eerste titel", "De tweede titel"]
    (rej,) = rejections(items)
    assert rej.file == "truncated-middle.mrc"
    assert rej.position.startswith("record 2 ")
    assert "cut short" in rej.reason
    assert isinstance(items[1], Rejection)  # in order


def test_corrupt_directory_between_two_good_ones():
    items = list(read_marc(str(FIXTURES / "corrupt-directory.mrc")))
    assert [r["title"] for r in records(items)] == ["De eerste titel", "De tweede titel"]
    (rej,) = rejections(items)
    assert rej.position.startswith("record 2 ") and "directory" in rej.reason


def test_garbage_and_empty_binary_files(tmp_path):
    junk = tmp_path / "junk.mrc"
    junk.write_bytes(b"this is not MARC at all\n" * 3)
    (rej,) = list(read_marc(str(junk)))
    assert isinstance(rej, Rejection) and "not a MARC record" in rej.reason
    empty = tmp_path / "empty.mrc"
    empty.write_bytes(b"")
    (rej,) = list(read_marc(str(empty)))
    assert isinstance(rej, Rejection) and "empty" in rej.reason
    xml = tmp_path / "wrong-kind.mrc"
    xml.write_bytes(b"<?xml version='1.0'?><collection/>")
    (rej,) = list(read_marc(str(xml)))
    assert "marcxml" in rej.reason
    with pytest.raises(SourceError):
        list(read_marc(str(tmp_path / "missing.mrc")))
    with pytest.raises(SourceError):
        list(read_marcxml(str(tmp_path)))  # a folder without .xml files


def test_marc8_record_decodes_diacritics():
    rec = one(read_marc(str(FIXTURES / "marc8.mrc")))
    assert rec["title"] == "Histoire de la Compagnie de Jésus"
    assert rec["subtitle"] == "märchen, fête et garçon"
    assert rec["authors"] == [{"name": "Crétineau-Joly, Jacques", "role": "auteur"}]
    assert rec["publisher"] == "Mellier frères"
    assert rec["language"] == ["fr"]


def test_marcxml_collection_mapping():
    first, second = records(read_marcxml(str(FIXTURES / "collection.xml")))
    assert first["id"] == "ppn:41234567X" and first["ppn"] == "41234567X"
    assert first["title"] == "Kindertijd" and first["subtitle"] == "verhalen voor jonge lezers"
    assert author_roles(first) == {"Tolstoj, Lev": "auteur", "Jansen, Anna": "vertaler",
                                   "Bos, Piet": "illustrator"}
    assert first["title_original"] == ["Детство"] and "Детство" in first["alt_titles"]
    assert first["authors_original"] == ["Толстой, Лев"] == first["alt_authors"]
    assert first["language"] == ["nl"]
    assert first["year"] == 2023 and first["publisher"] == "Van Oorschot"
    assert first["edition"] == "Tweede druk."
    assert first["subjects"] == ["ouderen ; gezondheidszorg"]
    assert first["genre"] == ["Verhalen", "fictie"]
    assert first["series"] == "Russische bibliotheek ; 12"
    assert first["audience"] == "7-9"
    assert first["holdings"] == [{"library": "NL-0200050000", "branch": "Centrale bibliotheek",
                                  "shelfmark": "JEUGD TOLS", "available": False}]
    assert "online_url" not in first  # 856 with 2nd indicator 2 is a cover, not the book
    assert first["cover_url"] == "https://example.org/omslag.jpg"  # ... which /cover/{id} may fetch
    assert "cover_url" not in second
    assert first["_marcxml"].startswith("<record xmlns=\"http://www.loc.gov/MARC21/slim\">")

    assert second["material"] == "luisterboek"
    assert second["authors"] == [{"name": "Ruiter, Marie", "role": "verteller"}]
    assert second["audience"] == "0-3"
    assert second["isbn"] == ["9789041608413"]
    assert second["_warnings"] == ["invalid ISBN '123-not-an-isbn'"]


def test_malformed_xml_keeps_the_records_before_the_error():
    items = list(read_marcxml(str(FIXTURES / "broken.xml")))
    assert [r["title"] for r in records(items)] == ["Voor de fout"]
    (rej,) = rejections(items)
    assert rej.position == "after record 1" and "not well-formed XML" in rej.reason


@pytest.mark.parametrize("name", ["xxe.xml", "billion-laughs.xml"])
def test_xxe_and_entity_expansion_are_rejected_harmlessly(name):
    start = time.perf_counter()
    items = list(read_marcxml(str(FIXTURES / name)))
    assert time.perf_counter() - start < 1.0
    (rej,) = items
    assert isinstance(rej, Rejection)
    assert rej.file == name and rej.position == "file"
    assert "DOCTYPE" in rej.reason and "refused" in rej.reason
    text = repr(items)
    assert "XXE-SECRET-MARKER" not in text
    assert "lollol" not in text
    hostname = Path("/etc/hostname")
    if hostname.is_file() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in text


def test_folder_reading_goes_on_past_unsafe_and_broken_files():
    items = list(read_marcxml(str(FIXTURES)))
    by_file = Counter(r.file for r in rejections(items))
    assert by_file == Counter({"xxe.xml": 1, "billion-laughs.xml": 1, "broken.xml": 1})
    assert len(records(items)) == 3  # two in collection.xml, one before broken.xml's error
    assert len(records(read_marc(str(FIXTURES)))) == 1 + 2 + 2 + 1  # isbn, 2x2 good, marc8


def test_marcxml_element_inside_other_xml():
    # OAI-PMH and SRU readers hand over MARCXML elements found inside their own responses.
    root = parse_xml(FIXTURES / "collection.xml")
    elems = root.findall("{http://www.loc.gov/MARC21/slim}record")
    rec = from_marcxml_element(elems[0], "oai-response.xml", "record 1")
    assert rec["id"] == "ppn:41234567X" and rec["title"] == "Kindertijd"
    empty = root.makeelement("{http://www.loc.gov/MARC21/slim}record")
    rej = from_marcxml_element(empty, "oai-response.xml", "record 2")
    assert isinstance(rej, Rejection) and "no fields" in rej.reason


def test_registered_source_kinds():
    assert reader_for("marc") is read_marc
    assert reader_for("marcxml") is read_marcxml


# --- the safe XML helper ------------------------------------------------------------------

def test_parse_xml_refuses_declarations_and_reports_syntax_errors():
    for name in ("xxe.xml", "billion-laughs.xml"):
        with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
            parse_xml(FIXTURES / name)
        with pytest.raises(UnsafeXMLError):
            parse_xml((FIXTURES / name).read_bytes())
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>'
    with pytest.raises(UnsafeXMLError):
        parse_xml(utf16.encode("utf-16"))
    with pytest.raises(BadXMLError, match="not well-formed"):
        parse_xml(b"<a><b></a>")
    with pytest.raises(BadXMLError, match="empty"):
        parse_xml(b"  ")
    with pytest.raises(BadXMLError, match="cannot be read"):
        parse_xml(FIXTURES / "missing.xml")
    with pytest.raises(BadXMLError):
        list(iter_elements(b'<a>&undefined;</a>', "a"))
    root = parse_xml(b"<?xml version='1.0'?><a><b>tekst</b></a>")
    assert root.findtext("b") == "tekst"
    assert [e.text for e in iter_elements(b"<a><b>1</b><b>2</b></a>", "b")] == ["1", "2"]


# --- ISBN and language normalisation ------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("90-214-7513-8 (geb.)", "9789021475134"),
    ("9021475138", "9789021475134"),
    ("978-90-214-7513-4", "9789021475134"),
    ("978 90 416 0841 3", "9789041608413"),
    ("ISBN 90 416 0841 9 (pbk.) : €19,95", "9789041608413"),
    ("081576975X", "9780815769750"),
    ("081576975x", "9780815769750"),
    ("0815769768.", "9780815769767"),
    ("9780195152708 (acid-free paper)", "9780195152708"),
    ("9791032305690", "9791032305690"),
])
def test_normalise_isbn(text, expected):
    assert normalise_isbn(text) == expected


@pytest.mark.parametrize("text", [
    "90-214-7513-9", "9789021475135", "087279811", "1234567890", "geen isbn", "", None, 42,
    "9771234567003",  # a valid EAN-13 (ISSN range), not an ISBN
])
def test_normalise_isbn_invalid(text):
    assert normalise_isbn(text) is None


@pytest.mark.parametrize("value, expected", [
    ("dut", "nl"), ("nld", "nl"), ("ger", "de"), ("deu", "de"), ("fre", "fr"), ("fra", "fr"),
    ("eng", "en"), ("ara", "ar"), ("jpn", "ja"), ("rus", "ru"), ("chi", "zh"), ("per", "fa"),
    ("fry", "fy"), ("tur", "tr"), ("NL", "nl"), ("nl-NL", "nl"), ("en_GB", "en"),
    ("Dutch", "nl"), ("Nederlands", "nl"), ("Engels", "en"), ("German", "de"),
    ("scc", "sr"), ("fri", "fy"), ("tag", "tl"),  # obsolete MARC codes, not ISO 639-3 ones
])
def test_to_iso639_1(value, expected):
    assert to_iso639_1(value) == expected


def test_language_codes_without_two_letters_and_non_languages():
    assert to_iso639_1("grc") is None and language_code("grc") == "grc"
    for value in ("und", "mul", "zxx", "|||", "   ", "", None, "xx9"):
        assert language_code(value) is None
    assert split_marc_codes("engwel") == ["eng", "wel"]
    assert normalise_languages(["dut", "nld", "eng", "und", "Frans"]) == ["nl", "en", "fr"]


def test_the_package_keeps_its_public_names():
    # corpus.readers.marc is a package by concern (iso2709, encoding, marcxml, mapping); what the
    # source registry, the OAI-PMH reader and library scripts import stays where it was.
    from corpus.readers import marc
    from corpus.readers.marc import iso2709, mapping, marcxml

    assert marc.read_marc.__module__ == marc.read_marcxml.__module__ == "corpus.readers.marc"
    assert marc.to_canonical is mapping.to_canonical and marc.to_marcxml is marcxml.to_marcxml
    assert marc.MARCXML_NS == "http://www.loc.gov/MARC21/slim"
    assert marc.AUDIENCE is mapping.AUDIENCE  # the OAI-PMH provider's MARCXML rendering reads it
    assert callable(marc.from_marcxml_element) and callable(marc.read) and callable(iso2709.decode)
    assert reader_for("marc") is marc.read_marc and reader_for("marcxml") is marc.read_marcxml
