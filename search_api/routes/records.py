"""GET /api/v1/records/{id}: one record with all its fields."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path

from search_api.deps import get_service
from search_api.jsonresponse import JSONResponse
from search_api.service import SearchService

router = APIRouter(prefix="/api/v1", tags=["records"])


@router.get("/records/{record_id:path}", summary="One catalogue record or knowledge article")
def record(
    record_id: Annotated[str, Path(max_length=300, description="record id, e.g. ppn:38303521X")],
    service: Annotated[SearchService, Depends(get_service)],
):
    rec = service.get(record_id)
    if rec is None:
        raise HTTPException(404, f"no record with id {record_id!r}")
    body = {k: v for k, v in rec.items() if not k.startswith("_")}
    if rec["type"] == "catalogue":
        body["editions"] = [
            {"id": e["id"], "title": e["title"], "year": e.get("year"), "material": e.get("material"),
             "edition": e.get("edition"), "publisher": e.get("publisher")}
            for e in service.editions(rec) if e["id"] != rec["id"]
        ]
    return JSONResponse(body)
