"""MARCXML of a record: the MARC it was read from when it came from MARC, else a rendering of the
canonical record in MARC 21 (what OAI-PMH's `marcxml` format gives for every record).

The rendering writes the fields the MARC reader (corpus.readers.marc) maps back to the same
canonical fields: the leader's type of record and bibliographic level, 007 and 008 for the
material (from the reader's own rules, corpus.materials), 008 for the
year, language and audience; 020 ISBN, 100/700 names with their role in $e, 245 title and
subtitle, 250 edition, 264 publisher and year, 490 series, 520 description, 650 subjects, 655
genres, 856 the online copy (for a knowledge article: its page).
"""
from __future__ import annotations

import functools

from lxml import etree
from pymarc import Field, Indicators, Leader, Record, Subfield

from corpus.materials import MARC_RULES, MarcRule
from corpus.readers.marc import AUDIENCE, to_marcxml
from search_api.sru import marcxml_record


def _marc_codes(rule: MarcRule) -> tuple[str, str, dict[int, str], str]:
    """(leader/06, leader/07, {008 position: code}, 007) that satisfy one of the reader's rules."""
    rtype = rule.types[0]
    fixed: dict[int, str] = {}
    if rule.electronic:
        fixed[29 if rtype in "efgkor" else 23] = "o"
    if rule.position:
        fixed[rule.position[0]] = rule.position[1][0]
    return rtype, "s" if rule.continuing else "m", fixed, rule.category[:1]


def _conditions(rule: MarcRule) -> int:
    return sum((rule.continuing is not None, rule.electronic is not None, rule.position is not None,
                bool(rule.category)))


@functools.cache
def material_codes(code: str) -> tuple[str, str, dict[int, str], str]:
    """The MARC codes for a material, from the MARC reader's own rules (corpus.materials): of the
    rules that give it, the one with the fewest conditions, so the reader maps the rendering back."""
    rules = sorted((r for r in MARC_RULES if r.material == code and r.types), key=_conditions)
    return _marc_codes(rules[0]) if rules else ("a", "m", {}, "")


# The first 008/22 code the reader maps to each audience.
AUDIENCE_CODES = {audience: code for code, audience in reversed(list(AUDIENCE.items()))}
FORM_CODES = {"grote letter": "d", "braille": "f"}


def record_marcxml(rec: dict) -> etree._Element:
    """The record as a MARCXML <record>: the original MARC when it was kept, else a rendering."""
    original = marcxml_record(rec)
    if original is not None:
        return original
    return etree.fromstring(to_marcxml(render(rec)).encode("utf-8"))


def render(rec: dict) -> Record:
    """A MARC 21 bibliographic record for a canonical record."""
    article = rec.get("type") == "article"
    rtype, level, fixed, category = material_codes("boek" if article else rec.get("material") or "boek")
    record = Record(leader=Leader(f"00000n{rtype}{level} a2200000 i 4500"), force_utf8=True)
    record.add_field(Field(tag="001", data=rec["id"]))
    if category:
        record.add_field(Field(tag="007", data=category))
    record.add_field(Field(tag="008", data=_fixed(rec, fixed, article)))
    for isbn in rec.get("isbn") or ():
        record.add_field(_data("020", "  ", [("a", isbn)]))
    authors = rec.get("authors") or []
    for i, author in enumerate(authors):
        subfields = [("a", author["name"])] + ([("e", author["role"])] if author.get("role") else [])
        record.add_field(_data("100" if i == 0 else "700", "1 ", subfields))
    title = [("a", rec["title"])] + ([("b", rec["subtitle"])] if rec.get("subtitle") else [])
    record.add_field(_data("245", ("1" if authors else "0") + "0", title))
    if rec.get("edition"):
        record.add_field(_data("250", "  ", [("a", rec["edition"])]))
    imprint = [(c, str(v)) for c, v in (("b", rec.get("publisher")), ("c", _date(rec, article))) if v]
    if imprint:
        record.add_field(_data("264", " 1", imprint))
    if rec.get("series"):
        record.add_field(_data("490", "0 ", [("a", rec["series"])]))
    text = " ".join((rec.get("body") or "").split())[:2000] if article else rec.get("description")
    if text:
        record.add_field(_data("520", "  ", [("a", text)]))
    for subject in (rec.get("themes") if article else rec.get("subjects")) or ():
        record.add_field(_data("650", " 4", [("a", subject)]))
    for genre in rec.get("genre") or ():
        record.add_field(_data("655", " 4", [("a", genre)]))
    url = rec.get("url") if article else rec.get("online_url")
    if url:
        record.add_field(_data("856", "40", [("u", url)]))
    return record


def _data(tag: str, indicators: str, subfields: list[tuple[str, str]]) -> Field:
    return Field(tag=tag, indicators=Indicators(indicators[0], indicators[1]),
                 subfields=[Subfield(code, value) for code, value in subfields])


def _date(rec: dict, article: bool) -> str | None:
    if article:
        return (rec.get("published") or "")[:4] or None
    return str(rec["year"]) if rec.get("year") else None


def _fixed(rec: dict, fixed: dict[int, str], article: bool) -> str:
    """008: date entered (unknown), date type and year, language, audience and form."""
    data = list("000000" + ("s" if _date(rec, article) else "n") + (_date(rec, article) or "uuuu") + "    "
                + "xx " + " " * 17 + _language(rec) + " d")
    audience = None if article else AUDIENCE_CODES.get(rec.get("audience") or "")
    if audience:
        data[22] = audience
    for form in rec.get("reading_form") or ():
        if form in FORM_CODES:
            data[23] = FORM_CODES[form]
    for pos, code in fixed.items():
        data[pos] = code
    return "".join(data)


def _language(rec: dict) -> str:
    languages = ["nl"] if rec.get("type") == "article" else rec.get("language") or []
    return _marc_language(languages[0]) if languages else "und"


@functools.lru_cache(maxsize=256)
def _marc_language(code: str) -> str:
    """ISO 639-1 -> the MARC (ISO 639-2/B) code the reader maps back."""
    import pycountry

    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if lang is None:
        return "und"
    return getattr(lang, "bibliographic", None) or lang.alpha_3
