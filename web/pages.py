"""The HTML front door: thin routes that turn a URL into a SearchRequest, ask the search service,
and render a Jinja2 template. No route talks to the index; every text comes from `web/i18n`.

The pages work without JavaScript, set no cookies and load nothing from other sites: the
Content-Security-Policy below says so to the browser as well.
"""
from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from corpus import materials
from corpus.materials import material
from corpus.model import READING_FORMS
from corpus.roles import AUTHOR
from corpus.series import split as split_series
from indexer.fields import UI_FACETS
from search_api import answers, exports, logline, urls
from search_api.alternates import alternates
from search_api.pipeline import is_question
from search_api.request import PAGE_SCOPE, BadRequest, SearchRequest
from web import actions
from web.actions import ill_url, safe_href
from web.i18n import Translator, pick_lang

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

FACET_VISIBLE = 10  # values shown before "Meer tonen"
MAX_PAGE_OFFERS = 20  # schema.org Offers embedded in a record page (see `jsonld`)
KNOWLEDGE_AFTER = 3  # titles shown before the knowledge box of a search that is no question
BACK_PARAM = "terug"  # on a record link from the results: the search it came from (`back_to_results`)
MAX_BACK_CHARS = 2000

# What a search leaves in the log: the query, never who asked it (no IP address, no user agent,
# no cookie). /over tells patrons this, and how long the log is kept.
query_log = logging.getLogger("vindplaats.queries")

SECURITY_HEADERS = {
    # Nothing from other origins: no fonts, scripts or trackers; forms only to ourselves.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    # Queries stay on this site: following a link out does not tell the other site what was searched.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}

env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(("html",)),
                  trim_blocks=True, lstrip_blocks=True)

router = APIRouter(include_in_schema=False)


PAGE_ASSETS = ("vindplaats.css", "vindplaats.js", "mylibrary.js")  # everything a page loads besides its HTML


def _static_version() -> str:
    """A short content hash for `?v=` so browsers may cache the stylesheet and script and still see changes."""
    h = hashlib.sha256()
    for name in PAGE_ASSETS:
        p = STATIC / name
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()[:10]


STATIC_VERSION = _static_version()


# --- helpers the templates use -----------------------------------------------------------------

def link(path: str, lang: str, **params) -> str:
    """A local URL that keeps the page language (and any other non-empty parameters)."""
    pairs = [(k, v) for k, v in params.items() if v not in (None, "", False)]
    if lang != "nl":
        pairs.append(("lang", lang))
    return path + ("?" + urlencode(pairs) if pairs else "")


def search_url(req: SearchRequest, **overrides) -> str:
    return urls.search_path(req.query_string(**overrides))


def lang_switch_url(request: Request, lang: str) -> str:
    """This page in the other language: the same URL with `lang` set or removed."""
    other = "en" if lang == "nl" else "nl"
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if other != "nl":
        pairs.append(("lang", other))
    return request.url.path + ("?" + urlencode(pairs) if pairs else "")


def render(request: Request, template: str, lang: str, status: int = 200, **ctx) -> HTMLResponse:
    t = Translator(lang)
    base = urls.page_base(request)  # "" without a public URL: the canonical link is then relative
    canonical = ctx.pop("canonical", None)
    html = env.get_template(template).render(
        request=request, t=t, lang=t.lang, link=lambda path, **kw: link(path, t.lang, **kw),
        search_url=search_url, record_url=urls.record_path, api_record_url=urls.record_api_path, safe_href=safe_href,
        canonical=base + canonical if canonical else None,
        other_lang_url=lang_switch_url(request, t.lang),
        static_version=STATIC_VERSION, **ctx)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def snapshot_of(request: Request):
    """The index generation this page reads, taken once (see `search_api.deps.get_snapshot`)."""
    return request.app.state.service.snapshot()


def page_lang(request: Request) -> str:
    return pick_lang(request.query_params.get("lang"))


def title_lang(rec: dict, page: str = "nl") -> str | None:
    """The `lang` of a record's title when it differs from the page's (screen readers switch voice):
    an English title on a Dutch page, a Dutch title on the English page. Articles are Dutch."""
    if rec.get("type") == "article":
        code = "nl"
    else:
        langs = rec.get("language") or []
        code = langs[0] if isinstance(langs, list) and langs else langs if isinstance(langs, str) else None
    if code and code != page and re.fullmatch(r"[a-z]{2,3}", code):
        return code
    return None


def content_lang(page: str) -> str | None:
    """The `lang` for catalogue text written in Dutch (descriptions, notices) on a page in another language."""
    return "nl" if page != "nl" else None


def hit_url(hit, req: SearchRequest) -> str:
    """The hit's page, keeping the library scope (its copies first) and the language; a catalogue
    record's page also gets the search it was found by, for its link back to these results."""
    back = search_url(req) if hit.type == "catalogue" else None
    return link(hit.url, req.lang, library=req.library, **{BACK_PARAM: back})


def back_to_results(value: str | None) -> str | None:
    """The results page a record page links back to, from its `terug` parameter: only this site's
    search page, rebuilt from the search it names as the results page parses it. Anything else (another
    host, another path, a scheme, a search the page would refuse) gives no link, so the parameter can
    never send a patron elsewhere."""
    if not value or len(value) > MAX_BACK_CHARS:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.fragment or parts.path != urls.SEARCH_PAGE:
        return None
    try:
        req = SearchRequest.from_params(parse_qsl(parts.query, keep_blank_values=True), default_scope=PAGE_SCOPE)
    except BadRequest:
        return None
    return search_url(req)


def author_search(name: str, library: str | None, lang: str) -> str:
    """"Meer van deze auteur": the catalogue filtered by this name (the authors facet)."""
    return search_url(SearchRequest(filters=(("authors", name),), library=library, lang=lang,
                                    scope=PAGE_SCOPE, default_scope=PAGE_SCOPE))


def series_view(statement: str | None, library: str | None, lang: str) -> dict | None:
    """The series line of a record page: its name, linked to every volume in series order, and the
    volume's own numbering."""
    parts = split_series(statement)
    if parts is None:
        return None
    url = search_url(SearchRequest(filters=(("series", parts.name),), sort="series", library=library, lang=lang,
                                   scope=PAGE_SCOPE, default_scope=PAGE_SCOPE))
    return {"name": parts.name, "numbering": parts.numbering, "number": parts.number, "url": url}


MATERIAL_ORDER = {code: i for i, code in enumerate(materials.CODES)}


def edition_groups(editions: list[dict], rec: dict, t: Translator) -> list[dict]:
    """Other editions by material, then by language, newest first in each: the record's own material
    and language lead (the patron is most likely after the same kind of item in the same language),
    the others follow in the materials' declared order and by the language's name."""
    own_material = rec.get("material")
    own_language = (rec.get("language") or [None])[0]

    def first_language(e: dict) -> str | None:
        langs = e.get("language") or []
        return langs[0] if langs else None

    by_material: dict[str | None, list[dict]] = {}
    for e in editions:
        by_material.setdefault(e.get("material"), []).append(e)

    def material_key(code: str | None) -> tuple:
        return (code != own_material, code is None, MATERIAL_ORDER.get(code, len(MATERIAL_ORDER)), code or "")

    out = []
    for code in sorted(by_material, key=material_key):
        by_language: dict[str | None, list[dict]] = {}
        for e in by_material[code]:
            by_language.setdefault(first_language(e), []).append(e)
        languages = []
        for lang_code in sorted(by_language, key=lambda c: (c != own_language, c is None,
                                                             t.value("language", c).lower() if c else "")):
            rows = sorted(by_language[lang_code], key=lambda e: (e.get("year") is None, -(e.get("year") or 0)))
            languages.append({"code": lang_code, "label": t.value("language", lang_code) if lang_code
                              else t("record.language_unknown"), "editions": rows})
        out.append({"code": code, "label": t.value("material", code) if code else t("record.material_unknown"),
                    "count": len(by_material[code]), "languages": languages})
    return out


def _libraries(holdings: list[dict], available_only: bool = False) -> int:
    return len({h.get("library") or h.get("library_name") for h in holdings
                if not available_only or h.get("available")})


def availability(hit, t: Translator) -> str:
    rec = hit.record
    holdings = rec.get("holdings") or []
    held, free = _libraries(holdings), _libraries(holdings, True)
    if hit.work_libraries is not None:  # one hit per work: what any of its editions offers
        held, free = hit.work_libraries, hit.work_libraries_available or 0
    parts = []
    if hit.held_here:
        parts.append(t("hit.here_available") if hit.available_here else t("hit.here_lent"))
    elif hit.held_here is False:
        parts.append(t("hit.not_here"))
    if free:
        parts.append(t("hit.available_in", n=free))
    elif held:
        parts.append(t("hit.lent_everywhere", n=held))
    if safe_href(rec.get("online_url")):
        parts.append(t("hit.online"))
    if not parts:
        parts.append(t("hit.no_holdings"))
    return " · ".join(parts)


def holdings_summary(holdings: list[dict], t: Translator) -> str:
    """How many libraries hold it and how many of them have a copy available now, said as a
    sentence: none, all of them (one library is either) or some."""
    held, free = _libraries(holdings), _libraries(holdings, True)
    if not free:
        return t("record.holdings_none_available", n=held)
    if free >= held:
        return t("record.holdings_all_available", n=held)
    return t("record.holdings_some_available", n=free, libraries=t.num(held))


# --- pages ---------------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    lang = page_lang(request)
    stats = snapshot_of(request).stats()
    return render(request, "home.html", lang, stats=stats, canonical=link("/", lang))


@router.get("/zoeken", response_class=HTMLResponse)
def results(request: Request):
    req = SearchRequest.from_params(request.query_params.multi_items(), default_scope=PAGE_SCOPE)
    snapshot = snapshot_of(request)
    t0 = time.perf_counter()
    # Patrons search the catalogue; the knowledge base answers beside it, on the first page, when
    # it matches well (the box). `scope=articles` is the librarians' search, `scope=all` one list.
    box = req.scope == "catalogue" and req.page == 1 and bool(req.q.strip())
    res = snapshot.search(replace(req, knowledge=box))
    log_query(req, res.total, time.perf_counter() - t0)
    libraries = snapshot.libraries
    facets = facet_groups(req, res)
    shown = {(f["name"], v.value) for f in facets for v in f["values"]}
    shown |= {("library", c.value) for f in facets for v in f["values"] for c in (v.children or [])}
    labels = {(f["name"], v.value): v.label for f in facets for v in f["values"]}
    labels.update({("library", c.value): c.label for f in facets for v in f["values"]
                   for c in (v.children or [])})
    t = Translator(req.lang)
    # The filters that found these hits: when nothing matched with the patron's, the zero-result
    # chain searched without them, and the page must not show them as applied nor carry them along.
    active = res.request.filters
    chips = [{"field": n, "value": v, "text": t.value(n, v, labels.get((n, v)) or _library_name(libraries, n, v)),
              "url": search_url(req.toggle_filter(n, v))} for n, v in active]
    # Filters read from the words ("luisterboek", "grote letter"): removed by reading them as words.
    understood = [{"field": u.field, "words": u.words, "label": u.label_en if t.lang == "en" else u.label,
                   "url": search_url(req.declining(u.field))} for u in res.understood if u.applied == "filter"]
    knowledge = res.knowledge if res.knowledge is not None and res.knowledge.hits else None
    # The short answer: a sentence or two quoted verbatim from an article, as /api/v1/answer gives
    # it, only where the knowledge box is shown at all (the question matched the knowledge base
    # well) and only when the passage clears the answers' own threshold.
    # A single word is a topic, not a question: it gets no quoted answer.
    asked = knowledge is not None and len(answers.content_words(req.q)) >= 2
    short = answers.answer(snapshot, req.q, size=1).passages[:1] if asked else []
    return render(
        request, "results.html", req.lang, req=req, res=res, facets=facets, chips=chips, understood=understood,
        knowledge=knowledge, short_answer=short[0] if short else None,
        # A question asks the service: its answers come first. Words ask for items: the first
        # titles come first, and the box after them (on a phone it filled the first screen).
        knowledge_first=knowledge is not None and (is_question(req.q) or len(res.hits) <= KNOWLEDGE_AFTER),
        knowledge_after=KNOWLEDGE_AFTER,
        short_answer_url=link(urls.record_path(short[0].article["id"], "article"), req.lang) if short else None,
        knowledge_url=search_url(req, scope="articles", page=1, filters=(), nofilter=()),
        hidden_filters=[(n, v) for n, v in active if (n, v) not in shown],
        library_name=libraries.get(req.library, {}).get("name") if req.library else None,
        # A hit whose edition the chosen library holds: reserved from the list.
        reserve_url=lambda hit: actions.reserve_url(request.app.state.directory, hit.record, req.library),
        # Nothing found in the patron's library's search: it can still ask another library for it.
        ill_url=ill_url(request.app.state.settings.ibl_url, {"title": req.q}, req.library)
        if req.library and req.q and not res.total else None,
        pages=page_numbers(res.page, res.pages),
        canonical=search_url(req),
    )


@router.get("/titel/{record_id:path}", response_class=HTMLResponse)
def record_page(request: Request, record_id: str):
    lang = page_lang(request)
    snapshot = snapshot_of(request)
    rec = snapshot.get(record_id)
    if rec is None:
        raise HTTPException(404, f"no record with id {record_id!r}")
    if rec["type"] != "catalogue":
        return RedirectResponse(urls.page_base(request) + link(urls.record_path(rec), lang), status_code=308)
    library = request.query_params.get("library") or None
    if library and (len(library) > 32 or not library.replace("-", "").isalnum()):
        library = None  # not an ISIL: show the holdings in their plain order
    all_editions = snapshot.editions(rec)
    editions = [e for e in all_editions if e["id"] != rec["id"]]
    library_name = (snapshot.libraries.get(library) or {}).get("name") or library if library else None
    t = Translator(lang)
    back = back_to_results(request.query_params.get(BACK_PARAM))
    settings = request.app.state.settings
    acts = actions.for_record(rec, editions, library, lang, request.app.state.directory, settings.ibl_url,
                              settings.online_library_url)
    other = acts.held_edition
    return render(request, "record.html", lang, rec=rec, editions=editions, library=library, back_url=back,
                  edition_groups=edition_groups(editions, rec, t), series=series_view(rec.get("series"), library, lang),
                  author_search=lambda name: author_search(name, library, lang),
                  library_name=library_name, actions=acts,
                  held_edition_url=link(urls.record_path(other), lang, library=library,
                                        **{BACK_PARAM: back}) if other else None,
                  holdings=holding_groups(named_holdings(rec.get("holdings") or [], snapshot.libraries), library, t,
                                          (snapshot.libraries.get(library) or {}).get("province") if library else None),
                  jsonld=jsonld(rec, all_editions, request, library),
                  alternates=alternates(rec["id"], urls.page_base(request)),  # as the canonical link
                  canonical=link(urls.record_path(rec), lang))


@router.get("/artikel/{record_id:path}", response_class=HTMLResponse)
def article_page(request: Request, record_id: str):
    lang = page_lang(request)
    snapshot = snapshot_of(request)
    rec = snapshot.get(record_id)
    if rec is None:
        raise HTTPException(404, f"no article with id {record_id!r}")
    if rec["type"] != "article":
        return RedirectResponse(urls.page_base(request) + link(urls.record_path(rec), lang), status_code=308)
    sections = sibling_sections(snapshot, rec)
    opening = next((s for s in sections if s["opening"]), None)
    return render(request, "article.html", lang, rec=rec, body_paragraphs=paragraphs(rec.get("body")),
                  sections=sections, opening=opening, section_path=section_path(rec),
                  jsonld=jsonld(rec, None, request),
                  alternates=alternates(rec["id"], urls.page_base(request)),  # as the canonical link
                  canonical=link(urls.record_path(rec), lang))


@router.get("/over", response_class=HTMLResponse)
def about(request: Request):
    lang = page_lang(request)
    return render(request, "about.html", lang, stats=snapshot_of(request).stats(), canonical=link("/over", lang))


# --- shaping data for the templates ---------------------------------------------------------------

def log_query(req: SearchRequest, total: int, seconds: float) -> None:
    query_log.info("%s", logline.line("query", *(("filter", f"{n}:{v}") for n, v in req.filters), via="page",
                                      q=req.q, scope=req.scope, sort=req.sort, page=req.page, lang=req.lang,
                                      total=total, ms=seconds * 1000))


def jsonld(rec: dict, editions: list[dict] | None, request: Request, library: str | None = None) -> str:
    """schema.org JSON-LD for the page's <script type="application/ld+json">. Every `<` is
    escaped as well, so no text in a record can end the script element or open a comment.

    A title held by hundreds of libraries would make hundreds of Offers; the page keeps the
    patron's library and then those with a copy on the shelf, up to MAX_PAGE_OFFERS, so the page
    stays within its weight. The API's `?format=jsonld` export has them all."""
    doc = exports.jsonld_for(rec, editions, urls.page_base(request))
    offers = doc.get("offers") or []
    if len(offers) > MAX_PAGE_OFFERS:
        offers = sorted(offers, key=lambda o: (o["offeredBy"].get("identifier") != library,
                                               not o["availability"].endswith("InStock")))
        doc["offers"] = offers[:MAX_PAGE_OFFERS]
    return exports.jsonld_text(doc).replace("<", "\\u003c")


def facet_groups(req: SearchRequest, res) -> list[dict]:
    """The facets to show, in UI_FACETS order (the registry's `ui_first`), without empty ones.
    Libraries are shown inside their province (the two-level facet) once it is chosen; the flat
    library facet keeps only libraries that no province lists, so no library gets two checkboxes."""
    facets = res.facets
    in_provinces = {c.value for v in facets.get("province", []) for c in (v.children or [])}
    out = []
    for name in UI_FACETS:
        if name == "type" and req.scope != "all":
            continue  # a scope is already one kind: ticking the other would find nothing
        values = list(facets.get(name) or [])
        if name == "library":
            values = [v for v in values if v.value not in in_provinces]
        if not values:
            continue
        if name == "province":
            values = [_province(v) for v in values]
        # Selected values stay visible even when they rank low.
        first = values[:FACET_VISIBLE]
        rest = values[FACET_VISIBLE:]
        first += [v for v in rest if v.selected]
        rest = [v for v in rest if not v.selected]
        out.append({"name": name, "values": values, "first": first, "rest": rest,
                    "selected": any(v.selected for v in values)})
    return out


def _province(v):
    """A province lists its libraries once it (or one of them) is chosen: all libraries of the
    country under every province would be most of a page's weight, and the choice goes province
    first, library second anyway."""
    if v.selected or any(c.selected for c in v.children or []):
        return v
    return replace(v, children=None)


def _library_name(libraries: dict, name: str, value: str) -> str | None:
    return libraries.get(value, {}).get("name") if name == "library" else None


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: None marks a gap."""
    wanted = {1, pages} | set(range(max(1, page - around), min(pages, page + around) + 1))
    out: list[int | None] = []
    prev = 0
    for n in sorted(wanted):
        if n - prev > 1:
            out.append(None)
        out.append(n)
        prev = n
    return out


def named_holdings(holdings: list[dict], libraries: dict) -> list[dict]:
    """Holdings with the library's name from the libraries file (or the index), over the record's own."""
    return [{**h, "library_name": (libraries.get(h.get("library")) or {}).get("name") or h.get("library_name")}
            for h in holdings]


def holding_groups(holdings: list[dict], library: str | None, t: Translator,
                   province: str | None = None) -> list[dict]:
    """Holdings per province, sorted by library and branch; the patron's own library first, then
    the libraries of its province (the nearest to ask), then the other provinces by name."""
    own = [h for h in holdings if library and h.get("library") == library]
    province = province or next((h.get("province") for h in own if h.get("province")), None)
    others = [h for h in holdings if h not in own]

    def key(h: dict) -> tuple[str, str]:
        return (h.get("library_name") or h.get("library") or "").lower(), (h.get("branch") or "").lower()

    groups: list[dict] = []
    if own:
        groups.append({"title": t("record.holdings_own"), "rows": sorted(own, key=key), "own": True})
    by_province: dict[str, list[dict]] = {}
    for h in others:
        by_province.setdefault(h.get("province") or t("record.province_unknown"), []).append(h)
    for name in sorted(by_province, key=lambda p: (p != province, p.lower())):
        groups.append({"title": name, "rows": sorted(by_province[name], key=key), "own": False,
                       "home": name == province})
    return groups


def paragraphs(body: str | None) -> list[str]:
    """Paragraphs split on blank lines; the template escapes them."""
    if not body:
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]


def section_path(rec: dict) -> list[str]:
    """The heading path below the document title ("De vormen › Grote letter" → two crumbs)."""
    section = rec.get("section")
    parts = section if isinstance(section, list) else re.split(r"\s*›\s*|\s+>\s+", section or "")
    parts = [p.strip() for p in parts if p and p.strip()]
    if parts and parts[0] == rec.get("document"):
        parts = parts[1:]  # the opening section carries the document's own title
    return parts


def sibling_sections(snapshot, rec: dict) -> list[dict]:
    """The other sections of the same document for the article page, the opening section first."""
    out = [{"id": r["id"], "title": r["title"], "opening": section_path(r) == []} for r in snapshot.sections(rec)]
    return sorted(out, key=lambda s: not s["opening"])


def cover_url(record_id: str) -> str:
    """The record's cover, from this site (search_api.routes.covers)."""
    return "/cover/" + quote(record_id, safe=":")


env.globals.update(cover_url=cover_url, material_icon_path=lambda code: material(code).icon,
                   page_scope=PAGE_SCOPE, title_lang=title_lang, content_lang=content_lang, hit_url=hit_url,
                   reading_forms=READING_FORMS, availability=availability,
                   holdings_summary=holdings_summary, paragraphs=paragraphs, section_path=section_path,
                   author_role=AUTHOR.label)  # a result names the role of everyone but the authors


# --- errors -----------------------------------------------------------------------------------

def html_error(request: Request, status: int, code: str, message: str) -> Response:
    """A Dutch (or English) error page that says what went wrong and offers a way back."""
    lang = pick_lang(request.query_params.get("lang"))
    t = Translator(lang)
    kind = {404: "not_found", 429: "too_many", 503: "unavailable"}.get(status, "error" if status >= 500 else "bad_request")
    explanation = t(f"error.code.{code}") if t.has(f"error.code.{code}") else None
    q = request.query_params.get("q", "") if request.url.path == "/zoeken" else ""
    # `message` is the API's English wording for developers; patrons read the catalogue's text.
    resp = render(request, "error.html", lang, status=status, status_code=status, kind=kind,
                  explanation=explanation, q=q[:500])
    if status == 503:
        resp.headers["Retry-After"] = "30"
    return resp


def install(app: FastAPI):
    """Register the pages and `/static`; return the HTML error renderer for the error handlers."""
    app.include_router(router)
    from web import mylibrary  # the patron's library: its page and the chooser

    app.include_router(mylibrary.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return html_error
