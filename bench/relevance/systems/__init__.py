"""The systems under comparison: Vindplaats and three plain, untuned baselines.

A system indexes a prepared collection (`open`) and answers a query with ranked record ids
(`search`). Indexes are cached per collection and per version of the code that builds them.
The baselines all index the same two text fields, made from the same records by `text_fields`.
"""
from __future__ import annotations

import importlib
import time
from pathlib import Path

from bench.relevance.prepare import Collection

SYSTEMS = {
    "vindplaats": "bench.relevance.systems.vindplaats:Vindplaats",
    # An ablation, not a baseline: the same index and service with compound handling off.
    "vindplaats-no-compounds": "bench.relevance.systems.vindplaats:VindplaatsNoCompounds",
    "tantivy-plain": "bench.relevance.systems.tantivy_plain:TantivyPlain",
    "tantivy-dutch-body": "bench.relevance.systems.tantivy_dutch:TantivyDutchBody",
    "tantivy-dutch": "bench.relevance.systems.tantivy_dutch:TantivyDutch",
    "sqlite-fts5": "bench.relevance.systems.sqlite_fts5:SqliteFts5",
    "postgres-dutch": "bench.relevance.systems.postgres:PostgresDutch",
}
BASELINES = tuple(s for s in SYSTEMS if not s.startswith("vindplaats"))


class Unavailable(RuntimeError):
    """The system cannot run on this machine (e.g. no PostgreSQL server binaries)."""


class System:
    name = ""
    describe = ""  # one line for the printed report

    def __init__(self, rebuild: bool = False):
        self.rebuild = rebuild
        self.build_seconds: dict[str, float] = {}  # collection -> seconds (0 when cached)
        self.cached: dict[str, bool] = {}

    def open(self, coll: Collection) -> None:
        """Make the collection searchable (build or reuse its index)."""
        t0 = time.perf_counter()
        cached = self._open(coll)
        self.cached[coll.name] = cached
        self.build_seconds[coll.name] = time.perf_counter() - t0

    def _open(self, coll: Collection) -> bool:
        raise NotImplementedError

    def search(self, coll: Collection, q: str, k: int = 10) -> list[str]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def where(self, coll: Collection) -> Path | None:
        return None


def load(name: str, rebuild: bool = False) -> System:
    module, cls = SYSTEMS[name].split(":")
    return getattr(importlib.import_module(module), cls)(rebuild=rebuild)


def text_fields(rec: dict) -> tuple[str, str]:
    """(title, body) for the baselines: the same text Vindplaats searches, in two plain fields."""
    title = " ".join(x for x in (rec.get("title"), rec.get("subtitle")) if x)
    parts: list[str] = []
    for name in ("document", "section", "series", "publisher", "description", "body"):
        if rec.get(name):
            parts.append(str(rec[name]))
    parts += [a["name"] for a in rec.get("authors") or [] if a.get("name")]
    for name in ("subjects", "genre", "themes", "alt_titles", "alt_authors"):
        parts += [str(x) for x in rec.get(name) or []]
    return title, "\n".join(parts)
