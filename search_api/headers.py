"""Headers every response carries, whatever produced it (a route, an error handler, static files,
the host check, a CORS preflight): `X-Content-Type-Options: nosniff`, so no browser reads a JSON
answer, a feed or an XML record as HTML or script because of what is in it.

The pages set their own Content-Security-Policy and Referrer-Policy (web/pages.py), the API
documentation its own (search_api/routes/docs.py); this adds only what is missing.
"""
from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVERY_RESPONSE = {"X-Content-Type-Options": "nosniff"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in EVERY_RESPONSE.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app) -> None:
    app.add_middleware(SecurityHeaders)
