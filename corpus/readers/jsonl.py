"""Canonical records as JSON lines, one object a line (the contract's `jsonl` kind)."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

import orjson

from corpus.model import CanonicalRecord, Rejection
from corpus.readers import SourceError, checked


def read(path: str) -> Iterator[CanonicalRecord | Rejection]:
    if not os.path.isfile(path):
        raise SourceError(f"{path}: no such file")
    with open(path, "rb") as fh:
        yield from read_lines(fh, os.path.basename(path))


def read_lines(lines: Iterable[bytes], name: str, first_line: int = 1) -> Iterator[CanonicalRecord | Rejection]:
    """Records from JSON lines (a whole file, or a chunk of one that starts at `first_line`);
    blank lines are skipped, a line that is no JSON is rejected with its number."""
    for lineno, line in enumerate(lines, start=first_line):
        line = line.strip()
        if not line:
            continue
        try:
            raw = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Rejection(name, f"line {lineno}", f"not valid JSON: {exc}")
            continue
        yield checked(raw, name, f"line {lineno}")
