"""The soak's memory figure: growth after warm-up, where a kill moves traffic and so warms again."""
from __future__ import annotations

from bench import soak


class _Stats:
    samples = ()
    retries = 0
    errors = ()


def _summary(series: dict[str, list[int]], kill_at: float | None):
    memory = [{"t": 60 * (i + 1), "load": 1.0, "workers": {pid: kb[i] for pid, kb in series.items() if kb[i]}}
              for i in range(30)]
    events = [{"t": kill_at, "event": "SIGKILL", "pid": 9}] if kill_at is not None else []
    return soak.summarise(_Stats, memory, events, 1800, 120, 2, True, (0, 0, 0))


def test_a_worker_warming_after_the_kill_is_not_growth():
    # '1' idles at 170 MB until '9' is killed at 720 s, then takes the traffic: 400 MB, flat.
    idle_then_busy = [170_000] * 12 + [320_000, 395_000] + [400_000] * 16
    replacement = [0] * 12 + [160_000] * 18
    res = _summary({"1": idle_then_busy, "2": replacement, "9": [400_000] * 12 + [0] * 18}, kill_at=720)
    assert res["memory_growth_since_s"] == 1080
    assert res["memory_growth_after_warmup_pct"] == {"1": 0.0, "2": 0.0}


def test_a_leak_is_reported():
    leaking = [200_000 + 5_000 * i for i in range(30)]
    res = _summary({"1": leaking, "2": [200_000] * 30}, kill_at=None)
    assert res["memory_growth_since_s"] == 360
    assert res["memory_growth_after_warmup_pct"]["1"] > 50
    assert res["memory_growth_after_warmup_pct"]["2"] == 0.0
