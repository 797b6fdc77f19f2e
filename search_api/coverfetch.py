"""A record's own cover, fetched once by the server and kept on disk (the browser never asks
another host: the pages' CSP allows images from this site only).

Only http(s) URLs on the allow-list of cover hosts are fetched (VINDPLAATS_COVER_HOSTS; by default
the hosts the OBA data names), with a timeout for the whole answer and a size limit. A redirect is
followed (a few hops at most) only when it stays on the list. The type is sniffed from the bytes
(JPEG, PNG, GIF, WebP), never taken from the Content-Type: an HTML error page or an SVG (which can
hold script) is no cover. A fetched image is written atomically (temp file, then rename) under
the cache directory, named by a hash of the URL; a failure is remembered for a short while (an
empty file) so a dead host is not asked again on every page view."""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

log = logging.getLogger("vindplaats.covers")

# The hosts of the OBA data's coverimages (Biblion's cover service, the NBC thumbnail servers, CDR).
DEFAULT_COVER_HOSTS = ("cover.biblion.nl", "v111.nbc.bibliotheek.nl", "v112.nbc.bibliotheek.nl", "media.cdr.nl")
MAX_BYTES = 1_000_000  # a cover thumbnail is tens of KB; more is not a cover
TIMEOUT = 3.0  # seconds for the whole fetch: a page waits for its covers
FAILURE_TTL = 600.0  # seconds a failed fetch is not tried again
MAX_REDIRECTS = 3
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "Vindplaats cover fetcher"

# magic bytes -> media type
SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
              (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


def sniff(data: bytes) -> str | None:
    """The image type the bytes are (JPEG, PNG, GIF or WebP), or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((media for magic, media in SIGNATURES if data.startswith(magic)), None)


@dataclass(frozen=True)
class Fetched:
    body: bytes
    media_type: str


class CoverCache:
    def __init__(self, directory: str | Path, hosts: tuple[str, ...] = DEFAULT_COVER_HOSTS,
                 max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, failure_ttl: float = FAILURE_TTL):
        self.dir = Path(directory)
        self.hosts = frozenset(h.strip().lower() for h in hosts if h.strip())
        self.max_bytes, self.timeout, self.failure_ttl = max_bytes, timeout, failure_ttl
        # One fetch per URL at a time: the covers of one page arrive together, and a second request
        # for the same cover waits for the first instead of asking the host again.
        self._locks = [threading.Lock() for _ in range(64)]

    def allowed(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and host in self.hosts

    def _path(self, url: str) -> Path:
        return self.dir / hashlib.sha256(url.encode("utf-8")).hexdigest()

    def get(self, url: str | None) -> Fetched | None:
        """The cover at `url` from the cache, else fetched (once); None when it cannot be had."""
        if not self.allowed(url):
            return None
        path = self._path(url)
        with self._locks[int(path.name[:8], 16) % len(self._locks)]:
            cached = self._cached(path)
            if cached is not None:
                return cached or None
            fetched = self._fetch(url)
            self._store(path, fetched.body if fetched else b"")
            return fetched

    def _cached(self, path: Path) -> Fetched | bool | None:
        """The cached cover; False for a recent failure; None when the host is to be asked."""
        try:
            data = path.read_bytes()
            age = time.time() - path.stat().st_mtime
        except OSError:
            return None
        media = sniff(data)
        if media:
            return Fetched(data, media)
        return False if age < self.failure_ttl else None

    def _fetch(self, url: str) -> Fetched | None:
        deadline = time.monotonic() + self.timeout  # for the whole answer: a trickle is cut off too
        try:
            with httpx.Client(timeout=self.timeout, follow_redirects=False,
                              headers={"Accept": "image/*", "User-Agent": USER_AGENT}) as client:
                for _ in range(MAX_REDIRECTS + 1):
                    with client.stream("GET", url) as r:
                        if r.status_code in REDIRECTS and "location" in r.headers:
                            url = urljoin(url, r.headers["location"])
                            if not self.allowed(url):
                                log.info("cover redirect off the allow-list: %s", url)
                                return None
                            continue
                        if r.status_code != 200:
                            return None
                        return self._read(r, deadline)
        except (httpx.HTTPError, OSError, ValueError) as e:
            log.info("cover fetch failed: %s: %s", url, e)
        return None

    def _read(self, r: httpx.Response, deadline: float) -> Fetched | None:
        if int(r.headers.get("content-length") or 0) > self.max_bytes:
            return None
        chunks, size = [], 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes or time.monotonic() > deadline:
                return None
            chunks.append(chunk)
        body = b"".join(chunks)
        media = sniff(body)
        return Fetched(body, media) if media else None

    def _store(self, path: Path, body: bytes) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
        except OSError:
            return  # a read-only disk: the cover is drawn instead, and fetched again next time
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            os.replace(tmp, path)  # atomic: no reader ever sees half a cover
        except OSError:
            Path(tmp).unlink(missing_ok=True)  # a full disk: nothing half-written is left behind
