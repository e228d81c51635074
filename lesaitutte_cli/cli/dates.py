"""Dates as people type them ("2026-11-01", "1 Dec 2026"), read in local time."""

from datetime import UTC, datetime

import click

from lesaitutte_cli import clock


class LocalDate(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        from dateutil import parser  # imported here: only date options need it

        midnight = clock.now().astimezone().replace(hour=0, minute=0, second=0, tzinfo=None)
        try:
            parsed = parser.parse(value, default=midnight)
        except (ValueError, OverflowError):
            self.fail(f"cannot read '{value}' as a date: write it like 2026-11-01 or '1 Dec 2026'.", param, ctx)
        if parsed.tzinfo is None:
            parsed = parsed.astimezone()  # a time without a zone is local time
        return parsed.astimezone(UTC)


DATE = LocalDate()
