"""GET/POST /oai: OAI-PMH 2.0 for harvesters; the protocol lives in search_api.oai."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from search_api import oai, urls
from search_api.deps import get_snapshot
from search_api.service import Snapshot

router = APIRouter(tags=["oai-pmh"])

OAI_DESCRIPTION = (
    "OAI-PMH 2.0: `verb` Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords, GetRecord; "
    "`metadataPrefix` oai_dc or marcxml; `set` catalogus, catalogus:MATERIAL or kennisbank; `from`/`until` "
    "(YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ); `resumptionToken`; `identifier` (oai:vindplaats:ID). "
    "Errors are OAI-PMH error elements in an HTTP 200 XML response."
)


@router.get("/oai", summary="OAI-PMH 2.0 repository", description=OAI_DESCRIPTION, response_class=Response)
async def oai_get(request: Request, snapshot: Annotated[Snapshot, Depends(get_snapshot)]):
    return await _answer(request, snapshot, list(request.query_params.multi_items()))


@router.post("/oai", summary="OAI-PMH 2.0 over HTTP POST (form-encoded arguments)", description=OAI_DESCRIPTION,
             response_class=Response)
async def oai_post(request: Request, snapshot: Annotated[Snapshot, Depends(get_snapshot)]):
    form = await request.form()
    return await _answer(request, snapshot, [(k, v) for k, v in form.multi_items() if isinstance(v, str)])


async def _answer(request: Request, snapshot: Snapshot, items: list[tuple[str, str]]) -> Response:
    body = await run_in_threadpool(oai.respond, items, snapshot, urls.origin(request))
    return Response(body, media_type=oai.MEDIA_TYPE)
