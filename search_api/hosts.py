"""The host check: every request learns where the site is (`urls.Site`), or is refused.

Plain ASGI, outside the routes, so that nothing can build a link before the host was checked:
a request for a host the site does not answer for gets 400 JSON `invalid_host` (not cached),
whatever it asked for. /healthz is exempt, because a load balancer probes by an address.
"""
from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from search_api import urls

EXEMPT = ("/healthz",)


class HostMiddleware:
    def __init__(self, app: ASGIApp, site: urls.Site):
        self.app = app
        self.site = site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            scope[urls.ORIGIN_KEY], scope[urls.PAGE_BASE_KEY] = self.site.resolve(scope)
        except urls.HostNotAllowed as exc:
            if scope["path"] not in EXEMPT:
                await refuse(send, str(exc))
                return
            scope[urls.ORIGIN_KEY] = scope[urls.PAGE_BASE_KEY] = ""
        await self.app(scope, receive, send)


async def refuse(send: Send, message: str) -> None:
    body = orjson.dumps({"error": {"code": "invalid_host", "message": message}})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def install(app, site: urls.Site) -> None:
    app.add_middleware(HostMiddleware, site=site)
