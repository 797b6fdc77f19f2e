"""Build throughput: records per second end to end, from canonical JSON lines to a switched-in
generation, with the index size on disk and the peak memory of the whole build (the building
process, its reading workers and tantivy's threads).

    python -m bench.perf.build --records 200000 [--records 1000000 ...] [--repeat 2]

Runs `vindplaats index build` as a separate process per size and measures it from outside:
wall time, CPU seconds over all processes of the build (so "CPU µs per record" is what the
build costs whatever else the machine is doing), peak resident memory summed over the tree.
The index is kept as bench/out/perf/index-N for the query benches.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.perf.common import OUT, REPO, TreeMeter, corpus, dir_bytes, fmt_bytes, load_json, machine, ratio


def build_once(n: int, index_dir: Path, extra: list[str] | None = None, env: dict | None = None,
               cwd: Path = REPO) -> dict:
    import os
    import shutil

    src = corpus(n)
    shutil.rmtree(index_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "indexer.cli", "index", "build", "--index-dir", str(index_dir),
           "--source", f"jsonl:{src}", *(extra or [])]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    with TreeMeter(proc.pid) as meter:
        out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"build failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    summary = json.loads(out.decode().strip().splitlines()[-1])
    gen = index_dir / "generations" / summary["generation"]
    meta = load_json(gen / "meta.json", {})
    return {
        "records": summary["records"], "seconds": wall, "records_per_second": summary["records"] / wall,
        "cpu_seconds": meter.cpu_seconds, "cpu_seconds_main": meter.cpu.get(proc.pid, 0.0),
        "cpu_us_per_record": meter.cpu_seconds / summary["records"] * 1e6,
        "peak_rss": meter.peak_rss, "peak_pss": meter.peak_pss, "index_bytes": dir_bytes(gen),
        "segments": len(meta.get("segments", [])), "input_bytes": src.stat().st_size,
    }


HEAP_MB = 1000  # the writer's memory budget: fewer, larger segments (fewer merges, faster queries)


def run(sizes: list[int], repeat: int = 1, extra: list[str] | None = None, floor: bool = True) -> list[dict]:
    """Each size built `repeat` times; with `floor`, the minimal tantivy index of the same records
    (bench.perf.floor) is built right after each run, so both see the same machine."""
    from bench.perf import floor as floor_bench

    rows = []
    for n in sizes:
        runs, floors = [], []
        for i in range(repeat):
            print(f"  building {n:,} records (run {i + 1} of {repeat}) ...", flush=True)
            runs.append(build_once(n, OUT / f"index-{n}", ["--heap-mb", str(HEAP_MB), *(extra or [])]))
            if floor:
                print(f"  building the floor of {n:,} records ...", flush=True)
                floors.append(floor_bench.build(n))
        row = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        row["runs"] = runs
        if floors:
            row["floor"] = {k: statistics.median(f[k] for f in floors) for k in floors[0] if k != "index_dir"}
        rows.append(row)
    return rows


def save(rows: list[dict]) -> None:
    """Each size's figures in bench/out/perf/build-N.json, for `run_all --no-build`."""
    for r in rows:
        (OUT / f"build-{int(r['records'])}.json").write_text(json.dumps({"machine": machine(), "row": r}, indent=2))


def saved(n: int) -> dict | None:
    data = load_json(OUT / f"build-{n}.json")
    return data["row"] if data else None


def report(rows: list[dict]) -> str:
    lines = [f"machine: {machine()}",
             f"build: `vindplaats index build --heap-mb {HEAP_MB} --source jsonl:synth-N.jsonl`, "
             "end to end (median of runs)",
             f"{'records':>10} {'seconds':>8} {'rec/s':>8} {'CPU µs/rec':>10} {'peak RSS':>9} "
             f"{'index':>9} {'B/rec':>6} {'segments':>8}"]
    for r in rows:
        lines.append(f"{int(r['records']):>10,} {r['seconds']:8.1f} {r['records_per_second']:8,.0f} "
                     f"{r['cpu_us_per_record']:10.0f} {fmt_bytes(r['peak_rss']):>9} "
                     f"{fmt_bytes(r['index_bytes']):>9} {r['index_bytes'] / r['records']:6.0f} "
                     f"{int(r['segments']):>8}")
    for r in rows:
        f = r.get("floor")
        if f:
            lines.append(f"floor at {int(r['records']):,} (minimal tantivy, bench.perf.floor): {f['seconds']:.1f} s, "
                         f"{f['records_per_second']:,.0f} rec/s, peak RSS {fmt_bytes(f['peak_rss'])}, "
                         f"index {fmt_bytes(f['index_bytes'])}; Vindplaats/floor: time "
                         f"{ratio(r['seconds'], f['seconds'])}, peak RSS {ratio(r['peak_rss'], f['peak_rss'])}, "
                         f"index {ratio(r['index_bytes'], f['index_bytes'])}")
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        # Extrapolation from the two largest measured sizes: time grows linearly with records
        # at the larger size's rate; the index size per record of the larger size.
        n18 = 18_000_000
        secs = b["seconds"] + (n18 - b["records"]) / b["records_per_second"]
        lines.append(f"extrapolated to 18,000,000 records from the {int(a['records']):,} and "
                     f"{int(b['records']):,} runs: ~{secs / 60:.0f} min at {b['records_per_second']:,.0f} rec/s, "
                     f"index ~{fmt_bytes(b['index_bytes'] / b['records'] * n18)} "
                     "(rate change between the two sizes: "
                     f"{b['records_per_second'] / a['records_per_second'] - 1:+.0%})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, action="append", help="corpus size (repeatable)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", type=Path, default=OUT / "build-last.json")
    ap.add_argument("--no-floor", action="store_true", help="skip the minimal tantivy build beside it")
    args = ap.parse_args(argv)
    rows = run(args.records or [200_000], args.repeat, floor=not args.no_floor)
    text = report(rows)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2))
    save(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
