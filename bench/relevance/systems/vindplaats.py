"""Vindplaats itself: the project's indexer and search service, exactly as the API uses them."""
from __future__ import annotations

import shutil
from pathlib import Path

from bench.relevance.paths import code_key, digest
from bench.relevance.prepare import Collection
from bench.relevance.systems import System

# The index depends on these; the query side (search_api) is read fresh on every run.
INDEX_CODE = ("indexer", "corpus/model.py", "corpus/readers/__init__.py", "corpus/readers/jsonl.py")


class Vindplaats(System):
    name = "vindplaats"
    describe = "indexer.build + SearchService (scope per set, group=False, size 10), as the API runs it"

    compounds = True

    def __init__(self, rebuild: bool = False):
        super().__init__(rebuild)
        self._services: dict[str, object] = {}

    def where(self, coll: Collection) -> Path:
        return coll.dir / f"vindplaats-{digest(code_key(*INDEX_CODE))}"

    def _open(self, coll: Collection) -> bool:
        from indexer import generations
        from indexer.build import BuildOptions, build
        from search_api.service import SearchService

        index_dir = self.where(coll)
        cached = generations.current_name(index_dir) is not None and not self.rebuild
        if not cached:
            shutil.rmtree(index_dir, ignore_errors=True)
            report = build(index_dir, [f"jsonl:{coll.records}"], BuildOptions(force=True))
            if report.state != "done":
                raise RuntimeError(f"vindplaats index build for {coll.name}: {report.state}: {report.message}")
        service = SearchService(index_dir, reload_interval=3600, compounds=self.compounds)
        # As a server is warmed before it takes searches (the health check says when, `warm`): the
        # vocabulary and typo index built first, so that the first searches with a typo are not
        # cut short by the search deadline while they are built on a busy machine.
        service.vocabulary(service.state).typos  # noqa: B018 - built for its side effect
        self._services[coll.name] = service
        return cached

    def search(self, coll: Collection, q: str, k: int = 10) -> list[str]:
        from search_api.request import MAX_SIZE, SearchRequest

        out: list[str] = []
        page = 1
        while len(out) < k:  # the API's pages of at most MAX_SIZE, as a client would read them
            size = min(MAX_SIZE, k)
            res = self._services[coll.name].search(
                SearchRequest(q=q, scope=coll.scope, size=size, page=page, group=False))
            out += [h.id for h in res.hits]
            if len(res.hits) < size:
                break
            page += 1
        return out[:k]


class VindplaatsNoCompounds(Vindplaats):
    """The same, with Dutch compound handling switched off: what compounds gain and cost."""

    name = "vindplaats-no-compounds"
    describe = "as vindplaats, without compound splitting and expansion (an ablation, not a baseline)"
    compounds = False
