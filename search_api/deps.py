"""Shared resources for routes, through FastAPI's Depends."""
from __future__ import annotations

from fastapi import Request

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
