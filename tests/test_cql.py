"""CQL 1.2 parser: real-world SRU queries, precedence, escapes, diagnostics and round trips."""
from __future__ import annotations

import pytest

from search_api.cql import (
    DIAGNOSTICS,
    BooleanNode,
    CQLError,
    CQLQuery,
    Modifier,
    NodeVisitor,
    SearchClause,
    SortKey,
    diagnostic_uri,
    has_masking,
    parse,
    term_parts,
    to_cql,
    walk,
)


def clause(index, relation, term, mods=None):
    return SearchClause(index, relation, mods or [], term)


def bare(term):
    return SearchClause(None, None, [], term)


def error_of(query: str, **kwargs) -> CQLError:
    with pytest.raises(CQLError) as info:
        parse(query, **kwargs)
    return info.value


# -- real-world queries ----------------------------------------------------------------------


def test_title_any_and_date():
    q = parse('dc.title any "ontdekking hemel" and dc.date > 2000')
    assert q.root == BooleanNode(
        "and", clause("dc.title", "any", "ontdekking hemel"), clause("dc.date", ">", "2000"), []
    )
    assert q.sort_keys == [] and q.prefixes == {}


def test_isbn_identifier():
    assert parse("dc.identifier = 9789023472780").root == clause("dc.identifier", "=", "9789023472780")


def test_quoted_bare_phrase():
    root = parse('"de ontdekking van de hemel"').root
    assert root == bare("de ontdekking van de hemel")
    assert root.effective_index == "cql.serverchoice" and root.effective_relation == "="


def test_single_bare_word():
    assert parse("mulisch").root == bare("mulisch")


def test_creator_or_adj():
    q = parse('dc.creator = "Mulisch, Harry" or dc.creator adj "Harry Mulisch"')
    assert q.root == BooleanNode(
        "or", clause("dc.creator", "=", "Mulisch, Harry"), clause("dc.creator", "adj", "Harry Mulisch"), []
    )


def test_parentheses_and_not():
    q = parse("(dc.title = hemel or dc.title = aarde) not dc.type = ebook")
    assert q.root == BooleanNode(
        "not",
        BooleanNode("or", clause("dc.title", "=", "hemel"), clause("dc.title", "=", "aarde"), []),
        clause("dc.type", "=", "ebook"),
        [],
    )


def test_project_context_set_keeps_term_case():
    root = parse("vp.library = NL-AmOBA").root
    assert root == clause("vp.library", "=", "NL-AmOBA")
    assert root.index_prefix == "vp" and root.index_name == "library"


def test_relation_modifier_relevant():
    root = parse("dc.title =/relevant hemel").root
    assert root == clause("dc.title", "=", "hemel", [Modifier("relevant")])
    assert root.modifier("relevant") == Modifier("relevant")


def test_prefix_assignment():
    q = parse('> dc = "info:srw/cql-context-set/1/dc-v1.1" dc.title = x')
    assert q.prefixes == {"dc": "info:srw/cql-context-set/1/dc-v1.1"}
    assert q.root == clause("dc.title", "=", "x")


def test_default_context_set_assignment_and_nested_prefixes():
    q = parse('> "info:srw/cql-context-set/1/dc-v1.1" title = x and (> VP = "urn:vp" vp.library = NL-AmOBA)')
    assert q.prefixes == {"": "info:srw/cql-context-set/1/dc-v1.1", "vp": "urn:vp"}
    assert q.root.right == clause("vp.library", "=", "NL-AmOBA")


def test_sort_by_with_modifier():
    q = parse("dc.title = x sortBy dc.date/sort.descending")
    assert q.sort_keys == [SortKey("dc.date", [Modifier("sort.descending")])]
    assert q.sort_keys[0].descending


def test_sort_by_several_keys_case_insensitive_keyword():
    q = parse("hemel SORTBY dc.title/sort.ascending/sort.ignoreCase dc.date/sort.missingValue=0")
    assert [k.index for k in q.sort_keys] == ["dc.title", "dc.date"]
    assert q.sort_keys[0].modifiers == [Modifier("sort.ascending"), Modifier("sort.ignorecase")]
    assert q.sort_keys[1].modifiers == [Modifier("sort.missingvalue", "=", "0")]
    assert not q.sort_keys[0].descending


def test_all_records():
    assert parse("cql.allRecords = 1").root == clause("cql.allrecords", "=", "1")


def test_server_choice_explicit():
    assert parse('cql.serverChoice = "max havelaar"').root == clause("cql.serverchoice", "=", "max havelaar")


@pytest.mark.parametrize("relation", ["=", "==", "<>", "<", ">", "<=", ">=", "any", "all", "adj", "within", "encloses"])
def test_every_cql_relation(relation):
    assert parse(f"dc.date {relation} 2000").root.relation == relation


def test_named_relations_case_insensitive_with_prefix_and_aliases():
    assert parse("dc.title ANY hemel").root.relation == "any"
    assert parse("dc.title cql.any hemel").root.relation == "any"
    assert parse("dc.title CQL.Adj hemel").root.relation == "adj"
    assert parse("dc.title exact hemel").root.relation == "=="
    assert parse("dc.title scr hemel").root.relation == "="
    # another context set's relation is kept for the SRU layer to judge
    assert parse("dc.title foo.near hemel").root.relation == "foo.near"


def test_relation_modifier_with_prefix_and_value():
    root = parse('dc.title any/cql.unmasked/locale=nl_NL/vp.boost>2 "hemel*"').root
    assert root.relation_modifiers == [
        Modifier("unmasked"), Modifier("locale", "=", "nl_NL"), Modifier("vp.boost", ">", "2")
    ]
    assert root.term == "hemel*"


def test_index_names_case_insensitive():
    assert parse("DC.Title = Hemel").root == clause("dc.title", "=", "Hemel")


def test_keywords_case_insensitive():
    q = parse("a AND b Or c NOT d")
    assert [n.op for n in walk(q) if isinstance(n, BooleanNode)] == ["not", "or", "and"]


def test_boolean_left_associative_without_precedence():
    # CQL has no precedence: a or b and c == (a or b) and c
    q = parse("a or b and c")
    assert q.root == BooleanNode("and", BooleanNode("or", bare("a"), bare("b"), []), bare("c"), [])


def test_parentheses_override_associativity():
    q = parse("a or (b and c)")
    assert q.root == BooleanNode("or", bare("a"), BooleanNode("and", bare("b"), bare("c"), []), [])


def test_redundant_parentheses():
    assert parse("((mulisch))").root == bare("mulisch")


def test_prox_with_modifiers_parses():
    q = parse("x prox/unit=word y")
    assert q.root == BooleanNode("prox", bare("x"), bare("y"), [Modifier("unit", "=", "word")])
    q = parse("hemel prox/unit=word/distance>2/cql.ordered aarde")
    assert q.root.modifiers == [Modifier("unit", "=", "word"), Modifier("distance", ">", "2"), Modifier("ordered")]


def test_escaped_quotes():
    root = parse(r'dc.title = "de \"grote\" reis"').root
    assert root.term == 'de "grote" reis'


def test_escaped_backslash_before_closing_quote():
    assert parse(r'dc.title = "a\\"').root.term == "a\\\\"
    assert parse(r'"a\\\"" and b').root.left.term == 'a\\\\"'


def test_masking_escapes_preserved():
    root = parse(r'dc.title = "100\% \*ster\?"').root
    assert root.term == r"100\% \*ster\?"
    assert not has_masking(root.term)
    assert has_masking(parse("hemel*").root.term)
    assert term_parts(r"ab\*c*d?^") == [("text", "ab*c"), ("mask", "*"), ("text", "d"), ("mask", "?"), ("anchor", "^")]


def test_unicode_terms():
    assert parse('dc.title = "Ĳsland café"').root.term == "Ĳsland café"
    assert parse("dc.creator = Žižek").root.term == "Žižek"
    assert parse("dc.title=\u00a0\"ß\"").root.term == "ß"


def test_no_spaces_around_symbols():
    q = parse('dc.date>=2000 and(dc.title="x")')
    assert q.root == BooleanNode("and", clause("dc.date", ">=", "2000"), clause("dc.title", "=", "x"), [])


def test_reserved_word_allowed_as_term_after_relation_and_when_quoted():
    assert parse("dc.title = not").root == clause("dc.title", "=", "not")
    assert parse('"and"').root == bare("and")
    assert parse('dc.title = "sortby" sortby dc.date').root.term == "sortby"


def test_quoted_index_name():
    assert parse('"dc.title" = x').root == clause("dc.title", "=", "x")


def test_empty_term_allowed_on_request():
    assert parse('dc.title = ""', allow_empty_terms=True).root.term == ""


def test_walk_and_visitor():
    q = parse("a and (dc.title = b or c) not d")
    assert [c.term for c in q.clauses()] == ["a", "b", "c", "d"]

    class Counter(NodeVisitor):
        def __init__(self):
            self.indexes = []

        def visit_SearchClause(self, node):
            self.indexes.append(node.effective_index)

    v = Counter()
    v.visit(q)
    assert v.indexes == ["cql.serverchoice", "dc.title", "cql.serverchoice", "cql.serverchoice"]

    class ToText(NodeVisitor):
        def visit_BooleanNode(self, node):
            return f"({self.visit(node.left)} {node.op.upper()} {self.visit(node.right)})"

        def visit_SearchClause(self, node):
            return node.term

    assert ToText().visit(q.root) == "((a AND (b OR c)) NOT d)"


# -- errors and diagnostics ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, code",
    [
        ("dc.title any", 10),  # missing term is a syntax error; 27 is for an explicit ""
        ("dc.title =", 10),
        ('dc.title = ""', 27),
        ('""', 27),
        ("(dc.title = x", 13),
        ("dc.title = x)", 13),
        ("((a) or b", 13),
        ("()", 13),
        ("a and ()", 13),
        ("a and )", 13),
        ('dc.title = "open', 14),
        ('"', 14),
        (r'dc.title = "ends in backslash\"', 14),
        ('dc.title = ab"cd"', 14),
        ('"ab"cd', 14),
        ("dc.title foo bar", 19),  # unprefixed relation names belong to the cql set, which has no 'foo'
        ("dc.title cql.foo bar", 19),
        ("dc.title =/foo bar", 20),
        ("dc.title =/cql.bogus bar", 20),
        ("a and/foo b", 46),
        ("and", 10),
        ("or b", 10),
        ("a and or b", 10),
        ("", 10),
        ("   ", 10),
        ("dc.title = x and", 10),
        ("dc.title = x prox", 10),
        ("hemel aarde", 10),
        ("dc.title = hemel aarde", 10),
        ("= x", 10),
        ("hemel/relevant", 10),
        ("dc.identifier = http://example.org/x", 10),
        ("x sortBy", 10),
        ("x sortBy and", 10),
        ("(x sortBy dc.title)", 10),
        ("sortBy dc.title", 10),
        ("> dc =", 10),
        ('> dc = "u"', 10),
        ("dc.title =/ x", 10),
        ("a prox/distance> b", 10),
        ('> dc = "a" (> dc = "b" dc.title = x)', 45),
    ],
)
def test_diagnostics(query, code):
    err = error_of(query)
    assert err.code == code, (query, err)
    assert err.uri == f"info:srw/diagnostic/1/{code}"
    assert err.message


def test_unbalanced_parenthesis_reports_offset_of_open_paren():
    err = error_of("a and (dc.title = x")
    assert (err.code, err.details, err.position) == (13, "6", 6)
    err = error_of("a) or b")
    assert (err.code, err.details) == (13, "1")


def test_unterminated_quote_reports_offset_of_opening_quote():
    err = error_of('dc.title = "open')
    assert (err.code, err.details, err.position) == (14, "11", 11)


def test_unsupported_relation_details_name_the_relation():
    err = error_of("dc.title foo bar")
    assert err.details == "foo"
    assert err.standard_message == "Unsupported relation"


def test_limits_on_depth_and_booleans():
    assert error_of("(" * 100 + "x" + ")" * 100).code == 13
    assert parse("(" * 10 + "x" + ")" * 10, max_depth=10).root == bare("x")
    err = error_of(" and ".join(["x"] * 300))
    assert (err.code, err.details) == (38, "200")


def test_cql_error_is_a_value_error_with_readable_str():
    err = error_of("(x")
    assert isinstance(err, ValueError)
    assert str(err).startswith("info:srw/diagnostic/1/13: ")


def test_diagnostic_table():
    for code in (1, 4, 6, 7, 10, 13, 14, 15, 16, 19, 20, 27, 37, 38, 39, 40, 45, 46, 48, 61, 66, 80, 235):
        diag = DIAGNOSTICS[code]
        assert diag.code == code and diag.message
        assert diag.uri == diagnostic_uri(code) == f"info:srw/diagnostic/1/{code}"
    assert DIAGNOSTICS[10].message == "Query syntax error"
    assert DIAGNOSTICS[13].details_format == "Character offset to error"


def test_non_string_rejected():
    with pytest.raises(TypeError):
        parse(None)  # type: ignore[arg-type]


# -- serialiser ------------------------------------------------------------------------------

ROUND_TRIP = [
    'dc.title any "ontdekking hemel" and dc.date > 2000',
    "dc.identifier = 9789023472780",
    '"de ontdekking van de hemel"',
    "mulisch",
    'dc.creator = "Mulisch, Harry" or dc.creator adj "Harry Mulisch"',
    "(dc.title = hemel or dc.title = aarde) not dc.type = ebook",
    "vp.library = NL-AmOBA",
    "dc.title =/relevant hemel",
    '> dc = "info:srw/cql-context-set/1/dc-v1.1" dc.title = x',
    '> "info:srw/cql-context-set/1/dc-v1.1" title = x',
    "dc.title = x sortBy dc.date/sort.descending",
    "cql.allRecords = 1",
    "a or b and c",
    "a or (b and (c not d))",
    "x prox/unit=word/distance>2 y",
    r'dc.title = "de \"grote\" reis"',
    r'dc.title = "a\\"',
    r'"a\\\"" and b',
    r'dc.title = "100\% \*ster\?" or hemel*',
    'dc.title = "Ĳsland café"',
    'dc.title any/cql.unmasked/locale=nl_NL "hemel aarde"',
    'dc.title = "and" or "or" or dc.title = not',
    '"dc.title" = x',
    'dc.title = "a=b" and dc.identifier = "http://example.org/x"',
    'dc.title = "(haakjes)" sortBy dc.title/sort.ascending dc.date/sort.missingValue="geen jaar"',
    "dc.title foo.near hemel",
    "dc.title exact hemel",
]


@pytest.mark.parametrize("query", ROUND_TRIP)
def test_round_trip(query):
    first = parse(query)
    text = to_cql(first)
    again = parse(text)
    assert again == first, text
    assert to_cql(again) == text  # serialising is stable


def test_to_cql_output_is_canonical():
    assert to_cql(parse("DC.Title ANY  Hemel")) == "dc.title any Hemel"
    assert to_cql(parse("a or (b and c)")) == "a or (b and c)"
    assert to_cql(parse("(a or b) and c")) == "a or b and c"
    assert to_cql(parse('"mulisch"')) == "mulisch"
    assert to_cql(parse('"and"')) == '"and"'
    assert to_cql(parse("x prox/unit=word y").root) == "x prox/unit=word y"


def test_to_cql_of_hand_built_trees():
    tree = CQLQuery(
        root=BooleanNode("and", SearchClause("dc.title", None, [], "de hemel"), SearchClause(None, "any", [], 'a "b"')),
        sort_keys=[SortKey("dc.date", [Modifier("sort.descending")])],
        prefixes={"dc": "info:srw/cql-context-set/1/dc-v1.1"},
    )
    text = to_cql(tree)
    assert text == (
        '> dc = "info:srw/cql-context-set/1/dc-v1.1" dc.title = "de hemel" and '
        'cql.serverchoice any "a \\"b\\"" sortBy dc.date/sort.descending'
    )
    assert parse(text).root.right == SearchClause("cql.serverchoice", "any", [], 'a "b"')
    assert to_cql(Modifier("distance", "<", "3")) == "/distance<3"
    with pytest.raises(TypeError):
        to_cql("not a node")  # type: ignore[arg-type]


def test_random_input_only_raises_cql_errors_and_round_trips():
    """Deterministic fuzz: arbitrary token soup either parses (and round-trips) or is a CQLError."""
    import random

    pieces = ['dc.title', 'x', 'Hemel', '=', '==', '<>', '<', '>=', 'any', 'cql.any', 'foo', 'and', 'OR', 'not',
              'prox', 'sortBy', '(', ')', '/', 'relevant', 'unit', 'word', '"a b"', '"', '\\', '\\"', '*', '""',
              'vp.x', 'sort.descending', ' ', ' ', '"q\\"', '"\\\\"', 'Ĳ', '\t', '> dc = "u"', '>', 'exact']
    rng = random.Random(20240601)
    parsed = 0
    for _ in range(3000):
        query = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 10)))
        try:
            tree = parse(query)
        except CQLError as err:
            assert err.code in DIAGNOSTICS
            continue
        parsed += 1
        text = to_cql(tree)
        assert parse(text) == tree, (query, text)
    assert parsed > 100
