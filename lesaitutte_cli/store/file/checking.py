"""`check` on the file engine: every record decoded as stored, the domain's invariants, and the archive's bookkeeping."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.invariants import Records, store_problems, totals_problems

if TYPE_CHECKING:
    from lesaitutte_cli.store.engine import Progress
    from lesaitutte_cli.store.file.transaction import FileTransaction

# The kinds of record counted in the report, and the table and class each is read as.
COUNTED = {
    "users": model.User,
    "questions": model.Question,
    "ledger": model.LedgerEntry,
    "rewards": model.Reward,
    "redemptions": model.Redemption,
    "attempts": model.ExamAttempt,
}


def check(tx: FileTransaction, progress: Progress | None = None) -> tuple[dict[str, int], list[str]]:
    decoded: dict[str, list] = {}
    problems: list[str] = []
    tables = COUNTED.items() if progress is None else progress(COUNTED.items(), len(COUNTED), "Checking the store")
    for table, cls in tables:
        decoded[table], unreadable = tx.decoded(table, cls)
        problems += unreadable
    changes, unreadable = tx.decoded("certifications", model.CertificationChange)
    problems += unreadable
    records = Records(**decoded, last_question_id=tx.last_question_id(), certification_changes=changes)
    problems += store_problems(records) + tx.index_problems()
    if not problems:  # a recount is only meaningful over records that could all be read
        problems += totals_problems(records, tx.kept_totals())
    return {table: len(found) for table, found in decoded.items()}, problems
