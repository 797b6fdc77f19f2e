"""A record's machine-readable forms, linked from its page (``<link rel="alternate">``) and from its
API response (an RFC 8288 ``Link`` header and the ``alternates`` field), so a crawler or a script
that lands on either finds the others without knowing our URL scheme.

Each form is served as its own document with its own media type: JSON-LD (schema.org) and RIS by
the records API's exports, MARCXML both as a bare MARCXML record (the export) and as the OAI-PMH
repository's GetRecord (the same record in the envelope harvesters expect).
"""
from __future__ import annotations

from typing import NamedTuple

from search_api import urls


class Form(NamedTuple):
    media_type: str
    title: str
    export: str | None  # the records API's ?format=, or None for the OAI-PMH GetRecord


FORMS = (
    Form("application/ld+json", "JSON-LD (schema.org)", "jsonld"),
    Form("application/marcxml+xml", "MARCXML", "marcxml"),
    Form("text/xml", "MARCXML (OAI-PMH GetRecord)", None),
    Form("application/x-research-info-systems", "RIS", "ris"),
)


def alternates(record_id: str, base_url: str = "") -> list[dict]:
    """[{rel, type, title, href}] for every form of the record; `base_url` makes the links absolute."""
    out = []
    for form in FORMS:
        path = (f"{urls.record_api_path(record_id)}?format={form.export}" if form.export
                else urls.oai_record_path(record_id, "marcxml"))
        out.append({"rel": "alternate", "type": form.media_type, "title": form.title,
                    "href": urls.absolute(base_url, path) if base_url else path})
    return out


def link_header(record_id: str, base_url: str = "") -> str:
    """The same links as one HTTP ``Link`` header value."""
    return ", ".join(f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"; title="{a["title"]}"'
                     for a in alternates(record_id, base_url))
