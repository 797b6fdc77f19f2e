"""What a patron types, understood leniently.

The search box accepts plain words, "quoted phrases", ``OR``, ``NOT``/``-word``, and field
prefixes such as ``titel:``, ``auteur:``, ``onderwerp:``, ``isbn:``. Nothing a patron types is an
error: an unbalanced quote, ``AND NOT`` at the end or a lone operator is searched as plain
words, and a notice says how the query was read. A field applies to the words in the parentheses
after it (``titel:(hemel aarde)``), and keeps applying when the closing one is missing
(``titel:(hemel``, with a notice). A word too long for the index (the analyzer drops tokens of
60 bytes or more, at index time too) is refused with a notice, never silently dropped: a query of
nothing else finds nothing rather than everything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.analysis import exact_tokens
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
    refused: list[str] = field(default_factory=list)  # words too long to search for

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
# `field:(` and what follows up to its closing parenthesis or the end of the query.
_FIELD_GROUP = re.compile(r"(?<![\w:])(?P<sign>[-+]?)(?P<field>[^\W\d]\w*):[(\[{](?P<body>[^()\[\]{}]*)(?P<close>[)\]}]?)")
_OPERATORS = frozenset({"AND", "&&", "OR", "||", "NOT", "!"})
_ALNUM_RUN = re.compile(r"[^\W_]+")
SHOWN_LONG_WORD = 20  # characters of a refused word the notice repeats
# Words a search is run on. Each word becomes a term in every searched field and view, and explain
# walks them all per hit: 500 characters of short words took over a second on the sample with
# explain. No patron's question needs more; the words after these are dropped with a notice.
MAX_TERMS = 32


def parse(q: str) -> ParsedQuery:
    out = ParsedQuery()
    text = q.strip()
    if not text:
        return out
    text = _refuse_long_words(text, out)
    if not text.strip():
        return out
    text = _field_groups(text, out)
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
    _cap_terms(out)
    return out


def _cap_terms(out: ParsedQuery) -> None:
    """At most MAX_TERMS words, in the order typed; a phrase that would pass the limit is cut."""
    budget = MAX_TERMS
    dropped = 0

    def keep(clause: Clause) -> Clause | None:
        nonlocal budget, dropped
        words = clause.text.split()
        n = max(1, len(exact_tokens(clause.text)))
        if n <= budget:
            budget -= n
            return clause
        if clause.phrase and budget > 1:  # the phrase's first words still say something
            cut = Clause(" ".join(words[:budget]), True, clause.field, clause.negated)
            dropped += n - budget
            budget = 0
            return cut
        dropped += n
        return None

    groups = [[c for c in map(keep, g) if c is not None] for g in out.groups]
    out.groups = [g for g in groups if g]
    out.negations = [c for c in map(keep, out.negations) if c is not None]
    if dropped:
        out.notices.append(Notice("too_many_words", limit=MAX_TERMS, dropped=dropped))


def _refuse_long_words(text: str, out: ParsedQuery) -> str:
    """Words the analyzer would drop (too long to be indexed) taken out, each with a notice."""
    def refuse(m: re.Match) -> str:
        word = m.group(0)
        if exact_tokens(word):
            return word
        out.refused.append(word)
        return " "

    rest = _ALNUM_RUN.sub(refuse, text)
    for word in out.refused:
        shown = word if len(word) <= SHOWN_LONG_WORD else word[:SHOWN_LONG_WORD] + "…"
        out.notices.append(Notice("long_word" if exact_tokens(rest) else "long_word_only", word=shown))
    return rest


def _field_groups(text: str, out: ParsedQuery) -> str:
    """`titel:(hemel aarde)` as `titel:hemel titel:aarde`: the field holds for every word of its
    group. An unclosed group runs to the end of the query (`titel:(hemel`), with a notice."""
    def expand(m: re.Match) -> str:
        fname = m.group("field")
        if fname.lower() not in ALIASES and fname.lower() not in IDENTIFIER_PREFIXES:
            return m.group(0)  # not a field: the parentheses go the plain way below
        words = []
        for t in _TOKEN.finditer(m.group("body")):
            if t.group("word") in _OPERATORS or t.group("field"):
                words.append(t.group(0))
                continue
            value = f'"{t.group("phrase")}"' if t.group("phrase") is not None else t.group("word")
            words.append(f"{t.group('sign') or m.group('sign') or ''}{fname}:{value}")
        rewritten = " ".join(words)
        if not m.group("close"):
            out.notices.append(Notice("parenthesis_repaired", field=fname, words=rewritten or f"{fname}:"))
        return f" {rewritten} "

    return _FIELD_GROUP.sub(expand, text)


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
