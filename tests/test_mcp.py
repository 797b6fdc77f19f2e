"""The MCP tools: with the official SDK's client over stdio (`vindplaats mcp` as a subprocess) and
over streamable HTTP (`/mcp` of the web app on a real uvicorn server), and as raw JSON-RPC."""
from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import httpx
import pytest
from mcp import Client, StdioServerParameters

from tests.live_server import serve

REPO = Path(__file__).resolve().parents[1]
TOOLS = {"search_catalogue", "get_record", "search_knowledge", "answer", "list_libraries"}
QUESTION = "Hoe vraag ik een boek aan uit een andere bibliotheek?"


def _data(result) -> dict:
    assert not result.is_error, result.content
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


async def _session_checks(client, base: str, sample_records) -> None:
    tools = await client.list_tools()
    assert {t.name for t in tools.tools} == TOOLS
    schema = next(t for t in tools.tools if t.name == "search_catalogue").input_schema
    assert schema["required"] == ["query"] and schema["properties"]["page"]["minimum"] == 1

    found = _data(await client.call_tool("search_catalogue", {"query": "hemel"}))
    assert found["total"] > 0 and found["hits"]
    first = found["hits"][0]
    assert first["url"] == f"{base}/titel/{first['id']}"
    assert "hemel" in first["title"].lower()

    held = next(r for r in sample_records if r["type"] == "catalogue" and r.get("holdings"))
    rec = _data(await client.call_tool("get_record", {"id": held["id"]}))
    assert rec["title"] == held["title"] and rec["url"] == f"{base}/titel/{held['id']}"
    assert {h["library"] for h in rec["holdings"]} == {h["library"] for h in held["holdings"]}
    assert "editions" in rec

    filtered = _data(await client.call_tool("search_catalogue", {"query": "hemel", "filters": ["material:boek"],
                                                                  "library": held["holdings"][0]["library"]}))
    assert all(h["material"] == "boek" for h in filtered["hits"])
    assert all("held_here" in h for h in filtered["hits"])

    knowledge = _data(await client.call_tool("search_knowledge", {"query": "e-books lenen"}))
    assert knowledge["hits"] and all(h["url"].startswith(f"{base}/artikel/") for h in knowledge["hits"])
    assert "<mark>" not in knowledge["hits"][0]["snippet"]

    answered = _data(await client.call_tool("answer", {"question": QUESTION}))
    passage = answered["passages"][0]
    article = _data(await client.call_tool("get_record", {"id": passage["article"]["id"]}))
    assert article["text"][passage["start"]:passage["end"]] == passage["text"]  # verbatim
    assert _data(await client.call_tool("answer", {"question": "xqzt vlorp gnarb"}))["passages"] == []

    libs = _data(await client.call_tool("list_libraries", {}))["libraries"]
    assert held["holdings"][0]["library"] in {lib["isil"] for lib in libs}

    # Bad input is a tool error that says what is wrong, never a crash.
    for name, args, words in [("search_catalogue", {"query": "x", "filters": ["kleur:rood"]}, "filter"),
                              ("search_catalogue", {"query": "x", "page": 0}, "page"),
                              ("search_catalogue", {}, "query"),
                              ("get_record", {"id": "ppn:doesnotexist"}, "not_found"),
                              ("answer", {"question": " "}, "missing_query")]:
        bad = await client.call_tool(name, args)
        assert bad.is_error, (name, args)
        assert words in bad.content[0].text, (name, args, bad.content[0].text)


def test_stdio_with_the_sdk_client(sample_index, sample_records):
    base = "https://vindplaats.example.nl"
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "indexer.cli", "mcp", "--index-dir", str(sample_index), "--base-url", base],
        cwd=str(REPO), env={**os.environ, "PYTHONPATH": str(REPO)})

    async def main():
        async with Client(params, read_timeout_seconds=120) as client:
            await _session_checks(client, base, sample_records)

    asyncio.run(main())


@pytest.fixture(scope="module")
def live(app):
    with serve(app, lifespan="on") as base:
        yield base


def test_streamable_http_with_the_sdk_client(live, sample_records):
    async def main():
        async with Client(f"{live}/mcp", read_timeout_seconds=120) as client:
            await _session_checks(client, live, sample_records)

    asyncio.run(main())


def _rpc(base: str, method: str, params: dict | None = None, rid: int = 1) -> dict:
    msg = {"jsonrpc": "2.0", "id": rid, "method": method, **({"params": params} if params is not None else {})}
    r = httpx.post(f"{base}/mcp", json=msg, timeout=60,
                   headers={"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["jsonrpc"] == "2.0" and body["id"] == rid
    return body


def test_raw_json_rpc(live):
    init = _rpc(live, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                     "clientInfo": {"name": "curl", "version": "1"}})
    assert init["result"]["serverInfo"]["name"] == "vindplaats"
    assert "tools" in init["result"]["capabilities"]
    listed = _rpc(live, "tools/list", {}, 2)
    assert {t["name"] for t in listed["result"]["tools"]} == TOOLS
    called = _rpc(live, "tools/call", {"name": "search_catalogue", "arguments": {"query": "hemel"}}, 3)
    result = called["result"]
    assert not result.get("isError")
    data = result.get("structuredContent") or json.loads(result["content"][0]["text"])
    assert data["total"] > 0 and data["hits"][0]["url"].startswith(f"{live}/titel/")
    bad = _rpc(live, "tools/call", {"name": "get_record", "arguments": {"id": "ppn:doesnotexist"}}, 4)
    assert bad["result"]["isError"] and "not_found" in bad["result"]["content"][0]["text"]
    unknown = _rpc(live, "tools/call", {"name": "delete_everything", "arguments": {}}, 5)
    assert "error" in unknown or unknown["result"]["isError"]


def test_mcp_without_the_app_lifespan_is_a_json_503(client):
    """The session-scoped TestClient runs the lifespan; a bare app without one says why it cannot answer."""
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    bare = TestClient(create_app(Settings(index_dir=str(client.app.state.settings.index_dir)),
                                 service=client.app.state.service))
    r = bare.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "unavailable"


def test_http_links_follow_the_public_url_and_unknown_hosts_are_refused(client):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    public = "https://vindplaats.example.nl/zoek"
    app = create_app(Settings(index_dir=str(client.app.state.settings.index_dir), public_url=public),
                     service=client.app.state.service)
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "search_catalogue", "arguments": {"query": "hemel"}}}
    headers = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"}
    with TestClient(app, base_url="https://vindplaats.example.nl") as c:
        result = c.post("/mcp", json=call, headers=headers).json()["result"]
        data = result.get("structuredContent") or json.loads(result["content"][0]["text"])
        assert data["hits"][0]["url"].startswith(f"{public}/titel/")
        refused = c.post("/mcp", json=call, headers={**headers, "Host": "evil.example"})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_host"
