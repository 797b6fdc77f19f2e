"""The admin API: reindex jobs in their own process, their progress, history and failures.

Each test builds a small live index first, then drives jobs through the API. Jobs that must stay
running for a while (to be refused a second time, killed or cancelled) read a source that the
test holds back: an OAI-PMH repository that answers its first page and then waits for the test.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer import generations as gens
from indexer import jobs
from indexer.build import build
from search_api import config as configfile
from search_api.app import create_app
from search_api.settings import Settings

try:
    from oai_server import OAIServer
except ImportError:  # tests/ imported as a package
    from tests.oai_server import OAIServer

FIXTURES = Path(__file__).parent / "fixtures" / "admin"
CONFIG = FIXTURES / "vindplaats.toml"
CATALOGUE = FIXTURES / "catalogue.jsonl"
TOKEN = "secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TIMEOUT = 90.0  # generous: a loaded CI machine starts a Python process slowly


class HeldOAI(OAIServer):
    """Answers the first ListRecords page; every later page waits until `release()`."""

    def __init__(self):
        super().__init__(page_size=3)
        self.gate = threading.Event()

    def handle(self, path):
        if "resumptionToken" in path:
            self.gate.wait(timeout=TIMEOUT)
        return super().handle(path)

    def release(self):
        self.gate.set()


@pytest.fixture
def index_dir(tmp_path) -> Path:
    idx = tmp_path / "idx"
    report = build(idx, [f"jsonl:{CATALOGUE}"])
    assert report.state == "done" and report.records == 20
    return idx


def make_client(index_dir: Path, config: Path | None = CONFIG, token: str | None = TOKEN) -> TestClient:
    app = create_app(Settings(index_dir=str(index_dir), admin_token=token,
                              config_file=str(config) if config else None, reload_interval=0.05))
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client(index_dir):
    with make_client(index_dir) as c:
        yield c


@pytest.fixture
def held():
    server = HeldOAI().start()
    try:
        yield server
    finally:
        server.release()
        server.stop()


@pytest.fixture
def held_client(index_dir, held, tmp_path):
    """A client whose configuration has a `traag` source that the test holds back."""
    config = tmp_path / "conf" / "vindplaats.toml"
    config.parent.mkdir()
    config.write_text(f'[sources.catalogus]\nkind = "jsonl"\npath = "{CATALOGUE}"\n\n'
                      f'[sources.traag]\nkind = "oai"\npath = "{held.url}"\n')
    with make_client(index_dir, config) as c:
        yield c


def start_job(client, body=None) -> str:
    r = client.post("/api/v1/admin/reindex", headers=AUTH, json=body)
    assert r.status_code == 202, r.text
    return r.json()["job"]


def wait_for(client, job: str, until, timeout: float = TIMEOUT) -> dict:
    t0 = time.monotonic()
    while True:
        r = client.get(f"/api/v1/admin/jobs/{job}", headers=AUTH)
        assert r.status_code == 200, r.text
        info = r.json()
        if until(info):
            return info
        assert time.monotonic() - t0 < timeout, f"job never reached the expected state: {info}"
        time.sleep(0.05)


def finished(client, job: str) -> dict:
    return wait_for(client, job, lambda i: i["state"] not in ("queued", "running"))


def running_with_records(client, job: str) -> dict:
    return wait_for(client, job, lambda i: i["state"] == "running" and i["records"] > 0)


def served_generation(client, expected: str, timeout: float = 10.0) -> None:
    t0 = time.monotonic()
    while (gen := client.get("/healthz").json()["generation"]) != expected:
        assert time.monotonic() - t0 < timeout, f"healthz serves {gen}, not {expected}"
        time.sleep(0.05)


def job_files(index_dir: Path) -> list[str]:
    d = gens.jobs_dir(index_dir)
    return sorted(p.name for p in d.iterdir()) if d.is_dir() else []


# --- access ---------------------------------------------------------------------------------

def test_admin_routes_do_not_exist_without_a_token(index_dir):
    with make_client(index_dir, token=None) as c:
        assert c.post("/api/v1/admin/reindex", headers=AUTH).status_code == 404
        assert c.get("/api/v1/admin/jobs", headers=AUTH).status_code == 404
        assert c.post("/api/v1/admin/rollback", headers=AUTH).status_code == 404
        assert "/api/v1/admin/reindex" not in c.get("/openapi.json").text


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Bearer secre", "Bearer secrett", "Basic c2VjcmV0",
                                    "secret", "Bearer "])
def test_missing_or_wrong_token_is_refused(client, index_dir, header):
    headers = {"Authorization": header} if header else {}
    before = job_files(index_dir)
    for method, path in [("post", "/api/v1/admin/reindex"), ("get", "/api/v1/admin/jobs"),
                         ("get", "/api/v1/admin/jobs/whatever"), ("post", "/api/v1/admin/rollback")]:
        r = getattr(client, method)(path, headers=headers)
        assert r.status_code == 401, (path, r.text)
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.json()["error"]["code"] == "unauthorized"
    # the token is checked before the body: no hint about what a valid request looks like
    assert client.post("/api/v1/admin/reindex", headers=headers, json={"sources": 5}).status_code == 401
    assert job_files(index_dir) == before, "a refused request started something"


# --- a job from start to finish ---------------------------------------------------------------

def test_reindex_runs_in_its_own_process_and_reports(client, index_dir):
    old = client.get("/healthz").json()["generation"]
    r = client.post("/api/v1/admin/reindex", headers=AUTH)
    assert r.status_code == 202
    job = r.json()["job"]
    assert r.headers["location"] == f"/api/v1/admin/jobs/{job}"
    assert r.json()["sources"] == ["catalogus", "aanwinsten"]  # kennisbank is not enabled
    info = finished(client, job)
    assert info["pid"] and info["pid"] != os.getpid()
    assert info["state"] == "done", info["message"]
    assert (info["records"], info["rejected"]) == (20 + 2, 1 + 1)
    assert info["progress"] == 1.0 and info["finished"] and info["started"]
    reasons = {e["reason"] for e in info["errors"]}
    assert "record ppn:999999999 has no title" in reasons
    assert any(r.startswith("broken MARC record") for r in reasons)
    assert {e["file"] for e in info["errors"]} == {"catalogue.jsonl", "truncated-middle.mrc"}
    report = info["report"]
    assert [(s["records"], s["rejected"]) for s in report["sources"]] == [(20, 1), (2, 1)]
    assert report["completeness"]["catalogue"] == 22
    assert info["previous_generation"] == old and info["generation"] != old
    assert gens.current_name(index_dir) == info["generation"]
    assert (gens.jobs_dir(index_dir) / f"{job}.json").is_file()  # the same file indexer.build writes
    served_generation(client, info["generation"])
    assert client.get("/api/v1/records/ppn:323456786").status_code == 200  # from the MARC source


def test_subset_of_sources_and_force(client, index_dir):
    job = start_job(client, {"sources": ["catalogus", "kennisbank"], "force": True})
    info = finished(client, job)
    assert info["state"] == "done" and info["sources"] == ["catalogus", "kennisbank"]
    assert [s["source"].split(":")[0] for s in info["report"]["sources"]] == ["jsonl", "articles"]
    served_generation(client, info["generation"])
    hits = client.get("/api/v1/search", params={"q": "bibliotheek", "scope": "articles"}).json()
    assert hits["total"] > 0


def test_refused_build_leaves_the_live_generation(client, index_dir, tmp_path):
    live = gens.current_name(index_dir)
    strict = tmp_path / "strict.toml"
    strict.write_text(f'[build]\nmax_rejected = 0.01\n\n[sources.catalogus]\nkind = "jsonl"\npath = "{CATALOGUE}"\n')
    with make_client(index_dir, strict) as c:
        info = finished(c, start_job(c))
        assert info["state"] == "refused" and "rejected" in info["message"]
        assert gens.current_name(index_dir) == live
        forced = finished(c, start_job(c, {"force": True}))
        assert forced["state"] == "done" and gens.current_name(index_dir) == forced["generation"]


def test_history_lists_jobs_newest_first(client, index_dir):
    first = finished(client, start_job(client))
    second = finished(client, start_job(client, {"sources": ["catalogus"]}))
    listed = client.get("/api/v1/admin/jobs", headers=AUTH).json()["jobs"]
    assert [j["job"] for j in listed[:2]] == [second["job"], first["job"]]
    assert listed[2]["kind"] == "build" and listed[2]["records"] == 20  # the build that made the index
    assert listed[0]["records"] == 20 and listed[1]["records"] == 22
    assert "errors" not in listed[0] and "report" not in listed[0]
    assert len(client.get("/api/v1/admin/jobs", params={"limit": 1}, headers=AUTH).json()["jobs"]) == 1
    assert client.get("/api/v1/admin/jobs/no-such-job", headers=AUTH).status_code == 404
    assert client.get("/api/v1/admin/jobs/..%2F..%2Fetc", headers=AUTH).status_code == 404


# --- configuration ---------------------------------------------------------------------------

@pytest.mark.parametrize("body, code, words", [
    ({"sources": ["catalogus", "onbekend"]}, "unknown_source", ["'onbekend'", "aanwinsten, catalogus, kennisbank"]),
    ({"sources": []}, "config_error", ["empty"]),
    ({"sources": "catalogus"}, "invalid_parameter", ["sources"]),
    ({"bronnen": ["catalogus"]}, "invalid_parameter", ["bronnen"]),
    ({"force": "misschien"}, "invalid_parameter", ["force"]),
])
def test_bad_reindex_requests_are_400(client, index_dir, body, code, words):
    r = client.post("/api/v1/admin/reindex", headers=AUTH, json=body)
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["code"] == code
    for w in words:
        assert w in err["message"]
    assert not any(n.startswith("job-") for n in job_files(index_dir))


def test_body_is_json_whatever_the_content_type_says(client, index_dir):
    form = {**AUTH, "Content-Type": "application/x-www-form-urlencoded"}  # what `curl -d` sends
    r = client.post("/api/v1/admin/reindex", headers=form, content=b'{"sources": ["onbekend"]}')
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_source"
    r = client.post("/api/v1/admin/reindex", headers=form, content=b'{"sources": [')
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]["message"]
    job = finished(client, start_job_raw(client, form, b'{"sources": ["catalogus"], "force": true}'))
    assert job["state"] == "done" and job["sources"] == ["catalogus"]


def start_job_raw(client, headers, content) -> str:
    r = client.post("/api/v1/admin/reindex", headers=headers, content=content)
    assert r.status_code == 202, r.text
    return r.json()["job"]


def test_a_job_that_cannot_read_its_source_fails_with_the_reason(index_dir, tmp_path):
    live = gens.current_name(index_dir)
    (tmp_path / "map").mkdir()  # it exists, but it is no JSON-lines file
    config = tmp_path / "vindplaats.toml"
    config.write_text('[sources.verkeerd]\nkind = "jsonl"\npath = "map"\n')
    with make_client(index_dir, config) as c:
        info = finished(c, start_job(c))
    assert info["state"] == "failed" and "no such file" in info["message"]
    assert info["report"]["state"] == "failed"
    assert gens.current_name(index_dir) == live


@pytest.mark.parametrize("text, words", [
    (None, ["no configuration file"]),
    ("[sources.a\nkind=", ["not valid TOML"]),
    ('[sources.a]\nkind = "marc21"\npath = "x"\n', ["kind 'marc21'"]),
    ('[sources.a]\nkind = "jsonl"\n', ["needs a path"]),
    ('[sources.a]\nkind = "jsonl"\npath = "er-niet.jsonl"\n', ["'a'", "does not exist"]),
    ('[build]\nmax_rejectd = 0.1\n[sources.a]\nkind = "jsonl"\npath = "x"\n', ["max_rejectd"]),
    ('[build]\nmax_drop = 20\n[sources.a]\nkind = "jsonl"\npath = "x"\n', ["between 0 and 1"]),
    ('[sources.a]\nkind = "jsonl"\npath = "x"\nenabled = false\n', ["no enabled source"]),
])
def test_configuration_errors_are_400(index_dir, tmp_path, text, words):
    config = None
    if text is not None:
        config = tmp_path / "vindplaats.toml"
        config.write_text(text)
    with make_client(index_dir, config) as c:
        r = c.post("/api/v1/admin/reindex", headers=AUTH)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "config_error"
    for w in words:
        assert w in r.json()["error"]["message"]
    assert not any(n.startswith("job-") for n in job_files(index_dir))


def test_config_file_paths_are_relative_to_its_folder(tmp_path):
    cfg = configfile.load(CONFIG)
    assert cfg.sources["aanwinsten"].path == str((FIXTURES.parent / "marc" / "truncated-middle.mrc").resolve())
    assert cfg.sources["aanwinsten"].spec.startswith("marc:/")
    assert [s.name for s in cfg.select(None)] == ["catalogus", "aanwinsten"]
    assert [s.name for s in cfg.select(["kennisbank", "catalogus", "kennisbank"])] == ["kennisbank", "catalogus"]
    assert (cfg.build.max_rejected, cfg.build.max_drop, cfg.build.force) == (0.2, 0.5, False)
    url = tmp_path / "oai.toml"
    url.write_text('[sources.kb]\nkind = "oai"\npath = "https://oai.example.nl/oai?set=boeken"\n')
    assert configfile.load(url).sources["kb"].path == "https://oai.example.nl/oai?set=boeken"


def test_configured_sources_are_listed(client):
    body = client.get("/api/v1/admin/sources", headers=AUTH).json()
    assert {s["name"]: (s["kind"], s["enabled"], s["exists"]) for s in body["sources"]} == {
        "catalogus": ("jsonl", True, True), "aanwinsten": ("marc", True, True),
        "kennisbank": ("articles", False, True)}


# --- jobs that run while something else happens -------------------------------------------------

def test_second_job_while_one_runs_is_409(held_client, held, index_dir):
    c = held_client
    job = start_job(c, {"sources": ["catalogus", "traag"]})
    # At once, before the job process has even started: the spec alone marks the job as running.
    r = c.post("/api/v1/admin/reindex", headers=AUTH)
    assert r.status_code == 409 and job in r.json()["error"]["message"]
    info = running_with_records(c, job)
    assert info["progress"] is None  # a harvested source has no size to measure against
    assert info["rate"] is not None and info["finished"] is None
    r = c.post("/api/v1/admin/reindex", headers=AUTH, json={"sources": ["catalogus"]})
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert c.post("/api/v1/admin/rollback", headers=AUTH).status_code == 409  # the job holds the writer lock
    assert [j["state"] for j in c.get("/api/v1/admin/jobs", headers=AUTH).json()["jobs"][:1]] == ["running"]
    held.release()
    info = finished(c, job)
    assert info["state"] == "done", info["message"]
    assert info["records"] == 20 + 8  # nine OAI records, one of them a deletion
    assert finished(c, start_job(c, {"sources": ["catalogus"], "force": True}))["state"] == "done"


def test_command_line_writer_makes_reindex_409(client, index_dir):
    with gens.writer_lock(index_dir):
        r = client.post("/api/v1/admin/reindex", headers=AUTH)
    assert r.status_code == 409 and "command-line" in r.json()["error"]["message"]


def test_killed_job_is_failed_and_the_old_generation_keeps_serving(held_client, held, index_dir):
    c = held_client
    old = c.get("/healthz").json()["generation"]
    job = start_job(c, {"sources": ["catalogus", "traag"]})
    info = running_with_records(c, job)
    building = [p.name for p in gens.generations_dir(index_dir).iterdir() if p.name != old]
    assert building, "the job has not started its generation"
    os.kill(info["pid"], signal.SIGKILL)
    info = wait_for(c, job, lambda i: i["state"] != "running")
    assert info["state"] == "failed" and "killed" in info["message"]
    assert info["finished"] is not None and info["report"] is None
    health = c.get("/healthz")
    assert health.status_code == 200 and health.json()["generation"] == old
    assert c.get("/api/v1/search", params={"q": "hemel"}).json()["total"] > 0
    assert gens.current_name(index_dir) == old
    listed = c.get("/api/v1/admin/jobs", headers=AUTH).json()["jobs"]
    assert (listed[0]["job"], listed[0]["state"]) == (job, "failed")
    # The kernel dropped the writer lock with the process: the next job runs and tidies up.
    held.release()
    again = finished(c, start_job(c, {"sources": ["catalogus"]}))
    assert again["state"] == "done", again["message"]
    assert not set(building) & {p.name for p in gens.generations_dir(index_dir).iterdir()}


def test_cancelled_job_stops_and_discards_its_generation(held_client, index_dir):
    c = held_client
    old = gens.current_name(index_dir)
    job = start_job(c, {"sources": ["catalogus", "traag"]})
    running_with_records(c, job)
    r = c.post(f"/api/v1/admin/jobs/{job}/cancel", headers=AUTH)
    assert r.status_code == 202
    info = finished(c, job)
    assert info["state"] == "failed" and "stopped on request" in info["message"]
    assert info["report"]["state"] == "failed"  # build() wrote its report on the way out
    assert gens.current_name(index_dir) == old
    assert [p.name for p in gens.generations_dir(index_dir).iterdir()] == [old]
    assert c.post(f"/api/v1/admin/jobs/{job}/cancel", headers=AUTH).status_code == 409
    assert c.post("/api/v1/admin/jobs/nope/cancel", headers=AUTH).status_code == 404


def test_rollback_serves_the_previous_generation(client, index_dir):
    old = gens.current_name(index_dir)
    new = finished(client, start_job(client))["generation"]
    served_generation(client, new)
    r = client.post("/api/v1/admin/rollback", headers=AUTH)
    assert r.status_code == 200 and r.json() == {"live": old, "previous": new}
    served_generation(client, old)
    r = client.post("/api/v1/admin/rollback", headers=AUTH)
    assert r.status_code == 409 and "no earlier generation" in r.json()["error"]["message"]


# --- the job process's progress -----------------------------------------------------------------

def test_progress_is_the_share_of_source_bytes_read(tmp_path, monkeypatch):
    """The build reports the share of its sources' bytes handed to the writer, chunk by chunk."""
    import json

    from indexer import parallel
    from indexer.build import BuildOptions, build

    monkeypatch.setattr(parallel, "CHUNK_BYTES", 2000)
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps({"id": f"p:{i}", "title": f"Titel {i} " + "x" * 80}) + "\n"
                           for i in range(200)))
    seen: list[tuple] = []
    build(tmp_path / "idx", [f"jsonl:{src}"], BuildOptions(workers=1),
          progress=lambda done, rej, frac: seen.append((done, frac)))
    fractions = [f for _, f in seen]
    assert fractions[-1] == 1.0 and seen[-1][0] == 200
    assert fractions == sorted(fractions)
    tracker = jobs.Tracker(tmp_path / "idx", "j1", [f"jsonl:{src}"])
    tracker.tick(100, 0, 0.5)
    tracker.write()
    written = json.loads((tmp_path / "idx" / "jobs" / "j1.progress").read_text())
    assert written["progress"] == 0.5 and written["records"] == 100 and written["eta_seconds"] is not None
