"""Liveness and metrics for the people who run the service."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse

from search_api import metrics
from search_api.deps import get_service, require_admin
from search_api.jsonresponse import JSONResponse
from search_api.models import Health, error_responses
from search_api.service import SearchService

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Liveness and the generation being served", response_model=Health,
            responses=error_responses(503))
def healthz(service: Annotated[SearchService, Depends(get_service)]):
    snap = service.snapshot()
    return JSONResponse({"status": "ok", "generation": snap.generation, "records": snap.records,
                         "warm": snap.warm})


@router.get("/metrics", summary="Prometheus metrics (with the admin token: Authorization: Bearer ...)",
            response_class=PlainTextResponse, dependencies=[Depends(require_admin)], responses=error_responses(401))
def prometheus():
    return PlainTextResponse(metrics.render(), media_type=metrics.CONTENT_TYPE)
