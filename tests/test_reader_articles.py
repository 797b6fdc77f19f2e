"""The `articles` source kind: knowledge documents split into sections, one record each."""
from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import pytest

from corpus.model import Rejection
from corpus.readers import SourceError, read_source
from corpus.readers.articles import read
from corpus.sectioning import Section, consolidate, parse_plain_text, sentence_case

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
ID = re.compile(r"^art:[a-z0-9-]+--[a-z0-9-]+$")


def records(path) -> list[dict]:
    items = list(read(str(path)))
    assert not [i for i in items if isinstance(i, Rejection)], items
    return items


def by_title(recs: list[dict]) -> dict[str, dict]:
    return {r["title"]: r for r in recs}


# --- formats -------------------------------------------------------------------------------

def test_markdown_is_split_per_section_with_front_matter_metadata():
    recs = records(FIXTURES / "kennisbank" / "ibl-aanvragen.md")
    assert [r["title"] for r in recs] == [
        "Een titel aanvragen via IBL", "Wie mag aanvragen", "Wat kan worden aangevraagd",
        "De aanvraag afhandelen"]
    t = by_title(recs)
    assert t["Wie mag aanvragen"]["section"] == "Voorwaarden › Wie mag aanvragen"
    for r in recs:
        assert r["type"] == "article"
        assert r["document"] == "Een titel aanvragen via IBL"
        assert r["themes"] == ["interbibliothecair leenverkeer", "collectie"]
        assert r["audience"] == ["baliemedewerkers", "collectiespecialisten"]
        assert r["published"] == "2024-03-05"
        assert r["source"] == "kennisbank"
    assert t["Wie mag aanvragen"]["url"] == "https://kennisbank.example.org/ibl-aanvragen#wie-mag-aanvragen"
    assert t["Een titel aanvragen via IBL"]["url"] == "https://kennisbank.example.org/ibl-aanvragen"
    lists = t["Wat kan worden aangevraagd"]["body"]
    assert "• Boeken en luisterboeken uit de landelijke catalogus;" in lists.split("\n\n")
    assert "met inachtneming van de Auteurswet;" in lists and "](" not in lists and "**" not in lists
    table = t["De aanvraag afhandelen"]["body"]
    assert "Titel leveren · leverende bibliotheek · vijf werkdagen" in table and "---" not in table


def test_short_sections_are_folded_into_their_neighbour():
    t = by_title(records(FIXTURES / "kennisbank" / "ibl-aanvragen.md"))
    # "Voorwaarden" holds two words: they go to its first subsection, not a record of their own
    assert "Voorwaarden" not in t
    assert t["Wie mag aanvragen"]["body"].startswith("Zie hieronder.")
    # the short closing "Kosten" section joins the one before it, heading and all
    assert "Kosten" not in t
    assert t["De aanvraag afhandelen"]["body"].endswith("Kosten\n\nEen aanvraag kost volwassenen € 3,50.")


def test_html_headings_split_sections_and_page_chrome_is_dropped():
    recs = records(FIXTURES / "kennisbank" / "digitale-overheid.html")
    t = by_title(recs)
    assert list(t) == ["Wat doet een medewerker?", "Doorverwijzen", "Privacy"]
    assert t["Doorverwijzen"]["section"] == "Wat doet een medewerker? › Doorverwijzen"
    all_text = " ".join(r["body"] + r["title"] for r in recs)
    for chrome in ("Navigatie die weg moet", "Menu dat", "voettekst", "tracker", "font-family", "alert"):
        assert chrome not in all_text
    first = t["Wat doet een medewerker?"]
    assert first["body"].startswith("In het Informatiepunt Digitale Overheid (IDO)")  # the short lead
    assert "• DigiD aanvragen en activeren" in first["body"].split("\n\n")
    assert t["Privacy"]["body"].startswith("Persoonsgegevens van bezoekers")
    for r in recs:
        assert r["document"] == "Informatiepunt Digitale Overheid"
        assert r["themes"] == ["digitale inclusie", "e-overheid"]
        assert r["audience"] == ["baliemedewerkers"]
        assert r["published"] == "2023-09-12"
    assert t["Privacy"]["url"] == "https://kennisbank.example.org/ido#privacy"


def test_pdf_text_becomes_sections_with_real_headings():
    recs = records(FIXTURES / "bnetwerk" / "jaarverslag-bibliotheek-zuid.txt")
    assert [(r["title"], r["section"]) for r in recs] == [
        ("Inleiding", "Inleiding"),
        ("2.1 Collectie", "Collectie en dienstverlening › 2.1 Collectie"),
        ("2.2 Interbibliothecair leenverkeer",
         "Collectie en dienstverlening › 2.2 Interbibliothecair leenverkeer"),
        ("2.3 Activiteiten", "Collectie en dienstverlening › 2.3 Activiteiten"),
    ]
    for r in recs:
        assert r["document"] == "Jaarverslag 2023"  # the title page, not a section
        assert r["source"] == "bnetwerk"  # inferred from the folder
        body = r["body"]
        for debris in ("Jaarverslag 2023 ·", "· Jaarverslag", "Pagina", "http", "@", "010 - 123",
                       "........", "Inhoud"):
            assert debris not in body, (debris, r["title"])
    inleiding = recs[0]["body"]
    assert "De bibliotheek werkt daarbij" in inleiding  # "biblio-" + "theek" rejoined
    first = inleiding.split("\n\n")[0]  # the lines broken mid-sentence form one paragraph
    assert first.startswith("Het jaar 2023") and first.endswith("het welzijnswerk in de regio.")
    assert "daarvoor in de plaats" in recs[1]["body"]


def test_acts_are_split_per_article_with_their_chapter_path():
    recs = records(FIXTURES / "wetten")
    t = by_title(recs)
    assert list(t) == ["Voorbeeldwet bibliotheken 2021", "Artikel 1. Begripsbepalingen", "Artikel 2",
                       "Artikel 3. Leenverkeer tussen bibliotheken", "Artikel 4. Citeertitel"]
    art3 = t["Artikel 3. Leenverkeer tussen bibliotheken"]
    assert art3["section"] == ("Hoofdstuk 2. Het voorbeeldnetwerk › § 1. Interbibliothecair leenverkeer"
                               " › Artikel 3. Leenverkeer tussen bibliotheken")
    assert art3["url"] == "https://wetten.overheid.nl/jci1.3:c:BWBR0099999&artikel=3"
    assert art3["id"] == "art:bwbr0099999--artikel-3"
    for r in recs:
        assert r["document"] == "Voorbeeldwet bibliotheken 2021"
        assert r["source"] == "wetten" and r["published"] == "2021-03-03"
        assert "Treedt in werking" not in r["body"] and "Engelshoven" not in r["body"]
    assert t["Voorbeeldwet bibliotheken 2021"]["url"] == "https://wetten.overheid.nl/BWBR0099999"
    assert "Artikel 2a" not in " ".join(t)  # repealed: no text left
    assert t["Artikel 1. Begripsbepalingen"]["body"].split("\n\n")[1] == (
        "a. voorbeeldbibliotheek: een openbare bibliotheek die deelneemt aan het voorbeeldnetwerk;")


# --- sizes, ids --------------------------------------------------------------------------

def test_long_sections_are_cut_at_paragraph_boundaries(tmp_path):
    paragraphs = [f"Alinea {n}: " + " ".join(["leesbevordering"] * 99) for n in range(30)]
    (tmp_path / "lang.md").write_text("# Lang stuk\n\n## Achtergrond\n\n" + "\n\n".join(paragraphs),
                                      encoding="utf-8")
    recs = records(tmp_path)
    assert [r["title"] for r in recs] == ["Achtergrond", "Achtergrond (deel 2)", "Achtergrond (deel 3)"]
    assert all(len(r["body"].split()) <= 1200 for r in recs)
    assert [r["section"] for r in recs] == ["Achtergrond"] * 3
    rejoined = "\n\n".join(r["body"] for r in recs).split("\n\n")
    assert rejoined == paragraphs  # nothing lost, nothing cut inside a paragraph
    assert len({r["id"] for r in recs}) == 3


def test_consolidate_folds_short_and_cuts_long():
    short_intro = Section(("Hoofdstuk 2",), ["Een korte inleiding."])
    child = Section(("Hoofdstuk 2", "Interbibliothecair leenverkeer"), ["woord " * 60])
    tail = Section(("Hoofdstuk 3",), ["Slot."])
    out = consolidate([short_intro, child, tail])
    assert [s.path for s in out] == [("Hoofdstuk 2", "Interbibliothecair leenverkeer")]
    assert out[0].paragraphs[0] == "Een korte inleiding."
    assert out[0].paragraphs[-2:] == ["Hoofdstuk 3", "Slot."]


def test_ids_are_unique_url_safe_short_and_stable():
    first = [r["id"] for r in records(FIXTURES)]
    second = [r["id"] for r in records(FIXTURES)]
    assert first == second
    assert len(set(first)) == len(first)
    for rid in first:
        assert ID.match(rid) and len(rid) < 120, rid


def test_the_same_heading_twice_gets_distinct_ids(tmp_path):
    text = "\n\n".join(f"## Prioriteit {n}\n\n### Ambitie\n\n{'tekst ' * 50}" for n in (1, 2, 3))
    (tmp_path / "herhaling.md").write_text(text, encoding="utf-8")
    recs = records(tmp_path)
    assert [r["section"] for r in recs] == [f"Prioriteit {n} › Ambitie" for n in (1, 2, 3)]
    assert [r["id"] for r in recs] == [
        "art:herhaling--ambitie", "art:herhaling--ambitie--2", "art:herhaling--ambitie--3"]


def test_capitals_are_shown_in_sentence_case():
    forms = {"wsob": "Wsob", "kb": "KB", "leenverkeer": "leenverkeer"}
    assert sentence_case("INTERBIBLIOTHECAIR LEENVERKEER", forms) == "Interbibliothecair leenverkeer"
    assert sentence_case("ROL VAN DE KB IN DE WSOB", forms) == "Rol van de KB in de Wsob"


def test_running_headers_and_page_numbers_are_dropped():
    page = ("Stadsbibliotheek · Beleidsplan 2025\n\n{title}\n\n{body}\n\n{n}\n")
    body = ("De bibliotheek wil in de komende jaren meer inwoners bereiken, vooral jongeren en mensen "
            "die moeite hebben met lezen. Daarvoor werken we samen met scholen en welzijnsorganisaties.")
    text = "\f".join(page.format(title=t, body=body, n=n)
                     for n, t in enumerate(["MISSIE", "VISIE", "DOELEN", "MIDDELEN"], start=3))
    plain = parse_plain_text(text)
    heads = [s.path for s in plain.sections if s.path]
    assert heads == [("Missie",), ("Visie",), ("Doelen",), ("Middelen",)]
    paragraphs = [p for s in plain.sections for p in s.paragraphs]
    assert all("Beleidsplan" not in p and not p.strip().isdigit() for p in paragraphs)


# --- what cannot be read -------------------------------------------------------------------

def test_unreadable_files_become_rejections(tmp_path):
    (tmp_path / "leeg.md").write_bytes(b"")
    (tmp_path / "spaties.txt").write_bytes(b"  \n\n \n")
    (tmp_path / "binair.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "alleen-script.html").write_text("<html><body><script>x()</script></body></html>")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "plaatje.png").write_bytes(b"\x89PNG")  # not a document: ignored
    items = list(read(str(tmp_path)))
    rejected = {r.file: r for r in items if isinstance(r, Rejection)}
    assert set(rejected) == {"leeg.md", "spaties.txt", "binair.txt", "alleen-script.html", "scan.pdf"}
    assert rejected["leeg.md"].reason == "empty file"
    assert "binary" in rejected["binair.txt"].reason
    assert rejected["alleen-script.html"].reason == "no text"
    assert all(r.position == "file" for r in rejected.values())
    assert not [i for i in items if not isinstance(i, Rejection)]


def test_windows_1252_text_is_read_not_rejected(tmp_path):
    text = "CAFÉ EN CULTUUR\n\n" + "Het café in de bibliotheek is een ontmoetingsplek voor iedereen. " * 8
    (tmp_path / "cafe.txt").write_bytes(text.encode("cp1252"))
    (rec,) = records(tmp_path)
    assert rec["title"] == "Café en cultuur"
    assert "Het café in de bibliotheek" in rec["body"]


def test_missing_path_and_wrong_file_type_raise_source_error(tmp_path):
    with pytest.raises(SourceError):
        list(read(str(tmp_path / "bestaat-niet")))
    (tmp_path / "lijst.csv").write_text("a;b\n")
    with pytest.raises(SourceError):
        list(read(str(tmp_path / "lijst.csv")))


def test_registered_as_the_articles_source_kind():
    recs = list(read_source(f"articles:{FIXTURES / 'kennisbank'}"))
    assert recs and all(r["type"] == "article" for r in recs)


# --- the real corpus -----------------------------------------------------------------------

BNETWERK = ["gezamenlijke-innovatieagenda-2016-2018", "informatieplan-dni-2025-2028",
            "kb-wegwijzer-wsob-convenant-netwerkagenda", "netwerkagenda-2021-2023",
            "poi-en-het-openbare-bibliotheekstelsel"]


@pytest.fixture(scope="module")
def bnetwerk(shared_corpus) -> dict[str, list[dict]]:
    folder = shared_corpus / "knowledge" / "bnetwerk"
    return {name: records(folder / f"{name}.txt") for name in BNETWERK}


def test_bnetwerk_titles_are_real_headings(bnetwerk):
    for name, recs in bnetwerk.items():
        assert len(recs) >= (10 if "poi" not in name else 8), name
        titles = [r["title"] for r in recs]
        for title in titles:
            assert not re.fullmatch(r"[\d\s.,/-]*", title), (name, title)
            assert "http" not in title and "www." not in title and "@" not in title, (name, title)
            assert len(title) <= 120, (name, title)
            assert not re.search(r"(?i)\bpagina \d", title), (name, title)
        for a, b in itertools.pairwise(recs):  # a running header would repeat under the same heading path
            assert (a["title"], a["section"]) != (b["title"], b["section"]), (name, a["title"])
        for r in recs:
            path = r["section"].split(" › ")
            assert all(x != y for x, y in itertools.pairwise(path)), (name, r["section"])
        for r in recs:
            assert r["source"] == "bnetwerk" and r["document"] and r["body"]
            assert len(r["body"].split()) <= 1200
        assert len({r["id"] for r in recs}) == len(recs)


def test_bnetwerk_structure_survives_the_pdf_extraction(bnetwerk):
    t = {r["title"]: r for r in bnetwerk["netwerkagenda-2021-2023"]}
    assert t["3.1 Context"]["section"] == "Geletterde samenleving › 3.1 Context"
    assert t["3.1 Context"]["document"] == "Netwerkagenda 2021-2023"
    assert "8.4 Jaarprogramma 2021" in t
    plan = {r["section"] for r in bnetwerk["informatieplan-dni-2025-2028"]}
    assert ("4. De vijf speerpunten van de Digitale Netwerkinfrastructuur › Stevig Digitaal Fundament (B)"
            " › Toekomstschets") in plan
    wegwijzer = [r["title"] for r in bnetwerk["kb-wegwijzer-wsob-convenant-netwerkagenda"]]
    assert wegwijzer[0] == "Wsob, Bibliotheekconvenant en Netwerkagenda"  # "WSOB, BIBLIOTHEEK-\nCONVENANT EN …"
    assert "Aangepast lezen" in wegwijzer  # "AANGEPAST LEZEN" in the PDF
    assert "Voor wie in een OB is dit onderwerp interessant?" not in wegwijzer  # printed on every page


def test_bnetwerk_sections_about_interlibrary_loan_are_findable(bnetwerk):
    """No Bnetwerk heading names IBL, so what must hold is that the passages about it come out as
    sections under their real headings, with the term in the text a search matches."""
    about_ibl = {(name, r["title"]) for name, recs in bnetwerk.items() for r in recs
                 if re.search(r"(?i)interbibliothecaire? leenverkeer", r["body"]) and "IBL" in r["body"]}
    assert ("poi-en-het-openbare-bibliotheekstelsel", "POI's bekleden verschillende taken") in about_ibl
    assert ("gezamenlijke-innovatieagenda-2016-2018", "3.4 Rolverdeling volgens de Wsob in vogelvlucht") \
        in about_ibl


def test_the_public_library_act_is_split_into_its_articles(shared_corpus):
    wsob = "wet/stelsel/openbare/bibliotheekvoorzieningen/BWBR0035878/README.md"
    recs = records(shared_corpus / "knowledge" / "wetten" / wsob)
    t = {r["title"]: r for r in recs}
    assert all(r["document"] == "Wet stelsel openbare bibliotheekvoorzieningen" for r in recs)
    assert "Artikel 1. Begripsbepalingen" in t
    assert len([r for r in recs if r["title"].startswith("Artikel ")]) == 31
    ibl = t["Artikel 15. Interbibliothecair leenverkeer"]  # title and text both name it
    assert ibl["section"] == ("Hoofdstuk 3. De fysieke openbare bibliotheek"
                              " › Artikel 15. Interbibliothecair leenverkeer")
    assert "interbibliothecaire leenverkeer" in ibl["body"]
    assert ibl["url"] == "https://wetten.overheid.nl/jci1.3:c:BWBR0035878&artikel=15"
    assert ibl["id"] == "art:bwbr0035878--artikel-15" and ibl["source"] == "wetten"


def test_a_handful_of_acts_read_quickly(shared_corpus):
    wetten = shared_corpus / "knowledge" / "wetten"
    acts = sorted(wetten.rglob("README.md"))[:40]
    started = time.perf_counter()
    recs = [r for act in acts for r in records(act)]
    assert time.perf_counter() - started < 5
    assert len(recs) > 200
    assert all(r["document"] and r["title"] and r["source"] == "wetten" for r in recs)
    assert sum(r["title"].startswith("Artikel") for r in recs) > 0.8 * len(recs)


def test_the_ministerial_regulation_is_read_as_an_act(shared_corpus):
    folder = shared_corpus / "knowledge" / "wetten-extra"
    recs = records(folder)
    assert [r["title"] for r in recs][1].startswith("Artikel 1.")
    assert all(r["source"] == "wetten" for r in recs)
    assert {r["document"] for r in recs} == {"Regeling gegevenslevering openbare bibliotheekvoorzieningen"}
