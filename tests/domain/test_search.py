"""Words as search sees them: folded, stemmed, the common ones dropped, each language its own
way (pure and fast).

How answered questions rank against a query is the engines' contract: tests/engines/test_search.py.
"""

import pytest

from lesaitutte_cli.domain import italian
from lesaitutte_cli.domain.search import analysed, fold, language_of, query_terms, stem, terms

EN, IT = "en", "it"


def test_words_are_folded_and_stemmed():
    assert fold("Città PERCHÉ") == "citta perche"
    assert stem("phones") == "phone" and stem("batteries") == "battery" and stem("class") == "class"
    assert terms("How do I find my phone's IMEI?", EN) == ["find", "phone", "imei"]


def test_common_words_are_no_terms():
    assert terms("how do I", EN) == []
    assert terms("Perché il mio è già così?", IT) == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("offerta", "offerte"),
        ("telefono", "telefoni"),
        ("nuovo", "nuove"),
        ("banca", "banche"),
        ("albergo", "alberghi"),
        ("servizio", "servizi"),
        ("città", "citta"),
        ("Caffè", "caffe"),
    ],
)
def test_italian_number_gender_and_accents_are_one_term(one, other):
    assert terms(one, IT) == terms(other, IT) != []


def test_italian_derived_words_and_short_words_stay_apart():
    assert terms("attivare attivazione", IT) == ["attivar", "attivazion"]
    assert italian.stem("sim") == "sim" and italian.stem("apn") == "apn" and italian.stem("4g") == "4g"


def test_elided_articles_leave_the_word():
    assert terms("l'offerta dell'APN, un'offerta all'estero", IT) == ["offert", "apn", "offert", "ester"]
    assert terms("l’offerta", IT) == ["offert"]  # a typographic apostrophe too


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Come attivo il roaming in Svizzera? Dalle impostazioni del telefono.", IT),
        ("How do I turn on roaming in Switzerland? From the phone's settings.", EN),
        ("Roaming Svizzera?", None),  # no stop word: the store's language decides
        ("APN 4G LTE", None),
        ("Il roaming: what is it about?", EN),  # two English words against one Italian
    ],
)
def test_a_text_is_read_in_the_language_its_stop_words_vote_for(text, language):
    for default in (EN, IT):
        assert language_of(text, default) == (language or default)


def test_analysed_reads_a_text_in_its_language():
    assert analysed("Le offerte per l'estero sono care?", EN) == (IT, ["offert", "ester", "car"])
    assert analysed("offerte estero", IT) == (IT, ["offert", "ester"])
    assert analysed("offerte estero", EN) == (EN, ["offerte", "estero"])


def test_a_query_is_read_in_each_language_the_store_holds():
    assert query_terms("le offerte phones", [EN]) == {"le", "offerte", "phone"}
    assert query_terms("le offerte phones", [IT]) == {"offert", "phones"}
    assert query_terms("le offerte phones", [EN, IT]) == {"offerte", "offert", "phone", "phones"}
    assert query_terms("the il di of", [EN, IT]) == set()
    assert query_terms("phones", []) == {"phone"}  # an empty store: as English
