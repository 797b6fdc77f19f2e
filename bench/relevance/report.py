"""The printed table: one row per set and metric, one column per system, then timings."""
from __future__ import annotations

import os
import platform
import sqlite3
from collections.abc import Iterable

from bench.relevance.evaluate import Result
from bench.relevance.querysets import QuerySet
from bench.relevance.variants import VARIANTS

KNOWLEDGE_GOAL = 0.90
KNOWN_GOAL = 0.95


def machine(pg_version: str | None = None) -> dict:
    import tantivy

    from bench.latency import cpu_name

    out = {
        "cpu": f"{cpu_name()} × {os.cpu_count()}",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "tantivy": str(getattr(tantivy, "__version__", "?")).removeprefix("tantivy ").lstrip("v"),
        "sqlite": sqlite3.sqlite_version,
    }
    if pg_version:
        out["postgresql"] = pg_version
    return out


def rows_for(qset: QuerySet) -> list[tuple[str, str]]:
    """(row label, score key) for a set: its metrics, and per variant for the known-item set."""
    rows = []
    for metric in qset.metrics:
        if qset.name == "known":
            rows.append((f"{metric}  all ways", metric))
            rows += [(f"{metric}    {v}", f"{metric} {v}") for v in VARIANTS]
        else:
            rows.append((metric, metric))
    return rows


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def table(qsets: Iterable[QuerySet], results: dict[tuple[str, str], Result], systems: list[str]) -> tuple[str, list[dict]]:
    """The metrics table and its rows as data (with the comparison against the baselines)."""
    baselines = [s for s in systems if not s.startswith("vindplaats")]
    head = ["set", "metric", "queries", *systems]
    if "vindplaats" in systems and baselines:
        head += ["best baseline", "vindplaats ahead"]
    lines: list[list[str]] = []
    data: list[dict] = []
    for qs in qsets:
        for label, key in rows_for(qs):
            scores = {s: results[(s, qs.name)].scores.get(key) if (s, qs.name) in results else None
                      for s in systems}
            n = next((results[(s, qs.name)].counts.get(key, 0) for s in systems if (s, qs.name) in results), 0)
            row = [qs.name, label, str(n), *(_fmt(scores[s]) for s in systems)]
            entry = {"set": qs.name, "metric": key, "queries": n, "scores": scores}
            if "vindplaats" in systems and baselines:
                base = [scores[b] for b in baselines if scores[b] is not None]
                best = max(base) if base else None
                ahead = scores["vindplaats"] is not None and best is not None and scores["vindplaats"] > best
                row += [_fmt(best), "yes" if ahead else "NO"]
                entry["vindplaats_ahead"] = ahead
            lines.append(row)
            data.append(entry)
    return _grid(head, lines), data


def cross_validated(qsets: Iterable[QuerySet], results: dict[tuple[str, str], Result],
                    systems: list[str]) -> tuple[str, list[dict]]:
    """Each train figure beside its five-fold mean ± sd (bench.relevance.cv). No system here is
    tuned per fold, so the mean is the train figure; the sd is the noise between two systems.
    The weights that are chosen on questions are chosen by cv.tune (see bench/relevance/tune.py)."""
    from bench.relevance import cv

    head = ["set", "metric", "queries", *systems]
    lines, data = [], []
    for qs in qsets:
        if qs.held_out:
            continue
        for metric in qs.metrics:
            row = [qs.name, metric, str(len(qs.queries))]
            entry = {"set": qs.name, "metric": metric, "queries": len(qs.queries), "cv": {}}
            for s in systems:
                r = results.get((s, qs.name))
                if r is None:
                    row.append("n/a")
                    continue
                # a query set may type one title several ways: fold by the item, not the typing
                per_q: dict[str, list[float]] = {}
                for pq in r.per_query:
                    per_q.setdefault(pq["qid"].split("#")[0], []).append(pq["scores"][metric])
                sp = cv.spread({q: sum(v) / len(v) for q, v in per_q.items()})
                row.append(str(sp))
                entry["cv"][s] = {"mean": sp.mean, "sd": sp.sd, "per_fold": sp.per_fold}
            lines.append(row)
            data.append(entry)
    return _grid(head, lines), data


def timings(parts: list[tuple[str, dict[str, str]]], systems: list[str]) -> str:
    head = ["part", *systems]
    return _grid(head, [[label, *(cells.get(s, "") for s in systems)] for label, cells in parts], left=1)


def criteria(data: list[dict], systems: list[str]) -> list[str]:
    """The issue's definition of done, checked on this run's figures."""
    def score(set_name: str, metric: str) -> float | None:
        for d in data:
            if d["set"] == set_name and d["metric"] == metric:
                return d["scores"].get("vindplaats")
        return None

    out = []
    if "vindplaats" not in systems:
        return ["(vindplaats was not run: no criteria checked)"]
    k = score("knowledge", "MRR@10")
    if k is not None:
        out.append(f"[{'x' if k >= KNOWLEDGE_GOAL else ' '}] knowledge MRR@10 on train >= {KNOWLEDGE_GOAL:.2f}: {k:.3f}")
    s = score("known", "success@1")
    if s is not None:
        out.append(f"[{'x' if s >= KNOWN_GOAL else ' '}] known-item success@1 over all ways >= {KNOWN_GOAL:.2f}: {s:.3f}")
    compared = [d for d in data if "vindplaats_ahead" in d and not d["set"].endswith("-test")]
    if compared:
        behind = [f"{d['set']} {d['metric']}" for d in compared if not d["vindplaats_ahead"]]
        from bench.relevance.systems import BASELINES

        missing = [b for b in BASELINES if b not in systems]
        mark = "x" if not behind and not missing else " "
        line = f"[{mark}] every figure better than every baseline"
        line += ": yes" if not behind else f": NOT on {', '.join(behind)}"
        if missing:
            line += f" (baselines not run: {', '.join(missing)})"
        out.append(line)
    return out


def _grid(head: list[str], rows: list[list[str]], left: int = 2) -> str:
    """Plain-text columns: the first `left` columns left-aligned, the figures right-aligned."""
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def fmt(r: list[str]) -> str:
        return "  ".join(str(c).ljust(w) if i < left else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(head), rule, *(fmt(r) for r in rows)])
