"""Spelling that respects the patron, honest zero results, and input that would silently change
the question: on the sample index, and on an index of the real data in ../shared/corpus."""
from __future__ import annotations

import random
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree, html

from search_api import spelling
from search_api.request import SearchRequest
from search_api.vocabulary import Vocabulary


def api(client, **params) -> dict:
    r = client.get("/api/v1/search", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def keys(resp) -> list[str]:
    return [getattr(n, "key", None) for n in resp.notices]


def unchanged(resp, q: str) -> bool:
    """The search ran on the words as typed: nothing replaced, nothing offered instead."""
    return resp.query == q and resp.corrected_from is None and resp.did_you_mean is None and not (
        {"spelling", "fuzzy"} & set(keys(resp)))


# --- the rules, without an index ----------------------------------------------------------------

def test_allowed_distance_grows_with_the_word():
    assert [spelling.allowed_distance("x" * n) for n in (3, 6, 7, 8, 12)] == [1, 1, 1, 2, 2]


def test_candidates_stay_within_the_distance_for_the_length():
    vocab = Vocabulary({"letter": 50, "potten": 9, "hemel": 40, "bibliotheek": 500, "once": 1})
    # potter → letter is two typos away: too far for a six-letter word; potten is one.
    assert [c.word for c in spelling.candidates("potter", vocab)] == ["potten"]
    assert [c.word for c in spelling.candidates("biblioteeek", vocab)] == ["bibliotheek"]
    assert spelling.candidates("onse", vocab) == []  # a word found once is no correction
    assert spelling.candidates("de", vocab) == []


def test_known_words_are_never_corrected():
    vocab = Vocabulary({"dieren": 3, "delen": 400})
    known = {"dieren", "heaven"}.__contains__
    assert spelling.corrections("boeken over dieren", ["boeken", "over", "dieren"], vocab, known) == []
    assert spelling.correct_word("dieren", vocab, known) is None


def test_a_correction_keeps_the_rest_of_the_query_as_typed():
    assert spelling.replace_words('titel:Hemle "de aarde" -Mulsch', {"hemle": "hemel", "mulsch": "mulisch"}) == \
        'titel:hemel "de aarde" -mulisch'


def test_confidence_needs_a_clear_lead():
    a = spelling.Correction("hemel", (("hemle", "hemel"),), 1, 40, found=12)
    b = spelling.Correction("helm", (("hemle", "helm"),), 1, 30, found=10)
    far = spelling.Correction("hemels", (("hemle", "hemels"),), 2, 400, found=50)
    assert spelling.rank([a, far]).confident and spelling.rank([a, far]).text == "hemel"
    close = spelling.rank([a, b])
    assert close.text == "hemel" and not close.confident
    assert not spelling.rank([spelling.Correction("x", (("y", "x"),), 1, 5, found=0)]).confident


def test_a_common_dutch_word_is_not_swapped_for_another_dutch_word():
    schaken = spelling.Correction("schakel", (("schaken", "schakel"),), 1, 5, found=2)
    assert not spelling.rank([schaken]).confident  # offered, never searched in the patron's place
    # Its English spelling may be: the catalogue holds English records on the same subject.
    assert spelling.rank([spelling.Correction("tourism", (("toerisme", "tourism"),), 2, 9, found=4)]).confident


# --- the sample index ---------------------------------------------------------------------------

def test_harry_potter_is_not_silently_harry_letter(service):
    resp = service.search(SearchRequest(q="harry potter"))
    assert resp.query == "harry potter" and resp.corrected_from is None
    assert "letter" not in (resp.did_you_mean or "")
    assert "spelling" not in keys(resp)


def test_a_confident_correction_is_searched_with_one_notice_and_a_way_back(service):
    resp = service.search(SearchRequest(q="havelaaar"))
    assert resp.total and resp.query == "havelaar" and resp.corrected_from == "havelaaar"
    assert keys(resp) == ["spelling"] and resp.did_you_mean is None  # one notice, no second box


def test_spell_false_searches_exactly_as_typed(service):
    resp = service.search(SearchRequest(q="havelaaar", spell=False))
    assert resp.total == 0 and resp.query == "havelaaar"
    assert resp.corrected_from is None and resp.did_you_mean is None
    assert not {"spelling", "fuzzy"} & set(keys(resp))
    # Words within a typo are not looked for either.
    assert service.search(SearchRequest(q="tuiniern", spell=False)).total == 0


def test_an_unsure_correction_is_a_suggestion_above_an_honest_zero(tmp_path):
    """Two equally good corrections: neither is searched in the patron's place."""
    import json

    from indexer.build import build
    from search_api.service import SearchService

    recs = [{"id": f"r:{w}{i}", "type": "catalogue", "title": f"{w} {i}"} for w in ("kaart", "kaars") for i in range(3)]
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    build(tmp_path / "idx", [f"jsonl:{src}"])
    resp = SearchService(tmp_path / "idx").search(SearchRequest(q="kaarx"))
    assert resp.total == 0 and resp.query == "kaarx" and resp.corrected_from is None
    assert resp.did_you_mean in ("kaart", "kaars")
    assert not keys(resp)  # no relaxation was tried in the patron's place


def test_property_queries_of_indexed_words_come_back_unchanged(service):
    """A seeded sample of the index's own words, alone and in pairs: none is corrected."""
    st = service.state
    vocab = service.vocabulary(st)
    words = sorted(w for w, _ in vocab.items() if w.isalpha() and len(w) >= 3)
    rnd = random.Random(12)
    sample = rnd.sample(words, min(250, len(words)))
    pairs = [f"{a} {b}" for a, b in zip(sample, rnd.sample(words, len(sample)))][:150]
    for q in sample + pairs:
        resp = service.search(SearchRequest(q=q, size=1))
        assert unchanged(resp, q), (q, resp.query, resp.did_you_mean, [str(n) for n in resp.notices])


def test_a_word_known_only_by_its_stem_or_as_a_compound_part_is_known(service):
    st = service.state
    vocab = service.vocabulary(st)
    known = service._known(st, vocab)
    assert known("bibliotheken") and known("bibliotheek")
    assert not known("qqxqzzyv")


def test_relaxing_to_any_word_never_leaves_only_stop_words(service):
    resp = service.search(SearchRequest(q="het qqxqzzyv"))
    assert resp.total == 0, "every record with 'het' is no answer"
    words = dict(resp.words)
    assert words["qqxqzzyv"] == 0 and words["het"] > 0
    # A query of stop words alone still finds what has them.
    assert service.search(SearchRequest(q="het")).total > 0


def test_the_api_translates_notices_and_says_what_was_searched(client):
    nl = api(client, q="havelaaar")
    en = api(client, q="havelaaar", lang="en")
    assert nl["notices"] == ["Er is niets gevonden voor 'havelaaar'. Hieronder de resultaten voor 'havelaar'."]
    assert en["notices"] == ["Nothing was found for 'havelaaar'. Below are the results for 'havelaar'."]
    assert en["query"] == "havelaar" and en["corrected_from"] == "havelaaar" and en["did_you_mean"] is None
    typed = api(client, q="havelaaar", spell="false")
    assert typed["total"] == 0 and typed["query"] == "havelaaar" and typed["corrected_from"] is None
    assert client.get("/api/v1/search", params={"q": "x", "spell": "perhaps"}).status_code == 400


def test_the_api_gives_the_words_found_separately_on_an_empty_search(client):
    body = api(client, q="het qqxqzzyv")
    assert body["total"] == 0
    assert [w["word"] for w in body["words"]] == ["het", "qqxqzzyv"] and body["words"][0]["count"] > 0
    assert "words" not in api(client, q="havelaar")


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_say_what_was_searched(client, fmt):
    r = client.get("/api/v1/search", params={"q": "havelaaar", "format": fmt})
    doc = etree.fromstring(r.content)
    said = doc.findtext("channel/description") if fmt == "rss" else doc.findtext("{http://www.w3.org/2005/Atom}subtitle")
    assert "havelaaar" in said and "'havelaar'" in said
    r = client.get("/api/v1/search", params={"q": "havelaaar", "format": fmt, "spell": "false"})
    doc = etree.fromstring(r.content)
    items = doc.findall("channel/item") if fmt == "rss" else doc.findall("{http://www.w3.org/2005/Atom}entry")
    assert items == []


def test_sru_searches_exactly_as_typed(client):
    r = client.get("/sru", params={"query": 'dc.title = "havelaaar"'})
    doc = etree.fromstring(r.content)
    assert doc.findtext("{http://docs.oasis-open.org/ns/search-ws/sruResponse}numberOfRecords") == "0"


def _page(client, **params):
    r = client.get("/zoeken", params=params)
    assert r.status_code == 200
    return html.fromstring(r.text)


def test_the_page_offers_the_search_as_typed_and_keeps_it(client):
    doc = _page(client, q="havelaaar")
    back = doc.xpath("//p[@class='notice']/a[@class='as-typed']/@href")
    assert len(back) == 1
    qs = parse_qs(urlsplit(back[0]).query)
    assert qs == {"q": ["havelaaar"], "spell": ["false"]}
    doc = _page(client, q="havelaaar", spell="false")
    assert doc.xpath("//*[@id='count']")[0].text_content().strip() == "Geen resultaten gevonden"
    assert not doc.xpath("//a[@class='as-typed']")
    # The search stays as typed in the forms (sort, facets) and links (pages) of its page.
    doc = _page(client, q="havelaar", spell="false")
    forms = doc.xpath("//form[@class='sort'] | //aside[@id='filters']//form")
    assert len(forms) == 2 and all(f.xpath(".//input[@name='spell']/@value") == ["false"] for f in forms)


def test_an_empty_page_says_what_helps(client):
    doc = _page(client, q="het qqxqzzyv", library="NL-AmOBA")
    words = [li.text_content() for li in doc.xpath("//ul[@class='words-alone']/li")]
    assert words[0].startswith("het (") and words[1] == "qqxqzzyv (niets gevonden)"
    het = doc.xpath("//ul[@class='words-alone']/li/a/@href")[0]
    assert parse_qs(urlsplit(het).query)["q"] == ["het"]
    hrefs = doc.xpath("//div[@class='empty']//a/@href")
    assert any(parse_qs(urlsplit(h).query).get("scope") == ["articles"] for h in hrefs), "the knowledge base"
    assert any(h.startswith("https://") and "NL-AmOBA" in h for h in hrefs), "interlibrary loan"
    assert not any(h.startswith("https://") for h in _page(client, q="het qqxqzzyv").xpath(
        "//div[@class='empty']//a/@href")), "no interlibrary loan without a library"


# --- input that would silently change the question ----------------------------------------------

def test_a_line_break_separates_words(client):
    r = client.get("/api/v1/search?q=hemel%0Aaarde")
    assert r.json()["query"] == "hemel aarde"
    assert client.get("/api/v1/search?q=hemel%09%00aarde").json()["query"] == "hemel aarde"
    assert SearchRequest.from_params({"q": "hemel\u2028aarde"}).q == "hemel aarde"


def test_an_over_long_word_is_refused_with_a_notice_not_dropped(client):
    body = api(client, q="a" * 60)
    assert body["total"] == 0 and body["hits"] == []
    assert body["notices"] == ["Het woord 'aaaaaaaaaaaaaaaaaaaa…' is te lang om op te zoeken; er is niets gezocht."]
    both = api(client, q="havelaar " + "b" * 60)
    assert both["total"] == api(client, q="havelaar")["total"] > 0
    assert any("te lang" in n for n in both["notices"])


def test_a_field_keeps_its_words_when_the_parenthesis_is_missing(service):
    repaired = service.search(SearchRequest(q="titel:(hemel", group=False, size=100))
    plain = service.search(SearchRequest(q="titel:hemel", group=False, size=100))
    assert repaired.total == plain.total > 0
    assert [h.id for h in repaired.hits] == [h.id for h in plain.hits]
    assert keys(repaired) == ["parenthesis_repaired"]
    grouped = service.search(SearchRequest(q="titel:(ontdekking hemel)", group=False, size=100))
    assert grouped.total and all("hemel" in h.title.lower() for h in grouped.hits)
    assert not keys(grouped)


# --- the real data --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(shared_corpus, tmp_path_factory):
    """The real KB, OBA and MARC records, the dissertations with their headings and the Bnetwerk
    texts, built as the patron bench builds them."""
    from bench.patron.run import build_index
    from search_api.service import SearchService

    return SearchService(build_index("real", tmp_path_factory.mktemp("real") / "index"))


@pytest.mark.parametrize("q", ["boeken over dieren voor kinderen", "grote letter thriller", "discovery of heaven",
                               "engelse boeken", "ijs van de wadden"])
def test_real_queries_come_back_unchanged(real, q):
    resp = real.search(SearchRequest(q=q))
    assert resp.query == q and resp.corrected_from is None and resp.did_you_mean is None
    assert "spelling" not in keys(resp)


def test_real_a_dutch_word_is_not_searched_as_another(real):
    resp = real.search(SearchRequest(q="schaken"))
    assert resp.query == "schaken" and resp.corrected_from is None and resp.total == 0


def test_real_het_achterhuis_does_not_return_every_het(real):
    resp = real.search(SearchRequest(q="het achterhuis"))
    assert resp.total == 0
    words = dict(resp.words)
    assert words["het"] > 40 and words["achterhuis"] == 0


def test_real_typo_is_corrected(real):
    resp = real.search(SearchRequest(q="ontdekking van de hemle"))
    assert resp.query == "ontdekking van de hemel" and resp.corrected_from == "ontdekking van de hemle"
    assert resp.hits[0].title == "De ontdekking van de hemel"


def test_real_property_indexed_words_come_back_unchanged(real):
    st = real.state
    vocab = real.vocabulary(st)
    words = sorted(w for w, _ in vocab.items() if w.isalpha() and len(w) >= 3)
    rnd = random.Random(3)
    sample = rnd.sample(words, 250)
    pairs = [f"{a} {b}" for a, b in zip(sample, rnd.sample(words, len(sample)))][:150]
    for q in sample + pairs:
        resp = real.search(SearchRequest(q=q, size=1))
        assert unchanged(resp, q), (q, resp.query, resp.did_you_mean)



def _index(tmp_path, titles: list[str]):
    import json

    from indexer.build import build
    from search_api.service import SearchService

    src = tmp_path / "r.jsonl"
    src.write_text("".join(json.dumps({"id": f"r:{i}", "type": "catalogue", "title": t}) + "\n"
                           for i, t in enumerate(titles)))
    build(tmp_path / "idx", [f"jsonl:{src}"])
    return SearchService(tmp_path / "idx")


def test_two_words_with_a_typo_the_correction_found_with_the_other_word_wins(tmp_path):
    """'pottr': 'potts' is the more frequent word, but only 'potter' occurs with 'harry'."""
    svc = _index(tmp_path, ["harry potter en de steen", "harry potter en de kamer"]
                 + [f"de familie potts deel {i}" for i in range(6)])
    resp = svc.search(SearchRequest(q="harry pottr"))
    assert resp.corrected_from == "harry pottr" and resp.query == "harry potter"
    assert {h.id for h in resp.hits} == {"r:0", "r:1"}


def test_two_inflections_finding_the_same_records_are_no_rivals(tmp_path):
    """'celsl' is one typo from 'cells' and from 'cell'; the records with 'stem' hold both, so
    either finds the same records and the correction is searched, not only offered."""
    svc = _index(tmp_path, [f"stem cells and the stem cell niche {i}" for i in range(3)]
                 + ["stem cell biology", "cells of the kidney", "one cell"])
    resp = svc.search(SearchRequest(q="stem celsl"))
    assert resp.corrected_from == "stem celsl" and resp.total >= 3


def test_the_rare_candidate_beside_the_other_word_in_a_title_wins_over_the_frequent_one(tmp_path):
    """'scace': 'scale' is in many records, one with 'river' too, but only 'scarce' stands beside
    'river' in a title, in the order typed. Counting alone ties (one record each) and frequency
    chose 'scale'; the words together in the title choose 'scarce'."""
    svc = _index(tmp_path, ["water resources in data scarce river basins", "scarce resources",
                            "the river at the scale of a basin"] + [f"large scale models {i}" for i in range(6)])
    resp = svc.search(SearchRequest(q="scace river"))
    assert resp.corrected_from == "scace river" and resp.query == "scarce river"
    assert resp.hits[0].id == "r:0"


def test_a_correction_found_beside_the_other_word_is_searched_not_only_offered(tmp_path):
    """'bain death': 'brain' and 'main' each find one record with 'death', as often and about as
    frequent: counting alone was unsure (an empty page with a suggestion). Only 'brain death'
    stands together in a title: it is searched."""
    svc = _index(tmp_path, ["brain death and organ donation", "brain imaging", "brain and mind",
                            "death as the main cause", "main street", "main roads"])
    resp = svc.search(SearchRequest(q="bain death"))
    assert resp.corrected_from == "bain death" and resp.query == "brain death"
    assert resp.hits[0].id == "r:0"


def test_a_stop_word_is_no_correction(tmp_path):
    """'donr' is one typo from the Dutch stop word 'door' (in many records) and from 'donor'. A
    stop word is optional in a search: 'organic door' would find every record with 'organic'."""
    svc = _index(tmp_path, ["organic donor acceptor systems", "the donor heart", "organic farming",
                            "organic chemistry"] + [f"door de bossen {i}" for i in range(6)])
    resp = svc.search(SearchRequest(q="organic donr"))
    assert resp.query == "organic donor" and [h.id for h in resp.hits] == ["r:0"]
    vocab = svc.vocabulary(svc.state)
    assert "door" not in [c.word for c in spelling.candidates("donr", vocab, limit=10)]


def test_words_together_in_a_title_rank_the_correction_and_make_it_sure():
    near = spelling.Correction("scale river", (("scace", "scale"),), 1, 40, found=1, together=0)
    far = spelling.Correction("scarce river", (("scace", "scarce"),), 1, 2, found=1, together=1)
    best = spelling.rank([near, far])
    assert best.text == "scarce river" and best.confident
    # Closer still goes first: a word two typos away does not win by standing beside the other.
    two = spelling.Correction("scarcer river", (("scace", "scarcer"),), 2, 2, found=1, together=1)
    assert spelling.rank([near, two]).text == "scale river"
    # Neither together: as before, unsure without a clear lead.
    other = spelling.Correction("space river", (("scace", "space"),), 1, 30, found=1, together=0)
    assert not spelling.rank([near, other]).confident
