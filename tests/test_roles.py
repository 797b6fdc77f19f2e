"""Relator roles are declared once (corpus.roles): every reader writes the same label for the same
role, the pages show its label, and every export credits a person by the role's credit. An
introducer or a cover designer is no author in any export; an author still is."""
from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
from lxml import etree
from pymarc import Field, Indicators, Leader, Record, Subfield

from corpus import roles
from corpus.model import validate
from corpus.readers import dc, marc, oba
from search_api import exports, sru
from search_api.request import SearchRequest
from search_api.response import Hit, SearchResponse
from web.i18n import LOCALES, ROLE, Translator

DC = "http://purl.org/dc/elements/1.1/"
ATOM = "http://www.w3.org/2005/Atom"


# --- the readers write the declared labels ----------------------------------------------------

def marc_record(*people: tuple[str, str, str]) -> dict:
    """A MARC book through the MARC reader; each person is (tag, name, "$4 code" or "$e term")."""
    rec = Record()
    rec.leader = Leader("00000nam a2200000 a 4500")
    rec.add_field(Field(tag="001", data="r1"))
    rec.add_field(Field(tag="008", data="200101s2020    ne            000 1 dut d"))
    rec.add_field(Field(tag="245", indicators=Indicators("1", "0"), subfields=[Subfield("a", "Het boek")]))
    for tag, name, role in people:
        code, value = role.split(" ", 1)
        rec.add_field(Field(tag=tag, indicators=Indicators("1", " "),
                            subfields=[Subfield("a", name), Subfield(code, value)]))
    return validate(marc.to_canonical(rec))


def dc_record(*people: tuple[str, str]) -> dict:
    """A Dublin Core record through the DC reader; each person is (name, dcx:role code)."""
    ns = 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcx="http://krait.kb.nl/coop/tel/handbook/telterms.html"'
    creators = "".join(f'<dc:creator dcx:role="{code}">{name}</dc:creator>' for name, code in people)
    xml = f'<record {ns}><dc:title>Het boek</dc:title><dc:identifier>x1</dc:identifier>{creators}</record>'
    return validate(dc.map_record(etree.fromstring(xml)))


def oba_record(*people: tuple[str, str]) -> dict:
    """An OBA result through the OBA reader; each person is (name, localized creator type)."""
    return validate(oba.map_result({"id": "|oba-catalogus|1", "titles": ["Het boek"], "formats": ["Boek"],
                                    "authorsDetailed": [{"full": n, "localized-type": t} for n, t in people]}))


def test_every_relator_code_reads_the_same_in_marc_and_dublin_core():
    for role in roles.ROLES:
        for code in role.codes:
            from_marc = marc_record(("700", "Naam, Een", f"4 {code}"))["authors"]
            from_dc = dc_record(("Naam, Een", code))["authors"]
            assert from_marc == from_dc == [{"name": "Naam, Een", "role": role.label}], code
            assert oba_record(("Een Naam", code))["authors"][0]["role"] == role.label, code


def test_catalogue_words_for_a_role_read_as_its_label():
    assert marc_record(("700", "Vos, Jan", "e author of introduction, etc."))["authors"][0]["role"] == "inleider"
    assert marc_record(("700", "Vos, Jan", "e cover designer."))["authors"][0]["role"] == "omslagontwerper"
    assert marc_record(("700", "Vos, Jan", "e ill. and tr."))["authors"][0]["role"] == "illustrator, vertaler"
    assert oba_record(("Jan Vos", "Inleider"))["authors"][0]["role"] == "inleider"
    assert oba_record(("Jan Vos", "Auteur voorwoord"))["authors"][0]["role"] == "auteur voorwoord"
    xml = ('<record xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title><dc:identifier>x</dc:identifier>'
           '<dc:contributor>Vos, Jan (inleiding)</dc:contributor><dc:contributor>Wit, Pim (ill.)</dc:contributor>'
           '</record>')
    assert dc.map_record(etree.fromstring(xml))["authors"] == [
        {"name": "Vos, Jan", "role": "inleider"}, {"name": "Wit, Pim", "role": "illustrator"}]
    # unknown ones are kept as the catalogue gave them, and count as authors
    assert marc_record(("700", "Vos, Jan", "e supposed author"))["authors"][0]["role"] == "supposed author"
    assert roles.credit("supposed author") == "author"


def test_the_declaration_is_consistent():
    assert {r.credit for r in roles.ROLES} == set(roles.CREDITS)
    codes = [c for r in roles.ROLES for c in r.codes]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 3 and c.isalpha() and c.islower() for c in codes)
    assert all(r.label and r.label_en for r in roles.ROLES)
    assert roles.credit(None) == roles.credit("") == "author"
    assert roles.credit("auteur, illustrator") == "author"
    assert roles.credit("vertaler, redacteur") == "editor"
    assert roles.credit("inleider") == roles.credit("omslagontwerper") == "none"


# --- the pages show the declared labels -------------------------------------------------------

def test_pages_show_the_declared_labels_not_the_locale_files():
    for lang in ("nl", "en"):
        messages = json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))
        assert not [k for k in messages if k.startswith("value.role.")], lang
    nl, en = Translator("nl"), Translator("en")
    for role in roles.ROLES:
        assert nl.value(ROLE, role.label) == role.label
        assert en.value(ROLE, role.label) == role.label_en
    assert en.value(ROLE, "vertaler, redacteur") == "translator, editor"
    assert nl.value(ROLE, "zzcode") == "Zzcode"  # not declared: as given, with a capital


# --- no export makes an introducer or a cover designer an author --------------------------------

@pytest.fixture(params=["marc", "dc", "oba"])
def introduced(request) -> dict:
    """One book, as each reader reads it: an author, an introducer and a cover designer."""
    if request.param == "marc":
        return marc_record(("100", "Auteur, Anna", "4 aut"), ("700", "Inleider, Ivo", "4 aui"),
                           ("700", "Omslag, Otto", "4 cov"))
    if request.param == "dc":
        return dc_record(("Auteur, Anna", "aut"), ("Inleider, Ivo", "aui"), ("Omslag, Otto", "cov"))
    return oba_record(("Auteur, Anna", "Auteur"), ("Inleider, Ivo", "Inleider"), ("Omslag, Otto", "cov"))


AUTHOR, OTHERS = "Auteur, Anna", ("Inleider, Ivo", "Omslag, Otto")


def test_ris_credits_the_author_only(introduced):
    entry = rispy.loads(exports.ris(introduced))[0]
    assert entry["authors"] == [AUTHOR]
    named = json.dumps(entry)
    assert not any(n in named for n in OTHERS)


def test_bibtex_credits_the_author_only(introduced):
    library = bibtexparser.parse_string(exports.bibtex(introduced))
    fields = {name: f.value for name, f in library.entries[0].fields_dict.items()}
    assert fields["author"] == AUTHOR
    assert not any(n in str(fields) for n in OTHERS)


def test_jsonld_names_the_others_as_contributors(introduced):
    doc = exports.jsonld_for(introduced, [])
    assert [p["name"] for p in doc["author"]] == [AUTHOR]
    assert [p["name"] for p in doc["contributor"]] == list(OTHERS)


def test_sru_dublin_core_names_the_others_as_contributors(introduced):
    el = sru.dc_record(introduced)
    assert [c.text for c in el.findall(f"{{{DC}}}creator")] == [AUTHOR]
    assert [c.text for c in el.findall(f"{{{DC}}}contributor")] == list(OTHERS)


def test_feeds_name_the_others_as_contributors(introduced):
    hit = Hit(id=introduced["id"], type="catalogue", title=introduced["title"], url="", snippet="", score=None,
              record=introduced)
    res = SearchResponse(query="boek", total=1, page=1, size=20, took_ms=0.0, hits=[hit], facets={})
    req = SearchRequest(q="boek")
    item = etree.fromstring(exports.rss(res, req, "http://h")).find("channel/item")
    assert [c.text for c in item.findall(f"{{{DC}}}creator")] == [AUTHOR]
    assert [c.text for c in item.findall(f"{{{DC}}}contributor")] == list(OTHERS)
    entry = etree.fromstring(exports.atom(res, req, "http://h")).find(f"{{{ATOM}}}entry")
    assert [a.findtext(f"{{{ATOM}}}name") for a in entry.findall(f"{{{ATOM}}}author")] == [AUTHOR]
    assert [a.findtext(f"{{{ATOM}}}name") for a in entry.findall(f"{{{ATOM}}}contributor")] == list(OTHERS)


def test_results_name_every_role_but_the_authors(client):
    page = client.get("/zoeken", params={"q": "Mees en de verdwenen kat"}).text
    assert "Pim de Wit (illustrator)" in page
    assert "Anouk Brinkman" in page and "Anouk Brinkman (auteur)" not in page
    page = client.get("/zoeken", params={"q": "Mees en de verdwenen kat", "lang": "en"}).text
    assert "Pim de Wit (illustrator)" in page and "(author)" not in page
