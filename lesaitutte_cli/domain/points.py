"""Points: a user's balance is the sum of their ledger entries."""

from collections.abc import Iterable

from lesaitutte_cli.domain.model import EARNED, LedgerEntry


def points_balance(entries: Iterable[LedgerEntry], user: str) -> int:
    return sum(entry.amount for entry in entries if entry.user == user)


def points_earned(entries: Iterable[LedgerEntry], user: str) -> int:
    return sum(entry.amount for entry in entries if entry.user == user and entry.kind == EARNED)
