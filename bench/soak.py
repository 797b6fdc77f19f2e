"""Soak: N minutes of mixed traffic against `vindplaats serve --workers 2`, with the index changing
and the machine misbehaving underneath it.

    python -m bench.soak                        # 30 minutes (make soak)
    python -m bench.soak --minutes 2            # the short version the tests run

What runs at the same time:
- client threads sending a mix of what real users and harvesters send: searches with facets and
  filters, deep pages, sorting, feeds (RSS/Atom), suggest, record and article pages, the result
  page, SRU searchRetrieve, OAI-PMH ListRecords/GetRecord, healthz;
- an incremental update (`vindplaats index update`, a handful of records re-titled) every
  `--update-every` seconds and a full rebuild (`vindplaats index build`) every `--rebuild-every`;
- one worker killed with SIGKILL at 40% of the run; the supervisor (uvicorn's multiprocess
  manager behind `serve --workers N`) must start a replacement, and the soak waits for it;
- a full disk at 60%: the index directory is a small tmpfs (root only; skipped otherwise), shrunk
  to what it already holds, so the next build runs out of space. It must fail, leave CURRENT on the
  previous generation, and that generation must keep answering; then the disk is given back and
  the next build must succeed.

An error is a 5xx, an unexpected status, a body that is not what the route promises, or a
connection failure. A connection closed under a request by the killed worker is retried once, as a
browser retries an idempotent request on a reused connection; such retries are counted and
reported, and only a failed retry is an error.

Reported per interval: requests, errors, p50/p99 latency, and the PSS (RSS where PSS is not
readable) of each worker. Memory growth is measured after warm-up on every worker alive at the
end. Warm-up is the first 20% of the run, and again as long after the SIGKILL: the killed
worker's share of the traffic moves to the others, whose caches then fill for the first time (a
worker that was nearly idle doubles in a minute, which is warming, not a leak; a replacement
starts small). Writes bench/out/soak.json.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.latency import machine, start_server, stop_server

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
SAMPLE = REPO / "corpus" / "sample"
SOURCES = [f"jsonl:{SAMPLE / 'catalogue.jsonl'}", f"articles:{SAMPLE / 'articles'}"]
SOURCE_ARGS = [arg for s in SOURCES for arg in ("--source", s)]
TMPFS_SIZE = 256 * 1024 * 1024  # the sample's generations take a few MB; two builds side by side fit easily

QUERIES = ["bibliotheek", "bibliotheken", "de ontdekking van de hemel", "kinderboeken", "leesbevordering",
           "dieren", "max havelaar", "geschiedenis", "thriller", "ouderen", "roman", "digitale inclusie",
           "het achterhuis", "aangepast lezen", "oorlog", "koken", "reizen", "muziek", ""]
FILTERS = ["material:boek", "language:nl", "language:en", "year:2000-2009", "audience:jeugd", "province:Utrecht"]
SUGGEST = ["bib", "kind", "ontd", "lees", "ge", "max", "oo"]


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[tuple[float, float, str, bool]] = field(default_factory=list)  # (t, ms, kind, ok)
    errors: list[dict] = field(default_factory=list)
    retries: int = 0

    def add(self, t: float, ms: float, kind: str, ok: bool, detail: dict | None = None) -> None:
        with self.lock:
            self.samples.append((t, ms, kind, ok))
            if not ok and len(self.errors) < 200:
                self.errors.append({"t": round(t, 1), "kind": kind, **(detail or {})})


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


# --- the traffic ---------------------------------------------------------------------------------

def pick_request(rnd: random.Random, ids: list[str], article_ids: list[str]) -> tuple[str, str, dict, str]:
    """(kind, path, params, what the body must contain)."""
    q = rnd.choice(QUERIES)
    r = rnd.random()
    if r < 0.30:
        params: dict = {"q": q}
        if rnd.random() < 0.5:
            params["filter"] = rnd.sample(FILTERS, rnd.randint(1, 2))
        if rnd.random() < 0.3:
            params["page"] = str(rnd.randint(2, 12))
        if rnd.random() < 0.2:
            params["sort"] = rnd.choice(["year_desc", "year_asc", "title"])
        return "search", "/api/v1/search", params, '"hits"'
    if r < 0.38:
        return "feed", "/api/v1/search", {"q": q or "boek", "format": rnd.choice(["rss", "atom"])}, "<"
    if r < 0.48:
        return "suggest", "/api/v1/suggest", {"q": rnd.choice(SUGGEST)}, "["
    if r < 0.60:
        return "record", f"/api/v1/records/{rnd.choice(ids)}", {}, '"id"'
    if r < 0.68:
        if article_ids and rnd.random() < 0.3:
            return "page", f"/artikel/{rnd.choice(article_ids)}", {}, "<html"
        return "page", f"/titel/{rnd.choice(ids)}", {}, "<html"
    if r < 0.76:
        params = {"q": q or "roman"}
        if rnd.random() < 0.4:
            params["filter"] = rnd.choice(FILTERS)
        return "page", "/zoeken", params, "<html"
    if r < 0.86:
        return "sru", "/sru", {"operation": "searchRetrieve", "version": "2.0",
                               "query": f'cql.anywhere all "{q or "boek"}"',
                               "maximumRecords": str(rnd.choice([1, 10, 20])),
                               "startRecord": str(rnd.choice([1, 1, 11]))}, "searchRetrieveResponse"
    if r < 0.94:
        if rnd.random() < 0.5:
            return "oai", "/oai", {"verb": "GetRecord", "identifier": f"oai:vindplaats:{rnd.choice(ids)}",
                                   "metadataPrefix": "oai_dc"}, "OAI-PMH"
        return "oai", "/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}, "OAI-PMH"
    return "health", "/healthz", {}, '"ok"'


def client_loop(base: str, stats: Stats, stop: threading.Event, seed: int, ids: list[str],
                article_ids: list[str], t0: float) -> None:
    rnd = random.Random(seed)
    client = httpx.Client(base_url=base, timeout=30)
    try:
        while not stop.is_set():
            kind, path, params, must = pick_request(rnd, ids, article_ids)
            start = time.perf_counter()
            detail: dict = {}
            ok = False
            for attempt in (1, 2):
                try:
                    resp = client.get(path, params=params)
                    ok = resp.status_code == 200 and must in resp.text[:4000]
                    if not ok:
                        detail = {"path": path, "params": params, "status": resp.status_code,
                                  "body": resp.text[:200]}
                    break
                except (httpx.RemoteProtocolError, httpx.ConnectError, httpx.ReadError) as exc:
                    # the connection died under the request (a killed worker): retry once on a new one
                    detail = {"path": path, "params": params, "exception": repr(exc)}
                    client.close()
                    client = httpx.Client(base_url=base, timeout=30)
                    if attempt == 1:
                        with stats.lock:
                            stats.retries += 1
                except httpx.HTTPError as exc:
                    detail = {"path": path, "params": params, "exception": repr(exc)}
                    break
            ms = (time.perf_counter() - start) * 1000
            stats.add(time.monotonic() - t0, ms, kind, ok, detail)
    finally:
        client.close()


# --- the server's workers ------------------------------------------------------------------------

def children(pid: int) -> list[int]:
    out = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            cmd = (p / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid and b"resource_tracker" not in cmd:
            out.append(int(p.name))
    return sorted(out)


def memory_kb(pid: int) -> tuple[int, str]:
    """PSS in kB from smaps_rollup (shared index pages split between the workers), else RSS."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]), "pss"
    except OSError:
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]), "rss"
    except OSError:
        pass
    return 0, "none"


# --- the index underneath ------------------------------------------------------------------------

def vindplaats(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def live_generation(index_dir: Path) -> str | None:
    try:
        return (index_dir / "CURRENT").read_text().strip()
    except OSError:
        return None


def write_update(path: Path, round_no: int, n: int = 8) -> None:
    """A handful of catalogue records, re-titled: the same ids, so nothing vanishes from the traffic."""
    lines = (SAMPLE / "catalogue.jsonl").read_text(encoding="utf-8").splitlines()
    rnd = random.Random(round_no)
    with path.open("w", encoding="utf-8") as fh:
        for line in rnd.sample(lines, n):
            rec = json.loads(line)
            rec["title"] = f"{rec.get('title', '')} (bijgewerkt {round_no})"
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def mount_tmpfs(path: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "vindplaats-soak", str(path)],
                       capture_output=True, text=True)
    return r.returncode == 0


def resize_tmpfs(path: Path, size: int) -> bool:
    r = subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], capture_output=True, text=True)
    return r.returncode == 0


def used_bytes(path: Path) -> int:
    st = os.statvfs(path)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


# --- the run -------------------------------------------------------------------------------------

def run(minutes: float, interval: float, clients: int, rebuild_every: float, update_every: float,
        workers: int = 2, seed: int = 1) -> dict:
    duration = minutes * 60
    work = Path(tempfile.mkdtemp(prefix="vindplaats-soak-"))
    index_dir = work / "index"
    index_dir.mkdir()
    on_tmpfs = mount_tmpfs(index_dir)
    events: list[dict] = []
    proc = None
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        r = vindplaats("index", "build", "--index-dir", str(index_dir), *SOURCE_ARGS)
        if r.returncode != 0:
            raise RuntimeError(f"the first build failed: {r.stderr[-2000:]}")
        proc, base = start_server(index_dir, workers=workers, env={"VINDPLAATS_RATE_LIMIT": "0"})
        deadline = time.monotonic() + 60
        while len(children(proc.pid)) < workers:
            if time.monotonic() > deadline:
                raise RuntimeError("the workers did not all start")
            time.sleep(0.2)
        found = httpx.get(f"{base}/api/v1/search", params={"q": "", "size": 100, "scope": "catalogue"}, timeout=30)
        ids = [h["id"] for h in found.json()["hits"]]
        arts = httpx.get(f"{base}/api/v1/search", params={"q": "bibliotheek", "size": 20, "scope": "articles"},
                         timeout=30)
        article_ids = [h["id"] for h in arts.json().get("hits", [])] if arts.status_code == 200 else []
        assert ids, "no record ids to visit"

        stats = Stats()
        t0 = time.monotonic()
        for i in range(clients):
            th = threading.Thread(target=client_loop, args=(base, stats, stop, seed * 1000 + i, ids, article_ids, t0),
                                  daemon=True)
            th.start()
            threads.append(th)

        memory: list[dict] = []
        kill_at, disk_at = 0.4 * duration, 0.6 * duration
        killed = disk_done = False
        next_rebuild, next_update, next_sample = rebuild_every, update_every, interval
        update_round = 0
        load_start = os.getloadavg()
        while (now := time.monotonic() - t0) < duration:
            if now >= next_sample:
                next_sample += interval
                row = {"t": round(now), "workers": {}}
                for pid in children(proc.pid):
                    kb, kind = memory_kb(pid)
                    row["workers"][str(pid)] = kb
                    row["measure"] = kind
                row["load"] = round(os.getloadavg()[0], 2)
                memory.append(row)
            if not killed and now >= kill_at:
                killed = True
                victim = children(proc.pid)[-1]
                os.kill(victim, signal.SIGKILL)
                k0 = time.monotonic()
                replaced = None
                while time.monotonic() - k0 < 60:
                    now_kids = children(proc.pid)
                    if len(now_kids) >= workers and victim not in now_kids:
                        replaced = round(time.monotonic() - k0, 2)
                        break
                    time.sleep(0.1)
                events.append({"t": round(now), "event": "SIGKILL", "pid": victim, "replaced_after_s": replaced})
            elif not disk_done and now >= disk_at:
                disk_done = True
                events.append(full_disk(index_dir, on_tmpfs, base, round(now)))
            elif now >= next_update:
                next_update += update_every
                update_round += 1
                upd = work / f"update-{update_round}.jsonl"
                write_update(upd, update_round)
                r = vindplaats("index", "update", "--index-dir", str(index_dir), "--source", f"jsonl:{upd}")
                events.append({"t": round(now), "event": "update", "ok": r.returncode == 0,
                               **({} if r.returncode == 0 else {"stderr": r.stderr[-500:]})})
            elif now >= next_rebuild:
                next_rebuild += rebuild_every
                before = live_generation(index_dir)
                r = vindplaats("index", "build", "--index-dir", str(index_dir),
                               *SOURCE_ARGS)
                events.append({"t": round(now), "event": "rebuild", "ok": r.returncode == 0,
                               "switched": live_generation(index_dir) != before,
                               **({} if r.returncode == 0 else {"stderr": r.stderr[-500:]})})
            time.sleep(0.2)
        stop.set()
        for th in threads:
            th.join(60)
        return summarise(stats, memory, events, duration, interval, workers, on_tmpfs, load_start)
    finally:
        stop.set()
        if proc is not None:
            stop_server(proc)
        if on_tmpfs:
            subprocess.run(["umount", "-l", str(index_dir)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def full_disk(index_dir: Path, on_tmpfs: bool, base: str, t: int) -> dict:
    if not on_tmpfs:
        return {"t": t, "event": "full-disk", "skipped": "needs root and tmpfs to make a small filesystem"}
    before = live_generation(index_dir)
    used = used_bytes(index_dir)
    # leave a little room (a build writes its manifest and job files before segments) but far
    # less than a generation needs
    ok_shrink = resize_tmpfs(index_dir, used + 64 * 1024)
    r = vindplaats("index", "build", "--index-dir", str(index_dir), *SOURCE_ARGS)
    after = live_generation(index_dir)
    health = httpx.get(f"{base}/healthz", timeout=10)
    serving = health.status_code == 200 and health.json().get("generation") == before
    search = httpx.get(f"{base}/api/v1/search", params={"q": "bibliotheek"}, timeout=10)
    resize_tmpfs(index_dir, TMPFS_SIZE)
    again = vindplaats("index", "build", "--index-dir", str(index_dir), *SOURCE_ARGS)
    return {"t": t, "event": "full-disk", "shrunk": ok_shrink, "build_refused": r.returncode != 0,
            "message": (r.stderr.strip().splitlines() or [""])[-1][:300],
            "current_unchanged": after == before, "previous_still_serving": serving and search.status_code == 200,
            "next_build_after_space_returned": again.returncode == 0}


def summarise(stats: Stats, memory: list[dict], events: list[dict], duration: float,
              interval: float, workers: int, on_tmpfs: bool, load_start: tuple) -> dict:
    rows = []
    n_int = max(1, round(duration / interval))
    for i in range(n_int):
        lo, hi = i * interval, (i + 1) * interval
        ms = [s[1] for s in stats.samples if lo <= s[0] < hi]
        errs = sum(1 for s in stats.samples if lo <= s[0] < hi and not s[3])
        mem = next((m for m in memory if lo < m["t"] <= hi + 1), None)
        rows.append({"t_end_s": round(hi), "requests": len(ms), "errors": errs, "p50_ms": round(pct(ms, 0.5), 1),
                     "p99_ms": round(pct(ms, 0.99), 1), "max_ms": round(max(ms, default=0), 1),
                     "worker_kb": mem["workers"] if mem else {}, "load": mem["load"] if mem else None})
    # growth after warm-up: from the first 20% of the run on, or as long after the kill when there was one
    warm = max(interval, 0.2 * duration)
    killed = [e["t"] for e in events if e.get("event") == "SIGKILL"]
    since = max([warm] + [t + warm for t in killed if t + warm < duration])
    after = [m for m in memory if m["t"] >= since]
    alive = set(after[-1]["workers"]) if after else set()
    growth = {}
    for pid in sorted(alive):
        series = [m["workers"][pid] for m in after if pid in m["workers"]]
        if len(series) >= 2 and series[0]:
            growth[pid] = round(100 * (series[-1] - series[0]) / series[0], 1)
    by_kind: dict[str, int] = {}
    for s in stats.samples:
        by_kind[s[2]] = by_kind.get(s[2], 0) + 1
    all_ms = [s[1] for s in stats.samples]
    return {
        "machine": machine(), "minutes": round(duration / 60, 1), "workers": workers,
        "load_at_start": [round(x, 2) for x in load_start], "load_at_end": [round(x, 2) for x in os.getloadavg()],
        "requests": len(stats.samples), "errors": sum(1 for s in stats.samples if not s[3]),
        "retried_after_kill": stats.retries, "by_kind": by_kind,
        "p50_ms": round(pct(all_ms, 0.5), 1), "p99_ms": round(pct(all_ms, 0.99), 1),
        "memory_measure": memory[-1].get("measure") if memory else None,
        "memory_growth_after_warmup_pct": growth, "memory_growth_since_s": round(since),
        "full_disk_on_tmpfs": on_tmpfs, "events": events, "intervals": rows, "error_samples": stats.errors[:20],
    }


def report(res: dict) -> str:
    lines = [f"soak: {res['minutes']} min, {res['workers']} workers, {res['machine']}",
             f"load average at start {res['load_at_start']}, at end {res['load_at_end']}",
             f"requests {res['requests']}, errors {res['errors']}, retried after the kill {res['retried_after_kill']}, "
             f"p50 {res['p50_ms']} ms, p99 {res['p99_ms']} ms",
             f"memory ({res['memory_measure']}) growth from {res['memory_growth_since_s']} s on, per worker alive at "
             f"the end: {res['memory_growth_after_warmup_pct']} %", "",
             f"{'until':>6} {'reqs':>6} {'errs':>5} {'p50 ms':>8} {'p99 ms':>8} {'load':>5}  worker memory kB"]
    for r in res["intervals"]:
        mem = " ".join(f"{pid}:{kb}" for pid, kb in r["worker_kb"].items())
        lines.append(f"{r['t_end_s']:>5}s {r['requests']:>6} {r['errors']:>5} {r['p50_ms']:>8} {r['p99_ms']:>8} "
                     f"{r['load'] if r['load'] is not None else '':>5}  {mem}")
    lines.append("")
    for e in res["events"]:
        lines.append("  " + json.dumps(e, ensure_ascii=False))
    for e in res["error_samples"]:
        lines.append("  error: " + json.dumps(e, ensure_ascii=False)[:400])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--interval", type=float, default=0, help="seconds per reported interval (default: run/15)")
    ap.add_argument("--clients", type=int, default=4, help="client threads")
    ap.add_argument("--rebuild-every", type=float, default=0, help="seconds (default: run/6, at most 300)")
    ap.add_argument("--update-every", type=float, default=0, help="seconds (default: run/15, at most 120)")
    ap.add_argument("--out", default=str(OUT / "soak.json"))
    args = ap.parse_args(argv)
    duration = args.minutes * 60
    interval = args.interval or max(10.0, duration / 15)
    rebuild = args.rebuild_every or min(300.0, duration / 6)
    update = args.update_every or min(120.0, duration / 15)
    res = run(args.minutes, interval, args.clients, rebuild, update)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2, ensure_ascii=False))
    print(report(res))
    with contextlib.suppress(Exception):
        print(f"\nwritten: {os.path.relpath(args.out, REPO)}")
    return 0 if res["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
