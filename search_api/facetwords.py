"""Words in a search that name a facet value: "luisterboek engels", "grote letter thriller",
"voor kinderen", "prentenboek".

The phrases are the field registry's (`Field.named`, and the value labels of those fields in both
languages for values no entry covers), folded as the index folds words. `find` reads the plain words of a parsed query and
returns each phrase it holds, the longest first, with the query groups it covers. What is done
with a phrase (a filter the patron can remove, or a boost) is the pipeline's step
`understand_facet_words`; this module only reads.

Only plain words count: a "quoted phrase", a field prefix (`titel:engels`), an OR group or a
negated word is what the patron typed on purpose, and stays text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from indexer.analysis import exact_tokens
from indexer.fields import FIELDS, Named
from search_api.userquery import ParsedQuery


@dataclass(frozen=True)
class Phrase:
    field: str
    named: Named
    outright: bool  # names the value outright (a filter) rather than hinting at it (a boost)


@dataclass(frozen=True)
class Match:
    field: str
    named: Named
    outright: bool
    groups: tuple[int, ...]  # the consecutive query groups the phrase covers
    text: str  # those words as typed


@cache
def phrases() -> dict[tuple[str, ...], tuple[Phrase, ...]]:
    """Folded words -> what they name. A phrase may name values of two fields; within a field the
    first entry wins."""
    table: dict[tuple[str, ...], list[Phrase]] = {}

    def add(words: str, field: str, named: Named, outright: bool) -> None:
        key = tuple(exact_tokens(words))
        if not key:
            return
        entries = table.setdefault(key, [])
        if not any(p.field == field for p in entries):
            entries.append(Phrase(field, named, outright))

    for f in FIELDS:
        if not f.named:
            continue
        for named in f.named:
            for w in named.words:
                add(w, f.name, named, True)
            for w in named.hints:
                add(w, f.name, named, False)
        # A value no entry covers is still named by its labels ("Krant", "Website"), as a hint:
        # a label is a plain word as often as not.
        covered = {v for named in f.named for v in named.values}
        for labels in (f.value_labels, f.value_labels_en) if f.labels_name_values else ():
            for value, label in labels.items():
                if value not in covered:
                    add(label, f.name, Named((value,), hints=(label,)), False)
    return {k: tuple(v) for k, v in table.items()}


@cache
def longest() -> int:
    return max((len(k) for k in phrases()), default=0)


def find(parsed: ParsedQuery | None) -> list[Match]:
    """The facet phrases among the query's plain words, left to right, longest match first."""
    if parsed is None:
        return []
    # A run of plain one-clause groups; anything else ends the run (a phrase never spans it).
    runs: list[list[tuple[int, tuple[str, ...], str]]] = [[]]
    for i, group in enumerate(parsed.groups):
        c = group[0]
        if len(group) == 1 and c.field is None and not c.phrase and not c.negated:
            toks = tuple(exact_tokens(c.text))
            if toks:
                runs[-1].append((i, toks, c.text))
                continue
        runs.append([])
    table = phrases()
    out: list[Match] = []
    for run in runs:
        start = 0
        while start < len(run):
            found = None
            toks: tuple[str, ...] = ()
            for end in range(start, len(run)):
                toks += run[end][1]
                if len(toks) > longest():
                    break
                if toks in table:
                    found = (end, toks)  # keep going: a longer phrase wins
            if found is None:
                start += 1
                continue
            end, toks = found
            groups = tuple(run[j][0] for j in range(start, end + 1))
            text = " ".join(run[j][2] for j in range(start, end + 1))
            out.extend(Match(p.field, p.named, p.outright, groups, text) for p in table[toks])
            start = end + 1
    return out
