"""GET /api/v1/records/{id}: one record with all its fields, or exported (?format=ris|bibtex|jsonld|marcxml)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from lxml import etree

from search_api import exports, marcxml, urls
from search_api.alternates import alternates, link_header
from search_api.deps import get_snapshot
from search_api.jsonresponse import JSONResponse
from search_api.models import Record, error_responses
from search_api.request import BadRequest
from search_api.service import Snapshot

router = APIRouter(prefix="/api/v1", tags=["records"])

# format -> (media type, file extension, Content-Disposition kind)
EXPORTS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris", "attachment"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib", "attachment"),
    "jsonld": ("application/ld+json; charset=utf-8", "jsonld", "inline"),
    "marcxml": ("application/marcxml+xml; charset=utf-8", "xml", "inline"),  # RFC 6207
}


@router.get("/records/{record_id:path}", summary="One catalogue record or knowledge article", response_model=Record,
            responses={200: {"content": {m.split(";")[0]: {} for m, _, _ in EXPORTS.values()},
                             "description": "JSON, or the record exported with `format`"},
                       **error_responses(400, 404)})
def record(
    record_id: Annotated[str, Path(max_length=300, description="record id, e.g. ppn:38303521X")],
    snapshot: Annotated[Snapshot, Depends(get_snapshot)],
    request: Request,
    format: Annotated[str | None, Query(description="json (default) | ris | bibtex | jsonld (schema.org) | marcxml")] = None,
):
    fmt = format or "json"
    if fmt != "json" and fmt not in EXPORTS:
        raise BadRequest("invalid_format", f"format must be one of: json, {', '.join(EXPORTS)}")
    rec = snapshot.get(record_id)
    if rec is None:
        raise HTTPException(404, f"no record with id {record_id!r}")
    base_url = urls.origin(request)
    if fmt != "json":
        return _export(rec, fmt, snapshot, base_url)
    body = {k: v for k, v in rec.items() if not k.startswith("_")}
    body["alternates"] = alternates(rec["id"], base_url)
    if rec["type"] == "catalogue":
        body["editions"] = [
            {"id": e["id"], "title": e["title"], "year": e.get("year"), "material": e.get("material"),
             "edition": e.get("edition"), "publisher": e.get("publisher")}
            for e in snapshot.editions(rec) if e["id"] != rec["id"]
        ]
    return JSONResponse(body, headers={"Link": link_header(rec["id"], base_url)})


def _export(rec: dict, fmt: str, snapshot: Snapshot, base_url: str) -> Response:
    media_type, extension, disposition = EXPORTS[fmt]
    if fmt == "ris":
        body = exports.ris(rec, base_url)
    elif fmt == "bibtex":
        body = exports.bibtex(rec, base_url)
    elif fmt == "marcxml":
        body = etree.tostring(marcxml.record_marcxml(rec), encoding="unicode", xml_declaration=False)
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + body
    else:
        editions = snapshot.editions(rec) if rec["type"] == "catalogue" else []
        body = exports.jsonld_text(exports.jsonld_for(rec, editions, base_url))
    headers = {"Content-Disposition": f'{disposition}; filename="{exports.filename(rec, extension)}"',
               "Link": link_header(rec["id"], base_url)}
    return Response(body.encode("utf-8"), media_type=media_type, headers=headers)
