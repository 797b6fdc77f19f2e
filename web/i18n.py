"""Message catalogues for the pages: every text a patron reads comes from `locales/<lang>.json`.

Dutch is the default; English is chosen with `lang=en` in the URL (kept in every link and form,
never in a cookie). Keys are flat (`results.count`); a message with plural forms is an object
`{"one": ..., "other": ...}`. Placeholders use `str.format` names (`{n}`, `{q}`).
Facet values are looked up as `value.<field>.<value>` so that `boek` reads "Boek" / "Book"; field
labels, and the value labels the API gives too (type, available, year ranges), come from the field
registry instead, and an author's role from corpus.roles.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from corpus import roles
from indexer.fields import BY_NAME, CAPITALISED

LOCALES = Path(__file__).resolve().parent / "locales"
LANGS = ("nl", "en")
DEFAULT_LANG = "nl"


@cache
def catalogue(lang: str) -> dict:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def pick_lang(value: str | None) -> str:
    return value if value in LANGS else DEFAULT_LANG


class Translator:
    """`t("key", n=3, q="x")` in templates; helpers for numbers, dates, field and value labels."""

    def __init__(self, lang: str = DEFAULT_LANG):
        self.lang = pick_lang(lang)
        self.messages = catalogue(self.lang)
        self.fallback = catalogue(DEFAULT_LANG)

    def has(self, key: str) -> bool:
        return key in self.messages or key in self.fallback

    def __call__(self, key: str, n: int | None = None, **kw) -> str:
        msg = self.messages.get(key, self.fallback.get(key, key))
        if isinstance(msg, dict):
            msg = msg["one"] if n == 1 else msg["other"]
        if n is not None:
            kw["n"] = self.num(n)
        return msg.format(**kw) if kw else msg

    def num(self, n: int | float | None) -> str:
        if n is None:
            return ""
        text = f"{n:,}"
        # Dutch groups thousands with a dot: 12.345
        return text.replace(",", ".") if self.lang == "nl" else text

    def date(self, value: str | None) -> str:
        """`2024-05-14` (or an ISO timestamp) as "14 mei 2024"; anything else as given."""
        if not value:
            return ""
        try:
            d = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
        months = self("date.months").split()
        return f"{d.day} {months[d.month - 1]} {d.year}"

    def field(self, name: str) -> str:
        f = BY_NAME.get(name)
        if f is None:
            return self(f"field.{name}")
        return f.label_en if self.lang == "en" else f.label

    def translated(self, field: str, value) -> bool:
        """Whether `value` has a label of its own in this page's language (else it is shown as
        the catalogue wrote it, in Dutch: an English page marks it `lang="nl"`)."""
        f = BY_NAME.get(field)
        if f is not None and f.value_label(str(value), self.lang):
            return True
        if field == ROLE:
            return bool(roles.label(str(value), self.lang))
        return f"value.{field}.{value}" in self.messages

    def value(self, field: str, value, label: str | None = None) -> str:
        """Display text of a field value: the registry's label, then the catalogue's own wording,
        then the label the service gave (library names), then the value itself."""
        f = BY_NAME.get(field)
        own = f.value_label(str(value), self.lang) if f else None
        if field == ROLE:
            own = roles.label(str(value), self.lang)
        if own:
            return own
        key = f"value.{field}.{value}"
        if key in self.messages:
            return self.messages[key]
        if label:
            return label
        if key in self.fallback:
            return self.fallback[key]
        text = str(value)
        return text[:1].upper() + text[1:] if field in CAPITALISED or field == ROLE else text


ROLE = "role"  # an author's role: no field of its own; one corpus.roles does not know reads better with a capital
