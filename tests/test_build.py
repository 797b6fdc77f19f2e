"""Index jobs: generations switched in atomically, refused when invalid, survivable when killed."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import generations as gens
from indexer.build import BuildOptions, build, delete, rollback, status, update
from search_api.request import SearchRequest
from search_api.service import SearchService


def write_records(path: Path, n: int, start: int = 0, bad: int = 0, prefix: str = "t") -> Path:
    with open(path, "w") as fh:
        for i in range(start, start + n):
            fh.write(json.dumps({"id": f"{prefix}:{i}", "title": f"Boek nummer {i} over bibliotheken",
                                 "year": 1950 + i % 70, "material": "boek",
                                 "description": "Een verhaal over lezen en collecties. " * 3}) + "\n")
        for i in range(bad):
            fh.write(json.dumps({"id": f"bad:{i}"}) + "\n")  # no title: rejected
    return path


def test_build_switches_in_and_reports(tmp_path):
    src = write_records(tmp_path / "a.jsonl", 50, bad=1)
    report = build(tmp_path / "idx", [f"jsonl:{src}"])
    assert report.state == "done"
    assert (report.records, report.rejected) == (50, 1)
    assert report.errors[0]["reason"] == "record bad:0 has no title"
    assert report.errors[0]["position"] == "line 51"
    assert gens.current_name(tmp_path / "idx") == report.generation
    assert (tmp_path / "idx" / "jobs" / f"{report.job}.json").is_file()
    st = status(tmp_path / "idx")
    assert st["live"] == report.generation and st["generations"][0]["records"] == 50
    assert st["last_job"]["completeness"]["year"] == 50


def test_too_many_rejections_refuse_the_switch(tmp_path):
    good = write_records(tmp_path / "a.jsonl", 50)
    first = build(tmp_path / "idx", [f"jsonl:{good}"])
    bad = write_records(tmp_path / "b.jsonl", 50, bad=10)
    second = build(tmp_path / "idx", [f"jsonl:{bad}"])
    assert second.state == "refused" and "rejected" in second.message
    assert gens.current_name(tmp_path / "idx") == first.generation
    assert not (gens.generations_dir(tmp_path / "idx") / second.generation).exists()
    forced = build(tmp_path / "idx", [f"jsonl:{bad}"], BuildOptions(force=True))
    assert forced.state == "done" and gens.current_name(tmp_path / "idx") == forced.generation


def test_collapsed_record_count_is_refused(tmp_path):
    build(tmp_path / "idx", [f"jsonl:{write_records(tmp_path / 'a.jsonl', 100)}"])
    live = gens.current_name(tmp_path / "idx")
    small = build(tmp_path / "idx", [f"jsonl:{write_records(tmp_path / 'b.jsonl', 70)}"])
    assert small.state == "refused" and "fewer" in small.message
    assert gens.current_name(tmp_path / "idx") == live
    ok = build(tmp_path / "idx", [f"jsonl:{write_records(tmp_path / 'c.jsonl', 85)}"])
    assert ok.state == "done"


def test_nothing_usable_is_refused_even_with_force(tmp_path):
    src = write_records(tmp_path / "a.jsonl", 0, bad=3)
    report = build(tmp_path / "idx", [f"jsonl:{src}"], BuildOptions(force=True))
    assert report.state == "refused" and gens.current_name(tmp_path / "idx") is None


def test_two_generations_kept_and_rollback(tmp_path):
    names = []
    for i in range(3):
        names.append(build(tmp_path / "idx", [f"jsonl:{write_records(tmp_path / f'{i}.jsonl', 10 + i)}"]).generation)
    kept = [g.name for g in gens.complete_generations(tmp_path / "idx")]
    assert kept == names[1:]
    assert rollback(tmp_path / "idx") == names[1]
    assert gens.current_name(tmp_path / "idx") == names[1]
    with pytest.raises(gens.IndexDirError):
        rollback(tmp_path / "idx")


def test_duplicate_ids_keep_the_last_record(tmp_path):
    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "x:1", "title": "Eerste versie"}\n{"id": "x:1", "title": "Tweede versie"}\n')
    report = build(tmp_path / "idx", [f"jsonl:{src}"])
    assert report.records == 1
    svc = SearchService(tmp_path / "idx")
    assert svc.get("x:1")["title"] == "Tweede versie"
    assert svc.search(SearchRequest(q="versie")).total == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_duplicate_ids_across_sources_are_reported(tmp_path, monkeypatch, workers):
    from indexer import parallel

    monkeypatch.setattr(parallel, "SMALL_BUILD_BYTES", 0)  # workers=2 really reads in worker processes
    a = write_records(tmp_path / "a.jsonl", 10)
    b = tmp_path / "b.jsonl"
    b.write_text('{"id": "geen titel"}\n'  # rejected: still the first record of the file
                 '{"id": "t:3", "title": "Tweede versie"}\n{"id": "t:5", "title": "Tweede versie"}\n'
                 '{"id": "b:1", "title": "Alleen in b"}\n')
    c = tmp_path / "c.jsonl"
    c.write_text('{"id": "t:5", "title": "Derde versie"}\n')
    sources = [f"jsonl:{a}", f"jsonl:{b}", f"jsonl:{c}"]
    report = build(tmp_path / "idx", sources, BuildOptions(workers=workers, force=True))  # 1 of 12 rejected
    assert report.state == "done" and report.records == 11
    dup = report.duplicates
    assert dup["replaced"] == 3
    assert dup["by_source"] == {f"jsonl:{a}": 2, f"jsonl:{b}": 1}
    assert dup["examples"] == [
        {"id": "t:3", "earlier": f"jsonl:{a}#4", "later": f"jsonl:{b}#2"},
        {"id": "t:5", "earlier": f"jsonl:{a}#6", "later": f"jsonl:{b}#3"},
        {"id": "t:5", "earlier": f"jsonl:{b}#3", "later": f"jsonl:{c}#1"},
    ]
    # Each source counts the records of its own that are in the index.
    assert [(s.source, s.records) for s in report.sources] == [(sources[0], 8), (sources[1], 2), (sources[2], 1)]
    assert report.summary()["duplicates"] == 3
    svc = SearchService(tmp_path / "idx")
    assert svc.get("t:3")["title"] == "Tweede versie"
    assert svc.get("t:5")["title"] == "Derde versie"
    assert svc.search(SearchRequest(q="versie")).total == 2
    st = status(tmp_path / "idx")
    assert st["last_job"]["duplicates"] == dup and st["generations"][-1]["duplicates"] == 3


def test_update_and_delete_are_seen_by_a_running_service_within_a_second(tmp_path):
    build(tmp_path / "idx", [f"jsonl:{write_records(tmp_path / 'a.jsonl', 20)}"])
    svc = SearchService(tmp_path / "idx", reload_interval=0.2)
    assert svc.search(SearchRequest(q="zeppelin")).total == 0
    new = tmp_path / "u.jsonl"
    new.write_text('{"id": "t:3", "title": "De zeppelin van Friedrichshafen"}\n')
    update(tmp_path / "idx", [f"jsonl:{new}"])
    t0 = time.monotonic()
    while svc.search(SearchRequest(q="zeppelin")).total == 0:
        assert time.monotonic() - t0 < 1.0, "update not visible within a second"
        time.sleep(0.05)
    assert svc.get("t:3")["title"] == "De zeppelin van Friedrichshafen"
    assert svc.state.searcher.num_docs == 20  # replaced, not added
    delete(tmp_path / "idx", ["t:3"])
    t0 = time.monotonic()
    while svc.get("t:3") is not None:
        assert time.monotonic() - t0 < 1.0, "delete not visible within a second"
        time.sleep(0.05)


def test_service_follows_a_new_generation_without_restart(tmp_path):
    build(tmp_path / "idx", [f"jsonl:{write_records(tmp_path / 'a.jsonl', 20)}"])
    svc = SearchService(tmp_path / "idx", reload_interval=0.0)
    first = svc.state.generation
    build(tmp_path / "idx", [f"jsonl:{write_records(tmp_path / 'b.jsonl', 20, prefix='n')}"])
    assert svc.state.generation != first
    assert svc.get("n:1") is not None and svc.get("t:1") is None


def test_second_writer_is_refused(tmp_path):
    (tmp_path / "idx").mkdir()
    with gens.writer_lock(tmp_path / "idx"), pytest.raises(gens.IndexDirError, match="another job"):
        build(tmp_path / "idx", [f"jsonl:{write_records(tmp_path / 'a.jsonl', 5)}"])


def test_kill_9_during_build_leaves_live_generation_serving(tmp_path):
    idx = tmp_path / "idx"
    build(idx, [f"jsonl:{write_records(tmp_path / 'a.jsonl', 30)}"])
    live = gens.current_name(idx)
    big = write_records(tmp_path / "big.jsonl", 150_000, prefix="b")
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "index", "build", "--index-dir", str(idx),
                             "--source", f"jsonl:{big}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t0 = time.monotonic()
        while len(list(gens.generations_dir(idx).iterdir())) < 2:
            assert proc.poll() is None, "build finished before it could be killed"
            assert time.monotonic() - t0 < 30
            time.sleep(0.02)
        time.sleep(0.5)
        assert proc.poll() is None, "build finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert gens.current_name(idx) == live
    leftovers = [p.name for p in gens.generations_dir(idx).iterdir() if p.name != live]
    assert leftovers, "the killed build left nothing behind (test did not exercise the kill)"
    svc = SearchService(idx)
    assert svc.search(SearchRequest(q="bibliotheek")).total == 30
    report = build(idx, [f"jsonl:{write_records(tmp_path / 'c.jsonl', 31)}"])
    assert report.state == "done"
    remaining = {p.name for p in gens.generations_dir(idx).iterdir()}
    assert not (set(leftovers) & remaining), "the next build did not clean up the killed one"


def test_a_generation_from_an_older_schema_still_answers(tmp_path, monkeypatch):
    """New code over an index built before a field existed: queries leave the field out."""
    from indexer import schema as schema_mod
    from indexer.fields import FIELDS

    older = tuple(f for f in FIELDS if f.name != "lead")
    monkeypatch.setattr(schema_mod, "FIELDS", older)
    monkeypatch.setattr(schema_mod, "_PLANS", {t: schema_mod._plan(t) for t in ("catalogue", "article")})
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"type": "article", "id": "a:1", "title": "Lenen bij een andere bibliotheek",
                               "body": "Hoe vraag ik een boek aan uit een andere bibliotheek?"}) + "\n")
    build(tmp_path / "idx", [f"jsonl:{src}"], BuildOptions(workers=1))
    monkeypatch.undo()
    svc = SearchService(tmp_path / "idx")
    for q in ("bibliotheek", "Hoe vraag ik een boek aan uit een andere bibliotheek?"):
        assert [h.id for h in svc.search(SearchRequest(q=q)).hits] == ["a:1"], q


def test_old_job_reports_are_pruned_and_running_jobs_kept(tmp_path):
    import os
    import time

    from indexer import generations as gens

    d = gens.jobs_dir(tmp_path)
    d.mkdir(parents=True)
    now = time.time()
    for i in range(8):  # eight finished jobs, oldest first, each with its spec and log
        for suffix in (".json", ".spec", ".log"):
            p = d / f"job{i}{suffix}"
            p.write_text("{}")
            os.utime(p, (now - 100 + i, now - 100 + i))
    (d / "running.spec").write_text("{}")  # a job still running: no report yet
    (d / "running.progress").write_text("{}")
    assert gens.prune_jobs(tmp_path, keep=3) == 5
    left = sorted(p.name for p in d.iterdir())
    assert left == sorted([f"job{i}{s}" for i in (5, 6, 7) for s in (".json", ".spec", ".log")]
                          + ["running.spec", "running.progress"])
