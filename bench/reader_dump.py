"""The canonical records every reader produces, dumped to compare two checkouts of the readers.

    python -m bench.reader_dump OUT.jsonl             # dump with this checkout's readers
    python -m bench.reader_dump --compare OLD NEW     # records compared, identical, what changed

For refactors of the readers that must change nothing (or only what they set out to change):
dump before, dump after, compare. Every item a reader yields (record, rejection or delete) is one
JSON line with sorted keys, in reading order, so two dumps are byte-identical when nothing changed.
Read: the MARC files (ISO 2709 and MARCXML), the KB Dublin Core sample and the OBA responses in
../shared/corpus (or VINDPLAATS_SHARED_CORPUS), the sample catalogue and articles, and the reader
fixtures of the tests.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson

from corpus.readers import reader_for

REPO = Path(__file__).resolve().parents[1]


def sources() -> list[tuple[str, Path]]:
    """(reader kind, path) pairs, the real data first when it is there."""
    shared = Path(os.environ.get("VINDPLAATS_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))
    cat = shared / "catalogue"
    out: list[tuple[str, Path]] = []
    if cat.is_dir():
        out += [("marc", cat / "marc" / "bin_input"), ("marcxml", cat / "marc" / "xml_input"),
                ("dc", cat / "kb-sru-dcx-sample.xml")]
        out += [("oba", p) for p in sorted(cat.glob("oba-api-response-*.js"))]
    fixtures = REPO / "tests" / "fixtures"
    out += [("jsonl", REPO / "corpus" / "sample" / "catalogue.jsonl"),
            ("articles", REPO / "corpus" / "sample" / "articles")]
    out += [("marc", p) for p in sorted((fixtures / "marc").glob("*.mrc"))]
    out += [("marcxml", p) for p in sorted((fixtures / "marc").glob("*.xml"))]
    out += [("dc", p) for p in sorted((fixtures / "dc").glob("*.xml"))]
    out += [("dc", fixtures / "oai" / "records.xml")]
    return out


def items() -> Iterator[dict]:
    for kind, path in sources():
        where = str(path.relative_to(path.parents[1]))
        for n, item in enumerate(reader_for(kind)(str(path)), start=1):
            if isinstance(item, dict):
                body, what = item, "record"
            else:
                body, what = dataclasses.asdict(item), type(item).__name__.lower()
            yield {"source": f"{kind}:{where}", "n": n, "item": what, "value": body}


def dump(out: str) -> int:
    count = 0
    with open(out, "wb") as fh:
        for line in items():
            fh.write(orjson.dumps(line, option=orjson.OPT_SORT_KEYS) + b"\n")
            count += 1
    print(f"{count} items written to {out}")
    return 0


def _key(line: dict) -> tuple[str, int]:
    return line["source"], line["n"]


def compare(old: str, new: str) -> int:
    with open(old, "rb") as a, open(new, "rb") as b:
        before = {_key(x): x for x in map(orjson.loads, a)}
        after = {_key(x): x for x in map(orjson.loads, b)}
    same = sum(1 for k, v in before.items() if after.get(k) == v)
    print(f"items compared: {len(before)} before, {len(after)} after; identical: {same}")
    for k in sorted(before.keys() | after.keys()):
        x, y = before.get(k), after.get(k)
        if x == y:
            continue
        if x is None or y is None:
            print(f"  {k[0]} #{k[1]}: {'only after' if x is None else 'only before'}")
            continue
        xv, yv = x["value"], y["value"]
        keys = sorted(f for f in xv.keys() | yv.keys() if xv.get(f) != yv.get(f))
        print(f"  {k[0]} #{k[1]} {xv.get('id', '')}: " + "; ".join(
            f"{f}: {xv.get(f)!r} -> {yv.get(f)!r}" for f in keys))
    return 0 if same == len(before) == len(after) else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", help="file to write the dump to")
    ap.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"))
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        ap.error("give a file to dump to, or --compare OLD NEW")
    return dump(args.out)


if __name__ == "__main__":
    sys.exit(main())
