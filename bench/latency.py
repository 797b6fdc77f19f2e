"""Latency of /api/v1/search through the real HTTP server, beside the same searches as direct
service calls, in one run.

    python -m bench.latency                      # the sample data (builds bench/out/sample-index)
    python -m bench.latency --index-dir DIR --queries FILE.jsonl

Each query runs with the standard facets on. Prints p50/p95/p99 over the mix for HTTP and
direct calls, their difference (the HTTP and JSON overhead), and the machine it ran on.
"""
from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import orjson

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"

SAMPLE_QUERIES = [
    {"q": "bibliotheek"}, {"q": "bibliotheken"}, {"q": "de ontdekking van de hemel"}, {"q": "kinderboeken"},
    {"q": "leesbevordering"}, {"q": "dieren"}, {"q": "max havelaar"}, {"q": "interbibliothecair leenverkeer"},
    {"q": "digitale inclusie"}, {"q": "9789023472780"}, {"q": "het achterhuis"}, {"q": "geevalueerd"},
    {"q": "roman", "filters": ["material:boek"]}, {"q": "boek", "filters": ["language:en", "material:e-book"]},
    {"q": "", "filters": ["province:Utrecht"]}, {"q": "aangepast lezen", "filters": ["reading_form:grote letter"]},
    {"q": "geschiedenis", "filters": ["year:2000-2009"]}, {"q": "thriller"}, {"q": "wsob"}, {"q": "ouderen"},
]


def cpu_name() -> str:
    """The processor's model name (Linux), else what the platform says: for every bench's header."""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    import tantivy

    return (f"{os.cpu_count()} cores ({cpu_name()}), Python {platform.python_version()}, "
            f"tantivy {getattr(tantivy, '__version__', '?')}")


def percentiles(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)

    def p(q: float) -> float:
        return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]

    return {"p50": p(0.50), "p95": p(0.95), "p99": p(0.99), "mean": statistics.fmean(xs)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index_dir: Path, workers: int = 1, env: dict | None = None,
                 timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """`vindplaats serve` on a free port; returns when /healthz answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--index-dir", str(index_dir),
                             "--port", str(port), "--workers", str(workers)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            # the bench is one client at full speed: no rate limit unless it asks for one
                            env={**os.environ, "VINDPLAATS_RATE_LIMIT": "0", **(env or {})})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("the server exited during start-up")
        time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError(f"the server did not come up within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def sample_index() -> Path:
    from indexer.build import BuildOptions, build

    d = OUT / "sample-index"
    sample = REPO / "corpus" / "sample"
    build(d, [f"jsonl:{sample / 'catalogue.jsonl'}", f"articles:{sample / 'articles'}"], BuildOptions(force=True))
    return d


def params_of(q: dict) -> list[tuple[str, str]]:
    out = [("q", q.get("q", ""))]
    out += [("filter", f) for f in q.get("filters", [])]
    return out


def run(index_dir: Path, queries: list[dict], rounds: int) -> dict:
    from search_api.request import SearchRequest
    from search_api.service import SearchService

    svc = SearchService(index_dir)
    direct: list[float] = []
    for _ in range(rounds):
        for q in queries:
            req = SearchRequest.from_params(params_of(q))
            t = time.perf_counter()
            svc.search(req)
            direct.append((time.perf_counter() - t) * 1000)
    proc, base = start_server(index_dir)
    http: list[float] = []
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for q in queries[:5]:  # warm-up
                client.get("/api/v1/search", params=params_of(q))
            for _ in range(rounds):
                for q in queries:
                    t = time.perf_counter()
                    r = client.get("/api/v1/search", params=params_of(q))
                    http.append((time.perf_counter() - t) * 1000)
                    r.raise_for_status()
    finally:
        stop_server(proc)
    # Direct calls were warm first; run them again now so both are measured on a warm cache.
    direct = []
    for _ in range(rounds):
        for q in queries:
            req = SearchRequest.from_params(params_of(q))
            t = time.perf_counter()
            svc.search(req)
            direct.append((time.perf_counter() - t) * 1000)
    return {"http": percentiles(http), "direct": percentiles(direct), "requests": len(http),
            "records": svc.state.searcher.num_docs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index-dir", type=Path)
    ap.add_argument("--queries", type=Path, help="JSON lines of {q, filters}")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    index_dir = args.index_dir or sample_index()
    queries = [orjson.loads(line) for line in args.queries.read_bytes().splitlines() if line.strip()] \
        if args.queries else SAMPLE_QUERIES
    res = run(index_dir, queries, args.rounds)
    print(f"machine: {machine()}")
    print(f"index: {index_dir} ({res['records']} records); {res['requests']} requests, {len(queries)} distinct, "
          "standard facets on, one client")
    print(f"{'':10} {'p50':>8} {'p95':>8} {'p99':>8} {'mean':>8}  (ms)")
    for name in ("http", "direct"):
        p = res[name]
        print(f"{name:10} {p['p50']:8.2f} {p['p95']:8.2f} {p['p99']:8.2f} {p['mean']:8.2f}")
    print(f"{'overhead':10} {res['http']['p50'] - res['direct']['p50']:8.2f} (HTTP p50 minus direct p50)")
    if args.json:
        args.json.write_bytes(orjson.dumps(res | {"machine": machine()}, option=orjson.OPT_INDENT_2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
