"""One event, one log line: `event key="value" key=3` (logfmt), with every character that could
break or forge a line escaped.

A path or a query is text the client chose. Written raw, a `%0A` in it would start a new line
that looks like one of ours (an admin job, another request). Every string value is quoted, and
inside it `"` and `\\` are escaped, as are control characters, line and paragraph separators and
other unprintable characters (`\\n`, `\\r`, `\\t`, `\\x1b`, `\\u2028`, ...), so `str.splitlines`
and a terminal both see exactly one line, and the line parses back to what was sent.
"""
from __future__ import annotations

from collections.abc import Iterable

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def escape(text: str) -> str:
    """`text` with quotes, backslashes and everything unprintable escaped (space stays a space)."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return text
    out = []
    for ch in text:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif ch == " " or ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return "".join(out)


def value(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return f"{v:.1f}"
    return f'"{escape(str(v))}"'


def line(event: str, *pairs: tuple[str, object], **fields) -> str:
    """`line("access", method="GET", path="/x\\n")` → `access method="GET" path="/x\\n"`.
    Repeated keys (one `filter` per filter) come as (key, value) pairs before the keywords."""
    items: Iterable[tuple[str, object]] = [*pairs, *fields.items()]
    return " ".join([event, *(f"{k}={value(v)}" for k, v in items)])
