"""The synthetic public-library network that holds the synthetic catalogue's copies.

About 150 library organisations with 1,030 branches over the 12 provinces, roughly in proportion
to where people live, as in the real network. Everything is computed from the fixed lists below,
without randomness, so every seed of the synthetic catalogue shares one network and a benchmark's
library filters (`filter=library:NL-UT001`) mean the same thing from run to run.

Place names are real Dutch towns; the organisations, their ISIL codes and the way branches are
divided among them are made up. ISILs follow the ISO 15511 shape: ``NL-`` and a short local code.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# (ISIL code part, official name, organisations, branches, towns with the largest first, regions)
_PROVINCES: tuple[tuple[str, str, int, int, tuple[str, ...], tuple[str, ...]], ...] = (
    ("GR", "Groningen", 4, 40, (
        "Groningen", "Hoogezand", "Veendam", "Stadskanaal", "Winschoten", "Delfzijl", "Appingedam",
        "Leek", "Zuidhorn", "Ter Apel", "Winsum", "Uithuizen", "Haren", "Bedum", "Musselkanaal",
        "Oude Pekela", "Hoogkerk", "Marum", "Grootegast", "Loppersum", "Slochteren", "Siddeburen",
        "Zoutkamp", "Bellingwolde", "Ten Boer", "Sappemeer", "Scheemda", "Warffum",
    ), ("Westerkwartier", "Oldambt")),
    ("FR", "Fryslân", 5, 55, (
        "Leeuwarden", "Sneek", "Drachten", "Heerenveen", "Harlingen", "Franeker", "Dokkum",
        "Bolsward", "Joure", "Lemmer", "Wolvega", "Gorredijk", "Burgum", "Buitenpost", "Kollum",
        "Oosterwolde", "Sint Annaparochie", "Workum", "Balk", "Grou", "Akkrum", "Surhuisterveen",
        "Noardburgum", "Makkum", "Stiens", "Hallum", "West-Terschelling", "Appelscha",
        "Beetsterzwaag", "Nes",
    ), ("Zuidwest-Fryslân", "Noordoost-Fryslân")),
    ("DR", "Drenthe", 6, 45, (
        "Assen", "Emmen", "Hoogeveen", "Meppel", "Coevorden", "Roden", "Beilen", "Borger",
        "Klazienaveen", "Nieuw-Amsterdam", "Zuidlaren", "Vries", "Westerbork", "Gieten", "Dalen",
        "Schoonebeek", "Ruinen", "Diever", "Havelte", "Norg", "Peize", "Eelde", "Zuidwolde", "Annen",
        "Exloo", "Gasselternijveen", "Erica", "Sleen", "Dwingeloo",
    ), ("Drentsche Aa",)),
    ("OV", "Overijssel", 13, 80, (
        "Zwolle", "Enschede", "Deventer", "Hengelo", "Almelo", "Kampen", "Oldenzaal", "Hardenberg",
        "Rijssen", "Nijverdal", "Raalte", "Steenwijk", "Vriezenveen", "Haaksbergen", "Losser", "Goor",
        "Borne", "Ommen", "Dalfsen", "Tubbergen", "Genemuiden", "Hasselt", "Staphorst", "Wierden",
        "Olst", "Holten", "Delden", "Denekamp", "Vollenhove", "Markelo", "Enter", "Heino",
        "Lemelerveld", "Hellendoorn",
    ), ("Twente", "Salland", "Kop van Overijssel", "Vechtdal")),
    ("FL", "Flevoland", 4, 25, (
        "Almere", "Lelystad", "Dronten", "Emmeloord", "Zeewolde", "Urk", "Biddinghuizen",
        "Swifterbant", "Ens", "Marknesse", "Creil", "Luttelgeest", "Bant", "Kraggenburg",
        "Tollebeek", "Nagele", "Espel", "Rutten",
    ), ("Noordoostpolder",)),
    ("GE", "Gelderland", 24, 150, (
        "Nijmegen", "Arnhem", "Apeldoorn", "Ede", "Doetinchem", "Harderwijk", "Zutphen", "Tiel",
        "Wageningen", "Barneveld", "Culemborg", "Winterswijk", "Zevenaar", "Nijkerk", "Epe", "Elburg",
        "Ermelo", "Putten", "Duiven", "Wijchen", "Druten", "Zaltbommel", "Geldermalsen", "Lochem",
        "Borculo", "Groenlo", "Lichtenvoorde", "Aalten", "Ulft", "Didam", "Velp", "Rheden", "Dieren",
        "Elst", "Bemmel", "Twello", "Brummen", "Hattem", "Heerde", "Oldebroek", "Wezep", "Nunspeet",
        "Scherpenzeel", "Lunteren", "Bennekom", "Renkum", "Oosterbeek", "Doesburg", "Beuningen",
        "Groesbeek", "Malden", "Eibergen", "Neede", "Ruurlo", "Vorden", "Hengelo (Gld)",
    ), ("Achterhoek", "Rivierenland", "Veluwezoom", "Noord-Veluwe", "Liemers", "Betuwe")),
    ("UT", "Utrecht", 12, 75, (
        "Utrecht", "Amersfoort", "Veenendaal", "Nieuwegein", "Zeist", "Houten", "IJsselstein",
        "Woerden", "Soest", "Leusden", "Maarssen", "Baarn", "Bilthoven", "Bunnik", "Vianen",
        "Wijk bij Duurstede", "Rhenen", "Mijdrecht", "Breukelen", "Driebergen", "Doorn", "Montfoort",
        "Lopik", "Oudewater", "Bunschoten", "Eemnes", "Woudenberg", "Renswoude", "Maarn", "Vleuten",
        "De Meern", "Wilnis", "Vinkeveen", "Harmelen",
    ), ("Utrechtse Heuvelrug", "Lekstroom", "Eemland")),
    ("NH", "Noord-Holland", 22, 150, (
        "Amsterdam", "Haarlem", "Zaandam", "Alkmaar", "Hilversum", "Hoorn", "Amstelveen", "Purmerend",
        "Den Helder", "Heerhugowaard", "Hoofddorp", "IJmuiden", "Beverwijk", "Heemskerk", "Castricum",
        "Bussum", "Huizen", "Enkhuizen", "Schagen", "Medemblik", "Edam", "Volendam", "Heemstede",
        "Bloemendaal", "Zandvoort", "Uithoorn", "Aalsmeer", "Diemen", "Weesp", "Laren", "Blaricum",
        "Wormerveer", "Krommenie", "Bergen (NH)", "Heiloo", "Nieuw-Vennep", "Badhoevedorp",
        "Den Burg", "Monnickendam", "Wieringerwerf", "Hippolytushoef", "Naarden", "Muiden",
    ), ("Kennemerland", "Waterland", "Gooi en Vecht", "West-Friesland", "Zaanstreek",
        "Haarlemmermeer")),
    ("ZH", "Zuid-Holland", 27, 195, (
        "Rotterdam", "Den Haag", "Leiden", "Dordrecht", "Zoetermeer", "Delft", "Gouda",
        "Alphen aan den Rijn", "Schiedam", "Spijkenisse", "Vlaardingen", "Capelle aan den IJssel",
        "Rijswijk", "Katwijk", "Gorinchem", "Ridderkerk", "Barendrecht", "Maassluis",
        "Hellevoetsluis", "Papendrecht", "Zwijndrecht", "Sliedrecht", "Wassenaar", "Voorburg",
        "Leidschendam", "Naaldwijk", "Noordwijk", "Lisse", "Hillegom", "Oegstgeest",
        "Nieuwerkerk aan den IJssel", "Krimpen aan den IJssel", "Hendrik-Ido-Ambacht", "Brielle",
        "Middelharnis", "Oud-Beijerland", "Leiderdorp", "Voorschoten", "Waddinxveen", "Bodegraven",
        "Pijnacker", "Nootdorp", "Berkel en Rodenrijs", "Bergschenhoek", "Wateringen", "Monster",
        "Alblasserdam", "Rozenburg", "Hoogvliet", "Sassenheim", "Schoonhoven", "Leerdam",
    ), ("Drechtsteden", "Hoeksche Waard", "Voorne-Putten", "Midden-Holland", "Westland",
        "Bollenstreek", "Rijn en Venen")),
    ("ZE", "Zeeland", 4, 40, (
        "Middelburg", "Vlissingen", "Goes", "Terneuzen", "Hulst", "Zierikzee", "Oost-Souburg",
        "Kapelle", "Yerseke", "Tholen", "Sint-Maartensdijk", "Domburg", "Westkapelle", "Sluis",
        "Oostburg", "Axel", "Sas van Gent", "Zaamslag", "Kruiningen", "Krabbendijke",
        "Brouwershaven", "Renesse", "Arnemuiden", "Veere", "Aardenburg", "Breskens", "Wemeldinge",
        "Heinkenszand", "Kloetinge",
    ), ("Zeeuws-Vlaanderen", "Schouwen-Duiveland")),
    ("NB", "Noord-Brabant", 20, 130, (
        "Eindhoven", "Tilburg", "Breda", "'s-Hertogenbosch", "Helmond", "Oss", "Roosendaal",
        "Bergen op Zoom", "Oosterhout", "Waalwijk", "Veldhoven", "Uden", "Veghel", "Boxtel", "Best",
        "Valkenswaard", "Dongen", "Etten-Leur", "Geldrop", "Nuenen", "Deurne", "Cuijk", "Boxmeer",
        "Oisterwijk", "Vught", "Rosmalen", "Drunen", "Kaatsheuvel", "Waspik", "Goirle",
        "Hilvarenbeek", "Oirschot", "Eersel", "Bladel", "Bergeijk", "Asten", "Someren", "Gemert",
        "Boekel", "Schijndel", "Sint-Oedenrode", "Zundert", "Rucphen", "Steenbergen", "Halsteren",
        "Made", "Werkendam", "Sint-Michielsgestel", "Berkel-Enschot", "Mierlo", "Son", "Waalre",
        "Heeze", "Leende", "Budel", "Grave", "Ravenstein",
    ), ("Midden-Brabant", "De Kempen", "Maas en Peel", "Land van Cuijk", "West-Brabant",
        "Meierij", "Langstraat")),
    ("LI", "Limburg", 9, 45, (
        "Maastricht", "Heerlen", "Venlo", "Sittard", "Geleen", "Roermond", "Weert", "Kerkrade",
        "Venray", "Brunssum", "Landgraaf", "Stein", "Echt", "Tegelen", "Blerick", "Panningen",
        "Horst", "Gennep", "Valkenburg", "Meerssen", "Beek", "Gulpen", "Vaals", "Simpelveld",
        "Voerendaal", "Nuth", "Schinnen", "Susteren", "Maasbracht", "Heythuysen", "Nederweert",
        "Reuver", "Swalmen", "Helden", "Sevenum", "Bergen (L)", "Mook", "Margraten", "Eijsden",
        "Born", "Hoensbroek",
    ), ("Parkstad", "Westelijke Mijnstreek", "Midden-Limburg", "Heuvelland")),
)

PROVINCES: tuple[str, ...] = tuple(p[1] for p in _PROVINCES)

# Generic neighbourhood names, for the extra branches of a town once its province's towns run out.
_DISTRICTS = (
    "Centrum", "Noord", "Zuid", "Oost", "West", "Stadshart", "Nieuwland", "De Hoven", "Molenwijk",
    "Parkwijk", "Bloemenbuurt", "Vogelwijk", "Rivierenwijk", "Dichtersbuurt", "Bomenbuurt",
    "Stationsbuurt", "Havenkwartier", "Kerkwijk", "Schildersbuurt", "Vruchtenbuurt",
    "Zeeheldenkwartier", "Oud-Zuid", "Nieuw-West", "De Brug", "Het Hof", "Sterrenwijk",
    "Componistenbuurt", "Indische Buurt", "Transvaalbuurt", "Spoorzone", "Waterkwartier", "Tuinwijk",
    "Heuvelwijk", "Oranjewijk", "Kloosterwijk", "Bloemhof", "De Akker", "De Weide", "Het Park",
    "De Vaart", "De Haven", "Het Plein", "De Dijk", "Het Veld", "De Markt",
)


@dataclass(frozen=True)
class Library:
    isil: str
    name: str
    province: str


@dataclass(frozen=True)
class Branch:
    name: str
    library: Library
    # Relative collection size: central libraries hold more titles than village branches.
    weight: float


def _split(total: int, parts: int, minimum: int = 2) -> list[int]:
    """Divide `total` branches over `parts` organisations, the first (largest town) getting most."""
    shares = [1.0 / (k + 1) ** 0.9 for k in range(parts)]
    spare = total - minimum * parts
    raw = [spare * s / sum(shares) for s in shares]
    counts = [minimum + int(r) for r in raw]
    # Largest remainder, ties to the earlier (larger) organisation.
    order = sorted(range(parts), key=lambda k: (-(raw[k] - int(raw[k])), k))
    for k in order[: total - sum(counts)]:
        counts[k] += 1
    return counts


@lru_cache(maxsize=1)
def network() -> tuple[tuple[Library, ...], tuple[Branch, ...]]:
    libraries: list[Library] = []
    branches: list[Branch] = []
    for code, province, n_orgs, n_branches, towns, regions in _PROVINCES:
        counts = _split(n_branches, n_orgs)
        seats = towns[:n_orgs]
        spare_towns = list(towns[n_orgs:])
        region_iter = iter(regions)
        orgs: list[tuple[Library, str]] = []
        for k, seat in enumerate(seats):
            # Every third organisation is a regional one named after its region, as many are.
            region = next(region_iter, None) if k % 3 == 2 else None
            name = f"Bibliotheek {region}" if region else f"Bibliotheek {seat}"
            lib = Library(f"NL-{code}{k + 1:03d}", name, province)
            libraries.append(lib)
            orgs.append((lib, seat))
        # Hand the remaining towns out round-robin to organisations that still need branches,
        # then give the larger towns district branches.
        names: list[list[str]] = [[seat] for _, seat in orgs]
        while spare_towns and any(len(names[k]) < counts[k] for k in range(n_orgs)):
            for k in range(n_orgs):
                if spare_towns and len(names[k]) < counts[k]:
                    names[k].append(spare_towns.pop(0))
        for k, (lib, seat) in enumerate(orgs):
            d = 0
            while len(names[k]) < counts[k]:
                more = f" {d // len(_DISTRICTS) + 1}" if d >= len(_DISTRICTS) else ""
                names[k].append(f"{seat} {_DISTRICTS[d % len(_DISTRICTS)]}{more}")
                d += 1
            for j, branch in enumerate(names[k]):
                weight = 4.0 if j == 0 else (2.0 if branch.startswith(seat + " ") else 1.0)
                # Larger organisations (lower k) serve larger towns with larger collections.
                branches.append(Branch(branch, lib, weight * (1.0 + 1.0 / (k + 1))))
    return tuple(libraries), tuple(branches)


def libraries() -> tuple[Library, ...]:
    return network()[0]


def branches() -> tuple[Branch, ...]:
    return network()[1]
