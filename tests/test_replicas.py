"""Serving replicas: Debian's nginx, with the configuration in deploy/nginx, in front of two
`vindplaats serve` processes whose index directories are synced from one build directory. Under a
steady load, a new generation is built and synced to both, and one replica is stopped: no request
fails, and the new generation is what nginx serves after the sync."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from indexer import generations as gens
from indexer.build import build
from indexer.sync import sync
from tests.test_zero_downtime import REPO, Searcher, Server, free_port, wait_until, write_records

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
CONF = REPO / "deploy" / "nginx" / "vindplaats.conf"


def site_config(ports: list[int], listen: int, cache: Path) -> str:
    """deploy/nginx/vindplaats.conf with the replicas, the listening port and the cache moved."""
    text = CONF.read_text()
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+ .*$", text, flags=re.M)
    assert len(servers) == 2, "the deploy config names two replicas"
    template = servers[0].strip()
    text = text.replace(servers[1] + "\n", "")
    text = text.replace(servers[0], "\n".join(
        "    " + re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", template) for port in ports))
    text, n = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{listen};", text, flags=re.M)
    assert n == 1
    text, n = re.subn(r"/var/cache/nginx/vindplaats", str(cache), text)
    assert n == 1
    return text


def nginx_config(tmp: Path, site: str) -> Path:
    (tmp / "site.conf").write_text(site)
    conf = tmp / "nginx.conf"
    # As root, nginx's workers would drop to nobody, who cannot enter pytest's private temp dirs.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf.write_text(f"""{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
""")
    return conf


def test_the_deploy_config_is_valid_nginx(tmp_path):
    if NGINX is None:
        pytest.skip("nginx is not installed")
    conf = nginx_config(tmp_path, site_config([free_port(), free_port()], free_port(), tmp_path / "cache"))
    out = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr


def test_two_replicas_behind_nginx_lose_no_request(tmp_path):
    if NGINX is None:
        pytest.skip("nginx is not installed")
    src, dests = tmp_path / "build", [tmp_path / "replica-1", tmp_path / "replica-2"]
    assert build(src, [f"jsonl:{write_records(tmp_path / 'a.jsonl', 'a')}"]).state == "done"
    first = gens.current_name(src)
    for d in dests:
        sync(src, d)
    env = dict(os.environ, VINDPLAATS_TRUSTED_PROXIES="127.0.0.1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    env.pop("VINDPLAATS_INDEX_DIR", None)
    replicas = [Server(d, 1, env, tmp_path / f"{d.name}.log") for d in dests]
    listen = free_port()
    conf = nginx_config(tmp_path, site_config([r.port for r in replicas], listen, tmp_path / "cache"))
    nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                              "-g", "daemon off;"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{listen}"
    searchers = [Searcher(url, limit=90) for _ in range(3)]
    http = httpx.Client(base_url=url, timeout=30)
    try:
        for r in replicas:
            r.wait_ready()
        wait_until(lambda: http.get("/healthz").status_code == 200, "nginx answers", timeout=20, interval=0.1)
        assert http.get("/healthz").json()["generation"] == first
        # A static file and a feed come from nginx's cache the second time.
        static = http.get("/api/v1/search", params={"q": "bibliotheken", "format": "rss"})
        assert static.status_code == 200 and static.headers["x-cache"] in ("MISS", "EXPIRED")
        assert http.get("/api/v1/search", params={"q": "bibliotheken", "format": "rss"}).headers["x-cache"] == "HIT"
        assert http.get("/api/v1/search", params={"q": "bibliotheken"}).headers["x-cache"] == "BYPASS"
        gz = http.get("/api/v1/search", params={"q": "bibliotheken", "size": 50}, headers={"Accept-Encoding": "gzip"})
        assert gz.headers.get("content-encoding") == "gzip"

        for s in searchers:
            s.start()
        wait_until(lambda: sum(s.answers for s in searchers) >= 60, "the load is under way", timeout=30)

        # A new generation on the build machine, synced to both replicas one after the other.
        assert build(src, [f"jsonl:{write_records(tmp_path / 'b.jsonl', 'b')}"]).state == "done"
        second = gens.current_name(src)
        for d in dests:
            sync(src, d)
        wait_until(lambda: all(http.get("/healthz").json()["generation"] == second for _ in range(6)),
                   "nginx serves the new generation from both replicas", timeout=20)
        hit = http.get("/api/v1/search", params={"q": "bibliotheken", "sort": "title", "group": "false"}).json()
        assert hit["hits"][0]["id"].startswith("b:")

        # One replica stops (SIGTERM, as systemd stops it): the other answers everything.
        before = sum(s.answers for s in searchers)
        replicas[0].stop()
        wait_until(lambda: sum(s.answers for s in searchers) >= before + 150, "the load goes on", timeout=30)
        assert replicas[0].proc.poll() is not None
    finally:
        for s in searchers:
            s.stop.set()
        for s in searchers:
            if s.is_alive():
                s.join(30)
        http.close()
        for r in replicas:
            r.stop()
        nginx.send_signal(signal.SIGQUIT)
        try:
            nginx.wait(10)
        except subprocess.TimeoutExpired:
            nginx.kill()
    failures = [f for s in searchers for f in s.failures]
    answers = sum(s.answers for s in searchers)
    assert not failures, f"{len(failures)} of {answers} requests failed: {failures[:5]}"
    assert answers > 200
    seen = {g for s in searchers for g in s.generations}
    assert {first, second} <= seen
