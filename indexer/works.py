"""The work key: which records are editions of one work.

Rule (FRBR-style, as OCLC's and Open Library's clustering do in simplified form): the folded
title without leading article and without subtitle, joined with the folded surname of the work's
author (the original author of an adaptation, else the author, else the first name given; "-" when
there is none): ``ontdekking van de hemel|mulisch``. A ``work_key`` the
source supplies always wins. Articles are never grouped: each section is its own work.
"""
from __future__ import annotations

from corpus.model import Author, CanonicalRecord
from corpus.roles import AUTHOR, ORIGINAL_AUTHOR
from indexer.analysis import exact_tokens

_LEADING_ARTICLES = {"de", "het", "een", "the", "a", "an", "der", "die", "das", "le", "la", "les",
                     "l", "el", "los", "'t"}


def _surname(name: str) -> str:
    # Catalogues write "Mulisch, Harry"; others "Harry Mulisch".
    if "," in name:
        name = name.split(",", 1)[0]
    else:
        parts = name.split()
        name = parts[-1] if parts else name
    return "".join(exact_tokens(name))


# The maker a work is filed under: the original author of an adaptation or translation first,
# then the author, then whoever is named first.
# (Records from JSON lines may say "author" or "aut" where the readers write "auteur".)
_ROLE_ORDER = (ORIGINAL_AUTHOR.label, AUTHOR.label, AUTHOR.label_en, *AUTHOR.codes)


def _work_author(authors: list[Author]) -> Author:
    for role in _ROLE_ORDER:
        for a in authors:
            if (a.get("role") or "").lower() == role:
                return a
    return authors[0]


def work_key(rec: CanonicalRecord) -> str:
    given = rec.get("work_key")
    if given:
        return given
    if rec.get("type") == "article":
        return f"id:{rec['id']}"
    words = list(exact_tokens(rec.get("title") or ""))
    while len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words.pop(0)
    authors = rec.get("authors") or []
    author = _surname(_work_author(authors)["name"]) if authors else "-"
    return f"{' '.join(words)}|{author or '-'}"
