"""The canonical record model of the contract: catalogue records and knowledge articles.

Records travel as plain dicts (cheap at national scale), typed as the TypedDicts below, which
are dicts at run time and cost nothing; `validate` turns whatever a reader produced into a
canonical record or raises `RecordError` with a reason a librarian can act on. Readers yield
either a record or a `Rejection` (file, position, reason) or a `Delete`; the indexer never
sees anything else.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Required, TypedDict

from corpus import materials

MATERIALS = materials.CODES  # declared, with their labels and types, in corpus.materials
AUDIENCES = ("0-3", "4-6", "7-9", "10-12", "13-15", "16-18", "volwassenen")
READING_FORMS = materials.READING_FORM_CODES
RECORD_TYPES = ("catalogue", "article")

CATALOGUE_LIST_FIELDS = ("isbn", "language", "reading_form", "genre", "subjects")
CATALOGUE_TEXT_FIELDS = (
    "title", "subtitle", "publisher", "edition", "ppn", "material", "audience", "nur",
    "series", "description", "online_url", "work_key",
)
ARTICLE_LIST_FIELDS = ("themes", "audience")
ARTICLE_TEXT_FIELDS = ("title", "body", "section", "document", "published", "url", "source")

# ISO 15511: a prefix of up to four characters (a country code for most), a hyphen, and the rest
# of at most 16 characters in all, from letters, digits, '-', '/' and ':'. Declared here, as a
# holding's `library` is one; the libraries file is checked against the same shape.
ISIL = re.compile(r"[A-Za-z0-9]{1,4}-[A-Za-z0-9:/\-]{1,11}")
ISIL_MAX = 16


def is_isil(code: str) -> bool:
    return len(code) <= ISIL_MAX and ISIL.fullmatch(code) is not None


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISBN13 = re.compile(r"^97[89]\d{10}$")


class Author(TypedDict, total=False):
    name: Required[str]
    role: str  # a Dutch role label ("auteur", "illustrator"); no role means author


class Holding(TypedDict, total=False):
    library: Required[str]  # ISIL code
    library_name: str
    branch: str
    province: str
    shelfmark: str
    available: bool  # always set once validated


class CatalogueRecord(TypedDict, total=False):
    """A catalogue record (the contract's schema); absent fields are absent, never None or empty.

    Readers add fields of their own (kept in the stored record, not indexed unless the field
    registry names them); the ones they write today are listed after the contract's."""

    type: Required[Literal["catalogue"]]
    id: Required[str]  # e.g. ppn:38303521X
    title: Required[str]
    subtitle: str
    authors: list[Author]
    publisher: str
    year: int
    edition: str
    isbn: list[str]  # normalised ISBN-13
    ppn: str
    language: list[str]  # ISO 639-1
    material: str  # one of MATERIALS
    audience: str  # one of AUDIENCES
    reading_form: list[str]  # of READING_FORMS
    genre: list[str]
    subjects: list[str]
    nur: str
    series: str
    description: str
    holdings: list[Holding]
    online_url: str
    work_key: str
    # Written by readers beyond the contract.
    alt_titles: list[str]  # MARC 880 and 246/740: titles in the original script, variant titles (indexed)
    alt_authors: list[str]  # MARC 880: author names in the original script (indexed)
    title_original: list[str]  # MARC 880: the original-script forms beside the romanised ones
    authors_original: list[str]
    alternative_title: list[str]
    publication_place: str
    original_language: list[str]
    isbn_invalid: list[str]  # as found, for the librarian; not searchable as ISBNs
    oclc: str
    nbn: str
    brinkman_id: str
    bcl: list[str]
    siso: list[str]
    audience_label: list[str]
    notes: list[str]
    extent: str
    oba_id: str
    detail_url: str
    cover_url: str
    source_format: str  # "marc" for records read from MARC
    _marcxml: str  # the MARC record as read, for SRU's marcxml schema
    _warnings: list[str]  # taken off by the indexer and put in the job report


class ArticleRecord(TypedDict, total=False):
    """A knowledge article: one findable section of a document."""

    type: Required[Literal["article"]]
    id: Required[str]
    title: Required[str]
    body: str
    section: str  # heading path
    document: str  # the parent document's title
    themes: list[str]
    audience: list[str]
    published: str  # YYYY-MM-DD
    url: str
    source: str  # e.g. bnetwerk, rijksoverheid, wetten


CanonicalRecord = CatalogueRecord | ArticleRecord


class RecordError(ValueError):
    """A record that cannot be indexed; the message is the reason shown in the job report."""


@dataclass(frozen=True)
class Rejection:
    """A record a reader could not turn into a canonical record, and why."""

    file: str
    position: str  # line number, record number or XPath-like locator within the file
    reason: str
    record_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"file": self.file, "position": self.position, "reason": self.reason}
        if self.record_id:
            d["id"] = self.record_id
        return d


@dataclass(frozen=True)
class Delete:
    """An instruction from a source (OAI-PMH deleted status) to remove a record by id."""

    id: str


@dataclass
class Warning_:
    """A problem in a record that did not stop it from being indexed (an invalid ISBN)."""

    file: str
    position: str
    message: str
    record_id: str | None = None


ReaderItem = CanonicalRecord | Rejection | Delete
ReaderStream = Iterator[ReaderItem]


def _clean_str(value: Any) -> str | None:
    if type(value) is str:
        # Already clean (most text at national scale): printable means no whitespace but the
        # ASCII space (every other space and line break is a separator or control character),
        # so with no doubled, leading or trailing space, collapsing would change nothing.
        if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
            return value or None
        return " ".join(value.split()) or None
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RecordError(f"expected text, got {type(value).__name__}")
    value = " ".join(value.split())
    return value or None


def _clean_list(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise RecordError(f"field '{name}' must be a list, got {type(value).__name__}")
    out: list[str] = []
    for item in value:
        try:
            s = _clean_str(item)
        except RecordError as exc:
            raise RecordError(f"field '{name}': {exc}") from None
        if s and s not in out:
            out.append(s)
    return out


_HOLDING_TEXT = ("library_name", "branch", "province", "shelfmark")


def _keep_body(value: Any) -> str | None:
    """Article bodies keep their paragraph breaks; only surrounding space goes."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"field 'body' must be text, got {type(value).__name__}")
    value = re.sub(r"[ \t]+", " ", value).strip()
    return value or None


def validate(raw: Any) -> CanonicalRecord:
    """Return the canonical form of `raw` or raise RecordError with the reason.

    Unknown fields are kept (the contract says so) but the indexer ignores them.
    """
    if not isinstance(raw, dict):
        raise RecordError(f"a record must be a JSON object, got {type(raw).__name__}")
    rtype = raw.get("type", "catalogue")
    if rtype not in RECORD_TYPES:
        raise RecordError(f"unknown type {rtype!r} (expected 'catalogue' or 'article')")
    rid = _clean_str(raw.get("id")) if not isinstance(raw.get("id"), (dict, list)) else None
    if not rid:
        raise RecordError("record has no id")
    try:
        title = _clean_str(raw.get("title"))
    except RecordError:
        title = None
    if not title:
        raise RecordError(f"record {rid} has no title")
    rec = dict(raw)
    rec["type"] = rtype
    rec["id"] = rid
    rec["title"] = title
    if rtype == "catalogue":
        _validate_catalogue(rec)
    else:
        _validate_article(rec)
    return rec


def _validate_catalogue(rec: dict) -> None:
    clean = _clean_str
    for name in CATALOGUE_TEXT_FIELDS:
        if name in rec:
            try:
                v = rec[name] = clean(rec[name])
            except RecordError as exc:
                raise RecordError(f"record {rec['id']}: field '{name}': {exc}") from None
            if v is None:
                del rec[name]
    for name in CATALOGUE_LIST_FIELDS:
        if name in rec:
            try:
                rec[name] = _clean_list(name, rec[name])
            except RecordError as exc:
                raise RecordError(f"record {rec['id']}: {exc}") from None
    year = rec.get("year")
    if year is not None:
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year.strip())
        if not isinstance(year, int) or isinstance(year, bool) or not (0 < year <= 2100):
            raise RecordError(f"record {rec['id']}: year {rec.get('year')!r} is not a year")
        rec["year"] = year
    material = rec.get("material")
    if material is not None and material not in MATERIALS:
        raise RecordError(f"record {rec['id']}: unknown material {material!r}")
    audience = rec.get("audience")
    if audience is not None and audience not in AUDIENCES:
        raise RecordError(f"record {rec['id']}: unknown audience {audience!r}")
    for form in rec.get("reading_form", []):
        if form not in READING_FORMS:
            raise RecordError(f"record {rec['id']}: unknown reading form {form!r}")
    for isbn in rec.get("isbn", []):
        if not _ISBN13.match(isbn):
            raise RecordError(f"record {rec['id']}: isbn {isbn!r} is not a normalised ISBN-13")
    rec["authors"] = _clean_authors(rec)
    rec["holdings"] = _clean_holdings(rec)


def _clean_authors(rec: dict) -> list[dict]:
    authors = rec.get("authors") or []
    if not isinstance(authors, list):
        raise RecordError(f"record {rec['id']}: field 'authors' must be a list")
    out = []
    clean = _clean_str
    for a in authors:
        if isinstance(a, str):
            a = {"name": a}
        name = clean(a.get("name")) if isinstance(a, dict) else None
        if not name:
            raise RecordError(f"record {rec['id']}: an author needs a name")
        entry = {"name": name}
        role = clean(a.get("role")) if a.get("role") else None
        if role:
            entry["role"] = role
        out.append(entry)
    return out


def _clean_holdings(rec: dict) -> list[dict]:
    holdings = rec.get("holdings") or []
    if not isinstance(holdings, list):
        raise RecordError(f"record {rec['id']}: field 'holdings' must be a list")
    out = []
    clean = _clean_str
    for h in holdings:
        library = clean(h.get("library")) if isinstance(h, dict) else None
        if not library:
            raise RecordError(f"record {rec['id']}: a holding needs a library ISIL code")
        entry = {"library": library}
        for key in _HOLDING_TEXT:
            v = h.get(key)
            if v is not None:
                v = clean(v)
                if v:
                    entry[key] = v
        avail = h.get("available")
        if avail is not None and not isinstance(avail, bool):
            raise RecordError(f"record {rec['id']}: holding 'available' must be true or false")
        entry["available"] = bool(avail)
        out.append(entry)
    return out


def _validate_article(rec: dict) -> None:
    for name in ARTICLE_TEXT_FIELDS:
        if name == "body":
            rec["body"] = _keep_body(rec.get("body"))
            if rec["body"] is None:
                del rec["body"]
            continue
        if name in rec:
            try:
                rec[name] = _clean_str(rec[name])
            except RecordError as exc:
                raise RecordError(f"record {rec['id']}: field '{name}': {exc}") from None
            if rec[name] is None:
                del rec[name]
    for name in ARTICLE_LIST_FIELDS:
        if name in rec:
            try:
                rec[name] = _clean_list(name, rec[name])
            except RecordError as exc:
                raise RecordError(f"record {rec['id']}: {exc}") from None
    published = rec.get("published")
    if published and not _DATE.match(published):
        raise RecordError(f"record {rec['id']}: published {published!r} is not YYYY-MM-DD")
