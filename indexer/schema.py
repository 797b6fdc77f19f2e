"""The tantivy schema and index documents, both derived from the field registry."""
from __future__ import annotations

import base64
import hashlib

import orjson
import tantivy

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


def isbn10_of(isbn13: str) -> str | None:
    """The ISBN-10 of a 978 ISBN-13 (the model has checked its form), or None."""
    if not isbn13.startswith("978"):
        return None
    core = isbn13[3:12]
    check = (11 - sum((10 - i) * int(d) for i, d in enumerate(core)) % 11) % 11
    return core + ("x" if check == 10 else str(check))


def identifiers(rec: dict) -> list[str]:
    """Every form in which a patron may type this record's identifiers."""
    out = {rec["id"].lower()}
    ppn = rec.get("ppn")
    if ppn:
        out.add(ppn.lower())
    for isbn in rec.get("isbn") or ():
        out.add(isbn)
        ten = isbn10_of(isbn)
        if ten:
            out.add(ten)
    return sorted(out)


def _plan(record_type: str) -> list[tuple]:
    """Per record type, what to do with each registry field: computed once, used per record."""
    plan = []
    for f in FIELDS:
        if record_type not in f.types:
            continue
        targets = []
        if f.kind != "int":
            if f.search is not None:
                targets += [f.text_field, f.exact_field]
            if f.facet:
                targets.append(f.keyword_field)
        plan.append((f.name, f.extract, f.kind == "int", targets))
    return plan


_PLANS = {"catalogue": _plan("catalogue"), "article": _plan("article")}


def index_document(rec: dict, source_as_text: bool = False) -> dict:
    """The tantivy document (a dict of field -> list of values) for a canonical record.

    With `source_as_text` the stored record is base64 text, as tantivy's JSON document input
    expects for a bytes field (the parallel build sends documents as JSON).
    """
    wkey = work_key(rec)
    title = rec["title"]
    doc: dict[str, list] = {
        ID_FIELD: [rec["id"]],
        IDENTIFIER_FIELD: identifiers(rec),
        WORK_KEY_FIELD: [wkey],
        WORK_ID_FIELD: [work_id(wkey)],
        TITLE_SORT_FIELD: [fold(title)[:100] or "~"],
    }
    for name, extract, is_int, targets in _PLANS[rec["type"]]:
        if extract is None:
            v = rec.get(name)
            if v is None or v == "" or v == []:
                continue
            values = v if isinstance(v, list) else [v]
        else:
            values = extract(rec)
            if not values:
                continue
        if is_int:
            doc[name] = [int(x) for x in values]
            continue
        texts = values if all(type(x) is str for x in values) else [str(x) for x in values]
        for t in targets:
            doc[t] = texts
    source = orjson.dumps(rec)
    doc[SOURCE_FIELD] = [base64.b64encode(source).decode() if source_as_text else source]
    return doc


def to_tantivy(doc: dict) -> tantivy.Document:
    return tantivy.Document.from_dict(doc)
