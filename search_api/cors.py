"""Cross-origin access for library websites that call the API from the browser (the widget).

The allow-list is `Settings.cors_origins` (VINDPLAATS_CORS_ORIGINS): exact origins, or `*` when
configured explicitly. Only the machine-readable doors are opened (`/api/*`, `/sru`,
`/opensearch.xml`); the HTML pages need no CORS, and the admin API stays same-origin because it
takes a bearer token that no other website should hold.

Starlette's CORSMiddleware is close but not enough here: it applies to every path, adds
`Vary: Origin` only when the origin is allowed (so a shared cache may hand a response without
`Access-Control-Allow-Origin` to an allowed website, because responses are `public`), and answers
a refused preflight with plain text. This middleware is that behaviour, scoped and cache-safe.
"""
from __future__ import annotations

from collections.abc import Iterable

import orjson
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOW_METHODS = ("GET", "OPTIONS")
METHODS_BY_PATH = {"/sru": ("GET", "POST", "OPTIONS")}  # SRU takes form-encoded POST as well
ALLOW_HEADERS = ("Content-Type",)
# Chromium caps the preflight cache at two hours; asking for more only misleads the reader.
MAX_AGE = 7200

CORS_PREFIXES = ("/api/",)
CORS_PATHS = ("/sru", "/opensearch.xml")
SAME_ORIGIN_PREFIXES = ("/api/v1/admin",)


def applies_to(path: str) -> bool:
    if path.startswith(SAME_ORIGIN_PREFIXES):
        return False
    return path in CORS_PATHS or path.startswith(CORS_PREFIXES)


class CORSMiddleware:
    def __init__(self, app: ASGIApp, origins: Iterable[str]):
        self.app = app
        allowed = {o.strip().rstrip("/").lower() for o in origins if o.strip()}
        self.allow_all = "*" in allowed
        self.origins = frozenset(allowed - {"*"})

    def allow_origin(self, origin: str | None) -> str | None:
        """The Access-Control-Allow-Origin value for this request's Origin, or None: refused."""
        if self.allow_all:
            return "*"
        if origin and origin.lower() in self.origins:
            return origin
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not applies_to(scope["path"]) or not (self.allow_all or self.origins):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if scope["method"] == "OPTIONS" and origin and "access-control-request-method" in headers:
            await self.preflight(headers, origin, send, METHODS_BY_PATH.get(scope["path"], ALLOW_METHODS))
            return
        allow = self.allow_origin(origin)

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                if allow:
                    out["Access-Control-Allow-Origin"] = allow
                if not self.allow_all:
                    # The answer depends on Origin (allowed or not), so caches must keep them apart.
                    out.add_vary_header("Origin")
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def preflight(self, headers: Headers, origin: str, send: Send,
                        methods: tuple[str, ...] = ALLOW_METHODS) -> None:
        allow = self.allow_origin(origin)
        method = headers["access-control-request-method"].strip().upper()
        asked = {h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",") if h.strip()}
        allowed_headers = {h.lower() for h in ALLOW_HEADERS}
        out = [(b"vary", b"Origin"), (b"cache-control", b"no-store")]
        if allow and method in methods and asked <= allowed_headers:
            out += [
                (b"access-control-allow-origin", allow.encode("latin-1")),
                (b"access-control-allow-methods", ", ".join(methods).encode()),
                (b"access-control-allow-headers", ", ".join(ALLOW_HEADERS).encode()),
                (b"access-control-max-age", str(MAX_AGE).encode()),
                (b"content-length", b"0"),
            ]
            await send({"type": "http.response.start", "status": 204, "headers": out})
            await send({"type": "http.response.body", "body": b""})
            return
        # No Access-Control-Allow-Origin: the browser refuses the call; the body is for people
        # reading the network panel.
        if not allow:
            message = f"origin {origin} may not call this API from a browser (VINDPLAATS_CORS_ORIGINS)"
        else:
            message = f"only {', '.join(methods)} with the headers {', '.join(ALLOW_HEADERS)} are allowed"
        body = orjson.dumps({"error": {"code": "cors_refused", "message": message}})
        out += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 403, "headers": out})
        await send({"type": "http.response.body", "body": body})


def install(app, origins: Iterable[str]) -> None:
    app.add_middleware(CORSMiddleware, origins=tuple(origins))
