"""Certification exams: who may sit one, the draw, the score, the verdict and the retry delay."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from lesaitutte_cli.domain.certificates import with_grant
from lesaitutte_cli.domain.limits import MAX_COUNT
from lesaitutte_cli.domain.model import (
    CERTIFIED,
    EXAM_RESET,
    FAILED,
    INTERRUPTED,
    PASSED,
    RENEWED,
    REVOKED,
    UNFINISHED,
    CertificationChange,
    ChosenAnswer,
    ExamAttempt,
    replace,
)
from lesaitutte_cli.errors import ExamWait, InvalidInput, Refused
from lesaitutte_cli.language import N_, NP_

if TYPE_CHECKING:
    import random
    from datetime import datetime

    from lesaitutte_cli.domain.model import (
        ExamBank,
        ExamQuestion,
        User,
    )


# The outcomes of an exam attempt as a person reads them (a history line, the results table).
OUTCOMES_SHOWN = {
    PASSED: NP_("exam", "passed"),
    FAILED: NP_("exam", "failed"),
    INTERRUPTED: NP_("exam", "interrupted"),
    UNFINISHED: NP_("exam", "unfinished"),
}


def retry_allowed_at(attempt: ExamAttempt, bank: ExamBank, cleared: bool = False) -> datetime | None:
    """When the candidate may sit the exam again after this attempt; None after a pass, or
    when a trainer cleared the wait (`cleared`).

    An attempt that never finished (the candidate quit or the terminal died) counts as
    failed from the moment it started: seeing the questions and leaving is not a free look.
    """
    if attempt.passed or cleared:
        return None
    return (attempt.finished_at or attempt.started_at) + timedelta(hours=bank.retry_after_hours)


def require_may_sit(
    user: User,
    bank: ExamBank,
    last_attempt: ExamAttempt | None,
    now: datetime,
    cleared: bool = False,
    renewable: bool = False,
) -> None:
    """Refuse an attempt the candidate may not make.

    `cleared`: a trainer cleared the wait after the last attempt; `renewable`: certificates
    expire, so the certified renew.
    """
    category = bank.category
    if category in user.certifications and not renewable:
        raise Refused(
            N_("{name} is already certified in {category}; there is no exam to take."),
            name=user.name,
            category=category,
        )
    if last_attempt is None:
        return
    retry_at = retry_allowed_at(last_attempt, bank, cleared)
    if retry_at is not None and now < retry_at:
        raise ExamWait(category, retry_at)


def draw_questions(bank: ExamBank, rng: random.Random) -> tuple[ExamQuestion, ...]:
    """The questions of one attempt: a random sample, no question twice."""
    return tuple(rng.sample(bank.questions, bank.questions_per_attempt))


def start_attempt(
    attempt_id: int, user: User, bank: ExamBank, drawn: tuple[ExamQuestion, ...], now: datetime
) -> ExamAttempt:
    return ExamAttempt(
        id=attempt_id,
        user=user.name,
        category=bank.category,
        started_at=now,
        questions=tuple(question.id for question in drawn),
        pass_mark=bank.pass_mark,
    )


def count_correct(bank: ExamBank, drawn_ids: tuple[str, ...], answers: dict[str, tuple[int, ...]]) -> int:
    """Right answers among the drawn questions: exactly the right choices, no more, no fewer.

    A drawn question without an answer counts as wrong; answers to questions that were not
    drawn are ignored.
    """
    right = {question.id: set(question.answer) for question in bank.questions}
    return sum(1 for qid in drawn_ids if qid in answers and qid in right and set(answers[qid]) == right[qid])


def passes(correct: int, total: int, pass_mark: float) -> bool:
    # Compare whole numbers: 4/5 against 0.8 must pass, whatever floating point makes of 0.8.
    return correct * 1_000_000 >= round(pass_mark * 1_000_000) * total


def finish_attempt(
    attempt: ExamAttempt,
    bank: ExamBank,
    answers: dict[str, tuple[int, ...]],
    now: datetime,
    interrupted: bool = False,
) -> ExamAttempt:
    """The attempt scored. An interrupted attempt is failed, whatever it scored so far."""
    kept = {qid: tuple(answers[qid]) for qid in attempt.questions if qid in answers}
    correct = count_correct(bank, attempt.questions, kept)
    return replace(
        attempt,
        answers=tuple(ChosenAnswer(qid, choices) for qid, choices in kept.items()),
        finished_at=now,
        correct=correct,
        passed=not interrupted and passes(correct, len(attempt.questions), attempt.pass_mark),
        interrupted=interrupted,
    )


def certify(
    user: User,
    category: str,
    by: str,
    now: datetime,
    reason: str = "",
    attempt: int | None = None,
    renewable: bool = False,
) -> tuple[User, CertificationChange]:
    """A fresh certificate from `now`; with `renewable` (certificates expire), one already held is renewed."""
    renewing = category in user.certifications
    if renewing and not renewable:
        raise Refused(N_("{name} is already certified in {category}."), name=user.name, category=category)
    action = RENEWED if renewing else CERTIFIED
    return with_grant(user, category, now), CertificationChange(user.name, category, action, by, now, reason, attempt)


def revoke(user: User, category: str, by: str, now: datetime, reason: str) -> tuple[User, CertificationChange]:
    if category not in user.certifications:
        raise Refused(
            N_("{name} is not certified in {category}; there is nothing to revoke."), name=user.name, category=category
        )
    revoked = replace(
        user,
        certifications=user.certifications - {category},
        grants=tuple(grant for grant in user.grants if grant.category != category),
    )
    return revoked, CertificationChange(user.name, category, REVOKED, by, now, reason)


def reset_wait(
    user: User, bank: ExamBank, last_attempt: ExamAttempt | None, cleared: bool, by: str, now: datetime, reason: str
) -> CertificationChange:
    """The record that clears the wait the user's last attempt left, so they may sit the exam at once."""
    category = bank.category
    if category in user.certifications:
        raise Refused(
            N_("{name} is already certified in {category}; there is no exam to reset."),
            name=user.name,
            category=category,
        )
    retry_at = None if last_attempt is None else retry_allowed_at(last_attempt, bank, cleared)
    if retry_at is None or retry_at <= now:
        raise Refused(
            N_("{name} may already sit the {category} exam; there is no wait to clear."),
            name=user.name,
            category=category,
        )
    assert last_attempt is not None  # without an attempt there is no wait (refused above)
    return CertificationChange(user.name, category, EXAM_RESET, by, now, reason, last_attempt.id)


def read_answers(document: object, source: str) -> dict[str, tuple[int, ...]]:
    """An answers file: exam question id -> the chosen choice indices (0-based)."""
    if not isinstance(document, dict):
        raise InvalidInput(
            N_('{source}: expected an object from question id to chosen choices, like {{"ph-1": [0]}}.'), source=source
        )
    answers = {}
    for question_id, chosen in document.items():
        if not isinstance(chosen, list) or not all(
            isinstance(index, int) and not isinstance(index, bool) and 0 <= index <= MAX_COUNT for index in chosen
        ):
            raise InvalidInput(
                N_("{source}: {question}: expected a list of choice numbers counted from 0, like [0, 2]."),
                source=source,
                question=question_id,
            )
        answers[question_id] = tuple(chosen)
    return answers
