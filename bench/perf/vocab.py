"""The vocabulary file (indexer.vocabfile) against the vocabulary built in each worker, in one run.

    python -m bench.perf.vocab --records 1000000 [--rounds 2] [--workers 2]

On the synthetic catalogue's index (bench.perf.common.index_for), two hard-linked copies of its
live generation: one without a vocabulary file (a generation built before these files: every
worker reads the term dictionaries and builds the vocabulary and typo index itself) and one with
the file written now (timed: what writing it adds to a build). Then:

* identical: every word and count, and a seeded sample of prefix, suffix, count and typo lookups,
  compared between the vocabulary built in memory and the mapped file;
* lookups: microseconds per call of each, built in memory and mapped, over the same sample;
* serving: `vindplaats serve` with two workers on each copy in alternating rounds: seconds from
  process start to /healthz, to the first search answered, and to `warm` in every worker; then
  after a few searches the serving memory of the whole process tree (RSS, and PSS, which divides
  the pages the workers share among them).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
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
    queries_for,
    ratio,
    start_server,
    stop_server,
    wait_warm,
)


def copies(index_dir: Path, work: Path) -> tuple[Path, Path, dict]:
    """Two index directories sharing the generation's files: without and with a vocabulary file
    (written now, timed)."""
    from indexer import generations as gens
    from indexer import vocabfile

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out = []
    for name in ("without", "with"):
        d = work / name
        subprocess.run(["cp", "-al", str(index_dir), str(d)], check=True)
        out.append(d)
    # Hard links: remove and replace the file in a copy, never write into a shared inode.
    vocabfile_path = gens.current(out[0]).path / vocabfile.FILE
    vocabfile_path.unlink(missing_ok=True)
    written = vocabfile.write(gens.current(out[1]).path)
    job = gens.current(index_dir).manifest.get("job")
    report = json.loads((gens.jobs_dir(index_dir) / f"{job}.json").read_text()) if job else {}
    written["build_seconds"] = report.get("seconds")
    return out[0], out[1], written


def _typo(rnd: random.Random, w: str) -> str:
    i = rnd.randrange(len(w))
    return w[:i] + rnd.choice("aeiklnrst") + w[i + (rnd.random() < 0.5):]


def lookups(path: Path, sample: int = 2000) -> dict:
    """Build (in memory) and open (mapped) the same generation's vocabulary; compare and time them."""
    from indexer import vocabfile
    from indexer.schema import open_index
    from search_api.spelling import candidates
    from search_api.vocabulary import MappedVocabulary, Vocabulary, dutch_words

    dutch_words()  # loaded once per process either way: not part of either side's time
    index = open_index(str(path))
    t = time.perf_counter()
    built = Vocabulary.from_searcher(index.searcher())
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    built.typos  # noqa: B018 - timed
    typos_s = time.perf_counter() - t
    t = time.perf_counter()
    mapped = MappedVocabulary(vocabfile.load(path))
    open_s = time.perf_counter() - t
    rnd = random.Random(3)
    words = [w for w, _ in built.items() if len(w) >= 4]
    hits = rnd.sample(words, min(sample, len(words)))
    misses = [_typo(rnd, w) for w in hits]
    ops = {
        "count (known word)": lambda v: [v.count(w) for w in hits],
        "count (unknown word)": lambda v: [v.count(w) for w in misses],
        "with_prefix (4 letters)": lambda v: [v.with_prefix(w[:4], 2000) for w in hits],
        "with_suffix (4 letters)": lambda v: [v.with_suffix(w[-4:], 2000) for w in hits],
        "typos.near (k=1)": lambda v: [sorted(v.typos.near(w, 1)) for w in misses],
        "typos.near (k=2)": lambda v: [sorted(v.typos.near(w, 2)) for w in misses],
        "spelling candidates": lambda v: [candidates(w, v) for w in misses],
    }
    timing, same = {}, list(built.items()) == list(mapped.items())
    for name, op in ops.items():
        per: dict[str, list[float]] = {}
        expected = None
        for label, v in (("built", built), ("mapped", mapped)) * 2:
            t = time.perf_counter()
            answer = op(v)
            per.setdefault(label, []).append((time.perf_counter() - t) / len(hits) * 1e6)
            if expected is None:
                expected = answer
            elif answer != expected:
                same = False
        timing[name] = {k: min(v) for k, v in per.items()}
    return {"terms": sum(1 for _ in mapped.items()), "typo_words": len(mapped.typos.words),
            "identical": same, "read_s": read_s, "typos_s": typos_s, "open_s": open_s, "us_per_call": timing}


def serving(label: str, index_dir: Path, workers: int, queries: list[dict]) -> dict:
    import httpx

    t0 = time.perf_counter()
    proc, base = start_server(index_dir, workers=workers)
    up = time.perf_counter() - t0
    try:
        with httpx.Client(base_url=base, timeout=300) as client:
            url = "/api/v1/search?" + urlencode(params_of(queries[0]))
            client.get(url).raise_for_status()
            first = time.perf_counter() - t0
            wait_warm(base, in_a_row=8 * workers)
            warm = time.perf_counter() - t0
            for q in queries[1:41]:
                client.get("/api/v1/search?" + urlencode(params_of(q))).raise_for_status()
        with TreeMeter(proc.pid) as meter:
            meter.sample()
    finally:
        stop_server(proc)
    return {"label": label, "up_s": up, "first_search_s": first, "warm_s": warm,
            "rss": meter.last_rss, "pss": meter.last_pss}


def report(n: int, written: dict, look: dict, runs: list[dict], workers: int) -> str:
    b = written.get("build_seconds")
    lines = [f"machine: {machine()}",
             f"index: {n:,} synthetic records; vocabulary {look['terms']:,} terms, typo index "
             f"{look['typo_words']:,} words ({written['typo_keys']:,} keys); file {fmt_bytes(written['bytes'])}",
             f"writing the file: {written['seconds']:.1f} s"
             + (f" (the build of this index took {b:.0f} s: +{written['seconds'] / b:.1%})" if b else ""),
             f"identical answers (every word and count, and the lookups below): {'yes' if look['identical'] else 'NO'}",
             f"per worker, before: term dictionaries read {look['read_s']:.2f} s + typo index built "
             f"{look['typos_s']:.2f} s; after: file opened in {look['open_s'] * 1000:.2f} ms",
             f"{'lookup (µs per call)':28} {'built':>9} {'mapped':>9} {'mapped/built':>13}"]
    for name, t in look["us_per_call"].items():
        lines.append(f"{name:28} {t['built']:9.2f} {t['mapped']:9.2f} {ratio(t['mapped'], t['built']):>13}")
    lines.append(f"serving, {workers} workers (median of {len(runs) // 2} rounds each, alternating): "
                 f"{'before (built)':>16} {'after (mapped)':>16} {'after/before':>13}")
    by = {label: [r for r in runs if r["label"] == label] for label in ("before", "after")}
    for key, name in (("up_s", "to /healthz (s)"), ("first_search_s", "to first search (s)"),
                      ("warm_s", "to warm in every worker (s)"), ("rss", "memory RSS"), ("pss", "memory PSS")):
        a, c = (statistics.median(r[key] for r in by[x]) for x in ("before", "after"))
        sa, sc = (fmt_bytes(a), fmt_bytes(c)) if key in ("rss", "pss") else (f"{a:.2f}", f"{c:.2f}")
        lines.append(f"  {name:34} {sa:>16} {sc:>16} {ratio(c, a):>13}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from indexer import generations as gens

    index_dir = index_for(args.records)
    queries = queries_for(args.records, 60)
    work = OUT / f"vocab-{args.records}"
    without, with_file, written = copies(index_dir, work)
    try:
        look = lookups(gens.current(with_file).path)
        runs = []
        for _ in range(args.rounds):
            runs.append(serving("before", without, args.workers, queries))
            runs.append(serving("after", with_file, args.workers, queries))
        print(report(args.records, written, look, runs, args.workers))
        path = args.json or OUT / f"vocab-{args.records}.json"
        path.write_text(json.dumps({"machine": machine(), "written": written, "lookups": look, "serving": runs},
                                   indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
