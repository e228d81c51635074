"""Certification exams as pure rules: the draw, the score, the pass mark and the retry delay."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.domain.exams import (
    certify,
    count_correct,
    draw_questions,
    finish_attempt,
    passes,
    read_answers,
    require_may_sit,
    reset_wait,
    retry_allowed_at,
    revoke,
    start_attempt,
)
from lesaitutte_cli.domain.model import ExamBank, ExamQuestion, User
from lesaitutte_cli.errors import ExamWait, InvalidInput, Refused

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
QUESTIONS = tuple(ExamQuestion(f"q{n}", f"Question {n}?", ("a", "b", "c"), (n % 3,)) for n in range(10)) + (
    ExamQuestion("multi", "Which two?", ("a", "b", "c", "d"), (1, 3)),
)
BANK = ExamBank("phones", questions_per_attempt=5, pass_mark=0.8, retry_after_hours=24, questions=QUESTIONS)
ANNA = User("anna", T0)
RIGHT = {question.id: question.answer for question in QUESTIONS}


def attempt_of(drawn_ids, at=T0):
    drawn = tuple(question for question in QUESTIONS if question.id in drawn_ids)
    return start_attempt(1, ANNA, BANK, drawn, at)


def test_a_draw_has_the_banks_number_of_questions_none_twice():
    for seed in range(50):
        drawn = draw_questions(BANK, random.Random(seed))
        assert len(drawn) == 5
        assert len({question.id for question in drawn}) == 5


def test_the_draw_is_random_and_reaches_every_question():
    seen = set()
    draws = set()
    for seed in range(200):
        drawn = tuple(question.id for question in draw_questions(BANK, random.Random(seed)))
        seen.update(drawn)
        draws.add(drawn)
    assert seen == {question.id for question in QUESTIONS}
    assert len(draws) > 150


def test_an_answer_is_right_only_with_exactly_the_right_choices():
    drawn = ("q1", "multi")
    assert count_correct(BANK, drawn, {"q1": (1,), "multi": (3, 1)}) == 2
    assert count_correct(BANK, drawn, {"q1": (1,), "multi": (1,)}) == 1  # one of two is not enough
    assert count_correct(BANK, drawn, {"q1": (1,), "multi": (0, 1, 3)}) == 1  # nor is one too many


def test_a_missing_answer_counts_as_wrong_and_undrawn_answers_are_ignored():
    assert count_correct(BANK, ("q1", "q2"), {"q1": (1,), "q5": (2,)}) == 1


@pytest.mark.parametrize(
    "correct, total, pass_mark, passed",
    [
        (4, 5, 0.8, True),
        (3, 5, 0.8, False),
        (5, 5, 1.0, True),
        (4, 5, 1.0, False),
        (7, 10, 0.7, True),
        (2, 3, 0.67, False),
    ],
)
def test_the_pass_mark_edge(correct, total, pass_mark, passed):
    assert passes(correct, total, pass_mark) is passed


def test_finishing_scores_the_attempt_and_passes_at_the_mark():
    drawn = ("q0", "q1", "q2", "q3", "q4")
    answers = {qid: RIGHT[qid] for qid in drawn[:4]} | {"q4": (0,)}  # 4 of 5 right
    finished = finish_attempt(attempt_of(drawn), BANK, answers, T0 + timedelta(minutes=5))
    assert (finished.correct, finished.passed, finished.outcome) == (4, True, "passed")
    assert {answer.question for answer in finished.answers} == set(drawn)


def test_below_the_mark_fails():
    drawn = ("q0", "q1", "q2", "q3", "q4")
    answers = {qid: RIGHT[qid] for qid in drawn[:3]}
    finished = finish_attempt(attempt_of(drawn), BANK, answers, T0)
    assert (finished.correct, finished.passed, finished.outcome) == (3, False, "failed")


def test_an_interrupted_attempt_fails_even_with_every_answer_right():
    drawn = ("q0", "q1", "q2", "q3", "q4")
    finished = finish_attempt(attempt_of(drawn), BANK, dict(RIGHT), T0, interrupted=True)
    assert (finished.correct, finished.passed, finished.outcome) == (5, False, "interrupted")


def failed_at(when):
    return finish_attempt(attempt_of(("q0", "q1", "q2", "q3", "q4"), when), BANK, {}, when)


def test_a_failure_delays_the_next_attempt_by_the_banks_retry_delay():
    failed = failed_at(T0)
    assert retry_allowed_at(failed, BANK) == T0 + timedelta(hours=24)
    with pytest.raises(ExamWait) as refusal:
        require_may_sit(ANNA, BANK, failed, T0 + timedelta(hours=24) - timedelta(seconds=1))
    assert refusal.value.retry_at == T0 + timedelta(hours=24)  # a moment: the printing layer words it
    assert refusal.value.message(datetime.isoformat).endswith("allowed from 2026-11-26T09:00:00+00:00.")
    require_may_sit(ANNA, BANK, failed, T0 + timedelta(hours=24))
    require_may_sit(ANNA, BANK, failed, T0 + timedelta(hours=24, seconds=1))


def test_an_unfinished_attempt_counts_as_failed_from_when_it_started():
    unfinished = attempt_of(("q0", "q1", "q2", "q3", "q4"))
    assert unfinished.outcome == "unfinished"
    assert retry_allowed_at(unfinished, BANK) == T0 + timedelta(hours=24)
    with pytest.raises(Refused):
        require_may_sit(ANNA, BANK, unfinished, T0 + timedelta(hours=1))


def test_a_certified_expert_has_no_exam_to_take():
    with pytest.raises(Refused, match="already certified in phones"):
        require_may_sit(User("marco", T0, certifications=frozenset({"phones"})), BANK, None, T0)


def test_a_reset_clears_the_wait_of_the_attempt_it_names():
    failed = failed_at(T0)
    change = reset_wait(ANNA, BANK, failed, False, "tina", T0 + timedelta(hours=1), "terminal closed")
    assert (change.user, change.category, change.action, change.by, change.attempt) == (
        "anna",
        "phones",
        "exam reset",
        "tina",
        failed.id,
    )
    assert retry_allowed_at(failed, BANK, cleared=True) is None
    require_may_sit(ANNA, BANK, failed, T0 + timedelta(hours=1), cleared=True)


@pytest.mark.parametrize(
    "user, last, cleared, when, says",
    [
        (ANNA, None, False, T0, "no wait to clear"),
        (ANNA, "failed", True, T0, "no wait to clear"),
        (ANNA, "failed", False, T0 + timedelta(hours=24), "no wait to clear"),
        (User("marco", T0, certifications=frozenset({"phones"})), None, False, T0, "already certified"),
    ],
)
def test_a_reset_is_refused_where_there_is_no_wait(user, last, cleared, when, says):
    with pytest.raises(Refused, match=says):
        reset_wait(user, BANK, failed_at(T0) if last else None, cleared, "tina", when, "why")


def test_a_first_attempt_is_always_allowed():
    require_may_sit(ANNA, BANK, None, T0)


def test_certify_and_revoke_record_who_when_and_why():
    certified, change = certify(ANNA, "phones", "tina", T0)
    assert certified.certifications == {"phones"}
    assert (change.action, change.by, change.at) == ("certified", "tina", T0)
    with pytest.raises(Refused, match="already certified"):
        certify(certified, "phones", "tina", T0)
    revoked, change = revoke(certified, "phones", "tina", T0, "copied answers")
    assert revoked.certifications == frozenset()
    assert (change.action, change.reason) == ("revoked", "copied answers")
    with pytest.raises(Refused, match="nothing to revoke"):
        revoke(revoked, "phones", "tina", T0, "again")


@pytest.mark.parametrize("document", [[1], {"q1": 0}, {"q1": ["0"]}, {"q1": [-1]}, {"q1": [True]}, {"q1": [10**29]}])
def test_a_malformed_answers_file_is_bad_input(document):
    with pytest.raises(InvalidInput):
        read_answers(document, "answers.json")


def test_an_answers_file_maps_ids_to_choices():
    assert read_answers({"q1": [0, 2], "q2": []}, "answers.json") == {"q1": (0, 2), "q2": ()}
