"""Records per second for each reader, and for full builds, on the real data in ../shared/corpus.

    python -m bench.readers [--rounds N]

Each reader reads its files `--rounds` times (the real files are small; repeating them gives
stable figures); a full build from the MARC files (ISO 2709 and MARCXML) and one from the Dutch
acts run end to end through `indexer.build`, parallel reading included.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.latency import machine
from corpus.model import Rejection
from corpus.readers import reader_for
from indexer.build import BuildOptions, build

REPO = Path(__file__).resolve().parents[1]


def shared() -> Path:
    import os

    p = Path(os.environ.get("VINDPLAATS_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))
    if not p.is_dir():
        raise SystemExit("bench.readers needs ../shared/corpus (or VINDPLAATS_SHARED_CORPUS)")
    return p


def time_reader(kind: str, paths: list[Path], rounds: int) -> dict:
    read = reader_for(kind)
    times, records, rejected = [], 0, 0
    for _ in range(rounds):
        t = time.perf_counter()
        records = rejected = 0
        for p in paths:
            for item in read(str(p)):
                if isinstance(item, Rejection):
                    rejected += 1
                else:
                    records += 1
        times.append(time.perf_counter() - t)
    best = statistics.median(times)
    return {"records": records, "rejected": rejected, "seconds": best, "rate": (records + rejected) / best}


def time_build(sources: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        report = build(d, sources, BuildOptions(force=True))
        dt = time.perf_counter() - t
    return {"records": report.records, "rejected": report.rejected, "seconds": dt, "rate": report.records / dt}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    c = shared()
    cat = c / "catalogue"
    readers = [
        ("marc (ISO 2709)", "marc", sorted((cat / "marc" / "bin_input").glob("*.mrc"))),
        ("marcxml", "marcxml", sorted((cat / "marc" / "xml_input").glob("*.xml"))),
        ("dc (KB dcx)", "dc", [cat / "kb-sru-dcx-sample.xml"]),
        ("oba", "oba", sorted(cat.glob("oba-api-response-*.js"))),
        ("articles (Bnetwerk)", "articles", [c / "knowledge" / "bnetwerk"]),
        ("jsonl (sample)", "jsonl", [REPO / "corpus" / "sample" / "catalogue.jsonl"]),
    ]
    print(f"machine: {machine()}")
    print(f"{'reader':24} {'records':>8} {'rejected':>8} {'seconds':>8} {'records/s':>10}")
    for label, kind, paths in readers:
        r = time_reader(kind, paths, args.rounds)
        print(f"{label:24} {r['records']:8d} {r['rejected']:8d} {r['seconds']:8.3f} {r['rate']:10,.0f}")
    r = time_reader("articles", [c / "knowledge" / "wetten"], 1)
    print(f"{'articles (1,961 acts)':24} {r['records']:8d} {r['rejected']:8d} {r['seconds']:8.3f} {r['rate']:10,.0f}")
    print()
    print(f"{'full build':24} {'records':>8} {'rejected':>8} {'seconds':>8} {'records/s':>10}")
    marc = [f"marc:{cat / 'marc' / 'bin_input'}", f"marcxml:{cat / 'marc' / 'xml_input'}"]
    for label, sources in [("MARC (82 records)", marc),
                           ("Dutch acts (articles)", [f"articles:{c / 'knowledge' / 'wetten'}"])]:
        r = time_build(sources)
        print(f"{label:24} {r['records']:8d} {r['rejected']:8d} {r['seconds']:8.3f} {r['rate']:10,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
