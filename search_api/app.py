"""The application factory: one SearchService, thin routers over it, the web pages beside them."""
from __future__ import annotations

import logging
import time

from fastapi import FastAPI

from search_api import (
    caching,
    cors,
    coverfetch,
    directory,
    errors,
    head,
    headers,
    hosts,
    logline,
    metrics,
    models,
    ratelimit,
    urls,
)
from search_api.routes import (
    admin,
    answers,
    covers,
    docs,
    health,
    oai,
    opensearch,
    records,
    search,
    sitemaps,
    sru,
    widget,
)
from search_api.service import SearchService
from search_api.settings import Settings

log = logging.getLogger("vindplaats.access")

API_DESCRIPTION = """
Vindplaats searches the catalogue records of the Dutch public libraries (the *collectie Nederland*)
and the knowledge articles of the library network, with Dutch stemming, facets, and one hit per work.

Errors are JSON `{"error": {"code", "message"}}` with a 4xx status for bad input.
An empty parameter (`page=`, as an OpenSearch template leaves `{startPage?}`) is the same as leaving it out.
"""


class Measure:
    """Metrics and an access log per request, as plain ASGI (no per-request task or body copy).

    Privacy: no IP address and no user agent in any log; queries go to vindplaats.queries."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = 500

        async def send_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            name = getattr(route, "path", "unmatched")
            elapsed = time.perf_counter() - t0
            metrics.REQUESTS.labels(name, str(status)).inc()
            metrics.LATENCY.labels(name).observe(elapsed)
            # The path only (queries go to vindplaats.queries), escaped: it is text the client chose.
            log.info("%s", logline.line("access", method=scope.get("method"), path=scope.get("path"), route=name,
                                        status=status, ms=elapsed * 1000))


def create_app(settings: Settings | None = None, service: SearchService | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="Vindplaats", version="1.0", description=API_DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.settings = settings
    # Read and checked once, here: a mistake in it stops the start with a LibrariesError saying where.
    given = getattr(service, "directory", None)  # a service built with its own libraries file
    app.state.directory = given if given is not None and not settings.libraries_file \
        else directory.load(settings.libraries_file)
    # The service warms each generation it opens (vocabulary, typo index) in the background.
    app.state.service = service or SearchService(settings.index_dir, settings.reload_interval,
                                                 directory=app.state.directory,
                                                 deadline_ms=settings.search_deadline_ms,
                                                 sample_from=settings.facet_sample_from)

    # Covers fetched from the allowed hosts, kept on disk (search_api.coverfetch, /cover/{id}).
    app.state.covers = coverfetch.CoverCache(settings.covers_dir(), settings.cover_hosts,
                                             timeout=settings.cover_timeout)

    from web.pages import install as install_pages  # the HTML front door over the same service

    html_error = install_pages(app)
    errors.install(app, html_error)
    app.include_router(search.router)
    app.include_router(records.router)
    app.include_router(answers.router)
    app.include_router(health.router)
    app.include_router(sru.router)
    app.include_router(oai.router)
    app.include_router(sitemaps.router)
    app.include_router(opensearch.router)
    app.include_router(widget.router)
    app.include_router(covers.router)
    docs.install(app)  # /docs and /redoc from our own files
    from search_api import mcp_tools  # the MCP tools over streamable HTTP, at /mcp

    mcp_tools.install(app, app.state.service)
    if settings.admin_token:  # without a token the admin routes do not exist at all (404)
        app.include_router(admin.router)
    # Inside out: caching (ETag, 304, Cache-Control), then CORS, so 304s and errors carry CORS
    # headers too; `measure` below wraps both and counts 304s as such.
    caching.install(app)
    # Inside CORS, so a widget on a library's site can read a 429; inside the host check, so the
    # page that says so has its links.
    ratelimit.install(app, settings.rate_limit, urls.Site.from_settings(settings), html_error, errors.wants_html)
    cors.install(app, settings.cors_origins)
    models.finish_openapi(app)
    # Outside the routes, caching and CORS: no link is built, and nothing cached, for a host not ours.
    hosts.install(app, urls.Site.from_settings(settings))
    headers.install(app, settings.public_url)  # around everything, the host check's refusals included
    head.install(app)  # HEAD as GET without the body, so every layer inside answers it like GET

    app.add_middleware(Measure)
    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` (used by `vindplaats serve`, one per worker)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    return create_app(Settings.from_env())
