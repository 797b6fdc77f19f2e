"""The field registry: every field of the index declared once.

The indexer reads it to build the tantivy schema and the index documents, the search service
reads it for boosts, filters and facets, and the templates read it for labels. A field's part in
every list the code reads (the API's facets and their order, the typo fields, the vocabulary, the
suggestions, the CQL indexes, ...) is said in its own entry; the lists are derived at the end of this
module. Adding a facet is one entry here (``facet=True``, its ``public_facet`` place, its ``cql``
index) plus the pinned lists in tests/test_fields.py.

Naming in the tantivy schema, derived from a registry entry ``name``:

* ``name``        stemmed full text (tokenizer ``nl_stem``), when ``search`` is set;
* ``name__x``     exact full text (tokenizer ``nl_exact``), when ``search`` is set;
* ``name__k``     keyword view (raw, fast) for filters and facet counts, when ``facet`` is set;
* numeric fields (``year``) are one indexed fast integer field under their own name.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from corpus import genres, materials
from corpus.libraries import PROVINCES
from corpus.model import AUDIENCES
from corpus.series import split as split_series
from indexer.analysis import fold

CATALOGUE = "catalogue"
EDITION_WEIGHT = "edition_weight"  # the fast column that picks a work's representative edition
SERIES_NUMBER = "series_number"  # the fast column that orders a series' volumes
ARTICLE = "article"
BOTH = (CATALOGUE, ARTICLE)


def _values(name: str) -> Callable[[dict], list]:
    def get(rec: dict) -> list:
        v = rec.get(name)
        if v is None or v == "":
            return []
        return v if isinstance(v, list) else [v]

    return get


def _author_names(rec: dict) -> list[str]:
    return [a["name"] for a in rec.get("authors") or [] if a.get("name")]


def _series_name(rec: dict) -> list[str]:
    parts = split_series(rec.get("series"))
    return [parts.name] if parts else []


def _series_number(rec: dict) -> list[int]:
    parts = split_series(rec.get("series"))
    return [parts.number] if parts and parts.number is not None else []


def _holding_values(key: str) -> Callable[[dict], list]:
    def get(rec: dict) -> list:
        out: list[str] = []
        for h in rec.get("holdings") or []:
            v = h.get(key)
            if v and v not in out:
                out.append(v)
        return out

    return get


def online_everywhere(rec: dict) -> bool:
    """A catalogue record with an address and no copies (an e-book of the online library, a
    podcast, a website): every member can use it wherever they live."""
    return rec.get("type") == CATALOGUE and bool(rec.get("online_url")) and not rec.get("holdings")


def _provinces(rec: dict) -> list[str]:
    """The provinces a title can be had in: where its copies are, and for one that is online for
    everybody every province, so a province filter keeps it (and the province facet counts it, in
    the same unit and over the same records as the filter: a count the results always agree with)."""
    if online_everywhere(rec):
        return list(PROVINCES)
    return _holding_values("province")(rec)


def _available(rec: dict) -> list[str]:
    holdings = rec.get("holdings") or []
    if rec.get("online_url") and rec.get("type") == CATALOGUE:
        return ["true"]
    if not holdings:
        return []
    return ["true" if any(h.get("available") for h in holdings) else "false"]


def _available_at(rec: dict) -> list[str]:
    """ISILs of the libraries where a copy is on the shelf now (for library-scoped availability)."""
    return [h["library"] for h in rec.get("holdings") or [] if h.get("available")]


def _province_library(rec: dict) -> list[str]:
    """`province|ISIL` pairs: the two-level facet counts libraries inside their own province."""
    out: list[str] = []
    for h in rec.get("holdings") or []:
        if h.get("province") and h.get("library"):
            pair = f"{h['province']}|{h['library']}"
            if pair not in out:
                out.append(pair)
    return out


def _edition_weight(rec: dict) -> list[int]:
    """What makes an edition a good one to show for its work, as one number for a fast column:
    the number of libraries holding it, then whether it is an ordinary print edition (so the
    grouped list picks its representative without reading the stored records)."""
    libraries = {h.get("library") or h.get("library_name") for h in rec.get("holdings") or []} - {None, ""}
    ordinary_print = rec.get("material") == "boek" and not rec.get("reading_form")
    return [2 * len(libraries) + int(ordinary_print)]


def _lead(rec: dict) -> list[str]:
    """The opening words of an article: where a knowledge page says what it is about. A field of
    bounded length also weighs long pages fairly, which BM25's length norm on the body does not."""
    body = rec.get("body")
    if not body:
        return []
    words = body.split(None, LEAD_WORDS + 1)[:LEAD_WORDS]
    return [" ".join(words)]


LEAD_WORDS = 80
KEY_CHARS = 100  # a folded whole value as a keyword term (as the title sort key is cut)


def author_forms(name: str) -> list[tuple[str, str]]:
    """(folded key, name to show) for completing a name being typed either way round:
    "Mulisch, Harry" as itself and as "Harry Mulisch", "Harry Mulisch" also under "mulisch harry"."""
    last, comma, first = name.partition(",")
    forms = [(fold(name)[:KEY_CHARS], name)]
    if comma:
        shown = f"{first.strip()} {last.strip()}"
        forms.append((fold(shown)[:KEY_CHARS], shown))
    elif len(words := name.split()) > 1:
        forms.append((fold(" ".join(words[-1:] + words[:-1]))[:KEY_CHARS], name))
    return [(k, v) for k, v in forms if k]


def _author_keys(rec: dict) -> list[str]:
    """Authors' names folded, each either way round (`author_forms`)."""
    out: list[str] = []
    for name in _author_names(rec):
        for key, _ in author_forms(name):
            if key not in out:
                out.append(key)
    return out


# Articles a title may begin with; a patron types "ontdekking van de hemel" for "De ontdekking ...".
TITLE_ARTICLES = frozenset({"de", "het", "een", "the", "a", "an", "le", "la", "les", "der", "die", "das", "el"})


def _title_keys(rec: dict) -> list[str]:
    """The folded title, and without its leading article, for completing a title being typed."""
    key = fold(rec.get("title") or "")[:KEY_CHARS]
    first, _, rest = key.partition(" ")
    return [key, rest] if first in TITLE_ARTICLES and rest else [key] if key else []


def series_name(value: str) -> str:
    """A series without its numbering: "Harry Potter ; 3" is in the series "Harry Potter" (split
    once, by corpus.series, as the filter, the sort and the record page split it)."""
    parts = split_series(value)
    return parts.name if parts else ""


def _series_keys(rec: dict) -> list[str]:
    v = rec.get("series")
    key = fold(series_name(v))[:KEY_CHARS] if isinstance(v, str) else ""
    return [key] if key else []


def _normalised(name: str, normalise: Callable[[str], str]) -> Callable[[dict], list]:
    """A field's values, each in its one spelling, each once (two spellings of one genre are one)."""
    get = _values(name)

    def extract(rec: dict) -> list[str]:
        out: list[str] = []
        for v in get(rec):
            n = normalise(v)
            if n and n not in out:
                out.append(n)
        return out

    return extract


@dataclass(frozen=True)
class YearRange:
    key: str  # the filter value, e.g. "2000-2009"
    lo: int | None
    hi: int | None  # inclusive
    label: str
    label_en: str = ""  # empty: the same as `label`


YEAR_RANGES = (
    YearRange("-1899", None, 1899, "vóór 1900", "before 1900"),
    YearRange("1900-1944", 1900, 1944, "1900–1944"),
    YearRange("1945-1979", 1945, 1979, "1945–1979"),
    YearRange("1980-1999", 1980, 1999, "1980–1999"),
    YearRange("2000-2009", 2000, 2009, "2000–2009"),
    YearRange("2010-2019", 2010, 2019, "2010–2019"),
    YearRange("2020-", 2020, None, "2020 en later", "2020 and later"),
)


@dataclass(frozen=True)
class Named:
    """Words and phrases a patron types that name facet values, in Dutch and English, written as
    typed (matched on their folded words, so "Engelstalige" and "engelstalige" are one). `words`
    name the value outright ("luisterboek", "grote letter", "voor kinderen"): the search applies
    it as a filter the patron can remove. `hints` only say something about it ("engels" is also
    a subject, "thriller" also a title word): records with the value rank up, and the word still
    finds the records that contain it. Plurals and other forms are listed: a stem would also
    take unrelated words ("engelen" stems like "engels")."""
    values: tuple[str, ...]  # the facet values named (an age group names several)
    words: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    label: str = ""  # the filter's name on the page and in the notice: "Alleen {label}"
    label_en: str = ""


# --- words in a search that name facet values (see `Named`) ----------------------------------
# Outright (`words`): a form of the item or of reading, an explicit audience or a language said
# as such; these become a removable filter. Hints: words that are just as often a subject or a
# title word; these rank the value up and keep matching as words.
MATERIAL_WORDS = (
    Named(("luisterboek",), words=("luisterboek", "luisterboeken", "audioboek", "audioboeken", "audiobook",
                                   "audiobooks", "gesproken boek", "gesproken boeken"),
          label="luisterboeken", label_en="audiobooks"),
    Named(("e-book",), words=("e-book", "e-books", "ebook", "ebooks", "e-boek", "e-boeken"),
          label="e-books", label_en="e-books"),
    Named(("film",), words=("dvd", "dvd's", "dvds", "blu-ray", "blu-rays"), hints=("film", "films", "movie", "movies"),
          label="films", label_en="films"),
    Named(("tijdschrift",), hints=("tijdschrift", "tijdschriften", "magazine", "magazines")),
    Named(("muziek",), hints=("cd", "cd's", "cds", "muziek", "music")),
    Named(("bladmuziek",), words=("bladmuziek", "sheet music"), label="bladmuziek", label_en="sheet music"),
    Named(("game",), hints=("game", "games")),
    Named(("podcast",), words=("podcast", "podcasts"), label="podcasts", label_en="podcasts"),
    # "boeken over dieren": the word says a book is wanted, not that "boek" is in its text.
    Named(("boek",), hints=("boek", "boeken", "book", "books")),
    Named(("krant",), hints=("krant", "kranten", "newspaper", "newspapers")),
    Named(("anders",)),  # "anders", "other": no kind of item; its labels name nothing
)
LANGUAGE_WORDS = (
    Named(("nl",), words=("nederlandstalig", "nederlandstalige", "in het nederlands"),
          hints=("nederlands", "nederlandse", "dutch"), label="in het Nederlands", label_en="in Dutch"),
    Named(("en",), words=("engelstalig", "engelstalige", "in het engels", "in english"),
          hints=("engels", "engelse", "english"), label="in het Engels", label_en="in English"),
    Named(("de",), words=("duitstalig", "duitstalige", "in het duits", "in german"),
          hints=("duits", "duitse", "german", "deutsch"), label="in het Duits", label_en="in German"),
    Named(("fr",), words=("franstalig", "franstalige", "in het frans", "in french"),
          hints=("frans", "franse", "french", "français"), label="in het Frans", label_en="in French"),
    Named(("es",), words=("spaanstalig", "spaanstalige", "in het spaans", "in spanish"),
          hints=("spaans", "spaanse", "spanish", "español"), label="in het Spaans", label_en="in Spanish"),
    Named(("ar",), words=("arabischtalig", "arabischtalige", "in het arabisch", "in arabic"),
          hints=("arabisch", "arabische", "arabic"), label="in het Arabisch", label_en="in Arabic"),
    Named(("tr",), words=("turkstalig", "turkstalige", "in het turks", "in turkish"),
          hints=("turks", "turkse", "turkish"), label="in het Turks", label_en="in Turkish"),
    Named(("pl",), words=("in het pools", "in polish"), hints=("pools", "poolse", "polish"),
          label="in het Pools", label_en="in Polish"),
    Named(("fy",), words=("friestalig", "friestalige", "in het fries", "in frisian"),
          hints=("fries", "friese", "frysk", "frisian"), label="in het Fries", label_en="in Frisian"),
)
_CHILDREN = ("0-3", "4-6", "7-9", "10-12")
_YOUTH = ("0-3", "4-6", "7-9", "10-12", "13-15", "16-18")
AUDIENCE_WORDS = (
    Named(("0-3",), words=("0-3 jaar", "voor peuters", "voor baby's", "voor dreumesen", "for toddlers"),
          hints=("peuters", "peuter", "baby's", "babys", "dreumesen", "toddlers", "babies"),
          label="voor 0–3 jaar", label_en="for ages 0–3"),
    Named(("4-6",), words=("4-6 jaar", "voor kleuters"), hints=("kleuters", "kleuter"),
          label="voor 4–6 jaar", label_en="for ages 4–6"),
    Named(("7-9",), words=("7-9 jaar",), label="voor 7–9 jaar", label_en="for ages 7–9"),
    Named(("10-12",), words=("10-12 jaar",), label="voor 10–12 jaar", label_en="for ages 10–12"),
    Named(("13-15",), words=("13-15 jaar",), label="voor 13–15 jaar", label_en="for ages 13–15"),
    Named(("16-18",), words=("16-18 jaar",), label="voor 16–18 jaar", label_en="for ages 16–18"),
    Named(("volwassenen",), words=("voor volwassenen", "for adults"), hints=("volwassenen", "adults"),
          label="voor volwassenen", label_en="for adults"),
    Named(_CHILDREN, words=("voor kinderen", "for children", "for kids"),
          hints=("kinderen", "kinderboek", "kinderboeken", "children", "kids", "children's books"),
          label="voor kinderen (0–12 jaar)", label_en="for children (0–12)"),
    Named(_YOUTH, words=("voor de jeugd", "voor jeugd", "jeugdboek", "jeugdboeken"), hints=("jeugd", "youth"),
          label="voor de jeugd (0–18 jaar)", label_en="for young people (0–18)"),
    Named(("13-15", "16-18"), words=("voor jongeren", "voor tieners", "for teenagers", "for teens"),
          hints=("jongeren", "tieners", "teenagers", "teens"),
          label="voor jongeren (13–18 jaar)", label_en="for teenagers (13–18)"),
)
READING_FORM_WORDS = (
    Named(("grote letter",), words=("grote letter", "grote letters", "grootletter", "grote-letterboek",
                                    "grote-letterboeken", "large print"),
          label="grote letter", label_en="large print"),
    Named(("braille",), words=("braille", "brailleboek", "brailleboeken"), label="braille", label_en="braille"),
    Named(("makkelijk lezen",), words=("makkelijk lezen", "makkelijk te lezen", "easy reading", "easy readers"),
          label="makkelijk lezen", label_en="easy reading"),
    Named(("dyslexie",), hints=("dyslexie", "dyslexia")),
)
# Genres are hints only: a genre is as often what a book is about or a word of its title.
GENRE_WORDS = (
    Named(("roman", "historische roman", "streekroman"), hints=("roman", "romans", "novel", "novels")),
    # A patron asking for a thriller takes a detective too (the NBC files many as "Detectiveroman").
    Named(("thriller", "literaire thriller", "psychologische thriller", "detective", "detectiveroman"),
          hints=("thriller", "thrillers")),
    Named(("detective",), hints=("detective", "detectives", "detectiveroman", "detectiveromans")),
    Named(("prentenboek",), hints=("prentenboek", "prentenboeken", "picture book", "picture books")),
    Named(("kookboek",), hints=("kookboek", "kookboeken", "cookbook", "cookbooks", "recepten", "recipes")),
    Named(("strip", "graphic novel"), hints=("strip", "strips", "stripboek", "stripboeken", "stripverhaal",
                                            "stripverhalen", "comic", "comics", "graphic novel", "graphic novels")),
    Named(("poëzie",), hints=("poëzie", "gedichten", "poetry", "poems")),
    Named(("sciencefiction",), hints=("sciencefiction", "science fiction")),
    Named(("fantasy",), hints=("fantasy",)),
    Named(("griezel",), hints=("griezel", "griezelboek", "griezelboeken", "griezelverhalen", "horror")),
    Named(("sprookjes",), hints=("sprookje", "sprookjes", "fairy tales")),
    Named(("reisgids",), hints=("reisgids", "reisgidsen", "travel guide", "travel guides")),
    Named(("biografie",), hints=("biografie", "biografieën", "biography", "biographies")),
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    label_en: str
    types: tuple[str, ...] = (CATALOGUE,)
    # Full-text search: boost of this field when a query word matches it (None: not searched).
    search: float | None = None
    # The boost when the query reads as a question: short headings tell less, text more
    # (tuned on the knowledge-search train questions; None: the same as `search`).
    question_boost: float | None = None
    # Stop words (de, van, het) are matched in this field: in titles and names they are part of
    # what is looked for ("De ontdekking van de hemel", "Frans van der Laan"); in long text they
    # match nearly every record and cost far more to score than they tell.
    stop_words: bool = False
    # A stemmed view besides the exact one (bibliotheken finds bibliotheek). The description goes
    # without: it is most of the catalogue's text, so its stemmed view cost the build about a
    # sixth of its time and every query its longest posting lists, while the relevance bench
    # measured no difference without it (the title, subjects and the other fields keep theirs).
    stemmed: bool = True
    # Dutch compounds made of a query word (huisdieren for dieren) are looked for in this field:
    # running text and subject terms, not names ("Huisman" is no kind of house).
    compounds: bool = True
    # Keyword view: filterable with filter=name:value and counted as a facet.
    facet: bool = False
    # The keyword view's values when they differ from the searched text's: a series is searched
    # with its numbering ("Sam en Saar 5") and filtered by its name alone (every volume).
    keyword_extract: Callable[[dict], list] | None = None
    # Filterable (filter=name:value) though not counted among the facets: a record page's link to
    # its series needs the filter, and a facet of every series name would only weigh on searches.
    filter_only: bool = False
    facet_size: int = 20
    kind: str = "text"  # "text" | "int"
    # How to pull the field's values out of a canonical record.
    extract: Callable[[dict], list] | None = None
    # Aliases a patron may type as a prefix in the search box (titel:..., auteur:...).
    aliases: tuple[str, ...] = ()
    # Facet value labels (Dutch, and English for the pages): the API gives them with the facet
    # counts, so they live here rather than in the pages' locale files. "library" shows library
    # names (from the index), "year" its ranges' labels (YEAR_RANGES).
    value_labels: dict[str, str] = field(default_factory=dict)
    value_labels_en: dict[str, str] = field(default_factory=dict)
    # The value labels also name their values in a search (see `named`). Not for genres: their
    # labels are for showing, and GENRE_WORDS alone says which words name a genre ("Geschiedenis",
    # "Oorlog", "Kunst" are as often what a book is about).
    labels_name_values: bool = True
    # Place among the facets the API and the pages show (the contract's list); None: an internal
    # view (`province_library`, `available_at` serve the two-level facet and library scope).
    public_facet: int | None = None
    # The page lifts these to the top of its facet column, before the others in `public_facet`
    # order: patrons who need "Aangepast lezen" (grote letter, braille, ...) should not have to
    # scroll past languages and ages to find it. The API keeps `public_facet` order.
    ui_first: bool = False
    # What this facet costs to count per matching document, relative to a single-valued one
    # (measured at 5 million records: many distinct values and several values a record cost most);
    # the service balances its parallel facet requests by these weights.
    facet_cost: float = 0.5
    # Place in the zero-result chain's typo query (None: not looked in): within a word typos are
    # looked for in these fields, their scores summed in this order.
    fuzzy: int | None = None
    # Two question words near one another in this text rank its record up (long queries).
    pairs: bool = False
    # Place in the index vocabulary (spelling, compounds; None: its words are not in it). The
    # first field that holds a word numbers it, which decides between equally good corrections.
    vocabulary: int | None = None
    # The search box completes a word being typed from this field's words (only when no whole
    # title, author or series begins with what was typed: see `complete`).
    suggest: bool = False
    # The search box offers this field's whole values, folded in its keyword view, as completions
    # of this kind ("author", "series"; whole titles come from the title sort key).
    complete: str | None = None
    # The raw values are lower-case codes that read better with a capital in a list (no label).
    capitalised: bool = False
    # The CQL indexes (SRU) that search this field, e.g. "dc.title"; an index over several
    # fields searches them in registry order.
    cql: tuple[str, ...] = ()
    # Words in a search that name this facet's values (see `Named`); the value labels (both
    # languages) of values no entry covers count as hints.
    named: tuple[Named, ...] = ()
    # The facet lists its values in this order, whatever their counts (ages by age): a patron
    # looks for "7-9" after "4-6", not where its count put it. Values it does not name follow by
    # count. Empty: by count. (The year's ranges are always in their own order, YEAR_RANGES.)
    value_order: tuple[str, ...] = ()
    # Values listed after all the others whatever their counts: the catch-all ("Anders") is not a
    # kind of material a patron looks for between "Website" and "Databank".
    value_last: tuple[str, ...] = ()
    # One spelling per value (`corpus.genres.canonical`): the index holds the normalised values
    # (the entry's `extract` is derived from it) and a filter's values are normalised alike, so
    # `filter=genre:Fictie` still finds what is indexed as "fictie".
    normalise: Callable[[str], str] | None = None

    def __post_init__(self):
        if self.normalise is not None and self.extract is None:
            object.__setattr__(self, "extract", _normalised(self.name, self.normalise))

    def values(self, rec: dict) -> list:
        return (self.extract or _values(self.name))(rec)

    def value_label(self, value: str, lang: str = "nl") -> str | None:
        """The registry's own label of a facet value in `lang` ("nl" or "en"), or None."""
        if self.kind == "int":
            r = next((r for r in YEAR_RANGES if r.key == value), None)
            return None if r is None else (r.label_en or r.label) if lang == "en" else r.label
        labels = self.value_labels_en if lang == "en" else self.value_labels
        return labels.get(value)

    @property
    def text_field(self) -> str:
        return self.name

    @property
    def exact_field(self) -> str:
        return f"{self.name}__x"

    @property
    def keyword_field(self) -> str:
        return self.name if self.kind == "int" else f"{self.name}__k"


FIELDS: tuple[Field, ...] = (
    # --- searched text, catalogue ---------------------------------------------------------
    Field("title", "Titel", "Title", BOTH, stop_words=True, search=5.0, question_boost=0.9,
          aliases=("titel", "title", "ti"), fuzzy=1, pairs=True, vocabulary=1, suggest=True, cql=("dc.title",)),
    Field("subtitle", "Ondertitel", "Subtitle", stop_words=True, search=3.0, vocabulary=2, cql=("dc.title",)),
    Field("alt_titles", "Titel in oorspronkelijk schrift", "Title in original script", stop_words=True, search=4.0,
          cql=("dc.title",)),
    Field("authors", "Auteur", "Author", stop_words=True, compounds=False, search=3.5, facet=True, extract=_author_names,
          aliases=("auteur", "author", "au", "maker"), public_facet=8, facet_cost=8.0, fuzzy=2, vocabulary=3,
          suggest=True, cql=("dc.creator",)),
    Field("alt_authors", "Auteur in oorspronkelijk schrift", "Author in original script", stop_words=True,
          compounds=False, search=3.0, cql=("dc.creator",)),
    Field("series", "Reeks", "Series", stop_words=True, search=2.0, aliases=("reeks", "serie", "series"),
          vocabulary=6, facet=True, keyword_extract=_series_name, filter_only=True),
    Field("subjects", "Onderwerp", "Subject", search=2.0, facet=True,
          aliases=("onderwerp", "subject", "su"), public_facet=7, facet_cost=6.0, fuzzy=3, vocabulary=4,
          suggest=True, cql=("dc.subject",)),
    Field("genre", "Genre", "Genre", search=1.5, facet=True, aliases=("genre",), public_facet=6, facet_cost=1.0,
          vocabulary=5, capitalised=True, cql=("dc.subject", "vp.genre"), named=GENRE_WORDS,
          normalise=genres.canonical, value_labels=genres.DUTCH, value_labels_en=genres.ENGLISH,
          labels_name_values=False),
    Field("publisher", "Uitgever", "Publisher", compounds=False, search=1.0, aliases=("uitgever", "publisher"),
          cql=("dc.publisher",)),
    Field("description", "Beschrijving", "Description", stemmed=False, search=1.0, fuzzy=4, pairs=True,
          vocabulary=7, cql=("dc.description",)),
    # --- searched text, articles ------------------------------------------------------------
    Field("document", "Document", "Document", (ARTICLE,), stop_words=True, search=2.0, question_boost=0.3,
          vocabulary=8),
    Field("section", "Sectie", "Section", (ARTICLE,), stop_words=True, search=2.5, question_boost=0.3, fuzzy=6,
          vocabulary=9),
    Field("themes", "Thema", "Theme", (ARTICLE,), search=2.0, facet=True, aliases=("thema",), public_facet=13,
          vocabulary=10, cql=("dc.subject", "vp.themes")),
    Field("body", "Tekst", "Text", (ARTICLE,), search=1.0, fuzzy=5, pairs=True, vocabulary=11,
          cql=("dc.description",)),
    Field("lead", "Inleiding", "Lead", (ARTICLE,), search=1.0, extract=_lead),
    # --- facets and filters ----------------------------------------------------------------
    Field("type", "Soort", "Kind", BOTH, facet=True, extract=lambda r: [r["type"]],
          value_labels={"catalogue": "Catalogus", "article": "Kennisbank"},
          value_labels_en={"catalogue": "Catalogue", "article": "Knowledge base"},
          public_facet=1, ui_first=True, cql=("vp.type",)),
    Field("material", "Materiaalsoort", "Material", facet=True, public_facet=2, ui_first=True, capitalised=True,
          value_labels={m.code: m.label for m in materials.MATERIALS},
          value_labels_en={m.code: m.label_en for m in materials.MATERIALS}, cql=("dc.type", "vp.material"),
          value_last=(materials.OTHER.code,), named=MATERIAL_WORDS),
    Field("language", "Taal", "Language", facet=True, public_facet=3, cql=("dc.language", "vp.language"),
          named=LANGUAGE_WORDS),
    # Who a title is for (an age group, adults): the patron's own audience. The knowledge base's
    # articles name professionals (bestuurders, leesconsulenten) in the same record field; they
    # are counted apart (`staff_audience`), so "Doelgroep" never lists "bestuurders" beside "4-6 jaar".
    Field("audience", "Doelgroep", "Audience", facet=True, public_facet=4, capitalised=True,
          value_order=AUDIENCES, cql=("vp.audience",), named=AUDIENCE_WORDS),
    Field("reading_form", "Aangepast lezen", "Accessible reading", facet=True, public_facet=5, ui_first=True,
          capitalised=True, value_labels={f.code: f.label for f in materials.READING_FORMS},
          value_labels_en={f.code: f.label_en for f in materials.READING_FORMS}, cql=("vp.reading_form",),
          named=READING_FORM_WORDS),
    Field("year", "Jaar", "Year", facet=True, kind="int", public_facet=9, cql=("dc.date", "vp.year")),
    Field("province", "Provincie", "Province", facet=True, extract=_provinces, public_facet=10,
          facet_cost=2.0, cql=("vp.province",)),
    Field("library", "Bibliotheek", "Library", facet=True, facet_size=50,
          extract=_holding_values("library"), public_facet=11, facet_cost=3.0, cql=("vp.library",)),
    Field("province_library", "Bibliotheek per provincie", "Library by province", facet=True,
          facet_size=500, extract=_province_library, facet_cost=3.0),
    Field("available", "Beschikbaar", "Available", facet=True, extract=_available,
          value_labels={"true": "Nu beschikbaar", "false": "Uitgeleend"},
          value_labels_en={"true": "Available now", "false": "On loan"}, public_facet=12, cql=("vp.available",)),
    Field("available_at", "Beschikbaar in bibliotheek", "Available at library", facet=True,
          extract=_available_at, facet_cost=2.0),
    Field("source", "Bron", "Source", (ARTICLE,), facet=True, public_facet=14, cql=("vp.source",)),
    # --- completions for the search box: whole names and series, folded -----------------------
    Field("title_keys", "Titel", "Title", BOTH, facet=True, extract=_title_keys, complete="title"),
    Field("author_keys", "Auteur", "Author", facet=True, extract=_author_keys, complete="author"),
    Field("series_keys", "Reeks", "Series", facet=True, extract=_series_keys, complete="series"),
    # The professionals a knowledge-base article is written for (the article's `audience`).
    Field("staff_audience", "Voor professionals", "For professionals", (ARTICLE,), facet=True,
          extract=_values("audience"), public_facet=15, capitalised=True, cql=("vp.staff_audience",)),
    # --- sorting ------------------------------------------------------------------------------
    # The volume's place in its series (sort=series: a series link lists the volumes in order).
    Field(SERIES_NUMBER, "Deel in de reeks", "Number in the series", kind="int", extract=_series_number),
    # --- ranking within a work ----------------------------------------------------------------
    Field(EDITION_WEIGHT, "Gewicht van de uitgave", "Edition weight", kind="int", extract=_edition_weight),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
SEARCH_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.search is not None)
FACET_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.facet)
ALIASES: dict[str, Field] = {a: f for f in FIELDS for a in f.aliases}


def _ordered(attr: str) -> tuple[str, ...]:
    """The names of the fields that have a place in `attr`, in that order."""
    return tuple(f.name for f in sorted((f for f in FIELDS if getattr(f, attr) is not None),
                                        key=lambda f: getattr(f, attr)))


# Everything below is derived from the entries above: a field's part in a list is said in its entry.
PUBLIC_FACETS: tuple[str, ...] = _ordered("public_facet")  # the API's facets, in the contract's order
FILTERABLE: frozenset[str] = frozenset(PUBLIC_FACETS) | {f.name for f in FIELDS if f.filter_only}
UI_FACETS: tuple[str, ...] = (tuple(n for n in PUBLIC_FACETS if BY_NAME[n].ui_first)
                              + tuple(n for n in PUBLIC_FACETS if not BY_NAME[n].ui_first))
FUZZY_FIELDS: tuple[str, ...] = _ordered("fuzzy")
PAIR_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.pairs)
VOCAB_FIELDS: tuple[str, ...] = _ordered("vocabulary")
SUGGEST_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.suggest)
COMPLETE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.complete)
CAPITALISED: frozenset[str] = frozenset(f.name for f in FIELDS if f.capitalised)
# CQL index -> the fields it searches, in registry order.
CQL_FIELDS: dict[str, tuple[str, ...]] = {}
for _f in FIELDS:
    for _index in _f.cql:
        CQL_FIELDS.setdefault(_index, ())
        CQL_FIELDS[_index] += (_f.name,)
del _f, _index

# Identifier fields: exact lookups (ISBN with or without hyphens, PPN, record id).
ID_FIELD = "id"
IDENTIFIER_FIELD = "identifiers"
WORK_KEY_FIELD = "work_key"
WORK_ID_FIELD = "work_id"
TITLE_SORT_FIELD = "title_sort"
SOURCE_FIELD = "_source"
# When a record last changed (a change key, indexer.changes) and its id as a number: the order and
# cursor of an OAI-PMH harvest and the sitemaps, and the look-up of a record deleted by a build.
CHANGED_FIELD = "changed"
ID_HASH_FIELD = "id_hash"

SORTS: dict[str, tuple[str | None, str]] = {
    # sort key -> (fast field or None for relevance, direction)
    "relevance": (None, "desc"),
    "year_desc": ("year", "desc"),
    "year_asc": ("year", "asc"),
    "title": (TITLE_SORT_FIELD, "asc"),
    "series": (SERIES_NUMBER, "asc"),  # volumes in their order; with a series filter (the record page's link)
}


def fields_for(record_type: str) -> Iterable[Field]:
    return (f for f in FIELDS if record_type in f.types)
