"""The documents every system indexes, as canonical records in one JSON-lines file per collection.

* ``knowledge``: every Rijksoverheid FAQ page of both files (train and test) as an article, among
  the Dutch acts split per article by the project's own `articles` reader as distractors.
* ``catalogue``: the dissertations and the KB records (through the project's `dc` reader).

The dissertations come in two parts, by the corpus's own `split`: the "train" dissertations are
*catalogued*, their records carry their Brinkman headings as subjects, as a real catalogue's
records do; the "test" dissertations are *uncatalogued*, indexed with their title, author
keywords and abstract only. The subject set asks for the uncatalogued dissertations that carry
a heading (its judgments are never indexed); whatever a system learns about a heading it can
only learn from the catalogued records.

Records are validated with the project's record model and written sorted by id, so every system
indexes exactly the same documents in the same order. A collection is rebuilt only when its
inputs or the code that converts them change.
"""
from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from bench.relevance.paths import CACHE, code_key, digest, files_key

FAQ_FILES = ("policyqa-train.json", "policyqa-test.json")
PREP_CODE = (
    "bench/relevance/prepare.py", "corpus/model.py", "corpus/sectioning.py",
    "corpus/readers/__init__.py", "corpus/readers/articles.py", "corpus/readers/dc.py",
)
TITLE_CHARS = 120


@dataclass
class Collection:
    name: str  # "knowledge" | "catalogue"
    scope: str  # the SearchRequest scope that holds it
    dir: Path  # cache folder of this collection (its indexes live below it)
    key: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cached: bool = False

    @property
    def records(self) -> Path:
        return self.dir / "records.jsonl"

    def iter_records(self) -> Iterator[dict]:
        with open(self.records, "rb") as fh:
            for line in fh:
                yield orjson.loads(line)


# --- knowledge -------------------------------------------------------------------------------

def faq_pages(corpus: Path) -> Iterator[tuple[str, dict]]:
    """(file name, page) for every page of both FAQ files."""
    for name in FAQ_FILES:
        data = json.loads((corpus / "knowledge" / "rijksoverheid-faq" / name).read_text("utf-8"))
        for page in data["data"]:
            yield name, page


def faq_id(page: dict) -> str:
    return f"faq:{page['title']}"


def faq_title(context: str) -> str:
    """A readable title: the page's first sentence, capitalised, cut at a word near 120 characters."""
    text = " ".join(context.split())
    first = re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0]
    if len(first) > TITLE_CHARS:
        first = first[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    return first[:1].upper() + first[1:]


def faq_record(page: dict) -> dict:
    context = " ".join(p["context"] for p in page["paragraphs"])
    return {"type": "article", "id": faq_id(page), "title": faq_title(context), "body": context,
            "source": "rijksoverheid"}


def knowledge_records(corpus: Path, counts: Counter) -> Iterator[dict]:
    from corpus.readers import read_source

    for _, page in faq_pages(corpus):
        counts["faq pages"] += 1
        yield faq_record(page)
    for item in read_source(f"articles:{corpus / 'knowledge' / 'wetten'}"):
        if isinstance(item, dict):
            item.setdefault("source", "wetten")
            counts["act sections"] += 1
            yield item
        else:
            counts["act sections rejected by the reader"] += 1


def knowledge_inputs(corpus: Path) -> list[Path]:
    k = corpus / "knowledge"
    return [k / "rijksoverheid-faq" / n for n in FAQ_FILES] + sorted((k / "wetten").rglob("*.md"))


# --- catalogue -------------------------------------------------------------------------------

def dissertations(corpus: Path) -> list[dict]:
    """The dissertations, one per OAI id (a few occur twice: their headings are merged)."""
    by_id: dict[str, dict] = {}
    with open(corpus / "catalogue" / "dissertations-brinkman.jsonl", "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = orjson.loads(line)
            if d["oai_id"] in by_id:
                seen = by_id[d["oai_id"]]
                labels = {s["label"] for s in seen["brinkman_subjects"]}
                seen["brinkman_subjects"] += [s for s in d["brinkman_subjects"] if s["label"] not in labels]
            else:
                by_id[d["oai_id"]] = d
    return [by_id[k] for k in sorted(by_id)]


def dissertation_id(d: dict) -> str:
    return f"diss:{d['oai_id']}"


def catalogued(d: dict) -> bool:
    """Whether a dissertation's record carries its headings (the corpus's "train" part)."""
    return d.get("split", "train") != "test"


def dissertation_record(d: dict) -> dict:
    # Author keywords have no field of their own in the canonical record; they go with the abstract.
    description = "\n\n".join(x.strip() for x in (d.get("abstract"), d.get("keywords")) if x and x.strip())
    rec = {"type": "catalogue", "id": dissertation_id(d), "title": d["title"]}
    if description:
        rec["description"] = description
    if catalogued(d) and d["brinkman_subjects"]:
        rec["subjects"] = [s["label"] for s in d["brinkman_subjects"]]
    return rec


def kb_records(corpus: Path) -> list[dict]:
    from corpus.readers import read_source

    return [r for r in read_source(f"dc:{corpus / 'catalogue' / 'kb-sru-dcx-sample.xml'}")
            if isinstance(r, dict)]


def catalogue_records(corpus: Path, counts: Counter) -> Iterator[dict]:
    for d in dissertations(corpus):
        counts["dissertations" if catalogued(d) else "uncatalogued dissertations"] += 1
        yield dissertation_record(d)
    for r in kb_records(corpus):
        counts["KB records"] += 1
        yield r


def catalogue_inputs(corpus: Path) -> list[Path]:
    c = corpus / "catalogue"
    return [c / "dissertations-brinkman.jsonl", c / "kb-sru-dcx-sample.xml"]


# --- writing ---------------------------------------------------------------------------------

SPECS = {
    "knowledge": ("articles", knowledge_inputs, knowledge_records),
    "catalogue": ("catalogue", catalogue_inputs, catalogue_records),
}


def prepare(name: str, corpus: Path, rebuild: bool = False, cache: Path = CACHE) -> Collection:
    """The collection's records file, from the cache when its inputs and code are unchanged."""
    scope, inputs, records = SPECS[name]
    key = digest(files_key(inputs(corpus)) + code_key(*PREP_CODE))
    coll = Collection(name, scope, cache / f"{name}-{key}", key)
    meta = coll.dir / "records.json"
    if meta.is_file() and coll.records.is_file() and not rebuild:
        coll.counts = json.loads(meta.read_text())["counts"]
        coll.cached = True
        return coll
    from corpus.model import RecordError, validate

    t0 = time.perf_counter()
    coll.dir.mkdir(parents=True, exist_ok=True)
    counts: Counter = Counter()
    valid: dict[str, dict] = {}
    for raw in records(corpus, counts):
        try:
            rec = validate(raw)
        except RecordError:
            counts["rejected by the record model"] += 1
            continue
        valid[rec["id"]] = rec
    tmp = coll.records.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        for rid in sorted(valid):
            fh.write(orjson.dumps(valid[rid]) + b"\n")
    os.replace(tmp, coll.records)
    counts["records"] = len(valid)
    coll.counts = dict(counts)
    coll.seconds = time.perf_counter() - t0
    meta.write_text(json.dumps({"counts": coll.counts, "key": key}, indent=1))
    return coll
