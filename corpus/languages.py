"""Language codes and names to the two-letter ISO 639-1 codes of the canonical record.

Catalogues write languages as MARC / ISO 639-2 codes, bibliographic (`dut`, `ger`, `fre`) or
terminologic (`nld`, `deu`, `fra`), as ISO 639-1 codes, as locale tags (`nl-NL`) or as names in
English or Dutch ("Dutch", "Nederlands"). `to_iso639_1` maps all of these to `nl`, `de`, `fr`, ….

The full ISO 639 tables come from the maintained `pycountry` package. Codes that MARC once used
and ISO 639-2 never had (`scc` for Serbian, `fri` for Frisian, …) are mapped first from the
MARC code list, because some of them are unrelated languages in ISO 639-3. `language_code`
keeps a language without a two-letter code (Ancient Greek `grc`, Hawaiian `haw`) as its
three-letter code instead of losing it; "no linguistic content", "undetermined" and "multiple
languages" give None.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

try:  # pragma: no cover - exercised only when the package is missing
    import pycountry as _pycountry
except ImportError:  # the built-in table below still covers the common languages
    _pycountry = None

# Codes that say there is no single language (MARC and ISO 639-2 alike).
NOT_A_LANGUAGE = frozenset({"mul", "und", "zxx", "mis", "n/a", "xxx", "   ", "|||", "---", "^^^"})

# Obsolete MARC language codes (MARC Code List for Languages, "discontinued" entries).
MARC_OBSOLETE = {
    "cam": "km", "esp": "eo", "eth": "gez", "far": "fo", "fri": "fy", "gag": "gl", "gal": "om",
    "gua": "gn", "int": "ia", "iri": "ga", "kus": "kos", "lan": "oc", "lap": "se", "max": "gv",
    "mla": "mg", "mol": "ro", "sao": "sm", "scc": "sr", "scr": "hr", "sho": "sn", "snh": "si",
    "sso": "st", "swz": "ss", "tag": "tl", "taj": "tg", "tar": "tt", "tru": "chk", "tsw": "tn",
}

# The languages a Dutch public library meets most, so that the common case needs no table
# look-up and still works if pycountry is absent: ISO 639-2/B, 639-2/T and 639-1.
_CORE = {
    "nl": ("dut", "nld"), "en": ("eng",), "de": ("ger", "deu"), "fr": ("fre", "fra"),
    "es": ("spa",), "it": ("ita",), "pt": ("por",), "fy": ("fry",), "la": ("lat",),
    "el": ("gre", "ell"), "ar": ("ara",), "tr": ("tur",), "pl": ("pol",), "ru": ("rus",),
    "uk": ("ukr",), "ja": ("jpn",), "zh": ("chi", "zho"), "he": ("heb",), "fa": ("per", "fas"),
    "so": ("som",), "ti": ("tir",), "am": ("amh",), "ur": ("urd",), "hi": ("hin",),
    "sd": ("snd",), "pa": ("pan",), "bn": ("ben",), "id": ("ind",), "ms": ("may", "msa"),
    "th": ("tha",), "vi": ("vie",), "ko": ("kor",), "da": ("dan",), "sv": ("swe",),
    "no": ("nor",), "nb": ("nob",), "nn": ("nno",), "fi": ("fin",), "is": ("ice", "isl"),
    "cs": ("cze", "ces"), "sk": ("slo", "slk"), "hu": ("hun",), "ro": ("rum", "ron"),
    "bg": ("bul",), "sr": ("srp",), "hr": ("hrv",), "bs": ("bos",), "sl": ("slv",),
    "mk": ("mac", "mkd"), "sq": ("alb", "sqi"), "hy": ("arm", "hye"), "ka": ("geo", "kat"),
    "cy": ("wel", "cym"), "ga": ("gle",), "gd": ("gla",), "eu": ("baq", "eus"),
    "ca": ("cat",), "gl": ("glg",), "et": ("est",), "lv": ("lav",), "lt": ("lit",),
    "eo": ("epo",), "af": ("afr",), "sw": ("swa",), "ku": ("kur",), "ps": ("pus",),
    "ber": ("ber",), "yi": ("yid",), "bo": ("tib", "bod"), "my": ("bur", "mya"),
    "mi": ("mao", "mri"), "lb": ("ltz",), "li": ("lim",), "pap": ("pap",), "srn": ("srn",),
}

# Language names in Dutch (as Dutch catalogues and library sites write them).
DUTCH_NAMES = {
    "nederlands": "nl", "vlaams": "nl", "engels": "en", "duits": "de", "frans": "fr",
    "spaans": "es", "italiaans": "it", "portugees": "pt", "fries": "fy", "latijn": "la",
    "grieks": "el", "nieuwgrieks": "el", "oudgrieks": "grc", "arabisch": "ar", "turks": "tr",
    "pools": "pl", "russisch": "ru", "oekraïens": "uk", "oekraiens": "uk", "japans": "ja",
    "chinees": "zh", "hebreeuws": "he", "perzisch": "fa", "farsi": "fa", "somalisch": "so",
    "tigrinya": "ti", "amhaars": "am", "urdu": "ur", "hindi": "hi", "indonesisch": "id",
    "maleis": "ms", "thai": "th", "thais": "th", "vietnamees": "vi", "koreaans": "ko",
    "deens": "da", "zweeds": "sv", "noors": "no", "fins": "fi", "ijslands": "is", "tsjechisch": "cs",
    "slowaaks": "sk", "hongaars": "hu", "roemeens": "ro", "bulgaars": "bg", "servisch": "sr",
    "kroatisch": "hr", "bosnisch": "bs", "sloveens": "sl", "macedonisch": "mk", "albanees": "sq",
    "armeens": "hy", "georgisch": "ka", "welsh": "cy", "iers": "ga", "baskisch": "eu",
    "catalaans": "ca", "ests": "et", "estisch": "et", "lets": "lv", "litouws": "lt",
    "esperanto": "eo", "afrikaans": "af", "swahili": "sw", "koerdisch": "ku", "pasjtoe": "ps",
    "berbers": "ber", "tamazight": "ber", "jiddisch": "yi", "tibetaans": "bo", "luxemburgs": "lb",
    "limburgs": "li", "papiaments": "pap", "sranantongo": "srn", "sranan": "srn",
    # English names that ISO 639-3 spells differently
    "frisian": "fy", "flemish": "nl", "greek": "el", "malay": "ms", "persian": "fa",
}

_CODE = re.compile(r"^[a-z]{2,3}$")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> 639-1 or kept 3-letter code, lower-case English name -> same)."""
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for two, threes in _CORE.items():
        codes[two] = two
        for three in threes:
            codes[three] = two
    if _pycountry is not None:
        for lang in _pycountry.languages:
            two = getattr(lang, "alpha_2", None)
            three = lang.alpha_3
            target = two or three
            for code in (two, three, getattr(lang, "bibliographic", None)):
                if code:
                    codes.setdefault(code, target)
            for attr in ("name", "common_name", "inverted_name"):
                value = getattr(lang, attr, None)
                if value:
                    names.setdefault(value.lower(), target)
    for old, new in MARC_OBSOLETE.items():
        codes[old] = new  # the MARC meaning wins over an unrelated ISO 639-3 code
    names.update(DUTCH_NAMES)
    return codes, names


def language_code(value: object) -> str | None:
    """ISO 639-1 code for `value`; a three-letter code when the language has no 639-1 code.

    None for empty values, unknown codes and the "no single language" codes.
    """
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if not text or text in NOT_A_LANGUAGE:
        return None
    codes, names = _tables()
    if _CODE.match(text):
        return codes.get(text) if text not in NOT_A_LANGUAGE else None
    # Locale tags and script subtags: "nl-NL", "en_GB", "sr-Latn".
    m = re.match(r"^([a-z]{2,3})[-_][a-z0-9]{2,8}$", text)
    if m:
        return codes.get(m.group(1))
    name = " ".join(re.sub(r"[.;,]+$", "", text).split())
    found = names.get(name)
    if found:
        return found
    # "Dutch; Flemish", "Greek, Modern (1453-)": the first part is the language.
    first = re.split(r"[;,(]", name, maxsplit=1)[0].strip()
    return names.get(first)


def to_iso639_1(value: object) -> str | None:
    """The two-letter ISO 639-1 code for a code or name, or None when there is none."""
    code = language_code(value)
    return code if code and len(code) == 2 else None


def split_marc_codes(text: str) -> list[str]:
    """Split an old-style MARC 041 subfield that runs codes together ("engwel" -> eng, wel)."""
    t = text.strip().lower()
    if len(t) > 3 and len(t) % 3 == 0 and t.isalpha():
        return [t[i:i + 3] for i in range(0, len(t), 3)]
    return [t] if t else []


def normalise_languages(values: Iterable[object], keep_three_letter: bool = True) -> list[str]:
    """Map a list of codes or names to a de-duplicated list in order of appearance."""
    out: list[str] = []
    for value in values:
        code = language_code(value) if keep_three_letter else to_iso639_1(value)
        if code and code not in out:
            out.append(code)
    return out


__all__ = [
    "DUTCH_NAMES",
    "MARC_OBSOLETE",
    "language_code",
    "normalise_languages",
    "split_marc_codes",
    "to_iso639_1",
]
