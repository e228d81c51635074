"""Everything one user did, in time order: the raw material of `history USER`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lesaitutte_cli.domain.exams import OUTCOMES_SHOWN
from lesaitutte_cli.domain.stored_texts import certification_reason, entry_reason, event_detail
from lesaitutte_cli.language import N_, Phrase, Word

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from lesaitutte_cli.domain.model import CertificationChange, ExamAttempt, LedgerEntry, Question


@dataclass(frozen=True)
class Happening:
    at: datetime
    kind: str
    question: int | None = None
    detail: str = ""  # a Phrase where the tool words it: English as a str, the reader's words where shown


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
                happenings.append(Happening(event.at, event.kind, question.id, event_detail(event)))
            elif event.kind == "rated" and question.answered_by == name:
                detail = Phrase(N_("{rating} from {asker}"), rating=event_detail(event), asker=event.actor)
                happenings.append(Happening(event.at, "rating received", question.id, detail))
    for attempt in attempts:
        if attempt.user == name:
            detail = Phrase(
                N_("{category}: {outcome}, {correct} of {asked} right"),
                category=attempt.category,
                outcome=Word(OUTCOMES_SHOWN.get(attempt.outcome, attempt.outcome), context="exam"),
                correct=attempt.correct,
                asked=len(attempt.questions),
            )
            happenings.append(Happening(attempt.started_at, "exam", None, detail))
    for entry in ledger:
        if entry.user == name:
            detail = Phrase("{amount}: {reason}", amount=f"{entry.amount:+d}", reason=entry_reason(entry))
            happenings.append(Happening(entry.at, f"points {entry.kind}", entry.question, detail))
    for change in certifications:
        if change.user == name:
            happenings.append(Happening(change.at, change.action, None, _certification_detail(change)))
    return sorted(happenings, key=lambda happening: happening.at)


def _certification_detail(change: CertificationChange) -> Phrase:
    reason = certification_reason(change)
    if not change.by:  # a lapse is nobody's doing
        template = N_("{category} ({reason})") if reason else "{category}"
    else:
        template = N_("{category} by {by} ({reason})") if reason else N_("{category} by {by}")
    return Phrase(template, category=change.category, by=change.by, reason=reason)
