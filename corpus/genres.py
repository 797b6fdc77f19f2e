"""Genre values, declared once: one spelling for each genre, whatever the source wrote.

Catalogues write the same genre in several ways: the NBC and the KB capitalise it ("Fictie",
"Detectiveroman"), MARC's 008/33 gives a code the MARC reader turns into "fictie", hand-made
records end a heading with a full stop ("Fictie.") or leave the diaeresis off ("poezie"). The
index counts and filters one value per genre (`canonical`), so a facet never lists "Fictie"
twice; the stored record keeps what its source wrote.

The rule: surrounding space and trailing punctuation go, runs of space become one, the first
letter is lower case (the pages put the capital back) unless the first word is an acronym, and a
value that equals a known genre ignoring case and accents takes the known spelling (so "poezie"
and "Poëzie" are both "poëzie").
"""
from __future__ import annotations

import re
import unicodedata

# Genres whose spelling (accents, hyphens) is known: the sample's and the NBC's common ones, the
# MARC reader's 008/33 labels and the genres the search box understands (indexer.fields).
KNOWN = (
    "fictie", "non-fictie", "roman", "historische roman", "streekroman", "detectiveroman", "detective",
    "thriller", "literaire thriller", "psychologische thriller", "romantisch verhaal", "poëzie",
    "prentenboek", "kookboek", "strip", "strips", "graphic novel", "sciencefiction", "fantasy", "griezel",
    "sprookjes", "reisgids", "biografie", "toneel", "essays", "humor", "brieven", "verhalen",
    "verhalenbundel", "toespraken", "informatief", "young adult", "oorlog en verzet",
)

# English names of the genres the catalogue commonly uses (the known ones above and the sample's),
# for the pages and the API in English; a genre not named here is shown as the catalogue wrote it
# (in Dutch, marked as such on an English page). Keyed by the canonical spelling.
ENGLISH = {
    "fictie": "Fiction", "non-fictie": "Non-fiction", "roman": "Novel", "historische roman": "Historical novel",
    "streekroman": "Regional novel", "detectiveroman": "Detective novel", "detective": "Detective",
    "thriller": "Thriller", "literaire thriller": "Literary thriller", "psychologische thriller": "Psychological thriller",
    "romantisch verhaal": "Romantic story", "poëzie": "Poetry", "prentenboek": "Picture book", "kookboek": "Cookbook",
    "strip": "Comic", "strips": "Comics", "graphic novel": "Graphic novel", "sciencefiction": "Science fiction",
    "fantasy": "Fantasy", "griezel": "Horror", "sprookjes": "Fairy tales", "reisgids": "Travel guide",
    "biografie": "Biography", "toneel": "Drama (plays)", "essays": "Essays", "humor": "Humour", "brieven": "Letters",
    "verhalen": "Stories", "verhalenbundel": "Short story collection", "toespraken": "Speeches",
    "informatief": "Non-fiction (informative)", "young adult": "Young adult", "oorlog en verzet": "War and resistance",
    "geschiedenis": "History", "eerste lezen": "Beginning reader", "avontuur": "Adventure",
    "vakliteratuur": "Professional literature", "feelgood": "Feel-good", "naslagwerk": "Reference work",
    "dagboek": "Diary", "waargebeurd": "True story", "kartonboek": "Board book", "tijdschrift": "Magazine",
    "klassieker": "Classic", "romantiek": "Romance", "dagblad": "Daily newspaper", "website": "Website",
    "oorlog": "War", "speelfilm": "Feature film", "studieboek": "Textbook", "voorleesboek": "Read-aloud book",
    "natuur": "Nature", "sport": "Sport", "drama": "Drama", "kinderliedjes": "Children's songs", "klassiek": "Classical music",
    "lesmateriaal": "Teaching material", "educatief spel": "Educational game", "vaktijdschrift": "Trade journal",
    "documentaire": "Documentary", "pop": "Pop", "interview": "Interview", "hoorspel": "Radio play",
    "opvoeding": "Parenting", "kunst": "Art", "beeldwoordenboek": "Picture dictionary", "flapjesboek": "Lift-the-flap book",
    "badboek": "Bath book", "dierenverhaal": "Animal story", "dagboekroman": "Diary novel", "paardenboek": "Horse story",
    "kindertijdschrift": "Children's magazine", "historische bron": "Historical source", "weekkrant": "Weekly newspaper",
    "familiefilm": "Family film", "romantische komedie": "Romantic comedy", "animatiefilm": "Animated film",
    "folk": "Folk", "jazz": "Jazz", "hiphop": "Hip-hop", "blues": "Blues", "wereldmuziek": "World music",
    "volksmuziek": "Folk music", "koormuziek": "Choral music", "simulatiespel": "Simulation game",
    "gezelschapsspel": "Party game", "bordspel": "Board game", "voorlezen": "Reading aloud", "gesprek": "Conversation",
    "leskoffer": "Teaching kit", "vertelplaten": "Story cards", "leespakket": "Reading pack",
    "leenapparaat": "Device on loan", "zadenpakket": "Seed pack", "lespakket": "Lesson pack",
}
# Their Dutch labels: the genre with its capital back ("Historische roman").
DUTCH = {g: g[:1].upper() + g[1:] for g in ENGLISH}

_TRAILING = re.compile(r"[\s.,;:/\\]+$")
_SPACE = re.compile(r"\s+")


def _clean(value: str) -> str:
    return _TRAILING.sub("", _SPACE.sub(" ", unicodedata.normalize("NFC", str(value))).strip())


def key(value: str) -> str:
    """What two spellings of one genre share: lower case, without accents or trailing punctuation."""
    text = unicodedata.normalize("NFKD", _clean(value)).casefold()
    return "".join(c for c in text if not unicodedata.combining(c))


_KNOWN_BY_KEY = {key(g): g for g in KNOWN}


def canonical(value: str) -> str:
    """The one spelling the index uses for a genre as a source wrote it ("" for no genre)."""
    text = _clean(value)
    if not text:
        return ""
    known = _KNOWN_BY_KEY.get(key(text))
    if known:
        return known
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text  # an acronym ("SF", "LHBTI") keeps its capitals
    return text[:1].lower() + text[1:]


def canonical_all(values) -> list[str]:
    """`canonical` of each value, each genre once, in the order first seen."""
    out: list[str] = []
    for v in values:
        c = canonical(v)
        if c and c not in out:
            out.append(c)
    return out
