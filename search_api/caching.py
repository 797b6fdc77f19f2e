"""HTTP caching for every GET: a Cache-Control policy per kind of URL, an ETag, and 304 Not Modified.

The ETag is a hash of the body, so it is right whatever produced the body (index generation,
templates, configuration) without this module knowing about any of them. It is weak (`W/`)
because JSON search responses carry `took_ms`, which is left out of the hash: two answers that
differ only in how long they took are the same answer.

Responses sent in one piece (JSON, XML, pages) are buffered for the hash. A streamed response
(more than one body message) passes through untouched apart from its Cache-Control header, so
streaming keeps working; static files bring their own ETag and conditional handling.
Errors (4xx and 5xx) are `no-store` and get no ETag, whatever the route said.
"""
from __future__ import annotations

import hashlib
import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api import urls

NO_STORE = "no-store"
SEARCH = "public, max-age=60"  # the index can change with every incremental update
RECORD = "public, max-age=600"  # a record changes only when its source is reindexed
PAGE = "public, max-age=300"
ASSET = "public, max-age=3600"
VERSIONED_ASSET = "public, max-age=31536000, immutable"  # /static/...?v=<content hash>

# First match wins: (exact path or prefix ending in "/", Cache-Control).
POLICY: tuple[tuple[str, str], ...] = (
    ("/api/v1/admin/", NO_STORE),  # job state and tokens: never from a cache
    ("/healthz", NO_STORE),  # liveness must be live
    ("/metrics", NO_STORE),
    ("/mcp", NO_STORE),  # MCP calls are POSTs with a session's answers
    (f"{urls.RECORDS_API}/", RECORD),
    (f"{urls.CATALOGUE_PAGE}/", RECORD),
    (f"{urls.ARTICLE_PAGE}/", RECORD),
    ("/api/", SEARCH),
    (urls.SEARCH_PAGE, SEARCH),
    (urls.SRU, SEARCH),
    (urls.OAI, SEARCH),  # a harvest follows the index's updates
    (urls.ROBOTS, ASSET),
    ("/widget.js", ASSET),
    (urls.OPENSEARCH, "public, max-age=86400"),
    ("/openapi.json", ASSET),
    ("/docs", ASSET),
    ("/docs/static/", ASSET),
    ("/redoc", ASSET),
)

_TOOK = re.compile(rb'"took_ms":-?[0-9.eE+-]+,?')


def cache_control(path: str, query: str = "") -> str:
    if path.startswith("/static/"):
        return VERSIONED_ASSET if re.search(r"(^|&)v=", query) else ASSET
    for key, value in POLICY:
        if path == key or path == key.rstrip("/") or (key.endswith("/") and path.startswith(key)):
            return value
    return PAGE


def etag_for(body: bytes, content_type: str) -> str:
    if content_type.startswith("application/json"):
        body = _TOOK.sub(b"", body)
    return 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): `W/` is ignored on both sides; `*` matches anything."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


class CachingMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        method = scope["method"]
        policy = cache_control(path, scope.get("query_string", b"").decode("latin-1"))
        if_none_match = Headers(scope=scope).get("if-none-match")
        held: Message | None = None  # the start message, kept until we know whether the body is one piece
        passing = False

        async def send_cached(message: Message) -> None:
            nonlocal held, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                status = message["status"]
                if status >= 400 or policy == NO_STORE:
                    headers["Cache-Control"] = NO_STORE
                    if "etag" in headers:
                        del headers["etag"]
                    passing = True
                    await send(message)
                    return
                if method not in ("GET", "HEAD"):
                    passing = True  # POST answers (SRU over POST, admin jobs) are not cached
                    await send(message)
                    return
                if "cache-control" not in headers:  # a route that chose its own policy keeps it
                    headers["Cache-Control"] = policy
                if status != 200 or method == "HEAD" or "etag" in headers:
                    passing = True  # HEAD has no body to hash; a route's own ETag is kept
                    await send(message)
                    return
                held = message
                return
            if held is not None and message["type"] == "http.response.body" and not message.get("more_body"):
                start, held = held, None
                passing = True
                headers = MutableHeaders(scope=start)
                etag = etag_for(message.get("body", b""), headers.get("content-type", ""))
                headers["ETag"] = etag
                if if_none_match and matches(if_none_match, etag):
                    await send(not_modified(start))
                    await send({"type": "http.response.body", "body": b""})
                    return
                await send(start)
                await send(message)
                return
            # Streamed (or some other message first): send the headers as they are and step aside.
            passing = True
            if held is not None:
                start, held = held, None
                await send(start)
            await send(message)

        await self.app(scope, receive, send_cached)


def not_modified(start: Message) -> Message:
    """304 keeps the validators and caching headers (ETag, Cache-Control, Vary, ...) and drops
    what describes a body that is not sent."""
    dropped = {b"content-length", b"content-type", b"content-encoding", b"transfer-encoding"}
    headers = [(k, v) for k, v in start["headers"] if k.lower() not in dropped]
    return {"type": "http.response.start", "status": 304, "headers": headers}


def install(app) -> None:
    app.add_middleware(CachingMiddleware)
