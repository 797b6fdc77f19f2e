"""Headers every response carries, whatever produced it (a route, an error handler, static files,
the host check, a CORS preflight):

* `X-Content-Type-Options: nosniff`, so no browser reads a JSON answer, a feed or an XML record
  as HTML or script because of what is in it;
* `Referrer-Policy: same-origin` and a `Permissions-Policy` that turns off what no page uses;
* for everything that is not HTML, `Content-Security-Policy: default-src 'none'; frame-ancestors
  'none'; sandbox`: a document opened from a JSON or XML answer runs nothing, loads nothing and
  cannot be framed;
* `Strict-Transport-Security` when the public URL is https (over plain http it means nothing,
  and a development server must stay reachable by http).

The pages set their own Content-Security-Policy and Referrer-Policy (web/pages.py), the API
documentation its own (search_api/routes/docs.py); this adds only what is missing.
"""
from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
NOT_HTML_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
HSTS = "max-age=31536000"  # a year; subdomains are the library's own business


class SecurityHeaders:
    def __init__(self, app: ASGIApp, https: bool = False):
        self.app = app
        self.always = {**EVERY_RESPONSE, **({"Strict-Transport-Security": HSTS} if https else {})}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.always.items():
                    if name not in headers:
                        headers[name] = value
                if "content-security-policy" not in headers and \
                        not headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = NOT_HTML_CSP
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app, public_url: str | None = None) -> None:
    app.add_middleware(SecurityHeaders, https=bool(public_url and public_url.startswith("https://")))
