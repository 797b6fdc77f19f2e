"""A generation's vocabulary and typo index, written once beside it and memory-mapped by every
server worker (search_api.vocabulary), instead of being read from the term dictionaries and
built again in each worker.

    generations/<name>/vocabulary.bin

The vocabulary is every term of the `VOCAB_FIELDS`' exact views with its document count (the
largest over those fields). The file holds it in a fixed layout that is searched where it lies,
nothing decoded at opening: the mapped pages are the page cache's, so two workers share one copy.

    header      magic, byte-order mark, the index's opstamp, the sizes below
    offsets     n + 1 offsets into the text (4 bytes each, 8 for a text of 4 GB or more)
    text        the terms' UTF-8, sorted (byte order is code point order: Python's str order)
    counts      n document counts (4 bytes)
    slots       an open-addressing hash table of term numbers (CRC-32, linear probing), for count()
    suffixes    the term numbers in the order of the reversed terms, for with_suffix()
    typo words  the term numbers of the typo index's words (found in at least MIN_TYPO_COUNT records)
    typo keys   their symmetric-delete keys (indexer.typokeys), sorted

Every section starts on an 8-byte boundary. The file is written to a temporary name and renamed,
so a worker that has the previous one mapped keeps reading it. It describes the commit whose
opstamp it carries (tantivy's meta.json): after an update's commit it is stale until the update
has written it again, and a stale, missing or unreadable file is never used (`load` gives None;
the server then builds the vocabulary itself, as it did before these files existed).
"""
from __future__ import annotations

import contextlib
import itertools
import mmap
import os
import struct
import time
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path

import orjson

from indexer.fields import BY_NAME, VOCAB_FIELDS
from indexer.typokeys import MAX_DISTANCE, PREFIX, build_keys

FILE = "vocabulary.bin"
MAGIC = b"VPVOCAB1"
BYTE_ORDER_MARK = 0x01020304  # read back as another number on a machine of the other byte order
MIN_TYPO_COUNT = 2  # a correction must be found in more than one record (a word found once may be a typo)
EMPTY = 0xFFFFFFFF
# magic, byte-order mark, offset width, opstamp, terms, text bytes, slots, typo words, typo keys,
# max distance, prefix, min count
_HEADER = struct.Struct("=8sIIqQQQQQIII")


def collect(searcher) -> dict[str, int]:
    """The vocabulary of an opened index: term -> its largest document count over VOCAB_FIELDS."""
    df: dict[str, int] = {}
    for name in VOCAB_FIELDS:
        field = BY_NAME[name].exact_field
        try:
            pairs = searcher.terms_with_prefix(field, "")
        except ValueError:
            continue
        for term, count in pairs:
            if count > df.get(term, 0):
                df[term] = count
    return df


def opstamp(path: str | os.PathLike) -> int | None:
    """The commit the index at `path` is at (tantivy's meta.json), None when unreadable."""
    try:
        return int(orjson.loads((Path(path) / "meta.json").read_bytes())["opstamp"])
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


def _align(n: int) -> int:
    return (n + 7) & ~7


def _slots_for(n: int) -> int:
    """A power of two at least twice the terms: short probe runs, and a mask instead of a modulo."""
    size = 8
    while size < 2 * n:
        size <<= 1
    return size


def _layout(width: int, n: int, text: int, slots: int, typo: int, keys: int) -> tuple[list[int], int]:
    """Where each section starts, and the file's length."""
    sizes = [(n + 1) * width, text, 4 * n, 4 * slots, 4 * n, 4 * typo, 8 * keys]
    starts, at = [], _align(_HEADER.size)
    for size in sizes:
        starts.append(at)
        at = _align(at + size)
    return starts, at


def write(path: str | os.PathLike, searcher=None) -> dict:
    """Write the vocabulary file of the generation at `path` (its committed state: the caller
    holds the writer lock). Returns what was written, with the seconds it took."""
    t0 = time.perf_counter()
    path = Path(path)
    stamp = opstamp(path)
    if searcher is None:
        from indexer.schema import open_index

        index = open_index(str(path))
        index.reload()
        searcher = index.searcher()
    df = collect(searcher)
    terms = sorted(df)
    encoded = [t.encode() for t in terms]
    n = len(terms)
    text_len = sum(map(len, encoded))
    width = 4 if text_len < 1 << 32 else 8
    offsets = array("I" if width == 4 else "Q", [0])
    at = 0
    for b in encoded:
        at += len(b)
        offsets.append(at)
    counts = array("I", (df[t] for t in terms))
    del df
    n_slots = _slots_for(n)
    mask = n_slots - 1
    slots = array("I", [EMPTY]) * n_slots
    for i, b in enumerate(encoded):
        h = zlib.crc32(b) & mask
        while slots[h] != EMPTY:
            h = (h + 1) & mask
        slots[h] = i
    suffixes = array("I", sorted(range(n), key=lambda i: terms[i][::-1]))
    typo_ids = array("I", (i for i in range(n) if counts[i] >= MIN_TYPO_COUNT))
    keys = build_keys((terms[i] for i in typo_ids), MAX_DISTANCE, PREFIX)
    starts, length = _layout(width, n, text_len, n_slots, len(typo_ids), len(keys))
    header = _HEADER.pack(MAGIC, BYTE_ORDER_MARK, width, -1 if stamp is None else stamp, n, text_len,
                          n_slots, len(typo_ids), len(keys), MAX_DISTANCE, PREFIX, MIN_TYPO_COUNT)
    target = path / FILE
    tmp = path / f"{FILE}.tmp{os.getpid()}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(header)
            for start, part in zip(starts, (offsets, None, counts, slots, suffixes, typo_ids, keys)):
                fh.write(b"\0" * (start - fh.tell()))
                if part is None:
                    for b in encoded:
                        fh.write(b)
                else:
                    part.tofile(fh)
            fh.write(b"\0" * (length - fh.tell()))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return {"terms": n, "typo_words": len(typo_ids), "typo_keys": len(keys), "bytes": length,
            "seconds": round(time.perf_counter() - t0, 3)}


class MappedVocabulary:
    """The vocabulary file of one generation, memory-mapped and searched in place."""

    def __init__(self, mm: mmap.mmap, header: tuple):
        (_, _, width, self.opstamp, n, text_len, n_slots, n_typo, n_keys,
         self.max_distance, self.prefix, self.min_typo_count) = header
        starts, _ = _layout(width, n, text_len, n_slots, n_typo, n_keys)
        view = memoryview(mm)
        self._mm = mm
        self._n = n
        self._text = starts[1]
        self._offsets = view[starts[0]:starts[0] + (n + 1) * width].cast("I" if width == 4 else "Q")
        self._counts = view[starts[2]:starts[2] + 4 * n].cast("I")
        self._slots = view[starts[3]:starts[3] + 4 * n_slots].cast("I")
        self._mask = n_slots - 1
        self._suffixes = view[starts[4]:starts[4] + 4 * n].cast("I")
        self._typo_ids = view[starts[5]:starts[5] + 4 * n_typo].cast("I")
        self.typo_keys = view[starts[6]:starts[6] + 8 * n_keys].cast("q")
        self.typo_words = _TypoWords(self)

    def __len__(self) -> int:
        return self._n

    def _bytes(self, i: int) -> bytes:
        o, t = self._offsets, self._text
        return self._mm[t + o[i]:t + o[i + 1]]

    def term(self, i: int) -> str:
        return self._bytes(i).decode()

    def count(self, term: str) -> int:
        b = term.encode()
        slots, mask = self._slots, self._mask
        h = zlib.crc32(b) & mask
        while True:
            i = slots[h]
            if i == EMPTY:
                return 0
            if self._bytes(i) == b:
                return self._counts[i]
            h = (h + 1) & mask

    def _lower_bound(self, b: bytes) -> int:
        """The first term not below `b` (in byte order)."""
        lo, hi = 0, self._n
        while lo < hi:
            mid = (lo + hi) // 2
            if self._bytes(mid) < b:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def with_prefix(self, prefix: str, limit: int) -> list[str]:
        p = prefix.encode()
        lo = self._lower_bound(p)
        # No UTF-8 byte is 0xff: every term beginning with p lies below p + 0xff, no other term does.
        hi = min(self._lower_bound(p + b"\xff"), lo + limit)
        return self._run(lo, hi)

    def _run(self, lo: int, hi: int) -> list[str]:
        """Terms lo..hi-1, which lie side by side in the text: decoded at once."""
        if lo >= hi:
            return []
        offs = self._offsets[lo:hi + 1].tolist()
        base = offs[0]
        raw = self._mm[self._text + base:self._text + offs[-1]]
        text = raw.decode()
        if len(text) == len(raw):  # all ASCII (most runs): byte offsets are character offsets
            return [text[a - base:b - base] for a, b in itertools.pairwise(offs)]
        return [raw[a - base:b - base].decode() for a, b in itertools.pairwise(offs)]

    def with_suffix(self, suffix: str, limit: int) -> list[str]:
        rev = suffix[::-1]
        order = self._suffixes
        lo, hi = 0, self._n
        while lo < hi:
            mid = (lo + hi) // 2
            if self.term(order[mid])[::-1] < rev:
                lo = mid + 1
            else:
                hi = mid
        # The scan compares bytes: a term's text ends with the suffix's UTF-8 exactly when the term
        # ends with the suffix (a character's encoding starts with a byte no other one ends with).
        end, o, t, mm = suffix.encode(), self._offsets, self._text, self._mm
        out = []
        while lo < self._n and len(out) < limit:
            i = order[lo]
            raw = mm[t + o[i]:t + o[i + 1]]
            if not raw.endswith(end):
                break
            out.append(raw.decode())
            lo += 1
        return out

    def items(self) -> Iterator[tuple[str, int]]:
        """Every term with its count, in term order."""
        for i in range(self._n):
            yield self.term(i), self._counts[i]


class _TypoWords:
    """The typo index's words by their number there, read from the mapped terms."""

    def __init__(self, vocab: MappedVocabulary):
        self._vocab, self._ids = vocab, vocab._typo_ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i: int) -> str:
        return self._vocab.term(self._ids[i])


def load(path: str | os.PathLike) -> MappedVocabulary | None:
    """The generation's vocabulary file, mapped; None when it is missing, unreadable, written by
    another format or byte order, or stale (another commit than the index's own)."""
    path = Path(path)
    try:
        with open(path / FILE, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size < _HEADER.size:
                return None
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    header = _HEADER.unpack_from(mm, 0)
    magic, mark, width, stamp, n, text_len, n_slots, n_typo, n_keys, max_distance, prefix, min_count = header
    _, length = _layout(width, n, text_len, n_slots, n_typo, n_keys) if width in (4, 8) else (None, -1)
    if (magic != MAGIC or mark != BYTE_ORDER_MARK or length != size or stamp < 0 or stamp != opstamp(path)
            or (max_distance, prefix, min_count) != (MAX_DISTANCE, PREFIX, MIN_TYPO_COUNT)):
        mm.close()
        return None
    return MappedVocabulary(mm, header)

