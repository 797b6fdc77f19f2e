"""Notices: how a search was read or widened, said to the patron, in Dutch and in English.

A notice is a string (the Dutch text, which the JSON API returns by default as it always has)
that also carries a message key and its parameters, so the pages and the API can say it in the
patron's language (`Notice.text(lang)`). The texts are declared here once, for every front door.
A notice that changed the question offers a way back (`Notice.link_text`): the pages and the
widget link it to the same search as typed.
"""
from __future__ import annotations

MESSAGES = {
    "nl": {
        "query_cut": "De zoekvraag was langer dan {limit} tekens en is ingekort.",
        "too_many_words": "Er is gezocht op de eerste {limit} woorden van de zoekvraag; {dropped} woorden daarna "
                          "zijn weggelaten.",
        "explain_cut": "De uitleg van de score ontbreekt bij {n} resultaten: die kostte te veel tijd.",
        "deadline": "Het zoeken kostte te veel tijd; daarom ontbreekt hier: {parts}.",
        "estimated": "Deze zoekvraag vindt zo veel titels dat de aantallen per filter geschat zijn, uit een "
                     "steekproef van 1 op de {rate} werken.",
        "unbalanced_quote": "Een aanhalingsteken zonder partner is genegeerd; er is gezocht op de losse woorden.",
        "parentheses": "Haakjes worden niet ondersteund; er is gezocht op de woorden zonder haakjes.",
        "parenthesis_repaired": "Het haakje na '{field}:' had geen partner; er is gezocht op '{words}'.",
        "lone_operator": "De losse operator {ops} is genegeerd.",
        "unknown_field": "Het veld '{field}' bestaat niet; er is gezocht op '{words}'.",
        "long_word": "Het woord '{word}' is te lang om op te zoeken; er is gezocht zonder dat woord.",
        "long_word_only": "Het woord '{word}' is te lang om op te zoeken; er is niets gezocht.",
        "spelling": "Er is niets gevonden voor '{q}'. Hieronder de resultaten voor '{corrected}'.",
        "fuzzy": "Er is niets gevonden voor '{q}'. Hieronder resultaten voor woorden die erop lijken{words}.",
        "any_word": "Er is niets gevonden met alle woorden van '{q}'. Hieronder resultaten met een deel van de woorden.",
        "no_filters": "Er is niets gevonden met de gekozen filters. Hieronder resultaten zonder filters.",
        "words_missing": "Er is{where} niets gevonden met {words}. Hieronder resultaten met een deel van de woorden "
                         "van '{q}'.",
        "words_apart": "Geen resultaat{where} bevat alle woorden van '{q}'. Hieronder resultaten met een deel van de "
                       "woorden.",
        "words_some": "Niet elk resultaat{where} bevat alle woorden van '{q}': bij een vraag of een lange zoekvraag is "
                      "geen woord verplicht. Niet in elk resultaat: {words}.",
        "nothing": "Er is niets gevonden, ook niet met minder strenge zoekregels.",
        "nothing_catalogue": "Er is in de catalogus niets gevonden, ook niet met minder strenge zoekregels.",
        "understood": "Alleen {label}: ‘{words}’ in de zoekvraag is als filter gelezen.",
        "understood_off": "Er is niets gevonden met de filters uit de zoekvraag '{q}'. Hieronder resultaten waarin "
                          "die woorden als gewone zoekwoorden tellen.",
    },
    "en": {
        "query_cut": "The search was longer than {limit} characters and has been shortened.",
        "too_many_words": "The first {limit} words of the search were searched for; {dropped} words after them "
                          "were left out.",
        "explain_cut": "The score is not explained for {n} results: it took too long.",
        "deadline": "The search took too long, so this is left out here: {parts_en}.",
        "estimated": "This search finds so many titles that the counts per filter are estimates, from a sample "
                     "of 1 in {rate} works.",
        "unbalanced_quote": "A quotation mark without its partner was ignored; the words were searched separately.",
        "parentheses": "Parentheses are not supported; the words were searched without them.",
        "parenthesis_repaired": "The parenthesis after '{field}:' had no partner; searched for '{words}'.",
        "lone_operator": "The lone operator {ops} was ignored.",
        "unknown_field": "There is no field '{field}'; searched for '{words}' instead.",
        "long_word": "The word '{word}' is too long to search for; searched without it.",
        "long_word_only": "The word '{word}' is too long to search for; nothing was searched.",
        "spelling": "Nothing was found for '{q}'. Below are the results for '{corrected}'.",
        "fuzzy": "Nothing was found for '{q}'. Below are results for words that look like it{words_en}.",
        "any_word": "Nothing was found with all the words of '{q}'. Below are results with some of the words.",
        "no_filters": "Nothing was found with the chosen filters. Below are results without filters.",
        "words_missing": "Nothing was found{where_en} with {words_en}. Below are results with some of the words of "
                         "'{q}'.",
        "words_apart": "No result{where_en} has all the words of '{q}'. Below are results with some of the words.",
        "words_some": "Not every result{where_en} has all the words of '{q}': in a question or a long search no word "
                      "is required. Not in every result: {words_en}.",
        "nothing": "Nothing was found, not even with less strict search rules.",
        "nothing_catalogue": "Nothing was found in the catalogue, not even with less strict search rules.",
        "understood": "Only {label_en}: ‘{words}’ in the search was read as a filter.",
        "understood_off": "Nothing was found with the filters read from the search '{q}'. Below are results in "
                          "which those words count as ordinary search words.",
    },
}
# The way back from a notice that changed the question: the same search as typed (`spell=false`).
LINKS = {
    "nl": {"spelling": "Zoek toch op ‘{q}’", "fuzzy": "Zoek toch op ‘{q}’"},
    "en": {"spelling": "Search for ‘{q}’ instead", "fuzzy": "Search for ‘{q}’ exactly"},
}
DUTCH = MESSAGES["nl"]
# The notices of the zero-result chain: the results shown answer another question than the one asked.
CHANGED_QUESTION = frozenset({"spelling", "fuzzy", "any_word", "understood_off", "no_filters"})


class Notice(str):
    key: str
    params: dict

    def __new__(cls, key: str, **params) -> Notice:
        obj = super().__new__(cls, DUTCH[key].format(**params))
        obj.key = key
        obj.params = params
        return obj

    def text(self, lang: str = "nl") -> str:
        return MESSAGES.get(lang, DUTCH)[self.key].format(**self.params)

    def link_text(self, lang: str = "nl") -> str | None:
        """The label of the link back to the search as typed, or None for a notice without one."""
        msg = LINKS.get(lang, LINKS["nl"]).get(self.key)
        return msg.format(**self.params) if msg else None


def word_list(words: list[str], lang: str = "nl") -> str:
    """‘a’, ‘b’ en ‘c’ (English: and): words named in a notice."""
    quoted = [f"‘{w}’" for w in words]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + (" en " if lang == "nl" else " and ") + quoted[-1]


def in_lang(notice: str, lang: str) -> str:
    """A notice's text in `lang`; a plain string (no key) as it is."""
    return notice.text(lang) if isinstance(notice, Notice) else str(notice)
