"""`check`: verify a store, for instance after restoring a backup."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain.model import ADMIN
from lesaitutte_cli.errors import StoreProblems
from lesaitutte_cli.language import N_, Phrase
from lesaitutte_cli.services.session import acting, retried, settle_overdue

if TYPE_CHECKING:
    from lesaitutte_cli.services.session import Invocation


class CheckReport(NamedTuple):
    location: str
    counts: dict[str, int]
    advice: Phrase | None = None  # the engine's word when the store has outgrown it


@retried
def check_store(invocation: Invocation) -> CheckReport:
    """Every invariant of the store, checked on the records as stored.

    Unlike other commands, the overdue claims are expired (and bounties refunded) only after the check, so that it
    sees the store exactly as it was found.
    """
    with acting(invocation, ADMIN, N_("Checking the store"), expire_first=False) as act:
        counts, problems = act.tx.check(invocation.progress)
        if problems:
            raise StoreProblems(invocation.store.location, problems)
        settle_overdue(act.tx, act.now)
        return CheckReport(invocation.store.location, counts, act.tx.outgrown())
