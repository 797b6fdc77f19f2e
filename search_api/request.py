"""A search as a value: parsed once from the URL, rendered back into URLs for links.

Like Blacklight's SearchState, the whole search lives in the URL, so every result list is a
permalink and every facet link is the current request with one filter more or less.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from indexer.fields import BY_NAME, FILTERABLE, SORTS, YEAR_RANGES
from search_api.notices import Notice

MAX_SIZE = 100
DEFAULT_SIZE = 20
MAX_RESULT_WINDOW = 10_000  # the deepest result a page may reach, as in Elasticsearch/Solr setups
MAX_QUERY_CHARS = 500
MAX_FILTERS = 30
SCOPES = ("all", "catalogue", "articles")
# What /zoeken and the widget search when the URL names no scope: patrons look for titles, and
# the knowledge base answers beside them in a box of its own when it matches well.
PAGE_SCOPE = "catalogue"
ISIL_PATTERN = "[A-Za-z0-9-]{1,32}"  # `library`: an ISIL code such as NL-AmOBA (the OpenAPI says the same)
ISIL = re.compile(ISIL_PATTERN, re.ASCII)
# A year filter's value: 2010, 2000-2009, -1899 (up to) or 2020- (from); the first year not after the second.
YEAR_FILTER_PATTERN = "[0-9]{1,4}|[0-9]{1,4}-[0-9]{0,4}|-[0-9]{1,4}"  # 4 digits: 28159331925437283639 was a 500
YEAR_FILTER = re.compile(YEAR_FILTER_PATTERN, re.ASCII)
FORMATS = ("json", "rss", "atom")  # how /api/v1/search renders the response
YEAR_KEYS = {r.key for r in YEAR_RANGES}


class BadRequest(ValueError):
    """Input a website or user sent that we cannot honour; becomes a 400 JSON error."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_SIZE
    scope: str = "all"
    library: str | None = None
    explain: bool = False
    group: bool = True  # one hit per work (editions folded together)
    lang: str = "nl"
    format: str = "json"
    spell: bool = True  # False: the words exactly as typed (no correction, no typo matches)
    # Words naming a facet value are understood (see pipeline.understand_facet_words); `nofilter`
    # names the fields whose words the patron wants read as words, not as a filter.
    understand: bool = True
    nofilter: tuple[str, ...] = ()
    # Also return the best knowledge-base answers when they match well (SearchResponse.knowledge).
    knowledge: bool = False
    notices: tuple[str, ...] = field(default=(), compare=False)
    # The scope when the URL names none: the API searches everything, the pages the catalogue.
    default_scope: str = field(default="all", compare=False)

    # --- parsing -------------------------------------------------------------------------
    @classmethod
    def from_params(cls, params: Mapping[str, Iterable[str]] | Iterable[tuple[str, str]],
                    default_size: int = DEFAULT_SIZE, default_scope: str = "all") -> SearchRequest:
        """Parse URL parameters (a multi-dict) strictly; raise BadRequest with a specific code."""
        items = params.items() if hasattr(params, "items") else params
        multi: dict[str, list[str]] = {}
        for k, v in items:
            if isinstance(v, (list, tuple)):
                multi.setdefault(k, []).extend(v)
            else:
                multi.setdefault(k, []).append(v)

        def one(name: str, default: str | None = None) -> str | None:
            values = multi.get(name)
            return values[-1] if values else default

        notices: list[str] = []
        q = words_apart(one("q", "") or "")
        if len(q) > MAX_QUERY_CHARS:
            q = q[:MAX_QUERY_CHARS].rstrip()
            notices.append(Notice("query_cut", limit=MAX_QUERY_CHARS))

        page = _int(one("page") or "1", "page", "invalid_page")  # empty: an OpenSearch {startPage?} left out
        if page < 1:
            raise BadRequest("invalid_page", "page must be 1 or more")
        size = _int(one("size") or str(default_size), "size", "invalid_size")
        if not 1 <= size <= MAX_SIZE:
            raise BadRequest("invalid_size", f"size must be between 1 and {MAX_SIZE}")
        if page * size > MAX_RESULT_WINDOW:
            raise BadRequest("page_out_of_range",
                             f"page {page} with size {size} goes beyond the first {MAX_RESULT_WINDOW} results; "
                             "narrow the search instead")

        sort = one("sort", "relevance") or "relevance"
        if sort not in SORTS:
            raise BadRequest("invalid_sort", f"sort must be one of: {', '.join(SORTS)}")
        scope = one("scope", default_scope) or default_scope
        if scope not in SCOPES:
            raise BadRequest("invalid_scope", f"scope must be one of: {', '.join(SCOPES)}")

        raw_filters = [f for f in multi.get("filter", []) if f != ""]
        if len(raw_filters) > MAX_FILTERS:
            raise BadRequest("too_many_filters", f"at most {MAX_FILTERS} filters")
        filters: list[tuple[str, str]] = []
        for raw in raw_filters:
            name, sep, value = raw.partition(":")
            name, value = name.strip(), value.strip()
            if not sep or not name or not value:
                raise BadRequest("invalid_filter", f"filter {raw!r} is not FIELD:VALUE")
            if name not in FILTERABLE:
                raise BadRequest("unknown_filter_field",
                                 f"unknown filter field {name!r}; filterable fields: {', '.join(sorted(FILTERABLE))}")
            if name == "year":
                _check_year(value)
            if name == "available" and value not in ("true", "false"):
                raise BadRequest("invalid_filter", "filter available takes true or false")
            normalise = BY_NAME[name].normalise
            if normalise is not None:  # "Fictie." is the facet's "fictie": one checkbox, one chip
                value = normalise(value) or value
            if (name, value) not in filters:
                filters.append((name, value))

        nofilter: list[str] = []
        for name in multi.get("nofilter", []):
            name = name.strip()
            if not name:
                continue
            if name not in FILTERABLE:
                raise BadRequest("unknown_filter_field",
                                 f"unknown nofilter field {name!r}; filterable fields: {', '.join(sorted(FILTERABLE))}")
            if name not in nofilter:
                nofilter.append(name)

        # ASCII letters, digits and hyphens only, as the OpenAPI pattern says: str.isalnum() took
        # "é" and "²", and strip() took " NL-AmOBA", both outside the documented pattern.
        library = one("library") or None
        if library is not None and not ISIL.fullmatch(library):
            raise BadRequest("invalid_library", f"library {library!r} is not an ISIL code such as NL-AmOBA")

        lang = one("lang", "nl") or "nl"
        if lang not in ("nl", "en"):
            raise BadRequest("invalid_lang", "lang must be nl or en")
        fmt = one("format", "json") or "json"
        if fmt not in FORMATS:
            raise BadRequest("invalid_format", f"format must be one of: {', '.join(FORMATS)}")
        return cls(
            q=q, filters=tuple(filters), sort=sort, page=page, size=size, scope=scope, library=library,
            explain=_bool(one("explain", "false"), "explain"), group=_bool(one("group", "true"), "group"),
            lang=lang, format=fmt, spell=_bool(one("spell", "true"), "spell"),
            understand=_bool(one("understand", "true"), "understand"),
            nofilter=tuple(nofilter), knowledge=_bool(one("knowledge", "false"), "knowledge"),
            notices=tuple(notices), default_scope=default_scope,
        )

    # --- derived values --------------------------------------------------------------------
    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def filter_values(self, name: str) -> list[str]:
        return [v for n, v in self.filters if n == name]

    def filtered_fields(self) -> list[str]:
        seen: list[str] = []
        for n, _ in self.filters:
            if n not in seen:
                seen.append(n)
        return seen

    # --- rendering back into URLs ------------------------------------------------------------
    def params(self, **overrides) -> list[tuple[str, str]]:
        r = replace(self, **overrides) if overrides else self
        out: list[tuple[str, str]] = []
        if r.q:
            out.append(("q", r.q))
        if r.scope != r.default_scope:
            out.append(("scope", r.scope))
        out.extend(("filter", f"{n}:{v}") for n, v in r.filters)
        if r.sort != "relevance":
            out.append(("sort", r.sort))
        if r.page != 1:
            out.append(("page", str(r.page)))
        if r.size != DEFAULT_SIZE:
            out.append(("size", str(r.size)))
        if r.library:
            out.append(("library", r.library))
        elif r.library == "":  # asked for explicitly: no library chosen (the pages' script then
            out.append(("library", ""))  # forgets a remembered one instead of restoring it)
        if not r.group:
            out.append(("group", "false"))
        if not r.understand:
            out.append(("understand", "false"))
        out.extend(("nofilter", n) for n in r.nofilter)
        if r.knowledge:
            out.append(("knowledge", "true"))
        if r.explain:
            out.append(("explain", "true"))
        if not r.spell:
            out.append(("spell", "false"))
        if r.lang != "nl":
            out.append(("lang", r.lang))
        return out

    def query_string(self, **overrides) -> str:
        return urlencode(self.params(**overrides))

    def toggle_filter(self, name: str, value: str) -> SearchRequest:
        pair = (name, value)
        filters = tuple(f for f in self.filters if f != pair) if pair in self.filters else self.filters + (pair,)
        return replace(self, filters=filters, page=1)

    def without_filters(self) -> SearchRequest:
        return replace(self, filters=(), page=1)

    def declining(self, *names: str) -> SearchRequest:
        """This search with the words naming a value of these fields read as words, not a filter."""
        return replace(self, nofilter=self.nofilter + tuple(n for n in names if n not in self.nofilter), page=1)


# Characters that end a word without being one: line and paragraph breaks, tabs and other control
# characters, every kind of space, and the zero-width space. A line break pasted between two words
# ("hemel\naarde") must not glue them into one ("hemelaarde").
_SEPARATING = frozenset({"Cc", "Zl", "Zp", "Zs"})
_ZERO_WIDTH_SPACE = "\u200b"


def words_apart(q: str) -> str:
    """The query with separators as single spaces and other invisible format characters (a soft
    hyphen inside a word) left out."""
    out = []
    for ch in q:
        cat = unicodedata.category(ch)
        if cat in _SEPARATING or ch == _ZERO_WIDTH_SPACE:
            out.append(" ")
        elif cat != "Cf" or ch in "\u200c\u200d":  # joiners belong to the scripts that use them
            out.append(ch)
    return " ".join("".join(out).split())


def _int(value: str | None, name: str, code: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise BadRequest(code, f"{name} must be a whole number, got {value!r}") from None


def _bool(value: str | None, name: str) -> bool:
    v = (value or "").strip().lower()
    if v in ("1", "true", "yes", "ja", "on"):
        return True
    if v in ("0", "false", "no", "nee", "off", ""):
        return False
    raise BadRequest("invalid_parameter", f"{name} must be true or false")


def parse_year_filter(value: str) -> tuple[int | None, int | None]:
    """`2010`, `2000-2009`, `-1899`, `2020-` → inclusive bounds."""
    v = value.strip()
    # ASCII digits only, at most four, as the OpenAPI pattern says: int() also took "٣", "+5" and
    # "1_000", and a year past the index's 64-bit field was a 500.
    if not YEAR_FILTER.fullmatch(v):
        raise BadRequest("invalid_filter", f"year filter {value!r} is not a year or a range such as 2000-2009")
    try:
        if "-" not in v[1:]:
            if v.startswith("-"):
                return None, int(v[1:])
            y = int(v)
            return y, y
        lo, _, hi = v.partition("-") if not v.startswith("-") else ("", "", v[1:])
        return (int(lo) if lo else None), (int(hi) if hi else None)
    except ValueError:
        raise BadRequest("invalid_filter", f"year filter {value!r} is not a year or a range such as 2000-2009") from None


def _check_year(value: str) -> None:
    lo, hi = parse_year_filter(value)
    if lo is None and hi is None:
        raise BadRequest("invalid_filter", f"year filter {value!r} has no bounds")
    if lo is not None and hi is not None and lo > hi:
        raise BadRequest("invalid_filter", f"year filter {value!r}: the first year is after the second")
