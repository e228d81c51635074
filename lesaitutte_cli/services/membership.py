"""Joining the community and seeing where you stand."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain.model import ADMIN, MEMBER, User
from lesaitutte_cli.domain.roles import shown_roles
from lesaitutte_cli.domain.text import require_name
from lesaitutte_cli.errors import Refused
from lesaitutte_cli.services.session import (
    acting,
    claim_held_by,
    require_identity,
    require_user,
    transaction,
)

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import ExamAttempt, LedgerEntry, Question
    from lesaitutte_cli.services.session import (
        Invocation,
    )
    from lesaitutte_cli.store import Transaction


def register(invocation: Invocation) -> User:
    name = require_name(invocation.actor)
    with transaction(invocation) as (tx, now):
        require_identity(tx, invocation)
        if tx.user(name) is not None:
            raise Refused(f"'{name}' is already registered. See your profile with: lesaitutte me")
        user = User(name=name, registered_at=now)
        tx.save_user(user)
        return user


class ExamStanding(NamedTuple):
    category: str
    last_attempt: ExamAttempt
    retry_at: datetime | None


def exam_standings(tx: Transaction, name: str) -> list[ExamStanding]:
    """Per category, the user's last attempt and when they may try again."""
    latest: dict[str, ExamAttempt] = {}
    for attempt in tx.attempts_of(name):
        if attempt.category not in latest or attempt.id > latest[attempt.category].id:
            latest[attempt.category] = attempt
    if not latest:
        return []
    from lesaitutte_cli.domain.exams import retry_allowed_at  # imported here: most profiles have no exam

    banks = {category: tx.exam_bank(category) for category in latest}
    return [
        ExamStanding(category, attempt, retry_allowed_at(attempt, banks[category]))
        for category, attempt in sorted(latest.items())
        if banks[category] is not None
    ]


class Profile(NamedTuple):
    user: User
    roles: list[str]
    points: int
    earned: int
    active_claim: Question | None
    exams: list[ExamStanding]
    ledger: list[LedgerEntry]
    awaiting_rating: list[Question]  # answers to the user's questions that they have not rated yet


def profile(invocation: Invocation, with_ledger: bool = False) -> Profile:
    """Where the user stands; with `with_ledger`, also every change to their points (slower)."""
    with acting(invocation, MEMBER, "Seeing your profile") as act:
        name = act.user.name
        balance, earned = act.tx.points(name)
        mine = [entry for entry in act.tx.ledger() if entry.user == name] if with_ledger else []
        return Profile(
            user=act.user,
            roles=shown_roles(act.user),
            points=balance,
            earned=earned,
            active_claim=claim_held_by(act.tx, name),
            exams=exam_standings(act.tx, name),
            ledger=sorted(mine, key=lambda entry: entry.at),
            awaiting_rating=act.tx.awaiting_rating(name),
        )


# Admins


def add_user(invocation: Invocation, name: str, roles: tuple[str, ...]) -> User:
    name = require_name(name)
    with acting(invocation, ADMIN, "Adding a user") as act:
        if act.tx.user(name) is not None:
            raise Refused(f"'{name}' is already registered. Change their roles with: lesaitutte user roles {name}")
        user = User(name=name, registered_at=act.now, roles=frozenset({MEMBER, *roles}))
        act.tx.save_user(user)
        return user


def change_roles(invocation: Invocation, name: str, add: tuple[str, ...], remove: tuple[str, ...]) -> User:
    with acting(invocation, ADMIN, "Changing roles") as act:
        user = require_user(act.tx, name)
        if MEMBER in remove:
            raise Refused("Every registered user is a member; the member role cannot be removed.")
        changed = replace(user, roles=(user.roles | set(add)) - set(remove))
        admins_left = [other for other in act.tx.users() if ADMIN in (changed if other.name == name else other).roles]
        if ADMIN in user.roles and not admins_left:
            raise Refused(f"{name} is the last admin; make someone else an admin first.")
        act.tx.save_user(changed)
        return changed
