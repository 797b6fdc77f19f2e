"""From a SearchRequest to a tantivy query and its aggregations: a chain of small steps.

Each step is a plain function ``step(plan) -> None`` that reads the request and adds to the
plan; none touches an index, so each is testable on its own. The service runs the plan.
The order of ``STEPS`` is the order of the chain (Blacklight's search builder, in Python).
"""
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import tantivy
from tantivy import Occur, Query

from indexer.analysis import exact_tokens, is_stop_word, stem_tokens
from indexer.fields import (
    BY_NAME,
    FIELDS,
    FUZZY_FIELDS,
    IDENTIFIER_FIELD,
    PAIR_FIELDS,
    PUBLIC_FACETS,
    SEARCH_FIELDS,
    SORTS,
    TITLE_SORT_FIELD,
    Field,
)
from search_api import facetwords, identifiers, subjects
from search_api.request import SearchRequest, parse_year_filter
from search_api.userquery import Clause, ParsedQuery, parse

EXACT_BONUS = 2.0  # a word matching as typed outranks the same word matching only by its stem
TIE_BREAKER = 0.15  # how much the other matching fields add to the best field of a word
QUESTION_TIE_BREAKER = 0.5  # in a question the text fields add up more
PHRASE_BOOST = 4.0  # the query's words side by side in the title
PROXIMITY_BOOST = 1.5  # the query's words near one another in the title
# A search of a few words (not a question): its words in the title in the order typed, at most
# ORDER_SLOP other words in all between them ("assessment of activities" for "assessment
# activities"; "soil microbial communities" is not "communities soil"). People type the words of
# a title they remember in its order. Both chosen by five-fold cross-validation on the relevance
# bench's known-item queries (python -m bench.relevance.tune_known; every fold chose 1 and 8).
ORDER_SLOP = 1
ORDER_BOOST = 8.0
FULL_TITLE_BOOST = 30.0  # the whole query is the title (a fixed score)
STOP_WORD_WEIGHT = 0.2  # an optional stop word next to content words
IDENTIFIER_BOOST = 200.0  # an ISBN or PPN brings its record first
LIBRARY_BOOST = 60.0  # with library scope, that library's holdings rank first
COMPOUND_WEIGHT = 0.6  # a match through a compound (huisdieren for dieren) counts for less
LONG_QUERY = 5  # content words from which a query is read as a question: any word, ranked
PAIR_BOOST = 1.5  # two question words close together in a text
PAIR_SLOP = 8
# Words of one query looked for within a typo, at most: each is a Levenshtein automaton over the
# terms of several fields (tens of milliseconds at 5 million records), and a patron's slips are a
# word or two, not sixty (sixty unknown words took the typo step 1.5 s at 5 million records).
MAX_FUZZY_WORDS = 4
# A word at least this common in Dutch at large (Zipf: log10 of uses per billion words; "breien"
# 3.4, "zwemmen" 4.6) is no slip when the index lacks it; rarer ones in the word list may be.
REAL_WORD_ZIPF = 3.0
FUZZY_WEIGHT = 0.5  # a match within one or two typos counts for less
SPELLING_WEIGHT = 0.8  # in a long query, the correction of a word the index does not know
# A record with the facet value a word hints at ("thriller", "engels", "prentenboeken") ranks above
# one that only has the word in its description (a podcast about picture books); 4 was too little
# for that on the sample, and 8 leaves every row of the relevance bench as it was.
FACET_HINT_BOOST = 8.0
# The words of a heading's records (search_api.subjects) in a record without headings, against
# the search's own words. Chosen by five-fold cross-validation on the relevance bench's train
# headings (python -m bench.relevance.tune_subjects), at most 1 by design: a profile word counts
# no more than a word of the search in a description.
SUBJECT_PROFILE_WEIGHT = 1.0


@dataclass(frozen=True)
class Understood:
    """A phrase of the query read as a facet value: applied as a filter (`filter`), or as a boost
    and an alternative to the words (`boost`)."""
    field: str
    values: tuple[str, ...]
    words: str  # the phrase as typed
    applied: str  # "filter" | "boost"
    label: str = ""  # the filter's name for "Alleen {label}", Dutch and English
    label_en: str = ""

    def to_dict(self, lang: str = "nl") -> dict:
        """For the JSON API: a filter with its name and the notice that says it (in `lang`), so a
        client can show the notice with a way to take the filter off (`nofilter=FIELD`)."""
        d = {"field": self.field, "values": list(self.values), "words": self.words, "applied": self.applied}
        if self.applied == "filter":
            d["label"] = (self.label_en or self.label) if lang == "en" else self.label
            d["notice"] = self.notice().text(lang)
        return d

    def notice(self):
        from search_api.notices import Notice

        return Notice("understood", label=self.label, label_en=self.label_en or self.label, words=self.words)


@dataclass
class QueryPlan:
    request: SearchRequest
    schema: tantivy.Schema
    parsed: ParsedQuery | None = None
    text_query: Query | None = None  # scored part (None: match all)
    boosts: list[Query] = field(default_factory=list)  # optional scoring clauses
    scope_filter: Query | None = None
    filters: dict[str, Query] = field(default_factory=dict)  # field -> filter for that field
    sort_field: str | None = None
    sort_desc: bool = True
    facet_fields: tuple[str, ...] = ()
    notices: list[str] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)  # exact and stemmed tokens, for highlighting
    vocab: object | None = None  # the index vocabulary (compounds), when the service has one
    fuzzy: bool = False  # zero-result chain: also match words within a typo or two
    # Words that may still get their lookalikes (the first MAX_FUZZY_WORDS the index does not know).
    fuzzy_left: int = MAX_FUZZY_WORDS
    any_word: bool = False  # zero-result chain: any word instead of all words
    # The any-word step's last try: a word naming a kind of item ("boeken") may be all a record
    # has of the words, when the words naming a subject found nothing.
    hints_match: bool = False
    # The query has words naming a kind of item beside words naming its subject (add_text_query).
    hints_beside_words: bool = False
    long_query: bool = False  # read as a question: any word counts, ranked by how many match
    # The words none of which is required (a question, a long query, the any-word step), as typed,
    # each with the query that finds it: the service says which of them the results lack.
    optional_words: list[tuple[str, Query]] = field(default_factory=list)
    compounds: bool = True  # Dutch compound splitting and expansion
    # The text fields that hold any term in this index (None: all): a field no record has, such as
    # the article fields of a catalogue-only index, is left out of the query.
    populated: frozenset[str] | None = None
    # The whole query is a catalogue title (the service looked): its words are the title's, so
    # none of them is read as a filter.
    known_title: bool = False
    # Facet words (understand_facet_words): what was understood, the query groups a filter took
    # over, and for a hint the groups it covers, its words and the facet query added to them.
    understood: list[Understood] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)
    hints: dict[int, tuple[tuple[int, ...], str, Query]] = field(default_factory=dict)
    # The whole query is a subject heading (its indexed value), with the words of its records
    # and their weights (search_api.subjects.profile), looked up by the service.
    subject_heading: str = ""
    subject_profile: tuple[tuple[str, float], ...] = ()
    # How the text query combines its words, and for each word what it surely matches
    # (search_api.sampling.match_floor): ("all", ()) everything, ("and", words) every word,
    # ("or", words) any of them, ("none", ()) not known. A word is given as the sources of its
    # matches: words (the vocabulary's count) and queries (their count); filters come on top.
    floor_parts: tuple[str, tuple[tuple[str | Query, ...], ...]] = ("all", ())
    # Alternatives that may match besides the words, in the same form, for the guess of the size
    # only (search_api.sampling.likely_size): a subject heading's profile words.
    likely_extra: tuple[tuple[str | Query, ...], ...] = ()
    # Set by the service: facet counts over 1 in this many works (search_api.sampling; 1: all).
    sample_rate: int = 1

    # --- assembling -----------------------------------------------------------------------
    def query(self, without: str | None = None, with_scope: bool = True, scored: bool = True) -> Query:
        """The full query; `without` leaves one field's filter out (disjunctive facet counts).

        Without `scored` the optional boosts (phrases, the whole title, library holdings) are left
        out: the same matches, for counting. Tantivy evaluates optional clauses even when nothing
        is scored, which made every aggregation pass about half as costly again (measured at 5
        million records: 10.6 against 6.8 ms for a two-facet request over the query mix)."""
        must: list[tuple[Occur, Query]] = []
        if self.text_query is not None:
            must.append((Occur.Must, self.text_query))
        for b in self.boosts if scored else ():
            must.append((Occur.Should, b))
        for name, f in self.filters.items():
            if name != without:
                must.append((Occur.Must, Query.const_score_query(f, 0.0)))
        if with_scope and self.scope_filter is not None:
            must.append((Occur.Must, Query.const_score_query(self.scope_filter, 0.0)))
        if not any(o == Occur.Must for o, _ in must):
            must.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(must)


Step = Callable[[QueryPlan], None]


# --- steps ------------------------------------------------------------------------------------

def parse_user_query(plan: QueryPlan) -> None:
    plan.parsed = parse(plan.request.q)
    plan.notices.extend(plan.parsed.notices)


def understand_facet_words(plan: QueryPlan) -> None:
    """Words naming a facet value (the registry's `Field.named`): a phrase that names it
    outright ("luisterboek", "grote letter", "voor kinderen") filters on it, unless the patron
    filtered that field already, declined it (`nofilter`), or typed a catalogue title; the
    phrase then still ranks within the filter. A hint ("thriller", "engels"), or a declined
    filter, ranks records with the value up and stays a word, so a title with it is still found.
    The librarians' search of the knowledge base is left as typed."""
    req = plan.request
    if not req.understand or req.scope == "articles" or is_question(req.q):
        # A question asks about the service: "een boek" in "hoe vraag ik een boek aan" wants no books.
        return
    explicit = set(req.filtered_fields())
    have = schema_fields(plan.schema)
    matches = [m for m in facetwords.find(plan.parsed) if BY_NAME[m.field].keyword_field in have]
    filtered: dict[str, list[str]] = {}
    for m in matches:
        if m.outright and m.field not in explicit and m.field not in req.nofilter and not plan.known_title:
            values = filtered.setdefault(m.field, [])
            values.extend(v for v in m.named.values if v not in values)
            plan.understood.append(Understood(m.field, m.named.values, m.text, "filter",
                                              m.named.label, m.named.label_en))
    for m in matches:
        if m.field in filtered:
            # The field is filtered on: its words are the filter's ("boeken" beside "luisterboek").
            plan.consumed.update(m.groups)
            q = _clause_query(plan.schema, Clause(m.text), plan.terms, populated=plan.populated, vocab=plan.vocab)
            if q is not None:
                plan.boosts.append(q)  # a title with the words ranks first within the filter
        elif not any(g in plan.consumed for g in m.groups) and m.groups[0] not in plan.hints:
            facet = Query.boost_query(facet_query(plan.schema, BY_NAME[m.field], m.named.values), FACET_HINT_BOOST)
            plan.hints[m.groups[0]] = (m.groups, m.text, facet)
            plan.understood.append(Understood(m.field, m.named.values, m.text, "boost"))
    for name, values in filtered.items():
        plan.filters[name] = facet_query(plan.schema, BY_NAME[name], values)


def _named_alternatives(plan: QueryPlan, group: list[Clause]) -> list[Query]:
    """The facet values the alternatives of an OR group name, each as its hint's boosted query
    (understand_facet_words reads runs of plain words; an OR group is none)."""
    req = plan.request
    if not req.understand or req.scope == "articles" or is_question(req.q):
        return []
    have = schema_fields(plan.schema)
    table = facetwords.phrases()
    out = []
    for c in group:
        if c.field is not None or c.phrase or c.negated:
            continue
        for p in table.get(tuple(exact_tokens(c.text)), ()):
            f = BY_NAME[p.field]
            if f.keyword_field not in have or p.field in plan.filters or p.field in req.nofilter:
                continue
            out.append(Query.boost_query(facet_query(plan.schema, f, p.named.values), FACET_HINT_BOOST))
            plan.understood.append(Understood(p.field, p.named.values, c.text, "boost"))
    return out


def only_facet_words(plan: QueryPlan) -> bool:
    """Whether every content word of the query names a facet value ("voor kinderen", "engelse
    thrillers", "prentenboek"): the patron named what kind of item, and nothing else."""
    groups = plan.parsed.groups if plan.parsed else []
    named = set(plan.consumed) | {g for covered, _, _ in plan.hints.values() for g in covered}
    return bool(named) and all(i in named or (len(g) == 1 and _is_stop_clause(g[0])) for i, g in enumerate(groups))


def add_text_query(plan: QueryPlan) -> None:
    parsed = plan.parsed
    if parsed is None:
        return
    if parsed.is_empty:
        if parsed.refused:  # only words too long to search for: nothing, not everything
            plan.text_query = nothing()
            plan.floor_parts = ("none", ())
        return
    schema = plan.schema
    positive = parsed.positive_clauses()
    all_stop = all(_is_stop_clause(c) for c in positive)
    content = sum(1 for g in parsed.groups if not (len(g) == 1 and _is_stop_clause(g[0])))
    # A question ("hoe vraag ik een boek aan uit een andere bibliotheek") is not a list of
    # conditions: from LONG_QUERY content words on, every word counts but none is required,
    # and stop words are left out; BM25 ranks the pages that share most words first.
    long_query = content >= LONG_QUERY or is_question(plan.request.q)
    plan.long_query = long_query
    clauses: list[tuple[Occur, Query]] = []
    # Per clause, how much it says when no word is required: a content word (0), a word that
    # hints at a facet value ("boeken", "thrillers": 1), a stop word the query could do without (2).
    kinds: list[int] = []
    floors: list[tuple] = []  # per clause: what it surely matches (_floor_sources)
    covered = {g for groups, _, _ in plan.hints.values() for g in groups[1:]}
    # A question's request words ("ik zoek een boek over breien") are left out like its stop words.
    asking = _request_groups(plan)

    def searched(i: int, group: list[Clause]) -> bool:
        return i not in plan.consumed and i not in covered and not (
            long_query and (i in asking or (len(group) == 1 and _is_stop_clause(group[0]))))

    # A word typed twice is one clause weighing twice (the same score: a query's clauses add up),
    # so its posting lists are walked once ("boek lezen boek" costs what "boek lezen" does).
    keys = [_group_key(plan, i, g) for i, g in enumerate(parsed.groups)]
    repeats = Counter(k for i, (k, g) in enumerate(zip(keys, parsed.groups)) if searched(i, g))
    done: set = set()
    for i, group in enumerate(parsed.groups):
        if not searched(i, group) or keys[i] in done:
            continue
        done.add(keys[i])
        stop = len(group) == 1 and _is_stop_clause(group[0])
        hint = plan.hints.get(i)
        if hint is not None:
            # A facet word counts as the word or as the value it names: "luisterboek engels" finds
            # English audiobooks and an audiobook about the English language.
            groups, words, facet = hint
            clause = group[0] if len(groups) == 1 else Clause(words)
            alternatives = _alternatives(plan, clause) + [facet]
            stop = False
            floor = _floor_sources(plan, clause) + (facet,)
        else:
            # A stop word among alternatives ("de OR boek") is looked for where stop words count
            # (titles, names), as it is alone: "de" in every description would match nearly all.
            as_stop = [stop or (len(group) > 1 and _is_stop_clause(c)) for c in group]
            alternatives = [q for c, s in zip(group, as_stop) for q in _alternatives(plan, c, s)]
            floor = tuple(x for c, s in zip(group, as_stop)
                          for x in _floor_sources(plan, c, (stop and all_stop) or (s and not stop))) \
                if not stop or all_stop else ()
            # An alternative naming a facet value ("kinderboeken OR prentenboeken") also finds
            # the records with that value, as the word alone does: the OR must not find fewer.
            named = _named_alternatives(plan, group) if len(group) > 1 else []
            alternatives += named
            floor += tuple(named)
        if not alternatives:
            continue
        q = alternatives[0] if len(alternatives) == 1 else Query.boolean_query(
            [(Occur.Should, a) for a in alternatives])
        if repeats[keys[i]] > 1:
            q = Query.boost_query(q, float(repeats[keys[i]]))
        # Stop words are optional unless the query has nothing else ("het", "to be or not to be").
        optional = (stop and not all_stop) or plan.any_word or long_query
        if stop and not all_stop:
            # "de" in an author's name ("Rover, Frans de") must not outweigh the words that matter.
            q = Query.boost_query(q, STOP_WORD_WEIGHT)
        clauses.append((Occur.Should if optional else Occur.Must, q))
        if optional and not stop:
            plan.optional_words.append((words if hint is not None else _typed(group), q))
        kinds.append(2 if stop and not all_stop else 1 if hint is not None and not plan.hints_match else 0)
        floors.append(floor)
    plan.hints_beside_words = 0 in kinds and 1 in kinds
    negated = False
    for c in parsed.negations:
        q = _clause_query(schema, c, set(), populated=plan.populated, vocab=plan.vocab)
        if q is not None:
            clauses.append((Occur.MustNot, q))
            kinds.append(0)
            floors.append(())
            negated = True
    if not any(o == Occur.Must for o, _ in clauses):
        should = [q for o, q in clauses if o == Occur.Should]
        if plan.consumed:
            # Facet words became filters and only stop words (or nothing) are left: everything
            # within the filters matches; the stop words still rank ("het luisterboek").
            clauses.append((Occur.Must, Query.all_query()))
            plan.floor_parts = ("all", ())
        elif should:
            # Only optional words: at least one must match, and one of those that say most when the
            # query has any: not a stop word ("het achterhuis" with any word must not find every
            # "het"), nor a word naming a kind of item beside words naming a subject ("boeken over
            # breien en haken voor beginners" must not find every book). The others only rank.
            optional = [(k, q, f) for (o, q), k, f in zip(clauses, kinds, floors) if o == Occur.Should]
            least = min(k for k, _, _ in optional)
            required = [q for k, q, _ in optional if k == least]
            # What the required words surely match, in the same choice as `required`.
            plan.floor_parts = ("or", tuple(f for k, _, f in optional if k == least))
            clauses = [(Occur.Must, Query.boolean_query([(Occur.Should, q) for q in required]))] + \
                      [(Occur.Should, q) for k, q, _ in optional if k != least] + \
                      [(o, q) for o, q in clauses if o == Occur.MustNot]
        else:
            clauses.append((Occur.Must, Query.all_query()))
            plan.floor_parts = ("all", ())
    else:
        plan.floor_parts = ("and", tuple(f for (o, _), f in zip(clauses, floors) if o == Occur.Must))
    if negated:
        plan.floor_parts = ("none", ())  # what the excluded words take away is not known
    plan.text_query = Query.boolean_query(clauses)


def _typed(group: list[Clause]) -> str:
    """A query group as the patron typed it: `word`, `"a phrase"`, `titel:word`, `a OR b`."""
    def one(c: Clause) -> str:
        text = f'"{c.text}"' if c.phrase else c.text
        alias = BY_NAME[c.field].aliases[0] if c.field in BY_NAME and BY_NAME[c.field].aliases else None
        return f"{alias}:{text}" if alias else text
    return " OR ".join(one(c) for c in group)


def add_subject_profile(plan: QueryPlan) -> None:
    """A search that is a subject heading also finds the catalogue records without headings that
    have its records' words (search_api.subjects): an alternative to the words, not a further
    condition. The records given the heading are found by the subjects field, as before: a further
    boost for them put a book under the subject "hemel" above "De ontdekking van de hemel"."""
    if not plan.subject_profile or plan.text_query is None or plan.long_query or SUBJECT_PROFILE_WEIGHT <= 0:
        return
    if SORTS[plan.request.sort][0] is not None:
        # Sorted by year or title, a record found only by its words' likeness to the heading's
        # would stand among (or before) the records with the words: the profile only ranks.
        return
    profile = subjects.query(plan.schema, plan.subject_profile, plan.populated)
    if profile is None:
        return
    plan.text_query = Query.boolean_query([
        (Occur.Should, plan.text_query),
        (Occur.Should, Query.boost_query(profile, SUBJECT_PROFILE_WEIGHT))])
    # Any of its words may add records: a rare heading word ("islam") can have common profile
    # words, so the size is guessed with them (not the floor: a profile word only counts in
    # records without headings).
    plan.likely_extra = tuple((w,) for w, _ in plan.subject_profile)


def _group_key(plan: QueryPlan, i: int, group: list[Clause]) -> tuple:
    """What decides a group's query: its clauses as analysed (case and accents do not), and the
    facet value its words may name."""
    hint = plan.hints.get(i)
    return (tuple((exact_tokens(c.text), c.phrase, c.field) for c in group),
            None if hint is None else (len(hint[0]), exact_tokens(hint[1])))


def _floor_sources(plan: QueryPlan, c: Clause, stop: bool = False) -> tuple:
    """What one clause surely matches, for search_api.sampling: a single word searched in every
    field matches at least the records of the field that holds it most (the vocabulary's count,
    over fields every such search includes); a stop word only its fields' own records. Nothing
    is known for phrases, one field or identifiers."""
    if c.phrase or c.field is not None:
        return ()
    toks = exact_tokens(c.text)
    if len(toks) != 1:
        return ()
    if stop:
        return tuple(Query.term_query(plan.schema, f.exact_field, toks[0])
                     for f in search_fields(plan.schema, plan.populated) if f.stop_words)
    return (toks[0],) if plan.vocab is not None else ()


def add_phrase_boosts(plan: QueryPlan) -> None:
    """Exact title, then the words side by side, then near one another: ranked above loose matches."""
    parsed = plan.parsed
    if parsed is None:
        return
    text = parsed.plain_text()
    exact = list(exact_tokens(text))
    if not exact:
        return
    schema = plan.schema
    title = BY_NAME["title"]
    # A fixed bonus, not BM25: when most records share the title (twenty editions of one novel),
    # its idf is low exactly where the exact title matters most.
    plan.boosts.append(Query.const_score_query(
        Query.term_query(schema, TITLE_SORT_FIELD, " ".join(exact)[:100]), FULL_TITLE_BOOST))
    if len(exact) >= 2:
        plan.boosts.append(Query.boost_query(
            Query.phrase_query(schema, title.exact_field, exact), PHRASE_BOOST))
        plan.boosts.append(Query.boost_query(
            Query.phrase_query(schema, title.text_field, list(stem_tokens(text)), slop=3), PROXIMITY_BOOST))
        in_order = title_order_query(schema, exact) if not plan.long_query and ORDER_BOOST > 0 else None
        if in_order is not None:
            plan.boosts.append(Query.boost_query(in_order, ORDER_BOOST))


def title_order_query(schema: tantivy.Schema, exact: list[str] | tuple[str, ...]) -> Query | None:
    """Records whose title has these words (exact forms) in this order, at most ORDER_SLOP other
    words in all between them; None for fewer than two words."""
    if len(exact) < 2:
        return None
    return Query.phrase_query(schema, BY_NAME["title"].exact_field, list(exact), slop=ORDER_SLOP)


def add_pair_boosts(plan: QueryPlan) -> None:
    """In a question, two content words near one another in the text ("hoger onderwijs",
    "bijzondere curator") say more than the same words apart."""
    parsed = plan.parsed
    if parsed is None or not plan.long_query or PAIR_BOOST <= 0:
        return
    toks = list(exact_tokens(parsed.plain_text()))
    asking = request_positions(toks, is_question(plan.request.q))
    words = [t for i, t in enumerate(toks) if not (i in asking or is_stop_word(t) or t in QUESTION_WORDS)]
    pairs = [(w, stem_tokens(w)[0]) for w in words if stem_tokens(w)]
    have = schema_fields(plan.schema)
    fields = [f for f in search_fields(plan.schema, plan.populated) if f.name in PAIR_FIELDS]
    # A pair that comes back is one boost weighing as often (the same score, one walk).
    weights: dict[tuple[str, tuple[str, str]], float] = {}
    for (a, sa), (b, sb) in itertools.pairwise(pairs):
        if sa == sb:
            continue
        for f in fields:
            # The stemmed view when the field has one; the words as typed otherwise.
            name, pair = (f.text_field, (sa, sb)) if f.stemmed and f.text_field in have else (f.exact_field, (a, b))
            weights[name, pair] = weights.get((name, pair), 0.0) + PAIR_BOOST * _boost(f, True)
    for (name, pair), weight in weights.items():
        plan.boosts.append(Query.boost_query(
            Query.phrase_query(plan.schema, name, list(pair), slop=PAIR_SLOP), weight))


def add_identifier_lookup(plan: QueryPlan) -> None:
    """An ISBN (any form) or PPN typed as the query brings that record first."""
    q = plan.request.q.strip()
    keys = identifiers.lookup_keys(q)
    if keys:
        idq = any_term(plan.schema, IDENTIFIER_FIELD, sorted(keys))
        boosted = Query.boost_query(idq, IDENTIFIER_BOOST)
        # The identifier alone may match (its digits are not in any text field).
        if plan.text_query is None:
            plan.floor_parts = ("none", ())
        plan.text_query = boosted if plan.text_query is None else Query.boolean_query(
            [(Occur.Should, boosted), (Occur.Should, plan.text_query)])


def add_scope(plan: QueryPlan) -> None:
    scope = plan.request.scope
    if scope == "catalogue":
        plan.scope_filter = Query.term_query(plan.schema, BY_NAME["type"].keyword_field, "catalogue")
    elif scope == "articles":
        plan.scope_filter = Query.term_query(plan.schema, BY_NAME["type"].keyword_field, "article")


def add_filters(plan: QueryPlan) -> None:
    have = schema_fields(plan.schema)
    for name in plan.request.filtered_fields():
        values = plan.request.filter_values(name)
        f = BY_NAME[name]
        # A generation built before the field had a keyword view (series, schema 6) holds no
        # record under it: the filter finds nothing rather than failing, until a rebuild.
        plan.filters[name] = filter_query(plan.schema, f, values) if f.keyword_field in have else nothing()


def add_library_boost(plan: QueryPlan) -> None:
    isil = plan.request.library
    if isil:
        held = Query.term_query(plan.schema, BY_NAME["library"].keyword_field, isil)
        plan.boosts.append(Query.const_score_query(held, LIBRARY_BOOST))


def add_sort(plan: QueryPlan) -> None:
    fast_field, direction = SORTS[plan.request.sort]
    if fast_field in BY_NAME and fast_field not in schema_fields(plan.schema):
        fast_field = None  # a generation built before the column (series_number): by relevance
    plan.sort_field = fast_field
    plan.sort_desc = direction == "desc"


def add_facets(plan: QueryPlan) -> None:
    plan.facet_fields = PUBLIC_FACETS


STEPS: tuple[Step, ...] = (
    parse_user_query,
    understand_facet_words,
    add_text_query,
    add_subject_profile,
    add_phrase_boosts,
    add_pair_boosts,
    add_identifier_lookup,
    add_scope,
    add_filters,
    add_library_boost,
    add_sort,
    add_facets,
)


def plan_search(request: SearchRequest, schema: tantivy.Schema, steps: tuple[Step, ...] = STEPS,
                vocab=None, fuzzy: bool = False, any_word: bool = False, compounds: bool = True,
                populated: frozenset[str] | None = None, known_title: bool = False,
                subject: tuple[str, tuple[tuple[str, float], ...]] = ("", ()),
                hints_match: bool = False) -> QueryPlan:
    plan = QueryPlan(request=request, schema=schema, vocab=vocab, fuzzy=fuzzy, any_word=any_word,
                     hints_match=hints_match,
                     compounds=compounds, populated=populated, known_title=known_title,
                     subject_heading=subject[0], subject_profile=subject[1])
    for step in steps:
        step(plan)
    return plan


# --- building blocks -------------------------------------------------------------------------

def nothing() -> Query:
    """A query no document matches."""
    return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, Query.all_query())])


def any_term(schema: tantivy.Schema, field_name: str, values: list) -> Query:
    """Documents with any of `values` in a field. A few direct term look-ups; tantivy's
    TermSetQuery walks the whole term dictionary instead, which costs milliseconds per field."""
    if len(values) == 1:
        return Query.term_query(schema, field_name, values[0])
    return Query.boolean_query([(Occur.Should, Query.term_query(schema, field_name, v)) for v in values])


def filter_query(schema: tantivy.Schema, f: Field, values: list[str]) -> Query:
    """OR within one field."""
    if f.kind == "int":
        ranges = []
        for v in values:
            lo, hi = parse_year_filter(v)
            ranges.append(Query.range_query(schema, f.name, tantivy.FieldType.Integer, lo, hi))
        return ranges[0] if len(ranges) == 1 else Query.boolean_query([(Occur.Should, r) for r in ranges])
    if f.normalise is not None:  # the index holds each value in its one spelling
        values = list(dict.fromkeys(f.normalise(v) for v in values))
    return any_term(schema, f.keyword_field, values)


def facet_query(schema: tantivy.Schema, f: Field, values: tuple[str, ...] | list[str]) -> Query:
    """A facet's values named by a patron's words. Catalogues write a value either as a code
    ("hoorspel") or capitalised ("Hoorspel"): both are looked up, unless the field keeps one
    spelling per value (the genre, `Field.normalise`)."""
    terms: list[str] = []
    for v in values:
        if f.normalise is not None:  # one spelling in the index: no capitalised twin to look up
            v = f.normalise(v)
            if v not in terms:
                terms.append(v)
            continue
        for t in (v, v[:1].upper() + v[1:]) if f.capitalised else (v,):
            if t not in terms:
                terms.append(t)
    return any_term(schema, f.keyword_field, terms)


_FIELDS_OF: dict[int, tuple[tantivy.Schema, frozenset[str]]] = {}


def schema_fields(schema: tantivy.Schema) -> frozenset[str]:
    """The registry's schema fields that this index really has. A generation built by an older
    version lacks the newer fields; queries leave those out rather than fail (until a rebuild)."""
    hit = _FIELDS_OF.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    names = set()
    for f in FIELDS:
        for name in {f.text_field, f.exact_field, f.keyword_field}:
            try:
                Query.term_query(schema, name, 1 if f.kind == "int" else "x")
                names.add(name)
            except ValueError:
                pass
    found = frozenset(names)
    _FIELDS_OF[id(schema)] = (schema, found)
    return found


def search_fields(schema: tantivy.Schema, populated: frozenset[str] | None = None) -> tuple[Field, ...]:
    have = schema_fields(schema)
    return tuple(f for f in SEARCH_FIELDS if f.exact_field in have and (f.text_field in have or not f.stemmed)
                 and (populated is None or f.exact_field in populated))


# Where to look first for a field's terms. Tantivy answers a prefix with every term under it
# (ranked by count), so an empty prefix walks the field's whole term dictionary: over a second per
# field at a million records. The commonest openings of Dutch words come first; the empty prefix
# is asked last, for a field found in none of them (instantly for an empty one).
_PROBES = ("de", "het", "van", "een", "en", "in", *"abcdefghijklmnopqrstuvwxyz0123456789", "")


def populated_fields(searcher: tantivy.Searcher, known: frozenset[str] = frozenset()) -> frozenset[str]:
    """The exact views of the search fields that hold at least one term in this index. `known`:
    fields known to hold terms already (the same generation before an update: an update adds
    records, and a field emptied by deletions costs nothing to search)."""
    out = set(known)
    for f in SEARCH_FIELDS:
        if f.exact_field in out:
            continue
        try:
            if any(searcher.terms_with_prefix(f.exact_field, p, limit=1) for p in _PROBES):
                out.add(f.exact_field)
        except ValueError:  # not in this generation's schema
            pass
    return frozenset(out)


def inflections(word: str, vocab) -> list[str]:
    """The index's words with the same stem as `word` (singular and plural), remembered per
    generation: in a field without a stemmed view they stand in for the stem."""
    from search_api.compounds import inflections as forms

    return vocab.memo(("inflections", word), lambda: sorted(forms(word, vocab)))


def _boost(f: Field, question: bool) -> float:
    return ((f.question_boost if question and f.question_boost is not None else f.search) or 1.0)


def _alternatives(plan: QueryPlan, c: Clause, stop: bool = False) -> list[Query]:
    """The clause as typed, plus its compound and (in the zero-result chain) fuzzy variants."""
    base = _clause_query(plan.schema, c, plan.terms, plan.long_query, stop, populated=plan.populated,
                         vocab=plan.vocab)
    if base is None:
        return []
    out = [base]
    if stop or c.phrase or c.field == "identifier":
        return out
    exact = exact_tokens(c.text)
    if len(exact) != 1 or is_stop_word(exact[0]):
        return out
    word = exact[0]
    fields = (BY_NAME[c.field],) if c.field else search_fields(plan.schema, plan.populated)
    if plan.vocab is not None and plan.long_query and plan.request.spell and plan.vocab.count(word) == 0:
        # A long query is ranked, never empty, so the zero-result chain would not correct a
        # slip in one of its words: a word the vocabulary does not have also counts as its
        # correction. The word as typed keeps its full weight and nothing is said or replaced, so
        # here a compound the vocabulary lacks ("samenwoon") may gain its neighbour ("samenwoont").
        from search_api.spelling import correct_word

        fixed = correct_word(word, plan.vocab)
        if fixed:
            q = _clause_query(plan.schema, Clause(fixed, field=c.field), plan.terms, True, populated=plan.populated,
                              vocab=plan.vocab)
            if q is not None:
                out.append(Query.boost_query(q, SPELLING_WEIGHT))
    if plan.vocab is not None and plan.compounds and c.field is None:
        from search_api.compounds import compounds_containing, split

        parts = split(word, plan.vocab)
        if parts:
            both = [(Occur.Must, _clause_query(plan.schema, Clause(p), plan.terms, plan.long_query,
                                               populated=plan.populated, vocab=plan.vocab)) for p in parts]
            out.append(Query.boost_query(Query.boolean_query(both), COMPOUND_WEIGHT))
        containing = compounds_containing(word, plan.vocab)
        if containing and any(f.compounds for f in fields):
            plan.terms.update(containing)
            per_field = [Query.boost_query(any_term(plan.schema, f.exact_field, containing),
                                           _boost(f, plan.long_query) * COMPOUND_WEIGHT) for f in fields if f.compounds]
            out.append(Query.disjunction_max_query(per_field, TIE_BREAKER))
    if plan.fuzzy and plan.fuzzy_left > 0 and fuzzable(word, plan.vocab):
        plan.fuzzy_left -= 1
        distance = fuzzy_distance(word)
        fz = [Query.boost_query(Query.fuzzy_term_query(plan.schema, BY_NAME[n].exact_field, word, distance, True),
                                (BY_NAME[n].search or 1.0) * FUZZY_WEIGHT)
              for n in FUZZY_FIELDS if (c.field is None or n == c.field)
              and BY_NAME[n].exact_field in schema_fields(plan.schema)]
        if fz:
            out.append(Query.disjunction_max_query(fz, TIE_BREAKER))
    return out


def fuzzable(word: str, vocab) -> bool:
    """Whether the zero-result chain looks for words within a typo of `word`: a word of four
    letters or more that the index does not know. A word it knows is no slip; its typo variants
    would only cost time (a Levenshtein automaton over every text field) and add noise. Nor is a
    Dutch word the index lacks ("breien", "zwemmen"): its lookalikes ("brein", "stemmen") are
    other words, not what was meant; an honest zero says more (the spelling step may still offer
    a correction as a suggestion)."""
    return len(word) >= 4 and not is_stop_word(word) and (
        vocab is None or (vocab.count(word) == 0 and vocab.zipf_of(word) < REAL_WORD_ZIPF))


def has_fuzzable(text: str, vocab) -> bool:
    return any(fuzzable(w, vocab) for w in exact_tokens(text))


def fuzzable_words(text: str, vocab) -> list[str]:
    """The words of `text` the typo step looks for lookalikes of, once each, in the order typed."""
    return [w for w in dict.fromkeys(exact_tokens(text)) if fuzzable(w, vocab)]


def fuzzy_distance(word: str) -> int:
    """How many typos away the typo step looks for a word's lookalikes."""
    return 1 if len(word) <= 6 else 2


# Dutch interrogatives and the modal verbs of a question: they say that something is asked,
# not what. A closed class of words, so listed here rather than taken from a word list.
QUESTION_WORDS = frozenset({
    "hoe", "wat", "waar", "wanneer", "waarom", "welke", "welk", "wie", "hoeveel", "hoelang", "waarmee",
    "waarvoor", "waaraan", "kan", "kun", "kunt", "kunnen", "mag", "mogen", "moet", "moeten", "wil", "wilt",
    "ik", "mijn", "je", "jij", "u", "uw", "we", "wij", "ons", "onze",
})


# The words a patron asks with in a request, not what the request is about: its verbs in their
# forms ("ik zoek", "waar vind ik", "hoe maak ik") and its filler ("graag", "iets"). Only in a
# question (is_question): in a few words they may be a title's ("Zoek de verschillen").
REQUEST_WORDS = frozenset({
    "zoek", "zoekt", "zoeken", "zocht", "zochten", "gezocht",
    "vind", "vindt", "vinden", "vond", "vonden", "gevonden",
    "maak", "maakt", "maken", "maakte", "maakten", "gemaakt",
    "willen", "wilde", "wilden", "wou", "graag", "iets",
})
# Words that name only "something" when "over" follows, in a question: "een boek over breien",
# "boeken over katten"; "hoe vraag ik een boek aan" keeps its book.
ITEM_WORDS = frozenset({"boek", "boeken", "iets"})


def is_question(q: str) -> bool:
    toks = exact_tokens(q)
    return bool(toks) and (q.rstrip().endswith("?") or toks[0] in QUESTION_WORDS)


def request_positions(tokens: list[str | None], question: bool) -> frozenset[int]:
    """The positions of a question's words (None: not a plain word) that only say how it asks:
    REQUEST_WORDS, and an ITEM_WORD before "over". None when that would leave no word that is
    not a stop or question word: "hoe zoek ik?" is still searched for its words."""
    if not question:
        return frozenset()
    found = frozenset(i for i, t in enumerate(tokens) if t in REQUEST_WORDS or (
        t in ITEM_WORDS and i + 1 < len(tokens) and tokens[i + 1] == "over"))
    rest = any(i not in found and (t is None or not (is_stop_word(t) or t in QUESTION_WORDS))
               for i, t in enumerate(tokens))
    return found if rest else frozenset()


def content_words(text: str, question: bool | None = None) -> list[tuple[str, str]]:
    """(as typed, stemmed) of the words of `text` that say what is asked, once per stem: without
    stop and question words, and in a question (`question`; by default `is_question(text)`)
    without the words it asks with (request_positions)."""
    exact, stems = exact_tokens(text), stem_tokens(text)
    asking = request_positions(list(exact), is_question(text) if question is None else question)
    out, seen = [], set()
    for i, (word, stem) in enumerate(zip(exact, stems)):
        if i in asking or is_stop_word(word) or word in QUESTION_WORDS or stem in seen:
            continue
        seen.add(stem)
        out.append((word, stem))
    return out


def _request_groups(plan: QueryPlan) -> frozenset[int]:
    """The query groups of a question that only say how it asks (request_positions)."""
    groups = plan.parsed.groups if plan.parsed else []

    def plain(g: list[Clause]) -> str | None:
        toks = exact_tokens(g[0].text) if len(g) == 1 and not (g[0].phrase or g[0].field or g[0].negated) else ()
        return toks[0] if len(toks) == 1 else None

    return request_positions([plain(g) for g in groups], is_question(plan.request.q))


def _is_stop_clause(c: Clause) -> bool:
    if c.phrase or c.field is not None:
        return False
    toks = exact_tokens(c.text)
    return bool(toks) and all(is_stop_word(t) or t in QUESTION_WORDS for t in toks)


def _clause_query(schema: tantivy.Schema, c: Clause, terms: set[str], question: bool = False,
                  stop: bool = False, populated: frozenset[str] | None = None, vocab=None) -> Query | None:
    """One word or phrase across the search fields: the best-matching field counts most
    (dismax), exact forms above stemmed ones. A question weighs headings less and text more.
    A stop word (`stop`) is looked for as typed, in the fields where stop words count. In a
    field without a stemmed view a word's inflections in the index (singular and plural, from
    the vocabulary) stand in for its stem."""
    if c.field == "identifier":
        keys = identifiers.lookup_keys(c.text) or {c.text.lower()}
        return any_term(schema, IDENTIFIER_FIELD, sorted(keys))
    usable = search_fields(schema, populated)
    fields = tuple(f for f in ((BY_NAME[c.field],) if c.field else usable)
                   if f in usable and (f.stop_words or not stop))
    exact = list(exact_tokens(c.text))
    stems = list(stem_tokens(c.text))
    if not exact or not fields:
        return None
    terms.update(exact)
    terms.update(stems)
    per_field: list[Query] = []
    tie = QUESTION_TIE_BREAKER if question else TIE_BREAKER
    have = schema_fields(schema)
    for f in fields:
        # A generation built before a field lost its stemmed view still has it; it is not used.
        stemmed = f.stemmed and f.text_field in have
        boost = (f.question_boost if question and f.question_boost is not None else f.search) or 1.0
        if len(exact) == 1:
            per_field.append(Query.boost_query(Query.term_query(schema, f.exact_field, exact[0]), boost * EXACT_BONUS))
            if stop:
                continue
            if stemmed:
                per_field.append(Query.boost_query(Query.term_query(schema, f.text_field, stems[0]), boost))
            elif vocab is not None:
                forms = [w for w in inflections(exact[0], vocab) if w != exact[0]]
                if forms:
                    terms.update(forms)
                    per_field.append(Query.boost_query(any_term(schema, f.exact_field, forms), boost))
        else:
            per_field.append(Query.boost_query(Query.phrase_query(schema, f.exact_field, exact), boost * EXACT_BONUS))
            if not c.phrase and stemmed:
                per_field.append(Query.boost_query(Query.phrase_query(schema, f.text_field, stems), boost))
    return Query.disjunction_max_query(per_field, tie)
