"""A series statement split into the series and the volume's place in it.

Readers keep the statement as catalogues write it, the name and the numbering after " ; " (MARC
490 $a ; $v: "Sam en Saar ; 5", "Gouden boekjes ; deel 12"). The index files a record under the
name alone (a series link finds every volume) and sorts the volumes by their number; both read
the statement through here, and so does the record page.
"""
from __future__ import annotations

import re
from typing import NamedTuple

MAX_NUMBER = 1_000_000  # beyond this a "number" is a year or an ISSN, not a place in the series
_NUMBER = re.compile(r"\d+")


class Series(NamedTuple):
    name: str
    number: int | None  # the volume's place in the series, when the numbering holds one
    numbering: str  # the numbering as written ("5", "deel 12"), or ""


def split(statement: str | None) -> Series | None:
    """"Sam en Saar ; 5" → Series("Sam en Saar", 5, "5"); a statement without numbering keeps its
    whole text as the name; None for an empty one."""
    text = " ".join((statement or "").split())
    if not text:
        return None
    name, sep, numbering = text.rpartition(" ; ")
    if not sep or not name.strip():
        return Series(text, None, "")
    numbering = numbering.strip()
    found = _NUMBER.search(numbering)
    number = int(found.group()) if found and int(found.group()) < MAX_NUMBER else None
    return Series(name.strip(), number, numbering)
