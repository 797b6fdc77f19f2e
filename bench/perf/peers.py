"""Vindplaats beside SQLite FTS5 and PostgreSQL full-text search: same records, same query mix,
same facets, in one run.

    python -m bench.perf.peers --records 200000 [--rounds 3]

Each peer does what a search page needs, as a peer would do it in SQL:

* the twenty best matches (a result page, as Vindplaats returns) by its own ranking (FTS5
  `bm25()`; PostgreSQL `ts_rank_cd` over a `to_tsvector('dutch', ...)` column with a GIN
  index), with their stored records;
* the number of matches;
* facet counts with `GROUP BY` over a (document, field, value) table for every facet Vindplaats
  shows, disjunctive like Vindplaats's: each selected field is counted again without its own
  filter; the year facet as ranges over an integer column.

All words of the query must match (FTS5's implicit AND; `plainto_tsquery`), as in Vindplaats. An
ISBN typed with hyphens is searched without them, as Vindplaats normalises it. Neither peer folds
editions into works, which Vindplaats does on top. PostgreSQL runs as a real server that this
bench starts in a folder under bench/out/perf and stops at the end (as `nobody` when run as root).
Rounds alternate between the systems, so all see the same machine.
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import re
import sqlite3
import sys
import time
from pathlib import Path

import orjson

from bench.perf.common import (
    OUT,
    corpus,
    dir_bytes,
    fmt_bytes,
    index_for,
    machine,
    params_of,
    percentiles,
    queries_for,
    ratio,
    start_server,
    stop_server,
    wait_warm,
)
from bench.relevance.systems import text_fields
from indexer.fields import BY_NAME, PUBLIC_FACETS, YEAR_RANGES
from indexer.schema import identifiers

FACETS = [n for n in PUBLIC_FACETS if n != "year"] + ["province_library"]
_ISBN = re.compile(r"^[0-9][0-9\- ]{8,16}[0-9xX]$")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
BATCH = 5000
PAGE = 20  # hits on a result page: Vindplaats's default page size


def text_of(rec: dict) -> tuple[str, str]:
    """(title, body): the text the relevance baselines index, plus the identifiers (ISBN, PPN),
    which Vindplaats finds as well."""
    title, body = text_fields(rec)
    return title, "\n".join([body, *identifiers(rec)])


def facet_rows(doc: int, rec: dict):
    for name in FACETS:
        f = BY_NAME[name]
        if rec.get("type", "catalogue") not in f.types:
            continue
        for v in dict.fromkeys(f.values(rec)):
            if v not in (None, ""):
                yield doc, name, str(v)


def user_text(q: str) -> str:
    return q.replace("-", "").replace(" ", "") if _ISBN.match(q.strip()) else q


def parse_filters(filters: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in filters:
        name, _, value = f.partition(":")
        out.setdefault(name, []).append(value)
    return out


def year_bounds(value: str) -> tuple[int, int]:
    for r in YEAR_RANGES:
        if r.key == value:
            return (r.lo if r.lo is not None else -10_000), (r.hi if r.hi is not None else 10_000)
    raise ValueError(value)


def top_facets(rows, selected: dict[str, list[str]]) -> dict[str, list[tuple[str, int]]]:
    by: dict[str, list[tuple[str, int]]] = {}
    for field, value, count in rows:
        by.setdefault(field, []).append((value, count))
    out = {}
    for field, vs in by.items():
        vs.sort(key=lambda x: (-x[1], x[0]))
        out[field] = vs[:BY_NAME[field].facet_size]
    return out


def records_of(n: int):
    with open(corpus(n), "rb") as fh:
        for i, line in enumerate(fh, 1):
            yield i, orjson.loads(line)


# --- SQLite FTS5 ------------------------------------------------------------------------------------

def filter_clauses(clauses: list[str], args: list, fs: dict[str, list[str]], without: str | None,
                   placeholder: str, member) -> None:
    """Add the filters' SQL conditions (OR within a field, AND across fields, `without` left out)
    in a peer's dialect: its `placeholder`, and `member(name, values)` -> (condition, arguments)
    for a facet field's values."""
    for name, values in fs.items():
        if name == without:
            continue
        if name == "year":
            ors = []
            for v in values:
                lo, hi = year_bounds(v)
                ors.append(f"r.year BETWEEN {placeholder} AND {placeholder}")
                args += [lo, hi]
            clauses.append("(" + " OR ".join(ors) + ")")
        else:
            sql, more = member(name, values)
            clauses.append(sql)
            args += more


_YEAR_CASES = " ".join(f"WHEN r.year BETWEEN {r.lo if r.lo is not None else -10000} AND "
                       f"{r.hi if r.hi is not None else 10000} THEN '{r.key}'" for r in YEAR_RANGES)


def year_counts(conn, where: str, args: list) -> list:
    """The year facet's ranges counted over the matches, in SQL both peers speak."""
    return conn.execute(f"SELECT CASE {_YEAR_CASES} END AS k, count(*) FROM records r WHERE {where} "
                        f"AND r.year IS NOT NULL GROUP BY k", args).fetchall()


def facet_counts(peer, q: str, fs: dict, where: str, args: list) -> dict:
    """The same facet counts as Vindplaats: the facets without a selection over the matches, each
    selected facet over the matches without its own selection (disjunctive), years as ranges.
    `peer` brings its SQL: `_where`, `_facets` and `_years`."""
    facets = peer._facets(q, fs, None, [n for n in FACETS if n not in fs])
    if "year" not in fs:
        facets["year"] = peer._years(where, args)
    for name in fs:
        w, a = peer._where(q, fs, without=name)
        if name == "year":
            facets["year"] = peer._years(w, a)
        else:
            facets.update(peer._facets(q, fs, name, [name] + (["province_library"] if name == "library" else [])))
    return facets


class Sqlite:
    name = "SQLite FTS5"

    def __init__(self, n: int):
        self.path = OUT / f"peer-sqlite-{n}.db"
        self.build_seconds = 0.0
        if not self.path.is_file():
            t = time.perf_counter()
            self._build(n)
            self.build_seconds = time.perf_counter() - t
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute("PRAGMA cache_size = -262144")  # 256 MB page cache
        self.db.execute("PRAGMA mmap_size = 4294967296")

    def _build(self, n: int) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        db.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE records (rowid INTEGER PRIMARY KEY, id TEXT, year INTEGER, source TEXT);
            CREATE VIRTUAL TABLE fts USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 2');
            CREATE TABLE fv (doc INTEGER, field TEXT, value TEXT);
        """)
        it = records_of(n)
        while True:
            batch = list(itertools.islice(it, BATCH))
            if not batch:
                break
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?)",
                           ((i, r["id"], r.get("year"), orjson.dumps(r).decode()) for i, r in batch))
            db.executemany("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                           ((i, *text_of(r)) for i, r in batch))
            db.executemany("INSERT INTO fv VALUES (?, ?, ?)", (row for i, r in batch for row in facet_rows(i, r)))
        db.executescript("""
            CREATE INDEX fv_field_value ON fv (field, value, doc);
            CREATE INDEX fv_doc ON fv (doc, field, value);
            CREATE INDEX records_year ON records (year);
            INSERT INTO fts (fts) VALUES ('optimize');
            ANALYZE;
        """)
        db.commit()
        db.close()
        os.replace(tmp, self.path)

    def _where(self, q: str, filters: dict[str, list[str]], without: str | None = None) -> tuple[str, list]:
        clauses, args = [], []
        words = _WORD.findall(user_text(q).lower())
        if words:
            clauses.append("r.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            args.append(" ".join(f'"{w}"' for w in words))
        filter_clauses(clauses, args, filters, without, "?", lambda name, values: (
            f"r.rowid IN (SELECT doc FROM fv WHERE field = ? AND value IN ({','.join('?' * len(values))}))",
            [name, *values]))
        return (" AND ".join(clauses) or "1"), args

    def search(self, q: str, filters: list[str]) -> dict:
        fs = parse_filters(filters)
        words = _WORD.findall(user_text(q).lower())
        where, args = self._where(q, fs)
        if words:
            match = " ".join(f'"{w}"' for w in words)
            fwhere, fargs = self._where("", fs)
            top = self.db.execute(f"SELECT r.source FROM fts JOIN records r ON r.rowid = fts.rowid "
                                  f"WHERE fts MATCH ? AND {fwhere} ORDER BY bm25(fts) LIMIT {PAGE}",
                                  [match, *fargs]).fetchall()
        else:
            top = self.db.execute(f"SELECT r.source FROM records r WHERE {where} LIMIT {PAGE}", args).fetchall()
        hits = [orjson.loads(s) for (s,) in top]
        total = self.db.execute(f"SELECT count(*) FROM records r WHERE {where}", args).fetchone()[0]
        return {"total": total, "hits": hits, "facets": facet_counts(self, q, fs, where, args)}

    def _facets(self, q: str, fs: dict, without: str | None, names: list[str]) -> dict:
        where, args = self._where(q, fs, without)
        rows = self.db.execute(
            f"SELECT field, value, count(*) FROM fv WHERE field IN ({','.join('?' * len(names))}) "
            f"AND doc IN (SELECT r.rowid FROM records r WHERE {where}) GROUP BY field, value",
            [*names, *args]).fetchall()
        return top_facets(rows, fs)

    def _years(self, where: str, args: list) -> list:
        return year_counts(self.db, where, args)

    def size(self) -> int:
        return self.path.stat().st_size

    def close(self) -> None:
        self.db.close()


# --- PostgreSQL -------------------------------------------------------------------------------------

# On top of the bench server's settings: memory for sorting and GROUP BY, and one process a
# query, as Vindplaats has one thread a search (no parallel workers, no JIT start-up).
PG_SETTINGS = "-c shared_buffers=512MB -c work_mem=64MB -c max_parallel_workers_per_gather=0 -c jit=off"


class Postgres:
    name = "PostgreSQL (dutch, GIN)"

    def __init__(self, n: int):
        from bench.relevance.systems.postgres import Server

        self.server = Server(parent=OUT)
        self.build_seconds = 0.0
        try:
            self.server.start(PG_SETTINGS)
            self.conn = self.server.connect()
        except Exception:
            self.server.stop()
            raise
        self.version = self.conn.execute("SHOW server_version").fetchone()[0]
        t = time.perf_counter()
        self._load(n)
        self.build_seconds = time.perf_counter() - t

    def _load(self, n: int) -> None:
        c = self.conn
        c.execute("CREATE TABLE records (id integer PRIMARY KEY, rid text, year integer, source text, "
                  "title text, body text)")
        c.execute("CREATE TABLE fv (doc integer, field text, value text)")
        with c.cursor() as cur:
            with cur.copy("COPY records (id, rid, year, source, title, body) FROM STDIN") as copy:
                for i, r in records_of(n):
                    t, b = text_of(r)
                    copy.write_row((i, r["id"], r.get("year"), orjson.dumps(r).decode().replace("\x00", " "),
                                    t.replace("\x00", " "), b.replace("\x00", " ")))
            with cur.copy("COPY fv (doc, field, value) FROM STDIN") as copy:
                for i, r in records_of(n):
                    for row in facet_rows(i, r):
                        copy.write_row(row)
        c.execute("ALTER TABLE records ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
                  "(setweight(to_tsvector('dutch', title), 'A') || to_tsvector('dutch', body)) STORED")
        c.execute("CREATE INDEX records_tsv ON records USING gin (tsv)")
        c.execute("CREATE INDEX records_year ON records (year)")
        c.execute("CREATE INDEX fv_field_value ON fv (field, value, doc)")
        c.execute("CREATE INDEX fv_doc ON fv (doc, field, value)")
        c.execute("VACUUM ANALYZE")

    def _where(self, q: str, fs: dict, without: str | None = None) -> tuple[str, list]:
        clauses, args = [], []
        text = user_text(q)
        if _WORD.search(text):
            clauses.append("r.tsv @@ plainto_tsquery('dutch', %s)")
            args.append(text)
        filter_clauses(clauses, args, fs, without, "%s", lambda name, values: (
            "r.id IN (SELECT doc FROM fv WHERE field = %s AND value = ANY(%s))", [name, values]))
        return (" AND ".join(clauses) or "true"), args

    def search(self, q: str, filters: list[str]) -> dict:
        fs = parse_filters(filters)
        where, args = self._where(q, fs)
        text = user_text(q)
        c = self.conn
        if _WORD.search(text):
            top = c.execute(f"SELECT r.source FROM records r WHERE {where} "
                            f"ORDER BY ts_rank_cd(r.tsv, plainto_tsquery('dutch', %s)) DESC LIMIT {PAGE}",
                            [*args, text]).fetchall()
        else:
            top = c.execute(f"SELECT r.source FROM records r WHERE {where} LIMIT {PAGE}", args).fetchall()
        hits = [orjson.loads(s) for (s,) in top]
        total = c.execute(f"SELECT count(*) FROM records r WHERE {where}", args).fetchone()[0]
        return {"total": total, "hits": hits, "facets": facet_counts(self, q, fs, where, args)}

    def _facets(self, q: str, fs: dict, without: str | None, names: list[str]) -> dict:
        where, args = self._where(q, fs, without)
        rows = self.conn.execute(
            f"WITH m AS MATERIALIZED (SELECT r.id FROM records r WHERE {where}) "
            f"SELECT f.field, f.value, count(*) FROM fv f JOIN m ON f.doc = m.id "
            f"WHERE f.field = ANY(%s) GROUP BY f.field, f.value", [*args, names]).fetchall()
        return top_facets(rows, fs)

    def _years(self, where: str, args: list) -> list:
        return year_counts(self.conn, where, args)

    def size(self) -> int:
        return int(self.conn.execute("SELECT pg_database_size('postgres')").fetchone()[0])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        self.server.stop()


# --- the run ----------------------------------------------------------------------------------------

def run(n: int, queries: list[dict], rounds: int, peers: list[str]) -> dict:
    import httpx

    from search_api.request import SearchRequest
    from search_api.service import SearchService

    index_dir = index_for(n)
    systems = []
    if "sqlite" in peers:
        print("  preparing SQLite FTS5 ...", flush=True)
        systems.append(Sqlite(n))
    if "postgres" in peers:
        print("  starting PostgreSQL and loading the records ...", flush=True)
        try:
            systems.append(Postgres(n))
        except Exception as exc:  # noqa: BLE001 - no server binaries, or initdb refused: say so, go on without
            print(f"  PostgreSQL unavailable: {exc}", flush=True)
    svc = SearchService(index_dir)
    proc, base = start_server(index_dir, workers=1)
    wait_warm(base)
    svc.vocabulary(svc.state).typos  # noqa: B018 - built before measuring
    times: dict[str, list[float]] = {"Vindplaats HTTP": [], "Vindplaats direct": []}
    for s in systems:
        times[s.name] = []
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            warm, queries = queries[:20], queries[20:]
            for q in warm:  # warm every system: page cache, vocabulary, connections
                client.get("/api/v1/search", params=params_of(q))
                svc.search(SearchRequest.from_params(params_of(q)))
                for s in systems:
                    s.search(q["q"], q.get("filters", []))
            per_round = len(queries) // rounds
            for r in range(rounds):  # each round has queries of its own: nothing is seen twice
                for q in queries[r * per_round:(r + 1) * per_round]:
                    t = time.perf_counter()
                    client.get("/api/v1/search", params=params_of(q)).raise_for_status()
                    times["Vindplaats HTTP"].append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    svc.search(SearchRequest.from_params(params_of(q)))
                    times["Vindplaats direct"].append((time.perf_counter() - t) * 1000)
                    for s in systems:
                        t = time.perf_counter()
                        s.search(q["q"], q.get("filters", []))
                        times[s.name].append((time.perf_counter() - t) * 1000)
    finally:
        stop_server(proc)
    out = {"records": n, "queries": len(queries) // rounds * rounds, "rounds": rounds,
           "latency": {k: percentiles(v) for k, v in times.items()},
           "sizes": {"Vindplaats": dir_bytes(index_dir / "generations")},
           "build_seconds": {}}
    for s in systems:
        out["sizes"][s.name] = s.size()
        out["build_seconds"][s.name] = s.build_seconds
        if isinstance(s, Postgres):
            out["postgres_version"] = s.version
        s.close()
    return out


def report(res: dict) -> str:
    lat = res["latency"]
    base = lat["Vindplaats HTTP"]
    lines = [f"machine: {machine()}",
             f"{res['records']:,} records, {res['queries']} distinct mix queries in {res['rounds']} rounds, facets on, "
             "one client, systems alternating per query",
             f"{'system':26} {'p50':>8} {'p95':>8} {'p99':>8} {'mean':>8}  {'p50 vs Vindplaats HTTP':>22}  {'size':>9}"]
    for name, p in lat.items():
        size = res["sizes"].get(name.replace(" HTTP", "").replace(" direct", ""), 0)
        lines.append(f"{name:26} {p['p50']:8.2f} {p['p95']:8.2f} {p['p99']:8.2f} {p['mean']:8.2f}  "
                     f"{ratio(p['p50'], base['p50']):>22}  {fmt_bytes(size) if size else '':>9}")
    for name, secs in res["build_seconds"].items():
        if secs:
            lines.append(f"{name}: loaded and indexed in {secs:.0f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=150, help="distinct queries per round")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--peer", action="append", choices=("sqlite", "postgres"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    res = run(args.records, queries_for(args.records, args.queries * args.rounds + 20), args.rounds,
              args.peer or ["sqlite", "postgres"])
    print(report(res))
    (args.json or OUT / f"peers-{args.records}.json").write_text(json.dumps(res | {"machine": machine()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
