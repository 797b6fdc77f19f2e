"""CQL (Contextual Query Language) 1.2 parser for the SRU 2.0 endpoint.

CQL is the query language of SRU, the search protocol that Dutch library systems use to talk to each
other. This module turns a CQL string into a small abstract syntax tree, reports errors as SRU
diagnostics (``info:srw/diagnostic/1/N``), and serialises trees back to CQL (:func:`to_cql`).

Grammar (CQL 1.2, Library of Congress / OASIS searchRetrieve part 5), as implemented here::

    sortedQuery      ::= prefixAssignment sortedQuery | scopedClause ['sortBy' sortSpec]
    sortSpec         ::= singleSpec+            singleSpec ::= index [modifierList]
    cqlQuery         ::= prefixAssignment cqlQuery | scopedClause
    prefixAssignment ::= '>' prefix '=' uri | '>' uri
    scopedClause     ::= scopedClause booleanGroup searchClause | searchClause   (left-associative,
                                                                                 no precedence)
    booleanGroup     ::= ('and' | 'or' | 'not' | 'prox') [modifierList]
    searchClause     ::= '(' cqlQuery ')' | index relation searchTerm | searchTerm
    relation         ::= (comparitorSymbol | namedComparitor) [modifierList]
    comparitorSymbol ::= '=' | '==' | '<>' | '<' | '>' | '<=' | '>='
    modifier         ::= '/' modifierName [comparitorSymbol modifierValue]
    identifier       ::= charString1 (no whitespace or ( ) = < > " /) | charString2 ("quoted")

Representation choices:

* Keywords (``and``, ``or``, ``not``, ``prox``, ``sortBy``) and relation names are case-insensitive.
  Index names, relation names, modifier names and prefixes are normalised to lower case; terms and
  modifier values keep their case.
* Relations from the ``cql`` context set are stored without prefix (``cql.any`` becomes ``any``);
  the deprecated CQL 1.1 forms are mapped to their 1.2 equivalents (``exact`` -> ``==``,
  ``scr`` -> ``=``). Relations from another context set (``foo.near``) are kept as written (lower
  case) for the SRU layer to judge. An unprefixed relation name that the ``cql`` context set does
  not define (``dc.title foo bar``) is diagnostic 19: the grammar allows any identifier as a
  relation, and unprefixed relation names belong to the ``cql`` set.
* A bare term (``mulisch``) has ``index=None`` and ``relation=None``; it means
  ``cql.serverchoice = mulisch`` (see :attr:`SearchClause.effective_index`).
* Terms: the quotes of a quoted term are removed and ``\\"`` becomes ``"``; every other backslash
  escape (``\\*``, ``\\?``, ``\\^``, ``\\\\``) is kept as written, so unescaped ``*``/``?`` in the
  stored term are masking characters and escaped ones are literal. :func:`term_parts` and
  :func:`has_masking` interpret them.
* Prefix assignments (``> dc = "info:srw/cql-context-set/1/dc-v1.1"``, or ``> "uri"`` for the
  default context set, stored under the key ``""``) are collected in :attr:`CQLQuery.prefixes`,
  also when they appear inside parentheses; one prefix bound to two different URIs is diagnostic 45.
* Deliberately stricter than the grammar: an unquoted reserved word (``and``, ``or``, ``not``,
  ``prox``, ``sortBy``) is accepted as a search term only directly after a relation
  (``dc.title = not``). A query such as ``and`` or ``x and or y`` is diagnostic 10; quote the
  word (``"and"``) to search for it. The grammar strictly allows these, but in practice they are
  typing mistakes, and a clear diagnostic serves users better.
* A missing term (``dc.title any``) is a syntax error (10); an explicitly empty term
  (``dc.title = ""``) is diagnostic 27 unless ``parse(..., allow_empty_terms=True)``.
* Positions in diagnostics are 0-based character offsets into the query string. For 13 and 14 the
  ``details`` field is that offset, as the SRU diagnostics list prescribes.
* Limits keep hostile input from exhausting the stack: at most ``max_depth`` nested parentheses
  (diagnostic 13) and ``max_booleans`` boolean operators (diagnostic 38).

What the SRU endpoint is meant to support (it lives in its own module and raises the semantic
diagnostics; this parser only checks syntax and the ``cql`` context set's vocabulary):

* Indexes: ``cql.serverchoice`` (the default; searches the same fields as the web search box),
  ``cql.allrecords = 1``, the Dublin Core set (``dc.title``, ``dc.creator``, ``dc.subject``,
  ``dc.date``, ``dc.identifier`` for ISBN/PPN, ``dc.type``, ``dc.language``, ``dc.publisher``,
  ``dc.description``) and the project's own ``vp`` set (e.g. ``vp.library`` for an ISIL). Other
  indexes give 16, unknown prefixes 15.
* Relations: ``=``, ``==``, ``any``, ``all``, ``adj``; the order relations ``<``, ``>``, ``<=``,
  ``>=`` on year-valued indexes. ``<>``, ``within`` and ``encloses`` parse but are reported as 19,
  because a full-text index cannot answer them faithfully.
* Relation modifiers: ``relevant`` (ranking is always by relevance), ``ignorecase``,
  ``ignoreaccents`` (the index behaves that way anyway), ``masked``/``unmasked``; others give 20.
* Booleans: ``and``, ``or``, ``not``. ``prox`` parses (with its ``unit``/``distance``/``ordered``
  modifiers) but the endpoint reports it as 37 (unsupported boolean operator); proximity modifier
  values it cannot honour would be 40-44. Modifiers on ``and``/``or``/``not`` give 46. The reason:
  the search layer implements no word-distance matching, and answering a proximity query as a
  plain ``and`` would silently return wrong results; a diagnostic is the honest answer.
* Masking: ``*`` and ``?`` in terms; an unsupported position gives 28/49.
* ``sortBy``: relevance is the default order; ``dc.title`` and ``dc.date`` with ``sort.ascending``
  / ``sort.descending``; other sort keys give diagnostic 80-range errors.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

__all__ = [
    "BOOLEANS",
    "CQL_BOOLEAN_MODIFIERS",
    "CQL_RELATIONS",
    "CQL_RELATION_MODIFIERS",
    "DIAGNOSTICS",
    "DIAGNOSTIC_PREFIX",
    "BooleanNode",
    "CQLError",
    "CQLQuery",
    "Diagnostic",
    "Modifier",
    "Node",
    "NodeVisitor",
    "SearchClause",
    "SortKey",
    "diagnostic_uri",
    "has_masking",
    "parse",
    "term_parts",
    "to_cql",
    "walk",
]

# ---------------------------------------------------------------------------------------------
# SRU diagnostics (info:srw/diagnostic/1/N)
# ---------------------------------------------------------------------------------------------

DIAGNOSTIC_PREFIX = "info:srw/diagnostic/1/"


class Diagnostic(NamedTuple):
    code: int
    message: str
    details_format: str | None  # what the <details> element should hold, per the SRU list

    @property
    def uri(self) -> str:
        return f"{DIAGNOSTIC_PREFIX}{self.code}"


# General
GENERAL_SYSTEM_ERROR = 1
SYSTEM_TEMPORARILY_UNAVAILABLE = 2
AUTHENTICATION_ERROR = 3
UNSUPPORTED_OPERATION = 4
UNSUPPORTED_VERSION = 5
UNSUPPORTED_PARAMETER_VALUE = 6
MANDATORY_PARAMETER_NOT_SUPPLIED = 7
UNSUPPORTED_PARAMETER = 8
UNSUPPORTED_PARAMETER_COMBINATION = 9
# CQL
QUERY_SYNTAX_ERROR = 10
TOO_MANY_CHARACTERS_IN_QUERY = 12
INVALID_PARENTHESES = 13
INVALID_QUOTES = 14
UNSUPPORTED_CONTEXT_SET = 15
UNSUPPORTED_INDEX = 16
UNSUPPORTED_INDEX_COMBINATION = 18
UNSUPPORTED_RELATION = 19
UNSUPPORTED_RELATION_MODIFIER = 20
UNSUPPORTED_RELATION_MODIFIER_COMBINATION = 21
UNSUPPORTED_RELATION_INDEX_COMBINATION = 22
TOO_MANY_CHARACTERS_IN_TERM = 23
UNSUPPORTED_RELATION_TERM_COMBINATION = 24
NON_SPECIAL_CHARACTER_ESCAPED = 26
EMPTY_TERM_UNSUPPORTED = 27
MASKING_CHARACTER_NOT_SUPPORTED = 28
MASKED_WORDS_TOO_SHORT = 29
TOO_MANY_MASKING_CHARACTERS = 30
ANCHORING_CHARACTER_NOT_SUPPORTED = 31
ANCHORING_CHARACTER_UNSUPPORTED_POSITION = 32
PROXIMITY_MASKING_COMBINATION = 33
PROXIMITY_ANCHORING_COMBINATION = 34
TERM_ONLY_STOPWORDS = 35
TERM_INVALID_FORMAT = 36
UNSUPPORTED_BOOLEAN_OPERATOR = 37
TOO_MANY_BOOLEAN_OPERATORS = 38
PROXIMITY_NOT_SUPPORTED = 39
UNSUPPORTED_PROXIMITY_RELATION = 40
UNSUPPORTED_PROXIMITY_DISTANCE = 41
UNSUPPORTED_PROXIMITY_UNIT = 42
UNSUPPORTED_PROXIMITY_ORDERING = 43
UNSUPPORTED_PROXIMITY_MODIFIER_COMBINATION = 44
PREFIX_ASSIGNED_TO_MULTIPLE_IDENTIFIERS = 45
UNSUPPORTED_BOOLEAN_MODIFIER = 46
CANNOT_PROCESS_QUERY = 47
QUERY_FEATURE_UNSUPPORTED = 48
MASKING_CHARACTER_UNSUPPORTED_POSITION = 49
# Result sets and records
RESULT_SETS_NOT_SUPPORTED = 50
RESULT_SET_DOES_NOT_EXIST = 51
FIRST_RECORD_POSITION_OUT_OF_RANGE = 61
RECORD_TEMPORARILY_UNAVAILABLE = 64
RECORD_DOES_NOT_EXIST = 65
UNKNOWN_SCHEMA_FOR_RETRIEVAL = 66
RECORD_NOT_AVAILABLE_IN_SCHEMA = 67
RECORD_TOO_LARGE = 70
UNSUPPORTED_RECORD_XML_ESCAPING = 71
XPATH_RETRIEVAL_UNSUPPORTED = 72
# Sorting
SORT_NOT_SUPPORTED = 80
UNSUPPORTED_SORT_SEQUENCE = 82
TOO_MANY_RECORDS_TO_SORT = 83
TOO_MANY_SORT_KEYS = 84
UNSUPPORTED_SCHEMA_FOR_SORT = 87
UNSUPPORTED_PATH_FOR_SORT = 88
UNSUPPORTED_SORT_DIRECTION = 90
UNSUPPORTED_SORT_CASE = 91
UNSUPPORTED_MISSING_VALUE_ACTION = 92
SORT_SPEC_QUERY_PREVAILS = 94
SORT_SPEC_PROTOCOL_PREVAILS = 95
SORT_SPEC_CONFLICT = 96
# Stylesheets, databases
STYLESHEETS_NOT_SUPPORTED = 110
UNSUPPORTED_STYLESHEET = 111
DATABASE_DOES_NOT_EXIST = 235

_DIAGNOSTIC_ROWS: list[tuple[int, str, str | None]] = [
    (1, "General system error", "Debugging information (traceback)"),
    (2, "System temporarily unavailable", None),
    (3, "Authentication error", None),
    (4, "Unsupported operation", None),
    (5, "Unsupported version", "Highest version supported"),
    (6, "Unsupported parameter value", "Name of parameter"),
    (7, "Mandatory parameter not supplied", "Name of missing parameter"),
    (8, "Unsupported parameter", "Name of the unsupported parameter"),
    (9, "Unsupported combination of parameters", None),
    (10, "Query syntax error", None),
    (12, "Too many characters in query", "Maximum supported"),
    (13, "Invalid or unsupported use of parentheses", "Character offset to error"),
    (14, "Invalid or unsupported use of quotes", "Character offset to error"),
    (15, "Unsupported context set", "URI or short name of context set"),
    (16, "Unsupported index", "Name of index"),
    (18, "Unsupported combination of indexes", "Space delimited index names"),
    (19, "Unsupported relation", "Relation"),
    (20, "Unsupported relation modifier", "Value"),
    (21, "Unsupported combination of relation modifers", "Slash separated relation modifiers"),
    (22, "Unsupported combination of relation and index", "Space separated index and relation"),
    (23, "Too many characters in term", "Length of longest term"),
    (24, "Unsupported combination of relation and term", "Space separated relation and term"),
    (26, "Non special character escaped in term", "Character incorrectly escaped"),
    (27, "Empty term unsupported", None),
    (28, "Masking character not supported", None),
    (29, "Masked words too short", "Minimum word length"),
    (30, "Too many masking characters in term", "Maximum number supported"),
    (31, "Anchoring character not supported", None),
    (32, "Anchoring character in unsupported position", "Character offset"),
    (33, "Combination of proximity/adjacency and masking characters not supported", None),
    (34, "Combination of proximity/adjacency and anchoring characters not supported", None),
    (35, "Term contains only stopwords", "Value"),
    (36, "Term in invalid format for index or relation", None),
    (37, "Unsupported boolean operator", "Value"),
    (38, "Too many boolean operators in query", "Maximum number supported"),
    (39, "Proximity not supported", None),
    (40, "Unsupported proximity relation", "Value"),
    (41, "Unsupported proximity distance", "Value"),
    (42, "Unsupported proximity unit", "Value"),
    (43, "Unsupported proximity ordering", "Value"),
    (44, "Unsupported combination of proximity modifiers", "Slash separated values"),
    (45, "Prefix assigned to multiple identifiers", "Prefix"),
    (46, "Unsupported boolean modifier", "Value"),
    (47, "Cannot process query; reason unknown", None),
    (48, "Query feature unsupported", "Feature"),
    (49, "Masking character in unsupported position", "The rejected term"),
    (50, "Result sets not supported", None),
    (51, "Result set does not exist", "Result set identifier"),
    (61, "First record position out of range", None),
    (64, "Record temporarily unavailable", None),
    (65, "Record does not exist", None),
    (66, "Unknown schema for retrieval", "Schema URI or short name"),
    (67, "Record not available in this schema", "Schema URI or short name"),
    (70, "Record too large to send", "Maximum record size"),
    (71, "Unsupported recordXMLEscaping value", None),
    (72, "XPath retrieval unsupported", None),
    (80, "Sort not supported", None),
    (82, "Unsupported sort sequence", "Sequence"),
    (83, "Too many records to sort", "Maximum number supported"),
    (84, "Too many sort keys to sort", "Maximum number supported"),
    (87, "Unsupported schema for sort", "URI or short name of schema given"),
    (88, "Unsupported path for sort", "XPath"),
    (90, "Unsupported direction", "Value"),
    (91, "Unsupported case", "Value"),
    (92, "Unsupported missing value action", "Value"),
    (94, "Sort spec included both in query and protocol: query prevails", None),
    (95, "Sort spec included both in query and protocol: protocol prevails", None),
    (96, "Sort spec included both in query and protocol: error", None),
    (110, "Stylesheets not supported", None),
    (111, "Unsupported stylesheet", "URL of stylesheet"),
    (235, "Database does not exist", "Database name"),
]

#: Every SRU diagnostic this project may emit, by number.
DIAGNOSTICS: dict[int, Diagnostic] = {code: Diagnostic(code, msg, fmt) for code, msg, fmt in _DIAGNOSTIC_ROWS}


def diagnostic_uri(code: int) -> str:
    """The diagnostic's URI, e.g. ``info:srw/diagnostic/1/10``."""
    return f"{DIAGNOSTIC_PREFIX}{code}"


class CQLError(ValueError):
    """A query the parser rejects, carrying the SRU diagnostic to report.

    ``code`` is the number in info:srw/diagnostic/1/, ``message`` a human-readable explanation,
    ``details`` the value for the SRU ``<details>`` element (the character offset for 13 and 14,
    the relation for 19, ...), and ``position`` the 0-based offset in the query, when known.
    """

    def __init__(self, code: int, message: str, details: str = "", position: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
        self.position = position

    @property
    def uri(self) -> str:
        return diagnostic_uri(self.code)

    @property
    def standard_message(self) -> str:
        """The diagnostic's official description from the SRU list."""
        diag = DIAGNOSTICS.get(self.code)
        return diag.message if diag else "Unknown diagnostic"

    def __str__(self) -> str:
        extra = f" (details: {self.details})" if self.details else ""
        return f"{self.uri}: {self.message}{extra}"

    def __repr__(self) -> str:
        return f"CQLError(code={self.code!r}, message={self.message!r}, details={self.details!r})"


# ---------------------------------------------------------------------------------------------
# Vocabulary of the cql context set (version 1.2)
# ---------------------------------------------------------------------------------------------

BOOLEANS = ("and", "or", "not", "prox")
_RESERVED = frozenset(BOOLEANS) | {"sortby"}
COMPARITOR_SYMBOLS = ("=", "==", "<>", "<", ">", "<=", ">=")

#: Relations the ``cql`` context set defines, including the 1.1 forms ``exact`` and ``scr``.
CQL_RELATIONS = frozenset(COMPARITOR_SYMBOLS) | {
    "adj", "all", "any", "within", "encloses", "exact", "scr",
}
_RELATION_ALIASES = {"exact": "==", "scr": "="}

#: Relation modifiers the ``cql`` context set defines (lower case).
CQL_RELATION_MODIFIERS = frozenset({
    "relevant", "fuzzy", "stem", "phonetic", "partial", "locale",
    "ignorecase", "respectcase", "honorcase", "ignoreaccents", "respectaccents",
    "masked", "unmasked", "substring", "regexp", "honorwhitespace",
    "word", "string", "isodate", "number", "uri", "oid",
})

#: Boolean modifiers the ``cql`` context set defines; they belong to ``prox``.
CQL_BOOLEAN_MODIFIERS = frozenset({"distance", "unit", "unordered", "ordered"})

DEFAULT_INDEX = "cql.serverchoice"
DEFAULT_RELATION = "="

DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_BOOLEANS = 200

# ---------------------------------------------------------------------------------------------
# Syntax tree
# ---------------------------------------------------------------------------------------------


@dataclass
class Modifier:
    """A ``/name`` or ``/name<comparison>value`` modifier on a relation, boolean or sort key."""

    name: str
    comparison: str | None = None
    value: str | None = None

    @property
    def prefix(self) -> str | None:
        return self.name.split(".", 1)[0] if "." in self.name else None

    @property
    def base_name(self) -> str:
        return self.name.split(".", 1)[1] if "." in self.name else self.name


@dataclass
class SearchClause:
    """``index relation[/modifiers] term``, or a bare ``term`` (index and relation ``None``)."""

    index: str | None
    relation: str | None
    relation_modifiers: list[Modifier]
    term: str

    @property
    def effective_index(self) -> str:
        return self.index if self.index is not None else DEFAULT_INDEX

    @property
    def effective_relation(self) -> str:
        return self.relation if self.relation is not None else DEFAULT_RELATION

    @property
    def index_prefix(self) -> str | None:
        """The context-set prefix of the index (``dc`` for ``dc.title``), or ``None``."""
        idx = self.effective_index
        return idx.split(".", 1)[0] if "." in idx else None

    @property
    def index_name(self) -> str:
        """The index without its prefix (``title`` for ``dc.title``)."""
        idx = self.effective_index
        return idx.split(".", 1)[1] if "." in idx else idx

    def modifier(self, name: str) -> Modifier | None:
        """The first relation modifier with this (lower-case) name, if any."""
        return next((m for m in self.relation_modifiers if m.name == name), None)


@dataclass
class BooleanNode:
    """``left op[/modifiers] right``; ``op`` is one of ``and``, ``or``, ``not``, ``prox``."""

    op: Literal["and", "or", "not", "prox"]
    left: Node
    right: Node
    modifiers: list[Modifier] = field(default_factory=list)


@dataclass
class SortKey:
    """One key of a CQL 1.2 ``sortBy`` clause: an index with modifiers such as ``sort.descending``."""

    index: str
    modifiers: list[Modifier] = field(default_factory=list)

    @property
    def descending(self) -> bool:
        return any(m.base_name == "descending" for m in self.modifiers)


Node = SearchClause | BooleanNode


@dataclass
class CQLQuery:
    """A whole query: the boolean/search-clause tree, the sort keys and the prefix assignments."""

    root: Node
    sort_keys: list[SortKey] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)

    def walk(self) -> Iterator[Node]:
        return walk(self.root)

    def clauses(self) -> Iterator[SearchClause]:
        """Every search clause, left to right."""
        return (n for n in walk(self.root) if isinstance(n, SearchClause))


def walk(node: Node | CQLQuery) -> Iterator[Node]:
    """Every node of the tree, pre-order, left to right (no recursion, so deep trees are fine)."""
    stack: list[Node] = [node.root if isinstance(node, CQLQuery) else node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, BooleanNode):
            stack.append(current.right)
            stack.append(current.left)


class NodeVisitor:
    """Dispatches ``visit(node)`` to ``visit_SearchClause``, ``visit_BooleanNode``, ... .

    Like :class:`ast.NodeVisitor`: unhandled node types go to :meth:`generic_visit`, which visits
    the children and returns ``None``. Subclasses typically return a translated query from each
    ``visit_*`` method, calling ``self.visit(node.left)`` / ``self.visit(node.right)`` themselves.
    """

    def visit(self, node: Any) -> Any:
        return getattr(self, "visit_" + type(node).__name__, self.generic_visit)(node)

    def generic_visit(self, node: Any) -> Any:
        if isinstance(node, CQLQuery):
            self.visit(node.root)
            for key in node.sort_keys:
                self.visit(key)
        elif isinstance(node, BooleanNode):
            self.visit(node.left)
            self.visit(node.right)
        return None


# ---------------------------------------------------------------------------------------------
# Terms: masking and escapes
# ---------------------------------------------------------------------------------------------


def term_parts(term: str) -> list[tuple[str, str]]:
    """Split a stored term into ``("text", literal)``, ``("mask", "*" | "?")`` and
    ``("anchor", "^")`` parts. A backslash makes the next character literal."""
    parts: list[tuple[str, str]] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            parts.append(("text", "".join(buf)))
            buf.clear()

    i = 0
    while i < len(term):
        ch = term[i]
        if ch == "\\" and i + 1 < len(term):
            buf.append(term[i + 1])
            i += 2
            continue
        if ch in "*?":
            flush()
            parts.append(("mask", ch))
        elif ch == "^":
            flush()
            parts.append(("anchor", ch))
        else:
            buf.append(ch)
        i += 1
    flush()
    return parts


def has_masking(term: str) -> bool:
    """Whether the term holds an unescaped ``*`` or ``?``."""
    return any(kind == "mask" for kind, _ in term_parts(term))


# ---------------------------------------------------------------------------------------------
# Tokenizer
# ---------------------------------------------------------------------------------------------

_WORD, _STRING, _LPAREN, _RPAREN, _SLASH, _CMP, _EOF = "word", "string", "(", ")", "/", "cmp", "eof"
_SPECIAL = set('()=<>"/')


class _Token(NamedTuple):
    kind: str
    value: str
    pos: int

    @property
    def is_term(self) -> bool:
        return self.kind in (_WORD, _STRING)

    def is_reserved(self, *words: str) -> bool:
        low = self.value.lower()
        return self.kind == _WORD and low in _RESERVED and (not words or low in words)

    def describe(self) -> str:
        if self.kind == _EOF:
            return "end of query"
        if self.kind == _STRING:
            return f'"{self.value}"'
        return f"'{self.value}'"


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()/":
            tokens.append(_Token({"(": _LPAREN, ")": _RPAREN, "/": _SLASH}[ch], ch, i))
            i += 1
        elif ch in "<>=":
            two = text[i:i + 2]
            if two in ("<=", ">=", "<>", "=="):
                tokens.append(_Token(_CMP, two, i))
                i += 2
            else:
                tokens.append(_Token(_CMP, ch, i))
                i += 1
        elif ch == '"':
            start = i
            if tokens and tokens[-1].kind == _WORD and tokens[-1].pos + len(tokens[-1].value) == i:
                raise CQLError(INVALID_QUOTES, f"Quote inside an unquoted term at offset {i}; "
                               "quote the whole term", str(i), i)
            i += 1
            buf: list[str] = []
            while True:
                if i >= n:
                    raise CQLError(INVALID_QUOTES, f"Unterminated quote: the quote at offset {start} "
                                   "is never closed", str(start), start)
                c = text[i]
                if c == "\\" and i + 1 < n:
                    nxt = text[i + 1]
                    buf.append('"' if nxt == '"' else c + nxt)
                    i += 2
                elif c == '"':
                    i += 1
                    break
                else:
                    buf.append(c)
                    i += 1
            tokens.append(_Token(_STRING, "".join(buf), start))
            if i < n and not text[i].isspace() and text[i] not in _SPECIAL:
                raise CQLError(INVALID_QUOTES, f"Closing quote at offset {i - 1} is followed by more "
                               "text; quote the whole term", str(i - 1), i - 1)
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in _SPECIAL:
                i += 1
            tokens.append(_Token(_WORD, text[start:i], start))
    tokens.append(_Token(_EOF, "", n))
    return tokens


# ---------------------------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------------------------

_QUOTE_HINT = "put terms with spaces or ( ) = < > / in double quotes"


class _Parser:
    def __init__(self, text: str, *, allow_empty_terms: bool, max_depth: int, max_booleans: int):
        self.tokens = _tokenize(text)
        self.i = 0
        self.allow_empty_terms = allow_empty_terms
        self.max_depth = max_depth
        self.max_booleans = max_booleans
        self.booleans = 0
        self.depth = 0
        self.prefixes: dict[str, str] = {}

    # -- token helpers ------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def advance(self) -> _Token:
        tok = self.tokens[self.i]
        if tok.kind != _EOF:
            self.i += 1
        return tok

    def syntax_error(self, tok: _Token, what: str) -> CQLError:
        if tok.kind == _RPAREN:
            return CQLError(INVALID_PARENTHESES,
                            f"Unexpected ')' at offset {tok.pos}: {what}", str(tok.pos), tok.pos)
        return CQLError(QUERY_SYNTAX_ERROR,
                        f"Expected {what} at offset {tok.pos}, found {tok.describe()}", str(tok.pos), tok.pos)

    # -- grammar ------------------------------------------------------------------------------

    def sorted_query(self) -> CQLQuery:
        if self.peek().kind == _EOF:
            raise CQLError(QUERY_SYNTAX_ERROR, "Empty query", "0", 0)
        root = self.cql_query()
        sort_keys: list[SortKey] = []
        tok = self.peek()
        if tok.is_reserved("sortby"):
            self.advance()
            sort_keys = self.sort_spec()
            tok = self.peek()
        if tok.kind != _EOF:
            if tok.kind == _RPAREN:
                raise CQLError(INVALID_PARENTHESES,
                               f"Unbalanced parentheses: ')' at offset {tok.pos} has no matching '('",
                               str(tok.pos), tok.pos)
            hint = ("join clauses with and/or/not, or " + _QUOTE_HINT) if tok.is_term else _QUOTE_HINT
            raise CQLError(QUERY_SYNTAX_ERROR,
                           f"Unexpected {tok.describe()} at offset {tok.pos}; {hint}", str(tok.pos), tok.pos)
        return CQLQuery(root=root, sort_keys=sort_keys, prefixes=self.prefixes)

    def cql_query(self) -> Node:
        while self.peek().kind == _CMP and self.peek().value == ">":
            self.prefix_assignment()
        return self.scoped_clause()

    def prefix_assignment(self) -> None:
        gt = self.advance()
        first = self.advance()
        if not first.is_term:
            raise self.syntax_error(first, f"a prefix or URI after '>' (offset {gt.pos})")
        if self.peek().kind == _CMP and self.peek().value == "=":
            self.advance()
            uri_tok = self.advance()
            if not uri_tok.is_term:
                raise self.syntax_error(uri_tok, f"a URI for prefix '{first.value}'")
            prefix, uri = first.value.lower(), uri_tok.value
            if not prefix:
                raise CQLError(QUERY_SYNTAX_ERROR, f"Empty prefix name at offset {first.pos}",
                               str(first.pos), first.pos)
        else:
            prefix, uri = "", first.value
        if prefix in self.prefixes and self.prefixes[prefix] != uri:
            raise CQLError(PREFIX_ASSIGNED_TO_MULTIPLE_IDENTIFIERS,
                           f"Prefix '{prefix}' is assigned to both {self.prefixes[prefix]!r} and {uri!r}",
                           prefix, gt.pos)
        self.prefixes[prefix] = uri

    def scoped_clause(self) -> Node:
        left = self.search_clause()
        while self.peek().is_reserved(*BOOLEANS):
            op_tok = self.advance()
            self.booleans += 1
            if self.booleans > self.max_booleans:
                raise CQLError(TOO_MANY_BOOLEAN_OPERATORS,
                               f"More than {self.max_booleans} boolean operators", str(self.max_booleans),
                               op_tok.pos)
            modifiers = self.modifier_list("boolean")
            right = self.search_clause()
            left = BooleanNode(op_tok.value.lower(), left, right, modifiers)  # type: ignore[arg-type]
        return left

    def search_clause(self) -> Node:
        tok = self.peek()
        if tok.kind == _LPAREN:
            return self.parenthesised()
        if tok.kind == _EOF:
            raise CQLError(QUERY_SYNTAX_ERROR, "Unexpected end of query: a search clause is missing",
                           str(tok.pos), tok.pos)
        if tok.is_reserved():
            raise CQLError(QUERY_SYNTAX_ERROR,
                           f"Expected a search clause at offset {tok.pos}, found the reserved word "
                           f"'{tok.value}'; quote it (\"{tok.value}\") to search for the word",
                           str(tok.pos), tok.pos)
        if not tok.is_term:
            raise self.syntax_error(tok, "a search term or index")
        first = self.advance()
        nxt = self.peek()
        if nxt.kind == _CMP:
            self.advance()
            return self.finish_clause(first, nxt.value, nxt)
        if nxt.is_term and not nxt.is_reserved():
            self.advance()
            return self.finish_clause(first, nxt.value, nxt)
        if nxt.kind == _SLASH:
            raise CQLError(QUERY_SYNTAX_ERROR,
                           f"Unexpected '/' at offset {nxt.pos}: modifiers follow a relation "
                           f"(dc.title =/relevant x); {_QUOTE_HINT}", str(nxt.pos), nxt.pos)
        return SearchClause(None, None, [], self.check_term(first))

    def parenthesised(self) -> Node:
        open_tok = self.advance()
        self.depth += 1
        if self.depth > self.max_depth:
            raise CQLError(INVALID_PARENTHESES,
                           f"Parentheses nested deeper than {self.max_depth} levels at offset {open_tok.pos}",
                           str(open_tok.pos), open_tok.pos)
        if self.peek().kind == _RPAREN:
            raise CQLError(INVALID_PARENTHESES, f"Empty parentheses at offset {open_tok.pos}",
                           str(open_tok.pos), open_tok.pos)
        if self.peek().kind == _EOF:
            raise CQLError(INVALID_PARENTHESES,
                           f"Unbalanced parentheses: '(' at offset {open_tok.pos} is never closed",
                           str(open_tok.pos), open_tok.pos)
        inner = self.cql_query()
        close = self.peek()
        if close.kind == _EOF:
            raise CQLError(INVALID_PARENTHESES,
                           f"Unbalanced parentheses: '(' at offset {open_tok.pos} is never closed",
                           str(open_tok.pos), open_tok.pos)
        if close.kind != _RPAREN:
            if close.is_reserved("sortby"):
                raise CQLError(QUERY_SYNTAX_ERROR,
                               f"sortBy at offset {close.pos} is only allowed at the end of the whole query",
                               str(close.pos), close.pos)
            raise CQLError(QUERY_SYNTAX_ERROR,
                           f"Unexpected {close.describe()} at offset {close.pos}; expected ')' or a "
                           f"boolean operator; {_QUOTE_HINT}", str(close.pos), close.pos)
        self.advance()
        self.depth -= 1
        return inner

    def finish_clause(self, index_tok: _Token, relation_text: str, rel_tok: _Token) -> SearchClause:
        # Structure first, vocabulary second: a missing term is reported before an unknown
        # relation or modifier, so "dc.title any" and "hemel aarde" read as syntax errors.
        raw_modifiers = self.raw_modifiers()
        term_tok = self.peek()
        if not term_tok.is_term:
            raise CQLError(QUERY_SYNTAX_ERROR,
                           f"Missing search term after relation '{relation_text}' at offset {rel_tok.pos} "
                           f"(found {term_tok.describe()}); {_QUOTE_HINT}", str(term_tok.pos), term_tok.pos)
        self.advance()
        if not index_tok.value:
            raise CQLError(QUERY_SYNTAX_ERROR, f"Empty index name at offset {index_tok.pos}",
                           str(index_tok.pos), index_tok.pos)
        relation = self.normalise_relation(relation_text, rel_tok)
        modifiers = self.validated("relation", raw_modifiers)
        return SearchClause(index_tok.value.lower(), relation, modifiers, self.check_term(term_tok))

    def check_term(self, tok: _Token) -> str:
        if tok.value == "" and not self.allow_empty_terms:
            raise CQLError(EMPTY_TERM_UNSUPPORTED, f"Empty search term at offset {tok.pos}",
                           str(tok.pos), tok.pos)
        return tok.value

    @staticmethod
    def normalise_relation(text: str, tok: _Token) -> str:
        rel = text.lower()
        if tok.kind == _CMP:
            return rel
        prefix, dot, name = rel.partition(".")
        if dot and prefix != "cql":
            if not prefix or not name:
                raise CQLError(UNSUPPORTED_RELATION, f"Malformed relation '{text}' at offset {tok.pos}",
                               text, tok.pos)
            return rel  # another context set: the SRU layer decides
        base = name if dot else rel
        if base not in CQL_RELATIONS:
            raise CQLError(UNSUPPORTED_RELATION,
                           f"Unknown relation '{text}' at offset {tok.pos}; CQL relations are "
                           "= == <> < > <= >= any all adj within encloses", text, tok.pos)
        return _RELATION_ALIASES.get(base, base)

    def raw_modifiers(self) -> list[tuple[Modifier, _Token]]:
        """``/name[cmp value]`` modifiers, unvalidated, each with its name token."""
        modifiers: list[tuple[Modifier, _Token]] = []
        while self.peek().kind == _SLASH:
            slash = self.advance()
            name_tok = self.advance()
            if not name_tok.is_term or not name_tok.value:
                raise self.syntax_error(name_tok, f"a modifier name after '/' (offset {slash.pos})")
            comparison = value = None
            if self.peek().kind == _CMP:
                comparison = self.advance().value
                value_tok = self.advance()
                if not value_tok.is_term:
                    raise self.syntax_error(value_tok, f"a value for modifier '{name_tok.value}'")
                value = value_tok.value
            modifiers.append((Modifier(name_tok.value.lower(), comparison, value), name_tok))
        return modifiers

    def validated(self, kind: str, raw: list[tuple[Modifier, _Token]]) -> list[Modifier]:
        return [Modifier(self.check_modifier(kind, m.name, tok), m.comparison, m.value) for m, tok in raw]

    def modifier_list(self, kind: str) -> list[Modifier]:
        return self.validated(kind, self.raw_modifiers())

    @staticmethod
    def check_modifier(kind: str, name: str, tok: _Token) -> str:
        if kind == "sort":
            return name  # sort-context modifiers are judged by the SRU layer
        prefix, dot, base = name.partition(".")
        if dot and prefix != "cql":
            return name
        base = base if dot else name
        if kind == "relation" and base not in CQL_RELATION_MODIFIERS:
            raise CQLError(UNSUPPORTED_RELATION_MODIFIER,
                           f"Unknown relation modifier '{tok.value}' at offset {tok.pos}", tok.value, tok.pos)
        if kind == "boolean" and base not in CQL_BOOLEAN_MODIFIERS:
            raise CQLError(UNSUPPORTED_BOOLEAN_MODIFIER,
                           f"Unknown boolean modifier '{tok.value}' at offset {tok.pos}", tok.value, tok.pos)
        return base

    def sort_spec(self) -> list[SortKey]:
        keys: list[SortKey] = []
        while True:
            tok = self.peek()
            if tok.kind == _EOF:
                break
            if not tok.is_term or tok.is_reserved() or not tok.value:
                raise self.syntax_error(tok, "an index name in sortBy")
            self.advance()
            keys.append(SortKey(tok.value.lower(), self.modifier_list("sort")))
        if not keys:
            tok = self.peek()
            raise CQLError(QUERY_SYNTAX_ERROR, "sortBy needs at least one index", str(tok.pos), tok.pos)
        return keys


def parse(
    query: str,
    *,
    allow_empty_terms: bool = False,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_booleans: int = DEFAULT_MAX_BOOLEANS,
) -> CQLQuery:
    """Parse a CQL 1.2 query; raise :class:`CQLError` with an SRU diagnostic when it is invalid."""
    if not isinstance(query, str):
        raise TypeError("query must be a str")
    return _Parser(query, allow_empty_terms=allow_empty_terms, max_depth=max_depth,
                   max_booleans=max_booleans).sorted_query()


# ---------------------------------------------------------------------------------------------
# Serialiser
# ---------------------------------------------------------------------------------------------


def _quote(text: str, *, reserved_ok: bool = False) -> str:
    """``text`` as a CQL identifier: bare when that is unambiguous, quoted otherwise.

    Stored terms keep escapes other than ``\\"``; quoting re-escapes the double quotes and a
    dangling final backslash, and leaves existing escape pairs alone.
    """
    needs = (
        text == ""
        or any(c.isspace() or c in _SPECIAL for c in text)
        or (not reserved_ok and text.lower() in _RESERVED)
    )
    if not needs:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 < len(text) and text[i + 1] != '"':
                out.append(text[i:i + 2])
                i += 2
                continue
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        else:
            out.append(ch)
        i += 1
    return '"' + "".join(out) + '"'


def _modifiers_to_cql(modifiers: list[Modifier]) -> str:
    parts = []
    for m in modifiers:
        if m.comparison is not None and m.value is not None:
            parts.append(f"/{_quote(m.name, reserved_ok=True)}{m.comparison}{_quote(m.value, reserved_ok=True)}")
        else:
            parts.append(f"/{_quote(m.name, reserved_ok=True)}")
    return "".join(parts)


def to_cql(node: CQLQuery | Node | SortKey | Modifier) -> str:
    """Serialise a tree (or any part of one) back to CQL text that parses to the same tree."""
    if isinstance(node, CQLQuery):
        parts = []
        for prefix, uri in node.prefixes.items():
            parts.append(f"> {_quote(prefix)} = {_quote(uri)}" if prefix else f"> {_quote(uri)}")
        parts.append(to_cql(node.root))
        if node.sort_keys:
            parts.append("sortBy " + " ".join(to_cql(k) for k in node.sort_keys))
        return " ".join(parts)
    if isinstance(node, SearchClause):
        if node.index is None and node.relation is None and not node.relation_modifiers:
            return _quote(node.term)
        index = _quote(node.effective_index)
        relation = node.effective_relation
        if relation not in COMPARITOR_SYMBOLS:
            relation = _quote(relation)
        relation += _modifiers_to_cql(node.relation_modifiers)
        return f"{index} {relation} {_quote(node.term, reserved_ok=True)}"
    if isinstance(node, BooleanNode):
        left = to_cql(node.left)
        right = to_cql(node.right)
        if isinstance(node.right, BooleanNode):
            right = f"({right})"
        return f"{left} {node.op}{_modifiers_to_cql(node.modifiers)} {right}"
    if isinstance(node, SortKey):
        return _quote(node.index) + _modifiers_to_cql(node.modifiers)
    if isinstance(node, Modifier):
        return _modifiers_to_cql([node])
    raise TypeError(f"cannot serialise {type(node).__name__}")
