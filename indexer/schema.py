"""The tantivy schema and index documents, both derived from the field registry."""
from __future__ import annotations

import hashlib

import orjson
import tantivy

from stdnum import isbn as stdnum_isbn
from indexer.analysis import EXACT, RAW, STEM, fold, register_analyzers
from indexer.fields import (
    FIELDS, ID_FIELD, IDENTIFIER_FIELD, SOURCE_FIELD, TITLE_SORT_FIELD, WORK_ID_FIELD, WORK_KEY_FIELD, Field,
)
from indexer.works import work_key

SCHEMA_VERSION = 1


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field(ID_FIELD, stored=False, fast=True, tokenizer_name=RAW, index_option="basic")
    sb.add_text_field(IDENTIFIER_FIELD, stored=False, tokenizer_name=RAW, index_option="basic")
    sb.add_text_field(WORK_KEY_FIELD, stored=False, fast=True, tokenizer_name=RAW, index_option="basic")
    sb.add_integer_field(WORK_ID_FIELD, stored=False, indexed=True, fast=True)
    sb.add_text_field(TITLE_SORT_FIELD, stored=False, fast=True, tokenizer_name=RAW, index_option="basic")
    for f in FIELDS:
        if f.kind == "int":
            sb.add_integer_field(f.name, stored=False, indexed=True, fast=True)
            continue
        if f.search is not None:
            sb.add_text_field(f.text_field, stored=False, tokenizer_name=STEM, index_option="position")
            sb.add_text_field(f.exact_field, stored=False, tokenizer_name=EXACT, index_option="position")
        if f.facet:
            sb.add_text_field(f.keyword_field, stored=False, fast=True, tokenizer_name=RAW,
                              index_option="basic")
    sb.add_bytes_field(SOURCE_FIELD, stored=True, indexed=False, fast=False)
    return sb.build()


def open_index(path: str, schema: tantivy.Schema | None = None, create: bool = False) -> tantivy.Index:
    if create:
        index = tantivy.Index(schema or build_schema(), path=path, reuse=False)
    else:
        index = tantivy.Index.open(path)
    register_analyzers(index)
    return index


def _text_values(f: Field, rec: dict) -> list[str]:
    return [str(v) for v in f.values(rec) if v not in (None, "")]


def work_id(key: str) -> int:
    """A 64-bit number for a work key: grouping reads it from a fast column, not from stored docs."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def isbn_variants(isbn13: str) -> set[str]:
    """An ISBN-13 and, for 978-ISBNs, its ISBN-10: both are what people type."""
    out = {isbn13}
    try:
        if isbn13.startswith("978"):
            out.add(stdnum_isbn.to_isbn10(isbn13).lower())
    except Exception:  # stdnum raises several ValidationError subclasses; the 13 form suffices
        pass
    return out


def identifiers(rec: dict) -> list[str]:
    """Every form in which a patron may type this record's identifiers."""
    out = {rec["id"].lower()}
    if rec.get("ppn"):
        out.add(rec["ppn"].lower())
    for isbn in rec.get("isbn") or []:
        out.update(isbn_variants(isbn))
    return sorted(out)


def index_document(rec: dict) -> dict:
    """The tantivy document (as a dict of field -> list of values) for a canonical record."""
    rtype = rec["type"]
    wkey = work_key(rec)
    doc: dict[str, list] = {
        ID_FIELD: [rec["id"]],
        IDENTIFIER_FIELD: identifiers(rec),
        WORK_KEY_FIELD: [wkey],
        WORK_ID_FIELD: [work_id(wkey)],
        TITLE_SORT_FIELD: [fold(rec["title"])[:100] or "~"],
    }
    for f in FIELDS:
        if rtype not in f.types:
            continue
        values = f.values(rec)
        if not values:
            continue
        if f.kind == "int":
            doc[f.name] = [int(v) for v in values]
            continue
        texts = [str(v) for v in values]
        if f.search is not None:
            doc[f.text_field] = texts
            doc[f.exact_field] = texts
        if f.facet:
            doc[f.keyword_field] = texts
    doc[SOURCE_FIELD] = [orjson.dumps(rec)]
    return doc


def to_tantivy(doc: dict) -> tantivy.Document:
    return tantivy.Document.from_dict(doc)
