"""python -m bench.patron [--index-dir-sample D] [--index-dir-real D] [--keep-indexes D] [--json] [--out FILE]"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.patron.run import available, compare, kept_index, load_queries, report, run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.patron", description=__doc__)
    ap.add_argument("--index-dir-sample", type=Path, help="an index built from corpus/sample (else built now)")
    ap.add_argument("--index-dir-real", type=Path,
                    help="an index built from ../shared/corpus/catalogue and the Bnetwerk texts (else built now)")
    ap.add_argument("--keep-indexes", type=Path,
                    help="build the indexes into this folder once (D/sample, D/real) and reuse them on later runs")
    ap.add_argument("--json", action="store_true", help="print the whole run as JSON instead of the report")
    ap.add_argument("--out", type=Path, help="also write the JSON of the run to this file")
    ap.add_argument("--category", action="append", help="only these categories (repeatable)")
    ap.add_argument("--compare", type=Path, metavar="BEFORE.json",
                    help="also print this run beside an earlier one (its --out file): figures and changed queries")
    args = ap.parse_args(argv)
    queries = load_queries()
    if args.category:
        queries = [q for q in queries if q.category in args.category]
    dirs = {"sample": args.index_dir_sample, "real": args.index_dir_real}
    if args.keep_indexes:
        for index in dirs:
            if dirs[index] is None and available(index):
                dirs[index] = kept_index(index, args.keep_indexes)
    result = run(queries, dirs)
    data = result.to_dict()
    if args.out:
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(report(result))
    if args.compare:
        print()
        print(compare(json.loads(args.compare.read_text(encoding="utf-8")), data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
