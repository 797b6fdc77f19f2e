"""Rate limits: a token bucket per client address, so that one client (most often a crawler walking
facet combinations) cannot take the cores every patron shares.

`VINDPLAATS_RATE_LIMIT` requests per second per address, bursts up to twice that; 0 turns it off.
A request that walks combinations costs more (`HEAVY_COST` tokens): two filters or more, a page
past the tenth, a feed. /healthz and static files are free. Over the limit: 429 with Retry-After,
as JSON for programs and as a page for people (`html_error`); SRU and OAI-PMH clients get their
protocol's answer instead (`PROTOCOL_ANSWERS`), which is what they can read: an SRU diagnostic
with 429, and an OAI-PMH error with 503, the status OAI-PMH names for flow control.

The buckets live in each worker process: with N workers a client may get up to N times the limit.
A fleet behind nginx limits per address there too (deploy/nginx).
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict
from urllib.parse import parse_qsl

import orjson
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from search_api import oai, sru, urls

EXEMPT_PREFIXES = ("/healthz", "/static/", "/docs/static/")
HEAVY_COST = 4.0  # a facet combination, a deep page or a feed costs four ordinary requests
DEEP_PAGE = 10
MAX_CLIENTS = 100_000  # addresses tracked at once; the least recently seen is forgotten first
FEED_FORMATS = {"rss", "atom"}


def _sru_answer(request: Request, message: str) -> tuple[int, str, bytes]:
    # The query's parameters only: a POST's form is not read for a request that is refused.
    return 429, sru.MEDIA_TYPE, sru.rate_limited(list(request.query_params.multi_items()), urls.origin(request),
                                                 message)


def _oai_answer(request: Request, message: str) -> tuple[int, str, bytes]:
    return 503, oai.MEDIA_TYPE, oai.rate_limited(urls.origin(request), message)


# Paths whose clients speak a protocol of their own: (status, media type, body) for a refusal.
PROTOCOL_ANSWERS = {urls.SRU: _sru_answer, urls.OAI: _oai_answer}


def cost(scope: Scope) -> float:
    path = scope["path"]
    if path.startswith(EXEMPT_PREFIXES):
        return 0.0
    params = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    filters = sum(1 for k, _ in params if k == "filter")
    page = next((v for k, v in params if k == "page"), "1")
    deep = page.isdigit() and int(page) > DEEP_PAGE
    feed = any(k == "format" and v in FEED_FORMATS for k, v in params)
    return HEAVY_COST if filters >= 2 or deep or feed else 1.0


class Buckets:
    """Token buckets per key, refilled at `rate` per second up to `burst`; bounded in memory."""

    def __init__(self, rate: float, burst: float | None = None, clock=time.monotonic, max_keys: int = MAX_CLIENTS):
        self.rate, self.burst = rate, burst if burst is not None else 2 * rate
        self.clock, self.max_keys = clock, max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key: (tokens, when)

    def take(self, key: str, amount: float) -> float:
        """Take `amount` tokens: 0.0 when allowed, else the seconds until they are there."""
        now = self.clock()
        tokens, when = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - when) * self.rate)
        amount = min(amount, self.burst)  # a request dearer than the burst would never pass
        wait = 0.0
        if tokens >= amount:
            tokens -= amount
        else:
            wait = (amount - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait


def client_address(scope: Scope, site: urls.Site) -> str:
    """The address of the client: the peer, or, behind a trusted proxy, the address that proxy saw
    (the last one in X-Forwarded-For, the one it appended itself); anyone else's header is ignored."""
    peer = (scope.get("client") or ("",))[0] or ""
    if site.trusts(peer):
        for name, value in scope.get("headers", ()):
            if name == b"x-forwarded-for":
                forwarded = value.decode("latin-1").split(",")[-1].strip()
                if forwarded:
                    return forwarded
    return peer


class RateLimit:
    def __init__(self, app: ASGIApp, rate: float, site: urls.Site, html_error=None, wants_html=None,
                 clock=time.monotonic):
        self.app, self.site = app, site
        self.html_error, self.wants_html = html_error, wants_html
        self.buckets = Buckets(rate, clock=clock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        price = cost(scope)
        wait = self.buckets.take(client_address(scope, self.site), price) if price else 0.0
        if not wait:
            await self.app(scope, receive, send)
            return
        retry = str(max(1, math.ceil(wait)))
        message = f"too many requests from this address; try again in {retry} s"
        request = Request(scope, receive)
        protocol = PROTOCOL_ANSWERS.get(scope["path"])  # before HTML: a browser asking /sru gets SRU
        if protocol is None and self.html_error is not None and self.wants_html is not None \
                and self.wants_html(request):
            response = self.html_error(request, 429, "rate_limited", message)
            response.headers["Retry-After"] = retry
            response.headers["Cache-Control"] = "no-store"
            await response(scope, receive, send)
            return
        status, media_type = 429, "application/json"
        if protocol is not None:
            status, media_type, body = protocol(request, message)
        else:
            body = orjson.dumps({"error": {"code": "rate_limited", "message": message}})
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", media_type.encode()), (b"content-length", str(len(body)).encode()),
            (b"retry-after", retry.encode()), (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})


def install(app, rate: float, site: urls.Site, html_error=None, wants_html=None) -> None:
    if rate > 0:
        app.add_middleware(RateLimit, rate=rate, site=site, html_error=html_error, wants_html=wants_html)
