"""Materials and reading forms, declared once: what the readers map from, what the pages show,
what each export and protocol calls them.

A canonical record's `material` is one `Material.code` (the contract's list); its `reading_form`
values are `ReadingForm.code`s. From here:

* the validation (corpus.model), the facet value labels (indexer.fields: the API and the pages);
* the readers: the MARC reader by `marc_material` (leader/06 type, leader/07 level, 007/00
  category and 008, the rules in `MARC_RULES`), the Dublin Core reader by `dc_material` (words in
  dc:type, dc:format and the extent, the rules in `DC_RULES`), the OBA reader by each material's
  `oba_formats` (OBA's format labels);
* the exports: RIS type, BibTeX entry type, schema.org type (and bookFormat, and the property that
  names a work's makers); SRU's dc:type beside the material (`dcmi`, the DCMI Type Vocabulary),
  and the values CQL `dc.type` takes for each material (`cql_aliases`): every DCMI type SRU
  writes for a material finds it;
* the pages' actions (web.actions): which materials are lent from the online library (`lending`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Material:
    code: str  # the canonical value ("boek")
    label: str  # Dutch, for the pages and the API's facet labels
    label_en: str
    dcmi: tuple[str, ...]  # DCMI types SRU writes as dc:type (none for "anders")
    schema_type: str  # schema.org @type
    ris: str  # RIS TY
    bibtex: str = "misc"  # BibTeX entry type
    book_format: str | None = None  # schema.org bookFormat (print books carry none: the catalogue
    # does not record hardcover or paperback)
    schema_maker: str = "author"  # the schema.org property for the people credited as authors
    oba_formats: tuple[str, ...] = ()  # OBA format labels (lower case) that name this material
    cql: tuple[str, ...] = ()  # further values CQL dc.type takes for it (besides code, labels, DCMI)
    colour: str = "#4a4a4a"  # the drawn cover's background (white text on it keeps 4.5:1 contrast)
    icon: str = "M4 4h16v16H4z"  # an SVG path on a 24x24 grid: the material's icon on covers and results
    # How a patron borrows it: "shelf" (a copy at a library), "online" (from the online library:
    # e-books), "either" (audiobooks: a CD on the shelf or a download from the online library).
    lending: str = "shelf"


MATERIALS: tuple[Material, ...] = (
    Material("boek", "Boek", "Book", ("Text",), "Book", "BOOK", "book",
             oba_formats=("boek", "prentenboek", "kartonboek", "stripboek", "strip", "grote letter",
                          "groteletterboek", "makkelijk lezen", "braille", "dyslexie"),
             colour="#1f4e79", icon="M4 3h11a3 3 0 0 1 3 3v15H7a3 3 0 0 1-3-3zM7 18h9v1H7z"),
    Material("e-book", "E-book", "E-book", ("Text",), "Book", "EBOOK", "book", book_format="EBook",
             oba_formats=("e-book", "ebook", "e-boek"), cql=("ebook",), lending="online",
             colour="#2f5f3a", icon="M6 2h12v20H6zM8 4v14h8V4zM11 19h2v1h-2z"),
    Material("luisterboek", "Luisterboek", "Audiobook", ("Sound",), "Book", "SOUND", book_format="AudiobookFormat",
             oba_formats=("luisterboek", "luisterboek cd", "luister-cd", "e-audiobook", "online luisterboek",
                          "daisy", "daisy-rom"), lending="either",
             colour="#6b3d7a", icon="M4 14a8 8 0 0 1 16 0v5h-4v-6h2a6 6 0 0 0-12 0h2v6H4z"),
    Material("tijdschrift", "Tijdschrift", "Magazine", ("Text",), "Periodical", "JFULL",
             oba_formats=("tijdschrift", "e-tijdschrift"),
             colour="#8a3b12", icon="M3 3h18v18H3zM6 6v4h12V6zM6 12v2h12v-2zM6 16v2h8v-2z"),
    Material("krant", "Krant", "Newspaper", ("Text",), "Periodical", "NEWS", oba_formats=("krant",),
             colour="#4b5320", icon="M2 5h18v14H4a2 2 0 0 1-2-2zM5 8v3h6V8zM13 8v1h5V8zM13 11v1h5v-1zM5 14v1h13v-1z"),
    Material("film", "Film", "Film", ("MovingImage",), "Movie", "VIDEO", schema_maker="director",
             oba_formats=("dvd", "blu-ray", "video", "film"),
             colour="#7a1f2b", icon="M3 5h18v14H3zM5 7v2h2V7zM5 15v2h2v-2zM17 7v2h2V7zM17 15v2h2v-2zM10 9v6l5-3z"),
    Material("muziek", "Muziek", "Music", ("Sound",), "MusicRecording", "MUSIC", schema_maker="byArtist",
             oba_formats=("cd", "lp", "muziek"),
             colour="#005a70", icon="M9 4l11-2v13a3 3 0 1 1-2-2.8V6l-7 1.3V17a3 3 0 1 1-2-2.8z"),
    Material("bladmuziek", "Bladmuziek", "Sheet music", ("Text",), "MusicComposition", "MUSIC", "book",
             schema_maker="composer", oba_formats=("bladmuziek",),
             colour="#3e4a89", icon="M2 6h20v1H2zM2 10h20v1H2zM2 14h20v1H2zM12 5v11a2 2 0 1 1-1-1.7V5z"),
    Material("game", "Game", "Game", ("InteractiveResource",), "VideoGame", "GEN", oba_formats=("game", "spel"),
             cql=("software",),
             colour="#5b2a86", icon="M6 7h12a4 4 0 0 1 4 4v3a3 3 0 0 1-5 2l-2-2H9l-2 2a3 3 0 0 1-5-2v-3a4 4 0 0 1 4-4zM7 9v2H5v2h2v2h2v-2h2v-2H9V9z"),
    Material("podcast", "Podcast", "Podcast", ("Sound",), "PodcastSeries", "SOUND", oba_formats=("podcast",),
             colour="#8b2252", icon="M12 2a4 4 0 0 1 4 4v5a4 4 0 0 1-8 0V6a4 4 0 0 1 4-4zM5 11h2a5 5 0 0 0 10 0h2a7 7 0 0 1-6 6.9V21h-2v-3.1A7 7 0 0 1 5 11z"),
    Material("databank", "Databank", "Database", ("Dataset",), "Dataset", "DBASE", oba_formats=("databank",),
             colour="#2e4a4a", icon="M12 2c5 0 8 1.5 8 3v14c0 1.5-3 3-8 3s-8-1.5-8-3V5c0-1.5 3-3 8-3zM4 9c0 1.5 3 3 8 3s8-1.5 8-3M4 14c0 1.5 3 3 8 3s8-1.5 8-3"),
    Material("website", "Website", "Website", ("InteractiveResource",), "WebSite", "ELEC",
             oba_formats=("website",),
             colour="#1d5c5c", icon="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zM3 11h18v2H3zM11 2h2v20h-2z"),
    Material("anders", "Anders", "Other", (), "CreativeWork", "GEN", oba_formats=("cd-rom", "kaart"),
             colour="#4a4a4a", icon="M4 4h16v16H4zM7 7v10h10V7z"),
)
BY_CODE: dict[str, Material] = {m.code: m for m in MATERIALS}
CODES: tuple[str, ...] = tuple(BY_CODE)
OTHER = BY_CODE["anders"]  # for a record whose material is unknown (exports, SRU)


def material(code: str | None) -> Material:
    """The declaration of a record's material; `anders` for none or an unknown one."""
    return BY_CODE.get(code or "", OTHER)


@dataclass(frozen=True)
class ReadingForm:
    code: str
    label: str
    label_en: str
    words: tuple[str, ...]  # in Dublin Core types/formats and OBA format labels


READING_FORMS: tuple[ReadingForm, ...] = (
    ReadingForm("grote letter", "Grote letter", "Large print", ("grote letter", "groteletterboek", "large print")),
    ReadingForm("braille", "Braille", "Braille", ("braille",)),
    ReadingForm("gesproken", "Gesproken", "Spoken", ("daisy", "daisy-rom")),
    ReadingForm("makkelijk lezen", "Makkelijk lezen", "Easy reading", ("makkelijk lezen",)),
    ReadingForm("dyslexie", "Dyslexie", "Dyslexia-friendly", ("dyslexie",)),
)
READING_FORM_CODES: tuple[str, ...] = tuple(f.code for f in READING_FORMS)


def reading_form_of(word: str) -> str | None:
    """The reading form a format word names ("groteletterboek" -> "grote letter"), or None."""
    return next((f.code for f in READING_FORMS if word in f.words), None)


# --- MARC: leader/06 type, leader/07 level, 007/00 category, 008 -----------------------------------

@dataclass(frozen=True)
class MarcRule:
    material: str
    types: str = ""  # leader/06 values; "" any
    continuing: bool | None = None  # leader/07 s, b (serial) or i (integrating resource)
    electronic: bool | None = None  # 007/00 c, or the 008 form of item o, q or s
    position: tuple[int, str] | None = None  # (008 position, the values there)
    category: str = ""  # 007/00 values; "" any


# The first rule that holds gives the material.
MARC_RULES: tuple[MarcRule, ...] = (
    # a/t language material: a continuing resource by 008/21, else a book or an e-book
    MarcRule("krant", "at", continuing=True, position=(21, "n")),
    MarcRule("website", "at", continuing=True, position=(21, "w")),
    MarcRule("databank", "at", continuing=True, position=(21, "d")),
    MarcRule("boek", "at", continuing=True, position=(21, "l")),  # updating loose-leaf
    MarcRule("tijdschrift", "at", continuing=True),
    MarcRule("e-book", "at", electronic=True),
    MarcRule("boek", "at"),
    MarcRule("bladmuziek", "cd"),  # notated music
    MarcRule("podcast", "i", continuing=True, electronic=True),  # non-musical sound recording
    MarcRule("luisterboek", "i"),
    MarcRule("muziek", "j"),  # musical sound recording
    # g projected medium: slides, filmstrips and transparencies (008/33 f s t; 007 g) are no film
    MarcRule("anders", "g", position=(33, "fst")),
    MarcRule("anders", "g", category="g"),
    MarcRule("film", "g"),
    # m computer file by 008/26: g game, d document, h sound
    MarcRule("game", "m", position=(26, "g")),
    MarcRule("e-book", "m", position=(26, "d")),
    MarcRule("luisterboek", "m", position=(26, "h")),
    MarcRule("databank", "m"),
    MarcRule("game", "r", position=(33, "g")),  # three-dimensional object: a board game
    MarcRule("anders", "r"),
    MarcRule("anders", "efkop"),  # maps, graphics, kits, mixed materials
    # any other leader/06 (a holdings-type leader on a bibliographic record): by the 007
    MarcRule("film", category="vm"),
    MarcRule("e-book", category="c"),
    MarcRule("anders", category="skgadoqrz"),
    MarcRule("boek"),
)


def _one_of(value: str, values: str) -> bool:
    return value != "" and value in values


def _holds(rule: MarcRule, rtype: str, continuing: bool, electronic: bool, c007: str, c008: str) -> bool:
    if rule.types and not _one_of(rtype, rule.types):
        return False
    if rule.continuing is not None and rule.continuing != continuing:
        return False
    if rule.electronic is not None and rule.electronic != electronic:
        return False
    if rule.position and not _one_of(c008[rule.position[0]:rule.position[0] + 1], rule.position[1]):
        return False
    return not rule.category or _one_of(c007[:1], rule.category)


def marc_material(leader: str, c007: str, c008: str) -> str:
    """The material of a MARC bibliographic record (blanks as spaces, 007 in lower case)."""
    rtype, level = leader[6:7], leader[7:8]
    form_at = 29 if _one_of(rtype, "efgkor") else 23  # 008 form of item: maps and visual materials at 29
    electronic = c007[:1] == "c" or _one_of(c008[form_at:form_at + 1], "oqs")
    continuing = _one_of(level, "sbi")
    return next(r.material for r in MARC_RULES if _holds(r, rtype, continuing, electronic, c007, c008))


# --- Dublin Core: words in dc:type, dc:format, dcterms:medium and dcterms:extent -------------------

@dataclass(frozen=True)
class WordRule:
    material: str
    words: tuple[str, ...]  # one of these
    also: tuple[str, ...] = ()  # and one of these
    unless: tuple[str, ...] = ()  # and none of these


ONLINE_WORDS = ("online resource", "online", "epub", "e-book", "ebook", "e-boek", "pdf", "application/epub+zip",
                "application/pdf", "electronic resource", "elektronisch")
_SOUND = ("sound", "geluidsdrager", "audio", "luisterboek", "audiobook", "audio-cd", "cd", "audio-cd's", "mp3",
          "daisy", "gesproken boek", "muziekopname", "music")

# The first rule that holds gives the material; none: boek.
DC_RULES: tuple[WordRule, ...] = (
    WordRule("tijdschrift", ("tijdschrift", "periodical", "serial", "periodiek")),
    WordRule("krant", ("krant", "newspaper", "dagblad")),
    WordRule("bladmuziek", ("bladmuziek", "sheet music", "notated music", "partituur", "muziekuitgave", "score")),
    WordRule("film", ("film", "video", "dvd", "blu-ray", "movingimage", "moving image", "dvd-video")),
    WordRule("game", ("game", "computerspel", "videogame", "spel")),
    WordRule("podcast", ("podcast",)),
    WordRule("databank", ("dataset", "databank", "database")),
    WordRule("website", ("website",)),
    # a sound carrier holds music unless it is called a spoken book
    WordRule("muziek", _SOUND, also=("muziek", "music", "muziekopname", "musical recording"),
             unless=("luisterboek", "audiobook", "gesproken boek")),
    WordRule("luisterboek", _SOUND),
    WordRule("e-book", ONLINE_WORDS),
    WordRule("boek", ("text", "boek", "book", "tekst", "proefschrift", "thesis")),
    WordRule("anders", ("image", "stillimage", "kaart", "map", "physicalobject", "software", "collection")),
)
DC_DEFAULT = "boek"


@cache
def _word_pattern(word: str) -> re.Pattern:
    # a whole word: "cd" is not in "cd-rom", "e-book" is not in "e-books-only"
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


def mentions(text: str, words: Iterable[str]) -> bool:
    """Does the (lower-case) text hold one of the words as a whole word?"""
    return any(_word_pattern(w).search(text) for w in words)


def dc_material(text: str) -> str:
    """The material named in the lower-cased dc:type/format/extent text, by DC_RULES."""
    for rule in DC_RULES:
        if mentions(text, rule.words) and (not rule.also or mentions(text, rule.also)) \
                and not mentions(text, rule.unless):
            return rule.material
    return DC_DEFAULT


def dc_reading_forms(text: str) -> list[str]:
    """The reading forms named in the lower-cased dc:type/format/extent text."""
    return [f.code for f in READING_FORMS if mentions(text, f.words)]


# --- CQL dc.type ------------------------------------------------------------------------------------

def cql_aliases() -> dict[str, tuple[str, ...]]:
    """Values a CQL client may send for dc.type (lower case) -> the materials each stands for:
    a DCMI type every material of that type, an English label or alias its own material."""
    out: dict[str, list[str]] = {}
    for m in MATERIALS:
        for value in (*m.dcmi, m.label_en, *m.cql):
            codes = out.setdefault(value.lower(), [])
            if m.code not in codes:
                codes.append(m.code)
    return {value: tuple(codes) for value, codes in out.items()}


__all__ = ["BY_CODE", "CODES", "DC_RULES", "MARC_RULES", "MATERIALS", "ONLINE_WORDS", "READING_FORMS",
           "READING_FORM_CODES", "Material", "ReadingForm", "cql_aliases", "dc_material", "dc_reading_forms",
           "marc_material", "material", "mentions", "reading_form_of"]
