"""The `vindplaats` command: index jobs, the server, the synthetic catalogue."""
from __future__ import annotations

import argparse
import os
import sys

import orjson


def _index_dir_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index-dir", default=os.environ.get("VINDPLAATS_INDEX_DIR", "var/index"),
                   help="index directory (default: $VINDPLAATS_INDEX_DIR or var/index)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vindplaats", description="Vindplaats: search the collectie Nederland")
    sub = parser.add_subparsers(dest="command", required=True)

    index = sub.add_parser("index", help="build, update and inspect the index")
    isub = index.add_subparsers(dest="action", required=True)

    b = isub.add_parser("build", help="full rebuild into a new generation, switched in when valid")
    _index_dir_arg(b)
    b.add_argument("--source", action="append", required=True, metavar="KIND:PATH",
                   help="a source to read (repeatable): jsonl, articles, marc, marcxml, dc, oai, oba")
    b.add_argument("--force", action="store_true", help="switch in even when validation fails")
    b.add_argument("--max-rejected", type=float, default=0.05, help="refuse above this share of rejected records")
    b.add_argument("--max-drop", type=float, default=0.20, help="refuse when the record count falls by more")
    b.add_argument("--threads", type=int, default=0, help="indexing threads (0: one per core)")
    b.add_argument("--heap-mb", type=int, default=256, help="indexing memory budget in MB")

    u = isub.add_parser("update", help="add or replace records by id in the live generation")
    _index_dir_arg(u)
    u.add_argument("--source", action="append", required=True, metavar="KIND:PATH")

    d = isub.add_parser("delete", help="remove records by id from the live generation")
    _index_dir_arg(d)
    d.add_argument("ids", nargs="+", metavar="ID")

    s = isub.add_parser("status", help="generations, counts per source, last job")
    _index_dir_arg(s)

    r = isub.add_parser("rollback", help="serve the previous generation again")
    _index_dir_arg(r)

    sy = sub.add_parser("sync", help="copy the live generation of one index directory to another (a replica)")
    sy.add_argument("--from", dest="source", required=True, metavar="SRC", help="the index directory to copy from")
    sy.add_argument("--to", dest="dest", required=True, metavar="DEST", help="the replica's index directory")

    serve = sub.add_parser("serve", help="serve the web UI and API")
    _index_dir_arg(serve)
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--rate-limit", default=os.environ.get("VINDPLAATS_RATE_LIMIT"),
                       help="requests per second per client address, per worker (0: off; default "
                            "VINDPLAATS_RATE_LIMIT, else 10)")

    mcp = sub.add_parser("mcp", help="the MCP tools for AI assistants, over stdio")
    _index_dir_arg(mcp)
    mcp.add_argument("--base-url", default=os.environ.get("VINDPLAATS_PUBLIC_URL", "http://127.0.0.1:8000"),
                     help="the site's public address, for the canonical links in the results")

    synth = sub.add_parser("synth", help="write a deterministic synthetic national catalogue")
    synth.add_argument("--records", type=int, required=True)
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--out", required=True)
    return parser


def _fail(message: str, code: int = 1) -> int:
    print(f"vindplaats: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "index":
        return _index(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "mcp":
        return _mcp(args)
    if args.command == "sync":
        from indexer.sync import SyncError, sync

        try:
            report = sync(args.source, args.dest)
        except SyncError as exc:
            return _fail(str(exc))
        print(orjson.dumps(report.summary()).decode())
        return 0
    if args.command == "synth":
        from corpus import synth

        n = synth.write_jsonl(args.records, args.seed, args.out)
        print(orjson.dumps({"records": n, "seed": args.seed, "out": args.out}).decode())
        return 0
    return 2


def _index(args) -> int:
    from corpus.readers import SourceError
    from indexer import build as jobs
    from indexer.generations import IndexDirError

    try:
        if args.action == "build":
            opts = jobs.BuildOptions(max_rejected_ratio=args.max_rejected, max_count_drop=args.max_drop,
                                     force=args.force, threads=args.threads, heap_bytes=args.heap_mb * 1_000_000)
            report = jobs.build(args.index_dir, args.source, opts, progress=jobs.print_progress_factory())
            print(orjson.dumps(report.summary()).decode())
            if report.state != "done":
                return _fail(f"new generation not switched in: {report.message}")
            return 0
        if args.action == "update":
            report = jobs.update(args.index_dir, args.source)
            print(orjson.dumps(report.summary() | {"deleted": report.deleted}).decode())
            return 0 if report.records or report.deleted or not report.rejected else 1
        if args.action == "delete":
            report = jobs.delete(args.index_dir, args.ids)
            print(orjson.dumps({"deleted": report.deleted, "generation": report.generation}).decode())
            return 0
        if args.action == "status":
            print(orjson.dumps(jobs.status(args.index_dir), option=orjson.OPT_INDENT_2).decode())
            return 0
        if args.action == "rollback":
            name = jobs.rollback(args.index_dir)
            print(orjson.dumps({"live": name}).decode())
            return 0
    except (SourceError, IndexDirError) as exc:
        return _fail(str(exc))
    return 2


def _serve(args) -> int:
    import uvicorn

    from indexer.generations import current

    if current(args.index_dir) is None:
        return _fail(f"{args.index_dir} holds no index yet; run 'vindplaats index build' first")
    from search_api.settings import SERVE_RATE_LIMIT, rate

    try:  # checked here, so a wrong value is one clear line and not a traceback per worker
        limit = rate(args.rate_limit) if args.rate_limit is not None else SERVE_RATE_LIMIT
    except ValueError as exc:
        return _fail(str(exc))
    from search_api.directory import LibrariesError, load

    try:  # the libraries file too: every mistake in it listed once, before any worker starts
        load(os.environ.get("VINDPLAATS_LIBRARIES"))
    except LibrariesError as exc:
        return _fail(str(exc))
    os.environ["VINDPLAATS_INDEX_DIR"] = str(args.index_dir)
    os.environ["VINDPLAATS_RATE_LIMIT"] = repr(limit)  # the workers read it in Settings.from_env
    uvicorn.run("search_api.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="info", access_log=False, proxy_headers=False)
    return 0


def _mcp(args) -> int:
    from indexer.generations import current

    if current(args.index_dir) is None:
        return _fail(f"{args.index_dir} holds no index yet; run 'vindplaats index build' first")
    from search_api.mcp_tools import run_stdio

    run_stdio(str(args.index_dir), args.base_url)  # stdout is the protocol's: nothing else is printed there
    return 0


if __name__ == "__main__":
    sys.exit(main())
