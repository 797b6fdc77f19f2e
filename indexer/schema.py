"""The tantivy schema and index documents, both derived from the field registry."""
from __future__ import annotations

import base64
import hashlib
from operator import mul

import orjson
import tantivy

from corpus.model import CanonicalRecord
from indexer.analysis import EXACT, RAW, STEM, fold, register_analyzers
from indexer.changes import id_hash
from indexer.fields import (
    CHANGED_FIELD,
    FIELDS,
    ID_FIELD,
    ID_HASH_FIELD,
    IDENTIFIER_FIELD,
    SOURCE_FIELD,
    TITLE_SORT_FIELD,
    WORK_ID_FIELD,
    Field,
)
from indexer.works import work_key

SCHEMA_VERSION = 8  # 2: no work_key text field, no id column; 3: no stemmed view of the description;
# 4: change keys (`changed`) and id hashes; 5: edition_weight (a work's representative edition);
# 6: staff_audience, and the completions' keyword views title_keys, author_keys and series_keys;
# 7: series__k (a series by name) and series_number (its volumes in order); 8: the completions'
# keyword views without a column


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    # Records are found by id through the term index only; editions are grouped through the
    # numeric work_id column. Neither needs a text column (each cost build time and disk).
    sb.add_text_field(ID_FIELD, stored=False, tokenizer_name=RAW, index_option="basic")
    sb.add_text_field(IDENTIFIER_FIELD, stored=False, tokenizer_name=RAW, index_option="basic")
    sb.add_integer_field(WORK_ID_FIELD, stored=False, indexed=True, fast=True)
    sb.add_text_field(TITLE_SORT_FIELD, stored=False, fast=True, tokenizer_name=RAW, index_option="basic")
    sb.add_integer_field(CHANGED_FIELD, stored=False, indexed=True, fast=True)
    sb.add_integer_field(ID_HASH_FIELD, stored=False, indexed=True, fast=False)
    for f in FIELDS:
        if f.kind == "int":
            sb.add_integer_field(f.name, stored=False, indexed=True, fast=True)
            continue
        if f.search is not None:
            if f.stemmed:
                sb.add_text_field(f.text_field, stored=False, tokenizer_name=STEM, index_option="position")
            sb.add_text_field(f.exact_field, stored=False, tokenizer_name=EXACT, index_option="position")
        if f.facet:
            # A column for the views that are counted (facets, the internal two-level ones) or
            # sorted by; the completions' keyword views (`complete`) are read term by term only,
            # and their columns cost the build about a fifth of its tantivy time (multi-valued
            # text columns: a title both with and without its article, an author's name both ways).
            sb.add_text_field(f.keyword_field, stored=False, fast=f.complete is None, tokenizer_name=RAW,
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


_ISBN10_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def isbn10_of(isbn13: str) -> str | None:
    """The ISBN-10 of a 978 ISBN-13 (the model has checked its form), or None."""
    if not isbn13.startswith("978"):
        return None
    core = isbn13[3:12]
    check = (11 - sum(map(mul, _ISBN10_WEIGHTS, map(int, core))) % 11) % 11
    return core + ("x" if check == 10 else str(check))


def identifiers(rec: CanonicalRecord) -> list[str]:
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


def _plan(record_type: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Per record type, what to do with each registry field, computed once and used per record:
    fields read as they are (name, targets), fields with an extractor (extract, targets), and
    integer fields (name, extract)."""
    plain, extracted, ints = [], [], []
    for f in FIELDS:
        if record_type not in f.types:
            continue
        if f.kind == "int":
            ints.append((f.name, f.extract))
            continue
        targets = []
        if f.search is not None:
            targets += [f.text_field, f.exact_field] if f.stemmed else [f.exact_field]
        if f.facet and f.keyword_extract is not None:
            extracted.append((f.keyword_extract, (f.keyword_field,)))  # its own values (a series' name)
        elif f.facet:
            targets.append(f.keyword_field)
        targets = tuple(targets)
        if f.extract is None:
            plain.append((f.name, targets))
        else:
            extracted.append((f.extract, targets))
    return plain, extracted, ints


_PLANS = {"catalogue": _plan("catalogue"), "article": _plan("article")}


def _texts(values: list) -> list:
    for x in values:  # a plain loop: all() over a generator costs more than the rest of the field
        if type(x) is not str:
            return [str(x) for x in values]
    return values


def index_document(rec: CanonicalRecord, source_as_text: bool = False, changed: int | None = None) -> dict:
    """The tantivy document (a dict of field -> list of values) for a canonical record.

    With `source_as_text` the stored record is base64 text, as tantivy's JSON document input
    expects for a bytes field (the parallel build sends documents as JSON). `changed` is the
    record's change key (indexer.changes); the parallel build adds it to the JSON itself.

    The build runs this once per record of the national catalogue, so it is written for speed:
    the per-type plan is split once, and a field that is absent costs one dictionary look-up.
    """
    wkey = work_key(rec)
    doc: dict[str, list] = {
        ID_FIELD: [rec["id"]],
        ID_HASH_FIELD: [id_hash(rec["id"])],
        IDENTIFIER_FIELD: identifiers(rec),
        WORK_ID_FIELD: [work_id(wkey)],
        TITLE_SORT_FIELD: [fold(rec["title"])[:100] or "~"],
    }
    plain, extracted, ints = _PLANS[rec["type"]]
    get = rec.get
    for name, targets in plain:
        v = get(name)
        if not v and (v is None or v == "" or v == []):
            continue
        if type(v) is str:
            texts = [v]
        else:
            texts = _texts(v) if type(v) is list else _texts(v if isinstance(v, list) else [v])
        for t in targets:
            doc[t] = texts
    for extract, targets in extracted:
        values = extract(rec)
        if values:
            texts = _texts(values)
            for t in targets:
                doc[t] = texts
    for name, extract in ints:
        if extract is None:
            v = get(name)
            if v is None or v == "" or v == []:
                continue
            values = v if isinstance(v, list) else [v]
        else:
            values = extract(rec)
            if not values:
                continue
        doc[name] = [int(x) for x in values]
    if changed is not None:
        doc[CHANGED_FIELD] = [changed]
    source = orjson.dumps(rec)
    doc[SOURCE_FIELD] = [base64.b64encode(source).decode() if source_as_text else source]
    return doc


def to_tantivy(doc: dict) -> tantivy.Document:
    return tantivy.Document.from_dict(doc)
