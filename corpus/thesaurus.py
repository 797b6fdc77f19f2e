"""The Brinkman subject thesaurus: read once, here, for the indexer, the service and the benches.

The file we have (``vocab/brinkman-thesaurus.tsv`` beside the project) is ``<uri>\\tlabel`` per
line, nothing else: it carries no SKOS broader/related/altLabel links. The only structure in it is
the one Brinkman writes into the labels themselves: a compound heading ``psychologie ; opleiding``
is a subdivision of the main heading ``psychologie``. So:

* broader: the heading before the last `` ; `` part (``a ; b ; c`` -> ``a ; b``), when that
  heading is itself in the thesaurus;
* related: headings sharing the same broader heading (siblings), and a main heading's own
  subdivisions (``psychologie`` -> ``psychologie ; opleiding``).

Expansion with these terms must only ever boost (never be required) and be down-weighted: a
sibling is a neighbour, not a synonym. Use-for (non-preferred) terms are absent from this file;
`Thesaurus.preferred` maps a label (any case, any spacing around ``;``) to the preferred form,
which is the label itself.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

_SPLIT = re.compile(r"\s*;\s*")
_URI = re.compile(r"^<?([^<>\s]+)>?$")


def normalise(label: str) -> str:
    """The lookup key of a label: lower case, single spaces, `` ; `` between parts."""
    parts = [" ".join(p.split()) for p in _SPLIT.split(label.strip().lower())]
    return " ; ".join(p for p in parts if p)


@dataclass
class Thesaurus:
    labels: dict[str, str] = field(default_factory=dict)  # uri -> label as written
    by_key: dict[str, str] = field(default_factory=dict)  # normalised label -> label
    _children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, uri: str, label: str) -> None:
        key = normalise(label)
        if not key or key in self.by_key:
            return
        self.labels[uri] = label
        self.by_key[key] = label
        parent = key.rpartition(" ; ")[0]
        if parent:
            self._children[parent].append(label)

    def preferred(self, label: str) -> str | None:
        return self.by_key.get(normalise(label))

    def broader(self, label: str) -> str | None:
        parent = normalise(label).rpartition(" ; ")[0]
        return self.by_key.get(parent) if parent else None

    def narrower(self, label: str) -> list[str]:
        return list(self._children.get(normalise(label), ()))

    def related(self, label: str) -> list[str]:
        """Siblings under the same broader heading, then the heading's own subdivisions."""
        key = normalise(label)
        parent = key.rpartition(" ; ")[0]
        out = [s for s in self._children.get(parent, ()) if normalise(s) != key] if parent else []
        return out + self.narrower(label)

    def __len__(self) -> int:
        return len(self.by_key)


def parse(lines) -> Thesaurus:
    """Lines of ``<uri>\\tlabel``; blank lines, ``#`` comments and lines without a tab are skipped."""
    th = Thesaurus()
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        uri, _, label = line.partition("\t")
        m = _URI.match(uri.strip())
        if m and label.strip():
            th.add(m.group(1), label.strip())
    return th


def load(path: Path | str) -> Thesaurus:
    with open(path, encoding="utf-8") as f:
        return parse(f)
