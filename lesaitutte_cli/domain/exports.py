"""A store's records as a fixture document (the output of `export`, the input of `seed`).

Each record is written with the keys `domain.fixtures` reads back into the same record: a
key whose value is absent (None, an empty reason) is left out, as a hand-written fixture
would. Lists are written one record a line, so that a large export streams and diffs well.
"""

from __future__ import annotations

import json
from datetime import UTC
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from lesaitutte_cli.domain.model import (
        Category,
        CertificationChange,
        ExamAttempt,
        ExamBank,
        LedgerEntry,
        Question,
        Redemption,
        Reward,
        Settings,
        User,
    )


def fixture_text(settings: Settings, sections: Iterable[tuple[str, Iterable[dict[str, Any]]]]) -> Iterator[str]:
    """The document in pieces: the settings, then each section's key and its entries."""
    yield '{\n"settings": ' + _dumps(settings_entry(settings))
    for key, entries in sections:
        yield f',\n"{key}": ['
        separator = "\n"
        for entry in entries:
            yield separator + _dumps(entry)
            separator = ",\n"
        yield "]" if separator == "\n" else "\n]"
    yield "\n}\n"


def _dumps(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False)


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _present(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if value is not None and value != ""}


def settings_entry(settings: Settings) -> dict[str, Any]:
    return _present(
        {
            "identity": settings.identity,
            "pair_points_per_day": settings.pair_points_per_day,
            "certification_months": settings.certification_months,
            "certification_months_since": _time(settings.certification_months_since),
            "language": settings.language,
        }
    )


def category_entry(category: Category) -> dict[str, Any]:
    return {"id": category.id, "title": category.title}


def user_entry(user: User) -> dict[str, Any]:
    return {
        "name": user.name,
        "roles": sorted(user.roles),
        "certifications": sorted(user.certifications),
        "registered_at": _time(user.registered_at),
        "grants": [{"category": grant.category, "at": _time(grant.at)} for grant in user.grants],
    }


def exam_entry(bank: ExamBank) -> dict[str, Any]:
    return {
        "category": bank.category,
        "questions_per_attempt": bank.questions_per_attempt,
        "pass_mark": bank.pass_mark,
        "retry_after_hours": bank.retry_after_hours,
        "questions": [
            {
                "id": question.id,
                "text": question.text,
                "choices": list(question.choices),
                "answer": list(question.answer),
            }
            for question in bank.questions
        ],
    }


def reward_entry(reward: Reward) -> dict[str, Any]:
    entry = _present({"id": reward.id, "title": reward.title, "cost": reward.cost, "stock": reward.stock})
    return {**entry, "retired": True} if reward.retired else entry


def question_entry(question: Question) -> dict[str, Any]:
    entry = _present(
        {
            "id": question.id,
            "asker": question.asker,
            "category": question.category,
            "text": question.text,
            "created_at": _time(question.created_at),
            "status": question.status,
            "claimed_by": question.claimed_by,
            "claimed_at": _time(question.claimed_at),
            "claim_deadline": _time(question.claim_deadline),
            "answered_by": question.answered_by,
            "answer": question.answer,
            "answered_at": _time(question.answered_at),
            "rating": question.rating,
            "rated_at": _time(question.rated_at),
            "bounty": question.bounty or None,
            "bounty_since": _time(question.bounty_since),
        }
    )
    if question.expired_claims:
        entry["expired_claims"] = [
            {"expert": claim.expert, "deadline": _time(claim.deadline)} for claim in question.expired_claims
        ]
    entry["events"] = [
        _present({"at": _time(event.at), "kind": event.kind, "actor": event.actor, "detail": event.detail})
        for event in question.history
    ]
    return entry


def ledger_entry(entry: LedgerEntry) -> dict[str, Any]:
    return _present(
        {
            "user": entry.user,
            "amount": entry.amount,
            "kind": entry.kind,
            "at": _time(entry.at),
            "reason": entry.reason,
            "question": entry.question,
            "redemption": entry.redemption,
            "by": entry.by,
        }
    )


def redemption_entry(redemption: Redemption) -> dict[str, Any]:
    return {
        "id": redemption.id,
        "user": redemption.user,
        "reward": redemption.reward,
        "title": redemption.title,
        "cost": redemption.cost,
        "voucher": redemption.voucher,
        "at": _time(redemption.at),
    }


def attempt_entry(attempt: ExamAttempt) -> dict[str, Any]:
    return _present(
        {
            "id": attempt.id,
            "user": attempt.user,
            "category": attempt.category,
            "started_at": _time(attempt.started_at),
            "questions": list(attempt.questions),
            "pass_mark": attempt.pass_mark,
            "answers": [{"question": answer.question, "choices": list(answer.choices)} for answer in attempt.answers],
            "finished_at": _time(attempt.finished_at),
            "correct": attempt.correct,
            "passed": attempt.passed,
            "interrupted": attempt.interrupted,
        }
    )


def certification_change_entry(change: CertificationChange) -> dict[str, Any]:
    return _present(
        {
            "user": change.user,
            "category": change.category,
            "action": change.action,
            "by": change.by,
            "at": _time(change.at),
            "reason": change.reason,
            "attempt": change.attempt,
        }
    )
