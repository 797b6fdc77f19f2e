"""The second stage of the knowledge ranking: the first stage's best WINDOW articles re-ordered.

The first stage (search_api.pipeline) scores every match with field-weighted BM25 over several
views plus boosts. Over its best hundred articles a linear model adds what that sum cannot say
well: plain stemmed BM25 of the body alone (the signal of the strongest simple baseline, which
generalises better than our boosts) and how much of the question's content is matched at all
(coverage, in the whole article and in its title). Each feature is one search over the window's
articles only (their work ids as term look-ups, which tantivy intersects first, so the cost does
not grow with the index), and scores are normalised per question by the window's best, so the
weights do not depend on the size of the collection.

The features are declared here once; `python -m bench.relevance.ltr` computes all of them for the
train questions, chooses the weights by five-fold cross-validation (coordinate ascent on MRR@10)
and prints the ablation. WEIGHTS is what it chose on all train questions; a feature with no weight
is never computed when serving.

Only questions in the knowledge scope are re-ranked: for the catalogue the first stage's known-item rules
(whole titles, authors, editions) are what decides, and the model was not trained there.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from tantivy import Occur, Query

from indexer.fields import BY_NAME, WORK_ID_FIELD
from search_api.pipeline import content_words, is_question

WINDOW = 100  # articles re-ordered; below them the first stage's order stays

# Chosen by `python -m bench.relevance.ltr` (5-fold CV on the train questions: 0.906 ± 0.023
# against 0.900 for the first stage alone; see the README's ablation).
WEIGHTS = {"first": 1.0, "body": 1.0, "cover": 0.1, "tcover": 0.2}

SCOPES = frozenset({"articles"})
COVER_FIELDS = ("title", "body", "section", "document")

# Every feature the training script can weigh: name -> what it measures.
FEATURES = {
    "first": "the first stage's score",
    "body": "stemmed BM25 of the body",
    "text": "stemmed BM25 of title and body together",
    "title": "stemmed BM25 of the title",
    "section": "stemmed BM25 of the section heading",
    "document": "stemmed BM25 of the document title",
    "lead": "BM25 of the lead, words as typed",
    "body_x": "BM25 of the body, words as typed",
    "cover": "share of the content words matched anywhere",
    "icover": "share of the content words' idf matched anywhere (rare words count more)",
    "tcover": "share of the content words matched in the title",
    "pairs": "two consecutive content words within 3 positions in body or title",
}
SHARES = frozenset({"cover", "tcover", "icover"})
NORMALISED = frozenset(FEATURES) - SHARES  # shares are already 0..1


def plan_words(plan) -> list[tuple[str, str]]:
    """The content words of a planned search (pipeline.content_words), as the first stage searched
    them: in a question without the words it asks with."""
    if plan.parsed is None:
        return []
    return content_words(plan.parsed.plain_text(), is_question(plan.request.q))


def applies(plan) -> bool:
    """Whether a planned search is re-ranked: by relevance, in the knowledge scope, a question
    (the pipeline's long_query: a question, or five content words or more). The model was fitted
    on questions only; on a few keywords ("boek te laat terugbrengen") the section whose title
    holds them and whose body does not lost to a body that repeats them."""
    return (plan.request.scope in SCOPES and plan.sort_field is None and plan.parsed is not None
            and plan.long_query and bool(plan_words(plan)))


def _view(schema, name: str, word: tuple[str, str], stemmed: bool = True) -> Query:
    f = BY_NAME[name]
    if stemmed and f.stemmed:
        return Query.term_query(schema, f.text_field, word[1])
    return Query.term_query(schema, f.exact_field, word[0])


def _any(parts: list[Query], const: bool = False) -> Query:
    return Query.boolean_query([(Occur.Should, Query.const_score_query(p, 1.0) if const else p) for p in parts])


def idf(searcher, word: tuple[str, str]) -> float:
    """BM25's idf of a word's stem in the body (tantivy's formula)."""
    n, df = searcher.num_docs, searcher.doc_freq(BY_NAME["body"].text_field, word[1])
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def _queries(schema, words: list[tuple[str, str]], names: Sequence[str], searcher=None) -> dict[str, Query]:
    out = {}
    for name in names:
        if name in ("body", "title", "section", "document"):
            out[name] = _any([_view(schema, name, w) for w in words])
        elif name == "text":
            out[name] = _any([_view(schema, f, w) for w in words for f in ("title", "body")])
        elif name == "lead":
            out[name] = _any([_view(schema, "lead", w, stemmed=False) for w in words])
        elif name == "body_x":
            out[name] = _any([_view(schema, "body", w, stemmed=False) for w in words])
        elif name == "cover":
            out[name] = _any([_any([_view(schema, f, w) for f in COVER_FIELDS]) for w in words], const=True)
        elif name == "icover" and searcher is not None:
            weights = [idf(searcher, w) for w in words]
            total = sum(weights)
            if total > 0:
                out[name] = Query.boolean_query([
                    (Occur.Should, Query.const_score_query(_any([_view(schema, f, w) for f in COVER_FIELDS]), x / total))
                    for w, x in zip(words, weights) if x > 0])
        elif name == "tcover":
            out[name] = _any([_view(schema, "title", w) for w in words], const=True)
        elif name == "pairs":
            pairs = [Query.phrase_query(schema, BY_NAME[f].text_field, [a[1], b[1]], slop=3)
                     for a, b in itertools.pairwise(words) if a[1] != b[1] for f in ("body", "title")]
            if pairs:
                out[name] = _any(pairs, const=True)
    return out


def features(st, words: list[tuple[str, str]], hits: Sequence[tuple[float, object]],
             names: Sequence[str]) -> dict[str, list[float]]:
    """Each named feature for each hit (its score and address), unnormalised."""
    addrs = [a for _, a in hits]
    out = {"first": [float(s or 0.0) for s, _ in hits]} if "first" in names else {}
    if not addrs:
        return out
    wids = sorted(set(st.searcher.fast_field_values(WORK_ID_FIELD, addrs)))
    # The window's articles: sections of one document share its work id, so a few more than the
    # window can match; the limit leaves room for them.
    among = Query.const_score_query(
        Query.boolean_query([(Occur.Should, Query.term_query(st.schema, WORK_ID_FIELD, w)) for w in wids]), 0.0)
    limit = 3 * len(addrs) + 50
    queries = _queries(st.schema, words, [n for n in names if n != "first"], st.searcher)
    for name in names:
        if name == "first":
            continue
        q = queries.get(name)
        if q is None:
            out[name] = [0.0] * len(addrs)
            continue
        res = st.searcher.search(Query.boolean_query([(Occur.Must, q), (Occur.Must, among)]), limit, count=False)
        got = {(a.segment_ord, a.doc): s for s, a in res.hits}
        share = 1.0 / len(words) if name in ("cover", "tcover") else 1.0
        out[name] = [got.get((a.segment_ord, a.doc), 0.0) * share for a in addrs]
    return out


def normalise(cols: dict[str, list[float]]) -> dict[str, list[float]]:
    """Scores divided by the window's best, per feature (shares stay as they are)."""
    out = {}
    for name, values in cols.items():
        top = max(values) if values and name in NORMALISED else 0.0
        out[name] = [v / top for v in values] if top > 0 else list(values)
    return out


def combine(cols: dict[str, list[float]], weights: dict[str, float]) -> list[float]:
    n = len(next(iter(cols.values()))) if cols else 0
    return [sum(w * cols[k][i] for k, w in weights.items() if w and k in cols) for i in range(n)]


def rerank(st, plan, hits: Sequence[tuple[float, object]], weights: dict[str, float] | None = None) -> list:
    """The hits with their first WINDOW re-ordered by the model (ties keep the first stage's
    order). Each hit keeps its first-stage score: it is what other parts compare (the knowledge
    box weighs an article against the catalogue's best record)."""
    weights = WEIGHTS if weights is None else weights
    hits = list(hits)
    head, tail = hits[:WINDOW], hits[WINDOW:]
    words = plan_words(plan)
    if len(head) < 2 or not words:
        return hits
    cols = normalise(features(st, words, head, [k for k, w in weights.items() if w]))
    score = combine(cols, weights)
    order = sorted(range(len(head)), key=lambda i: (-score[i], i))
    return [head[i] for i in order] + tail
