"""`check`: verify a store, for instance after restoring a backup."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain.model import ADMIN
from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.language import N_, Count, N_plural, Phrase, lines
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
            raise StoreUnusable(
                N_plural(
                    "The store {store} has a problem:\n{problems}\nRestore it from a backup made before it appeared.",
                    "The store {store} has {n} problems:\n{problems}\nRestore it from a backup made before they appeared.",
                ),
                store=invocation.store.location,
                problems=lines(Phrase("- {problem}", problem=problem) for problem in problems),
                n=Count(len(problems)),
            )
        settle_overdue(act.tx, act.now)
        return CheckReport(invocation.store.location, counts, act.tx.outgrown())
