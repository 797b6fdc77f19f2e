"""GET /api/v1/answer?q=: passages of knowledge articles that answer a question, quoted verbatim
with their sources (the choice lives in search_api.answers)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from search_api import answers, urls
from search_api.deps import get_snapshot
from search_api.jsonresponse import JSONResponse
from search_api.models import error_responses
from search_api.request import MAX_QUERY_CHARS, BadRequest
from search_api.service import Snapshot

router = APIRouter(prefix="/api/v1", tags=["search"])

DESCRIPTION = (
    "Extractive only: each passage is a run of whole sentences of an article's stored text, never "
    "rewritten, with the article's id, title, section and URL and the character offsets `start`/`end` in its "
    "`body`. A question whose best passage scores below `threshold` gets no passages. When the question asks "
    "for books (`boeken over …`, `luisterboeken over …`) the catalogue's best titles come in `titles`."
)


@router.get("/answer", summary="Short answers with their sources, quoted from the knowledge base",
            description=DESCRIPTION, responses=error_responses(400))
def answer(
    request: Request,
    snapshot: Annotated[Snapshot, Depends(get_snapshot)],
    q: Annotated[str | None, Query(description="a question", examples=["Hoe word ik lid van de bibliotheek?"])] = None,
    size: Annotated[int, Query(ge=1, le=10, description="passages at most")] = answers.PASSAGES,
):
    return JSONResponse(ask(snapshot, q, size).to_dict(urls.origin(request)))


def ask(snapshot: Snapshot, q: str | None, size: int = answers.PASSAGES) -> answers.Answer:
    """The answer to `q`, or BadRequest for a missing or too long question (the API and MCP share this)."""
    q = " ".join((q or "").split())
    if not q:
        raise BadRequest("missing_query", "q is required: the question to answer")
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest("query_too_long", f"q may be at most {MAX_QUERY_CHARS} characters")
    return answers.answer(snapshot, q, size)
