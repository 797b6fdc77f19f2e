"""From a CQL tree to a tantivy query, built from the blocks the search pipeline uses.

The SRU endpoint hands this module a parsed query (:mod:`search_api.cql`); here each index and
relation gets its meaning in this index, and anything that cannot be answered faithfully
raises :class:`CQLError` with the SRU diagnostic to report. The translation touches no index:
the closed facets' values (for case- and accent-blind ``=``) come in through a
:class:`FacetVocabulary`, which the search service gives per generation; the service also runs
the query (``Snapshot.run_cql``).

Meanings, per kind of index:

* text (``cql.serverChoice``, ``dc.title``, ``dc.creator``, ``dc.subject``, ...): ``=`` and
  ``all`` every word (in any order, stemmed or as typed, like the search box), ``any`` one of
  the words, ``adj`` the words side by side, ``==`` the whole value (the whole title, one
  author or subject heading exactly); ``*`` and ``?`` mask characters inside a word;
* ``dc.date``: a year; ``=``/``==`` also take a range (``2000-2009``), ``<`` ``>`` ``<=`` ``>=``
  compare, ``any`` takes several years;
* ``dc.identifier``: an ISBN in any form (hyphens, spaces, ISBN-10, ``urn:isbn:``), a PPN or a
  record id;
* facets (``dc.type``, ``dc.language`` and the ``vp`` set): ``==`` the stored value exactly,
  ``=`` a value ignoring case and accents (``vp.province = fryslan``), ``any``/``all`` several.
  ``vp.library`` also takes a library's name, and ranks its holdings first in an ``or``.

A query's text words are bounded as the search box's are (``userquery.MAX_TERMS``, counted
after analysis, left to right over the whole tree): each becomes a term in every searched field
and view, and 4,000 characters of short words would be over a thousand. The words past the limit
are left out (a phrase is cut; a clause with none left drops out of its ``and``/``or``) and the
response says so with a non-fatal diagnostic 38 (words of ``all``/``any``/``adj`` are booleans
between words, in CQL's own definition). Identifiers, years and facet values do not count: each
is one term of one field.

``prox`` is answered with diagnostic 37, not as a plain ``and``: the index keeps no word
distances across fields, and a silently wrong answer is worse than an honest "unsupported".
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import tantivy
from tantivy import Occur, Query

from corpus import materials
from corpus.languages import to_iso639_1
from indexer.analysis import exact_tokens, fold
from indexer.fields import BY_NAME, CQL_FIELDS, IDENTIFIER_FIELD, SEARCH_FIELDS, TITLE_SORT_FIELD
from search_api import identifiers
from search_api.cql import (
    BooleanNode,
    CQLError,
    CQLQuery,
    Node,
    SearchClause,
    SortKey,
    has_masking,
    term_parts,
)
from search_api.pipeline import IDENTIFIER_BOOST, LIBRARY_BOOST, _clause_query, any_term, filter_query
from search_api.userquery import MAX_TERMS, Clause

# Context sets: the short names this server knows, and the URIs a query may bind prefixes to.
CQL_SET = "info:srw/cql-context-set/1/cql-v1.2"
DC_SET = "info:srw/cql-context-set/1/dc-v1.1"
VP_SET = "info:srw/cql-context-set/vindplaats/vp-v1"
CONTEXT_SETS = {"cql": CQL_SET, "dc": DC_SET, "vp": VP_SET}
_SET_URIS = {
    CQL_SET: "cql", "info:srw/cql-context-set/1/cql-v1.1": "cql", "info:srw/cql-context-set/1/cql-v1.2/": "cql",
    DC_SET: "dc", "info:srw/cql-context-set/1/dc-v1.0": "dc", "http://purl.org/dc/elements/1.1/": "dc",
    VP_SET: "vp",
}

TEXT_RELATIONS = frozenset({"=", "==", "any", "all", "adj"})
YEAR_RELATIONS = frozenset({"=", "==", "<", ">", "<=", ">=", "any"})
ID_RELATIONS = frozenset({"=", "==", "any"})
FACET_RELATIONS = frozenset({"=", "==", "any", "all"})
ALL_RELATIONS = frozenset({"=", "=="})

# Relation modifiers that change nothing here (ranking is always by relevance, matching always
# ignores case and accents) or that we honour (masked, unmasked).
ACCEPTED_MODIFIERS = frozenset({"relevant", "ignorecase", "ignoreaccents", "masked", "unmasked", "word",
                                "string", "number", "isodate"})

MIN_MASKED_LETTERS = 2
VOCABULARY_SIZE = 5000


@dataclass(frozen=True)
class IndexSpec:
    """One CQL index: what it searches and how."""

    name: str  # e.g. "dc.title"
    kind: str  # "text" | "identifier" | "year" | "facet" | "all"
    label: str  # Dutch title, for the explain record
    exact: tuple[str, ...] = ()  # text: the keyword fields "==" compares whole values with
    sort: str | None = None  # fast field for sortBy / sortKeys

    @property
    def fields(self) -> tuple[str, ...]:
        """The registry fields searched (text) or the facet field: those whose `cql` names this index."""
        return CQL_FIELDS.get(self.name, ())

    @property
    def relations(self) -> frozenset[str]:
        return {"text": TEXT_RELATIONS, "identifier": ID_RELATIONS, "year": YEAR_RELATIONS,
                "facet": FACET_RELATIONS, "all": ALL_RELATIONS}[self.kind]


def _facet(name: str, label: str) -> IndexSpec:
    return IndexSpec(name, "facet", label)


INDEXES: dict[str, IndexSpec] = {s.name: s for s in (
    IndexSpec("cql.serverchoice", "text", "Alle velden (zoals het zoekvak)"),
    IndexSpec("cql.allrecords", "all", "Alle records"),
    IndexSpec("dc.title", "text", "Titel", (TITLE_SORT_FIELD,), sort=TITLE_SORT_FIELD),
    IndexSpec("dc.creator", "text", "Auteur of maker", ("authors",)),
    IndexSpec("dc.subject", "text", "Onderwerp", ("subjects", "genre", "themes")),
    IndexSpec("dc.publisher", "text", "Uitgever"),
    IndexSpec("dc.description", "text", "Beschrijving of tekst"),
    IndexSpec("dc.date", "year", "Jaar van uitgave", sort="year"),
    IndexSpec("dc.identifier", "identifier", "ISBN, PPN of record-id"),
    _facet("dc.type", "Materiaalsoort"),
    _facet("dc.language", "Taal (ISO 639-1, 639-2 of naam)"),
    _facet("vp.material", "Materiaalsoort"),
    _facet("vp.audience", "Doelgroep (leeftijd, volwassenen)"),
    _facet("vp.staff_audience", "Voor wie een kennisbankartikel is (bestuurders, leesconsulenten, ...)"),
    _facet("vp.reading_form", "Aangepast lezen"),
    _facet("vp.genre", "Genre"),
    _facet("vp.library", "Bibliotheek (ISIL of naam)"),
    _facet("vp.province", "Provincie"),
    _facet("vp.available", "Nu beschikbaar (ja/nee)"),
    _facet("vp.source", "Bron van een kennisbankartikel"),
    _facet("vp.themes", "Thema van een kennisbankartikel"),
    _facet("vp.type", "Soort record (catalogue, article)"),
    _facet("vp.language", "Taal"),
    IndexSpec("vp.year", "year", "Jaar van uitgave", sort="year"),
)}
DEFAULT_SET_ORDER = ("cql", "dc", "vp")  # where an index without prefix is looked for

# Values people type for the closed facets, folded, beside the stored values themselves.
VALUE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "available": {"ja": ("true",), "yes": ("true",), "1": ("true",), "beschikbaar": ("true",),
                  "nee": ("false",), "no": ("false",), "0": ("false",), "uitgeleend": ("false",)},
    "type": {"catalogus": ("catalogue",), "titel": ("catalogue",), "artikel": ("article",),
             "kennisbank": ("article",)},
    # DCMI types (dc.type = Text, Sound, ...: those SRU writes) and English names, from corpus.materials
    "material": {fold(value).replace(" ", ""): codes for value, codes in materials.cql_aliases().items()},
}


class FacetVocabulary:
    """The values each closed facet holds in one index generation (read once, on demand).

    `read(field, size)` gives a facet field's most frequent values; without it (a translation
    with no index behind it) every value is taken as written."""

    def __init__(self, read: Callable[[str, int], list[str]] | None = None, libraries: dict | None = None):
        self._read = read
        self._libraries = libraries or {}
        self._values: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def values(self, field: str) -> list[str] | None:
        if self._read is None:
            return None
        with self._lock:
            if field not in self._values:
                self._values[field] = self._read(field, VOCABULARY_SIZE)
            return self._values[field]

    def library_names(self) -> dict[str, str]:
        return {isil: (info or {}).get("name") or isil for isil, info in self._libraries.items()}


# --- translating ------------------------------------------------------------------------------

class Translator:
    """Turns one CQL tree into one tantivy query (a fresh translator per query)."""

    def __init__(self, schema: tantivy.Schema, vocabulary: FacetVocabulary | None = None,
                 prefixes: dict[str, str] | None = None):
        self.schema = schema
        self.vocabulary = vocabulary or FacetVocabulary()
        self.prefixes = prefixes or {}
        self.terms: set[str] = set()
        self.words_left = MAX_TERMS  # text words still to be searched for (the cost bound)
        self.dropped = 0  # text words past it, left out

    def warnings(self) -> list[CQLError]:
        """The non-fatal diagnostics of the translation: words past the limit."""
        if not self.dropped:
            return []
        return [CQLError(38, f"Only the first {MAX_TERMS} words of the query were searched for; "
                             f"the {self.dropped} words after them were left out", str(MAX_TERMS))]

    def take(self, text: str) -> str | None:
        """The words of `text` within the bound, the bound spent by their analysed terms; None
        when none are left. A word of more terms than are left (``a-b-c``) keeps its first."""
        kept = []
        for word in text.split():
            n = len(exact_tokens(word))
            if n <= self.words_left:
                self.words_left -= n
                kept.append(word)
            elif self.words_left:
                kept.append(" ".join(exact_tokens(word)[: self.words_left]))
                self.dropped += n - self.words_left
                self.words_left = 0
            else:
                self.dropped += n
        return " ".join(kept) if kept else None

    # booleans ---------------------------------------------------------------------------
    def node(self, node: Node) -> Query | None:
        """None: every word of it was past the limit (left out, as from the search box)."""
        if isinstance(node, SearchClause):
            return self.clause(node)
        if node.op == "prox":
            raise CQLError(37, "Proximity (prox) is not supported: the index keeps no word distances", "prox")
        if node.modifiers:
            m = node.modifiers[0]
            raise CQLError(46, f"Boolean modifier '{m.name}' is not supported on '{node.op}'", m.name)
        operands = [self.node(n) for n in _chain(node)]  # in order: the first words are kept
        kept = [q for q in operands if q is not None]
        if not kept:
            return None
        if node.op == "and":
            return Query.boolean_query([(Occur.Must, q) for q in kept])
        if node.op == "or":
            return Query.boolean_query([(Occur.Should, q) for q in kept])
        first, *rest = operands  # "a not b not c": a, without b, without c
        if first is None:
            return None
        return Query.boolean_query([(Occur.Must, first)] + [(Occur.MustNot, q) for q in rest if q is not None])

    # clauses ----------------------------------------------------------------------------
    def clause(self, c: SearchClause) -> Query | None:
        spec = resolve_index(c.effective_index, self.prefixes)
        relation = c.effective_relation
        if relation not in spec.relations:
            raise CQLError(19, f"Relation '{relation}' is not supported for {spec.name}; "
                           f"use one of {' '.join(sorted(spec.relations))}", relation)
        for m in c.relation_modifiers:
            if m.name not in ACCEPTED_MODIFIERS:
                raise CQLError(20, f"Relation modifier '{m.name}' is not supported", m.name)
        masked = c.modifier("unmasked") is None
        term = c.term.strip()
        if any(kind == "anchor" for kind, _ in term_parts(term)):
            raise CQLError(31, f"Anchoring (^) is not supported: {c.term!r}")
        if spec.kind == "all":
            return Query.all_query()
        if spec.kind == "identifier":
            return self.identifier(term, relation, masked)
        if spec.kind == "year":
            return self.year(term, relation, masked)
        if spec.kind == "facet":
            return self.facet(spec, term, relation, masked)
        return self.text(spec, term, relation, masked)

    def text(self, spec: IndexSpec, term: str, relation: str, masked: bool) -> Query | None:
        if relation == "==" and spec.exact:
            return self.whole_value(spec, term, masked)
        if relation in ("adj", "=="):
            if masked and has_masking(term):
                raise CQLError(33, f"Masking inside a phrase is not supported: {term!r}")
            if not exact_tokens(literal(term, masked)):
                raise CQLError(27, f"Nothing searchable in {term!r}: no letters or digits")
            words = self.take(literal(term, masked))
            if words is None:
                return None
            q = self.words(spec, words, phrase=True)
            if q is None:
                raise CQLError(27, f"Nothing searchable in {term!r}: no letters or digits")
        else:
            words = [w for w in term.split() if w]
            if not any(exact_tokens(literal(w, masked)) or (masked and has_masking(w)) for w in words):
                raise CQLError(27, f"Nothing searchable in {term!r}: no letters or digits")
            # A masked word is one term to the bound (a pattern over each field's words).
            taken = [(w if self.take("x") else None) if masked and has_masking(w) else self.take(w) for w in words]
            words = [w for w in taken if w is not None]
            if not words:
                return None
            # A word given twice is searched once, weighing twice: the same matches and the same
            # score (the clauses of a boolean add up), its posting lists walked once. The bound
            # above still counts every word as given.
            repeats = Counter(_word_key(w, masked) for w in words)
            parts = []
            for w in words:
                key = _word_key(w, masked)
                if key not in repeats:  # searched already
                    continue
                p = self.word(spec, w, masked)
                n = repeats.pop(key)
                if p is not None:
                    parts.append(p if n == 1 else Query.boost_query(p, float(n)))
            if not parts:
                raise CQLError(27, f"Nothing searchable in {term!r}: no letters or digits")
            occur = Occur.Should if relation == "any" else Occur.Must
            q = parts[0] if len(parts) == 1 else Query.boolean_query([(occur, p) for p in parts])
        if spec.name == "cql.serverchoice":
            keys = identifiers.lookup_keys(literal(term, masked))
            if keys:  # an ISBN or PPN typed in the search box finds its record (as in the pipeline)
                idq = Query.boost_query(any_term(self.schema, IDENTIFIER_FIELD, sorted(keys)),
                                        IDENTIFIER_BOOST)
                q = Query.boolean_query([(Occur.Should, idq), (Occur.Should, q)])
        return q

    def word(self, spec: IndexSpec, word: str, masked: bool) -> Query | None:
        if masked and has_masking(word):
            return self.masked_word(spec, word)
        return self.words(spec, literal(word, masked), phrase=False)

    def words(self, spec: IndexSpec, text: str, phrase: bool) -> Query | None:
        """Through the pipeline's own clause builder: exact and stemmed views, field boosts."""
        names: Iterable[str | None] = spec.fields or (None,)
        per_field = [_clause_query(self.schema, Clause(text, phrase, name), self.terms) for name in names]
        per_field = [q for q in per_field if q is not None]
        if not per_field:
            return None
        return per_field[0] if len(per_field) == 1 else Query.disjunction_max_query(per_field, 0.15)

    def masked_word(self, spec: IndexSpec, word: str) -> Query:
        pattern = mask_pattern(word)
        fields = [BY_NAME[n] for n in spec.fields] if spec.fields else SEARCH_FIELDS
        per_field = [Query.boost_query(Query.regex_query(self.schema, f.exact_field, pattern), f.search or 1.0)
                     for f in fields]
        return per_field[0] if len(per_field) == 1 else Query.disjunction_max_query(per_field, 0.15)

    def whole_value(self, spec: IndexSpec, term: str, masked: bool) -> Query:
        if spec.exact == (TITLE_SORT_FIELD,):
            if masked and has_masking(term):
                pattern = mask_pattern(term, allow_spaces=True)
                return Query.regex_query(self.schema, TITLE_SORT_FIELD, pattern)
            return Query.term_query(self.schema, TITLE_SORT_FIELD, fold(literal(term, masked))[:100])
        if masked and has_masking(term):
            raise CQLError(28, f"Masking is not supported with == on {spec.name}")
        value = literal(term, masked)
        return Query.boolean_query([
            (Occur.Should, Query.term_query(self.schema, BY_NAME[n].keyword_field, value)) for n in spec.exact])

    def identifier(self, term: str, relation: str, masked: bool) -> Query:
        if masked and has_masking(term):
            raise CQLError(28, "Masking is not supported in identifiers")
        text = literal(term, masked)
        keys = identifier_keys(text)
        if not keys and relation == "any":
            for word in text.split():
                keys |= identifier_keys(word)
        if not keys:
            keys = {text.lower()}
        q = any_term(self.schema, IDENTIFIER_FIELD, sorted(keys))
        return Query.boost_query(q, IDENTIFIER_BOOST)

    def year(self, term: str, relation: str, masked: bool) -> Query:
        if masked and has_masking(term):
            raise CQLError(28, "Masking is not supported in years")
        text = literal(term, masked)
        f = BY_NAME["year"]
        if relation == "any":
            years = [parse_year(w) for w in text.split()]
            return _zero(filter_query(self.schema, f, [str(y) for y in years]))
        if relation in ("=", "=="):
            lo, hi = year_range(text)
            return _zero(Query.range_query(self.schema, "year", tantivy.FieldType.Integer, lo, hi))
        y = parse_year(text)
        lo, hi = {"<": (None, y - 1), "<=": (None, y), ">": (y + 1, None), ">=": (y, None)}[relation]
        return _zero(Query.range_query(self.schema, "year", tantivy.FieldType.Integer, lo, hi))

    def facet(self, spec: IndexSpec, term: str, relation: str, masked: bool) -> Query:
        name = spec.fields[0]
        f = BY_NAME[name]
        if relation == "==":
            if masked and has_masking(term):
                raise CQLError(28, f"Masking is not supported with == on {spec.name}")
            values = [literal(term, masked)]
            groups = [values]
        else:
            whole = self.facet_values(name, term, masked)
            if whole or relation == "=" or len(term.split()) == 1:
                groups = [whole]
            else:  # any/all over several values: "boek e-book"
                groups = [self.facet_values(name, w, masked) for w in term.split()]
        parts = [filter_query(self.schema, f, vs) if vs else Query.empty_query() for vs in groups]
        if len(parts) == 1:
            q = parts[0]
        else:
            q = Query.boolean_query([(Occur.Must if relation == "all" else Occur.Should, p) for p in parts])
        if name == "library":  # a library's holdings rank first when it is one of alternatives
            return Query.const_score_query(q, LIBRARY_BOOST)
        return _zero(q)

    def facet_values(self, name: str, term: str, masked: bool) -> list[str]:
        """The stored values a typed value stands for: itself, the same ignoring case and accents,
        an alias (ja → true, Sound → luisterboek, ...), a library's name, a language name."""
        known = self.vocabulary.values(name)
        if masked and has_masking(term):
            if known is None:
                raise CQLError(28, f"Masking is not supported on {name}")
            rx = re.compile(mask_pattern(term, allow_spaces=True))
            return [v for v in known if rx.fullmatch(fold(v))]
        value = literal(term, masked)
        key = fold(value)
        out: list[str] = []
        if known is None or value in known:
            out.append(value)
        if known is not None:
            out.extend(v for v in known if fold(v) == key and v not in out)
        out.extend(v for v in VALUE_ALIASES.get(name, {}).get(key.replace(" ", ""), ()) if v not in out)
        if name == "language":
            code = to_iso639_1(value)
            if code and code not in out:
                out.append(code)
        if name == "library":
            out.extend(isil for isil, label in self.vocabulary.library_names().items()
                       if fold(label) == key and isil not in out)
        return out


def translate(cql: CQLQuery, schema: tantivy.Schema, vocabulary: FacetVocabulary | None = None,
              library: str | None = None, warnings: list[CQLError] | None = None) -> Query:
    """The tantivy query for a parsed CQL query; `library` (an ISIL) ranks its holdings first.
    Non-fatal diagnostics (words past the limit) are added to `warnings`."""
    translator = Translator(schema, vocabulary, cql.prefixes)
    q = translator.node(cql.root)
    if q is None:  # not reached: the first clause's first words are always within the limit
        raise CQLError(38, f"No words within the first {MAX_TERMS}", str(MAX_TERMS))
    if warnings is not None:
        warnings.extend(translator.warnings())
    if library:
        held = Query.term_query(schema, BY_NAME["library"].keyword_field, library)
        q = Query.boolean_query([(Occur.Must, q), (Occur.Should, Query.const_score_query(held, LIBRARY_BOOST))])
    return q


def _word_key(word: str, masked: bool) -> tuple:
    """What a word of a term is searched as: its analysed tokens, or a masked word's pattern."""
    if masked and has_masking(word):
        return ("mask", word)
    return tuple(exact_tokens(literal(word, masked)))


def resolve_index(index: str, prefixes: dict[str, str] | None = None) -> IndexSpec:
    """The IndexSpec for an index as written (``dc.title``, ``title``, ``d.title`` with ``> d = ...``)."""
    prefixes = prefixes or {}
    prefix, dot, name = index.lower().partition(".")
    if not dot:
        prefix, name = "", index.lower()
    if prefix:
        if prefix in prefixes:
            known = _SET_URIS.get(prefixes[prefix])
            if known is None:
                raise CQLError(15, f"Context set {prefixes[prefix]!r} is not supported", prefixes[prefix])
            prefix = known
        elif prefix not in CONTEXT_SETS:
            raise CQLError(15, f"Context set '{prefix}' is not supported; use cql, dc or vp", prefix)
        spec = INDEXES.get(f"{prefix}.{name}")
    elif "" in prefixes:
        known = _SET_URIS.get(prefixes[""])
        if known is None:
            raise CQLError(15, f"Context set {prefixes['']!r} is not supported", prefixes[""])
        spec = INDEXES.get(f"{known}.{name}")
    else:
        spec = next((INDEXES[f"{s}.{name}"] for s in DEFAULT_SET_ORDER if f"{s}.{name}" in INDEXES), None)
    if spec is None:
        raise CQLError(16, f"Index '{index}' is not supported; see the explain record for the indexes", index)
    return spec


def sort_field(index: str, prefixes: dict[str, str] | None = None) -> str | None:
    """The fast field to sort by for an index; None for relevance. Raises 88 when not sortable."""
    if index.lower() in ("cql.serverchoice", "relevance", "score", "rank"):
        return None
    try:
        spec = resolve_index(index, prefixes)
    except CQLError:
        spec = None
    if spec is None or spec.sort is None:
        raise CQLError(88, f"Cannot sort by '{index}'; sort by dc.date or dc.title", index)
    return spec.sort


def sort_from_cql(keys: list[SortKey], prefixes: dict[str, str] | None = None) -> tuple[str | None, bool]:
    """(fast field or None for relevance, descending) from a CQL sortBy clause.

    Tantivy orders by one field, so only the first key counts; the caller may warn about the rest.
    """
    key = keys[0]
    desc = False
    for m in key.modifiers:
        base = m.base_name
        if base in ("ascending", "descending"):
            desc = base == "descending"
        elif base in ("ignorecase", "missinglow", "missinghigh", "missingomit"):
            continue
        elif base == "respectcase":
            raise CQLError(91, "Case-sensitive sorting is not supported", m.name)
        else:
            raise CQLError(90, f"Sort modifier '{m.name}' is not supported", m.name)
    return sort_field(key.index, prefixes), desc


# --- terms --------------------------------------------------------------------------------------

def literal(term: str, masked: bool = True) -> str:
    """The term without CQL escapes; with `masked` false, ``*`` and ``?`` are plain characters."""
    return "".join(value for kind, value in term_parts(term) if kind == "text" or not masked)


def mask_pattern(word: str, allow_spaces: bool = False) -> str:
    """A tantivy regex (whole-term match) for a masked word, on folded lower-case terms."""
    letters = 0
    out = []
    for kind, value in term_parts(word):
        out.append(_mask_regex(kind, value, allow_spaces))
        if kind == "text":
            letters += len(fold(value).replace(" ", ""))
    if letters < MIN_MASKED_LETTERS:
        raise CQLError(29, f"A masked word needs at least {MIN_MASKED_LETTERS} letters: {word!r}",
                       str(MIN_MASKED_LETTERS))
    return "".join(out)


def _mask_regex(kind: str, value: str, allow_spaces: bool) -> str:
    if kind == "mask":
        return ".*" if value == "*" else "."
    if kind == "anchor":
        raise CQLError(31, "Anchoring (^) is not supported")
    tokens = exact_tokens(value)
    if allow_spaces:
        text = " ".join(tokens)
        return re.escape(text).replace("\\ ", " ") if text else ""
    if len(tokens) > 1:
        raise CQLError(49, f"Masking inside a word with punctuation or spaces is not supported: {value!r}", value)
    text = tokens[0] if tokens else ""
    if not text.isalnum() and text:
        raise CQLError(49, f"Masking is not supported in {value!r}", value)
    return text


def identifier_keys(text: str) -> set[str]:
    t = text.strip()
    t = re.sub(r"(?i)^urn:(?=isbn|ppn)", "", t)
    t = re.sub(r"(?i)^(isbn|ppn)[:/]\s*", lambda m: m.group(1) + ":", t)
    return identifiers.lookup_keys(t)


def parse_year(text: str) -> int:
    t = text.strip()
    m = re.fullmatch(r"(\d{1,4})(?:-\d{2}(?:-\d{2})?)?", t)
    if not m:
        raise CQLError(36, f"{text!r} is not a year (such as 2005)", text)
    return int(m.group(1))


def year_range(text: str) -> tuple[int | None, int | None]:
    """`1992`, `2012-05-03` (its year), or a range: `2000-2009`, `-1899`, `2020-` (inclusive bounds)."""
    t = text.strip()
    m = re.fullmatch(r"(\d{1,4})?-(\d{1,4})?", t)
    if m and (m.group(1) or m.group(2)) and not re.fullmatch(r"\d{4}-\d{2}", t):
        return (int(m.group(1)) if m.group(1) else None), (int(m.group(2)) if m.group(2) else None)
    y = parse_year(t)
    return y, y


def _zero(q: Query) -> Query:
    """A filter: it decides what matches, not how high."""
    return Query.const_score_query(q, 0.0)


def _chain(node: BooleanNode) -> list[Node]:
    """The operands of a left-associated chain of one operator without modifiers, flattened."""
    out: list[Node] = [node.right]
    left = node.left
    while isinstance(left, BooleanNode) and left.op == node.op and not left.modifiers:
        out.append(left.right)
        left = left.left
    out.append(left)
    out.reverse()
    return out


__all__ = [
    "CONTEXT_SETS",
    "INDEXES",
    "FacetVocabulary",
    "IndexSpec",
    "Translator",
    "literal",
    "mask_pattern",
    "parse_year",
    "resolve_index",
    "sort_field",
    "sort_from_cql",
    "translate",
]
