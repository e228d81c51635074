"""The one place that reads the time, and the one format times are stored in.

Times are aware datetimes in UTC everywhere inside the program; they are stored as
ISO 8601 strings ending in ``Z`` and shown to people in their local time zone.
"""

import functools
from datetime import UTC, datetime

from lesaitutte_cli.language import date_and_time_format


def now() -> datetime:
    """The current time in UTC, to the second (tests freeze it with freezegun).

    Whole seconds, so that a deadline stored as text is exactly the deadline that was
    computed, and "one second after" means the same thing everywhere.
    """
    return datetime.now(UTC).replace(microsecond=0)


@functools.lru_cache(maxsize=4096)  # a record's moments repeat: asked, claimed, answered at the same times
def to_iso(moment: datetime) -> str:
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # isoformat is several times faster than strftime, and stores write many times.
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    # A stored time ends in Z, so it is in UTC already: a report reads hundreds of thousands.
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def local_text(moment: datetime) -> str:
    """A moment as people read it: local date and time, as the interface's language writes them."""
    return moment.astimezone().strftime(date_and_time_format()).rstrip()


def local_wall_time(moment: datetime) -> datetime:
    """The moment as a naive local date and time, as a calendar on the wall shows it."""
    return moment.astimezone().replace(tzinfo=None)


def from_local_wall_time(wall: datetime) -> datetime:
    """A naive local date and time as a UTC moment, with the zone's offset on that date."""
    return wall.astimezone(UTC)
