"""Baseline: tantivy as anyone would use it first.

Its `default` tokenizer (split on non-alphanumerics, drop very long tokens, lower-case: no
stemming, no accent folding, no stop words), BM25 over title and body, and tantivy's own query
parser in its default disjunction mode, leniently so that a '?' or ':' in a question is no error.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import tantivy

from bench.relevance.paths import code_key, digest
from bench.relevance.prepare import Collection
from bench.relevance.systems import System, text_fields


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=False, tokenizer_name="default")
    sb.add_text_field("body", stored=False, tokenizer_name="default")
    return sb.build()


class TantivyPlain(System):
    name = "tantivy-plain"
    describe = "tantivy 'default' tokenizer (lower case only), BM25 over title+body, query parser in OR mode"

    def __init__(self, rebuild: bool = False):
        super().__init__(rebuild)
        self._indexes: dict[str, tuple[tantivy.Index, tantivy.Searcher]] = {}

    def where(self, coll: Collection) -> Path:
        return coll.dir / f"tantivy-plain-{digest(code_key('bench/relevance/systems/tantivy_plain.py', 'bench/relevance/systems/__init__.py'))}"

    def _open(self, coll: Collection) -> bool:
        path = self.where(coll)
        done = path / "DONE"
        cached = done.is_file() and not self.rebuild
        if not cached:
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True)
            index = tantivy.Index(_schema(), path=str(path))
            writer = index.writer(256_000_000)
            for rec in coll.iter_records():
                title, body = text_fields(rec)
                writer.add_document(tantivy.Document(id=rec["id"], title=title, body=body))
            writer.commit()
            writer.wait_merging_threads()
            done.write_text("ok\n")
        index = tantivy.Index.open(str(path))
        index.reload()
        self._indexes[coll.name] = (index, index.searcher())
        return cached

    def search(self, coll: Collection, q: str, k: int = 10) -> list[str]:
        index, searcher = self._indexes[coll.name]
        query, _errors = index.parse_query_lenient(q, ["title", "body"])
        return [searcher.doc(addr)["id"][0] for _, addr in searcher.search(query, k).hits]
