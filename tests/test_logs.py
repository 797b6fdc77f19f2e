"""Log lines that cannot be forged: one event is one line, every character a client chose that could
end a line or drive a terminal is escaped, and the query log still says nothing of who asked."""
from __future__ import annotations

import pytest

from search_api import logline

HOSTILE = "x\n2026-12-02 vindplaats.admin reindex started by admin\r\x1b[2J\u2028\x85\"\\"


def test_escape_leaves_one_printable_line():
    out = logline.escape(HOSTILE)
    assert out.isprintable() and len(out.splitlines()) == 1
    assert "\\n2026-12-02" in out and "\\r\\x1b[2J\\u2028\\x85" in out and out.endswith('\\"\\\\')
    assert logline.escape("ontdekking van de hemel") == "ontdekking van de hemel"


def test_a_line_quotes_strings_and_keeps_numbers():
    line = logline.line("query", ("filter", "material:boek"), ("filter", 'a"b'), q="hemel aarde", page=2,
                        ms=1.25, library=None, warm=True)
    assert line == 'query filter="material:boek" filter="a\\"b" q="hemel aarde" page=2 ms=1.2 library=- warm=true'


def messages(caplog, name: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == name]


def assert_one_clean_line(message: str) -> None:
    assert len(message.splitlines()) == 1, message
    assert message.isprintable(), message  # no \n, \r, ESC, U+2028 or other control characters


@pytest.mark.parametrize("path", ["/titel/x%0A2026-12-02%20vindplaats.admin%20job%20started%0D%1B%5B2J",
                                  "/api/v1/records/ppn:1%0Aforged%E2%80%A8line",
                                  "/nergens%0D%0Astatus=200%1B"])
def test_a_newline_in_a_path_gives_exactly_one_access_line(client, caplog, path):
    caplog.set_level("INFO")
    r = client.get(path)
    assert r.status_code == 404
    access = messages(caplog, "vindplaats.access")
    assert len(access) == 1
    assert_one_clean_line(access[0])
    assert access[0].startswith('access method="GET" path="/')
    assert "\\n" in access[0] or "\\r" in access[0]
    assert "status=404" in access[0]


@pytest.mark.parametrize("url", ["/zoeken?q=hemel%0Aforged%20line%0D%1B%5B2J&filter=material:boek%0Ax",
                                 "/api/v1/search?q=hemel%0Aforged%E2%80%A8line%1B&library=NL-x%0Ay"])
def test_control_characters_in_a_query_give_one_query_line_and_one_access_line(client, caplog, url):
    caplog.set_level("INFO")
    r = client.get(url, headers={"User-Agent": "Geheim/1.0", "X-Forwarded-For": "203.0.113.9"})
    assert r.status_code in (200, 400)
    access = messages(caplog, "vindplaats.access")
    assert len(access) == 1
    assert_one_clean_line(access[0])
    assert "hemel" not in access[0]  # the access log has the path only; queries go to the query log
    for line in messages(caplog, "vindplaats.queries"):
        assert_one_clean_line(line)
        assert "Geheim" not in line and "203.0.113.9" not in line and "testclient" not in line
    if r.status_code == 200:
        queries = messages(caplog, "vindplaats.queries")
        assert len(queries) == 1 and 'q="hemel' in queries[0]


def test_an_unhandled_error_logs_its_path_escaped(caplog):
    import logging

    log = logging.getLogger("vindplaats")
    with caplog.at_level("ERROR"):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            log.exception("%s", logline.line("error", path="/x\n/forged"))
    assert caplog.records[-1].getMessage() == 'error path="/x\\n/forged"'
