"""The `oai` reader: harvesting an OAI-PMH repository (tests/oai_server.py plays the repository)."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest

from corpus.model import Delete, Rejection
from corpus.readers import SourceError, oai, read_source
from corpus.readers.oai import HarvestState, OAIError, harvest, parse_spec

try:
    from oai_server import OAIServer
except ImportError:  # tests/ imported as a package
    from tests.oai_server import OAIServer

FIXTURES = Path(__file__).parent / "fixtures" / "oai"
ALL_IDS = [
    "ppn:81000001X", "ppn:810000028", "ppn:810000036", "ppn:810000044", "ppn:810000060",
    "ppn:810000079", "dc:oai:repository.universiteit.example:1874/412345", "ppn:810000087",
]


@pytest.fixture
def server():
    with OAIServer(page_size=3) as srv:
        yield srv


class Sleeps(list):
    """An injectable sleep that records how long the harvester wanted to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def ids(items):
    return [i["id"] for i in items if isinstance(i, dict)]


def test_full_harvest_over_three_pages(server):
    state = HarvestState()
    items = list(harvest(server.url, "oai_dc", state=state))
    assert ids(items) == ALL_IDS
    assert [i for i in items if isinstance(i, Delete)] == [Delete("ppn:810000052")]
    assert not any(isinstance(i, Rejection) for i in items)
    # three ListRecords requests: the first with arguments, then two resumption tokens
    assert len(server.requests) == 3
    assert server.requests[0] == {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    assert set(server.requests[1]) == {"verb", "resumptionToken"}
    assert state.complete and state.pages == 3
    assert (state.records, state.deleted, state.rejected) == (8, 1, 0)
    assert state.latest_datestamp == "2024-03-15T10:10:10Z"
    assert state.complete_list_size == 9
    ebook = next(i for i in items if isinstance(i, dict) and i["id"] == "ppn:810000060")
    assert ebook["material"] == "e-book" and ebook["title"] == "Oorlog en terpentijn"
    assert ebook["oai_sets"] == ["ebooks"]


def test_from_returns_only_newer_records(server):
    items = list(harvest(server.url, "oai_dc", from_="2024-02-01"))
    assert ids(items) == ALL_IDS[4:]
    assert Delete("ppn:810000052") in items  # deleted on 2024-02-01T11:00:00Z
    assert server.requests[0]["from"] == "2024-02-01"


def test_until_and_set(server):
    assert ids(harvest(server.url, until="2023-12-31")) == ALL_IDS[:2]
    assert ids(harvest(server.url, set_="jeugd")) == ["ppn:810000044", "ppn:810000079"]


def test_incremental_run_uses_the_saved_datestamp(server, tmp_path):
    state_file = tmp_path / "harvest.json"
    first = list(read_source(f"oai:{server.url}?metadataPrefix=oai_dc&state={state_file}"))
    assert ids(first) == ALL_IDS
    saved = json.loads(state_file.read_text())
    assert saved["latest_datestamp"] == "2024-03-15T10:10:10Z" and saved["complete"]
    server.requests.clear()
    second = list(read_source(f"oai:{server.url}?state={state_file}"))
    assert server.requests[0]["from"] == "2024-03-15T10:10:10Z"
    assert ids(second) == ["ppn:810000087"]  # `from` is inclusive


def test_503_twice_then_success_honours_retry_after(server):
    server.fail_503 = 2
    server.retry_after = "7"
    sleeps = Sleeps()
    items = list(harvest(server.url, sleep=sleeps, retries=3, backoff=0.01))
    assert sleeps == [7.0, 7.0]
    assert ids(items) == ALL_IDS
    assert len(server.requests) == 5


def test_503_without_retry_after_backs_off_exponentially(server):
    server.fail_503 = 3
    server.retry_after = None
    sleeps = Sleeps()
    assert ids(harvest(server.url, sleep=sleeps, retries=3, backoff=0.5)) == ALL_IDS
    assert sleeps == [0.5, 1.0, 2.0]


def test_retry_after_is_capped_and_retries_are_bounded(server):
    server.fail_503 = 10
    server.retry_after = "86400"
    sleeps = Sleeps()
    with pytest.raises(OAIError, match="after 2 retries"):
        list(harvest(server.url, sleep=sleeps, retries=2, max_sleep=30))
    assert sleeps == [30, 30]
    assert len(server.requests) == 3


def test_server_failing_mid_harvest_ends_with_a_rejection(server):
    sleeps = Sleeps()
    state = HarvestState()
    gen = harvest(server.url, sleep=sleeps, retries=1, backoff=0.01, state=state)
    first_page = [next(gen) for _ in range(3)]
    server.fail_503 = 5
    rest = list(gen)
    assert ids(first_page) == ALL_IDS[:3]
    assert len(rest) == 1 and isinstance(rest[0], Rejection)
    assert "harvest stopped" in rest[0].reason and "HTTP 503" in rest[0].reason
    assert not state.complete


def test_bad_resumption_token_mid_harvest(server):
    state = HarvestState()
    gen = harvest(server.url, state=state)
    first_page = [next(gen) for _ in range(3)]
    server.expire_tokens()
    rest = list(gen)
    assert ids(first_page) == ALL_IDS[:3]
    assert len(rest) == 1 and isinstance(rest[0], Rejection)
    assert "badResumptionToken" in rest[0].reason
    assert "invalid or has expired" in rest[0].reason
    assert rest[0].position == "page 2"
    assert not state.complete and state.errors


def test_bad_resumption_token_given_by_the_user(server):
    with pytest.raises(OAIError, match="badResumptionToken") as exc:
        list(read_source(f"oai:{server.url}?resumptionToken=verlopen-token"))
    assert exc.value.code == "badResumptionToken"
    assert isinstance(exc.value, SourceError)


def test_no_records_match_is_an_empty_harvest(server):
    state = HarvestState()
    assert list(harvest(server.url, from_="2030-01-01", state=state)) == []
    assert state.complete and state.records == 0


def test_xxe_in_a_response_is_rejected_harmlessly(server):
    server.override = (FIXTURES / "xxe-response.xml").read_bytes()
    items = list(harvest(server.url))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert "unsafe XML" in items[0].reason
    assert "root:" not in items[0].reason
    assert len(server.requests) == 1  # nothing fetched beyond the one page


def test_unsupported_format_and_bad_arguments(server):
    with pytest.raises(SourceError):
        list(harvest(server.url, "mods"))
    with pytest.raises(OAIError, match="badArgument"):
        list(harvest(server.url, from_="gisteren"))


def test_http_errors_and_unreachable_repository(server):
    with pytest.raises(OAIError, match="HTTP 404"):
        list(harvest(server.url.replace("/oai", "/niets")))
    with socket.socket() as s:  # a port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sleeps = Sleeps()
    with pytest.raises(OAIError, match="after 1 retries"):
        list(harvest(f"http://127.0.0.1:{port}/oai", sleep=sleeps, retries=1, backoff=0.25))
    assert sleeps == [0.25]


def test_parse_spec():
    base, opts = parse_spec(
        "http://127.0.0.1:8123/oai?metadataPrefix=oai_dc&set=x&from=2024-01-01"
        "&until=2024-02-01&key=abc")
    assert base == "http://127.0.0.1:8123/oai?key=abc"
    assert opts == {"metadataPrefix": "oai_dc", "set": "x", "from": "2024-01-01",
                    "until": "2024-02-01"}
    assert parse_spec("https://oai.example.nl/oai") == ("https://oai.example.nl/oai", {})
    with pytest.raises(SourceError):
        parse_spec("/pad/naar/bestand.xml")


def test_read_with_options_through_the_registry(server, monkeypatch):
    monkeypatch.setattr(oai, "BACKOFF", 0.0)
    items = list(read_source(f"oai:{server.url}?metadataPrefix=oai_dc&set=boeken&from=2024-01-01"))
    assert ids(items) == ["ppn:810000036", "ppn:810000044", "ppn:810000087"]
    assert Delete("ppn:810000052") in items
    assert server.requests[0] == {"verb": "ListRecords", "metadataPrefix": "oai_dc",
                                  "from": "2024-01-01", "set": "boeken"}


def test_base_url_query_parameters_are_kept():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.url.params))
        return httpx.Response(200, content=(
            b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>'
            b"2024-01-01T00:00:00Z</responseDate><request>x</request>"
            b'<error code="noRecordsMatch">leeg</error></OAI-PMH>'))

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        assert list(harvest("http://oai.example.nl/oai?key=abc", client=client)) == []
    assert seen == [{"key": "abc", "verb": "ListRecords", "metadataPrefix": "oai_dc"}]


def test_marcxml_through_the_marc_mapping():
    pytest.importorskip("corpus.readers.marc")
    with OAIServer(FIXTURES / "records-marcxml.xml", metadata_prefixes=("marcxml",)) as srv:
        items = list(harvest(srv.url, "marcxml"))
    assert srv.requests[0]["metadataPrefix"] == "marcxml"
    record, delete = items
    assert delete == Delete("ppn:810000052")
    assert record["id"] == "ppn:81000001X"
    assert record["title"] == "Het diner" and record["year"] == 2009
    assert record["isbn"] == ["9789023410010"]
    assert record["authors"][0]["name"] == "Koch, Herman"
