"""The misses report's pieces: reciprocal-rank fusion and the plain query on our own index."""
from __future__ import annotations

from bench.relevance import misses


def test_fusion_by_reciprocal_rank():
    ours, plain = ["a", "b", "c"], ["c", "d", "a"]
    assert misses.fuse(ours, plain, 0.0) == ["a", "b", "c", "d"]  # weight 0: our order, theirs after
    fused = misses.fuse(ours, plain, 1.0, k=1)
    # a: 1/2 + 1/4, c: 1/4 + 1/2 (a tie, our order decides), b: 1/3, d: 1/3 (b first: ours)
    assert fused == ["a", "c", "b", "d"]
    assert misses.fuse(ours, plain, 0.5, k=60)[0] == "a"


def test_rank_of():
    assert misses.rank_of(["x", "y", "z"], {"z"}) == 3
    assert misses.rank_of(["x"], {"z"}) is None


def test_the_plain_query_is_the_baselines_words_on_our_index():
    from indexer.schema import build_schema as schema

    q = misses.plain_query(schema(), "Hoe kom ik van mijn schulden af?")
    text = repr(q)
    assert "schul" in text and "kom" in text  # stemmed, question words kept (the baseline's words)
    assert misses.plain_query(schema(), "wat is de") is None  # only stop words: nothing to search
