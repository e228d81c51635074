"""Who may do what. Roles add up: every registered user is a member."""

from lesaitutte_cli.domain.model import ADMIN, EXPERT, MEMBER, TRAINER, User
from lesaitutte_cli.errors import RoleRequired


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


def shown_roles(user: User) -> list[str]:
    """The roles the user holds, the derived `expert` included, from least to most."""
    held = {MEMBER, *user.roles} | ({EXPERT} if user.certifications else set())
    return [role for role in (MEMBER, EXPERT, TRAINER, ADMIN) if role in held]
