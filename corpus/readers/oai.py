"""OAI-PMH harvesting (the contract's `oai` kind).

`read(spec)` takes a repository's base URL with optional harvest options in its query:

    http://oai.example.nl/oai?metadataPrefix=oai_dc&set=boeken&from=2024-01-01&until=2024-02-01

`metadataPrefix` (default `oai_dc`), `set`, `from`, `until` and `resumptionToken` (to resume a
broken harvest) are taken out and used as OAI-PMH arguments; `state=FILE` names a small JSON
file that remembers the latest datestamp seen, so that the next run asks only for what changed
(`from` = that datestamp) and the file is updated after a complete harvest. Any other query
parameter stays part of the base URL.

`harvest(...)` is the underlying API: it issues `ListRecords`, follows resumption tokens and
yields canonical records, `Delete`s for headers with `status="deleted"`, and `Rejection`s.
`oai_dc` metadata goes through the Dublin Core mapping of `corpus.readers.dc`; `marcxml`
(`marc21`, `MARC21-xml`, ...) through `corpus.readers.marc` when that module offers a mapper
for one MARCXML record element.

Network behaviour: httpx with timeouts; 503 (and 429) answers are retried after the server's
`Retry-After` (seconds or an HTTP date, capped at `MAX_SLEEP`), other transient failures
(connection errors, timeouts, 500/502/504) with exponential backoff, at most `RETRIES` times.
An OAI-PMH error on the first request (badArgument, cannotDisseminateFormat, noSetHierarchy,
badResumptionToken for a given token, ...) raises `OAIError` (a `SourceError`): the source
cannot be harvested at all. `noRecordsMatch` is an empty harvest, not an error. An error after
records were yielded (an expired resumption token, unsafe XML, a server that stopped answering)
ends the harvest with a `Rejection` that says what happened; the records already yielded stand,
and the state is not advanced, so the next run starts again from the old `from`.
"""
from __future__ import annotations

import email.utils
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from corpus.model import CatalogueRecord, Delete, Rejection
from corpus.readers import SourceError, checked
from corpus.readers import dc as dcmod
from corpus.readers.xmlsafe import BadXMLError, UnsafeXMLError, parse_xml

__all__ = [
    "BACKOFF",
    "MAX_SLEEP",
    "RETRIES",
    "TIMEOUT",
    "HarvestState",
    "OAIError",
    "harvest",
    "mapper_for",
    "parse_spec",
    "read",
]

OAI = dcmod.OAI_NS

# Module-level settings; `harvest` takes each as a parameter too (tests use tiny values).
RETRIES = 5            # retries per request after the first attempt
BACKOFF = 2.0          # seconds; doubled on every retry when the server gives no Retry-After
MAX_SLEEP = 300.0      # never wait longer than this for one retry, whatever Retry-After says
TIMEOUT = 60.0         # seconds for connect/read of one request
USER_AGENT = "Vindplaats-harvester/0.1 (OAI-PMH)"

_SPEC_OPTIONS = {"metadataPrefix", "set", "from", "until", "resumptionToken", "state"}
_RETRY_STATUSES = {429, 500, 502, 503, 504}


class OAIError(SourceError):
    """An OAI-PMH repository answered with an error (or not at all) and cannot be harvested."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class HarvestState:
    """What a harvest saw; `latest_datestamp` is the `from` for the next incremental run."""

    base_url: str = ""
    metadata_prefix: str = "oai_dc"
    set: str | None = None
    latest_datestamp: str | None = None
    records: int = 0
    deleted: int = 0
    rejected: int = 0
    pages: int = 0
    complete: bool = False
    resumption_token: str | None = None  # the token of the page being harvested (to resume)
    complete_list_size: int | None = None
    errors: list[str] = field(default_factory=list)

    def see_datestamp(self, stamp: str | None) -> None:
        if not stamp:
            return
        if self.latest_datestamp is None or _stamp_key(stamp) > _stamp_key(self.latest_datestamp):
            self.latest_datestamp = stamp

    # persistence for incremental runs ---------------------------------------------------
    def save(self, path: str) -> None:
        data = {k: v for k, v in asdict(self).items() if k != "errors"}
        data["saved"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        tmp = f"{path}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str) -> HarvestState | None:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise SourceError(f"{path}: harvest state file cannot be read: {exc}") from None
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _stamp_key(stamp: str) -> datetime:
    """Datestamps are UTC in day or second granularity; compare them as datetimes."""
    s = stamp.strip()
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%d"):
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return datetime.min


# --------------------------------------------------------------------------------------------
# Metadata mappers: one metadata element -> a raw canonical record

Mapper = Callable[[etree._Element, str | None], CatalogueRecord]


def _map_oai_dc(element: etree._Element, identifier: str | None) -> CatalogueRecord:
    return dcmod.map_record(element, identifier)


def _marc_mapper() -> Mapper | None:
    """MARCXML metadata mapped by corpus.readers.marc, the same mapping as MARC files get."""
    from corpus.readers import marc

    def mapper(element: etree._Element, identifier: str | None) -> CatalogueRecord:
        item = marc.from_marcxml_element(element, "oai", identifier or "?")
        if isinstance(item, Rejection):
            raise ValueError(item.reason)
        rec = dict(item)
        if identifier:
            # the header's id, so that a later deleted header meets the same record
            rec["id"] = dcmod.oai_record_id(identifier)
        return rec

    return mapper


def mapper_for(metadata_prefix: str) -> Mapper:
    prefix = metadata_prefix.lower()
    if prefix in ("oai_dc", "dc", "srw_dc", "dcx"):
        return _map_oai_dc
    if prefix in ("marcxml", "marc21", "marc21-xml", "marc21xml", "marc"):
        mapper = _marc_mapper()
        if mapper:
            return mapper
        raise SourceError(
            f"metadataPrefix {metadata_prefix!r}: no MARCXML mapping is available; use oai_dc"
        )
    raise SourceError(
        f"metadataPrefix {metadata_prefix!r} is not supported (use oai_dc or marcxml)"
    )


# --------------------------------------------------------------------------------------------
# The harvester

def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _describe(params: dict[str, str]) -> str:
    if "resumptionToken" in params:
        return f"ListRecords resumptionToken={params['resumptionToken']}"
    return "ListRecords " + " ".join(f"{k}={v}" for k, v in params.items() if k != "verb")


def _fetch(client: Any, base_url: str, params: dict[str, str], *, retries: int, backoff: float,
           max_sleep: float, sleep: Callable[[float], None]) -> bytes:
    """GET one OAI-PMH page, retrying 503/429 (after Retry-After) and transient failures."""
    import httpx

    # keep the base URL's own query parameters (httpx would replace them with `params`)
    parts = urlsplit(base_url)
    url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    attempt = 0
    while True:
        wait: float | None = None
        try:
            resp = client.get(url, params=query)
        except (httpx.UnsupportedProtocol, httpx.TooManyRedirects, httpx.InvalidURL) as exc:
            raise OAIError(f"{base_url}: {_describe(params)} failed: {exc}") from None
        except httpx.HTTPError as exc:  # timeouts, refused connections, broken transfers
            problem = f"{type(exc).__name__}: {exc}"
        else:
            if resp.status_code == 200:
                return resp.content
            problem = f"HTTP {resp.status_code}"
            if resp.status_code not in _RETRY_STATUSES:
                raise OAIError(f"{base_url}: {_describe(params)} failed with {problem}")
            if resp.status_code in (429, 503):
                wait = _retry_after(resp.headers.get("Retry-After"))
        if attempt >= retries:
            raise OAIError(
                f"{base_url}: {_describe(params)} still failing after {retries} retries ({problem})"
            )
        if wait is None:
            wait = backoff * (2 ** attempt)
        sleep(min(max(wait, 0.0), max_sleep))
        attempt += 1


def harvest(
    base_url: str,
    metadata_prefix: str = "oai_dc",
    from_: str | None = None,
    until: str | None = None,
    set_: str | None = None,
    *,
    resumption_token: str | None = None,
    state: HarvestState | None = None,
    client: Any = None,
    sleep: Callable[[float], None] | None = None,
    retries: int | None = None,
    backoff: float | None = None,
    max_sleep: float | None = None,
    timeout: float | None = None,
) -> Iterator[CatalogueRecord | Rejection | Delete]:
    """Harvest `base_url` with ListRecords; yields records, Deletes and Rejections.

    Pass a `HarvestState` to learn the latest datestamp seen, the counts and whether the
    harvest completed; `state.latest_datestamp` is the `from_` of the next incremental run.
    """
    mapper = mapper_for(metadata_prefix)
    sleep = time.sleep if sleep is None else sleep
    retries = RETRIES if retries is None else retries
    backoff = BACKOFF if backoff is None else backoff
    max_sleep = MAX_SLEEP if max_sleep is None else max_sleep
    timeout = TIMEOUT if timeout is None else timeout
    if state is None:
        state = HarvestState()
    state.base_url, state.metadata_prefix, state.set = base_url, metadata_prefix, set_
    state.complete = False
    source = base_url

    own_client = client is None
    if own_client:
        import httpx

        client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 30.0)),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
        )
    try:
        if resumption_token:
            params = {"verb": "ListRecords", "resumptionToken": resumption_token}
        else:
            params = {"verb": "ListRecords", "metadataPrefix": metadata_prefix}
            if from_:
                params["from"] = from_
            if until:
                params["until"] = until
            if set_:
                params["set"] = set_
        page = 0
        seen_tokens: set[str] = set()
        while True:
            page += 1
            first = page == 1
            try:
                data = _fetch(client, base_url, params, retries=retries, backoff=backoff,
                              max_sleep=max_sleep, sleep=sleep)
            except OAIError as exc:
                if first:
                    raise
                state.errors.append(str(exc))
                yield Rejection(source, f"page {page}", f"harvest stopped: {exc}")
                return
            try:
                root = parse_xml(data)
            except (UnsafeXMLError, BadXMLError) as exc:
                reason = ("unsafe XML refused" if isinstance(exc, UnsafeXMLError)
                          else "not well-formed XML")
                msg = f"{reason} in the answer to {_describe(params)}: {exc}; harvest stopped"
                state.errors.append(msg)
                yield Rejection(source, f"page {page}", msg)
                return
            state.pages = page
            if etree.QName(root).namespace != OAI or etree.QName(root).localname != "OAI-PMH":
                msg = f"the answer to {_describe(params)} is not an OAI-PMH response"
                if first:
                    raise OAIError(f"{base_url}: {msg}")
                state.errors.append(msg)
                yield Rejection(source, f"page {page}", msg + "; harvest stopped")
                return

            errors = root.findall(f"{{{OAI}}}error")
            if errors:
                codes = [e.get("code", "") for e in errors]
                if "noRecordsMatch" in codes:
                    state.complete = True
                    return
                text = "; ".join(
                    f"{e.get('code', '?')}: {' '.join((e.text or '').split())}" for e in errors
                )
                if "badResumptionToken" in codes:
                    msg = (f"OAI-PMH error badResumptionToken ({text}): the resumption token "
                           f"{params.get('resumptionToken')!r} is invalid or has expired")
                else:
                    msg = f"OAI-PMH error {text}"
                if first:
                    raise OAIError(f"{base_url}: {msg}", code=codes[0])
                msg += f"; harvest stopped after {page - 1} pages"
                state.errors.append(msg)
                yield Rejection(source, f"page {page}", msg)
                return

            list_records = root.find(f"{{{OAI}}}ListRecords")
            if list_records is None:
                msg = f"the answer to {_describe(params)} has no ListRecords"
                if first:
                    raise OAIError(f"{base_url}: {msg}")
                state.errors.append(msg)
                yield Rejection(source, f"page {page}", msg + "; harvest stopped")
                return

            for n, rec in enumerate(dcmod.oai_records(list_records), start=1):
                position = f"page {page} record {n}"
                state.see_datestamp(rec.datestamp)
                if rec.deleted:
                    if rec.identifier:
                        state.deleted += 1
                        yield Delete(dcmod.oai_record_id(rec.identifier))
                    else:
                        state.rejected += 1
                        yield Rejection(source, position, "deleted record without an identifier")
                    continue
                rid = dcmod.oai_record_id(rec.identifier) if rec.identifier else None
                if rec.metadata is None:
                    state.rejected += 1
                    yield Rejection(source, position, "OAI-PMH record without metadata",
                                    record_id=rid)
                    continue
                try:
                    raw = mapper(rec.metadata, rec.identifier)
                except Exception as exc:  # noqa: BLE001 - one odd record must never stop the harvest
                    state.rejected += 1
                    yield Rejection(source, position, f"cannot map the record: {exc}",
                                    record_id=rid)
                    continue
                if rec.sets:
                    raw.setdefault("oai_sets", rec.sets)
                if rec.identifier:
                    raw.setdefault("oai_identifier", rec.identifier)
                item = checked(raw, source, position)
                if isinstance(item, Rejection):
                    state.rejected += 1
                else:
                    state.records += 1
                yield item

            token_el = list_records.find(f"{{{OAI}}}resumptionToken")
            token = (token_el.text or "").strip() if token_el is not None else ""
            if token_el is not None and token_el.get("completeListSize", "").isdigit():
                state.complete_list_size = int(token_el.get("completeListSize"))
            if not token:
                state.resumption_token = None
                state.complete = True
                return
            if token in seen_tokens:
                msg = f"the repository sent resumption token {token!r} twice; harvest stopped"
                state.errors.append(msg)
                yield Rejection(source, f"page {page}", msg)
                return
            seen_tokens.add(token)
            state.resumption_token = token
            params = {"verb": "ListRecords", "resumptionToken": token}
    finally:
        if own_client:
            client.close()


# --------------------------------------------------------------------------------------------
# The `oai:` source kind

def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    """Split `URL?metadataPrefix=..&set=..&from=..` into (base URL, harvest options)."""
    parts = urlsplit(spec.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(f"{spec!r} is not an OAI-PMH base URL (http:// or https://)")
    options: dict[str, str] = {}
    rest: list[tuple[str, str]] = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in _SPEC_OPTIONS:
            if value:
                options[key] = value
        elif key != "verb":
            rest.append((key, value))
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(rest), ""))
    return base, options


def read(spec: str) -> Iterator[CatalogueRecord | Rejection | Delete]:
    base, opts = parse_spec(spec)
    prefix = opts.get("metadataPrefix", "oai_dc")
    state_path = opts.get("state")
    from_ = opts.get("from")
    if state_path and not from_ and not opts.get("resumptionToken"):
        saved = HarvestState.load(state_path)
        if saved and saved.base_url == base and saved.metadata_prefix == prefix \
                and saved.set == opts.get("set"):
            from_ = saved.latest_datestamp
    state = HarvestState()
    yield from harvest(base, prefix, from_=from_, until=opts.get("until"), set_=opts.get("set"),
                       resumption_token=opts.get("resumptionToken"), state=state)
    if state_path and state.complete:
        if state.latest_datestamp is None and from_:
            state.latest_datestamp = from_  # nothing new: keep the old starting point
        state.save(state_path)
