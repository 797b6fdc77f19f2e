"""Canonical records as JSON lines, one object a line (the contract's `jsonl` kind)."""
from __future__ import annotations

import os
from typing import Iterator

import orjson

from corpus.model import Rejection
from corpus.readers import SourceError, checked


def read(path: str) -> Iterator[dict | Rejection]:
    if not os.path.isfile(path):
        raise SourceError(f"{path}: no such file")
    name = os.path.basename(path)
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                raw = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                yield Rejection(name, f"line {lineno}", f"not valid JSON: {exc}")
                continue
            yield checked(raw, name, f"line {lineno}")
