"""MCP tools for AI assistants, on the official `mcp` SDK: the same searches as the API, through
the same search service, with concise results that carry canonical links.

One `MCPServer` serves both transports: `vindplaats mcp --index-dir D` over stdio, and the
streamable HTTP transport at `/mcp` in the web app (stateless, JSON responses: any worker
answers any request, as the API's do).

Inputs are validated twice: by the SDK against each tool's JSON schema (types, ranges), and by
the same parsing as the API (`SearchRequest.from_params`, the answer route's checks); a refusal
is a tool error whose message says what to change, never a crash.
"""
from __future__ import annotations

import contextlib
import contextvars
import html
import re
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import Field
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from search_api import urls
from search_api.jsonresponse import JSONResponse
from search_api.request import BadRequest, SearchRequest
from search_api.routes.answers import ask
from search_api.service import SearchService, Snapshot

PATH = "/mcp"
PAGE_SIZE = 10
MAX_PAGE = 100
INSTRUCTIONS = (
    "Vindplaats searches the catalogue of the Dutch public libraries (books, e-books, audiobooks, films, "
    "music, games; one hit per work, holdings per library) and the library network's knowledge base. "
    "Queries are Dutch or English words; `answer` quotes knowledge articles verbatim and never generates text. "
    "Every result carries its canonical `url`: cite it."
)

# The site's address for the canonical links: the address an HTTP request came in on, or the one
# configured for stdio (there is no request to take it from).
_BASE_URL: contextvars.ContextVar[str] = contextvars.ContextVar("vindplaats_mcp_base_url")

_TAG = re.compile(r"<[^>]+>")


def _plain(snippet: str) -> str:
    """A hit's snippet without its <mark> tags, as text."""
    return html.unescape(_TAG.sub("", snippet or ""))


def create_server(service: SearchService, base_url: str = "http://127.0.0.1:8000") -> MCPServer:
    server = MCPServer(name="vindplaats", title="Vindplaats", instructions=INSTRUCTIONS, version="1.0")
    default_base = base_url.rstrip("/")

    def link(path: str) -> str:
        return urls.absolute(_BASE_URL.get(default_base), path)

    def snapshot() -> Snapshot:
        return service.snapshot()

    def run(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except BadRequest as exc:
            raise ToolError(f"{exc.code}: {exc.message}") from exc
        except ValueError as exc:  # a query the parser cannot take
            raise ToolError(f"invalid_query: {exc}") from exc

    @server.tool(description="Search the library catalogue. Returns works (editions grouped) with their "
                             "canonical url; `filters` are FIELD:VALUE (e.g. material:luisterboek, language:en, "
                             "audience:7-9, available:true), OR within a field, AND across fields; `library` an "
                             "ISIL ranks that library's holdings first and says whether it holds each.")
    def search_catalogue(
        query: Annotated[str, Field(min_length=1, max_length=500, description="words, a title, an author, an ISBN")],
        filters: Annotated[list[str], Field(max_length=20, description="FIELD:VALUE filters")] = [],  # noqa: B006 - a schema default, never mutated
        library: Annotated[str | None, Field(max_length=32, description="ISIL of a library, e.g. NL-AmOBA")] = None,
        page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 1,
    ) -> dict:
        params = [("q", query), ("scope", "catalogue"), ("page", str(page)), ("size", str(PAGE_SIZE))]
        params += [("filter", f) for f in filters] + ([("library", library)] if library else [])
        return run(lambda: _catalogue_results(snapshot().search(SearchRequest.from_params(params)), link))

    @server.tool(description="One catalogue record or knowledge article by id (e.g. ppn:38303521X): its fields, "
                             "the libraries holding it (with availability) and the other editions of its work.")
    def get_record(id: Annotated[str, Field(min_length=1, max_length=300, description="record id")]) -> dict:
        snap = snapshot()
        rec = snap.get(id)
        if rec is None:
            raise ToolError(f"not_found: no record with id {id!r}; ids come from search_catalogue or search_knowledge")
        return _record(rec, snap.editions(rec) if rec["type"] == "catalogue" else [], link)

    @server.tool(description="Search the library network's knowledge base (policy, research, practice for "
                             "library staff). Returns articles with their section, a text snippet and url.")
    def search_knowledge(
        query: Annotated[str, Field(min_length=1, max_length=500, description="words or a question")],
        page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 1,
    ) -> dict:
        params = [("q", query), ("scope", "articles"), ("page", str(page)), ("size", str(PAGE_SIZE))]
        return run(lambda: _knowledge_results(snapshot().search(SearchRequest.from_params(params)), link))

    @server.tool(description="Answer a question with passages quoted verbatim from knowledge articles, each "
                             "with its article's title, section, url and position in the text; no passages when "
                             "none answers well (nothing is generated). Asking for books (\"boeken over ...\") adds "
                             "catalogue titles.")
    def answer(question: Annotated[str, Field(min_length=1, max_length=500)]) -> dict:
        res = run(lambda: ask(snapshot(), question).to_dict(_BASE_URL.get(default_base)))
        for t in res["titles"]:
            t["url"] = link(t["url"])
        return res

    @server.tool(description="The libraries whose holdings the catalogue holds: ISIL (for `library`), name, "
                             "province.")
    def list_libraries() -> dict:
        libs = snapshot().libraries
        return {"libraries": [{"isil": isil, **{k: v for k, v in (info or {}).items() if v not in (None, "")}}
                              for isil, info in sorted(libs.items())]}

    return server


def _catalogue_results(res, link) -> dict:
    hits = []
    for h in res.hits:
        r = h.record
        hit = {"id": h.id, "title": h.title, "url": link(h.url),
               "authors": [a.get("name") for a in r.get("authors") or []],
               "year": r.get("year"), "material": r.get("material"), "editions": h.editions,
               "libraries": h.work_libraries if h.work_libraries is not None else len(r.get("holdings") or []),
               "libraries_available": h.work_libraries_available}
        if h.held_here is not None:
            hit["held_here"], hit["available_here"] = h.held_here, bool(h.available_here)
        hits.append({k: v for k, v in hit.items() if v not in (None, [], "")})
    return _page(res, hits, link)


def _knowledge_results(res, link) -> dict:
    hits = [{k: v for k, v in {"id": h.id, "title": h.title, "url": link(h.url),
                                "document": h.record.get("document"), "section": h.record.get("section"),
                                "snippet": _plain(h.snippet), "source_url": h.record.get("url")}.items() if v}
            for h in res.hits]
    return _page(res, hits, link)


def _page(res, hits: list[dict], link) -> dict:
    req = res.request
    out: dict[str, Any] = {"query": res.query, "total": res.total, "page": res.page, "hits": hits,
                           "results_url": link(urls.search_path(req.params())) if req is not None else None}
    if res.did_you_mean:
        out["did_you_mean"] = res.did_you_mean
    if res.page * res.size < res.total:
        out["next_page"] = res.page + 1
    return {k: v for k, v in out.items() if v is not None}


def _record(rec: dict, editions: list[dict], link) -> dict:
    out = {k: v for k, v in rec.items() if not k.startswith("_") and k not in ("holdings", "body")
           and v not in (None, [], "")}
    out["url"] = link(urls.record_path(rec))
    if rec["type"] == "article":
        out["text"] = rec.get("body")
        return out
    out["holdings"] = [{k: h.get(k) for k in ("library", "library_name", "branch", "province", "available")
                        if h.get(k) is not None} for h in rec.get("holdings") or []]
    out["editions"] = [{k: v for k, v in {"id": e["id"], "title": e["title"], "year": e.get("year"),
                                          "material": e.get("material"), "edition": e.get("edition"),
                                          "url": link(urls.record_path(e))}.items() if v is not None}
                       for e in editions if e["id"] != rec["id"]]
    return out


class HTTPEndpoint:
    """`/mcp` in the web app: the SDK's streamable HTTP transport, one session manager per run of
    the app (the SDK starts a manager only once), the links on the request's origin as the site
    resolved it (`urls.Site`: the public URL, or an allowed host).

    The SDK's own DNS-rebinding check is off: the app's host check (`search_api.hosts`) has
    already refused any host the site does not answer for, before the request gets here."""

    def __init__(self, server: MCPServer):
        self.server = server
        self.manager = None

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self.server.streamable_http_app(
            streamable_http_path=PATH, stateless_http=True, json_response=True,
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False))
        manager = self.server.session_manager
        async with manager.run():
            self.manager = manager
            try:
                yield
            finally:
                self.manager = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.manager is None:  # the app was not started with its lifespan
            await JSONResponse({"error": {"code": "unavailable", "message": "the MCP endpoint is not running"}},
                               status_code=503)(scope, receive, send)
            return
        token = _BASE_URL.set(scope.get(urls.ORIGIN_KEY) or str(Request(scope).base_url).rstrip("/"))
        try:
            await self.manager.handle_request(scope, receive, send)
        finally:
            _BASE_URL.reset(token)


def install(app, service: SearchService) -> None:
    """Mount the MCP endpoint at /mcp and run its session manager with the app."""
    from starlette.routing import Route

    endpoint = HTTPEndpoint(create_server(service))
    app.router.routes.append(Route(PATH, endpoint=endpoint, methods=["GET", "POST", "DELETE"],
                                   include_in_schema=False))
    previous = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a) -> AsyncIterator[Any]:
        async with endpoint.running(), previous(a) as state:
            yield state

    app.router.lifespan_context = lifespan


def run_stdio(index_dir: str, base_url: str) -> None:
    """`vindplaats mcp`: the tools over stdio on an index directory."""
    service = SearchService(index_dir, reload_interval=0.5)
    create_server(service, base_url).run("stdio")
