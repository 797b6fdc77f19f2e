"""Copy the live generation of one index directory to another, for serving replicas.

    vindplaats sync --from SRC --to DEST

rsync-style: only what DEST lacks is copied. A generation is staged in a hidden directory of
DEST (no manifest.json until the end, and a name `complete_generations` skips), file by file into
a temporary name that is fsync'd and renamed; tantivy's segment files never change once written,
so a segment file DEST already holds in one of its generations (same name, same size) is
hard-linked instead of copied, and so is any other file whose contents equal the one in DEST's
live generation (the change table, which only a full build rewrites). A replica is never updated in
place by anything but sync, so files shared by two of its generations stay as they are. meta.json (which names the segments) is written after every segment
it names is there, and manifest.json, which makes a generation complete, last of all. Only then is
the staging directory renamed into place and DEST's CURRENT switched (the same atomic
write-and-rename the builder uses), so a server on DEST follows the switch as it follows a
rebuild, and a copy that fails half-way (killed, disk full) leaves DEST serving what it served.

An update in place on SRC changes its live generation without renaming it. DEST then gets a new
generation named after SRC's with a suffix from the contents (`<name>.u<hash>`), the same on every
replica: a directory that a server is reading is never rewritten.

Beside the generations, DEST gets SRC's change clock and deletions log (indexer.changes), which the
OAI-PMH provider reads for deleted records. SRC is a local path; a network share mounted at a path
works the same. Remote copies over ssh are not built in: run this on the replica against a mount,
or copy with your own tool into a path and sync from there.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from indexer import changes
from indexer import generations as gens

# A tantivy segment file: the segment's id (32 hex digits), then its component (and the opstamp
# of a deletes file). Written once, never changed: equal name and size means equal contents.
_SEGMENT_FILE = re.compile(r"^[0-9a-f]{32}\.")
_SKIP: set[str] = set()  # every file, tantivy's empty lock files too (a read-only replica cannot make them)
META = "meta.json"
STAGING_PREFIX = ".sync-"
ATTEMPTS = 3  # SRC may be updated or rebuilt while we copy: start again with its new state


class SyncError(gens.IndexDirError):
    """The copy could not be made; DEST still serves what it served before."""


@dataclass
class SyncReport:
    source: str
    generation: str  # the name DEST serves now
    previous: str | None
    copied: int = 0
    copied_bytes: int = 0
    linked: int = 0
    unchanged: bool = False
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict:
        return {"source": self.source, "generation": self.generation, "previous": self.previous,
                "copied": self.copied, "copied_bytes": self.copied_bytes, "linked": self.linked,
                "unchanged": self.unchanged, "removed": self.removed, "seconds": round(self.seconds, 3)}


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_file(target: Path, data_from: Path | bytes) -> int:
    """Write `target` through a temporary name, fsync'd, then renamed: never seen half-written."""
    tmp = target.with_name(f".{target.name}.part{os.getpid()}")
    try:
        with open(tmp, "wb") as out:
            if isinstance(data_from, bytes):
                out.write(data_from)
            else:
                with open(data_from, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
            size = out.tell()
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return size


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _same(a: Path, b: Path) -> bool:
    """Whether two files hold the same: by name and size for segment files, by contents otherwise."""
    try:
        sa, sb = a.stat(), b.stat()
    except OSError:
        return False
    if sa.st_size != sb.st_size:
        return False
    if _SEGMENT_FILE.match(a.name):
        return True
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino) or _digest(a) == _digest(b)


def _source_files(gen: Path) -> list[Path]:
    return sorted(p for p in gen.iterdir() if p.is_file() and p.name not in _SKIP)


def _segment_files_named(meta: bytes) -> set[str]:
    """The ids of the segments meta.json names (their files must all be there before it is)."""
    return {s["segment_id"].replace("-", "") for s in orjson.loads(meta).get("segments", [])}


def _up_to_date(src: Path, dest: Path) -> bool:
    if gens.read_manifest(dest) is None:
        return False
    names = {p.name for p in _source_files(src)}
    if names != {p.name for p in _source_files(dest)}:
        return False
    return all(_same(src / n, dest / n) for n in names)


def _content_tag(src: Path) -> str:
    h = hashlib.blake2b(digest_size=4)
    for name in (META, gens.MANIFEST, changes.TABLE_LOG):
        with contextlib.suppress(OSError):
            h.update((src / name).read_bytes())
    return h.hexdigest()


def _check_writable(dest: Path) -> None:
    try:
        gens.generations_dir(dest).mkdir(parents=True, exist_ok=True)
        probe = dest / f".sync-probe{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise SyncError(f"{dest} is not writable: {exc.strerror or exc}") from None


def sync(source: str | Path, dest: str | Path, keep: int = gens.KEEP) -> SyncReport:
    """Make DEST serve SRC's live generation; see the module's description."""
    source, dest = Path(source), Path(dest)
    t0 = time.monotonic()
    if not source.is_dir():
        raise SyncError(f"{source} is not a directory")
    if gens.current_name(source) is None:
        raise SyncError(f"{source} has no live generation (no {gens.CURRENT} file): nothing to sync")
    if source.resolve() == dest.resolve():
        raise SyncError("source and destination are the same directory")
    _check_writable(dest)
    with gens.writer_lock(dest):
        for attempt in range(ATTEMPTS):
            try:
                report = _sync_once(source, dest, keep)
            except FileNotFoundError:
                # A file of SRC's generation went while we read it: SRC switched or merged.
                if attempt == ATTEMPTS - 1:
                    raise SyncError(f"{source} kept changing while it was copied; try again") from None
                continue
            except OSError as exc:
                live = gens.current_name(dest)
                still = f"; {dest} still serves {live}" if live else ""
                if exc.errno == errno.ENOSPC:
                    raise SyncError(f"no space left on the device of {dest}: nothing switched{still}") from None
                raise SyncError(f"copy to {dest} failed: {exc.strerror or exc}: nothing switched{still}") from None
            if report is not None:
                report.seconds = time.monotonic() - t0
                return report
        raise SyncError(f"{source} kept changing while it was copied; try again")


def _sync_once(source: Path, dest: Path, keep: int) -> SyncReport | None:
    name = gens.current_name(source)
    src = gens.generations_dir(source) / name
    if gens.read_manifest(src) is None:
        raise SyncError(f"the live generation {name} of {source} is incomplete")
    meta = (src / META).read_bytes()  # the state we copy; checked again at the end
    previous = gens.current_name(dest)
    report = SyncReport(str(source), name, previous)
    root = gens.generations_dir(dest)

    _sync_beside(source, dest, report)
    target_name = name
    if (root / name).exists() and not _up_to_date(src, root / name):
        target_name = f"{name}.u{_content_tag(src)}"  # updated in place on SRC since
    target = root / target_name
    if target.exists() and _up_to_date(src, target):
        report.generation = target_name
        if previous != target_name:
            gens.switch_to(dest, target_name)
        else:
            report.unchanged = True
        report.removed = gens.cleanup(dest, keep=keep)
        return report

    # Segment files DEST already has (any generation): hard-link them instead of copying.
    have: dict[str, Path] = {}
    for g in gens.complete_generations(dest):
        for p in g.path.iterdir():
            if _SEGMENT_FILE.match(p.name):
                have.setdefault(p.name, p)

    staging = root / f"{STAGING_PREFIX}{target_name}.{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        files = _source_files(src)
        last = {META, gens.MANIFEST}
        for p in files:
            if p.name in last:
                continue
            out = staging / p.name
            # Other files (the change table, the vocabulary, ...) can change in place on SRC: they
            # are linked only from the replica's live generation, and only when their contents match.
            known = have.get(p.name) if _SEGMENT_FILE.match(p.name) else (
                gens.generations_dir(dest) / previous / p.name if previous else None)
            if known is not None and _same(p, known):
                try:
                    os.link(known, out)
                    report.linked += 1
                    continue
                except OSError:
                    pass  # a filesystem without hard links: copy
            report.copied_bytes += _write_file(out, p)
            report.copied += 1
        present = {p.name.split(".", 1)[0] for p in staging.iterdir() if _SEGMENT_FILE.match(p.name)}
        missing = _segment_files_named(meta) - present
        if missing:
            raise FileNotFoundError(f"segments {sorted(missing)} went from {src}")
        if (src / META).read_bytes() != meta:
            raise FileNotFoundError(f"{src} changed while it was copied")
        report.copied_bytes += _write_file(staging / META, meta)
        report.copied_bytes += _write_file(staging / gens.MANIFEST, src / gens.MANIFEST)
        report.copied += 2
        _fsync_dir(staging)
        shutil.rmtree(target, ignore_errors=True)  # an earlier, unfinished copy under this name
        os.rename(staging, target)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    gens.switch_to(dest, target_name)
    report.generation = target_name
    report.removed = gens.cleanup(dest, keep=keep)  # also the staging left by a killed sync
    return report


def _sync_beside(source: Path, dest: Path, report: SyncReport) -> None:
    """The change clock and the deletions log: they belong to the directory, not a generation."""
    src_dir, dest_dir = changes.changes_dir(source), changes.changes_dir(dest)
    if not src_dir.is_dir():
        return
    dest_dir.mkdir(exist_ok=True)
    for name in (changes.CLOCK, changes.DELETED):
        p = src_dir / name
        if p.is_file() and not _same(p, dest_dir / name):
            report.copied_bytes += _write_file(dest_dir / name, p)
            report.copied += 1
    _fsync_dir(dest_dir)

