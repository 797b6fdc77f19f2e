"""Safe XML parsing for every XML reader (MARCXML, Dublin Core, OAI-PMH, SRU).

Source files come from outside the project, so a file may try XML's old tricks: an external
entity that reads a local file or a URL (XXE), or nested internal entities that expand to
gigabytes ("billion laughs"). Catalogue XML never needs a document type declaration, so any
file that has one is refused before the parser sees it, with a reason for the job report.
The parser itself is locked down as well (no entity substitution, no DTD loading, no network,
libxml2's size limits kept), so nothing is fetched or expanded even if a declaration slipped
past the check.

API:
    parse_xml(source) -> lxml root element
    iter_elements(source, tags) -> iterator of elements, streamed, for large files
Both raise `UnsafeXMLError` (a DOCTYPE or ENTITY declaration) or `BadXMLError` (not
well-formed XML, or unreadable); both are `XMLError`, whose message is fit for a report.
A `source` is bytes, a path (str or os.PathLike) or a binary file object.
"""
from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterable, Iterator
from typing import IO, Union

from lxml import etree

Source = Union[bytes, bytearray, str, "os.PathLike[str]", IO[bytes]]

# How much of a file's start is searched for a document type declaration. The declaration can
# only stand in the prolog (before the root element), which is short in any real file.
_HEAD_BYTES = 1 << 16

_PARSER_OPTIONS = dict(
    resolve_entities=False,  # never substitute entities (no XXE, no expansion)
    no_network=True,         # never fetch anything
    load_dtd=False,          # never load an external DTD
    dtd_validation=False,
    attribute_defaults=False,
    huge_tree=False,         # keep libxml2's limits on text size and depth
    remove_pis=True,
)

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)


class XMLError(ValueError):
    """An XML source that cannot be used; the message says why."""


class UnsafeXMLError(XMLError):
    """The file declares a document type or entities (possible XXE or entity expansion)."""


class BadXMLError(XMLError):
    """The file is not well-formed XML (or cannot be read)."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


def _decode_head(head: bytes) -> str:
    """Decode the start of a file well enough to look for declarations in any encoding."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, "replace")
    # UTF-16/32 without a byte order mark: '<' followed or preceded by NUL bytes.
    if head[:4] == b"\x00\x00\x00<":
        return head.decode("utf-32-be", "replace")
    if head[:4] == b"<\x00\x00\x00":
        return head.decode("utf-32-le", "replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", "replace")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", "replace")
    # Every other encoding an XML file may declare is ASCII-compatible for the markup.
    return head.decode("latin-1")


def check_head(head: bytes, name: str = "document") -> None:
    """Raise UnsafeXMLError when the start of an XML file holds a DOCTYPE or ENTITY declaration."""
    # A declaration can only stand in the prolog, but anything that looks like one in the
    # first block (say, after a long comment) is refused too: real catalogue XML has none.
    m = _DECLARATION.search(_decode_head(head))
    if m:
        kind = m.group(1).upper()
        raise UnsafeXMLError(
            f"{name}: XML with a {kind} declaration is refused (it could read local files or "
            f"expand entities); catalogue XML needs none"
        )


def _check_tree(tree: etree._ElementTree, name: str) -> None:
    docinfo = tree.docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        raise UnsafeXMLError(
            f"{name}: XML with a DOCTYPE declaration is refused (it could read local files or "
            f"expand entities); catalogue XML needs none"
        )


def _read_all(source: Source) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), "document"
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        try:
            with open(path, "rb") as fh:
                return fh.read(), os.path.basename(path)
        except OSError as exc:
            raise BadXMLError(f"{os.path.basename(path)}: cannot be read: {exc.strerror}") from None
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            raise BadXMLError("document: give XML as bytes, not text")
        return data, os.path.basename(getattr(source, "name", "") or "document")
    raise TypeError(f"cannot parse XML from {type(source).__name__}")


def _syntax_message(name: str, exc: Exception) -> str:
    msg = str(exc).strip() or exc.__class__.__name__
    return f"{name}: not well-formed XML: {msg}"


def parse_xml(source: Source) -> etree._Element:
    """Parse a whole XML document safely and return its root element."""
    data, name = _read_all(source)
    if not data.strip():
        raise BadXMLError(f"{name}: empty document")
    check_head(data[:_HEAD_BYTES], name)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise BadXMLError(_syntax_message(name, exc)) from None
    if root is None:
        raise BadXMLError(f"{name}: no root element")
    _check_tree(root.getroottree(), name)
    return root


def iter_elements(source: Source, tags: str | Iterable[str]) -> Iterator[etree._Element]:
    """Stream the elements named `tags` (Clark notation, `{*}name` for any namespace).

    Each element is yielded complete and is cleared afterwards, so memory stays flat on a
    large file: use or copy what you need before asking for the next one. A syntax error
    part-way raises BadXMLError after the elements before it were yielded.
    """
    if isinstance(source, (bytes, bytearray)):
        name = "document"
        head = bytes(source[:_HEAD_BYTES])
        fh: IO[bytes] = io.BytesIO(bytes(source))
        close = False
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        name = os.path.basename(path)
        try:
            fh = open(path, "rb")  # noqa: SIM115 - handed to the parser, closed by the caller
        except OSError as exc:
            raise BadXMLError(f"{name}: cannot be read: {exc.strerror}") from None
        head = fh.read(_HEAD_BYTES)
        fh.seek(0)
        close = True
    else:
        name = os.path.basename(getattr(source, "name", "") or "document")
        data = source.read()
        head = data[:_HEAD_BYTES]
        fh = io.BytesIO(data)
        close = False
    try:
        if not head.strip():
            raise BadXMLError(f"{name}: empty document")
        check_head(head, name)
        tag_arg = tags if isinstance(tags, str) else tuple(tags)
        context = etree.iterparse(fh, events=("end",), tag=tag_arg, **_PARSER_OPTIONS)
        checked = False
        try:
            for _event, elem in context:
                if not checked:
                    _check_tree(elem.getroottree(), name)
                    checked = True
                yield elem
                elem.clear(keep_tail=False)
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as exc:
            raise BadXMLError(_syntax_message(name, exc)) from None
        if not checked:
            root = getattr(context, "root", None)
            if root is not None:
                _check_tree(root.getroottree(), name)
    finally:
        if close:
            fh.close()


def localname(elem: etree._Element) -> str:
    """An element's name without its namespace ('record' for '{http://…/slim}record')."""
    tag = elem.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


__all__ = [
    "BadXMLError",
    "UnsafeXMLError",
    "XMLError",
    "check_head",
    "iter_elements",
    "localname",
    "parse_xml",
]
