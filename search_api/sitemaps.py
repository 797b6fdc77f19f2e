"""Sitemaps for search engines: `/sitemap.xml` is a sitemap index over `/sitemap-N.xml` files of
at most `limit` URLs each (50,000, the protocol's maximum), listing every record page and article
page with its last change as `lastmod`; `/robots.txt` names the index.

The files list the records in the order of their last change (indexer.changes), so file N holds
the same records until something changes; a changed record moves to the last file. The index gives
each file its own `lastmod`, the newest change among its records: file N ends at the N*limit-th
record in that order, whose second is read off the generation's count of changes per second
(Snapshot.change_seconds), not by walking the records before it.
"""
from __future__ import annotations

import time

from lxml import etree

from indexer import changes
from search_api import urls
from search_api.service import Snapshot

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MEDIA_TYPE = "application/xml; charset=utf-8"
LIMIT = 50_000  # URLs a sitemap file may hold (sitemaps.org)


def files(snapshot: Snapshot, limit: int = LIMIT) -> int:
    """How many sitemap files the index has (at least one, which may be empty)."""
    return max(1, -(-snapshot.records // limit))


def _w3c(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))


def file_lastmods(snapshot: Snapshot, limit: int = LIMIT) -> list[int | None]:
    """The second of the newest change in each sitemap file (None where the generation has no
    change table to tell, or it does not account for every record)."""
    n_files, records = files(snapshot, limit), snapshot.records
    seconds = snapshot.change_seconds()
    if sum(count for _, count in seconds) != records:
        return [None] * n_files
    out: list[int | None] = []
    it, seen, second = iter(seconds), 0, None
    for n in range(1, n_files + 1):
        last = min(n * limit, records)  # the rank (from 1) of the file's newest record
        while seen < last:
            second, count = next(it)
            seen += count
        out.append(second if records else None)
    return out


def sitemap_index(snapshot: Snapshot, base_url: str, limit: int = LIMIT) -> bytes:
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for n, second in enumerate(file_lastmods(snapshot, limit), start=1):
        entry = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(base_url, urls.sitemap_path(n))
        if second is not None:
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = _w3c(second)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def sitemap(snapshot: Snapshot, number: int, base_url: str, limit: int = LIMIT) -> bytes | None:
    """Sitemap file `number` (from 1), or None when there is no such file."""
    if not 1 <= number <= files(snapshot, limit):
        return None
    page = snapshot.changed_records(limit=limit, offset=(number - 1) * limit)
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for key, rec in page.records:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(base_url, urls.record_path(rec))
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = _w3c(changes.datestamp(key))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def robots(base_url: str) -> str:
    # Result lists are endless combinations of words and filters: crawlers are sent to the
    # records through the sitemaps instead.
    return ("User-agent: *\n"
            f"Disallow: {urls.SEARCH_PAGE}\n"
            f"Disallow: {urls.SEARCH_API}\n"
            f"Sitemap: {urls.absolute(base_url, urls.SITEMAP_INDEX)}\n")
