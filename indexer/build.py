"""Index jobs: full builds into a new generation, incremental updates and deletes, rollback.

A full build writes a new generation beside the live one and switches it in only when it is
complete and passes validation (rejection rate, record-count collapse). Whatever happens before
the switch (an exception, a kill -9, a refused validation), the live generation keeps serving.
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import time
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from corpus.model import CatalogueRecord, Delete, Rejection
from corpus.readers import SourceError, parse_source, reader_for
from indexer import changes, parallel, vocabfile
from indexer import generations as gens
from indexer.fields import CHANGED_FIELD, ID_FIELD, ID_HASH_FIELD, SOURCE_FIELD
from indexer.schema import SCHEMA_VERSION, build_schema, index_document, open_index, to_tantivy

MAX_REJECTED_ERRORS = 1000  # the report lists this many rejections in full; counts are always exact
MAX_DUPLICATE_EXAMPLES = 20  # the report shows this many replaced records; counts are always exact


class BuildRefused(RuntimeError):
    """The new generation was built but failed validation; the live one keeps serving."""


@dataclass
class BuildOptions:
    max_rejected_ratio: float = 0.05
    max_count_drop: float = 0.20
    force: bool = False
    heap_bytes: int = 256_000_000
    threads: int = 0  # 0: tantivy picks (one per core)
    workers: int = 0  # reading/analysis processes; 0: one per core
    keep: int = gens.KEEP


@dataclass
class SourceCounts:
    source: str
    records: int = 0
    rejected: int = 0
    deleted: int = 0
    warnings: int = 0


@dataclass
class JobReport:
    job: str
    kind: str  # "build" | "update" | "delete"
    index_dir: str
    state: str = "running"  # running | done | refused | failed
    started: float = field(default_factory=time.time)
    finished: float | None = None
    records: int = 0
    rejected: int = 0
    deleted: int = 0
    generation: str | None = None
    previous_generation: str | None = None
    sources: list[SourceCounts] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    completeness: dict[str, int] = field(default_factory=dict)
    duplicates: dict = field(default_factory=lambda: {"replaced": 0, "by_source": {}, "examples": []})
    message: str | None = None

    def to_dict(self) -> dict:
        return {
            "job": self.job, "kind": self.kind, "state": self.state,
            "started": _iso(self.started), "finished": _iso(self.finished) if self.finished else None,
            "seconds": round((self.finished or time.time()) - self.started, 3),
            "records": self.records, "rejected": self.rejected, "deleted": self.deleted,
            "generation": self.generation, "previous_generation": self.previous_generation,
            "sources": [vars(s) for s in self.sources],
            "completeness": self.completeness, "duplicates": self.duplicates,
            "errors": self.errors, "warnings": self.warnings[:MAX_REJECTED_ERRORS],
            "message": self.message,
        }

    def summary(self) -> dict:
        return {"records": self.records, "rejected": self.rejected,
                **({"duplicates": self.duplicates["replaced"]} if self.kind == "build" else {}),
                "seconds": round((self.finished or time.time()) - self.started, 3),
                "generation": self.generation, "state": self.state,
                **({"message": self.message} if self.message else {})}

    def save(self) -> Path:
        d = gens.jobs_dir(self.index_dir)
        d.mkdir(parents=True, exist_ok=True)
        path = d / f"{self.job}{gens.JOB_REPORT}"
        gens.write_json_atomic(path, self.to_dict())
        if self.finished:
            gens.prune_jobs(self.index_dir)
        return path


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


Progress = Callable[[int, int, "float | None"], None]  # (records done, rejected, share of input read)


def _iter_sources(sources: Iterable[str], report: JobReport):
    for spec in sources:
        kind, path = parse_source(spec)
        counts = SourceCounts(spec)
        report.sources.append(counts)
        reader = reader_for(kind)
        for item in reader(path):
            yield counts, item


def _record_rejection(report: JobReport, counts: SourceCounts, item: Rejection) -> None:
    counts.rejected += 1
    report.rejected += 1
    if len(report.errors) < MAX_REJECTED_ERRORS:
        report.errors.append({"source": counts.source, **item.to_dict()})


def _note_warnings(report: JobReport, counts: SourceCounts, rid: str, warnings) -> None:
    if warnings:
        counts.warnings += len(warnings)
        for w in warnings:
            if len(report.warnings) < MAX_REJECTED_ERRORS:
                report.warnings.append({"source": counts.source, "id": rid, "warning": w})


def build(index_dir: str | os.PathLike, sources: list[str], options: BuildOptions | None = None,
          progress: Progress | None = None, job: str | None = None) -> JobReport:
    """Full rebuild into a new generation; switch it in when complete and valid."""
    options = options or BuildOptions()
    index_dir = Path(index_dir)
    if not sources:
        raise SourceError("no sources given")
    for spec in sources:  # fail fast on a typo before anything is written
        parse_source(spec)
    with gens.writer_lock(index_dir):
        gens.cleanup(index_dir, keep=options.keep)
        live = gens.current(index_dir)
        name = gens.new_generation_name()
        report = JobReport(job=job or name, kind="build", index_dir=str(index_dir), generation=name,
                           previous_generation=live.name if live else None)
        path = gens.generations_dir(index_dir) / name
        path.mkdir(parents=True)
        clock = changes.Clock(index_dir)
        try:
            deletions = _write_generation(path, sources, options, report, progress, live, clock)
            _validate(report, live, options)
            # Still inside: a disk that fills up on the manifest is a failed build like any other.
            gens.write_json_atomic(path / gens.MANIFEST, _manifest(report, sources))
            clock.save()
        except BuildRefused as exc:
            report.state, report.message = "refused", str(exc)
            _discard(path)
        except BaseException as exc:
            full = _out_of_space(exc, index_dir)
            written = _tree_bytes(path) if full else 0
            report.state = "failed"
            report.message = str(exc) or type(exc).__name__
            _discard(path)  # first: it gives the space back, for the report and the message below
            report.finished = time.time()
            if not full:
                report.save()
                raise
            report.message = _disk_full_message(index_dir, live, written)
            with contextlib.suppress(OSError):  # the job report is worth a try, not a second failure
                report.save()
            raise DiskFull(report.message) from exc
        else:
            deletions.apply(index_dir)
            gens.switch_to(index_dir, name)
            report.state = "done"
            gens.cleanup(index_dir, keep=options.keep)
        report.finished = time.time()
        report.save()
        return report


class DiskFull(gens.IndexDirError):
    """A build that ran out of disk space; its partial generation is gone and the live one serves on."""


# When the disk fills, tantivy's writer threads stop with "An index writer was killed ... io::Error
# most likely", without the errno; what is left on the device then tells it apart from other failures.
_NEARLY_FULL = 1024 * 1024


def _out_of_space(exc: BaseException, index_dir: Path) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc)
    if "No space left on device" in text or "os error 28" in text or "Disk quota exceeded" in text:
        return True
    if not isinstance(exc, Exception):
        return False  # an interrupt, not the disk
    try:
        return shutil.disk_usage(index_dir).free < _NEARLY_FULL
    except OSError:
        return False


def _tree_bytes(path: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(os.path.join(folder, name))
    return total


def _bytes(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def _disk_full_message(index_dir: Path, live: gens.Generation | None, written: int) -> str:
    """What the operator needs: where, how much is needed and free, and what still serves.
    A new generation is about as large as the live one (both hold the same sources); without one,
    what the build had written when the disk filled is the least it needs."""
    needed = max(_tree_bytes(live.path) if live else 0, written)
    try:
        free = _bytes(shutil.disk_usage(index_dir).free)
    except OSError:
        free = "unknown"
    serving = (f"the previous index keeps serving (generation {live.name})" if live
               else "no index was serving yet")
    return (f"not enough disk space in {index_dir}: needed ~{_bytes(needed)}"
            f"{'' if live else ' or more'}, free {free}; {serving}")


def _discard(path: Path) -> None:
    """Remove a generation that will not be switched in. A build stopped mid-way (on request, by
    an error) can still have tantivy's indexing threads finishing a segment into it, so a file may
    appear while the tree goes and leave it behind ("directory not empty"): removed again until
    nothing is left, for a few seconds at most (once the directory is gone, they cannot write)."""
    for _ in range(50):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.1)


def _manifest(report: JobReport, sources: list[str]) -> dict:
    return {
        "generation": report.generation, "created": _iso(time.time()), "schema": SCHEMA_VERSION,
        "records": report.records, "rejected": report.rejected, "sources": sources,
        "counts": [vars(s) for s in report.sources], "completeness": report.completeness,
        "duplicates": report.duplicates["replaced"], "job": report.job,
    }


def _write_generation(path: Path, sources: list[str], options: BuildOptions, report: JobReport,
                      progress: Progress | None, live: gens.Generation | None = None,
                      clock: changes.Clock | None = None) -> changes.DeletionChanges:
    """Write the new generation; returns what it does to the deletions log once switched in."""
    clock = clock or changes.Clock(path.parent.parent)
    previous = changes.Table.load(live.path if live else None)
    table = changes.TableWriter()
    index = open_index(str(path), build_schema(), create=True)
    writer = index.writer(options.heap_bytes, options.threads)
    libraries: dict[str, dict] = {}
    seen = SeenIds()
    stats: dict[str, int] = {}
    counts = {spec: SourceCounts(spec) for spec in dict.fromkeys(sources)}
    report.sources = list(counts.values())
    units = parallel.plan_units(sources)
    total_bytes = sum(u.size for u in units) if all(u.size >= 0 for u in units) else 0
    done_bytes = 0
    last_tick = 0.0
    workers = options.workers or parallel.default_workers()
    for unit, items in parallel.run(units, workers):
        c = counts[unit.source]
        seen.begin(unit)
        for item in items:
            tag = item[0]
            if tag == "r":
                _, doc_json, rid, holdings, present, warnings, chash = item
                earlier = seen.add(rid)
                if earlier is not None:
                    # A later record with the same id replaces the earlier one, as an update would.
                    writer.delete_documents_by_term(ID_FIELD, rid)
                    report.records -= 1
                    counts[earlier].records -= 1
                idh = changes.id_hash(rid)
                key = _change_key(previous, idh, chash, clock)
                table.add(idh, chash, key)
                writer.add_json(f'{doc_json[:-1]},"{CHANGED_FIELD}":[{key}]}}')
                for isil, name, province in holdings:
                    _add_library(libraries, isil, name, province)
                if present is not None:
                    stats["catalogue"] = stats.get("catalogue", 0) + 1
                    for name in present:
                        stats[name] = stats.get(name, 0) + 1
                _note_warnings(report, c, rid, warnings)
                c.records += 1
                report.records += 1
            elif tag == "x":
                seen.skip()
                _record_rejection(report, c, Rejection(**{"record_id" if k == "id" else k: v
                                                         for k, v in item[1].items()}))
            else:
                writer.delete_documents_by_term(ID_FIELD, item[1])
                table.remove(changes.id_hash(item[1]))
                c.deleted += 1
                report.deleted += 1
        done_bytes += unit.size
        if progress is not None:
            now = time.monotonic()
            if now - last_tick > 0.2:
                progress(report.records, report.rejected, done_bytes / total_bytes if total_bytes else None)
                last_tick = now
    writer.commit()
    writer.wait_merging_threads()
    # The vocabulary and typo index, once here instead of in every server worker that opens it.
    index.reload()
    vocabfile.write(path, index.searcher())
    report.completeness = stats
    report.duplicates = seen.report()
    gens.write_json_atomic(path / gens.LIBRARIES, libraries)
    held = table.write(path)
    deletions = changes.DeletionChanges(keep_only_absent_from=held)
    gone = [idh for idh in previous.live_ids() if not changes.contains(held, idh)]
    if gone and live is not None:
        # The live generation's records that this build no longer holds: deleted by it.
        deletions.deleted = [changes.deletion_of(rec, clock.next()) for rec in _stored(live.path, gone)]
    if progress is not None:
        progress(report.records, report.rejected, 1.0)
    return deletions


def _change_key(previous: changes.Table, idh: int, chash: int, clock: changes.Clock) -> int:
    """An unchanged record keeps its change key; a new or changed one gets the next."""
    known = previous.get(idh)
    return known[1] if known is not None and known[0] == chash else clock.next()


def _stored(path: Path, id_hashes: list[int]) -> list[dict]:
    """The stored records of a generation with these id hashes."""
    import tantivy

    index = open_index(str(path))
    searcher = index.searcher()
    out = []
    for idh in id_hashes:
        q = tantivy.Query.term_query(index.schema, ID_HASH_FIELD, idh)
        for _, addr in searcher.search(q, 4, count=False).hits:
            out.append(orjson.loads(searcher.doc(addr)[SOURCE_FIELD][0]))
    return out


class SeenIds:
    """The ids a build has indexed, by source: which record a later one with the same id replaces.

    At national scale memory is the constraint: one set of id hashes per source (together as large
    as the single set a build needs anyway), plus 8 bytes a record saying where it was read, which
    is searched only for the few replacements the report shows by position.
    """

    def __init__(self) -> None:
        self._ids: dict[str, set[int]] = {}
        self._slots = array("q")  # the id hash of every record read, in order; 0 for a rejected one
        self._starts: list[int] = []  # the first slot of each file read, in order
        self._files: list[str] = []  # and its "kind:path"
        self._source = ""
        self._current: set[int] = set()
        self.replaced = 0
        self.by_source: dict[str, int] = {}
        self.examples: list[dict] = []

    def begin(self, unit: parallel.Unit) -> None:
        """The records that follow come from `unit`."""
        if unit.start == 0:  # a JSON-lines chunk after the first goes on counting its file's records
            self._starts.append(len(self._slots))
            self._files.append(f"{unit.kind}:{unit.path}")
        self._source = unit.source
        self._current = self._ids.setdefault(unit.source, set())

    def skip(self) -> None:
        """A rejected record: it takes a position in its file but no id."""
        self._slots.append(0)

    def add(self, rid: str) -> str | None:
        """Note a record; the source of the earlier record with its id, which it replaces, if any."""
        h = hash(rid)
        slot = len(self._slots)
        self._slots.append(h)
        current = self._current
        earlier = None
        if h in current:
            earlier = self._source
        else:
            for source, ids in self._ids.items():
                if ids is not current and h in ids:
                    earlier = source
                    ids.discard(h)  # the id now belongs to the source of the record that is kept
                    break
            current.add(h)
        if earlier is not None:
            self.replaced += 1
            self.by_source[earlier] = self.by_source.get(earlier, 0) + 1
            if len(self.examples) < MAX_DUPLICATE_EXAMPLES:
                self.examples.append({"id": rid, "earlier": self._where(self._last_slot(h, slot)),
                                      "later": self._where(slot)})
        return earlier

    def _last_slot(self, h: int, before: int) -> int:
        i = self._slots.index(h, 0, before)
        while True:
            try:
                i = self._slots.index(h, i + 1, before)
            except ValueError:
                return i

    def _where(self, slot: int) -> str:
        """`kind:file#N`: the Nth record read from the file, rejected ones included."""
        k = bisect_right(self._starts, slot) - 1
        return f"{self._files[k]}#{slot - self._starts[k] + 1}"

    def report(self) -> dict:
        return {"replaced": self.replaced, "by_source": self.by_source, "examples": self.examples}


def _add_library(libraries: dict[str, dict], isil: str, name: str | None, province: str | None) -> None:
    if isil not in libraries:
        libraries[isil] = {"name": name or isil, "province": province}


def _collect_libraries(libraries: dict[str, dict], rec: CatalogueRecord) -> None:
    for h in rec.get("holdings") or ():
        _add_library(libraries, h["library"], h.get("library_name"), h.get("province"))


def _validate(report: JobReport, live: gens.Generation | None, options: BuildOptions) -> None:
    total = report.records + report.rejected
    if report.records == 0:
        raise BuildRefused("no usable records were read from the sources")
    if options.force:
        return
    if total and report.rejected / total > options.max_rejected_ratio:
        raise BuildRefused(
            f"{report.rejected} of {total} records were rejected "
            f"({report.rejected / total:.1%} > {options.max_rejected_ratio:.0%}); use --force to switch anyway"
        )
    if live is not None and live.records:
        drop = 1 - report.records / live.records
        if drop > options.max_count_drop:
            raise BuildRefused(
                f"the new generation has {report.records} records against {live.records} live "
                f"({drop:.1%} fewer > {options.max_count_drop:.0%}); use --force to switch anyway"
            )


def update(index_dir: str | os.PathLike, sources: list[str], job: str | None = None) -> JobReport:
    """Add or replace records by id in the live generation; searchable after the commit."""
    index_dir = Path(index_dir)
    for spec in sources:
        parse_source(spec)
    with gens.writer_lock(index_dir):
        live = _live(index_dir, "to update; run 'index build' first")
        report = JobReport(job=job or gens.new_generation_name(), kind="update", index_dir=str(index_dir),
                           generation=live.name)
        index = open_index(str(live.path))
        writer = index.writer(128_000_000, 1)
        libraries = _load_libraries(live.path)
        clock, previous, rows = changes.Clock(index_dir), changes.Table.load(live.path), changes.TableWriter()
        deletions = changes.DeletionChanges()
        for counts, item in _iter_sources(sources, report):
            if isinstance(item, Rejection):
                _record_rejection(report, counts, item)
            elif isinstance(item, Delete):
                _delete_record(index, writer, item.id, clock, rows, deletions)
                counts.deleted += 1
                report.deleted += 1
            else:
                _note_warnings(report, counts, item["id"], item.pop("_warnings", None))
                idh, chash = changes.id_hash(item["id"]), changes.record_hash(item)
                key = _change_key(previous, idh, chash, clock)
                rows.add(idh, chash, key)
                deletions.revived.add(idh)
                writer.delete_documents_by_term(ID_FIELD, item["id"])
                writer.add_document(to_tantivy(index_document(item, changed=key)))
                _collect_libraries(libraries, item)
                counts.records += 1
                report.records += 1
        _commit(writer)
        _record_changes(index_dir, live, clock, rows, deletions)
        gens.write_json_atomic(live.path / gens.LIBRARIES, libraries)
        _rewrite_vocabulary(live, index)
        return _done(live, report)


def delete(index_dir: str | os.PathLike, ids: list[str], job: str | None = None) -> JobReport:
    index_dir = Path(index_dir)
    with gens.writer_lock(index_dir):
        live = _live(index_dir)
        report = JobReport(job=job or gens.new_generation_name(), kind="delete", index_dir=str(index_dir),
                           generation=live.name)
        index = open_index(str(live.path))
        writer = index.writer(50_000_000, 1)
        clock, rows, deletions = changes.Clock(index_dir), changes.TableWriter(), changes.DeletionChanges()
        for rid in ids:
            _delete_record(index, writer, rid, clock, rows, deletions)
            report.deleted += 1
        _commit(writer)
        _record_changes(index_dir, live, clock, rows, deletions)
        _rewrite_vocabulary(live, index)
        return _done(live, report)


def _delete_record(index, writer, rid: str, clock: changes.Clock, rows: changes.TableWriter,
                   deletions: changes.DeletionChanges) -> None:
    """Delete a record by id; a record the live generation holds goes into the deletions log."""
    import tantivy

    index.reload()
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.term_query(index.schema, ID_FIELD, rid), 1, count=False).hits
    idh = changes.id_hash(rid)
    if hits:
        rec = orjson.loads(searcher.doc(hits[0][1])[SOURCE_FIELD][0])
        deletions.deleted = [d for d in deletions.deleted if d.id != rid]
        deletions.deleted.append(changes.deletion_of(rec, clock.next()))
        deletions.revived.discard(idh)
        rows.remove(idh)
    writer.delete_documents_by_term(ID_FIELD, rid)


def _record_changes(index_dir: Path, live: gens.Generation, clock: changes.Clock, rows: changes.TableWriter,
                    deletions: changes.DeletionChanges) -> None:
    """After an update's or a delete's commit: its keys, its rows of the table, the deletions log."""
    clock.save()
    changes.append_rows(live.path, rows)
    deletions.apply(index_dir)


def _live(index_dir: Path, what: str = "") -> gens.Generation:
    live = gens.current(index_dir)
    if live is None:
        raise gens.IndexDirError(f"{index_dir} has no live generation" + (f" {what}" if what else ""))
    return live


def _commit(writer) -> None:
    writer.commit()
    writer.wait_merging_threads()


def _rewrite_vocabulary(live: gens.Generation, index) -> None:
    """After an update's or a delete's commit: the live generation's vocabulary file again, so
    that the servers map the new one instead of each building it (they serve the one they had
    meanwhile). A generation built before these files existed gets its first one here."""
    index.reload()
    # The commit is done and the records are searchable: a file that cannot be written (a full
    # disk) only leaves the old one, which no server uses now its commit has passed.
    with contextlib.suppress(OSError):
        vocabfile.write(live.path, index.searcher())


def _done(live: gens.Generation, report: JobReport) -> JobReport:
    """An update or delete of the live generation is committed: its manifest and report."""
    _touch_manifest(live, report)
    report.state = "done"
    report.finished = time.time()
    report.save()
    return report


def _touch_manifest(live: gens.Generation, report: JobReport) -> None:
    index = open_index(str(live.path))
    index.reload()
    manifest = dict(live.manifest)
    manifest["records"] = index.searcher().num_docs
    manifest["updated"] = _iso(time.time())
    manifest["last_job"] = report.job
    gens.write_json_atomic(live.path / gens.MANIFEST, manifest)


def _load_libraries(path: Path) -> dict:
    try:
        return orjson.loads((path / gens.LIBRARIES).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}


def rollback(index_dir: str | os.PathLike) -> str:
    """Serve the generation before the live one again. Returns its name."""
    index_dir = Path(index_dir)
    with gens.writer_lock(index_dir):
        live = gens.current_name(index_dir)
        finished = [g.name for g in gens.complete_generations(index_dir)]
        if live not in finished or finished.index(live) == 0:
            raise gens.IndexDirError("there is no earlier generation to roll back to")
        previous = finished[finished.index(live) - 1]
        gens.switch_to(index_dir, previous)
        return previous


def status(index_dir: str | os.PathLike) -> dict:
    index_dir = Path(index_dir)
    live = gens.current_name(index_dir)
    out = {
        "index_dir": str(index_dir),
        "live": live,
        "generations": [
            {"name": g.name, "live": g.name == live, "records": g.records,
             "created": g.manifest.get("created"), "updated": g.manifest.get("updated"),
             "counts": g.manifest.get("counts", []), "completeness": g.manifest.get("completeness", {}),
             "duplicates": g.manifest.get("duplicates", 0)}
            for g in gens.complete_generations(index_dir)
        ],
        "writing": gens.is_locked(index_dir),
        "deleted": len(changes.read_deletions(index_dir)),  # the deleted records OAI-PMH still lists
        "last_job": None,
    }
    jobs = sorted(gens.jobs_dir(index_dir).glob("*.json"), key=lambda p: p.stat().st_mtime) \
        if gens.jobs_dir(index_dir).is_dir() else []
    if jobs:
        with contextlib.suppress(orjson.JSONDecodeError):
            out["last_job"] = orjson.loads(jobs[-1].read_bytes())
    return out


def print_progress_factory(stream=sys.stderr) -> Progress | None:
    """A tqdm progress bar with rate and ETA (from the share of input read) on a terminal."""
    if not stream.isatty():
        return None
    from tqdm import tqdm

    bar = tqdm(total=1000, unit="‰", file=stream, dynamic_ncols=True, desc="indexing",
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix} [{elapsed}<{remaining}]")
    t0 = time.monotonic()

    def tick(done: int, rejected: int, fraction: float | None = None) -> None:
        if fraction is not None:
            bar.update(int(fraction * 1000) - bar.n)
        rate = done / max(1e-9, time.monotonic() - t0)
        bar.set_postfix_str(f"{done:,} records, {rejected:,} rejected, {rate:,.0f} rec/s", refresh=True)
        if fraction == 1.0:
            bar.close()

    return tick
