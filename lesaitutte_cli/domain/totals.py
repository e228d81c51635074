"""A user's totals over all time: balance, points earned, answers given, rated and rated up.

The one way a ledger entry or an answer is counted. A plain class, not a dataclass: the
commands that show a balance load this module, and defining a dataclass costs start-up time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain.model import EARNING_KINDS, UP

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lesaitutte_cli.domain.model import LedgerEntry, Question


class Totals:
    __slots__ = ("balance", "earned", "answers", "rated", "rated_up")

    def __init__(self, balance: int = 0, earned: int = 0, answers: int = 0, rated: int = 0, rated_up: int = 0) -> None:
        self.balance = balance
        self.earned = earned  # points earned by answering (EARNING_KINDS), whatever was spent since
        self.answers = answers
        self.rated = rated
        self.rated_up = rated_up

    def add_entry(self, amount: int, kind: str) -> None:
        """Count one of the user's ledger entries (given by its fields, so stored records count without decoding)."""
        self.balance += amount
        if kind in EARNING_KINDS:
            self.earned += amount

    def add_answer(self, rating: str | None) -> None:
        """Count an answer the user gave, with its rating if it has one."""
        self.answers += 1
        if rating is not None:
            self.add_rating(rating)

    def add_rating(self, rating: str) -> None:
        """Count the rating of an answer counted before it was rated."""
        self.rated += 1
        self.rated_up += rating == UP

    def as_list(self) -> list[int]:
        """The numbers in the order `Totals(*numbers)` takes them back."""
        return [self.balance, self.earned, self.answers, self.rated, self.rated_up]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Totals) and self.as_list() == other.as_list()

    def __repr__(self) -> str:
        return (
            f"Totals(balance={self.balance}, earned={self.earned}, answers={self.answers}, "
            f"rated={self.rated}, rated_up={self.rated_up})"
        )


def count_totals(entries: Iterable[LedgerEntry], answers: Iterable[Question]) -> dict[str, Totals]:
    """Each user's totals over these ledger entries and answered questions: the rules' own count,
    against which any kept totals are checked."""
    totals: dict[str, Totals] = {}
    for entry in entries:
        totals.setdefault(entry.user, Totals()).add_entry(entry.amount, entry.kind)
    for question in answers:
        if question.answered_by is not None:
            totals.setdefault(question.answered_by, Totals()).add_answer(question.rating)
    return totals
