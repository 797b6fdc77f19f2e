"""When each record last changed, and which records were deleted: what harvesters (OAI-PMH) and
search engines (sitemaps) ask for.

Every record in the index carries a *change key* (the `changed` fast field): the second of its
last change in the high bits and a sequence number in the low ones, so keys are unique and sort by
time. The key is the record's OAI-PMH datestamp and the cursor of a harvest: a resumption token
holds the last key it delivered, and because an unchanged record keeps its key from one generation
to the next (a changed one gets a new, larger key), a token stays valid across a generation switch.

    INDEX_DIR/changes/clock          the last key handed out (keys only grow, across generations)
    INDEX_DIR/changes/deleted.jsonl  the deleted records: {"id", "key", "type", "material"} a line
    GENERATION/changes.bin           id hash, content hash and key of every record, sorted by id hash
    GENERATION/changes.log           the same rows appended by updates and deletes (later rows win)

A full build looks each record up in the live generation's table: when its content hash is the
same, it keeps its key; otherwise it gets the next key. Records of the live generation that the
new build does not hold are deleted by it: they go into the deletions log, which (unlike the
generations) lives as long as the index directory. `index delete` and the deletes of an update add
to it too; a record that comes back is taken out of it.
"""
from __future__ import annotations

import hashlib
import os
import time
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

import orjson

KEY_SHIFT = 30  # low bits of a key: the sequence within one second (a billion records a second)
CHANGES_DIR = "changes"
CLOCK = "clock"
DELETED = "deleted.jsonl"
TABLE = "changes.bin"
TABLE_LOG = "changes.log"
TOMBSTONE = -1  # a row's key when the record was deleted
_ROW = 24  # bytes a row: id hash, content hash, key (three signed 64-bit numbers)


def datestamp(key: int) -> int:
    """The second (Unix time, UTC) of the change a key stands for."""
    return key >> KEY_SHIFT


MAX_KEY = (1 << 63) - 1  # the index's integers are signed 64-bit: seconds up to the year 2242


def first_key(second: int) -> int:
    """The smallest key of a second: keys of changes at or after `second` are >= this (a second
    after the last one keys can hold gives the largest key)."""
    return min(max(second, 0) << KEY_SHIFT, MAX_KEY)


def _hash(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def id_hash(record_id: str) -> int:
    """A 64-bit number for a record id (the changes table and the `id_hash` field)."""
    return _hash(record_id.encode())


def record_hash(rec: dict) -> int:
    """A 64-bit number for a record's content: equal when the record did not change."""
    return _hash(orjson.dumps(rec))


def changes_dir(index_dir: str | os.PathLike) -> Path:
    return Path(index_dir) / CHANGES_DIR


class Clock:
    """Hands out change keys: unique, and larger than every key this index directory has seen.

    Only the one writing process (under the writer lock) uses it; `save` after the job commits."""

    def __init__(self, index_dir: str | os.PathLike):
        self.path = changes_dir(index_dir) / CLOCK
        try:
            self.last = int(self.path.read_text().strip())
        except (OSError, ValueError):
            self.last = 0

    def next(self) -> int:
        self.last = max(first_key(int(time.time())), self.last + 1)
        return self.last

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{CLOCK}.tmp{os.getpid()}")
        tmp.write_text(f"{self.last}\n")
        os.replace(tmp, self.path)


class Table:
    """A generation's change table: for an id hash, the content hash and key it was indexed with.

    Sorted arrays, read in one go (24 bytes a record), and the rows appended since as a dict."""

    def __init__(self, ids: array, hashes: array, keys: array, later: dict[int, tuple[int, int]] | None = None):
        self.ids, self.hashes, self.keys = ids, hashes, keys
        self.later = later or {}

    @classmethod
    def empty(cls) -> Table:
        return cls(array("q"), array("q"), array("q"))

    @classmethod
    def load(cls, generation: str | os.PathLike | None) -> Table:
        """The table of a generation; empty when there is none (a generation built before change
        keys existed: every record then counts as changed once)."""
        if generation is None:
            return cls.empty()
        path = Path(generation)
        ids, hashes, keys = array("q"), array("q"), array("q")
        try:
            data = (path / TABLE).read_bytes()
        except OSError:
            data = b""
        n = len(data) // _ROW
        if n:
            rows = array("q")
            rows.frombytes(data[: n * _ROW])
            ids, hashes, keys = rows[0::3], rows[1::3], rows[2::3]
        later: dict[int, tuple[int, int]] = {}
        try:
            log = (path / TABLE_LOG).read_bytes()
        except OSError:
            log = b""
        if len(log) >= _ROW:
            rows = array("q")
            rows.frombytes(log[: len(log) // _ROW * _ROW])
            for i in range(0, len(rows), 3):
                later[rows[i]] = (rows[i + 1], rows[i + 2])
        return cls(ids, hashes, keys, later)

    def get(self, idh: int) -> tuple[int, int] | None:
        """(content hash, key) of a live record, or None."""
        row = self.later.get(idh)
        if row is not None:
            return None if row[1] == TOMBSTONE else row
        i = bisect_left(self.ids, idh)
        if i < len(self.ids) and self.ids[i] == idh:
            return self.hashes[i], self.keys[i]
        return None

    def live_ids(self):
        """Every id hash the table holds a live record for."""
        for idh in self.ids:
            row = self.later.get(idh)
            if row is None or row[1] != TOMBSTONE:
                yield idh
        for idh, (_, key) in self.later.items():
            if key != TOMBSTONE and not self._in_base(idh):
                yield idh

    def _in_base(self, idh: int) -> bool:
        i = bisect_left(self.ids, idh)
        return i < len(self.ids) and self.ids[i] == idh


class TableWriter:
    """The rows of a new generation, in the order they were indexed; a later row with the same id
    hash replaces an earlier one (a duplicate id in a build), a tombstone removes it."""

    def __init__(self) -> None:
        self.rows = array("q")

    def add(self, idh: int, chash: int, key: int) -> None:
        self.rows.extend((idh, chash, key))

    def remove(self, idh: int) -> None:
        self.rows.extend((idh, 0, TOMBSTONE))

    def write(self, generation: str | os.PathLike) -> array:
        """Write the sorted table; returns the sorted id hashes of the live records."""
        rows = self.rows
        n = len(rows) // 3
        # Stable sort by id hash, then keep each id's last row.
        order = sorted(range(n), key=lambda i: rows[3 * i])
        out = array("q")
        ids = array("q")
        for j, i in enumerate(order):
            idh = rows[3 * i]
            if j + 1 < n and rows[3 * order[j + 1]] == idh:
                continue
            if rows[3 * i + 2] == TOMBSTONE:
                continue
            out.extend((idh, rows[3 * i + 1], rows[3 * i + 2]))
            ids.append(idh)
        tmp = Path(generation) / f"{TABLE}.tmp"
        with open(tmp, "wb") as fh:
            out.tofile(fh)
        os.replace(tmp, Path(generation) / TABLE)
        return ids


def append_rows(generation: str | os.PathLike, rows: TableWriter) -> None:
    """Add an update's rows to a live generation's table."""
    if rows.rows:
        with open(Path(generation) / TABLE_LOG, "ab") as fh:
            rows.rows.tofile(fh)
            fh.flush()
            os.fsync(fh.fileno())


def contains(sorted_ids: array, idh: int) -> bool:
    i = bisect_left(sorted_ids, idh)
    return i < len(sorted_ids) and sorted_ids[i] == idh


# --- the deletions log ---------------------------------------------------------------------

@dataclass(frozen=True)
class Deletion:
    id: str
    key: int
    type: str = "catalogue"
    material: str | None = None

    def to_dict(self) -> dict:
        d = {"id": self.id, "key": self.key, "type": self.type}
        if self.material:
            d["material"] = self.material
        return d


def deletion_of(rec: dict, key: int) -> Deletion:
    """The log entry for a stored record that is deleted now, with what its sets need."""
    return Deletion(rec["id"], key, rec.get("type") or "catalogue", rec.get("material"))


def read_deletions(index_dir: str | os.PathLike) -> list[Deletion]:
    """The deleted records, by key (oldest first)."""
    path = changes_dir(index_dir) / DELETED
    try:
        data = path.read_bytes()
    except OSError:
        return []
    out = []
    for line in data.splitlines():
        if line.strip():
            d = orjson.loads(line)
            out.append(Deletion(d["id"], int(d["key"]), d.get("type", "catalogue"), d.get("material")))
    out.sort(key=lambda d: d.key)
    return out


@dataclass
class DeletionChanges:
    """What a job does to the deletions log: records deleted now, and ids that are live again."""
    deleted: list[Deletion] = field(default_factory=list)
    revived: set[int] = field(default_factory=set)  # id hashes
    keep_only_absent_from: array | None = None  # a full build: drop every entry whose id it holds

    def apply(self, index_dir: str | os.PathLike) -> None:
        if not self.deleted and not self.revived and self.keep_only_absent_from is None:
            return
        kept = []
        fresh = {d.id for d in self.deleted}
        for d in read_deletions(index_dir):
            h = id_hash(d.id)
            if d.id in fresh or h in self.revived:
                continue
            if self.keep_only_absent_from is not None and contains(self.keep_only_absent_from, h):
                continue
            kept.append(d)
        kept += self.deleted
        path = changes_dir(index_dir) / DELETED
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{DELETED}.tmp{os.getpid()}")
        with open(tmp, "wb") as fh:
            for d in kept:
                fh.write(orjson.dumps(d.to_dict()) + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


__all__ = [
    "KEY_SHIFT", "Clock", "Deletion", "DeletionChanges", "Table", "TableWriter", "append_rows", "datestamp",
    "deletion_of", "first_key", "id_hash", "read_deletions", "record_hash",
]
