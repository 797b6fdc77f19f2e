"""Change keys and the deletions log (indexer.changes): keys only grow, an unchanged record keeps its
key through full builds and updates, a duplicate id in a build keeps the later record's row, and
deletions outlive the generations."""
from __future__ import annotations

import json

from indexer import changes


def test_keys_grow_across_clocks_and_carry_their_second(tmp_path):
    first = changes.Clock(tmp_path)
    a, b = first.next(), first.next()
    first.save()
    c = changes.Clock(tmp_path).next()
    assert a < b < c
    assert changes.datestamp(a) <= changes.datestamp(c)
    assert changes.first_key(changes.datestamp(a)) <= a < changes.first_key(changes.datestamp(a) + 1)
    assert changes.first_key(10**12) == changes.MAX_KEY  # beyond what a key holds: the largest


def test_the_table_keeps_each_ids_last_row_and_drops_tombstones(tmp_path):
    rows = changes.TableWriter()
    rows.add(5, 50, 500)
    rows.add(3, 30, 300)
    rows.add(5, 51, 501)  # a later record with the same id replaces the earlier
    rows.add(7, 70, 700)
    rows.remove(7)
    held = rows.write(tmp_path)
    assert list(held) == [3, 5]
    table = changes.Table.load(tmp_path)
    assert table.get(5) == (51, 501) and table.get(3) == (30, 300) and table.get(7) is None
    later = changes.TableWriter()
    later.add(9, 90, 900)
    later.remove(3)
    changes.append_rows(tmp_path, later)
    table = changes.Table.load(tmp_path)
    assert table.get(9) == (90, 900) and table.get(3) is None
    assert sorted(table.live_ids()) == [5, 9]


def _write(path, recs):
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return f"jsonl:{path}"


def _keys(index_dir) -> dict[str, int]:
    from search_api.service import SearchService

    page = SearchService(index_dir).snapshot().changed_records(limit=1000)
    return {rec["id"]: key for key, rec in page.records}


def test_builds_and_updates_keep_the_key_of_an_unchanged_record(tmp_path):
    from indexer.build import BuildOptions, build, delete, update

    recs = [{"type": "catalogue", "id": f"t:{i}", "title": f"Titel {i}"} for i in range(5)]
    index_dir = tmp_path / "index"
    assert build(index_dir, [_write(tmp_path / "a.jsonl", recs)]).state == "done"
    one = _keys(index_dir)
    assert len(set(one.values())) == 5
    changed = [dict(recs[0], title="Titel nul"), *recs[1:4], recs[4], recs[4]]  # t:4 twice
    assert build(index_dir, [_write(tmp_path / "b.jsonl", changed)]).state == "done"
    two = _keys(index_dir)
    assert {i: two[i] for i in ("t:1", "t:2", "t:3", "t:4")} == {i: one[i] for i in ("t:1", "t:2", "t:3", "t:4")}
    assert two["t:0"] > max(one.values())
    assert update(index_dir, [_write(tmp_path / "c.jsonl", [recs[1], dict(recs[2], title="Anders")])]).state == "done"
    three = _keys(index_dir)
    assert three["t:1"] == two["t:1"] and three["t:2"] > two["t:0"]
    delete(index_dir, ["t:3", "t:999"])
    log = changes.read_deletions(index_dir)
    assert [d.id for d in log] == ["t:3"] and log[0].key > three["t:2"]
    # The next full build without t:3 keeps its entry; one without t:4 adds t:4's.
    assert build(index_dir, [_write(tmp_path / "d.jsonl", changed[:3])], BuildOptions(force=True)).state == "done"
    assert [d.id for d in changes.read_deletions(index_dir)] == ["t:3", "t:4"]
    from indexer.build import status

    assert status(index_dir)["deleted"] == 2
