"""The knowledge-box bench (bench/knowledge_box): how it picks the threshold from judged searches."""
import math

from bench.knowledge_box import Judged, choose, f1, rates


def judged(source: str, wanted: list[float], not_wanted: list[float]) -> list[Judged]:
    return ([Judged(source, "service", f"q{i}", True, m) for i, m in enumerate(wanted)]
            + [Judged(source, "topic", f"t{i}", False, m) for i, m in enumerate(not_wanted)])


def test_a_clean_gap_gives_its_geometric_middle():
    items = judged("patron", [3.0, 4.0, math.inf], [0.5, 1.0, 1.5])
    threshold, score = choose(items)
    assert math.isclose(threshold, math.sqrt(1.5 * 3.0)) and score == 1.0
    assert rates(items, threshold) == (1.0, 0.0)


def test_overlap_is_settled_by_f1_averaged_over_the_sources():
    patron = judged("patron", [2.1, 5.0, 9.0], [0.9, 2.5])
    relevance = judged("relevance", [2.4, 6.0], [1.8])
    threshold, score = choose(patron + relevance)
    # Above 2.5 the patron source loses a served question, below 2.1 it gains nothing; within
    # (1.8, 2.1] both sources are at their best together.
    assert 1.8 < threshold <= 2.1
    assert math.isclose(score, (f1(patron, threshold) + f1(relevance, threshold)) / 2)


def test_no_ratios_measured_keeps_one():
    assert choose(judged("patron", [math.inf], [0.0])) == (1.0, 0.0)
