"""Words as search sees them: folded, stemmed, the common ones dropped (pure and fast).

How answered questions rank against a query is the engines' contract: tests/engines/test_search.py.
"""

from lesaitutte_cli.domain.search import fold, stem, terms


def test_words_are_folded_and_stemmed():
    assert fold("Città PERCHÉ") == "citta perche"
    assert stem("phones") == "phone" and stem("batteries") == "battery" and stem("class") == "class"
    assert terms("How do I find my phone's IMEI?") == ["find", "phone", "imei"]


def test_common_words_are_no_terms():
    assert terms("how do I") == []
