"""Subject profiles: the words of a heading's own records, to find the records that lack it.

A search that is, word for word, a subject heading of the index ("psychologie opleiding" for
"psychologie ; opleiding", up to the words' endings) finds the records that carry the heading
through the subjects field. A record that was never given headings (a new acquisition, a dissertation, an e-book with only
a summary) is missed when it shares none of the heading's words, as an English abstract under a
Dutch heading does ("proteins" under "proteïnen"). The heading's profile is the words that set
its records apart from the whole index: common among the titles and descriptions of a sample
of its records, rare elsewhere. The search then also matches those words, down-weighted
(pipeline.SUBJECT_PROFILE_WEIGHT, chosen by cross-validation on the relevance bench's train
headings), in the catalogue records without headings, so that they follow the ones the heading
was given to.

Learned from the served generation on first use of a heading and kept with its vocabulary, so
a new generation learns again from its own records; nothing is stored in the index.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import orjson
import tantivy
from tantivy import Query

from indexer.analysis import exact_tokens, is_stop_word, stem_tokens
from indexer.fields import BY_NAME, SOURCE_FIELD

SUBJECT = BY_NAME["subjects"]
MIN_RECORDS = 3  # a heading on fewer records (works, for its profile) tells too little about its words
SAMPLE = 200  # the heading's records read to learn its words: enough for its common words
WORDS = 24  # the profile's words
MIN_WORDS = 1  # of them, at least this many in a record it finds
MIN_SHARE = 0.05  # a word in fewer of the sampled records is one record's word, not the heading's
# A word on more of the index's records says nothing about any heading ("the", "and", "study"):
# stop words of every language the records are written in, without a list per language.
MAX_DF_SHARE = 0.2
TEXT = ("title", "subtitle", "description")  # what a record says about itself
MAX_KEY_WORDS = 8  # longer searches are no heading


def heading_key(text: str) -> str:
    """A heading and a search for it alike: folded, stemmed words ("Hart- en vaatziekten" and
    "hart en vaatziekte" give one key), so the singular finds what the plural heading finds."""
    return " ".join(stem_tokens(text))


def headings(searcher: tantivy.Searcher) -> dict[str, str]:
    """The index's headings on at least MIN_RECORDS records: heading_key -> the indexed value
    (of two with one key, the one on more records)."""
    best: dict[str, tuple[int, str]] = {}
    try:
        pairs = searcher.terms_with_prefix(SUBJECT.keyword_field, "")
    except ValueError:  # an index without the field
        return {}
    for value, count in pairs:
        key = heading_key(value) if count >= MIN_RECORDS else ""
        if key and (key not in best or (count, value) > best[key]):
            best[key] = (count, value)
    return {k: v for k, (_, v) in best.items()}


def profile(searcher: tantivy.Searcher, schema: tantivy.Schema, count: Callable[[str], int],
            value: str) -> tuple[tuple[str, float], ...]:
    """The heading's words with their weights (the strongest 1.0): share of the sampled records
    that have the word, times its inverse document frequency in the whole index (`count`, the
    vocabulary's document count of a word). The heading's own words are left out: the search has them already."""
    hits = searcher.search(Query.term_query(schema, SUBJECT.keyword_field, value), SAMPLE, count=False).hits
    own = set(exact_tokens(value))
    seen: Counter = Counter()
    works: set[str] = set()
    for _, addr in hits:
        rec = orjson.loads(searcher.doc(addr)[SOURCE_FIELD][0])
        work = rec.get("work_key") or " ".join(exact_tokens(rec.get("title") or ""))
        if work in works:  # the editions of one work are one record's words, many times
            continue
        works.add(work)
        words = set()
        for name in TEXT:
            for text in _texts(rec.get(name)):
                words.update(exact_tokens(text))
        seen.update(w for w in words if len(w) > 2 and w.isalpha() and not is_stop_word(w) and w not in own)
    if len(works) < MIN_RECORDS:  # one work under a heading says what the work is about, not the heading
        return ()
    n, total = len(works), max(searcher.num_docs, 1)
    floor = max(2, math.ceil(MIN_SHARE * n))
    common = MAX_DF_SHARE * total
    df = {w: max(count(w), c) for w, c in seen.items() if c >= floor}
    scored = [(w, (seen[w] / n) * math.log(total / (1 + d))) for w, d in df.items() if d <= common]
    scored = [(w, s) for w, s in scored if s > 0]
    scored.sort(key=lambda x: (-x[1], x[0]))
    top = scored[:WORDS]
    if not top:
        return ()
    best = top[0][1]
    return tuple((w, round(s / best, 4)) for w, s in top)


def query(schema: tantivy.Schema, words: tuple[tuple[str, float], ...],
          populated: frozenset[str] | None = None) -> Query | None:
    """Any of the profile's words in the own text of a catalogue record without headings, each as
    much as its weight. A record a cataloguer gave headings, none of them this one, was judged to
    be about something else; an article is no record a heading is given to."""
    fields = [BY_NAME[n].exact_field for n in TEXT if populated is None or BY_NAME[n].exact_field in populated]
    clauses = []
    for w, weight in words:
        alts = [(tantivy.Occur.Should, Query.term_query(schema, f, w)) for f in fields]
        if alts:
            clauses.append((tantivy.Occur.Should, Query.boost_query(Query.boolean_query(alts), weight)))
    if not clauses:
        return None
    return Query.boolean_query([
        (tantivy.Occur.Must, Query.boolean_query(clauses, minimum_number_should_match=min(MIN_WORDS, len(clauses)))),
        (tantivy.Occur.Must, Query.term_query(schema, BY_NAME["type"].keyword_field, "catalogue")),
        (tantivy.Occur.MustNot, Query.exists_query(SUBJECT.keyword_field))])


def _texts(value) -> list[str]:
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
