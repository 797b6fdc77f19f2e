"""Covers drawn by the server: an SVG from a record's title, author and material.

The drawing is the fallback for every record without a fetchable cover (and for a failed fetch):
the page never asks another host for an image. Colour and icon come from the material's
declaration (corpus.materials); every text is XML-escaped, and the SVG holds no script, no style
element and no external reference, so it is inert even when opened on its own (the route adds a
CSP that forbids scripts as well)."""
from __future__ import annotations

import hashlib
import textwrap
from xml.sax.saxutils import escape

from corpus.materials import material

# 2:3, the proportion of most book covers; the pages reserve this box (width/height on the <img>).
WIDTH, HEIGHT = 200, 300
TITLE_CHARS, TITLE_LINES = 16, 5
AUTHOR_CHARS = 22
SVG_MEDIA_TYPE = "image/svg+xml"


def _lines(text: str, width: int, most: int) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def first_author(rec: dict) -> str:
    names = [a.get("name", "") for a in rec.get("authors") or [] if isinstance(a, dict)]
    return next((n for n in names if n), "")


def drawn(rec: dict) -> bytes:
    """The SVG cover of a record (UTF-8 bytes)."""
    m = material(rec.get("material"))
    title = _lines(rec.get("title") or "", TITLE_CHARS, TITLE_LINES)
    author = _lines(first_author(rec), AUTHOR_CHARS, 1)[0]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{m.colour}"/>',
        f'<rect x="8" y="8" width="{WIDTH - 16}" height="{HEIGHT - 16}" fill="none" stroke="#ffffff" '
        'stroke-opacity="0.5"/>',
        f'<g transform="translate(76 24) scale(2)" fill="#ffffff" stroke="none"><path d="{m.icon}"/></g>',
        '<g fill="#ffffff" font-family="sans-serif" text-anchor="middle">',
    ]
    for i, line in enumerate(title):
        parts.append(f'<text x="{WIDTH // 2}" y="{112 + i * 24}" font-size="19" font-weight="bold">{escape(line)}</text>')
    if author:
        parts.append(f'<text x="{WIDTH // 2}" y="{HEIGHT - 28}" font-size="14">{escape(author)}</text>')
    parts.append("</g></svg>")
    return "\n".join(parts).encode("utf-8")


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
