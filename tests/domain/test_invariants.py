"""The invariants read each record once, as it goes by, and name problems in the order of the records."""

from dataclasses import replace
from datetime import UTC, datetime

from lesaitutte_cli.domain.invariants import Records, checked, store_problems
from lesaitutte_cli.domain.model import BOUNTY_OFFERED, EARNED, LedgerEntry, User
from lesaitutte_cli.domain.questions import ask_question

T0 = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
USERS = [User("anna", T0), User("marco", T0)]


def question(qid, bounty=0):
    return replace(ask_question(qid, USERS[0], "phones", f"Question {qid}?", T0), bounty=bounty)


def records(questions, ledger):
    # Generators: the invariants may read the questions and the ledger only once.
    return Records(USERS, (q for q in questions), (e for e in ledger), [], [], [], last_question_id=9)


def test_repeated_ids_are_named_in_the_order_each_was_first_read():
    problems = store_problems(records([question(2), question(1), question(1), question(2)], []))
    repeated = [problem for problem in problems if problem.code == "question_id_repeated"]
    assert repeated == ["question 2: the id is used 2 times", "question 1: the id is used 2 times"]


def test_each_question_of_a_repeated_id_is_held_to_its_own_bounty():
    offered = LedgerEntry("anna", -5, BOUNTY_OFFERED, T0, question=1)
    start = LedgerEntry("anna", 5, "adjusted", T0, by="ada")
    problems = store_problems(records([question(3, bounty=5), question(1, bounty=5), question(1)], [start, offered]))
    bounties = [problem for problem in problems if problem.code == "bounty_differs"]
    assert bounties == [
        "question 3 holds a bounty of 5 points; the ledger says 0",
        "question 1 holds a bounty of 0 points; the ledger says 5",
    ]


def test_a_point_for_a_question_is_checked_against_its_asker_and_answerer_from_one_pass():
    points = [LedgerEntry("marco", 1, EARNED, T0, question=1), LedgerEntry("marco", 1, EARNED, T0, question=1)]
    problems, recount = checked(records([question(1)], points))
    assert [problem.code for problem in problems] == ["unearned_point", "unearned_point", "point_repeated"]
    assert recount["marco"].balance == 2 and recount["marco"].earned == 2


def test_ids_far_past_the_others_are_checked_like_any_other():
    far, beyond_any_machine_integer = 10**12, 2**70
    answered = replace(question(far), answered_by="marco", answer="Yes.", status="answered")
    questions = [question(1), answered, question(beyond_any_machine_integer), replace(answered, status="rated")]
    point = LedgerEntry("marco", 1, EARNED, T0, question=far)
    problems = store_problems(records(questions, [point]))
    assert [problem.code for problem in problems] == [
        "id_beyond_last",
        "id_beyond_last",
        "id_beyond_last",
        "rating_mismatch",
        "question_id_repeated",
        "unearned_point",  # the last question of the id is not rated up
    ]
    assert "question 1000000000000: the id is used 2 times" in problems
