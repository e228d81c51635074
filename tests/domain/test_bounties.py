"""Bounties as pure rules, with times passed in: offering, paying, refunding, and what `check` recounts."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.domain.bounties import MAX_BOUNTY, offer_bounty, refund_overdue_bounty, settle_bounty
from lesaitutte_cli.domain.invariants import Records, store_problems
from lesaitutte_cli.domain.model import (
    BOUNTY_OFFERED,
    BOUNTY_PAID,
    BOUNTY_REFUNDED,
    DOWN,
    UP,
    LedgerEntry,
    User,
)
from lesaitutte_cli.domain.points import pair_points_today
from lesaitutte_cli.domain.questions import (
    answer_question,
    ask_question,
    claim_question,
    rate_answer,
    withdraw_question,
)
from lesaitutte_cli.domain.totals import count_totals
from lesaitutte_cli.errors import InvalidInput, Refused

T0 = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
ANNA = User("anna", T0)
CARLA = User("carla", T0)
MARCO = User("marco", T0, certifications=frozenset({"phones"}))
SECOND = timedelta(seconds=1)
WEEK = timedelta(days=7)


def with_bounty(amount=5, balance=10, at=T0):
    return offer_bounty(ask_question(1, ANNA, "phones", "Why no 5G?", T0), ANNA, amount, balance, at)


def answered(at=T0):
    question, _ = with_bounty()
    question = claim_question(question, MARCO, None, at)
    return answer_question(question, MARCO, "Turn it on in settings.", at + SECOND)


def test_offering_takes_the_points_from_the_asker_into_the_question():
    question, entry = with_bounty(5)
    assert (question.bounty, question.bounty_since) == (5, T0)
    assert (entry.user, entry.amount, entry.kind, entry.question) == ("anna", -5, BOUNTY_OFFERED, 1)
    assert question.history[-1].kind == "bounty"


@pytest.mark.parametrize("amount", [0, -1, MAX_BOUNTY + 1])
def test_a_bounty_out_of_bounds_is_refused(amount):
    with pytest.raises(InvalidInput, match=f"from 1 to {MAX_BOUNTY}"):
        with_bounty(amount, balance=10_000)


def test_a_bounty_over_the_balance_is_refused_and_an_exact_one_is_not():
    with pytest.raises(Refused, match="you have 4"):
        with_bounty(5, balance=4)
    assert with_bounty(5, balance=5)[0].bounty == 5


def test_a_bounty_with_no_points_says_there_is_nothing_to_offer():
    with pytest.raises(Refused, match="You have no points to offer") as refusal:
        with_bounty(1, balance=0)
    assert "at most 0" not in str(refusal.value)


def test_only_the_asker_offers_once_on_an_open_question():
    question, _ = with_bounty()
    with pytest.raises(Refused, match="already carries a bounty of 5"):
        offer_bounty(question, ANNA, 1, 10, T0)
    plain = ask_question(2, ANNA, "phones", "Why?", T0)
    with pytest.raises(Refused, match="Only anna"):
        offer_bounty(plain, CARLA, 1, 10, T0)
    with pytest.raises(Refused, match="is claimed"):
        offer_bounty(claim_question(plain, MARCO, None, T0), ANNA, 1, 10, T0)


def test_an_up_rating_pays_the_bounty_to_the_answerer():
    rated, _, _ = rate_answer(answered(), ANNA, UP, T0 + WEEK)
    paid, entry = settle_bounty(rated, T0 + WEEK)
    assert paid.bounty == 0
    assert (entry.user, entry.amount, entry.kind, entry.at) == ("marco", 5, BOUNTY_PAID, T0 + WEEK)


@pytest.mark.parametrize("how", ["down", "withdrawn"])
def test_a_down_rating_or_a_withdrawal_refunds_the_asker(how):
    if how == "down":
        settled, _, _ = rate_answer(answered(), ANNA, DOWN, T0)
    else:
        settled = withdraw_question(with_bounty()[0], ANNA, T0)
    refunded, entry = settle_bounty(settled, T0)
    assert refunded.bounty == 0
    assert (entry.user, entry.amount, entry.kind) == ("anna", 5, BOUNTY_REFUNDED)


def test_an_answered_question_keeps_its_bounty_until_it_is_rated():
    question = answered()
    assert settle_bounty(question, T0 + 30 * WEEK) == (question, None)
    assert refund_overdue_bounty(question, T0 + 30 * WEEK) is None


def test_an_unanswered_bounty_is_refunded_at_exactly_seven_days_dated_then():
    question, _ = with_bounty()
    assert refund_overdue_bounty(question, T0 + WEEK - SECOND) is None
    refunded, entry = refund_overdue_bounty(question, T0 + WEEK + timedelta(hours=3))
    assert refunded.bounty == 0 and refunded.status == "open"
    assert (entry.user, entry.amount, entry.kind, entry.at) == ("anna", 5, BOUNTY_REFUNDED, T0 + WEEK)


def test_a_claimed_question_unanswered_after_seven_days_is_refunded_too():
    question = claim_question(with_bounty()[0], MARCO, None, T0 + WEEK - SECOND)
    refunded, entry = refund_overdue_bounty(question, T0 + WEEK)
    assert (refunded.status, refunded.bounty, entry.user) == ("claimed", 0, "anna")


def test_the_pair_cap_counts_the_point_not_the_bounty():
    ledger = [
        LedgerEntry("marco", 1, "earned", T0, question=1),
        LedgerEntry("marco", 50, BOUNTY_PAID, T0, question=1),
    ]
    assert pair_points_today(ledger, "marco", T0 + SECOND) == 1


def test_a_paid_bounty_counts_as_earned_and_in_the_balance():
    ledger = [LedgerEntry("marco", 1, "earned", T0, question=1), LedgerEntry("marco", 5, BOUNTY_PAID, T0, question=1)]
    totals = count_totals(ledger, [])["marco"]
    assert (totals.earned, totals.balance) == (6, 6)


def records(questions, ledger):
    users = [ANNA, CARLA, MARCO]
    return Records(users, questions, ledger, [], [], [], last_question_id=9)


def test_check_finds_a_held_bounty_that_matches_the_ledger_sound():
    question, offered = with_bounty()
    start = LedgerEntry("anna", 10, "adjusted", T0, by="ada")
    assert store_problems(records([question], [start, offered])) == []


def test_check_finds_a_bounty_the_ledger_does_not_account_for():
    question, _ = with_bounty()
    assert store_problems(records([question], [])) == ["question 1 holds a bounty of 5 points; the ledger says 0"]


def test_check_finds_a_bounty_paid_to_someone_else():
    rated, _, _ = rate_answer(answered(), ANNA, UP, T0)
    paid, entry = settle_bounty(rated, T0)
    _, offered = with_bounty()
    stolen = replace(entry, user="carla")
    problems = store_problems(records([paid], [LedgerEntry("anna", 10, "adjusted", T0, by="ada"), offered, stolen]))
    assert problems == ["carla got a bounty paid entry for question 1, which is not theirs"]


def test_check_finds_a_settled_question_still_holding_its_bounty():
    question, offered = with_bounty()
    withdrawn = withdraw_question(question, ANNA, T0)
    assert "question 1 is withdrawn but still holds its bounty" in store_problems(records([withdrawn], [offered]))
