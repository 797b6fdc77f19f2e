"""/docs (Swagger UI) and /redoc over /openapi.json, loading only this site's own files.

FastAPI's own pages fetch their scripts and styles from a CDN; here they come from the
`fastapi-offline` package's copies, served under /docs/static, so the documentation works
offline and its Content-Security-Policy can say `'self'` and nothing else. The one inline
script Swagger UI needs (its start-up call) is allowed by its hash, not by `'unsafe-inline'`;
styles may be inline because both viewers set element styles from script.

Every URL on these pages is relative (`openapi.json`, `docs/static/...`), so they work under a
proxy's path prefix too.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS = "/docs/static"
TITLE = "Vindplaats API"

router = APIRouter(include_in_schema=False)


def _csp(html: bytes) -> str:
    inline = re.findall(rb"<script>(.*?)</script>", html, re.S)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'" for s in inline)
    return ("default-src 'none'; " f"script-src 'self' {hashes}".rstrip() + "; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "worker-src 'self' blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; "
            "object-src 'none'")


def _page(response: HTMLResponse) -> tuple[bytes, dict[str, str]]:
    body = response.body
    return body, {"Content-Security-Policy": _csp(body), "Referrer-Policy": "same-origin"}


SWAGGER = _page(get_swagger_ui_html(
    openapi_url="openapi.json", title=TITLE, swagger_js_url="docs/static/swagger-ui-bundle.js",
    swagger_css_url="docs/static/swagger-ui.css", swagger_favicon_url="docs/static/favicon.png",
    # No badge from the public validator: nothing on this page may call another site.
    swagger_ui_parameters={"validatorUrl": None}))
REDOC = _page(get_redoc_html(openapi_url="openapi.json", title=TITLE, redoc_js_url="docs/static/redoc.standalone.js",
                             redoc_favicon_url="docs/static/favicon.png", with_google_fonts=False))


@router.get("/docs")
def swagger() -> HTMLResponse:
    return HTMLResponse(SWAGGER[0], headers=SWAGGER[1])


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return HTMLResponse(REDOC[0], headers=REDOC[1])


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=str(STATIC)), name="docs-static")
