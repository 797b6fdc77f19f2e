"""ISO 2709 framing and repair: a file of bytes to pymarc Records, one damaged record at a time.

Reading ISO 2709
    Records are framed by their leader's length and checked against the record terminator.
    When the length is wrong (a common export fault: lengths counted in characters instead of
    bytes) the record ends at its terminator instead, and a record that is cut short is rejected
    while reading picks up at the next well-formed leader, so one damaged record never takes its
    neighbours with it. When the directory's offsets do not match the field terminators but the
    number of fields does, the fields are read by their terminators (with a warning); otherwise
    the record is rejected with the reason. Character coding follows leader/09 (`a` = UTF-8,
    blank = MARC-8, converted with pymarc's MARC-8 tables); a record that says MARC-8 but is
    valid UTF-8 with multi-byte characters is read as UTF-8 (MARC-8 text is practically never
    valid UTF-8). Text encoded twice ("rÃ¶misch") is repaired (see `encoding.repair_encoding`), and
    all text is put in Unicode NFC form. Every repair is named in the record's `_warnings`.
"""
from __future__ import annotations

import mmap
import os
import re
from collections.abc import Callable, Iterator

from pymarc import Field, Indicators, Leader, Record, Subfield

from corpus.model import CatalogueRecord, Rejection
from corpus.readers.marc.broken import BrokenRecord
from corpus.readers.marc.encoding import is_multibyte_utf8, marc8_text, repair_encoding, utf8_text

RT = 0x1D  # record terminator
FT = 0x1E  # field terminator
SF = 0x1F  # subfield delimiter
# A leader: record length, 7 characters, base address, 7 characters (where a record may start).
_LEADER_RE = re.compile(rb"\d{5}[^\x1d\x1e\x1f]{7}\d{5}[^\x1d\x1e\x1f]{7}")

Finish = Callable[[Record, list[str], str, str], CatalogueRecord | Rejection]


def looks_like_xml(file: str) -> bool:
    with open(file, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def read_file(file: str, name: str, finish: Finish) -> Iterator[CatalogueRecord | Rejection]:
    """Every record of one ISO 2709 file through `finish` (record, notes, file, position), or a Rejection."""
    try:
        fh = open(file, "rb")  # noqa: SIM115 - closed by the with block below, after the error is reported
    except OSError as exc:
        yield Rejection(name, "file", f"cannot be read: {exc.strerror}")
        return
    with fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            yield Rejection(name, "file", "empty file: no MARC records")
            return
        buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            if looks_like_xml(file):
                yield Rejection(name, "file", "this is an XML file, not ISO 2709 MARC; "
                                              "read it as the marcxml source kind")
                return
            for number, offset, chunk, problem in frame(buf):
                position = f"record {number} (byte {offset})"
                try:
                    record, notes = decode(chunk, problem)
                except BrokenRecord as exc:
                    yield Rejection(name, position, f"broken MARC record: {exc}")
                    continue
                yield finish(record, notes, name, position)
        finally:
            buf.close()


def _declared_length(buf, pos: int) -> int | None:
    digits = bytes(buf[pos:pos + 5])
    return int(digits) if len(digits) == 5 and digits.isdigit() else None


def _well_framed_at(buf, q: int, size: int) -> bool:
    """Is there a record at q whose leader length ends on a terminator after a directory?"""
    length = _declared_length(buf, q)
    if length is None or length < 26 or q + length > size or buf[q + length - 1] != RT:
        return False
    base = bytes(buf[q + 12:q + 17])
    if not base.isdigit():
        return False
    b = int(base)
    return 24 < b < length and buf[q + b - 1] == FT


def frame(buf) -> Iterator[tuple[int, int, bytes, str | None]]:
    """Split a file into (record number, byte offset, bytes, framing problem or None)."""
    size = len(buf)
    pos = 0
    number = 0
    while pos < size:
        while pos < size and buf[pos] in b" \t\r\n\x00\x1a":
            pos += 1
        if pos >= size:
            break
        number += 1
        declared = _declared_length(buf, pos)
        if declared and declared >= 25 and pos + declared <= size and buf[pos + declared - 1] == RT:
            yield number, pos, bytes(buf[pos:pos + declared]), None
            pos += declared
            continue
        end = buf.find(b"\x1d", pos)
        limit = end + 1 if end >= 0 else size
        # A record cut short runs into the next one: find the next well-formed leader.
        nxt = None
        m = _LEADER_RE.search(buf, pos + 1, limit)
        while m:
            if _well_framed_at(buf, m.start(), size):
                nxt = m.start()
                break
            m = _LEADER_RE.search(buf, m.start() + 1, limit)
        if nxt is not None:
            yield number, pos, bytes(buf[pos:nxt]), (
                f"record is cut short: its leader gives {declared} bytes but the next record "
                f"starts after {nxt - pos}" if declared else
                f"no record length in the leader and the next record starts after {nxt - pos} bytes")
            pos = nxt
            continue
        if end < 0:
            problem = (f"record is cut short at the end of the file: its leader gives {declared} "
                       f"bytes, {size - pos} are there" if declared else
                       f"{size - pos} bytes at the end of the file are not a MARC record")
        else:
            problem = (f"the leader gives a length of {declared} bytes but the record ends after "
                       f"{limit - pos}" if declared else
                       "the leader has no record length")
        yield number, pos, bytes(buf[pos:limit]), problem
        pos = limit


def decode(chunk: bytes, problem: str | None) -> tuple[Record, list[str]]:
    """Decode one framed record; raise BrokenRecord with the reason when it cannot be read."""
    notes: list[str] = []
    leader = _leader(chunk, problem)
    if problem:
        notes.append(f"record framing repaired: {problem}")
    leader, chunk, base = _base_address(leader, chunk, notes)
    entries = _directory(chunk, base)
    pieces = _field_data(chunk, base, entries, notes)
    utf8, mislabelled = _coding(leader, chunk[base:len(chunk) - 1], notes)
    text = utf8_text if utf8 else marc8_text
    record = Record()
    record.leader = Leader(leader)
    odd_indicators = odd_codes = 0
    for (tag_bytes, _ln, _off), piece in zip(entries, pieces):
        tag = tag_bytes.decode("ascii")
        if tag < "010" and tag.isdigit():
            record.add_field(Field(tag=tag, data=piece.decode("utf-8" if utf8 else "latin-1", "replace")))
            continue
        field, odd_indicator, odd = _data_field(tag, piece, text, "utf-8" if utf8 else "latin-1")
        record.add_field(field)
        odd_indicators += odd_indicator
        odd_codes += odd
    if odd_indicators:
        notes.append(f"{odd_indicators} field(s) with malformed indicators, read as blanks")
    if odd_codes:
        notes.append(f"{odd_codes} malformed subfield code(s)")
    repaired = repair_encoding(record, labelled_marc8=mislabelled)
    if repaired:
        notes.append(repaired)
    return record, notes


def _leader(chunk: bytes, problem: str | None) -> str:
    if len(chunk) < 26 or chunk[-1] != RT:
        raise BrokenRecord(problem or f"record of {len(chunk)} bytes has no record terminator")
    try:
        return chunk[:24].decode("ascii")
    except UnicodeDecodeError:
        raise BrokenRecord(problem or "the leader is not ASCII") from None


def _base_address(leader: str, chunk: bytes, notes: list[str]) -> tuple[str, bytes, int]:
    """(leader, record, base address of the data), the base repaired when the directory shows where it is."""
    base_text = leader[12:17]
    if not base_text.isdigit():
        raise BrokenRecord(f"the leader's base address {base_text!r} is not a number")
    base = int(base_text)
    if 24 < base < len(chunk) and chunk[base - 1] == FT:
        return leader, chunk, base
    # The directory ends at the first field terminator; trust that when it is whole entries.
    end = chunk.find(b"\x1e", 24)
    if not (end > 24 and (end - 24) % 12 == 0):
        raise BrokenRecord(f"the leader's base address {base} does not point past the directory")
    notes.append(f"the leader's base address {base} was wrong; the directory ends at {end + 1}")
    leader = leader[:12] + f"{end + 1:05d}" + leader[17:]
    return leader, leader.encode("ascii") + chunk[24:], end + 1


def _directory(chunk: bytes, base: int) -> list[tuple[bytes, int, int]]:
    """The directory's (tag, length, offset) entries."""
    directory = chunk[24:base - 1]
    if len(directory) % 12:
        raise BrokenRecord(f"the directory is {len(directory)} bytes, not a multiple of 12")
    entries = []
    for i in range(0, len(directory), 12):
        entry = directory[i:i + 12]
        tag, length, offset = entry[:3], entry[3:7], entry[7:12]
        if not (length.isdigit() and offset.isdigit()) or not tag.isalnum():
            raise BrokenRecord(f"directory entry {i // 12 + 1} ({entry.decode('latin-1')!r}) "
                               f"is not a tag, length and offset")
        entries.append((tag, int(length), int(offset)))
    if not entries:
        raise BrokenRecord("the directory lists no fields")
    return entries


def _field_data(chunk: bytes, base: int, entries: list[tuple[bytes, int, int]], notes: list[str]) -> list[bytes]:
    """Each field's bytes: where the directory says, else split at the field terminators when
    there are as many fields as the directory lists."""
    data_end = len(chunk) - 1  # before the record terminator
    if all(base + off + ln <= data_end and ln > 0 and chunk[base + off + ln - 1] == FT for _tag, ln, off in entries):
        return [chunk[base + off:base + off + ln - 1] for _tag, ln, off in entries]
    pieces = chunk[base:data_end].split(b"\x1e")
    if pieces and pieces[-1] == b"":
        pieces.pop()
    if len(pieces) != len(entries):
        raise BrokenRecord(f"the directory lists {len(entries)} fields at offsets that do not "
                           f"match the data, which holds {len(pieces)} fields")
    notes.append("the directory's field lengths did not match the data; fields were read by their terminators")
    return pieces


def _coding(leader: str, body: bytes, notes: list[str]) -> tuple[bool, bool]:
    """(UTF-8?, labelled MARC-8 but UTF-8?): leader/09 'a' is UTF-8, anything else MARC-8 (plain
    ASCII needs no converter; valid multi-byte UTF-8 under a MARC-8 label is UTF-8)."""
    utf8 = leader[9] == "a"
    mislabelled = False
    if not utf8 and not body.isascii() and is_multibyte_utf8(body):
        utf8 = mislabelled = True
        notes.append("leader/09 says MARC-8 but the record is UTF-8; read as UTF-8")
    if utf8 and not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            notes.append("invalid UTF-8 bytes were replaced")
    return utf8, mislabelled


def _data_field(tag: str, piece: bytes, text: Callable[[bytes], str], codec: str) -> tuple[Field, int, int]:
    """(field, 1 when its indicators were malformed, how many subfield codes were)."""
    head, *subs = piece.split(b"\x1f")
    indicators = head.decode("latin-1")
    odd_indicators = int(len(indicators) != 2)
    if odd_indicators:
        indicators = (indicators + "  ")[:2]
    subfields = []
    odd_codes = 0
    for sub in subs:
        if not sub:
            continue
        if sub[0] < 0x80:
            code, value = chr(sub[0]), sub[1:]
        else:  # a non-ASCII subfield code: take the first character as the code
            odd_codes += 1
            first = text(sub[:4])[:1] or "?"
            code, value = first, sub[len(first.encode(codec)):]
        subfields.append(Subfield(code=code, value=text(value)))
    return Field(tag=tag, indicators=Indicators(indicators[0], indicators[1]), subfields=subfields), odd_indicators, odd_codes
