"""GET /api/v1/search, /api/v1/suggest and /api/v1/libraries: HTTP in, through the service, JSON out."""
from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from search_api import exports, logline, urls
from search_api.deps import get_snapshot, search_request
from search_api.directory import choosable, matching
from search_api.jsonresponse import JSONResponse
from search_api.models import Libraries, SearchResults, Suggestions, error_responses
from search_api.request import SearchRequest
from search_api.service import Snapshot

query_log = logging.getLogger("vindplaats.queries")

router = APIRouter(prefix="/api/v1", tags=["search"])


FEEDS = {200: {"content": {"application/rss+xml": {}, "application/atom+xml": {}},
               "description": "JSON, or with `format=rss|atom` a feed with OpenSearch elements"}}


@router.get("/search", summary="Search the catalogue and the knowledge base", response_model=SearchResults,
            responses={**FEEDS, **error_responses(400, 503)})
def search(
    request: Request,
    req: Annotated[SearchRequest, Depends(search_request)],
    snapshot: Annotated[Snapshot, Depends(get_snapshot)],
    q: Annotated[str | None, Query(description="What to search for; plain words, \"phrases\", OR, NOT, titel:, auteur:, isbn:", examples=["ontdekking van de hemel"])] = None,
    scope: Annotated[str | None, Query(description="all | catalogue | articles")] = None,
    filter: Annotated[list[str] | None, Query(description="FIELD:VALUE, repeatable (OR within a field, AND across fields)", examples=[["material:boek", "language:nl"]])] = None,
    sort: Annotated[str | None, Query(description="relevance | year_desc | year_asc | title")] = None,
    page: Annotated[str | None, Query(description="page number, from 1")] = None,
    size: Annotated[str | None, Query(description="hits per page, 1-100")] = None,
    library: Annotated[str | None, Query(description="ISIL of a library: its holdings rank first")] = None,
    explain: Annotated[str | None, Query(description="true: say per hit why it matched")] = None,
    group: Annotated[str | None, Query(description="false: list every edition instead of one hit per work")] = None,
    format: Annotated[str | None, Query(description="json | rss | atom (feeds with OpenSearch elements)")] = None,
    knowledge: Annotated[str | None, Query(description="true: also the knowledge base's best answers, as their own "
                                                       "list `knowledge` (at most 3, only when they match well), "
                                                       "as the results page shows them beside the catalogue "
                                                       "(use with scope=catalogue)")] = None,
    understand: Annotated[str | None, Query(description="false: no word is read as a facet value "
                                                        "(luisterboek, grote letter, engels, thriller)")] = None,
    nofilter: Annotated[list[str] | None, Query(description="FIELD, repeatable: the words naming a value of this "
                                                            "field stay words instead of a filter (see `understood`)",
                                                examples=[["material"]])] = None,
    spell: Annotated[str | None, Query(description="false: search the words exactly as typed (no spelling "
                                                   "correction, no words within a typo)")] = None,
    lang: Annotated[str | None, Query(description="nl | en: the language of the notices")] = None,
):
    res = snapshot.search(req)
    # Privacy: the query is logged to improve search, never who asked it (no IP, no user agent).
    query_log.info("%s", logline.line("query", *(("filter", f"{n}:{v}") for n, v in req.filters), via="api",
                                      q=req.q, scope=req.scope, sort=req.sort, page=req.page,
                                      library=req.library, total=res.total, ms=float(res.took_ms)))
    if req.format == "rss":
        return Response(exports.rss(res, req, urls.origin(request)), media_type="application/rss+xml; charset=utf-8")
    if req.format == "atom":
        updated = snapshot.manifest.get("updated") or snapshot.manifest.get("created")
        return Response(exports.atom(res, req, urls.origin(request), updated),
                        media_type="application/atom+xml; charset=utf-8")
    return JSONResponse(res.to_dict())


@router.get("/suggest", summary="Completions for the search box", response_model=Suggestions,
            responses=error_responses(400))
def suggest(
    snapshot: Annotated[Snapshot, Depends(get_snapshot)],
    q: Annotated[str, Query(max_length=200, description="what has been typed so far")] = "",
    size: Annotated[int, Query(ge=1, le=20)] = 8,
):
    return JSONResponse({"query": q, "suggestions": snapshot.suggest(q, size)})


@router.get("/libraries", summary="The libraries a patron may choose", response_model=Libraries,
            responses=error_responses(400))
def libraries(
    request: Request,
    snapshot: Annotated[Snapshot, Depends(get_snapshot)],
    q: Annotated[str, Query(max_length=200, description="words of the name, a place, the province or the ISIL")] = "",
):
    """The libraries file's libraries and those the index holds copies of, by name; what the
    widget's chooser and the page /bibliotheken list. `library=ISIL` on a search puts one first."""
    everyone = choosable(request.app.state.directory, snapshot.libraries)
    found = [{k: e[k] for k in ("isil", "name", "province", "places")} for e in matching(everyone, q)]
    return JSONResponse({"query": q, "total": len(everyone), "libraries": found})
