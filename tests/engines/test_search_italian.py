"""Italian search on every engine: plurals, accents, elisions and stop words, a community writing
in both languages, and the store's language read again when an admin changes it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.engines.test_search import LATER, ids, question, search, stored

MIXED = [
    question(
        1,
        "Quanto costano le offerte per il roaming in Svizzera?",
        "Le offerte per l'estero partono da 5 euro al mese.",
    ),
    question(2, "Come configuro l'APN sul telefono?", "Nelle impostazioni della rete mobile inserisci il nome."),
    question(3, "Perché la mia città non ha il 5G?", "La copertura arriva entro l'anno anche nella tua città."),
    question(4, "Does my plan include roaming in Spain?", "Yes: roaming in the EU is included at no extra cost."),
    # No stop word to tell: read in the store's language.
    question(5, "Tariffe estero Svizzera?", "Costo unico: 10 euro."),
]


@pytest.fixture(params=["live", "filed away"])
def mixed(engine, request):
    return stored(engine, MIXED, request.param == "filed away")


def test_italian_plurals_and_singulars_match(mixed):
    assert ids(search(mixed, "offerta")) == ids(search(mixed, "OFFERTE")) == [1]
    assert ids(search(mixed, "telefoni")) == [2]


def test_italian_accents_are_ignored(mixed):
    assert ids(search(mixed, "citta")) == ids(search(mixed, "città")) == [3]


def test_elided_articles_find_the_word(mixed):
    assert ids(search(mixed, "dell'APN")) == ids(search(mixed, "apn")) == [2]
    assert ids(search(mixed, "un'offerta")) == [1]


def test_italian_stop_words_alone_find_nothing(mixed):
    assert search(mixed, "il la di per che è perché") == []


def test_a_query_finds_questions_of_both_languages(mixed):
    assert sorted(ids(search(mixed, "roaming"))) == [1, 4]


def test_similar_questions_are_read_in_their_language(mixed):
    with mixed.transaction() as tx:
        assert ids(tx.similar("Ci sono offerte di roaming per la Svizzera?", 3)) == [1]


def test_changing_the_language_reads_the_answers_again(mixed):
    assert search(mixed, "tariffa") == []  # question 5 was read in English: "tariffe" is not "tariffa"
    with mixed.transaction() as tx:
        tx.save_settings(replace(tx.settings(), language="it"))
        tx.reindex_search()
    assert ids(search(mixed, "tariffa")) == [5]
    with mixed.transaction() as tx:
        assert tx.settings().language == "it"
        tx.archive_settled(LATER, force=True)  # what is still live joins the archive, read as Italian
    assert ids(search(mixed, "tariffa")) == [5]
    assert ids(search(mixed, "offerta")) == [1]  # clearly Italian, whatever the setting
