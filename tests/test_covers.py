"""The /cover route: a drawn SVG cover per catalogue record (colour and icon from the material),
escaped text, safe headers, revalidation by ETag; unknown ids and articles get a 404."""
from __future__ import annotations

from xml.etree import ElementTree

from corpus.materials import MATERIALS, material
from search_api import covers


def _catalogue(sample_records):
    return [r for r in sample_records if r.get("type") == "catalogue"]


def test_a_drawn_cover_shows_title_author_and_the_material_colour(client, sample_records):
    rec = next(r for r in _catalogue(sample_records) if r.get("authors") and r.get("material"))
    r = client.get(f"/cover/{rec['id']}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "max-age=" in r.headers["cache-control"] and r.headers["etag"]
    svg = ElementTree.fromstring(r.content)
    texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    first_word = rec["title"].split()[0]
    assert first_word[:10] in texts
    assert rec["authors"][0]["name"][:10] in texts
    assert material(rec["material"]).colour in r.text
    assert "<script" not in r.text.lower() and "href" not in r.text
    again = client.get(f"/cover/{rec['id']}", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and not again.content


def test_text_is_escaped_and_long_titles_are_cut():
    rec = {"title": "<script>alert(1)</script> & " + "heel lang woord " * 20, "material": "film",
           "authors": [{"name": 'A "quote" <b>'}]}
    body = covers.drawn(rec).decode()
    ElementTree.fromstring(body)  # well-formed
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert body.count("<text") <= covers.TITLE_LINES + 1
    assert material("film").icon in body


def test_every_material_has_its_own_colour_and_icon():
    assert len({m.colour for m in MATERIALS}) == len(MATERIALS)
    assert len({m.icon for m in MATERIALS}) == len(MATERIALS)


def test_unknown_ids_and_articles_have_no_cover(client, sample_records):
    assert client.get("/cover/ppn:doesnotexist").status_code == 404
    article = next((r for r in sample_records if r.get("type") == "article"), None)
    if article is not None:
        assert client.get(f"/cover/{article['id']}").status_code == 404
