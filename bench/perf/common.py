"""What the performance benches share: the machine line, the synthetic corpus and its query mix,
indexes built once and reused, a process-tree meter (CPU and resident memory), percentiles.

Everything a bench writes lives under ``bench/out/perf`` (git-ignored): ``synth-N.jsonl`` (the
synthetic catalogue; a smaller one is cut from a larger one, since a shorter run of the generator
is a prefix of a longer one), ``index-N`` (a Vindplaats index of it), ``queries-N.jsonl``.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson

from bench.latency import free_port, params_of, percentiles, stop_server
from bench.latency import machine as _machine
from bench.latency import start_server as _start_server

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "bench" / "out" / "perf"
SEED = 1
QUERY_SEED = 7
QUERY_SAMPLE = 50_000  # records the query mix is drawn from (the corpus's first ones)

__all__ = [
    "OUT",
    "REPO",
    "TreeMeter",
    "corpus",
    "dir_bytes",
    "fmt_bytes",
    "free_port",
    "index_for",
    "machine",
    "params_of",
    "percentiles",
    "queries_for",
    "ratio",
    "start_server",
    "stop_server",
]


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
                    break
    except OSError:
        pass
    load = ""
    with contextlib.suppress(OSError):
        load = f", load average {os.getloadavg()[0]:.1f} at start"
    return f"{_machine()}{mem}, {platform.system()} {platform.release()}{load}"


def corpus(n: int) -> Path:
    """The synthetic catalogue of `n` records (seed 1), generated once and cached."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"synth-{n}.jsonl"
    if path.is_file():
        return path
    larger = sorted((p for p in OUT.glob("synth-*.jsonl") if _size_of(p) > n), key=_size_of)
    if larger:
        # The generator is deterministic and nests: the first n lines of a larger corpus are it.
        tmp = path.with_suffix(".part")
        with open(larger[0], "rb") as src, open(tmp, "wb") as dst:
            dst.writelines(itertools.islice(src, n))
        os.replace(tmp, path)
        return path
    from corpus.synth import write_jsonl

    print(f"  generating {n:,} synthetic records into {path.relative_to(REPO)} ...", flush=True)
    write_jsonl(n, SEED, str(path))
    return path


def _size_of(p: Path) -> int:
    try:
        return int(p.stem.split("-", 1)[1])
    except (IndexError, ValueError):
        return -1


def queries_for(n: int, count: int = 500) -> list[dict]:
    """The benchmark query mix (corpus.synth.query_mix) drawn from the first records of corpus n:
    known-item titles, one- to three-word topics, authors and ISBNs, zero to two filters each."""
    path = OUT / f"queries-{n}-{count}.jsonl"
    if path.is_file():
        return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    from corpus.synth import query_mix

    with open(corpus(n), "rb") as fh:
        sample = [orjson.loads(line) for line in itertools.islice(fh, min(n, QUERY_SAMPLE))]
    qs = query_mix(count, QUERY_SEED, sample)
    path.write_bytes(b"".join(orjson.dumps(q, option=orjson.OPT_APPEND_NEWLINE) for q in qs))
    return qs


def index_for(n: int, rebuild: bool = False) -> Path:
    """A Vindplaats index of corpus n, built with `vindplaats index build` once and reused."""
    d = OUT / f"index-{n}"
    if rebuild or not (d / "CURRENT").exists():
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "indexer.cli", "index", "build", "--index-dir", str(d),
                        "--heap-mb", "1000", "--source", f"jsonl:{corpus(n)}"],
                       check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return d


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "-"


# --- a process tree's CPU time and memory, from /proc ----------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(root: int) -> list[int]:
    kids = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, ()))
    return out


def _cpu_and_rss(pid: int) -> tuple[float, int, int]:
    """(CPU seconds, resident bytes, proportional set size in bytes) of one process."""
    with open(f"/proc/{pid}/stat", "rb") as fh:
        fields = fh.read().rsplit(b")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / _TICK
    rss = int(fields[21]) * _PAGE
    pss = rss
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    return cpu, rss, pss


class TreeMeter:
    """Samples a process and all its descendants: summed CPU seconds (each process's last
    reading, so finished workers still count), and the peak of the summed resident memory,
    both as RSS (shared pages counted once per process) and as PSS (shared pages divided among
    the processes that map them: the fair figure for workers sharing one memory-mapped index)."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval = pid, interval
        self.cpu: dict[int, float] = {}
        self.peak_rss = self.peak_pss = 0
        self.last_rss = self.last_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMeter:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        rss = pss = 0
        for pid in _tree(self.pid):
            try:
                cpu, r, p = _cpu_and_rss(pid)
            except (OSError, IndexError, ValueError):
                continue
            self.cpu[pid] = cpu
            rss += r
            pss += p
        if rss:
            self.last_rss, self.last_pss = rss, pss
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


# --- a Vindplaats server ------------------------------------------------------------------------

def start_server(index_dir: Path, workers: int = 1, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`vindplaats serve` on a free port; a large index may take minutes to come up."""
    return _start_server(index_dir, workers, env, timeout=300)


def wait_warm(base: str, timeout: float = 300, in_a_row: int = 8) -> float:
    """Wait until the server reports its vocabulary and typo index built (`warm` in /healthz;
    with several workers, `in_a_row` answers in a row), so no measured request pays for the
    warm-up. Returns the seconds waited."""
    import httpx

    t0 = time.monotonic()
    seen = 0
    while time.monotonic() - t0 < timeout:
        try:
            warm = httpx.get(f"{base}/healthz", timeout=5).json().get("warm", True)
        except (httpx.HTTPError, ValueError):
            warm = False
        seen = seen + 1 if warm else 0
        if seen >= in_a_row:
            break
        time.sleep(0.05 if warm else 0.2)
    return time.monotonic() - t0


def load_json(path: Path, default=None):
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return default
