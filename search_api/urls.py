"""The site's paths, and the one way a record's or a search's URL is built.

A record id is quoted with ``quote(id, safe=":")``: the colon of ``ppn:38303521X`` stays readable,
everything a path may not hold as data (``/``, ``?``, ``#``, ``%``, spaces, non-ASCII) is
percent-encoded, and the routes (``{record_id:path}``) decode it back to the id. The JSON hits, the
result links, the record pages, the feeds, the exports and SRU all link a record through here, so a
record has one URL. The route decorators keep their literal paths (findable by grep); a test checks
they serve what is built here.

Absolute links (feeds, OpenSearch, SRU, OAI-PMH, sitemaps, exports, and the canonical link and
JSON-LD of a page) start from one base, found once per request by `Site.resolve`:
`VINDPLAATS_PUBLIC_URL` when it is set; otherwise the request's own scheme and host, and only
for a host in `VINDPLAATS_ALLOWED_HOSTS` (any other host is refused with 400 before a route runs,
so no cached OpenSearch description or feed can point at a host an attacker typed).
`X-Forwarded-Proto`, `-Host` and `-Prefix` count only from a peer in `VINDPLAATS_TRUSTED_PROXIES`.
HTML needs no absolute link: without a public URL its links are relative (`page_base` is then
empty, or the trusted proxy's prefix).
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from corpus.readers.dc import vindplaats_oai_identifier

HOME = "/"
SEARCH_PAGE = "/zoeken"
CATALOGUE_PAGE = "/titel"
ARTICLE_PAGE = "/artikel"
ABOUT_PAGE = "/over"
SEARCH_API = "/api/v1/search"
SUGGEST_API = "/api/v1/suggest"
ANSWER_API = "/api/v1/answer"
RECORDS_API = "/api/v1/records"
OPENSEARCH = "/opensearch.xml"
SRU = "/sru"
OAI = "/oai"
SITEMAP_INDEX = "/sitemap.xml"
ROBOTS = "/robots.txt"


def quote_id(record_id: str) -> str:
    """A record id as one path segment."""
    return quote(str(record_id), safe=":")


def record_path(rec_or_id: dict | str, kind: str = "catalogue") -> str:
    """The record's HTML page: ``/titel/{id}`` for a catalogue record, ``/artikel/{id}`` for a
    knowledge article. Given a record, its own type decides; given an id, `kind` does."""
    if isinstance(rec_or_id, dict):
        record_id, kind = rec_or_id["id"], rec_or_id.get("type") or kind
    else:
        record_id = rec_or_id
    return f"{ARTICLE_PAGE if kind == 'article' else CATALOGUE_PAGE}/{quote_id(record_id)}"


def record_api_path(record_id: str) -> str:
    """The record in the API (JSON, or exported with ``?format=``)."""
    return f"{RECORDS_API}/{quote_id(record_id)}"


def _with_query(path: str, params: str | Iterable[tuple[str, str]]) -> str:
    qs = params if isinstance(params, str) else urlencode(list(params))
    return path + ("?" + qs if qs else "")


def search_path(params: str | Iterable[tuple[str, str]] = "") -> str:
    """The results page for a query string or (name, value) pairs (``SearchRequest.params()``)."""
    return _with_query(SEARCH_PAGE, params)


def search_api_path(params: str | Iterable[tuple[str, str]] = "") -> str:
    """The search API for a query string or (name, value) pairs."""
    return _with_query(SEARCH_API, params)


def oai_record_path(record_id: str, prefix: str = "marcxml") -> str:
    """A record from the OAI-PMH repository in one format: its MARCXML (or oai_dc) form."""
    return _with_query(OAI, [("verb", "GetRecord"), ("metadataPrefix", prefix),
                             ("identifier", vindplaats_oai_identifier(record_id))])


def sitemap_path(number: int) -> str:
    """One sitemap file of the index, numbered from 1."""
    return f"/sitemap-{number}.xml"


def absolute(base_url: str, path: str) -> str:
    """A path on this site as a full URL (`base_url` from `origin`, or "" for a relative link)."""
    return base_url.rstrip("/") + path


# --- where the site is ---------------------------------------------------------------------------

ORIGIN_KEY = "vindplaats.origin"  # the ASGI scope keys `Site.resolve`'s answer is kept under
PAGE_BASE_KEY = "vindplaats.page_base"

# A host name, an IPv4 address or a bracketed IPv6 address, with an optional port: nothing that
# could end the authority of a URL (`/`, `@`, `?`, `#`, spaces) gets into a link.
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}"
                   r"[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
_PREFIX = re.compile(r"^(?:/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$")


class HostNotAllowed(ValueError):
    """The request names a host this site does not answer for."""


def hostname(host: str) -> str:
    """`Example.NL:8000` → `example.nl`, `[::1]:8000` → `::1`."""
    host = host.lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0].rstrip(".")


def public_base(url: str) -> str:
    """`VINDPLAATS_PUBLIC_URL` as a base: scheme, host and path prefix, no trailing slash."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or not _HOST.match(parts.netloc) \
            or parts.query or parts.fragment:
        raise ValueError(f"VINDPLAATS_PUBLIC_URL must be http(s)://HOST[:PORT][/PREFIX], not {url!r}")
    prefix = parts.path.rstrip("/")
    if not _PREFIX.match(prefix):
        raise ValueError(f"VINDPLAATS_PUBLIC_URL has a path prefix that is not a plain path: {prefix!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}{prefix}"


def _last(value: str | None) -> str:
    """The value the nearest proxy set (a proxy that appends adds it at the end)."""
    return (value or "").rsplit(",", 1)[-1].strip()


@dataclass(frozen=True)
class Site:
    public_url: str | None = None
    allowed_hosts: frozenset[str] = frozenset()
    allow_any_host: bool = False
    trusted_proxies: tuple = ()

    @classmethod
    def from_settings(cls, settings) -> Site:
        public = public_base(settings.public_url) if settings.public_url else None
        hosts = {h.strip().lower() for h in settings.allowed_hosts if h.strip()}
        if public:
            hosts.add(hostname(urlsplit(public).netloc))
        proxies = tuple(ipaddress.ip_network(p, strict=False) for p in settings.trusted_proxies)
        return cls(public, frozenset(hostname(h) for h in hosts - {"*"}), "*" in hosts, proxies)

    def trusts(self, peer: str | None) -> bool:
        if not peer or not self.trusted_proxies:
            return False
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:  # a Unix socket: no address to trust
            return False
        return any(address in net for net in self.trusted_proxies)

    def resolve(self, scope) -> tuple[str, str]:
        """(origin, page_base) of one request: the base of absolute links, and the base of the
        links of an HTML page ("" for relative links). Raises HostNotAllowed."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        scheme, prefix = scope.get("scheme", "http"), ""
        host = headers.get("host", "").strip()
        if not host and scope.get("server"):
            name, port = scope["server"]
            host = f"{name}:{port}" if port else name
        if self.trusts((scope.get("client") or (None,))[0]):
            proto = _last(headers.get("x-forwarded-proto")).lower()
            if proto in ("http", "https"):
                scheme = proto
            host = _last(headers.get("x-forwarded-host")) or host
            forwarded_prefix = _last(headers.get("x-forwarded-prefix")).rstrip("/")
            if forwarded_prefix and _PREFIX.match(forwarded_prefix) and forwarded_prefix.startswith("/"):
                prefix = forwarded_prefix
        if not _HOST.match(host):
            raise HostNotAllowed(f"the Host header {host[:100]!r} is not a host name")
        if not (self.allow_any_host or hostname(host) in self.allowed_hosts):
            raise HostNotAllowed(f"this site does not answer for the host {hostname(host)[:100]!r} "
                                 "(VINDPLAATS_ALLOWED_HOSTS, VINDPLAATS_PUBLIC_URL)")
        if self.public_url:
            return self.public_url, self.public_url
        return f"{scheme}://{host}{prefix}", prefix


def origin(request) -> str:
    """The base of this request's absolute links (`scheme://host[:port][/prefix]`)."""
    return request.scope[ORIGIN_KEY]


def page_base(request) -> str:
    """The base of an HTML page's links: the public URL, or "" (relative; a trusted proxy's prefix)."""
    return request.scope[PAGE_BASE_KEY]
