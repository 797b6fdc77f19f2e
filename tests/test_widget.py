"""The embeddable widget in a real browser: a library's page on one origin embeds /widget.js from a
real Vindplaats server on another, under hostile page CSS, and searches across origins.

The server runs as `vindplaats serve` in a subprocess with VINDPLAATS_CORS_ORIGINS set to the
allowed library page's origin; a second library page on another port is not on the list and must
get the refusal message. Both library pages are served by tiny http.servers in threads.
"""
from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
WIDGET = REPO / "web" / "static" / "widget.js"
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
ISIL = "NL-AmOBA"  # holds some of the 'hemel' titles of the sample catalogue and not others
REFUSED = "De zoekdienst is niet bereikbaar vanaf deze website."

# What careless or hostile page CSS does to embedded content: hide everything, blank the text,
# shrink the root font, restyle every input and list.
HOSTILE_CSS = """
body * { display: none !important; color: transparent !important; visibility: hidden !important;
         font-size: 0 !important; opacity: 0 !important; }
html { font-size: 2px; background: #000; color: #000; }
body { color: transparent; letter-spacing: 3em; text-transform: uppercase; }
input, button { display: none !important; width: 0 !important; border: 0 !important; }
li, ol, a, p, form, label { display: none !important; color: transparent !important; }
:focus { outline: none !important; }
"""


# --- the static checks need no browser -------------------------------------------------------------

def test_widget_is_small_self_contained_and_never_writes_markup():
    source = WIDGET.read_text(encoding="utf-8")
    # The knowledge box and the read filters took it past 15 KB, covers and the library chooser past 18 KB.
    assert WIDGET.stat().st_size < 20_000
    assert "innerHTML" not in source and "outerHTML" not in source and "insertAdjacentHTML" not in source
    assert "document.write" not in source and "eval(" not in source
    assert "http://" not in source.split("*/", 1)[1] and "https://" not in source.split("*/", 1)[1], \
        "no external resources: every URL is derived from the script's own src"
    assert 'attachShadow({ mode: "open" })' in source


def test_widget_is_served_as_cacheable_javascript(client):
    for url in ("/widget.js", "/static/widget.js"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].split(";")[0] in ("application/javascript", "text/javascript"), url
        assert r.content == WIDGET.read_bytes()
        assert "max-age=" in r.headers["cache-control"] and "public" in r.headers["cache-control"]
        assert r.headers.get("etag")
    r = client.get("/widget.js")
    assert r.headers["content-type"] == "application/javascript; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/widget.js", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


# --- the browser ---------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def library_page(vindplaats: str, params: dict[str, str]) -> bytes:
    attrs = " ".join(f'data-{k}="{v}"' for k, v in params.items() if k in ("library", "lang", "target", "scope"))
    target = '<div id="zoekvak"></div>' if "target" in params else ""
    # The page shows its own target element; everything else stays under the hostile rules.
    own = "#zoekvak { display: block !important; visibility: visible !important; opacity: 1 !important; }"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Library website</title>
<style>{HOSTILE_CSS}{own if target else ""}</style></head>
<body>
<h1>Our library</h1>
<a href="#top">A link of the page itself</a>
<script src="{vindplaats}/widget.js" {attrs} async></script>
<p>Opening hours: every day.</p>
{target}
</body></html>""".encode()


@contextmanager
def library_site(vindplaats: str):
    """A library's own website: any path is a page embedding the widget; the query sets its data-*."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            body = library_page(vindplaats, params)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def sites(sample_index, tmp_path_factory):
    """(vindplaats base URL, allowed library site, refused library site)."""
    if CHROMIUM is None:
        pytest.skip("no Chromium installed")
    port = free_port()
    vindplaats = f"http://127.0.0.1:{port}"
    with library_site(vindplaats) as allowed, library_site(vindplaats) as refused:
        env = dict(os.environ, VINDPLAATS_CORS_ORIGINS=f"https://elders.example, {allowed}")
        env.pop("VINDPLAATS_ADMIN_TOKEN", None)
        log = tmp_path_factory.mktemp("serve") / "server.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "indexer.cli", "serve", "--index-dir", str(sample_index), "--port", str(port)],
                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(vindplaats + "/healthz", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("vindplaats serve did not start:\n" + log.read_text(errors="replace")[-3000:])
                time.sleep(0.2)
            yield vindplaats, allowed, refused
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


@pytest.fixture(scope="module")
def browser(sites):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def tab(browser, sites):
    """A page that records every request, so a test can see nothing went to a third site."""
    _vindplaats, _allowed, _refused = sites
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.requests.append(f"pageerror: {e}"))
    try:
        yield page
    finally:
        context.close()


def shadow(page, js: str):
    """Evaluate `js` with `root` bound to the widget's shadow root."""
    return page.evaluate(f"""() => {{
        const host = document.querySelector('[data-vindplaats-widget]');
        const root = host && host.shadowRoot;
        return ({js});
    }}""")


def wait_for_status(page, text: str | None = None):
    page.wait_for_function("""(text) => {
        const host = document.querySelector('[data-vindplaats-widget]');
        const s = host && host.shadowRoot && host.shadowRoot.querySelector('[role=status]');
        if (!s) return false;
        const t = s.textContent;
        return text ? t.includes(text) : (t !== '' && !t.endsWith('…'));
    }""", arg=text, timeout=15_000)


def search(page, words: str):
    field = page.locator("[data-vindplaats-widget] input[type=search]")  # Playwright pierces open shadow roots
    field.click()
    field.fill(words)
    field.press("Enter")


@pytest.mark.browser
def test_widget_searches_across_origins_under_hostile_css(browser, sites):
    vindplaats, allowed, _ = sites
    with tab(browser, sites) as page:
        page.goto(f"{allowed}/?library={ISIL}")
        page.wait_for_selector("[data-vindplaats-widget] form[role=search]")
        # Rendered right after the script tag, inside an open shadow root.
        assert page.evaluate("""() => { const s = document.querySelector('script[src$="widget.js"]');
            return s.nextElementSibling.hasAttribute('data-vindplaats-widget'); }""")
        assert shadow(page, "!!root && host.shadowRoot.mode === 'open'")
        assert shadow(page, "document.querySelectorAll('form, input').length") == 0, "nothing in the page's DOM"

        # The page's CSS does not reach in: the box, label and field are visible, readable and usable.
        label = page.get_by_label("Zoek titels, auteurs of onderwerpen")
        assert label.is_visible()
        looks = shadow(page, """(() => {
            const i = root.querySelector('input'), l = root.querySelector('label'), s = getComputedStyle(i);
            const r = i.getBoundingClientRect(), h = getComputedStyle(host);
            return {w: r.width, h: r.height, color: s.color, labelColor: getComputedStyle(l).color,
                    labelSize: parseFloat(getComputedStyle(l).fontSize), display: h.display,
                    visibility: h.visibility, bg: h.backgroundColor, spacing: getComputedStyle(l).letterSpacing};
        })()""")
        assert looks["w"] > 100 and looks["h"] >= 30, looks
        assert looks["display"] == "block" and looks["visibility"] == "visible", looks
        assert looks["color"] == looks["labelColor"] == "rgb(27, 27, 27)", looks
        assert looks["bg"] == "rgb(255, 255, 255)" and looks["labelSize"] >= 12, looks
        assert looks["spacing"] in ("normal", "0px"), looks

        search(page, "hemel")
        wait_for_status(page, "resultaten gevonden")
        hits = shadow(page, """[...root.querySelectorAll('ol li')].map(li => ({
            text: li.innerText, href: li.querySelector('a') && li.querySelector('a').href,
            visible: li.getBoundingClientRect().height > 0}))""")
        assert 2 <= len(hits) <= 10
        assert all(h["visible"] for h in hits)
        titles = [h["text"].splitlines()[0] for h in hits]
        assert "De ontdekking van de hemel" in titles and "Zeven dagen hemel" in titles
        assert all(h["href"].startswith(f"{vindplaats}/titel/") and h["href"].endswith(f"?library={ISIL}")
                   for h in hits), hits
        mulisch = next(h["text"] for h in hits if h["text"].startswith("De ontdekking van de hemel"))
        assert "Harry Mulisch" in mulisch and "Boek" in mulisch and "Aanwezig in deze bibliotheek" in mulisch
        elsewhere = next(h["text"] for h in hits if h["text"].startswith("Zeven dagen hemel"))
        assert "Elders aanwezig" in elsewhere and "2022" in elsewhere
        status = shadow(page, "root.querySelector('[role=status]').textContent")
        assert status == f"{len(hits)} resultaten gevonden"
        more = shadow(page, "root.querySelector('.more a').href")
        assert more.startswith(f"{vindplaats}/zoeken?") and "q=hemel" in more and f"library={ISIL}" in more

        # Each catalogue hit shows its cover beside the title: from the Vindplaats host, lazily, its box
        # reserved, alt empty; the covers in view have loaded as images.
        covers = shadow(page, """[...root.querySelectorAll('ol li')].map(li => {
            const i = li.querySelector('img.cover');
            return i && {src: i.src, alt: i.getAttribute('alt'), lazy: i.loading, w: i.width, h: i.height};
        })""")
        assert all(c and c["src"].startswith(f"{vindplaats}/cover/") for c in covers), covers
        assert all(c["alt"] == "" and c["lazy"] == "lazy" and (c["w"], c["h"]) == (40, 60) for c in covers), covers
        page.wait_for_function("""() => { const i = document.querySelector('[data-vindplaats-widget]').shadowRoot
            .querySelector('img.cover'); return i.complete && i.naturalWidth > 0; }""", timeout=10_000)

        # The record link leads to the record page on the Vindplaats host.
        first = hits[0]["href"]
        with urllib.request.urlopen(first, timeout=5) as r:
            assert r.status == 200 and "text/html" in r.headers["content-type"]

        # Nothing was loaded from anywhere but the library page and Vindplaats.
        assert not [u for u in page.requests if u.startswith("pageerror")], page.requests
        assert all(u.startswith((allowed, vindplaats, "data:")) for u in page.requests), page.requests
        api = [u for u in page.requests if "/api/v1/search" in u]
        assert len(api) == 1 and f"library={ISIL}" in api[0] and "size=10" in api[0]


@pytest.mark.browser
def test_widget_is_keyboard_operable_with_visible_focus_at_320_pixels(browser, sites):
    _, allowed, _ = sites
    with tab(browser, sites) as page:
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(f"{allowed}/?library={ISIL}")
        page.wait_for_selector("[data-vindplaats-widget] input")
        # The page's own link is hidden by its CSS, so the first Tab lands in the widget's field.
        page.keyboard.press("Tab")
        assert shadow(page, "root.activeElement && root.activeElement.id") == "vp-q"
        page.keyboard.type("hemel")
        page.keyboard.press("Enter")
        wait_for_status(page, "resultaten gevonden")
        page.keyboard.press("Tab")
        assert shadow(page, "root.activeElement.tagName") == "BUTTON"
        page.keyboard.press("Tab")
        focused = shadow(page, """(() => { const a = root.activeElement, s = getComputedStyle(a);
            return {tag: a.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), bg: s.backgroundColor}; })()""")
        assert focused["tag"] == "A" and focused["outline"] == "solid" and focused["width"] >= 2, focused
        # WCAG 1.4.10: the results reflow into 320 CSS pixels without scrolling sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert shadow(page, "[...root.querySelectorAll('*')].every(e => e.getBoundingClientRect().right <= 320)")
        page.keyboard.press("Enter")
        page.wait_for_url("**/titel/**")
        assert f"library={ISIL}" in page.url


@pytest.mark.browser
def test_widget_on_a_website_that_is_not_allowed_says_so(browser, sites):
    _vindplaats, _, refused = sites
    with tab(browser, sites) as page:
        page.goto(f"{refused}/?library={ISIL}")
        page.wait_for_selector("[data-vindplaats-widget] input")
        search(page, "hemel")
        wait_for_status(page, REFUSED)
        assert shadow(page, "root.querySelectorAll('li').length") == 0
        assert shadow(page, "root.querySelector('.more').hidden")
        assert shadow(page, "getComputedStyle(root.querySelector('[role=status]')).color") == "rgb(164, 0, 15)"
        # The server did answer; it was the browser that refused, for want of the CORS header.
        assert any("/api/v1/search" in u for u in page.requests)


@pytest.mark.browser
def test_widget_says_what_went_wrong_and_never_renders_api_data_as_markup(browser, sites):
    import json

    _, allowed, _ = sites
    cors = {"Access-Control-Allow-Origin": allowed}
    hostile = {"query": "x", "total": 1, "page": 1, "size": 10, "took_ms": 1, "facets": {}, "did_you_mean": None,
               "notices": ["<b id=notice>vet</b>"],
               "hits": [{"id": "x", "type": "catalogue", "title": '<img src=x id=evil onerror="window.owned=1">Titel',
                         "url": "javascript:window.owned=1", "snippet": "",
                         "authors": [{"name": "<script>window.owned=1</script>"}], "material": "<i>boek</i>",
                         "held_here": True, "holdings_count": 1}]}
    answers = {
        "kapot": lambda route: route.fulfill(status=503, headers=cors, content_type="application/json",
                                             body='{"error": {"code": "index_unavailable", "message": "later"}}'),
        "fout": lambda route: route.fulfill(status=400, headers=cors, content_type="application/json",
                                            body='{"error": {"code": "invalid_query", "message": "no"}}'),
        "weg": lambda route: route.abort("connectionrefused"),
        "vals": lambda route: route.fulfill(status=200, headers=cors, content_type="application/json",
                                            body=json.dumps(hostile)),
    }
    with tab(browser, sites) as page:
        page.route("**/api/v1/search?*", lambda route: answers[parse_qs(urlsplit(route.request.url).query)["q"][0]](route))
        page.goto(f"{allowed}/?library={ISIL}")
        page.wait_for_selector("[data-vindplaats-widget] input")
        for q, message in (("kapot", "Het zoeken is mislukt. Probeer het later opnieuw."),
                           ("fout", "Deze zoekvraag kan niet worden uitgevoerd. Probeer andere woorden."),
                           ("weg", REFUSED)):
            search(page, q)
            wait_for_status(page, message)
            assert shadow(page, "root.querySelectorAll('li').length") == 0, q
        search(page, "vals")
        wait_for_status(page, "1 resultaat gevonden")
        assert shadow(page, "root.querySelectorAll('img:not(.cover), script, b, i, #evil, #notice').length") == 0
        # the one image is the hit's cover, from the Vindplaats host by the hit's id
        assert shadow(page, "[...root.querySelectorAll('img')].map(i => i.getAttribute('src'))") == [
            f"{sites[0]}/cover/x"]
        assert shadow(page, "root.querySelectorAll('li a').length") == 0, "a javascript: URL never becomes a link"
        text = shadow(page, "root.querySelector('li').textContent")
        assert '<img src=x id=evil onerror="window.owned=1">Titel' in text and "<script>" in text
        assert page.evaluate("window.owned") is None


@pytest.mark.browser
def test_widget_in_english_in_a_target_element(browser, sites):
    _vindplaats, allowed, _ = sites
    with tab(browser, sites) as page:
        page.goto(f"{allowed}/?lang=en&target=%23zoekvak")
        page.wait_for_selector("#zoekvak [data-vindplaats-widget]", state="attached")
        assert shadow(page, "root.querySelector('[lang]').getAttribute('lang')") == "en"
        search(page, "hemel")
        wait_for_status(page, "results found")
        hits = shadow(page, "[...root.querySelectorAll('li a')].map(a => a.href)")
        assert hits and all(h.endswith("?lang=en") for h in hits), hits
        assert "Book" in shadow(page, "root.querySelector('li').innerText")
        # No library given: no holdings line for "this library".
        assert "this library" not in shadow(page, "root.querySelector('ol').innerText")
        search(page, "   ")
        wait_for_status(page, "Please enter a search term.")


@pytest.mark.browser
def test_widget_has_no_axe_violations(browser, sites):
    """With axe-core available to the test suite (the pages' accessibility tests bring it), the
    widget, searched and with results, has no violations."""
    candidates = [Path(os.environ["VINDPLAATS_AXE_JS"])] if os.environ.get("VINDPLAATS_AXE_JS") else []
    candidates += [p for base in (REPO / "tests", REPO / "node_modules" / "axe-core") if base.is_dir()
                   for p in base.rglob("axe.min.js")]
    for name in ("axe_playwright_python", "axe_core_python"):  # pip packages that ship axe-core
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            candidates += [p for d in spec.submodule_search_locations for p in Path(d).rglob("axe.min.js")]
    if not candidates:
        pytest.skip("axe-core is not available to the test suite")
    _, allowed, _ = sites
    with tab(browser, sites) as page:
        page.goto(f"{allowed}/?library={ISIL}")
        page.wait_for_selector("[data-vindplaats-widget] input")
        search(page, "hemel")
        wait_for_status(page, "resultaten gevonden")
        page.add_script_tag(content=candidates[0].read_text(encoding="utf-8"))
        result = page.evaluate("""async () => {
            const r = await axe.run({include: [['[data-vindplaats-widget]']]});
            return {violations: r.violations.map(v => v.id + ': ' + v.nodes.map(n => JSON.stringify(n.target))),
                    inside: r.passes.filter(p => p.nodes.some(n => Array.isArray(n.target[0]))).map(p => p.id)};
        }""")
        assert result["violations"] == []
        assert "color-contrast" in result["inside"] and "label" in result["inside"], "axe looked into the shadow root"


@pytest.mark.browser
def test_widget_says_a_correction_in_its_language_and_searches_as_typed_on_request(browser, sites):
    _vindplaats, allowed, _ = sites
    with tab(browser, sites) as page:
        page.goto(f"{allowed}/?lang=en")
        page.wait_for_selector("[data-vindplaats-widget]", state="attached")
        search(page, "havelaaar")
        wait_for_status(page, "result found")
        notices = shadow(page, "[...root.querySelectorAll('p.notice')].map(p => p.innerText).filter(Boolean)")
        # One notice for the change, in English, with its way back; no second "did you mean".
        assert notices == ["Nothing was found for 'havelaaar'. Below are the results for 'havelaar'. "
                           "Search for ‘havelaaar’ instead"], notices
        page.locator("[data-vindplaats-widget] button.link").click()
        wait_for_status(page, "No results found for ‘havelaaar’.")
        assert shadow(page, "root.querySelector('input').value") == "havelaaar"
        assert any("spell=false" in u and "q=havelaaar" in u for u in page.requests), page.requests


@pytest.mark.browser
def test_widget_shows_here_in_green_only_when_a_copy_is_on_the_shelf_here(browser, sites):
    import json

    _, allowed, _ = sites
    cors = {"Access-Control-Allow-Origin": allowed}

    def hit(title, **fields):
        return {"id": title, "type": "catalogue", "title": title, "url": "/titel/x", "snippet": "", **fields}

    body = {"query": "badge", "total": 3, "page": 1, "size": 10, "took_ms": 1, "facets": {}, "did_you_mean": None,
            "notices": [], "hits": [hit("Op de plank", held_here=True, available_here=True, libraries=3),
                                    hit("Uitgeleend", held_here=True, available_here=False, libraries=3),
                                    hit("Elders", held_here=False, available_here=False, libraries=2,
                                        holdings_count=0)]}
    with tab(browser, sites) as page:
        page.route("**/api/v1/search?*", lambda route: route.fulfill(
            status=200, headers=cors, content_type="application/json", body=json.dumps(body)))
        page.goto(f"{allowed}/?library={ISIL}")
        page.wait_for_selector("[data-vindplaats-widget] input")
        search(page, "badge")
        wait_for_status(page, "3 resultaten gevonden")
        items = shadow(page, """[...root.querySelectorAll('ol li')].map(li => ({text: li.innerText,
            green: [...li.querySelectorAll('p')].some(p => getComputedStyle(p).color === 'rgb(29, 107, 47)')}))""")
        by_title = {i["text"].splitlines()[0]: i for i in items}
        assert "Aanwezig in deze bibliotheek" in by_title["Op de plank"]["text"] and by_title["Op de plank"]["green"]
        lent = by_title["Uitgeleend"]
        assert "Hier uitgeleend" in lent["text"] and "Aanwezig in deze bibliotheek" not in lent["text"]
        assert not lent["green"]
        # Another edition of the work elsewhere counts, though this edition has no holdings.
        assert "Elders aanwezig" in by_title["Elders"]["text"] and not by_title["Elders"]["green"]


@pytest.mark.browser
def test_widget_searches_the_catalogue_with_the_knowledge_box_and_removable_read_filters(browser, sites):
    _vindplaats, allowed, _ = sites
    with tab(browser, sites) as page:
        page.goto(f"{allowed}/")
        page.wait_for_selector("[data-vindplaats-widget]", state="attached")
        search(page, "hoe word ik lid")
        wait_for_status(page, "resulta")
        # The answers in a labelled region of their own; the list below is the catalogue's.
        assert shadow(page, "root.querySelector('section').getAttribute('aria-labelledby')") == "vp-kb"
        assert shadow(page, "root.getElementById('vp-kb').textContent") == "Uit de kennisbank"
        assert shadow(page, "root.querySelector('section li a').textContent") == "Hoe word ik lid?"
        assert "scope=articles" in shadow(page, "root.querySelector('section .more a').href")
        assert "Artikel" not in shadow(page, "root.querySelector('ol').innerText")
        search(page, "dieren")
        wait_for_status(page, "resulta")
        assert shadow(page, "root.querySelector('section').hidden") is True
        # A filter read from the words says so, and its button searches the words as words.
        search(page, "grote letter thriller")
        wait_for_status(page, "resulta")
        assert "Alleen grote letter" in shadow(page, "root.querySelector('div > div > p.notice').innerText")
        shadow(page, "root.querySelector('div > div > p.notice button').click()")  # searching starts at once
        wait_for_status(page)
        assert "Alleen" not in shadow(page, "root.querySelector('div[lang]').innerText")
        assert shadow(page, "root.querySelector('ol').hidden") is False


@pytest.mark.browser
def test_widget_leads_to_the_patrons_remembered_library_unless_the_website_names_its_own(browser, sites):
    """A widget without data-library (a school portal, a partner site) has no library of its own: its
    links carry none, so the Vindplaats pages they open restore the one the patron chose there
    (web/static/mylibrary.js). A library's own website names its library, and that one wins."""
    vindplaats, allowed, _ = sites
    chosen = "NL-DhBDH"  # any library of the sample other than the website's own

    def open_first_hit(site_url: str) -> str:
        page.goto(site_url)
        page.wait_for_selector("[data-vindplaats-widget] input")
        search(page, "hemel")
        wait_for_status(page, "resultaten gevonden")
        page.locator("[data-vindplaats-widget] ol li a").first.click()
        page.wait_for_url(f"{vindplaats}/titel/**library=*")
        page.wait_for_load_state()
        return page.url

    with tab(browser, sites) as page:
        page.goto(f"{vindplaats}/zoeken?q=&library={chosen}")  # the patron chose a library on the pages
        assert page.evaluate("localStorage.getItem('vindplaats.library')") == chosen

        page.goto(f"{allowed}/")
        page.wait_for_selector("[data-vindplaats-widget] input")
        search(page, "hemel")
        wait_for_status(page, "resultaten gevonden")
        hrefs = shadow(page, "[...root.querySelectorAll('ol li a')].map(a => a.href)")
        assert hrefs and not any("library=" in h for h in hrefs), hrefs
        assert "library=" not in shadow(page, "root.querySelector('.more a').href")
        url = open_first_hit(f"{allowed}/")
        assert f"library={chosen}" in url, url
        assert page.locator(".my-library-chosen").count() == 1

        url = open_first_hit(f"{allowed}/?library={ISIL}")
        assert f"library={ISIL}" in url and chosen not in url, url
        assert page.evaluate("localStorage.getItem('vindplaats.library')") == ISIL


@pytest.mark.browser
def test_widget_without_a_library_of_its_own_lets_the_patron_choose_one(browser, sites):
    """On a website that names no library the widget offers the libraries of /api/v1/libraries; the
    choice ranks the searches, rides on the result links and is remembered on that website (its own
    localStorage, no cookie) until the patron chooses 'Alle bibliotheken' again."""
    _, allowed, _ = sites
    with tab(browser, sites) as page:
        page.goto(f"{allowed}/")
        page.wait_for_selector("[data-vindplaats-widget] select option:nth-child(2)", state="attached")
        isils = shadow(page, "[...root.querySelectorAll('#vp-lib option')].map(o => o.value)")
        assert isils[0] == "" and ISIL in isils and len(isils) > 2
        assert shadow(page, "root.querySelector('label[for=vp-lib]').textContent") == "Jouw bibliotheek"
        page.locator("[data-vindplaats-widget] select").select_option(ISIL)
        search(page, "hemel")
        wait_for_status(page, "resultaten gevonden")
        hrefs = shadow(page, "[...root.querySelectorAll('ol li a')].map(a => a.href)")
        assert hrefs and all(f"library={ISIL}" in h for h in hrefs), hrefs
        # Every line of a hit stands beside its cover, also below a title that wraps (at 320 px).
        page.set_viewport_size({"width": 320, "height": 800})
        under = shadow(page, """[...root.querySelectorAll('li.c')].flatMap(li => {
            const edge = li.querySelector('.cover').getBoundingClientRect().right;
            return [...li.children].filter(c => !c.matches('.cover'))
                .filter(c => c.getBoundingClientRect().left < edge).map(c => c.textContent); })""")
        assert shadow(page, "root.querySelectorAll('li.c').length") > 0 and under == [], under
        assert page.evaluate("localStorage.getItem('vindplaats.library')") == ISIL
        assert page.context.cookies() == []

        page.reload()
        page.wait_for_selector("[data-vindplaats-widget] select option:nth-child(2)", state="attached")
        page.wait_for_function("() => document.querySelector('[data-vindplaats-widget]').shadowRoot"
                               f".querySelector('#vp-lib').value === '{ISIL}'")
        page.locator("[data-vindplaats-widget] select").select_option("")
        assert page.evaluate("localStorage.getItem('vindplaats.library')") is None
        search(page, "hemel")
        wait_for_status(page, "resultaten gevonden")
        hrefs = shadow(page, "[...root.querySelectorAll('ol li a')].map(a => a.href)")
        assert hrefs and not any("library=" in h for h in hrefs), hrefs
