"""Shared resources for routes, through FastAPI's Depends."""
from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from search_api.request import SearchRequest
from search_api.service import SearchService, Snapshot
from search_api.settings import Settings


def get_service(request: Request) -> SearchService:
    return request.app.state.service


def get_snapshot(request: Request) -> Snapshot:
    """The index generation this request reads, taken once: every read of one request sees the same
    generation, even when a new one is switched in meanwhile."""
    return request.app.state.service.snapshot()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def search_request(request: Request) -> SearchRequest:
    """The SearchRequest of this URL, parsed once (BadRequest → 400 through the error handlers)."""
    return SearchRequest.from_params(request.query_params.multi_items())


def require_admin(request: Request) -> None:
    """`Authorization: Bearer <VINDPLAATS_ADMIN_TOKEN>`, compared in constant time: the admin API
    and /metrics (whose counters tell an outsider what is searched how often, and how the service copes)."""
    token = get_settings(request).admin_token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "a valid admin token is needed (Authorization: Bearer ...)",
                            headers={"WWW-Authenticate": 'Bearer realm="vindplaats-admin"'})
