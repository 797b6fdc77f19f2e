"""GET/POST /sru: SRU 2.0 (and 1.x) for library systems; the protocol lives in search_api.sru."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from search_api import sru, urls
from search_api.cql import CQLError
from search_api.deps import get_service
from search_api.service import SearchService

router = APIRouter(tags=["sru"])

SRU_DESCRIPTION = (
    "SRU searchRetrieve and explain with CQL queries (`query=dc.title any \"hemel\" and dc.date > 2000`). "
    "Parameters: `operation`, `version` (2.0, 1.2, 1.1), `query`, `startRecord`, `maximumRecords` (at most "
    f"{sru.MAX_RECORDS}), `recordSchema` (dc, marcxml), `recordXMLEscaping`/`recordPacking` (xml, string), "
    "`sortKeys`, `x-library` (an ISIL whose holdings rank first). Without a query: the explain record. "
    "Errors are SRU diagnostics in an HTTP 200 XML response."
)


@router.get("/sru", summary="SRU 2.0 searchRetrieve and explain", description=SRU_DESCRIPTION,
            response_class=Response)
async def sru_get(request: Request, service: Annotated[SearchService, Depends(get_service)]):
    return await _answer(request, service, list(request.query_params.multi_items()))


@router.post("/sru", summary="SRU 2.0 over HTTP POST (form-encoded parameters)", description=SRU_DESCRIPTION,
             response_class=Response)
async def sru_post(request: Request, service: Annotated[SearchService, Depends(get_service)]):
    items = list(request.query_params.multi_items())
    try:
        form = await request.form(max_part_size=MAX_FIELD_BYTES)
    except HTTPException as e:
        # A multipart body without a boundary, a field over the limit: Starlette refuses the form
        # with a JSON 400, but an SRU client reads diagnostics (in the version the URL asked for).
        error = CQLError(6, f"The request body could not be read: {e.detail}", "request body")
        return await _answer(request, service, items, [error])
    items += [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    return await _answer(request, service, items)


MAX_FIELD_BYTES = 1024 * 1024  # one form field; a query is refused long before (sru.MAX_QUERY_CHARS)


async def _answer(request: Request, service: SearchService, items: list[tuple[str, str]],
                  errors: list[CQLError] | None = None) -> Response:
    body = await run_in_threadpool(sru.respond, items, service, urls.origin(request), errors)
    return Response(body, media_type=sru.MEDIA_TYPE)


SRU_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


@router.options("/sru", summary="The methods /sru answers (Allow: GET, HEAD, POST, OPTIONS)", status_code=204,
                response_class=Response,
                responses={204: {"description": "no body; the methods in the `Allow` header",
                                 "headers": {"Allow": {"schema": {"type": "string"}, "example": "GET, HEAD, POST, OPTIONS"}}}})
def sru_options() -> Response:
    return Response(status_code=204, headers={"Allow": ", ".join(SRU_METHODS)})
