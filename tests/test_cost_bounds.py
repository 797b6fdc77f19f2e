"""A bound on what one request may cost: the words searched for, and the time spent explaining."""
from __future__ import annotations

from search_api import service as service_module
from search_api.userquery import MAX_TERMS, parse

WORDS = "hemel aarde oorlog liefde kinderen boek water school lezen geschiedenis".split()


def test_words_past_the_limit_are_dropped_with_a_notice():
    q = " ".join(f"{w}{i}" for i, w in enumerate(WORDS * 6))  # 60 different words
    parsed = parse(q)
    assert len(parsed.positive_clauses()) == MAX_TERMS
    assert [c.text for c in parsed.positive_clauses()] == q.split()[:MAX_TERMS]  # the first, in order
    notice = next(n for n in parsed.notices if n.key == "too_many_words")
    assert notice.params == {"limit": MAX_TERMS, "dropped": 60 - MAX_TERMS}
    assert "eerste 32 woorden" in notice.text("nl") and "first 32 words" in notice.text("en")


def test_a_long_phrase_is_cut_to_the_words_left_and_short_queries_are_untouched():
    phrase = '"' + " ".join(WORDS * 5) + '"'
    parsed = parse(f"tolkien {phrase}")
    clauses = parsed.positive_clauses()
    assert clauses[0].text == "tolkien" and clauses[1].phrase
    assert len(clauses[1].text.split()) == MAX_TERMS - 1
    assert not any(n.key == "too_many_words" for n in parse("de hobbit van tolkien").notices)


def test_a_long_search_still_finds_by_its_first_words(client):
    first = client.get("/api/v1/search", params={"q": "hemel"}).json()
    assert first["total"] > 0
    q = "hemel " + " ".join(f"zzq{i}" for i in range(60))  # the first word is known, the rest not
    body = client.get("/api/v1/search", params={"q": q}).json()
    assert any("eerste 32 woorden" in n for n in body["notices"])
    page = client.get("/zoeken", params={"q": q})
    assert page.status_code == 200 and "eerste 32 woorden" in page.text


def test_explaining_stops_at_its_time_and_says_so(client, monkeypatch):
    params = {"q": "bibliotheek", "explain": "true", "size": 10, "spell": "false"}
    # Time enough for every hit however busy the machine (the bound itself is the second half).
    monkeypatch.setattr(service_module, "EXPLAIN_SECONDS", 30.0)
    full = client.get("/api/v1/search", params=params).json()
    assert len(full["hits"]) >= 3 and all(h.get("explain") for h in full["hits"])
    assert not any("uitleg" in n for n in full["notices"])
    monkeypatch.setattr(service_module, "EXPLAIN_SECONDS", 0.0)
    params["size"] = 9  # not the cached page
    cut = client.get("/api/v1/search", params=params).json()
    assert cut["hits"][0].get("explain")  # the first hit is always explained
    assert not any(h.get("explain") for h in cut["hits"][1:])
    assert any(f"ontbreekt bij {len(cut['hits']) - 1} resultaten" in n for n in cut["notices"])
    page = client.get("/zoeken", params={**params, "size": 8})
    assert page.status_code == 200 and page.text.count('class="why"') == 1


# --- the same bound on SRU's CQL ----------------------------------------------------------------

def _sru(client, query: str):
    from tests.test_sru import codes, diagnostics, number_of_records, search

    doc = search(client, query)
    return number_of_records(doc), codes(doc), dict(diagnostics(doc))


def _unknown(n: int, start: int = 0) -> str:
    return " ".join(f"zzq{i}" for i in range(start, start + n))


def test_cql_words_past_the_limit_are_left_out_with_a_non_fatal_diagnostic(client):
    hemel, _, _ = _sru(client, "hemel")
    both, _, _ = _sru(client, "hemel or bibliotheek")
    assert 0 < hemel < both
    # hemel is the first word and bibliotheek the limit's next: it is not searched for.
    total, found, details = _sru(client, f'cql.serverChoice any "hemel {_unknown(MAX_TERMS - 1)} bibliotheek"')
    assert total == hemel and found == [38]
    assert next(iter(details.values())) == str(MAX_TERMS)
    # Counted over the whole tree, left to right: a clause with no words left drops out of its `and`.
    total, found, _ = _sru(client, f'cql.serverChoice any "hemel {_unknown(MAX_TERMS - 1)}" and dc.title=zzqnone')
    assert total == hemel and found == [38]
    within, found, _ = _sru(client, f'cql.serverChoice any "hemel {_unknown(MAX_TERMS - 2)}" or bibliotheek')
    assert within == both and found == []


def test_a_long_cql_phrase_is_cut_and_short_queries_are_untouched(client):
    phrase = " ".join(WORDS * 5)
    total, found, _ = _sru(client, f'dc.title adj "{phrase}"')
    assert found == [38] and total >= 0
    _, found, _ = _sru(client, f'dc.title adj "{" ".join(WORDS[:3])}" and dc.date=2000')
    assert 38 not in found


def test_a_cql_word_given_twice_is_searched_once_with_the_same_scores(service):
    """`any "hemel hemel bibliotheek"` scores as `any "hemel bibliotheek" or hemel` (the clauses of
    a boolean add up) but walks hemel's posting lists once: the translated query has one clause
    per different word."""
    from search_api import cql
    from search_api.cql_query import translate

    snap = service.snapshot()
    st = service.state

    def top(q: str):
        res = snap.run_cql(cql.parse(q), limit=20, text=q)
        return [(h.id, round(h.score, 4)) for h in res.hits], res.total

    twice = top('cql.serverChoice any "hemel Hemel bibliotheek"')
    spelled_out = top('cql.serverChoice any "hemel bibliotheek" or cql.serverChoice any "hemel"')
    assert twice[1] > 0 and twice == spelled_out
    for relation in ("any", "all"):
        once = translate(cql.parse(f'cql.serverChoice {relation} "hemel bibliotheek"'), st.schema)
        again = translate(cql.parse(f'cql.serverChoice {relation} "hemel hemel bibliotheek hemel"'), st.schema)
        assert repr(again).count("hemel") == repr(once).count("hemel")
