"""Query latency and throughput on the synthetic catalogue, with the standard facets on.

    python -m bench.perf.query --records 200000 [--rounds 3] [--workers 2] [--duration 20]

In one run, over the same query mix (bench.perf.common.queries_for: known-item titles, one- to
three-word topics, authors, ISBNs, zero to two filters each):

* direct: `SearchService.search` in this process, and the part of it spent inside tantivy calls;
* HTTP, one client: the real server (`vindplaats serve`, one worker), one request at a time;
* overhead: HTTP minus direct at p50, and their ratio (direct and HTTP rounds alternate, so
  both see the same machine);
* saturation: `wrk` (or, when wrk is not installed, several Python client processes) against the
  server with several workers, many connections; queries per second and latency under load;
* serving memory (resident, and proportional: workers share the memory-mapped index) and
  start-up (process start to the first answered search).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.perf.common import (
    OUT,
    TreeMeter,
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

WRK_SCRIPT = """
local paths = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.random(#paths)
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %d, "duration_us": %d, "errors": %d, "p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def url_of(q: dict) -> str:
    return "/api/v1/search?" + urlencode(params_of(q))


class TimedSearcher:
    """Wraps a tantivy Searcher and adds up the time spent in its calls (the 'tantivy' share)."""

    def __init__(self, searcher):
        self._s = searcher
        self.spent = 0.0

    def __getattr__(self, name):
        attr = getattr(self._s, name)
        if not callable(attr):
            return attr

        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return attr(*a, **k)
            finally:
                self.spent += time.perf_counter() - t

        return timed


class TimedFunction:
    def __init__(self, fn):
        self.fn, self.spent = fn, 0.0

    def __call__(self, *a, **k):
        t = time.perf_counter()
        try:
            return self.fn(*a, **k)
        finally:
            self.spent += time.perf_counter() - t


def direct_pass(svc, queries: list[dict]) -> tuple[list[float], list[float], list[float], list[float]]:
    """Per query: service time, the tantivy share of it (calls made by the request's own thread
    or, for facets, waited for by it: time inside tantivy calls on any thread is counted), the
    did-you-mean share, and service + JSON rendering time."""
    import dataclasses

    import orjson

    from search_api.request import SearchRequest

    st = svc.state
    timed = TimedSearcher(st.searcher)
    # Did-you-mean: the service's correction step (candidates, and the counts that rank them).
    speller = TimedFunction(svc._correction)
    svc._state = dataclasses.replace(st, searcher=timed)
    svc._correction = speller
    total, inside, spelling, rendered = [], [], [], []
    try:
        for q in queries:
            req = SearchRequest.from_params(params_of(q))
            timed.spent = speller.spent = 0.0
            t = time.perf_counter()
            res = svc.search(req)
            t1 = time.perf_counter()
            orjson.dumps(res.to_dict(), option=orjson.OPT_NON_STR_KEYS)
            t2 = time.perf_counter()
            total.append((t1 - t) * 1000)
            inside.append(timed.spent * 1000)
            spelling.append(speller.spent * 1000)
            rendered.append((t2 - t) * 1000)
    finally:
        svc._state = st
        del svc._correction  # the class's method again
    return total, inside, spelling, rendered


def http_pass(client, queries: list[dict]) -> list[float]:
    out = []
    for q in queries:
        url = url_of(q)
        t = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        r.raise_for_status()
    return out


def latency(index_dir: Path, queries: list[dict], rounds: int, floor_dir: Path | None = None) -> dict:
    """Direct, HTTP (one client, one server worker) and, given `floor_dir`, the floor (the minimal
    tantivy index of bench.perf.floor, in this process) in alternating rounds, in one run."""
    import httpx

    from bench.perf.floor import Floor
    from search_api.service import SearchService

    t0 = time.perf_counter()
    proc, base = start_server(index_dir, workers=1)
    up = time.perf_counter() - t0
    svc = SearchService(index_dir)
    floor = Floor(floor_dir) if floor_dir else None
    res: dict = {"direct": [], "tantivy": [], "spelling": [], "direct_json": [], "http": [], "floor": []}
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            t = time.perf_counter()
            client.get(url_of(queries[0])).raise_for_status()
            first = time.perf_counter() - t  # includes the server's vocabulary build, if not done yet
            # Both sides finish their warm-up (vocabulary, typo index) before anything is measured.
            wait_warm(base)
            svc.vocabulary(svc.state).typos  # noqa: B018 - built before measuring
            warm, queries = queries[:20], queries[20:]
            for q in warm:  # warm both sides: page cache, vocabulary
                client.get(url_of(q))
            direct_pass(svc, warm)
            if floor:
                floor.timed(warm)
            per_round = len(queries) // rounds
            for r in range(rounds):
                # Each round has queries of its own: no query is seen twice by either side, so
                # what a side remembers of a query (memoised spelling, compounds) never helps it.
                chunk = queries[r * per_round:(r + 1) * per_round]
                d, tv, sp, dj = direct_pass(svc, chunk)
                h = http_pass(client, chunk)
                if floor:
                    res["floor"] += floor.timed(chunk)
                res["direct"] += d
                res["tantivy"] += tv
                res["spelling"] += sp
                res["direct_json"] += dj
                res["http"] += h
        with TreeMeter(proc.pid) as meter:
            meter.sample()
        memory = {"rss": meter.last_rss, "pss": meter.last_pss}
    finally:
        stop_server(proc)
    out = {k: percentiles(v) for k, v in res.items() if v}
    out["share"] = {k: sum(res[k]) / sum(res["direct"]) for k in ("tantivy", "spelling")}
    out["overhead_p50_ms"] = out["http"]["p50"] - out["direct"]["p50"]
    out["overhead_ratio_p50"] = out["http"]["p50"] / out["direct"]["p50"]
    # Per query: HTTP time over direct time of the same query in the same round.
    pairs = [h / d for h, d in zip(res["http"], res["direct"]) if d > 0]
    out["per_query_ratio_median"] = statistics.median(pairs)
    out["requests"] = len(res["http"])
    out["startup_s"] = up
    out["first_search_s"] = first
    out["memory_1_worker"] = memory
    out["records"] = svc.state.searcher.num_docs
    return out


# --- saturation -----------------------------------------------------------------------------------

def saturation(index_dir: Path, queries: list[dict], workers: int, connections: int, duration: int,
               cache: bool = True) -> dict:
    """Many connections against several workers. The load cycles through the mix, so queries
    repeat; with `cache` off (VINDPLAATS_RESULT_CACHE=0) every request is searched afresh."""
    proc, base = start_server(index_dir, workers=workers, env=None if cache else {"VINDPLAATS_RESULT_CACHE": "0"})
    try:
        import httpx

        wait_warm(base, in_a_row=8 * workers)
        with httpx.Client(base_url=base, timeout=120) as client:  # warm every worker
            for q in queries[: 20 * workers]:
                client.get(url_of(q))
        with TreeMeter(proc.pid, interval=1.0) as meter:
            if shutil.which("wrk"):
                res = _wrk(base, queries, connections, duration)
            else:
                print("  wrk is not installed (Debian: apt-get install wrk); using the Python load "
                      "generator instead (it needs CPU itself, so it understates the server)", flush=True)
                res = _python_load(base, queries, connections, duration)
        res["memory"] = {"rss": meter.peak_rss, "pss": meter.peak_pss}
    finally:
        stop_server(proc)
    res["workers"], res["connections"], res["cache"] = workers, connections, cache
    return res


def _wrk(base: str, queries: list[dict], connections: int, duration: int) -> dict:
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        script, paths = Path(tmp) / "mix.lua", Path(tmp) / "paths.txt"
        script.write_text(WRK_SCRIPT)
        paths.write_text("\n".join(url_of(q) for q in queries) + "\n")
        threads = max(1, min(connections, 2))
        proc = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
                               "--timeout", "30s", "-s", str(script), base, "--", str(paths)],
                              capture_output=True, text=True, check=True)
    line = next(line for line in proc.stdout.splitlines() if line.startswith("WRK "))
    w = json.loads(line[4:])
    secs = w["duration_us"] / 1e6
    return {"tool": "wrk", "qps": w["requests"] / secs, "requests": w["requests"], "errors": w["errors"],
            "p50": w["p50"] / 1000, "p95": w["p95"] / 1000, "p99": w["p99"] / 1000}


def _client(args) -> list[float]:
    import httpx

    base, urls, deadline, offset = args
    lat = []
    with httpx.Client(base_url=base, timeout=60) as client:
        i = offset
        while time.time() < deadline:
            t = time.perf_counter()
            r = client.get(urls[i % len(urls)])
            lat.append((time.perf_counter() - t) * 1000 if r.status_code == 200 else -1.0)
            i += 1
    return lat


def _python_load(base: str, queries: list[dict], connections: int, duration: int) -> dict:
    urls = [url_of(q) for q in queries]
    t0 = time.time()
    deadline = t0 + duration
    with mp.get_context("spawn").Pool(connections) as pool:
        lats = pool.map(_client, [(base, urls, deadline, i * 37) for i in range(connections)])
    secs = time.time() - t0
    ok = [x for lat in lats for x in lat if x >= 0]
    p = percentiles(ok)
    return {"tool": f"python ({connections} processes)", "qps": len(ok) / secs, "requests": len(ok),
            "errors": sum(1 for lat in lats for x in lat if x < 0), "p50": p["p50"], "p95": p["p95"], "p99": p["p99"]}


# --- report ---------------------------------------------------------------------------------------

def report(n: int, lat: dict, sat: list[dict]) -> str:
    lines = [f"machine: {machine()}",
             f"index: {lat['records']:,} records; {lat['requests']} distinct mix queries, each once per side "
             "(direct and HTTP alternate in rounds), standard facets on",
             f"{'one client':22} {'p50':>8} {'p95':>8} {'p99':>8} {'mean':>8}  (ms)"]
    fl = lat.get("floor")
    if fl:
        lines[-1] += "   p50 and p99 / floor"
    for key, label in (("http", "HTTP (1 worker)"), ("direct", "direct service call"),
                       ("direct_json", "direct + JSON"), ("tantivy", "  in tantivy calls"),
                       ("spelling", "  in did-you-mean"), ("floor", "floor (minimal tantivy)")):
        p = lat.get(key)
        if not p:
            continue
        lines.append(f"{label:22} {p['p50']:8.2f} {p['p95']:8.2f} {p['p99']:8.2f} {p['mean']:8.2f}"
                     + (f"   {ratio(p['p50'], fl['p50']):>6} {ratio(p['p99'], fl['p99']):>6}" if fl else ""))
    lines.append(f"share of the direct time (sums over the mix): tantivy calls {lat['share']['tantivy']:.0%}, "
                 f"did-you-mean {lat['share']['spelling']:.0%}")
    lines.append(f"HTTP overhead at p50: {lat['overhead_p50_ms']:.2f} ms "
                 f"(HTTP/direct {lat['overhead_ratio_p50']:.2f}x; "
                 f"median per-query ratio {lat['per_query_ratio_median']:.2f}x)")
    lines.append(f"start-up: server answers /healthz after {lat['startup_s']:.1f} s, first search "
                 f"{lat['first_search_s']:.2f} s; memory with 1 worker: "
                 f"RSS {fmt_bytes(lat['memory_1_worker']['rss'])}, "
                 f"PSS {fmt_bytes(lat['memory_1_worker']['pss'])}")
    for s in sat:
        lines.append(f"saturation ({s['tool']}, {s['workers']} workers, {s['connections']} connections, "
                     f"result cache {'on' if s.get('cache', True) else 'off'}): "
                     f"{s['qps']:.0f} queries/s, p50 {s['p50']:.1f} ms, p99 {s['p99']:.1f} ms, "
                     f"{s['errors']} errors; serving memory peak RSS {fmt_bytes(s['memory']['rss'])}, "
                     f"PSS {fmt_bytes(s['memory']['pss'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=200, help="distinct queries per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, action="append", help="server workers at saturation (repeatable)")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--duration", type=int, default=20, help="seconds of load at saturation")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-floor", action="store_true", help="skip the minimal tantivy index beside it")
    args = ap.parse_args(argv)
    index_dir = index_for(args.records)
    queries = queries_for(args.records, args.queries * args.rounds + 20)
    from bench.perf import floor

    lat = latency(index_dir, queries, args.rounds, None if args.no_floor else floor.index_for(args.records))
    lat["rounds"] = args.rounds
    sat = [saturation(index_dir, queries, w, args.connections, args.duration, cache)
           for w in (args.workers or [2]) for cache in (False, True)]
    print(report(args.records, lat, sat))
    path = args.json or OUT / f"query-{args.records}.json"
    path.write_text(json.dumps({"machine": machine(), "latency": lat, "saturation": sat}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
