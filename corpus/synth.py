"""A synthetic national catalogue: deterministic by seed, streaming, any size.

Benchmarks need the national catalogue's shape (about 18 million titles, 39 million copies)
without its data, so this module makes records in the canonical schema whose statistics look
like a Dutch public-library catalogue:

* works with 1 to 40 editions (most 1 or 2), editions sharing title, authors and ``work_key``
  but differing in year, publisher, material and ISBN;
* Zipf-distributed Dutch title and description words taken from ``wordfreq`` (some English,
  German, French and other titles from those languages' lists), prolific and rare authors;
* fill rates, material, audience, language and reading-form mixes of a public collection;
* holdings over the synthetic library network of :mod:`corpus.libraries`, popularity-skewed:
  a bestseller sits in hundreds of branches, most titles in one or two (2.2 copies a title).

The same seed gives the same records, and a shorter run is a prefix of a longer one (nothing
depends on ``n``), so benchmark corpora of different sizes nest. Generation is a single pass
over one ``random.Random``: no table grows with ``n``.

``python -m corpus.synth --records N --seed S --out FILE.jsonl`` writes JSON lines;
:func:`query_mix` derives a benchmark query mix from generated records.
"""
from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import sys
import time
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from math import log as _log
from typing import BinaryIO

import orjson

from corpus.libraries import branches
from corpus.roles import named

CURRENT_YEAR = 2025  # fixed, not the clock: the same seed must give the same catalogue next year

# --- mixes (shares of records) ------------------------------------------------------------------

# Text works (boek, e-book, luisterboek) make up 88% of records; each of their editions draws its
# material from this mix, so the shares hold per record.
_TEXT_MATERIALS = (("boek", 75.0), ("e-book", 8.0), ("luisterboek", 5.0))
# Other kinds of work keep one material over all their editions.
_OTHER_MATERIALS = (
    ("film", 3.0), ("muziek", 3.0), ("tijdschrift", 2.0), ("game", 1.0), ("bladmuziek", 1.0),
    ("anders", 0.9), ("krant", 0.3), ("podcast", 0.3), ("databank", 0.2), ("website", 0.2),
)
_WORK_KINDS = (("text", 88.0),) + _OTHER_MATERIALS
_ONLINE = frozenset({"e-book", "podcast", "databank", "website"})

_AUDIENCES = (
    ("volwassenen", 60.0), ("0-3", 4.0), ("4-6", 8.0), ("7-9", 9.0), ("10-12", 9.0),
    ("13-15", 6.0), ("16-18", 4.0),
)
_YOUTH_AGE = {"0-3": 2, "4-6": 4, "7-9": 7, "10-12": 10, "13-15": 13, "16-18": 15}

_LANGUAGES = (
    ("nl", 85.0), ("en", 9.0), ("de", 2.0), ("fr", 2.0), ("tr", 0.5), ("ar", 0.5), ("es", 0.4),
    ("pl", 0.3), ("it", 0.2), ("pt", 0.1),
)
# Registration groups of the ISBN agencies that publish in each language.
_ISBN_GROUPS = {
    "nl": ("90", "94"), "en": ("0", "1"), "de": ("3",), "fr": ("2",), "tr": ("605", "975"),
    "ar": ("9953", "977"), "es": ("84",), "pl": ("83",), "it": ("88",), "pt": ("85", "972"),
}
# Item numbers step through the record numbers with a stride coprime with 10, so they run through
# every value of a group before repeating: unique ISBNs up to 10^(9 - len(group)) records.
_ISBN_STEP = 7_368_787
_PPN_STEP = 3_141_593

# Reading forms: about 3% of records, large print most (for adults; children's books come in
# dyslexia-friendly and easy-reading editions instead).
_ADULT_FORMS = (("grote letter", 75.0), ("makkelijk lezen", 15.0), ("dyslexie", 4.0), ("braille", 6.0))
_YOUTH_FORMS = (("dyslexie", 50.0), ("makkelijk lezen", 35.0), ("braille", 15.0))
_BOOK_FORM_RATE = 0.03
_AUDIO_FORM_RATE = 0.12  # of luisterboeken: "gesproken" (Passend Lezen, Daisy)

# Editions per work: P(k) ~ k^-2.4 for 1..40, about 70% single, 15% two.
_EDITIONS_MAX = 40
_EDITIONS_EXPONENT = 2.4

# Holdings: copies per edition = work popularity (Pareto) x material x age; tuned to 2.2 a title.
_POP_ALPHA = 1.45
_POP_SCALE = 1.77
_POP_EDITIONS = 0.35  # popular works have more editions
_OTHER_EDITIONS = 0.4
_MATERIAL_COPIES = {
    "boek": 1.0, "luisterboek": 0.6, "film": 0.8, "muziek": 0.45, "tijdschrift": 1.6, "game": 1.0,
    "bladmuziek": 0.5, "krant": 1.0, "anders": 0.6, "e-book": 0.0, "podcast": 0.0, "databank": 0.0,
    "website": 0.0,
}

# The frequency lists come partly from subtitles and social media; keep their swear words out of
# titles a librarian would see.
_BLOCKED = frozenset("""
kut lul klote kankeren tering tyfus godverdomme neuken hoer hoeren pik eikel kech mongool
fuck fucking fucked shit bitch cunt pussy cock nigga nigger whore slut asshole motherfucker
scheiße scheisse arsch fotze ficken hure wichser putain merde salope connard enculé bite
""".split())

# --- hand lists: names, publishers, subjects, genres ----------------------------------------------

_NL_FIRST = """
Anna Emma Julia Sophie Lotte Eva Sara Lisa Fleur Noa Tess Mila Zoë Lieke Sanne Anouk Femke Iris
Maaike Marieke Ingrid Annemarie Ellen Monique Petra Marjolein Esther Judith Karin Linda Mirjam
Nicole Patricia Renate Saskia Sandra Wendy Yvonne Astrid Bianca Carla Daphne Elise Hanneke Ilse
Janneke Kim Lara Manon Nathalie Paulien Rianne Suzanne Tamara Vera Willemijn Yara Joke Annie
Marga Truus Riet Greet Hella Connie Tonke Thea Ida Margriet Jacqueline Hester Rosa Roos Floor Isa
Nina Evi Jet Maud Merel Nienke Renske Marian Marja Carry Annet Gerda Hilde Corrie Dieuwke Geertje
Sietske Jikke Baukje Marleen Natasja Miriam Charlotte Josephine Fatima Yasmina Khadija Naima
Sevda Ayşe Priya Shanti Jan Piet Kees Henk Gerard Harry Willem Hendrik Johan Pieter Cornelis
Jacob Dirk Gerrit Arie Klaas Theo Wim Frans Hans Peter Paul Marc Mark Martin Michiel Erik Rob
Ruud Frank Bas Bart Tim Tom Thijs Daan Sem Lucas Levi Finn Milan Jesse Luuk Bram Ruben Niels
Jeroen Joost Sander Arjen Maarten Stefan Wouter Jasper Koen Gijs Stijn Remco Dennis Edwin Marcel
Rutger Hugo Ivo Job Jurre Mees Siem Teun Wessel Floris Jelle Sjoerd Hidde Auke Tjeerd Douwe Geert
Adriaan Leon Max Otto Simon Victor Herman Godfried Jaap Joop Anton Guus Ton Rien Ad Toon Bert
Gert Lodewijk Reinier Frits Kader Mohammed Ahmed Youssef Hassan Ibrahim Murat Özcan Rajesh Anil
Kenneth Marcus Rachid Said Mustafa Hamid
""".split()

_NL_LAST = [n.strip() for n in """
de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer,
Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits,
de Graaf, van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, van den Heuvel, van der Veen,
van den Broek, de Bruijn, de Bruin, van der Heijden, Schouten, van Beek, Willems, van Vliet,
van de Ven, Hoekstra, Maas, Verhoeven, Koster, van Dam, van der Wal, Prins, Blom, Huisman, Peeters,
de Jonge, Kuipers, van Veen, Post, Kuiper, Veenstra, Kramer, van den Brink, Scholten, van Wijk,
Postma, Martens, Vink, de Ruiter, Timmermans, Groen, Gerritsen, Jonker, van Loon, van der Velde,
Willemsen, Smeets, de Lange, de Vos, Bosch, van Dongen, Schipper, de Koning, van der Laan, Koning,
van der Velden, Driessen, van Doorn, Hermans, Evers, van den Bosch, van der Meulen, Hofman, Bosman,
Wolters, Sanders, van der Horst, Mol, Kuijpers, Molenaar, van de Pol, de Leeuw, Verbeek, Aarts,
Beekman, Claassen, Dijkman, Eijkelboom, Faber, Geerts, Haverkamp, IJzerman, Kamphuis, Lammers,
Mertens, Nijhuis, Oosterhuis, Pauw, Reijnders, Staal, Terpstra, Uiterwijk, Verschuren, Wijnands,
Zwart, Bijl, Boersma, Elzinga, Feenstra, Gorter, Hoogland, Kingma, Kloosterman, Lubbers, Meinema,
Nauta, Oldenburger, Ploeg, Rozema, Sikkema, Tuinstra, Venema, Wiersma, Zijlstra, van Houten,
van Rijn, van Assen, van Buren, van Dalen, van Eck, van Gelder, van Hal, van Kampen, van Lent,
van Oort, van Rooij, van Schaik, van Tol, van Wees, van Zanten, ter Horst, ter Beek, te Velde,
op den Kamp, in 't Veld, van 't Hof, de Klerk, de Mol, de Rooij, de Waal, de Wilde, de Zwart,
Hoogendoorn, Hoogeveen, Jongsma, Kooistra, Langeveld, Meijerink, Nieuwenhuis, Overbeek, Pronk,
Rietveld, Schreuder, Spijker, Teunissen, Veldhuis, Westra, Wouters, Yilmaz, Kaya, Demir, Şahin,
El Amrani, Bouzid, Benali, Ramdin, Sewdien, Mahabier, Tjon, Kromodimedjo, Nguyen, Brands, Coster,
Dijkhuizen, Engels, Franken, Goossens, Hoek, Hoekman, Huijbers, Jaspers, Keizer, Klaassen, Kroon,
Kuijper, Lambers, Lemmens, Maessen, Mathijssen, Michels, Nijland, Oomen, Otten, Pieters, Raaijmakers,
Reinders, Roelofs, Rutten, Schoenmakers, Simons, Sluiter, Steenbergen, Stam, Stolk, Thijssen, Tromp,
Verhagen, Verkerk, Vlasblom, Vonk, Fokkema, Wagenaar, Wessels, Wijnen, Wolff, Zandbergen, Zeeman,
Aalbers, Bakx, Beukema, Blankenstein, Bolhuis, Bouma, Bouwman, Brinkman, Buijs, Damen, Dirksen,
van Eerden, Eekhof, Fransen, Gijsbers, Groenewegen, Haak, Heerkens, Hilhorst, van der Hulst,
van de Kamp, van Kessel, Klein, van der Kolk, Kooij, van de Laar, van Lier, Marrewijk, Meeuwsen,
Mooij, Noordam, Oudshoorn, van der Plas, van der Poel, van der Punt, Rademaker, Rensen, van 't Riet,
Roest, de Roos, Ruijter, Schaap, Schilder, van der Sloot, Snoek, van der Spek, van der Steen, Sterk,
Stoop, Veldman, Verburg, Vermeer, Visscher, van der Vlugt, van der Voorn, Vuijk, van de Wal,
van de Weerd, van der Werf, van de Wiel, van den Wijngaard, Witteveen, Zuidema, Zwaan, Akkerman,
Bergsma, Cornelissen, Dekkers, Eelman, Frijling, Hazelhoff, Kappers, Luijten, Nooij, Pool, Sprenger
""".split(",")]

_FOREIGN_NAMES = {
    "en": ("""Emily Sarah Rachel Olivia Charlotte Hannah Margaret Elizabeth Jennifer Lucy Grace Alice
              James John Michael David Robert William Thomas Daniel Matthew Richard George Henry
              Oliver Samuel Ian Stephen""",
           """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
              Wright Walker White Edwards Hughes Green Hall Wood Harris Lewis Martin Jackson Clarke
              Clark Turner Hill Scott Cooper Morris Ward Moore King Watson Baker Harrison Morgan
              Patel Young Allen Mitchell Bell Murphy Campbell Kelly Anderson Miller Carter"""),
    "de": ("""Anna Lena Katharina Julia Sabine Petra Monika Ursula Claudia Hannah Sophie Marie
              Thomas Michael Andreas Stefan Wolfgang Klaus Jürgen Peter Markus Jonas Lukas Felix""",
           """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch
              Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann
              Hartmann Lange Schmitt Werner Krause Meier Lehmann"""),
    "fr": ("""Marie Camille Léa Manon Chloé Sophie Isabelle Nathalie Claire Juliette Amélie Hélène
              Jean Pierre Michel Philippe Nicolas Julien Antoine François Louis Hugo Thomas Olivier""",
           """Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent
              Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier
              Dupont Lambert Bonnet François Martinez Rousseau"""),
    "tr": ("Ayşe Fatma Elif Zeynep Emine Mehmet Mustafa Ahmet Ali Hüseyin Emre Murat",
           "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan"),
    "ar": ("Fatima Layla Mariam Noor Amina Ahmed Mohammed Omar Youssef Khalid Hassan Karim",
           "Haddad Khalil Mansour Nasser Saleh Hamdan Darwish Aziz Farouk Rahman Qasim Habib"),
    "es": ("Carmen Lucía Isabel Elena Laura Marta José Javier Carlos Miguel Pablo Antonio",
           "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Ruiz Díaz Moreno"),
    "pl": ("Katarzyna Anna Agnieszka Magdalena Joanna Piotr Tomasz Krzysztof Paweł Marek Jan",
           "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański"),
    "it": ("Giulia Francesca Chiara Sara Elena Marco Luca Giuseppe Alessandro Andrea Matteo",
           "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo"),
    "pt": ("Ana Maria Beatriz Inês Mariana João Pedro Tiago Miguel Rafael Lucas",
           "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes Gomes"),
}

_PUBLISHERS = {
    "nl": """De Bezige Bij|Querido|Atlas Contact|Prometheus|Meulenhoff|Ambo|Anthos|Nijgh & Van Ditmar|
        De Arbeiderspers|Podium|Das Mag|Cossee|Balans|Spectrum|Kosmos Uitgevers|Lannoo|Karakter|
        HarperCollins Holland|Luitingh-Sijthoff|A.W. Bruna|Van Holkema & Warendorf|Lemniscaat|
        Gottmer|Ploegsma|Querido Kinderboeken|Leopold|Zwijsen|Clavis|Moon|Overamstel|Thomas Rap|
        Signatuur|Xander|The House of Books|Volt|Hollands Diep|Atlas|Boekerij|Unieboek|Het Spectrum|
        Uitgeverij Pluim|Blossom Books|Condor|Kluitman|Standaard Uitgeverij|Davidsfonds|Fontaine|
        Vesuvius|Ten Have|Nieuw Amsterdam|Thoth|WBooks|Ambo Anthos|Terra|ANWB|Lonely Planet NL""",
    "en": """Penguin Books|HarperCollins|Vintage|Bloomsbury|Macmillan|Hachette|Simon & Schuster|
        Faber & Faber|Random House|Picador|Orion|Headline|Little, Brown|Scholastic|Walker Books""",
    "de": """Rowohlt|Suhrkamp|S. Fischer|Hanser|Diogenes|Kiepenheuer & Witsch|dtv|Piper|Ullstein|
        Carlsen|Oetinger|Droemer""",
    "fr": """Gallimard|Flammarion|Albin Michel|Actes Sud|Grasset|Éditions du Seuil|Le Livre de Poche|
        Hachette Livre|Folio|P.O.L.|Stock|Pocket""",
    "tr": "Can Yayınları|Yapı Kredi Yayınları|İletişim|Doğan Kitap|Everest",
    "ar": "Dar al-Saqi|Dar al-Shorouk|Al Arabi|Dar al-Adab|Hachette Antoine",
    "es": "Anagrama|Alfaguara|Planeta|Tusquets|Destino|Seix Barral",
    "pl": "Znak|Wydawnictwo Literackie|Czarne|Albatros|Muza",
    "it": "Einaudi|Feltrinelli|Mondadori|Adelphi|Sellerio",
    "pt": "Companhia das Letras|Porto Editora|Relógio D'Água|Record",
    "luisterboek": "Rubinstein|Luisterrijk|Storytel|Audible Studios|Hebban Audio|Bookwire",
    "film": "Dutch FilmWorks|Universal Pictures Benelux|Warner Bros|Paradiso|Cinéart|Amstelfilm",
    "muziek": "Universal Music|Sony Music|Warner Music|Top Notch|Excelsior Recordings|Challenge Records",
    "game": "Nintendo|Sony Interactive Entertainment|Ubisoft|Electronic Arts|Microsoft|Bandai Namco",
    "tijdschrift": "DPG Media|Mediahuis|Sanoma|Blink|Young & Connected|Audax",
    "bladmuziek": "De Haske|Broekmans & Van Poppel|XYZ Uitgeverij|Schott|Bärenreiter",
    "online": "Bibliotheekservice Fryslân|Online Bibliotheek|Bibliotheek.nl|Beeld en Geluid",
}

# Subjects with the NUR main groups they sit in (a plausible subset, not the full NUR scheme).
_NONFICTION = """
geschiedenis 680|Tweede Wereldoorlog 680|Nederland ; geschiedenis 680|middeleeuwen 680|
slavernij 680|koloniale geschiedenis 680|Romeinen 680|koken 440|bakken 440|vegetarische gerechten 440|
wereldkeuken 440|gezondheid 860|voeding 860|dementie 860|kanker 860|slaap 860|zwangerschap 860|
ouderen 860|mantelzorg 860|hardlopen 480|voetbal 480|wielrennen 480|yoga 480|psychologie 770|
persoonlijke ontwikkeling 770|geluk 770|relaties 770|rouwverwerking 770|autisme 770|ADHD 770|
hoogbegaafdheid 770|opvoeding 850|pubers 850|onderwijs 840|filosofie 730|religie 700|islam 700|
christendom 700|boeddhisme 700|politiek 740|democratie 740|Europese Unie 740|migratie 740|
racisme 740|feminisme 740|armoede 740|klimaatverandering 940|duurzaamheid 940|vogels 940|
natuur 940|planten 940|honden 940|katten 940|paarden 940|tuinieren 421|kamerplanten 421|
reizen 500|Italië 510|Frankrijk 510|Spanje 510|wandelen 510|fietsen 510|kunst 640|
schilderkunst 640|architectuur 640|fotografie 640|design 640|muziek 660|popmuziek 660|
film 670|geld 800|beleggen 800|management 800|ondernemerschap 800|economie 780|recht 820|
erfrecht 820|arbeidsrecht 820|computers 980|programmeren 980|internet 980|sociale media 980|
kunstmatige intelligentie 980|wiskunde 910|natuurkunde 910|sterrenkunde 910|biologie 910|
evolutie 910|dinosaurussen 910|auto's 970|techniek 970|handwerken 470|breien 470|haken 470|
puzzels 470|Nederlandse taal 620|inburgering 620|biografieën 321|Amsterdam 500|Friesland 500"""

_THEMES = """vriendschap liefde familie oorlog dood pesten scheiding verlies identiteit migratie
opgroeien eenzaamheid schuld wraak moord misdaad politie spionage zee dieren school sport magie
draken ridders piraten heksen ruimte toekomst tijdreizen verliefdheid broers|en|zussen
Tweede|Wereldoorlog Amsterdam Friesland platteland vluchtelingen dementie verraad geheimen""".split()
_THEMES = [t.replace("|", " ") for t in _THEMES]

# Fiction genres with weight and NUR code for adults, with weight for youth.
_ADULT_GENRES = (
    ("literaire roman", 25, "301"), ("thriller", 18, "332"), ("detective", 12, "331"),
    ("romantische roman", 12, "343"), ("psychologische roman", 8, "301"),
    ("historische roman", 7, "301"), ("familieroman", 5, "340"), ("oorlogsroman", 3, "301"),
    ("fantasy", 3, "334"), ("sciencefiction", 2, "335"), ("humor", 2, "301"),
    ("verhalen", 2, "303"), ("poëzie", 1, "306"),
)
_YOUTH_GENRES = (
    ("avonturenverhaal", 18), ("dierenverhaal", 12), ("humor", 12), ("fantasy", 10),
    ("griezelverhaal", 8), ("detective", 8), ("schoolverhaal", 8), ("sprookjes", 6),
    ("historisch verhaal", 5), ("sportverhaal", 5), ("prentenboek", 5), ("voorleesboek", 3),
)
_YOUTH_NUR = {"0-3": "271", "4-6": "281", "7-9": "282", "10-12": "283", "13-15": "284", "16-18": "285"}

_TITLE_WORDS = {  # articles and small words that make generated titles read like titles
    "nl": (("De", "Het", "Een"), ("van", "en", "in", "voor", "met", "op", "uit", "over", "zonder", "naar")),
    "en": (("The", "A"), ("of", "and", "in", "for", "with", "on", "from", "without")),
    "de": (("Der", "Die", "Das", "Ein", "Eine"), ("und", "von", "im", "mit", "für", "ohne")),
    "fr": (("Le", "La", "Les", "Un", "Une"), ("de", "et", "dans", "pour", "avec", "sans")),
}
# The maker of a work by its kind, and the other people of an edition: labels of corpus.roles.
_ROLES = {"film": named("regisseur").label, "muziek": named("uitvoerder").label,
          "bladmuziek": named("componist").label, "game": named("ontwikkelaar").label}
_AUTHOR, _ILLUSTRATOR, _TRANSLATOR, _EDITOR, _NARRATOR = (
    named(r).label for r in ("auteur", "illustrator", "vertaler", "redacteur", "verteller"))
_EDITION_NOTES = ("1e druk", "Eerste druk", "Ongekorte editie", "Geheel herziene uitgave")
_SUBTITLES_NL = ("roman", "roman", "thriller", "verhalen", "een familiegeschiedenis", "gedichten",
                 "een biografie", "waargebeurd verhaal", "praktische gids", "een reis")


def _cum(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _pick(pairs: Sequence[tuple]) -> tuple[list, list[float]]:
    """Values and their cumulative shares normalised to 1, for `values[bisect(cum, random())]`."""
    cum = _cum(p[1] for p in pairs)
    total = cum[-1]
    cum = [c / total for c in cum]
    cum[-1] = 1.0  # random() < 1, so bisect never runs past the end
    return [p[0] for p in pairs], cum


# --- vocabulary ------------------------------------------------------------------------------------

_FUNCTION_WORDS = 120  # the most frequent words of a language: articles, pronouns, prepositions


class _Vocab:
    """A language's words with their wordfreq frequencies, and a fast source of running text.

    Running text (descriptions) is the expensive part of a record. It is cut from a pool of
    words drawn once from the Zipf distribution: a strided slice at a random offset gives
    independent-looking draws at C speed, and a few fresh draws from the full list per
    description keep the vocabulary growing with the corpus as a real one does.
    """

    def __init__(self, lang: str, size: int, pool_size: int) -> None:
        import wordfreq  # the word lists ship inside the package: no download

        words: list[str] = []
        freqs: list[float] = []
        # get_frequency_list gives words in bins of one centibel: bin i has frequency 10^(-i/100).
        # The small lists (~30,000 words) load in milliseconds; Dutch takes the large one.
        wordlist = "large" if size > 30_000 else "small"
        for i, bucket in enumerate(wordfreq.get_frequency_list(lang, wordlist=wordlist)):
            f = 10.0 ** (-i / 100.0)
            for w in bucket:
                if w.isalpha() and len(w) > 1 and w not in _BLOCKED:
                    words.append(w)
                    freqs.append(f)
            if len(words) >= size:
                break
        self.words = words
        self.cum = _cum(freqs)
        self.total = self.cum[-1]
        content = [
            (w, f) for w, f in zip(words[_FUNCTION_WORDS:], freqs[_FUNCTION_WORDS:]) if len(w) > 2
        ]
        self.content = [w for w, _ in content]
        self.content_cum = _cum(f for _, f in content)
        self.content_total = self.content_cum[-1]
        # The pool is the same for every seed (built once per process); the seed's stream
        # decides where each text is cut from it.
        rng = random.Random(f"vindplaats-synth:{lang}")
        self.pool = rng.choices(words, cum_weights=self.cum, k=pool_size)

    def draw(self, rr: Callable[[], float]) -> str:
        return self.words[bisect(self.cum, rr() * self.total)]

    def content_word(self, rr: Callable[[], float]) -> str:
        return self.content[bisect(self.content_cum, rr() * self.content_total)]

    def running(self, rr: Callable[[], float], n: int) -> list[str]:
        stride = 1 + int(rr() * 61)
        pool = self.pool
        start = int(rr() * (len(pool) - n * stride))
        words = pool[start:start + n * stride:stride]
        words[int(rr() * n)] = self.draw(rr)
        words[int(rr() * n)] = self.draw(rr)
        return words


@lru_cache(maxsize=64)
def _vocab(lang: str) -> _Vocab:
    if lang == "nl":
        return _Vocab(lang, 100_000, 1 << 18)
    return _Vocab(lang, 30_000, 1 << 16)


# --- identifiers -----------------------------------------------------------------------------------

def _digit_table(weights: tuple[int, int, int, int]) -> list[int]:
    return [
        (x // 1000) * weights[0] + (x // 100 % 10) * weights[1] + (x // 10 % 10) * weights[2]
        + (x % 10) * weights[3]
        for x in range(10_000)
    ]


_PPN_HI = _digit_table((9, 8, 7, 6))
_PPN_LO = _digit_table((5, 4, 3, 2))
_ISBN_W = _digit_table((1, 3, 1, 3))


def ppn(number: int) -> str:
    """A PPN (Pica production number): 8 digits and a mod-11 check character."""
    s = _PPN_HI[number // 10_000] + _PPN_LO[number % 10_000]
    check = (11 - s % 11) % 11
    return f"{number:08d}{'X' if check == 10 else check}"


def isbn13(body: int) -> str:
    """The ISBN-13 of a 12-digit body, with its check digit."""
    s = _ISBN_W[body // 100_000_000] + _ISBN_W[body // 10_000 % 10_000] + _ISBN_W[body % 10_000]
    return f"{body:012d}{(10 - s % 10) % 10}"


# --- the generator -----------------------------------------------------------------------------------

class _Catalogue:
    """All tables a stream of records needs; built once per seed, none of them grows with n.

    Categorical draws are ``values[bisect(cum, random())]`` over cumulative shares normalised to
    1: the cheapest weighted choice in pure Python. Hot paths bind what they use to locals.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.ppn_base = (seed * 2_654_435_761 + 12_345_678) % 100_000_000
        self.isbn_base = (seed * 40_503 + 1_234_567) % 10_000_000
        # ISBN-13 = 978 + group + item number + check: (group prefix as a number, item range).
        self.isbn_groups = {
            lang: [(int(f"978{g}") * 10 ** (9 - len(g)), 10 ** (9 - len(g))) for g in groups]
            for lang, groups in _ISBN_GROUPS.items()
        }
        self.kinds = _pick(_WORK_KINDS)
        self.text_materials = _pick(_TEXT_MATERIALS)
        self.audiences = _pick(_AUDIENCES)
        self.languages = _pick(_LANGUAGES)
        self.adult_forms = _pick(_ADULT_FORMS)
        self.youth_forms = _pick(_YOUTH_FORMS)
        self.editions = _pick([(k, k ** -_EDITIONS_EXPONENT) for k in range(1, _EDITIONS_MAX + 1)])
        self.adult_genres = _pick(_ADULT_GENRES)
        self.adult_nur = {g: nur for g, _, nur in _ADULT_GENRES}
        self.youth_genres = _pick(_YOUTH_GENRES)
        nonfiction = [s.strip().rsplit(" ", 1) for s in _NONFICTION.split("|")]
        self.nonfiction_nur = dict(nonfiction)
        # Subjects and themes are Zipf-distributed like everything a catalogue counts.
        self.nonfiction = _pick([(s, 1 / (k + 1)) for k, (s, _) in enumerate(nonfiction)])
        self.themes = _pick([(t, 1 / (k + 1)) for k, t in enumerate(_THEMES)])
        self.publishers = {k: [p.strip() for p in v.split("|")] for k, v in _PUBLISHERS.items()}
        # Authors: four spellings per first x last pair (plain, middle initial, double surname,
        # initials) give about 270,000 Dutch authors, drawn Zipf-wise so that a few have hundreds
        # of titles and most have one; the offset keeps the top author's share near 0.4%.
        self.nl_first = _NL_FIRST
        self.nl_last = _NL_LAST
        self.nl_pairs = len(self.nl_first) * len(self.nl_last)
        self.nl_author_cum = _pick([(k, 1 / (k + 30)) for k in range(4 * self.nl_pairs)])[1]
        self.foreign = {k: (first.split(), last.split()) for k, (first, last) in _FOREIGN_NAMES.items()}
        series = self._series_names(4_000)
        self.series = _pick([(s, 1 / (k + 1) ** 0.9) for k, s in enumerate(series)])
        # Sentence breaks for descriptions: positions where a new sentence of 5-16 words starts.
        rng = random.Random(f"vindplaats-synth:{seed}:sentences")
        self.breaks = []
        for _ in range(512):
            starts, j = [], 0
            while j < 130:
                j += 5 + int(rng.random() * 12)
                starts.append(j)
            self.breaks.append(starts)
        net = branches()
        self.holdings = [
            {"library": b.library.isil, "library_name": b.library.name, "branch": b.name,
             "province": b.library.province}
            for b in net
        ]
        self.branch_weight = [b.weight for b in net]
        self.branch_cum = _pick([(k, w) for k, w in enumerate(self.branch_weight)])[1]

    def _series_names(self, n: int) -> list[str]:
        rng = random.Random(f"vindplaats-synth:{self.seed}:series")
        v = _vocab("nl")
        rr = rng.random
        out = []
        for _ in range(n):
            w = v.content_word(rr)
            form = rr()
            if form < 0.35:
                out.append(w.capitalize())
            elif form < 0.6:
                out.append(f"De {w}")
            elif form < 0.75:
                out.append(f"{w.capitalize()}reeks")
            elif form < 0.9:
                out.append(f"{rng.choice(_NL_FIRST)} {w}")
            else:
                out.append(f"{w.capitalize()} en {v.content_word(rr)}")
        return out

    # - pieces of a work -

    def author(self, lang: str, translated: bool = False) -> str:
        rr = self.rng.random
        if lang == "nl" and not translated:
            first, last, pairs = self.nl_first, self.nl_last, self.nl_pairs
            # A fixed permutation of ranks (7919 is prime to the size) spreads the prolific
            # authors over the alphabet instead of naming them all after the first names listed.
            idx = (bisect(self.nl_author_cum, rr()) * 7_919 + 13) % (4 * pairs)
            variant, pair = divmod(idx, pairs)
            f, s = first[pair % len(first)], last[pair // len(first)]
            if variant == 0:
                return f"{f} {s}"
            if variant == 1:
                return f"{f} {first[(pair * 31) % len(first)][0]}. {s}"
            if variant == 2:
                return f"{f} {s}-{last[(pair * 17) % len(last)]}"
            return f"{f[0]}.{first[(pair * 13) % len(first)][0]}. {s}"
        if lang == "nl":  # a translated work: mostly from English
            lang = ("en", "en", "en", "de", "fr")[int(rr() * 5)]
        first, last = self.foreign.get(lang) or self.foreign["en"]
        # Few names per language: the skew comes from a power of the uniform draw.
        return f"{first[int(len(first) * rr() ** 1.5)]} {last[int(len(last) * rr() ** 1.5)]}"

    def title(self, v: _Vocab, lang: str) -> str:
        rr = self.rng.random
        cw = v.content_word
        dets, conns = _TITLE_WORDS.get(lang, (None, None))
        if dets is None:  # languages without templates: one to three content words
            return " ".join(cw(rr) for _ in range(1 + int(rr() * 3))).capitalize()
        det = dets[int(rr() * len(dets))]
        form = rr()
        if form < 0.24:
            t = f"{det} {cw(rr)}"
        elif form < 0.38:
            t = cw(rr)
        elif form < 0.48:
            t = f"{det} {cw(rr)} {conns[0]} {dets[int(rr() * len(dets))].lower()} {cw(rr)}"
        elif form < 0.58:
            t = f"{det} {cw(rr)} {cw(rr)}"
        elif form < 0.66:
            t = f"{cw(rr)} {conns[1]} {cw(rr)}"
        elif form < 0.76:
            t = f"{cw(rr)} {conns[int(rr() * len(conns))]} {dets[0].lower()} {cw(rr)}"
        elif form < 0.84:
            t = f"{det} {cw(rr)} {conns[int(rr() * len(conns))]} {cw(rr)}"
        elif form < 0.90:
            t = f"{cw(rr)} {cw(rr)} {cw(rr)}"
        elif form < 0.94:
            return self.author(lang)  # a person's name as title: biographies, novels
        else:  # a phrase
            t = " ".join(v.running(rr, 3 + int(rr() * 5)))
        return t[0].upper() + t[1:]

    def description(self, v: _Vocab, audience: str) -> str:
        rr = self.rng.random
        n = 20 + int(100 * ((rr() + rr()) * 0.5) ** 1.5)  # 20-120 words, most 40-70
        words = v.running(rr, n)
        words[0] = words[0].capitalize()
        for j in self.breaks[int(rr() * 512)]:
            if j >= n:
                break
            words[j - 1] += "."
            words[j] = words[j].capitalize()
        words[-1] += "."
        age = _YOUTH_AGE.get(audience)
        if age is not None:
            words.append(f"Vanaf ca. {age} jaar.")  # as the annotations of youth books end
        return " ".join(words)

    def branches_for(self, k: int) -> list[int]:
        """`k` distinct branches, the larger ones likelier."""
        n = len(self.holdings)
        if k >= n:
            return list(range(n))
        rr = self.rng.random
        if k <= 200:
            cum = self.branch_cum
            chosen: dict[int, None] = {}
            while len(chosen) < k:
                chosen[bisect(cum, rr())] = None
            return list(chosen)
        # Weighted sampling without replacement (Efraimidis-Spirakis) for the few bestsellers.
        w = self.branch_weight
        keys = sorted(range(n), key=lambda b: rr() ** (1.0 / w[b]), reverse=True)
        return keys[:k]

    # - the stream -

    def records(self) -> Iterator[dict]:
        rr = self.rng.random
        seed = self.seed
        kinds, kinds_cum = self.kinds
        languages, languages_cum = self.languages
        audiences, audiences_cum = self.audiences
        editions, editions_cum = self.editions
        edition = self._edition
        i = 0  # record number: PPN and ISBN item numbers derive from it, so both are unique
        work_no = 0
        while True:
            work_no += 1
            kind = kinds[bisect(kinds_cum, rr())]
            lang = languages[bisect(languages_cum, rr())]
            audience = audiences[bisect(audiences_cum, rr())]
            youth = audience != "volwassenen"
            n_ed = editions[bisect(editions_cum, rr())]
            fiction = kind == "text" and rr() < (0.7 if youth else 0.5)
            work = self._work(kind, lang, audience, youth, fiction)
            work["work_key"] = f"synth:{seed}:w{work_no}"
            # Popularity: Pareto-distributed; works with many editions are the popular ones.
            pop = _POP_SCALE * (rr() ** (-1.0 / _POP_ALPHA) - 0.6) * n_ed ** _POP_EDITIONS
            # Libraries buy one edition of a work in quantity, mostly the latest; the other
            # editions are copies kept from before or bought for a special purpose.
            main_edition = n_ed - 1 if rr() < 0.6 else int(rr() * n_ed)
            year = work["year"]
            druk = 1
            for e in range(n_ed):
                copies = pop if e == main_edition else pop * _OTHER_EDITIONS * rr()
                rec = edition(work, e, i, year, druk, copies)
                if rec["material"] == "boek":
                    druk += 1
                year = min(CURRENT_YEAR, year + int(rr() * rr() * 7))
                i += 1
                yield rec

    def _work(self, kind: str, lang: str, audience: str, youth: bool, fiction: bool) -> dict:
        """What all editions of a work share."""
        rr = self.rng.random
        v = _vocab(lang)
        translated = fiction and lang == "nl" and not youth and rr() < 0.35
        w: dict = {"kind": kind, "lang": lang, "audience": audience, "youth": youth, "vocab": v,
                   "title": self.title(v, lang)}
        # First publication: most of a public collection is recent (libraries weed).
        u = rr()
        if u < 0.65:
            w["year"] = max(1950, CURRENT_YEAR - int(-12.0 * _log(1.0 - rr())))
        elif u < 0.95:
            w["year"] = 1950 + int(rr() * 70)
        else:
            w["year"] = 1800 + int(rr() * 150)
        authors: list[dict] = []
        if kind not in ("tijdschrift", "krant", "databank", "website"):
            role = _ROLES.get(kind, _AUTHOR)
            authors.append({"name": self.author(lang, translated), "role": role})
            if rr() < 0.15:
                authors.append({"name": self.author(lang, translated), "role": role})
            if youth and kind == "text" and audience in ("0-3", "4-6", "7-9") and rr() < 0.6:
                authors.append({"name": self.author("nl"), "role": _ILLUSTRATOR})
            if translated:
                authors.append({"name": self.author("nl"), "role": _TRANSLATOR})
            elif kind == "text" and not fiction and rr() < 0.1:
                authors.append({"name": self.author(lang), "role": _EDITOR})
        w["authors"] = authors
        if rr() < 0.2:
            w["subtitle"] = (_SUBTITLES_NL[int(rr() * len(_SUBTITLES_NL))] if lang == "nl" and rr() < 0.5
                             else " ".join(v.content_word(rr) for _ in range(1 + int(rr() * 3))))
        genre: list[str] = []
        nur = None
        if fiction:
            genres, genres_cum = self.youth_genres if youth else self.adult_genres
            if rr() < (0.85 if youth else 0.9):
                genre.append(genres[bisect(genres_cum, rr())])
            if youth:
                nur = _YOUTH_NUR[audience]
            else:
                nur = self.adult_nur[genre[0]] if genre else "301"
                if translated and nur == "301":
                    nur = "302"
            if rr() < 0.1:
                extra = genres[bisect(genres_cum, rr())]
                if extra not in genre:
                    genre.append(extra)
        w["genre"] = genre
        # Subjects: all non-fiction, half of the rest.
        subjects: list[str] = []
        if kind == "text" and not fiction:
            names, cum = self.nonfiction
            for _ in range(1 + int(rr() * rr() * 3)):
                s = names[bisect(cum, rr())]
                if s not in subjects:
                    subjects.append(s)
            nur = "210" if youth else self.nonfiction_nur[subjects[0]]
        elif rr() < 0.5:
            names, cum = self.themes
            for _ in range(1 + int(rr() * rr() * 3)):
                s = names[bisect(cum, rr())]
                if s not in subjects:
                    subjects.append(s)
        w["subjects"] = subjects
        # NUR is the Dutch book trade's code: Dutch-language text works only.
        w["nur"] = nur if kind == "text" and lang == "nl" and rr() < 0.92 else None
        p = rr()
        names, cum = self.series
        series_rate = (0.32 if fiction else 0.25) if youth else (0.09 if fiction else 0.07)
        if kind == "text" and p < series_rate:
            name = names[bisect(cum, rr())]
            w["series"] = f"{name} ; {1 + int(rr() * rr() * 30)}" if rr() < 0.6 else name
        elif kind in ("film", "muziek", "game") and p < 0.1:
            w["series"] = names[bisect(cum, rr())]
        if rr() < 0.64:
            w["description"] = self.description(v, audience)
        pubs = self.publishers.get(lang) or self.publishers["en"]
        w["publishers"] = pubs
        w["publisher"] = pubs[int(len(pubs) * rr() ** 2)]
        return w

    def _edition(self, work: dict, e: int, i: int, year: int, druk: int, pop: float) -> dict:
        """One record: an edition of `work`, the `i`-th record of the stream."""
        rr = self.rng.random
        kind, lang = work["kind"], work["lang"]
        if kind == "text":
            materials, cum = self.text_materials
            material = materials[bisect(cum, rr())]
        else:
            material = kind
        p = ppn((self.ppn_base + i * _PPN_STEP) % 100_000_000)
        rec: dict = {"id": f"ppn:{p}", "type": "catalogue", "title": work["title"]}
        if "subtitle" in work:
            rec["subtitle"] = work["subtitle"]
        # Each record gets its own nested objects: a consumer may change one without the others.
        authors = [dict(a) for a in work["authors"]]
        if material == "luisterboek" and rr() < 0.7:
            authors.append({"name": self.author(lang), "role": _NARRATOR})
        rec["authors"] = authors
        if material == "luisterboek":
            pubs = self.publishers["luisterboek"]
            rec["publisher"] = pubs[int(len(pubs) * rr())]
        elif kind in self.publishers:
            pubs = self.publishers[kind]
            rec["publisher"] = pubs[int(len(pubs) * rr())]
        elif material in _ONLINE and kind != "text":
            pubs = self.publishers["online"]
            rec["publisher"] = pubs[int(len(pubs) * rr())]
        elif e == 0 or rr() < 0.6:
            rec["publisher"] = work["publisher"]
        else:
            pubs = work["publishers"]
            rec["publisher"] = pubs[int(len(pubs) * rr() ** 2)]
        rec["year"] = year
        # Reading forms: large print, easy reading, dyslexia, braille books; spoken audiobooks.
        form = None
        if material == "boek" and rr() < _BOOK_FORM_RATE:
            forms, cum = self.youth_forms if work["youth"] else self.adult_forms
            form = forms[bisect(cum, rr())]
        elif material == "luisterboek" and rr() < _AUDIO_FORM_RATE:
            form = "gesproken"
        if form == "grote letter":
            rec["edition"] = "Grote letter editie"
        elif material == "boek" and druk > 1 and rr() < 0.6:
            rec["edition"] = f"{druk}e druk" if rr() < 0.85 else "Herziene editie"
        elif rr() < 0.08:
            rec["edition"] = _EDITION_NOTES[int(rr() * len(_EDITION_NOTES))]
        if material in ("boek", "e-book", "luisterboek") and year >= 1970 and rr() < 0.93:
            groups = self.isbn_groups[lang]
            prefix, items = groups[int(rr() * len(groups))]
            rec["isbn"] = [isbn13(prefix + (self.isbn_base + i * _ISBN_STEP) % items)]
        rec["ppn"] = p
        rec["language"] = [lang]
        rec["material"] = material
        rec["audience"] = work["audience"]
        if form:
            rec["reading_form"] = [form]
        if work["genre"]:
            rec["genre"] = list(work["genre"])
        if work["subjects"]:
            rec["subjects"] = list(work["subjects"])
        if work["nur"]:
            rec["nur"] = work["nur"]
        if "series" in work:
            rec["series"] = work["series"]
        if "description" in work and (e == 0 or rr() < 0.9):
            rec["description"] = work["description"]
        online = material in _ONLINE or (material == "luisterboek" and rr() < 0.6)
        holdings: list[dict] = []
        if not online:
            age = CURRENT_YEAR - year
            copies = pop * _MATERIAL_COPIES[material] * (1.0 if age < 10 else 0.7 if age < 25 else 0.4)
            k = int(copies)
            if rr() < copies - k:
                k += 1
            if k:
                tpl = self.holdings
                chosen = (bisect(self.branch_cum, rr()),) if k == 1 else self.branches_for(k)
                holdings = [{**tpl[b], "available": rr() < 0.7} for b in chosen]  # 70% on the shelf
        rec["holdings"] = holdings
        if online:
            rec["online_url"] = f"https://www.onlinebibliotheek.nl/catalogus/{p}"
        rec["work_key"] = work["work_key"]
        return rec


# --- public API -----------------------------------------------------------------------------------

def generate(n: int, seed: int = 1) -> Iterator[dict]:
    """Yield `n` canonical catalogue records; the same seed always gives the same records."""
    if n <= 0:
        return iter(())
    return itertools.islice(_Catalogue(seed).records(), n)


_BUFFER = 1 << 20


def write_jsonl(n: int, seed: int, out_path: str, progress: Callable[[int], object] | None = None) -> int:
    """Write `n` records as JSON lines to `out_path` (``-``: standard output); return the count.

    A file appears under its name only when complete (written as ``.part``, then renamed), so
    an interrupted run never leaves a truncated corpus that looks whole; devices and pipes are
    written directly. `progress`, when given,
    is called now and then with the number of records written since its previous call (so
    ``tqdm(...).update`` fits).
    """
    if out_path == "-":
        return _write(sys.stdout.buffer, n, seed, progress)
    if os.path.exists(out_path) and not os.path.isfile(out_path):
        # A device or pipe (os.devnull, a FIFO): write into it, never rename over it.
        with open(out_path, "wb", buffering=_BUFFER) as fh:
            return _write(fh, n, seed, progress)
    part = f"{out_path}.part"
    try:
        with open(part, "wb", buffering=_BUFFER) as fh:
            written = _write(fh, n, seed, progress)
        os.replace(part, out_path)
    finally:
        if os.path.exists(part):
            os.remove(part)
    return written


def _write(fh: BinaryIO, n: int, seed: int, progress: Callable[[int], object] | None) -> int:
    # One small write per record into the file's buffer: joining big batches instead costs more
    # in fresh memory pages than it saves in calls.
    dumps, newline, write = orjson.dumps, orjson.OPT_APPEND_NEWLINE, fh.write
    written = 0
    for rec in generate(n, seed):
        write(dumps(rec, option=newline))
        written += 1
        if progress and written % 10_000 == 0:
            progress(10_000)
    if progress and written % 10_000:
        progress(written % 10_000)
    fh.flush()
    return written


# --- a benchmark query mix -------------------------------------------------------------------------

# The year facet's ranges as filter values; they match the field registry's YEAR_RANGES
# (indexer/fields.py), which a test checks: corpus code does not import the indexer.
YEAR_RANGES = (
    ("-1899", 0, 1899), ("1900-1944", 1900, 1944), ("1945-1979", 1945, 1979),
    ("1980-1999", 1980, 1999), ("2000-2009", 2000, 2009), ("2010-2019", 2010, 2019),
    ("2020-", 2020, 9999),
)
_QUERY_KINDS = (("title", 30), ("topic", 40), ("author", 20), ("isbn", 10))
_FILTER_FIELDS = ("material", "language", "audience", "province", "year")
_WORD = re.compile(r"[^\W\d_]+")


def _year_range(year: int) -> str:
    for key, lo, hi in YEAR_RANGES:
        if lo <= year <= hi:
            return key
    return YEAR_RANGES[-1][0]


def _filter_value(field: str, rec: dict, rng: random.Random) -> str | None:
    if field == "material":
        return rec.get("material")
    if field == "language":
        return (rec.get("language") or [None])[0]
    if field == "audience":
        return rec.get("audience")
    if field == "province":
        holdings = rec.get("holdings") or []
        return rng.choice(holdings).get("province") if holdings else None
    return _year_range(rec["year"]) if rec.get("year") else None


def query_mix(n_queries: int, seed: int, records_sample: Sequence[dict]) -> list[dict]:
    """A benchmark query mix derived from (a sample of) the generated catalogue.

    Each query is ``{"q", "filters", "kind"}`` and, for known-item queries, ``"target"`` (the id
    the query was made from). Kinds: ``title`` (a title as typed: whole, in lower case, two or
    three of its words, or with the author's surname), ``topic`` (one to three words from the
    middle of the sample's Zipf curve: neither stop words nor hapaxes), ``author`` (a full name
    or a surname), ``isbn`` (plain or hyphenated). Each query has zero to two filters over
    material, language, audience, province and year range. Known-item filters come from the
    target record, so the target still matches; other filters are drawn from a random record,
    so filter values follow the catalogue's own distribution.
    """
    recs = [r for r in records_sample if r.get("type", "catalogue") == "catalogue" and r.get("title")]
    if not recs:
        raise ValueError("query_mix needs catalogue records to derive queries from")
    rng = random.Random(f"vindplaats-queries:{seed}")
    with_isbn = [r for r in recs if r.get("isbn")]
    authors = [a["name"] for r in recs for a in r.get("authors") or [] if a.get("name")]
    counts = Counter(
        w for r in recs for text in (r["title"], r.get("description") or "")
        for w in _WORD.findall(text.lower()) if len(w) > 2
    )
    ranked = [w for w, _ in counts.most_common()]
    # Zipf middle: skip the head (stop words) and the tail (words seen once or twice).
    head = max(50, len(ranked) // 100)
    middle = [w for w in ranked[head:] if counts[w] >= 3][:5_000] or ranked[:100] or ["bibliotheek"]
    middle_cum = _cum(max(counts[w], 1) ** 0.5 for w in middle)
    kinds, kinds_cum = _pick([
        (kind, weight) for kind, weight in _QUERY_KINDS
        if (kind != "isbn" or with_isbn) and (kind != "author" or authors)
    ])

    out: list[dict] = []
    while len(out) < n_queries:
        kind = kinds[bisect(kinds_cum, rng.random())]
        target = None
        if kind == "title":
            target = rng.choice(recs)
            q = _typed_title(target, rng)
        elif kind == "isbn":
            target = rng.choice(with_isbn)
            isbn = target["isbn"][0]
            q = isbn if rng.random() < 0.85 else f"{isbn[:3]}-{isbn[3:5]}-{isbn[5:9]}-{isbn[9:12]}-{isbn[12]}"
        elif kind == "author":
            name = rng.choice(authors)
            q = name if rng.random() < 0.7 else name.split()[-1]
        else:
            k = min(rng.choice((1, 1, 2, 2, 3)), len(middle))
            words: list[str] = []
            while len(words) < k:
                w = middle[bisect(middle_cum, rng.random() * middle_cum[-1])]
                if w not in words:
                    words.append(w)
            q = " ".join(words)
        n_filters = rng.choices((0, 1, 2), (50, 35, 15))[0]
        filters: list[str] = []
        source = target or rng.choice(recs)
        for field in rng.sample(_FILTER_FIELDS, len(_FILTER_FIELDS)):
            if len(filters) == n_filters:
                break
            value = _filter_value(field, source, rng)
            if value:
                filters.append(f"{field}:{value}")
        query = {"q": q, "filters": filters, "kind": kind}
        if target is not None:
            query["target"] = target["id"]
        out.append(query)
    return out


def _typed_title(rec: dict, rng: random.Random) -> str:
    title = rec["title"]
    u = rng.random()
    if u < 0.4:
        return title
    if u < 0.7:
        return title.lower()
    words = title.lower().split()
    if u < 0.9 and len(words) > 3:
        start = rng.randrange(0, len(words) - 2)
        return " ".join(words[start:start + rng.choice((2, 3))])
    authors = rec.get("authors") or []
    surname = authors[0]["name"].split()[-1].lower() if authors else ""
    return f"{title.lower()} {surname}".strip()


# --- command line ------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m corpus.synth",
        description="Write a deterministic synthetic national catalogue as canonical JSON lines.",
    )
    parser.add_argument("--records", type=int, required=True, help="how many records to write")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same catalogue")
    parser.add_argument("--out", required=True, help="the .jsonl file to write, or - for standard output")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if args.records < 0:
        parser.error("--records must be 0 or more")
    bar = None
    if not args.quiet and args.out != "-" and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=args.records, unit=" records", unit_scale=True, file=sys.stderr)
    started = time.perf_counter()
    try:
        written = write_jsonl(args.records, args.seed, args.out, bar.update if bar else None)
    finally:
        if bar:
            bar.close()
    seconds = time.perf_counter() - started
    summary = {"records": written, "seed": args.seed, "seconds": round(seconds, 2),
               "records_per_second": round(written / seconds) if seconds else None}
    if args.out != "-":
        summary["bytes"] = os.path.getsize(args.out)
    print(orjson.dumps(summary).decode(), file=sys.stderr if args.out == "-" else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
