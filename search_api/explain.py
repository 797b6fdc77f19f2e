""""Waarom dit resultaat": which fields and words matched, and which boosts applied, in plain Dutch.

Built from tantivy's own score explanation, so it says what really happened, translated from
schema field names back to the registry's labels."""
from __future__ import annotations

import re

from indexer.fields import BY_NAME, IDENTIFIER_FIELD, TITLE_SORT_FIELD

_TERM = re.compile(r"TermQuery\(Term\(field=\d+, type=\w+, \"?([^\")]*)\"?\)\)")
_FIELD_TERM = re.compile(r'Term\(field=(\d+), type=\w+, ("?)(.*?)\2\)')


def _label(field_name: str, lang: str = "nl") -> tuple[str, str]:
    base, _, view = field_name.partition("__")
    en = lang == "en"
    if field_name == TITLE_SORT_FIELD:
        return ("whole title", "exactly") if en else ("volledige titel", "precies")
    if field_name == IDENTIFIER_FIELD:
        return "ISBN/PPN", "exactly" if en else "precies"
    f = BY_NAME.get(base)
    label = ((f.label_en or f.label) if en else f.label).lower() if f else base
    if en:
        return label, ("exactly as typed" if view == "x" else "by the word's stem")
    return label, ("precies zoals getypt" if view == "x" else "via de stam van het woord")


def explain_hit(plan, raw: dict, names: dict[int, str]) -> dict:
    """The explanation of one hit: `raw` is tantivy's score explanation of the plan's query for it
    (the search service asks the index for it), `names` the schema's field names by field id."""
    matches: list[dict] = []

    def walk(node: dict, boosted: float | None = None) -> None:
        desc = node.get("description", "")
        if desc.startswith("Boost x"):
            boosted = node.get("value")
        if desc == "AutomatonScorer" and node.get("value", 0) > 0:
            # A lookalike (the typo step): tantivy does not say which word or field matched.
            matches.append({"field": "", "word": "", "how": "lookalike",
                            "score": round(boosted if boosted is not None else node["value"], 3)})
            return
        for ctx in node.get("context", []) or []:
            m = _FIELD_TERM.search(ctx)
            if m and node.get("value", 0) > 0:
                fname = names.get(int(m.group(1)), "?")
                label, how = _label(fname)
                label_en, how_en = _label(fname, "en")
                score = boosted if boosted is not None else node["value"]
                matches.append({"field": label, "word": m.group(3), "how": how, "score": round(score, 3),
                                "field_en": label_en, "how_en": how_en})
                return
        for child in node.get("details", []) or []:
            walk(child, boosted)

    walk(raw)
    lines = []
    unknown = _unknown_words(plan)
    lines_en: list[str] = []
    for m in sorted(matches, key=lambda m: -m["score"])[:8]:
        if m["how"] == "lookalike":
            line = "een woord dat lijkt op " + (" of ".join(f"'{w}'" for w in unknown) or "een zoekwoord")
            if line not in lines:
                lines.append(line)
                lines_en.append("a word that looks like " + (" or ".join(f"'{w}'" for w in unknown) or "a search word"))
            continue
        lines.append(f"'{m['word']}' in {m['field']} ({m['how']})")
        lines_en.append(f"'{m['word']}' in {m['field_en']} ({m['how_en']})")
    boosts, boosts_en = [], []
    if plan.request.library:
        boosts.append(f"voorrang voor bezit van bibliotheek {plan.request.library}")
        boosts_en.append(f"ranked up: held by library {plan.request.library}")
    return {"score": round(raw.get("value", 0.0), 4), "matches": matches,
            "summary": "; ".join(lines) or "alle titels (geen zoekwoorden)", "boosts": boosts,
            "summary_en": "; ".join(lines_en) or "all titles (no search words)", "boosts_en": boosts_en}


def _unknown_words(plan) -> list[str]:
    """The query's words the index does not know: those the typo step looks for lookalikes of."""
    from search_api.pipeline import fuzzable_words

    if plan.vocab is None or plan.parsed is None:
        return []
    return fuzzable_words(plan.parsed.plain_text(), plan.vocab)
