"""Which edition stands for a work in a list of works, and what the whole work offers a patron.

A work's place in the list is its best-ranked edition's; the edition shown for it is chosen
among its editions that match the search (so every chosen filter holds for it) by what serves the
patron: their language, then an edition their library holds, then the most widely held, then a
print edition, then the newest. Availability is the whole work's: a patron who wants the novel
does not mind which edition is on the shelf.
"""
from __future__ import annotations

from dataclasses import dataclass

PRINT = "boek"


def _libraries(rec: dict) -> set[str]:
    return {h.get("library") or h.get("library_name") for h in rec.get("holdings") or []} - {None, ""}


def preference(rec: dict, lang: str, library: str | None) -> tuple:
    """The sort key of an edition as the work's representative: larger is better."""
    held = _libraries(rec)
    return (lang in (rec.get("language") or []),
            bool(library) and library in held,
            len(held),
            rec.get("material") == PRINT and not rec.get("reading_form"),
            rec.get("year") or 0)


def representative(editions: list[dict], lang: str, library: str | None) -> dict:
    """The edition that stands for its work; `editions` in rank order (ties go to the best-ranked)."""
    best, best_key = editions[0], preference(editions[0], lang, library)
    for rec in editions[1:]:
        key = preference(rec, lang, library)
        if key > best_key:
            best, best_key = rec, key
    return best


@dataclass(frozen=True)
class WorkHoldings:
    """The libraries holding any edition of a work, and those with a copy on the shelf now."""
    libraries: frozenset[str] = frozenset()
    available: frozenset[str] = frozenset()

    def held_by(self, library: str) -> bool:
        return library in self.libraries

    def available_at(self, library: str) -> bool:
        return library in self.available


def edition_held_by(editions: list[dict], library: str, lang: str = "nl") -> dict | None:
    """The edition of a work that `library` holds, preferring one in the patron's language and one
    on the shelf now; None when it holds none."""
    held = [e for e in editions if any(h.get("library") == library for h in e.get("holdings") or [])]
    if not held:
        return None
    return max(held, key=lambda e: (lang in (e.get("language") or []),
                                    any(h.get("library") == library and h.get("available")
                                        for h in e.get("holdings") or []),
                                    e.get("year") or 0))
