"""What a patron query expects, and whether a hit meets it.

A query in `queries.jsonl` names its right answers in one of three ways:

- `ids`: record ids judged right from the records. A grouped hit (one work) is right when its
  id or one of its editions is listed, unless `"match": "edition"` asks for the very edition
  shown (the edition that should stand for the work).
- `where`: a predicate over the hit's record, for queries that name a kind of item rather than
  one title: `material=luisterboek and language=en`, `genre~thriller or genre=detective`.
  Clauses are `FIELD=VALUE` (equal, or for a list: holds VALUE; case- and accent-blind),
  `FIELD~TEXT` (some value contains TEXT) and `FIELD!=VALUE`; alternatives as `A|B`;
  `and` binds tighter than `or`. `type=catalogue` is implied unless `type` is named.
- `none`: the collection holds nothing the patron asked for; the right first page is an honest
  one (the words were not replaced by others, and no catalogue record is offered as if it were
  the answer). Used sparingly.

A `service` query's answers are knowledge articles (section ids); every other category
expects a catalogue record first, and an article first counts as wrong.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

CATEGORIES = {
    "known_exact": "known item, exact title",
    "known_typo": "known item with a typo",
    "partial_title": "part of a title",
    "author": "author name",
    "topic": "topic",
    "facet_words": "facet words (material, language, audience, reading form, genre)",
    "service": "service question",
    "english": "English query",
    "names": "names (people, places, series, services)",
    "not_held": "not in the collection",
}
INDEXES = ("sample", "real")
FIELD_NAMES = re.compile(r"^[a-z_]+$")


def fold(text: str) -> str:
    """Lower case without accents: how a patron compares words."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


@dataclass(frozen=True)
class Clause:
    field: str
    op: str  # "=", "~", "!="
    values: tuple[str, ...]

    def test(self, record: dict) -> bool:
        raw = record.get(self.field)
        have = raw if isinstance(raw, list) else ([] if raw is None else [raw])
        got = [fold(v if not isinstance(v, dict) else v.get("name", "")) for v in have]
        if self.op == "~":
            return any(v in g for v in self.values for g in got)
        hit = any(v == g for v in self.values for g in got)
        return not hit if self.op == "!=" else hit


@dataclass(frozen=True)
class Predicate:
    alternatives: tuple[tuple[Clause, ...], ...]  # OR of ANDs
    text: str = ""

    def test(self, record: dict) -> bool:
        return any(all(c.test(record) for c in conj) for conj in self.alternatives)

    def names_type(self) -> bool:
        return any(c.field == "type" for conj in self.alternatives for c in conj)


CLAUSE = re.compile(r"^\s*([a-z_]+)\s*(!=|=|~)\s*(.+?)\s*$")


def parse_predicate(text: str) -> Predicate:
    alternatives = []
    for part in re.split(r"\s+or\s+", text.strip()):
        conj = []
        for raw in re.split(r"\s+and\s+", part):
            m = CLAUSE.match(raw)
            if not m:
                raise ValueError(f"cannot read clause {raw!r} in predicate {text!r}")
            name, op, values = m.groups()
            conj.append(Clause(name, op, tuple(fold(v) for v in values.split("|"))))
        alternatives.append(tuple(conj))
    return Predicate(tuple(alternatives), text)


@dataclass
class PatronQuery:
    q: str
    category: str
    index: str
    ids: tuple[str, ...] = ()
    where: Predicate | None = None
    none: bool = False
    match: str = "work"  # "work": any edition of the hit counts; "edition": the hit's own id
    params: dict = field(default_factory=dict)  # library, filter
    note: str = ""
    line: int = 0

    @property
    def wants_article(self) -> bool:
        return self.category == "service"

    def right(self, hit: dict) -> bool:
        """Is this hit (the API's JSON for one result) a right answer?"""
        if self.none:
            return False
        if self.wants_article and hit.get("type") != "article":
            return False
        if not self.wants_article and hit.get("type") != "catalogue" and not (
                self.where and self.where.names_type()):
            return False
        if self.ids:
            shown = {hit.get("id")}
            if self.match == "work":
                shown |= set(hit.get("edition_ids") or ())
            return bool(shown & set(self.ids))
        if self.where is not None:
            return self.where.test(hit)
        return False

    @property
    def expected_text(self) -> str:
        if self.none:
            return "(nothing held: an honest page)"
        if self.ids:
            shown = ", ".join(self.ids[:3]) + (f" (+{len(self.ids) - 3})" if len(self.ids) > 3 else "")
            return shown + (" [this edition]" if self.match == "edition" else "")
        return self.where.text if self.where else "?"


class QueryFileError(ValueError):
    pass


def parse_query(obj: dict, line: int = 0) -> PatronQuery:
    known = {"q", "category", "index", "ids", "where", "none", "match", "params", "note"}
    extra = set(obj) - known
    if extra:
        raise QueryFileError(f"line {line}: unknown keys {sorted(extra)}")
    q, category, index = obj.get("q"), obj.get("category"), obj.get("index")
    if not isinstance(q, str) or not q.strip():
        raise QueryFileError(f"line {line}: no query")
    if category not in CATEGORIES:
        raise QueryFileError(f"line {line}: category {category!r} is not one of {sorted(CATEGORIES)}")
    if index not in INDEXES:
        raise QueryFileError(f"line {line}: index {index!r} is not one of {INDEXES}")
    ids = tuple(obj.get("ids") or ())
    where = parse_predicate(obj["where"]) if obj.get("where") else None
    none = bool(obj.get("none"))
    if sum(bool(x) for x in (ids, where, none)) != 1:
        raise QueryFileError(f"line {line}: {q!r} needs exactly one of ids, where, none")
    if none != (category == "not_held"):
        raise QueryFileError(f"line {line}: {q!r}: `none` goes with the category not_held, and only there")
    match = obj.get("match", "work")
    if match not in ("work", "edition"):
        raise QueryFileError(f"line {line}: match is work or edition")
    params = obj.get("params") or {}
    if set(params) - {"library", "filter"}:
        raise QueryFileError(f"line {line}: params are library and filter")
    return PatronQuery(q=q, category=category, index=index, ids=ids, where=where, none=none, match=match,
                       params=params, note=obj.get("note", ""), line=line)


def parse_lines(lines: Iterable[str]) -> list[PatronQuery]:
    import json

    out = []
    for n, raw in enumerate(lines, 1):
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise QueryFileError(f"line {n}: {exc}") from None
        out.append(parse_query(obj, n))
    return out
