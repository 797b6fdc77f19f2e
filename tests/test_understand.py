"""Catalogue first for patrons, and words that name a facet value.

`/zoeken` and the widget search the catalogue, with the knowledge base's best answers in a box of
their own only when they match well; `scope=articles` stays the librarians' search and the API
keeps `scope=all`. Words such as "luisterboek", "grote letter", "voor kinderen" become a filter the
patron can remove, words such as "thriller", "engels", "prentenboek" rank their value up; a title
with such a word is still found by it. On the sample, on the sample with three titles made of facet
words, and on an index of the real data in ../shared/corpus (skipped when absent)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from corpus.materials import MATERIALS, READING_FORMS
from corpus.model import AUDIENCES
from indexer.analysis import exact_tokens
from indexer.fields import BY_NAME, FIELDS
from search_api import facetwords
from search_api.request import SearchRequest
from search_api.service import KNOWLEDGE_BOX, KNOWLEDGE_MATCH
from search_api.userquery import parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KIDS = {"0-3", "4-6", "7-9", "10-12"}


def page(client, url: str):
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    return lxml.html.fromstring(r.text)


def text(el) -> str:
    return " ".join(el.text_content().split())


def first_hits(doc, n: int = 3) -> list:
    return doc.xpath("//ol[contains(@class,'hits')]/li")[:n]


def box(doc):
    found = doc.xpath("//section[@class='knowledge']")
    return found[0] if found else None


def api(client, **params) -> dict:
    r = client.get("/api/v1/search", params=[(k, x) for k, v in params.items() for x in
                                             (v if isinstance(v, list) else [v])])
    assert r.status_code == 200, r.text
    return r.json()


# --- catalogue first --------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["dieren", "kinderboeken", "prentenboek", "thrillers"])
def test_a_topic_or_a_kind_of_book_starts_with_titles_and_no_weak_box(client, q):
    doc = page(client, f"/zoeken?q={q}")
    hits = first_hits(doc)
    assert hits and all("hit-catalogue" in h.get("class") for h in hits), q
    assert box(doc) is None, q
    # The articles exist; they are not good enough to stand beside the titles.
    body = api(client, q=q, scope="catalogue", knowledge="true")
    assert body["knowledge"] == [] and body["knowledge_total"] > 0


@pytest.mark.parametrize(("q", "answer"), [
    ("hoe word ik lid", "Hoe word ik lid?"),
    ("e-books lenen", "E-books en luisterboeken lenen: stap voor stap"),
])
def test_a_service_question_shows_the_knowledge_box(client, q, answer):
    doc = page(client, f"/zoeken?q={q}")
    kb = box(doc)
    assert kb is not None
    heading = kb.xpath("h2")[0]
    assert text(heading) == "Uit de kennisbank" and kb.get("aria-labelledby") == heading.get("id")
    items = kb.xpath("ul/li")
    assert 1 <= len(items) <= KNOWLEDGE_BOX
    assert text(items[0].xpath("a")[0]) == answer
    assert all(a.get("href").startswith("/artikel/") for a in kb.xpath("ul/li/a"))
    everything = kb.xpath(".//p[@class='all']/a")[0]
    assert parse_qs(urlsplit(everything.get("href")).query) == {"q": [q], "scope": ["articles"]}
    # The titles below are the catalogue's: the articles are in the box, not in the list.
    assert all("hit-catalogue" in h.get("class") for h in doc.xpath("//ol[contains(@class,'hits')]/li"))


def test_the_box_in_english_and_only_on_the_first_page(client):
    kb = box(page(client, "/zoeken?q=hoe+word+ik+lid&lang=en"))
    assert text(kb.xpath("h2")[0]) == "From the knowledge base"
    assert "lang=en" in kb.xpath(".//p[@class='all']/a/@href")[0]
    assert box(page(client, "/zoeken?q=hoe+word+ik+lid&page=2&size=1")) is None


def test_the_box_follows_the_measured_threshold(service):
    res = service.search(SearchRequest(q="hoe word ik lid", scope="catalogue", knowledge=True))
    assert res.knowledge.match >= KNOWLEDGE_MATCH and res.knowledge.hits
    res = service.search(SearchRequest(q="dieren", scope="catalogue", knowledge=True))
    assert res.knowledge.match < KNOWLEDGE_MATCH and not res.knowledge.hits


def test_words_that_only_name_kinds_of_items_get_no_box(service):
    # "voor kinderen": the articles on children's services score far above the catalogue's
    # ranking within the filter, but the patron named a kind of item.
    res = service.search(SearchRequest(q="voor kinderen", scope="catalogue", knowledge=True))
    assert res.knowledge.hits == [] and res.knowledge.total > 0


def test_the_page_searches_the_catalogue_and_the_home_page_says_so(client):
    doc = page(client, "/zoeken?q=bibliotheek")
    assert doc.xpath("//select[@name='scope']/option[@selected]/@value") == ["catalogue"]
    assert all("hit-catalogue" in h.get("class") for h in doc.xpath("//ol[contains(@class,'hits')]/li"))
    assert not doc.xpath("//fieldset[@data-facet='type']")  # ticking "Kennisbank" would find nothing
    home = page(client, "/")
    assert home.xpath("//input[@name='scope'][@checked]/@value") == ["catalogue"]
    # Everything in one list stays one choice away, and its links keep it.
    mixed = page(client, "/zoeken?q=bibliotheek&scope=all")
    assert any("hit-article" in h.get("class") for h in mixed.xpath("//ol[contains(@class,'hits')]/li"))
    assert box(mixed) is None and mixed.xpath("//fieldset[@data-facet='type']")
    assert all("scope=all" in a for a in mixed.xpath("//nav[@class='pages']//a/@href"))


def test_scope_articles_stays_the_librarians_search(client, service):
    doc = page(client, "/zoeken?q=dieren&scope=articles")
    listed = [a.get("href") for a in doc.xpath("//ol[contains(@class,'hits')]/li/h3/a")]
    res = service.search(SearchRequest(q="dieren", scope="articles"))
    assert listed == [h.url for h in res.hits] and listed
    assert box(doc) is None and not doc.xpath("//p[contains(@class,'understood')]")
    # Facet words are the librarians' words there: nothing is filtered.
    res = service.search(SearchRequest(q="grote letter", scope="articles"))
    assert res.understood == [] and res.hits and all(h.type == "article" for h in res.hits)


def test_the_api_keeps_everything_and_gives_the_box_as_its_own_list(client):
    body = api(client, q="hoe word ik lid")
    assert "knowledge" not in body
    assert {h["type"] for h in body["hits"]} == {"article", "catalogue"} or body["hits"][0]["type"] == "article"
    body = api(client, q="hoe word ik lid", scope="catalogue", knowledge="true")
    assert {h["type"] for h in body["hits"]} == {"catalogue"}
    assert body["knowledge"][0]["title"] == "Hoe word ik lid?" and body["knowledge_total"] >= len(body["knowledge"])
    assert all(h["type"] == "article" for h in body["knowledge"])


# --- facet words: the registry ------------------------------------------------------------------------

def test_facet_words_name_values_the_registry_and_the_vocabularies_know():
    known = {"material": {m.code for m in MATERIALS}, "reading_form": {f.code for f in READING_FORMS},
             "audience": set(AUDIENCES)}
    for f in FIELDS:
        for named in f.named:
            assert f.facet, f.name
            if f.name in known:
                assert set(named.values) <= known[f.name], (f.name, named)
            if named.words:  # a filter needs a name for its chip, in both languages
                assert named.label and named.label_en, named
    # Every phrase is read from the registry, folded as the index folds words.
    table = facetwords.phrases()
    for f in FIELDS:
        for named in f.named:
            for w in named.words + named.hints:
                assert any(p.field == f.name and p.named == named for p in table[exact_tokens(w)]), w


@pytest.mark.parametrize(("q", "expected"), [
    ("luisterboek engels", [("material", True, "luisterboek"), ("language", False, "engels")]),
    ("grote letter thriller", [("reading_form", True, "grote letter"), ("genre", False, "thriller")]),
    ("thriller luisterboek", [("genre", False, "thriller"), ("material", True, "luisterboek")]),
    ("prentenboek", [("genre", False, "prentenboek")]),
    ("voor kinderen", [("audience", True, "voor kinderen")]),
    ("Engelstalige boeken", [("language", True, "Engelstalige"), ("material", False, "boeken")]),
    ("boeken 4-6 jaar", [("material", False, "boeken"), ("audience", True, "4-6 jaar")]),
    ('"grote letter"', []),  # quoted: the patron's words
    ("titel:engels", []),  # a field of its own
    ("harry potter", []),
])
def test_facet_phrases_are_found_in_the_words(q, expected):
    assert [(m.field, m.outright, m.text) for m in facetwords.find(parse(q))] == expected


# --- facet words: the search --------------------------------------------------------------------------

def test_luisterboek_engels_filters_on_audiobooks_with_a_removable_chip(client, service):
    res = service.search(SearchRequest(q="luisterboek engels", scope="catalogue"))
    assert res.hits and all(h.record["material"] == "luisterboek" for h in res.hits)
    assert [(u.field, u.applied) for u in res.understood] == [("material", "filter"), ("language", "boost")]
    doc = page(client, "/zoeken?q=luisterboek+engels")
    notice = doc.xpath("//p[contains(@class,'understood')]")
    assert len(notice) == 1 and text(notice[0]).startswith("Alleen luisterboeken")
    chip = doc.xpath("//div[@class='chips']//a[@class='understood']")
    assert len(chip) == 1 and "Alleen luisterboeken" in text(chip[0])
    removed = parse_qs(urlsplit(chip[0].get("href")).query)
    assert removed == {"q": ["luisterboek engels"], "nofilter": ["material"]}
    assert notice[0].xpath(".//a/@href") == [chip[0].get("href")]
    # Removed: the words are words again; no filter, no chip.
    after = page(client, chip[0].get("href"))
    assert not after.xpath("//a[@class='understood']")
    res = service.search(SearchRequest(q="luisterboek engels", scope="catalogue", nofilter=("material",)))
    assert not any(u.applied == "filter" for u in res.understood)


def test_an_english_page_names_the_filter_in_english(client):
    doc = page(client, "/zoeken?q=grote+letter+thriller&lang=en")
    assert "Only large print" in text(doc.xpath("//a[@class='understood']")[0])
    body = api(client, q="grote letter thriller", lang="en")
    read = [u for u in body["understood"] if u["applied"] == "filter"]
    assert read[0]["label"] == "large print" and read[0]["notice"] in body["notices"]


def test_grote_letter_thriller_finds_large_print_thrillers(service):
    res = service.search(SearchRequest(q="grote letter thriller", scope="catalogue"))
    assert res.hits and all("grote letter" in (h.record.get("reading_form") or []) for h in res.hits)
    assert any("thriller" in g for g in res.hits[0].record.get("genre") or [])


def test_thriller_luisterboek_finds_thriller_audiobooks_first(service):
    res = service.search(SearchRequest(q="thriller luisterboek", scope="catalogue"))
    assert res.hits and all(h.record["material"] == "luisterboek" for h in res.hits)
    assert all(any("thriller" in g for g in h.record.get("genre") or []) for h in res.hits[:2])


@pytest.mark.parametrize("q", ["prentenboek", "prentenboeken"])
def test_prentenboek_ranks_picture_books_first_without_a_filter(service, q):
    # A podcast whose description says "prentenboeken" twice is not one.
    res = service.search(SearchRequest(q=q, scope="catalogue", size=5))
    assert all("prentenboek" in (h.record.get("genre") or []) for h in res.hits)
    assert [u.applied for u in res.understood] == ["boost"] and not res.request.filters


def test_voor_kinderen_filters_on_the_childrens_ages(service):
    res = service.search(SearchRequest(q="voor kinderen", scope="catalogue", size=100))
    assert res.total > 20 and all(h.record.get("audience") in KIDS for h in res.hits)
    assert [(u.field, set(u.values)) for u in res.understood] == [("audience", KIDS)]




def test_understand_false_searches_the_words_as_typed(service):
    res = service.search(SearchRequest(q="luisterboek engels", scope="catalogue", understand=False))
    assert res.understood == []
    assert "understand=false" in SearchRequest(understand=False).query_string()


def test_a_question_about_the_service_is_not_read_for_facet_words(service):
    # "een boek" in a question about interlibrary loan asks for no books.
    res = service.search(SearchRequest(q="Hoe vraag ik een boek aan uit een andere bibliotheek?", scope="catalogue"))
    assert res.understood == []
    res = service.search(SearchRequest(q="boek aanvragen andere bibliotheek", scope="catalogue"))
    assert [u.field for u in res.understood] == ["material"]


def test_nofilter_must_name_a_filterable_field(client):
    r = client.get("/api/v1/search", params={"q": "luisterboek", "nofilter": "kleur"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_filter_field"


# --- a title made of facet words is still found ---------------------------------------------------------

@pytest.fixture(scope="module")
def titled(tmp_path_factory):
    from indexer.build import build
    from search_api.service import SearchService
    from tests.conftest import SAMPLE_SOURCES

    index_dir = tmp_path_factory.mktemp("titled")
    report = build(index_dir, [*SAMPLE_SOURCES, f"jsonl:{FIXTURES / 'facet_word_titles.jsonl'}"])
    assert report.state == "done", report.message
    return SearchService(index_dir)


@pytest.mark.parametrize(("q", "record"), [
    ("De thriller", "ppn:900000017"),  # a novel, not a thriller
    ("de thriller roman", "ppn:900000017"),
    ("Engels voor op reis", "ppn:900000025"),  # a Dutch book about English
    ("engels reis", "ppn:900000025"),
    ("Het luisterboek", "ppn:900000033"),  # a printed book: its title is no filter
])
def test_a_title_with_facet_words_is_found_by_its_words(titled, q, record):
    res = titled.search(SearchRequest(q=q, scope="catalogue", size=3))
    assert res.hits and res.hits[0].id == record, [h.title for h in res.hits]


def test_a_filter_the_patron_chose_wins_over_the_words(titled):
    res = titled.search(SearchRequest(q="luisterboek", scope="catalogue", filters=(("material", "boek"),)))
    assert not any(u.applied == "filter" for u in res.understood)
    assert res.hits and res.hits[0].id == "ppn:900000033"
    assert all(h.record["material"] == "boek" for h in res.hits)


# --- the real data ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(shared_corpus, tmp_path_factory):
    """The real records, built as the patron bench builds them."""
    from bench.patron.run import build_index
    from search_api.service import SearchService

    return SearchService(build_index("real", tmp_path_factory.mktemp("real") / "index"))


def test_real_luisterboek_engels_lists_audiobooks_not_articles(real):
    res = real.search(SearchRequest(q="luisterboek engels", scope="catalogue"))
    assert res.hits and all(h.record["material"] == "luisterboek" for h in res.hits)
    # The real data hold no English audiobook; the one not in Dutch is among them.
    assert any(h.record.get("language") != ["nl"] for h in res.hits)


def test_real_grote_letter_thriller_finds_the_large_print_detective(real):
    res = real.search(SearchRequest(q="grote letter thriller", scope="catalogue"))
    assert res.hits[0].id == "ppn:314165517"
    assert all("grote letter" in (h.record.get("reading_form") or []) for h in res.hits)


def test_real_thriller_luisterboek_stays_within_audiobooks(real):
    res = real.search(SearchRequest(q="thriller luisterboek", scope="catalogue"))
    assert res.hits and all(h.record["material"] == "luisterboek" for h in res.hits)


def test_real_prentenboek_and_voor_kinderen(real):
    res = real.search(SearchRequest(q="prentenboek", scope="catalogue", size=3))
    assert res.hits and any(g.lower() == "prentenboek" for g in res.hits[0].record.get("genre") or [])
    res = real.search(SearchRequest(q="voor kinderen", scope="catalogue", size=50))
    assert res.hits and all(h.record.get("audience") in KIDS for h in res.hits)


@pytest.mark.parametrize("q", ["dieren", "prentenboek", "thrillers", "kinderboeken"])
def test_real_topics_get_titles_and_no_box(real, q):
    res = real.search(SearchRequest(q=q, scope="catalogue", knowledge=True))
    assert all(h.type == "catalogue" for h in res.hits)
    assert res.knowledge is not None and res.knowledge.hits == []


def test_facet_words_fields_exist():
    assert {f.name for f in FIELDS if f.named} == {"material", "language", "audience", "reading_form", "genre"}
    assert all(BY_NAME[n].facet for n in ("material", "language", "audience", "reading_form", "genre"))
