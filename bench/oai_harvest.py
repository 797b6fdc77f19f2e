"""How fast other systems harvest us: a full OAI-PMH harvest of the synthetic catalogue through the
real HTTP server, by the project's own `oai` reader (records per second, every record mapped to a
canonical one), the same pages parsed only (what the server itself gives), ListIdentifiers, and the
sitemaps; and what change keys cost a full build.

    python -m bench.oai_harvest                 # 200,000 records (the issue's figure)
    python -m bench.oai_harvest --records 20000

The index is built fresh into bench/out/perf/oai-index-N (the build twice: the second one finds
every record unchanged and keeps its change key); the server is `vindplaats serve` with one worker.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time

import httpx
from lxml import etree

from bench.latency import stop_server
from bench.perf.common import OUT, REPO, corpus, machine, start_server

OAI = "{http://www.openarchives.org/OAI/2.0/}"


def build(n: int) -> tuple[object, list[float]]:
    index_dir = OUT / f"oai-index-{n}"
    shutil.rmtree(index_dir, ignore_errors=True)
    seconds = []
    for _ in range(2):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "indexer.cli", "index", "build", "--index-dir", str(index_dir),
                        "--heap-mb", "1000", "--source", f"jsonl:{corpus(n)}"],
                       check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        seconds.append(time.perf_counter() - t0)
    return index_dir, seconds


def harvest_records(base: str, prefix: str) -> tuple[int, float]:
    from corpus.readers.oai import HarvestState, harvest

    state = HarvestState()
    t0 = time.perf_counter()
    count = sum(1 for item in harvest(f"{base}/oai", prefix, state=state) if isinstance(item, dict))
    seconds = time.perf_counter() - t0
    assert state.complete, state.errors
    return count, seconds


def harvest_raw(base: str, verb: str, prefix: str) -> tuple[int, float]:
    """Every page of a list, parsed but not mapped: what the server gives a harvester."""
    count = 0
    params = {"verb": verb, "metadataPrefix": prefix}
    item = f"{OAI}header" if verb == "ListIdentifiers" else f"{OAI}record"
    t0 = time.perf_counter()
    with httpx.Client(timeout=120) as client:
        while True:
            root = etree.fromstring(client.get(f"{base}/oai", params=params).content)
            container = root.find(f"{OAI}{verb}")
            count += len(container.findall(item))
            token = container.find(f"{OAI}resumptionToken")
            if token is None or not token.text:
                break
            params = {"verb": verb, "resumptionToken": token.text}
    return count, time.perf_counter() - t0


def sitemaps(base: str) -> tuple[int, float, float]:
    with httpx.Client(timeout=300) as client:
        index = etree.fromstring(client.get(f"{base}/sitemap.xml").content)
        locs = [el.text for el in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        times = []
        for loc in locs:
            t0 = time.perf_counter()
            assert client.get(loc).status_code == 200
            times.append(time.perf_counter() - t0)
    return len(locs), min(times), max(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args(argv)
    n = args.records
    print(f"OAI-PMH harvest of {n:,} synthetic records; {machine()}")
    index_dir, builds = build(n)
    print(f"  full build {builds[0]:.1f} s; again, every record unchanged (change keys kept) {builds[1]:.1f} s")
    proc, base = start_server(index_dir)
    try:
        count, seconds = harvest_records(base, "oai_dc")
        print(f"  ListRecords oai_dc, our own reader (mapping every record): {count:,} records in {seconds:.1f} s = "
              f"{count / seconds:,.0f} records/s")
        for verb, prefix in (("ListRecords", "oai_dc"), ("ListRecords", "marcxml"), ("ListIdentifiers", "oai_dc")):
            count, seconds = harvest_raw(base, verb, prefix)
            print(f"  {verb} {prefix}, pages parsed only: {count:,} in {seconds:.1f} s = {count / seconds:,.0f}/s")
        files, fastest, slowest = sitemaps(base)
        print(f"  sitemaps: {files} files of at most 50,000 URLs, {fastest:.1f}-{slowest:.1f} s each")
    finally:
        stop_server(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
