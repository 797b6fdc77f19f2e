"""GET /api/v1/answer: passages quoted verbatim from the knowledge articles, with their sources;
nothing for a weak match; catalogue titles when books are asked for."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from search_api import answers

QUESTION = "Hoe vraag ik een boek aan uit een andere bibliotheek?"


def _verbatim(client, passage: dict) -> None:
    """The passage is the stored text of its article at the position it gives."""
    art = passage["article"]
    rec = client.get(f"/api/v1/records/{art['id']}").json()
    assert rec["type"] == "article"
    assert rec[passage["field"]][passage["start"]:passage["end"]] == passage["text"]
    assert art["title"] == rec["title"] and art.get("section") == rec.get("section")
    assert art["url"].endswith(f"/artikel/{art['id']}")
    assert client.get(urlsplit(art["url"]).path).status_code == 200


def test_a_question_gets_verbatim_passages_with_their_sources(client):
    r = client.get("/api/v1/answer", params={"q": QUESTION})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == QUESTION and body["passages"]
    for p in body["passages"]:
        _verbatim(client, p)
        assert p["score"] >= body["threshold"] == answers.THRESHOLD
    first = body["passages"][0]
    assert "ibl" in first["article"]["id"]  # the article on interlibrary loan
    assert [p["score"] for p in body["passages"]] == sorted((p["score"] for p in body["passages"]), reverse=True)
    assert not body["books_asked"] and body["titles"] == []  # a service question, not a request for titles


def test_nonsense_gives_nothing(client):
    for q in ("xqzt vlorp gnarb", "de het een", "?"):
        body = client.get("/api/v1/answer", params={"q": q}).json()
        assert body["passages"] == [], q


def test_a_weak_passage_gives_nothing(client, service):
    """The threshold decides: the best candidate below it is not returned."""
    q = "Wat kost een abonnement?"
    snap = service.snapshot()
    best = answers.candidates(snap, q)[0]
    assert best.score < answers.THRESHOLD
    assert client.get("/api/v1/answer", params={"q": q}).json()["passages"] == []
    assert answers.answer(snap, q, threshold=best.score).passages[0].text == best.text


def test_books_asked_for_bring_catalogue_titles(client):
    body = client.get("/api/v1/answer", params={"q": "boeken over dieren"}).json()
    assert body["books_asked"]
    assert body["titles"] and all(t["id"] and t["url"].startswith("/titel/") for t in body["titles"])
    assert any("dier" in t["title"].lower() for t in body["titles"])
    for p in body["passages"]:
        _verbatim(client, p)


@pytest.mark.parametrize("params,code", [({}, "missing_query"), ({"q": "  "}, "missing_query"),
                                          ({"q": "x" * 501}, "query_too_long"),
                                          ({"q": QUESTION, "size": "0"}, None)])
def test_bad_input_is_a_4xx_json_error(client, params, code):
    r = client.get("/api/v1/answer", params=params)
    assert 400 <= r.status_code < 500
    err = r.json()["error"]
    assert err["message"]
    if code:
        assert err["code"] == code


def test_sentences_and_windows_keep_their_offsets():
    text = "Eerste zin. Tweede zin?\nDerde; vierde!  Vijfde"
    spans = answers.sentences(text)
    assert [text[s:e] for s, e in spans] == ["Eerste zin.", "Tweede zin?", "Derde;", "vierde!", "Vijfde"]
    assert (0, len("Eerste zin. Tweede zin?")) in answers.windows(text)


@pytest.mark.shared
def test_faq_questions_are_answered_from_their_page(shared_corpus, tmp_path_factory):
    """On the real FAQ pages (train questions), most answers quote the question's own page."""
    from bench import answers as bench

    _, judged = bench.measure(shared_corpus, "train", limit=60)
    assert sum(j.right for j in judged) / len(judged) >= 0.3
