"""Recognising identifiers in what a patron types: ISBN-10/13 with or without hyphens or
spaces, PPNs (the Dutch union catalogue's record numbers) and record ids."""
from __future__ import annotations

import re

from stdnum import isbn as stdnum_isbn

_ISBNISH = re.compile(r"^(?:isbn[:\s]*)?([0-9][0-9\s\-]{8,20}[0-9xX])$", re.IGNORECASE)
_PPN = re.compile(r"^(?:ppn[:\s]*)?(\d{8,9}[\dxX])$", re.IGNORECASE)
_RECORD_ID = re.compile(r"^[a-z]{2,8}:\S+$")


def lookup_keys(text: str) -> set[str]:
    """Identifier-field values that `text` may stand for (empty when it is no identifier)."""
    t = text.strip()
    if not t or len(t) > 40:
        return set()
    keys: set[str] = set()
    m = _ISBNISH.match(t)
    if m:
        compact = re.sub(r"[\s\-]", "", m.group(1)).upper()
        if stdnum_isbn.is_valid(compact):
            isbn13 = stdnum_isbn.to_isbn13(compact)
            keys.add(isbn13)
            if isbn13.startswith("978"):
                keys.add(stdnum_isbn.to_isbn10(isbn13).lower())
    m = _PPN.match(t.replace(" ", ""))
    if m:
        ppn = m.group(1).lower()
        keys.update({ppn, f"ppn:{ppn}"})
    if _RECORD_ID.match(t.lower()):
        keys.add(t.lower())
    return keys
