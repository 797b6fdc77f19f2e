"""What a patron types, understood leniently.

The search box accepts plain words, "quoted phrases", ``OR``, ``NOT``/``-word``, and field
prefixes such as ``titel:``, ``auteur:``, ``onderwerp:``, ``isbn:``. Nothing a patron types is an
error: an unbalanced quote, a stray ``title:(``, ``AND NOT`` at the end or a lone operator is
searched as plain words, and a notice says how the query was read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.fields import ALIASES
from search_api.notices import Notice

IDENTIFIER_PREFIXES = {"isbn": "isbn", "ppn": "ppn", "id": "id"}


@dataclass(frozen=True)
class Clause:
    text: str
    phrase: bool = False
    field: str | None = None  # a registry field name, "identifier", or None for all fields
    negated: bool = False


@dataclass
class ParsedQuery:
    # Each group is a list of alternatives joined by OR; groups are joined by AND.
    groups: list[list[Clause]] = field(default_factory=list)
    negations: list[Clause] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.negations

    def positive_clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]

    def plain_text(self) -> str:
        """The positive words, as one string (for phrase boosts, suggestions, did-you-mean)."""
        return " ".join(c.text for c in self.positive_clauses() if c.field is None)


_TOKEN = re.compile(
    r"""
    (?P<sign>[-+])?                         # -word / +word
    (?:(?P<field>[^\W\d][\w]*):(?=\S))?     # field:  (only when something follows)
    (?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))
    """,
    re.VERBOSE | re.UNICODE,
)
_PARENS = re.compile(r"[()\[\]{}]")


def parse(q: str) -> ParsedQuery:
    out = ParsedQuery()
    text = q.strip()
    if not text:
        return out
    if text.count('"') % 2:
        text = text.replace('"', " ")
        out.notices.append(Notice("unbalanced_quote"))
    if _PARENS.search(text):
        text = _PARENS.sub(" ", text)
        out.notices.append(Notice("parentheses"))

    pending_or = False
    pending_not = False
    dropped_ops: list[str] = []
    tokens = list(_TOKEN.finditer(text))
    for i, m in enumerate(tokens):
        word, phrase, fname, sign = m.group("word"), m.group("phrase"), m.group("field"), m.group("sign")
        is_last = i == len(tokens) - 1
        if word in ("AND", "&&") and not fname and not sign:
            continue
        if word in ("OR", "||") and not fname and not sign:
            if not out.groups or is_last:
                dropped_ops.append(word)
            else:
                pending_or = True
            continue
        if word in ("NOT", "!") and not fname and not sign:
            if is_last:
                dropped_ops.append(word)
            else:
                pending_not = True
            continue
        clause = _clause(fname, word, phrase, out)
        if clause is None:
            continue
        negated = pending_not or sign == "-"
        pending_not = False
        if negated:
            out.negations.append(Clause(clause.text, clause.phrase, clause.field, True))
            pending_or = False
            continue
        if pending_or and out.groups:
            out.groups[-1].append(clause)
        else:
            out.groups.append([clause])
        pending_or = False
    if dropped_ops:
        ops = ", ".join(dict.fromkeys(dropped_ops))
        out.notices.append(Notice("lone_operator", ops=ops))
    return out


def _clause(fname: str | None, word: str | None, phrase: str | None, out: ParsedQuery) -> Clause | None:
    value = phrase if phrase is not None else word
    value = (value or "").strip()
    if fname:
        key = fname.lower()
        if key in IDENTIFIER_PREFIXES:
            return Clause(value, phrase is not None, "identifier") if value else None
        target = ALIASES.get(key)
        if target is None:
            # "foo:bar" or "C:bar": not a field we know; search both parts as words.
            out.notices.append(Notice("unknown_field", field=fname, words=f"{fname} {value}".strip()))
            return Clause(f"{fname} {value}".strip(), phrase=False)
        if not value:
            return None
        return Clause(value, phrase is not None, target.name)
    if not value:
        return None
    return Clause(value, phrase is not None)
