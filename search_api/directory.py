"""The libraries file (`VINDPLAATS_LIBRARIES`): who the libraries are, beyond the codes in the records.

A JSON list of libraries, each {isil, name, website, reserve_url, branches: [{name, address,
opening_hours}]}. It is read and checked once, at start-up: a mistake is a `LibrariesError` that
names the entry, the field and what is wrong with it, every mistake at once, so a librarian
editing the file fixes it in one go and the server never starts half-configured.

`reserve_url` is a template: {id}, {ppn}, {isbn} and {isil} are filled in, URL-encoded, for the
record a patron reserves. `opening_hours` is OpenStreetMap's opening_hours syntax, parsed by the
`opening_hours` package (public holidays of the Netherlands included), evaluated in Amsterdam time.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import opening_hours
from unidecode import unidecode

from corpus.model import ISIL_MAX, is_isil

TIMEZONE = ZoneInfo("Europe/Amsterdam")
COUNTRY = "NL"  # whose public holidays `PH` means
RESERVE_PLACEHOLDERS = ("id", "ppn", "isbn", "isil")
LIBRARY_FIELDS = {"isil", "name", "website", "reserve_url", "branches"}
BRANCH_FIELDS = {"name", "address", "opening_hours"}


class LibrariesError(ValueError):
    """The libraries file cannot be used; the message lists every problem, one a line."""


@dataclass(frozen=True)
class Branch:
    name: str
    address: str | None
    opening_hours: str | None  # as written in the file
    hours: opening_hours.OpeningHours | None  # parsed

    def status(self, now: dt.datetime) -> dict | None:
        """Open now (until when), opening later today (at what time), or closed (and when it
        opens next, within a week). None without opening hours."""
        if self.hours is None:
            return None
        now = now.astimezone(TIMEZONE)
        week = now + dt.timedelta(days=7)
        for start, end, state, _ in self.hours.intervals(now, week):
            if state != opening_hours.State.OPEN:
                continue
            start, end = start.astimezone(TIMEZONE), end.astimezone(TIMEZONE) if end else None
            if start <= now:
                return {"state": "open", "until": end if end and end < week else None}
            return {"state": "opens_today" if start.date() == now.date() else "closed", "at": start}
        return {"state": "closed", "at": None}

    def week(self, today: dt.date) -> list[tuple[dt.date, list[tuple[str, str]]]]:
        """Seven days from `today`: the opening times of each ([] when closed all day)."""
        out = []
        for i in range(7):
            day = today + dt.timedelta(days=i)
            start = dt.datetime.combine(day, dt.time(0), TIMEZONE)
            end = start + dt.timedelta(days=1)
            spans = []
            if self.hours is not None:
                for a, b, state, _ in self.hours.intervals(start, end):
                    if state == opening_hours.State.OPEN:
                        a = max(a.astimezone(TIMEZONE), start)
                        b = min(b.astimezone(TIMEZONE), end) if b else end
                        spans.append((a.strftime("%H:%M"), "24:00" if b == end else b.strftime("%H:%M")))
            out.append((day, spans))
        return out


@dataclass(frozen=True)
class Library:
    isil: str
    name: str
    website: str | None
    reserve_url: str | None
    branches: tuple[Branch, ...]

    def places(self) -> str:
        """The words a patron may search this library by: its name, its branches, their addresses."""
        parts = [self.isil, self.name] + [p for b in self.branches for p in (b.name, b.address or "")]
        return " ".join(parts)

    def reserve(self, rec: dict) -> str | None:
        """The library's reservation page for a record: the template filled in, URL-encoded."""
        if not self.reserve_url:
            return None
        isbns = rec.get("isbn") or []
        values = {"id": rec.get("id") or "", "ppn": rec.get("ppn") or "", "isbn": isbns[0] if isbns else "",
                  "isil": self.isil}
        return self.reserve_url.format(**{k: quote(str(v), safe="") for k, v in values.items()})


class Directory:
    """The libraries of the file by ISIL (compared without case, as ISILs are)."""

    def __init__(self, libraries: list[Library] = ()):
        self.libraries = list(libraries)
        self._by_isil = {lib.isil.casefold(): lib for lib in self.libraries}

    def __len__(self) -> int:
        return len(self.libraries)

    def get(self, isil: str | None) -> Library | None:
        return self._by_isil.get(isil.casefold()) if isil else None

    def name(self, isil: str) -> str | None:
        lib = self.get(isil)
        return lib.name if lib else None

    def named(self, index_libraries: dict) -> dict:
        """The index's libraries (ISIL -> {name, province, ...}) with the file's names, which win
        over the names the records gave."""
        out = {}
        for isil, info in index_libraries.items():
            name = self.name(isil)
            out[isil] = {**info, "name": name} if name else info
        return out


def _http(value) -> bool:
    return isinstance(value, str) and re.match(r"https?://[^\s/]+", value.strip(), re.IGNORECASE) is not None


def _template_problem(template: str) -> str | None:
    try:
        fields = [f for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        return f"is not a valid template ({exc}); write a literal brace as '{{{{' or '}}}}'"
    unknown = sorted({f for f in fields if f not in RESERVE_PLACEHOLDERS})
    if unknown:
        return (f"has the unknown placeholder {', '.join('{' + f + '}' for f in unknown)}; "
                f"known are {', '.join('{' + p + '}' for p in RESERVE_PLACEHOLDERS)}")
    if not _http(template.format(**dict.fromkeys(RESERVE_PLACEHOLDERS, "x"))):
        return f"must be an http:// or https:// address, not {template!r}"
    return None


def _parse_hours(text: str) -> tuple[opening_hours.OpeningHours | None, str | None]:
    try:
        return opening_hours.OpeningHours(text, timezone=TIMEZONE, country=COUNTRY), None
    except (opening_hours.ParserError, SyntaxError, ValueError) as exc:
        why = " ".join(line.strip(" |") for line in str(exc).splitlines() if line.strip().startswith("="))
        return None, f"is not OpenStreetMap opening_hours syntax: {text!r} ({why.lstrip('= ') or exc})"


def parse(data, source: str = "libraries file") -> Directory:
    """A Directory from the file's JSON value, or a LibrariesError listing every problem."""
    if not isinstance(data, list):
        raise LibrariesError(f"{source}: must be a JSON list of libraries, not {type(data).__name__}")
    problems: list[str] = []
    libraries: list[Library] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(data, 1):
        where = f"{source}: library {i}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be an object, not {type(entry).__name__}")
            continue
        isil = entry.get("isil")
        if isinstance(isil, str):
            where += f" ({isil})"
        bad = len(problems)

        def problem(field: str, why: str, where=where) -> None:
            problems.append(f"{where}, field '{field}': {why}")

        for extra in sorted(set(entry) - LIBRARY_FIELDS):
            problem(extra, f"is not a field of a library (known are {', '.join(sorted(LIBRARY_FIELDS))})")
        if not isinstance(isil, str) or not isil:
            problem("isil", "is required (the library's ISIL, such as NL-AmOBA)")
        elif not is_isil(isil):
            problem("isil", f"{isil!r} is not an ISIL: a prefix such as 'NL', a hyphen, and letters or digits, "
                            f"{ISIL_MAX} characters at most")
        elif isil.casefold() in seen:
            problem("isil", f"{isil!r} is listed twice (library {seen[isil.casefold()]} has it too)")
        else:
            seen[isil.casefold()] = i
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problem("name", "is required (the name patrons know the library by)")
        website = entry.get("website")
        if website is not None and not _http(website):
            problem("website", f"must be an http:// or https:// address, not {website!r}")
        reserve = entry.get("reserve_url")
        if reserve is not None:
            why = _template_problem(reserve) if isinstance(reserve, str) else "must be a text"
            if why:
                problem("reserve_url", why)
        branches_in = entry.get("branches", [])
        branches: list[Branch] = []
        if not isinstance(branches_in, list):
            problem("branches", f"must be a list of branches, not {type(branches_in).__name__}")
            branches_in = []
        for j, b in enumerate(branches_in, 1):
            bwhere = f"{where}, branch {j}"
            if not isinstance(b, dict):
                problems.append(f"{bwhere}: must be an object, not {type(b).__name__}")
                continue
            if isinstance(b.get("name"), str):
                bwhere += f" ({b['name']})"
            for extra in sorted(set(b) - BRANCH_FIELDS):
                problems.append(f"{bwhere}, field '{extra}': is not a field of a branch "
                                f"(known are {', '.join(sorted(BRANCH_FIELDS))})")
            if not isinstance(b.get("name"), str) or not b["name"].strip():
                problems.append(f"{bwhere}, field 'name': is required")
            address = b.get("address")
            if address is not None and not isinstance(address, str):
                problems.append(f"{bwhere}, field 'address': must be a text")
                address = None
            hours_text, hours = b.get("opening_hours"), None
            if hours_text is not None:
                if not isinstance(hours_text, str):
                    problems.append(f"{bwhere}, field 'opening_hours': must be a text")
                    hours_text = None
                else:
                    hours, why = _parse_hours(hours_text)
                    if why:
                        problems.append(f"{bwhere}, field 'opening_hours': {why}")
            branches.append(Branch(str(b.get("name") or ""), address, hours_text, hours))
        if len(problems) == bad:
            libraries.append(Library(isil, name.strip(), website, reserve, tuple(branches)))
    if problems:
        raise LibrariesError("\n".join(problems))
    return Directory(libraries)


def load(path: str | Path | None) -> Directory:
    """The libraries file at `path` (an empty directory without one)."""
    if not path:
        return Directory()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LibrariesError(f"VINDPLAATS_LIBRARIES: cannot read {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LibrariesError(f"{path.name}: not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    return parse(data, path.name)


def _fold(text: str) -> str:
    return unidecode(text or "").casefold()


def choosable(directory: Directory, index: dict) -> list[dict]:
    """Every library a patron may choose: those of the file, then those only the index knows
    (`index`: ISIL -> {name, province} of the generation). Each with the words it is found by."""
    out = []
    for lib in directory.libraries:
        info = index.get(lib.isil) or {}
        out.append({"isil": lib.isil, "name": lib.name, "province": info.get("province"),
                    "places": sorted({b.address.rsplit(",", 1)[-1].strip() for b in lib.branches if b.address}),
                    "words": _fold(" ".join([lib.places(), info.get("province") or ""]))})
    known = {e["isil"].casefold() for e in out}
    for isil, info in index.items():
        if isil.casefold() not in known:
            name = info.get("name") or isil
            out.append({"isil": isil, "name": name, "province": info.get("province"), "places": [],
                        "words": _fold(" ".join([isil, name, info.get("province") or ""]))})
    return sorted(out, key=lambda e: _fold(e["name"]))


def matching(libraries: list[dict], q: str) -> list[dict]:
    """Libraries whose ISIL, name, branches, addresses or province hold every word of `q`."""
    words = _fold(q).split()
    return [e for e in libraries if all(w in e["words"] for w in words)]
