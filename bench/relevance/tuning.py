"""What the tuning scripts (tune, tune_known, tune_subjects) share: Vindplaats opened on a
prepared collection, and the service's remembered answers forgotten when a setting changes them."""
from __future__ import annotations

from pathlib import Path

from bench.relevance.prepare import prepare


def open_vindplaats(collection: str, corpus: Path):
    """The prepared collection, the Vindplaats system opened on it and its SearchService."""
    from bench.relevance.systems.vindplaats import Vindplaats

    coll = prepare(collection, corpus)
    system = Vindplaats()
    system.open(coll)
    return coll, system, system._services[coll.name]


def forget(service, kind: str) -> None:
    """Drop the answers of one kind the service remembers per generation ("correction",
    "subject_profile"): a new setting needs them worked out again."""
    memo = service.vocabulary(service.state)._memo
    for key in [k for k in memo if isinstance(k, tuple) and k and k[0] == kind]:
        del memo[key]
