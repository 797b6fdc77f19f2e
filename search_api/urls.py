"""The site's paths, and the one way a record's or a search's URL is built.

A record id is quoted with ``quote(id, safe=":")``: the colon of ``ppn:38303521X`` stays readable,
everything a path may not hold as data (``/``, ``?``, ``#``, ``%``, spaces, non-ASCII) is
percent-encoded, and the routes (``{record_id:path}``) decode it back to the id. The JSON hits, the
result links, the record pages, the feeds, the exports and SRU all link a record through here, so a
record has one URL. The route decorators keep their literal paths (findable by grep); a test checks
they serve what is built here.
"""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, urlencode

from corpus.readers.dc import vindplaats_oai_identifier

HOME = "/"
SEARCH_PAGE = "/zoeken"
CATALOGUE_PAGE = "/titel"
ARTICLE_PAGE = "/artikel"
ABOUT_PAGE = "/over"
SEARCH_API = "/api/v1/search"
SUGGEST_API = "/api/v1/suggest"
RECORDS_API = "/api/v1/records"
OPENSEARCH = "/opensearch.xml"
SRU = "/sru"
OAI = "/oai"
SITEMAP_INDEX = "/sitemap.xml"
ROBOTS = "/robots.txt"


def quote_id(record_id: str) -> str:
    """A record id as one path segment."""
    return quote(str(record_id), safe=":")


def record_path(rec_or_id: dict | str, kind: str = "catalogue") -> str:
    """The record's HTML page: ``/titel/{id}`` for a catalogue record, ``/artikel/{id}`` for a
    knowledge article. Given a record, its own type decides; given an id, `kind` does."""
    if isinstance(rec_or_id, dict):
        record_id, kind = rec_or_id["id"], rec_or_id.get("type") or kind
    else:
        record_id = rec_or_id
    return f"{ARTICLE_PAGE if kind == 'article' else CATALOGUE_PAGE}/{quote_id(record_id)}"


def record_api_path(record_id: str) -> str:
    """The record in the API (JSON, or exported with ``?format=``)."""
    return f"{RECORDS_API}/{quote_id(record_id)}"


def _with_query(path: str, params: str | Iterable[tuple[str, str]]) -> str:
    qs = params if isinstance(params, str) else urlencode(list(params))
    return path + ("?" + qs if qs else "")


def search_path(params: str | Iterable[tuple[str, str]] = "") -> str:
    """The results page for a query string or (name, value) pairs (``SearchRequest.params()``)."""
    return _with_query(SEARCH_PAGE, params)


def search_api_path(params: str | Iterable[tuple[str, str]] = "") -> str:
    """The search API for a query string or (name, value) pairs."""
    return _with_query(SEARCH_API, params)


def oai_record_path(record_id: str, prefix: str = "marcxml") -> str:
    """A record from the OAI-PMH repository in one format: its MARCXML (or oai_dc) form."""
    return _with_query(OAI, [("verb", "GetRecord"), ("metadataPrefix", prefix),
                             ("identifier", vindplaats_oai_identifier(record_id))])


def sitemap_path(number: int) -> str:
    """One sitemap file of the index, numbered from 1."""
    return f"/sitemap-{number}.xml"


def absolute(base_url: str, path: str) -> str:
    """A path on this site as a full URL (`base_url` as the request came in)."""
    return base_url.rstrip("/") + path
