"""A small OAI-PMH 2.0 repository for the harvester's tests.

It serves the records of `tests/fixtures/oai/records.xml` (an oai_dc ListRecords answer) the way
a real repository does: `ListRecords` in pages of `page_size` with resumption tokens
(`completeListSize` and `cursor` included, an empty token on the last page), `from`/`until`
filtering on the header datestamp (day or second granularity), `set`, deleted records, and the
protocol's errors (`badArgument`, `badVerb`, `cannotDisseminateFormat`, `badResumptionToken`,
`noRecordsMatch`). `Identify` and `GetRecord` answer too.

For failure tests: `fail_503 = N` answers the next N requests with 503 and a `Retry-After`
header (`retry_after`, or none when None); `expire_tokens()` forgets every token handed out;
`override = bytes` answers the next request with those bytes. `requests` lists the query
arguments of every request received.

    with OAIServer(page_size=3) as server:
        items = list(harvest(server.url, "oai_dc"))

It binds 127.0.0.1 on a free port and runs in a daemon thread (stdlib only).
"""
from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

FIXTURES = Path(__file__).parent / "fixtures" / "oai"
RECORDS = FIXTURES / "records.xml"
OAI = "http://www.openarchives.org/OAI/2.0/"


@dataclass
class _Record:
    identifier: str
    datestamp: str
    sets: list[str]
    xml: str  # the serialised <record> element


@dataclass
class _Token:
    records: list[_Record]
    offset: int
    prefix: str
    args: dict[str, str] = field(default_factory=dict)


def _parse_stamp(value: str, end: bool) -> datetime | None:
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"):
        try:
            d = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d" and end:
            d += timedelta(days=1, seconds=-1)
        return d
    return None


def load_records(path: Path = RECORDS) -> list[_Record]:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    out = []
    for rec in tree.getroot().iter(f"{{{OAI}}}record"):
        header = rec.find(f"{{{OAI}}}header")
        out.append(_Record(
            identifier=header.findtext(f"{{{OAI}}}identifier").strip(),
            datestamp=header.findtext(f"{{{OAI}}}datestamp").strip(),
            sets=[s.text.strip() for s in header.findall(f"{{{OAI}}}setSpec")],
            xml=etree.tostring(rec, encoding="unicode"),
        ))
    return out


class OAIServer:
    def __init__(self, records_file: Path = RECORDS, page_size: int = 3,
                 metadata_prefixes: tuple[str, ...] = ("oai_dc",)) -> None:
        self.records = load_records(records_file)
        self.page_size = page_size
        self.metadata_prefixes = metadata_prefixes
        self.fail_503 = 0
        self.retry_after: str | None = "1"
        self.override: bytes | None = None
        self.requests: list[dict[str, str]] = []
        self._tokens: dict[str, _Token] = {}
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # lifecycle ------------------------------------------------------------------------------
    def start(self) -> OAIServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, headers, body = server.handle(self.path)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{port}/oai"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> OAIServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def expire_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()

    # protocol -------------------------------------------------------------------------------
    def handle(self, path: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(path)
        args = dict(parse_qsl(parts.query, keep_blank_values=True))
        with self._lock:
            self.requests.append(args)
            if self.fail_503 > 0:
                self.fail_503 -= 1
                headers = {"Content-Type": "text/plain; charset=utf-8"}
                if self.retry_after is not None:
                    headers["Retry-After"] = self.retry_after
                return 503, headers, b"Service temporarily unavailable, try again later"
            if self.override is not None:
                body, self.override = self.override, None
                return 200, {"Content-Type": "text/xml; charset=utf-8"}, body
        if parts.path != "/oai":
            return 404, {"Content-Type": "text/plain"}, b"not found"
        return 200, {"Content-Type": "text/xml; charset=utf-8"}, self._answer(args).encode("utf-8")

    def _envelope(self, args: dict[str, str], body: str, echo_args: bool = True) -> str:
        attrs = "".join(f" {k}={quoteattr(v)}" for k, v in args.items()) if echo_args else ""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<OAI-PMH xmlns="{OAI}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n'
            f"<responseDate>{now}</responseDate>\n"
            f"<request{attrs}>{escape(self.url)}</request>\n{body}\n</OAI-PMH>\n"
        )

    def _error(self, args: dict[str, str], code: str, message: str) -> str:
        echo = code not in ("badVerb", "badArgument")
        return self._envelope(args, f'<error code="{code}">{escape(message)}</error>', echo)

    def _answer(self, args: dict[str, str]) -> str:
        verb = args.get("verb")
        if verb == "Identify":
            return self._envelope(args, (
                "<Identify><repositoryName>Testcatalogus</repositoryName>"
                f"<baseURL>{escape(self.url)}</baseURL><protocolVersion>2.0</protocolVersion>"
                "<adminEmail>beheer@bibliotheek.example</adminEmail>"
                "<earliestDatestamp>2023-01-01T00:00:00Z</earliestDatestamp>"
                "<deletedRecord>persistent</deletedRecord>"
                "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>"))
        if verb == "GetRecord":
            if args.get("metadataPrefix") not in self.metadata_prefixes:
                return self._error(args, "cannotDisseminateFormat", "unsupported metadataPrefix")
            for r in self.records:
                if r.identifier == args.get("identifier"):
                    return self._envelope(args, f"<GetRecord>{r.xml}</GetRecord>")
            return self._error(args, "idDoesNotExist", "no record with this identifier")
        if verb != "ListRecords":
            return self._error(args, "badVerb", "illegal or missing verb")

        if "resumptionToken" in args:
            if set(args) - {"verb", "resumptionToken"}:
                return self._error(args, "badArgument", "resumptionToken is an exclusive argument")
            with self._lock:
                tok = self._tokens.pop(args["resumptionToken"], None)
            if tok is None:
                return self._error(args, "badResumptionToken",
                                   "The value of the resumptionToken argument is invalid "
                                   "or expired.")
            return self._page(args, tok.records, tok.offset)

        allowed = {"verb", "metadataPrefix", "from", "until", "set"}
        if set(args) - allowed or "metadataPrefix" not in args:
            return self._error(args, "badArgument", "missing metadataPrefix or an illegal argument")
        if args["metadataPrefix"] not in self.metadata_prefixes:
            return self._error(args, "cannotDisseminateFormat",
                               f"metadataPrefix {args['metadataPrefix']} is not supported")
        start = _parse_stamp(args["from"], end=False) if "from" in args else None
        end = _parse_stamp(args["until"], end=True) if "until" in args else None
        if ("from" in args and start is None) or ("until" in args and end is None):
            return self._error(args, "badArgument", "illegal date in from or until")
        chosen = []
        for r in self.records:
            stamp = _parse_stamp(r.datestamp, end=False)
            if start and stamp < start:
                continue
            if end and stamp > end:
                continue
            if "set" in args and args["set"] not in r.sets:
                continue
            chosen.append(r)
        if not chosen:
            return self._error(args, "noRecordsMatch",
                               "The combination of the given values results in an empty list.")
        return self._page(args, chosen, 0)

    def _page(self, args: dict[str, str], records: list[_Record], offset: int) -> str:
        page = records[offset:offset + self.page_size]
        body = "".join(r.xml for r in page)
        nxt = offset + len(page)
        size = len(records)
        if nxt < size:
            token = f"oai_dc!{next(self._counter)}!{nxt}"
            with self._lock:
                self._tokens[token] = _Token(records, nxt, "oai_dc")
            body += (f'<resumptionToken completeListSize="{size}" cursor="{offset}">'
                     f"{escape(token)}</resumptionToken>")
        elif offset > 0:
            body += f'<resumptionToken completeListSize="{size}" cursor="{offset}"/>'
        return self._envelope(args, f"<ListRecords>{body}</ListRecords>")
