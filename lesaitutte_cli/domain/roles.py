"""Who may do what. Roles add up: every registered user is a member."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain.model import ADMIN, EXPERT, LOGIN, MEMBER, TRAINER, replace
from lesaitutte_cli.errors import Refused, RoleRequired
from lesaitutte_cli.language import N_

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from lesaitutte_cli.domain.model import User


def has_role(user: User, role: str) -> bool:
    if role == MEMBER:
        return True
    if role == EXPERT:
        return bool(user.certifications)
    if role == TRAINER:
        return TRAINER in user.roles or ADMIN in user.roles
    return role in user.roles


def require_role(user: User, role: str, action: str) -> None:
    if not has_role(user, role):
        raise RoleRequired(user.name, role, action)


def require_own_identity(policy: str, actor: str, login: str | None, login_user: User | None) -> None:
    """Under the `login` policy people act only as themselves, unless their login is an admin's."""
    # Names match whatever their case: --user Anna is the account anna acting as itself.
    if policy != LOGIN or (login is not None and actor.casefold() == login.casefold()):
        return
    if login_user is not None and ADMIN in login_user.roles:
        return
    raise Refused(
        N_(
            "This store lets people act only as themselves: you are logged in as '{login}', "
            "so leave out --user or use --user {login}."
        ),
        login=login,
    )


def change_roles(user: User, add: Collection[str], remove: Collection[str], users: Iterable[User]) -> User:
    """The user with roles added and removed; `users` is everyone registered, the user included.

    Nobody stops being a member, and the last admin cannot step down: a community without an
    admin could never grant a role again.
    """
    if MEMBER in remove:
        raise Refused(N_("Every registered user is a member; the member role cannot be removed."))
    changed = replace(user, roles=(user.roles | set(add)) - set(remove))
    if ADMIN in user.roles and not any(
        ADMIN in (changed if other.name == user.name else other).roles for other in users
    ):
        raise Refused(N_("{name} is the last admin; make someone else an admin first."), name=user.name)
    return changed


def roles_on_joining(users: list[User]) -> frozenset[str]:
    """A newcomer is a member; the first to join a community with no admin becomes its admin,
    so that a community started by hand is not left without one."""
    if any(ADMIN in user.roles for user in users):
        return frozenset({MEMBER})
    return frozenset({MEMBER, ADMIN})


def require_may_seed(users: list[User], name: str, actor: User | None) -> None:
    """Anyone may seed a new or empty store (how CI and trainers bootstrap one); once it has
    users, seeding could make anyone an admin, so only an admin may."""
    if not users or (actor is not None and ADMIN in actor.roles):
        return
    if not any(ADMIN in user.roles for user in users):
        raise Refused(
            N_(
                "This store has users but no admin yet, and only an admin may seed it. "
                "Become its admin first: lesaitutte --user NAME register"
            )
        )
    raise Refused(
        N_(
            "This store already has users, so only an admin may seed it, and '{name}' is not one. "
            "Ask an admin to run: lesaitutte --user ADMIN seed FILE..."
        ),
        name=name,
    )


def shown_roles(user: User) -> list[str]:
    """The roles the user holds, the derived `expert` included, from least to most."""
    held = {MEMBER, *user.roles} | ({EXPERT} if user.certifications else set())
    return [role for role in (MEMBER, EXPERT, TRAINER, ADMIN) if role in held]
