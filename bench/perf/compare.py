"""Two checkouts of Vindplaats on the same index and the same query mix: the same answers, and how
their direct search latency compares. For refactors that must not change what a search returns
nor make it slower.

    python -m bench.perf.compare --before ../vindplaats-old --after . --records 200000 [--rounds 3]

Each side runs in its own process with its checkout first on the path (`SearchService.search`
in-process, the vocabulary warmed first); the rounds alternate before, after, before, ... so both
see the same machine. Every query's answer (hit ids, totals, facet counts, notices, did-you-mean)
is fingerprinted and compared; the latencies are reported as p50 / p99 and their ratio.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.perf.common import index_for, machine, percentiles, queries_for

WORKER = r"""
import hashlib, json, sys, time
import orjson
from bench.perf.common import params_of
from search_api.request import SearchRequest
from search_api.service import SearchService

index_dir, queries_file, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
queries = json.loads(open(queries_file).read())
svc = SearchService(index_dir)
svc.vocabulary(svc.state).typos  # built before measuring
times, prints = [], []
for r in range(rounds):
    for q in queries:
        req = SearchRequest.from_params(params_of(q))
        t = time.perf_counter()
        res = svc.search(req)
        times.append((time.perf_counter() - t) * 1000)
        if r == 0:
            d = res.to_dict()
            d.pop("took_ms", None)
            for h in d["hits"]:
                h.pop("score", None)  # float formatting is not an answer
            prints.append(hashlib.sha1(orjson.dumps(d, option=orjson.OPT_SORT_KEYS)).hexdigest())
print(json.dumps({"times": times, "prints": prints}))
"""


def run_side(code: Path, index_dir: Path, queries_file: Path, rounds: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code), VINDPLAATS_RESULT_CACHE="0")  # every search pays in full
    out = subprocess.run([sys.executable, "-c", WORKER, str(index_dir), str(queries_file), str(rounds)],
                         cwd=code, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", type=Path, required=True, help="the checkout to compare against")
    ap.add_argument("--after", type=Path, default=Path("."), help="the checkout under test (default: this one)")
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--index-dir", type=Path, help="an index of the synthetic catalogue of that size (default: the bench's own)")
    ap.add_argument("--queries", type=int, default=420)
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs per side")
    args = ap.parse_args(argv)
    index_dir = (args.index_dir or index_for(args.records)).resolve()
    queries = queries_for(args.records, args.queries)
    qfile = index_dir.parent / f"compare-queries-{args.records}.json"
    qfile.write_text(json.dumps(queries))
    print(f"machine: {machine()}\nindex: {args.records:,} records, {len(queries)} queries, {args.rounds} rounds a side")
    sides: dict[str, dict] = {"before": {"times": [], "prints": None}, "after": {"times": [], "prints": None}}
    for _ in range(args.rounds):
        for name, code in (("before", args.before), ("after", args.after)):
            got = run_side(code.resolve(), index_dir, qfile, 1)
            sides[name]["times"] += got["times"]
            sides[name]["prints"] = sides[name]["prints"] or got["prints"]
    differ = [i for i, (a, b) in enumerate(zip(sides["before"]["prints"], sides["after"]["prints"])) if a != b]
    print(f"answers: {len(queries) - len(differ)} of {len(queries)} identical")
    for i in differ[:10]:
        print(f"  differs: {queries[i]}")
    stats = {name: percentiles(s["times"]) for name, s in sides.items()}
    for name, p in stats.items():
        print(f"{name:>6}: p50 {p['p50']:.2f} ms, p95 {p['p95']:.2f} ms, p99 {p['p99']:.2f} ms, mean {p['mean']:.2f} ms")
    b, a = stats["before"], stats["after"]
    print(f"after / before: p50 {a['p50'] / b['p50']:.3f}x, p99 {a['p99'] / b['p99']:.3f}x, "
          f"mean {a['mean'] / b['mean']:.3f}x")
    digest = hashlib.sha1("".join(sides["after"]["prints"]).encode()).hexdigest()[:12]
    print(f"answers fingerprint (after): {digest}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
