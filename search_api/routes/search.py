"""GET /api/v1/search and /api/v1/suggest: HTTP in, SearchRequest through the service, JSON out."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from search_api import exports
from search_api.deps import get_service, search_request
from search_api.jsonresponse import JSONResponse
from search_api.request import SearchRequest
from search_api.service import SearchService

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search", summary="Search the catalogue and the knowledge base")
def search(
    request: Request,
    req: Annotated[SearchRequest, Depends(search_request)],
    service: Annotated[SearchService, Depends(get_service)],
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
):
    res = service.search(req)
    if req.format == "rss":
        return Response(exports.rss(res, req, str(request.base_url)), media_type="application/rss+xml; charset=utf-8")
    if req.format == "atom":
        updated = service.state.manifest.get("updated") or service.state.manifest.get("created")
        return Response(exports.atom(res, req, str(request.base_url), updated),
                        media_type="application/atom+xml; charset=utf-8")
    return JSONResponse(res.to_dict())


@router.get("/suggest", summary="Completions for the search box")
def suggest(
    service: Annotated[SearchService, Depends(get_service)],
    q: Annotated[str, Query(max_length=200, description="what has been typed so far")] = "",
    size: Annotated[int, Query(ge=1, le=20)] = 8,
):
    return JSONResponse({"query": q, "suggestions": service.suggest(q, size)})
