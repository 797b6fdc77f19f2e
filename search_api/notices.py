"""Notices: how a search was read or widened, said to the patron.

A notice is a string (the Dutch text, which the JSON API returns as it always has) that also
carries a message key and its parameters, so the web pages can say it in the patron's language
from their message catalogues (`notice.<key>`).
"""
from __future__ import annotations

DUTCH = {
    "query_cut": "De zoekvraag was langer dan {limit} tekens en is ingekort.",
    "unbalanced_quote": "Een aanhalingsteken zonder partner is genegeerd; er is gezocht op de losse woorden.",
    "parentheses": "Haakjes worden niet ondersteund; er is gezocht op de woorden zonder haakjes.",
    "lone_operator": "De losse operator {ops} is genegeerd.",
    "unknown_field": "Het veld '{field}' bestaat niet; er is gezocht op '{words}'.",
    "spelling": "Er is niets gevonden voor '{q}'. Hieronder de resultaten voor '{corrected}'.",
    "fuzzy": "Er is niets gevonden voor '{q}'. Hieronder resultaten voor woorden die erop lijken.",
    "any_word": "Er is niets gevonden met alle woorden van '{q}'. Hieronder resultaten met een deel van de woorden.",
    "no_filters": "Er is niets gevonden met de gekozen filters. Hieronder resultaten zonder filters.",
    "nothing": "Er is niets gevonden, ook niet met minder strenge zoekregels.",
}


class Notice(str):
    key: str
    params: dict

    def __new__(cls, key: str, **params) -> Notice:
        obj = super().__new__(cls, DUTCH[key].format(**params))
        obj.key = key
        obj.params = params
        return obj
