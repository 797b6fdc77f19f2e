"""The slowest requests a hostile client can send, timed in-process (best and worst of three).

    python -m bench.hostile                       # on an index of the sample, built here
    python -m bench.hostile --index-dir DIR       # on a built index (read only)
    python -m bench.hostile --records 5000000     # on the synthetic catalogue of that size (bench.perf's,
                                                  # generated and built once under bench/out/perf)

Long queries (the most characters the search box takes) with explain, OR chains, deep pages, words
that find nothing (the whole zero-result chain: spelling, typos, any word, each word alone), and
the longest CQL queries SRU takes (many clauses, one term of many words). Requests are bounded by MAX_QUERY_CHARS, userquery.MAX_TERMS and
service.EXPLAIN_SECONDS; this prints what they cost.
"""
from __future__ import annotations

import argparse
import logging
import random
import re
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
    # Unknown words of five letters and more: each is a typo candidate for the zero-result chain.
    nothing = " ".join(f"qx{rnd.choice(WORDS)[:4]}z{i}" for i in range(60))[:500]
    term = 'cql.serverchoice all "' + " ".join(rnd.choice(WORDS) for _ in range(800))[:3960] + '"'
    return {
        "500 characters, explain": ("/api/v1/search", {"q": long_q, "explain": "true"}),
        "500 characters, page 50": ("/api/v1/search", {"q": long_q, "page": "50"}),
        "OR chain, explain": ("/api/v1/search", {"q": or_q, "explain": "true"}),
        "results page, explain": ("/zoeken", {"q": long_q, "explain": "true"}),
        "words that find nothing": ("/api/v1/search", {"q": nothing}),
        "CQL of 4,000 characters": ("/sru", {"query": cql, "maximumRecords": "50"}),
        "CQL, one term of 600 words": ("/sru", {"query": term, "maximumRecords": "50"}),
        "CQL, any of 600 words": ("/sru", {"query": term.replace(" all ", " any ", 1), "maximumRecords": "50"}),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index-dir", type=Path)
    ap.add_argument("--records", type=int, help="the synthetic catalogue of this many records (bench.perf.common)")
    args = ap.parse_args(argv)
    logging.disable(logging.CRITICAL)
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.service import SearchService
    from search_api.settings import Settings

    index_dir = args.index_dir
    if index_dir is None and args.records:
        from bench.perf.common import index_for

        index_dir = index_for(args.records)
    if index_dir is None:
        from indexer.build import build

        sample = Path(__file__).resolve().parents[1] / "corpus" / "sample"
        index_dir = Path(tempfile.mkdtemp(prefix="hostile-"))
        build(index_dir, [f"jsonl:{sample / 'catalogue.jsonl'}", f"articles:{sample / 'articles'}"])
    service = SearchService(str(index_dir))
    client = TestClient(create_app(Settings(index_dir=str(index_dir)), service=service))
    print(f"index: {index_dir} ({service.stats()['records']:,} records)")
    print(f"{'request':28s} status  best ms  worst ms  answer")
    slowest = ("", 0.0)
    for name, (path, params) in cases().items():
        # Warm (the vocabulary, the pages of the posting lists) with a page size of its own: a timed
        # run must not be answered by the result cache.
        client.get(path, params={**params, **({"maximumRecords": "10"} if path == "/sru" else {"size": "10"})})
        times, r = [], None
        for i in range(3):
            # A fresh page size each time: the result cache must not answer instead of the search.
            t0 = time.perf_counter()
            size = {"maximumRecords": str(50 - i)} if path == "/sru" else {"size": str(20 - i)}
            r = client.get(path, params={**params, **size})
            times.append(time.perf_counter() - t0)
        slowest = max(slowest, (name, max(times)), key=lambda t: t[1])
        print(f"{name:28s} {r.status_code:6d} {min(times) * 1000:8.1f} {max(times) * 1000:9.1f}  {_answer(path, r)}")
    print(f"slowest: {slowest[0]}, {slowest[1] * 1000:.1f} ms")
    return 0


def _answer(path: str, r) -> str:
    """What came back, so a fast answer that was only a refusal is seen as one."""
    if path == "/sru":
        m = re.search(rb"<(?:\w+:)?numberOfRecords>(\d+)<", r.content)
        diag = re.search(rb"info:srw/diagnostic/1/(\d+)", r.content)
        records = f"{m.group(1).decode()} records" if m else "no records"
        return records + (f", diagnostic {diag.group(1).decode()}" if diag else "")
    if "json" in r.headers.get("content-type", ""):
        body = r.json()
        return f"total {body.get('total')}" + (f", partial: {', '.join(body['skipped'])}" if body.get("partial") else "")
    return r.headers.get("content-type", "").split(";")[0]


if __name__ == "__main__":
    raise SystemExit(main())
