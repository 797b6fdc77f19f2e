"""Relator roles, declared once: what the readers write, what the pages show, how exports credit.

A canonical record names each person's role by its Dutch label (`{"name": ..., "role": "vertaler"}`;
no role means author). Every reader maps what its format says to that label through this module:
MARC relator codes ($4, `dcx:role`, `marcrel:*`) with `by_code`, the words catalogues write
(MARC $e terms, "(ill.)" after a name in plain Dublin Core, OBA's localized creator types) with
`by_word`. The pages show `label` or `label_en`; the exports read `credit`:

    credit        RIS    BibTeX      Dublin Core   schema.org
    author        AU     author      creator       author (director, byArtist, composer by type)
    contributor   AU     author      contributor   contributor (illustrator of a Book)
    editor        A2     editor      contributor   editor
    translator    A4     translator  contributor   translator
    none          -      -           contributor   contributor

`contributor` is someone a citation names beside the authors for lack of a finer tag
(illustrators, narrators, performers: RIS and BibTeX have no field of their own for them);
`none` is someone a citation leaves out (who wrote the introduction, designed the cover, owned the
copy). A role a reader kept as given, unknown here, counts as an author, as a missing role does.
A person with several roles ("vertaler, redacteur", as the MARC reader joins them) gets the
first credit of CREDITS that any of them has.
"""
from __future__ import annotations

from dataclasses import dataclass

CREDITS = ("author", "editor", "translator", "contributor", "none")


@dataclass(frozen=True)
class Role:
    label: str  # the canonical Dutch label, written in records and shown on Dutch pages
    label_en: str
    codes: tuple[str, ...] = ()  # MARC relator codes (id.loc.gov/vocabulary/relators)
    words: tuple[str, ...] = ()  # further terms for it in catalogues (the labels count too)
    credit: str = "author"  # how citations credit the person: one of CREDITS
    schema: str | None = None  # a schema.org Book property of its own ("illustrator")


ROLES: tuple[Role, ...] = (
    # authors
    Role("auteur", "author", ("aut",), ("auteur", "author", "writer", "schrijver")),
    Role("oorspronkelijk auteur", "original author", ("ant",)),
    Role("maker", "creator", ("cre",)),
    Role("regisseur", "director", ("drt", "fmd"), ("film director",)),
    Role("componist", "composer", ("cmp",)),
    Role("tekstschrijver", "lyricist", ("lyr",)),
    Role("librettist", "librettist", ("lbt",)),
    Role("scenarist", "screenwriter", ("aus", "sce")),
    Role("dialoogschrijver", "author of dialogue", ("aud",), ("author of dialog",)),
    Role("kunstenaar", "artist", ("art",)),
    Role("programmeur", "programmer", ("prg",)),
    Role("ontwikkelaar", "developer"),
    # editors and translators
    Role("redacteur", "editor", ("edt", "edc"),
         ("ed", "eds", "red", "redactie", "hrsg", "herausgeber", "editor of compilation"), "editor"),
    Role("samensteller", "compiler", ("com",), ("comp", "samenst"), "editor"),
    Role("bewerker", "adapter", ("adp",), ("bew",), "editor"),
    Role("vertaler", "translator", ("trl",),
         ("tr", "trans", "transl", "traducteur", "vert", "vertaling", "übersetzer"), "translator"),
    # contributors
    Role("illustrator", "illustrator", ("ill",), ("ill", "illus", "illustrations", "illustraties", "tekenaar"),
         "contributor", schema="illustrator"),
    Role("inkleurder", "colourist", ("clr",), credit="contributor"),
    Role("fotograaf", "photographer", ("pht",), ("foto's",), "contributor"),
    Role("cartograaf", "cartographer", ("ctg",), credit="contributor"),
    Role("ontwerper", "designer", ("dsr",), credit="contributor"),
    Role("vormgever", "book designer", ("bkd",), credit="contributor"),
    Role("verteller", "narrator", ("nrt",), ("voorlezer", "reader"), "contributor"),
    Role("spreker", "speaker", ("spk",), credit="contributor"),
    Role("uitvoerder", "performer", ("prf",), credit="contributor"),
    Role("zanger", "singer", ("sng", "voc"), credit="contributor"),
    Role("musicus", "musician", ("mus",), credit="contributor"),
    Role("instrumentalist", "instrumentalist", ("itr",), credit="contributor"),
    Role("arrangeur", "arranger", ("arr",), credit="contributor"),
    Role("dirigent", "conductor", ("cnd",), credit="contributor"),
    Role("acteur", "actor", ("act",), credit="contributor"),
    Role("stemacteur", "voice actor", ("vac",), credit="contributor"),
    Role("producent", "producer", ("pro",), credit="contributor"),
    Role("interviewer", "interviewer", ("ivr",), credit="contributor"),
    Role("geïnterviewde", "interviewee", ("ive",), credit="contributor"),
    Role("commentator", "commentator", ("cwt",), credit="contributor"),
    Role("onderzoeker", "researcher", ("res",), credit="contributor"),
    Role("promotor", "thesis supervisor", ("ths", "dgs"), ("thesis advisor", "degree supervisor"), "contributor"),
    Role("medewerker", "contributor", ("ctb",), credit="contributor"),
    Role("transcribent", "transcriber", ("trc",), credit="contributor"),
    # named in the record, not credited by a citation
    Role("inleider", "author of introduction", ("aui",),
         ("auteur inleiding", "inleiding", "writer of introduction", "author of introduction"), "none"),
    Role("auteur voorwoord", "author of preface", ("wpr",), ("voorwoord", "writer of preface"), "none"),
    Role("auteur nawoord", "author of afterword", ("aft",), ("nawoord", "author of afterword"), "none"),
    Role("omslagontwerper", "cover designer", ("cov",), credit="none"),
    Role("corrector", "proofreader", ("pfr",), credit="none"),
    Role("uitgever", "publisher", ("pbl",), credit="none"),
    Role("instelling", "degree granting institution", ("dgg",), credit="none"),
    Role("gehuldigde", "honoree", ("hnr",), credit="none"),
    Role("eigenaar", "owner", ("own", "fmo"), credit="none"),
)


def _key(text: str) -> str:
    """How a word is compared: lower case, single spaces, no final full stop ("Ill." = "ill")."""
    return " ".join(text.lower().split()).rstrip(".").strip()


def _tables() -> tuple[dict[str, Role], dict[str, Role], dict[str, Role]]:
    labels: dict[str, Role] = {}
    codes: dict[str, Role] = {}
    words: dict[str, Role] = {}
    for role in ROLES:
        if role.credit not in CREDITS:
            raise ValueError(f"role {role.label!r}: credit {role.credit!r} is not one of {CREDITS}")
        if role.label in labels:
            raise ValueError(f"role {role.label!r} is declared twice")
        labels[role.label] = role
        for code in role.codes:
            if codes.setdefault(code, role) is not role:
                raise ValueError(f"relator code {code!r} belongs to {codes[code].label!r} and {role.label!r}")
        for word in (role.label, role.label_en, *role.words):
            if words.setdefault(_key(word), role) is not role:
                raise ValueError(f"role word {word!r} belongs to {words[_key(word)].label!r} and {role.label!r}")
    return labels, codes, words


BY_LABEL, BY_CODE, BY_WORD = _tables()
AUTHOR = BY_LABEL["auteur"]  # the role of a main entry without one (a MARC 100, a dc:creator)
ORIGINAL_AUTHOR = BY_LABEL["oorspronkelijk auteur"]


def named(label: str) -> Role:
    """The role with this canonical label (KeyError for a label not declared here)."""
    return BY_LABEL[label]


def by_code(code: str) -> Role | None:
    """The role of a MARC relator code ("ill", "AUT"), or None."""
    return BY_CODE.get(code.strip().lower())


def by_word(text: str) -> Role | None:
    """The role a catalogue's word names ("Illustrator", "ill.", "vert", "writer of introduction"), or None."""
    return BY_WORD.get(_key(text))


def parts(role: str | None) -> list[str]:
    """The roles in a record's role text: "vertaler, redacteur" -> ["vertaler", "redacteur"]."""
    return [p.strip() for p in (role or "").split(",") if p.strip()]


def credit(role: str | None) -> str:
    """How citations credit a person with this role text (see the module docstring)."""
    found = [BY_LABEL.get(p) or BY_WORD.get(_key(p)) for p in parts(role)]
    if not found or None in found:
        return "author"  # no role, or one kept as the catalogue gave it
    return min((r.credit for r in found), key=CREDITS.index)


def label(role: str, lang: str = "nl") -> str | None:
    """The role text in `lang` ("nl" or "en"), each part by its label; None when a part is unknown."""
    out = []
    for p in parts(role):
        r = BY_LABEL.get(p) or BY_WORD.get(_key(p))
        if r is None:
            return None
        out.append(r.label_en if lang == "en" else r.label)
    return ", ".join(out) or None


__all__ = ["AUTHOR", "BY_CODE", "BY_LABEL", "CREDITS", "ORIGINAL_AUTHOR", "ROLES", "Role", "by_code", "by_word",
           "credit", "label", "named", "parts"]
