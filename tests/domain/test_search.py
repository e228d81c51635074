"""Ranking answered questions against a query: pure and fast."""

from datetime import UTC, datetime

from lesaitutte_cli.domain.model import Question
from lesaitutte_cli.domain.search import fold, search, similar, stem, terms

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def question(qid, text, answer=None, status="rated", rating="up", category="tariffs"):
    return Question(
        id=qid,
        category=category,
        text=text,
        asker="anna",
        created_at=T0,
        status=status,
        answered_by="marco" if answer else None,
        answer=answer,
        rating=rating if status == "rated" else None,
    )


ARCHIVE = [
    question(1, "Does my plan include roaming in Spain?", "Yes: roaming in the EU is included at no extra cost."),
    question(2, "How do I find my IMEI?", "Dial *#06#.", category="phones"),
    question(3, "Why was I charged for a text from Switzerland?", "Switzerland is outside the EU roaming zone."),
    question(4, "Can I use roaming data in Città del Vaticano?", "Yes, like in Italy.", status="answered"),
    question(5, "Roaming in Spain: is it free?", None, status="open"),
    question(6, "Roaming in Spain with my old plan?", None, status="withdrawn"),
    question(7, "Which phones support 5G?", "Most phones sold since 2021 do.", category="phones"),
]


def ids(hits):
    return [hit.question.id for hit in hits]


def test_words_are_folded_and_stemmed():
    assert fold("Città PERCHÉ") == "citta perche"
    assert stem("phones") == "phone" and stem("batteries") == "battery" and stem("class") == "class"
    assert terms("How do I find my phone's IMEI?") == ["find", "phone", "imei"]


def test_the_best_match_comes_first():
    assert ids(search(ARCHIVE, "roaming Spain"))[0] == 1


def test_accents_and_case_are_ignored():
    assert ids(search(ARCHIVE, "CITTA")) == [4]


def test_plurals_match_singulars():
    assert 2 not in ids(search(ARCHIVE, "phones"))  # question 2 says "IMEI", not phone
    assert ids(search(ARCHIVE, "phone")) == ids(search(ARCHIVE, "phones")) == [7]


def test_unanswered_and_withdrawn_questions_are_never_found():
    found = ids(search(ARCHIVE, "roaming Spain free old plan"))
    assert 5 not in found and 6 not in found


def test_words_in_the_answer_count():
    assert ids(search(ARCHIVE, "zone")) == [3]


def test_at_equal_relevance_up_rated_answers_come_first():
    twins = [
        question(1, "Roaming in France?", "Included.", rating="down"),
        question(2, "Roaming in France?", "Included.", rating="up"),
    ]
    hits = search(twins, "roaming France")
    assert hits[0].score == hits[1].score
    assert ids(hits) == [2, 1]


def test_a_query_of_only_common_words_finds_nothing():
    assert search(ARCHIVE, "how do I") == []


def test_similar_questions_need_enough_words_in_common():
    assert ids(similar(ARCHIVE, "Is roaming in Spain included in my plan?")) == [1]
    assert similar(ARCHIVE, "Is my phone waterproof?") == []
