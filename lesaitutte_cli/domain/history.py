"""Everything one user did, in time order: the raw material of `history USER`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from lesaitutte_cli.domain.model import CertificationChange, ExamAttempt, LedgerEntry, Question


@dataclass(frozen=True)
class Happening:
    at: datetime
    kind: str
    question: int | None = None
    detail: str = ""


def user_history(
    name: str,
    questions: Iterable[Question],
    attempts: Iterable[ExamAttempt],
    ledger: Iterable[LedgerEntry],
    certifications: Iterable[CertificationChange],
) -> list[Happening]:
    happenings = []
    for question in questions:
        for event in question.history:
            if event.actor == name:
                happenings.append(Happening(event.at, event.kind, question.id, event.detail))
            elif event.kind == "rated" and question.answered_by == name:
                happenings.append(
                    Happening(event.at, "rating received", question.id, f"{event.detail} from {event.actor}")
                )
    for attempt in attempts:
        if attempt.user == name:
            detail = f"{attempt.category}: {attempt.outcome}, {attempt.correct} of {len(attempt.questions)} right"
            happenings.append(Happening(attempt.started_at, "exam", None, detail))
    for entry in ledger:
        if entry.user == name:
            happenings.append(
                Happening(entry.at, f"points {entry.kind}", entry.question, f"{entry.amount:+d}: {entry.reason}")
            )
    for change in certifications:
        if change.user == name:
            by = f" by {change.by}" if change.by else ""  # a lapse is nobody's doing
            reason = f" ({change.reason})" if change.reason else ""
            happenings.append(Happening(change.at, change.action, None, f"{change.category}{by}{reason}"))
    return sorted(happenings, key=lambda happening: happening.at)
