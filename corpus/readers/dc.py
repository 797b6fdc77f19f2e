"""Dublin Core XML (the contract's `dc` kind).

Three shapes are read, in one file or a folder of `.xml` files:

* OAI-PMH responses (`ListRecords`, `GetRecord`) with `oai_dc` metadata; a header with
  `status="deleted"` becomes a `Delete`;
* SRU responses (`srw_dc`), including the KB's `dcx` dialect: typed titles (`dcx:maintitle`,
  `dcx:subtitle`), creators with `dcx:role` relator codes, `dc:subject xsi:type=...` for Brinkman,
  NUR, UNESCO, BCL, GOO and `dcx:doctype` (Fictie/Non-fictie, Volwassenen/Jeugd), ISBN-10/13,
  PPN in the resolver/OPC links, OCLC numbers, `mods:edition`, `dcx:annotation`;
  a `dc:relation` that is a cover image (typed or labelled as one, or an image file's address)
  gives `cover_url`, fetched by the server through its cover allow-list;
* a plain file of `<record>`s or `<oai_dc:dc>`/`<srw_dc:dc>` elements.

A record is any element with Dublin Core children, so unknown wrappers are fine. Every element
is matched on its local name (DC 1.1 and DC terms alike) and `xsi:type` on its local part, so
`dcterms:ISBN`, `ISBN` and `dcx:ISBN` mean the same.

Ids: `ppn:<PPN>` when the PPN is known, else `dc:<identifier>`. Inside an OAI-PMH envelope the
id comes from the header identifier (`ppn:<PPN>` when the identifier carries one, else
`dc:<header identifier>`), so that a later `deleted` header for the same record yields the
same id; the PPN from the metadata is still kept in the `ppn` field.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

from lxml import etree

from corpus.isbn import normalise_isbn
from corpus.languages import language_code
from corpus.materials import ONLINE_WORDS, dc_material, dc_reading_forms, mentions
from corpus.model import CatalogueRecord, Delete, Rejection
from corpus.readers import SourceError, checked
from corpus.readers.common import COVER_WORDS, add, put
from corpus.readers.xmlsafe import BadXMLError, UnsafeXMLError, parse_xml
from corpus.roles import AUTHOR, by_code, by_word

__all__ = [
    "OAI_ID_PREFIX",
    "OAI_NS",
    "OAIRecord",
    "audience_from_text",
    "find_ppn",
    "language_code",
    "map_record",
    "oai_record_id",
    "oai_records",
    "read",
    "read_document",
    "split_title",
    "vindplaats_oai_identifier",
]

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
MARCREL_NS = "http://www.loc.gov/loc.terms/relators/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SRU_NAMESPACES = (
    "http://www.loc.gov/zing/srw/",
    "http://docs.oasis-open.org/ns/search-ws/sruResponse",
)
SRU_DIAG_NS = (
    "http://www.loc.gov/zing/srw/diagnostic/",
    "http://docs.oasis-open.org/ns/search-ws/diagnostic",
)

_PPN_PATTERNS = (
    re.compile(r"(?i)\bPPN\s*[=:/_ ]\s*(\d{8}[\dXx])\b"),
    re.compile(r"(?i)/ppn/(\d{8}[\dXx])\b"),
)
_PPN_ONLY = re.compile(r"^\s*(\d{8}[\dXx])\s*$")
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")
_ISBN_PREFIX = re.compile(r"(?i)^\s*(?:urn:)?isbn[\s:]*")
_BARE_ISBN = re.compile(r"^(?:97[89][\d-]{10,14}|\d{1,5}-\d{1,7}-\d{1,7}-[\dXx])$")
_OCLC = re.compile(r"(?i)^\s*(?:\(ocolc\)|ocolc|oclc|info:oclcnum/)[\s:]*0*(\d+)\s*$")
_COPY_NOTE = re.compile(r"(?i)^exemplaar met signatuur")
_ISNI = re.compile(r"\s*\(ISNI[^)]*\)")
_AGE = re.compile(r"(?i)\bvanaf\s+(?:ca\.?\s*)?(\d{1,2})(?:\s*(?:t/m|tot|-)\s*\d{1,2})?\s*jaar")
_AGE_RANGE = re.compile(r"^\s*(?:jeugd\s*)?(\d{1,2})\s*[-–]\s*(\d{1,2})(?:\s*jaar)?\s*$", re.I)

# subject types that are shelf or classification codes, not subject headings
_CLASSIFICATION_TYPES = {"kb", "kbthes", "udc", "ddc", "siso", "sisoclass", "lcc", "nbc", "zcode"}
_CATALOGUE_HOSTS = ("resolver.kb.nl", "opc4.kb.nl", "picarta.pica.nl", "opc-kb.oclc.org")


# --------------------------------------------------------------------------------------------
# Small helpers shared with the other readers

def split_title(text: str) -> tuple[str, str | None]:
    """ISBD title statement -> (title, subtitle): drops " / responsibility", splits at " : "."""
    text = " ".join(text.split())
    if " / " in text:
        text = text.split(" / ", 1)[0]
    text = text.rstrip(" /:;,")
    if " : " in text:
        title, sub = text.split(" : ", 1)
        return title.strip(), (sub.strip(" /:;,") or None)
    return text, None


def _band(age: int) -> str:
    if age <= 3:
        return "0-3"
    if age <= 6:
        return "4-6"
    if age <= 9:
        return "7-9"
    if age <= 12:
        return "10-12"
    if age <= 15:
        return "13-15"
    if age < 18:
        return "16-18"
    return "volwassenen"


def audience_from_text(text: str, sentence_only: bool = False) -> str | None:
    """A canonical audience from "Volwassenen", "13-15", "Vanaf ca. 7 jaar" and the like.

    With `sentence_only` only an age phrase inside running text counts (summaries).
    """
    if not text:
        return None
    m = _AGE.search(text)
    if m:
        return _band(int(m.group(1)))
    if sentence_only:
        return None
    low = " ".join(text.lower().split()).strip(" .")
    if low in ("volwassenen", "volwassene", "adults", "adult", "volw", "volw."):
        return "volwassenen"
    m = _AGE_RANGE.match(low)
    if m:
        band = f"{int(m.group(1))}-{int(m.group(2))}"
        if band in ("0-3", "4-6", "7-9", "10-12", "13-15", "16-18"):
            return band
        return _band(int(m.group(1)))
    return None


def find_ppn(text: str | None) -> str | None:
    """The PPN in a resolver/OPC link, an OAI identifier or a bare PPN-typed value."""
    if not text:
        return None
    for pat in _PPN_PATTERNS:
        m = pat.search(text)
        if m:
            return m.group(1).upper()
    return None


# Vindplaats's own OAI-PMH provider names a record `oai:vindplaats:<id>` (the id quoted as in its
# URLs): harvested from another Vindplaats, a record keeps its id.
OAI_ID_PREFIX = "oai:vindplaats:"


def vindplaats_oai_identifier(record_id: str) -> str:
    """The OAI-PMH identifier of a record in Vindplaats's own provider."""
    return OAI_ID_PREFIX + quote(record_id, safe=":")


def oai_record_id(identifier: str) -> str:
    """The canonical id for an OAI-PMH header identifier (used for records and deletes alike)."""
    identifier = identifier.strip()
    if identifier.startswith(OAI_ID_PREFIX) and len(identifier) > len(OAI_ID_PREFIX):
        return unquote(identifier[len(OAI_ID_PREFIX):])
    ppn = find_ppn(identifier)
    return f"ppn:{ppn}" if ppn else f"dc:{identifier.strip()}"


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _xsi_type(el: etree._Element) -> str:
    value = el.get(XSI_TYPE) or ""
    return value.rsplit(":", 1)[-1].strip().lower()


def _attr(el: etree._Element, local: str) -> str | None:
    for key, value in el.attrib.items():
        if _local(key) == local:
            return value.strip() or None
    return None


# --------------------------------------------------------------------------------------------
# Mapping one Dublin Core record element: first the elements are sorted into `_Fields` by what
# they say (`_collect`), then each canonical field is read from those (`map_record`).

@dataclass
class _Fields:
    main_titles: list[str] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    authors: list[tuple[str, str | None]] = field(default_factory=list)
    publishers: list[tuple[str, bool]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    record_identifiers: list[str] = field(default_factory=list)
    languages: list[tuple[str, str | None, str]] = field(default_factory=list)
    subjects: list[tuple[str, str]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    extents: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    annotations: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)


def _relator(code: str) -> str:
    """The role of a relator code (dcx:role, marcrel:*); an unknown code is kept as written."""
    known = by_code(code)
    return known.label if known else code.lower()


def _person(text: str, role: str | None) -> tuple[str, str | None]:
    name = text.strip().rstrip(",;:/ ")
    m = re.search(r"\s*\(([^()]*)\)$", name)
    if m:
        known = by_word(m.group(1))  # "Westendorp, Fiep (ill.)"
        if known:
            role = role or known.label
            name = name[: m.start()].strip()
    if name.endswith(".") and not re.search(r"\b\w\.$", name):
        name = name[:-1]
    return name, role


# One collector per element (by local name): (fields, element, text, xsi:type local part).

def _title_element(f: _Fields, el: etree._Element, text: str, xtype: str) -> None:
    if xtype == "subtitle":
        f.subtitles.append(text)
    elif xtype in ("", "maintitle", "title"):
        f.main_titles.append(text)
    else:
        f.alternatives.append(text)


def _person_element(f: _Fields, el: etree._Element, text: str, xtype: str) -> None:
    code = (_attr(el, "role") or "").lower()
    person, role = _person(text, None)
    if code:
        role = _relator(code)
    elif role is None and _local(el.tag) == "creator":
        role = AUTHOR.label  # the main entry: the one primarily responsible
    f.authors.append((person, role))


def _annotation_element(f: _Fields, el: etree._Element, text: str, xtype: str) -> None:
    if not _attr(el, "label") and not _COPY_NOTE.match(text):  # not a copy's shelf note
        f.annotations.append(text)


def _part_of_element(f: _Fields, el: etree._Element, text: str, xtype: str) -> None:
    if xtype != "collectionidentifier":
        f.series.append(text)


# A dc:relation is a cover when it says so (xsi:type or a label such as "cover", "omslag",
# "thumbnail") or is a web address of an image file; any other relation is some other resource.
_IMAGE_PATH = re.compile(r"\.(jpe?g|png|gif|webp)$", re.I)


def _relation_element(f: _Fields, el: etree._Element, text: str, xtype: str) -> None:
    url = text.strip()
    if not re.match(r"https?://\S+$", url, re.I):
        return
    said = " ".join(filter(None, (xtype, _attr(el, "label"), _attr(el, "type"))))
    if COVER_WORDS.search(said) or _IMAGE_PATH.search(url.split("?", 1)[0]):
        f.covers.append(url)


def _into(attr: str) -> Callable[[_Fields, etree._Element, str, str], None]:
    def collect(f: _Fields, el: etree._Element, text: str, xtype: str) -> None:
        getattr(f, attr).append(text)
    return collect


_COLLECTORS: dict[str, Callable[[_Fields, etree._Element, str, str], None]] = {
    "title": _title_element,
    "alternative": _into("alternatives"),
    "creator": _person_element,
    "contributor": _person_element,
    "publisher": lambda f, el, text, xtype: f.publishers.append((text, _attr(el, "recordIdentifier") is not None)),
    "date": _into("dates"), "issued": _into("dates"), "created": _into("dates"),
    "identifier": lambda f, el, text, xtype: f.identifiers.append((xtype, text)),
    "recordIdentifier": _into("record_identifiers"),
    "language": lambda f, el, text, xtype: f.languages.append((xtype, el.get(XML_LANG), text)),
    "subject": lambda f, el, text, xtype: f.subjects.append((xtype, text)),
    "type": _into("types"),
    "format": _into("formats"), "medium": _into("formats"),
    "extent": _into("extents"),
    "description": _into("descriptions"), "abstract": _into("descriptions"),
    "annotation": _annotation_element,
    "edition": lambda f, el, text, xtype: f.editions.append(re.sub(r"^\d+#", "", text).strip()),
    "isPartOf": _part_of_element,
    "relation": _relation_element,
    "audience": _into("audiences"), "educationLevel": _into("audiences"),
}


def _collect(container: etree._Element) -> _Fields:
    f = _Fields()
    for el in container:
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions
        text = _text(el)
        if not text:
            continue
        qn = etree.QName(el)
        if qn.namespace == MARCREL_NS:  # <marcrel:ill>Name</marcrel:ill>
            f.authors.append(_person(text, _relator(qn.localname)))
            continue
        collector = _COLLECTORS.get(qn.localname)
        if collector:
            collector(f, el, text, _xsi_type(el))
    return f


@dataclass
class _Identifiers:
    ppn: str | None = None
    isbns: list[str] = field(default_factory=list)
    bad_isbns: list[str] = field(default_factory=list)
    oclc: str | None = None
    nbn: str | None = None
    brinkman: str | None = None
    online_url: str | None = None
    others: list[str] = field(default_factory=list)


def _isbn_identifier(ids: _Identifiers, xtype: str, text: str) -> bool:
    if not (xtype == "isbn" or _ISBN_PREFIX.match(text) or (not xtype and _BARE_ISBN.match(text))):
        return False
    raw = re.sub(r"\s*\(.*?\)\s*$", "", _ISBN_PREFIX.sub("", text)).strip()
    isbn = normalise_isbn(raw)
    if isbn:
        add(ids.isbns, isbn)
    else:
        add(ids.bad_isbns, text)
    return True


def _number_identifier(ids: _Identifiers, xtype: str, text: str) -> bool:
    """A PPN, OCLC number, NBN or Brinkman number (the first of each counts)."""
    if xtype == "ppn":
        m = _PPN_ONLY.match(text)
        ids.ppn = ids.ppn or (m.group(1).upper() if m else find_ppn(text))
    elif xtype in ("oclc", "ocolc"):
        ids.oclc = ids.oclc or (re.sub(r"\D", "", text).lstrip("0") or None)
    elif _OCLC.match(text):
        ids.oclc = ids.oclc or _OCLC.match(text).group(1)
    elif xtype == "nbn" or text.lower().startswith("urn:nbn:"):
        ids.nbn = ids.nbn or text
    elif xtype == "brinkman":
        ids.brinkman = ids.brinkman or text
    elif find_ppn(text):  # a resolver or OPC link
        ids.ppn = ids.ppn or find_ppn(text)
    else:
        return False
    return True


def _identifiers(f: _Fields, header_identifier: str | None) -> _Identifiers:
    ids = _Identifiers(ppn=find_ppn(header_identifier) if header_identifier else None)
    for xtype, text in f.identifiers:
        if _isbn_identifier(ids, xtype, text) or _number_identifier(ids, xtype, text):
            continue
        if text.lower().startswith(("http://", "https://")):
            ids.online_url = ids.online_url or text
        ids.others.append(text)
    for text in f.record_identifiers:
        ids.ppn = ids.ppn or find_ppn(text)
    return ids


def _record_id(ids: _Identifiers, header_identifier: str | None) -> str | None:
    if header_identifier:
        return oai_record_id(header_identifier)
    if ids.ppn:
        return f"ppn:{ids.ppn}"
    if ids.others:
        return f"dc:{ids.others[0]}"
    return f"dc:isbn:{ids.isbns[0]}" if ids.isbns else None


def _titles(f: _Fields) -> tuple[str | None, str | None, list[str]]:
    """(title, subtitle, other titles): typed main and subtitles, else an ISBD title statement."""
    title = subtitle = None
    if f.main_titles:
        title, subtitle = split_title(f.main_titles[0])
        if f.subtitles:
            subtitle = " : ".join(s.strip(" /:;,") for s in f.subtitles)
    elif f.alternatives:
        title, subtitle = split_title(f.alternatives[0])
    return title, subtitle, [a for a in f.alternatives if a != title]


def _authors(f: _Fields) -> list[dict]:
    authors: list[dict] = []
    seen: set[str] = set()
    for name, role in f.authors:
        if name and name not in seen:
            seen.add(name)
            authors.append({"name": name, "role": role} if role else {"name": name})
    return authors


def _publisher(f: _Fields) -> tuple[str | None, str | None]:
    if not f.publishers:
        return None, None
    plain = [t for t, authority in f.publishers if not authority]
    text = (plain or [f.publishers[0][0]])[0]
    place = None
    if " : " in text:
        place, text = text.split(" : ", 1)
    name = text.strip(" []").split(", [", 1)[0]
    name = re.sub(r"\s*,\s*(?:cop\.\s*)?\[?\d{4}\]?\s*$", "", name).strip(" [],")
    place = place.strip(" []") if place else None
    return name or None, place or None


def _year(f: _Fields) -> int | None:
    for text in f.dates:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


def _languages(f: _Fields) -> list[str]:
    """Typed codes first; names (in Dutch or English, or untagged) only when no code is given."""
    langs: list[str] = []
    for xtype, _lang, text in f.languages:
        if xtype.startswith("iso639") or xtype in ("rfc1766", "rfc3066", "rfc4646", "rfc5646"):
            add(langs, language_code(text))
    if not langs:
        for _xtype, lang, text in f.languages:
            if not lang or lang.lower().startswith(("nl", "en")):
                add(langs, language_code(text))
    return langs


@dataclass
class _Subjects:
    subjects: list[str] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    audience: str | None = None
    audience_labels: list[str] = field(default_factory=list)
    nur: str | None = None
    bcl: list[str] = field(default_factory=list)

    def audience_or_label(self, text: str) -> None:
        a = audience_from_text(text)
        if a:
            self.audience = self.audience or a
        else:
            add(self.audience_labels, text)


def _doctype(s: _Subjects, text: str) -> None:
    """dcx:doctype: Fictie/Non-fictie (genre), an audience, or a genre of its own."""
    low = text.lower().strip()
    if low in ("fictie", "non-fictie", "nonfictie", "non fictie"):
        add(s.genres, "Fictie" if low == "fictie" else "Non-fictie")
    elif audience_from_text(text):
        s.audience = s.audience or audience_from_text(text)
    elif low in ("jeugd", "jeugdboek", "kinderen", "jongeren"):
        add(s.audience_labels, text.strip())
    else:
        add(s.genres, text.strip())


def _subject(s: _Subjects, xtype: str, text: str) -> None:
    if xtype == "nur":
        code = re.match(r"\d{3}", text.strip())
        s.nur = s.nur or (code.group() if code else None)
    elif xtype == "doctype":
        _doctype(s, text)
    elif xtype == "bcl":
        m = re.match(r"^\s*(\d{2}\.\d{2})\s+(.*)$", text)
        if m:
            s.bcl.append(m.group(1))
        add(s.subjects, m.group(2).strip() if m else text)
    elif xtype == "person":
        add(s.subjects, _ISNI.sub("", text).strip())
    elif xtype not in _CLASSIFICATION_TYPES:  # Brinkman, UNESCO, GOO, plain subjects, any thesaurus
        add(s.subjects, text.replace("@", "").strip())


def _subjects(f: _Fields) -> _Subjects:
    """Subjects, NUR, BCL, genres and the audience from dc:subject (by xsi:type) and dc:audience;
    without either, an age phrase in the summary ("vanaf 7 jaar") gives the audience."""
    s = _Subjects()
    for xtype, text in f.subjects:
        _subject(s, xtype, text)
    for text in f.audiences:
        s.audience_or_label(text)
    for text in f.descriptions if not s.audience else ():
        s.audience = s.audience or audience_from_text(text, sentence_only=True)
    return s


def _material(f: _Fields) -> tuple[str, list[str], bool]:
    """(material, reading forms, online) from dc:type, dc:format/dcterms:medium and the extent,
    by the words corpus.materials declares for each."""
    text = " | ".join(t.lower() for t in f.types + f.formats + f.extents)
    return dc_material(text), dc_reading_forms(text), mentions(text, ONLINE_WORDS)


def _online_url(url: str | None, material: str, online: bool) -> str | None:
    """A web address is the place to read or hear the item only when the item is online (not the
    catalogue's own page)."""
    if url and (online or material in ("website", "databank", "podcast")) \
            and not any(h in url for h in _CATALOGUE_HOSTS):
        return url
    return None


def map_record(container: etree._Element, header_identifier: str | None = None) -> CatalogueRecord:
    """One Dublin Core record element -> a raw canonical record (validate it with `checked`)."""
    f = _collect(container)
    rec: dict[str, Any] = {"type": "catalogue"}
    ids = _identifiers(f, header_identifier)
    put(rec, "id", _record_id(ids, header_identifier))
    put(rec, "ppn", ids.ppn)
    put(rec, "isbn", ids.isbns)
    put(rec, "isbn_invalid", ids.bad_isbns)
    put(rec, "oclc", ids.oclc)
    put(rec, "nbn", ids.nbn)
    put(rec, "brinkman_id", ids.brinkman)
    title, subtitle, alternatives = _titles(f)
    put(rec, "title", title)
    put(rec, "subtitle", subtitle)
    put(rec, "alternative_title", alternatives)
    put(rec, "authors", _authors(f))
    publisher, place = _publisher(f)
    put(rec, "publisher", publisher)
    put(rec, "publication_place", place)
    put(rec, "year", _year(f))
    put(rec, "edition", f.editions[0] if f.editions else None)
    put(rec, "language", _languages(f))
    s = _subjects(f)
    put(rec, "nur", s.nur)
    put(rec, "bcl", s.bcl)
    put(rec, "subjects", s.subjects)
    put(rec, "genre", s.genres)
    put(rec, "audience", s.audience)
    put(rec, "audience_label", s.audience_labels)
    material, forms, online = _material(f)
    rec["material"] = material
    put(rec, "reading_form", forms)
    put(rec, "online_url", _online_url(ids.online_url, material, online))
    put(rec, "description", " ".join(f.descriptions))
    put(rec, "notes", f.annotations)
    put(rec, "series", f.series[0] if f.series else None)
    put(rec, "cover_url", f.covers[0] if f.covers else None)
    put(rec, "extent", " ; ".join(f.extents))
    return rec


# --------------------------------------------------------------------------------------------
# Finding the records in a document

@dataclass
class OAIRecord:
    """One `<record>` of an OAI-PMH response."""

    identifier: str | None
    datestamp: str | None
    deleted: bool
    metadata: etree._Element | None  # the element inside <metadata>
    sets: list[str] = field(default_factory=list)


def oai_records(root: etree._Element) -> Iterator[OAIRecord]:
    """The records of an OAI-PMH `ListRecords`/`GetRecord` response, in document order."""
    for rec in root.iter(f"{{{OAI_NS}}}record"):
        header = rec.find(f"{{{OAI_NS}}}header")
        if header is None:
            yield OAIRecord(None, None, False, None)
            continue
        ident = header.findtext(f"{{{OAI_NS}}}identifier")
        stamp = header.findtext(f"{{{OAI_NS}}}datestamp")
        sets = [s.text.strip() for s in header.findall(f"{{{OAI_NS}}}setSpec") if s.text]
        meta = rec.find(f"{{{OAI_NS}}}metadata")
        inner = None
        if meta is not None:
            inner = next((c for c in meta if isinstance(c.tag, str)), None)
        yield OAIRecord(
            identifier=ident.strip() if ident else None,
            datestamp=stamp.strip() if stamp else None,
            deleted=header.get("status") == "deleted",
            metadata=inner,
            sets=sets,
        )


def _dc_containers(root: etree._Element) -> list[etree._Element]:
    """Elements with Dublin Core children, outermost first, in document order."""
    containers: dict[etree._Element, None] = {}
    for el in root.iter(f"{{{DC_NS}}}*", f"{{{DCTERMS_NS}}}*"):
        parent = el.getparent()
        if parent is None:
            continue
        ns = etree.QName(parent).namespace
        if ns in (DC_NS, DCTERMS_NS):
            continue
        containers.setdefault(parent, None)
    return list(containers)


def _sru_diagnostics(root: etree._Element) -> list[str]:
    out = []
    for ns in SRU_DIAG_NS:
        for diag in root.iter(f"{{{ns}}}diagnostic"):
            uri = diag.findtext(f"{{{ns}}}uri") or ""
            msg = diag.findtext(f"{{{ns}}}message") or ""
            details = diag.findtext(f"{{{ns}}}details") or ""
            out.append(" ".join(p for p in (uri.strip(), msg.strip(), details.strip()) if p))
    return out


def _xml_message(exc: Exception) -> str:
    return str(exc).removeprefix("document: ")


def read_document(data: bytes, name: str) -> Iterator[CatalogueRecord | Rejection | Delete]:
    """All records of one Dublin Core XML document (bytes); `name` is used in rejections."""
    try:
        root = parse_xml(data)
    except UnsafeXMLError as exc:
        yield Rejection(name, "file", f"unsafe XML refused: {_xml_message(exc)}")
        return
    except BadXMLError as exc:
        yield Rejection(name, "file", _xml_message(exc))
        return
    if hasattr(root, "getroot"):
        root = root.getroot()
    root_ns = etree.QName(root).namespace
    if root_ns == OAI_NS:
        yield from _read_oai(root, name)
    elif root_ns in SRU_NAMESPACES:
        yield from _read_sru(root, name)
    else:
        yield from _read_plain(root, name)


def _read_oai(root: etree._Element, name: str) -> Iterator[CatalogueRecord | Rejection | Delete]:
    """An OAI-PMH ListRecords or GetRecord response: records, and deletes for deleted headers."""
    err = root.find(f"{{{OAI_NS}}}error")
    if err is not None:
        code = err.get("code", "")
        if code != "noRecordsMatch":
            yield Rejection(name, "file", f"OAI-PMH error {code}: {_text(err)}")
        return
    if root.find(f"{{{OAI_NS}}}ListRecords") is None and root.find(f"{{{OAI_NS}}}GetRecord") is None:
        yield Rejection(name, "file", "an OAI-PMH response without ListRecords or GetRecord")
        return
    for n, r in enumerate(oai_records(root), start=1):
        position = f"record {n}"
        if r.deleted:
            if r.identifier:
                yield Delete(oai_record_id(r.identifier))
            else:
                yield Rejection(name, position, "deleted record without an identifier")
        elif r.metadata is None:
            yield Rejection(name, position, "OAI-PMH record without metadata",
                            record_id=oai_record_id(r.identifier) if r.identifier else None)
        else:
            yield _map_checked(r.metadata, name, position, r.identifier)


def _read_sru(root: etree._Element, name: str) -> Iterator[CatalogueRecord | Rejection]:
    """An SRU searchRetrieve response, its records as XML or as escaped XML text."""
    diags = _sru_diagnostics(root)
    if diags:
        yield Rejection(name, "file", "SRU diagnostic: " + "; ".join(diags))
    for n, data_el in enumerate(root.iter(*(f"{{{ns}}}recordData" for ns in SRU_NAMESPACES)), start=1):
        position = f"record {n}"
        try:
            found = _sru_record_data(data_el)
        except _NoRecordData as exc:
            yield Rejection(name, position, str(exc))
            continue
        if not found:
            yield Rejection(name, position, "SRU record without Dublin Core data")
            continue
        yield _map_checked(found[0], name, position, None)


class _NoRecordData(Exception):
    """An SRU record whose data cannot be read; the message is the reason."""


def _sru_record_data(data_el: etree._Element) -> list[etree._Element]:
    """The Dublin Core elements in one recordData (_NoRecordData with the reason when unreadable)."""
    if len(data_el):
        return _dc_containers(data_el)
    # recordPacking "string": the record is escaped XML text
    text = (data_el.text or "").strip()
    if not text.startswith("<"):
        raise _NoRecordData("SRU record without data")
    try:
        inner = parse_xml(text.encode("utf-8"))
    except (UnsafeXMLError, BadXMLError) as exc:
        raise _NoRecordData(f"record data: {_xml_message(exc)}") from None
    return _dc_containers(inner) or ([inner] if len(inner) else [])


def _read_plain(root: etree._Element, name: str) -> Iterator[CatalogueRecord | Rejection]:
    """Any other document: every element with Dublin Core children is a record."""
    containers = _dc_containers(root)
    if not containers:
        yield Rejection(name, "file", "no Dublin Core records found")
        return
    for n, container in enumerate(containers, start=1):
        yield _map_checked(container, name, f"record {n}", None)


def _map_checked(container: etree._Element, name: str, position: str,
                 header_identifier: str | None) -> CatalogueRecord | Rejection:
    try:
        raw = map_record(container, header_identifier)
    except Exception as exc:  # noqa: BLE001 - one odd record must never stop the file
        return Rejection(name, position, f"cannot map the record: {exc}")
    return checked(raw, name, position)


def _files(path: str) -> Iterable[tuple[str, str]]:
    if os.path.isfile(path):
        return [(path, os.path.basename(path))]
    if os.path.isdir(path):
        out = []
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                if f.lower().endswith(".xml"):
                    full = os.path.join(root, f)
                    out.append((full, os.path.relpath(full, path)))
        return out
    raise SourceError(f"{path}: no such file or folder")


def read(path: str) -> Iterator[CatalogueRecord | Rejection | Delete]:
    for full, name in _files(path):
        try:
            with open(full, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            yield Rejection(name, "file", f"cannot read the file: {exc.strerror or exc}")
            continue
        yield from read_document(data, name)
