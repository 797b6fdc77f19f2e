"""Character coding of MARC records: MARC-8 and UTF-8 text, and repairs of text encoded twice.

Leader/09 `a` means UTF-8, anything else MARC-8 (converted with pymarc's MARC-8 tables); plain
ASCII needs no converter. A record that says MARC-8 but is valid UTF-8 with multi-byte characters
is UTF-8 (MARC-8 text is practically never valid UTF-8). After decoding, `repair_encoding` undoes
a second encoding pass and puts every text in Unicode NFC form.
"""
from __future__ import annotations

import unicodedata

from pymarc import Record, Subfield
from pymarc.marc8 import marc8_to_unicode


def utf8_text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def marc8_text(value: bytes) -> str:
    if value.isascii() and b"\x1b" not in value:
        return value.decode("ascii")
    return marc8_to_unicode(value, True)


def is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strings(record: Record) -> list[tuple[object, str, str]]:
    """(owner, attribute, text) for every text in the record, to read or replace."""
    out: list[tuple[object, str, str]] = []
    for field in record.fields:
        if field.is_control_field():
            out.append((field, "data", field.data or ""))
        else:
            for i, sf in enumerate(field.subfields):
                out.append((field, str(i), sf.value or ""))
    return out


def _set(owner, attr: str, value: str) -> None:
    if attr == "data":
        owner.data = value
    else:
        i = int(attr)
        owner.subfields[i] = Subfield(code=owner.subfields[i].code, value=value)


def repair_encoding(record: Record, labelled_marc8: bool) -> str | None:
    """Undo a second encoding pass, then put every text in NFC (composed) form.

    Two export faults are common: UTF-8 text encoded as UTF-8 a second time ("rÃ¶misch"), and
    MARC-8 bytes converted as if they were Latin-1 ("Mèuller" for "Müller"). Both leave only
    Latin-1 characters behind. The first is undone when every text decodes as UTF-8 again; the
    second only for a record whose leader says MARC-8 and when the MARC-8 reading leaves no
    stray combining marks (which a genuine "très" would).
    """
    items = _strings(record)
    note = None
    texts = [t for _o, _a, t in items]
    if "".join(texts).isascii():
        return None
    high = {c for t in texts if not t.isascii() for c in t if ord(c) > 0x7F}
    if high and all(ord(c) <= 0xFF for c in high):
        try:
            fixed = [t.encode("latin-1").decode("utf-8") for t in texts]
        except UnicodeDecodeError:
            fixed = None
        if fixed is None and labelled_marc8:
            candidate = [unicodedata.normalize("NFC", marc8_to_unicode(t.encode("latin-1"), True))
                         if any(ord(c) > 0x7F for c in t) else t for t in texts]
            if not any(unicodedata.combining(c) for t in candidate for c in t):
                fixed = candidate
                note = "MARC-8 text had been converted as Latin-1; repaired"
        elif fixed is not None:
            note = "text had been encoded as UTF-8 twice; repaired"
        if fixed is not None and fixed != texts:
            texts = fixed
        else:
            note = None
    for (owner, attr, old), new in zip(items, texts):
        if not unicodedata.is_normalized("NFC", new):
            new = unicodedata.normalize("NFC", new)
        if new != old:
            _set(owner, attr, new)
    return note
