"""Shared resources for routes, through FastAPI's Depends."""
from __future__ import annotations

from fastapi import Request

from search_api.request import SearchRequest
from search_api.service import SearchService
from search_api.settings import Settings


def get_service(request: Request) -> SearchService:
    return request.app.state.service


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def search_request(request: Request) -> SearchRequest:
    """The SearchRequest of this URL, parsed once (BadRequest → 400 through the error handlers)."""
    return SearchRequest.from_params(request.query_params.multi_items())
