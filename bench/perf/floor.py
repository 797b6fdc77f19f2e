"""The floor: a minimal tantivy index of the same records, built and queried in this process, that
every performance figure is also given as a ratio to (absolute times on a shared machine drift
with its load; a ratio to the floor measured in the same run does not).

    python -m bench.perf.floor --records 200000

The minimal index is what any tantivy search of a catalogue needs and nothing more: title,
authors, subjects and description in one Dutch-stemmed text field each (Vindplaats's own stem
analyzer), the identifiers (ISBN, PPN) as raw terms so known-item queries find their record,
the filter fields of the query mix as raw terms (year as a number), two facets (material,
language) as fast columns, and the record id stored. A query is all its words required, each in
any of the four text fields (BM25 over them), the filters AND-ed; the answer is the top 10 with
their stored ids, the number of matches and the two facets' counts. No editions folded into
works, no spelling, no per-field views, no disjunctive facets: what Vindplaats adds on top is
what the ratio measures.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import orjson
import tantivy

from bench.perf.common import OUT, TreeMeter, corpus, dir_bytes, fmt_bytes, machine, percentiles, queries_for
from indexer.analysis import STEM, register_analyzers, stem_tokens
from indexer.fields import BY_NAME, YEAR_RANGES

TEXT = ("title", "authors", "subjects", "description")
FACETS = ("material", "language")
FILTERS = ("audience", "province")  # the mix's other filter fields (year is a range)
TOP = 10
HEAP_MB = 1000  # as the Vindplaats build (bench.perf.build.HEAP_MB)


def schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("identifier", stored=False, tokenizer_name="raw", index_option="basic")
    for name in TEXT:
        sb.add_text_field(name, stored=False, tokenizer_name=STEM, index_option="position")
    for name in FACETS:
        sb.add_text_field(name, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    for name in FILTERS:
        sb.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", stored=False, indexed=True, fast=True)
    return sb.build()


def _values(name: str, rec: dict) -> list[str]:
    return [str(v) for v in BY_NAME[name].values(rec) if v not in (None, "")]


def document(rec: dict) -> tantivy.Document:
    from indexer.schema import identifiers

    d = tantivy.Document()
    d.add_text("id", rec["id"])
    for ident in identifiers(rec):
        d.add_text("identifier", ident)
    d.add_text("title", rec.get("title") or "")
    for a in rec.get("authors") or ():
        d.add_text("authors", a["name"] if isinstance(a, dict) else str(a))
    for s in rec.get("subjects") or ():
        d.add_text("subjects", str(s))
    if rec.get("description"):
        d.add_text("description", rec["description"])
    for name in FACETS + FILTERS:
        for v in dict.fromkeys(_values(name, rec)):
            d.add_text(name, v)
    if isinstance(rec.get("year"), int):
        d.add_integer("year", rec["year"])
    return d


def build(n: int, index_dir: Path | None = None) -> dict:
    """Build the floor index of corpus n from its JSON lines, measured like the Vindplaats build
    (wall time, CPU of this process and its threads, peak memory, size on disk)."""
    src = corpus(n)
    index_dir = index_dir or OUT / f"floor-{n}"
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    with TreeMeter(os.getpid()) as meter:
        index = tantivy.Index(schema(), path=str(index_dir))
        register_analyzers(index)
        writer = index.writer(HEAP_MB * 1024 * 1024)
        count = 0
        with open(src, "rb") as fh:
            for line in fh:
                writer.add_document(document(orjson.loads(line)))
                count += 1
        writer.commit()
        writer.wait_merging_threads()
    wall = time.perf_counter() - t0
    return {"records": count, "seconds": wall, "records_per_second": count / wall,
            "cpu_seconds": time.process_time() - cpu0, "peak_rss": meter.peak_rss,
            "index_bytes": dir_bytes(index_dir), "index_dir": str(index_dir)}


class Floor:
    """The floor's query side over a built floor index."""

    def __init__(self, index_dir: Path):
        self.index = tantivy.Index.open(str(index_dir))
        register_analyzers(self.index)
        self.index.reload()
        self.searcher = self.index.searcher()
        self.schema = self.index.schema

    def query(self, q: str, filters: list[str]) -> tantivy.Query:
        from bench.perf.peers import parse_filters, user_text

        text = user_text(q)
        must = []
        for word in dict.fromkeys(stem_tokens(text)):
            alts = [tantivy.Query.term_query(self.schema, f, word) for f in TEXT]
            alts.append(tantivy.Query.term_query(self.schema, "identifier", word))
            must.append((tantivy.Occur.Must, tantivy.Query.boolean_query([(tantivy.Occur.Should, a) for a in alts])))
        if not must and text.strip():
            must.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "identifier", text.strip())))
        for name, values in parse_filters(filters).items():
            if name == "year":
                ors = []
                for v in values:
                    r = next(r for r in YEAR_RANGES if r.key == v)
                    ors.append(tantivy.Query.range_query(self.schema, "year", tantivy.FieldType.Integer,
                                                         r.lo, r.hi))
            else:
                field = name if name in FACETS + FILTERS else None
                if field is None:
                    continue
                ors = [tantivy.Query.term_query(self.schema, field, v) for v in values]
            must.append((tantivy.Occur.Must, tantivy.Query.boolean_query([(tantivy.Occur.Should, o) for o in ors])))
        return tantivy.Query.boolean_query(must) if must else tantivy.Query.all_query()

    def search(self, q: str, filters: list[str]) -> dict:
        query = self.query(q, filters)
        res = self.searcher.search(query, limit=TOP, count=True)
        ids = [self.searcher.doc(addr).get_first("id") for _, addr in res.hits]
        facets = self.searcher.aggregate(query, {f: {"terms": {"field": f, "size": BY_NAME[f].facet_size}}
                                                 for f in FACETS})
        return {"total": res.count, "ids": ids, "facets": facets}

    def timed(self, queries: list[dict]) -> list[float]:
        out = []
        for q in queries:
            t = time.perf_counter()
            self.search(q["q"], q.get("filters", []))
            out.append((time.perf_counter() - t) * 1000)
        return out


def index_for(n: int) -> Path:
    """The floor index of corpus n, built once (unmeasured) when a query bench needs it."""
    d = OUT / f"floor-{n}"
    if not (d / "meta.json").is_file():
        build(n, d)
    return d


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=400)
    args = ap.parse_args(argv)
    b = build(args.records)
    print(f"machine: {machine()}")
    print(f"floor build: {b['records']:,} records in {b['seconds']:.1f} s ({b['records_per_second']:,.0f} rec/s), "
          f"peak RSS {fmt_bytes(b['peak_rss'])}, index {fmt_bytes(b['index_bytes'])}")
    fl = Floor(Path(b["index_dir"]))
    qs = queries_for(args.records, args.queries + 20)
    fl.timed(qs[:20])
    p = percentiles(fl.timed(qs[20:]))
    print(f"floor query: p50 {p['p50']:.2f} ms, p95 {p['p95']:.2f} ms, p99 {p['p99']:.2f} ms, mean {p['mean']:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
