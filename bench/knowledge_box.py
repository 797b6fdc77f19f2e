"""Where the knowledge box's "matches well" lies, chosen on data: `python -m bench.knowledge_box`.

The results page searches the catalogue and shows the best knowledge-base answers in a box beside
it when they match well: when the best article scores at least KNOWLEDGE_MATCH times the best
catalogue record for the same words (`SearchService._knowledge`). This bench measures that ratio
for searches whose right answer is known and prints, for every threshold, how many searches that
a knowledge answer serves get the box and how many searches for catalogue items get one anyway.

Two sources of judged searches, each on its own index:

- the patron queries (`bench/patron`): a service question wants the box, every other kind
  (titles, authors, topics, facet words, English, names, titles not held) wants the catalogue; on
  the sample index and, when ../shared/corpus is present, the index of the real records;
- the relevance bench's sets (`bench/relevance`, needs ../shared/corpus), on one index of both its
  collections: the knowledge questions (train) want the box; the known items, typed the four
  ways, want the catalogue. Its subject headings are left out: they are Dutch and the
  dissertations mostly English, so the Dutch acts outmatch the catalogue by language, not by what
  was asked.

The threshold chosen has the best F1 of showing the box (searches it serves against boxes shown
where the catalogue was wanted and boxes missed), averaged over the two sources; of the runs of
thresholds that do as well (within 0.001), the widest, and in it the geometric middle: as far from
the judged searches on either side as the data allow.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.relevance.paths import OUT


@dataclass(frozen=True)
class Judged:
    source: str  # "patron" | "relevance"
    kind: str  # the query's category or set
    q: str
    wants_box: bool
    match: float  # best article score / best catalogue score (0: no box possible)


def _say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _match(service, q: str) -> float:
    from search_api.request import PAGE_SCOPE, SearchRequest

    res = service.search(SearchRequest(q=q, scope=PAGE_SCOPE, size=1, knowledge=True))
    return res.knowledge.match if res.knowledge is not None else 0.0


def patron(index_dirs: dict[str, Path | None], tmp: Path) -> list[Judged]:
    from bench.patron.run import available, build_index, load_queries
    from search_api.service import SearchService

    out = []
    queries = load_queries()
    for index in ("sample", "real"):
        mine = [q for q in queries if q.index == index]
        if not mine or not available(index):
            continue
        directory = index_dirs.get(index) or build_index(index, tmp / index)
        service = SearchService(directory, reload_interval=3600)
        _say(f"patron queries on the {index} index: {len(mine)}")
        out += [Judged("patron", q.category, q.q, q.category == "service", _match(service, q.q)) for q in mine]
    return out


def relevance(limit: int | None) -> list[Judged]:
    from bench.relevance import querysets
    from bench.relevance.paths import CorpusMissing, digest, shared_corpus
    from bench.relevance.prepare import prepare
    from indexer import generations
    from indexer.build import BuildOptions, build
    from search_api.service import SearchService

    try:
        corpus = shared_corpus()
    except CorpusMissing:
        _say("../shared/corpus is absent: the relevance sets are left out")
        return []
    colls = [prepare(name, corpus) for name in ("catalogue", "knowledge")]
    index_dir = OUT / "knowledge-box" / digest([str(c.records) + str(c.counts) for c in colls])
    if generations.current_name(index_dir) is None:
        _say(f"indexing both relevance collections into {index_dir}")
        report = build(index_dir, [f"jsonl:{c.records}" for c in colls], BuildOptions(force=True))
        if report.state != "done":
            raise SystemExit(f"index build failed: {report.message}")
    service = SearchService(index_dir, reload_interval=3600)
    sets = [(querysets.knowledge(corpus, "train", limit), True), (querysets.known_item(corpus, limit), False)]
    out = []
    for qs, wants in sets:
        _say(f"relevance set {qs.name}: {len(qs.queries)} queries")
        kind = lambda q, qs=qs: f"{qs.name} {q.group}".strip()  # noqa: E731 - a label per query
        out += [Judged("relevance", kind(q), q.text, wants, _match(service, q.text)) for q in qs.queries]
    return out


def rates(items: list[Judged], threshold: float) -> tuple[float, float]:
    """(share of box-wanted searches with the box, share of catalogue searches with it)."""
    pos = [j for j in items if j.wants_box]
    neg = [j for j in items if not j.wants_box]
    tp = sum(j.match >= threshold for j in pos) / (len(pos) or 1)
    fp = sum(j.match >= threshold for j in neg) / (len(neg) or 1)
    return tp, fp


def f1(items: list[Judged], threshold: float) -> float:
    """F1 of showing the box: the searches it serves against every box shown. The box is the rare
    case (a tenth of the patron queries), so a share of false boxes that looks small is many boxes
    on topics and titles; balanced accuracy would trade them for a few more questions served."""
    tp = sum(j.wants_box and j.match >= threshold for j in items)
    fp = sum(not j.wants_box and j.match >= threshold for j in items)
    fn = sum(j.wants_box and j.match < threshold for j in items)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


TIE = 0.001  # mean F1 closer than this to the best is as good: one search of a source moves it more


def choose(judged: list[Judged]) -> tuple[float, float]:
    """The threshold with the best mean F1 over the sources, and that F1."""
    sources = sorted({j.source for j in judged})
    by_source = {s: [j for j in judged if j.source == s] for s in sources}
    values = sorted({j.match for j in judged if 0 < j.match < math.inf})
    if not values:
        return 1.0, 0.0
    # Between two measured ratios every threshold decides the same: one interval per measured
    # ratio, (low, high], scored at its top.
    scored = []
    for i, low in enumerate(values):
        high = values[i + 1] if i + 1 < len(values) else low * 2
        scored.append((sum(f1(by_source[s], high) for s in sources) / len(sources), low, high))
    best = max(score for score, _, _ in scored)
    # Runs of consecutive intervals that do as well as the best; the widest (on the ratio's log
    # scale) keeps the threshold furthest from the searches on either side, and of equally wide
    # runs the highest (patrons asked for the catalogue first). Its geometric middle is the choice.
    runs: list[list[tuple[float, float, float]]] = []
    for i, item in enumerate(scored):
        if item[0] >= best - TIE:
            if runs and runs[-1][-1] is scored[i - 1]:
                runs[-1].append(item)
            else:
                runs.append([item])
    run = max(runs, key=lambda r: (math.log(r[-1][2] / r[0][1]), r[0][1]))
    return math.sqrt(run[0][1] * run[-1][2]), max(score for score, _, _ in run)


def report(judged: list[Judged], chosen: float, score: float, shown: list[float]) -> str:
    lines = ["", "Knowledge box: best article score / best catalogue score for the same words", ""]
    sources = sorted({j.source for j in judged})
    for s in sources:
        items = [j for j in judged if j.source == s]
        pos, neg = sum(j.wants_box for j in items), sum(not j.wants_box for j in items)
        lines.append(f"  {s}: {pos} searches a knowledge answer serves, {neg} searches for catalogue items")
    lines += ["", "| threshold | " + " | ".join(f"{s}: box wanted, shown | {s}: catalogue, box shown"
                                                 for s in sources) + " | mean F1 |",
              "|---:|" + "---:|---:|" * len(sources) + "---:|"]
    for t in sorted(set(shown) | {chosen}):
        cells = []
        for s in sources:
            tp, fp = rates([j for j in judged if j.source == s], t)
            cells += [f"{tp:.3f}", f"{fp:.3f}"]
        mean = sum(f1([j for j in judged if j.source == s], t) for s in sources) / len(sources)
        mark = " **chosen**" if t == chosen else ""
        lines.append(f"| {t:.2f}{mark} | " + " | ".join(cells) + f" | {mean:.3f} |")
    lines += ["", f"chosen threshold: {chosen:.2f} (mean F1 {score:.3f})"]
    for s in sources:
        items = [j for j in judged if j.source == s]
        missed = [j for j in items if j.wants_box and j.match < chosen]
        extra = [j for j in items if not j.wants_box and j.match >= chosen]
        lines.append(f"  {s}: {len(missed)} without the box they want, {len(extra)} with a box they do not")
        if s == "patron":
            lines += [f"    no box   {j.match:7.2f}  {j.q}" for j in missed]
            lines += [f"    box      {j.match:7.2f}  [{j.kind}] {j.q}" for j in extra]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from search_api.service import KNOWLEDGE_MATCH

    p = argparse.ArgumentParser(prog="python -m bench.knowledge_box", description=__doc__.split("\n")[0])
    p.add_argument("--index-dir-sample", type=Path, help="an index built from corpus/sample (else built now)")
    p.add_argument("--index-dir-real", type=Path, help="an index of the patron bench's real records (else built now)")
    p.add_argument("--limit", type=int, help="a deterministic sample of N queries per relevance set")
    p.add_argument("--no-relevance", action="store_true", help="only the patron queries")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write every judged search and its ratio here")
    p.add_argument("--from-json", type=Path, metavar="IN", help="choose again from a file --json wrote")
    args = p.parse_args(argv)
    if args.from_json:
        judged = [Judged(**{**d, "match": float(d["match"])}) for d in json.loads(args.from_json.read_text())]
        chosen, score = choose(judged)
        print(report(judged, chosen, score, [1.0, 1.5, 2.0, KNOWLEDGE_MATCH, 3.0, 5.0, 10.0]))
        return 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="knowledge-box-") as tmp:
        judged = patron({"sample": args.index_dir_sample, "real": args.index_dir_real}, Path(tmp))
        if not args.no_relevance:
            judged += relevance(args.limit)
    if args.json:
        args.json.write_text(json.dumps([{**j.__dict__, "match": str(j.match)} for j in judged], ensure_ascii=False))
    chosen, score = choose(judged)
    print(report(judged, chosen, score, [1.0, 1.5, 2.0, KNOWLEDGE_MATCH, 3.0, 5.0, 10.0]))
    print(f"\nin use: KNOWLEDGE_MATCH = {KNOWLEDGE_MATCH} (search_api/service.py); {len(judged)} searches "
          f"in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
