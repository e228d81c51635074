"""`check` on the file engine: every record decoded as stored, the domain's invariants, and the archive's bookkeeping."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.invariants import Records, checked, totals_problems

if TYPE_CHECKING:
    from collections.abc import Iterator

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
READ = {**COUNTED, "certifications": model.CertificationChange}


def check(tx: FileTransaction, progress: Progress | None = None) -> tuple[dict[str, int], list[str]]:
    unreadable: dict[str, list[str]] = {table: [] for table in READ}
    counts = dict.fromkeys(READ, 0)

    def decoding(table: str) -> Iterator[Any]:
        """The table's records one at a time, each counted; a sentence in `unreadable` for each that cannot be read."""
        cls: type[Any] = READ[table]
        for record in tx.decoding(table, cls, unreadable[table]):
            counts[table] += 1
            yield record

    questions = decoding("questions")
    if progress is not None:  # as many steps as ids handed out, near enough the number of questions
        questions = iter(progress(questions, tx.last_question_id(), "Checking the store"))
    # Questions and the ledger go by once, into the invariants, not held: a store may have hundreds of thousands.
    records = Records(
        users=list(decoding("users")),
        questions=questions,
        ledger=decoding("ledger"),
        rewards=list(decoding("rewards")),
        redemptions=list(decoding("redemptions")),
        attempts=list(decoding("attempts")),
        last_question_id=tx.last_question_id(),
        certification_changes=list(decoding("certifications")),
    )
    found, recount = checked(records)
    problems = [problem for table in READ for problem in unreadable[table]] + found + tx.index_problems()
    if not problems:  # a recount is only meaningful over records that could all be read
        problems += totals_problems(recount, tx.kept_totals())
    return {table: counts[table] for table in COUNTED}, problems
