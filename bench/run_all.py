"""All performance benches in one run: what `make bench` and `make bench-large` run.

    python -m bench.run_all              # 200,000 records: build, query, saturation, peers (< 10 min)
    python -m bench.run_all --large      # 1 and 5 million records; peers at 1 million
    python -m bench.run_all --national   # 18 million records (the national catalogue), no peers
    python -m bench.run_all --records 500000 --peers-records 500000

Every size is measured beside its floor (bench.perf.floor: a minimal tantivy index of the same
records, built and queried in this process, in the same run), and the figures are also given as
ratios to it. Each part prints its figures and the machine; the end prints one summary table, also written
to bench/out/perf/summary.md. Synthetic corpora, indexes and the SQLite peer are cached under
bench/out/perf and reused; the builds are always measured afresh.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from bench.perf import build, floor, peers, query
from bench.perf.common import OUT, fmt_bytes, index_for, machine, queries_for, ratio

DEFAULT_SIZE = 200_000
LARGE_SIZES = (1_000_000, 5_000_000)
NATIONAL_SIZE = 18_000_000  # the national catalogue's titles


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--large", action="store_true", help="1 and 5 million records")
    ap.add_argument("--national", action="store_true", help="18 million records, no peers")
    ap.add_argument("--no-floor", action="store_true", help="without the minimal tantivy floor")
    ap.add_argument("--records", type=int, action="append", help="corpus sizes (instead of the default)")
    ap.add_argument("--peers-records", type=int, help="size for the peer comparison (default: the smallest)")
    ap.add_argument("--no-build", action="store_true", help="reuse existing indexes, skip the build bench")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--duration", type=int, default=15, help="seconds of load at saturation")
    args = ap.parse_args(argv)
    sizes = args.records or ([NATIONAL_SIZE] if args.national else list(LARGE_SIZES) if args.large
                             else [DEFAULT_SIZE])
    if args.national:
        args.no_peers = True
    t0 = time.perf_counter()
    print(f"machine: {machine()}", flush=True)
    summary: dict = {"machine": machine(), "sizes": {}}

    if not args.no_build:
        print("\n== build ==", flush=True)
        rows = build.run(sizes, floor=not args.no_floor)
        build.save(rows)
    else:  # the figures of the last measured build of each size, when there is one
        rows = [r for r in (build.saved(n) for n in sizes) if r]
    if rows:
        print(build.report(rows), flush=True)
        for r in rows:
            summary["sizes"].setdefault(int(r["records"]), {})["build"] = {k: v for k, v in r.items() if k != "runs"}

    for n in sizes:
        print(f"\n== query: {n:,} records ==", flush=True)
        index_dir = index_for(n)
        qs = queries_for(n, 200 * 2 + 20)
        fdir = None if args.no_floor else floor.index_for(n)
        lat = query.latency(index_dir, qs, rounds=2, floor_dir=fdir)
        lat["rounds"] = 2
        sat = [query.saturation(index_dir, qs, workers=2, connections=16, duration=args.duration, cache=cache)
               for cache in (False, True)]
        print(query.report(n, lat, sat), flush=True)
        summary["sizes"].setdefault(n, {}).update({"latency": lat, "saturation": sat})

    if not args.no_peers:
        pn = args.peers_records or min(sizes)
        print(f"\n== peers: {pn:,} records ==", flush=True)
        res = peers.run(pn, queries_for(pn, 100 * 2 + 20), rounds=2, peers=["sqlite", "postgres"])
        print(peers.report(res), flush=True)
        summary["peers"] = res

    text = table(summary)
    print("\n== summary ==\n" + text)
    print(f"\n(all benches: {(time.perf_counter() - t0) / 60:.1f} min)")
    (OUT / "summary.md").write_text(text + "\n")
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
    return 0


def table(summary: dict) -> str:
    """The README's table: one column per corpus size."""
    sizes = sorted(summary["sizes"])
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, fn) -> None:
        vals = []
        for n in sizes:
            try:
                vals.append(fn(summary["sizes"][n]))
            except (KeyError, IndexError, TypeError, ZeroDivisionError):
                vals.append("–")
        rows.append((label, vals))

    row("build: records/s end to end", lambda s: f"{s['build']['records_per_second']:,.0f}")
    row("build: time / floor's", lambda s: ratio(s["build"]["seconds"], s["build"]["floor"]["seconds"]))
    row("build: CPU µs per record (all processes)", lambda s: f"{s['build']['cpu_us_per_record']:.0f}")
    row("build: peak memory (RSS)", lambda s: fmt_bytes(s["build"]["peak_rss"]))
    row("index size on disk", lambda s: fmt_bytes(s["build"]["index_bytes"]))
    row("HTTP, 1 client: p50 / p95 / p99 ms",
        lambda s: "{p50:.1f} / {p95:.1f} / {p99:.1f}".format(**s["latency"]["http"]))
    row("HTTP / floor: p50; p99", lambda s: f"{ratio(s['latency']['http']['p50'], s['latency']['floor']['p50'])}; "
        f"{ratio(s['latency']['http']['p99'], s['latency']['floor']['p99'])}")
    row("floor (minimal tantivy, in-process): p50 / p99 ms",
        lambda s: "{p50:.1f} / {p99:.1f}".format(**s["latency"]["floor"]))
    row("direct service call: p50 / p99 ms", lambda s: "{p50:.1f} / {p99:.1f}".format(**s["latency"]["direct"]))
    row("  share in tantivy calls / in did-you-mean",
        lambda s: f"{s['latency']['share']['tantivy']:.0%} / {s['latency']['share']['spelling']:.0%}")
    row("HTTP overhead at p50 (ms; ratio)",
        lambda s: f"{s['latency']['overhead_p50_ms']:.2f}; {s['latency']['overhead_ratio_p50']:.2f}x")
    row("saturation, 2 workers, 16 conn.: queries/s", lambda s: f"{s['saturation'][0]['qps']:.0f}")
    row("saturation: p50 / p99 ms", lambda s: "{p50:.0f} / {p99:.0f}".format(**s["saturation"][0]))
    row("saturation with result cache (mix repeats): q/s", lambda s: f"{s['saturation'][1]['qps']:.0f}")
    row("serving memory, 2 workers: RSS / PSS",
        lambda s: " / ".join(fmt_bytes(s["saturation"][0]["memory"][k]) for k in ("rss", "pss")))
    row("start-up to /healthz; first search (s)",
        lambda s: f"{s['latency']['startup_s']:.1f}; {s['latency']['first_search_s']:.1f}")
    head = "| | " + " | ".join(f"{n:,} records" for n in sizes) + " |"
    lines = [f"Machine: {summary['machine']}", "", head, "|---" * (len(sizes) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(vals) + " |" for label, vals in rows]
    p = summary.get("peers")
    if p:
        lat = p["latency"]
        base = lat["Vindplaats HTTP"]["p50"]
        lines += ["", f"Peers at {p['records']:,} records, same {p['queries']} queries with facets, "
                  "one client, one run:",
                  "", "| system | p50 ms | p95 ms | p99 ms | p50 / Vindplaats HTTP p50 |", "|---|---|---|---|---|"]
        for name, v in lat.items():
            lines.append(f"| {name} | {v['p50']:.1f} | {v['p95']:.1f} | {v['p99']:.1f} | {v['p50'] / base:.1f}x |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
