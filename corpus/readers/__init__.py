"""Readers turn source files into canonical records, one module per format.

Every reader is a function `read(path: str) -> ReaderStream`: a validated canonical record
(a `CatalogueRecord` or `ArticleRecord` of corpus.model), a rejection with file, position and reason, or (for OAI-PMH) a delete. A reader
never raises for a bad record; it raises `SourceError` only when the source as a whole cannot be
opened at all (a missing file, a refused URL).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

from corpus.model import CanonicalRecord, Delete, ReaderStream, RecordError, Rejection, validate


class SourceError(RuntimeError):
    """A source that cannot be read at all (as opposed to one bad record in it)."""


# KIND -> "module:function"; imported lazily so that a reader's dependencies load only when used.
READERS: dict[str, str] = {
    "jsonl": "corpus.readers.jsonl:read",
    "articles": "corpus.readers.articles:read",
    "marc": "corpus.readers.marc:read_marc",
    "marcxml": "corpus.readers.marc:read_marcxml",
    "dc": "corpus.readers.dc:read",
    "oai": "corpus.readers.oai:read",
    "oba": "corpus.readers.oba:read",
}


def reader_for(kind: str) -> Callable[[str], ReaderStream]:
    try:
        target = READERS[kind]
    except KeyError:
        raise SourceError(
            f"unknown source kind {kind!r}; known kinds: {', '.join(sorted(READERS))}"
        ) from None
    module_name, func = target.split(":")
    return getattr(importlib.import_module(module_name), func)


def parse_source(spec: str) -> tuple[str, str]:
    """Split `KIND:PATH` (the command line's --source) into its parts."""
    kind, sep, path = spec.partition(":")
    if not sep or not path:
        raise SourceError(f"source {spec!r} is not KIND:PATH (e.g. jsonl:corpus/sample/catalogue.jsonl)")
    if kind not in READERS:
        raise SourceError(f"unknown source kind {kind!r}; known kinds: {', '.join(sorted(READERS))}")
    return kind, path


def read_source(spec: str) -> ReaderStream:
    kind, path = parse_source(spec)
    return reader_for(kind)(path)


def checked(raw: dict, file: str, position: str) -> CanonicalRecord | Rejection:
    """Validate one record a reader built; a failure becomes a Rejection, never an exception."""
    try:
        return validate(raw)
    except RecordError as exc:
        rid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        return Rejection(file=file, position=position, reason=str(exc), record_id=rid)


__all__ = [
    "READERS",
    "Delete",
    "Rejection",
    "SourceError",
    "checked",
    "parse_source",
    "read_source",
    "reader_for",
]
