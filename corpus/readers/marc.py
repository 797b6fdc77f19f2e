"""MARC21 bibliographic records (ISO 2709 and MARCXML) to canonical catalogue records.

`read_marc(path)` reads ISO 2709 files (`.mrc`, `.marc`, `.iso`, `.dat`) and `read_marcxml(path)`
MARCXML files (`.xml`, a `<collection>` or single `<record>`s, any namespace prefix); both take
a file or a folder of them and yield canonical records or `Rejection`s, never raising for one bad
record (see `corpus.readers`).

Reading ISO 2709
    Records are framed by their leader's length and checked against the record terminator.
    When the length is wrong (a common export fault: lengths counted in characters instead of
    bytes) the record ends at its terminator instead, and a record that is cut short is rejected
    while reading picks up at the next well-formed leader, so one damaged record never takes its
    neighbours with it. When the directory's offsets do not match the field terminators but the
    number of fields does, the fields are read by their terminators (with a warning); otherwise
    the record is rejected with the reason. Character coding follows leader/09 (`a` = UTF-8,
    blank = MARC-8, converted with pymarc's MARC-8 tables); a record that says MARC-8 but is
    valid UTF-8 with multi-byte characters is read as UTF-8 (MARC-8 text is practically never
    valid UTF-8). Text encoded twice ("rÃ¶misch") is repaired (see `_repair_encoding`), and
    all text is put in Unicode NFC form. Every repair is named in the record's `_warnings`.

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
                2, and not a table of contents or cover); nur 084 $a with $2 nur
    holdings    852 $a library (ISIL or code), $b branch, $k $h $i $j $m shelfmark; an 852
                without $a is skipped (a holding needs its library)
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
import mmap
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date

from pymarc import Field, Indicators, Leader, Record, Subfield
from pymarc.marc8 import marc8_to_unicode

from corpus.isbn import partition_isbns
from corpus.languages import language_code, split_marc_codes
from corpus.materials import marc_material
from corpus.model import CatalogueRecord, Rejection
from corpus.readers import SourceError, checked
from corpus.readers.xmlsafe import XMLError, iter_elements, localname
from corpus.roles import AUTHOR, by_code, by_word

MARCXML_NS = "http://www.loc.gov/MARC21/slim"
BINARY_SUFFIXES = (".mrc", ".marc", ".iso", ".iso2709", ".dat")
XML_SUFFIXES = (".xml", ".marcxml")
MAX_MARCXML_BYTES = 50 * 1024

RT = 0x1D  # record terminator
FT = 0x1E  # field terminator
SF = 0x1F  # subfield delimiter

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
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LEADER_RE = re.compile(rb"\d{5}[^\x1d\x1e\x1f]{7}\d{5}[^\x1d\x1e\x1f]{7}")


class _Broken(Exception):
    """A record that cannot be decoded; the message is the reason."""


# --- public readers -------------------------------------------------------------------------

def read_marc(path: str) -> Iterator[CatalogueRecord | Rejection]:
    """Canonical records from an ISO 2709 file, or from every such file in a folder."""
    for name, file in _files(path, BINARY_SUFFIXES, "MARC (ISO 2709)"):
        yield from _read_binary_file(file, name)


def read_marcxml(path: str) -> Iterator[CatalogueRecord | Rejection]:
    """Canonical records from a MARCXML file, or from every .xml file in a folder."""
    for name, file in _files(path, XML_SUFFIXES, "MARCXML"):
        yield from _read_xml_file(file, name)


def read(path: str) -> Iterator[CatalogueRecord | Rejection]:
    """Either kind, chosen per file by its first bytes (ISO 2709 or XML)."""
    for name, file in _files(path, BINARY_SUFFIXES + XML_SUFFIXES, "MARC"):
        if _looks_like_xml(file):
            yield from _read_xml_file(file, name)
        else:
            yield from _read_binary_file(file, name)


def _files(path: str, suffixes: tuple[str, ...], what: str) -> list[tuple[str, str]]:
    if os.path.isfile(path):
        return [(os.path.basename(path), path)]
    if os.path.isdir(path):
        found = []
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for n in sorted(names):
                if not n.startswith(".") and n.lower().endswith(suffixes):
                    full = os.path.join(root, n)
                    found.append((os.path.relpath(full, path), full))
        if not found:
            raise SourceError(f"{path}: no {what} files ({', '.join(suffixes)}) in this folder")
        return found
    raise SourceError(f"{path}: no such file or folder")


def _looks_like_xml(file: str) -> bool:
    with open(file, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


# --- ISO 2709 ---------------------------------------------------------------------------------

def _read_binary_file(file: str, name: str) -> Iterator[CatalogueRecord | Rejection]:
    try:
        fh = open(file, "rb")  # noqa: SIM115 - closed by the with block below, after the error is reported
    except OSError as exc:
        yield Rejection(name, "file", f"cannot be read: {exc.strerror}")
        return
    with fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            yield Rejection(name, "file", "empty file: no MARC records")
            return
        buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            if _looks_like_xml(file):
                yield Rejection(name, "file", "this is an XML file, not ISO 2709 MARC; "
                                              "read it as the marcxml source kind")
                return
            for number, offset, chunk, problem in _frame(buf):
                position = f"record {number} (byte {offset})"
                try:
                    record, notes = _decode(chunk, problem)
                except _Broken as exc:
                    yield Rejection(name, position, f"broken MARC record: {exc}")
                    continue
                yield _finish(record, notes, name, position)
        finally:
            buf.close()


def _declared_length(buf, pos: int) -> int | None:
    digits = bytes(buf[pos:pos + 5])
    return int(digits) if len(digits) == 5 and digits.isdigit() else None


def _well_framed_at(buf, q: int, size: int) -> bool:
    """Is there a record at q whose leader length ends on a terminator after a directory?"""
    length = _declared_length(buf, q)
    if length is None or length < 26 or q + length > size or buf[q + length - 1] != RT:
        return False
    base = bytes(buf[q + 12:q + 17])
    if not base.isdigit():
        return False
    b = int(base)
    return 24 < b < length and buf[q + b - 1] == FT


def _frame(buf) -> Iterator[tuple[int, int, bytes, str | None]]:
    """Split a file into (record number, byte offset, bytes, framing problem or None)."""
    size = len(buf)
    pos = 0
    number = 0
    while pos < size:
        while pos < size and buf[pos] in b" \t\r\n\x00\x1a":
            pos += 1
        if pos >= size:
            break
        number += 1
        declared = _declared_length(buf, pos)
        if declared and declared >= 25 and pos + declared <= size and buf[pos + declared - 1] == RT:
            yield number, pos, bytes(buf[pos:pos + declared]), None
            pos += declared
            continue
        end = buf.find(b"\x1d", pos)
        limit = end + 1 if end >= 0 else size
        # A record cut short runs into the next one: find the next well-formed leader.
        nxt = None
        m = _LEADER_RE.search(buf, pos + 1, limit)
        while m:
            if _well_framed_at(buf, m.start(), size):
                nxt = m.start()
                break
            m = _LEADER_RE.search(buf, m.start() + 1, limit)
        if nxt is not None:
            yield number, pos, bytes(buf[pos:nxt]), (
                f"record is cut short: its leader gives {declared} bytes but the next record "
                f"starts after {nxt - pos}" if declared else
                f"no record length in the leader and the next record starts after {nxt - pos} bytes")
            pos = nxt
            continue
        if end < 0:
            problem = (f"record is cut short at the end of the file: its leader gives {declared} "
                       f"bytes, {size - pos} are there" if declared else
                       f"{size - pos} bytes at the end of the file are not a MARC record")
        else:
            problem = (f"the leader gives a length of {declared} bytes but the record ends after "
                       f"{limit - pos}" if declared else
                       "the leader has no record length")
        yield number, pos, bytes(buf[pos:limit]), problem
        pos = limit


def _decode(chunk: bytes, problem: str | None) -> tuple[Record, list[str]]:
    """Decode one framed record; raise _Broken with the reason when it cannot be read."""
    notes: list[str] = []
    if len(chunk) < 26 or chunk[-1] != RT:
        raise _Broken(problem or f"record of {len(chunk)} bytes has no record terminator")
    try:
        leader = chunk[:24].decode("ascii")
    except UnicodeDecodeError:
        raise _Broken(problem or "the leader is not ASCII") from None
    if problem:
        notes.append(f"record framing repaired: {problem}")
    base_text = leader[12:17]
    if not base_text.isdigit():
        raise _Broken(f"the leader's base address {base_text!r} is not a number")
    base = int(base_text)
    if not 24 < base < len(chunk) or chunk[base - 1] != FT:
        # The directory ends at the first field terminator; trust that when it is whole entries.
        end = chunk.find(b"\x1e", 24)
        if end > 24 and (end - 24) % 12 == 0:
            notes.append(f"the leader's base address {base} was wrong; the directory ends at {end + 1}")
            base = end + 1
            leader = leader[:12] + f"{base:05d}" + leader[17:]
            chunk = leader.encode("ascii") + chunk[24:]
        else:
            raise _Broken(f"the leader's base address {base} does not point past the directory")
    directory = chunk[24:base - 1]
    if len(directory) % 12:
        raise _Broken(f"the directory is {len(directory)} bytes, not a multiple of 12")
    entries = []
    for i in range(0, len(directory), 12):
        entry = directory[i:i + 12]
        tag, length, offset = entry[:3], entry[3:7], entry[7:12]
        if not (length.isdigit() and offset.isdigit()) or not tag.isalnum():
            raise _Broken(f"directory entry {i // 12 + 1} ({entry.decode('latin-1')!r}) "
                          f"is not a tag, length and offset")
        entries.append((tag, int(length), int(offset)))
    if not entries:
        raise _Broken("the directory lists no fields")
    data_end = len(chunk) - 1  # before the record terminator
    aligned = all(
        base + off + ln <= data_end and ln > 0 and chunk[base + off + ln - 1] == FT
        for _tag, ln, off in entries
    )
    if aligned:
        pieces = [chunk[base + off:base + off + ln - 1] for _tag, ln, off in entries]
    else:
        pieces = chunk[base:data_end].split(b"\x1e")
        if pieces and pieces[-1] == b"":
            pieces.pop()
        if len(pieces) != len(entries):
            raise _Broken(f"the directory lists {len(entries)} fields at offsets that do not "
                          f"match the data, which holds {len(pieces)} fields")
        notes.append("the directory's field lengths did not match the data; "
                      "fields were read by their terminators")

    # Character coding: leader/09 'a' is UTF-8, anything else MARC-8 (plain ASCII needs no
    # converter; valid multi-byte UTF-8 under a MARC-8 label is UTF-8).
    body = chunk[base:data_end]
    utf8 = leader[9] == "a"
    mislabelled = False
    if not utf8 and not body.isascii() and _is_multibyte_utf8(body):
        utf8 = mislabelled = True
        notes.append("leader/09 says MARC-8 but the record is UTF-8; read as UTF-8")
    if utf8 and not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            notes.append("invalid UTF-8 bytes were replaced")
    text = _utf8_text if utf8 else _marc8_text

    record = Record()
    record.leader = Leader(leader)
    odd_indicators = odd_codes = 0
    for (tag_bytes, _ln, _off), piece in zip(entries, pieces):
        tag = tag_bytes.decode("ascii")
        if tag < "010" and tag.isdigit():
            record.add_field(Field(tag=tag, data=piece.decode("utf-8" if utf8 else "latin-1",
                                                              "replace")))
            continue
        head, *subs = piece.split(b"\x1f")
        indicators = head.decode("latin-1")
        if len(indicators) != 2:
            odd_indicators += 1
            indicators = (indicators + "  ")[:2]
        subfields = []
        for sub in subs:
            if not sub:
                continue
            if sub[0] < 0x80:
                code, value = chr(sub[0]), sub[1:]
            else:  # a non-ASCII subfield code: take the first character as the code
                odd_codes += 1
                first = text(sub[:4])[:1] or "?"
                code, value = first, sub[len(first.encode("utf-8" if utf8 else "latin-1")):]
            subfields.append(Subfield(code=code, value=text(value)))
        record.add_field(Field(tag=tag, indicators=Indicators(indicators[0], indicators[1]),
                               subfields=subfields))
    if odd_indicators:
        notes.append(f"{odd_indicators} field(s) with malformed indicators, read as blanks")
    if odd_codes:
        notes.append(f"{odd_codes} malformed subfield code(s)")
    repaired = _repair_encoding(record, labelled_marc8=mislabelled)
    if repaired:
        notes.append(repaired)
    return record, notes


def _utf8_text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _marc8_text(value: bytes) -> str:
    if value.isascii() and b"\x1b" not in value:
        return value.decode("ascii")
    return marc8_to_unicode(value, True)


def _is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strings(record: Record) -> list[tuple[object, str, str]]:
    """(owner, attribute, text) for every text in the record, to read or replace."""
    out: list[tuple[object, str, str]] = []
    for field in record.fields:
        if field.is_control_field():
            out.append((field, "data", field.data or ""))
        else:
            for i, sf in enumerate(field.subfields):
                out.append((field, str(i), sf.value or ""))
    return out


def _set(owner, attr: str, value: str) -> None:
    if attr == "data":
        owner.data = value
    else:
        i = int(attr)
        owner.subfields[i] = Subfield(code=owner.subfields[i].code, value=value)


def _repair_encoding(record: Record, labelled_marc8: bool) -> str | None:
    """Undo a second encoding pass, then put every text in NFC (composed) form.

    Two export faults are common: UTF-8 text encoded as UTF-8 a second time ("rÃ¶misch"), and
    MARC-8 bytes converted as if they were Latin-1 ("Mèuller" for "Müller"). Both leave only
    Latin-1 characters behind. The first is undone when every text decodes as UTF-8 again; the
    second only for a record whose leader says MARC-8 and when the MARC-8 reading leaves no
    stray combining marks (which a genuine "très" would).
    """
    items = _strings(record)
    note = None
    texts = [t for _o, _a, t in items]
    if "".join(texts).isascii():
        return None
    high = {c for t in texts if not t.isascii() for c in t if ord(c) > 0x7F}
    if high and all(ord(c) <= 0xFF for c in high):
        try:
            fixed = [t.encode("latin-1").decode("utf-8") for t in texts]
        except UnicodeDecodeError:
            fixed = None
        if fixed is None and labelled_marc8:
            candidate = [unicodedata.normalize("NFC", marc8_to_unicode(t.encode("latin-1"), True))
                         if any(ord(c) > 0x7F for c in t) else t for t in texts]
            if not any(unicodedata.combining(c) for t in candidate for c in t):
                fixed = candidate
                note = "MARC-8 text had been converted as Latin-1; repaired"
        elif fixed is not None:
            note = "text had been encoded as UTF-8 twice; repaired"
        if fixed is not None and fixed != texts:
            texts = fixed
        else:
            note = None
    for (owner, attr, old), new in zip(items, texts):
        if not unicodedata.is_normalized("NFC", new):
            new = unicodedata.normalize("NFC", new)
        if new != old:
            _set(owner, attr, new)
    return note


# --- MARCXML ----------------------------------------------------------------------------------

def _read_xml_file(file: str, name: str) -> Iterator[CatalogueRecord | Rejection]:
    number = 0
    try:
        for elem in iter_elements(file, (f"{{{MARCXML_NS}}}record", "record")):
            if not any(localname(c) in _MARC_CHILDREN for c in elem):
                continue  # a wrapper that happens to be called "record", not a MARC record
            number += 1
            line = elem.sourceline
            position = f"record {number}" + (f" (line {line})" if line else "")
            yield from_marcxml_element(elem, name, position)
    except XMLError as exc:
        where = f"after record {number}" if number else "file"
        yield Rejection(name, where, str(exc).removeprefix(f"{os.path.basename(file)}: "))
        return
    if number == 0:
        yield Rejection(name, "file", "no MARCXML <record> elements in this file")


_MARC_CHILDREN = frozenset({"leader", "controlfield", "datafield"})


def from_marcxml_element(elem, file: str, position: str) -> CatalogueRecord | Rejection:
    """One MARCXML <record> element (any namespace prefix) as a canonical record or Rejection.

    For readers that find MARCXML inside other XML (OAI-PMH `marc21`, SRU `marcxml`); parse
    the surrounding document with `corpus.readers.xmlsafe`.
    """
    try:
        record, notes = _record_from_xml(elem)
    except _Broken as exc:
        return Rejection(file, position, f"broken MARCXML record: {exc}")
    return _finish(record, notes, file, position)


def _record_from_xml(elem) -> tuple[Record, list[str]]:
    notes: list[str] = []
    record = Record()
    leader_text = None
    for child in elem:
        kind = localname(child)
        if kind == "leader":
            leader_text = child.text or ""
        elif kind == "controlfield":
            tag = (child.get("tag") or "").strip()
            if tag:
                record.add_field(Field(tag=tag, data=child.text or ""))
        elif kind == "datafield":
            tag = (child.get("tag") or "").strip()
            if not tag:
                continue
            ind1 = (child.get("ind1") or " ")[:1] or " "
            ind2 = (child.get("ind2") or " ")[:1] or " "
            subfields = [
                Subfield(code=(sf.get("code") or " ")[:1] or " ", value=sf.text or "")
                for sf in child if localname(sf) == "subfield"
            ]
            record.add_field(Field(tag=tag, indicators=Indicators(ind1, ind2), subfields=subfields))
    if leader_text is None:
        notes.append("no leader; a blank one was assumed")
        leader_text = "     nam a22     uu 4500"
    if len(leader_text) != 24:
        notes.append(f"leader has {len(leader_text)} characters instead of 24")
        leader_text = (leader_text + " " * 24)[:24]
    record.leader = Leader(leader_text)
    if not record.fields:
        raise _Broken("the record has no fields")
    repaired = _repair_encoding(record, labelled_marc8=False)
    if repaired:
        notes.append(repaired)
    return record, notes


# --- from a pymarc Record to the canonical record ------------------------------------------

def _finish(record: Record, notes: list[str], name: str, position: str) -> CatalogueRecord | Rejection:
    try:
        raw = to_canonical(record, notes)
    except _Broken as exc:
        return Rejection(name, position, str(exc))
    return checked(raw, name, position)


def to_canonical(record: Record, notes: list[str] | None = None) -> CatalogueRecord:
    """Map one pymarc Record to a canonical catalogue record (not yet validated)."""
    warnings_: list[str] = list(notes or [])
    leader = _blank(str(record.leader))
    rtype = leader[6:7]
    level = leader[7:8]
    c008 = _blank(_control_008(record))
    c007 = _blank(_control(record, "007")).lower()

    if rtype in ("q", "w", "z") or (rtype in ("u", "v", "x", "y") and not record.get_fields("245")):
        kinds = {"q": "community information", "w": "classification", "z": "authority"}
        raise _Broken(f"not a bibliographic record (leader/06 {rtype!r}: "
                      f"{kinds.get(rtype, 'holdings')} record)")
    if rtype in ("u", "v", "x", "y"):
        warnings_.append(f"leader/06 {rtype!r} marks a holdings record; read as bibliographic")

    rid, ppn = _identifier(record)
    if not rid:
        rid = _content_id(record)
        if not rid:
            raise _Broken("no record number (001 or 035) and no title to derive an id from")
        warnings_.append("no record number (001 or 035); the id is derived from the title, "
                         "names and imprint")
    rec: dict = {"type": "catalogue", "id": rid, "source_format": "marc"}
    if ppn:
        rec["ppn"] = ppn

    links = _linked_880s(record)
    alt_titles: list[str] = []

    title, subtitle, parallel = _title(record.get_fields("245"))
    if not title:
        for tag in ("130", "240", "246", "740"):
            fields = record.get_fields(tag)
            if fields and _clean_title(_joined(fields[0], "anp")):
                title = _clean_title(_joined(fields[0], "anp"))
                warnings_.append(f"no title in 245; the title comes from {tag}")
                break
    if title:
        rec["title"] = title
    if subtitle:
        rec["subtitle"] = subtitle
    alt_titles.extend(parallel)
    for f in record.get_fields("246", "740"):
        t = _clean_title(_joined(f, "anpb" if f.tag == "246" else "anp"))
        if t:
            alt_titles.append(t)

    title_original = []
    for f in links.get("245", []):
        t, s, par = _title([f])
        if t:
            full = f"{t} : {s}" if s else t
            title_original.append(full)
            alt_titles.append(full)
            alt_titles.extend(par)
    for f in links.get("246", []) + links.get("740", []):
        t = _clean_title(_joined(f, "anp"))
        if t:
            alt_titles.append(t)
    if title_original:
        rec["title_original"] = _unique(title_original)
    alt_titles = [t for t in _unique(alt_titles) if t != title]
    if alt_titles:
        rec["alt_titles"] = alt_titles

    authors = _authors(record, textual=rtype in ("a", "t", "i"))
    if authors:
        rec["authors"] = authors
    originals = []
    for tag in ("100", "110", "111", "700", "710", "711"):
        for f in links.get(tag, []):
            name = _name(f, tag)
            if name:
                originals.append(name)
    if originals:
        rec["authors_original"] = _unique(originals)
        rec["alt_authors"] = _unique(originals)

    edition = _edition(record)
    if edition:
        rec["edition"] = edition
    publisher, year = _imprint(record)
    if publisher:
        rec["publisher"] = publisher
    if year is None:
        year = _year_008(c008)
    if year is not None:
        rec["year"] = year

    isbns, bad = _isbns(record)
    if isbns:
        rec["isbn"] = isbns
    warnings_.extend(f"invalid ISBN '{b}'" for b in bad)

    languages = _languages(record, c008)
    if languages:
        rec["language"] = languages

    rec["material"] = marc_material(leader, c007, c008)
    serial = level in ("s", "b", "i")
    audience = _audience(rtype, serial, c008)
    if audience:
        rec["audience"] = audience
    forms = _reading_forms(rtype, serial, c008)
    if forms:
        rec["reading_form"] = forms

    subjects = _headings(record, ("600", "610", "611", "630", "650", "651"))
    if subjects:
        rec["subjects"] = subjects
    genre = _headings(record, ("655",))
    if rtype in ("a", "t") and not serial:
        form = LITERARY_FORM.get(c008[33:34])
        if form and form not in genre:
            genre.append(form)
    if genre:
        rec["genre"] = genre
    series = _series(record)
    if series:
        rec["series"] = series
    description = _description(record)
    if description:
        rec["description"] = description
    url = _online_url(record)
    if url:
        rec["online_url"] = url
    nur = _nur(record)
    if nur:
        rec["nur"] = nur
    holdings = _holdings(record)
    if holdings:
        rec["holdings"] = holdings

    xml = to_marcxml(record)
    if len(xml.encode("utf-8")) < MAX_MARCXML_BYTES:
        rec["_marcxml"] = xml
    if warnings_:
        rec["_warnings"] = _unique(warnings_)
    return rec


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
        if item and item not in out:
            out.append(item)
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
        lang = language_code(code)
        if lang and lang not in out:
            out.append(lang)
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
        if heading and heading not in out:
            out.append(heading)
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


def _nur(record: Record) -> str:
    for f in record.get_fields("084"):
        if any(v.lower() == "nur" for v in _values(f, "2")):
            for value in _values(f, "a"):
                if value.strip():
                    return value.strip()
    return ""


def _holdings(record: Record) -> list[dict]:
    out = []
    for f in record.get_fields("852"):
        library = _joined(f, "a").strip()
        if not library:
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


# --- MARCXML output ---------------------------------------------------------------------------

def _xml_escape(text: str) -> str:
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub("\ufffd", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def to_marcxml(record: Record) -> str:
    """The record as a MARCXML <record> element (text, no XML declaration)."""
    out = [f'<record xmlns="{MARCXML_NS}"><leader>{_xml_escape(str(record.leader))}</leader>']
    for field in record.fields:
        tag = _xml_escape(field.tag)
        if field.is_control_field():
            out.append(f'<controlfield tag="{tag}">{_xml_escape(field.data or "")}</controlfield>')
            continue
        ind1 = _xml_escape((field.indicator1 or " ")[:1] or " ")
        ind2 = _xml_escape((field.indicator2 or " ")[:1] or " ")
        out.append(f'<datafield tag="{tag}" ind1="{ind1}" ind2="{ind2}">')
        for sf in field.subfields:
            out.append(f'<subfield code="{_xml_escape(sf.code or " ")}">'
                       f'{_xml_escape(sf.value or "")}</subfield>')
        out.append("</datafield>")
    out.append("</record>")
    return "".join(out)


__all__ = ["from_marcxml_element", "read", "read_marc", "read_marcxml", "to_canonical", "to_marcxml"]
