"""bench.reader_dump: the same readers give byte-identical dumps, and a changed record is reported."""
from __future__ import annotations

import orjson

from bench import reader_dump


def test_dump_is_repeatable_and_compare_names_what_changed(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VINDPLAATS_SHARED_CORPUS", str(tmp_path / "absent"))  # the fixtures alone
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert reader_dump.main([str(a)]) == 0 and reader_dump.main([str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    lines = [orjson.loads(x) for x in a.read_bytes().splitlines()]
    assert {x["item"] for x in lines} >= {"record", "rejection", "delete"}
    assert {x["source"].split(":")[0] for x in lines} >= {"jsonl", "articles", "marc", "marcxml", "dc"}
    assert reader_dump.main(["--compare", str(a), str(b)]) == 0
    first = next(x for x in lines if x["item"] == "record")
    first["value"]["title"] = "Anders"
    b.write_bytes(b"".join(orjson.dumps(x, option=orjson.OPT_SORT_KEYS) + b"\n" for x in lines))
    capsys.readouterr()
    assert reader_dump.main(["--compare", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert f"identical: {len(lines) - 1}" in out and "title:" in out and "'Anders'" in out
