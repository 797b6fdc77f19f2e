"""The vocabulary file written beside a generation (indexer.vocabfile) gives the servers exactly
the vocabulary they built themselves before: every word and count, prefixes, suffixes, typo
candidates, corrections and compound splits; a generation without a fresh file still works."""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from indexer import generations as gens
from indexer import vocabfile
from indexer.build import build, delete, update
from indexer.schema import open_index
from search_api import spelling, vocabulary
from search_api.compounds import compounds_containing, split
from search_api.request import SearchRequest
from search_api.service import SearchService
from search_api.vocabulary import MappedVocabulary, Vocabulary

TYPO_QUERIES = ["bibliotheeek", "hemle", "ontdekkking", "geschiedenis", "kinderboekn", "nederlansd"]


def _both(path: Path) -> tuple[Vocabulary, MappedVocabulary]:
    """The generation at `path` read the old way (term dictionaries, in memory) and mapped."""
    index = open_index(str(path))
    mapped = vocabfile.load(path)
    assert mapped is not None, "the build wrote no usable vocabulary file"
    return Vocabulary.from_searcher(index.searcher()), MappedVocabulary(mapped)


def _typo(rnd: random.Random, w: str) -> str:
    i = rnd.randrange(len(w))
    kind = rnd.randrange(3)
    if kind == 0:
        return w[:i] + rnd.choice("aeiklnrst") + w[i + 1:]
    if kind == 1:
        return w[:i] + w[i + 1:]
    return w[:i] + rnd.choice("aeiklnrst") + w[i:]


def _differences(built: Vocabulary, mapped: MappedVocabulary, seed: int = 5) -> list:
    """Every answer the two give differently, over every word and a seeded sample of typos."""
    out = []
    if list(built.items()) != list(mapped.items()):
        out.append("items")
    words = [w for w, _ in built.items()]
    rnd = random.Random(seed)
    probes = words + [_typo(rnd, w) for w in rnd.sample(words, min(400, len(words))) if len(w) > 2]
    probes += ["", "é", "zzzzzz", "\U0001f600"]
    for w in probes:
        if built.count(w) != mapped.count(w):
            out.append(("count", w))
        for part in {w[:1], w[:3], w}:
            if built.with_prefix(part, 500) != mapped.with_prefix(part, 500):
                out.append(("prefix", part))
        for part in {w[-1:], w[-3:], w}:
            if built.with_suffix(part, 500) != mapped.with_suffix(part, 500):
                out.append(("suffix", part))
    for w in probes[-450:]:
        for k in (1, 2):
            if sorted(built.typos.near(w, k)) != sorted(mapped.typos.near(w, k)):
                out.append(("near", w, k))
        if spelling.candidates(w, built) != spelling.candidates(w, mapped):
            out.append(("candidates", w))
        if split(w, built) != split(w, mapped):
            out.append(("split", w))
        if compounds_containing(w, built) != compounds_containing(w, mapped):
            out.append(("containing", w))
    return out


def test_the_mapped_vocabulary_answers_as_the_built_one_on_the_sample(sample_index):
    built, mapped = _both(gens.current(sample_index).path)
    assert len(built.df) > 1000 and sum(1 for _ in mapped.items()) == len(built.df)
    assert _differences(built, mapped) == []


def test_the_comparison_sees_one_changed_count_or_word(sample_index):
    """The check above must be able to fail: one count off, one word missing."""
    built, mapped = _both(gens.current(sample_index).path)
    word, count = next((w, n) for w, n in built.items() if w.isalpha() and n >= 2)
    assert ("count", word) in _differences(Vocabulary({**built.df, word: count + 1}), mapped)
    fewer = dict(built.df)
    del fewer[word]
    assert "items" in _differences(Vocabulary(fewer), mapped)


def test_the_service_maps_the_file(service):
    vocab = service.vocabulary(service.state)
    assert isinstance(vocab, MappedVocabulary) and service.warm


def _records(path: Path, words: list[str]) -> Path:
    with open(path, "w") as fh:
        for i, w in enumerate(words):
            fh.write(json.dumps({"id": f"t:{i}", "title": f"Het {w} van de bibliotheek", "material": "boek",
                                 "description": f"Over {w} en over boeken."}) + "\n")
    return path


WORDS = ["zeppelin", "zeppelins", "luchtschip", "luchtschepen", "ballonvaart", "ballonvaarder",
         "zeilboot", "zeilboten", "fietstocht"] * 2


@pytest.fixture()
def small(tmp_path) -> Path:
    build(tmp_path / "idx", [f"jsonl:{_records(tmp_path / 'a.jsonl', WORDS)}"])
    return tmp_path / "idx"


def _answers(svc: SearchService) -> list:
    out = []
    for q in TYPO_QUERIES + ["zeplin", "luchtschiep", "ballonvart", "zeilbooten"]:
        r = svc.search(SearchRequest(q=q, size=3))
        out.append((q, r.total, r.query, r.did_you_mean, r.corrected_from, [h.id for h in r.hits]))
    return out


def test_a_generation_without_the_file_still_works(small, sample_index, tmp_path):
    with_file = SearchService(small)
    assert isinstance(with_file.vocabulary(with_file.state), MappedVocabulary)
    expected = _answers(with_file)
    assert any(a[3] or a[4] for a in expected)  # corrections are made: the comparison tests something
    (gens.current(small).path / vocabfile.FILE).unlink()
    without = SearchService(small)
    vocab = without.vocabulary(without.state)
    assert isinstance(vocab, Vocabulary) and without.warm is vocab.typos_built
    assert _answers(without) == expected
    # The sample too: a generation built before these files existed serves the same answers.
    old = tmp_path / "old"
    shutil.copytree(sample_index, old)
    (gens.current(old).path / vocabfile.FILE).unlink()
    a, b = SearchService(sample_index), SearchService(old)
    assert isinstance(b.vocabulary(b.state), Vocabulary)
    assert _answers(a) == _answers(b)


def test_a_stale_or_broken_file_is_not_used(small):
    path = gens.current(small).path
    good = (path / vocabfile.FILE).read_bytes()
    assert vocabfile.load(path) is not None
    (path / vocabfile.FILE).write_bytes(good[:-8])
    assert vocabfile.load(path) is None  # cut short
    (path / vocabfile.FILE).write_bytes(b"VPVOCAB9" + good[8:])
    assert vocabfile.load(path) is None  # another format
    (path / vocabfile.FILE).write_bytes(good)
    meta = json.loads((path / "meta.json").read_text())
    meta["opstamp"] += 1
    (path / "meta.json").write_text(json.dumps(meta))
    assert vocabfile.load(path) is None  # another commit than the index's


def test_an_update_writes_the_file_again_and_the_service_maps_it(small, tmp_path):
    svc = SearchService(small, reload_interval=0.0)
    before = svc.vocabulary(svc.state)
    assert isinstance(before, MappedVocabulary) and before.count("stratosfeer") == 0
    new = tmp_path / "u.jsonl"
    new.write_text('{"id": "t:0", "title": "Naar de stratosfeer", "material": "boek"}\n'
                   '{"id": "t:99", "title": "De stratosfeer en verder", "material": "boek"}\n')
    update(small, [f"jsonl:{new}"])
    path = gens.current(small).path
    built, mapped = _both(path)
    assert mapped.count("stratosfeer") == built.count("stratosfeer") == 2
    assert list(built.items()) == list(mapped.items())
    after = svc.vocabulary(svc.refresh(force=True))
    assert isinstance(after, MappedVocabulary) and after.count("stratosfeer") == 2
    assert svc.search(SearchRequest(q="stratosfear")).corrected_from == "stratosfear"
    delete(small, ["t:99"])
    assert vocabfile.load(path) is not None  # a delete writes it again too


def test_after_an_update_the_old_vocabulary_serves_until_the_new_file_is_there(small, tmp_path, monkeypatch):
    monkeypatch.setattr(vocabulary, "RECHECK", 0.0)
    svc = SearchService(small, reload_interval=0.0)
    path = gens.current(small).path
    old_file = (path / vocabfile.FILE).read_bytes()
    first = svc.vocabulary(svc.state)
    new = tmp_path / "u.jsonl"
    new.write_text('{"id": "t:0", "title": "Naar de stratosfeer", "material": "boek"}\n')
    update(small, [f"jsonl:{new}"])
    (path / vocabfile.FILE).write_bytes(old_file)  # as between the update's commit and its new file
    st = svc.refresh(force=True)
    assert svc.vocabulary(st) is first and not svc.warm  # stale: the one it had, no build of its own
    vocabfile.write(path)
    assert isinstance(svc.vocabulary(st), MappedVocabulary) and svc.vocabulary(st).count("stratosfeer") == 1
    assert svc.warm


def test_dutch_word_frequencies_are_wordfreqs_own():
    """The Dutch word list read at once from wordfreq's frequencies gives every word the Zipf
    frequency wordfreq.zipf_frequency gives the list's word it was folded from (checked on a
    spread of the list: the first, most frequent form of each folded word)."""
    from wordfreq import top_n_list, zipf_frequency

    from indexer.analysis import exact_tokens

    words = vocabulary.dutch_words()
    assert len(words) > 100_000 and words["bibliotheek"] > 4.0
    first: dict[str, str] = {}
    for w in top_n_list("nl", vocabulary.DICTIONARY_SIZE):
        toks = exact_tokens(w)
        if len(toks) == 1 and toks[0].isalpha():
            first.setdefault(toks[0], w)
    assert set(first) == set(words)
    sample = random.Random(7).sample(sorted(first), 500) + ["de", "bibliotheek", "een", "dieren"]
    assert {t: words[t] for t in sample} == {t: zipf_frequency(first[t], "nl") for t in sample}
