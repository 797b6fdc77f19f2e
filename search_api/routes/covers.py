"""GET /cover/{id}: a record's cover from the server itself (the browser never asks another host).

Drawn from title, author and material (search_api.covers) when the record has no cover of its
own. Served with nosniff and a CSP that forbids scripts in the SVG, an ETag and a long
Cache-Control (a cover changes only when the record does; the ETag follows its bytes)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import Response

from search_api import covers
from search_api.deps import get_snapshot
from search_api.models import error_responses
from search_api.service import Snapshot

router = APIRouter(tags=["covers"])

# default-src 'none' forbids scripts and every external reference inside the SVG; the inline
# presentation attributes need no style-src.
COVER_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
CACHE_CONTROL = "public, max-age=86400"


@router.get("/cover/{record_id:path}", summary="A record's cover image (drawn SVG, or the record's own cover)",
            responses={200: {"content": {covers.SVG_MEDIA_TYPE: {}}, "description": "the cover"},
                       **error_responses(404)})
def cover(
    record_id: Annotated[str, Path(max_length=300, description="record id, e.g. ppn:38303521X")],
    snapshot: Annotated[Snapshot, Depends(get_snapshot)],
    request: Request,
):
    rec = snapshot.get(record_id)
    if rec is None or rec.get("type") != "catalogue":
        raise HTTPException(404, f"no catalogue record with id {record_id!r}")
    body = covers.drawn(rec)
    tag = covers.etag(body)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL, "Content-Security-Policy": COVER_CSP,
               "X-Content-Type-Options": "nosniff"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=covers.SVG_MEDIA_TYPE, headers=headers)
