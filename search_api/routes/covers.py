"""GET /cover/{id}: a record's cover from the server itself (the browser never asks another host).

The record's own cover (its `cover_url`, on the allow-list of cover hosts) is fetched once by the
server and kept on disk (search_api.coverfetch); without one, or when it cannot be had, the cover
is drawn from title, author and material (search_api.covers). Served with nosniff and a CSP that
forbids scripts in the SVG, an ETag and a day's Cache-Control (a cover changes only when the record
does; the ETag follows its bytes); a drawing that stands in for a failed fetch is kept by the
browser only as long as the failure is remembered, so the real cover shows once it can be had."""
from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import Response

from search_api import covers
from search_api.deps import get_snapshot
from search_api.models import error_responses
from search_api.service import Snapshot

router = APIRouter(tags=["covers"])
log = logging.getLogger("vindplaats.covers")

# default-src 'none' forbids scripts and every external reference inside the SVG; the inline
# presentation attributes need no style-src.
COVER_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
CACHE_CONTROL = "public, max-age=86400"


def _own_cover(request: Request, rec: dict):
    url = rec.get("cover_url")
    if not url:
        return None
    try:
        return request.app.state.covers.get(url)
    except Exception:  # any failure at all means the drawn cover, never an error page for an image
        log.exception("cover of %s could not be had", rec.get("id"))
        return None


@router.get("/cover/{record_id:path}", summary="A record's cover image (its own, fetched by the server, or drawn)",
            responses={200: {"content": {covers.SVG_MEDIA_TYPE: {}, "image/jpeg": {}, "image/png": {}},
                             "description": "the cover"},
                       **error_responses(404)})
def cover(
    record_id: Annotated[str, Path(max_length=300, description="record id, e.g. ppn:38303521X")],
    snapshot: Annotated[Snapshot, Depends(get_snapshot)],
    request: Request,
):
    rec = snapshot.get(record_id)
    if rec is None or rec.get("type") != "catalogue":
        raise HTTPException(404, f"no catalogue record with id {record_id!r}")
    own = _own_cover(request, rec)
    if own is not None:
        body, media_type, cache_control = own.body, own.media_type, CACHE_CONTROL
    else:
        body, media_type = covers.drawn(rec), covers.SVG_MEDIA_TYPE
        failed = bool(rec.get("cover_url")) and request.app.state.covers.allowed(rec["cover_url"])
        cache_control = f"public, max-age={int(request.app.state.covers.failure_ttl)}" if failed else CACHE_CONTROL
    tag = covers.etag(body)
    headers = {"ETag": tag, "Cache-Control": cache_control, "Content-Security-Policy": COVER_CSP,
               "X-Content-Type-Options": "nosniff",
               # the widget shows covers on library websites, also on pages that isolate themselves
               "Cross-Origin-Resource-Policy": "cross-origin"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
