"""The slowest requests a hostile client can send, timed in-process (best and worst of three).

    python -m bench.hostile                       # on an index of the sample, built here
    python -m bench.hostile --index-dir DIR       # on a built index (read only)

Long queries (the most characters the search box takes) with explain, OR chains, deep pages, and
the longest CQL query SRU takes. Requests are bounded by MAX_QUERY_CHARS, userquery.MAX_TERMS and
service.EXPLAIN_SECONDS; this prints what they cost.
"""
from __future__ import annotations

import argparse
import logging
import random
import tempfile
import time
from pathlib import Path

WORDS = ("de het een boek kinderen bibliotheek hemel aarde oorlog liefde geschiedenis nederland amsterdam "
         "water school lezen").split()


def cases() -> dict[str, tuple[str, dict]]:
    rnd = random.Random(1)
    long_q = " ".join(rnd.choice(WORDS) + (str(i % 7) if i % 3 else "") for i in range(400))[:500]
    or_q = " OR ".join(WORDS * 4)[:500]
    cql = " or ".join(f"dc.title={w}{i}" for i, w in enumerate(WORDS * 30))[:3990]
    return {
        "500 characters, explain": ("/api/v1/search", {"q": long_q, "explain": "true"}),
        "500 characters, page 50": ("/api/v1/search", {"q": long_q, "page": "50"}),
        "OR chain, explain": ("/api/v1/search", {"q": or_q, "explain": "true"}),
        "results page, explain": ("/zoeken", {"q": long_q, "explain": "true"}),
        "CQL of 4,000 characters": ("/sru", {"query": cql, "maximumRecords": "50"}),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index-dir", type=Path)
    args = ap.parse_args(argv)
    logging.disable(logging.CRITICAL)
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    index_dir = args.index_dir
    if index_dir is None:
        from indexer.build import build

        sample = Path(__file__).resolve().parents[1] / "corpus" / "sample"
        index_dir = Path(tempfile.mkdtemp(prefix="hostile-"))
        build(index_dir, [f"jsonl:{sample / 'catalogue.jsonl'}", f"articles:{sample / 'articles'}"])
    client = TestClient(create_app(Settings(index_dir=str(index_dir))))
    print(f"{'request':28s} status  best ms  worst ms")
    for name, (path, params) in cases().items():
        client.get(path, params=params)  # warm: the vocabulary, the caches of the first request
        times, status = [], 0
        for i in range(3):
            # A fresh page size each time: the result cache must not answer instead of the search.
            t0 = time.perf_counter()
            status = client.get(path, params={**params, "size": str(20 - i)} if path != "/sru" else params).status_code
            times.append(time.perf_counter() - t0)
        print(f"{name:28s} {status:6d} {min(times) * 1000:8.1f} {max(times) * 1000:9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
