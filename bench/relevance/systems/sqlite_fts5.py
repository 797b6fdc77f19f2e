"""Baseline: SQLite FTS5 with its built-in BM25.

The `unicode61 remove_diacritics 2` tokenizer (lower case, accents folded, no stemming), title
and body columns, bm25() with column weights title 2, body 1 (untuned: a title word counts
double), and the query's words OR-ed, each quoted so that nothing a user types is read as FTS5
syntax.
"""
from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from bench.relevance.paths import code_key, digest
from bench.relevance.prepare import Collection
from bench.relevance.systems import System, text_fields

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def match_expression(q: str) -> str:
    """'Wat is een belastingverdrag?' -> '"wat" OR "is" OR "een" OR "belastingverdrag"'."""
    seen: list[str] = []
    for w in _WORD.findall(q.lower()):
        if w not in seen:
            seen.append(w)
    return " OR ".join(f'"{w}"' for w in seen)


class SqliteFts5(System):
    name = "sqlite-fts5"
    describe = "FTS5 unicode61 remove_diacritics 2, bm25(title 2, body 1), words OR-ed"

    def __init__(self, rebuild: bool = False):
        super().__init__(rebuild)
        self._dbs: dict[str, sqlite3.Connection] = {}

    def where(self, coll: Collection) -> Path:
        return coll.dir / f"sqlite-fts5-{digest(code_key('bench/relevance/systems/sqlite_fts5.py', 'bench/relevance/systems/__init__.py'))}.db"

    def _open(self, coll: Collection) -> bool:
        path = self.where(coll)
        cached = path.is_file() and not self.rebuild
        if not cached:
            tmp = path.with_suffix(".tmp")
            tmp.unlink(missing_ok=True)
            build_db(tmp, coll.iter_records())
            os.replace(tmp, path)
        self._dbs[coll.name] = sqlite3.connect(path, check_same_thread=False)
        return cached

    def search(self, coll: Collection, q: str, k: int = 10) -> list[str]:
        return search_db(self._dbs[coll.name], q, k)

    def close(self) -> None:
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()


def build_db(path: Path, records) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE VIRTUAL TABLE docs USING fts5("
                   "id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')")
        db.executemany("INSERT INTO docs (id, title, body) VALUES (?, ?, ?)",
                       ((rec["id"], *text_fields(rec)) for rec in records))
        db.execute("INSERT INTO docs (docs) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()


def search_db(db: sqlite3.Connection, q: str, k: int = 10) -> list[str]:
    expr = match_expression(q)
    if not expr:
        return []
    rows = db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, 2.0, 1.0) LIMIT ?", (expr, k))
    return [r[0] for r in rows]
