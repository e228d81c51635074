"""`check`: verify a store, for instance after restoring a backup."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain.invariants import Records, store_problems, totals_problems
from lesaitutte_cli.domain.model import (
    ADMIN,
    CertificationChange,
    ExamAttempt,
    LedgerEntry,
    Question,
    Redemption,
    Reward,
    User,
)
from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.services.session import acting, settle_overdue

if TYPE_CHECKING:
    from lesaitutte_cli.services.session import Invocation


class CheckReport(NamedTuple):
    location: str
    counts: dict[str, int]


TABLES = {
    "users": User,
    "questions": Question,
    "ledger": LedgerEntry,
    "rewards": Reward,
    "redemptions": Redemption,
    "attempts": ExamAttempt,
}


def check_store(invocation: Invocation) -> CheckReport:
    """Every invariant of the store, checked on the records as stored.

    Unlike other commands, the overdue claims are expired (and bounties refunded) only after the check, so that it
    sees the store exactly as it was found.
    """
    with acting(invocation, ADMIN, "Checking the store", expire_first=False) as act:
        decoded, problems = {}, []
        for table, cls in invocation.progress(TABLES.items(), len(TABLES), "Checking the store"):
            decoded[table], unreadable = act.tx.decoded(table, cls)
            problems += unreadable
        changes, unreadable = act.tx.decoded("certifications", CertificationChange)
        problems += unreadable
        records = Records(**decoded, last_question_id=act.tx.last_question_id(), certification_changes=changes)
        problems += store_problems(records) + act.tx.index_problems()
        if not problems:  # a recount is only meaningful over records that could all be read
            problems += totals_problems(records, act.tx.expert_totals())
        if problems:
            lines = [f"- {problem}" for problem in problems]
            raise StoreUnusable(
                "\n".join(
                    [
                        f"The store {invocation.store.location} has {len(problems)} problem(s):",
                        *lines,
                        "Restore it from a backup made before they appeared.",
                    ]
                )
            )
        settle_overdue(act.tx, act.now)
        return CheckReport(invocation.store.location, {table: len(records) for table, records in decoded.items()})
