"""The evaluation sets: queries with their relevant records, built deterministically from the corpus.

* ``knowledge``: each FAQ question, relevant = its own page. Train questions while developing;
  the test questions only with ``--test``, reported apart, never tuned on.
* ``known``: titles of all KB records and a seeded sample of dissertations, typed five ways
  (see `variants`). Records with the same title (editions of one work, a dissertation listed
  twice) all count as the item sought.
* ``subject``: each Brinkman heading carried by at least five dissertations, typed as words
  ("psychologie ; opleiding" -> "psychologie opleiding"); relevant = the *uncatalogued*
  dissertations that carry it (their records have no headings, see `prepare`). The catalogued
  ones that carry it are found through their subjects and are left out of the ranking before it
  is scored (`Query.ignore`): they are neither a hit nor a miss. The headings are split in two
  by a hash of the label (`subject_split`): the train headings to develop and cross-validate on,
  the test headings only with ``--test``, reported apart, never tuned on.
"""
from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from unidecode import unidecode

from bench.relevance import variants as v
from bench.relevance.prepare import (
    FAQ_FILES,
    catalogued,
    dissertation_id,
    dissertations,
    faq_id,
    faq_pages,
    kb_records,
)

SEED = 20240611
KNOWN_SAMPLE = 1000
MIN_SUBJECT_RECORDS = 5
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Query:
    qid: str
    text: str
    relevant: frozenset[str]
    group: str = ""  # the known-item variant; empty elsewhere
    # Records left out of the ranking before it is scored: relevant, but not what is measured
    # (a subject's catalogued records, found by the heading itself).
    ignore: frozenset[str] = frozenset()


@dataclass
class QuerySet:
    name: str  # "knowledge" | "known" | "subject"
    label: str
    collection: str  # which prepared collection it runs on
    metrics: tuple[str, ...]
    queries: list[Query] = field(default_factory=list)
    held_out: bool = False
    note: str = ""


def _sample(items: list, limit: int | None, what: str) -> list:
    """A deterministic sample of at most `limit` items, in their original order."""
    if limit is None or limit >= len(items):
        return items
    chosen = set(random.Random(f"{SEED}:{what}").sample(range(len(items)), limit))
    return [x for i, x in enumerate(items) if i in chosen]


def knowledge(corpus: Path, split: str = "train", limit: int | None = None) -> QuerySet:
    name = FAQ_FILES[0] if split == "train" else FAQ_FILES[1]
    queries = []
    for fname, page in faq_pages(corpus):
        if fname != name:
            continue
        for para in page["paragraphs"]:
            for qa in para["qas"]:
                queries.append(Query(f"faq:{qa['id']}", qa["question"], frozenset({faq_id(page)})))
    queries.sort(key=lambda q: q.qid)
    held_out = split != "train"
    return QuerySet(
        "knowledge" if not held_out else "knowledge-test",
        f"Knowledge search ({split} questions)" + (" — HELD OUT, never tuned on" if held_out else ""),
        "knowledge", ("MRR@10", "recall@10"), _sample(queries, limit, f"knowledge-{split}"), held_out,
    )


def title_key(title: str) -> str:
    return " ".join(_WORD.findall(unidecode(title).lower()))


def known_item(corpus: Path, limit: int | None = None) -> QuerySet:
    limit = KNOWN_SAMPLE if limit is None else limit
    diss = [(dissertation_id(d), d["title"]) for d in dissertations(corpus)]
    kb = sorted((r["id"], r["title"]) for r in kb_records(corpus))
    same_title: dict[str, set[str]] = defaultdict(set)
    for rid, title in diss + kb:
        same_title[title_key(title)].add(rid)
    sources: list[tuple[str, str]] = []
    seen: set[str] = set()
    for rid, title in kb + _sample(diss, limit, "known-item"):
        if title_key(title) not in seen:  # one query per distinct title
            seen.add(title_key(title))
            sources.append((rid, title))
    queries = []
    for rid, title in sources:
        relevant = frozenset(same_title[title_key(title)])
        for variant, text in v.variants(title, rid).items():
            queries.append(Query(f"{rid}#{variant}", text, relevant, variant))
    kb_titles = len({title_key(t) for _, t in kb})
    return QuerySet(
        "known", f"Known-item search ({len(sources)} titles: the {kb_titles} distinct titles of the "
                 f"{len(kb)} KB records and {len(sources) - kb_titles} sampled dissertations; "
                 "records with the same title all count as the item)",
        "catalogue", ("success@1", "MRR@10"), queries,
    )


def subject_words(label: str) -> str:
    return " ".join(_WORD.findall(label))


SUBJECT_TEST_SHARE = 5  # one heading in five is held out


def subject_split(label: str) -> str:
    """'train' or 'test' for a heading, by a hash of its label: the same on every machine and run
    (Python's hash() is salted per process), and independent of which headings the corpus has."""
    h = int.from_bytes(hashlib.sha1(label.encode("utf-8")).digest()[:8], "big")
    return "test" if h % SUBJECT_TEST_SHARE == 0 else "train"


def subject(corpus: Path, limit: int | None = None, split: str = "train") -> QuerySet:
    """The 'train' headings, or the held-out 'test' ones: each heading on at least
    MIN_SUBJECT_RECORDS dissertations with at least one uncatalogued carrier."""
    carriers: dict[str, set[str]] = defaultdict(set)
    known: dict[str, set[str]] = defaultdict(set)
    for d in dissertations(corpus):
        for s in d["brinkman_subjects"]:
            carriers[s["label"]].add(dissertation_id(d))
            if catalogued(d):
                known[s["label"]].add(dissertation_id(d))
    labels = sorted(lab for lab, ids in carriers.items()
                    if len(ids) >= MIN_SUBJECT_RECORDS and ids - known[lab] and subject_split(lab) == split)
    queries = [Query(f"subject:{lab}", subject_words(lab), frozenset(carriers[lab] - known[lab]),
                     ignore=frozenset(known[lab]))
               for lab in labels if subject_words(lab)]
    held_out = split == "test"
    return QuerySet(
        "subject" if not held_out else "subject-test",
        f"Subject search ({split} Brinkman headings on >= {MIN_SUBJECT_RECORDS} dissertations, "
        "relevant: the uncatalogued ones)" + (" — HELD OUT, never tuned on" if held_out else ""),
        "catalogue", ("nDCG@10",), _sample(queries, limit, f"subject-{split}"), held_out,
        note="Catalogued dissertations carry their headings (subjects), the uncatalogued only title, "
             "keywords and abstract; the catalogued carriers of a heading are left out of its ranking.",
    )
