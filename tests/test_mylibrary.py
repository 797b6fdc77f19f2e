"""The libraries file (search_api.directory), the library pages and the chooser (web.mylibrary)."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from search_api.directory import TIMEZONE, LibrariesError, load, parse
from search_api.request import SearchRequest
from tests.conftest import SAMPLE, SAMPLE_LIBRARIES

GOOD = {"isil": "NL-TsBib", "name": "Bibliotheek Test", "website": "https://test.example/",
        "reserve_url": "https://test.example/r?ppn={ppn}&isbn={isbn}&id={id}&b={isil}",
        "branches": [{"name": "Centrum", "address": "Markt 1, Teststad",
                      "opening_hours": "Mo-Fr 10:00-18:00; Sa 10:00-14:00; PH off"}]}


def problems(data) -> str:
    with pytest.raises(LibrariesError) as err:
        parse(data, "libraries.json")
    return str(err.value)


# --- the file and its checks ----------------------------------------------------------------------

def test_a_good_file_reads():
    d = parse([GOOD])
    lib = d.get("nl-tsbib")  # ISILs compare without case
    assert lib.name == "Bibliotheek Test" and lib.branches[0].hours is not None


@pytest.mark.parametrize("change, where, why", [
    ({"isil": "NLTsBib"}, "field 'isil'", "is not an ISIL"),
    ({"isil": "NL-" + "x" * 20}, "field 'isil'", "is not an ISIL"),
    ({"isil": None}, "field 'isil'", "is required"),
    ({"name": ""}, "field 'name'", "is required"),
    ({"website": "ftp://test.example/"}, "field 'website'", "http:// or https://"),
    ({"website": "javascript:alert(1)"}, "field 'website'", "http:// or https://"),
    ({"reserve_url": "https://x.example/?t={title}"}, "field 'reserve_url'", "unknown placeholder {title}"),
    ({"reserve_url": "https://x.example/?t={ppn"}, "field 'reserve_url'", "not a valid template"),
    ({"reserve_url": "javascript:go({ppn})"}, "field 'reserve_url'", "http:// or https://"),
    ({"adress": "x"}, "field 'adress'", "is not a field of a library"),
    ({"branches": [{"name": "Centrum", "opening_hours": "Mo-Fx 10:00-18:00"}]},
     "branch 1 (Centrum), field 'opening_hours'", "is not OpenStreetMap opening_hours syntax"),
    ({"branches": [{"name": "Centrum", "opening_hours": "10 tot 5"}]},
     "branch 1 (Centrum), field 'opening_hours'", "'10 tot 5'"),
])
def test_each_mistake_names_the_entry_the_field_and_why(change, where, why):
    message = problems([{**GOOD, **change}])
    assert "libraries.json: library 1" in message and where in message and why in message, message


def test_a_duplicate_isil_names_both_entries_and_every_mistake_is_listed():
    message = problems([GOOD, {**GOOD, "isil": "nl-tsbib"}, {**GOOD, "isil": "NL-Ok", "website": "x"}])
    lines = message.splitlines()
    assert len(lines) == 2, message
    assert "library 2 (nl-tsbib), field 'isil'" in lines[0] and "listed twice (library 1" in lines[0]
    assert "library 3 (NL-Ok), field 'website'" in lines[1]


def test_not_a_list_and_not_json(tmp_path):
    assert "must be a JSON list" in problems({"isil": "NL-X"})
    bad = tmp_path / "libs.json"
    bad.write_text("[{,]", encoding="utf-8")
    with pytest.raises(LibrariesError, match=r"libs.json: not JSON: .* line 1"):
        load(bad)
    with pytest.raises(LibrariesError, match="cannot read"):
        load(tmp_path / "missing.json")


def test_the_server_does_not_start_with_a_bad_file(tmp_path, sample_index):
    from search_api.app import create_app
    from search_api.settings import Settings

    bad = tmp_path / "libs.json"
    bad.write_text(json.dumps([{**GOOD, "isil": "bad"}]), encoding="utf-8")
    with pytest.raises(LibrariesError, match="field 'isil'"):
        create_app(Settings(index_dir=str(sample_index), libraries_file=str(bad)))
    assert Settings.from_env({"VINDPLAATS_LIBRARIES": str(bad)}).libraries_file == str(bad)


def test_opening_hours_now_open_opens_at_and_closed():
    branch = parse([GOOD]).get("NL-TsBib").branches[0]
    at = lambda *a: dt.datetime(*a, tzinfo=TIMEZONE)  # noqa: E731
    # Thursday 3 December 2026
    assert branch.status(at(2026, 12, 3, 12, 0)) == {"state": "open", "until": at(2026, 12, 3, 18, 0)}
    assert branch.status(at(2026, 12, 3, 8, 30)) == {"state": "opens_today", "at": at(2026, 12, 3, 10, 0)}
    assert branch.status(at(2026, 12, 5, 15, 0)) == {"state": "closed", "at": at(2026, 12, 7, 10, 0)}
    # Christmas and Boxing Day are public holidays (PH off): from Christmas Eve it opens next on Monday 28th.
    assert branch.status(at(2026, 12, 24, 19, 0))["at"] == at(2026, 12, 28, 10, 0)
    # Evaluated in Amsterdam time, whatever zone the clock gives.
    assert branch.status(dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC))["state"] == "open"
    week = branch.week(dt.date(2026, 12, 3))
    assert week[0] == (dt.date(2026, 12, 3), [("10:00", "18:00")])
    assert week[2] == (dt.date(2026, 12, 5), [("10:00", "14:00")]) and week[3][1] == []


def test_reserve_url_is_filled_in_url_encoded():
    lib = parse([GOOD]).get("NL-TsBib")
    url = lib.reserve({"id": "ppn:1", "ppn": "1 2", "isbn": ["97&8"]})
    assert url == "https://test.example/r?ppn=1%202&isbn=97%268&id=ppn%3A1&b=NL-TsBib"


def test_the_sample_file_names_every_library_the_sample_holds():
    d = load(SAMPLE_LIBRARIES)
    held = {h["library"] for line in (SAMPLE / "catalogue.jsonl").open(encoding="utf-8")
            for h in json.loads(line).get("holdings") or []}
    assert held and all(d.get(isil) for isil in held), held - {lib.isil for lib in d.libraries}
    assert all(b.hours is not None for lib in d.libraries for b in lib.branches)


def test_the_files_names_win_over_the_records(tmp_path, sample_index):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    data = json.loads(SAMPLE_LIBRARIES.read_text(encoding="utf-8"))
    for lib in data:
        if lib["isil"] == "NL-AmOBA":
            lib["name"] = "Openbare Bibliotheek Amsterdam (uit het bestand)"
    path = tmp_path / "libraries.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    app = create_app(Settings(index_dir=str(sample_index), libraries_file=str(path)))
    with TestClient(app) as c:
        name = "Openbare Bibliotheek Amsterdam (uit het bestand)"
        page = c.get("/zoeken", params={"q": "", "filter": "library:NL-AmOBA"}).text
        assert page.count(name) >= 2, "facet label and chip"  # the facet and the chip
        assert "OBA Amsterdam" not in page
        api = c.get("/api/v1/search", params={"q": ""}).json()
        labels = {v["value"]: v.get("label") for f in [api["facets"].get("library") or []] for v in f}
        assert labels.get("NL-AmOBA") in (None, name)
        rec = next(r for r in map(json.loads, (SAMPLE / "catalogue.jsonl").open(encoding="utf-8"))
                   if any(h["library"] == "NL-AmOBA" for h in r.get("holdings") or []))
        record = c.get(f"/titel/{rec['id']}").text
        assert name in record and "<th scope=\"row\">OBA Amsterdam</th>" not in record


# --- the pages ---------------------------------------------------------------------------------------

def test_library_page_lists_branches_hours_and_state(client):
    before = dt.datetime.now(TIMEZONE)
    r = client.get("/bibliotheek/NL-AmOBA")
    after = dt.datetime.now(TIMEZONE)
    assert r.status_code == 200
    html = r.text
    assert "<h1>OBA Amsterdam</h1>" in html and "OBA Oosterdok" in html and "https://amoba.bibliotheek.example/" in html
    d = load(SAMPLE_LIBRARIES).get("NL-AmOBA")
    assert html.count('class="hours"') == len(d.branches)
    states = re.findall(r'<p class="open-state (\w+)">([^<]+)</p>', html)
    assert len(states) == len(d.branches)
    for (state, text), branch in zip(states, d.branches):
        # the state the opening_hours library gives for the moment of the request
        assert state in (branch.status(before)["state"], branch.status(after)["state"])
        assert text.startswith({"open": "Nu open", "opens_today": "Nu gesloten, opent om", "closed": "Gesloten"}[state])
        rows = branch.week(before.date())
        first = ", ".join(f"{a}–{z}" for a, z in rows[0][1]) or "gesloten"
        assert "<th scope=\"row\">vandaag" in html and first in html
    en = client.get("/bibliotheek/NL-AmOBA?lang=en").text
    assert ">today" in en and "Opening hours of OBA Oosterdok" in en


def test_unknown_library_is_404_and_head_works(client):
    r = client.get("/bibliotheek/NL-Nergens")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert client.head("/bibliotheek/NL-AmOBA").status_code == 200
    assert client.head("/bibliotheek/NL-AmOBA").content == b""
    assert client.head("/bibliotheken?bq=utrecht").status_code == 200


def test_chooser_finds_by_name_place_and_isil_and_keeps_the_search(client):
    back = "/zoeken?q=mulisch&filter=material:boek&page=2"
    by_place = client.get("/bibliotheken", params={"bq": "leusden", "back": back}).text
    assert "Bibliotheek Eemland" in by_place and "Bibliotheek Utrecht" not in by_place
    links = re.findall(r'<a class="choose" rel="nofollow" href="([^"]+)" data-library="([^"]+)"', by_place)
    assert links == [("/zoeken?q=mulisch&amp;filter=material%3Aboek&amp;library=NL-AmfBE", "NL-AmfBE")]
    by_isil = client.get("/bibliotheken", params={"bq": "nl-amoba"}).text
    assert "OBA Amsterdam" in by_isil
    by_name = client.get("/bibliotheken", params={"bq": "fryslan"}).text  # Súdwest-Fryslân, without accents
    assert "Bibliotheek Súdwest-Fryslân" in by_name
    nothing = client.get("/bibliotheken", params={"bq": "zzzz"}).text
    assert "0 bibliotheken gevonden" in nothing
    # A way back must stay on this site.
    for evil in ("https://evil.example/zoeken", "//evil.example/", "/admin"):
        page = client.get("/bibliotheken", params={"bq": "oba", "back": evil}).text
        assert 'href="/zoeken?library=NL-AmOBA"' in page, evil


def test_the_libraries_api_lists_what_the_chooser_lists(client):
    everyone = client.get("/api/v1/libraries").json()
    assert everyone["query"] == "" and everyone["total"] == len(everyone["libraries"]) > 5
    names = [lib["name"] for lib in everyone["libraries"]]
    assert "OBA Amsterdam" in names and len({lib["isil"] for lib in everyone["libraries"]}) == len(names)
    by_place = client.get("/api/v1/libraries", params={"q": "leusden"}).json()
    assert [lib["isil"] for lib in by_place["libraries"]] == ["NL-AmfBE"] and by_place["total"] == everyone["total"]
    assert "Leusden" in by_place["libraries"][0]["places"]
    accents = client.get("/api/v1/libraries", params={"q": "fryslan"}).json()["libraries"]
    assert "Bibliotheek Súdwest-Fryslân" in [lib["name"] for lib in accents]  # also by the province Fryslân
    assert client.get("/api/v1/libraries", params={"q": "zzzz"}).json()["libraries"] == []
    too_long = client.get("/api/v1/libraries", params={"q": "x" * 201})
    assert too_long.status_code == 400 and too_long.headers["content-type"].startswith("application/json")


def test_search_and_record_pages_offer_the_chooser(client, service):
    page = client.get("/zoeken", params={"q": "mulisch"}).text
    assert 'action="/bibliotheken"' in page and 'name="back" value="/zoeken?q=mulisch"' in page
    chosen = client.get("/zoeken", params={"q": "mulisch", "library": "NL-AmOBA"}).text
    assert "Uw bibliotheek:" in chosen and 'href="/bibliotheek/NL-AmOBA"' in chosen
    assert 'class="my-library-clear" rel="nofollow" href="/zoeken?q=mulisch&amp;library="' in chosen
    cleared = client.get("/zoeken", params={"q": "mulisch", "library": ""})
    assert cleared.status_code == 200 and "Uw bibliotheek:" not in cleared.text
    rec = service.search(SearchRequest(q="mulisch")).hits[0]
    record = client.get(rec.url).text
    assert 'action="/bibliotheken"' in record


def test_a_record_held_by_the_chosen_library_offers_reserveren(client, sample_records):
    rec = next(r for r in sample_records if any(h["library"] == "NL-AmOBA" for h in r.get("holdings") or []))
    other = next(r for r in sample_records if r.get("holdings")
                 and all(h["library"] != "NL-AmOBA" for h in r["holdings"]))
    lib = load(SAMPLE_LIBRARIES).get("NL-AmOBA")
    page = client.get(f"/titel/{rec['id']}", params={"library": "NL-AmOBA"}).text
    expected = lib.reserve(rec).replace("&", "&amp;")
    assert f'<a class="action-primary" href="{expected}"' in page and ">Reserveren<" in page
    assert "action-primary" not in client.get(f"/titel/{rec['id']}").text  # no library chosen
    assert "action-primary" not in client.get(f"/titel/{other['id']}", params={"library": "NL-AmOBA"}).text


# --- the actions: Reserveren, another edition, interlibrary loan, the online library --------------

NATIONAL = "https://online.example/zoek?q={query}"


def holders(records) -> set[str]:
    return {h["library"] for r in records for h in r.get("holdings") or []}


def test_reserve_only_for_a_held_edition_at_a_library_with_a_reserve_url():
    from web.actions import reserve_url

    d = parse([GOOD, {**GOOD, "isil": "NL-TsGeen", "reserve_url": None}])
    rec = {"id": "ppn:1", "ppn": "1", "isbn": ["9789023317289"],
           "holdings": [{"library": "NL-TsBib"}, {"library": "NL-TsGeen"}]}
    assert reserve_url(d, rec, "NL-TsBib") == "https://test.example/r?ppn=1&isbn=9789023317289&id=ppn%3A1&b=NL-TsBib"
    assert reserve_url(d, rec, "NL-TsGeen") is None  # held, but the library takes no reservations here
    assert reserve_url(d, rec, None) is None
    assert reserve_url(d, {**rec, "holdings": [{"library": "NL-TsGeen"}]}, "NL-TsBib") is None  # not held


def test_which_titles_are_lent_online_and_where():
    from web.actions import online_lending_url

    ebook = {"material": "e-book", "title": "Rood & wit", "isbn": ["9789023317289"], "holdings": [],
             "online_url": "https://www.onlinebibliotheek.nl/catalogus/1/rood"}
    assert online_lending_url(ebook, NATIONAL) == ebook["online_url"]  # its own page there
    assert online_lending_url({**ebook, "online_url": None}, NATIONAL) == "https://online.example/zoek?q=9789023317289"
    assert online_lending_url({**ebook, "online_url": "javascript:x", "isbn": []}, NATIONAL) == \
        "https://online.example/zoek?q=Rood%20%26%20wit"
    cd = {"material": "luisterboek", "title": "Hemel", "holdings": [{"library": "NL-AmOBA"}]}
    assert online_lending_url(cd, NATIONAL) is None  # copies on a shelf, no address: a CD
    assert online_lending_url({**cd, "holdings": []}, NATIONAL) == "https://online.example/zoek?q=Hemel"
    assert online_lending_url({**cd, "online_url": "https://luister.example/1"}, NATIONAL) == "https://luister.example/1"
    for code in ("boek", "website", "databank", "podcast"):
        assert online_lending_url({"material": code, "online_url": "https://x.example/"}, NATIONAL) is None, code


def test_the_online_library_address_is_a_setting():
    from search_api.settings import Settings

    assert Settings.from_env({"VINDPLAATS_ONLINE_LIBRARY_URL": NATIONAL}).online_library_url == NATIONAL
    assert "{query}" in Settings.from_env({}).online_library_url


def test_an_ebook_offers_lending_online_and_never_interlibrary_loan(client, sample_records):
    ebook = next(r for r in sample_records if r["material"] == "e-book" and r.get("online_url"))
    for params in ({}, {"library": "NL-AmOBA"}, {"lang": "en"}):
        page = client.get(f"/titel/{ebook['id']}", params=params).text
        label = "Borrow from the online library" if params.get("lang") else "Lenen in de online bibliotheek"
        href = ebook["online_url"].replace("&", "&amp;")
        assert f'<a class="action-primary action-online" href="{href}" rel="noopener noreferrer">{label}<' in page
        assert "Online raadplegen" not in page and "View online" not in page  # one link, not two
        assert "interbibliothecair leenverkeer" not in page
    website = next(r for r in sample_records if r["material"] == "website")
    page = client.get(f"/titel/{website['id']}").text
    assert "Online raadplegen" in page and "action-online" not in page
    cd = next(r for r in sample_records if r["material"] == "luisterboek" and r.get("holdings"))
    assert "action-online" not in client.get(f"/titel/{cd['id']}").text


def test_a_printed_title_held_elsewhere_offers_interlibrary_loan_or_the_held_edition(client, sample_records):
    works: dict[str, list[dict]] = {}
    for r in sample_records:
        if r.get("work_key"):
            works.setdefault(r["work_key"], []).append(r)
    everyone = holders(sample_records)
    # A printed edition, and a library that holds another edition of its work but not this one.
    rec, other_lib = next((r, lib) for eds in works.values() for r in eds if r["material"] == "boek"
                          for lib in sorted(holders([e for e in eds if e is not r]) - holders([r])))
    page = client.get(f"/titel/{rec['id']}", params={"library": other_lib}).text
    assert "andere uitgave van hetzelfde werk" in page and "interbibliothecair leenverkeer" not in page
    assert "action-primary" not in page
    nowhere = sorted(everyone - holders(works[rec["work_key"]]))[0]
    page = client.get(f"/titel/{rec['id']}", params={"library": nowhere}).text
    assert "interbibliothecair leenverkeer" in page and "andere uitgave" not in page


def test_result_list_offers_a_compact_reserveren_for_hits_the_library_holds(client, service):
    lib = load(SAMPLE_LIBRARIES).get("NL-AmOBA")
    req = SearchRequest(q="", library="NL-AmOBA", size=100)
    hits = service.search(req).hits
    held = [h for h in hits if h.type == "catalogue" and any(x["library"] == "NL-AmOBA"
                                                             for x in h.record.get("holdings") or [])]
    assert held and len(held) < len(hits)
    page = client.get("/zoeken", params={"q": "", "library": "NL-AmOBA", "size": 100}).text
    links = re.findall(r'<a class="action-compact" href="([^"]+)"', page)
    assert links == [lib.reserve(h.record).replace("&", "&amp;") for h in held]
    assert "action-compact" not in client.get("/zoeken", params={"q": "", "size": 50}).text


def test_searching_all_libraries_says_so_in_the_url(client):
    page = client.get("/zoeken", params={"q": "mulisch", "library": "NL-AmOBA"}).text
    assert 'href="/zoeken?q=mulisch&amp;library=">Zoek in alle bibliotheken' in page
