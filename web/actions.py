"""What a patron can do with a title from here, decided once for the record page and the result list.

* **Reserveren**: the chosen library holds this edition and its libraries file entry has a
  `reserve_url` (search_api.directory fills in the template).
* **Another edition**: the chosen library holds no copy of this edition but one of another
  edition of the same work; the page points there, since interlibrary loan is judged by the work.
* **Interlibrary loan**: the chosen library holds no edition of the work (`VINDPLAATS_IBL_URL`).
* **Lenen in de online bibliotheek**: a title lent online (its material's `lending`, declared in
  corpus.materials): the record's own address at the online library when it has one, otherwise a
  search for it at the national online library (`VINDPLAATS_ONLINE_LIBRARY_URL`).
* **Online raadplegen**: any other record with a web address (a website, a database, a podcast).

Every address out of the site goes through `safe_href`: only http(s) becomes a link.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from corpus.materials import material
from search_api.directory import Directory
from search_api.editions import edition_held_by


def safe_href(url: str | None) -> str | None:
    """Only web addresses become links: a record's `javascript:` URL must never reach an href."""
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


class _Blank(dict):
    def __missing__(self, key):  # a placeholder the template names but we do not know: left empty
        return ""


def fill(template: str | None, rec: dict, **extra) -> str | None:
    """A configured link template with the record's {isbn}, {ppn}, {title}, {id} (and `extra`)
    filled in, URL-encoded; None without a template, with stray braces, or when not a web address."""
    if not template:
        return None
    isbns = rec.get("isbn") or []
    values = {"isbn": isbns[0] if isbns else "", "ppn": rec.get("ppn") or "", "title": rec.get("title") or "",
              "id": rec.get("id") or "", **extra}
    try:
        url = template.format_map(_Blank({k: quote(str(v), safe="") for k, v in values.items()}))
    except (ValueError, IndexError, AttributeError):  # a template with stray braces: no link
        return None
    return safe_href(url)


def ill_url(template: str | None, rec: dict, library: str) -> str | None:
    """The interbibliothecair-leenverkeer request for a title the patron's library does not hold:
    the configured template with {isbn}, {ppn}, {library} and {title} filled in, URL-encoded."""
    return fill(template, rec, library=library)


def holds(rec: dict, library: str | None) -> bool:
    return bool(library) and any(h.get("library") == library for h in rec.get("holdings") or [])


def reserve_url(directory: Directory, rec: dict, library: str | None) -> str | None:
    """The chosen library's reservation page for this edition, when it holds a copy of it."""
    lib = directory.get(library) if holds(rec, library) else None
    return safe_href(lib.reserve(rec)) if lib else None


def lent_online(rec: dict) -> bool:
    """Lent from the online library: e-books always; audiobooks when they have an address there
    or no copy on any shelf (one with copies and no address is a CD)."""
    lending = material(rec.get("material")).lending
    return lending == "online" or (lending == "either" and (bool(safe_href(rec.get("online_url")))
                                                           or not rec.get("holdings")))


def online_lending_url(rec: dict, national: str | None) -> str | None:
    """Where to borrow a title lent online: its own page there, else a search at `national`."""
    if not lent_online(rec):
        return None
    return safe_href(rec.get("online_url")) or fill(national, rec, query=(rec.get("isbn") or [rec.get("title")])[0]
                                                      or "")


@dataclass(frozen=True)
class RecordActions:
    reserve_url: str | None = None
    online_lending_url: str | None = None
    consult_url: str | None = None  # "Online raadplegen": a web address that is no online loan
    held_edition: dict | None = None  # the edition of the same work the chosen library holds
    ill_url: str | None = None

    def __bool__(self) -> bool:
        return any((self.reserve_url, self.online_lending_url, self.consult_url, self.held_edition, self.ill_url))


def for_record(rec: dict, editions: list[dict], library: str | None, lang: str, directory: Directory,
               ibl_template: str | None, online_template: str | None) -> RecordActions:
    """Everything the record page offers for `rec`; `editions` are the work's other editions."""
    lending = online_lending_url(rec, online_template)
    held = holds(rec, library)
    # Interlibrary loan only for a work the library holds no edition of; when it holds another
    # edition, the page points there instead. A title lent online is never sent by post.
    other = edition_held_by(editions, library, lang) if library and not held else None
    return RecordActions(
        reserve_url=reserve_url(directory, rec, library),
        online_lending_url=lending,
        consult_url=None if lending else safe_href(rec.get("online_url")),
        held_edition=other,
        ill_url=ill_url(ibl_template, rec, library) if library and not held and not other and not lending else None)
