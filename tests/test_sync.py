"""`vindplaats sync`: a replica's index directory gets the build machine's live generation, copying
only what it lacks, and a copy that fails or is killed half-way never goes live."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import changes
from indexer import generations as gens
from indexer.build import build, delete, update
from indexer.sync import STAGING_PREFIX, SyncError, sync
from search_api.service import SearchService

REPO = Path(__file__).resolve().parents[1]


def records(path: Path, prefix: str, n: int = 400) -> str:
    with open(path, "w") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"{prefix}:{i}", "title": f"Reizen door {prefix} deel {i}", "year": 1990 + i % 30,
                                 "material": "boek", "description": "Over kaarten, treinen en verre steden."}) + "\n")
    return f"jsonl:{path}"


def _total(index_dir: Path, q: str) -> int:
    from search_api.request import SearchRequest

    service = SearchService(index_dir)
    return service.search(SearchRequest(q=q, group=False)).total


@pytest.fixture()
def src(tmp_path) -> Path:
    src = tmp_path / "src"
    assert build(src, [records(tmp_path / "a.jsonl", "a")]).state == "done"
    return src


def test_sync_copies_only_what_the_replica_lacks(tmp_path, src):
    dest = tmp_path / "dest"
    first = sync(src, dest)
    live = gens.current_name(src)
    assert first.generation == live == gens.current_name(dest) and first.copied > 10 and first.linked == 0
    names = {p.name for p in (gens.generations_dir(src) / live).iterdir()}
    assert {p.name for p in (gens.generations_dir(dest) / live).iterdir()} == names
    assert (changes.changes_dir(dest) / changes.CLOCK).read_bytes() == (changes.changes_dir(src) / changes.CLOCK).read_bytes()

    again = sync(src, dest)
    assert again.unchanged and again.copied == 0 and again.copied_bytes == 0

    # An update in place on SRC: new segment files and changed small files; the rest is linked,
    # and the replica gets it under a new name (the generation a server reads is never rewritten).
    (tmp_path / "u.jsonl").write_text(json.dumps({"id": "a:7", "title": "Reizen naar Zanzibar"}) + "\n")
    update(src, [f"jsonl:{tmp_path / 'u.jsonl'}"])
    delete(src, ["a:8"])
    third = sync(src, dest)
    assert third.generation.startswith(live + ".u") and third.linked > 0
    segment_files = [p for p in (gens.generations_dir(src) / live).iterdir() if p.name[:32].isalnum() and "." in p.name]
    assert third.copied < len(segment_files)
    # The change table is unchanged by an update (it goes to changes.log): linked, not copied.
    assert (gens.generations_dir(dest) / third.generation / changes.TABLE).stat().st_ino == \
        (gens.generations_dir(dest) / live / changes.TABLE).stat().st_ino
    assert _total(dest, "zanzibar") == 1
    deleted = [json.loads(line)["id"] for line in (changes.changes_dir(dest) / changes.DELETED).read_text().splitlines()]
    assert "a:8" in deleted
    assert sync(src, dest).unchanged

    # A rebuild: all new segments; the one before stays for a server still reading it, older go.
    assert build(src, [records(tmp_path / "b.jsonl", "b")]).state == "done"
    fourth = sync(src, dest)
    assert fourth.generation == gens.current_name(src) and fourth.previous == third.generation
    assert live in fourth.removed
    assert sorted(g.name for g in gens.complete_generations(dest)) == sorted([third.generation, fourth.generation])
    assert _total(dest, "reizen") == 400


def test_a_server_on_the_replica_follows_the_switch(tmp_path, src):
    dest = tmp_path / "dest"
    sync(src, dest)
    service = SearchService(dest)
    before = service.snapshot().generation
    assert build(src, [records(tmp_path / "b.jsonl", "b")]).state == "done"
    sync(src, dest)
    assert service.refresh(force=True).generation == gens.current_name(src) != before


def test_clear_errors(tmp_path, src):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SyncError, match="no live generation"):
        sync(empty, tmp_path / "dest")
    with pytest.raises(SyncError, match="same directory"):
        sync(src, src)
    out = subprocess.run([sys.executable, "-m", "indexer.cli", "sync", "--from", str(empty), "--to", str(tmp_path / "d")],
                         cwd=REPO, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert out.returncode == 1 and "no live generation" in out.stderr and "Traceback" not in out.stderr


@contextlib.contextmanager
def small_filesystem(path: Path, size: str):
    """A real filesystem of a fixed size (tmpfs), or a skip where this process may not mount."""
    path.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                       check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=10)


def test_a_full_or_read_only_replica_keeps_serving_what_it_had(tmp_path, src):
    size = sum(p.stat().st_size for p in (gens.generations_dir(src) / gens.current_name(src)).iterdir())
    with small_filesystem(tmp_path / "mnt", f"{int(size * 1.6)}") as dest:
        first = sync(src, dest).generation
        assert build(src, [records(tmp_path / "b.jsonl", "b")]).state == "done"
        with pytest.raises(SyncError, match="no space left") as err:
            sync(src, dest)
        assert first in str(err.value)
        assert gens.current_name(dest) == first
        assert [g.name for g in gens.complete_generations(dest)] == [first]
        assert not list(gens.generations_dir(dest).glob(f"{STAGING_PREFIX}*"))
        assert _total(dest, "reizen") == 400

        # A replica whose disk went read-only: its running server goes on (tantivy cannot open an
        # index on a read-only filesystem afresh, so the server here is the one already running).
        from search_api.request import SearchRequest

        running = SearchService(dest)
        subprocess.run(["mount", "-o", "remount,ro", str(dest)], check=True, capture_output=True, timeout=10)
        with pytest.raises(SyncError, match="not writable"):
            sync(src, dest)
        assert gens.current_name(dest) == first
        assert running.search(SearchRequest(q="reizen", group=False)).total == 400


def test_a_killed_sync_leaves_the_replica_as_it_was(tmp_path, src):
    dest = tmp_path / "dest"
    first = sync(src, dest).generation
    assert build(src, [records(tmp_path / "b.jsonl", "b")]).state == "done"
    # A big file beside the index, so the copy takes long enough to be killed in the middle.
    with open(gens.generations_dir(src) / gens.current_name(src) / "zz-large.bin", "wb") as fh:
        fh.write(os.urandom(1 << 20) * 96)
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "sync", "--from", str(src), "--to", str(dest)],
                            cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".zz-large.bin.part") for s in gens.generations_dir(dest).glob(f"{STAGING_PREFIX}*")
                  for p in s.iterdir()):
        assert proc.poll() is None, "the sync ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert gens.current_name(dest) == first
    assert [g.name for g in gens.complete_generations(dest)] == [first]
    assert _total(dest, "reizen") == 400

    report = sync(src, dest)  # the next sync finishes the job and clears what the killed one left
    assert report.generation == gens.current_name(src) == gens.current_name(dest)
    assert not list(gens.generations_dir(dest).glob(f"{STAGING_PREFIX}*"))
