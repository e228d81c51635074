"""Errors whose message is written for the person at the shell.

Each message is one line that says what went wrong and what to do next. The command
line maps the three families to exit codes: a rule refused (1), the input was bad (2),
the store cannot be used (3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.clock import local_text

if TYPE_CHECKING:
    from datetime import datetime


class LesaitutteError(Exception):
    """Base of every error meant for a user rather than a programmer."""


class Refused(LesaitutteError):
    """A rule of the community said no."""


class InvalidInput(LesaitutteError):
    """What was typed or given in a file cannot be used."""


class StoreUnusable(LesaitutteError):
    """The store file cannot be read, written or locked."""


class UnreadableRecord(StoreUnusable):
    """A record of the store or of one of its logs is damaged: the message says which, not yet where."""

    def __init__(self, record: str, reason: str):
        self.record = record
        self.reason = reason
        super().__init__(f"{record} cannot be read ({reason})")


class NotRegistered(Refused):
    def __init__(self, name: str):
        super().__init__(f"'{name}' is not registered in this community. Join with: lesaitutte --user {name} register")


class RoleRequired(Refused):
    HOW_TO_GET = {
        "expert": "Become one by passing a category's exam: lesaitutte take-exam CATEGORY",
        "trainer": "An admin can grant it: lesaitutte user roles NAME --add trainer",
        "admin": "An admin can grant it: lesaitutte user roles NAME --add admin",
    }

    def __init__(self, name: str, role: str, action: str):
        super().__init__(f"{action} needs the {role} role, which '{name}' does not have. {self.HOW_TO_GET[role]}")


class UnknownQuestion(Refused):
    def __init__(self, question_id: int):
        super().__init__(f"There is no question {question_id}. List them with: lesaitutte questions --status all")


class UnknownCategory(InvalidInput):
    def __init__(self, category: str, known: list[str]):
        super().__init__(f"There is no category '{category}'. Choose one of: {', '.join(known)}.")


class ClaimExpired(Refused):
    def __init__(self, question_id: int, expired_at: datetime):
        self.expired_at = expired_at
        super().__init__(
            f"Your claim on question {question_id} expired at {local_text(expired_at)}; "
            "the answer was not saved. Claim another question with: lesaitutte claim --next"
        )


class NothingToClaim(Refused):
    """No open question the expert may claim; `reopens_at` is when the next claim in their categories runs out."""

    def __init__(self, categories: frozenset[str], reopens_at: datetime | None):
        self.reopens_at = reopens_at
        super().__init__(
            f"No open question in your categories ({', '.join(sorted(categories))}) is waiting for you. "
            "Wait for one with: lesaitutte claim --next --wait"
        )
