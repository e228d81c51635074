"""Joining the community and seeing where you stand."""

from dataclasses import dataclass

from lesaitutte_cli.domain.model import MEMBER, Question, User
from lesaitutte_cli.domain.points import points_balance, points_earned
from lesaitutte_cli.domain.roles import shown_roles
from lesaitutte_cli.domain.text import require_name
from lesaitutte_cli.errors import Refused
from lesaitutte_cli.services.session import Invocation, acting, claim_held_by, transaction


def register(invocation: Invocation) -> User:
    name = require_name(invocation.actor)
    with transaction(invocation) as (tx, now):
        if tx.user(name) is not None:
            raise Refused(f"'{name}' is already registered. See your profile with: lesaitutte me")
        user = User(name=name, registered_at=now)
        tx.save_user(user)
        return user


@dataclass(frozen=True)
class Profile:
    user: User
    roles: list[str]
    points: int
    earned: int
    active_claim: Question | None


def profile(invocation: Invocation) -> Profile:
    with acting(invocation, MEMBER, "Seeing your profile") as act:
        ledger = act.tx.ledger()
        return Profile(
            user=act.user,
            roles=shown_roles(act.user),
            points=points_balance(ledger, act.user.name),
            earned=points_earned(ledger, act.user.name),
            active_claim=claim_held_by(act.tx, act.user.name),
        )
