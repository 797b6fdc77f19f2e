"""`python -m bench.relevance`: prepare, index, query, print one table."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

import orjson

from bench.relevance import querysets, report
from bench.relevance.evaluate import Result, evaluate
from bench.relevance.paths import CACHE, OUT, shared_corpus
from bench.relevance.prepare import Collection, prepare
from bench.relevance.querysets import QuerySet
from bench.relevance.systems import SYSTEMS, Unavailable, load

SETS = ("knowledge", "known", "subject")
PER_QUERY_DIR = OUT / "relevance-last"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.relevance",
        description="Relevance of Vindplaats against plain baselines on the shared corpus (../shared/corpus).")
    p.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from: {', '.join(SETS)}")
    p.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from: {', '.join(SYSTEMS)}")
    p.add_argument("--test", action="store_true",
                   help="also evaluate the held-out knowledge test questions and subject test headings "
                        "(reported apart; never tune on them)")
    p.add_argument("--limit", type=int, metavar="N",
                   help="a deterministic sample of N queries per set (known-item: N dissertation titles; "
                        f"default all questions and headings, {querysets.KNOWN_SAMPLE} dissertations)")
    p.add_argument("--json", metavar="OUT", help="also write every figure and timing as JSON to OUT")
    p.add_argument("--rebuild", action="store_true", help="ignore the cache: prepare and index everything again")
    args = p.parse_args(argv)
    args.sets = _choices(p, args.sets, SETS, "--sets")
    args.systems = _choices(p, args.systems, tuple(SYSTEMS), "--systems")
    if args.limit is not None and args.limit < 1:
        p.error("--limit must be 1 or more")
    return args


def _choices(p: argparse.ArgumentParser, value: str, allowed: tuple[str, ...], flag: str) -> list[str]:
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if unknown or not chosen:
        p.error(f"{flag}: unknown {', '.join(unknown) or '(empty)'}; choose from {', '.join(allowed)}")
    return [v for v in allowed if v in chosen]  # the table's fixed order


def _say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def build_sets(corpus: Path, names: list[str], limit: int | None) -> list[QuerySet]:
    out = []
    if "knowledge" in names:
        out.append(querysets.knowledge(corpus, "train", limit))
    if "known" in names:
        out.append(querysets.known_item(corpus, limit))
    if "subject" in names:
        out.append(querysets.subject(corpus, limit))
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server
    corpus = shared_corpus()
    started = time.perf_counter()

    qsets = build_sets(corpus, args.sets, args.limit)
    test_sets = []
    if args.test and "knowledge" in args.sets:
        test_sets.append(querysets.knowledge(corpus, "test"))
    if args.test and "subject" in args.sets:
        test_sets.append(querysets.subject(corpus, split="test"))
    needed = sorted({qs.collection for qs in qsets + test_sets})
    collections: dict[str, Collection] = {}
    for name in needed:
        _say(f"preparing the {name} collection")
        collections[name] = prepare(name, corpus, rebuild=args.rebuild)
        c = collections[name]
        _say(f"  {c.counts.get('records', 0)} records in {_rel(c.records)}"
             f"{' (cached)' if c.cached else f' ({c.seconds:.1f} s)'}")

    results: dict[tuple[str, str], Result] = {}
    systems, unavailable, started_systems = [], {}, []
    try:
        for name in args.systems:
            system = load(name, rebuild=args.rebuild)
            started_systems.append(system)  # closed in `finally`, whatever happens while opening
            try:
                for cname, coll in collections.items():
                    _say(f"indexing {cname} in {name}")
                    system.open(coll)
                    _say(f"  {'reused the cache' if system.cached[cname] else 'built'} "
                         f"in {system.build_seconds[cname]:.1f} s")
            except Unavailable as exc:
                _say(f"  {name} is not available here: {exc}")
                unavailable[name] = str(exc)
                continue
            systems.append(system)
        for qs in qsets + test_sets:
            for system in systems:
                _say(f"{qs.name}: {len(qs.queries)} queries in {system.name}")
                results[(system.name, qs.name)] = evaluate(system, collections[qs.collection], qs)
        pg_version = next((s.server.version for s in systems if getattr(s, "server", None)), None)
    finally:
        for system in started_systems:
            system.close()

    names = [s.name for s in systems]
    text, data = report.table(qsets, results, names)
    cv_text, cv_data = report.cross_validated(qsets, results, names)
    test_text, test_data = report.table(test_sets, results, names) if test_sets else ("", [])
    parts = _timing_parts(qsets + test_sets, collections, systems, results)
    mach = report.machine(pg_version)
    crit = report.criteria(data, names)
    elapsed = time.perf_counter() - started

    print()
    print("Vindplaats relevance bench — same documents, same queries, every system in this run")
    print("machine: " + ", ".join(f"{k} {v}" for k, v in mach.items()))
    print(f"data: {_rel(corpus)}; cache: {_rel(CACHE)}; per-query results: {_rel(PER_QUERY_DIR)}")
    for c in collections.values():
        counts = ", ".join(f"{v} {k}" for k, v in c.counts.items() if k != "records")
        took = "reused from the cache" if c.cached else f"prepared in {c.seconds:.1f} s"
        print(f"  collection {c.name}: {c.counts.get('records', 0)} records ({counts}); {took}")
    for qs in qsets:
        print(f"  set {qs.name}: {qs.label}" + (f". {qs.note}" if qs.note else ""))
    for s in systems:
        print(f"  system {s.name}: {s.describe}")
    for name, why in unavailable.items():
        print(f"  not run: {name}: {why}")
    print()
    print(text)
    print()
    print("Five-fold cross-validation over the same train queries: mean ± sd over the folds")
    print(cv_text)
    if test_sets:
        print()
        print("HELD-OUT TEST QUESTIONS — evaluated once for the record; never tune on these figures")
        print(test_text)
    print()
    print("Timings")
    print(report.timings(parts, names))
    print(f"total {elapsed:.1f} s")
    print()
    print("Done when (issue):")
    for line in crit:
        print("  " + line)

    _write_per_query(qsets + test_sets, results, names)
    if args.json:
        payload = {"machine": mach, "sets": args.sets, "systems": names, "limit": args.limit,
                   "collections": {c.name: c.counts for c in collections.values()},
                   "results": data, "cross_validated": cv_data, "test_results": test_data, "criteria": crit,
                   "timings": dict(parts), "seconds": round(elapsed, 1),
                   "unavailable": unavailable}
        Path(args.json).write_text(json.dumps(payload, indent=1, ensure_ascii=False))
        print(f"\nJSON written to {args.json}")
    return 0


def _timing_parts(qsets: list[QuerySet], collections: dict[str, Collection], systems, results) -> list:
    parts = []
    for cname, coll in collections.items():
        cells = {}
        for s in systems:
            sec = s.build_seconds.get(cname)
            if sec is not None:
                cells[s.name] = f"{sec:.1f} s" + (" (cached)" if s.cached.get(cname) else "")
        parts.append((f"index {cname} ({coll.counts.get('records', 0)} docs)", cells))
    for qs in qsets:
        cells = {}
        for s in systems:
            r = results.get((s.name, qs.name))
            if r is not None and qs.queries:
                cells[s.name] = f"{r.seconds:.1f} s ({1000 * r.seconds / len(qs.queries):.0f} ms/q)"
        parts.append((f"queries {qs.name} ({len(qs.queries)})", cells))
    return parts


def _write_per_query(qsets: list[QuerySet], results: dict, names: list[str]) -> None:
    """Every query with the rank of its first relevant record in each system: for finding failures."""
    PER_QUERY_DIR.mkdir(parents=True, exist_ok=True)
    for qs in qsets:
        with open(PER_QUERY_DIR / f"{qs.name}.jsonl", "wb") as fh:
            runs = {n: results[(n, qs.name)].per_query for n in names if (n, qs.name) in results}
            for i, q in enumerate(qs.queries):
                row = {"qid": q.qid, "query": q.text, "variant": q.group or None,
                       "relevant": sorted(q.relevant)[:5], "relevant_count": len(q.relevant),
                       "systems": {n: {"rank": runs[n][i]["rank"], "top": runs[n][i]["top"]} for n in runs}}
                fh.write(orjson.dumps(row) + b"\n")
