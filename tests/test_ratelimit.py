"""Rate limits: a token bucket per client address (VINDPLAATS_RATE_LIMIT), 429 with Retry-After."""
from __future__ import annotations

import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from search_api import ratelimit, urls
from search_api.app import create_app
from search_api.settings import Settings, rate


class Clock:
    """The limiter's clock, moved by the test: refills without sleeping."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture()
def limited(sample_index, service):
    """An app limited to 2 requests per second (burst 4), with a clock the test moves, behind a
    trusted proxy at 10.0.0.1; TestClient's own peer is the address 'testclient'."""
    clock = Clock()
    app = create_app(Settings(index_dir=str(sample_index), rate_limit=2, trusted_proxies=("10.0.0.1",)),
                     service=service)
    limiter = next(m for m in app.user_middleware if m.cls is ratelimit.RateLimit)
    limiter.kwargs["clock"] = clock
    with TestClient(app) as c:
        yield c, clock


def test_a_burst_then_429_with_retry_after_as_json(limited):
    c, clock = limited
    for _ in range(4):
        assert c.get("/api/v1/search?q=hemel").status_code == 200
    r = c.get("/api/v1/search?q=hemel")
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "rate_limited"
    assert int(r.headers["retry-after"]) >= 1 and r.headers["cache-control"] == "no-store"
    assert c.post("/mcp", json={}).status_code == 429  # the MCP tools share the address's budget
    clock.now += 0.5  # one token back at 2 per second
    assert c.get("/api/v1/search?q=hemel").status_code == 200
    assert c.get("/api/v1/search?q=hemel").status_code == 429


def test_pages_get_a_page_that_says_so(limited):
    c, _ = limited
    for _ in range(4):
        c.get("/zoeken?q=hemel")
    r = c.get("/zoeken?q=hemel")
    assert r.status_code == 429 and r.headers["content-type"].startswith("text/html")
    assert "Even rustig aan" in r.text and r.headers["retry-after"]
    r = c.get("/zoeken?q=hemel&lang=en")
    assert r.status_code == 429 and "Please slow down" in r.text


def test_health_and_static_files_are_never_limited(limited):
    c, _ = limited
    for _ in range(12):
        assert c.get("/healthz").status_code == 200
        assert c.get("/static/vindplaats.css").status_code == 200
    assert c.get("/api/v1/search?q=hemel").status_code == 200  # those took no tokens


def test_facet_combinations_deep_pages_and_feeds_cost_more(limited):
    c, clock = limited
    heavy = "/api/v1/search?q=boek&filter=language:nl&filter=material:book"
    assert c.get(heavy).status_code == 200  # four tokens: the whole burst
    assert c.get("/api/v1/search?q=boek").status_code == 429
    clock.now += 2
    assert c.get("/api/v1/search?q=hemel&format=rss").status_code == 200
    assert c.get("/api/v1/search?q=hemel").status_code == 429
    assert ratelimit.cost({"path": "/zoeken", "query_string": b"q=a&page=11"}) == ratelimit.HEAVY_COST
    assert ratelimit.cost({"path": "/zoeken", "query_string": b"q=a&page=10&filter=x:y"}) == 1.0


def test_one_client_over_the_limit_does_not_limit_another(limited):
    c, _ = limited
    for _ in range(5):
        c.get("/api/v1/search?q=hemel")
    assert c.get("/api/v1/search?q=hemel").status_code == 429
    # The test client's peer is not a trusted proxy: its X-Forwarded-For counts for nothing.
    assert c.get("/api/v1/search?q=hemel", headers={"X-Forwarded-For": "192.0.2.7"}).status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_counts():
    site = urls.Site(trusted_proxies=(__import__("ipaddress").ip_network("10.0.0.1/32"),))
    proxied = {"client": ("10.0.0.1", 5000), "headers": [(b"x-forwarded-for", b"203.0.113.9, 192.0.2.7")]}
    assert ratelimit.client_address(proxied, site) == "192.0.2.7"  # the one nginx appended
    spoofed = {"client": ("198.51.100.1", 5000), "headers": [(b"x-forwarded-for", b"192.0.2.7")]}
    assert ratelimit.client_address(spoofed, site) == "198.51.100.1"
    buckets = ratelimit.Buckets(1, clock=Clock())
    assert buckets.take("192.0.2.7", 1) == buckets.take("192.0.2.7", 1) == 0.0
    assert buckets.take("192.0.2.7", 1) > 0 and buckets.take("192.0.2.8", 1) == 0.0


def test_memory_is_bounded_by_forgetting_the_least_recent_address():
    buckets = ratelimit.Buckets(1, clock=Clock(), max_keys=3)
    for i in range(10):
        buckets.take(f"a{i}", 1)
    assert list(buckets._buckets) == ["a7", "a8", "a9"]


def test_off_by_default_in_settings_and_at_zero(client):
    assert Settings().rate_limit == 0 and rate("0") == 0 and rate("") == 0 and rate("2.5") == 2.5
    for _ in range(50):
        assert client.get("/api/v1/search?q=hemel").status_code == 200
    for bad in ("veel", "-1", "nan", "inf"):
        with pytest.raises(ValueError, match="VINDPLAATS_RATE_LIMIT"):
            rate(bad)


def test_serve_refuses_a_wrong_limit_in_one_line(sample_index):
    r = subprocess.run([sys.executable, "-m", "indexer.cli", "serve", "--index-dir", str(sample_index),
                        "--rate-limit", "veel"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "VINDPLAATS_RATE_LIMIT must be a number" in r.stderr
    assert "Traceback" not in r.stderr


def test_serve_limits_by_default(sample_index, tmp_path):
    import os

    import httpx

    from bench.latency import free_port

    env = {k: v for k, v in os.environ.items() if k != "VINDPLAATS_RATE_LIMIT"}
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--index-dir", str(sample_index),
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        import time

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "the server did not start"
            time.sleep(0.2)
        with httpx.Client(base_url=base) as http:
            statuses = [http.get("/api/v1/search?q=hemel&format=rss").status_code for _ in range(12)]
        # SERVE_RATE_LIMIT 10/s: a burst of 20 tokens, five feeds at four each, then 429s.
        assert statuses[:5] == [200] * 5 and 429 in statuses[5:], statuses
    finally:
        proc.terminate()
        proc.wait(30)


SCHEMAS = __import__("pathlib").Path(__file__).parent / "fixtures" / "schemas"


def _over_the_limit(c, path: str, **kwargs):
    for _ in range(4):
        c.get("/api/v1/search?q=hemel")
    return c.get(path, **kwargs)


@pytest.mark.parametrize(("version", "schema", "ns"), [
    ("2.0", "sru2-responses.xsd", "http://docs.oasis-open.org/ns/search-ws/diagnostic"),
    ("1.2", "sru12-responses.xsd", "http://www.loc.gov/zing/srw/diagnostic/"),
])
def test_sru_clients_get_an_sru_diagnostic_with_429(limited, version, schema, ns):
    from lxml import etree

    c, _ = limited
    # Accept: text/html as a browser sends it: SRU still answers in SRU, not with a page.
    r = _over_the_limit(c, f"/sru?version={version}&operation=searchRetrieve&query=hemel",
                        headers={"Accept": "text/html"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.headers["content-type"].startswith("application/xml") and r.headers["cache-control"] == "no-store"
    root = etree.fromstring(r.content)
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / schema))).validate(root), root
    assert etree.QName(root).localname == "searchRetrieveResponse"
    assert root.findtext(f".//{{{ns}}}uri") == "info:srw/diagnostic/1/2"  # system temporarily unavailable
    assert f"try again in {r.headers['retry-after']} s" in root.findtext(f".//{{{ns}}}message")


def test_sru_explain_over_the_limit_keeps_the_explain_shape(limited):
    from lxml import etree

    c, _ = limited
    r = _over_the_limit(c, "/sru")
    assert r.status_code == 429
    root = etree.fromstring(r.content)
    assert etree.QName(root).localname == "explainResponse" and b"info:srw/diagnostic/1/2" in r.content
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "sru2-responses.xsd"))).validate(root)


def test_oai_harvesters_get_an_oai_pmh_error_with_503_and_retry_after(limited):
    from lxml import etree

    c, _ = limited
    r = _over_the_limit(c, "/oai?verb=ListRecords&metadataPrefix=oai_dc")
    # OAI-PMH's flow control is HTTP 503 with Retry-After (its section 3.1.2.2), which harvesters retry.
    assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1
    assert r.headers["content-type"].startswith("text/xml")
    root = etree.fromstring(r.content)
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "oai-pmh-responses.xsd"))).validate(root)
    error = root.find("{http://www.openarchives.org/OAI/2.0/}error")
    assert error is not None and "too many requests" in error.text and error.get("code") == "badArgument"
    assert not root.find("{http://www.openarchives.org/OAI/2.0/}request").attrib


def test_our_own_harvester_waits_out_the_503_and_goes_on(limited):
    """corpus.readers.oai retries a 503 after its Retry-After: the harvest completes, it is not refused."""
    from corpus.readers.oai import harvest

    c, clock = limited
    for _ in range(4):
        c.get("/api/v1/search?q=hemel")
    waits = []

    def sleep(seconds):  # the limiter's clock moves instead of the test sleeping
        waits.append(seconds)
        clock.now += seconds

    items = list(harvest("http://testserver/oai", client=c, sleep=sleep, retries=2))
    assert waits and waits[0] >= 1 and items and not any(type(i).__name__ == "Rejection" for i in items)
