"""HEAD on every GET route: the GET answer's status and headers, without its body.

FastAPI routes answer only the methods they declare, so `HEAD /zoeken` was 405 for link checkers,
feed readers and monitors. Declaring HEAD on each route would double every operation in the OpenAPI
description; instead HEAD runs as GET here and the body is dropped, so the headers (Content-Length,
ETag, Cache-Control) are exactly those a GET gets. Plain ASGI: no body is buffered.
"""
from __future__ import annotations

# Streams that stay open (MCP's server-sent events) would never end as a GET: HEAD keeps its own answer.
STREAMING_PREFIXES = ("/mcp",)


class HeadAsGet:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD" or scope["path"].startswith(STREAMING_PREFIXES):
            await self.app(scope, receive, send)
            return

        async def without_body(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        as_get = {**scope, "method": "GET"}
        try:
            await self.app(as_get, receive, without_body)
        finally:
            if "route" in as_get:  # the access log and metrics name the route, as for GET
                scope["route"] = as_get["route"]


def install(app) -> None:
    app.add_middleware(HeadAsGet)
