"""Dutch analysis pinned on real Dutch words: the same at index and query time."""
from indexer.analysis import exact_tokens, fold, stem_tokens


def test_plural_and_singular_share_a_stem():
    assert stem_tokens("bibliotheken") == stem_tokens("bibliotheek")
    assert stem_tokens("collecties") == stem_tokens("collectie")
    assert stem_tokens("kinderen") == ("kinder",) and exact_tokens("kinderen") == ("kinderen",)


def test_diacritics_fold_in_both_views():
    assert exact_tokens("geëvalueerd") == exact_tokens("geevalueerd") == ("geevalueerd",)
    assert stem_tokens("geëvalueerd") == stem_tokens("geevalueerd")
    assert exact_tokens("café") == ("cafe",)
    assert exact_tokens("coördinatie ruïne België") == ("coordinatie", "ruine", "belgie")


def test_ij_ligature_folds_to_ij():
    assert exact_tokens("Ĳsland") == exact_tokens("IJsland") == ("ijsland",)
    assert exact_tokens("ĳsbeer") == ("ijsbeer",)


def test_exact_view_is_not_stemmed():
    assert exact_tokens("Bibliotheken") == ("bibliotheken",)
    assert stem_tokens("Bibliotheken") != exact_tokens("Bibliotheken")


def test_non_latin_scripts_pass_through():
    assert exact_tokens("Война и мир") == ("война", "и", "мир")
    assert stem_tokens("Война") == ("война",)


def test_fold_joins_tokens():
    assert fold("  De Ontdekking van de HEMEL ") == "de ontdekking van de hemel"


def test_indexed_text_is_found_by_either_form(tmp_path):
    """Index one record and search it with the other number and without accents."""
    from indexer.build import build
    from search_api.request import SearchRequest
    from search_api.service import SearchService

    src = tmp_path / "r.jsonl"
    src.write_text('{"id": "t:1", "title": "Openbare bibliotheken", "description": "Het project werd geëvalueerd."}\n'
                   '{"id": "t:2", "title": "Iets anders", "description": "Over kinderen."}\n')
    build(tmp_path / "idx", [f"jsonl:{src}"])
    svc = SearchService(tmp_path / "idx")
    for q in ("bibliotheek", "bibliotheken", "BIBLIOTHEEK", "geevalueerd", "geëvalueerd"):
        ids = [h.id for h in svc.search(SearchRequest(q=q)).hits]
        assert ids == ["t:1"], q
