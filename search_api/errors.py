"""One error shape for everything a user or a website can get wrong: {"error": {"code", "message"}}."""
from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from search_api import logline
from search_api.jsonresponse import JSONResponse
from search_api.request import BadRequest
from search_api.service import IndexUnavailable

log = logging.getLogger("vindplaats")


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith(("/api/", "/docs/static/", "/cover/"))  # a cover is an image: errors as documented
                or path in ("/healthz", "/metrics", "/sru", "/oai", "/opensearch.xml", "/robots.txt")
                or (path.startswith("/sitemap") and path.endswith(".xml")))  # for crawlers, not people


def allowed_methods(request: Request, fallback: str | None) -> str | None:
    """Every method the OpenAPI description gives this path. Starlette's 405 names only the first
    matching route's methods, so `OPTIONS /oai` said `Allow: GET` though POST /oai exists too."""
    route = request.scope.get("route")
    path = re.sub(r":[a-z]+}", "}", getattr(route, "path", "") or "")
    operations = request.app.openapi().get("paths", {}).get(path, {})
    methods = [m.upper() for m in ("get", "head", "post", "put", "patch", "delete", "options") if m in operations]
    return ", ".join(methods) if methods else fallback


def install(app: FastAPI, html_error=None) -> None:
    """Register handlers; `html_error(request, status, code, message)` renders pages for people."""

    def respond(request: Request, status: int, code: str, message: str):
        if html_error is not None and wants_html(request):
            return html_error(request, status, code, message)
        return JSONResponse(error_body(code, message), status_code=status)

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest):
        return respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body"))
        message = f"{where}: {first.get('msg', 'invalid value')}" if where else "invalid request"
        return respond(request, 400, "invalid_parameter", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 409: "conflict",
                 403: "forbidden", 413: "too_large"}
        code = codes.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page or record"
        resp = respond(request, exc.status_code, code, message)
        if exc.headers:
            resp.headers.update(exc.headers)
        if exc.status_code == 405:
            allow = allowed_methods(request, (exc.headers or {}).get("Allow"))
            if allow:
                resp.headers["Allow"] = allow
        return resp

    @app.exception_handler(IndexUnavailable)
    async def unavailable(request: Request, exc: IndexUnavailable):
        return respond(request, 503, "index_unavailable", "the index is not available yet; try again shortly")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("%s", logline.line("error", path=request.url.path))
        return respond(request, 500, "internal_error", "something went wrong on our side; it has been logged")
