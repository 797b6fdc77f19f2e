"""Property tests of every reader (hypothesis): whatever a source file holds, a reader yields records
and rejections with their reasons and raises nothing but its own SourceError; and no record is lost
without a reason: N records in are N items out (records plus rejections), and a file that is not
empty never yields nothing.

Two kinds of input per reader: files built record by record from arbitrary field values (so the
test knows N), and real fixture files with bytes flipped, cut, repeated or inserted. The seed is
fixed (derandomize) and the examples bounded, so a CI failure reproduces and the file stays near
half a minute."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from pymarc import Field, Indicators, Record, Subfield  # noqa: E402

from corpus.model import Delete, Rejection  # noqa: E402
from corpus.readers import SourceError, reader_for  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).parent.parent / "corpus" / "sample"

PROPERTY = settings(max_examples=120, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(PROPERTY, max_examples=60)


# --- what every reader must do -----------------------------------------------------------------

def read_all(kind: str, data: bytes | dict[str, bytes], name: str) -> list | None:
    """The items a reader yields for one file (or a folder of `{name: bytes}`), each checked for its
    shape; None when the reader refused the source as a whole (SourceError, with a message)."""
    with tempfile.TemporaryDirectory(prefix="vindplaats-prop-") as tmp:
        if isinstance(data, dict):
            path = os.path.join(tmp, "folder")
            for rel, content in data.items():
                os.makedirs(os.path.dirname(os.path.join(path, rel)), exist_ok=True)
                Path(path, rel).write_bytes(content)
        else:
            path = os.path.join(tmp, name)
            Path(path).write_bytes(data)
        try:
            items = list(reader_for(kind)(path))
        except SourceError as exc:
            assert str(exc).strip()
            return None
    for item in items:
        if isinstance(item, Rejection):
            assert item.reason.strip() and item.file and item.position, item
        elif isinstance(item, Delete):
            assert item.id
        else:
            assert isinstance(item, dict) and item.get("id") and item.get("type") in ("catalogue", "article"), item
    return items


def mutate(data: bytes, draw) -> bytes:
    """A few byte-level changes of the kinds real damage makes: flipped, cut, repeated, inserted."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        how = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if how == "flip":
            out[at] = draw(st.integers(0, 255))
        elif how == "cut":
            del out[at:at + draw(st.integers(1, 64))]
        elif how == "repeat":
            out[at:at] = out[at:at + draw(st.integers(1, 200))]
        elif how == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16)) if draw(st.booleans()) else \
                draw(st.sampled_from([b"<", b">", b"&", b"&amp;", b'"', b"\x1d", b"\x1e", b"\x1f", b"\xc3", b"{",
                                      b"}", b"[", b"]", b",", b"\\u", b"'", b"\n", b"<!--", b"]]>", b"\x00"]))
        else:
            del out[at:]
    return bytes(out)


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    return mutate(draw(st.sampled_from(seeds)), draw)


# Text as it comes in real files, awkward characters included (controls, surrogates are left out:
# a file cannot hold them as text).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
WORDS = st.text(st.characters(whitelist_categories=("L", "Nd", "Zs", "P")), min_size=1, max_size=30)


# --- JSON lines ----------------------------------------------------------------------------------

SAMPLE_LINES = [line for line in (SAMPLE / "catalogue.jsonl").read_bytes().splitlines()[:40] if line.strip()]
JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                          max_leaves=8)
FIELDS = ["type", "id", "title", "authors", "year", "isbn", "language", "material", "subjects", "holdings",
          "audience", "publisher", "description", "ppn", "genre", "series"]


@st.composite
def jsonl_line(draw) -> bytes:
    kind = draw(st.sampled_from(["sample", "changed", "object", "text", "blank"]))
    if kind == "sample":
        return draw(st.sampled_from(SAMPLE_LINES))
    if kind == "changed":  # a sample record with some fields set to anything at all
        rec = json.loads(draw(st.sampled_from(SAMPLE_LINES)))
        for key in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
            rec[key] = draw(JSON_VALUE)
        return json.dumps(rec, ensure_ascii=draw(st.booleans())).encode()
    if kind == "object":
        return json.dumps(draw(JSON_VALUE)).encode()
    if kind == "text":
        return draw(TEXT).replace("\n", " ").encode("utf-8", "surrogatepass")
    return draw(st.sampled_from([b"", b"  ", b"\t"]))


@PROPERTY
@given(st.lists(jsonl_line(), max_size=12))
def test_jsonl_one_item_per_line_that_is_not_blank(lines):
    items = read_all("jsonl", b"\n".join(lines), "records.jsonl")
    assert len(items) == sum(1 for line in lines if line.strip())


@FEW
@given(mutated([b"\n".join(SAMPLE_LINES[:5])]))
def test_jsonl_damaged_bytes(data):
    items = read_all("jsonl", data, "records.jsonl")
    assert len(items) == sum(1 for line in data.split(b"\n") if line.strip())


# --- MARC: ISO 2709 and MARCXML ------------------------------------------------------------------

TAGS = st.sampled_from(["001", "003", "005", "008", "020", "022", "035", "041", "100", "110", "245", "250", "260",
                        "264", "300", "490", "520", "600", "650", "655", "700", "856", "880", "999"])
CODES = st.sampled_from(list("abcdefghnpqrsuvxyz0123456789"))
INDICATORS = st.sampled_from(list(" 0123456789"))
MARC_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@st.composite
def marc_record(draw) -> Record:
    leader = draw(st.sampled_from(["00000nam a2200000 a 4500", "00000cam a2200000 i 4500", "00000ngm a2200000   4500",
                                   "00000nas a2200000 a 4500", "00000njm a2200000 a 4500"]))
    rec = Record(leader=leader, force_utf8=True)
    if draw(st.booleans()):
        rec.add_field(Field(tag="001", data=draw(st.from_regex(r"[0-9]{8}[0-9X]", fullmatch=True))))
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(TAGS)
        if tag < "010":
            rec.add_field(Field(tag=tag, data=draw(MARC_TEXT)))
        else:
            subfields = [Subfield(draw(CODES), draw(MARC_TEXT)) for _ in range(draw(st.integers(1, 4)))]
            rec.add_field(Field(tag=tag, indicators=Indicators(draw(INDICATORS), draw(INDICATORS)),
                                subfields=subfields))
    if not rec.fields:  # a record needs a field to be a record at all
        rec.add_field(Field(tag="245", indicators=Indicators("1", "0"), subfields=[Subfield("a", draw(MARC_TEXT))]))
    return rec


@PROPERTY
@given(st.lists(marc_record(), min_size=1, max_size=6))
def test_iso2709_one_item_per_record(records):
    items = read_all("marc", b"".join(r.as_marc() for r in records), "records.mrc")
    assert len(items) == len(records)


MARC_SEEDS = [(FIXTURES / "marc" / name).read_bytes() for name in ("isbn.mrc", "marc8.mrc", "truncated-middle.mrc",
                                                                     "corrupt-directory.mrc")]


@PROPERTY
@given(mutated(MARC_SEEDS))
def test_iso2709_damaged_bytes(data):
    items = read_all("marc", data, "records.mrc")
    assert items or not data, "a file that is not empty yielded neither a record nor a reason"


def marcxml(records: list[Record], prefix: str) -> bytes:
    tag = (lambda name: f"{prefix}:{name}") if prefix else (lambda name: name)
    ns = f' xmlns{":" + prefix if prefix else ""}="http://www.loc.gov/MARC21/slim"'
    out = [f"<?xml version='1.0' encoding='UTF-8'?><{tag('collection')}{ns}>"]
    for rec in records:
        out.append(f"<{tag('record')}><{tag('leader')}>{escape(str(rec.leader))}</{tag('leader')}>")
        for f in rec.fields:
            if f.is_control_field():
                out.append(f"<{tag('controlfield')} tag={quoteattr(f.tag)}>{escape(f.data)}</{tag('controlfield')}>")
            else:
                out.append(f"<{tag('datafield')} tag={quoteattr(f.tag)} ind1={quoteattr(f.indicator1)} "
                           f"ind2={quoteattr(f.indicator2)}>")
                out.extend(f"<{tag('subfield')} code={quoteattr(s.code)}>{escape(s.value)}</{tag('subfield')}>"
                           for s in f.subfields)
                out.append(f"</{tag('datafield')}>")
        out.append(f"</{tag('record')}>")
    out.append(f"</{tag('collection')}>")
    return "".join(out).encode()


@PROPERTY
@given(st.lists(marc_record(), min_size=1, max_size=6), st.sampled_from(["", "marc"]))
def test_marcxml_one_item_per_record(records, prefix):
    items = read_all("marcxml", marcxml(records, prefix), "records.xml")
    assert len(items) == len(records)


MARCXML_SEEDS = [(FIXTURES / "marc" / name).read_bytes() for name in ("collection.xml", "broken.xml")]


@PROPERTY
@given(mutated(MARCXML_SEEDS))
def test_marcxml_damaged_bytes(data):
    items = read_all("marcxml", data, "records.xml")
    assert items or not data.strip(), "a file that is not empty yielded neither a record nor a reason"


# --- Dublin Core ---------------------------------------------------------------------------------

DC_ELEMENTS = st.sampled_from(["dc:title", "dc:creator", "dc:contributor", "dc:publisher", "dc:date", "dc:identifier",
                               "dc:language", "dc:type", "dc:format", "dc:subject", "dc:description",
                               "dcterms:audience", "dcterms:alternative", "dcterms:extent", "dcterms:issued"])
DC_VALUES = XML_TEXT | st.sampled_from(["urn:isbn:9789023410058", "PPN 900000052", "2003", "nl", "Text", "DVD",
                                        "https://bibliotheek.example/catalogus/1", "Amsterdam : Prometheus"])


@st.composite
def dc_container(draw) -> str:
    elements = draw(st.lists(st.tuples(DC_ELEMENTS, DC_VALUES), min_size=1, max_size=8))
    body = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in elements)
    wrapper = draw(st.sampled_from(["record", "oai_dc:dc", "item"]))
    return f"<{wrapper}>{body}</{wrapper}>"


DC_ROOT = ('<records xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
           'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/">')


@PROPERTY
@given(st.lists(dc_container(), min_size=1, max_size=6))
def test_dc_one_item_per_record(containers):
    items = read_all("dc", ("<?xml version='1.0' encoding='UTF-8'?>" + DC_ROOT + "".join(containers)
                            + "</records>").encode(), "records.xml")
    assert len(items) == len(containers)


DC_SEEDS = [(FIXTURES / "dc" / name).read_bytes() for name in ("plain-records.xml", "kb-dcx-sru.xml")] + \
           [(FIXTURES / "oai" / "records.xml").read_bytes()]


@PROPERTY
@given(mutated(DC_SEEDS))
def test_dc_damaged_bytes(data):
    items = read_all("dc", data, "records.xml")
    assert items, "a file yielded neither a record nor a reason"


# --- OBA catalogue API JSON ----------------------------------------------------------------------

OBA_KEYS = ["id", "ppn", "titles", "title", "authors", "authorsDetailed", "formats", "isbn", "languages", "language",
            "year", "publisher", "coverimages", "summaries", "description", "series", "genres", "siso", "notes",
            "detailLink", "edition", "type"]


@st.composite
def oba_result(draw) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON_VALUE)  # not an object at all: rejected with its reason
    result = {"id": draw(st.sampled_from(["|oba-catalogus|77335", "|oba-catalogus|1", "", "|"])),
              "titles": [draw(WORDS)]}
    for key in draw(st.lists(st.sampled_from(OBA_KEYS), max_size=6)):
        result[key] = draw(JSON_VALUE | st.lists(WORDS, max_size=3))
    return result


@PROPERTY
@given(st.lists(oba_result(), min_size=1, max_size=6), st.sampled_from(["bare", "results", "var", "callback"]))
def test_oba_one_item_per_result(results, shape):
    text = {"bare": json.dumps(results), "results": json.dumps({"results": results}),
            "var": "var apiData = " + json.dumps({"results": results}) + ";",
            "callback": "callback(" + json.dumps(results) + ");"}[shape]
    items = read_all("oba", text.encode(), "response.js")
    assert len(items) == len(results)


OBA_SEED = (b"[{id: '|oba-catalogus|77335', titles: ['Nieuws : een handleiding'], authors: ['Rob Wijnberg'], "
            b"formats: [{text: 'Boek'}], isbn: ['9057881233 (geb.)'], year: '2012', languages: ['dut'], "
            b"coverimages: ['https://cover.example/?ppn=264232097'], // a comment\n summaries: [\"Over \\u00e9\"],},"
            b" {id: '|oba-catalogus|1', titles: [`Walko`], authorsDetailed: [{full: '\"Walko\"', "
            b"'localized-type': 'Illustrator'}], formats: ['Boek + CD'],},]")


@PROPERTY
@given(mutated([OBA_SEED, b"var apiData = {results: " + OBA_SEED + b"};"]))
def test_oba_damaged_bytes(data):
    items = read_all("oba", data, "response.js")
    assert items, "a file yielded neither a record nor a reason"


# --- knowledge documents -------------------------------------------------------------------------

DOC_LINE = st.one_of(WORDS, TEXT, st.sampled_from(["# Kop", "## Tweede kop", "### Artikel 5", "---", "title: T",
                                                  "* punt", "| a | b |", "<h1>Kop</h1>", "<p>", "</p>", "<br>",
                                                  "```", "", "1. een", "> citaat", "[link](https://x.nl)"]))


@PROPERTY
@given(st.lists(DOC_LINE, max_size=15), st.sampled_from(["doc.md", "doc.html", "doc.txt", "README.md"]))
def test_a_knowledge_document_gives_records_or_a_reason(lines, name):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = read_all("articles", {name: data}, name)
    assert items, f"{name} yielded neither a record nor a reason"


ARTICLE_SEEDS = [p.read_bytes() for p in sorted((FIXTURES / "articles").rglob("*")) if p.is_file()]


@FEW
@given(mutated(ARTICLE_SEEDS), st.sampled_from(["doc.md", "doc.html", "doc.txt"]))
def test_knowledge_documents_damaged_bytes(data, name):
    items = read_all("articles", {name: data}, name)
    assert items, f"{name} yielded neither a record nor a reason"


# --- OAI-PMH harvests ----------------------------------------------------------------------------

OAI_SEEDS = [(FIXTURES / "oai" / name).read_bytes() for name in ("records.xml", "records-marcxml.xml")]


@pytest.fixture(scope="module")
def oai_server():
    from tests.oai_server import OAIServer

    with OAIServer(page_size=100) as server:
        yield server


@FEW
@given(data=mutated(OAI_SEEDS))
def test_an_oai_harvest_of_a_damaged_answer(oai_server, data):
    """A repository's answer with damaged bytes: the harvest yields items with reasons or refuses the
    source (OAIError, a SourceError) when it is the first page; it never raises anything else."""
    from corpus.readers.oai import harvest

    oai_server.override = data
    prefix = "marcxml" if b"MARC21/slim" in data else "oai_dc"
    try:
        items = list(harvest(oai_server.url, prefix, retries=0, sleep=lambda s: None))
    except SourceError as exc:
        assert str(exc).strip()
        return
    finally:
        oai_server.override = None
    for item in items:
        assert not isinstance(item, Rejection) or item.reason.strip()
