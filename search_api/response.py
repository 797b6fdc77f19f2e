"""What a search returns, in one shape that the JSON API, the HTML pages and SRU all render."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from search_api import request as search_request
from search_api.notices import in_lang

if TYPE_CHECKING:
    from search_api.pipeline import Understood
    from search_api.request import SearchRequest


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False
    label: str | None = None  # display text (library name, "Nu beschikbaar"); None: the value itself
    children: list[FacetValue] | None = None  # the province → library facet's second level

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"value": self.value, "count": self.count, "selected": self.selected}
        if self.label is not None:
            d["label"] = self.label
        if self.children is not None:
            d["children"] = [c.to_dict() for c in self.children]
        return d


@dataclass
class Hit:
    id: str
    type: str
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> around matched words
    score: float | None
    record: dict  # the stored canonical record (display fields come from here)
    editions: int = 1  # records of the same work folded into this hit
    edition_ids: list[str] = field(default_factory=list)
    held_here: bool | None = None  # with library scope: does that library hold it (grouped: any edition)
    available_here: bool | None = None
    # Grouped: the libraries holding any edition of the work, and those with one on the shelf now.
    work_libraries: int | None = None
    work_libraries_available: int | None = None
    explain: dict | None = None

    # Fields of the stored record that the API repeats in each hit.
    CATALOGUE_DISPLAY = ("subtitle", "authors", "year", "material", "language", "audience", "reading_form",
                         "genre", "subjects", "publisher", "edition", "isbn", "ppn", "series",
                         "work_key", "online_url", "cover_url")
    ARTICLE_DISPLAY = ("document", "section", "themes", "audience", "published", "source", "url")

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title, "url": self.url,
                             "snippet": self.snippet}
        names = self.CATALOGUE_DISPLAY if self.type == "catalogue" else self.ARTICLE_DISPLAY
        for name in names:
            if name in self.record and self.record[name] not in (None, [], ""):
                key = "source_url" if (self.type == "article" and name == "url") else name
                d[key] = self.record[name]
        if self.type == "catalogue":
            holdings = self.record.get("holdings") or []
            d["holdings_count"] = len(holdings)
            d["available"] = any(h.get("available") for h in holdings)
            if self.work_libraries is not None:
                d["libraries"] = self.work_libraries
                d["libraries_available"] = self.work_libraries_available or 0
                d["available"] = d["available"] or bool(self.work_libraries_available)
            d["editions"] = self.editions
            if self.editions > 1:
                d["edition_ids"] = self.edition_ids
            if self.held_here is not None:
                d["held_here"] = self.held_here
                d["available_here"] = bool(self.available_here)
        if self.score is not None:
            d["score"] = round(self.score, 4)
        if self.explain is not None:
            d["explain"] = self.explain
        return d


@dataclass
class KnowledgeBox:
    """The best knowledge-base answers for a catalogue search: `hits` only when they match well
    (empty otherwise), `total` every article the words find, `match` how much better the best
    article scored than the best catalogue record (what the threshold is applied to)."""
    hits: list[Hit]
    total: int
    match: float


@dataclass
class SearchResponse:
    query: str
    total: int
    page: int
    size: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    did_you_mean: str | None = None
    notices: list[str] = field(default_factory=list)
    total_records: int | None = None  # matching records before folding editions into works
    # The request that found these hits: the one asked, or the zero-result chain's step that found
    # something (corrected words, or without the filters). None for a CQL query (SRU).
    request: SearchRequest | None = None
    # The query as the patron typed it when the results shown are for other words: its spelling
    # correction (then in `query`) or words within a typo of them; the notice says so and links to
    # the search as typed (`spell=false`).
    corrected_from: str | None = None
    # On a search that found nothing: what each of its words finds alone, [(word, count)].
    words: list[tuple[str, int]] | None = None
    # Words of the query read as facet values (filters the patron may remove, boosts).
    understood: list[Understood] = field(default_factory=list)
    knowledge: KnowledgeBox | None = None  # asked for with `knowledge=true`
    # The parts left out because the search's deadline passed (facets, explain, spelling, ...).
    skipped: list[str] = field(default_factory=list)
    # The facet counts (and, grouped, the number of works) are estimates from 1 in this many works
    # (search_api.sampling); 1: counted over every match.
    sample_rate: int = 1

    @property
    def partial(self) -> bool:
        return bool(self.skipped)

    @property
    def estimated(self) -> bool:
        return self.sample_rate > 1

    @property
    def pages(self) -> int:
        # Read at call time: the deepest result a page may reach is the request module's one bound.
        return max(1, -(-min(self.total, search_request.MAX_RESULT_WINDOW) // self.size))

    @property
    def lang(self) -> str:
        return self.request.lang if self.request is not None else "nl"

    def to_dict(self) -> dict:
        """The JSON API's shape; the notices in the request's language (Dutch by default)."""
        return {
            "query": self.query, "total": self.total, "page": self.page, "size": self.size,
            "took_ms": round(self.took_ms, 2),
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vs] for k, vs in self.facets.items()},
            "did_you_mean": self.did_you_mean, "notices": [in_lang(n, self.lang) for n in self.notices],
            "corrected_from": self.corrected_from,
            **({"words": [{"word": w, "count": n} for w, n in self.words]} if self.words is not None else {}),
            **({"total_records": self.total_records} if self.total_records is not None else {}),
            "understood": [u.to_dict(self.lang) for u in self.understood],
            **({"knowledge": [h.to_dict() for h in self.knowledge.hits], "knowledge_total": self.knowledge.total}
               if self.knowledge is not None else {}),
            "partial": self.partial, "skipped": list(self.skipped),
            "estimated": self.estimated, **({"sample_rate": self.sample_rate} if self.estimated else {}),
        }


__all__ = ["FacetValue", "Hit", "SearchResponse", "asdict"]
