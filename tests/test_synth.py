"""The synthetic national catalogue: deterministic, valid, streaming, and shaped like the real one."""
from __future__ import annotations

import itertools
import os
import re
import stat
import statistics
import threading
import time
from collections import Counter, defaultdict

import orjson
import pytest
from stdnum import isbn as stdnum_isbn

from corpus import synth
from corpus.libraries import PROVINCES, branches, libraries
from corpus.model import MATERIALS, validate

N = 20_000
OFFICIAL_PROVINCES = {
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return list(synth.generate(N, seed=1))


def share(recs: list[dict], pred) -> float:
    return sum(1 for r in recs if pred(r)) / len(recs)


# --- determinism and streaming ----------------------------------------------------------------------

def test_same_seed_same_records_and_shorter_runs_are_prefixes(records):
    again = [orjson.dumps(r) for r in synth.generate(1_000, seed=1)]
    assert again == [orjson.dumps(r) for r in records[:1_000]]
    assert [orjson.dumps(r) for r in synth.generate(10, seed=1)] == again[:10]


def test_different_seed_different_records(records):
    other = list(synth.generate(1_000, seed=2))
    assert [r["id"] for r in other] != [r["id"] for r in records[:1_000]]
    assert sum(a["title"] == b["title"] for a, b in zip(other, records)) < 100


def test_streaming_one_record_from_a_huge_catalogue_returns_at_once():
    started = time.perf_counter()
    stream = synth.generate(10**12, seed=9)
    first = next(iter(stream))
    assert first["type"] == "catalogue"
    assert time.perf_counter() - started < 10  # loading the word lists; nothing grows with n


def test_nothing_for_zero_records():
    assert list(synth.generate(0)) == []


# --- validity -----------------------------------------------------------------------------------------

def test_every_record_is_already_canonical(records):
    for rec in records:
        assert validate(rec) == rec


def test_ids_are_unique_ppns_with_valid_check_characters(records):
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    for rec in records[:2_000]:
        assert rec["id"] == f"ppn:{rec['ppn']}"
        digits, check = rec["ppn"][:8], rec["ppn"][8]
        s = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1)))
        assert check == ("X" if (11 - s % 11) % 11 == 10 else str((11 - s % 11) % 11))


def test_isbns_are_valid_isbn13(records):
    isbns = [i for r in records for i in r.get("isbn", [])]
    assert len(isbns) > 10_000
    assert all(stdnum_isbn.is_valid(i) and len(i) == 13 for i in isbns)
    assert len(set(isbns)) == len(isbns)


def test_records_do_not_share_nested_objects(records):
    a, b = next(
        (a, b) for a, b in itertools.pairwise(records) if a["work_key"] == b["work_key"] and a["authors"]
    )
    assert a["authors"] == b["authors"]
    assert a["authors"] is not b["authors"] and a["authors"][0] is not b["authors"][0]


# --- the shape of a public-library catalogue ------------------------------------------------------------

def test_material_mix(records):
    materials = Counter(r["material"] for r in records)
    assert set(materials) <= set(MATERIALS)
    expected = {"boek": (0.75, 0.03), "e-book": (0.08, 0.015), "luisterboek": (0.05, 0.015),
                "film": (0.03, 0.012), "muziek": (0.03, 0.012), "tijdschrift": (0.02, 0.01),
                "game": (0.01, 0.007)}
    for material, (target, tolerance) in expected.items():
        assert abs(materials[material] / N - target) <= tolerance, (material, materials[material] / N)


def test_language_audience_and_reading_form_mix(records):
    assert abs(share(records, lambda r: r["language"] == ["nl"]) - 0.85) < 0.03
    assert abs(share(records, lambda r: r["language"] == ["en"]) - 0.09) < 0.02
    assert share(records, lambda r: r["language"][0] in ("de", "fr")) > 0.02
    assert abs(share(records, lambda r: r["audience"] == "volwassenen") - 0.6) < 0.04
    assert len({r["audience"] for r in records}) == 7
    forms = Counter(f for r in records for f in r.get("reading_form", []))
    assert 0.02 < share(records, lambda r: r.get("reading_form")) < 0.04
    assert forms.most_common(1)[0][0] == "grote letter"
    assert set(forms) == {"grote letter", "gesproken", "makkelijk lezen", "dyslexie", "braille"}


def test_fill_rates(records):
    books = [r for r in records if r["material"] in ("boek", "e-book", "luisterboek")]
    assert abs(share(books, lambda r: r.get("isbn")) - 0.8) < 0.05
    assert not any(r.get("isbn") for r in records if r["material"] in ("film", "muziek", "game"))
    rates = {"description": 0.6, "subjects": 0.7, "series": 0.15, "edition": 0.25, "nur": 0.7}
    for name, target in rates.items():
        assert abs(share(records, lambda r, name=name: r.get(name)) - target) < 0.06, name
    fiction_nur = {"301", "302", "303", "306", "331", "332", "334", "335", "340", "343"}
    adult_fiction = [r for r in records if r.get("nur") in fiction_nur]
    assert share(adult_fiction, lambda r: r.get("genre")) > 0.8
    described = [len(r["description"].split()) for r in records if r.get("description")]
    assert min(described) >= 20 and max(described) <= 125
    assert 40 < statistics.mean(described) < 80


def test_years_skew_recent(records):
    years = [r["year"] for r in records]
    assert max(years) <= synth.CURRENT_YEAR and min(years) >= 1800
    assert share(records, lambda r: r["year"] >= 2000) > 0.5
    assert share(records, lambda r: r["year"] >= 2015) > share(records, lambda r: 1990 <= r["year"] < 2015)


def test_works_have_heavy_tailed_editions_sharing_title_and_authors(records):
    works: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        works[r["work_key"]].append(r)
    sizes = Counter(len(eds) for eds in works.values())
    assert max(sizes) >= 10 and max(sizes) <= 40
    assert (sizes[1] + sizes[2]) / len(works) > 0.75
    assert sizes[1] > sizes[2] > sizes[3]
    for eds in works.values():
        if len(eds) < 3:
            continue
        assert len({e["title"] for e in eds}) == 1
        assert len({e["authors"][0]["name"] if e["authors"] else "" for e in eds}) == 1
        assert len({e["ppn"] for e in eds}) == len(eds)
    text = ("boek", "e-book", "luisterboek")
    many = [eds for eds in works.values() if len(eds) >= 5 and eds[0]["material"] in text]
    assert any(len({e["material"] for e in eds}) > 1 for eds in many)
    assert any(len({e["year"] for e in eds}) > 1 for eds in many)


def test_holdings_are_popularity_skewed_over_the_network(records):
    copies = [len(r["holdings"]) for r in records]
    assert abs(statistics.mean(copies) - 2.2) <= 0.5
    assert statistics.median(copies) <= 1
    assert max(copies) >= 100  # bestsellers in hundreds of branches
    holdings = [h for r in records for h in r["holdings"]]
    assert len({h["library"] for h in holdings}) >= 100
    assert {h["province"] for h in holdings} == OFFICIAL_PROVINCES
    assert all(re.fullmatch(r"NL-[A-Z]{2}\d{3}", h["library"]) for h in holdings[:5_000])
    assert abs(sum(h["available"] for h in holdings) / len(holdings) - 0.7) < 0.03
    for r in records[:5_000]:
        assert len({h["branch"] for h in r["holdings"]}) == len(r["holdings"])
    online = [r for r in records if r["material"] == "e-book"]
    assert all(r.get("online_url") and not r["holdings"] for r in online)


def test_vocabulary_is_zipfian_and_grows_with_the_corpus(records):
    def tokens(recs):
        return Counter(w.lower() for r in recs for w in r["title"].split())

    titles = tokens(records)
    top10 = sum(c for _, c in titles.most_common(10))
    assert top10 / sum(titles.values()) > 0.25
    assert {"de", "het", "een", "van"} <= {w for w, _ in titles.most_common(10)}
    assert len(titles) > 1.8 * len(tokens(records[:2_000]))

    def description_vocabulary(recs):
        return {w for r in recs for w in r.get("description", "").lower().split()}

    assert len(description_vocabulary(records)) > 1.5 * len(description_vocabulary(records[:2_000]))


def test_authors_are_skewed_but_many(records):
    names = Counter(a["name"] for r in records for a in r["authors"])
    assert len(names) > 5_000
    assert names.most_common(1)[0][1] >= 20  # prolific authors exist
    assert all(not n.endswith((" de", " van", " der")) for n in names)


# --- the library network --------------------------------------------------------------------------

def test_library_network():
    libs, brs = libraries(), branches()
    assert len(libs) == 150 and len(brs) == 1_030
    assert set(PROVINCES) == OFFICIAL_PROVINCES
    assert len({lib.isil for lib in libs}) == 150
    assert len({b.name for b in brs}) == 1_030
    assert {lib.province for lib in libs} == OFFICIAL_PROVINCES
    assert all(b.library in libs and b.weight > 0 for b in brs)


# --- writing ----------------------------------------------------------------------------------------

def test_write_jsonl(tmp_path):
    out = tmp_path / "synth.jsonl"
    seen: list[int] = []
    assert synth.write_jsonl(12_345, 3, str(out), progress=seen.append) == 12_345
    assert sum(seen) == 12_345
    lines = out.read_bytes().splitlines()
    assert len(lines) == 12_345
    assert orjson.loads(lines[0]) == next(iter(synth.generate(1, 3)))
    assert list(tmp_path.iterdir()) == [out]  # no .part left behind


def test_write_jsonl_into_a_pipe_leaves_the_pipe_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert synth.write_jsonl(100, 1, str(fifo)) == 100
    reader.join(timeout=10)
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # not renamed over, as a .part file would be
    assert len(received[0].splitlines()) == 100


def test_command_line(tmp_path, capsys):
    out = tmp_path / "c.jsonl"
    assert synth.main(["--records", "50", "--seed", "4", "--out", str(out), "--quiet"]) == 0
    summary = orjson.loads(capsys.readouterr().out)
    assert summary["records"] == 50 and summary["bytes"] == out.stat().st_size
    assert [orjson.loads(line)["id"] for line in out.read_bytes().splitlines()] == [
        r["id"] for r in synth.generate(50, 4)
    ]


# --- the benchmark query mix ------------------------------------------------------------------------

def test_query_mix_shape(records):
    sample = records[:5_000]
    queries = synth.query_mix(400, 7, sample)
    assert len(queries) == 400
    assert queries == synth.query_mix(400, 7, sample)
    by_id = {r["id"]: r for r in sample}
    kinds = Counter(q["kind"] for q in queries)
    assert set(kinds) == {"title", "topic", "author", "isbn"}
    filter_fields = {"material", "language", "audience", "province", "year"}
    n_filters = Counter(len(q["filters"]) for q in queries)
    assert set(n_filters) == {0, 1, 2}
    for q in queries:
        assert isinstance(q["q"], str) and q["q"].strip()
        for f in q["filters"]:
            field, _, value = f.partition(":")
            assert field in filter_fields and value
        if q["kind"] in ("title", "isbn"):
            target = by_id[q["target"]]
            for f in q["filters"]:  # known-item filters keep the target in the result
                field, _, value = f.partition(":")
                if field == "material":
                    assert target["material"] == value
                elif field == "province":
                    assert value in {h["province"] for h in target["holdings"]}
        if q["kind"] == "isbn":
            assert q["q"].replace("-", "") in by_id[q["target"]]["isbn"]
        if q["kind"] == "topic":
            assert 1 <= len(q["q"].split()) <= 3
            assert not {"de", "het", "een", "van", "en"} & set(q["q"].split())
    titles = [q for q in queries if q["kind"] == "title"]
    assert any(q["q"] == by_id[q["target"]]["title"] for q in titles)


def test_query_mix_year_filters_match_the_year_facet():
    from indexer.fields import YEAR_RANGES

    assert [k for k, _, _ in synth.YEAR_RANGES] == [y.key for y in YEAR_RANGES]
    for key, lo, hi in synth.YEAR_RANGES:
        registry = next(y for y in YEAR_RANGES if y.key == key)
        assert (registry.lo or 0, registry.hi or 9999) == (lo, hi)
    queries = synth.query_mix(300, 1, list(itertools.islice(synth.generate(2_000, 5), 2_000)))
    years = {f.split(":", 1)[1] for q in queries for f in q["filters"] if f.startswith("year:")}
    assert years and years <= {k for k, _, _ in synth.YEAR_RANGES}
