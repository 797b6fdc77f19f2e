"""Compose the demo catalogue of Vindplaats: `corpus/sample/catalogue.jsonl`.

Every title, author, publisher, description and library below is written for this project: an
invented but plausible slice of a Dutch public-library catalogue, with a handful of well-known
classics so that librarians recognise the grouping of editions. Nothing is copied from a real
catalogue. The lists are hand-written; the script only adds what a catalogue system would assign
(PPNs, ISBN check digits, holdings per library), using a fixed seed so that every run writes the
same file.

    python corpus/sample/make_sample.py            # writes catalogue.jsonl next to this script
    python corpus/sample/make_sample.py --check    # also validates every record and prints counts
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "catalogue.jsonl"
SEED = 20240514

# ---------------------------------------------------------------------------------------------
# Libraries: ISIL, name, province (official spelling), branches, weight (how often it holds a title)
# ---------------------------------------------------------------------------------------------
LIBRARIES = [
    ("NL-AmOBA", "OBA Amsterdam", "Noord-Holland",
     ["OBA Oosterdok", "OBA Slotermeer", "OBA Javaplein", "OBA Mercatorplein"], 5),
    ("NL-HaaBib", "Bibliotheek Zuid-Kennemerland", "Noord-Holland",
     ["Haarlem Centrum", "Haarlem Schalkwijk", "Heemstede"], 2),
    ("NL-ZaaBZ", "Bibliotheek Zaanstad", "Noord-Holland",
     ["Zaandam Centrum", "Wormerveer", "Krommenie"], 1),
    ("NL-RtCB", "Bibliotheek Rotterdam", "Zuid-Holland",
     ["Centrale Bibliotheek", "Hillevliet", "Kralingen", "Oosterflank"], 5),
    ("NL-DhBDH", "Bibliotheek Den Haag", "Zuid-Holland",
     ["Centrale Bibliotheek Spui", "Schilderswijk", "Scheveningen", "Ypenburg"], 4),
    ("NL-LdBpC", "Bibliotheek Leiden (BplusC)", "Zuid-Holland",
     ["Nieuwe Beestenmarkt", "Leiden Zuid-West", "Oegstgeest"], 2),
    ("NL-UtBU", "Bibliotheek Utrecht", "Utrecht",
     ["Neude", "Overvecht", "Leidsche Rijn", "Lombok"], 4),
    ("NL-AmfBE", "Bibliotheek Eemland", "Utrecht",
     ["Amersfoort Eemhuis", "Amersfoort Schothorst", "Leusden"], 2),
    ("NL-GnFor", "Bibliotheek Groningen (Forum)", "Groningen",
     ["Forum", "Vinkhuizen", "Beijum"], 3),
    ("NL-DzBib", "Bibliotheek Delfzijl", "Groningen",
     ["Delfzijl Centrum", "Appingedam"], 1),
    ("NL-AsBib", "Bibliotheek Assen", "Drenthe",
     ["Assen Centrum", "Assen Kloosterveen"], 1),
    ("NL-EmBib", "Bibliotheek Emmen", "Drenthe",
     ["Emmen Centrum", "Klazienaveen", "Nieuw-Amsterdam"], 1),
    ("NL-LwDBi", "DBieb Leeuwarden", "Fryslân",
     ["Centrale Bibliotheek", "Camminghaburen", "Bilgaard"], 2),
    ("NL-SnSWF", "Bibliotheek Súdwest-Fryslân", "Fryslân",
     ["Sneek", "Bolsward", "Workum"], 1),
    ("NL-ZwSta", "Bibliotheek Zwolle (Stadkamer)", "Overijssel",
     ["Stadkamer Centrum", "Holtenbroek", "Zwolle-Zuid"], 2),
    ("NL-EnBib", "Bibliotheek Enschede", "Overijssel",
     ["Centrale Bibliotheek", "Glanerbrug", "Boekelo"], 2),
    ("NL-DvBib", "Bibliotheek Deventer", "Overijssel",
     ["Deventer Centrum", "Colmschate"], 1),
    ("NL-AlmNB", "Bibliotheek Almere (De Nieuwe Bibliotheek)", "Flevoland",
     ["Stadhuisplein", "Almere Haven", "Almere Buiten", "Almere Poort"], 2),
    ("NL-LsBib", "Bibliotheek Lelystad", "Flevoland",
     ["Agora", "Lelystad-Haven"], 1),
    ("NL-ArRoz", "Bibliotheek Arnhem (Rozet)", "Gelderland",
     ["Rozet", "Presikhaaf", "Schuytgraaf"], 2),
    ("NL-NmBGZ", "Bibliotheek Gelderland Zuid", "Gelderland",
     ["Nijmegen De Mariënburg", "Nijmegen Dukenburg", "Nijmegen Lindenholt"], 2),
    ("NL-ApCOD", "Bibliotheek Apeldoorn (CODA)", "Gelderland",
     ["CODA", "Zevenhuizen", "Apeldoorn-Zuid"], 1),
    ("NL-MdBib", "Bibliotheek Middelburg", "Zeeland",
     ["Middelburg Centrum", "Dauwendaele"], 1),
    ("NL-GsBev", "Bibliotheek De Bevelanden", "Zeeland",
     ["Goes", "Kapelle", "Kruiningen"], 1),
    ("NL-EhBib", "Bibliotheek Eindhoven", "Noord-Brabant",
     ["Witte Dame", "Woensel", "Strijp"], 3),
    ("NL-TbBMB", "Bibliotheek Midden-Brabant", "Noord-Brabant",
     ["LocHal Tilburg", "Reeshof", "Berkel-Enschot"], 2),
    ("NL-HtBib", "Bibliotheek 's-Hertogenbosch", "Noord-Brabant",
     ["Centrum", "Rosmalen", "Maaspoort"], 2),
    ("NL-BdNV", "Bibliotheek Breda (Nieuwe Veste)", "Noord-Brabant",
     ["Nieuwe Veste", "Haagse Beemden", "Prinsenbeek"], 1),
    ("NL-MaCC", "Bibliotheek Maastricht Centre Céramique", "Limburg",
     ["Centre Céramique", "Malberg", "Heer"], 2),
    ("NL-VlBib", "Bibliotheek Venlo", "Limburg",
     ["Venlo Centrum", "Blerick", "Tegelen"], 1),
    ("NL-HrPks", "Bibliotheek Parkstad Heerlen", "Limburg",
     ["Glaspaleis", "Hoensbroek"], 1),
]

# ---------------------------------------------------------------------------------------------
# Publishers and the ISBN prefix (978/979 + group + registrant) the script numbers their titles in
# ---------------------------------------------------------------------------------------------
PUBLISHERS = {
    # the Netherlands and Flanders (groups 90 and 94)
    "De Bezige Bij": "9789023", "Querido": "9789021", "Atlas Contact": "9789025",
    "De Arbeiderspers": "9789029", "Ambo|Anthos": "9789026", "Prometheus": "9789044",
    "Podium": "9789057", "De Geus": "9789045", "Luitingh-Sijthoff": "9789024",
    "Balans": "9789460", "Uitgeverij Verloren": "9789087", "Nijgh & Van Ditmar": "9789038",
    "Lemniscaat": "9789047", "Ploegsma": "9789021", "Clavis": "9789044",
    "Leopold": "9789025", "Gottmer": "9789025", "Van Holkema & Warendorf": "9789000",
    "Zwijsen": "9789048", "Kluitman": "9789020", "Zomer & Keuning": "9789082",
    "Cossee": "9789059", "Meulenhoff": "9789029", "Contact": "9789025",
    "Pelckmans": "9789463", "Uitgeverij Vrijdag": "9789460", "Davidsfonds": "9789059",
    "Ballon Media": "9789462", "Afûk": "9789062", "Uitgeverij Het Wad": "9789493",
    "Uitgeverij Ruim Zicht": "9789461", "Uitgeverij Leeslicht": "9789086",
    "Uitgeverij Letterlicht": "9789463", "Uitgeverij Kikker & Co": "9789492",
    "Uitgeverij De Klassieken": "9789491", "Luisterrijk": "9789046", "Rubinstein": "9789047",
    "Uitgeverij Polderpers": "9789490", "Uitgeverij Noorderzon": "9789492",
    "Uitgeverij Maasland": "9789493", "Uitgeverij Boekwerk": "9789464",
    "Uitgeverij Stad & Land": "9789464", "Uitgeverij Bibliotheekpers": "9789462",
    "Uitgeverij Coutinho": "9789046", "Lannoo": "9789401", "Terra": "9789089",
    "Uitgeverij Muziekhuis": "9790035", "G.L. Funke": "9789060",
    # English, German, French
    "Penguin Books": "9780141", "Faber & Faber": "9780571", "Bloomsbury": "9781408",
    "HarperCollins": "9780008", "Walker Books": "9781406", "Vintage": "9781784",
    "Routledge": "9781032", "Facet Publishing": "9781783",
    "Suhrkamp": "9783518", "Hanser": "9783446", "Rowohlt": "9783499", "dtv": "9783423",
    "Carlsen": "9783551", "Fischer Taschenbuch": "9783596", "Klett": "9783125",
    "Gallimard": "9782070", "Actes Sud": "9782330", "L'École des loisirs": "9782211",
    "Le Livre de Poche": "9782253", "Flammarion": "9782081", "Casterman": "9782203",
    "Racine": "9782873",
}
# Producers without ISBNs of their own (adapted reading, film, music, serials, web)
NO_ISBN = {
    "Dedicon", "Cinéart", "September Film", "Dutch FilmWorks", "Stichting Jeugdfilm",
    "Muziekhuis Records", "Kade Records", "Challenge Records", "Polderklank",
    "Koninklijke Bibliotheek", "Stichting Lezen", "Bibliotheekpers Tijdschriften",
    "Mediahuis Noord", "Uitgeverij Courant Zuid", "DPG Regionaal", "Zeeuwse Mediagroep",
    "Spelfabriek Leiden", "Ranj Games", "De Taalstudio", "Stichting Deltaspel",
    "Podcastlab Noord", "Bibliotheek.nl", "Sterrenstof Animatie", "Stichting Digisterker",
    "Centrale Discotheek Rotterdam", "CBG Familiegeschiedenis", "Zeeuwse Bibliotheek",
}


def isbn13(first12: str) -> str:
    """Append the ISBN-13 check digit (weights 1 and 3 alternating, modulo 10)."""
    assert len(first12) == 12 and first12.isdigit(), first12
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def isbn13_valid(isbn: str) -> bool:
    return len(isbn) == 13 and isbn.isdigit() and isbn13(isbn[:12]) == isbn


def ppn_with_check(digits8: str) -> str:
    """A Pica production number: eight digits and a modulo-11 check character (X for ten)."""
    total = sum(int(d) * w for d, w in zip(digits8, range(9, 1, -1)))
    check = (11 - total % 11) % 11
    return digits8 + ("X" if check == 10 else str(check))


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


LEADING_ARTICLES = {"de", "het", "een", "the", "a", "an", "der", "die", "das", "le", "la", "les"}


def default_work_key(title: str, authors: list[dict]) -> str:
    words = slug(title).split("-")
    while len(words) > 1 and words[0] in LEADING_ARTICLES:
        words.pop(0)
    surname = slug(authors[0]["name"].split()[-1]) if authors else "-"
    return "-".join(words) + "|" + surname


def parse_authors(spec: str) -> list[dict]:
    """'Anouk Brinkman; Pim de Wit (illustrator)' -> [{'name', 'role'}, ...]; auteur by default."""
    out = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        m = re.match(r"^(.*?)\s*\((\w+)\)$", part)
        name, role = (m.group(1), m.group(2)) if m else (part, "auteur")
        out.append({"name": name, "role": role})
    return out


def split(spec: str | None, sep: str) -> list[str]:
    return [p.strip() for p in (spec or "").split(sep) if p.strip()]


def B(title, authors, publisher, year, audience, genre, subjects, nur=None, description=None, **kw):
    """One hand-written catalogue entry. Genres are comma-separated, subjects '|'-separated."""
    entry = {
        "title": title, "authors": parse_authors(authors), "publisher": publisher, "year": year,
        "audience": audience, "genre": split(genre, ","), "subjects": split(subjects, "|"),
        "nur": nur, "description": description,
    }
    entry.update(kw)
    return entry


# ---------------------------------------------------------------------------------------------
# Works held in several editions: a base entry and the editions that differ from it
# ---------------------------------------------------------------------------------------------
WORKS = [
    (B("De ontdekking van de hemel", "Harry Mulisch", "De Bezige Bij", 1992, "volwassenen",
       "roman", "vriendschap|lotsbestemming|Tien Geboden|Amsterdam|filosofie", "301",
       "Twee vrienden, een sterrenkundige en een taalkundige, worden verliefd op dezelfde "
       "celliste. Uit die driehoek wordt een zoon geboren die zonder het te weten een opdracht "
       "van hogerhand uitvoert. Een grote roman over toeval, lotsbestemming en de verhouding "
       "tussen hemel en aarde.", work_key="ontdekking-van-de-hemel|mulisch", holdings=(5, 8)),
     [{},
      {"year": 2007, "edition": "38e druk", "isbn2": True, "holdings": (3, 7)},
      {"material": "e-book", "year": 2012},
      {"material": "luisterboek", "year": 2016, "publisher": "Luisterrijk",
       "narrator": "Jan-Willem Kroon", "subtitle": "ongekorte voorlezing",
       "description": "Ongekorte voorlezing van Mulisch' roman over twee vrienden, een "
                      "celliste en een zoon met een opdracht uit de hemel. Ruim dertig uur "
                      "luistertijd."},
      {"year": 2009, "publisher": "Uitgeverij Ruim Zicht", "forms": "grote letter",
       "series": "Ruim Zicht Grote Letter", "edition": "Grote letter-editie", "holdings": (2, 5)},
      {"title": "The Discovery of Heaven", "lang": "en", "year": 1997, "publisher": "Penguin Books",
       "nur": None, "add_authors": "Paul Vincent (vertaler)", "holdings": (1, 3),
       "description": "Engelse vertaling van De ontdekking van de hemel. Een vriendschap, een "
                      "liefde en een zoon die de stenen tafelen van de Tien Geboden moet "
                      "terugbrengen naar de hemel."}]),

    (B("Max Havelaar", "Multatuli", "G.L. Funke", 1881, "volwassenen", "roman, klassieker",
       "kolonialisme|Nederlands-Indië|Java|geschiedenis ; Nederland", "301",
       "Een jonge bestuursambtenaar in Nederlands-Indië neemt het op voor de Javaanse bevolking "
       "en stuit op een koloniaal bestuur dat liever wegkijkt. Koffiemakelaar Batavus "
       "Droogstoppel vertelt ongewild komisch mee. Een aanklacht tegen uitbuiting die nog "
       "altijd wordt gelezen en besproken.",
       subtitle="of De koffiveilingen der Nederlandsche Handelmaatschappij",
       work_key="max-havelaar|multatuli", holdings=(1, 2)),
     [{"edition": "Vierde druk", "description": None},
      {"year": 1987, "publisher": "Querido", "edition": "Herziene editie",
       "add_authors": "Hendrik Zwart (redacteur)", "holdings": (3, 6),
       "description": "Tekstuitgave met inleiding en verklarende aantekeningen. De redacteur "
                      "legt uit hoe het boek in 1860 ontstond en waarom het een politieke "
                      "schokgolf veroorzaakte."},
      {"material": "e-book", "year": 2017, "publisher": "Uitgeverij De Klassieken"},
      {"year": 2020, "publisher": "Uitgeverij Leeslicht", "forms": "makkelijk lezen",
       "subtitle": "naverteld in eenvoudige taal", "audience": "16-18",
       "add_authors": "Ilse Doorn (bewerker)", "series": "Leeslicht Klassiek",
       "description": "Het beroemde boek van Multatuli, opnieuw verteld in korte zinnen en "
                      "eenvoudige woorden. Geschikt voor jongeren en volwassenen die makkelijk "
                      "willen lezen."},
      {"material": "luisterboek", "year": 2019, "publisher": "Rubinstein",
       "narrator": "Marleen Steenbeek"}]),

    (B("Het Achterhuis", "Anne Frank", "Contact", 1947, "13-15", "dagboek, waargebeurd",
       "Tweede Wereldoorlog|Jodenvervolging|onderduiken|Amsterdam|dagboeken", "285",
       "Het dagboek dat Anne Frank bijhield tijdens de ruim twee jaar dat zij met haar familie "
       "en vier anderen ondergedoken zat in het achterhuis aan de Prinsengracht. Scherp, "
       "geestig en openhartig over opgroeien in angst en opgesloten zijn.",
       subtitle="dagboekbrieven 14 juni 1942 - 1 augustus 1944", work_key="achterhuis|frank",
       holdings=(1, 3)),
     [{},
      {"year": 2019, "publisher": "Prometheus", "edition": "Herziene editie", "holdings": (4, 8),
       "isbn2": True,
       "description": "Herziene uitgave van het dagboek van Anne Frank, met een nawoord over "
                      "de geschiedenis van het manuscript en een plattegrond van het "
                      "achterhuis."},
      {"material": "luisterboek", "year": 2014, "publisher": "Luisterrijk",
       "narrator": "Sophie van Oss"},
      {"title": "Das Tagebuch der Anne Frank", "subtitle": None, "lang": "de", "year": 1955,
       "publisher": "Fischer Taschenbuch", "nur": None, "holdings": (1, 2),
       "description": "Duitse vertaling van het dagboek van Anne Frank, veel gelezen op "
                      "scholen in Duitsland."},
      {"title": "Journal d'Anne Frank", "subtitle": None, "lang": "fr", "year": 1992,
       "publisher": "Le Livre de Poche", "nur": None, "holdings": (1, 2),
       "description": "Franse vertaling van het dagboek uit het achterhuis."},
      {"title": "The Diary of a Young Girl", "subtitle": None, "lang": "en", "year": 1997,
       "publisher": "Penguin Books", "nur": None, "holdings": (1, 3),
       "description": "Engelse vertaling van het dagboek van Anne Frank, met de passages die "
                      "in de eerste uitgave ontbraken."}]),

    (B("Het ijs van de Wadden", "Sietske Hoekstra", "Uitgeverij Het Wad", 2014, "volwassenen",
       "historische roman", "Waddeneilanden|Terschelling|winter|verpleegkunde|Fryslân", "301",
       "In de strenge winter van 1963 raakt de veerboot naar Terschelling vast in het ijs. Aan "
       "boord reist de jonge verpleegster Tjitske, die op het eiland een nieuw leven wil "
       "beginnen. Hoekstra schrijft over een gemeenschap die leert leven met wat de zee "
       "overlaat.", work_key="ijs-van-de-wadden|hoekstra", holdings=(3, 7)),
     [{},
      {"year": 2016, "edition": "2e druk", "holdings": (2, 5)},
      {"material": "e-book", "year": 2014},
      {"material": "luisterboek", "year": 2017, "publisher": "Luisterrijk",
       "narrator": "Marleen Steenbeek"},
      {"year": 2018, "publisher": "Uitgeverij Ruim Zicht", "forms": "grote letter",
       "series": "Ruim Zicht Grote Letter", "holdings": (2, 4)}]),

    (B("Mees en de verdwenen kat", "Anouk Brinkman; Pim de Wit (illustrator)", "Clavis", 2011,
       "4-6", "prentenboek", "huisdieren|katten|zoeken|geduld", "273",
       "Mees zoekt het hele huis af naar zijn kat Sokje. Onder het bed, achter de gordijnen en "
       "zelfs in de wasmand is ze niet te vinden. Een prentenboek over huisdieren, geduld en "
       "een verrassing in de schuur.", work_key="mees-en-de-verdwenen-kat|brinkman",
       holdings=(3, 8)),
     [{},
      {"year": 2019, "edition": "Herziene editie", "isbn2": True,
       "description": "Nieuwe uitgave van het geliefde prentenboek over Mees en zijn kat "
                      "Sokje, met een extra zoekplaat en vragen om samen over te praten bij "
                      "het voorlezen."},
      {"year": 2013, "publisher": "Dedicon", "forms": "braille",
       "subtitle": "voelboek in braille en zwartdruk", "holdings": (0, 2),
       "description": "Voelboek met de tekst in braille en in gewone letters, zodat blinde en "
                      "ziende kinderen en ouders samen kunnen lezen. Met voelbare plaatjes van "
                      "Sokje de kat."},
      {"material": "luisterboek", "year": 2020, "publisher": "Rubinstein",
       "narrator": "Sophie van Oss", "holdings": (1, 3)}]),

    (B("Stille ruïne", "Jeroen van Dalen", "Luitingh-Sijthoff", 2020, "volwassenen", "thriller",
       "misdaad|archeologie|Limburg|politie", "330",
       "Bij de ruïne van een kasteel in Zuid-Limburg wordt het lichaam gevonden van een "
       "archeologe. Rechercheur Mirjam Lenaerts ontdekt dat de opgraving meer heeft "
       "blootgelegd dan oude muren. Een beklemmende thriller over erfenissen, hebzucht en een "
       "dorp dat zwijgt.", series="Mirjam Lenaerts ; 1", work_key="stille-ruine|dalen",
       holdings=(4, 8)),
     [{},
      {"material": "e-book", "year": 2020},
      {"material": "luisterboek", "year": 2021, "publisher": "Luisterrijk",
       "narrator": "Jan-Willem Kroon"},
      {"year": 2022, "publisher": "Uitgeverij Ruim Zicht", "forms": "grote letter",
       "series": "Ruim Zicht Grote Letter", "holdings": (1, 4)}]),

    (B("De bibliotheek aan de gracht", "Eva Lindeman", "Zomer & Keuning", 2017, "volwassenen",
       "roman, feelgood", "bibliotheken|opnieuw beginnen|Leiden|leesclubs", "340",
       "Na haar scheiding neemt Hanna een baan aan in een kleine bibliotheek aan een Leidse "
       "gracht. Tussen de leesclub, het Taalcafé en de stapels teruggebrachte boeken vindt ze "
       "langzaam haar plek. Een warme roman over opnieuw beginnen.",
       work_key="bibliotheek-aan-de-gracht|lindeman", holdings=(3, 7)),
     [{},
      {"material": "e-book", "year": 2017},
      {"year": 2019, "publisher": "Uitgeverij Ruim Zicht", "forms": "grote letter",
       "series": "Ruim Zicht Grote Letter", "holdings": (2, 4)},
      {"year": 2021, "publisher": "Uitgeverij Leeslicht", "forms": "makkelijk lezen",
       "series": "Leeslicht", "subtitle": "makkelijk lezen-editie",
       "add_authors": "Linda Post (bewerker)",
       "description": "Hanna begint opnieuw, in een bibliotheek aan de gracht. Dit verhaal is "
                      "herschreven in korte hoofdstukken en eenvoudige taal."}]),

    (B("Kleine geschiedenis van Nederland", "Hendrik Zwart", "Balans", 1998, "volwassenen",
       "informatief, geschiedenis", "geschiedenis ; Nederland|Gouden Eeuw|Tachtigjarige Oorlog",
       "680",
       "Van de eerste boeren op de zandgronden tot de komst van de euro: in korte, helder "
       "geschreven hoofdstukken vertelt Zwart het verhaal van Nederland. Met tijdlijnen, kaarten "
       "en aandacht voor gewone mensen naast vorsten en veldheren.",
       work_key="kleine-geschiedenis-van-nederland|zwart", holdings=(2, 5)),
     [{},
      {"year": 2008, "edition": "2e druk", "description": None},
      {"year": 2021, "edition": "Herziene editie", "isbn2": True, "holdings": (4, 7),
       "subjects": ["geschiedenis ; Nederland", "slavernijverleden", "Gouden Eeuw"],
       "description": "Geheel herziene uitgave, aangevuld met hoofdstukken over het "
                      "slavernijverleden, de dekolonisatie en de coronacrisis."},
      {"material": "e-book", "year": 2021, "edition": "Herziene editie"}]),

    (B("The Harbour Keeper", "Margaret Ellery", "Faber & Faber", 2015, "volwassenen", "roman",
       "havens|Schotland|vaders en dochters|eenzaamheid", None,
       "Een havenmeester op een Schots eiland houdt al veertig jaar bij welke schepen komen en "
       "gaan. Wanneer zijn dochter na lange tijd terugkeert, moet hij eindelijk vertellen "
       "waarom haar moeder ooit vertrok.", lang="en", work_key="harbour-keeper|ellery",
       holdings=(1, 3)),
     [{},
      {"title": "De havenmeester", "lang": "nl", "year": 2016, "publisher": "Ambo|Anthos",
       "nur": "302", "add_authors": "Ineke Strijbos (vertaler)", "holdings": (3, 7)},
      {"title": "De havenmeester", "lang": "nl", "year": 2018, "material": "luisterboek",
       "publisher": "Luisterrijk", "nur": "302",
       "add_authors": "Ineke Strijbos (vertaler)", "narrator": "Jan-Willem Kroon"}]),

    (B("Vlucht over de Waal", "Noor Kuipers", "Ploegsma", 2012, "10-12",
       "historische roman, oorlog", "Tweede Wereldoorlog|Nijmegen|bevrijding|vluchten", "283",
       "Nijmegen, september 1944. De twaalfjarige Wim raakt zijn familie kwijt wanneer de stad "
       "frontlinie wordt. Samen met een gewonde Engelse parachutist probeert hij de rivier over "
       "te steken. Spannend en ontroerend verhaal over de Tweede Wereldoorlog voor kinderen "
       "vanaf tien jaar.", work_key="vlucht-over-de-waal|kuipers", holdings=(3, 8)),
     [{},
      {"year": 2015, "publisher": "Uitgeverij Letterlicht", "forms": "dyslexie",
       "edition": "Dyslexie-editie",
       "description": "Uitgave van Vlucht over de Waal in een dyslexievriendelijke letter, met "
                      "extra regelafstand en stevig crèmekleurig papier."},
      {"material": "e-book", "year": 2016}]),

    (B("Le café des oubliés", "Claire Fontanel", "Actes Sud", 2018, "volwassenen", "roman",
       "cafés|herinneringen|Lyon|ouderen", None,
       "In een klein café in Lyon brengen bezoekers voorwerpen mee die ze niet willen weggooien "
       "maar ook niet meer kunnen bewaren. De eigenares schrijft bij elk voorwerp het verhaal "
       "op. Een tedere roman over herinneren en loslaten.", lang="fr",
       work_key="cafe-des-oublies|fontanel", holdings=(1, 2)),
     [{},
      {"title": "Het café van de vergeten dingen", "lang": "nl", "year": 2019,
       "publisher": "Cossee", "nur": "302", "add_authors": "Margreet Dekker (vertaler)",
       "holdings": (3, 7),
       "description": "In een café in Lyon laten bezoekers voorwerpen achter die ze niet "
                      "kunnen weggooien. Eigenares Odile schrijft bij elk ding het verhaal op. "
                      "Vertaald uit het Frans."},
      {"title": "Het café van de vergeten dingen", "lang": "nl", "year": 2020,
       "material": "luisterboek", "publisher": "Rubinstein", "nur": "302",
       "add_authors": "Margreet Dekker (vertaler)", "narrator": "Sophie van Oss"}]),
]


# ---------------------------------------------------------------------------------------------
# Books for adults: Dutch and Flemish fiction and poetry
# ---------------------------------------------------------------------------------------------
FICTION = [
    B("Het huis aan de Maasboulevard", "Thomas Baaijens", "Atlas Contact", 2019, "volwassenen",
      "roman", "familie|Rotterdam|erfenis|zussen", "301",
      "Drie zussen keren terug naar het ouderlijk huis in Rotterdam om het leeg te ruimen. "
      "Tussen de verhuisdozen komen oude ruzies en een onbekende brief boven. Een ingetogen "
      "familieroman over wat ouders hun kinderen nalaten.", isbn2=True),
    B("Café De Zwaan", "Merel Bakker", "Podium", 2021, "volwassenen", "roman, humor",
      "cafés|dorpsleven|Drenthe|vriendschap", "301",
      "In het enige café van een Drents dorp komen elke vrijdag dezelfde vijf stamgasten "
      "samen. Wanneer de kroeg verkocht dreigt te worden, bedenken zij een even onhandig als "
      "ontroerend reddingsplan."),
    B("Zeven dagen hemel", "Roos Mulder", "Zomer & Keuning", 2022, "volwassenen",
      "feelgood, romantiek", "liefde|Zeeland|vakantie|kamperen", "340",
      "Een week op een camping in Zeeland moet voor Lieke de ideale vakantie worden. Dan blijkt "
      "de man in de tent naast haar haar ex te zijn. Een luchtige roman over tweede kansen, zon "
      "en zeewind."),
    B("Tussen hemel en aarde", "Wendela Roos", "De Arbeiderspers", 2016, "volwassenen",
      "poëzie", "natuur|rouw|seizoenen|IJssel", "306",
      "Zestig korte gedichten over het landschap langs de IJssel, het verlies van een moeder en "
      "het troostende ritme van de seizoenen.", subtitle="gedichten"),
    B("Avond in Antwerpen", "Karel Wouters", "Uitgeverij Vrijdag", 2015, "volwassenen", "roman",
      "België|Antwerpen|jazz|ouder worden", "301",
      "Een ouder wordende jazzpianist speelt elke avond in een bar aan de Schelde. Als een "
      "jonge zangeres zich aandient, herleeft een verleden dat hij liever vergat. Een "
      "melancholieke roman over muziek en gemiste kansen in het België van nu."),
    B("De stille jaren", "Ilse Doorn", "Querido", 2013, "volwassenen", "roman",
      "dementie|ouderen|vaders en dochters|mantelzorg", "301",
      "Als haar vader vergeetachtig wordt, trekt Judith weer bij hem in. In korte hoofdstukken "
      "beschrijft ze hoe een sterke man langzaam kwetsbaar wordt. Ontroerend en zonder "
      "sentiment."),
    B("Nachtdienst", "Fatima El Amrani", "De Geus", 2020, "volwassenen", "roman",
      "zorg|ziekenhuizen|identiteit|Utrecht", "301",
      "Een verpleegkundige met Marokkaanse wortels draait nachtdiensten op de intensive care in "
      "Utrecht. Tussen de piepende monitoren denkt ze na over haar moeder, haar geloof en de "
      "vraag waar ze eigenlijk thuishoort.", holdings=(4, 8)),
    B("Het verdronken land", "Bram Oosterhuis", "Nijgh & Van Ditmar", 2009, "volwassenen",
      "historische roman", "watersnoodramp|Zeeland|Schouwen-Duiveland|boeren", "301",
      "Over de nacht van 1 februari 1953, toen het water over de dijken van Zeeland sloeg. "
      "Oosterhuis volgt een boerenfamilie op Schouwen-Duiveland die alles verliest en toch "
      "opnieuw begint."),
    B("Koud spoor", "Jeroen van Dalen", "Luitingh-Sijthoff", 2023, "volwassenen", "thriller",
      "misdaad|Limburg|mijnbouw|politie", "330",
      "Een verdwenen student, een verlaten mijnschacht en een oude zaak die nooit is "
      "afgesloten. Rechercheur Mirjam Lenaerts ontdekt dat de sporen terugvoeren naar haar "
      "eigen familie in Kerkrade.", series="Mirjam Lenaerts ; 2", holdings=(4, 8)),
    B("Het laatste vonnis", "Rik Lammers", "Luitingh-Sijthoff", 2018, "volwassenen",
      "thriller, detective", "rechtspraak|Den Haag|misdaad|advocaten", "331",
      "Advocate Sara Bouwman verdedigt een man die zweert dat hij onschuldig is aan een moord "
      "in de Haagse Schilderswijk. Hoe dieper ze graaft, hoe minder ze haar eigen cliënt "
      "vertrouwt.", series="Sara Bouwman ; 1"),
    B("Schaduwspel", "Rik Lammers", "Luitingh-Sijthoff", 2022, "volwassenen", "thriller",
      "cybercriminaliteit|privacy|ziekenhuizen|Den Haag", "330",
      "Na een hack bij een Haags ziekenhuis liggen de dossiers van duizenden patiënten op "
      "straat. Advocate Sara Bouwman komt terecht in een wereld van chantage en digitale "
      "sporen.", series="Sara Bouwman ; 2"),
    B("Dorp aan de dijk", "Hanneke Vos", "Zomer & Keuning", 2011, "volwassenen",
      "streekroman", "dorpsleven|Betuwe|boeren|Gelderland", "340",
      "Drie generaties vrouwen op een fruitteeltbedrijf in de Betuwe. Als de rivier in 1995 "
      "dreigt te overstromen, moet de familie kiezen tussen blijven en vertrekken."),
    B("Wolken boven Groningen", "Jelle Visser", "Atlas Contact", 2020, "volwassenen", "roman",
      "Groningen|aardbevingen|gaswinning|boeren", "301",
      "Wanneer de scheuren in zijn boerderij steeds groter worden, begint Harm een strijd "
      "tegen instanties die hem niet lijken te horen. Een roman over de gevolgen van de "
      "gaswinning voor gewone Groningers."),
    B("Het meisje uit Paramaribo", "Priya Ramdin", "De Bezige Bij", 2017, "volwassenen",
      "roman", "Suriname|migratie|familiegeschiedenis|slavernijverleden", "301",
      "In 1975 vertrekt een jonge vrouw van Paramaribo naar Amsterdam. Veertig jaar later "
      "reist haar dochter terug om uit te zoeken wat haar moeder nooit vertelde."),
    B("De vogelaar", "Olaf Brouwer", "Querido", 2014, "volwassenen", "roman",
      "vogels|Texel|eenzaamheid|Waddenzee", "301",
      "Een gepensioneerde leraar telt elke ochtend de vogels op het wad bij Texel. Als er een "
      "jonge vrouw met een telescoop opduikt, raakt zijn zorgvuldige ritme ontregeld."),
    B("IJstijd in de polder", "Daan Hofstede", "Podium", 2021, "volwassenen", "roman, humor",
      "schaatsen|Elfstedentocht|Fryslân|winter", "301",
      "Het vriest al twee weken en heel Nederland hoopt op een Elfstedentocht. Voor de "
      "burgemeester van een klein Fries dorp betekent het ijs vooral een hoop zorgen. Een "
      "komische roman over schaatskoorts."),
    B("Verhalen uit de Jordaan", "Anton de Bruin", "Uitgeverij Polderpers", 2008, "volwassenen",
      "verhalen", "Amsterdam|Jordaan|buurtleven", "301",
      "Twintig korte verhalen over bewoners van de Amsterdamse Jordaan, van de marktkoopman die "
      "er zijn hele leven woont tot de student die er net een kamer heeft gevonden."),
    B("De kaartenmaker", "Suzanne de Graaf", "Ambo|Anthos", 2016, "volwassenen",
      "historische roman", "Gouden Eeuw|cartografie|Amsterdam|vrouwengeschiedenis", "301",
      "In het Amsterdam van 1640 werkt een weesmeisje in de werkplaats van een kaartenmaker. "
      "Ze blijkt een talent voor tekenen te hebben dat haar meester liever verborgen houdt.",
      holdings=(3, 8)),
    B("Mist over het veen", "Koen Vermeulen", "De Arbeiderspers", 2019, "volwassenen",
      "thriller", "Drenthe|veen|misdaad|archeologie", "330",
      "In het Drentse veen wordt een lichaam gevonden dat eeuwen oud lijkt. Maar de schoenen "
      "aan de voeten zijn van een modern merk. Een thriller over een dorp met een lang "
      "geheugen."),
    B("Het jaar van de olifant", "Lotte Meijerink", "Querido", 2024, "volwassenen", "roman",
      "dierentuinen|rouw|Amsterdam|olifanten", "301",
      "Na de dood van haar man neemt Ida een baan als verzorger in de dierentuin. Een oude "
      "olifantenkoe wordt haar onverwachte bondgenoot in het jaar waarin alles anders wordt."),
    B("Alles wat we bewaarden", "Saskia van Rijn", "Atlas Contact", 2025, "volwassenen", "roman",
      "musea|collecties|erfgoed|verzamelen", "301",
      "Een conservator van een klein streekmuseum moet beslissen welke collecties worden "
      "afgestoten. In het depot vindt ze voorwerpen die haar eigen familiegeschiedenis raken."),
    B("De laatste veerman", "Gijs van Buren", "Nijgh & Van Ditmar", 2012, "volwassenen", "roman",
      "rivieren|Maas|ouderen|vakmanschap", "301",
      "Veertig jaar zette Jan mensen over de Maas. Nu er een brug komt, maakt hij zijn laatste "
      "zomer vol. Een stil boek over werk, afscheid en het verstrijken van de tijd."),
    B("Licht in de Peel", "Carlijn Peters", "Zomer & Keuning", 2018, "volwassenen",
      "romantiek, streekroman", "Noord-Brabant|platteland|liefde", "340",
      "Femke erft een vervallen boerderij in de Peel en wil die zo snel mogelijk verkopen. Tot "
      "ze de buurman leert kennen, die er een zorgboerderij van wil maken."),
    B("Zoutwater", "Femke Jansma", "De Bezige Bij", 2023, "volwassenen", "literaire thriller",
      "Fryslân|Waddenzee|verdwijning|zussen", "305",
      "Op de dag dat haar zus verdwijnt, trekt er een zware storm over Harlingen. Twintig jaar "
      "later keert Marrit terug en vindt ze in het oude zeilmakershuis een spoor dat niemand "
      "eerder zag."),
    B("Onder de lindeboom", "Hanneke Vos", "Uitgeverij Ruim Zicht", 2015, "volwassenen",
      "historische roman", "Tweede Wereldoorlog|Overijssel|verzet|dorpsleven", "340",
      "In een Twents dorp verbergt de weduwe van de bakker een Joods meisje. Onder de "
      "lindeboom op het plein lijkt alles normaal, maar iedereen weet meer dan hij zegt.",
      forms="grote letter", series="Ruim Zicht Grote Letter"),
    B("De tuinman van Oranjewoud", "Wim Dijkstra", "Uitgeverij Noorderzon", 2010, "volwassenen",
      "historische roman", "landgoederen|tuinen|Fryslân|achttiende eeuw", "301",
      "Een jonge tuinman legt rond 1780 de parken aan van een Fries landgoed en raakt verstrikt "
      "in de intriges van de adellijke familie die er woont."),
    B("Kinderen van het kanaal", "Esther Groen", "Querido", 2006, "volwassenen", "roman",
      "veenkoloniën|Groningen|armoede|kinderen", "301",
      "In de veenkoloniën rond 1920 groeien vijf kinderen op langs het kanaal. Terwijl hun "
      "vader in de strokartonfabriek werkt, dromen zij van een leven ver weg."),
    B("Een kamer in Gent", "An Peeters", "Pelckmans", 2019, "volwassenen", "roman",
      "België|Gent|studenten|vriendschap", "301",
      "Vier studenten delen een krakend huis in het centrum van Gent. Een jaar van feesten, "
      "examens en een geheim dat hun vriendschap op de proef stelt."),
    B("Brief aan mijn dochter", "Nadia Haddou", "De Geus", 2021, "volwassenen", "roman",
      "moederschap|migratie|Marokko|brieven", "301",
      "Een moeder schrijft haar pasgeboren dochter een lange brief over haar eigen jeugd in "
      "het Rif, de reis naar Nederland en alles wat ze haar wil meegeven."),
    B("Wat de rivier zegt", "Mohammed Ouali", "Podium", 2019, "volwassenen", "poëzie",
      "rivieren|migratie|taal|herinneringen", "306",
      "Gedichten die heen en weer bewegen tussen het Arabisch van zijn ouders en het "
      "Nederlands van zijn kinderen, met de rivier als terugkerend beeld.",
      subtitle="gedichten"),
    B("Het eiland van de zwijgende vrouwen", "Femke Jansma", "De Bezige Bij", 2017,
      "volwassenen", "roman", "Schiermonnikoog|vrouwengeschiedenis|walvisvaart", "301",
      "Op Schiermonnikoog wachten de vrouwen van walvisvaarders maandenlang op nieuws. Een "
      "historische roman over de kracht van wie achterblijft."),
    B("Sneeuw in mei", "Lieke Schouten", "Podium", 2023, "volwassenen", "verhalen",
      "relaties|ouder worden|seizoenen", "301",
      "Veertien verhalen over momenten waarop het leven onverwacht omslaat, zoals sneeuw die "
      "in mei nog valt."),
]

# ---------------------------------------------------------------------------------------------
# Books for adults: non-fiction, the library profession, easy-to-read and large-print titles
# ---------------------------------------------------------------------------------------------
NONFICTION = [
    B("Open boeken", "Annelies Prins", "Uitgeverij Verloren", 2016, "volwassenen",
      "informatief, geschiedenis", "bibliotheken|leesbevordering|geschiedenis ; Nederland", "757",
      "Van de leesmusea van de negentiende eeuw tot de bibliotheek als ontmoetingsplek van nu: "
      "Prins beschrijft hoe de openbare bibliotheken in Nederland ontstonden en veranderden. "
      "Met veel aandacht voor de mensen achter de balie.",
      subtitle="een geschiedenis van de openbare bibliotheken in Nederland", isbn2=True),
    B("Bibliotheken van morgen", "Marco Tielemans (redacteur)", "Uitgeverij Bibliotheekpers",
      2022, "volwassenen", "vakliteratuur", "bibliotheken|collectievorming|architectuur|innovatie",
      "757",
      "Twaalf bijdragen van bibliothecarissen, architecten en onderzoekers over de toekomst "
      "van de openbare bibliotheek. Wat betekent de verschuiving van collectie naar "
      "programmering voor gebouwen, personeel en gemeenten?",
      subtitle="ruimte, collectie en gemeenschap"),
    B("Lezen doe je samen", "Judith van der Linden", "Uitgeverij Coutinho", 2020, "volwassenen",
      "vakliteratuur", "leesbevordering|onderwijs|kinderboeken|bibliotheken", "757",
      "Een praktijkboek voor leesconsulenten en leerkrachten over leesbevordering op de "
      "basisschool. De aanpak werd drie jaar lang in twaalf gemeenten gevolgd en geëvalueerd; "
      "de resultaten staan in het laatste hoofdstuk.",
      subtitle="leesbevordering in de praktijk van school en bibliotheek", holdings=(3, 8)),
    B("Vrijwilligers in de bibliotheek", "Sanne Hermans", "Uitgeverij Bibliotheekpers", 2019,
      "volwassenen", "vakliteratuur", "vrijwilligers|bibliotheken|organisatie|coördinatie", "808",
      "Praktisch handboek voor de werving, begeleiding en coördinatie van vrijwilligers in de "
      "openbare bibliotheek. Met voorbeelden van Taalhuizen, voorleesprojecten en digitale "
      "spreekuren.", subtitle="werving, begeleiding en coördinatie"),
    B("Iedereen kan leren lezen", "Linda Post", "Uitgeverij Coutinho", 2018, "volwassenen",
      "informatief", "laaggeletterdheid|Taalhuis|volwasseneneducatie|taal", "757",
      "Ongeveer een op de zeven volwassenen in Nederland heeft moeite met lezen en schrijven. "
      "Post laat hen zelf aan het woord en beschrijft wat Taalhuizen, bibliotheken en "
      "vrijwilligers samen kunnen doen.", subtitle="over laaggeletterdheid in Nederland"),
    B("Klimaat in de polder", "Joris Maas", "Balans", 2021, "volwassenen", "informatief",
      "klimaatverandering|waterbeheer|duurzaamheid|zeespiegelstijging", "940",
      "Wat betekent klimaatverandering voor een land dat voor een groot deel onder de "
      "zeespiegel ligt? Maas spreekt met dijkgraven, boeren en stadsplanners over hitte, "
      "droogte en hoog water.", subtitle="wat klimaatverandering betekent voor Nederland",
      holdings=(3, 8)),
    B("Het grote huisdierenboek", "Yara Kok", "Terra", 2017,
      "volwassenen", "informatief", "huisdieren|katten|honden|konijnen|verzorging", "431",
      "Alles over de verzorging van katten, honden, konijnen, cavia's en vogels. Met tips voor "
      "het kiezen van een huisdier dat bij je gezin past en wat je moet regelen voordat het "
      "dier in huis komt."),
    B("Honden begrijpen", "Kees Veldkamp", "Terra", 2020, "volwassenen", "informatief",
      "huisdieren|honden|diergedrag|opvoeding", "431",
      "Een dierenarts en gedragsdeskundige legt uit waarom honden doen wat ze doen. Over "
      "lichaamstaal, angst, spelen en het opvoeden van een pup."),
    B("Koken met Hollandse groenten", "Mila Smit", "Terra", 2019, "volwassenen", "kookboek",
      "koken|groenten|seizoenen|vegetarisch", "440",
      "Honderd recepten met groenten van eigen bodem, van boerenkool en pastinaak tot "
      "zeekraal en asperges. Per seizoen geordend, met een marktkalender."),
    B("De Indische keuken van mijn oma", "Floor Kuiper", "Lannoo", 2016, "volwassenen",
      "kookboek", "koken|Indonesië|familiegeschiedenis", "440",
      "Kuiper verzamelde de recepten die haar grootmoeder uit Bandung meenam naar Den Haag. "
      "Bij elk gerecht een herinnering aan de familie en het leven na de oversteek."),
    B("Wandelen door Zuid-Limburg", "Ties Hendriks", "Uitgeverij Maasland", 2023, "volwassenen",
      "reisgids", "wandelen|Limburg|natuur|heuvelland", "501",
      "Vijfentwintig wandelingen door het heuvelland, langs holle wegen, vakwerkhuizen en de "
      "ruïne van kasteel Valkenburg. Met kaartjes en tips voor een terras onderweg."),
    B("Fietsen langs de Zeeuwse kust", "Ties Hendriks", "Uitgeverij Maasland", 2021,
      "volwassenen", "reisgids", "fietsen|Zeeland|kust|Deltawerken", "502",
      "Twaalf fietsroutes van Cadzand tot Renesse, met uitleg over de Deltawerken en de beste "
      "plekken om zeehonden te zien."),
    B("Kleine geschiedenis van België", "Tijs Claes", "Davidsfonds", 2018, "volwassenen",
      "informatief, geschiedenis", "België|geschiedenis|staatsinrichting|Vlaanderen", "680",
      "In vlot geschreven hoofdstukken legt Claes uit hoe België in 1830 ontstond en waarom "
      "het land zo ingewikkeld wordt bestuurd. Een heldere gids voor Nederlanders die hun "
      "zuiderburen beter willen begrijpen."),
    B("Nederland in oorlog", "Gerrit Bosman", "Balans", 2015, "volwassenen",
      "informatief, geschiedenis",
      "Tweede Wereldoorlog|bezetting|dagelijks leven|geschiedenis ; Nederland",
      "689",
      "Hoe ging het leven door tussen 1940 en 1945? Aan de hand van dagboeken, brieven en "
      "foto's beschrijft Bosman het alledaagse bestaan onder de Duitse bezetting.",
      subtitle="het dagelijks leven 1940-1945", holdings=(3, 8)),
    B("De hongerwinter", "Esther Groen", "Prometheus", 2014, "volwassenen",
      "informatief, geschiedenis", "Tweede Wereldoorlog|hongerwinter|Amsterdam|Den Haag", "689",
      "Over de winter van 1944 op 1945, toen in het westen van Nederland duizenden mensen "
      "stierven van honger en kou. Met getuigenissen van mensen die het als kind meemaakten."),
    B("De ontdekking van het noorden", "Gerrit Bosman", "Balans", 2018, "volwassenen",
      "informatief, geschiedenis",
      "ontdekkingsreizen|Willem Barentsz|poolgebieden|geschiedenis ; Nederland",
      "680",
      "Over de tochten van Willem Barentsz en zijn tijdgenoten naar het hoge noorden. Bosman "
      "beschrijft de overwintering op Nova Zembla aan de hand van dagboeken en recente "
      "archeologische vondsten."),
    B("De hemel boven Nederland", "Ruben Sanders", "Uitgeverij Stad & Land", 2019, "volwassenen",
      "informatief", "sterrenkunde|sterren|planeten|natuur", "910",
      "Een praktische gids voor wie vanuit de eigen achtertuin naar de sterren wil kijken. "
      "Met sterrenkaarten per seizoen en de donkerste plekken van Nederland.",
      subtitle="sterren kijken vanuit je achtertuin"),
    B("Gezond ouder worden", "Annelies Prins", "Uitgeverij Ruim Zicht", 2020, "volwassenen",
      "informatief", "gezondheid|ouderen|bewegen|voeding", "860",
      "Praktische adviezen over bewegen, eten, slapen en sociale contacten na je zeventigste. "
      "Gedrukt in een grote, goed leesbare letter.", forms="grote letter"),
    B("Mediawijs opvoeden", "Saskia van Rijn", "Uitgeverij Boekwerk", 2022, "volwassenen",
      "informatief, opvoeding", "mediawijsheid|opvoeding|sociale media|gamen", "850",
      "Hoe lang mag een kind per dag op een scherm? Wat doe je tegen online pesten? Een "
      "nuchtere gids voor ouders van kinderen tussen vier en zestien."),
    B("Veilig online", "Joris Maas", "Uitgeverij Ruim Zicht", 2021, "volwassenen", "informatief",
      "digitale vaardigheden|ouderen|privacy|internetbankieren", "980",
      "Stap voor stap uitgelegd: een sterk wachtwoord maken, phishing herkennen, veilig "
      "bankieren en DigiD gebruiken. In grote letter, met veel schermafbeeldingen.",
      subtitle="een praktische gids voor senioren", forms="grote letter", holdings=(4, 8)),
    B("Tuinieren voor vlinders en bijen", "Mila Smit", "Terra", 2018, "volwassenen",
      "informatief", "tuinieren|insecten|biodiversiteit|bijen", "420",
      "Met de juiste planten maak je van elke tuin of balkonbak een paradijs voor insecten. "
      "Met plantenlijsten per maand."),
    B("De Rijn", "Gijs van Buren", "Atlas Contact", 2017, "volwassenen", "informatief",
      "Rijn|rivieren|Europa|geschiedenis", "680",
      "Een reis langs de hele Rijn, van de Zwitserse bergen tot de Noordzee, en door tweeduizend "
      "jaar geschiedenis van handel, oorlog en scheepvaart.", subtitle="biografie van een rivier"),
    B("Het zwijgen voorbij", "Priya Ramdin", "Prometheus", 2023, "volwassenen",
      "informatief, geschiedenis",
      "slavernijverleden|Suriname|Caribisch gebied|geschiedenis ; Nederland",
      "680",
      "Een toegankelijk overzicht van het Nederlandse slavernijverleden, van de handel in "
      "West-Afrika tot de afschaffing in 1863 en de doorwerking in het heden.",
      subtitle="het Nederlandse slavernijverleden", holdings=(4, 8)),
    B("Rembrandt en zijn leerlingen", "Suzanne de Graaf", "Uitgeverij Verloren", 2019,
      "volwassenen", "informatief, kunst", "schilderkunst|Rembrandt|Gouden Eeuw|kunst", "640",
      "Wie leerden het vak in de werkplaats van Rembrandt en wat namen ze mee? Rijk "
      "geïllustreerd overzicht van een bijzondere kunstenaarsgemeenschap."),
    B("Het brein van de lezer", "Ruben Sanders", "Uitgeverij Coutinho", 2021, "volwassenen",
      "informatief", "lezen|neurowetenschap|leesbevordering|onderwijs", "770",
      "Wat gebeurt er in je hoofd als je leest, en waarom is het zo belangrijk dat kinderen "
      "vroeg worden voorgelezen? Een helder boek over onderzoek naar lezen."),
    B("Kastelen en ruïnes van Nederland", "Wim Dijkstra", "Uitgeverij Stad & Land", 2012,
      "volwassenen", "informatief", "kastelen|middeleeuwen|erfgoed|ruïnes", "680",
      "Van de ruïne van Brederode tot de burchten van Limburg: een rondgang langs honderd "
      "kastelen, met plattegronden en reistips."),
    B("Een leven lang lezen", "Annelies Prins", "Uitgeverij Verloren", 2024, "volwassenen",
      "biografie", "bibliotheken|vrouwengeschiedenis|leesbevordering|biografieën", "681",
      "Biografie van Johanna Westerman (1889-1971), die als een van de eerste vrouwen een "
      "openbare bibliotheek leidde. Zij richtte jeugdafdelingen in en ging met een "
      "bibliobus de dorpen langs.", subtitle="het leven van bibliothecaresse Johanna Westerman"),
    B("De gemeente betaalt", "Marco Tielemans", "Uitgeverij Boekwerk", 2021, "volwassenen",
      "informatief", "gemeenten|financiering|bibliotheken|cultuurbeleid", "740",
      "Bibliotheken, muziekscholen en buurthuizen worden grotendeels door gemeenten betaald. "
      "Tielemans onderzoekt hoe die keuzes worden gemaakt en wat bezuinigingen betekenen.",
      subtitle="over lokale voorzieningen en hun financiering"),
    B("Wegwijs in Nederland", "Linda Post", "Uitgeverij Leeslicht", 2022, "volwassenen",
      "informatief", "inburgering|taal|wonen|zorg", "980",
      "Korte hoofdstukken over wonen, werken, de huisarts en de gemeente, in eenvoudige taal. "
      "Voor nieuwkomers en voor iedereen die makkelijk wil lezen.", forms="makkelijk lezen",
      series="Leeslicht", holdings=(3, 8)),
    B("Taal in de buurt", "Sanne Hermans", "Uitgeverij Coutinho", 2019, "volwassenen",
      "studieboek", "NT2|taal|Taalhuis|oefenen", "624",
      "Oefenboek Nederlands als tweede taal voor beginners, met gesprekjes die zich afspelen "
      "in de supermarkt, op school en in de bibliotheek.", subtitle="Nederlands voor beginners"),
    B("Filosofie voor de ochtend", "Daan Hofstede", "Ambo|Anthos", 2020, "volwassenen",
      "informatief", "filosofie|levenskunst|dagelijks leven", "730",
      "Tweehonderd korte stukjes filosofie om de dag mee te beginnen, van Seneca tot Hannah "
      "Arendt."),
    B("Het geheim van Ilse", "Linda Post", "Uitgeverij Leeslicht", 2021, "volwassenen",
      "roman", "familie|geheimen|vriendschap", "301",
      "Ilse vindt op zolder een oude foto van haar moeder met een onbekende man. Een spannend "
      "verhaal in eenvoudige taal, in korte hoofdstukken.", forms="makkelijk lezen",
      series="Leeslicht"),
    B("Een nieuwe baan", "Sanne Hermans", "Uitgeverij Leeslicht", 2022, "volwassenen", "roman",
      "werk|zelfvertrouwen|opnieuw beginnen", "301",
      "Na tien jaar thuis gaat Yasmin weer aan het werk, in de keuken van een druk café. Een "
      "verhaal in makkelijke taal over durven en doorzetten.", forms="makkelijk lezen",
      series="Leeslicht"),
    B("Naar de dokter", "Linda Post", "Uitgeverij Leeslicht", 2023, "volwassenen",
      "informatief", "gezondheid|huisartsen|zorg|taal", "860",
      "Wat zeg je tegen de assistente aan de telefoon? Wat betekent een verwijzing? Een "
      "informatief boek in eenvoudige taal over de zorg in Nederland.", forms="makkelijk lezen",
      series="Leeslicht"),
    B("Bewegen met peuters", "Kees Veldkamp", "Uitgeverij Boekwerk", 2020, "volwassenen",
      "informatief", "peuters|bewegen|motoriek|opvoeding", "850",
      "Honderd spelletjes voor thuis en buiten die balans, kracht en coördinatie van jonge "
      "kinderen stimuleren. Voor ouders, grootouders en pedagogisch medewerkers.",
      subtitle="spel, balans en coördinatie voor kinderen van 1 tot 4"),
    B("Je data, jouw keuze", "Fatima El Amrani", "Uitgeverij Boekwerk", 2023, "volwassenen",
      "informatief", "privacy|data|internet|digitale vaardigheden", "980",
      "Welke gegevens verzamelen apps, winkels en overheden over jou, en wat mag jij daarvan "
      "weten? Een praktische gids met voorbeeldbrieven om je gegevens op te vragen.",
      material="e-book"),
    B("Digitaal de baas", "Joris Maas", "Uitgeverij Boekwerk", 2022, "volwassenen",
      "informatief", "digitale vaardigheden|DigiD|overheid|e-mail", "980",
      "Een werkboek voor wie voor het eerst online zaken met de overheid moet regelen, van "
      "DigiD aanvragen tot een toeslag controleren.", material="e-book"),
]


# ---------------------------------------------------------------------------------------------
# Children and young adults
# ---------------------------------------------------------------------------------------------
YOUTH = [
    # 0-3: board books and first picture books
    B("Kijk, een eend!", "Iris Blom", "Uitgeverij Kikker & Co", 2018, "0-3",
      "kartonboek, prentenboek", "dieren|eenden|eerste woordjes|BoekStart", "271",
      "Stevig kartonboek met grote, heldere plaatjes van een eend die door de sloot zwemt. Op "
      "elke bladzijde één woord om samen te benoemen.", holdings=(4, 8)),
    B("Welterusten, kleine beer", "Hanna Zwaan", "Clavis", 2015, "0-3", "kartonboek",
      "slapen|bedtijd|beren|rituelen", "271",
      "Kleine beer zegt welterusten tegen de maan, de uil en zijn knuffel. Een rustig "
      "voorleesboekje voor het slapengaan."),
    B("Mijn eerste woorden", "Iris Blom", "Uitgeverij Kikker & Co", 2020, "0-3",
      "kartonboek, beeldwoordenboek", "meertaligheid|eerste woordjes|taal|BoekStart", "271",
      "Beeldwoordenboek met honderd woorden uit het dagelijks leven, in het Nederlands en het "
      "Arabisch. Voor ouders die hun kind in twee talen willen laten opgroeien.",
      subtitle="Nederlands en Arabisch", lang="nl, ar"),
    B("Kiekeboe in de dierentuin", "Hanna Zwaan", "Clavis", 2021, "0-3",
      "kartonboek, flapjesboek", "dieren|dierentuinen|kiekeboe", "271",
      "Wie verstopt zich achter de rots? Til de flapjes op en ontdek de leeuw, de giraf en het "
      "kleine aapje."),
    B("Boe zegt de koe", "Pim de Wit", "Uitgeverij Kikker & Co", 2012, "0-3", "kartonboek",
      "boerderijdieren|dierengeluiden|voorlezen|BoekStart", "271",
      "Een vrolijk boekje vol dierengeluiden om samen na te doen. Zit in veel BoekStartkoffertjes "
      "voor baby's.", holdings=(5, 8)),
    B("Kijk, een vogel!", "Iris Blom", "Uitgeverij Kikker & Co", 2022, "0-3", "kartonboek",
      "vogels|meertaligheid|eerste woordjes", "271",
      "Tweetalig kartonboek in het Nederlands en Engels over vogels in de tuin.",
      subtitle="Look, a bird!", lang="nl, en"),
    B("Wie zit er in bad?", "Hanna Zwaan", "Clavis", 2019, "0-3", "badboek",
      "badtijd|dieren|water", "271",
      "Een zacht badboekje dat tegen een natte dreumes kan. De eend, de vis en de kikker gaan "
      "mee in bad."),

    # 4-6: picture books and read-aloud books
    B("Kleine ontdekkingen", "Anouk Brinkman; Hanna Zwaan (illustrator)", "Lemniscaat", 2017,
      "4-6", "prentenboek", "natuur|grootouders|bos|verzamelen", "273",
      "Saar loopt met opa door het bos en vindt overal kleine schatten: een veer, een eikel, "
      "een slakkenhuis. Een prentenboek over goed kijken en samen ontdekken."),
    B("Het ijsje van Olifant", "Pim de Wit", "Uitgeverij Kikker & Co", 2016, "4-6",
      "prentenboek, humor", "dieren|zomer|delen|olifanten", "273",
      "Het is warm op de savanne en Olifant heeft het grootste ijsje van de wereld. Maar "
      "iedereen wil een likje. Een grappig prentenboek over delen."),
    B("Bram wil een hond", "Anouk Brinkman; Pim de Wit (illustrator)", "Clavis", 2020, "4-6",
      "prentenboek", "huisdieren|honden|wensen|verantwoordelijkheid", "273",
      "Bram wil niets liever dan een hond. Zijn ouders twijfelen: wie gaat hem uitlaten als "
      "het regent? Een herkenbaar prentenboek over huisdieren en zorgen voor een dier.",
      holdings=(4, 8)),
    B("De wolk die niet wilde regenen", "Merel Bakker; Iris Blom (illustrator)", "Lemniscaat",
      2014, "4-6", "prentenboek", "weer|fantasie|natuur|droogte", "273",
      "Een kleine wolk houdt al zijn druppels liever zelf. Maar dan ziet hij hoe de bloemen "
      "beneden verdorren."),
    B("Juf Lotje leest voor", "Roos Mulder; Mark Terpstra (illustrator)", "Zwijsen", 2019,
      "4-6", "prentenboek", "voorlezen|school|bibliotheek|leesbevordering", "273",
      "De klas van juf Lotje gaat op bezoek in de bibliotheek. Iedereen mag een boek kiezen, "
      "maar Timo weet niet welk. Een prentenboek dat kinderen laat zien hoe leuk de "
      "bibliotheek is.", holdings=(4, 8)),
    B("Opa's moestuin", "Anouk Brinkman; Mark Terpstra (illustrator)", "Clavis", 2021, "4-6",
      "prentenboek", "groenten|grootouders|seizoenen|tuinieren", "273",
      "Een jaar lang helpt Noor opa in zijn moestuin: zaaien, wieden, wachten en eindelijk "
      "oogsten. Met een zaaikalender achterin."),
    B("Pad en de regenboog", "Pim de Wit", "Uitgeverij Kikker & Co", 2013, "4-6", "prentenboek",
      "regenboog|vriendschap|kleuren", "273",
      "Pad wil weten waar de regenboog begint en gaat op reis met zijn vriend Egel."),
    B("De kat fan Kees", "Sjoerd Lemstra", "Afûk", 2018, "4-6", "prentenboek",
      "huisdieren|katten|Fries|meertaligheid", "273",
      "Prentenboek in het Fries met de Nederlandse tekst erbij. Kees wil weten waar zijn kat "
      "overdag naartoe gaat en volgt haar door het dorp.", lang="fy, nl"),
    B("Mijn huis", "Hanna Zwaan", "Uitgeverij Kikker & Co", 2019, "4-6", "prentenboek",
      "meertaligheid|wonen|familie|Turks", "273",
      "Tweetalig prentenboek in het Nederlands en Turks over wonen in een flat vol buren.",
      subtitle="Benim evim", lang="nl, tr"),
    B("Een draak in de klas", "Merel Bakker; Mark Terpstra (illustrator)", "Gottmer", 2022,
      "4-6", "voorleesboek, humor", "school|draken|fantasie", "281",
      "Op maandag zit er ineens een kleine draak in groep 2. Hij kan nog niet tellen, maar wel "
      "vuur spuwen. Tien voorleesverhalen van vijf minuten."),
    B("Sprookjes van de Lage Landen", "Anton de Bruin; Iris Blom (illustrator)", "Lannoo",
      2016, "4-6", "sprookjes, voorleesboek", "sprookjes|volksverhalen|België|Nederland", "281",
      "Twintig sprookjes en sagen uit Nederland en België, opnieuw verteld om voor te lezen. "
      "Van de Vrouwtjes van Stavoren tot de reus Druon Antigoon.", holdings=(3, 8)),

    # 7-9: first readers and young readers
    B("De dierenarts van Dokkum", "Noor Kuipers; Pim de Wit (illustrator)", "Zwijsen", 2018,
      "7-9", "eerste lezen", "huisdieren|dierenartsen|Fryslân|dieren", "282",
      "Lina mag een week meehelpen in de praktijk van haar tante, de dierenarts van Dokkum. "
      "Een konijn met oorpijn, een hond die een sok heeft opgegeten: elke dag is anders. Een "
      "vrolijk dierenboek voor beginnende lezers.", series="Leesleeuw"),
    B("Het spookhuis aan de overkant", "Ruben Sanders", "Kluitman", 2020, "7-9",
      "griezel, eerste lezen", "spoken|buren|moed", "282",
      "Het huis aan de overkant staat al jaren leeg. Toch brandt er 's nachts licht. Kaan en "
      "Jip gaan kijken."),
    B("Doelpunt!", "Daan Hofstede", "Uitgeverij Letterlicht", 2019, "7-9", "sport",
      "voetbal|vriendschap|teams", "282",
      "Mo is de kleinste van het team en zit altijd op de bank. Tot de keeper ziek wordt. "
      "Gedrukt in een letter die prettig leest voor kinderen met dyslexie.", forms="dyslexie"),
    B("Het geheim van de bibliotheek", "Lotte Meijerink", "Leopold", 2021, "7-9",
      "detective, avontuur", "bibliotheken|geheimen|vriendschap|lezen", "282",
      "Noor en Jens vinden tussen de boeken van de bibliotheek een kaart met een geheime "
      "boodschap. Wie heeft hem daar verstopt, en waarom? Een spannend boek voor kinderen die "
      "net goed kunnen lezen.", holdings=(4, 8)),
    B("Dino's in de tuin", "Pim de Wit", "Zwijsen", 2017, "7-9", "eerste lezen, humor",
      "dinosaurussen|tuinen|fantasie", "282",
      "Op een ochtend staat er een dinosaurus in de tuin van Sem. Hij eet alle sla op en "
      "wil niet meer weg.", series="Leesleeuw"),
    B("Mijn opa is een piraat", "Merel Bakker", "Kluitman", 2016, "7-9", "avontuur, humor",
      "grootouders|piraten|zee", "282",
      "Opa beweert dat hij vroeger piraat was. Dat gelooft Lotte natuurlijk niet, tot ze op "
      "zolder een schatkaart vindt."),
    B("Mein großes Buch der Haustiere", "Katrin Hollmann", "Carlsen", 2018, "7-9",
      "informatief", "huisdieren|dieren|verzorging", None,
      "Duits informatief boek over huisdieren, van de hamster tot het paard. Met grote foto's "
      "en korte teksten, ook geschikt voor kinderen die Duits leren.", lang="de"),

    # 10-12
    B("De jongen die de sterren telde", "Olaf Brouwer", "Querido", 2019, "10-12", "roman",
      "sterrenkunde|autisme|vriendschap|hemel", "283",
      "Tobias weet alles van sterren maar weinig van vriendschap. Als er een nieuw meisje in "
      "de klas komt dat net zo graag naar de hemel kijkt, verandert zijn wereld.",
      holdings=(3, 8)),
    B("Het raadsel van de ruïne", "Koen Vermeulen", "Davidsfonds", 2015, "10-12",
      "avontuur, detective", "kastelen|zomervakantie|België|Ardennen", "283",
      "Tijdens de zomervakantie in de Belgische Ardennen ontdekken Tess en haar broer een "
      "geheime gang onder een ruïne. Iemand anders zoekt daar ook, en die heeft minder goede "
      "bedoelingen."),
    B("Het grote dierenboek", "Yara Kok", "Lannoo", 2019, "10-12", "informatief, naslagwerk",
      "dieren|dierenboeken|natuur|kinderboeken", "220",
      "Een kleurrijk naslagwerk met meer dan vierhonderd dieren van alle continenten, met "
      "weetjes, kaarten en foto's. Een dierenboek om steeds opnieuw in te bladeren.",
      subtitle="van mier tot walvis", holdings=(4, 8)),
    B("Hoe werkt je lichaam?", "Ruben Sanders; Mark Terpstra (illustrator)", "Lannoo", 2018,
      "10-12", "informatief", "lichaam|gezondheid|biologie", "210",
      "Van je hartslag tot je hersenen: een vrolijk geïllustreerde ontdekkingsreis door het "
      "menselijk lichaam, met proefjes om zelf te doen.",
      subtitle="een ontdekkingsreis van top tot teen"),
    B("Mijn hamster heet Einstein", "Lotte Meijerink", "Leopold", 2021, "10-12",
      "humor, dierenverhaal", "huisdieren|hamsters|school|humor", "283",
      "Jesse krijgt een hamster die slimmer lijkt dan de hele klas bij elkaar. Een grappig "
      "boek over huisdieren, rekentoetsen en een spreekbeurt die helemaal misgaat."),
    B("Klimaathelden", "Joris Maas; Iris Blom (illustrator)", "Lemniscaat", 2022, "10-12",
      "informatief", "klimaatverandering|duurzaamheid|kinderen|natuur", "210",
      "Wat is klimaatverandering en wat kun je er zelf aan doen? Een hoopvol informatief boek "
      "met verhalen van kinderen uit de hele wereld die in actie kwamen.",
      subtitle="wat kinderen kunnen doen tegen klimaatverandering", holdings=(3, 8)),
    B("Dagboek van een brugklasser", "Daan Hofstede", "Kluitman", 2023, "10-12",
      "humor, dagboekroman", "school|brugklas|puberteit|vriendschap", "283",
      "Het eerste jaar op de middelbare school, verteld door Finn in zijn dagboek vol "
      "tekeningen. Over kluisjes, verliefdheid en de strengste mentor van Nederland."),
    B("De gouden schaats", "Noor Kuipers", "Ploegsma", 2011, "10-12", "historische roman",
      "schaatsen|Fryslân|winter|negentiende eeuw", "283",
      "Friesland, 1890. Wieke wil meedoen aan de grote wedstrijd op het ijs, maar meisjes "
      "horen niet te schaatsen. Dus verkleedt ze zich als jongen."),
    B("Storm op de manege", "Carlijn Peters", "Kluitman", 2017, "10-12", "paardenboek",
      "paarden|manege|vriendschap", "283",
      "Lisa brengt elke vrije minuut door op de manege. Als haar lievelingspony verkocht dreigt "
      "te worden, bedenkt ze samen met haar vriendinnen een plan.",
      series="Manege De Hoefslag ; 3"),
    B("Hackers van groep 8", "Ruben Sanders", "Leopold", 2021, "10-12", "avontuur",
      "computers|programmeren|vriendschap|privacy", "283",
      "Vier vrienden uit groep 8 ontdekken dat de nieuwe schoolapp meer over hen weet dan goed "
      "is. Een spannend boek over programmeren en privacy."),
    B("Waarom is de zee zout?", "Yara Kok", "Lemniscaat", 2019, "10-12", "informatief",
      "zee|natuurwetenschap|vragen|oceanen", "210",
      "Vijftig vragen die kinderen stellen over de zee, met korte en duidelijke antwoorden."),
    B("Les enfants de la dune", "Manon Lefèvre", "L'École des loisirs", 2018, "10-12",
      "avontuur", "duinen|zee|vriendschap|Normandië", None,
      "Frans jeugdboek over drie kinderen die een zomer lang een verlaten bunker in de duinen "
      "onderzoeken.", lang="fr"),
    B("The Boy Who Counted Birds", "Peter Lowe", "Walker Books", 2020, "10-12", "roman",
      "vogels|vriendschap|Engeland|natuur", None,
      "Engelstalig jeugdboek over een stille jongen die met een vogelgids door de moerassen "
      "van Norfolk trekt en daar een onverwachte vriend vindt.", lang="en"),

    # 13-15
    B("Alles wat ik niet zei", "Lieke Schouten", "Lemniscaat", 2020, "13-15", "young adult",
      "pesten|vriendschap|sociale media|school", "284",
      "Sanne ziet hoe haar beste vriendin online wordt gepest en zegt niets. Een aangrijpend "
      "boek over zwijgen, schuld en de moed om toch iets te doen.", holdings=(4, 8)),
    B("Stormvloed", "Bram Oosterhuis", "Ploegsma", 2018, "13-15", "historische roman, avontuur",
      "watersnoodramp|Zeeland|overleven|1953", "284",
      "In de nacht van de watersnood zit de veertienjarige Kees met zijn kleine zusje op het "
      "dak van hun boerderij. Een spannend verhaal over overleven en hoop."),
    B("De stem van Yasmina", "Nadia Haddou", "Querido", 2021, "13-15", "young adult",
      "vluchtelingen|Syrië|school|muziek", "284",
      "Yasmina is twee jaar in Nederland en spreekt de taal steeds beter. Maar pas als ze "
      "gaat zingen, wordt ze echt gehoord."),
    B("Schaakmat", "Koen Vermeulen", "Gottmer", 2019, "13-15", "young adult",
      "schaken|competitie|broers", "284",
      "Twee broers, één schaaktoernooi en een vader die alleen de winnaar ziet staan."),
    B("Wie ben ik online?", "Saskia van Rijn", "Lannoo", 2021, "13-15", "informatief",
      "mediawijsheid|sociale media|privacy|identiteit", "210",
      "Over likes, filters, nepnieuws en wat je wel en niet deelt. Een informatief boek over "
      "mediawijsheid voor tieners, met tests en tips."),
    B("De reis van Amal", "Mohammed Ouali; Sjoerd Lemstra (illustrator)", "Ballon Media", 2020,
      "13-15", "graphic novel", "vluchtelingen|migratie|familie|strips", "360",
      "Graphic novel over een meisje dat met haar moeder van Aleppo naar Groningen reist. "
      "Sober getekend, met weinig woorden en veel gevoel."),
    B("Gamer", "Daan Hofstede", "Uitgeverij Letterlicht", 2022, "13-15", "young adult",
      "gamen|verslaving|vriendschap", "284",
      "Thijs speelt elke nacht door tot het licht wordt. Als zijn cijfers kelderen, grijpt zijn "
      "beste vriend in. Uitgave in een dyslexievriendelijke letter.", forms="dyslexie"),
    B("Ink and Ice", "Jade Moreno", "Bloomsbury", 2022, "13-15", "fantasy",
      "magie|ijs|zussen|avontuur", None,
      "Engelstalige fantasy over twee zussen in een bevroren rijk, waar wie schrijft de macht "
      "heeft om ijs te laten smelten.", lang="en"),

    # 16-18
    B("Na de zomer", "Lieke Schouten", "Querido", 2021, "16-18", "young adult, romantiek",
      "liefde|identiteit|LHBTIQ+|eindexamen", "285",
      "De zomer na het eindexamen werken Luuk en Jonas in hetzelfde strandpaviljoen. Een "
      "liefdesverhaal over jezelf durven zijn.", holdings=(3, 8)),
    B("Vrij", "Rik Lammers", "Gottmer", 2019, "16-18", "thriller, young adult",
      "misdaad|vriendschap|vertrouwen", "285",
      "Na twee jaar in een jeugdinrichting wil Dani opnieuw beginnen. Maar zijn oude vrienden "
      "laten hem niet zomaar gaan."),
    B("Wat we achterlaten", "Jelle Visser", "Lemniscaat", 2023, "16-18", "young adult",
      "klimaatverandering|activisme|familie", "285",
      "Roos wil de snelweg blokkeren voor het klimaat, haar vader werkt bij een oliebedrijf. "
      "Een roman over idealen en loyaliteit."),
    B("Blauwe uren", "Femke Jansma", "Querido", 2018, "16-18", "young adult",
      "depressie|muziek|vriendschap", "285",
      "Een eerlijk boek over een meisje dat in de winter van haar examenjaar steeds dieper "
      "wegzakt, en over de muziek die haar terugbrengt."),
    B("Literatuur voor je lijst", "Judith van der Linden", "Uitgeverij Coutinho", 2020, "16-18",
      "informatief, studieboek", "leesbevordering|literatuur|leeslijst|eindexamen", "840",
      "Zestig Nederlandse en Vlaamse romans voor de leeslijst, elk op twee bladzijden "
      "besproken. Met tips om je eigen keuze te maken.", subtitle="een gids voor de leeslijst"),
    B("Short Stories in Easy English", "Helen Marsh", "Penguin Books", 2021, "16-18",
      "verhalen", "Engelse taal|taal leren|verhalen", None,
      "Tien korte verhalen in eenvoudig Engels, met een woordenlijst per verhaal. Geschikt "
      "voor scholieren en volwassenen die hun Engels willen oefenen.", lang="en",
      forms="makkelijk lezen"),
]

# A picture-book and a strip series, composed from one line per volume
SAM_EN_SAAR = [
    ("en de bus", 2015, "bussen|verkeer|opa en oma",
     "Sam en Saar gaan met de bus naar oma. Maar welke bus moeten ze nemen?"),
    ("op de markt", 2015, "markt|boodschappen|eten",
     "Op de markt kopen Sam en Saar appels, kaas en een vis die nog beweegt."),
    ("bij de dokter", 2016, "gezondheid|dokters|ziek zijn",
     "Saar heeft een zere keel. Sam gaat mee naar de dokter en mag het lampje vasthouden."),
    ("in de bibliotheek", 2017, "bibliotheken|lezen|leesbevordering",
     "Sam en Saar krijgen hun eigen bibliotheekpas en kiezen elk drie boeken. Saar kiest "
     "dierenboeken, Sam wil alleen boeken over raketten."),
    ("en het ijs", 2018, "winter|schaatsen|ijs",
     "Het heeft gevroren! Sam en Saar willen schaatsen, maar is het ijs wel sterk genoeg?"),
]

KAPITEIN_KNIJN = [
    ("De schat van Schokland", 2014, "schatten|Zuiderzee|Flevoland",
     "Kapitein Knijn en zijn papegaai Pietje zoeken een schat op het oude eiland Schokland."),
    ("Storm op de Zuiderzee", 2015, "storm|Zuiderzee|zeilen",
     "Een zware storm drijft de Zwarte Knijn uit de koers, recht op een zandbank af."),
    ("Het spookschip van Texel", 2016, "spoken|Texel|schepen",
     "Elke nacht vaart er een schip zonder bemanning langs de kust van Texel."),
    ("Knijn in België", 2018, "België|Antwerpen|havens",
     "De kapitein moet een geheime lading afleveren in de haven van Antwerpen."),
    ("De laatste reis", 2021, "afscheid|vriendschap|zee",
     "Kapitein Knijn wil met pensioen, maar Pietje denkt daar heel anders over."),
]

# ---------------------------------------------------------------------------------------------
# English, German and French titles (descriptions in Dutch, as a Dutch catalogue writes them)
# ---------------------------------------------------------------------------------------------
FOREIGN = [
    B("The Lighthouse at Low Tide", "Fiona Marsh", "Bloomsbury", 2018, "volwassenen", "roman",
      "vuurtorens|Schotland|familie|zee", None,
      "Een vrouw erft de vuurtoren van haar grootvader op een Schots eiland en ontdekt via zijn "
      "logboeken een familiegeheim.", lang="en"),
    B("Open Shelves", "Daniel Hartley", "Routledge", 2019, "volwassenen",
      "vakliteratuur, geschiedenis", "bibliotheken|geschiedenis|leesbevordering|democratie", None,
      "Engelstalige sociale geschiedenis van de openbare bibliotheek in Europa en Noord-Amerika, "
      "van de leeszalen van arbeidersverenigingen tot de digitale bibliotheek.",
      subtitle="A Social History of the Public Library", lang="en"),
    B("Milo and the Moon", "Amy Carter", "Walker Books", 2016, "4-6", "prentenboek",
      "maan|slapen|fantasie", None,
      "Engelstalig prentenboek over een jongetje dat de maan uitnodigt om bij hem te komen "
      "logeren.", lang="en"),
    B("Glass Harbour", "Sean Whitaker", "HarperCollins", 2021, "volwassenen", "thriller",
      "misdaad|Ierland|havens|politie", None,
      "Engelstalige thriller over een rechercheur in Dublin die een reeks inbraken onderzoekt "
      "in de glazen kantoren aan de haven.", lang="en"),
    B("Data, Privacy and the Public Library", "Helen Cho", "Facet Publishing", 2023,
      "volwassenen", "vakliteratuur", "privacy|bibliotheken|data|ethiek", None,
      "Handboek voor bibliotheekmedewerkers over het verantwoord omgaan met gegevens van "
      "leden, van uitleenhistorie tot wifi-logs.", lang="en"),
    B("Cities for Cyclists", "Tom Bradley", "Vintage", 2017, "volwassenen", "informatief",
      "fietsen|stedenbouw|Amsterdam|Kopenhagen", None,
      "Een Britse journalist onderzoekt waarom Amsterdam en Kopenhagen fietssteden werden en "
      "wat andere steden daarvan kunnen leren.", lang="en"),
    B("A Year of Small Creatures", "Claire Whitfield", "Faber & Faber", 2019, "volwassenen",
      "natuur, informatief", "insecten|tuinen|natuur|seizoenen", None,
      "Een jaar lang houdt de schrijfster bij welke kleine dieren haar stadstuin bezoeken. "
      "Poëtisch natuurboek in het Engels.", lang="en"),
    B("The Last Bookshop on Canal Street", "Rebecca Hale", "HarperCollins", 2020,
      "volwassenen", "feelgood, roman", "boekhandels|Amsterdam|liefde|boeken", None,
      "Een Engelse vertaalster neemt een tweedehandsboekwinkel aan een Amsterdamse gracht "
      "over en raakt verwikkeld in de levens van haar vaste klanten.", lang="en"),
    B("Reading Together", "Sarah Milton", "Routledge", 2018, "volwassenen", "vakliteratuur",
      "leesbevordering|onderwijs|kinderboeken|schoolbibliotheken", None,
      "Over het opbouwen van een leescultuur op de basisschool: de schoolbibliotheek, "
      "voorlezen in de klas en samenwerking met de openbare bibliotheek.",
      subtitle="Building a Reading Culture in Primary Schools", lang="en"),
    B("The Salt Road", "Fiona Marsh", "Bloomsbury", 2015, "volwassenen", "historische roman",
      "zout|handel|middeleeuwen|Engeland", None,
      "Historische roman over een zouthandelaar in het veertiende-eeuwse Engeland.", lang="en"),

    B("Der Leuchtturmwärter von Borkum", "Henrike Albers", "dtv", 2017, "volwassenen", "roman",
      "vuurtorens|Waddeneilanden|eenzaamheid|Duitsland", None,
      "Duitse roman over een vuurtorenwachter op Borkum die na veertig jaar zijn post moet "
      "verlaten.", lang="de"),
    B("Nachtzug nach Utrecht", "Jonas Weller", "Suhrkamp", 2020, "volwassenen", "roman",
      "treinen|Utrecht|liefde|Europa", None,
      "In een nachttrein van Wenen naar Utrecht vertellen twee vreemden elkaar hun leven. "
      "Duitstalige roman.", lang="de"),
    B("Lotte und der Schneehase", "Katrin Hollmann", "Carlsen", 2019, "4-6", "prentenboek",
      "winter|sneeuw|dieren|vriendschap", None,
      "Duits prentenboek over een meisje dat in de sneeuw een haas volgt naar zijn hol.",
      lang="de"),
    B("Bibliotheken der Zukunft", "Andreas Keller", "Hanser", 2021, "volwassenen",
      "vakliteratuur", "bibliotheken|architectuur|ontmoetingsplekken|Duitsland", None,
      "Over nieuwe bibliotheekgebouwen in Duitsland, Nederland en Scandinavië en hoe zij zich "
      "ontwikkelen tot open ruimtes voor iedereen.", subtitle="Räume für alle", lang="de"),
    B("Die Stille nach dem Sturm", "Jonas Weller", "Rowohlt", 2016, "volwassenen", "thriller",
      "misdaad|Noordzee|storm", None,
      "Duitse thriller die zich afspeelt op een Noord-Fries eiland na een zware stormvloed.",
      lang="de"),
    B("Deutsch für Niederländer", "Andreas Keller; Sanne Hermans", "Klett", 2019,
      "volwassenen", "studieboek", "Duitse taal|grammatica|taal leren", None,
      "Beknopte Duitse grammatica voor Nederlandstaligen, met uitleg in het Nederlands en "
      "oefeningen in het Duits.", subtitle="Grammatik kompakt", lang="de, nl"),
    B("Das Café am Rande der Stadt", "Henrike Albers", "dtv", 2022, "volwassenen",
      "roman, feelgood", "cafés|vriendschap|ouderen|Hamburg", None,
      "Duitse roman over een café aan de rand van Hamburg waar een groep ouderen elke dinsdag "
      "samen kookt.", lang="de"),
    B("Grenzgänger", "Jonas Weller", "Suhrkamp", 2014, "volwassenen", "verhalen",
      "grensstreek|Duitsland|Limburg|identiteit", None,
      "Verhalen over mensen die dagelijks de grens tussen Nederland en Duitsland oversteken.",
      subtitle="Geschichten vom Niederrhein", lang="de"),

    B("Un hiver à Bruxelles", "Élise Marchal", "Gallimard", 2017, "volwassenen", "roman",
      "België|Brussel|winter|liefde", None,
      "Franse roman over een Parijse fotografe die een winter in Brussel doorbrengt en de stad "
      "door de ogen van haar bewoners leert kennen.", lang="fr"),
    B("Le chat qui lisait", "Manon Lefèvre", "L'École des loisirs", 2020, "4-6", "prentenboek",
      "katten|lezen|bibliotheken", None,
      "Frans prentenboek over een kat die elke nacht stiekem de bibliotheek in glipt om te "
      "lezen.", lang="fr"),
    B("Les aventures de Capucine", "Élise Marchal; Bastien Roux (illustrator)", "Casterman",
      2015, "10-12", "strip", "schatten|Maas|avontuur|België", None,
      "Franstalige strip. Capucine zoekt met haar opa een schat die ergens langs de Maas "
      "tussen Namen en Dinant verborgen ligt.", subtitle="Le trésor de la Meuse", lang="fr"),
    B("Cuisine belge d'hier et d'aujourd'hui", "Claire Fontanel", "Racine", 2019, "volwassenen",
      "kookboek", "koken|België|streekgerechten", None,
      "Frans kookboek met klassieke Belgische gerechten, van stoverij tot wafels, en hun "
      "moderne varianten.", lang="fr"),
    B("La bibliothèque des rêves", "Élise Marchal", "Flammarion", 2021, "volwassenen", "roman",
      "bibliotheken|dromen|fantasie", None,
      "Franse roman over een bibliothecaris die ontdekt dat de boeken in zijn bibliotheek de "
      "dromen van de lezers bewaren.", lang="fr"),
    B("Petit guide des oiseaux du Nord", "Bastien Roux", "Flammarion", 2016, "volwassenen",
      "natuur, naslagwerk", "vogels|natuur|Noord-Frankrijk|België", None,
      "Franstalige veldgids met honderdvijftig vogelsoorten uit Noord-Frankrijk, België en "
      "Nederland.", lang="fr"),
    B("Bonjour Brussel!", "An Peeters; Bastien Roux (illustrator)", "Lannoo", 2021, "4-6",
      "prentenboek", "Brussel|meertaligheid|België|steden", "273",
      "Tweetalig prentenboek in het Nederlands en Frans over een dag in Brussel, van de "
      "tram tot de frietkraam.", lang="nl, fr"),
    B("Apprendre à lire avec Léo", "Manon Lefèvre", "L'École des loisirs", 2017, "7-9",
      "eerste lezen", "lezen leren|school|Franse taal", None,
      "Frans boek voor beginnende lezers, ook gebruikt in tweetalige klassen.", lang="fr"),
]

YOUTH += [
    B("Sterk als een beer", "Merel Bakker; Hanna Zwaan (illustrator)", "Gottmer", 2020, "4-6",
      "prentenboek", "angst|moed|beren|gevoelens", "273",
      "Kleine Beer durft niet alleen het bos in. Mama Beer leert hem dat sterk zijn iets anders "
      "is dan nooit bang zijn."),
    B("Van ei tot kip", "Yara Kok; Iris Blom (illustrator)", "Clavis", 2018, "4-6",
      "informatief, prentenboek", "boerderijdieren|kippen|groeien|natuur", "224",
      "Een informatief prentenboek dat stap voor stap laat zien hoe een kuiken in het ei groeit "
      "en uitkomt. Met echte foto's en tekeningen."),
    B("Mijn eerste boek over het weer", "Ruben Sanders; Iris Blom (illustrator)", "Clavis",
      2021, "4-6", "informatief", "weer|regen|seizoenen|natuur", "224",
      "Waarom regent het? Waar komt de wind vandaan? Eenvoudige antwoorden met grote "
      "tekeningen voor nieuwsgierige kleuters."),
    B("Tijn en de tijdmachine", "Koen Vermeulen", "Zwijsen", 2019, "7-9",
      "sciencefiction, eerste lezen", "tijdreizen|middeleeuwen|uitvindingen", "282",
      "Van een oude wasmachine bouwt Tijn een tijdmachine. Per ongeluk belandt hij in een "
      "middeleeuwse burcht, vlak voor het toernooi.", series="Leesleeuw"),
    B("Een paard in de flat", "Lotte Meijerink", "Kluitman", 2022, "7-9", "humor",
      "paarden|wonen|buren", "282",
      "Opa heeft een paard gewonnen. Het probleem: hij woont op drie hoog in Utrecht Overvecht."),
    B("Hoe word je een goede baas?", "Yara Kok", "Lannoo", 2020, "7-9", "informatief",
      "huisdieren|verzorging|dierenboeken|verantwoordelijkheid", "220",
      "Wat eet een konijn, hoe vaak moet een hond naar buiten en hoe oud wordt een goudvis? "
      "Informatief boek over het verzorgen van huisdieren, met per dier een handige checklist.",
      subtitle="alles over het verzorgen van je huisdier"),
    B("Gedichten met een staart", "Wendela Roos; Pim de Wit (illustrator)", "Querido", 2017,
      "7-9", "poëzie", "dieren|humor|gedichten", "290",
      "Veertig grappige gedichten over dieren met een staart, van de kat tot de komeet."),
    B("Winter op de Veluwe", "Noor Kuipers", "Ploegsma", 2022, "10-12", "avontuur, natuur",
      "wolven|Veluwe|Gelderland|natuur", "283",
      "Als er een wolf wordt gezien in de bossen achter haar huis, wil Eva hem met eigen ogen "
      "zien. Maar niet iedereen in het dorp is blij met de nieuwe bewoner van de Veluwe."),
    B("Leven in de Gouden Eeuw", "Gerrit Bosman; Mark Terpstra (illustrator)", "Lemniscaat",
      2016, "10-12", "informatief, geschiedenis", "Gouden Eeuw|geschiedenis ; Nederland|Amsterdam",
      "217",
      "Hoe leefde een weeskind, een koopman of een schilder in de zeventiende eeuw? Rijk "
      "geïllustreerd informatief boek voor de bovenbouw."),
    B("De oorlog van opa", "Priya Ramdin", "Leopold", 2020, "10-12", "historische roman",
      "Tweede Wereldoorlog|Nederlands-Indië|grootouders|herinneringen", "283",
      "Voor een spreekbeurt interviewt Dewi haar opa over zijn jeugd in Nederlands-Indië. Zijn "
      "verhalen over de Japanse bezetting zijn anders dan wat ze in haar lesboek las."),
    B("Voetbalmeiden", "Carlijn Peters", "Kluitman", 2021, "10-12", "sport",
      "voetbal|meisjes|vriendschap|teams", "283",
      "Het meidenteam van VV De Polder mag meedoen aan een toernooi in Spanje, als ze het geld "
      "voor de reis bij elkaar krijgen."),
    B("Vlinders in je buik", "Lieke Schouten", "Gottmer", 2019, "13-15", "young adult, romantiek",
      "verliefdheid|puberteit|vriendschap", "284",
      "Mila is verliefd op de beste vriend van haar broer. Een luchtig boek over het eerste "
      "jaar van de bovenbouw."),
    B("Moord op de camping", "Rik Lammers", "Kluitman", 2020, "13-15", "thriller",
      "misdaad|vakantie|kamperen", "284",
      "Op een camping in de Ardennen verdwijnt een jongen. Jesse en Roos beginnen hun eigen "
      "onderzoek, ook al waarschuwt iedereen hen.", holdings=(2, 5)),
    B("Uitgeput", "Judith van der Linden", "Lannoo", 2022, "16-18", "informatief",
      "stress|mentale gezondheid|school|slapen", "210",
      "Over prestatiedruk, slaap en stress bij jongeren, met ervaringsverhalen en praktische "
      "tips. Geschreven samen met een groep scholieren."),
]

FICTION += [
    B("De hemelbestormers", "Thomas Baaijens", "Atlas Contact", 2013, "volwassenen", "roman",
      "ruimtevaart|ambitie|Noordwijk|wetenschap", "301",
      "Een team ingenieurs in Noordwijk werkt aan een satelliet die de oudste sterren moet "
      "fotograferen. Een roman over ambitie, jaloezie en de drang om verder te kijken."),
    B("Stad van glas", "Sjoerd Lemstra", "Ballon Media", 2024, "volwassenen",
      "graphic novel, sciencefiction", "steden|toekomst|klimaatverandering|strips", "360",
      "Graphic novel over een Rotterdam in 2090, beschermd door een glazen koepel tegen het "
      "stijgende water. Eén vrouw wil weten wat er buiten de koepel gebeurt."),
    B("Honderd gedichten hardop", "Wendela Roos (redacteur); Jan-Willem Kroon (verteller); "
      "Marleen Steenbeek (verteller)", "Luisterrijk", 2018, "volwassenen", "poëzie",
      "poëzie|voorlezen|Nederlandse literatuur", "306",
      "Honderd bekende en minder bekende Nederlandse en Vlaamse gedichten, voorgelezen door "
      "twee stemmen. Van de middeleeuwen tot nu.", material="luisterboek"),
    B("Spookverhalen voor bij het kampvuur", "Koen Vermeulen; Ruud Hendriksen (verteller)",
      "Rubinstein", 2019, "10-12", "griezel, verhalen, hoorspel", "spoken|kamperen|griezelen",
      "283",
      "Tien griezelverhalen om in het donker naar te luisteren, met geluidseffecten en "
      "muziek. Niet voor bange kinderen.", material="luisterboek"),
]

# Further editions of titles above: (title, what differs). Descriptions follow the base title.
ALTERNATES = [
    ("Café De Zwaan", {"material": "luisterboek", "year": 2022, "publisher": "Luisterrijk",
                       "narrator": "Ruud Hendriksen"}),
    ("Café De Zwaan", {"year": 2022, "publisher": "Dedicon", "forms": "braille"}),
    ("Nachtdienst", {"material": "e-book"}),
    ("Nachtdienst", {"material": "luisterboek", "year": 2021, "publisher": "Rubinstein",
                     "narrator": "Youssef Amrani"}),
    ("Koud spoor", {"material": "e-book"}),
    ("Koud spoor", {"year": 2024, "publisher": "Uitgeverij Ruim Zicht", "forms": "grote letter",
                    "series": "Ruim Zicht Grote Letter"}),
    ("Schaduwspel", {"material": "e-book"}),
    ("Het laatste vonnis", {"material": "luisterboek", "year": 2019, "publisher": "Luisterrijk",
                            "narrator": "Marleen Steenbeek"}),
    ("Zoutwater", {"material": "e-book"}),
    ("Zoutwater", {"material": "luisterboek", "year": 2024, "publisher": "Rubinstein",
                   "narrator": "Sophie van Oss"}),
    ("De vogelaar", {"material": "luisterboek", "year": 2015, "publisher": "Dedicon",
                     "narrator": "Ruud Hendriksen"}),
    ("De stille jaren", {"year": 2015, "publisher": "Uitgeverij Ruim Zicht",
                         "forms": "grote letter", "series": "Ruim Zicht Grote Letter"}),
    ("De stille jaren", {"year": 2014, "publisher": "Dedicon", "forms": "braille"}),
    ("Het verdronken land", {"year": 2013, "edition": "3e druk", "description": None}),
    ("Het verdronken land", {"material": "luisterboek", "year": 2020, "publisher": "Luisterrijk",
                             "narrator": "Jan-Willem Kroon"}),
    ("IJstijd in de polder", {"material": "e-book"}),
    ("Klimaat in de polder", {"material": "e-book"}),
    ("Open boeken", {"material": "e-book", "year": 2017}),
    ("Lezen doe je samen", {"material": "e-book"}),
    ("Het grote huisdierenboek", {"year": 2022, "edition": "Herziene editie", "isbn2": True}),
    ("Alles wat ik niet zei", {"material": "luisterboek", "year": 2021, "publisher": "Rubinstein",
                               "narrator": "Sophie van Oss"}),
    ("Alles wat ik niet zei", {"year": 2022, "publisher": "Uitgeverij Letterlicht",
                               "forms": "dyslexie", "edition": "Dyslexie-editie"}),
    ("Na de zomer", {"material": "e-book"}),
    ("Het raadsel van de ruïne", {"material": "luisterboek", "year": 2017,
                                  "publisher": "Rubinstein", "narrator": "Ruud Hendriksen"}),
    ("De jongen die de sterren telde", {"year": 2020, "publisher": "Dedicon", "forms": "braille"}),
    ("De jongen die de sterren telde", {"year": 2021, "publisher": "Uitgeverij Letterlicht",
                                        "forms": "dyslexie", "edition": "Dyslexie-editie"}),
    ("Het geheim van de bibliotheek", {"year": 2022, "publisher": "Uitgeverij Letterlicht",
                                       "forms": "dyslexie", "edition": "Dyslexie-editie"}),
    ("Bram wil een hond", {"year": 2021, "publisher": "Dedicon", "forms": "braille",
                           "subtitle": "voelboek in braille en zwartdruk"}),
    ("Stormvloed", {"material": "e-book", "year": 2019}),
    ("Sprookjes van de Lage Landen", {"material": "luisterboek", "year": 2018,
                                      "publisher": "Rubinstein", "narrator": "Marleen Steenbeek"}),
    ("De kaartenmaker", {"year": 2019, "publisher": "Uitgeverij Ruim Zicht",
                         "forms": "grote letter", "series": "Ruim Zicht Grote Letter"}),
    ("Wolken boven Groningen", {"material": "luisterboek", "year": 2021,
                                "publisher": "Luisterrijk", "narrator": "Jan-Willem Kroon"}),
    ("Het huis aan de Maasboulevard", {"material": "e-book"}),
    ("Het zwijgen voorbij", {"material": "e-book"}),
    ("Het zwijgen voorbij", {"year": 2024, "publisher": "Dedicon", "forms": "braille"}),
    ("Nederland in oorlog", {"year": 2020, "edition": "2e druk", "description": None}),
    ("Het ijsje van Olifant", {"year": 2018, "publisher": "Dedicon", "forms": "braille",
                               "subtitle": "voelboek in braille en zwartdruk"}),
    ("Wegwijs in Nederland", {"material": "luisterboek", "year": 2023,
                              "publisher": "Uitgeverij Leeslicht", "narrator": "Ruud Hendriksen"}),
]


# ---------------------------------------------------------------------------------------------
# Other materials: serials, newspapers, film, music, sheet music, games, podcasts, web, kits
# ---------------------------------------------------------------------------------------------
OTHER = [
    # tijdschriften (year and edition: the volume the library currently keeps)
    B("De Bibliothecaris", "", "Bibliotheekpers Tijdschriften", 2024, "volwassenen",
      "vaktijdschrift", "bibliotheken|leesbevordering|collectievorming|beleid", None,
      "Tweemaandelijks vakblad met nieuws, achtergronden en praktijkvoorbeelden uit de "
      "openbare bibliotheken. Elk nummer heeft een katern over collecties en een over "
      "leesbevordering.", subtitle="vakblad voor openbare bibliotheken",
      material="tijdschrift", edition="Jaargang 31 (2024)", holdings=(3, 7)),
    B("Lantaarn", "", "Bibliotheekpers Tijdschriften", 2023, "volwassenen", "vaktijdschrift",
      "kinderboeken|jeugdliteratuur|recensies|leesbevordering", None,
      "Kwartaalblad met recensies van nieuwe kinderboeken, interviews met schrijvers en "
      "illustratoren en tips voor boeken voor kinderen van alle leeftijden.",
      subtitle="tijdschrift voor jeugdliteratuur", material="tijdschrift",
      edition="Jaargang 12 (2023)"),
    B("Zoek!", "", "Uitgeverij Kikker & Co", 2024, "7-9", "kindertijdschrift",
      "dieren|natuur|puzzels|strips", None,
      "Maandblad voor kinderen van zeven tot tien, met strips, puzzels en verhalen over dieren "
      "en natuur. Elke maand een poster van een dier.", material="tijdschrift",
      edition="Jaargang 2024", holdings=(4, 8)),
    B("Stadsnatuur", "", "Uitgeverij Stad & Land", 2023, "volwassenen", "tijdschrift",
      "natuur|steden|biodiversiteit|vogels", None,
      "Kwartaalblad over planten en dieren in de stad, van gierzwaluwen tot geveltuinen.",
      material="tijdschrift", edition="Jaargang 2023"),
    B("Groen Wonen", "", "Uitgeverij Stad & Land", 2024, "volwassenen", "tijdschrift",
      "tuinieren|wonen|duurzaamheid", None,
      "Maandblad over duurzaam wonen, moestuinieren en energie besparen in huis.",
      material="tijdschrift", edition="Jaargang 2024"),
    B("Gezond Ouder", "", "Uitgeverij Ruim Zicht", 2024, "volwassenen", "tijdschrift",
      "gezondheid|ouderen|bewegen|voeding", None,
      "Maandblad voor vijfenzestigplussers over gezondheid, geld en vrije tijd, gedrukt in "
      "grote letter.", material="tijdschrift", forms="grote letter", edition="Jaargang 2024",
      holdings=(3, 6)),
    B("Huisdier & Baasje", "", "Uitgeverij Stad & Land", 2024, "volwassenen", "tijdschrift",
      "huisdieren|honden|katten|konijnen", None,
      "Maandblad over huisdieren, met adviezen van dierenartsen en lezersvragen over "
      "opvoeding en voeding.", material="tijdschrift", edition="Jaargang 2024"),
    B("Verleden Tijd", "", "Uitgeverij Verloren", 2024, "volwassenen", "tijdschrift",
      "geschiedenis ; Nederland|archeologie|erfgoed", None,
      "Populair historisch tijdschrift met artikelen over de geschiedenis van Nederland en "
      "België, van de Romeinen tot de twintigste eeuw.", material="tijdschrift",
      edition="Jaargang 2024"),
    B("Jong & Vrij", "", "Uitgeverij Boekwerk", 2024, "13-15", "tijdschrift",
      "jongeren|muziek|sociale media|mode", None,
      "Tijdschrift voor tieners over muziek, series, school en vriendschap, met een vaste "
      "rubriek over mediawijsheid.", material="tijdschrift", edition="Jaargang 2024"),

    # kranten
    B("Noordelijk Dagblad", "", "Mediahuis Noord", 2024, "volwassenen", "dagblad",
      "regionaal nieuws|Groningen|Fryslân|Drenthe", None,
      "Regionaal dagblad voor het noorden van het land. De bibliotheek bewaart de gedrukte "
      "kranten van de laatste drie maanden.", material="krant",
      libs=["NL-GnFor", "NL-DzBib", "NL-AsBib", "NL-EmBib", "NL-LwDBi"]),
    B("Brabantse Bode", "", "DPG Regionaal", 2024, "volwassenen", "dagblad",
      "regionaal nieuws|Noord-Brabant", None,
      "Dagblad met nieuws uit Brabant, met edities voor Eindhoven, Tilburg, Breda en "
      "'s-Hertogenbosch.", material="krant",
      libs=["NL-EhBib", "NL-TbBMB", "NL-HtBib", "NL-BdNV"]),
    B("Zeeuwse Stem", "", "Zeeuwse Mediagroep", 2024, "volwassenen", "dagblad",
      "regionaal nieuws|Zeeland", None,
      "Dagelijkse krant voor Zeeland en West-Brabant.", material="krant",
      libs=["NL-MdBib", "NL-GsBev"]),
    B("Limburgs Avondblad", "", "Uitgeverij Courant Zuid", 2024, "volwassenen", "dagblad",
      "regionaal nieuws|Limburg", None,
      "Avondkrant met nieuws uit Noord- en Zuid-Limburg en de Euregio.", material="krant",
      libs=["NL-MaCC", "NL-VlBib", "NL-HrPks"]),
    B("Amsterdamsche Courant", "", "Uitgeverij Polderpers", 1890, "volwassenen",
      "dagblad, historische bron", "geschiedenis ; Nederland|Amsterdam|negentiende eeuw", None,
      "Ingebonden jaargang 1890 van een Amsterdamse dagkrant, met advertenties, "
      "scheepsberichten en stadsnieuws. Alleen ter inzage in de studiezaal.",
      material="krant", edition="Jaargang 1890", libs=["NL-AmOBA"]),
    B("Makkelijk Nieuws", "", "Uitgeverij Leeslicht", 2024, "volwassenen", "weekkrant",
      "nieuws|eenvoudige taal|laaggeletterdheid", None,
      "Weekkrant met het belangrijkste nieuws in eenvoudige taal. Veel gelezen in Taalhuizen "
      "en op NT2-cursussen.", material="krant", forms="makkelijk lezen", holdings=(4, 8)),

    # films
    B("Het eiland van Okke", "Mijke de Haas (regisseur)", "Stichting Jeugdfilm", 2019, "7-9",
      "familiefilm", "Waddeneilanden|zeehonden|vriendschap|Ameland", None,
      "Okke vindt op het strand van Ameland een jonge zeehond die zijn moeder kwijt is. Samen "
      "met een nieuwe vriendin probeert hij het dier te redden. Familiefilm, 84 minuten.",
      material="film"),
    B("De laatste boot naar Texel", "Olivier Jansen (regisseur)", "September Film", 2021,
      "volwassenen", "speelfilm, drama, oorlog", "Tweede Wereldoorlog|Texel|opstand", None,
      "Drama over de laatste weken van de oorlog op Texel, toen Georgische soldaten in opstand "
      "kwamen tegen de Duitse bezetter en de eilandbewoners klem kwamen te zitten.",
      material="film"),
    B("Zomer in Zeeland", "Mijke de Haas (regisseur)", "Dutch FilmWorks", 2018, "volwassenen",
      "speelfilm, romantische komedie", "Zeeland|zomer|liefde", None,
      "Een Amsterdamse kok moet een zomer lang het strandpaviljoen van haar oom runnen. "
      "Romantische komedie.", material="film"),
    B("Stemmen uit de bibliotheek", "Olivier Jansen (regisseur)", "Cinéart", 2022,
      "volwassenen", "documentaire", "bibliotheken|ontmoetingsplekken|laaggeletterdheid|Rotterdam",
      None,
      "Documentaire die een jaar lang de bezoekers volgt van een bibliotheek in Rotterdam-Zuid: "
      "een man die op zijn zestigste leert lezen, een moeder die voor het eerst digitaal een "
      "formulier invult, scholieren die er hun huiswerk maken.", material="film",
      holdings=(3, 7)),
    B("Kinderen van de polder", "Mijke de Haas (regisseur)", "Stichting Jeugdfilm", 2016,
      "10-12", "documentaire", "Flevoland|opgroeien|landbouw|kinderen", None,
      "Documentaire over vier kinderen die opgroeien op boerderijen in de Noordoostpolder.",
      material="film"),
    B("Kleine Uil en de sterren", "Sterre Bos (regisseur)", "Sterrenstof Animatie", 2020, "4-6",
      "animatiefilm", "uilen|nacht|sterren|vriendschap", None,
      "Korte animatiefilm over een uiltje dat 's nachts niet kan slapen en de sterren gaat "
      "tellen. Met liedjes om mee te zingen.", material="film"),
    B("The Quiet Garden", "Olivier Jansen (regisseur)", "Dutch FilmWorks", 2019, "volwassenen",
      "speelfilm, drama", "tuinen|rouw|Engeland", None,
      "Engelstalig drama over een weduwnaar die de tuin van zijn overleden vrouw probeert te "
      "onderhouden. Met Nederlandse ondertitels.", material="film", lang="en"),
    B("La lumière du nord", "Bastien Roux (regisseur)", "Cinéart", 2017, "volwassenen",
      "speelfilm, drama", "België|Wallonië|mijnbouw|families", None,
      "Franstalige Belgische film over een mijnwerkersfamilie in Charleroi in de jaren vijftig. "
      "Met Nederlandse ondertitels.", material="film", lang="fr"),

    # muziek
    B("Liedjes voor de kleintjes", "Kinderkoor De Zonnebloem (uitvoerder)", "Muziekhuis Records",
      2018, "0-3", "kinderliedjes", "zingen|peuters|BoekStart|taalontwikkeling", None,
      "Vijfentwintig bekende kinderliedjes om samen met je baby of peuter te zingen, van "
      "Altijd is Kortjakje ziek tot Hoedje van papier.", material="muziek"),
    B("Dijkwerk", "De Dijkwerkers (uitvoerder)", "Polderklank", 2020, "volwassenen",
      "folk, pop", "Zeeland|water|Nederlandstalige muziek", None,
      "Nederlandstalige folkpop over het leven achter de dijk, opgenomen in een oude kerk in "
      "Zeeuws-Vlaanderen.", material="muziek"),
    B("Noorderlicht", "Lisa Kramer Kwartet (uitvoerder)", "Challenge Records", 2019,
      "volwassenen", "jazz", "jazz|instrumentale muziek", None,
      "Ingetogen jazz, geïnspireerd door reizen naar Noorwegen en IJsland.", material="muziek"),
    B("Sweelinck: orgelwerken", "Jan Pieterszoon Sweelinck (componist); Pieter Hoogland "
      "(uitvoerder)", "Challenge Records", 2016, "volwassenen", "klassiek",
      "orgelmuziek|Gouden Eeuw|Amsterdam", None,
      "Fantasieën en variaties van de Amsterdamse organist, gespeeld op een historisch orgel.",
      material="muziek"),
    B("Rijmen van de Maas", "MC Kade (uitvoerder)", "Kade Records", 2022, "16-18", "hiphop",
      "Rotterdam|Nederlandstalige muziek|opgroeien", None,
      "Debuutalbum van een Rotterdamse rapper over opgroeien op Zuid.", material="muziek"),
    B("Polderblues", "The Lowland Blues Band (uitvoerder)", "Polderklank", 2015, "volwassenen",
      "blues", "blues|live-opnamen", None,
      "Live-opname van een Nederlandse bluesband in een uitverkocht zaaltje in Zwolle.",
      material="muziek"),
    B("Sinterklaasliedjes van toen en nu", "Kinderkoor De Zonnebloem (uitvoerder)",
      "Muziekhuis Records", 2021, "4-6", "kinderliedjes", "Sinterklaas|feestdagen|zingen", None,
      "Alle bekende sinterklaasliedjes en een paar nieuwe, met meezingteksten in het boekje.",
      material="muziek"),
    B("Wiegeliedjes uit de hele wereld", "Kinderkoor De Zonnebloem (uitvoerder)",
      "Muziekhuis Records", 2020, "0-3", "kinderliedjes, wereldmuziek",
      "meertaligheid|slapen|wiegeliedjes", None,
      "Slaapliedjes in het Nederlands, Arabisch, Turks en Pools, gezongen door ouders uit een "
      "Utrechtse wijk.", material="muziek", lang="nl, ar, tr, pl"),

    # bladmuziek
    B("Inventionen und Sinfonien", "Johann Sebastian Bach (componist); Willem Brandsma "
      "(redacteur)", "Uitgeverij Muziekhuis", 2010, "volwassenen", "klassiek",
      "pianomuziek|barok|lesmateriaal", None,
      "Uitgave voor piano met vingerzettingen en een Nederlandse inleiding over de "
      "uitvoeringspraktijk.", material="bladmuziek", subtitle="voor piano"),
    B("Variaties voor klavier", "Jan Pieterszoon Sweelinck (componist); Willem Brandsma "
      "(redacteur)", "Uitgeverij Muziekhuis", 2016, "volwassenen", "klassiek",
      "klavecimbel|orgelmuziek|Gouden Eeuw", None,
      "Zes variatiereeksen op liedwijsjes, voor klavecimbel of orgel.", material="bladmuziek"),
    B("Nederlandse volksliedjes voor blokfluit", "Willem Brandsma (redacteur)",
      "Uitgeverij Muziekhuis", 2018, "7-9", "volksmuziek, lesmateriaal",
      "blokfluit|volksliedjes|muziekonderwijs", None,
      "Dertig bekende volksliedjes in eenvoudige bewerking voor sopraanblokfluit.",
      material="bladmuziek"),
    B("Pianoboek voor beginners", "Marieke Tol", "Uitgeverij Muziekhuis", 2020, "10-12",
      "lesmateriaal", "piano|muziekonderwijs|beginners", None,
      "Methode voor kinderen die piano leren spelen, met stukjes om thuis te oefenen.",
      material="bladmuziek", series="Pianoboek ; 1"),
    B("Koorboek Kerst", "Willem Brandsma (redacteur)", "Uitgeverij Muziekhuis", 2019,
      "volwassenen", "koormuziek", "koren|kerstmis|feestdagen", None,
      "Veertig kerstliederen voor gemengd koor, van oude carols tot nieuwe Nederlandse "
      "liederen.", material="bladmuziek"),
    B("Gitaarakkoorden voor popliedjes", "Marieke Tol", "Uitgeverij Muziekhuis", 2021, "13-15",
      "lesmateriaal, pop", "gitaar|popmuziek|zelfstudie", None,
      "Akkoordenboek met vijftig populaire liedjes en uitleg over slagritmes.",
      material="bladmuziek"),

    # games
    B("Bieb Quest", "", "Ranj Games", 2021, "10-12", "educatief spel",
      "bibliotheken|informatievaardigheden|mediawijsheid|zoeken", None,
      "Educatieve game voor groep 7 en 8. Spelers zoeken in een betoverde bibliotheek naar "
      "verdwenen boeken en leren onderweg hoe je betrouwbare informatie vindt.",
      subtitle="het mysterie van de verdwenen boeken", material="game"),
    B("Polderbouwer", "", "Spelfabriek Leiden", 2019, "13-15", "simulatiespel",
      "waterbeheer|Deltawerken|klimaatverandering", None,
      "Bouw je eigen polder en houd het water buiten, ook als de zeespiegel stijgt. "
      "Simulatiespel voor de computer.", material="game"),
    B("Taalheld", "", "De Taalstudio", 2022, "volwassenen", "educatief spel",
      "NT2|taal|laaggeletterdheid|oefenen", None,
      "Taalspel voor volwassenen die Nederlands leren of beter willen leren lezen. Wordt "
      "gebruikt in veel Taalhuizen.", material="game"),
    B("Verhalenkubus", "", "Spelfabriek Leiden", 2018, "4-6", "gezelschapsspel",
      "vertellen|taalontwikkeling|fantasie", None,
      "Dobbelspel met plaatjes waarmee kinderen samen een verhaal verzinnen.",
      material="game"),
    B("Deltaspel", "", "Stichting Deltaspel", 2016, "10-12", "bordspel",
      "Zeeland|watersnoodramp|Deltawerken|geschiedenis ; Nederland", None,
      "Bordspel waarin spelers samen Zeeland beschermen tegen stormvloeden. Met een boekje "
      "over de watersnoodramp van 1953.", material="game"),
    B("Rekenrace", "", "Ranj Games", 2020, "7-9", "educatief spel", "rekenen|racen|school",
      None, "Racespel waarin je sneller gaat naarmate je sommen goed beantwoordt.",
      material="game"),

    # podcasts (online only)
    B("Bieb in je oren", "Merel Bakker (redacteur)", "Bibliotheek.nl", 2023, "volwassenen",
      "interview", "bibliotheken|boeken|schrijvers|leesbevordering", None,
      "Tweewekelijkse podcast waarin schrijvers en bibliothecarissen praten over boeken die "
      "hun leven veranderden.", material="podcast",
      url="https://www.bibliotheek.nl/podcasts/bieb-in-je-oren"),
    B("Voorleesuurtje", "Sophie van Oss (verteller)", "Bibliotheek.nl", 2022, "4-6",
      "voorlezen", "voorlezen|prentenboeken|leesbevordering", None,
      "Elke week een nieuw prentenboek, voorgelezen voor kinderen van vier tot zes.",
      material="podcast", url="https://www.bibliotheek.nl/podcasts/voorleesuurtje"),
    B("De Leesclub", "Lieke Schouten; Thomas Baaijens", "Podcastlab Noord", 2021,
      "volwassenen", "gesprek", "leesclubs|literatuur|romans", None,
      "Twee lezers bespreken elke maand een roman, met vragen die je in je eigen leesclub "
      "kunt gebruiken.", material="podcast",
      url="https://www.podcastlabnoord.nl/de-leesclub"),
    B("Verhalen van de polder", "Gerrit Bosman", "Podcastlab Noord", 2020, "volwassenen",
      "geschiedenis", "geschiedenis ; Nederland|Flevoland|Zuiderzee", None,
      "Historische podcast over de inpoldering van de Zuiderzee en de eerste bewoners van "
      "Flevoland.", material="podcast",
      url="https://www.podcastlabnoord.nl/verhalen-van-de-polder"),
    B("Library Talk", "Helen Cho", "Podcastlab Noord", 2022, "volwassenen", "interview",
      "bibliotheken|innovatie|internationale samenwerking", None,
      "Engelstalige podcast met bibliothecarissen uit heel Europa over nieuwe diensten en "
      "gebouwen.", material="podcast", lang="en",
      url="https://www.podcastlabnoord.nl/library-talk"),

    # databanken (online only)
    B("Delpher", "", "Koninklijke Bibliotheek", 2013, "volwassenen", "naslagwerk",
      "historische kranten|tijdschriften|geschiedenis ; Nederland|digitaal erfgoed", None,
      "Doorzoekbare databank met miljoenen gedigitaliseerde pagina's uit Nederlandse kranten, "
      "boeken en tijdschriften vanaf de zeventiende eeuw.",
      subtitle="historische teksten in volledige tekst", material="databank",
      url="https://www.delpher.nl"),
    B("DBNL", "", "Koninklijke Bibliotheek", 1999, "volwassenen", "naslagwerk",
      "Nederlandse literatuur|taalkunde|literatuurgeschiedenis", None,
      "Digitale verzameling van teksten over en uit de Nederlandse en Vlaamse literatuur, "
      "taal en cultuur, met secundaire literatuur en biografieën.",
      subtitle="Digitale Bibliotheek voor de Nederlandse Letteren", material="databank",
      url="https://www.dbnl.org"),
    B("Muziekweb", "", "Centrale Discotheek Rotterdam", 2010, "volwassenen", "naslagwerk",
      "muziek|discografieën|muziekcollecties", None,
      "Databank met gegevens over honderdduizenden muziekopnamen, met fragmenten en "
      "informatie over uitvoerenden.", material="databank", url="https://www.muziekweb.nl"),
    B("Krantenbank Zeeland", "", "Zeeuwse Bibliotheek", 2009, "volwassenen", "naslagwerk",
      "historische kranten|Zeeland|regionale geschiedenis", None,
      "Databank met gedigitaliseerde Zeeuwse kranten, van de achttiende eeuw tot de jaren "
      "negentig.", material="databank", url="https://krantenbankzeeland.nl"),
    B("WieWasWie", "", "CBG Familiegeschiedenis", 2012, "volwassenen", "naslagwerk",
      "genealogie|archieven|stamboomonderzoek", None,
      "Zoek je voorouders in doop-, trouw- en begraafregisters en in de burgerlijke stand van "
      "Nederlandse archieven.", material="databank", url="https://www.wiewaswie.nl"),

    # websites (online only)
    B("BoekStart", "", "Stichting Lezen", 2009, "0-3", "website",
      "BoekStart|voorlezen|baby's|leesbevordering", None,
      "Website met voorleestips, liedjes en boekenlijsten voor ouders van baby's en peuters, "
      "en informatie over het BoekStartkoffertje in de bibliotheek.", material="website",
      url="https://www.boekstart.nl"),
    B("Passend Lezen", "", "Koninklijke Bibliotheek", 2014, "volwassenen", "website",
      "aangepast lezen|leesbeperking|gesproken boeken|braille", None,
      "Online bibliotheekservice voor mensen met een leesbeperking: gesproken boeken, "
      "braille, grote letter en boeken met beeldtaal.", material="website",
      url="https://www.passendlezen.nl"),
    B("Digisterker", "", "Stichting Digisterker", 2016, "volwassenen", "website",
      "digitale overheid|digitale vaardigheden|DigiD|cursussen", None,
      "Informatie over de cursussen in de bibliotheek waarin je leert werken met DigiD en "
      "de websites van de overheid.", material="website", url="https://www.digisterker.nl"),
    B("Jeugdbibliotheek", "", "Koninklijke Bibliotheek", 2015, "7-9", "website",
      "kinderboeken|leesbevordering|spreekbeurten|kinderen", None,
      "Website voor kinderen met boekentips, informatie voor spreekbeurten en werkstukken en "
      "leuke leesspelletjes.", material="website", url="https://www.jeugdbibliotheek.nl"),
    B("Makkelijk Lezen Plein", "", "Stichting Lezen", 2012, "10-12", "website",
      "makkelijk lezen|leesbevordering|dyslexie|kinderboeken", None,
      "Website over boeken en materialen voor kinderen die moeite hebben met lezen, voor "
      "ouders, leerkrachten en bibliotheekmedewerkers.", material="website",
      url="https://www.makkelijklezenplein.nl"),

    # anders: kits and lending items
    B("Voorleeskoffer Huisdieren", "", "Uitgeverij Bibliotheekpers", 2022, "7-9", "leskoffer",
      "huisdieren|kinderboeken|voorlezen|onderwijs", None,
      "Leskoffer voor groep 3 en 4 met twaalf boeken voor kinderen over huisdieren, een "
      "handpop en een lesbrief. Te leen voor scholen en kinderopvang.", material="anders",
      holdings=(2, 5)),
    B("Kamishibai: De reus en de muis", "Anouk Brinkman; Pim de Wit (illustrator)",
      "Uitgeverij Kikker & Co", 2019, "4-6", "vertelplaten",
      "vertellen|voorlezen|vriendschap", None,
      "Twaalf grote vertelplaten voor het Japanse verteltheater, met de tekst op de "
      "achterkant. Voor voorlezen in de klas of de bibliotheek.", material="anders"),
    B("BoekStartkoffertje", "", "Stichting Lezen", 2024, "0-3", "leespakket",
      "BoekStart|baby's|voorlezen|leesbevordering", None,
      "Het koffertje dat ouders krijgen als ze hun baby lid maken van de bibliotheek: twee "
      "kartonboekjes, een voorleestip en een liedjeskaart.", material="anders",
      holdings=(4, 8)),
    B("E-reader leenset", "", "Uitgeverij Bibliotheekpers", 2021, "volwassenen", "leenapparaat",
      "e-books|digitale vaardigheden|ouderen", None,
      "E-reader met handleiding in grote letter, om te leren lezen op een scherm voordat je "
      "zelf een apparaat koopt.", material="anders"),
    B("Zadenbibliotheek: bloemzaden voor bijen", "", "Uitgeverij Stad & Land", 2023,
      "volwassenen", "zadenpakket", "tuinieren|bijen|duurzaamheid|biodiversiteit", None,
      "Zakje inheemse bloemzaden uit de zadenbibliotheek. Breng na de bloei zelf gewonnen "
      "zaad terug.", material="anders"),
    B("Themapakket Kinderboekenweek", "", "Uitgeverij Bibliotheekpers", 2024, "10-12",
      "lespakket", "Kinderboekenweek|leesbevordering|kinderboeken|onderwijs", None,
      "Pakket voor leerkrachten met vijftien kinderboeken, een lesbrief en posters rond het "
      "thema van de Kinderboekenweek.", material="anders", holdings=(3, 6)),
]

# Records that came in from other systems keep their own identifier (no PPN)
SPECIAL_IDS = {
    ("Verhalen uit de Jordaan", "boek"): "oba",
    ("Het ijsje van Olifant", "boek"): "oba",
    ("Kiekeboe in de dierentuin", "boek"): "oba",
    ("De reis van Amal", "boek"): "oba",
    ("The Last Bookshop on Canal Street", "boek"): "oba",
    ("Sneeuw in mei", "boek"): "isbn",
    ("Taal in de buurt", "boek"): "isbn",
    ("Gamer", "boek"): "isbn",
    ("Milo and the Moon", "boek"): "isbn",
}


# ---------------------------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------------------------
ONLINE = {"e-book", "podcast", "databank", "website"}
NO_ISBN_MATERIALS = {"tijdschrift", "krant", "film", "muziek", "bladmuziek", "game", "podcast",
                     "databank", "website", "anders"}
DEFAULT_HOLDINGS = {"boek": (1, 6), "luisterboek": (1, 4), "tijdschrift": (2, 7),
                    "krant": (2, 6), "film": (1, 5), "muziek": (1, 4), "bladmuziek": (1, 3),
                    "game": (1, 4), "anders": (1, 4)}
FORM_NOTES = {
    "grote letter": "Uitgave in grote letter.",
    "braille": "Brailleversie voor lezers met een visuele beperking, te leen via Passend Lezen.",
    "dyslexie": "Uitgave in een dyslexievriendelijke letter.",
}
OUTPUT_ORDER = ("type", "id", "title", "subtitle", "authors", "publisher", "year", "edition",
                "isbn", "ppn", "language", "material", "audience", "reading_form", "genre",
                "subjects", "nur", "series", "description", "holdings", "online_url", "work_key")
# Only these keys of a base entry carry over to another edition of the same work
INHERITED = ("title", "subtitle", "authors", "publisher", "year", "audience", "genre",
             "subjects", "nur", "description", "lang", "series", "work_key", "forms")


def edition_of(base: dict, changes: dict) -> dict:
    """Another edition of `base`: what `changes` says differs, with a note on its form."""
    entry = {k: base[k] for k in INHERITED if k in base}
    entry["authors"] = list(base["authors"])
    for key, value in changes.items():
        if key == "add_authors":
            entry["authors"] = entry["authors"] + parse_authors(value)
        else:
            entry[key] = value
    if "description" not in changes and entry.get("description"):
        note = FORM_NOTES.get(changes.get("forms", ""))
        if changes.get("narrator"):
            note = f"Voorgelezen door {changes['narrator']}."
            if changes.get("publisher") == "Dedicon":
                note = ("Gesproken boek voor lezers met een leesbeperking, te leen via Passend "
                        f"Lezen. Voorgelezen door {changes['narrator']}.")
        if note:
            entry["description"] = f"{entry['description']} {note}"
    if "forms" in changes and changes.get("material", "boek") == "boek" and "series" not in changes:
        entry.pop("series", None)
    if "subtitle" in changes and changes["subtitle"] is None:
        entry.pop("subtitle")
    return entry


def series_entries() -> list[dict]:
    out = []
    for i, (suffix, year, subjects, text) in enumerate(SAM_EN_SAAR, start=1):
        out.append(B(f"Sam en Saar {suffix}", "Roos Mulder; Mark Terpstra (illustrator)",
                     "Zwijsen", year, "7-9", "eerste lezen",
                     subjects + "|leren lezen", "287",
                     text + " Een boek voor kinderen die net leren lezen, met korte zinnen.",
                     series=f"Sam en Saar ; {i}"))
    for i, (title, year, subjects, text) in enumerate(KAPITEIN_KNIJN, start=1):
        out.append(B(title, "Sjoerd Lemstra", "Ballon Media", year, "7-9", "strip, humor",
                     subjects + "|piraten|strips", "360",
                     text + " Een vrolijke strip vol zeemanstaal.",
                     series=f"De avonturen van Kapitein Knijn ; {i}"))
    return out


def all_entries() -> list[dict]:
    entries: list[dict] = []
    for base, editions in WORKS:
        entries.extend(edition_of(base, changes) for changes in editions)
    singles = FICTION + NONFICTION + YOUTH + series_entries() + FOREIGN
    by_title: dict[str, dict] = {}
    for entry in singles:
        assert entry["title"] not in by_title, f"duplicate title {entry['title']!r}"
        by_title[entry["title"]] = entry
    entries.extend(singles)
    for title, changes in ALTERNATES:
        entries.append(edition_of(by_title[title], changes))
    entries.extend(OTHER)
    return entries


class Numbering:
    """Hands out PPNs, ISBNs and other numbers that never repeat."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def _fresh(self, make) -> str:
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def ppn(self) -> str:
        return self._fresh(lambda: ppn_with_check(str(self.rng.randint(10_000_000, 89_999_999))))

    def isbn(self, publisher: str) -> str:
        prefix = PUBLISHERS[publisher]
        return self._fresh(lambda: isbn13(prefix + "".join(
            str(self.rng.randint(0, 9)) for _ in range(12 - len(prefix)))))

    def number(self, digits: int) -> str:
        return self._fresh(lambda: str(self.rng.randint(10 ** (digits - 1), 10 ** digits - 1)))


def holdings_for(entry: dict, material: str, rng: random.Random) -> list[dict]:
    libs = {isil: (name, province, branches, weight)
            for isil, name, province, branches, weight in LIBRARIES}
    if "libs" in entry:
        chosen = list(entry["libs"])
    else:
        lo, hi = entry.get("holdings") or DEFAULT_HOLDINGS[material]
        if entry.get("publisher") == "Dedicon" and "holdings" not in entry:
            lo, hi = 0, 2
        n = rng.randint(lo, hi)
        pool = [isil for isil, *_ in LIBRARIES]
        chosen = []
        while len(chosen) < n:
            isil = rng.choices(pool, weights=[libs[i][3] for i in pool])[0]
            pool.remove(isil)
            chosen.append(isil)
        if entry.get("_oba") and "NL-AmOBA" not in chosen:
            chosen[:1] = ["NL-AmOBA"]
    out = []
    for isil in sorted(chosen, key=lambda i: [x[0] for x in LIBRARIES].index(i)):
        name, province, branches, _ = libs[isil]
        out.append({"library": isil, "library_name": name, "branch": rng.choice(branches),
                    "province": province, "available": rng.random() < 0.62})
    return out


def compose(entry: dict, num: Numbering, rng: random.Random) -> dict:
    material = entry.get("material", "boek")
    authors = list(entry["authors"])
    if entry.get("narrator"):
        authors.append({"name": entry["narrator"], "role": "verteller"})
    forms = split(entry.get("forms"), ",")
    if material == "luisterboek" and "gesproken" not in forms:
        forms.append("gesproken")
    publisher = entry.get("publisher")
    isbns: list[str] = []
    if (publisher and publisher not in NO_ISBN and material not in NO_ISBN_MATERIALS):
        isbns.append(num.isbn(publisher))
        if entry.get("isbn2"):
            isbns.append(num.isbn(publisher))
    kind = SPECIAL_IDS.get((entry["title"], material), "ppn")
    if kind == "oba":
        entry = dict(entry, _oba=True)
    rec: dict = {"type": "catalogue"}
    ppn = num.ppn() if kind == "ppn" else None
    if kind == "ppn":
        rec["id"] = f"ppn:{ppn}"
    elif kind == "isbn":
        rec["id"] = f"isbn:{isbns[0]}"
    else:
        rec["id"] = f"oba:{num.number(7)}"
    rec.update({
        "title": entry["title"], "subtitle": entry.get("subtitle"), "authors": authors,
        "publisher": publisher, "year": entry["year"], "edition": entry.get("edition"),
        "isbn": isbns, "ppn": ppn, "language": split(entry.get("lang") or "nl", ","),
        "material": material, "audience": entry["audience"], "reading_form": forms,
        "genre": entry["genre"], "subjects": entry["subjects"], "nur": entry.get("nur"),
        "series": entry.get("series"), "description": entry.get("description"),
    })
    if material in ONLINE:
        rec["holdings"] = []
        rec["online_url"] = entry.get("url") or (
            f"https://www.onlinebibliotheek.nl/catalogus/{num.number(9)}/"
            f"{slug(entry['title'])}-{slug(authors[0]['name'])}")
    else:
        rec["holdings"] = holdings_for(entry, material, rng)
    rec["work_key"] = entry.get("work_key") or default_work_key(entry["title"], authors)
    return {k: rec[k] for k in OUTPUT_ORDER if rec.get(k) not in (None, "", [])
            or (k == "holdings" and k in rec)}


def build() -> list[dict]:
    rng = random.Random(SEED)
    num = Numbering(rng)
    return [compose(entry, num, rng) for entry in all_entries()]


def check(records: list[dict]) -> None:
    """Validate every record with the project's model and print the counts the README quotes."""
    sys.path.insert(0, str(HERE.parents[1]))
    from corpus.model import validate  # noqa: E402

    ids = Counter(r["id"] for r in records)
    assert all(n == 1 for n in ids.values()), [i for i, n in ids.items() if n > 1]
    for r in records:
        validate(r)
        for isbn in r.get("isbn", []):
            assert isbn13_valid(isbn), (r["id"], isbn)
    libraries = {(h["library"], h["library_name"], h["province"])
                 for r in records for h in r["holdings"]}
    assert len({isil for isil, _, _ in libraries}) == len(libraries), "inconsistent libraries"
    works = Counter(r["work_key"] for r in records)

    def show(name, counter):
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))

    print(f"records: {len(records)} (all pass validate(), ids unique)")
    show("material", Counter(r["material"] for r in records))
    show("audience", Counter(r["audience"] for r in records))
    show("reading_form", Counter(f for r in records for f in r.get("reading_form", [])))
    show("language", Counter(lang for r in records for lang in r["language"]))
    show("holdings per province", Counter(h["province"] for r in records for h in r["holdings"]))
    print(f"libraries (ISIL): {len(libraries)}; provinces: "
          f"{len({p for _, _, p in libraries})}")
    print(f"holdings: {sum(len(r['holdings']) for r in records)}, available "
          f"{sum(h['available'] for r in records for h in r['holdings'])}; records without "
          f"holdings: {sum(not r['holdings'] for r in records)} "
          f"(with online_url: {sum(bool(r.get('online_url')) for r in records)})")
    multi = {k: n for k, n in works.items() if n > 1}
    print(f"works with more than one edition: {len(multi)}")
    for key, n in sorted(multi.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n}  {key}")
    print(f"records with two ISBNs: {sum(len(r.get('isbn', [])) > 1 for r in records)}; "
          f"ids: " + ", ".join(f"{k} {v}" for k, v in
                               Counter(r['id'].split(':')[0] for r in records).items()))


ARTICLES = HERE / "articles"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
META = re.compile(r'<meta name="(\w+)" content="([^"]*)">')


def article_metadata(path: Path) -> tuple[dict, str]:
    """Front matter (Markdown, text) or <meta> tags (HTML), and the text without markup."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        meta = dict(META.findall(text))
        body = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<head>.*?</head>", " ", text))
    else:
        m = FRONT_MATTER.match(text)
        meta = dict(line.split(": ", 1) for line in m.group(1).splitlines()) if m else {}
        body = text[m.end():] if m else text
    return meta, body


def check_articles() -> None:
    formats, themes, words = Counter(), Counter(), []
    for path in sorted(ARTICLES.iterdir()):
        meta, body = article_metadata(path)
        for key in ("themes", "audience", "published", "url", "source"):
            assert meta.get(key), f"{path.name}: no {key}"
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", meta["published"]), path.name
        formats[path.suffix] += 1
        themes.update(t.strip() for t in meta["themes"].split(","))
        n = len(re.findall(r"\w+", body))
        assert 300 <= n <= 1200, f"{path.name}: {n} words"
        words.append(n)
    print(f"articles: {sum(formats.values())} (" + ", ".join(
        f"{ext} {n}" for ext, n in formats.most_common()) + f"); {min(words)}-{max(words)} words")
    print("article themes: " + ", ".join(f"{t} {n}" for t, n in themes.most_common()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the JSON lines")
    parser.add_argument("--check", action="store_true", help="validate and print a summary")
    args = parser.parse_args(argv)
    records = build()
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {args.out.name}", file=sys.stderr)
    if args.check:
        check(records)
        check_articles()
    return 0


if __name__ == "__main__":
    sys.exit(main())
