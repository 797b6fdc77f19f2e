"""MARCXML: reading <record> elements into pymarc Records, and writing a Record as MARCXML."""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

from pymarc import Field, Indicators, Leader, Record, Subfield

from corpus.model import CatalogueRecord, Rejection
from corpus.readers.marc.broken import BrokenRecord
from corpus.readers.marc.encoding import repair_encoding
from corpus.readers.xmlsafe import XMLError, iter_elements, localname

MARCXML_NS = "http://www.loc.gov/MARC21/slim"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MARC_CHILDREN = frozenset({"leader", "controlfield", "datafield"})

ElementMapper = Callable[[object, str, str], CatalogueRecord | Rejection]


def read_file(file: str, name: str, map_element: ElementMapper) -> Iterator[CatalogueRecord | Rejection]:
    """Every <record> of one MARCXML file through `map_element` (element, file, position), or a Rejection."""
    number = 0
    try:
        for elem in iter_elements(file, (f"{{{MARCXML_NS}}}record", "record")):
            if not any(localname(c) in _MARC_CHILDREN for c in elem):
                continue  # a wrapper that happens to be called "record", not a MARC record
            number += 1
            line = elem.sourceline
            position = f"record {number}" + (f" (line {line})" if line else "")
            yield map_element(elem, name, position)
    except XMLError as exc:
        where = f"after record {number}" if number else "file"
        yield Rejection(name, where, str(exc).removeprefix(f"{os.path.basename(file)}: "))
        return
    if number == 0:
        yield Rejection(name, "file", "no MARCXML <record> elements in this file")


def record_from_xml(elem) -> tuple[Record, list[str]]:
    notes: list[str] = []
    record = Record()
    leader_text = None
    for child in elem:
        kind = localname(child)
        if kind == "leader":
            leader_text = child.text or ""
        elif kind == "controlfield":
            tag = (child.get("tag") or "").strip()
            if tag:
                record.add_field(Field(tag=tag, data=child.text or ""))
        elif kind == "datafield":
            tag = (child.get("tag") or "").strip()
            if not tag:
                continue
            ind1 = (child.get("ind1") or " ")[:1] or " "
            ind2 = (child.get("ind2") or " ")[:1] or " "
            subfields = [
                Subfield(code=(sf.get("code") or " ")[:1] or " ", value=sf.text or "")
                for sf in child if localname(sf) == "subfield"
            ]
            record.add_field(Field(tag=tag, indicators=Indicators(ind1, ind2), subfields=subfields))
    if leader_text is None:
        notes.append("no leader; a blank one was assumed")
        leader_text = "     nam a22     uu 4500"
    if len(leader_text) != 24:
        notes.append(f"leader has {len(leader_text)} characters instead of 24")
        leader_text = (leader_text + " " * 24)[:24]
    record.leader = Leader(leader_text)
    if not record.fields:
        raise BrokenRecord("the record has no fields")
    repaired = repair_encoding(record, labelled_marc8=False)
    if repaired:
        notes.append(repaired)
    return record, notes


def _xml_escape(text: str) -> str:
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub("\ufffd", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def to_marcxml(record: Record) -> str:
    """The record as a MARCXML <record> element (text, no XML declaration)."""
    out = [f'<record xmlns="{MARCXML_NS}"><leader>{_xml_escape(str(record.leader))}</leader>']
    for field in record.fields:
        tag = _xml_escape(field.tag)
        if field.is_control_field():
            out.append(f'<controlfield tag="{tag}">{_xml_escape(field.data or "")}</controlfield>')
            continue
        ind1 = _xml_escape((field.indicator1 or " ")[:1] or " ")
        ind2 = _xml_escape((field.indicator2 or " ")[:1] or " ")
        out.append(f'<datafield tag="{tag}" ind1="{ind1}" ind2="{ind2}">')
        for sf in field.subfields:
            out.append(f'<subfield code="{_xml_escape(sf.code or " ")}">'
                       f'{_xml_escape(sf.value or "")}</subfield>')
        out.append("</datafield>")
    out.append("</record>")
    return "".join(out)
