"""The pair cap: what one asker's up ratings earned one expert in the last 24 hours, times passed in.

The entries are those for the asker's questions (the engine picks them: `Transaction.pair_ledger`)."""

from datetime import UTC, datetime, timedelta

from lesaitutte_cli.domain.model import ADJUSTED, EARNED, LedgerEntry
from lesaitutte_cli.domain.points import pair_points_today

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


def point(question, at=T0, user="marco", kind=EARNED):
    return LedgerEntry(user, 1, kind, at, question=question)


def test_the_pair_counts_the_points_the_askers_ups_earned_the_expert():
    ledger = [point(1), point(2), point(1, user="paola"), point(None, kind=ADJUSTED)]
    assert pair_points_today(ledger, "marco", T0 + timedelta(hours=1)) == 2


def test_a_point_leaves_the_window_exactly_24_hours_after_it_was_earned():
    ledger = [point(1), point(2, at=T0 + timedelta(hours=1))]
    assert pair_points_today(ledger, "marco", T0 + DAY - timedelta(seconds=1)) == 2
    assert pair_points_today(ledger, "marco", T0 + DAY) == 1
