"""The search service: the one door to the index.

Every read of tantivy goes through here (and through the query-building modules the service
owns: `pipeline`, `cql_query`, `vocabulary`). A request asks the service once for a `Snapshot`,
the generation it started with, and does everything through it: search (sorting, paging,
grouping, facets, the zero-result chain, explanations), a CQL query for SRU, one record, the
editions of a work, the sections of a document, suggestions, the stats for `/healthz` and the home
page. So one request never straddles a generation switch, and no route, page or protocol module
holds a searcher.

The service follows the live generation: it re-reads ``CURRENT`` between requests (at most every
`reload_interval` seconds) and swaps in a new generation, or reloads the live one after an
incremental update, without a restart and without failing a request in flight.
"""
from __future__ import annotations

import contextlib
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import orjson
import tantivy
from tantivy import Occur, Order, Query

from indexer import changes
from indexer import generations as gens
from indexer.analysis import exact_tokens, stem_tokens
from indexer.fields import (
    BY_NAME,
    CHANGED_FIELD,
    EDITION_WEIGHT,
    ID_FIELD,
    PUBLIC_FACETS,
    SOURCE_FIELD,
    TITLE_SORT_FIELD,
    WORK_ID_FIELD,
    YEAR_RANGES,
)
from indexer.schema import open_index, work_id
from indexer.works import work_key
from search_api import metrics, rerank, sampling, settings, spelling, subjects, workcounts
from search_api.cql import CQLQuery
from search_api.cql_query import FacetVocabulary
from search_api.cql_query import translate as translate_cql
from search_api.directory import Directory
from search_api.editions import WorkHoldings
from search_api.explain import explain_hit
from search_api.highlight import snippet
from search_api.notices import Notice, word_list
from search_api.pipeline import (
    MAX_FUZZY_WORDS,
    QueryPlan,
    any_term,
    content_words,
    filter_query,
    fuzzable_words,
    fuzzy_distance,
    has_fuzzable,
    is_question,
    only_facet_words,
    plan_search,
    populated_fields,
    schema_fields,
    search_fields,
    title_order_query,
)
from search_api.request import SearchRequest
from search_api.response import FacetValue, Hit, KnowledgeBox, SearchResponse
from search_api.spelling import Correction
from search_api.suggest import suggest
from search_api.urls import record_path
from search_api.userquery import parse
from search_api.vocabulary import VocabularyCache

MAX_GROUP_WINDOW = 20_000
EXPLAIN_SECONDS = 0.15  # explaining a page's hits, at most (the first hit is always explained; ~20 ms a hit of a long query at 5 million)
MAX_EDITIONS_WEIGHED = 2_000  # matching editions of a page's works weighed for their representative
HOLDINGS_CHUNK = 20  # works whose holdings one aggregation reads
KNOWLEDGE_BOX = 3  # knowledge answers beside the catalogue at most
# How much better than the best catalogue record the best article must score to be shown beside
# the catalogue (SearchService._knowledge). Chosen on data with `python -m bench.knowledge_box`:
# on the patron queries and the relevance bench's questions and known items the best mean F1 of
# showing the box (0.930) holds from 1.82 to 2.10; its middle, 1.96, here rounded.
KNOWLEDGE_MATCH = 2.0
# Facet counting dominates a broad query; tantivy releases the GIL, so the facets of one request
# are counted in this many parallel aggregation requests (one per core, at most 2: each request
# walks the matches again, which only pays when the per-value counting is the larger cost, and
# only while cores are idle: with other searches in flight in this process the facets go in one
# request, as the extra walk would then take a core from another search).
FACET_SPLIT = max(1, min(2, os.cpu_count() or 1))
COUNT_COST = 1.0  # the count and the number of works, always in the first request
# Results of recent searches per generation (hits, counts, facet counts): a repeated search, such
# as the popular ones and the next page of a list, costs nothing in the index. Entries, 0: none.
RESULT_CACHE_SIZE = int(os.environ.get("VINDPLAATS_RESULT_CACHE", "2048"))
SUBSTITUTIONS = frozenset({"spelling", "fuzzy"})  # chain steps that search other words than typed
MAX_WORDS_ALONE = 8  # words of an empty search counted alone, at most
COUNT_AGG = workcounts.RECORDS  # aggregation names that cannot clash with a facet field
WORKS_AGG = "_works"
WORKS_SUB = workcounts.WORKS_SUB
# tantivy's terms aggregation keeps each segment's top values only (by default ten times the size
# asked for) before it merges the segments: a value outside one segment's top list is undercounted
# by that segment's share, so a facet could show 11 and the search with it ticked find 12. Each
# segment reports up to this many values, which makes every count exact whenever a segment's
# matches hold fewer distinct values (every narrow search, and the sample and real data even for
# the empty query); only the tail of a broad search's top list at national scale can still be low.
FACET_SEGMENT_TERMS = 10_000
# Facets of many values, each on few records, whose works are counted for their listed values only
# (_values_then_works): a broad search's matches have hundreds of thousands of authors.
WORKS_APART: frozenset[str] = frozenset({"authors"})

_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    """One pool per process (a forked server worker makes its own)."""
    global _pool, _pool_pid
    if _pool is None or _pool_pid != os.getpid():
        with _pool_lock:
            if _pool is None or _pool_pid != os.getpid():
                _pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="vindplaats-facets")
                _pool_pid = os.getpid()
    return _pool


class IndexUnavailable(RuntimeError):
    """No generation to serve (yet)."""


@dataclass(frozen=True)
class IndexState:
    """One opened generation: what every read of a request needs, fixed for its whole life."""
    generation: str
    path: Path
    index: tantivy.Index
    searcher: tantivy.Searcher
    schema: tantivy.Schema
    libraries: dict
    manifest: dict
    meta_mtime: float
    opened: float
    populated: frozenset[str] = frozenset()  # search fields holding any term (pipeline.populated_fields)

    @property
    def key(self) -> tuple[str, float]:
        """What identifies this state's contents: a generation changes by an update's commit too."""
        return self.generation, self.meta_mtime


class ChangePage(NamedTuple):
    """Records in the order of their last change (indexer.changes), after a cursor."""
    records: list[tuple[int, dict]]  # (change key, stored record), oldest change first
    remaining: int  # matches after the cursor, these records included
    total: int  # matches in the whole range, before the cursor too


class PageEntry(NamedTuple):
    """One hit of a ranked page before its record is read."""
    score: float | None  # the relevance score, or the sort value when sorted by a field
    addr: object  # the tantivy document address (of the edition that stands for its work)
    editions: int = 1  # matching editions of its work folded into this hit
    edition_ids: tuple[str, ...] = ()
    work: WorkHoldings | None = None  # grouped: the libraries holding any edition of the work


@dataclass
class _Run:
    """One executed search: its plan (whose request is the one that ran), the counts, the page and
    its hits, and the facet counts still being computed."""
    plan: QueryPlan
    total: int
    total_records: int
    page: list[PageEntry]
    hits: list[Hit]
    pending: _Pending


class _Budget:
    """The whole search's deadline (VINDPLAATS_SEARCH_DEADLINE_MS). The page of hits and its count
    are always made; what comes after them is done only while there is time, and each part left
    out is named in `skipped` (the response says so: `partial`, `skipped` and a notice)."""

    def __init__(self, seconds: float | None):
        self.end = time.monotonic() + seconds if seconds else math.inf
        self.skipped: list[str] = []

    def left(self) -> float:
        return self.end - time.monotonic()

    def over(self) -> bool:
        return self.left() <= 0

    def skip(self, part: str) -> None:
        if part not in self.skipped:
            self.skipped.append(part)


NO_BUDGET = _Budget(None)


class SearchService:
    def __init__(self, index_dir: str | os.PathLike, reload_interval: float = 0.5, compounds: bool = True,
                 directory: Directory | None = None, deadline_ms: float | None = None,
                 sample_from: int | None = None, sample_target: int = sampling.SAMPLE_TARGET):
        self.index_dir = Path(index_dir)
        # A whole search's time (0: none); without a value given, VINDPLAATS_SEARCH_DEADLINE_MS.
        if deadline_ms is None:
            deadline_ms = settings.deadline_ms(os.environ.get("VINDPLAATS_SEARCH_DEADLINE_MS"))
        self.deadline = deadline_ms / 1000
        # From how many sure matches facet counts are estimated (0: never); VINDPLAATS_FACET_SAMPLE_FROM.
        if sample_from is None:
            sample_from = settings.sample_from(os.environ.get("VINDPLAATS_FACET_SAMPLE_FROM"))
        self.sample_from, self.sample_target = sample_from, sample_target
        # The libraries file: its names win over the records' in facets, labels and pages.
        self.directory = directory or Directory()
        self.reload_interval = reload_interval
        self.compounds = compounds  # Dutch compound handling (off only to measure what it gains)
        self._lock = threading.Lock()
        self._state: IndexState | None = None
        self._checked = 0.0
        self._vocab = VocabularyCache()
        self._cql_vocab: tuple[tuple, FacetVocabulary] | None = None
        self._results = ResultCache(RESULT_CACHE_SIZE)
        self._deletions: tuple[int, list[changes.Deletion]] = (-1, [])
        self._change_seconds: tuple[tuple, tuple[tuple[int, int], ...]] | None = None
        self.refresh(force=True)

    # --- following the live generation ------------------------------------------------------
    def refresh(self, force: bool = False) -> IndexState:
        now = time.monotonic()
        state = self._state
        if not force and state is not None and now - self._checked < self.reload_interval:
            return state
        with self._lock:
            state = self._state
            if not force and state is not None and now - self._checked < self.reload_interval:
                return state
            self._checked = now
            name = gens.current_name(self.index_dir)
            if name is None:
                if state is not None:
                    return state  # CURRENT vanished mid-switch: keep serving what we have
                raise IndexUnavailable(f"no index generation in {self.index_dir}")
            if state is None or state.generation != name:
                self._state = self._open(name) or state
                if self._state is not state:
                    self._warm(self._state)
            else:
                mtime = _meta_mtime(state.path)
                if mtime != state.meta_mtime:
                    state.index.reload()
                    searcher = state.index.searcher()
                    self._state = IndexState(
                        state.generation, state.path, state.index, searcher, state.schema,
                        self._libraries(state.path), _read_json(state.path / gens.MANIFEST, {}),
                        mtime, time.time(), populated_fields(searcher, state.populated))
            if self._state is None:
                raise IndexUnavailable(f"generation {name} in {self.index_dir} cannot be opened")
            return self._state

    def _open(self, name: str) -> IndexState | None:
        path = gens.generations_dir(self.index_dir) / name
        try:
            index = open_index(str(path))
        except (OSError, ValueError):
            return None
        searcher = index.searcher()
        return IndexState(name, path, index, searcher, index.schema,
                          self._libraries(path), _read_json(path / gens.MANIFEST, {}),
                          _meta_mtime(path), time.time(), populated_fields(searcher))

    def _libraries(self, path: Path) -> dict:
        """The generation's libraries (ISIL -> {name, province}), named as the libraries file names them."""
        return self.directory.named(_read_json(path / gens.LIBRARIES, {}))

    def _warm(self, st: IndexState) -> None:
        """Read the new generation's vocabulary (spelling, compounds) in the background, so the
        first search after start-up or a switch does not have to (it waits only for the rest)."""
        def build() -> None:
            # A failure here is not lost: the request path builds it again and reports what goes wrong.
            with contextlib.suppress(Exception):
                self.vocabulary(st).typos  # noqa: B018 - built for its side effect

        threading.Thread(target=build, name="vindplaats-vocabulary", daemon=True).start()

    @property
    def state(self) -> IndexState:
        return self.refresh()

    def snapshot(self) -> Snapshot:
        """The live generation for one request: take it once, do everything through it."""
        return Snapshot(self, self.refresh())

    @property
    def warm(self) -> bool:
        """Whether the served generation's vocabulary and typo index are built."""
        return self.snapshot().warm

    def vocabulary(self, st: IndexState):
        return self._vocab.get(st.key, st.searcher, st.path)

    def deletions(self) -> list[changes.Deletion]:
        """The index directory's deletions log, oldest first, read again when it changes."""
        path = changes.changes_dir(self.index_dir) / changes.DELETED
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        known = self._deletions
        if known[0] != mtime:
            known = (mtime, changes.read_deletions(self.index_dir))
            self._deletions = known
        return known[1]

    def cql_vocabulary(self, st: IndexState) -> FacetVocabulary:
        """The closed facets' values for CQL, read lazily, once per generation (and per update)."""
        known = self._cql_vocab
        if known is not None and known[0] == st.key:
            return known[1]
        vocab = FacetVocabulary(lambda field, size: _facet_terms(st, field, size), st.libraries)
        self._cql_vocab = (st.key, vocab)
        return vocab

    # --- conveniences for callers with a single question (tests, benches, the command line) ----
    def search(self, req: SearchRequest) -> SearchResponse:
        return self.snapshot().search(req)

    def get(self, record_id: str) -> dict | None:
        return self.snapshot().get(record_id)

    def editions(self, rec: dict, limit: int = 200) -> list[dict]:
        return self.snapshot().editions(rec, limit)

    def libraries(self) -> dict:
        return self.snapshot().libraries

    def stats(self) -> dict:
        return self.snapshot().stats()

    def suggest(self, prefix: str, size: int = 8) -> list[dict]:
        return self.snapshot().suggest(prefix, size)

    # --- search ------------------------------------------------------------------------------
    def _search_request(self, st: IndexState, req: SearchRequest) -> SearchResponse:
        """Search, and when nothing is found walk the zero-result chain: a confident spelling
        correction, then words within a typo, then any word instead of all words, then without
        filters. An unsure correction stops the chain: the patron sees the suggestion above an
        honest zero. Each step that was taken is announced in the notices; the response carries
        the request that found what it shows, and on an empty page what each word finds alone."""
        t0 = time.perf_counter()
        budget = _Budget(self.deadline)
        vocab = self.vocabulary(st)
        known = self._known(st, vocab)
        run = self._execute(st, req, vocab, budget=budget)
        notices = list(req.notices) + run.plan.notices
        parsed = run.plan.parsed
        searchable = parsed is not None and not parsed.is_empty
        correction = None
        if req.spell and searchable and run.total < 3:
            if budget.over():
                budget.skip("spelling")
            else:
                # A pure function of the query and the generation: remembered per generation.
                key = ("correction", req.q, req.filters, req.scope, req.library)
                correction = vocab.memo(key, lambda: self._correction(st, req, vocab, known))
        substituted = False  # the hits are for other words than typed (a correction, or lookalikes)
        if run.total == 0 and searchable:
            tried = False
            fuzzy = req.spell and has_fuzzable(parsed.plain_text(), vocab)
            like = _lookalikes(parsed, vocab) if fuzzy else []
            for (new_req, opts), message in self._chain(req, correction, fuzzy, _filters_understood(run.plan), like,
                                                        run.plan.hints_beside_words):
                if budget.over():  # the honest zero, and the wider searches named as not tried
                    budget.skip("alternatives")
                    break
                tried = True
                # A step counts its facets only once it has found something.
                step = self._execute(st, new_req, vocab, facets=False, budget=budget, **opts)
                if step.total:
                    if not step.pending.known:
                        step.pending = self._facet_requests(st, step.plan, step.plan.query(scored=False),
                                                            step.pending.key)
                    notices.append(message)
                    substituted = message.key in SUBSTITUTIONS
                    run = step
                    break
            else:
                if tried:
                    # In the catalogue only: the knowledge box beside it may still have answers.
                    notices.append(Notice("nothing_catalogue" if req.scope == "catalogue" else "nothing"))
        if run.total == 0:
            metrics.ZERO_RESULTS.inc()
        raw = _merge(run.pending, budget)
        if raw is None:  # the counts did not come in time: no facets rather than some of them
            budget.skip("facets")
            facets = {}
        else:
            facets = self._facets(st, run.plan, raw)
            if not run.pending.known:
                self._results.put(run.pending.key, (run.total, run.total_records, run.page, raw, run.plan.sample_rate))
        ran = run.plan.request
        understood = run.plan.understood
        if run.total and ran.scope != "articles" and len(run.plan.optional_words) >= 2:
            # A question, a long query or the any-word step requires none of its words: say so
            # when the results lack some of them, naming those (the librarians' knowledge-base
            # search answers questions from part of their words by nature, and is not told).
            if budget.over():
                budget.skip("words")
            else:
                partial = self._partial_words(st, run, vocab)
                if partial is not None and run.plan.any_word:
                    # The any-word step said "some of the words" already; naming the words that
                    # found nothing says it better, and a notice that no result has them all repeats it.
                    if partial.key == "words_missing":
                        notices = [n for n in notices if getattr(n, "key", None) != "any_word"] + [partial]
                elif partial is not None:
                    notices.append(partial)
        notices += [u.notice() for u in understood if u.applied == "filter"]
        # The box answers the words that found the catalogue's hits (a substituted spelling too).
        knowledge = None
        if req.knowledge and budget.over():
            budget.skip("knowledge")
        elif req.knowledge:
            knowledge = self._knowledge(st, replace(req, q=ran.q), vocab)
        words = None
        if run.total == 0 and searchable and budget.over():
            budget.skip("words")
        elif run.total == 0 and searchable:
            words = self._words_alone(st, req, vocab, parsed)
        estimated = run.plan.sample_rate if (raw is not None or ran.group) else 1
        if estimated > 1:
            notices.append(Notice("estimated", rate=estimated))
        if budget.skipped:
            metrics.SEARCH_PARTIAL.inc()
            notices.append(Notice("deadline", parts=_parts(budget.skipped, "nl"), parts_en=_parts(budget.skipped, "en")))
        return SearchResponse(
            query=ran.q, total=run.total, page=ran.page, size=ran.size,
            took_ms=(time.perf_counter() - t0) * 1000, hits=run.hits, facets=facets,
            # One notice per change: a correction whose results are shown is said by its notice,
            # not offered again as a suggestion.
            did_you_mean=correction.text if correction and not substituted else None,
            notices=_dedupe(notices), total_records=run.total_records if ran.group else None, request=ran,
            corrected_from=req.q if substituted else None,
            understood=understood, knowledge=knowledge, words=words, skipped=list(budget.skipped),
            sample_rate=estimated,
        )

    def _knowledge(self, st: IndexState, req: SearchRequest, vocab) -> KnowledgeBox | None:
        """The best knowledge-base answers for the words, shown beside the catalogue only when they
        match well: when the best article scores at least KNOWLEDGE_MATCH times the best catalogue
        record for the same words, matched the same way (the same pipeline over one index, so the
        two BM25 scores are comparable; no filters, no library). Strict matching first (a section
        with all the words and no catalogue record with them: the box); when no section has all
        the words, any of them, and the catalogue as leniently (a typo in a title must not make
        the articles look better). Words that all name facet values ("voor kinderen", "engelse
        thrillers") ask for items: no box."""
        if not req.q.strip() or req.scope == "articles":
            return None
        words = SearchRequest(q=req.q, understand=req.understand, nofilter=req.nofilter, spell=req.spell, group=False)
        asked = replace(words, scope="articles", size=KNOWLEDGE_BOX)
        rival = replace(words, scope="catalogue", size=1)
        articles, lenient = self._ranked(st, asked, vocab), {}
        if not articles.hits:
            # A service question in a few words ("e-books en luisterboeken online") rarely has all
            # of them in one section.
            lenient = {"any_word": True, "fuzzy": req.spell}
            articles = self._ranked(st, asked, vocab, **lenient)
        if not articles.hits:
            return KnowledgeBox([], 0, 0.0)
        catalogue = self._ranked(st, rival, vocab, **lenient)
        if only_facet_words(catalogue.plan):
            return KnowledgeBox([], articles.total, 0.0)
        # The best first-stage score: the second stage re-orders articles without rescoring them.
        best = max((h.score or 0.0) for h in articles.hits)
        other = catalogue.hits[0].score if catalogue.hits else None
        match = best / other if other else math.inf
        return KnowledgeBox(articles.hits if match >= KNOWLEDGE_MATCH else [], articles.total, match)

    def _ranked(self, st: IndexState, req: SearchRequest, vocab, **opts) -> _Run:
        """One search without facets and without the zero-result chain, remembered like any other."""
        run = self._execute(st, req, vocab, facets=False, **opts)
        if not run.pending.known:
            self._results.put(run.pending.key, (run.total, run.total_records, run.page, _merge(run.pending),
                                                run.plan.sample_rate))
        return run

    def _known(self, st: IndexState, vocab) -> Callable[[str], bool]:
        """Whether the index knows a word: in any searchable field, as typed and folded, by its
        stem, or as a part of a compound it holds. Such a word is never corrected."""
        def known(word: str) -> bool:
            return vocab.memo(("known", word), lambda: _in_index(st, vocab, word))

        return known

    def _correction(self, st: IndexState, req: SearchRequest, vocab, known) -> Correction | None:
        """The best correction of the query's unknown words that finds something together with
        the other words (None: no word to correct, or no correction finds anything)."""
        parsed = parse(req.q)
        # The words of a phrase too: a quoted title with a slip ("max havelar") is corrected in
        # its quotes, and the phrase then searched as corrected.
        words = [t for c in parsed.positive_clauses() if c.field != "identifier"
                 for t in exact_tokens(c.text)]
        few = len(words) <= spelling.TOGETHER_WORDS
        counted = [self._count_correction(st, req, vocab, c, few) for c in spelling.corrections(req.q, words, vocab, known)]
        best = spelling.rank(counted)
        if best is None or not best.found:
            return None
        if not best.confident:
            # Two corrections that find mostly the same records ("stem cell", "stem cells": one
            # subject under two inflections, or two spellings of it) are not rivals: the records
            # matching both decide, one more count.
            runner = spelling.runner_up(best, counted)
            if runner is not None and not any(spelling.dutch_word(t) and spelling.dutch_word(f)
                                              for t, f in best.changes):
                both = best.text + " " + " ".join(f for _, f in runner.changes)
                shared = self._count(st, replace(req, q=both, spell=False), vocab)
                if shared >= spelling.SHARED * min(best.found, runner.found or 0):
                    best = replace(best, confident=True)
        return best

    def _count(self, st: IndexState, req: SearchRequest, vocab) -> int:
        """How many records a request matches, without ranking or reading any."""
        plan = plan_search(req, st.schema, vocab=vocab, compounds=self.compounds, populated=st.populated)
        return int(st.searcher.search(plan.query(scored=False), 1, count=True).count or 0)

    def _count_correction(self, st: IndexState, req: SearchRequest, vocab, c: Correction, few: bool) -> Correction:
        """A corrected query counted: the records it finds (the other words required with the
        correction), and for a query of `few` words that finds something, how many of those have
        its words side by side in the title in the order typed (pipeline.title_order_query)."""
        plan = plan_search(replace(req, q=c.text, spell=False), st.schema, vocab=vocab, compounds=self.compounds,
                           populated=st.populated)
        query = plan.query(scored=False)
        found = int(st.searcher.search(query, 1, count=True).count or 0)
        order = title_order_query(st.schema, exact_tokens(plan.parsed.plain_text())) \
            if found and few and plan.parsed is not None else None
        together = None if order is None else int(st.searcher.search(
            Query.boolean_query([(Occur.Must, query), (Occur.Must, order)]), 1, count=True).count or 0)
        return replace(c, found=found, together=together)

    def _words_alone(self, st: IndexState, req: SearchRequest, vocab, parsed) -> list[tuple[str, int]] | None:
        """For a search that found nothing: what each of its words finds alone (in the same scope,
        with the same filters, as typed), in the unit of the total (works, or editions). A
        question lists the words it searched: not "ik", "zoek" or "over"."""
        words: dict[str, str] = {}
        asked = {w for w, _ in content_words(req.q)} if is_question(req.q) else None
        for c in parsed.positive_clauses():
            if c.field == "identifier":
                continue
            prefix = f"{BY_NAME[c.field].aliases[0]}:" if c.field and BY_NAME[c.field].aliases else ""
            for t in ([c.text] if c.phrase else exact_tokens(c.text)):
                if asked is not None and not (c.phrase or c.field) and t not in asked:
                    continue
                words.setdefault(t, prefix + (f'"{t}"' if c.phrase else t))
        if len(words) < 2:
            return None
        out = []
        for word, q in list(words.items())[:MAX_WORDS_ALONE]:
            one = self._execute(st, replace(req, q=q, spell=False, page=1, size=1), vocab, facets=False)
            out.append((word, one.total))
        return out

    def _partial_words(self, st: IndexState, run: _Run, vocab) -> Notice | None:
        """How the results of a search that required none of its words (`optional_words`) stand to
        them: None when every result has every word; else the words that found nothing, or that no
        result has them all together, or the words some results lack. Counted in records, within
        the search's scope and filters; remembered per generation."""
        plan = run.plan
        matches = plan.query(scored=False)
        words = plan.optional_words

        def count(*queries: Query) -> int:
            q = Query.boolean_query([(Occur.Must, matches)] + [(Occur.Must, x) for x in queries])
            return int(st.searcher.search(q, 1, count=True).count or 0)

        def counted() -> tuple[int, list[tuple[str, int]]]:
            together = count(*(q for _, q in words))
            if together >= run.total_records:
                return together, []
            return together, [(w, count(q)) for w, q in words[:MAX_WORDS_ALONE]]

        key = ("partial words", st.meta_mtime, repr(matches), run.total_records)
        together, found = vocab.memo(key, counted) if vocab is not None else counted()
        if together >= run.total_records:
            return None
        # In the catalogue the page shows knowledge-base answers beside the titles: the notice says
        # which of the two it is about.
        where = {"where": " in de catalogus", "where_en": " in the catalogue"} \
            if plan.request.scope == "catalogue" else {"where": "", "where_en": ""}
        q = plan.request.q
        missing = [w for w, n in found if n == 0]
        if missing:
            return Notice("words_missing", q=q, words=word_list(missing, "nl"), words_en=word_list(missing, "en"),
                          **where)
        if not together:
            return Notice("words_apart", q=q, **where)
        lacking = [w for w, n in found if n < run.total_records]
        return Notice("words_some", q=q, words=word_list(lacking, "nl"), words_en=word_list(lacking, "en"), **where)

    def _chain(self, req: SearchRequest, correction: Correction | None, fuzzy: bool, understood: tuple[str, ...] = (),
               like: list[str] | None = None, hinted: bool = False):
        """The steps of the zero-result chain. The typo step is left out when every word is one
        the index knows (it would run the same search again) and when the patron asked for the
        words as typed. After an unsure correction there is no step: the suggestion is shown.
        The any-word step first wants a word naming the subject; only when those find nothing
        may a word naming a kind of item (`hinted`: the query has both) be all a record has of
        the words, as in the steps after it.
        Filters read from the words (`understood`, their fields) go before the patron's own."""
        q = req.q
        if correction is not None:
            if correction.confident:
                yield (replace(req, q=correction.text), {}), Notice("spelling", q=q, corrected=correction.text)
            else:
                return
        if fuzzy:
            # The lookalikes are named, so a patron sees which words were searched instead.
            # (Some of them: the lookalikes in one record only are not in the typo index.)
            named = ", ".join(f"‘{w}’" for w in like)
            yield (req, {"fuzzy": True}), Notice("fuzzy", q=q, words=f", zoals {named}" if like else "",
                                                 words_en=f", such as {named}" if like else "")
        yield (req, {"any_word": True, "fuzzy": fuzzy}), Notice("any_word", q=q)
        if hinted:
            yield (req, {"any_word": True, "fuzzy": fuzzy, "hints_match": True}), Notice("any_word", q=q)
        # The wider steps after it take any word again, as the last try of the any-word step does.
        lenient = {"any_word": True, "fuzzy": fuzzy, "hints_match": True}
        if understood:
            req = req.declining(*understood)
            yield (req, lenient), Notice("understood_off", q=q)
        if req.filters:
            yield (replace(req, filters=()), lenient), Notice("no_filters")

    def _execute(self, st: IndexState, req: SearchRequest, vocab, facets: bool = True, budget: _Budget = NO_BUDGET,
                 **opts) -> _Run:
        """Plan and run one search: the ranked page, and (in parallel, on the pool) the
        aggregations over all matches, which also give the count and the number of works, so the
        ranked search itself need not visit every match to count it. Without `facets` only the
        count and the number of works are asked for."""
        plan = plan_search(req, st.schema, vocab=vocab, compounds=self.compounds, populated=st.populated,
                           known_title=self._is_title(st, req, vocab),
                           subject=self._subject(st, req, vocab), **opts)
        # The counts per value and the number of works: estimated past a size (also for a search
        # without facets: a step of the zero-result chain may count them once it finds something).
        plan.sample_rate = self._sample_rate(st, plan, vocab)
        query = plan.query()
        key = _result_key(st, plan, query)
        known = self._results.get(key)
        if known is not None:
            # The rate the counts were taken at: a guess too high was counted again exactly.
            total, total_records, page, raw, plan.sample_rate = known
            return _Run(plan, total, total_records, page, self._hits(st, plan, page, budget),
                        _Pending([_done(raw)], key, known=True))
        # Submitted before the ranked search runs. Most searches find something; when one does
        # not, the counts were over sets that the query had narrowed anyway.
        matches = plan.query(scored=False)  # the same matches, for the aggregations
        pending = self._facet_requests(st, plan, matches, key) if facets \
            else _Pending(self._shared_facets(st, plan, matches, []), key)
        if req.group:
            groups, _seen = self._grouped_window(st, plan, query)
            page = self._grouped_page(st, plan, matches, groups)
        else:
            page = [PageEntry(score, addr) for score, addr in self._ranked_hits(st, plan, query, req.size, req.offset)]
        # The page's records are read and their snippets made while the counts are still coming.
        hits = self._hits(st, plan, page, budget)
        counts = pending[0].result()  # the count and the number of works come with the first request
        total_records = int(counts[COUNT_AGG]["value"])
        if plan.sample_rate > 1 and total_records < self.sample_from:
            # The size was guessed too high (search_api.sampling.likely_size): counted again,
            # exactly. The exact count came with the sample, so this is known before any facet
            # count is shown.
            plan.sample_rate = 1
            pending = self._facet_requests(st, plan, matches, key) if facets \
                else _Pending(self._shared_facets(st, plan, matches, []), key)
            counts = pending[0].result()
        if req.group:
            total = workcounts.total(st.searcher, matches, total_records, counts.get(WORKS_AGG, {}).get("value"),
                                     lambda: _wider_records(st, plan, pending, vocab))
        else:
            total = total_records
        return _Run(plan, total, total_records, page, hits, pending)

    def _sample_rate(self, st: IndexState, plan: QueryPlan, vocab) -> int:
        """1 in how many works the facet counts of this search are taken over (1: all of them):
        a sample (search_api.sampling) when it likely matches `sample_from` records or more."""
        if not self.sample_from or vocab is None:
            return 1

        def size(source) -> int:  # a word's records, or a query's (remembered per generation)
            return vocab.count(source) if isinstance(source, str) else _records(st, vocab, source)

        likely = sampling.likely_size(plan, st.searcher.num_docs, size, stop_below=self.sample_from)
        return sampling.rate_for(likely, self.sample_target) if likely >= self.sample_from else 1

    @staticmethod
    def _subject(st: IndexState, req: SearchRequest, vocab) -> tuple[str, tuple]:
        """The subject heading the search is, word for word, with the words of its records
        (search_api.subjects), or ("", ()); learned once per generation and heading."""
        none: tuple[str, tuple] = ("", ())
        if req.scope == "articles" or not req.q or vocab is None:
            return none
        key = subjects.heading_key(req.q)
        if not key or key.count(" ") >= subjects.MAX_KEY_WORDS:
            return none
        known = vocab.memo(("subject_headings", st.key), lambda: subjects.headings(st.searcher))
        value = known.get(key)
        if value is None:
            return none
        return value, vocab.memo(("subject_profile", st.key, value),
                                 lambda: subjects.profile(st.searcher, st.schema, vocab.count, value))

    @staticmethod
    def _is_title(st: IndexState, req: SearchRequest, vocab) -> bool:
        """Whether the words are, as a whole, the title of a catalogue record (its folded title):
        then none of them is read as a filter ("Engels voor beginners", "Het luisterboek")."""
        key = " ".join(exact_tokens(req.q))[:100]
        if not key or not req.understand:
            return False

        def look() -> bool:
            q = Query.boolean_query([
                (Occur.Must, Query.term_query(st.schema, TITLE_SORT_FIELD, key)),
                (Occur.Must, Query.term_query(st.schema, BY_NAME["type"].keyword_field, "catalogue"))])
            return bool(st.searcher.search(q, 1, count=False).hits)

        return vocab.memo(("catalogue_title", key), look)

    def _hits(self, st: IndexState, plan: QueryPlan, page: list[PageEntry], budget: _Budget = NO_BUDGET) -> list[Hit]:
        # With explain, the query and the schema's field names are read once for the whole page.
        why = (plan.query(), _field_names(st)) if plan.request.explain else None
        if why is None:
            return [self._hit(st, plan, entry, None) for entry in page]
        # Explaining one hit of a long query takes tantivy tens of milliseconds: the page's hits are
        # explained until EXPLAIN_SECONDS have passed, the rest are shown without, and a notice says so.
        # The first hit is explained too unless the whole search is out of time.
        deadline = min(time.monotonic() + EXPLAIN_SECONDS, budget.end)
        hits = []
        for entry in page:
            in_time = (not hits and not budget.over()) or time.monotonic() < deadline
            hits.append(self._hit(st, plan, entry, why if in_time else None))
        unexplained = sum(1 for h in hits if h.explain is None)
        if unexplained and budget.over():
            budget.skip("explain")
        if unexplained and Notice("explain_cut", n=unexplained) not in plan.notices:
            plan.notices.append(Notice("explain_cut", n=unexplained))
        return hits

    @staticmethod
    def _search(st: IndexState, plan: QueryPlan, query: Query, limit: int, offset: int = 0, count: bool = False):
        return _top(st, query, limit, offset, count, plan.sort_field, plan.sort_desc)

    def _ranked_hits(self, st: IndexState, plan: QueryPlan, query: Query, limit: int, offset: int = 0) -> list:
        """The (score, address) hits from `offset` on, in their final order: a knowledge search by
        relevance has its best rerank.WINDOW re-ordered by the second stage, so every page is cut
        from the same re-ordered list."""
        if not rerank.applies(plan):
            return self._search(st, plan, query, limit=limit, offset=offset).hits
        hits = self._search(st, plan, query, limit=max(rerank.WINDOW, offset + limit)).hits
        return rerank.rerank(st, plan, hits)[offset:offset + limit]

    def _grouped_window(self, st: IndexState, plan: QueryPlan, query: Query):
        """One hit per work: the best-ranked edition stands for it, with the number of editions
        that matched. Tantivy has no collapsing collector, so we read work ids from their fast
        column over a growing window of top documents until the page is filled."""
        req = plan.request
        need = req.offset + req.size
        window = max(need * 3, 60)
        while True:
            hits = self._ranked_hits(st, plan, query, window)
            addrs = [a for _, a in hits]
            wids = st.searcher.fast_field_values(WORK_ID_FIELD, addrs) if addrs else []
            groups: dict[int, tuple] = {}
            for (score, addr), wid in zip(hits, wids):
                if wid not in groups:
                    groups[wid] = (score, addr)
            if len(groups) >= need or len(addrs) < window or window >= MAX_GROUP_WINDOW:
                return groups, len(addrs)
            window = min(window * 4, MAX_GROUP_WINDOW)

    def _grouped_page(self, st: IndexState, plan: QueryPlan, query: Query, groups: dict) -> list[PageEntry]:
        """The page of works, in the order of their best-ranked editions: for each, the edition
        that stands for it (search_api.editions), its number of matching editions and the
        libraries holding any of its editions."""
        req = plan.request
        chosen = list(groups.items())[req.offset:req.offset + req.size]
        wids = [wid for wid, _ in chosen]
        counts = self._edition_counts(st, query, wids)
        # Sorted by title, the first edition in that order stays: another edition's title would
        # put the list out of order. Sorted by year, an edition of the same year may stand in.
        several = [] if plan.sort_field not in (None, "year") else [w for w in wids if counts.get(w, 1) > 1]
        shown = self._representatives(st, query, {w: groups[w][1] for w in several},
                                      sum(counts[w] for w in several), req, same_year=plan.sort_field == "year")
        held = self._work_holdings(st, wids, query)
        # With a province or library ticked, the libraries counted are those in it: the editions
        # held there are held elsewhere too.
        provinces, libraries = set(req.filter_values("province")), set(req.filter_values("library"))
        if provinces or libraries:
            def within(isil: str) -> bool:
                return isil in libraries or (st.libraries.get(isil) or {}).get("province") in provinces

            held = {w: WorkHoldings(frozenset(filter(within, h.libraries)), frozenset(filter(within, h.available)))
                    for w, h in held.items()}
        return [PageEntry(score, shown.get(wid, addr), counts.get(wid, 1), work=held.get(wid, WorkHoldings()))
                for wid, (score, addr) in chosen]

    @staticmethod
    def _representatives(st: IndexState, query: Query, ranked_first: dict[int, object], editions: int,
                         req: SearchRequest, same_year: bool = False) -> dict[int, object]:
        """The address of the edition that stands for each work with several matching editions.

        Chosen from the index's columns, not the stored records (reading a record costs about as
        much as the rest of a search's page): one search over the works' matching editions scores
        each by the patron's language (2) and their library's holding (1); the edition_weight
        column (libraries holding it, ordinary print) and the year decide the rest; a tie goes to
        the best-ranked edition (`ranked_first`). A generation built before that column keeps the
        best-ranked edition."""
        wids = list(ranked_first)
        if not wids:
            return {}
        fields = schema_fields(st.schema)
        if EDITION_WEIGHT not in fields:
            return {}
        them = Query.boolean_query([(Occur.Must, query), (Occur.Must, any_term(st.schema, WORK_ID_FIELD, wids))])
        clauses = [(Occur.Must, Query.const_score_query(them, 0.0)),
                   (Occur.Should, Query.const_score_query(
                       Query.term_query(st.schema, BY_NAME["language"].keyword_field, req.lang), 2.0))]
        if req.library:
            clauses.append((Occur.Should, Query.const_score_query(
                Query.term_query(st.schema, BY_NAME["library"].keyword_field, req.library), 1.0)))
        res = st.searcher.search(Query.boolean_query(clauses), min(editions, MAX_EDITIONS_WEIGHED), count=False)
        addrs = [a for _, a in res.hits]
        if not addrs:
            return {}
        work_ids = st.searcher.fast_field_values(WORK_ID_FIELD, addrs)
        weights = st.searcher.fast_field_values(EDITION_WEIGHT, addrs)
        years = st.searcher.fast_field_values("year", addrs)
        firsts = list(ranked_first.values())
        first_year = dict(zip(ranked_first, st.searcher.fast_field_values("year", firsts))) if same_year else {}
        best: dict[int, tuple] = {}
        for (score, addr), wid, weight, year in zip(res.hits, work_ids, weights, years):
            if same_year and year != first_year[wid]:
                continue  # sorted by year: only an edition of the year that placed the work
            first = ranked_first[wid]
            best_ranked = (addr.segment_ord, addr.doc) == (first.segment_ord, first.doc)
            key = (round(score), weight or 0, year or 0, best_ranked, -addr.segment_ord, -addr.doc)
            if wid not in best or key > best[wid][0]:
                best[wid] = (key, addr)
        return {wid: addr for wid, (_, addr) in best.items()}

    @staticmethod
    def _work_holdings(st: IndexState, wids: list[int], query: Query | None = None) -> dict[int, WorkHoldings]:
        """The libraries holding an edition of each work that the search matches (`query`, its
        filters included: with "English" ticked, the English editions' libraries, not the Dutch
        original's), and those with one on the shelf now; one aggregation over those editions."""
        size = max(1, len(st.libraries)) + 50
        out: dict[int, WorkHoldings] = {}
        # In chunks: tantivy refuses an aggregation of more than 65,000 buckets, and a page of 100
        # works each held by hundreds of libraries would come near.
        for i in range(0, len(wids), HOLDINGS_CHUNK):
            chunk = wids[i:i + HOLDINGS_CHUNK]
            editions = any_term(st.schema, WORK_ID_FIELD, chunk)
            if query is not None:
                editions = Query.boolean_query([(Occur.Must, query), (Occur.Must, editions)])
            agg = st.searcher.aggregate(editions, {"w": {
                "terms": {"field": WORK_ID_FIELD, "size": len(chunk)},
                "aggs": {"held": {"terms": {"field": BY_NAME["library"].keyword_field, "size": size}},
                         "free": {"terms": {"field": BY_NAME["available_at"].keyword_field, "size": size}}}}})
            out.update({int(b["key"]): WorkHoldings(frozenset(str(x["key"]) for x in b["held"]["buckets"]),
                                                    frozenset(str(x["key"]) for x in b["free"]["buckets"]))
                        for b in agg["w"]["buckets"]})
        return out

    def _edition_counts(self, st: IndexState, query: Query, wids: list[int]) -> dict[int, int]:
        if not wids:
            return {}
        q = Query.boolean_query([(Occur.Must, query),
                                 (Occur.Must, any_term(st.schema, WORK_ID_FIELD, wids))])
        agg = st.searcher.aggregate(q, {"w": {"terms": {"field": WORK_ID_FIELD, "size": len(wids)}}})
        return {int(b["key"]): int(b["doc_count"]) for b in agg["w"]["buckets"]}

    def _hit(self, st: IndexState, plan: QueryPlan, entry: PageEntry,
             why: tuple[Query, dict[int, str]] | None = None) -> Hit:
        rec = _record(st, entry.addr)
        req = plan.request
        if rec["type"] == "catalogue":
            text = rec.get("description") or " ".join(rec.get("subjects") or []) or rec.get("subtitle") or ""
        else:
            text = rec.get("body") or ""
        hit = _record_hit(rec, entry.score, snippet(text, plan.terms))
        hit.editions, hit.edition_ids = entry.editions, list(entry.edition_ids)
        if entry.work is not None and rec["type"] == "catalogue":
            # Grouped: the whole work's availability, whichever edition stands for it.
            hit.work_libraries = len(entry.work.libraries)
            hit.work_libraries_available = len(entry.work.available)
            if req.library:
                hit.held_here = entry.work.held_by(req.library)
                hit.available_here = entry.work.available_at(req.library)
        elif req.library and rec["type"] == "catalogue":
            here = [h for h in rec.get("holdings") or [] if h.get("library") == req.library]
            hit.held_here = bool(here)
            hit.available_here = any(h.get("available") for h in here)
        if why is not None:
            query, names = why
            hit.explain = explain_hit(plan, orjson.loads(query.explain(st.searcher, entry.addr).to_json()), names)
        return hit

    # --- facets --------------------------------------------------------------------------------
    # Disjunctive facet counts: a facet's counts ignore that facet's own selection, so a patron
    # can widen it; all other selections apply. The facets without a selection are counted over
    # the search's own matches, together with the match count and the number of works; each
    # selected facet, and `type` when a scope or type filter narrows the search, needs its own
    # request over a wider set. All requests run on the pool while the ranked page is read.

    def _facet_requests(self, st: IndexState, plan: QueryPlan, query: Query, key) -> _Pending:
        wider = self._disjunctive_facets(st, plan)
        return _Pending(self._shared_facets(st, plan, query) + list(wider.values()), key, wider=wider)

    def _shared_facets(self, st: IndexState, plan: QueryPlan, query: Query,
                       names: list[str] | None = None) -> list[Future]:
        """The count, the number of works, and the facets that no selection narrows (`names`,
        by default all of them), over the search's own matches."""
        selected = set(plan.filters)
        if names is None:
            names = [n for n in plan.facet_fields if n not in selected and n != "type"]
            if "library" in names:
                names.append("province_library")
            if "type" in plan.facet_fields and "type" not in selected and plan.scope_filter is None:
                names.append("type")  # without scope or type filter, its wider set is this one
        works = plan.request.group
        wide = bool(plan.request.filter_values("province"))
        rate = plan.sample_rate
        pool = _executor()
        if rate > 1:
            # Sampled, the counting per value is cheap and the walk over the matches is what
            # costs: one request, with the exact count of all matches beside the sample.
            head = _aggs(names, works, wide)
            head[COUNT_AGG] = workcounts.records()
            if works:
                head[WORKS_AGG] = workcounts.sketch()
            return [pool.submit(_aggregate, st, query, head, rate)]
        groups = _split(names, FACET_SPLIT if _IN_FLIGHT.value <= 1 else 1)
        head = _aggs(groups[0], works, wide)
        head[COUNT_AGG] = workcounts.records()
        if works:
            head[WORKS_AGG] = workcounts.sketch()
        futures = [pool.submit(_values_then_works, st, query, head)]
        futures += [pool.submit(_values_then_works, st, query, _aggs(g, works, wide)) for g in groups[1:] if g]
        return futures

    def _disjunctive_facets(self, st: IndexState, plan: QueryPlan) -> dict[str, Future]:
        works = plan.request.group
        pool = _executor()
        rate = plan.sample_rate  # a wider set than the search's own: sampled when the search is
        wide = bool(plan.request.filter_values("province"))  # the library facet within a province
        return {name: pool.submit(_aggregate, st, query,
                                  _aggs([name, "province_library"] if name == "library" else [name],
                                        works, wide and name != "type"), rate)
                for name, query in _wider_sets(plan) if name in plan.facet_fields}

    def _facets(self, st: IndexState, plan: QueryPlan, raw: dict) -> dict[str, list[FacetValue]]:
        req = plan.request
        facets: dict[str, list[FacetValue]] = {}
        # Within a ticked province the library facet lists that province's libraries only: a title
        # held in Utrecht and in Groningen is no reason to offer Groningen's libraries to a patron
        # who chose Utrecht. Each listed count is still what ticking the library gives.
        provinces = set(req.filter_values("province"))
        keep = _libraries_in(st, raw, provinces) if provinces else None
        for name in plan.facet_fields:
            facets[name] = self._facet_values(st, name, raw.get(name), plan, keep if name == "library" else None)
        if "province" in facets and "province_library" in raw:
            by_province: dict[str, list[FacetValue]] = {}
            libs = set(req.filter_values("library"))
            names = st.libraries
            works = {str(b["key"]): _count(b, True) for b in (raw.get("library") or {}).get("buckets", [])}
            for b in raw["province_library"]["buckets"]:
                province, _, isil = str(b["key"]).partition("|")
                count = _count(b, False)
                if req.group:
                    count = works[isil] if isil in works else self._value_count(st, plan, "library", isil)
                by_province.setdefault(province, []).append(FacetValue(
                    isil, count, isil in libs, names.get(isil, {}).get("name", isil)))
            for fv in facets["province"]:
                fv.children = sorted(by_province.get(fv.value, []), key=lambda c: -c.count)
        return facets

    def _facet_values(self, st: IndexState, name: str, agg: dict | None, plan: QueryPlan,
                      keep: set[str] | None = None) -> list[FacetValue]:
        """A facet's values, its top ones by count and the chosen ones; with `keep`, only those
        values are listed (a chosen one always is: it must be possible to untick it)."""
        f = BY_NAME[name]
        chosen = plan.request.filter_values(name)
        works = plan.request.group
        lang = plan.request.lang
        out: list[FacetValue] = []
        if agg is None:
            return out
        if f.kind == "int":
            for r, b in zip(YEAR_RANGES, agg["buckets"]):
                if b["doc_count"] or r.key in chosen:
                    out.append(FacetValue(r.key, _count(b, works), r.key in chosen, f.value_label(r.key, lang)))
            return out
        buckets = agg["buckets"] if keep is None else [b for b in agg["buckets"] if str(b["key"]) in keep]
        for b in buckets[:f.facet_size]:  # the library facet is asked for more (its children)
            value = str(b["key"])
            out.append(FacetValue(value, _count(b, works), value in chosen, self._label(st, name, value, lang)))
        if works:
            out.sort(key=lambda v: -v.count)  # stable: equal counts keep their order by editions
        present = {v.value for v in out}
        for value in chosen:
            if value not in present:
                # A chosen value below the facet's top list: counted on its own, over the same
                # set as the listed values (the search without this facet's own selection).
                out.append(FacetValue(value, self._value_count(st, plan, name, value), True,
                                      self._label(st, name, value, lang)))
        if f.value_order:  # natural order (ages by age); values it does not name after, by count
            place = {v: i for i, v in enumerate(f.value_order)}
            out.sort(key=lambda v: place.get(v.value, len(place)))  # stable: the rest keep count order
        if f.value_last:
            out.sort(key=lambda v: v.value in f.value_last)  # stable: the others keep their order
        return out

    @staticmethod
    def _value_count(st: IndexState, plan: QueryPlan, name: str, value: str) -> int:
        f = BY_NAME[name]
        wider = plan.query(without=name, with_scope=name != "type", scored=False)
        q = Query.boolean_query([(Occur.Must, wider), (Occur.Must, filter_query(st.schema, f, [value]))])
        if not plan.request.group:
            return round(_aggregate(st, q, {"n": workcounts.records()}, plan.sample_rate)["n"]["value"] or 0)
        counted = _aggregate(st, q, {"n": workcounts.records(), "w": workcounts.sketch()}, plan.sample_rate)
        if plan.sample_rate > 1:  # an estimate from the sample, as the listed values' counts are
            return round(counted["w"]["value"] or 0)
        # As the values listed beside it: counted when the set they were counted in is small.
        return workcounts.total(st.searcher, q, round(counted["n"]["value"] or 0), counted["w"]["value"],
                                lambda: [_records(st, plan.vocab, wider)])

    @staticmethod
    def _label(st: IndexState, name: str, value: str, lang: str = "nl") -> str | None:
        """A value's display text in the request's language (`lang=en`: English where the
        registry has it), or None: the value itself."""
        if name == "library":
            return st.libraries.get(value, {}).get("name", value)
        return BY_NAME[name].value_label(value, lang)


class Snapshot:
    """One generation of the index as one request sees it, from its first read to its last.

    Everything a route, a page or a protocol needs from the index is a method here; none of them
    holds a searcher or builds a tantivy query of its own."""

    def __init__(self, service: SearchService, state: IndexState):
        self._service = service
        self._state = state

    @property
    def generation(self) -> str:
        return self._state.generation

    @property
    def libraries(self) -> dict:
        """ISIL -> {name, province, ...} of the libraries this generation holds copies of."""
        return self._state.libraries

    @property
    def manifest(self) -> dict:
        return self._state.manifest

    @property
    def records(self) -> int:
        return self._state.searcher.num_docs

    def change_seconds(self) -> tuple[tuple[int, int], ...]:
        """(second, records whose last change fell in it) for every second with a change, oldest
        first: the sitemap index's lastmod of each file without walking its records. Read from the
        generation's change table (one pass over 24 bytes a record), once per generation and update."""
        cached = self._service._change_seconds
        if cached is not None and cached[0] == self._state.key:
            return cached[1]
        table = changes.Table.load(self._state.path)
        counts: dict[int, int] = {}
        for idh, key in zip(table.ids, table.keys, strict=True):
            if idh not in table.later:
                second = changes.datestamp(key)
                counts[second] = counts.get(second, 0) + 1
        for _, key in table.later.values():
            if key != changes.TOMBSTONE:
                second = changes.datestamp(key)
                counts[second] = counts.get(second, 0) + 1
        result = tuple(sorted(counts.items()))
        self._service._change_seconds = (self._state.key, result)
        return result

    @property
    def warm(self) -> bool:
        """Whether this generation's vocabulary and typo index are built (the first search need not wait)."""
        return self._service._vocab.ready(self._state.key)

    def search(self, req: SearchRequest) -> SearchResponse:
        """The search box's search: ranked (or sorted) page, grouped by work unless asked
        otherwise, with facet counts, did-you-mean and the zero-result chain."""
        with _IN_FLIGHT:
            return self._service._search_request(self._state, req)

    def run_cql(self, cql: CQLQuery, sort: tuple[str | None, bool] | None = None, offset: int = 0,
                limit: int = 10, library: str | None = None, text: str = "",
                warnings: list | None = None) -> SearchResponse:
        """A parsed CQL query (SRU): what a SearchRequest cannot say (nested booleans, ranges,
        per-index relations), one hit per edition, ranked or sorted by a field; `text` is the query
        as the client wrote it. Raises CQLError for what the index cannot answer; what it answers
        in part (words past the limit) is added to `warnings`, as non-fatal diagnostics."""
        t0 = time.perf_counter()
        st = self._state
        query = translate_cql(cql, st.schema, self._service.cql_vocabulary(st), library, warnings)
        field, desc = sort if sort else (None, False)
        size = max(limit, 1)
        res = _top(st, query, size, offset, True, field, desc)
        hits = [_record_hit(_record(st, addr), score) for score, addr in res.hits[:limit]]
        return SearchResponse(query=text, total=res.count, page=offset // size + 1, size=limit,
                              took_ms=(time.perf_counter() - t0) * 1000, hits=hits, facets={})

    def get(self, record_id: str) -> dict | None:
        """One stored record by its id, or None."""
        return self.first_record(ID_FIELD, record_id)

    def editions(self, rec: dict, limit: int = 200) -> list[dict]:
        """All records of the same work, newest first (the record itself included)."""
        st = self._state
        q = Query.term_query(st.schema, WORK_ID_FIELD, work_id(work_key(rec)))
        res = st.searcher.search(q, limit, count=False, order_by_field="year", order=Order.Desc)
        return [_record(st, a) for _, a in res.hits]

    def sections(self, rec: dict, limit: int = 50) -> list[dict]:
        """The other sections of an article's document, in the order the knowledge search ranks
        them for the document's title. There is no `document` filter, so the title is searched as a
        phrase among the articles and only the exact matches are kept."""
        document = rec.get("document")
        if not document:
            return []
        phrase = " ".join(document.replace('"', " ").split())
        req = SearchRequest(q=f'"{phrase}"', scope="articles", size=limit, group=False)
        try:
            res = self.search(req)
        except ValueError:  # a title the query parser cannot take: the article stands alone
            return []
        return [h.record for h in res.hits if h.record.get("document") == document and h.id != rec["id"]]

    def suggest(self, prefix: str, size: int = 8) -> list[dict]:
        return suggest(self, prefix, size)

    def terms_with_prefix(self, field: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Indexed terms of a field that begin with `prefix`, with their document counts."""
        return self._state.searcher.terms_with_prefix(field, prefix, limit=limit)

    def doc_freq(self, field: str, term: str) -> int:
        """How many records hold `term` (as analysed for that field) in a field: for idf weights."""
        return self._state.searcher.doc_freq(field, term)

    def first_record(self, field: str, term: str) -> dict | None:
        """The first record holding `term` in a keyword field (e.g. a folded whole title)."""
        st = self._state
        res = st.searcher.search(Query.term_query(st.schema, field, term), 1, count=False)
        return _record(st, res.hits[0][1]) if res.hits else None

    # --- changes (OAI-PMH, sitemaps) ---------------------------------------------------------
    def changed_records(self, lo: int | None = None, hi: int | None = None, after: int | None = None,
                        filters: tuple[tuple[str, str], ...] = (), limit: int = 100, offset: int = 0) -> ChangePage:
        """Records whose change key is in [lo, hi] and above the cursor `after`, oldest change first,
        with facet-field filters (`("type", "catalogue")`, `("material", "boek")`)."""
        st = self._state
        must = [(Occur.Must, Query.term_query(st.schema, BY_NAME[name].keyword_field, value))
                for name, value in filters]

        def within(low: int | None) -> Query:
            parts = list(must)
            if low is not None or hi is not None:
                parts.append((Occur.Must, Query.range_query(st.schema, CHANGED_FIELD, tantivy.FieldType.Integer,
                                                            low, hi)))
            return Query.boolean_query(parts) if parts else Query.all_query()

        low = lo if after is None else max(lo if lo is not None else after + 1, after + 1)
        try:
            within(0)
        except ValueError:
            return ChangePage([], 0, 0)  # a generation built before change keys: nothing to list
        res = st.searcher.search(within(low), max(limit, 1), count=True, order_by_field=CHANGED_FIELD,
                                 order=Order.Asc, offset=offset)
        total = res.count if after is None else st.searcher.search(within(lo), 1, count=True).count
        records = [(int(key), _record(st, addr)) for key, addr in res.hits[:limit]]
        return ChangePage(records, int(res.count or 0), int(total or 0))

    def change_of(self, record_id: str) -> tuple[int, dict] | None:
        """(change key, stored record) of one record by id, or None."""
        st = self._state
        try:
            res = st.searcher.search(Query.term_query(st.schema, ID_FIELD, record_id), 1, count=False,
                                     order_by_field=CHANGED_FIELD, order=Order.Asc)
        except ValueError:
            return None
        return (int(res.hits[0][0]), _record(st, res.hits[0][1])) if res.hits else None

    def deletions(self) -> list[changes.Deletion]:
        """The records deleted from this index directory (by `index delete`, an update's deletes or
        a full build that no longer held them), oldest first. Jobs take a record that comes back out
        of the log; only after a rollback can one be live in this generation (`holds`)."""
        return self._service.deletions()

    def holds(self, record_id: str) -> bool:
        """Whether this generation holds a record with this id."""
        st = self._state
        return bool(st.searcher.search(Query.term_query(st.schema, ID_FIELD, record_id), 1, count=True).count)

    def stats(self) -> dict:
        """What this generation holds: records by type and by source, libraries, dates."""
        st = self._state
        agg = st.searcher.aggregate(Query.all_query(), {
            "type": {"terms": {"field": BY_NAME["type"].keyword_field, "size": 5}},
            "source": {"terms": {"field": BY_NAME["source"].keyword_field, "size": 20}},
        })
        return {
            "generation": st.generation, "records": st.searcher.num_docs,
            "created": st.manifest.get("created"), "updated": st.manifest.get("updated"),
            "by_type": {b["key"]: b["doc_count"] for b in agg["type"]["buckets"]},
            "by_source": {b["key"]: b["doc_count"] for b in agg["source"]["buckets"]},
            "libraries": len(st.libraries),
        }


def _in_index(st: IndexState, vocab, word: str) -> bool:
    if vocab.count(word):
        return True
    stems = stem_tokens(word)
    have = schema_fields(st.schema)
    for f in search_fields(st.schema):
        if st.searcher.doc_freq(f.exact_field, word):
            return True
        if stems and f.stemmed and f.text_field in have and st.searcher.doc_freq(f.text_field, stems[0]):
            return True
    from search_api.compounds import compounds_containing, split
    from search_api.pipeline import inflections

    # Its singular or plural (what a field without a stemmed view matches), or a compound.
    return bool(len(inflections(word, vocab)) > 1 or compounds_containing(word, vocab) or split(word, vocab))


def _top(st: IndexState, query: Query, limit: int, offset: int, count: bool, sort_field: str | None,
         desc: bool):
    """The top matches of a query: by relevance, or by a fast field in either direction."""
    if sort_field:
        return st.searcher.search(query, limit, count=count, order_by_field=sort_field, offset=offset,
                                  order=Order.Desc if desc else Order.Asc)
    return st.searcher.search(query, limit, count=count, offset=offset)


def _record(st: IndexState, addr) -> dict:
    """The stored canonical record at a document address."""
    return orjson.loads(st.searcher.doc(addr)[SOURCE_FIELD][0])


def _record_hit(rec: dict, score: float | None, text: str = "") -> Hit:
    return Hit(id=rec["id"], type=rec["type"], title=rec["title"], url=record_path(rec),
               snippet=text, score=score if isinstance(score, float) else None, record=rec)


def _facet_terms(st: IndexState, field: str, size: int) -> list[str]:
    """The most frequent values of a facet field over the whole generation."""
    agg = st.searcher.aggregate(Query.all_query(), {
        "v": {"terms": {"field": BY_NAME[field].keyword_field, "size": size}}})
    return [str(b["key"]) for b in agg["v"]["buckets"]]


def _field_names(st: IndexState) -> dict[int, str]:
    """Schema field names by field id, for reading tantivy's score explanations."""
    # tantivy's schema serialises as a list of field entries in field-id order.
    try:
        entries = orjson.loads(st.schema.to_json())  # type: ignore[attr-defined]
    except AttributeError:
        entries = orjson.loads((st.path / "meta.json").read_bytes())["schema"]
    return {i: f["name"] for i, f in enumerate(entries)}


def _aggs(names: list[str], works: bool = False, wide_library: bool = False) -> dict:
    """The facet aggregations of `names`; with `works`, each value also counts its works (the
    distinct work ids of its matching editions). The top values are still chosen by their
    editions: ordering the terms by a sub-aggregation makes tantivy cut each segment's list short
    of the values it needs (a count 7 for 8 works on a two-segment index); the service ranks the
    chosen values by their works. With `wide_library` (a province is ticked) the library facet is
    asked for as many values as the province facet's libraries, so that the top libraries of the
    ticked province are among them when those of other provinces are left out."""
    out = {}
    for name in names:
        f = BY_NAME[name]
        if f.kind == "int":
            ranges = []
            for r in YEAR_RANGES:
                spec: dict = {"key": r.key}
                if r.lo is not None:
                    spec["from"] = r.lo
                if r.hi is not None:
                    spec["to"] = r.hi + 1
                ranges.append(spec)
            out[name] = {"range": {"field": f.name, "ranges": ranges}}
        else:
            size = f.facet_size
            if (works or wide_library) and name == "library":
                size = max(size, BY_NAME["province_library"].facet_size)  # also the libraries' own counts
            out[name] = {"terms": {"field": f.keyword_field, "size": size,
                                 "segment_size": max(size * 10, FACET_SEGMENT_TERMS)}}
        if works and name != "province_library":
            # The libraries under their province take their counts from the library facet (one
            # sketch per library instead of a second one per province and library pair): it is
            # what ticking a library gives, and the pairs only say which province it is in.
            out[name]["aggs"] = {WORKS_SUB: workcounts.sketch()}
    if works:  # the records the request walks: a small set has its values' works counted
        out[COUNT_AGG] = workcounts.records()
    return out


def _libraries_in(st: IndexState, raw: dict, provinces: set[str]) -> set[str]:
    """The libraries of `provinces`: those the counted `province|ISIL` pairs place there (the
    holdings say where a copy is), and those the generation's library list places there."""
    pairs = (str(b["key"]).partition("|") for b in (raw.get("province_library") or {}).get("buckets", []))
    return ({isil for province, _, isil in pairs if province in provinces}
            | {isil for isil, lib in st.libraries.items() if (lib or {}).get("province") in provinces})


def _values_then_works(st: IndexState, query: Query, aggs: dict) -> dict:
    """One aggregation request over all matches, where the facets of WORKS_APART have their
    works counted afterwards for their listed values only: over the matches holding one of those
    values. The same values and counts as the works sketched in every bucket (the values are
    chosen by their editions either way), without a sketch for each of the hundreds of thousands
    of authors a broad search's matches have: the author facet with works was over half of a
    broad search's counting at 5 million records (lange: 237 of 490 ms, 63 of it the values)."""
    apart = [n for n, a in aggs.items() if n in WORKS_APART and WORKS_SUB in a.get("aggs", {})]
    if not apart:
        return workcounts.exact_values(st.searcher, st.schema, query, aggs, st.searcher.aggregate(query, aggs))
    first = st.searcher.aggregate(query, {n: ({k: v for k, v in a.items() if k != "aggs"} if n in apart else a)
                                          for n, a in aggs.items()})
    for name in apart:
        top = [str(b["key"]) for b in first[name]["buckets"]]
        if not top:
            continue
        holding = Query.boolean_query([(Occur.Must, query),
                                       (Occur.Must, any_term(st.schema, BY_NAME[name].keyword_field, top))])
        # Their records have co-authors too: every value of the narrowed matches is counted (few),
        # and only the listed ones are kept, in their order.
        one = {name: {"terms": {**aggs[name]["terms"], "size": FACET_SEGMENT_TERMS}, "aggs": aggs[name]["aggs"]}}
        buckets = {str(b["key"]): b for b in st.searcher.aggregate(holding, one)[name]["buckets"]}
        first[name] = {**first[name], "buckets": [buckets[k] for k in top if k in buckets]}
    return workcounts.exact_values(st.searcher, st.schema, query, aggs, first)


def _wider_sets(plan: QueryPlan) -> list[tuple[str, Query]]:
    """The selected facets (disjunctive: a facet's counts ignore its own selection) with the set
    each one's values are counted in: the search without that selection; `type` also without
    the scope, which narrows by type too. Filters that are not facets (a series) have none."""
    out = [(name, plan.query(without=name, scored=False)) for name in plan.filters
           if name != "type" and name in PUBLIC_FACETS]
    if "type" in plan.filters or plan.scope_filter is not None:
        out.append(("type", plan.query(without="type", with_scope=False, scored=False)))
    return out


def _aggregate(st: IndexState, query: Query, aggs: dict, rate: int = 1) -> dict:
    """One aggregation request. With a rate above 1 every aggregation but the count of matches
    is taken over the sample (search_api.sampling) and multiplied back, in the same shape."""
    if rate <= 1:
        return workcounts.exact_values(st.searcher, st.schema, query, aggs, st.searcher.aggregate(query, aggs))
    exact = {k: v for k, v in aggs.items() if k == COUNT_AGG}
    sampled = {k: v for k, v in aggs.items() if k != COUNT_AGG}
    return sampling.unwrap(st.searcher.aggregate(query, {**exact, **sampling.wrap(sampled, rate)}), rate)


def _count(bucket: dict, works: bool) -> int:
    """A facet value's count: its works in the grouped view (counted or sketched as the search
    with this value ticked counts its total: search_api.workcounts), else its editions."""
    if not works:
        return int(bucket["doc_count"])
    return round(bucket.get(WORKS_SUB, {}).get("value") or 0)


def _split(names: list[str], parts: int) -> list[list[str]]:
    """Facets over `parts` requests of about equal cost: each, costliest first, to the request
    with the least so far (the first request also counts matches and works)."""
    if parts <= 1:
        return [list(names)]
    groups: list[list[str]] = [[] for _ in range(parts)]
    load = [COUNT_COST] + [0.0] * (parts - 1)
    for n in sorted(names, key=lambda n: -BY_NAME[n].facet_cost):
        i = load.index(min(load))
        groups[i].append(n)
        load[i] += BY_NAME[n].facet_cost
    return groups


class _InFlight:
    """How many searches this process is running right now."""

    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def __enter__(self):
        with self._lock:
            self.value += 1

    def __exit__(self, *exc):
        with self._lock:
            self.value -= 1


_IN_FLIGHT = _InFlight()


class ResultCache:
    """A small LRU of finished search results, per process."""

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict = OrderedDict()

    def get(self, key):
        if not self.size:
            return None
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if not self.size:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class _Pending(list):
    """The aggregation requests of one search, and the key its finished result is kept under
    (`known`: the result came from the cache); `wider`: the disjunctive facets' requests by facet."""

    def __init__(self, futures, key, known: bool = False, wider: dict[str, Future] | None = None):
        super().__init__(futures)
        self.key, self.known, self.wider = key, known, wider or {}


def _records(st: IndexState, vocab, query: Query) -> int:
    """A query's number of records, remembered per generation (in the vocabulary's memo)."""
    def count() -> int:
        return int(st.searcher.search(query, 1, count=True).count or 0)

    return vocab.memo(("records", repr(query)), count) if vocab is not None else count()


def _wider_records(st: IndexState, plan: QueryPlan, pending: _Pending, vocab) -> list[int]:
    """The records of each set the search's ticked facet values were counted in: the number its
    facet's own request counted when that is in already (the grouped view counts the records each
    request walks), else counted (remembered per generation). Either way the same number; a
    national-scale wider set costs a walk of a tenth of a second or more, and it is only asked
    for a search small enough to count its works (search_api.workcounts.total)."""
    out = []
    for name, query in _wider_sets(plan):
        done = pending.wider.get(name)
        if done is not None and done.done() and done.exception() is None and COUNT_AGG in done.result():
            out.append(int(done.result()[COUNT_AGG]["value"]))
        else:
            out.append(_records(st, vocab, query))
    return out


def _result_key(st: IndexState, plan: QueryPlan, query: Query) -> tuple:
    """Everything that decides a search's hits, counts and facet counts: the generation, the
    query (its full debug form: terms, boosts, filters), which fields the filters are on and
    whether a scope applies (both decide the disjunctive counts), paging, sorting, grouping."""
    req = plan.request
    return (st.generation, st.meta_mtime, repr(query), tuple(sorted(plan.filters)), plan.scope_filter is not None,
            tuple(plan.facet_fields), req.group, plan.sort_field, plan.sort_desc, req.offset, req.size,
            req.lang, req.library)  # the last two choose the edition shown for each work


def _filters_understood(plan: QueryPlan) -> tuple[str, ...]:
    """The fields the words of the query filtered on (not the patron's own filters)."""
    return tuple(dict.fromkeys(u.field for u in plan.understood if u.applied == "filter"))


def _done(value) -> Future:
    f: Future = Future()
    f.set_result(value)
    return f


def _lookalikes(parsed, vocab, per_word: int = 3) -> list[str]:
    """Words of the index within a typo of the query's unknown words (the typo step's distance),
    the commonest first: what the typo step's matches mostly are, to name in its notice."""
    out: list[str] = []
    for word in fuzzable_words(parsed.plain_text(), vocab)[:MAX_FUZZY_WORDS]:
        near = vocab.typos.near(word, fuzzy_distance(word))
        near.sort(key=lambda wd: (wd[1], -vocab.count(wd[0]), wd[0]))
        out += [w for w, _ in near[:per_word] if w not in out]
    return out


def _merge(futures: list[Future], budget: _Budget = NO_BUDGET) -> dict | None:
    """The results of aggregation requests, as one dict (each result is read once and kept); None
    when one of them is not in before the budget's end (it runs on, and is not waited for)."""
    out: dict = {}
    for f in futures:
        try:
            out.update(f.result(timeout=None if budget.end == math.inf else max(0.0, budget.left())))
        except FutureTimeout:
            return None
    return out


# What a search out of time left out, as its notice names them.
PARTS = {
    "nl": {"facets": "de aantallen per filter", "explain": "de uitleg van de score", "spelling": "spellingsuggesties",
           "alternatives": "ruimere zoekpogingen", "knowledge": "antwoorden uit de kennisbank",
           "words": "wat elk woord alleen vindt"},
    "en": {"facets": "the counts per filter", "explain": "the score explanations", "spelling": "spelling suggestions",
           "alternatives": "wider searches", "knowledge": "knowledge base answers", "words": "what each word finds alone"},
}


def _parts(skipped: list[str], lang: str) -> str:
    names = [PARTS[lang][p] for p in skipped]
    joiner = " en " if lang == "nl" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _meta_mtime(path: Path) -> float:
    try:
        return (path / "meta.json").stat().st_mtime
    except OSError:
        return 0.0


def _read_json(path: Path, default):
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return default
