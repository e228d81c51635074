"""Search as production ranks it: the engine's `search` and `similar`, over live and filed-away answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.domain.model import Event, Question, User

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=30)


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
        answered_at=T0 if answer else None,
        rating=rating if status == "rated" else None,
        rated_at=T0 if status == "rated" else None,
        history=(Event(T0, "asked", "anna"),),
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


def stored(engine, questions, filed_away):
    with engine.transaction() as tx:
        for name in ("anna", "marco"):  # a database insists that askers and answerers are registered
            tx.save_user(User(name, T0))
        assert list(tx.next_question_ids(len(questions))) == [item.id for item in questions]
        for item in questions:
            tx.save_question(item)
    if filed_away:
        with engine.transaction() as tx:
            tx.archive_settled(LATER, force=True)
    return engine


@pytest.fixture(params=["live", "filed away"])
def archive(engine, request):
    return stored(engine, ARCHIVE, request.param == "filed away")


def ids(hits):
    return [hit.question.id for hit in hits]


def search(engine, query, **options):
    with engine.transaction() as tx:
        return list(tx.search(query, **options))


def test_the_best_match_comes_first(archive):
    assert ids(search(archive, "roaming Spain"))[0] == 1


def test_accents_and_case_are_ignored(archive):
    assert ids(search(archive, "CITTA")) == [4]


def test_plurals_match_singulars(archive):
    assert 2 not in ids(search(archive, "phones"))  # question 2 says "IMEI", not phone
    assert ids(search(archive, "phone")) == ids(search(archive, "phones")) == [7]


def test_unanswered_and_withdrawn_questions_are_never_found(archive):
    found = ids(search(archive, "roaming Spain free old plan"))
    assert 5 not in found and 6 not in found


def test_words_in_the_answer_count(archive):
    assert ids(search(archive, "zone")) == [3]


def test_a_category_and_a_limit_narrow_the_hits(archive):
    assert ids(search(archive, "roaming", category="phones")) == []
    assert set(ids(search(archive, "roaming"))) == {1, 3, 4}
    assert ids(search(archive, "roaming", limit=2)) == ids(search(archive, "roaming"))[:2]


def test_a_query_of_only_common_words_finds_nothing(archive):
    assert search(archive, "how do I") == []


@pytest.mark.parametrize("filed_away", [False, True])
def test_at_equal_relevance_up_rated_answers_come_first(engine, filed_away):
    twins = [
        question(1, "Roaming in France?", "Included.", rating="down"),
        question(2, "Roaming in France?", "Included.", rating="up"),
    ]
    hits = search(stored(engine, twins, filed_away), "roaming France")
    assert hits[0].score == hits[1].score
    assert ids(hits) == [2, 1]


def test_similar_questions_need_enough_words_in_common(archive):
    with archive.transaction() as tx:
        assert ids(tx.similar("Is roaming in Spain included in my plan?", 3)) == [1]
        assert tx.similar("Is my phone waterproof?", 3) == []
