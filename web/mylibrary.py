"""The patron's library: its page (/bibliotheek/{isil}) and the chooser (/bibliotheken).

The choice lives in the URL (`library=ISIL`), never in a cookie; the chooser is a GET form whose
answer lists the matching libraries, each a link back to the page the patron came from with
`library` set. With JavaScript the choice is remembered in localStorage too (web/static).
Names, websites and opening hours come from the libraries file (search_api.directory); a library
the file does not know is still listed by the name the records give it.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from search_api.directory import TIMEZONE, Directory, Library, choosable, matching
from web.i18n import Translator
from web.pages import env, link, page_lang, render, snapshot_of

router = APIRouter(include_in_schema=False)

MAX_QUERY = 200
MAX_BACK = 2000
# Pages a choice may lead back to: the site's own search, record and library pages.
BACK_PATHS = re.compile(r"/(zoeken|titel/[^?#]*|bibliotheek/[^?#/]+)?")


def directory_of(request: Request) -> Directory:
    return request.app.state.directory


def back_url(value: str | None) -> str:
    """A page of this site to return to (a path and query, nothing absolute); the search page otherwise."""
    if not value or len(value) > MAX_BACK:
        return "/zoeken"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not BACK_PATHS.fullmatch(parts.path):
        return "/zoeken"
    return parts.path + ("?" + parts.query if parts.query else "")


def with_library(url: str, isil: str | None) -> str:
    """`url` with `library` set to `isil`, or set empty ("none chosen", which the script respects),
    the page number dropped: a different library ranks differently."""
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("library", "page")]
    pairs.append(("library", isil or ""))
    return parts.path + "?" + urlencode(pairs)


def entries(request: Request) -> list[dict]:
    """Every library a patron may choose (search_api.directory.choosable)."""
    return choosable(directory_of(request), snapshot_of(request).libraries)


def _hhmm(when: dt.datetime | None) -> str:
    return when.strftime("%H:%M") if when else ""


def status_text(status: dict | None, t: Translator, now: dt.datetime) -> str | None:
    """"Nu open, tot 18:00", "Opent om 10:00", "Gesloten · opent dinsdag om 10:00", "Gesloten"."""
    if status is None:
        return None
    if status["state"] == "open":
        return t("library.open_until", time=_hhmm(status["until"])) if status.get("until") else t("library.open")
    if status["state"] == "opens_today":
        return t("library.opens_at", time=_hhmm(status["at"]))
    at = status.get("at")
    if at is None:
        return t("library.closed")
    day = t("library.tomorrow") if at.date() == now.date() + dt.timedelta(days=1) else t(f"weekday.{at.weekday()}")
    return t("library.closed_opens", day=day, time=_hhmm(at))


def branches_view(lib: Library, t: Translator, now: dt.datetime) -> list[dict]:
    out = []
    for b in lib.branches:
        status = b.status(now)
        week = [{"day": t("library.today") if i == 0 else t(f"weekday.{d.weekday()}"), "date": t.date(d.isoformat()),
                 "hours": ", ".join(f"{a}–{z}" for a, z in spans) or t("library.closed_day")}
                for i, (d, spans) in enumerate(b.week(now.date()))] if b.hours is not None else []
        out.append({"name": b.name, "address": b.address, "state": status["state"] if status else None,
                    "status": status_text(status, t, now), "week": week})
    return out


@router.get("/bibliotheek/{isil}", response_class=HTMLResponse)
def library_page(request: Request, isil: str):
    lang = page_lang(request)
    lib = directory_of(request).get(isil)
    info = snapshot_of(request).libraries.get(lib.isil if lib else isil)
    if lib is None and info is None:
        raise HTTPException(404, f"no library with ISIL {isil!r}")
    t = Translator(lang)
    now = dt.datetime.now(TIMEZONE)
    code = lib.isil if lib else isil
    name = lib.name if lib else (info or {}).get("name") or code
    return render(request, "library.html", lang, isil=code, name=name, website=lib.website if lib else None,
                  province=(info or {}).get("province"), branches=branches_view(lib, t, now) if lib else [],
                  search_here=link("/zoeken", lang, library=code), canonical=link(f"/bibliotheek/{code}", lang))


@router.get("/bibliotheken", response_class=HTMLResponse)
def chooser(request: Request):
    lang = page_lang(request)
    q = (request.query_params.get("bq") or "").strip()[:MAX_QUERY]
    back = back_url(request.query_params.get("back"))
    everyone = entries(request)
    found = matching(everyone, q)
    for e in found:
        e["choose"] = with_library(back, e["isil"])
        e["page"] = link(f"/bibliotheek/{e['isil']}", lang)
    return render(request, "libraries.html", lang, bq=q, back=back, found=found, total=len(everyone),
                  clear_url=with_library(back, None), canonical=link("/bibliotheken", lang))


def this_page(request: Request) -> str:
    """The page's own path and query: where a choice made on it leads back to."""
    return request.url.path + ("?" + request.url.query if request.url.query else "")


env.globals.update(clear_library_url=lambda back: with_library(back_url(back), None), this_page=this_page)
