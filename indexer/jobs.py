"""Rebuild jobs run in their own process, for the admin API.

The server never builds in its own process: it would block, and it must not own the tantivy
writer. `start` writes a job spec and spawns `python -m indexer.jobs run SPEC`, which runs
`indexer.build.build` with a progress tracker. The job's files, side by side in INDEX_DIR/jobs:

    <job>.spec       what to build (sources, options) and the job process's pid
    <job>.progress   live counts, written atomically a few times a second by the job process
    <job>.json       the final JobReport (written by indexer.build, as for any job)
    <job>.log        what the job process printed (removed when empty)

Only the final report ends in `.json`, so `indexer.build.status` and the history see one file
per job. A job whose spec is there but whose report is not, and whose process is gone (kill -9,
out of memory), is reported as `failed`; the build never switched, so the live generation
keeps serving. Any process may answer for any job (several server workers, a restarted
server): the state lives on disk and in the process table, not in the server's memory.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

import orjson

from indexer import generations as gens
from indexer.build import BuildOptions, JobReport, build

SPEC, PROGRESS, REPORT, LOG = gens.JOB_SPEC, gens.JOB_PROGRESS, gens.JOB_REPORT, gens.JOB_LOG
TICK = 0.25  # seconds between two progress writes
START_GRACE = 30.0  # a spec without a pid this old belongs to a server that died while spawning
JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
PROJECT_ROOT = Path(__file__).resolve().parents[1]
PF_KTHREAD = 0x00200000  # /proc/PID/stat flag of a kernel thread


class JobConflict(RuntimeError):
    """Another job is running or writing to the index directory."""

    def __init__(self, message: str, job: str | None = None):
        super().__init__(message)
        self.job = job


def new_job_id() -> str:
    return time.strftime("job-%Y%m%dT%H%M%S", time.gmtime()) + f"-{secrets.token_hex(3)}"


def valid_job_id(job: str) -> bool:
    return bool(JOB_ID.fullmatch(job))


# --- the server's side ------------------------------------------------------------------------

def start(index_dir: str | os.PathLike, sources: list[str], options: BuildOptions | None = None,
          labels: list[str] | None = None) -> str:
    """Spawn a full rebuild in its own process; returns the job id at once.

    Raises JobConflict when a job is running or another process (a command-line build or
    update) holds the writer lock.
    """
    index_dir = Path(index_dir).resolve()
    options = options or BuildOptions()
    jobs = gens.jobs_dir(index_dir)
    jobs.mkdir(parents=True, exist_ok=True)
    # Checking and spawning under one lock: two requests at once (two workers) start one job.
    with open(jobs / ".start.lock", "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        busy = running(index_dir)
        if busy:
            raise JobConflict(f"job {busy} is still running", busy)
        if gens.is_locked(index_dir):
            raise JobConflict("another process (a command-line build or update) is writing to the index")
        job = new_job_id()
        spec = {"job": job, "kind": "build", "index_dir": str(index_dir), "sources": sources,
                "labels": labels or sources, "options": asdict(options), "created": _iso(time.time()),
                "pid": None}
        spec_path = jobs / f"{job}{SPEC}"
        gens.write_json_atomic(spec_path, spec)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        with open(jobs / f"{job}{LOG}", "ab") as log:
            try:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "indexer.jobs", "run", str(spec_path)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                    start_new_session=True,  # a Ctrl-C or restart of the server does not stop the job
                )
            except OSError as exc:
                _save_failed(index_dir, job, f"the job process could not be started: {exc}")
                raise
        spec["pid"] = proc.pid
        gens.write_json_atomic(spec_path, spec)
    # Reap the child when it ends, or a killed job would linger as a zombie that looks alive.
    threading.Thread(target=proc.wait, name=f"reap-{job}", daemon=True).start()
    return job


def running(index_dir: str | os.PathLike) -> str | None:
    """The id of a job whose process is still at work, if any."""
    jobs = gens.jobs_dir(index_dir)
    if not jobs.is_dir():
        return None
    for spec_path in sorted(jobs.glob(f"*{SPEC}"), reverse=True):
        job = spec_path.name[: -len(SPEC)]
        if (jobs / f"{job}{REPORT}").exists():
            continue
        info = get(index_dir, job)
        if info is not None and info["state"] in ("queued", "running"):
            return job
    return None


def get(index_dir: str | os.PathLike, job: str) -> dict | None:
    """Everything known about one job: live while it runs, the full report when it is over."""
    if not valid_job_id(job):
        return None
    jobs = gens.jobs_dir(index_dir)
    spec = _read(jobs / f"{job}{SPEC}")
    report = _read(jobs / f"{job}{REPORT}")
    if report is not None:
        return _finished(report, spec, _read(jobs / f"{job}{PROGRESS}"))
    if spec is None:
        return None
    progress = _read(jobs / f"{job}{PROGRESS}")
    pid = (progress or {}).get("pid") or spec.get("pid")
    if _alive(pid, job):
        return _live(spec, progress)
    report = _read(jobs / f"{job}{REPORT}")  # it may have finished between our two looks
    if report is not None:
        return _finished(report, spec, progress)
    if pid is None and time.time() - _mtime(jobs / f"{job}{SPEC}") < START_GRACE:
        return _live(spec, None)
    return _dead(spec, progress, _log_tail(jobs / f"{job}{LOG}"))


def history(index_dir: str | os.PathLike, limit: int = 50) -> list[dict]:
    """Every job this index directory remembers (admin jobs and command-line ones), newest first."""
    jobs = gens.jobs_dir(index_dir)
    if not jobs.is_dir():
        return []
    # Writers run one at a time, so the age of a job's first file orders jobs well enough to pick
    # the newest `limit` before reading any report (a report can list a thousand rejections).
    first_seen: dict[str, float] = {}
    for path in jobs.iterdir():
        for suffix in (SPEC, REPORT):
            if path.name.endswith(suffix):
                job = path.name[: -len(suffix)]
                first_seen[job] = min(first_seen.get(job, float("inf")), _mtime(path))
    newest = sorted(first_seen, key=first_seen.__getitem__, reverse=True)[:limit]
    out = []
    for job in newest:
        info = get(index_dir, job)
        if info is not None:
            out.append({k: v for k, v in info.items() if k not in ("errors", "report")})
    out.sort(key=lambda j: (j["started"] or "", first_seen[j["job"]]), reverse=True)
    return out


def cancel(index_dir: str | os.PathLike, job: str) -> bool:
    """Ask a running job to stop (SIGTERM); the build discards its unfinished generation.

    Returns False when the job is not running."""
    info = get(index_dir, job)
    if info is None or info["state"] not in ("queued", "running") or not _alive(info.get("pid"), job):
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(info["pid"], signal.SIGTERM)
    return True


def _finished(report: dict, spec: dict | None, progress: dict | None) -> dict:
    seconds = report.get("seconds") or 0
    fraction = 1.0 if report.get("state") in ("done", "refused") else (progress or {}).get("progress")
    return {
        "job": report["job"], "kind": report.get("kind", "build"), "state": report.get("state"),
        "progress": fraction, "records": report.get("records", 0), "rejected": report.get("rejected", 0),
        "deleted": report.get("deleted", 0),
        "rate": round(report.get("records", 0) / seconds, 1) if seconds else None, "eta_seconds": 0,
        "errors": report.get("errors", []), "started": report.get("started"), "finished": report.get("finished"),
        "generation": report.get("generation"), "previous_generation": report.get("previous_generation"),
        "message": report.get("message"),
        "sources": (spec or {}).get("labels") or [s.get("source") for s in report.get("sources", [])],
        "pid": (spec or {}).get("pid"), "report": report,
    }


def _live(spec: dict, progress: dict | None) -> dict:
    p = progress or {}
    return {
        "job": spec["job"], "kind": spec.get("kind", "build"), "state": "running" if progress else "queued",
        "progress": p.get("progress"), "records": p.get("records", 0), "rejected": p.get("rejected", 0),
        "deleted": 0, "rate": p.get("rate"), "eta_seconds": p.get("eta_seconds"), "errors": [],
        "started": p.get("started") or spec.get("created"), "finished": None,
        "generation": None, "previous_generation": None, "message": None,
        "sources": spec.get("labels") or spec.get("sources"), "pid": p.get("pid") or spec.get("pid"),
        "report": None,
    }


def _dead(spec: dict, progress: dict | None, log_tail: str | None) -> dict:
    info = _live(spec, progress)
    message = "the job process stopped without finishing (killed or crashed); the live generation was not changed"
    if log_tail:
        message += f": {log_tail}"
    info.update(state="failed", message=message, eta_seconds=None,
                finished=(progress or {}).get("updated"))
    return info


def _alive(pid: int | None, job: str) -> bool:
    """Is `pid` still the process running `job`, or still holding its files?

    Pids are reused, so where there is a /proc we check that the command line names the job.
    A killed process loses its command line before it has closed its files (and with them the
    writer lock), so one with an empty command line counts as alive until every one of its
    threads is a zombie: only then is the lock free for the next job.
    """
    if not isinstance(pid, int) or pid <= 0:
        return False
    if os.path.isdir("/proc/self"):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if cmdline:
                return job.encode() in cmdline
            stats = [_proc_stat(t) for t in Path(f"/proc/{pid}/task").iterdir()]
        except OSError:
            return False
        return any(state not in "ZX" and not flags & PF_KTHREAD for state, flags in stats if state)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _proc_stat(task: Path) -> tuple[str, int]:
    """(state, flags) of one thread from /proc/PID/task/TID/stat; ("", 0) when it is gone."""
    try:
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        return fields[0], int(fields[6])
    except (OSError, IndexError, ValueError):
        return "", 0


# --- the job process's side -------------------------------------------------------------------

class Tracker:
    """Writes <job>.progress a few times a second while the build runs."""

    def __init__(self, index_dir: Path, job: str, sources: list[str]):
        self.path = gens.jobs_dir(index_dir) / f"{job}{PROGRESS}"
        self.job = job
        self.records = self.rejected = 0
        self.fraction: float | None = None  # share of the sources' bytes read, from the build
        self.started = time.time()
        self.state = "running"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="progress", daemon=True)

    def tick(self, records: int, rejected: int, fraction: float | None = None) -> None:
        """The build's progress callback: just remember; the thread writes."""
        self.records, self.rejected, self.fraction = records, rejected, fraction

    def start(self) -> None:
        self.write()
        self._thread.start()

    def stop(self, state: str) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.state = state
        self.write()

    def _loop(self) -> None:
        while not self._stop.wait(TICK):
            with contextlib.suppress(OSError):
                self.write()

    def write(self) -> None:
        now = time.time()
        elapsed = max(now - self.started, 1e-3)
        fraction = self.fraction
        if fraction is not None and self.state == "running":
            fraction = min(fraction, 0.99)  # everything read is not everything committed
        eta = round(elapsed * (1 - fraction) / fraction, 1) if fraction and self.state == "running" else None
        _write_quick(self.path, {
            "job": self.job, "pid": os.getpid(), "state": self.state,
            "started": _iso(self.started), "updated": _iso(now),
            "records": self.records, "rejected": self.rejected, "rate": round(self.records / elapsed, 1),
            "progress": fraction, "eta_seconds": eta,
        })


def run(spec_path: str | os.PathLike) -> int:
    """The job process: build what the spec says, reporting progress. Exit 0 when switched in."""
    spec = orjson.loads(Path(spec_path).read_bytes())
    job, index_dir = spec["job"], Path(spec["index_dir"])
    # A stop request (cancel, or the machine shutting down) unwinds through build(), which
    # discards the unfinished generation and saves a failed report.
    signal.signal(signal.SIGTERM, _stop_requested)
    with contextlib.suppress(OSError):
        os.nice(5)  # searches come first; the rebuild takes what is left
    tracker = Tracker(index_dir, job, spec["sources"])
    tracker.start()
    state = "failed"
    try:
        report = build(index_dir, spec["sources"], BuildOptions(**spec["options"]), progress=tracker.tick, job=job)
        state = report.state
    except BaseException as exc:  # noqa: BLE001 - every failure must end in a report
        message = str(exc) or type(exc).__name__
        if not (gens.jobs_dir(index_dir) / f"{job}{REPORT}").exists():
            _save_failed(index_dir, job, message)  # failed before build() had a report to save
        print(f"job {job} failed: {message}", file=sys.stderr, flush=True)
    finally:
        tracker.stop(state)
        log = gens.jobs_dir(index_dir) / f"{job}{LOG}"
        with contextlib.suppress(OSError):
            if log.stat().st_size == 0:
                log.unlink()
    return 0 if state == "done" else 1


def _stop_requested(signum, frame):
    raise SystemExit("the job was stopped on request")


def _save_failed(index_dir: Path, job: str, message: str) -> None:
    report = JobReport(job=job, kind="build", index_dir=str(index_dir), state="failed", message=message)
    report.finished = time.time()
    report.save()


# --- small helpers ----------------------------------------------------------------------------

def _read(path: Path) -> dict | None:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _write_quick(path: Path, data: dict) -> None:
    """Atomic but not fsynced: progress is worth nothing after a crash, and is written often."""
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_bytes(orjson.dumps(data))
    os.replace(tmp, path)


def _log_tail(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            fh.seek(max(0, fh.seek(0, os.SEEK_END) - 2000))
            lines = [ln.strip() for ln in fh.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    except OSError:
        return None
    return lines[-1][:500] if lines else None


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "run":
        print("usage: python -m indexer.jobs run SPEC (started by the admin API)", file=sys.stderr)
        return 2
    return run(args[1])


if __name__ == "__main__":
    sys.exit(main())
