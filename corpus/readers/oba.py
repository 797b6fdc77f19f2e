"""OBA-style catalogue API JSON (the contract's `oba` kind).

The Amsterdam public library's catalogue API answers with JSON; saved responses often come
wrapped in a JavaScript assignment (`var apiData = {...};`) or as a bare JavaScript array literal
with unquoted keys, single-quoted strings and trailing commas. `parse_js_literal` reads all of
those shapes without evaluating anything.

`read(path)` takes one file or a folder of `.js`/`.json` files and yields one canonical record
(or a Rejection) per result. Ids are `ppn:<PPN>` when the PPN is known (cover and thumbnail
links carry it), else `oba:<catalogue>:<number>` from the API's `|catalogue|number` id.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson

from corpus.isbn import partition_isbns
from corpus.materials import MATERIALS, reading_form_of
from corpus.model import CatalogueRecord, Rejection
from corpus.readers import SourceError, checked
from corpus.readers.common import add, put
from corpus.readers.dc import audience_from_text, language_code, split_title
from corpus.roles import by_code, by_word

__all__ = ["JSLiteralError", "load_results", "map_result", "parse_js_literal", "read", "read_file"]


# --------------------------------------------------------------------------------------------
# A small reader for JavaScript literals (a superset of JSON), never an evaluator.

class JSLiteralError(ValueError):
    """Text that is not a JavaScript object/array literal."""


_IDENT_START = re.compile(r"[A-Za-z_$]")
_IDENT = re.compile(r"[A-Za-z0-9_$]*")
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_MAX_DEPTH = 200


class _JSParser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def error(self, message: str) -> JSLiteralError:
        line = self.s.count("\n", 0, self.i) + 1
        return JSLiteralError(f"{message} at line {line}")

    def skip(self) -> None:
        s, n = self.s, len(self.s)
        while self.i < n:
            c = s[self.i]
            if c in " \t\r\n\ufeff\u00a0\u2028\u2029":
                self.i += 1
            elif s.startswith("//", self.i):
                end = s.find("\n", self.i)
                self.i = n if end < 0 else end + 1
            elif s.startswith("/*", self.i):
                end = s.find("*/", self.i + 2)
                if end < 0:
                    raise self.error("unterminated comment")
                self.i = end + 2
            else:
                break

    def value(self, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            raise self.error("nesting too deep")
        self.skip()
        if self.i >= len(self.s):
            raise self.error("unexpected end of text")
        c = self.s[self.i]
        if c == "{":
            return self.obj(depth)
        if c == "[":
            return self.arr(depth)
        if c in "'\"`":
            return self.string()
        m = _NUMBER.match(self.s, self.i)
        if m:
            self.i = m.end()
            text = m.group()
            if text.lower().startswith(("0x", "-0x")):
                return int(text, 16)
            return float(text) if any(ch in text for ch in ".eE") else int(text)
        if _IDENT_START.match(c):
            word = self.ident()
            consts = {"true": True, "false": False, "null": None, "undefined": None}
            if word in consts:
                return consts[word]
            raise self.error(f"unexpected name {word!r} (only literals are read)")
        raise self.error(f"unexpected character {c!r}")

    def ident(self) -> str:
        m = _IDENT.match(self.s, self.i + 1)
        word = self.s[self.i:m.end()]
        self.i = m.end()
        return word

    def string(self) -> str:
        s = self.s
        quote = s[self.i]
        self.i += 1
        out: list[str] = []
        while True:
            if self.i >= len(s):
                raise self.error("unterminated string")
            c = s[self.i]
            if c == quote:
                self.i += 1
                return "".join(out)
            if c == "\\":
                self.i += 1
                if self.i >= len(s):
                    raise self.error("unterminated string")
                e = s[self.i]
                if e == "u":
                    if s.startswith("{", self.i + 1):
                        end = s.index("}", self.i)
                        out.append(chr(int(s[self.i + 2:end], 16)))
                        self.i = end + 1
                        continue
                    code = int(s[self.i + 1:self.i + 5], 16)
                    self.i += 5
                    # join a UTF-16 surrogate pair
                    if 0xD800 <= code < 0xDC00 and s.startswith("\\u", self.i):
                        low = int(s[self.i + 2:self.i + 6], 16)
                        if 0xDC00 <= low < 0xE000:
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            self.i += 6
                    out.append(chr(code))
                    continue
                if e == "x":
                    out.append(chr(int(s[self.i + 1:self.i + 3], 16)))
                    self.i += 3
                    continue
                if e == "\r" and s.startswith("\n", self.i + 1):
                    self.i += 2  # line continuation
                    continue
                if e in "\n\u2028\u2029":
                    self.i += 1
                    continue
                out.append(_ESCAPES.get(e, e))
                self.i += 1
                continue
            out.append(c)
            self.i += 1

    def key(self) -> str:
        self.skip()
        c = self.s[self.i] if self.i < len(self.s) else ""
        if c in ("'", '"', "`"):
            return self.string()
        if c and _IDENT_START.match(c):
            return self.ident()
        m = _NUMBER.match(self.s, self.i)
        if m:
            self.i = m.end()
            return m.group()
        raise self.error("expected a property name")

    def expect(self, ch: str) -> None:
        self.skip()
        if not self.s.startswith(ch, self.i):
            raise self.error(f"expected {ch!r}")
        self.i += 1

    def obj(self, depth: int) -> dict:
        self.i += 1
        out: dict[str, Any] = {}
        while True:
            self.skip()
            if self.s.startswith("}", self.i):
                self.i += 1
                return out
            k = self.key()
            self.expect(":")
            out[k] = self.value(depth + 1)
            self.skip()
            if self.s.startswith(",", self.i):
                self.i += 1
            elif not self.s.startswith("}", self.i):
                raise self.error("expected ',' or '}'")

    def arr(self, depth: int) -> list:
        self.i += 1
        out: list[Any] = []
        while True:
            self.skip()
            if self.s.startswith("]", self.i):
                self.i += 1
                return out
            out.append(self.value(depth + 1))
            self.skip()
            if self.s.startswith(",", self.i):
                self.i += 1
            elif not self.s.startswith("]", self.i):
                raise self.error("expected ',' or ']'")


_WRAPPER = re.compile(
    r"""(?:
        (?:export\s+default\s+)
      | (?:module\.exports\s*=\s*)
      | (?:(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=\s*)
      | (?:(?:window|self|globalThis)(?:\.[A-Za-z_$][\w$]*|\[\s*['"][^'"]*['"]\s*\])+\s*=\s*)
      | (?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*=\s*)
      | (?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\(\s*)
    )""",
    re.VERBOSE,
)


def parse_js_literal(text: str) -> Any:
    """Parse JSON or a JavaScript literal, optionally wrapped in an assignment or a callback call.

    Accepts `var x = {...};`, `window.x = [...]`, `export default {...}`, `callback({...});`
    and bare literals; unquoted keys, single quotes, trailing commas and comments are fine.
    """
    text = text.lstrip("\ufeff")
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    p = _JSParser(text)
    p.skip()
    m = _WRAPPER.match(text, p.i)
    if m and not text.startswith(("{", "["), p.i):
        p.i = m.end()
    p.skip()
    if p.i >= len(text) or text[p.i] not in "{[":
        raise p.error("no object or array literal found")
    result = p.value()
    # what may follow the literal: `)`, `;`, comments and space
    while True:
        p.skip()
        if p.i < len(text) and text[p.i] in ");":
            p.i += 1
            continue
        break
    if p.i < len(text):
        raise p.error("unexpected text after the literal")
    return result


def load_results(data: Any) -> list:
    """The result objects of a parsed API response: a list, `{results: [...]}` or one result."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("results", "docs", "records", "items"):
            if isinstance(data.get(key), list):
                return data[key]
        if "titles" in data or "id" in data:
            return [data]
    raise JSLiteralError("no list of results in the response")


# --------------------------------------------------------------------------------------------
# Mapping one OBA result to the canonical record.

# OBA format labels -> (material, reading form), in the order corpus.materials declares them: a
# label that is none of them is matched by the first one it holds as a word ("Boek + CD": boek).
_FORMATS: dict[str, tuple[str, str | None]] = {
    label: (m.code, reading_form_of(label)) for m in MATERIALS for label in m.oba_formats
}

_PPN_IN_URL = re.compile(r"/ppn/(\d{8}[\dXx])\b")
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("text") or value.get("value") or value.get("name")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.replace("\xad", "").split())
    return value or None


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    out: list[str] = []
    for v in value:
        add(out, _text(v))
    return out


def _ppn(result: dict) -> str | None:
    for key in ("ppn", "PPN"):
        v = _text(result.get(key))
        if v and re.fullmatch(r"\d{8}[\dXx]", v):
            return v.upper()
    for url in _texts(result.get("coverimages")):
        q = parse_qs(urlsplit(url).query)
        for v in q.get("ppn", []):
            if re.fullmatch(r"\d{8}[\dXx]", v.strip()):
                return v.strip().upper()
        m = _PPN_IN_URL.search(url)
        if m:
            return m.group(1).upper()
    return None


def _oba_id(result: dict) -> str | None:
    raw = _text(result.get("id"))
    if not raw:
        return None
    parts = [p for p in raw.split("|") if p]
    return ":".join(parts) or None


def _clean_name(name: str) -> str:
    name = name.strip().strip("\"'").strip()
    if name.endswith(".") and not re.search(r"\b\w\.$", name):
        name = name[:-1].rstrip()  # "America." but keep initials ("Jac.G.")
    return name


def _authors(result: dict) -> list[dict]:
    out: list[dict] = []
    seen: set[tuple[str, str | None]] = set()
    detailed = result.get("authorsDetailed")
    if isinstance(detailed, list) and detailed:
        for a in detailed:
            if not isinstance(a, dict):
                continue
            name = _text(a.get("full")) or " ".join(
                t for t in (_text(a.get("firstname")), _text(a.get("lastname"))) if t
            )
            if not name:
                continue
            name = _clean_name(name)
            role_raw = (_text(a.get("localized-type")) or _text(a.get("role"))
                        or _text(a.get("type")))
            role = None
            if role_raw:
                low = role_raw.lower()
                # OBA's localized creator types ("Illustrator"), now and then a relator code
                known = by_word(low) or by_code(low)
                role = known.label if known else low
            key = (name, role)
            if name and key not in seen:
                seen.add(key)
                entry = {"name": name}
                if role:
                    entry["role"] = role
                out.append(entry)
    else:
        for name in _texts(result.get("authors")):
            name = _clean_name(name)
            if name and (name, None) not in seen:
                seen.add((name, None))
                out.append({"name": name})
    return out


def _isbns(result: dict) -> tuple[list[str], list[str]]:
    return partition_isbns(_texts(result.get("isbn")), _clean_isbn)


def _clean_isbn(raw: str) -> str:
    text = raw.lstrip("=").strip()
    return re.sub(r"\s*\(.*?\)\s*", " ", text).strip()  # "9057881233 (geb.)"


def _material(result: dict) -> tuple[str | None, list[str], list[str]]:
    """(material, reading forms, extra genre labels) from the formats and types."""
    materials: list[str] = []
    forms: list[str] = []
    genres: list[str] = []
    labels = _texts(result.get("formats"))
    for label in labels:
        low = label.lower()
        mat, form = _FORMATS.get(low, (None, None))
        if mat is None:
            for word, (m2, f2) in _FORMATS.items():
                if re.search(rf"\b{re.escape(word)}\b", low):
                    mat, form = m2, f2
                    break
        if mat:
            materials.append(mat)
        if form and form not in forms:
            forms.append(form)
        if low in ("prentenboek", "kartonboek", "stripboek", "strip") and label not in genres:
            genres.append(label)
    types = [t.lower() for t in _texts(result.get("types")) + _texts(result.get("type"))]
    if any(t in ("luisterboek", "gesproken boek") for t in types):
        # a CD the catalogue calls a spoken book is an audiobook, not music
        materials = ["luisterboek" if m == "muziek" else m for m in materials]
    # the most specific material wins: "Grote letter" + "Boek" is a book, "CD" + "Boek" a CD
    material = next((m for m in materials if m != "boek"), None) or \
        (materials[0] if materials else None)
    if material is None and "muziek" in types:
        material = "muziek"
    if material is None and labels:
        material = "anders"
    return material, forms, genres


def _publisher(result: dict) -> tuple[str | None, str | None]:
    """("Name, Place, Year" statements) -> (publisher name, place)."""
    statements = _texts(result.get("publisher"))
    if not statements:
        return None, None
    stmt = next((s for s in statements if "," in s), statements[0])
    stmt = re.sub(r"\s*\[?\betc\.?\]?", "", stmt)  # "Groningen [etc.]"
    parts = [p.strip() for p in stmt.split(",")]
    name = parts[0].strip("[] ") or None
    place = parts[1].strip("[] ") if len(parts) > 2 else None
    return name, place or None


def _year(result: dict) -> int | None:
    y = result.get("year")
    if isinstance(y, int) and not isinstance(y, bool) and 0 < y <= 2100:
        return y
    for text in [_text(y)] + _texts(result.get("publisher")):
        if text:
            m = _YEAR.search(text)
            if m:
                return int(m.group(1))
    return None


def _audience(result: dict) -> str | None:
    for key in ("audience", "audiences", "targetaudience", "targetaudiences", "doelgroep"):
        for text in _texts(result.get(key)):
            a = audience_from_text(text)
            if a:
                return a
    for text in _texts(result.get("summaries")):
        a = audience_from_text(text, sentence_only=True)
        if a:
            return a
    return None


def _titles(result: dict) -> tuple[str | None, str | None]:
    titles = _texts(result.get("titles")) or _texts(result.get("title"))
    return split_title(titles[0]) if titles else (None, None)


def _languages(result: dict) -> tuple[list[str], list[str]]:
    """(language, original languages): the catalogue lists the text's language first."""
    languages: list[str] = []
    for name in _texts(result.get("languages")) + _texts(result.get("language")):
        add(languages, language_code(name))
    return languages[:1], languages[1:]


def _subjects(result: dict) -> list[str]:
    """Every `subject…` key (subjects, subject-topical, subject-geographical, …)."""
    subjects: list[str] = []
    for key, value in result.items():
        if isinstance(key, str) and key.startswith("subject"):
            for s in _texts(value):
                add(subjects, s.replace("@", "").strip())
    return subjects


def _genres(result: dict, from_formats: list[str]) -> list[str]:
    genres = _texts(result.get("genres")) + _texts(result.get("genre"))
    for g in from_formats:
        add(genres, g)
    return genres


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _last(values: list[str]) -> str | None:
    return values[-1] if values else None


def map_result(result: dict) -> CatalogueRecord:
    """One OBA API result -> a raw canonical record (validate it with `checked`)."""
    rec: dict[str, Any] = {"type": "catalogue"}
    ppn, oba_id = _ppn(result), _oba_id(result)
    put(rec, "id", f"ppn:{ppn}" if ppn else f"oba:{oba_id}" if oba_id else None)
    put(rec, "ppn", ppn)
    put(rec, "oba_id", oba_id)
    title, subtitle = _titles(result)
    put(rec, "title", title)
    put(rec, "subtitle", subtitle)
    put(rec, "authors", _authors(result))
    isbns, bad_isbns = _isbns(result)
    put(rec, "isbn", isbns)
    put(rec, "isbn_invalid", bad_isbns)
    material, forms, format_genres = _material(result)
    put(rec, "material", material)
    put(rec, "reading_form", forms)
    language, original = _languages(result)
    put(rec, "language", language)
    put(rec, "original_language", original)
    put(rec, "subjects", _subjects(result))
    put(rec, "genre", _genres(result, format_genres))
    put(rec, "description", " ".join(_texts(result.get("summaries")) or _texts(result.get("summary"))))
    put(rec, "cover_url", _first(_texts(result.get("coverimages"))))
    put(rec, "audience", _audience(result))
    put(rec, "year", _year(result))
    publisher, place = _publisher(result)
    put(rec, "publisher", publisher)
    put(rec, "publication_place", place)
    put(rec, "series", _first(_texts(result.get("series"))))
    put(rec, "edition", _text(result.get("edition")))
    put(rec, "extent", _last(_texts(result.get("description"))))  # OBA's "description" is the extent
    put(rec, "notes", _texts(result.get("note")) + _texts(result.get("notes")))
    put(rec, "siso", _texts(result.get("siso")))
    put(rec, "detail_url", _text(result.get("detailLink")))
    return rec


# --------------------------------------------------------------------------------------------

def _files(path: str) -> list[tuple[str, str]]:
    if os.path.isfile(path):
        return [(path, os.path.basename(path))]
    if os.path.isdir(path):
        out = []
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                if f.lower().endswith((".js", ".json")):
                    full = os.path.join(root, f)
                    out.append((full, os.path.relpath(full, path)))
        return out
    raise SourceError(f"{path}: no such file or folder")


def read_file(full: str, name: str) -> Iterator[CatalogueRecord | Rejection]:
    try:
        with open(full, "rb") as fh:
            text = fh.read().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        yield Rejection(name, "file", f"cannot read the file: {exc.strerror or exc}")
        return
    try:
        results = load_results(parse_js_literal(text))
    except (JSLiteralError, ValueError) as exc:
        yield Rejection(name, "file", f"not an OBA API response: {exc}")
        return
    for n, result in enumerate(results, start=1):
        position = f"result {n}"
        if not isinstance(result, dict):
            yield Rejection(name, position,
                            f"a result must be an object, got {type(result).__name__}")
            continue
        try:
            raw = map_result(result)
        except Exception as exc:  # noqa: BLE001 - one odd result must never stop the file
            yield Rejection(name, position, f"cannot map the result: {exc}")
            continue
        yield checked(raw, name, position)


def read(path: str) -> Iterator[CatalogueRecord | Rejection]:
    for full, name in _files(path):
        yield from read_file(full, name)
