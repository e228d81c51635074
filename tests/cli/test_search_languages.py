"""Search in the community's language through the command line: the `settings language` an
admin chooses, in both interface languages, and what members then find."""

import pytest

from lesaitutte_cli import language

ANSWERED = {
    "questions": [
        {
            "asker": "anna",
            "category": "tariffs",
            "text": "Quanto costano le offerte per il roaming in Svizzera?",
            "created_at": "2026-11-03T08:12:00Z",
            "answered_by": "bruno",
            "answer": "Le offerte per l'estero partono da 5 euro al mese.",
            "answered_at": "2026-11-03T08:24:00Z",
        },
        {  # no stop word: read in the community's language
            "asker": "carla",
            "category": "tariffs",
            "text": "Tariffe estero Svizzera?",
            "created_at": "2026-11-03T09:12:00Z",
            "answered_by": "bruno",
            "answer": "Costo unico: 10 euro.",
            "answered_at": "2026-11-03T09:24:00Z",
        },
        {
            "asker": "anna",
            "category": "tariffs",
            "text": "Does my plan include roaming in Spain?",
            "created_at": "2026-11-03T10:12:00Z",
            "answered_by": "bruno",
            "answer": "Yes: roaming in the EU is included at no extra cost.",
            "answered_at": "2026-11-03T10:24:00Z",
        },
    ]
}

SAID = {
    "en": "The community writes in Italian; search has read every answered question again.\n",
    "it": "La comunità scrive in italiano; la ricerca ha riletto tutte le domande con risposta.\n",
}


@pytest.fixture(autouse=True)
def environment_language():
    yield
    language.choose(None)


@pytest.fixture
def answered(community):
    community.seed(ANSWERED)
    return community


def found(run, query, *options):
    return [hit["id"] for hit in run.json("search", query, *options, user="anna")]


def test_italian_plurals_accents_and_elisions_are_found(answered):
    assert found(answered, "offerta") == found(answered, "l'offerta") == [1]
    assert found(answered, "svìzzera") == found(answered, "svizzera")
    assert sorted(found(answered, "roaming")) == [1, 3]  # each in its own language
    assert found(answered, "il di per che") == []


@pytest.mark.parametrize("lang", ["en", "it"])
def test_admins_choose_the_language_and_search_reads_again(answered, lang):
    assert found(answered, "tariffa") == []  # question 2 was read in English
    result = answered("--lang", lang, "settings", "language", "it", user="ada")
    assert (result.exit_code, result.stdout) == (0, SAID[lang])
    assert found(answered, "tariffa") == [2]
    assert answered("settings", user="ada").stdout.endswith("language: it\n")
    assert answered.json("settings", "language", "en", user="ada")["language"] == "en"
    assert found(answered, "tariffa") == []


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_language_search_cannot_read_is_refused(answered, lang):
    result = answered("--lang", lang, "settings", "language", "fr", user="ada")
    assert result.exit_code == 2 and "fr" in result.stderr and "Traceback" not in result.output
    refused = answered("settings", "language", "it", user="anna")
    assert refused.exit_code == 1 and "admin" in refused.stderr
    assert answered.json("settings", user="ada")["language"] == "en"


def test_similar_questions_are_shown_to_an_italian_asker(answered):
    asked = answered.json("ask", "Ci sono offerte di roaming per la Svizzera?", "-c", "tariffs", user="carla")
    assert asked["similar"] == [1]
