"""The Brinkman thesaurus reader (corpus/thesaurus.py) on a small fixture, and the subject bench's
train/test split of headings."""
from pathlib import Path

import pytest

from bench.relevance import querysets
from corpus import thesaurus

FIXTURE = Path(__file__).parent / "fixtures" / "thesaurus" / "brinkman-small.tsv"


@pytest.fixture(scope="module")
def th() -> thesaurus.Thesaurus:
    return thesaurus.load(FIXTURE)


def test_parses_uris_and_labels_and_skips_junk(th):
    # the duplicate spelled with other case and spacing is one heading, the first one kept
    assert len(th) == 5
    assert th.labels["http://data.bibliotheken.nl/id/thes/p075598272"] == "psychologie"
    assert "http://data.bibliotheken.nl/id/thes/p075666822" not in th.labels


def test_preferred_form_ignores_case_and_spacing(th):
    assert th.preferred("PSYCHOLOGIE;opleiding") == "psychologie ; opleiding"
    assert th.preferred("sociologie") is None


def test_broader_is_the_main_heading_when_it_exists(th):
    assert th.broader("psychologie ; opleiding") == "psychologie"
    assert th.broader("psychologie") is None
    assert th.broader("ouderen ; gezondheidszorg") is None  # 'ouderen' alone is not in the file


def test_related_are_siblings_and_subdivisions(th):
    assert th.related("psychologie ; opleiding") == ["psychologie ; geschiedenis"]
    assert th.related("psychologie") == ["psychologie ; opleiding", "psychologie ; geschiedenis"]
    assert th.related("aardbevingen") == []


def test_subject_split_is_deterministic_and_disjoint():
    labels = [f"kop {i} ; deel" for i in range(2000)]
    first = {lab: querysets.subject_split(lab) for lab in labels}
    assert first == {lab: querysets.subject_split(lab) for lab in labels}
    train = {lab for lab, s in first.items() if s == "train"}
    test = {lab for lab, s in first.items() if s == "test"}
    assert not train & test and train | test == set(labels)
    assert 300 < len(test) < 500  # about one in five held out


def test_subject_sets_partition_the_headings(shared_corpus):
    default = querysets.subject(shared_corpus)
    train = querysets.subject(shared_corpus, split="train")
    test = querysets.subject(shared_corpus, split="test")
    ids = lambda qs: {q.qid for q in qs.queries}  # noqa: E731
    assert not ids(train) & ids(test)
    assert ids(default) == ids(train)  # the bench develops on the train headings
    assert {querysets.subject_split(q.qid.removeprefix("subject:")) for q in test.queries} == {"test"}
    assert test.held_out and not train.held_out and test.queries and train.queries
    # relevant: the uncatalogued carriers only; the catalogued ones are ignored, never both
    assert all(q.relevant and not q.relevant & q.ignore for q in train.queries + test.queries)


def test_real_thesaurus_knows_the_dissertations_headings(shared_corpus):
    th = thesaurus.load(shared_corpus / "vocab" / "brinkman-thesaurus.tsv")
    assert len(th) > 10_000
    assert th.broader("psychologie ; opleiding") == "psychologie"
