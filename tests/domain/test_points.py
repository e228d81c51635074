"""Points as pure rules: the ledger, redeeming, adjustments, ranking and calendar periods."""

from datetime import UTC, datetime

import pytest

from lesaitutte_cli.domain.model import ADJUSTED, EARNED, REDEEMED, LedgerEntry, Question, Reward
from lesaitutte_cli.domain.periods import period_start
from lesaitutte_cli.domain.points import (
    Standing,
    adjust_points,
    rank_standings,
    redeem_reward,
)
from lesaitutte_cli.domain.totals import Totals, count_totals
from lesaitutte_cli.errors import InvalidInput, Refused

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TOPUP = Reward("topup-5", "5 EUR top-up", cost=5, stock=2)


def entry(user, amount, kind=EARNED):
    return LedgerEntry(user, amount, kind, T0)


LEDGER = [
    entry("marco", 1),
    entry("marco", 1),
    entry("paola", 1),
    entry("marco", -2, REDEEMED),
    entry("marco", 3, ADJUSTED),
]


def test_a_balance_is_the_sum_of_the_users_entries():
    totals = count_totals(LEDGER, [])
    assert (totals["marco"].balance, totals["paola"].balance) == (3, 1)
    assert "nobody" not in totals


def test_earned_counts_only_points_earned_by_answers():
    assert count_totals(LEDGER, [])["marco"].earned == 2


def test_answers_count_with_their_ratings():
    answered = [
        Question(1, "phones", "?", "anna", T0, answered_by="marco", rating="up"),
        Question(2, "phones", "?", "anna", T0, answered_by="marco", rating="down"),
        Question(3, "phones", "?", "anna", T0, answered_by="marco"),
        Question(4, "phones", "?", "anna", T0),
    ]
    assert count_totals([], answered) == {"marco": Totals(answers=3, rated=2, rated_up=1)}


def test_a_rating_that_comes_later_counts_as_if_it_came_with_the_answer():
    later, at_once = Totals(), Totals()
    later.add_answer(None)
    later.add_rating("up")
    at_once.add_answer("up")
    assert later == at_once


def test_redeeming_pays_lowers_the_stock_and_records_the_voucher():
    remaining, redemption, payment = redeem_reward(TOPUP, "marco", 7, 4, "LST-AAAA-BBBB-CCCC", T0)
    assert remaining.stock == 1
    assert (redemption.id, redemption.user, redemption.reward, redemption.voucher) == (
        4,
        "marco",
        "topup-5",
        "LST-AAAA-BBBB-CCCC",
    )
    assert (payment.user, payment.amount, payment.kind, payment.redemption) == ("marco", -5, REDEEMED, 4)


def test_redeeming_an_unlimited_reward_keeps_it_unlimited():
    remaining, _, _ = redeem_reward(Reward("tshirt", "T-shirt", 4), "marco", 4, 1, "V", T0)
    assert remaining.stock is None


def test_redeeming_without_enough_points_says_how_many_are_missing():
    with pytest.raises(Refused, match="costs 5 points and you have 3: 2 more to go"):
        redeem_reward(TOPUP, "marco", 3, 1, "V", T0)


def test_too_few_points_point_an_expert_at_claiming_and_anyone_else_at_an_exam():
    with pytest.raises(Refused, match="lesaitutte claim --next$"):
        redeem_reward(TOPUP, "marco", 3, 1, "V", T0, expert=True)
    with pytest.raises(Refused, match="lesaitutte take-exam CATEGORY$"):
        redeem_reward(TOPUP, "anna", 0, 1, "V", T0, expert=False)


def test_a_balance_exactly_the_cost_is_enough_and_ends_at_zero():
    _, _, payment = redeem_reward(TOPUP, "marco", 5, 1, "V", T0)
    assert 5 + payment.amount == 0


def test_an_out_of_stock_or_retired_reward_cannot_be_redeemed():
    with pytest.raises(Refused, match="out of stock"):
        redeem_reward(Reward("phone", "Phone", 1, stock=0), "marco", 10, 1, "V", T0)
    with pytest.raises(Refused, match="no longer offered"):
        redeem_reward(Reward("old", "Old", 1, retired=True), "marco", 10, 1, "V", T0)


def test_an_adjustment_may_not_take_a_balance_below_zero():
    assert adjust_points("marco", 3, -3, "duplicate", "ada", T0).amount == -3
    with pytest.raises(Refused, match="take at most 3"):
        adjust_points("marco", 3, -4, "duplicate", "ada", T0)
    added = adjust_points("marco", 0, 5, "outage", "ada", T0)
    assert (added.kind, added.by, added.reason) == (ADJUSTED, "ada", "outage")


def test_an_adjustment_of_zero_is_bad_input():
    with pytest.raises(InvalidInput):
        adjust_points("marco", 3, 0, "nothing", "ada", T0)


def standing(user, points):
    return Standing(0, user, points, answers=points, rated=0, rated_up=0)


def test_ranking_is_by_points_with_ties_sharing_a_rank_in_name_order():
    ranked = rank_standings([standing("zeno", 3), standing("anna", 5), standing("bruno", 3), standing("carla", 1)])
    assert [(row.rank, row.user) for row in ranked] == [(1, "anna"), (2, "bruno"), (2, "zeno"), (4, "carla")]


def test_the_up_share_is_of_rated_answers_only():
    assert Standing(1, "marco", 2, answers=5, rated=4, rated_up=2).up_share == 0.5
    assert Standing(1, "marco", 0, answers=1, rated=0, rated_up=0).up_share is None


@pytest.mark.parametrize(
    "now, period, start",
    [
        (datetime(2026, 11, 30, 23, 59, 59), "month", datetime(2026, 11, 1)),
        (datetime(2026, 12, 1, 0, 0, 0), "month", datetime(2026, 12, 1)),
        (datetime(2026, 11, 29, 23, 59, 59), "week", datetime(2026, 11, 23)),  # a Sunday: still Monday's week
        (datetime(2026, 11, 30, 0, 0, 0), "week", datetime(2026, 11, 30)),  # Monday starts a new one
        (datetime(2026, 12, 31, 23, 59, 59), "year", datetime(2026, 1, 1)),
        (datetime(2027, 1, 1, 0, 0, 0), "year", datetime(2027, 1, 1)),
    ],
)
def test_periods_start_at_local_midnight_of_their_first_day(now, period, start):
    assert period_start(period, now) == start


def test_all_time_has_no_start():
    assert period_start("all", datetime(2026, 11, 25)) is None
