"""Short answers with their sources: passages of knowledge articles quoted verbatim.

Extractive only: a passage is a run of whole sentences cut from an article's stored text, never
rewritten, and it carries where it was cut (the article's id, title, section, page and the
character offsets in its ``body``), so anyone can check the quote against the source.

How a passage is chosen, kept simple and fast (no model, one knowledge search):

1. the question's content words (stop and question words left out), in the stemmed Dutch view
   the index uses (`indexer.analysis`), each weighted by its rarity among the articles (idf);
2. the knowledge search's best `ARTICLES` articles for the question, each split into sentences
   and windows of one or two consecutive sentences;
3. a window scores the idf-weighted share of the question's words it contains, times how well its
   article ranked against the best one (`RANK_WEIGHT`); the best window of each article is a
   candidate, the best candidates are the answer.

A weak passage gives nothing: below `THRESHOLD` no passage is returned. The threshold was chosen
on the train questions of the Rijksoverheid FAQ only (`python -m bench.answers`, which also
measures the held-out test questions once).

When the question asks for books ("boeken over dieren", "luisterboeken over ..."): a word of
the field registry that names a material, followed by "over", and the catalogue's best titles for its content
words come with the passages.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache

from indexer.analysis import exact_tokens, stem_tokens
from indexer.fields import BY_NAME
from search_api import urls
from search_api.pipeline import content_words
from search_api.request import SearchRequest
from search_api.service import Snapshot

ARTICLES = 5  # knowledge hits whose text is read for passages
PASSAGES = 3  # passages returned at most
TITLES = 5  # catalogue titles added when books are asked for
MAX_WINDOW = 2  # sentences in a passage at most
MAX_CHARS = 600  # a window of two sentences longer than this is left at one
RANK_WEIGHT = 0.8  # how much the article's rank counts beside the words the passage holds
# Knowledge articles say the answer first and explain after (the inverted pyramid of web
# writing): a window's place counts, from 1 at the opening down to 1 - POSITION_WEIGHT at the end.
POSITION_WEIGHT = 0.8
THRESHOLD = 0.70  # chosen on the train FAQ questions (python -m bench.answers); below it, no answer
TEXT_FIELD = "body"  # the stemmed view of the articles' text: document frequencies for the idf

# A sentence ends at . ? ! or ; followed by white space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+|\s*\n\s*")


@dataclass
class Passage:
    text: str
    start: int  # character offsets in the article's body: body[start:end] == text
    end: int
    score: float
    article: dict  # the stored article record

    def to_dict(self, base_url: str = "") -> dict:
        a = self.article
        page = urls.record_path(a["id"], "article")
        return {"text": self.text, "field": TEXT_FIELD, "start": self.start, "end": self.end,
                "score": round(self.score, 3),
                "article": {"id": a["id"], "title": a.get("title"), "document": a.get("document"),
                            "section": a.get("section"),
                            "url": urls.absolute(base_url, page) if base_url else page,
                            "source_url": a.get("url"), "source": a.get("source")}}


@dataclass
class Answer:
    query: str
    passages: list[Passage] = field(default_factory=list)
    titles: list[dict] = field(default_factory=list)  # catalogue hits when books were asked for
    books_asked: bool = False

    def to_dict(self, base_url: str = "") -> dict:
        return {"query": self.query, "threshold": THRESHOLD,
                "passages": [p.to_dict(base_url) for p in self.passages],
                "books_asked": self.books_asked, "titles": self.titles}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, without the white space around it."""
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def windows(text: str) -> list[tuple[int, int]]:
    """Runs of one to MAX_WINDOW consecutive sentences."""
    spans = sentences(text)
    out = []
    for i in range(len(spans)):
        for n in range(1, MAX_WINDOW + 1):
            if i + n > len(spans):
                break
            s, e = spans[i][0], spans[i + n - 1][1]
            if n > 1 and e - s > MAX_CHARS:
                break
            out.append((s, e))
    return out


def idf(snapshot: Snapshot, stems: list[str]) -> dict[str, float]:
    n = max(snapshot.records, 1)
    return {s: math.log(1 + n / (1 + snapshot.doc_freq(TEXT_FIELD, s))) for s in stems}


def best_window(text: str, weights: dict[str, float]) -> tuple[float, int, int] | None:
    """The window holding the largest idf-weighted share of the question's words, nearer the
    opening counting more (the shorter on a tie)."""
    total = sum(weights.values())
    if not text or total <= 0:
        return None
    best = None
    for s, e in windows(text):
        held = set(stem_tokens(text[s:e]))
        share = sum(w for stem, w in weights.items() if stem in held) / total
        key = (share * (1 - POSITION_WEIGHT * s / len(text)), -(e - s))
        if best is None or key > best[0]:
            best = (key, s, e)
    return (best[0][0], best[1], best[2]) if best else None


@cache
def _material_words() -> tuple[tuple[str, ...], ...]:
    """The folded words of the field registry that name a material ("boeken", "luisterboek", "dvd")."""
    named = BY_NAME["material"].named or ()
    return tuple(sorted({exact_tokens(w) for n in named for w in (*n.words, *n.hints) if exact_tokens(w)}))


ABOUT = frozenset({"over", "about"})  # "boeken over dieren": the material asked for, then its subject


def asks_for_books(q: str) -> bool:
    """Whether the question asks for items on a subject: a word naming a material followed by
    "over" ("boeken over dieren", "luisterboeken over de oorlog"). A material word alone is not
    enough: "hoe vraag ik een boek aan" asks about a service, not for titles."""
    toks = exact_tokens(q)
    for words in _material_words():
        n = len(words)
        if any(toks[i:i + n] == words and i + n < len(toks) and toks[i + n] in ABOUT
               for i in range(len(toks) - n + 1)):
            return True
    return False


def answer(snapshot: Snapshot, q: str, size: int = PASSAGES, threshold: float = THRESHOLD) -> Answer:
    """The passages of the knowledge articles that answer `q`, best first; nothing when none is strong."""
    out = Answer(query=q)
    words = content_words(q)
    if words:
        out.passages = [p for p in candidates(snapshot, q, words) if p.score >= threshold][:size]
    if asks_for_books(q):
        out.books_asked = True
        out.titles = catalogue_titles(snapshot, " ".join(exact for exact, _ in words) or q)
    return out


def candidates(snapshot: Snapshot, q: str, words: list[tuple[str, str]] | None = None) -> list[Passage]:
    """The best window of each of the top articles, scored, best first (no threshold)."""
    words = words if words is not None else content_words(q)
    if not words:
        return []
    res = snapshot.search(SearchRequest(q=q, scope="articles", size=ARTICLES, group=False))
    hits = [h for h in res.hits if h.type == "article" and h.record.get("body")]
    if not hits:
        return []
    weights = idf(snapshot, [stem for _, stem in words])
    top = max((h.score or 0.0) for h in hits) or 1.0
    out = []
    for h in hits:
        body = h.record["body"]
        found = best_window(body, weights)
        if found is None:
            continue
        share, s, e = found
        rank = (h.score or 0.0) / top
        out.append(Passage(body[s:e], s, e, share * (1 - RANK_WEIGHT + RANK_WEIGHT * rank), h.record))
    out.sort(key=lambda p: -p.score)
    return out


def catalogue_titles(snapshot: Snapshot, q: str, size: int = TITLES) -> list[dict]:
    res = snapshot.search(SearchRequest(q=q, scope="catalogue", size=size))
    return [{"id": h.id, "title": h.title, "authors": [a.get("name") for a in h.record.get("authors") or []],
             "year": h.record.get("year"), "material": h.record.get("material"), "url": h.url}
            for h in res.hits]
