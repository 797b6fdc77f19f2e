"""GET /sitemap.xml, /sitemap-N.xml and /robots.txt; the sitemaps live in search_api.sitemaps."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from search_api import sitemaps, urls
from search_api.deps import get_settings, get_snapshot
from search_api.models import error_responses
from search_api.service import Snapshot
from search_api.settings import Settings

router = APIRouter(tags=["sitemaps"])


@router.get("/sitemap.xml", summary="Sitemap index over the sitemap files", response_class=Response)
def sitemap_index(request: Request, snapshot: Annotated[Snapshot, Depends(get_snapshot)],
                  settings: Annotated[Settings, Depends(get_settings)]):
    body = sitemaps.sitemap_index(snapshot, urls.origin(request), settings.sitemap_limit)
    return Response(body, media_type=sitemaps.MEDIA_TYPE)


@router.get("/sitemap-{number}.xml", summary="One sitemap file: record and article pages with lastmod",
            response_class=Response,
            responses={200: {"description": "a sitemap", "content": {"application/xml": {}}},
                       **error_responses(404)})
async def sitemap(number: int, request: Request, snapshot: Annotated[Snapshot, Depends(get_snapshot)],
                  settings: Annotated[Settings, Depends(get_settings)]):
    body = await run_in_threadpool(sitemaps.sitemap, snapshot, number, urls.origin(request),
                                   settings.sitemap_limit)
    if body is None:
        raise HTTPException(404, f"there is no sitemap {number}")
    return Response(body, media_type=sitemaps.MEDIA_TYPE)


@router.get("/robots.txt", summary="robots.txt naming the sitemap index", response_class=PlainTextResponse)
def robots(request: Request):
    return PlainTextResponse(sitemaps.robots(urls.origin(request)))
