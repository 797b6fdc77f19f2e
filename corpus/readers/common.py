"""Small helpers every reader's mapping uses."""
from __future__ import annotations

import re
from typing import Any


def present(value: Any) -> bool:
    """A value worth writing: not None, and not an empty text or list (0 and False are values)."""
    if value is None:
        return False
    if isinstance(value, (str, list, tuple, dict, set)):
        return len(value) > 0
    return True


def put(rec: dict, key: str, value: Any) -> None:
    """Set `rec[key]` only when there is a value: a canonical record leaves absent fields out,
    never None or empty."""
    if present(value):
        rec[key] = value


def add(seq: list, value: Any) -> None:
    """Append a value to a list once (no empty values, no repeats), keeping the order found."""
    if present(value) and value not in seq:
        seq.append(value)


__all__ = ["add", "present", "put"]


# Words that label a link as the item's cover image (MARC 856 $3 $y $z, a Dublin Core relation).
COVER_WORDS = re.compile(r"cover|omslag|voorkant|thumbnail", re.I)
