"""A pymarc Record to a canonical catalogue record: one small function per field or group of fields.

Mapping (MARC tag/position -> canonical field)
    id          "ppn:<PPN>" when 003 is NL-LeOCL (the Dutch union catalogue, Pica numbers) or
                a 035 "(NL-LeOCL)…" names the PPN; else "marc:<003>:<001>" or "marc:<001>"
                (OCLC numbers as "marc:OCoLC:<number>"); without a 001 from the 035; without
                either a hash of title, names and imprint ("marc:sha1-…", with a warning)
    title       245 $a $k $n $p (ISBD punctuation removed); falls back to 130/240/246/740 with
                a warning. subtitle = 245 $b (a parallel title after " =" goes to alt_titles)
    authors     100/110/111/700/710/711, name from $a (+$b numeration; corporate $b units),
                role from $4 relator codes or $e terms, as the Dutch label of corpus.roles (aut
                auteur, ill illustrator, trl vertaler, aui inleider, …); an unknown code or
                term is kept as given. A 100 without a role on text is "auteur"
    edition     250 $a $b;  publisher 264 (2nd indicator 1) or 260 $b, "s.n." dropped
    year        first four-digit year in 264/260 $c, else 008/07-10 when a plausible year
    isbn        020 $a as ISBN-13; an invalid one is dropped and reported in `_warnings`
    language    008/35-37 then 041 $a, as ISO 639-1 (corpus.languages)
    subjects    650/651 and the name/title subjects 600/610/611/630: heading and its $v $x $y
                $z subdivisions joined with " ; " (Brinkman style: "ouderen ; gezondheidszorg")
    genre       655 (same joining) and 008/33 literary form of books (1 fictie, f roman, …)
    series      490 (transcribed), else 440/830/800/810/811, with " ; " + $v numbering
    description 520 $a $b;  online_url first 856 $u of the resource itself (2nd indicator not
                2, and not a table of contents or cover); cover_url first 856 $u labelled a
                cover ($3 $y $z: cover, omslag, …); nur 084 $a with $2 nur
    holdings    852 $a library (an ISIL), $b branch, $k $h $i $j $m shelfmark; an 852
                without $a is skipped (a holding needs its library), and so is one whose $a
                is no ISIL: records from abroad carry MARC organisation codes there ("FU",
                "inu", "BIN"), libraries outside the network that no patron can go to and
                no facet or holdings table could name (a warning says which)
    880         alternate-script twins: the romanised fields stay as they are; 880-245 goes to
                `title_original` and `alt_titles`, 880-1XX/7XX names to `authors_original` and
                `alt_authors`; 246/740 variant titles also go to `alt_titles`
    _marcxml    the record as MARCXML when under 50 KB (the SRU endpoint serves it)
    _warnings   problems that did not stop the record (invalid ISBN, repaired directory, …)

Material (leader/06 type, leader/07 level, 007/00 category, 008): corpus.materials (MARC_RULES)
    a/t language material: a continuing resource by 008/21 (krant, website, databank, tijdschrift),
    else e-book when electronic, else boek; c/d bladmuziek; j muziek; i luisterboek (podcast when
    continuing and electronic); g film; m by 008/26 (game, e-book, luisterboek, databank); r game
    or anders; maps, graphics, kits and mixed materials anders; any other type by the 007.

Audience (008/22, for books, music, visual materials and computer files; serials have none)
    MARC gives approximate ages; each goes to the contract bucket it overlaps most, erring young:
    a preschool (0-5) -> 0-3;  b primary (6-8) -> 7-9;  c pre-adolescent (9-13) -> 10-12;
    d adolescent (14-17) -> 13-15;  j juvenile, unspecified (to 15) -> 10-12;
    e adult, f specialized, g general -> volwassenen;  blank, | or unknown -> no audience
Reading form: 008/23 d -> grote letter, f -> braille (books, music); sound recordings that are
    not music -> gesproken.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date

from pymarc import Field, Record

from corpus.isbn import partition_isbns
from corpus.languages import language_code, split_marc_codes
from corpus.materials import marc_material
from corpus.model import CatalogueRecord, is_isil
from corpus.readers.common import COVER_WORDS, add, put
from corpus.readers.marc.broken import BrokenRecord
from corpus.readers.marc.marcxml import to_marcxml
from corpus.roles import AUTHOR, by_code, by_word

MAX_MARCXML_BYTES = 50 * 1024

# Organisation codes under which a record number is a PPN (Pica production number).
PPN_ORGS = frozenset({"NL-LEOCL", "NL-LEOCLC", "OCLC-PICA", "NL-0100030000", "PPN", "PICA"})
_PPN = re.compile(r"^\d{8}[\dX]$")

# 008/22 target audience (see the module docstring for the reasoning).
AUDIENCE = {"a": "0-3", "b": "7-9", "c": "10-12", "d": "13-15", "j": "10-12",
            "e": "volwassenen", "f": "volwassenen", "g": "volwassenen"}
# 008/33 literary form of books, as Dutch genre labels.
LITERARY_FORM = {"1": "fictie", "c": "strips", "d": "toneel", "e": "essays", "f": "roman",
                 "h": "humor", "i": "brieven", "j": "verhalen", "p": "poëzie", "s": "toespraken"}

_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")
_SINE_NOMINE = re.compile(r"^(s\.?\s*n|sine nomine|n\.?\s*n|z\.?\s*n|publisher not identified|"
                          r"uitgever onbekend|\?)$", re.I)
_ABBREV_END = re.compile(r"(?:^|[\s.(])(?:[A-Za-zÀ-ÿ]|Jr|Sr|Inc|Co|Ltd|Bros|St|Mrs?|Dr|etc|ed|"
                         r"eds|dept|Dept|Govt|U\.S|Ph\. ?D|D\.C|vol|no|pt|cm)\.$")


def to_canonical(record: Record, notes: list[str] | None = None) -> CatalogueRecord:
    """Map one pymarc Record to a canonical catalogue record (not yet validated)."""
    warnings_: list[str] = list(notes or [])
    leader = _blank(str(record.leader))
    rtype, level = leader[6:7], leader[7:8]
    c008 = _blank(_control_008(record))
    c007 = _blank(_control(record, "007")).lower()
    serial = level in ("s", "b", "i")
    _check_bibliographic(record, rtype, warnings_)

    rid, ppn = _record_id(record, warnings_)
    rec: dict = {"type": "catalogue", "id": rid, "source_format": "marc"}
    put(rec, "ppn", ppn)
    links = _linked_880s(record)
    title, subtitle, parallel = _main_title(record, warnings_)
    put(rec, "title", title)
    put(rec, "subtitle", subtitle)
    originals = _original_titles(links)
    put(rec, "title_original", _unique(t for t, _ in originals))
    put(rec, "alt_titles", _alt_titles(record, links, parallel, originals, title))
    put(rec, "authors", _authors(record, textual=rtype in ("a", "t", "i")))
    names = _original_names(links)
    put(rec, "authors_original", _unique(names))
    put(rec, "alt_authors", _unique(names))
    put(rec, "edition", _edition(record))
    publisher, year = _imprint(record)
    put(rec, "publisher", publisher)
    put(rec, "year", year if year is not None else _year_008(c008))
    isbns, bad = _isbns(record)
    put(rec, "isbn", isbns)
    warnings_.extend(f"invalid ISBN '{b}'" for b in bad)
    put(rec, "language", _languages(record, c008))
    rec["material"] = marc_material(leader, c007, c008)
    put(rec, "audience", _audience(rtype, serial, c008))
    put(rec, "reading_form", _reading_forms(rtype, serial, c008))
    put(rec, "subjects", _headings(record, ("600", "610", "611", "630", "650", "651")))
    put(rec, "genre", _genres(record, rtype, serial, c008))
    put(rec, "series", _series(record))
    put(rec, "description", _description(record))
    put(rec, "online_url", _online_url(record))
    put(rec, "cover_url", _cover_url(record))
    put(rec, "nur", _nur(record))
    put(rec, "holdings", _holdings(record, warnings_))
    xml = to_marcxml(record)
    if len(xml.encode("utf-8")) < MAX_MARCXML_BYTES:
        rec["_marcxml"] = xml
    put(rec, "_warnings", _unique(warnings_))
    return rec


def _check_bibliographic(record: Record, rtype: str, warnings_: list[str]) -> None:
    """Raise BrokenRecord for an authority, classification or community record; a holdings-type
    leader on a record with a title is read as bibliographic, with a warning."""
    if rtype in ("q", "w", "z") or (rtype in ("u", "v", "x", "y") and not record.get_fields("245")):
        kinds = {"q": "community information", "w": "classification", "z": "authority"}
        raise BrokenRecord(f"not a bibliographic record (leader/06 {rtype!r}: "
                           f"{kinds.get(rtype, 'holdings')} record)")
    if rtype in ("u", "v", "x", "y"):
        warnings_.append(f"leader/06 {rtype!r} marks a holdings record; read as bibliographic")


def _record_id(record: Record, warnings_: list[str]) -> tuple[str, str | None]:
    """(id, PPN): from the record number, else from what identifies the record (with a warning)."""
    rid, ppn = _identifier(record)
    if rid:
        return rid, ppn
    rid = _content_id(record)
    if not rid:
        raise BrokenRecord("no record number (001 or 035) and no title to derive an id from")
    warnings_.append("no record number (001 or 035); the id is derived from the title, names and imprint")
    return rid, None


def _main_title(record: Record, warnings_: list[str]) -> tuple[str, str, list[str]]:
    """(title, subtitle, parallel titles) from the 245, else the first of 130/240/246/740 (with a warning)."""
    title, subtitle, parallel = _title(record.get_fields("245"))
    if title:
        return title, subtitle, parallel
    for tag in ("130", "240", "246", "740"):
        fields = record.get_fields(tag)
        if fields and _clean_title(_joined(fields[0], "anp")):
            warnings_.append(f"no title in 245; the title comes from {tag}")
            return _clean_title(_joined(fields[0], "anp")), subtitle, parallel
    return title, subtitle, parallel


def _original_titles(links: dict[str, list[Field]]) -> list[tuple[str, list[str]]]:
    """The 880 twins of the 245: (the title in its own script with its subtitle, its parallel titles)."""
    out = []
    for f in links.get("245", []):
        t, s, par = _title([f])
        if t:
            out.append((f"{t} : {s}" if s else t, par))
    return out


def _alt_titles(record: Record, links: dict[str, list[Field]], parallel: list[str],
                originals: list[tuple[str, list[str]]], title: str) -> list[str]:
    """Parallel and variant titles (246, 740) and the original-script ones, without the title itself."""
    alt = list(parallel)
    for f in record.get_fields("246", "740"):
        alt.append(_clean_title(_joined(f, "anpb" if f.tag == "246" else "anp")))
    for full, par in originals:
        alt.append(full)
        alt.extend(par)
    for f in links.get("246", []) + links.get("740", []):
        alt.append(_clean_title(_joined(f, "anp")))
    return [t for t in _unique(alt) if t != title]


def _original_names(links: dict[str, list[Field]]) -> list[str]:
    """Names in their own script, from the 880 twins of the 1XX/7XX."""
    return [name for tag in ("100", "110", "111", "700", "710", "711")
            for f in links.get(tag, []) if (name := _name(f, tag))]


def _genres(record: Record, rtype: str, serial: bool, c008: str) -> list[str]:
    """655 genre headings, and for books the 008/33 literary form."""
    genre = _headings(record, ("655",))
    if rtype in ("a", "t") and not serial:
        form = LITERARY_FORM.get(c008[33:34])
        if form and form not in genre:
            genre.append(form)
    return genre


# --- field helpers ----------------------------------------------------------------------------

def _blank(text: str) -> str:
    """Some systems write '^' for a blank in fixed fields."""
    return text.replace("^", " ")


def _control(record: Record, tag: str) -> str:
    for f in record.get_fields(tag):
        if f.is_control_field() and f.data and f.data.strip():
            return f.data
    return ""


def _control_008(record: Record) -> str:
    """The 008 to use: a record may carry a stray short or blank one beside the real one."""
    candidates = [f.data for f in record.get_fields("008") if f.is_control_field() and f.data]
    for data in candidates:
        if len(data) >= 40 and data[:6].isdigit():
            return data
    return candidates[0] if candidates else ""


def _space(text: str) -> str:
    return " ".join(text.split())


_OLD_CATALOG = re.compile(r"\s*\[from old catalog\]", re.I)


def _values(field: Field, codes: str) -> list[str]:
    out = []
    for sf in field.subfields:
        if sf.code and sf.code in codes and sf.value:
            value = _space(_OLD_CATALOG.sub("", sf.value))
            if value:
                out.append(value)
    return out


def _joined(field: Field, codes: str, sep: str = " ") -> str:
    return sep.join(_values(field, codes))


def _strip_trailing(text: str) -> str:
    """Remove ISBD punctuation at the end (" /", " :", " ;", " =", ",") and a final full stop
    that is not part of an initial or abbreviation."""
    text = _space(text)
    while True:
        new = re.sub(r"\s*[/:;=,]+$", "", text).rstrip()
        if new.endswith(".") and not new.endswith("...") and not _ABBREV_END.search(new):
            new = new[:-1].rstrip()
        if new == text:
            return text
        text = new


def _unbracket(text: str) -> str:
    text = text.strip()
    if text.startswith("[") and text.endswith("]") and text.count("[") == 1 and text.count("]") == 1:
        return text[1:-1].strip()
    if text.startswith("[") and "]" not in text:
        return text[1:].strip()
    if text.endswith("]") and "[" not in text:
        return text[:-1].strip()
    return text


def _clean_title(text: str) -> str:
    return _strip_trailing(_unbracket(_strip_trailing(text)))


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        add(out, item)
    return out


def _linked_880s(record: Record) -> dict[str, list[Field]]:
    """880 alternate-script fields by the tag they render (from $6 '245-01/$1')."""
    out: dict[str, list[Field]] = {}
    for f in record.get_fields("880"):
        link = next((sf.value for sf in f.subfields if sf.code == "6" and sf.value), "")
        tag = link[:3]
        if tag.isdigit():
            out.setdefault(tag, []).append(f)
    return out


def _identifier(record: Record) -> tuple[str | None, str | None]:
    c001 = re.sub(r"\s+", "", _control(record, "001"))
    c003 = re.sub(r"\s+", "", _control(record, "003"))
    if c001 and c003.upper() in PPN_ORGS and _PPN.match(c001.upper()):
        return f"ppn:{c001.upper()}", c001.upper()
    system_numbers: list[tuple[str, str]] = []
    for f in record.get_fields("035"):
        for value in _values(f, "a"):
            m = re.match(r"^\(([^)]*)\)\s*(.+)$", value)
            org, num = (m.group(1).strip(), m.group(2).strip()) if m else ("", value.strip())
            num = re.sub(r"\s+", "", num)
            if not num:
                continue
            if org.upper() in PPN_ORGS and _PPN.match(num.upper()):
                return f"ppn:{num.upper()}", num.upper()
            system_numbers.append((org, num))
    if c001:
        if c003.upper() == "OCOLC" or (not c003 and re.match(r"^(ocm|ocn|on)\d+$", c001)):
            return f"marc:OCoLC:{_oclc(c001)}", None
        return (f"marc:{_id_part(c003)}:{_id_part(c001)}" if c003 else f"marc:{_id_part(c001)}"), None
    for org, num in system_numbers:
        if org.upper() == "OCOLC":
            return f"marc:OCoLC:{_oclc(num)}", None
    for org, num in system_numbers:
        return (f"marc:{_id_part(org)}:{_id_part(num)}" if org else f"marc:{_id_part(num)}"), None
    return None, None


def _content_id(record: Record) -> str | None:
    """A stable id for a record without any record number: a hash of what identifies it."""
    if not any(_values(f, "a") for f in record.get_fields("245")):
        return None
    parts = []
    for tag in ("245", "100", "110", "111", "250", "260", "264", "300", "020"):
        for f in record.get_fields(tag):
            parts.append(f"{tag}:" + _joined(f, "abcdefghijklmnopqrstuvwxyz"))
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"marc:sha1-{digest}"


def _oclc(number: str) -> str:
    """OCLC numbers are written ocm08638218, ocn…, on… or plain: keep the number."""
    digits = re.sub(r"^(ocm|ocn|on)", "", number.strip())
    return (digits.lstrip("0") or "0") if digits.isdigit() else _id_part(number)


def _id_part(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z._\-]+", "-", text).strip("-") or "x"


def _title(fields: list[Field]) -> tuple[str, str, list[str]]:
    """(title, subtitle, parallel titles) from a 245 (or its 880 twin)."""
    if not fields:
        return "", "", []
    f = fields[0]
    parts: list[str] = []
    subtitle_parts: list[str] = []
    parallel: list[str] = []
    previous = ""
    for sf in f.subfields:
        value = _space(_OLD_CATALOG.sub("", sf.value or ""))
        if not value:
            continue
        if sf.code in ("a", "k", "n", "p"):
            parts.append(_clean_title(value))
        elif sf.code == "b":
            if previous.rstrip().endswith("="):
                parallel.append(_clean_title(value))
            else:
                subtitle_parts.append(_clean_title(value))
        if sf.code not in ("6", "8"):
            previous = value
    # Parallel titles in $a itself: "Cyllidebau ysgolion = School budgets".
    title = ". ".join(p for p in parts if p)
    subtitle = " : ".join(p for p in subtitle_parts if p)
    return title, subtitle, [p for p in parallel if p]


def _name(field: Field, tag: str) -> str:
    kind = tag[1:]
    if not _values(field, "a"):
        return ""
    if kind == "00":
        name = _joined(field, "ab")
    elif kind == "10":
        name = _join_units(_values(field, "ab"))
    else:
        name = _joined(field, "a")
    return _strip_trailing(_unbracket(_strip_trailing(name)))


def _join_units(values: list[str]) -> str:
    """'United States.' + 'Congress.' -> 'United States. Congress' (keeping 'D.C.' whole)."""
    out = ""
    for value in values:
        unit = _strip_trailing(value)
        if not unit:
            continue
        if not out:
            out = unit
        elif out.endswith("."):
            out = f"{out} {unit}"
        else:
            out = f"{out}. {unit}"
    return out


# "author of introduction, etc." is split at its comma like "ill. and tr."; the "etc" is no role.
_NOT_A_ROLE = frozenset({"etc"})


def _roles(field: Field) -> list[str]:
    roles: list[str] = []
    for code in _values(field, "4"):
        code = code.rstrip("/").rsplit("/", 1)[-1].strip().lower()
        known = by_code(code) if code else None
        role = known.label if known else code
        if role and role not in roles:
            roles.append(role)
    for term in _values(field, "e"):
        for piece in re.split(r"\s*(?:\[and\]|\band\b|\ben\b|&|;|,)\s*", term):
            key = piece.strip().strip("[]").strip().rstrip(".,:;").strip().lower()
            if not key or key in _NOT_A_ROLE:
                continue
            known = by_word(key)
            role = known.label if known else piece.strip().strip("[]").rstrip(",;:. ").strip()
            if role and role not in roles:
                roles.append(role)
    return roles


def _authors(record: Record, textual: bool) -> list[dict]:
    fields = record.get_fields("100", "110", "111", "700", "710", "711")
    fields.sort(key=lambda f: f.tag[0])
    by_name: dict[str, list[str]] = {}
    for f in fields:
        name = _name(f, f.tag)
        if not name:
            continue
        roles = _roles(f)
        if not roles and f.tag == "100" and textual:
            roles = [AUTHOR.label]
        known = by_name.setdefault(name, [])
        for role in roles:
            if role not in known:
                known.append(role)
    out = []
    for name, roles in by_name.items():
        entry = {"name": name}
        if roles:
            entry["role"] = ", ".join(roles)
        out.append(entry)
    return out


def _edition(record: Record) -> str:
    for f in record.get_fields("250"):
        text = _joined(f, "ab")
        text = _unbracket(re.sub(r"\s*[/:;=,]+$", "", text).strip())
        if text:
            return text
    return ""


def _imprint(record: Record) -> tuple[str, int | None]:
    fields = [f for f in record.get_fields("264") if f.indicator2 == "1"]
    fields += record.get_fields("260")
    fields += [f for f in record.get_fields("264") if f.indicator2 != "1"]
    publisher = ""
    year = None
    for f in fields:
        if not publisher:
            for value in _values(f, "b"):
                name = _unbracket(re.sub(r"\s*[/:;=,]+$", "", value))
                name = re.sub(r"\s*[/:;=,]+$", "", name)
                if name and not _SINE_NOMINE.match(name.strip("[]. ")):
                    publisher = name
                    break
        if year is None:
            for value in _values(f, "c"):
                year = _first_year(value)
                if year is not None:
                    break
    return publisher, year


def _first_year(text: str) -> int | None:
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if 1000 <= y <= date.today().year + 2:
            return y
    return None


def _year_008(c008: str) -> int | None:
    text = c008[7:11]
    if len(text) == 4 and text.isdigit() and text not in ("0000", "9999"):
        y = int(text)
        if 1000 <= y <= date.today().year + 2:
            return y
    return None


def _isbns(record: Record) -> tuple[list[str], list[str]]:
    return partition_isbns(v for f in record.get_fields("020") for v in _values(f, "a"))


def _languages(record: Record, c008: str) -> list[str]:
    codes = [c008[35:38]] if len(c008) >= 38 else []
    for f in record.get_fields("041"):
        for value in _values(f, "a"):
            codes.extend(split_marc_codes(value))
    out: list[str] = []
    for code in codes:
        add(out, language_code(code))
    return out


def _audience(rtype: str, serial: bool, c008: str) -> str | None:
    if rtype in ("a", "t") and serial:
        return None  # 008/22 of a continuing resource is the form of the original
    if rtype not in ("a", "t", "c", "d", "i", "j", "g", "k", "o", "r", "m"):
        return None
    return AUDIENCE.get(c008[22:23])


def _reading_forms(rtype: str, serial: bool, c008: str) -> list[str]:
    forms: list[str] = []
    if rtype in ("a", "t", "c", "d") and not serial:
        form = c008[23:24]
        if form == "d":
            forms.append("grote letter")
        elif form == "f":
            forms.append("braille")
    if rtype == "i":
        forms.append("gesproken")
    return forms


_HEADING_MAIN = {"600": "abcdqt", "610": "abt", "611": "acdnt", "630": "anpt",
                 "650": "ab", "651": "a", "655": "a"}


def _headings(record: Record, tags: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for f in record.get_fields(*tags):
        main_codes = _HEADING_MAIN.get(f.tag, "a")
        main: list[str] = []
        subdivisions: list[str] = []
        for sf in f.subfields:
            value = _space(_OLD_CATALOG.sub("", sf.value or ""))
            if not value:
                continue
            if sf.code and sf.code in main_codes and not subdivisions:
                main.append(value)
            elif sf.code in ("v", "x", "y", "z"):
                subdivisions.append(_strip_trailing(value))
        if not main:
            continue
        if f.tag == "610":  # corporate name and its units: "Catholic Church. Pope"
            head = ". ".join(_strip_trailing(m) for m in main)
        else:
            head = _strip_trailing(" ".join(main))
        heading = " ; ".join([head] + [s for s in subdivisions if s])
        add(out, heading)
    return out


def _series(record: Record) -> str:
    for tags, codes in ((("490",), "a"), (("440", "830", "800", "810", "811"), "anpt")):
        for f in record.get_fields(*tags):
            name = _strip_trailing(_joined(f, codes))
            if not name:
                continue
            volume = _strip_trailing(_joined(f, "v"))
            return f"{name} ; {volume}" if volume else name
    return ""


def _description(record: Record) -> str:
    texts = []
    for f in record.get_fields("520"):
        text = _joined(f, "ab")
        if text:
            texts.append(text)
    return " ".join(texts)


_NOT_THE_RESOURCE = re.compile(r"contents|inhoud|description|cover|omslag|sample|review|"
                               r"recensie|notice|publisher|biograph|fragment", re.I)


def _online_url(record: Record) -> str:
    for f in record.get_fields("856"):
        if f.indicator2 == "2":
            continue
        label = _joined(f, "3z")
        if label and _NOT_THE_RESOURCE.search(label):
            continue
        for url in _values(f, "u"):
            url = url.strip()
            if re.match(r"^(https?|ftp)://", url, re.I):
                return url
    return ""




def _cover_url(record: Record) -> str:
    """The first 856 $u whose label ($3, $y, $z) says it is a cover image (856 42 $3 "Cover image")."""
    for f in record.get_fields("856"):
        if not COVER_WORDS.search(_joined(f, "3yz")):
            continue
        for url in _values(f, "u"):
            url = url.strip()
            if re.match(r"^https?://", url, re.I):
                return url
    return ""


def _nur(record: Record) -> str:
    for f in record.get_fields("084"):
        if any(v.lower() == "nur" for v in _values(f, "2")):
            for value in _values(f, "a"):
                if value.strip():
                    return value.strip()
    return ""


def _holdings(record: Record, warnings_: list[str]) -> list[dict]:
    out = []
    for f in record.get_fields("852"):
        library = _joined(f, "a").strip()
        if not library:
            continue
        if not is_isil(library):
            warnings_.append(f"852 $a {library!r} is no ISIL (a library outside the network): holding left out")
            continue
        entry = {"library": library}
        branch = _joined(f, "b").strip()
        if branch:
            entry["branch"] = branch
        shelfmark = _joined(f, "khijm").strip()
        if shelfmark:
            entry["shelfmark"] = shelfmark
        out.append(entry)
    return out
