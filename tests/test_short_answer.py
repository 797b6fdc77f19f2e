"""The short answer on the results page: the passage /api/v1/answer quotes, shown above the
knowledge results, verbatim, with its source; never for a topic word or a weak match."""
from __future__ import annotations

import lxml.html

from search_api import answers


def short(client, url: str):
    r = client.get(url)
    assert r.status_code == 200
    found = lxml.html.fromstring(r.text).xpath("//section[@class='knowledge']/figure[@class='short-answer']")
    return found[0] if found else None


def test_a_question_gets_the_api_s_passage_quoted_with_its_source(client, service):
    fig = short(client, "/zoeken?q=e-books+lenen")
    assert fig is not None
    api = client.get("/api/v1/answer", params={"q": "e-books lenen"}).json()["passages"][0]
    quoted = fig.xpath("blockquote/p")[0].text_content()
    assert quoted == api["text"]
    # Verbatim: the article's own body holds the quote at the offsets the API gives.
    body = service.get(api["article"]["id"])["body"]
    assert body[api["start"]:api["end"]] == quoted
    src = fig.xpath("figcaption/a")[0]
    # The API links absolutely (for machines), the page relatively: the same article page.
    assert api["article"]["url"].endswith(src.get("href"))
    assert src.get("href") == fig.xpath("blockquote")[0].get("cite")
    assert src.text_content() == api["article"]["title"]
    assert fig.xpath("h3")[0].text_content() == "Kort antwoord"
    assert fig.get("aria-labelledby") == fig.xpath("h3")[0].get("id")


def test_in_english_the_labels_are_english(client):
    fig = short(client, "/zoeken?q=e-books+lenen&lang=en")
    assert fig.xpath("h3")[0].text_content() == "Short answer"
    assert "lang=en" in fig.xpath("figcaption/a")[0].get("href")


def test_no_short_answer_for_a_topic_a_single_word_or_a_weak_passage(client, service):
    assert short(client, "/zoeken?q=dieren") is None  # no knowledge box at all
    # One word is a topic: even where the box shows and a passage clears the threshold.
    assert short(client, "/zoeken?q=openingstijden") is None
    # The box shows, but no passage clears the threshold: nothing is quoted.
    snap = service.snapshot()
    assert answers.answer(snap, "hoe word ik lid", size=1).passages == []
    assert short(client, "/zoeken?q=hoe+word+ik+lid") is None
