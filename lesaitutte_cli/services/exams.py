"""Certification: sitting exams, trainers' banks and results, certifying and revoking.

An exam on a terminal spans two transactions, because a person answers in between and the
store must not stay locked meanwhile: `start_exam` draws the questions and records the
attempt as unfinished (which already counts as failed), `finish_exam` scores it. An exam
from an answers file is one transaction, `sit_exam_with_answers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain import exams as rules
from lesaitutte_cli.domain.model import EXAM_RESET, MEMBER, TRAINER
from lesaitutte_cli.domain.questions import release_on_revocation
from lesaitutte_cli.domain.stored_texts import CERTIFIED_BY_A_TRAINER, PASSED_THE_EXAM
from lesaitutte_cli.domain.text import require_text
from lesaitutte_cli.errors import Refused
from lesaitutte_cli.language import N_
from lesaitutte_cli.services.session import acting, require_category, require_user, retried

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import CertificationChange, ExamAttempt, ExamBank, Question, User
    from lesaitutte_cli.services.session import Invocation
    from lesaitutte_cli.store.engine import Transaction

REASON_LIMIT = 500


class PaperQuestion(NamedTuple):
    """An exam question as a candidate sees it: never its right answers."""

    id: str
    text: str
    choices: tuple[str, ...]
    multiple: bool  # more than one right choice: asked as "choose all that apply"


class ExamPaper(NamedTuple):
    attempt_id: int
    category: str
    pass_mark: float
    questions: tuple[PaperQuestion, ...]


class ExamOutcome(NamedTuple):
    attempt: ExamAttempt
    retry_at: datetime | None


class ExamStanding(NamedTuple):
    category: str
    last_attempt: ExamAttempt
    retry_at: datetime | None


def exam_standings(tx: Transaction, name: str) -> list[ExamStanding]:
    """Per category, the user's last attempt and when they may try again."""
    latest: dict[str, ExamAttempt] = {}
    for attempt in tx.attempts(name):
        if attempt.category not in latest or attempt.id > latest[attempt.category].id:
            latest[attempt.category] = attempt
    banks = {category: bank for category in latest if (bank := tx.exam_bank(category)) is not None}
    return [
        ExamStanding(category, attempt, rules.retry_allowed_at(attempt, banks[category], _wait_cleared(tx, attempt)))
        for category, attempt in sorted(latest.items())
        if category in banks
    ]


@retried
def start_exam(invocation: Invocation, category: str) -> ExamPaper:
    with acting(invocation, MEMBER, N_("Taking an exam")) as act:
        bank = _bank(act.tx, category)
        last = _last_attempt(act.tx, act.user.name, category)
        rules.require_may_sit(
            act.user, bank, last, act.now, cleared=_wait_cleared(act.tx, last), renewable=_renewable(act.tx)
        )
        drawn = rules.draw_questions(bank, invocation.draw())
        attempt = rules.start_attempt(act.tx.next_attempt_id(), act.user, bank, drawn, act.now)
        act.tx.save_attempt(attempt)
        paper = tuple(PaperQuestion(q.id, q.text, q.choices, len(q.answer) > 1) for q in drawn)
        return ExamPaper(attempt.id, category, bank.pass_mark, paper)


@retried
def finish_exam(
    invocation: Invocation, attempt_id: int, answers: dict[str, tuple[int, ...]], interrupted: bool = False
) -> ExamOutcome:
    with acting(invocation, MEMBER, N_("Taking an exam")) as act:
        attempt = act.tx.attempt(attempt_id)
        if attempt is None or attempt.user != act.user.name or attempt.finished_at is not None:
            raise Refused(N_("Exam attempt {id} is not an unfinished attempt of yours."), id=attempt_id)
        return _finish(act.tx, act.user, attempt, answers, act.now, interrupted)


@retried
def sit_exam_with_answers(invocation: Invocation, category: str, answers: dict[str, tuple[int, ...]]) -> ExamOutcome:
    with acting(invocation, MEMBER, N_("Taking an exam")) as act:
        bank = _bank(act.tx, category)
        last = _last_attempt(act.tx, act.user.name, category)
        rules.require_may_sit(
            act.user, bank, last, act.now, cleared=_wait_cleared(act.tx, last), renewable=_renewable(act.tx)
        )
        drawn = rules.draw_questions(bank, invocation.draw())
        attempt = rules.start_attempt(act.tx.next_attempt_id(), act.user, bank, drawn, act.now)
        return _finish(act.tx, act.user, attempt, answers, act.now, interrupted=False)


def _finish(
    tx: Transaction,
    user: User,
    attempt: ExamAttempt,
    answers: dict[str, tuple[int, ...]],
    now: datetime,
    interrupted: bool,
) -> ExamOutcome:
    bank = _bank(tx, attempt.category)
    finished = rules.finish_attempt(attempt, bank, answers, now, interrupted)
    tx.save_attempt(finished)
    if finished.passed:
        certified, change = rules.certify(
            user, attempt.category, user.name, now, PASSED_THE_EXAM, attempt.id, _renewable(tx)
        )
        tx.save_user(certified)
        tx.add_certification_change(change)
    return ExamOutcome(finished, rules.retry_allowed_at(finished, bank))


# Trainers


@retried
def certify_user(invocation: Invocation, name: str, category: str) -> User:
    with acting(invocation, TRAINER, N_("Certifying an expert")) as act:
        require_category(act.tx, category)
        certified, change = rules.certify(
            require_user(act.tx, name),
            category,
            act.user.name,
            act.now,
            CERTIFIED_BY_A_TRAINER,
            renewable=_renewable(act.tx),
        )
        act.tx.save_user(certified)
        act.tx.add_certification_change(change)
        return certified


@retried
def revoke_certification(invocation: Invocation, name: str, category: str, reason: str) -> tuple[User, Question | None]:
    """Revoke; an active claim in that category goes back to `open`, which is returned."""
    reason = require_text(reason, N_("A reason"), REASON_LIMIT)
    with acting(invocation, TRAINER, N_("Revoking a certification")) as act:
        require_category(act.tx, category)
        revoked, change = rules.revoke(require_user(act.tx, name), category, act.user.name, act.now, reason)
        act.tx.save_user(revoked)
        act.tx.add_certification_change(change)
        held = act.tx.claim_held_by(revoked.name)
        if held is None or held.category != category:
            return revoked, None
        released = release_on_revocation(held, act.user.name, act.now)
        act.tx.save_question(released)
        return revoked, released


@retried
def reset_exam(invocation: Invocation, name: str, category: str, reason: str) -> CertificationChange:
    """Clear the wait before a user's next attempt in a category, on the record."""
    reason = require_text(reason, N_("A reason"), REASON_LIMIT)
    with acting(invocation, TRAINER, N_("Resetting an exam")) as act:
        user = require_user(act.tx, name)
        bank = _bank(act.tx, category)
        last = _last_attempt(act.tx, user.name, category)
        change = rules.reset_wait(user, bank, last, _wait_cleared(act.tx, last), act.user.name, act.now, reason)
        act.tx.add_certification_change(change)
        return change


@retried
def import_exam_banks(invocation: Invocation, source: str, document: object) -> list[ExamBank]:
    # imported here: only imports and seeds read fixtures
    from lesaitutte_cli.domain.fixtures import FixtureProblems, read_fixture

    with acting(invocation, TRAINER, N_("Importing exam banks")) as act:
        known = {category.id for category in act.tx.categories()}
        try:
            banks = read_fixture(document, source, known, keys=("exams",)).exams
        except FixtureProblems as error:
            raise FixtureProblems(error.problems, N_("imported"), "exam import") from None
        for bank in banks:
            act.tx.save_exam_bank(bank)
        return list(banks)


@retried
def exam_bank(invocation: Invocation, category: str) -> ExamBank:
    with acting(invocation, TRAINER, N_("Reading an exam bank")) as act:
        return _bank(act.tx, category)


@retried
def exam_results(
    invocation: Invocation, category: str | None = None, user: str | None = None, since: datetime | None = None
) -> list[ExamAttempt]:
    """Attempts matching every filter given, oldest first."""
    with acting(invocation, TRAINER, N_("Reading exam results")) as act:
        if category is not None:
            require_category(act.tx, category)
        found = [
            attempt
            for attempt in act.tx.attempts()
            if (category is None or attempt.category == category)
            and (user is None or attempt.user.casefold() == user.casefold())
            and (since is None or attempt.started_at >= since)
        ]
        return sorted(found, key=lambda attempt: (attempt.started_at, attempt.id))


def _renewable(tx: Transaction) -> bool:
    """Whether certificates expire, so that one held may be renewed."""
    return tx.settings().certification_months > 0


def _bank(tx: Transaction, category: str) -> ExamBank:
    bank = tx.exam_bank(category)
    if bank is None:
        with_banks = sorted(bank.category for bank in tx.exam_banks())
        if not with_banks:
            raise Refused(
                N_(
                    "There is no exam for '{category}', nor for any category yet. A trainer imports one with: "
                    "lesaitutte exam import FILE (as in fixtures/exams/)"
                ),
                category=category,
            )
        raise Refused(
            N_("There is no exam for '{category}'. Exams exist for: {banks}."),
            category=category,
            banks=", ".join(with_banks),
        )
    return bank


def _wait_cleared(tx: Transaction, attempt: ExamAttempt | None) -> bool:
    """Whether a trainer cleared the wait this attempt left."""
    return attempt is not None and any(
        change.action == EXAM_RESET and change.attempt == attempt.id for change in tx.certification_changes()
    )


def _last_attempt(tx: Transaction, name: str, category: str) -> ExamAttempt | None:
    return max(
        (attempt for attempt in tx.attempts(name) if attempt.category == category), key=lambda a: a.id, default=None
    )
