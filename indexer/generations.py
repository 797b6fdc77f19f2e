"""Index generations on disk, and the atomic switch between them.

    INDEX_DIR/
      CURRENT                 name of the generation being served (replaced atomically)
      generations/<name>/     one complete tantivy index + manifest.json (+ libraries.json,
                              changes.bin, vocabulary.bin: see indexer.changes, indexer.vocabfile)
      jobs/<job>.json         the report of every build/update job
      .build.lock             held by the one process that writes

A generation without ``manifest.json`` is a build that never finished (killed, crashed): it is
never served and the next build removes it. Servers re-read ``CURRENT`` and switch to the new
generation between two requests, so a rebuild needs no restart.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
LIBRARIES = "libraries.json"
KEEP = 2  # the live generation and the one before it, for rollback


class IndexDirError(RuntimeError):
    """The index directory is missing, locked, or holds nothing to serve."""


@dataclass(frozen=True)
class Generation:
    name: str
    path: Path
    manifest: dict

    @property
    def records(self) -> int:
        return int(self.manifest.get("records", 0))


def generations_dir(index_dir: str | Path) -> Path:
    return Path(index_dir) / "generations"


def jobs_dir(index_dir: str | Path) -> Path:
    return Path(index_dir) / "jobs"


KEEP_JOBS = 200  # finished jobs whose reports are kept; older ones are removed with their files
# One job's files in INDEX_DIR/jobs (see indexer.jobs): spec, live progress, final report, output.
JOB_SPEC, JOB_PROGRESS, JOB_REPORT, JOB_LOG = ".spec", ".progress", ".json", ".log"
JOB_FILES = (JOB_REPORT, JOB_SPEC, JOB_PROGRESS, JOB_LOG)


def prune_jobs(index_dir: str | Path, keep: int = KEEP_JOBS) -> int:
    """Remove the files of all but the `keep` newest finished jobs (a job is finished when its
    report is written); a running job, whose report is not there yet, is never touched."""
    d = jobs_dir(index_dir)
    if not d.is_dir():
        return 0
    reports = []
    for p in d.glob(f"*{JOB_REPORT}"):
        try:
            reports.append((p.stat().st_mtime, p.name))
        except OSError:
            continue
    reports.sort()
    removed = 0
    for _, name in reports[:max(0, len(reports) - keep)]:
        job = name[: -len(JOB_REPORT)]
        for suffix in JOB_FILES:
            try:
                (d / f"{job}{suffix}").unlink()
            except FileNotFoundError:
                continue
        removed += 1
    return removed


def new_generation_name() -> str:
    """Sortable by creation time: gYYYYMMDDTHHMMSS.micro-pid."""
    ns = time.time_ns()
    return time.strftime("g%Y%m%dT%H%M%S", time.gmtime(ns / 1e9)) + f".{ns // 1000 % 10**6:06d}-{os.getpid()}"


def read_manifest(path: Path) -> dict | None:
    try:
        return orjson.loads((path / MANIFEST).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


def write_json_atomic(path: Path, data: object) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(orjson.dumps(data, option=orjson.OPT_INDENT_2))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def current_name(index_dir: str | Path) -> str | None:
    try:
        name = (Path(index_dir) / CURRENT).read_text().strip()
    except OSError:
        return None
    return name or None


def current(index_dir: str | Path) -> Generation | None:
    name = current_name(index_dir)
    if not name:
        return None
    path = generations_dir(index_dir) / name
    manifest = read_manifest(path)
    if manifest is None:
        return None
    return Generation(name, path, manifest)


def complete_generations(index_dir: str | Path) -> list[Generation]:
    """Finished generations, oldest first."""
    root = generations_dir(index_dir)
    if not root.is_dir():
        return []
    gens = []
    for path in root.iterdir():
        manifest = read_manifest(path) if path.is_dir() else None
        if manifest is not None:
            gens.append(Generation(path.name, path, manifest))
    gens.sort(key=lambda g: g.name)
    return gens


def switch_to(index_dir: str | Path, name: str) -> None:
    """Serve generation `name` from now on: one atomic rename, readers never see a half state."""
    index_dir = Path(index_dir)
    if read_manifest(generations_dir(index_dir) / name) is None:
        raise IndexDirError(f"generation {name} is not complete and cannot be served")
    tmp = index_dir / f"{CURRENT}.tmp{os.getpid()}"
    with open(tmp, "w") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    with contextlib.suppress(OSError):
        dir_fd = os.open(index_dir, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def cleanup(index_dir: str | Path, keep: int = KEEP) -> list[str]:
    """Remove unfinished builds and all but the newest `keep` finished generations.

    The live generation is never removed, whatever its age.
    """
    root = generations_dir(index_dir)
    if not root.is_dir():
        return []
    live = current_name(index_dir)
    removed = []
    finished = complete_generations(index_dir)
    keep_names = {g.name for g in finished[-keep:]} | ({live} if live else set())
    for path in root.iterdir():
        if path.name in keep_names or not path.is_dir():
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


@contextlib.contextmanager
def writer_lock(index_dir: str | Path):
    """One writing process per index directory; a second gets a clear error, not a corrupt index.

    The lock is an flock on a file: the kernel drops it when the process dies, so a build killed
    with kill -9 never leaves a stale lock behind.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    fh = open(index_dir / ".build.lock", "a+")  # noqa: SIM115 - held for the build; the lock lives as long as the handle
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise IndexDirError(f"another job is writing to {index_dir}") from None
            raise
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


def is_locked(index_dir: str | Path) -> bool:
    path = Path(index_dir) / ".build.lock"
    if not path.exists():
        return False
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return False
