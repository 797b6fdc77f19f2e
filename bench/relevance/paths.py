"""Where the harness reads the shared corpus and keeps its cache, and how cache keys are made."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "bench" / "out"
CACHE = OUT / "relevance-cache"
CORPUS_ENV = "VINDPLAATS_SHARED_CORPUS"


class CorpusMissing(SystemExit):
    """The shared corpus is not where we look: a clear message instead of a traceback."""


def shared_corpus() -> Path:
    """../shared/corpus beside the repository, or $VINDPLAATS_SHARED_CORPUS."""
    path = Path(os.environ.get(CORPUS_ENV) or REPO.parent / "shared" / "corpus")
    if not path.is_dir():
        raise CorpusMissing(
            f"The relevance bench needs the shared corpus, which is not at {path}.\n"
            f"Put it beside the repository (../shared/corpus) or set {CORPUS_ENV} to its folder."
        )
    return path


def digest(parts: Iterable[str | bytes], length: int = 12) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode())
        h.update(b"\0")
    return h.hexdigest()[:length]


def files_key(paths: Iterable[Path]) -> list[str]:
    """Name, size and modification time of each input: cheap, and changes when the data does."""
    out = []
    for p in sorted(paths):
        st = p.stat()
        out.append(f"{p.name}:{st.st_size}:{int(st.st_mtime)}")
    return out


def code_key(*relative: str) -> list[bytes]:
    """The source text of the project's modules (files or whole folders) a cached result depends on."""
    out: list[bytes] = []
    for rel in relative:
        p = REPO / rel
        files = sorted(p.rglob("*.py")) if p.is_dir() else [p]
        for f in files:
            if f.is_file():
                out.append(f.relative_to(REPO).as_posix().encode())
                out.append(f.read_bytes())
    return out
