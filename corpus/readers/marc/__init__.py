"""MARC21 bibliographic records (ISO 2709 and MARCXML) to canonical catalogue records.

`read_marc(path)` reads ISO 2709 files (`.mrc`, `.marc`, `.iso`, `.dat`) and `read_marcxml(path)`
MARCXML files (`.xml`, a `<collection>` or single `<record>`s, any namespace prefix); both take
a file or a folder of them and yield canonical records or `Rejection`s, never raising for one bad
record (see `corpus.readers`). `read(path)` takes either, chosen per file by its first bytes.

The package by concern:

    iso2709    framing and repair: a file's bytes to pymarc Records (lengths, directory, terminators)
    encoding   MARC-8 and UTF-8 text, text encoded twice, Unicode NFC
    marcxml    MARCXML <record> elements to pymarc Records, and a Record back to MARCXML (for SRU)
    mapping    a pymarc Record to the canonical record, one small function per field (see there
               for which tag goes where); materials by corpus.materials, roles by corpus.roles
"""
from __future__ import annotations

import os
from collections.abc import Iterator

from pymarc import Record

from corpus.model import CatalogueRecord, Rejection
from corpus.readers import SourceError, checked
from corpus.readers.marc import iso2709, marcxml
from corpus.readers.marc.broken import BrokenRecord
from corpus.readers.marc.iso2709 import looks_like_xml
from corpus.readers.marc.mapping import AUDIENCE, LITERARY_FORM, PPN_ORGS, to_canonical
from corpus.readers.marc.marcxml import MARCXML_NS, to_marcxml

BINARY_SUFFIXES = (".mrc", ".marc", ".iso", ".iso2709", ".dat")
XML_SUFFIXES = (".xml", ".marcxml")


def read_marc(path: str) -> Iterator[CatalogueRecord | Rejection]:
    """Canonical records from an ISO 2709 file, or from every such file in a folder."""
    for name, file in _files(path, BINARY_SUFFIXES, "MARC (ISO 2709)"):
        yield from iso2709.read_file(file, name, _finish)


def read_marcxml(path: str) -> Iterator[CatalogueRecord | Rejection]:
    """Canonical records from a MARCXML file, or from every .xml file in a folder."""
    for name, file in _files(path, XML_SUFFIXES, "MARCXML"):
        yield from marcxml.read_file(file, name, from_marcxml_element)


def read(path: str) -> Iterator[CatalogueRecord | Rejection]:
    """Either kind, chosen per file by its first bytes (ISO 2709 or XML)."""
    for name, file in _files(path, BINARY_SUFFIXES + XML_SUFFIXES, "MARC"):
        if looks_like_xml(file):
            yield from marcxml.read_file(file, name, from_marcxml_element)
        else:
            yield from iso2709.read_file(file, name, _finish)


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


def from_marcxml_element(elem, file: str, position: str) -> CatalogueRecord | Rejection:
    """One MARCXML <record> element (any namespace prefix) as a canonical record or Rejection.

    For readers that find MARCXML inside other XML (OAI-PMH `marc21`, SRU `marcxml`); parse
    the surrounding document with `corpus.readers.xmlsafe`.
    """
    try:
        record, notes = marcxml.record_from_xml(elem)
    except BrokenRecord as exc:
        return Rejection(file, position, f"broken MARCXML record: {exc}")
    return _finish(record, notes, file, position)


def _finish(record: Record, notes: list[str], name: str, position: str) -> CatalogueRecord | Rejection:
    try:
        raw = to_canonical(record, notes)
    except BrokenRecord as exc:
        return Rejection(name, position, str(exc))
    return checked(raw, name, position)


__all__ = ["AUDIENCE", "LITERARY_FORM", "MARCXML_NS", "PPN_ORGS", "from_marcxml_element", "read", "read_marc",
           "read_marcxml", "to_canonical", "to_marcxml"]
