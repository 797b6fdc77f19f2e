"""OAI-PMH 2.0: other systems harvest the catalogue and the knowledge base from `/oai`.

Verbs Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords and GetRecord, every
error code of the protocol, formats `oai_dc` and `marcxml` (search_api.marcxml: the original MARC
where it was kept). Sets: `catalogus` with a subset per material (`catalogus:boek`, ...) and
`kennisbank`.

Datestamps are each record's last change (indexer.changes: a full build keeps the change key of a
record whose content did not change). Deleted records keep a header with `status="deleted"`, for as
long as the index directory exists (`deletedRecord` is `persistent`): those removed with `index
delete` or an update's deletes and those that a new full build no longer held.

A resumption token is the harvest's arguments and the change key of the last record it
delivered. Records are listed in the order of their change keys, and an unchanged record keeps its
key across generations while a changed or deleted one gets a new, larger key, so a token **stays
valid across a generation switch**: the harvest goes on where it was, and what changed meanwhile
comes later in the same list. A token that does not decode, or belongs to another verb, is a
`badResumptionToken`.
"""
from __future__ import annotations

import base64
import binascii
import time
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from lxml import etree

from corpus import materials as material_list
from corpus.readers.dc import OAI_ID_PREFIX, oai_record_id, vindplaats_oai_identifier
from indexer import changes
from search_api import urls
from search_api.marcxml import record_marcxml
from search_api.service import Snapshot
from search_api.sru import dc_record

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MARC_NS = "http://www.loc.gov/MARC21/slim"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MEDIA_TYPE = "text/xml; charset=utf-8"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
REPOSITORY_NAME = "Vindplaats: collectie Nederland en Bnetwerk-kennisbank"

# metadataPrefix -> (schema, namespace)
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
    "marcxml": ("http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd", MARC_NS),
}
VERBS = {
    # verb -> (required arguments, optional arguments); resumptionToken is exclusive where allowed
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
PAGE_SIZE = {"ListRecords": 100, "ListIdentifiers": 500}  # records or headers per response

CATALOGUE_SET, KNOWLEDGE_SET = "catalogus", "kennisbank"


def materials() -> tuple[material_list.Material, ...]:
    """The materials as corpus.materials declares them (one set each)."""
    return material_list.MATERIALS


@dataclass(frozen=True)
class OAISet:
    spec: str
    name: str
    filters: tuple[tuple[str, str], ...]  # facet-field filters (search_api.service.changed_records)


def sets() -> list[OAISet]:
    out = [OAISet(CATALOGUE_SET, "Catalogus", (("type", "catalogue"),))]
    out += [OAISet(f"{CATALOGUE_SET}:{m.code}", f"Catalogus: {m.label}", (("type", "catalogue"), ("material", m.code)))
            for m in materials()]
    out.append(OAISet(KNOWLEDGE_SET, "Kennisbank", (("type", "article"),)))
    return out


def set_specs(rec: dict | changes.Deletion) -> list[str]:
    """The sets a record (or a deleted record) belongs to."""
    kind = rec.get("type") if isinstance(rec, dict) else rec.type
    if kind == "article":
        return [KNOWLEDGE_SET]
    material = rec.get("material") if isinstance(rec, dict) else rec.material
    return [CATALOGUE_SET] + ([f"{CATALOGUE_SET}:{material}"] if material else [])


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


# --- dates -----------------------------------------------------------------------------------

def format_datestamp(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))


def parse_datestamp(value: str, name: str, end_of_day: bool) -> tuple[int, str]:
    """(Unix second, granularity) of a from/until argument in either of the granularities."""
    for fmt, granularity in (("%Y-%m-%dT%H:%M:%SZ", "seconds"), ("%Y-%m-%d", "day")):
        try:
            when = datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        second = int(when.timestamp())
        if granularity == "day" and end_of_day:
            second += 86_399
        return second, granularity
    raise OAIError("badArgument", f"{name} {value!r} is not a date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ)")


# --- resumption tokens ---------------------------------------------------------------------

@dataclass(frozen=True)
class Harvest:
    """One list request: its arguments, and where in the list a resumption token stands."""
    verb: str
    prefix: str
    set: str | None
    lo: int | None  # change keys: from, until (inclusive)
    hi: int | None
    after: int | None = None  # the last key delivered
    cursor: int = 0  # records delivered before this page

    def token(self, after: int, cursor: int) -> str:
        data = orjson.dumps({"v": self.verb, "m": self.prefix, "s": self.set, "f": self.lo, "u": self.hi,
                             "k": after, "c": cursor})
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    @classmethod
    def from_token(cls, verb: str, token: str) -> Harvest:
        try:
            data = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            h = cls(data["v"], data["m"], data["s"], data["f"], data["u"], int(data["k"]), int(data["c"]))
        except (binascii.Error, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
            raise OAIError("badResumptionToken", f"the resumption token {token!r} is not one of this repository") from None
        bounds_ok = all(v is None or type(v) is int for v in (h.lo, h.hi))
        if not bounds_ok or h.verb != verb or h.prefix not in FORMATS or (h.set is not None and _set(h.set) is None):
            raise OAIError("badResumptionToken", f"the resumption token {token!r} is not one for {verb}")
        return h


def _set(spec: str) -> OAISet | None:
    return next((s for s in sets() if s.spec == spec), None)


# --- the protocol ----------------------------------------------------------------------------

def respond(items: list[tuple[str, str]], snapshot: Snapshot, base_url: str) -> bytes:
    """The OAI-PMH answer to a request's arguments (GET query or POST form)."""
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    _sub(root, "responseDate", format_datestamp(int(time.time())))
    request = _sub(root, "request", urls.absolute(base_url, urls.OAI))
    try:
        args = _arguments(items)
        for name, value in args.items():
            request.set(name, value)
        _VERB_HANDLERS[args["verb"]](root, args, snapshot, base_url)
    except OAIError as exc:
        if exc.code in ("badVerb", "badArgument"):
            request.attrib.clear()  # the protocol: no attributes when the request was not understood
        _sub(root, "error", exc.message, code=exc.code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def rate_limited(base_url: str, message: str) -> bytes:
    """The answer to a harvester over the rate limit (search_api.ratelimit). OAI-PMH does flow
    control in HTTP (section 3.1.2.2: 503 with Retry-After; harvesters such as Sickle retry it by
    default) and has no error code of its own for it, so the body is a valid OAI-PMH response
    whose error says why: `badArgument` is the one code a harvester does not read as an answer
    (noRecordsMatch would end its harvest as if complete), and the request, not understood,
    carries no attributes, as for badArgument."""
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    _sub(root, "responseDate", format_datestamp(int(time.time())))
    _sub(root, "request", urls.absolute(base_url, urls.OAI))
    _sub(root, "error", message, code="badArgument")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _arguments(items: list[tuple[str, str]]) -> dict[str, str]:
    args: dict[str, str] = {}
    for name, value in items:
        if name in args:
            code = "badVerb" if name == "verb" else "badArgument"
            raise OAIError(code, f"the argument {name} is given more than once")
        args[name] = value
    verb = args.get("verb")
    if verb is None:
        raise OAIError("badVerb", "no verb; one of: " + ", ".join(VERBS))
    if verb not in VERBS:
        raise OAIError("badVerb", f"{verb!r} is not an OAI-PMH verb; one of: " + ", ".join(VERBS))
    required, optional = VERBS[verb]
    given = set(args) - {"verb"}
    unknown = given - required - optional
    if unknown:
        raise OAIError("badArgument", f"{verb} does not take {', '.join(sorted(unknown))}")
    if "resumptionToken" in given:
        if given != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument")
        return args
    missing = required - given
    if missing:
        raise OAIError("badArgument", f"{verb} needs {', '.join(sorted(missing))}")
    return args


def _identify(root, args, snapshot: Snapshot, base_url: str) -> None:
    el = _sub(root, "Identify")
    _sub(el, "repositoryName", REPOSITORY_NAME)
    _sub(el, "baseURL", urls.absolute(base_url, urls.OAI))
    _sub(el, "protocolVersion", "2.0")
    _sub(el, "adminEmail", ADMIN_EMAIL)
    _sub(el, "earliestDatestamp", format_datestamp(earliest(snapshot)))
    _sub(el, "deletedRecord", "persistent")
    _sub(el, "granularity", GRANULARITY)


ADMIN_EMAIL = "beheer@vindplaats.example.org"


def earliest(snapshot: Snapshot) -> int:
    """The second of the oldest change the repository lists (now, when it lists nothing)."""
    first = snapshot.changed_records(limit=1).records
    stamps = [changes.datestamp(first[0][0])] if first else []
    deleted = snapshot.deletions()
    if deleted:
        stamps.append(changes.datestamp(deleted[0].key))
    return min(stamps) if stamps else int(time.time())


def _list_metadata_formats(root, args, snapshot: Snapshot, base_url: str) -> None:
    if "identifier" in args:
        _find(snapshot, args["identifier"])  # idDoesNotExist; every record has both formats
    el = _sub(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in FORMATS.items():
        fmt = _sub(el, "metadataFormat")
        _sub(fmt, "metadataPrefix", prefix)
        _sub(fmt, "schema", schema)
        _sub(fmt, "metadataNamespace", namespace)


def _list_sets(root, args, snapshot: Snapshot, base_url: str) -> None:
    if "resumptionToken" in args:  # the sets fit in one answer: no token was ever handed out
        raise OAIError("badResumptionToken", "ListSets hands out no resumption tokens")
    el = _sub(root, "ListSets")
    for s in sets():
        item = _sub(el, "set")
        _sub(item, "setSpec", s.spec)
        _sub(item, "setName", s.name)


def _get_record(root, args, snapshot: Snapshot, base_url: str) -> None:
    prefix = _prefix(args["metadataPrefix"])
    found = _find(snapshot, args["identifier"])
    el = _sub(root, "GetRecord")
    _record(el, found, prefix, base_url)


def _find(snapshot: Snapshot, identifier: str) -> tuple[int, dict | changes.Deletion]:
    """(change key, record or deletion) of an identifier, or idDoesNotExist."""
    if identifier.startswith(OAI_ID_PREFIX):
        rid = oai_record_id(identifier)
        found = snapshot.change_of(rid)
        if found is not None:
            return found
        for d in reversed(snapshot.deletions()):
            if d.id == rid:
                return d.key, d
    raise OAIError("idDoesNotExist", f"{identifier!r} is not the identifier of a record in this repository")


def _list(root, args, snapshot: Snapshot, base_url: str) -> None:
    verb = args["verb"]
    if "resumptionToken" in args:
        harvest = Harvest.from_token(verb, args["resumptionToken"])
    else:
        harvest = _new_harvest(verb, args)
    oai_set = _set(harvest.set) if harvest.set else None
    filters = oai_set.filters if oai_set else ()
    size = PAGE_SIZE[verb]
    page = snapshot.changed_records(harvest.lo, harvest.hi, harvest.after, filters, limit=size)
    deleted = [d for d in snapshot.deletions() if _in_range(d.key, harvest.lo, harvest.hi)
               and (oai_set is None or oai_set.spec in set_specs(d))]
    keys = [d.key for d in deleted]
    start = bisect_right(keys, harvest.after) if harvest.after is not None else 0
    # The page: the next `size` of records and deleted records together, in change-key order.
    # A deleted record the generation holds again (after a rollback, the only way there) is left
    # out of the page; completeListSize still counts it.
    gone = [(d.key, d) for d in deleted[start:start + size] if not snapshot.holds(d.id)]
    merged = sorted(page.records + gone, key=lambda kv: kv[0])[:size]
    total = page.total + len(deleted)
    if not merged:
        if harvest.after is None:
            raise OAIError("noRecordsMatch", "no records match these arguments")
        raise OAIError("badResumptionToken", "the list this resumption token continues has ended")
    el = _sub(root, verb)
    for key, item in merged:
        if verb == "ListIdentifiers":
            _header(el, key, item)
        else:
            _record(el, (key, item), harvest.prefix, base_url)
    remaining = page.remaining + len(deleted) - start
    delivered = harvest.cursor + len(merged)
    if remaining > len(merged) or harvest.after is not None:
        attrs = {"completeListSize": str(max(total, delivered)), "cursor": str(harvest.cursor)}
        token = harvest.token(merged[-1][0], delivered) if remaining > len(merged) else None
        _sub(el, "resumptionToken", token, **attrs)


def _in_range(key: int, lo: int | None, hi: int | None) -> bool:
    return (lo is None or key >= lo) and (hi is None or key <= hi)


def _new_harvest(verb: str, args: dict[str, str]) -> Harvest:
    prefix = _prefix(args["metadataPrefix"])
    lo = hi = None
    granularities = set()
    if "from" in args:
        second, granularity = parse_datestamp(args["from"], "from", end_of_day=False)
        lo = changes.first_key(second)
        granularities.add(granularity)
    if "until" in args:
        second, granularity = parse_datestamp(args["until"], "until", end_of_day=True)
        hi = max(changes.first_key(second + 1) - 1, 0)  # the last key of that second
        granularities.add(granularity)
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity")
    if lo is not None and hi is not None and lo > hi:
        raise OAIError("badArgument", "from is later than until")
    spec = args.get("set")
    if spec is not None and _set(spec) is None:
        raise OAIError("badArgument", f"{spec!r} is not a set of this repository; see ListSets")
    return Harvest(verb, prefix, spec, lo, hi)


def _prefix(prefix: str) -> str:
    if prefix not in FORMATS:
        raise OAIError("cannotDisseminateFormat", f"metadataPrefix {prefix!r} is not one of: {', '.join(FORMATS)}")
    return prefix


def _header(parent, key: int, item: dict | changes.Deletion):
    deleted = isinstance(item, changes.Deletion)
    header = _sub(parent, "header", **({"status": "deleted"} if deleted else {}))
    _sub(header, "identifier", vindplaats_oai_identifier(item.id if deleted else item["id"]))
    _sub(header, "datestamp", format_datestamp(changes.datestamp(key)))
    for spec in set_specs(item):
        _sub(header, "setSpec", spec)
    return header


def _record(parent, found: tuple[int, dict | changes.Deletion], prefix: str, base_url: str) -> None:
    key, item = found
    el = _sub(parent, "record")
    _header(el, key, item)
    if isinstance(item, changes.Deletion):
        return
    metadata = _sub(el, "metadata")
    metadata.append(metadata_element(item, prefix, base_url))


def metadata_element(rec: dict, prefix: str, base_url: str) -> etree._Element:
    schema, namespace = FORMATS[prefix]
    if prefix == "marcxml":
        el = record_marcxml(rec)
    else:
        el = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI})
        for child in dc_record(rec, base_url):
            el.append(child)
    el.set(f"{{{XSI}}}schemaLocation", f"{namespace} {schema}")
    return el


def _sub(parent, tag: str, text=None, **attrs):
    el = etree.SubElement(parent, f"{{{OAI_NS}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = str(text)
    return el


_VERB_HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": _list,
    "ListRecords": _list,
}
