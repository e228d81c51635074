"""Dates as people type them ("2026-11-01", "1 Dec 2026", "1 dicembre 2026", "03/04/2026"), read in local time.

Dates written with numbers only are read day first, as this community's members write them:
03/04/2026 is 3 April. Month and weekday names are read in English and in Italian (`date_words`).
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import click

from lesaitutte_cli import clock
from lesaitutte_cli.language import _, date_format

# Far wider than any community's history, and far from the ends of what datetime can hold, so
# that a time zone's offset or a whole day added never runs past them.
FIRST_YEAR, LAST_YEAR = 1970, 2999


class LocalDate(click.ParamType):
    """A moment; a date without a time is that day's start, or with `whole_day` the next day's."""

    name = "DATE"

    def __init__(self, whole_day: bool = False) -> None:
        self.whole_day = whole_day

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            parsed, date_only = _read(value)
        except (ValueError, OverflowError):
            self.fail(
                _("cannot read '{value}' as a date: write it like 2026-11-01, 1/11/2026 or '1 Nov 2026'.").format(
                    value=value
                ),
                param,
                ctx,
            )
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            self.fail(
                _("'{value}' is out of range: give a date from {first} to {last}.").format(
                    value=value, first=FIRST_YEAR, last=LAST_YEAR
                ),
                param,
                ctx,
            )
        if self.whole_day and date_only:
            parsed += timedelta(days=1)
        if parsed.tzinfo is None:
            return clock.from_local_wall_time(parsed)  # a time without a zone is local time
        return parsed.astimezone(UTC)


def _read(value: str) -> tuple[datetime, bool]:
    """The moment typed, naive when no zone was given, and whether only a date was."""
    try:  # ISO 8601 first: year first, so never ambiguous
        return datetime.combine(date.fromisoformat(value), time()), True
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value), False
    except ValueError:
        pass
    from lesaitutte_cli.cli import date_words  # imported here: only dates written other ways need dateutil

    midnight = clock.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    parsed = date_words.parse(value, default=midnight)
    # Parsed again with another default time: if the time changes, none was typed.
    date_only = date_words.parse(value, default=midnight.replace(hour=12, minute=34)) != parsed
    return parsed, date_only


DATE = LocalDate()
UNTIL_DATE = LocalDate(whole_day=True)  # "--until 2026-11-30" includes the 30th


def as_typed(moment: datetime, until_day: bool = False) -> str:
    """A bound of a period as it was typed: a date alone for a local midnight.

    --until DATE means up to the end of that day, which is the next day's midnight.
    """
    wall = clock.local_wall_time(moment)
    if wall.time() != time.min:
        return clock.local_text(moment)
    return (wall.date() - timedelta(days=1) if until_day else wall.date()).strftime(date_format())


def require_order(since: datetime | None, until: datetime | None) -> None:
    if since is not None and until is not None and since >= until:
        raise click.UsageError(
            _("--since ({since}) is not before --until ({until}): swap them.").format(
                since=as_typed(since), until=as_typed(until, until_day=True)
            )
        )
