"""Certificates that expire: when a certification lapses, warning before it does, renewing it.

With `certification-months N` set, a certification lasts N calendar months from its grant
(a pass, a trainer's certify, or a renewal). A certification whose grant time is unknown (it
was held before expiry was switched on, or came with a seed) counts as granted when expiry
was switched on, or when its holder registered if that was later: nobody loses a
certification the moment an admin turns expiry on.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.limits import MAX_CERTIFICATION_MONTHS
from lesaitutte_cli.domain.model import EXAM_RESET, LAPSED, replace
from lesaitutte_cli.domain.stored_texts import CERTIFICATE_EXPIRED
from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.language import N_

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import CertificationChange, Settings, User

WARN_BEFORE = timedelta(days=30)
MAX_MONTHS = MAX_CERTIFICATION_MONTHS


def with_certification_months(settings: Settings, months: int, now: datetime) -> Settings:
    """The settings with certificates lasting `months` (0: for ever), counting unknown grants from when expiry began."""
    if not 0 <= months <= MAX_MONTHS:
        raise InvalidInput(
            N_("Certificates last from 1 to {most} months, or 0 for ever; not {months}."),
            most=MAX_MONTHS,
            months=months,
        )
    if not months:
        return replace(settings, certification_months=0, certification_months_since=None)
    since = settings.certification_months_since if settings.certification_months else now
    return replace(settings, certification_months=months, certification_months_since=since)


def add_months(moment: datetime, months: int) -> datetime:
    """The same time of day `months` calendar months later; the 31st becomes a shorter month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    # By hand rather than calendar.monthrange: importing calendar (and the locale it pulls in)
    # cost ~2 ms of every command's start, for one subtraction.
    return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day


def granted_at(user: User, category: str, settings: Settings) -> datetime:
    known = next((grant.at for grant in user.grants if grant.category == category), None)
    if known is not None:
        return known
    return max(settings.certification_months_since or user.registered_at, user.registered_at)


def expires_at(user: User, category: str, settings: Settings) -> datetime | None:
    """When the user's certification in `category` lapses; None if it never does (or is not held)."""
    if not settings.certification_months or category not in user.certifications:
        return None
    return add_months(granted_at(user, category, settings), settings.certification_months)


def expiring_soon(expires: datetime | None, now: datetime) -> bool:
    """Whether `me` should warn: from WARN_BEFORE before the lapse."""
    return expires is not None and expires - WARN_BEFORE <= now < expires


def lapse_certifications(user: User, settings: Settings, now: datetime) -> tuple[User, list[CertificationChange]]:
    """The user without the certifications whose time ran out by `now`, and a lapse for each.

    A lapse is dated when it happened, whichever command noticed it, as claim expiries are.
    """
    lapses = []
    for category in sorted(user.certifications):
        expires = expires_at(user, category, settings)
        if expires is not None and expires <= now:
            lapses.append(model.CertificationChange(user.name, category, LAPSED, "", expires, CERTIFICATE_EXPIRED))
    if not lapses:
        return user, []
    gone = {lapse.category for lapse in lapses}
    lapsed = replace(
        user,
        certifications=user.certifications - gone,
        grants=tuple(grant for grant in user.grants if grant.category not in gone),
    )
    return lapsed, lapses


def with_grant(user: User, category: str, now: datetime) -> User:
    """The user holding `category` from `now` on: a fresh certificate."""
    grants = tuple(grant for grant in user.grants if grant.category != category)
    return replace(user, certifications=user.certifications | {category}, grants=grants + (model.Grant(category, now),))


def lapsed_categories(changes: list[CertificationChange], user: User) -> dict[str, datetime]:
    """The categories whose certification lapsed and was not granted again, with when they lapsed."""
    last: dict[str, CertificationChange] = {}
    mine = (change for change in changes if change.user == user.name and change.action != EXAM_RESET)
    for change in sorted(mine, key=lambda change: change.at):  # an exam reset leaves the certificate as it was
        last[change.category] = change
    return {
        category: change.at
        for category, change in last.items()
        if change.action == LAPSED and category not in user.certifications
    }
