"""Joining the community and seeing where you stand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain import roles as rules
from lesaitutte_cli.domain.model import ADMIN, MEMBER, User
from lesaitutte_cli.domain.roles import roles_on_joining, shown_roles
from lesaitutte_cli.errors import Refused
from lesaitutte_cli.language import N_
from lesaitutte_cli.services.session import (
    acting,
    require_identity,
    require_user,
    retried,
    transaction,
)

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import LedgerEntry, Question
    from lesaitutte_cli.services.exams import ExamStanding
    from lesaitutte_cli.services.session import (
        Invocation,
    )
    from lesaitutte_cli.store.engine import Transaction


@retried
def register(invocation: Invocation) -> User:
    from lesaitutte_cli.domain.text import require_name  # imported here: only joining checks a name

    with transaction(invocation) as (tx, now):
        require_identity(tx, invocation)  # first: under the login policy, naming nobody is the login joining
        name = require_name(invocation.actor)
        existing = tx.user(name)
        if existing is not None:
            raise Refused(
                N_(
                    "'{name}' is already registered (names are the same whatever their case). "
                    "See your profile with: lesaitutte --user {name} me"
                ),
                name=existing.name,
            )
        user = User(name=name, registered_at=now, roles=roles_on_joining(tx.users()))
        tx.save_user(user)
        return user


class Profile:
    """Where a user stands (a plain class: `me` is run often, and this module defines it each time)."""

    __slots__ = (
        "user",
        "roles",
        "points",
        "earned",
        "active_claim",
        "exams",
        "ledger",
        "awaiting_rating",
        "certificates",
    )

    def __init__(
        self,
        user: User,
        roles: list[str],
        points: int,
        earned: int,
        active_claim: Question | None,
        exams: list[ExamStanding],
        ledger: list[LedgerEntry],
        awaiting_rating: list[Question],  # answers to the user's questions that they have not rated yet
        certificates: Certificates,
    ) -> None:
        self.user, self.roles, self.points, self.earned = user, roles, points, earned
        self.active_claim, self.exams, self.ledger, self.awaiting_rating = active_claim, exams, ledger, awaiting_rating
        self.certificates = certificates


class Certificates:
    """When each of a user's certifications lapses, which lapse soon, and which lapsed."""

    __slots__ = ("expire", "expiring", "lapsed")

    def __init__(self, expire: dict[str, datetime | None], expiring: list[str], lapsed: dict[str, datetime]) -> None:
        self.expire = expire  # category -> when it lapses; None: never
        self.expiring = expiring  # the categories within the warning before their lapse
        self.lapsed = lapsed  # category -> when it lapsed, for those lapsed and not granted again


@retried
def profile(invocation: Invocation, with_ledger: bool = False) -> Profile:
    """Where the user stands; with `with_ledger`, also every change to their points (slower)."""
    with acting(invocation, MEMBER, N_("Seeing your profile")) as act:
        name = act.user.name
        totals = act.tx.totals(name)
        mine = list(act.tx.ledger(name)) if with_ledger else []
        return Profile(
            user=act.user,
            roles=shown_roles(act.user),
            points=totals.balance,
            earned=totals.earned,
            active_claim=act.tx.claim_held_by(name),
            exams=_exam_standings(act.tx, name),
            ledger=sorted(mine, key=lambda entry: entry.at),
            awaiting_rating=act.tx.awaiting_rating(name),
            certificates=_certificates(act.tx, act.user, act.now),
        )


def _certificates(tx: Transaction, user: User, now: datetime) -> Certificates:
    from lesaitutte_cli.domain import certificates as rules  # imported here: of all commands only `me` shows them

    settings = tx.settings()
    expire = {category: rules.expires_at(user, category, settings) for category in sorted(user.certifications)}
    expiring = [category for category, moment in expire.items() if rules.expiring_soon(moment, now)]
    return Certificates(expire, expiring, rules.lapsed_categories(tx.certification_changes(user.name), user))


def _exam_standings(tx: Transaction, name: str) -> list[ExamStanding]:
    """The user's exam standings; the exams' code is loaded only for users who sat one."""
    if not tx.attempts(name):
        return []
    from lesaitutte_cli.services.exams import exam_standings  # imported here: most profiles have no exam

    return exam_standings(tx, name)


# Admins


@retried
def add_user(invocation: Invocation, name: str, roles: tuple[str, ...]) -> User:
    from lesaitutte_cli.domain.text import require_name

    name = require_name(name)
    with acting(invocation, ADMIN, N_("Adding a user")) as act:
        existing = act.tx.user(name)
        if existing is not None:
            raise Refused(
                N_(
                    "'{name}' is already registered (names are the same whatever their case). "
                    "Change their roles with: lesaitutte user roles {name}"
                ),
                name=existing.name,
            )
        user = User(name=name, registered_at=act.now, roles=frozenset({MEMBER, *roles}))
        act.tx.save_user(user)
        return user


@retried
def change_roles(invocation: Invocation, name: str, add: tuple[str, ...], remove: tuple[str, ...]) -> User:
    with acting(invocation, ADMIN, N_("Changing roles")) as act:
        changed = rules.change_roles(require_user(act.tx, name), add, remove, act.tx.users())
        act.tx.save_user(changed)
        return changed
