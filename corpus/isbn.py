"""ISBN normalisation: whatever a catalogue wrote becomes one compact ISBN-13, or None.

Catalogue fields carry ISBNs as "90-245-1234-5 (geb.)", "978 90 245 1234 5", "0486266893 (pbk.) :",
"ISBN 9789024512345" or with a trailing full stop. The checksum is verified with python-stdnum;
an ISBN-10 becomes its ISBN-13 (978 prefix) so that both editions' forms meet in one value.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from stdnum import isbn as _isbn
from stdnum.exceptions import ValidationError

# A run of digits, spaces and hyphens (en dashes too) ending in a digit or the check character X.
_CANDIDATE = re.compile(r"\d[\d\s\-\u2010-\u2013]*[\dXx]")


def _valid13(compact: str) -> str | None:
    try:
        _isbn.validate(compact)
    except ValidationError:
        return None
    return _isbn.to_isbn13(compact).replace("-", "")


def normalise_isbn(text: object) -> str | None:
    """Return the ISBN-13 (digits only) found at the start of `text`, or None when invalid.

    Only the first number in the text counts: "0815769768 (v. 1)" is the ISBN 0815769768,
    a qualifier in brackets or a price after it is ignored.
    """
    if text is None:
        return None
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return None
    m = _CANDIDATE.search(text)
    if not m:
        return None
    compact = re.sub(r"[\s\-\u2010-\u2013]", "", m.group()).upper()
    if len(compact) in (10, 13):
        return _valid13(compact)
    # A run longer than an ISBN ("9780195152708 2004"): try the ISBN-sized start of it.
    if len(compact) > 13:
        for size in (13, 10):
            found = _valid13(compact[:size])
            if found:
                return found
    return None


def is_isbn(text: object) -> bool:
    return normalise_isbn(text) is not None


__all__ = ["is_isbn", "normalise_isbn"]


def partition_isbns(values: Iterable[str], clean: Callable[[str], str] | None = None) -> tuple[list[str], list[str]]:
    """The valid ISBNs among `values` as ISBN-13s (in order, each once), and the values that are
    no valid ISBN, as they were written (for the record's `isbn_invalid` and the job's warnings).
    `clean` prepares a value for reading (a reader's own prefixes and qualifiers)."""
    good: list[str] = []
    bad: list[str] = []
    for value in values:
        isbn = normalise_isbn(clean(value) if clean else value)
        if isbn:
            if isbn not in good:
                good.append(isbn)
        else:
            bad.append(value)
    return good, bad
