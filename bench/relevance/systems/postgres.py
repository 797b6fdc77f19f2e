"""Baseline: PostgreSQL full-text search with its `dutch` configuration, on a real server.

The bench starts its own throw-away server (initdb in a temporary folder, a Unix socket only,
no TCP port), loads the same documents into a table with a generated
``setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('dutch', body), 'B')``
column and a GIN index, and ranks with ``ts_rank_cd`` at its default weights (A 1.0, B 0.4: a
title word counts two and a half times a body word; untuned). The query is ``plainto_tsquery('dutch', q)`` with its ANDs turned into ORs, so a
question need not contain every word of its answer (the other baselines are disjunctive too).
The server is stopped when the bench ends, also after an error or Ctrl-C.

PostgreSQL refuses to run as root; when the bench runs as root, the server runs as `nobody`
(through `runuser`). Server binaries are found on PATH, in $VINDPLAATS_PG_BIN, or in the
Debian location /usr/lib/postgresql/<version>/bin.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.relevance.prepare import Collection
from bench.relevance.systems import System, Unavailable, text_fields

# ts_rank_cd's normalisation 1 divides by 1 + log(document length). Without it (0, the default) an
# OR query ranks long documents first whatever they are about: the one documented option that
# gives the length normalisation every BM25 baseline here has built in.
RANK_NORMALIZATION = int(os.environ.get("VINDPLAATS_BENCH_PG_NORMALIZATION", "1"))
PORT = 5432  # only names the socket file inside our private folder; no TCP port is opened
SERVER_USER_WHEN_ROOT = "nobody"


def find_bin_dir() -> Path:
    env = os.environ.get("VINDPLAATS_PG_BIN")
    candidates = [Path(env)] if env else []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = sorted((p for p in debian.iterdir() if p.name.isdigit()), key=lambda p: int(p.name), reverse=True)
        candidates += [p / "bin" for p in versions]
    for c in candidates:
        if (c / "initdb").is_file() and (c / "pg_ctl").is_file():
            return c
    raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl) found; set VINDPLAATS_PG_BIN")


class Server:
    """A private PostgreSQL server in a temporary folder, for the lifetime of one bench run."""

    def __init__(self, parent: Path | None = None) -> None:
        self.bin = find_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="vindplaats-pg-", dir=parent))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_root = os.geteuid() == 0
        self.user = SERVER_USER_WHEN_ROOT if self.as_root else pwd.getpwuid(os.geteuid()).pw_name
        self.running = False
        self.version = ""

    def _run(self, *args: str) -> str:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        proc = subprocess.run(cmd, cwd=self.root, capture_output=True, text=True)
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.is_file() else ""
            raise RuntimeError(f"{args[0]} failed ({proc.returncode}): {proc.stderr.strip()}\n{log}")
        return proc.stdout

    def start(self, settings: str = "") -> None:
        """initdb and start; `settings` adds server options (`-c name=value ...`)."""
        if self.as_root:
            pw = pwd.getpwnam(self.user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        # C.UTF-8, not C: with LC_CTYPE=C the text-search parser cuts words at every accented letter.
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
                  "-U", self.user)
        options = (f"-c listen_addresses='' -k {self.root} -p {PORT} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c maintenance_work_mem=512MB "
                   + settings)
        atexit.register(self.stop)
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        self.running = True

    def connect(self):
        import psycopg

        return psycopg.connect(host=str(self.root), port=PORT, user=self.user, dbname="postgres",
                               autocommit=True)

    def stop(self) -> None:
        if self.running:
            with contextlib.suppress(RuntimeError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)


QUERY = """
SELECT id FROM {table},
       (SELECT replace(plainto_tsquery('dutch', %s)::text, ' & ', ' | ')::tsquery AS q) AS query
WHERE tsv @@ q
ORDER BY ts_rank_cd(tsv, q, {normalization}) DESC
LIMIT %s
"""


class PostgresDutch(System):
    name = "postgres-dutch"

    @property
    def describe(self) -> str:
        return (f"to_tsvector('dutch'), setweight title A body B, GIN, plainto_tsquery with & -> |, "
                f"ts_rank_cd normalisation {RANK_NORMALIZATION}")

    def __init__(self, rebuild: bool = False):
        super().__init__(rebuild)
        self.server: Server | None = None
        self.conn = None

    def _start(self) -> None:
        try:
            import psycopg  # noqa: F401 - only whether it is there
        except ImportError:
            raise Unavailable("psycopg is not installed (pip install -e '.[bench]')") from None
        self.server = Server()
        try:
            self.server.start()
            self.conn = self.server.connect()
            self.server.version = self.conn.execute("SHOW server_version").fetchone()[0]
        except RuntimeError as exc:  # initdb or pg_ctl refused: report it, let the other systems run
            self.close()
            raise Unavailable(f"the PostgreSQL server did not start: {exc}") from None
        except BaseException:
            self.close()
            raise

    def _open(self, coll: Collection) -> bool:
        if self.server is None:
            self._start()
        table = f"docs_{coll.name}"
        with self.conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {table}")
            cur.execute(f"""CREATE TABLE {table} (
                id text PRIMARY KEY, title text NOT NULL, body text NOT NULL,
                tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('dutch', title), 'A')
                                                 || setweight(to_tsvector('dutch', body), 'B')) STORED)""")
            with cur.copy(f"COPY {table} (id, title, body) FROM STDIN") as copy:
                for rec in coll.iter_records():
                    # PostgreSQL text cannot hold NUL; nothing else is changed.
                    copy.write_row(tuple(t.replace("\x00", " ") for t in (rec["id"], *text_fields(rec))))
            cur.execute(f"CREATE INDEX {table}_tsv ON {table} USING gin (tsv)")
            cur.execute(f"ANALYZE {table}")
        return False  # the server is thrown away after each run: always built fresh

    def search(self, coll: Collection, q: str, k: int = 10) -> list[str]:
        rows = self.conn.execute(QUERY.format(table=f"docs_{coll.name}", normalization=RANK_NORMALIZATION), (q, k)).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        if self.conn is not None:
            # The server may already be gone; stopping it is what matters.
            with contextlib.suppress(Exception):
                self.conn.close()
            self.conn = None
        if self.server is not None:
            self.server.stop()
            self.server = None
