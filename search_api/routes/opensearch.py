"""OpenSearch: the description that lets browsers and library websites add the search, and the
suggestions in the OpenSearch JSON shape. The RSS and Atom feeds are /api/v1/search?format=rss|atom."""
from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from search_api import exports, urls
from search_api.deps import get_snapshot
from search_api.service import Snapshot

router = APIRouter(tags=["opensearch"])

DESCRIPTION_TYPE = "application/opensearchdescription+xml"
SUGGESTIONS_TYPE = "application/x-suggestions+json"


@router.get("/opensearch.xml", summary="OpenSearch description", response_class=Response)
def opensearch_description(request: Request):
    return Response(exports.opensearch_description(urls.origin(request)), media_type=DESCRIPTION_TYPE,
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/api/v1/suggest/opensearch", summary="Search-box completions as OpenSearch suggestions",
            response_class=Response)
def opensearch_suggestions(
    snapshot: Annotated[Snapshot, Depends(get_snapshot)],
    q: Annotated[str, Query(max_length=200, description="what has been typed so far")] = "",
    size: Annotated[int, Query(ge=1, le=20)] = 8,
):
    """`[query, [completions]]`, the array browsers read for `application/x-suggestions+json`."""
    completions = [s["text"] for s in snapshot.suggest(q, size)]
    return Response(orjson.dumps([q, completions]), media_type=SUGGESTIONS_TYPE)
