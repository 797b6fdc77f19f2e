"""Run the patron queries through the HTTP API, score them and say what a patron would have seen.

Each query goes through `GET /api/v1/search` of the real app (FastAPI's TestClient, in process)
with the parameters the results page `/zoeken` sends for a typed search: the words, and the
query's own `library` or `filter` when it has them; nothing else. The two indexes (the sample, and the
real catalogue with its dissertations and the Bnetwerk texts) are built with
the project's own indexer into a temporary folder unless given.
"""
from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.patron.expect import CATEGORIES, INDEXES, PatronQuery, fold, parse_lines

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
QUERIES = HERE / "queries.jsonl"
SAMPLE = REPO / "corpus" / "sample"


def shared_corpus() -> Path:
    import os

    return Path(os.environ.get("VINDPLAATS_SHARED_CORPUS") or REPO.parent / "shared" / "corpus")


def sources(index: str) -> list[str]:
    """The source files each index reads (KIND:PATH, as `vindplaats index build --source`)."""
    if index == "sample":
        return [f"jsonl:{SAMPLE / 'catalogue.jsonl'}", f"articles:{SAMPLE / 'articles'}"]
    cat = shared_corpus() / "catalogue"
    return [f"dc:{cat / 'kb-sru-dcx-sample.xml'}",
            f"oba:{cat / 'oba-api-response-1.js'}", f"oba:{cat / 'oba-api-response-2.js'}",
            f"marc:{cat / 'marc' / 'bin_input'}", f"marcxml:{cat / 'marc' / 'xml_input'}",
            f"articles:{shared_corpus() / 'knowledge' / 'bnetwerk'}"]


def extra_records(index: str) -> list[dict]:
    """Records of the index's data that no reader kind reads: the dissertations of the real catalogue.

    They are converted as the relevance bench converts them (title, abstract and keywords) plus their
    Brinkman headings as subjects: in a catalogue a patron searches, the KB's headings are part of the
    record (the relevance bench leaves them out only because there they are the judgments). Without
    them the real catalogue is 130 records, and the words of the issue's false corrections
    ("worden", "beter", "have") come from these abstracts.
    """
    if index != "real":
        return []
    from bench.relevance.prepare import dissertation_record, dissertations

    out = []
    for d in dissertations(shared_corpus()):
        rec = dissertation_record(d)
        labels = [s["label"] for s in d.get("brinkman_subjects") or () if s.get("label")]
        if labels:
            rec["subjects"] = labels
        out.append(rec)
    return out


def available(index: str) -> bool:
    return index == "sample" or shared_corpus().is_dir()


def load_queries(path: Path = QUERIES) -> list[PatronQuery]:
    return parse_lines(path.read_text(encoding="utf-8").splitlines())


def source_records(index: str) -> list[dict]:
    """The canonical records an index is built from, read with the project's readers."""
    from corpus.readers import read_source

    return [r for spec in sources(index) for r in read_source(spec) if isinstance(r, dict)] + extra_records(index)


WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def record_words(records: Iterable[dict]) -> set[str]:
    """Every word in any text of the records: a word here is one the index knows."""
    out: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            out.update(words(value))
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in ("holdings", "url", "online_url", "cover_url", "id"):
                    walk(v)

    for r in records:
        walk({k: v for k, v in r.items() if k not in ("holdings", "url", "online_url", "cover_url", "id")})
        for h in r.get("holdings") or ():
            walk([h.get("library_name"), h.get("branch"), h.get("province")])
    return out


def kept_index(index: str, folder: Path) -> Path:
    """FOLDER/INDEX, built now if it holds no index yet (a later run reuses it; delete it to rebuild)."""
    from indexer import generations as gens

    target = folder / index
    if gens.current_name(target) is None:
        target.mkdir(parents=True, exist_ok=True)
        build_index(index, target)
    return target


# Function words of the patron's two languages: a hit that matches only these matches nothing.
ENGLISH_FUNCTION_WORDS = frozenset("a an and the of in on at for to with about by from or".split())


def stop_words() -> frozenset[str]:
    from stop_words import get_stop_words

    return frozenset(fold(w) for w in get_stop_words("dutch")) | ENGLISH_FUNCTION_WORDS


def content_words(q: str) -> list[str]:
    stops = stop_words()
    return [w for w in words(q) if w not in stops]


def shares_content_word(q: str, hit: dict) -> bool:
    """Does the hit show one of the query's content words (or a word sharing its first five letters,
    for a stemmed or compound match)?"""
    text = " ".join(str(hit.get(k) or "") for k in ("title", "subtitle", "section", "document"))
    text += " " + re.sub(r"<[^>]+>", " ", hit.get("snippet") or "")
    for key in ("authors", "subjects", "genre", "themes"):
        for v in hit.get(key) or ():
            text += " " + (v.get("name", "") if isinstance(v, dict) else str(v))
    shown = words(text)
    for w in content_words(q):
        if len(w) < 5:
            if any(s == w or s.startswith(w) for s in shown):
                return True
        elif any(w[:5] in s or (len(s) >= 5 and w.startswith(s[:5])) for s in shown):
            return True
    return False


def build_index(index: str, into: Path) -> Path:
    import json

    from indexer.build import build

    specs = sources(index)
    extra = extra_records(index)
    if extra:
        path = into.parent / f"{into.name}-extra.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for rec in extra:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        specs.append(f"jsonl:{path}")
    report = build(into, specs)
    if report.state != "done":
        raise SystemExit(f"building the {index} index failed: {report.message}")
    return into


# --- one query -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    query: PatronQuery
    ok1: bool
    ok3: bool
    first: dict | None
    top: list[dict]
    total: int
    searched: str  # the words the results are for
    changed: bool  # the words were replaced (a spelling substitution or other rewrite)
    suggestion: str | None
    notices: list[str]
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        q = self.query
        return {
            "q": q.q, "category": q.category, "index": q.index, "params": q.params, "expected": q.expected_text,
            "success_at_1": self.ok1, "success_at_3": self.ok3, "total": self.total,
            "searched": self.searched, "changed": self.changed, "did_you_mean": self.suggestion,
            "notices": self.notices, "flags": self.flags,
            "top": [{"id": h.get("id"), "type": h.get("type"), "title": h.get("title")} for h in self.top],
        }


def page_defaults() -> list[tuple[str, str]]:
    """The parameters by which the results page differs from the API's defaults.

    The page may search the catalogue where the API searches everything (its `PAGE_SCOPE`), and
    then shows the knowledge base's best answers in a box of their own, which the API returns
    with `knowledge=true`. Read from the page's own module, so the bench follows the page.
    """
    import web.pages as pages

    scope = getattr(pages, "PAGE_SCOPE", "all")
    if scope == "all":
        return []
    return [("scope", scope), ("knowledge", "true")]


def page_params(q: PatronQuery) -> list[tuple[str, str]]:
    """What /zoeken sends for this search: the words, the page's defaults, and the patron's
    library or filters if any."""
    params = [("q", q.q), *page_defaults()]
    if q.params.get("library"):
        params.append(("library", q.params["library"]))
    for f in q.params.get("filter") or ():
        params.append(("filter", f))
    return params


def answer_lists(body: dict) -> tuple[list[dict], list[dict]]:
    """The results list and the knowledge answers a patron sees.

    A response with its own list of knowledge answers (a box beside the catalogue) gives that list;
    otherwise the knowledge answers are the articles among the hits, in their order.
    """
    hits = body.get("hits") or []
    box = body.get("knowledge")
    if isinstance(box, dict):
        box = box.get("hits")
    if isinstance(box, list):
        return hits, box
    return hits, [h for h in hits if h.get("type") == "article"]


def score(q: PatronQuery, body: dict, known: set[str]) -> Outcome:
    hits, knowledge = answer_lists(body)
    searched = body.get("query") or q.q
    # A spelling substitution says what was typed (`corrected_from`); a response without that field
    # still shows it by searching other words than the patron's.
    changed = bool(body.get("corrected_from")) or words(searched) != words(q.q)
    notices = [str(n) for n in body.get("notices") or []]
    judged = hits  # the list whose first entries are scored (and reported)
    if q.none:
        # Honest: the patron's words were searched, and results shown for part of them say so and
        # match a word that carries meaning (not "het" of "het achterhuis" alone).
        honest = not changed and (not hits or (bool(notices) and shares_content_word(q.q, hits[0])))
        ok1 = ok3 = honest
    elif q.wants_article:
        # The answer must be the first knowledge answer shown, and when articles share one list
        # with the catalogue, an article must come first for a question about the service.
        ranked = knowledge if "knowledge" in body else hits
        judged = ranked
        ok1 = bool(ranked) and q.right(ranked[0])
        ok3 = any(q.right(h) for h in ranked[:3])
    else:
        ok1 = bool(hits) and q.right(hits[0])
        ok3 = any(q.right(h) for h in hits[:3])
    flags = []
    qwords = words(q.q)
    if changed and qwords and all(w in known for w in qwords):
        flags.append("changed_known_words")
    if not q.wants_article and hits and hits[0].get("type") == "article":
        flags.append("article_first")
    return Outcome(q, ok1, ok3, judged[0] if judged else None, judged[:3], int(body.get("total") or 0), searched,
                   changed, body.get("did_you_mean"), notices, flags)


# --- the whole set ---------------------------------------------------------------------------------


@dataclass
class Run:
    outcomes: list[Outcome]
    skipped: dict[str, int]
    seconds: float
    build_seconds: float
    commit: str | None = None

    def table(self) -> list[dict]:
        rows = []
        groups: list[tuple[str, list[Outcome]]] = [
            (c, [o for o in self.outcomes if o.query.category == c]) for c in CATEGORIES]
        groups.append(("overall", self.outcomes))
        for name, outs in groups:
            if not outs:
                continue
            n = len(outs)
            rows.append({"category": name, "queries": n,
                         "success_at_1": round(sum(o.ok1 for o in outs) / n, 3),
                         "success_at_3": round(sum(o.ok3 for o in outs) / n, 3)})
        return rows

    def to_dict(self) -> dict:
        return {"queries": len(self.outcomes), "commit": self.commit, "skipped": self.skipped, "seconds": round(self.seconds, 1),
                "build_seconds": round(self.build_seconds, 1), "table": self.table(),
                "by_index": {ix: self._share([o for o in self.outcomes if o.query.index == ix]) for ix in INDEXES},
                "flags": {f: sum(f in o.flags for o in self.outcomes)
                          for f in ("changed_known_words", "article_first")},
                "outcomes": [o.to_dict() for o in self.outcomes]}

    @staticmethod
    def _share(outs: list[Outcome]) -> dict:
        n = len(outs) or 1
        return {"queries": len(outs), "success_at_1": round(sum(o.ok1 for o in outs) / n, 3),
                "success_at_3": round(sum(o.ok3 for o in outs) / n, 3)}


def run(queries: list[PatronQuery], index_dirs: dict[str, Path | None]) -> Run:
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from search_api.settings import Settings

    t0 = time.perf_counter()
    outcomes: list[Outcome] = []
    skipped: dict[str, int] = {}
    build_seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="patron-bench-") as tmp:
        for index in INDEXES:
            mine = [q for q in queries if q.index == index]
            if not mine:
                continue
            if not available(index):
                skipped[index] = len(mine)
                continue
            directory = index_dirs.get(index)
            if directory is None:
                b0 = time.perf_counter()
                directory = build_index(index, Path(tmp) / index)
                build_seconds += time.perf_counter() - b0
            known = record_words(source_records(index))
            with TestClient(create_app(Settings(index_dir=str(directory)))) as client:
                for q in mine:
                    resp = client.get("/api/v1/search", params=page_params(q))
                    body = resp.json() if resp.status_code == 200 else {"hits": [], "total": 0,
                                                                        "notices": [f"HTTP {resp.status_code}"]}
                    outcomes.append(score(q, body, known))
    return Run(outcomes, skipped, time.perf_counter() - t0, build_seconds, commit())


def commit() -> str | None:
    """The checkout's commit (and whether it has changes), so a kept output says what it measured."""
    import subprocess

    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + ("+changes" if dirty else "")) if head else None


# --- printing --------------------------------------------------------------------------------------


def describe(hit: dict | None) -> str:
    if hit is None:
        return "(nothing)"
    bits = [hit.get("type", "?"), hit.get("id", "?"), repr((hit.get("title") or "")[:50])]
    if hit.get("type") == "catalogue":
        extra = [hit.get("material"), ",".join(hit.get("language") or []) or None,
                 hit.get("audience"), ",".join(hit.get("reading_form") or []) or None]
        bits.append("/".join(x for x in extra if x))
    return " ".join(bits)


def report(r: Run) -> str:
    lines = [f"Patron queries: {len(r.outcomes)} run in {r.seconds:.1f} s (index builds {r.build_seconds:.1f} s)"
             + (f", code at {r.commit}" if r.commit else ""),
             "as /zoeken searches: GET /api/v1/search?q=…" + "".join(f"&{k}={v}" for k, v in page_defaults())]
    for ix, n in r.skipped.items():
        lines.append(f"  skipped {n} queries on the {ix} index: its data (../shared/corpus) is absent")
    lines.append("")
    lines.append(f"| {'category':<15} | queries | success@1 | success@3 |")
    lines.append(f"|{'-' * 17}|--------:|----------:|----------:|")
    for row in r.table():
        name = row["category"] if row["category"] != "overall" else "**overall**"
        lines.append(f"| {name:<15} | {row['queries']:>7} | {row['success_at_1']:>9.3f} | {row['success_at_3']:>9.3f} |")
    by_ix = r.to_dict()["by_index"]
    lines.append("")
    lines.append("by index: " + "; ".join(
        f"{ix} {v['queries']} queries, success@1 {v['success_at_1']:.3f}, success@3 {v['success_at_3']:.3f}"
        for ix, v in by_ix.items() if v["queries"]))
    replaced = [o for o in r.outcomes if o.changed]
    lines.append(f"words replaced (the results are for other words than typed): {len(replaced)} of {len(r.outcomes)}")
    changed_known = [o for o in r.outcomes if "changed_known_words" in o.flags]
    article_first = [o for o in r.outcomes if "article_first" in o.flags]
    lines.append("")
    lines.append("Misleading first page:")
    lines.append(f"  query changed although every word is a known word: {len(changed_known)}")
    for o in changed_known:
        lines.append(f"    [{o.query.index}] {o.query.q!r} -> {o.searched!r}")
    lines.append(f"  an article first for a catalogue query: {len(article_first)}")
    for o in article_first:
        lines.append(f"    [{o.query.index}] {o.query.q!r}: {describe(o.first)}")
    failures = [o for o in r.outcomes if not o.ok1]
    lines.append("")
    lines.append(f"Failures at 1 ({len(failures)}; * = not in the top 3 either):")
    for o in failures:
        q = o.query
        p = "".join(f" {k}={v}" for k, v in q.params.items())
        changed = f" (searched {o.searched!r})" if o.changed else ""
        lines.append(f"  {'*' if not o.ok3 else ' '} [{q.index}/{q.category}] {q.q!r}{p}{changed}")
        lines.append(f"      expected {q.expected_text}")
        label = "answer  " if q.wants_article else "first   "
        shown = describe(o.first) if o.first or not q.wants_article else "(no knowledge answer shown)"
        lines.append(f"      {label} {shown}" + (f"  total {o.total}" if o.total != 1 else ""))
    return "\n".join(lines)


def compare(before: dict, after: dict) -> str:
    """Two runs side by side (the JSON of `--out`): the table, and every query that changed at 1."""
    lines = [f"before: {before.get('commit') or '?'}; after: {after.get('commit') or '?'}", "",
             f"| {'category':<15} | queries | success@1 before | after | success@3 before | after |",
             f"|{'-' * 17}|--------:|-----------------:|------:|-----------------:|------:|"]
    old = {r["category"]: r for r in before["table"]}
    for row in after["table"]:
        b = old.get(row["category"], {})
        lines.append(f"| {row['category']:<15} | {row['queries']:>7} | {b.get('success_at_1', float('nan')):>16.3f} | "
                     f"{row['success_at_1']:>5.3f} | {b.get('success_at_3', float('nan')):>16.3f} | "
                     f"{row['success_at_3']:>5.3f} |")

    def key(o: dict) -> tuple:
        return o["index"], o["q"], repr(sorted((o.get("params") or {}).items())), o["expected"]

    was = {key(o): o for o in before["outcomes"]}
    fixed, broken = [], []
    for o in after["outcomes"]:
        b = was.get(key(o))
        if b is None or b["success_at_1"] == o["success_at_1"]:
            continue
        (fixed if o["success_at_1"] else broken).append((b, o))
    for title, pairs in (("now right at 1", fixed), ("now wrong at 1", broken)):
        lines += ["", f"{title}: {len(pairs)}"]
        for b, o in pairs:
            first = (b["top"][0]["title"] if b["top"] else "(nothing)")[:40]
            now = (o["top"][0]["title"] if o["top"] else "(nothing)")[:40]
            lines.append(f"  [{o['index']}/{o['category']}] {o['q']!r}: {first!r} -> {now!r}")
    return "\n".join(lines)
