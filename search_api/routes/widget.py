"""GET /widget.js: the embeddable search box for library websites (the script lives in web/static).

Served at a fixed, short URL because library websites paste the tag once and never change it;
the caching middleware gives it an hour's Cache-Control and an ETag, so a new version reaches
every website within the hour and revalidation costs a 304.
"""
from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import Response

router = APIRouter(include_in_schema=False)

MEDIA_TYPE = "application/javascript; charset=utf-8"


def widget_source() -> bytes:
    return files("web").joinpath("static", "widget.js").read_bytes()


SOURCE = widget_source()


@router.get("/widget.js")
def widget() -> Response:
    # The script runs in the embedding page's context, so no CSP of ours applies. `nosniff`: run only
    # as JavaScript; CORP cross-origin: loadable by pages that isolate themselves (COEP).
    return Response(SOURCE, media_type=MEDIA_TYPE, headers={
        "X-Content-Type-Options": "nosniff", "Cross-Origin-Resource-Policy": "cross-origin"})
