"""What a patron types is never an error: the lenient query reader."""
import pytest

from search_api.userquery import parse


def words(pq):
    return [[c.text for c in g] for g in pq.groups]


def test_plain_words_are_anded():
    pq = parse("ontdekking hemel")
    assert words(pq) == [["ontdekking"], ["hemel"]] and not pq.notices


def test_phrase_and_or_and_not():
    pq = parse('"de ontdekking" hemel OR aarde NOT mulisch -reve')
    assert pq.groups[0][0].phrase and pq.groups[0][0].text == "de ontdekking"
    assert words(pq)[1] == ["hemel", "aarde"]
    assert [c.text for c in pq.negations] == ["mulisch", "reve"]


def test_field_prefixes_map_to_registry_fields():
    pq = parse('auteur:mulisch titel:"de aanslag" isbn:9789023472780')
    fields = [c.field for g in pq.groups for c in g]
    assert fields == ["authors", "title", "identifier"]


@pytest.mark.parametrize("q", ['"open quote', 'title:(', 'AND NOT', 'OR', 'hemel AND NOT', '((', 'foo:bar', ')))', '"'])
def test_broken_syntax_is_read_as_words_with_a_notice(q):
    pq = parse(q)
    assert pq.notices, q


def test_unknown_field_is_searched_as_words():
    pq = parse("kleur:rood")
    assert words(pq) == [["kleur rood"]]
    assert "kleur" in pq.notices[0]


def test_lone_operator_gives_empty_query_with_notice():
    pq = parse("AND NOT")
    assert pq.is_empty and pq.notices


def test_lowercase_operators_are_words():
    assert words(parse("to be or not to be")) == [["to"], ["be"], ["or"], ["not"], ["to"], ["be"]]
