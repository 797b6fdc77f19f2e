"""Fetching a record's own cover, against a real local HTTP server on loopback: an image, a
too-large file, a non-image (with an image Content-Type), a slow answer, an error, redirects on
and off the allow-list; a host off the allow-list is never asked. Hits come from the disk cache
without a second request; failures are remembered for a while. Through /cover/{id}: the record's
own image when it can be had, else the drawn SVG, and never a 5xx."""
from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient

from search_api.coverfetch import DEFAULT_COVER_HOSTS, CoverCache, sniff
from search_api.settings import Settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
GIF = b"GIF89a" + b"\x00" * 30
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20
SLOW = 2.0  # seconds the slow answer waits; the caches in these tests give up after 1
BODIES = {"/cover.png": PNG, "/cover.jpg": JPEG, "/slow.png": PNG, "/big.jpg": JPEG + b"\x00" * 1_500_000,
          "/page.html": b"<html><script>alert(1)</script></html>",
          "/drawing.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'}


class Handler(BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []
    port: ClassVar[int] = 0

    def do_GET(self):
        Handler.asked.append(self.path)
        redirects = {"/moved.png": "/cover.png",  # the same host: followed
                     "/away.png": f"http://localhost:{Handler.port}/cover.png",  # off the list: not
                     "/loop.png": "/loop.png"}
        if self.path in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/slow.png":
            time.sleep(SLOW)
        body = BODIES.get(self.path)
        if self.path == "/trickle.jpg":  # a byte at a time: each read is quick, the whole is not
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            try:
                for byte in JPEG[:30]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            return
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")  # for every body: the type must be sniffed
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the fetcher hangs up on a body too large
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    Handler.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{Handler.port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def cache(tmp_path):
    Handler.asked.clear()
    return CoverCache(tmp_path / "covers", hosts=("127.0.0.1",), max_bytes=1_000_000, timeout=1.0)


def test_sniffing_reads_the_bytes():
    assert sniff(PNG) == "image/png" and sniff(JPEG) == "image/jpeg" and sniff(WEBP) == "image/webp"
    assert sniff(GIF) == "image/gif" and sniff(b"GIF87a...") == "image/gif"
    assert sniff(BODIES["/drawing.svg"]) is None and sniff(BODIES["/page.html"]) is None and sniff(b"") is None
    assert sniff(b"RIFF\x10\x00\x00\x00WAVEfmt ") is None


def test_the_default_hosts_are_those_of_the_oba_data(shared_corpus):
    import re

    text = " ".join(p.read_text(encoding="utf-8") for p in (shared_corpus / "catalogue").glob("oba-api-response-*.js"))
    blocks = re.findall(r"coverimages['\"]?\s*:\s*\[(.*?)\]", text, re.S)
    hosts = {h.lower() for block in blocks for h in re.findall(r"['\"]https?://([^/'\"]+)", block)}
    assert blocks and hosts == set(DEFAULT_COVER_HOSTS)


@pytest.mark.parametrize(("path", "media"), [("/cover.png", "image/png"), ("/cover.jpg", "image/jpeg")])
def test_an_image_is_fetched_once_then_served_from_disk(server, cache, path, media):
    first = cache.get(server + path)
    assert first and first.media_type == media and first.body == BODIES[path]
    again = cache.get(server + path)
    assert again == first
    assert Handler.asked == [path]  # the second came from disk
    assert not [p for p in cache.dir.iterdir() if p.name.startswith(".tmp-")]  # written atomically
    # ... and the disk cache outlives the process: a new cache over the same directory asks no one
    assert CoverCache(cache.dir, hosts=("127.0.0.1",)).get(server + path) == first
    assert Handler.asked == [path]


def test_a_redirect_on_the_allow_list_is_followed(server, cache):
    got = cache.get(server + "/moved.png")
    assert got and got.body == PNG
    assert Handler.asked == ["/moved.png", "/cover.png"]


@pytest.mark.parametrize("path", ["/big.jpg", "/page.html", "/drawing.svg", "/slow.png", "/trickle.jpg",
                                  "/missing.png", "/away.png", "/loop.png"])
def test_bad_answers_give_no_cover_and_are_not_asked_again_soon(server, cache, path):
    t0 = time.monotonic()
    assert cache.get(server + path) is None
    assert time.monotonic() - t0 < 1.8  # the timeout holds for slow and trickling answers alike
    asked = list(Handler.asked)
    assert asked and set(asked) <= {path}  # a redirect off the list is not followed; a loop ends
    assert cache.get(server + path) is None
    assert Handler.asked == asked  # the failure is remembered
    cache.failure_ttl = 0  # ... for a while only
    time.sleep(0.01)
    cache.get(server + path)
    assert Handler.asked[len(asked)] == path


def test_hosts_off_the_allow_list_and_other_schemes_are_never_asked(server, tmp_path):
    Handler.asked.clear()
    other = CoverCache(tmp_path / "c", hosts=DEFAULT_COVER_HOSTS)
    assert other.get(server + "/cover.png") is None
    assert other.get(f"http://localhost:{Handler.port}/cover.png") is None
    assert other.get("file:///etc/passwd") is None and other.get("ftp://cover.biblion.nl/x.png") is None
    assert other.get("http://cover.biblion.nl.evil.example/x.png") is None and other.get("http://[::1") is None
    assert other.get(None) is None and other.get(["http://cover.biblion.nl/x.png"]) is None
    assert Handler.asked == [] and not other.dir.exists()


def test_an_unwritable_cache_still_gives_the_cover(server, tmp_path):
    Handler.asked.clear()
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    got = CoverCache(blocked / "covers", hosts=("127.0.0.1",), timeout=1.0).get(server + "/cover.png")
    assert got and got.body == PNG


def test_settings_read_the_cover_hosts_and_the_cache_directory():
    assert Settings.from_env({}).cover_hosts == DEFAULT_COVER_HOSTS
    s = Settings.from_env({"VINDPLAATS_COVER_HOSTS": " Covers.Example.org ,img.example.net",
                           "VINDPLAATS_COVER_CACHE": "/srv/covers"})
    assert s.cover_hosts == ("covers.example.org", "img.example.net") and s.cover_cache_dir == "/srv/covers"
    assert Settings.from_env({"VINDPLAATS_COVER_HOSTS": "none"}).cover_hosts == ()
    assert Settings.from_env({"VINDPLAATS_INDEX_DIR": "/data/index"}).covers_dir() == "/data/covers"


# --- through the route -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cover_client(server, tmp_path_factory):
    """An index of records whose cover URLs point at the local server (and one elsewhere)."""
    from indexer.build import build
    from search_api.app import create_app
    from search_api.service import SearchService

    base = tmp_path_factory.mktemp("cover-records")
    records = [("png", server + "/cover.png"), ("html", server + "/page.html"), ("slow", server + "/slow.png"),
               ("away", f"http://localhost:{Handler.port}/cover.png"), ("none", None)]
    with open(base / "records.jsonl", "w", encoding="utf-8") as f:
        for name, url in records:
            rec = {"type": "catalogue", "id": f"cov:{name}", "title": f"Omslag {name}", "material": "boek",
                   "authors": [{"name": "Auteur"}]}
            if url:
                rec["cover_url"] = url
            f.write(json.dumps(rec) + "\n")
    index_dir = base / "index"
    assert build(index_dir, [f"jsonl:{base / 'records.jsonl'}"]).state == "done"
    settings = Settings(index_dir=str(index_dir), cover_hosts=("127.0.0.1",), cover_timeout=1.0)
    app = create_app(settings, service=SearchService(index_dir))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_the_route_serves_the_fetched_image_and_keeps_it(cover_client):
    Handler.asked.clear()
    r = cover_client.get("/cover/cov:png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png" and r.content == PNG
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["etag"]
    assert "max-age=86400" in r.headers["cache-control"]
    again = cover_client.get("/cover/cov:png")
    assert again.content == PNG and Handler.asked == ["/cover.png"]
    assert cover_client.get("/cover/cov:png", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


@pytest.mark.parametrize("name", ["html", "slow", "away", "none"])
def test_the_route_draws_the_cover_when_the_record_has_none_to_be_had(cover_client, name):
    Handler.asked.clear()
    r = cover_client.get(f"/cover/cov:{name}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert f"Omslag {name}" in r.text
    if name in ("html", "slow"):  # a failed fetch: the browser tries again sooner than after a day
        assert "max-age=86400" not in r.headers["cache-control"]
    if name == "away":
        assert Handler.asked == []
