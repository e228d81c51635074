"""Dates as people type them ("2026-11-01", "1 Dec 2026"), read in local time."""

from datetime import UTC, datetime, timedelta

import click

from lesaitutte_cli import clock


class LocalDate(click.ParamType):
    """A moment; a date without a time is that day's start, or with `whole_day` the next day's."""

    name = "DATE"

    def __init__(self, whole_day: bool = False) -> None:
        self.whole_day = whole_day

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        from dateutil import parser  # imported here: only date options need it

        midnight = clock.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
        try:
            parsed = parser.parse(value, default=midnight)
            # Parsed again with another default time: if the time changes, none was typed.
            date_only = parser.parse(value, default=midnight.replace(hour=12, minute=34)) != parsed
        except (ValueError, OverflowError):
            self.fail(f"cannot read '{value}' as a date: write it like 2026-11-01 or '1 Dec 2026'.", param, ctx)
        if self.whole_day and date_only:
            parsed += timedelta(days=1)
        if parsed.tzinfo is None:
            return clock.from_local_wall_time(parsed)  # a time without a zone is local time
        return parsed.astimezone(UTC)


DATE = LocalDate()
UNTIL_DATE = LocalDate(whole_day=True)  # "--until 2026-11-30" includes the 30th
