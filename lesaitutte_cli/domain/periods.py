"""Calendar periods in local wall-clock time: this week, this month, this year."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

PERIODS = ("week", "month", "year", "all")


def period_start(period: str, local_now: datetime) -> datetime | None:
    """The first moment of the period containing `local_now`, as a naive local time.

    Weeks start on Monday. None for `all`: no lower bound.
    """
    if period == "all":
        return None
    from dateutil.relativedelta import MO, relativedelta  # imported here: only periods need it

    midnight = relativedelta(hour=0, minute=0, second=0, microsecond=0)
    if period == "week":
        return local_now + relativedelta(weekday=MO(-1)) + midnight
    if period == "month":
        return local_now + relativedelta(day=1) + midnight
    if period == "year":
        return local_now + relativedelta(month=1, day=1) + midnight
    raise ValueError(f"unknown period {period!r}")
