"""A question or a long search requires none of its words (search_api.pipeline: `long_query`),
and the zero-result chain's any-word step neither: when the results lack some of the words, the
API and the page say so, naming the words, in Dutch and in English. Every expectation is checked
against what the words find on their own in the sample."""
from __future__ import annotations

import lxml.html
import pytest

from search_api.notices import Notice
from search_api.request import SearchRequest


def notice(res, key: str) -> Notice | None:
    return next((n for n in res.notices if getattr(n, "key", None) == key), None)


def alone(service, word: str, scope: str = "catalogue") -> int:
    """What one word finds by itself, as typed."""
    return service.search(SearchRequest(q=word, scope=scope, spell=False, understand=False, group=False, size=1)).total


def test_a_question_whose_word_finds_nothing_names_it(service):
    res = service.search(SearchRequest(q="hoe kan ik leren breien", scope="catalogue"))
    assert res.total > 0 and alone(service, "breien") == 0 and alone(service, "leren") > 0
    n = notice(res, "words_missing")
    assert n is not None, res.notices
    assert "‘breien’" in n and "leren" not in n.params["words"]
    assert n.text("en").startswith("Nothing was found in the catalogue with ‘breien’.")
    assert str(n).startswith("Er is in de catalogus niets gevonden met ‘breien’.")


def test_the_any_word_step_names_the_words_that_found_nothing(service):
    q = "boeken over breien en haken voor beginners"
    res = service.search(SearchRequest(q=q, scope="catalogue"))
    assert res.total > 0 and alone(service, "breien") == 0 and alone(service, "haken") == 0
    n = notice(res, "words_missing")
    assert n is not None and n.params["words"] == "‘breien’ en ‘haken’", res.notices
    assert n.params["words_en"] == "‘breien’ and ‘haken’"
    assert notice(res, "any_word") is None  # said once, with the words named
    assert "een deel van de woorden" in n


def test_a_question_with_all_words_found_apart_says_no_result_has_them_all(service):
    q = "hoe vraag ik een boek aan uit een andere bibliotheek"
    res = service.search(SearchRequest(q=q, scope="catalogue"))
    assert res.total > 0
    assert notice(res, "words_apart") is not None, res.notices


def test_a_question_some_results_answer_fully_names_the_words_not_in_every_result(service):
    res = service.search(SearchRequest(q="hoe leren kinderen lezen", scope="catalogue", group=False, size=100))
    n = notice(res, "words_some")
    assert n is not None, res.notices
    assert n.params["words"] == "‘leren’, ‘kinderen’ en ‘lezen’"
    # Each named word is indeed missing from some result: fewer records have it than the results;
    # and some results have them all (else the notice would say that none has).
    for word in ("leren", "kinderen", "lezen"):
        assert 0 < alone(service, word) < res.total, word
    assert service.search(SearchRequest(q="leren kinderen lezen", scope="catalogue", group=False)).total > 0


@pytest.mark.parametrize("q", ["de ontdekking van de hemel", "wat is poëzie", "hemel"])
def test_no_notice_when_every_word_is_required_or_there_is_one(service, q):
    res = service.search(SearchRequest(q=q, scope="catalogue"))
    assert res.total > 0
    assert not any(getattr(n, "key", "").startswith("words_") for n in res.notices), res.notices


def test_the_knowledge_base_search_is_not_told(service):
    res = service.search(SearchRequest(q="hoe vraag ik een boek aan uit een andere bibliotheek", scope="articles"))
    assert res.total > 0
    assert not any(getattr(n, "key", "").startswith("words_") for n in res.notices), res.notices


def test_the_api_and_the_page_say_it_in_both_languages(client):
    q = "hoe kan ik leren breien"
    body = client.get("/api/v1/search", params={"q": q, "scope": "catalogue"}).json()
    assert "Er is in de catalogus niets gevonden met ‘breien’. Hieronder resultaten met een deel van de " \
           f"woorden van '{q}'." in body["notices"]
    en = client.get("/api/v1/search", params={"q": q, "scope": "catalogue", "lang": "en"}).json()
    assert f"Nothing was found in the catalogue with ‘breien’. Below are results with some of the words of " \
           f"'{q}'." in en["notices"]
    # Over everything (the API's default scope) the notice does not say "in the catalogue".
    everything = client.get("/api/v1/search", params={"q": q, "lang": "en"}).json()["notices"]
    assert any(n.startswith("Nothing was found with ‘breien’.") for n in everything), everything
    for lang, start in (("nl", "Er is in de catalogus niets gevonden met ‘breien’."),
                        ("en", "Nothing was found in the catalogue with ‘breien’.")):
        r = client.get("/zoeken", params={"q": q, "lang": lang})
        doc = lxml.html.fromstring(r.text)
        texts = [" ".join(p.text_content().split()) for p in doc.xpath("//p[contains(@class,'notice')]")]
        assert any(t.startswith(start) for t in texts), (lang, texts)


@pytest.mark.parametrize("q, bare", [
    ("ik zoek een boek over de oorlog", "ik oorlog"),
    ("waar vind ik boeken over katten", "waar katten"),
    ("hoe maak ik een website", "hoe website"),
    ("ik wil graag iets over vogels", "ik vogels"),
])
def test_a_request_searches_what_it_asks_for_not_the_words_it_asks_with(service, q, bare):
    """'zoek', 'vind', 'maak', 'graag', 'iets' and 'boek(en) over' say how the patron asks: a
    request finds and ranks what the question without them does, the records with its subject,
    and its notices do not name them."""
    res = service.search(SearchRequest(q=q, scope="catalogue", group=False, size=100))
    without = service.search(SearchRequest(q=bare, scope="catalogue", group=False, size=100))
    subject = service.search(SearchRequest(q=bare.split()[-1], scope="catalogue", group=False, size=100))
    assert res.hits and [h.id for h in res.hits] == [h.id for h in without.hits], q
    assert {h.id for h in res.hits} == {h.id for h in subject.hits}
    assert not any(getattr(n, "key", None) in ("words_missing", "words_some", "words_apart") for n in res.notices)


def test_a_request_whose_subject_finds_nothing_says_nothing_found_not_which_filler_did(service):
    res = service.search(SearchRequest(q="ik zoek een boek over breien", scope="catalogue"))
    assert alone(service, "zoek") > 0 and alone(service, "boek") > 0 and alone(service, "breien") == 0
    assert res.total == 0, [h.title for h in res.hits]  # not "Zoek!" and every "boek"


def test_request_words_in_a_search_that_is_no_question_are_words(service):
    """'Zoek de verschillen' is not a request: 'zoek' is a title's word and is searched."""
    res = service.search(SearchRequest(q="zoek de verschillen", scope="catalogue", size=3))
    assert res.hits and res.hits[0].title.startswith("Zoek"), [h.title for h in res.hits]
    # A question of nothing but the words it asks with is searched for them.
    assert service.search(SearchRequest(q="hoe zoek ik?", scope="catalogue", group=False)).total == alone(service, "zoek")


def test_the_zero_page_of_a_question_lists_only_the_words_it_searched(client):
    page = lxml.html.fromstring(client.get("/zoeken", params={"q": "ik zoek een boek over breien en haken"}).text)
    listed = [li.text_content().split(" (")[0] for li in page.xpath("//ul[@class='words-alone']/li")]
    assert listed == ["breien", "haken"], listed


def test_the_any_word_step_finds_the_subject_words_not_every_book(service):
    """Nothing has all of "boeken over breien en haken voor beginners": the any-word step finds
    the records with a word naming the subject ('beginners'; 'breien' and 'haken' find nothing),
    not every book by 'boeken' nor what only its stop words match; those words still rank."""
    q = "boeken over breien en haken voor beginners"
    res = service.search(SearchRequest(q=q, scope="catalogue", group=False, size=100))
    subject = service.search(SearchRequest(q="beginners", scope="catalogue", group=False, size=100))
    assert alone(service, "boeken") > 10 * alone(service, "beginners") > 0  # the test says something
    assert res.total == subject.total and {h.id for h in res.hits} == {h.id for h in subject.hits}
    # Only when the words naming a subject find nothing does a word naming a kind of item make
    # a match: the notice says which words found nothing.
    q = "children's books about animals"
    res = service.search(SearchRequest(q=q, scope="catalogue"))
    assert alone(service, "about") == alone(service, "animals") == 0 < res.total
    n = notice(res, "words_missing")
    assert n is not None and n.params["words"] == "‘about’ en ‘animals’", res.notices
