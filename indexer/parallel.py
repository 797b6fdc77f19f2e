"""Reading and analysis on all cores, one process owning the tantivy writer.

Worker processes read their share of the sources, validate the records and turn them into
index documents, serialised as JSON; the building process only hands those documents to the
tantivy writer (whose own threads do the tokenising) and keeps the books: counts, rejections,
duplicates, libraries. Work units keep source order, so a later record with the same id still
replaces an earlier one.

Units of work:
* a JSON-lines file is cut into chunks of whole lines (with their line numbers);
* a folder of files (MARC, Dublin Core, articles) is one unit per file;
* anything else (an OAI-PMH URL, one XML file) is one unit.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import orjson

from corpus.model import Delete, Rejection
from corpus.readers import parse_source, reader_for

CHUNK_BYTES = 4 << 20  # a JSON-lines chunk: large enough to amortise the hand-over
ARTICLE_FILES_PER_UNIT = 32
SMALL_BUILD_BYTES = 2 << 20  # below this, starting worker processes costs more than it saves
FOLDER_KINDS = {"marc", "marcxml", "dc", "oba"}  # readers that take a single file as well
COMPLETENESS_FIELDS = ("isbn", "year", "subjects", "description", "holdings", "authors")


@dataclass(frozen=True)
class Unit:
    source: str  # the --source spec it belongs to
    kind: str
    path: str
    start: int = 0  # byte range of a JSON-lines chunk
    end: int = -1
    first_line: int = 1
    files: tuple[str, ...] = ()  # a share of an `articles` folder (ids stay relative to `path`)
    size: int = 0  # bytes this unit covers, for progress (-1: unknown)


def plan_units(sources: list[str]) -> list[Unit]:
    units: list[Unit] = []
    for spec in sources:
        kind, path = parse_source(spec)
        p = Path(path)
        if kind == "jsonl" and p.is_file():
            units.extend(_jsonl_chunks(spec, p))
        elif kind == "articles" and p.is_dir():
            from corpus.readers.articles import list_files

            root, files = list_files(path)
            for i in range(0, len(files), ARTICLE_FILES_PER_UNIT):
                share = tuple(files[i:i + ARTICLE_FILES_PER_UNIT])
                units.append(Unit(spec, kind, root, files=share, size=sum(os.path.getsize(f) for f in share)))
        elif kind in FOLDER_KINDS and p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            units.extend(Unit(spec, kind, str(f), size=f.stat().st_size) for f in files)
        else:
            # A harvested URL has no size to measure progress against: -1.
            size = p.stat().st_size if p.is_file() else sum(
                f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.is_dir() else -1
            units.append(Unit(spec, kind, path, size=size))
    return units


def _jsonl_chunks(spec: str, path: Path) -> Iterator[Unit]:
    size = path.stat().st_size
    start, line = 0, 1
    with open(path, "rb") as fh:
        while start < size:
            fh.seek(min(start + CHUNK_BYTES, size))
            fh.readline()  # run on to the end of the line
            end = min(fh.tell(), size)
            if end <= start:
                end = size
            fh.seek(start)
            lines = fh.read(end - start).count(b"\n")
            yield Unit(spec, "jsonl", str(path), start, end, line, size=end - start)
            line += lines
            start = end


def work(unit: Unit) -> list[tuple]:
    """Run in a worker: read one unit, return compact items for the writer process.

    ("r", doc_json, id, holdings, present_fields, warnings, content hash) | ("x", rejection dict) | ("d", id)
    """
    from indexer.changes import record_hash
    from indexer.schema import index_document

    out: list[tuple] = []
    for item in _read(unit):
        if isinstance(item, Rejection):
            out.append(("x", item.to_dict()))
        elif isinstance(item, Delete):
            out.append(("d", item.id))
        else:
            warnings = item.pop("_warnings", None) or ()
            doc = index_document(item, source_as_text=True)
            holdings = [(h["library"], h.get("library_name"), h.get("province"))
                        for h in item.get("holdings") or ()]
            present = tuple(n for n in COMPLETENESS_FIELDS if item.get(n)) if item["type"] == "catalogue" else None
            out.append(("r", orjson.dumps(doc).decode(), item["id"], holdings, present, tuple(warnings),
                        record_hash(item)))
    return out


def _read(unit: Unit):
    if unit.kind == "jsonl" and unit.end >= 0:
        return _read_jsonl_chunk(unit)
    if unit.files:
        from corpus.readers.articles import read_files

        return read_files(unit.path, list(unit.files))
    return reader_for(unit.kind)(unit.path)


def _read_jsonl_chunk(unit: Unit):
    from corpus.readers.jsonl import read_lines

    with open(unit.path, "rb") as fh:
        fh.seek(unit.start)
        data = fh.read(unit.end - unit.start)
    return read_lines(data.split(b"\n"), os.path.basename(unit.path), unit.first_line)


def run(units: list[Unit], workers: int) -> Iterator[tuple[Unit, list[tuple]]]:
    """Items per unit, in source order; `workers` <= 1 reads in this process."""
    if workers <= 1 or len(units) <= 1 or 0 <= sum(u.size for u in units) < SMALL_BUILD_BYTES:
        for u in units:
            yield u, work(u)
        return
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    window = 2 * workers  # units in flight: bounds memory when the writer is the slower side
    with ctx.Pool(workers, maxtasksperchild=500) as pool:
        todo = iter(units)
        pending: deque = deque()
        for u in islice(todo, window):
            pending.append((u, pool.apply_async(work, (u,))))
        while pending:
            u, result = pending.popleft()
            items = result.get()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append((nxt, pool.apply_async(work, (nxt,))))
            yield u, items


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)
