"""A full disk during a build: one clear line (where, needed, free, what keeps serving), no
traceback, the partial generation removed, and the previous generation serving on. The disk is a
real small filesystem: a tmpfs (root only), else a loop-mounted ext2 image; without either the
test skips and says why."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer import generations as gens
from tests.conftest import SAMPLE_SOURCES

SIZE = 64 * 1024 * 1024


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120)


def _mount_small_disk(mountpoint: Path, image: Path) -> str:
    """Mount a small filesystem at mountpoint: 'tmpfs' or 'loop'; pytest.skip with the reason when
    neither can be had."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root (tmpfs or a loop device)")
    if not shutil.which("mount"):
        pytest.skip("no mount command")
    r = _run("mount", "-t", "tmpfs", "-o", f"size={SIZE}", "vindplaats-disk-full", str(mountpoint))
    if r.returncode == 0:
        return "tmpfs"
    if shutil.which("mkfs.ext2"):
        with open(image, "wb") as fh:
            fh.truncate(SIZE)
        made = _run("mkfs.ext2", "-q", "-F", str(image))
        loop = _run("mount", "-o", "loop", str(image), str(mountpoint))
        if made.returncode == 0 and loop.returncode == 0:
            return "loop"
        pytest.skip(f"neither tmpfs ({r.stderr.strip()}) nor a loop device ({loop.stderr.strip()}) can be mounted")
    pytest.skip(f"tmpfs cannot be mounted ({r.stderr.strip()}) and there is no mkfs.ext2 for a loop device")


def _fill_up_to(mountpoint: Path, kind: str, room: int) -> None:
    """Leave `room` bytes free: shrink the tmpfs, or fill the loop filesystem with a file."""
    st = os.statvfs(mountpoint)
    if kind == "tmpfs":
        used = (st.f_blocks - st.f_bfree) * st.f_frsize
        r = _run("mount", "-o", f"remount,size={used + room}", str(mountpoint))
        assert r.returncode == 0, r.stderr
        return
    free = st.f_bavail * st.f_frsize
    with open(mountpoint / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - room))
        fh.flush()
        os.fsync(fh.fileno())


def _give_back(mountpoint: Path, kind: str) -> None:
    if kind == "tmpfs":
        _run("mount", "-o", f"remount,size={SIZE}", str(mountpoint))
    else:
        (mountpoint / "filler").unlink(missing_ok=True)


@pytest.fixture()
def small_disk(tmp_path):
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    kind = _mount_small_disk(mountpoint, tmp_path / "disk.img")
    try:
        yield mountpoint, kind
    finally:
        _run("umount", str(mountpoint))


def _build(index_dir: Path) -> subprocess.CompletedProcess:
    sources = [a for spec in SAMPLE_SOURCES for a in ("--source", spec)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.run([sys.executable, "-m", "indexer.cli", "index", "build", "--index-dir", str(index_dir),
                           *sources], capture_output=True, text=True, timeout=300, env=env)


def test_a_build_on_a_full_disk_says_so_and_the_previous_index_serves_on(small_disk):
    from search_api.request import SearchRequest
    from search_api.service import SearchService

    mountpoint, kind = small_disk
    index_dir = mountpoint / "index"
    assert _build(index_dir).returncode == 0
    before = gens.current_name(index_dir)
    service = SearchService(str(index_dir))
    found = service.search(SearchRequest(q="hemel")).total
    assert found > 0

    _fill_up_to(mountpoint, kind, 64 * 1024)  # far less than a generation needs
    r = _build(index_dir)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    line = r.stderr.strip().splitlines()[-1]
    assert line.startswith(f"vindplaats: not enough disk space in {index_dir}: needed ~"), line
    assert ", free " in line and f"the previous index keeps serving (generation {before})" in line
    # nothing switched, nothing half-written left behind, and the live generation still answers
    assert gens.current_name(index_dir) == before
    assert [p.name for p in gens.generations_dir(index_dir).iterdir()] == [before]
    assert service.search(SearchRequest(q="hemel")).total == found
    assert SearchService(str(index_dir)).search(SearchRequest(q="hemel")).total == found

    _give_back(mountpoint, kind)
    r = _build(index_dir)
    assert r.returncode == 0, r.stderr
    assert gens.current_name(index_dir) != before


def test_a_first_build_on_a_full_disk_says_nothing_was_serving(small_disk):
    mountpoint, kind = small_disk
    _fill_up_to(mountpoint, kind, 64 * 1024)
    r = _build(mountpoint / "index")
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    line = r.stderr.strip().splitlines()[-1]
    assert "not enough disk space in" in line and "or more, free" in line and "no index was serving yet" in line
    assert gens.current_name(mountpoint / "index") is None
