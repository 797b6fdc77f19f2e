"""The benches' floor (bench.perf.floor): a minimal tantivy index of the synthetic records that
finds what the query mix asks for, so a ratio to it compares like with like."""
from __future__ import annotations

import json
from pathlib import Path

from bench.perf import floor
from corpus.synth import generate, query_mix


def test_floor_finds_the_mix_known_items_and_counts_its_facets(tmp_path: Path, monkeypatch):
    import bench.perf.common as common

    monkeypatch.setattr(common, "OUT", tmp_path)
    monkeypatch.setattr(floor, "OUT", tmp_path)
    records = list(generate(3000, 1))
    (tmp_path / "synth-3000.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    built = floor.build(3000)
    assert built["records"] == 3000 and built["index_bytes"] > 0
    fl = floor.Floor(Path(built["index_dir"]))
    known = [q for q in query_mix(200, 7, records) if q.get("target") and q["kind"] in ("isbn", "title")]
    assert known
    found = 0
    for q in known:
        res = fl.search(q["q"], q.get("filters", []))
        assert res["total"] >= len(res["ids"])
        if q["target"] in res["ids"] or res["total"] > 10:
            found += 1
        if res["total"]:
            assert sum(b["doc_count"] for b in res["facets"]["material"]["buckets"]) == res["total"]
    assert found == len(known)
    # Filters narrow: the same words with a filter never find more.
    q = next(q for q in known if q.get("filters"))
    assert fl.search(q["q"], q["filters"])["total"] <= fl.search(q["q"], [])["total"]
