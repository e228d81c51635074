"""The domain's records from the rows of queries.sql, and the parameters that store them.

Rows come as dicts (column name to value). Lists a row carries with it (a question's
history, a bank's questions) come as JSON arrays built in SQL, so that one query returns a
record whole.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from lesaitutte_cli.domain.model import (
    ANSWERED,
    ENGLISH,
    RATED,
    Category,
    CertificationChange,
    ChosenAnswer,
    Event,
    ExamAttempt,
    ExamBank,
    ExamQuestion,
    ExpiredClaim,
    Grant,
    LedgerEntry,
    Question,
    Redemption,
    Reward,
    Settings,
    User,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

Row = dict[str, Any]


def moment(text: str) -> datetime:
    """A time written by JSON in SQL (the session is in UTC) as an aware datetime in UTC."""
    return datetime.fromisoformat(text).astimezone(UTC)


def settings(row: Row) -> Settings:
    return Settings(
        identity=row["identity"],
        pair_points_per_day=row["pair_points_per_day"],
        certification_months=row["certification_months"],
        certification_months_since=row["certification_months_since"],
        language=row["language"],
    )


def settings_params(item: Settings) -> dict[str, Any]:
    return {
        "identity": item.identity,
        "pair_points_per_day": item.pair_points_per_day,
        "certification_months": item.certification_months,
        "certification_months_since": item.certification_months_since,
        "language": item.language,
    }


def user(row: Row) -> User:
    grants = sorted((moment(at), category) for category, at in row["grants"])
    return User(
        name=row["name"],
        registered_at=row["registered_at"],
        roles=frozenset(row["roles"]),
        certifications=frozenset(row["certifications"]),
        grants=tuple(Grant(category, at) for at, category in grants),
    )


def user_params(item: User) -> dict[str, Any]:
    granted = {grant.category: grant.at for grant in item.grants}
    categories = sorted(item.certifications)
    return {
        "name": item.name,
        "registered_at": item.registered_at,
        "roles": sorted(item.roles),
        "categories": categories,
        "granted": [granted.get(category) for category in categories],
    }


def category(row: Row) -> Category:
    return Category(row["id"], row["title"])


def question(row: Mapping[str, Any]) -> Question:
    return Question(
        id=row["id"],
        category=row["category"],
        text=row["text"],
        asker=row["asker"],
        created_at=row["created_at"],
        status=row["status"],
        claimed_by=row["claimed_by"],
        claimed_at=row["claimed_at"],
        claim_deadline=row["claim_deadline"],
        answered_by=row["answered_by"],
        answer=row["answer"],
        answered_at=row["answered_at"],
        rating=row["rating"],
        rated_at=row["rated_at"],
        expired_claims=tuple(ExpiredClaim(expert, moment(deadline)) for expert, deadline in row["expired_claims"]),
        history=tuple(Event(moment(at), kind, actor, detail) for at, kind, actor, detail in row["history"]),
        bounty=row["bounty"],
        bounty_since=row["bounty_since"],
    )


def search_terms(text: str, answer: str | None, default: str) -> tuple[str, str]:
    """The language a question and its answer are read in, and the words they are found by, as
    the domain finds them; `default` is the language of those whose words do not say."""
    from lesaitutte_cli.domain.search import analysed

    language, found = analysed(f"{text} {answer}", default)
    # In the order they are written: ts_rank_cd ranks terms found close together higher.
    return language, " ".join(found)


# The columns of copy_questions and copy_ledger, in order, as named in the parameters.
QUESTION_COLUMNS = (
    "id", "category", "text", "asker", "created_at", "status", "claimed_by", "claimed_at", "claim_deadline",
    "answered_by", "answer", "answered_at", "rating", "rated_at", "bounty", "bounty_since", "search_terms",
    "search_language",
)  # fmt: skip
QUESTION_TYPES = (
    "bigint", "text", "text", "text", "timestamptz", "text", "text", "timestamptz", "timestamptz",
    "text", "text", "timestamptz", "text", "timestamptz", "integer", "timestamptz", "text", "text",
)  # fmt: skip
LEDGER_COLUMNS = ("user", "amount", "kind", "at", "reason", "question", "redemption", "by")
LEDGER_TYPES = ("text", "integer", "text", "timestamptz", "text", "bigint", "bigint", "text")


def question_params(item: Question, written_in: str) -> dict[str, Any]:
    """The question's columns; `written_in` is the store's language (Settings.language). None
    are found by search until it is answered."""
    language, found = (
        search_terms(item.text, item.answer, written_in) if item.status in (ANSWERED, RATED) else (ENGLISH, "")
    )
    return {
        "id": item.id,
        "category": item.category,
        "text": item.text,
        "asker": item.asker,
        "created_at": item.created_at,
        "status": item.status,
        "claimed_by": item.claimed_by,
        "claimed_at": item.claimed_at,
        "claim_deadline": item.claim_deadline,
        "answered_by": item.answered_by,
        "answer": item.answer,
        "answered_at": item.answered_at,
        "rating": item.rating,
        "rated_at": item.rated_at,
        "bounty": item.bounty,
        "bounty_since": item.bounty_since,
        "search_terms": found,
        "search_language": language,
    }


def event_params(item: Question) -> dict[str, Any]:
    return {
        "id": item.id,
        "ats": [event.at for event in item.history],
        "kinds": [event.kind for event in item.history],
        "actors": [event.actor for event in item.history],
        "details": [event.detail for event in item.history],
    }


def expired_claim_params(item: Question) -> dict[str, Any]:
    return {
        "id": item.id,
        "experts": [expired.expert for expired in item.expired_claims],
        "deadlines": [expired.deadline for expired in item.expired_claims],
    }


def ledger_entry(row: Row) -> LedgerEntry:
    return LedgerEntry(
        user=row["user_name"],
        amount=row["amount"],
        kind=row["kind"],
        at=row["at"],
        reason=row["reason"],
        question=row["question_id"],
        redemption=row["redemption_id"],
        by=row["adjusted_by"],
    )


def ledger_params(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "user": entry.user,
        "amount": entry.amount,
        "kind": entry.kind,
        "at": entry.at,
        "reason": entry.reason,
        "question": entry.question,
        "redemption": entry.redemption,
        "by": entry.by,
    }


def reward(row: Row) -> Reward:
    return Reward(row["id"], row["title"], row["cost"], row["stock"], row["retired"])


def reward_params(item: Reward) -> dict[str, Any]:
    return {"id": item.id, "title": item.title, "cost": item.cost, "stock": item.stock, "retired": item.retired}


def redemption(row: Row) -> Redemption:
    return Redemption(row["id"], row["user_name"], row["reward"], row["title"], row["cost"], row["voucher"], row["at"])


def redemption_params(item: Redemption) -> dict[str, Any]:
    return {
        "id": item.id,
        "user": item.user,
        "reward": item.reward,
        "title": item.title,
        "cost": item.cost,
        "voucher": item.voucher,
        "at": item.at,
    }


def exam_bank(row: Row) -> ExamBank:
    return ExamBank(
        category=row["category"],
        questions_per_attempt=row["questions_per_attempt"],
        pass_mark=row["pass_mark"],
        retry_after_hours=row["retry_after_hours"],
        questions=tuple(
            ExamQuestion(qid, text, tuple(choices), tuple(answer)) for qid, text, choices, answer in row["questions"]
        ),
    )


def exam_bank_params(bank: ExamBank) -> dict[str, Any]:
    return {
        "category": bank.category,
        "questions_per_attempt": bank.questions_per_attempt,
        "pass_mark": bank.pass_mark,
        "retry_after_hours": bank.retry_after_hours,
    }


def exam_question_params(bank: ExamBank) -> list[dict[str, Any]]:
    return [
        {
            "category": bank.category,
            "id": item.id,
            "position": position,
            "text": item.text,
            "choices": list(item.choices),
            "answer": list(item.answer),
        }
        for position, item in enumerate(bank.questions)
    ]


def attempt(row: Row) -> ExamAttempt:
    return ExamAttempt(
        id=row["id"],
        user=row["user_name"],
        category=row["category"],
        started_at=row["started_at"],
        questions=tuple(row["questions"]),
        pass_mark=row["pass_mark"],
        answers=tuple(ChosenAnswer(question, tuple(choices)) for question, choices in row["answers"]),
        finished_at=row["finished_at"],
        correct=row["correct"],
        passed=row["passed"],
        interrupted=row["interrupted"],
    )


def attempt_params(item: ExamAttempt) -> dict[str, Any]:
    return {
        "id": item.id,
        "user": item.user,
        "category": item.category,
        "started_at": item.started_at,
        "questions": list(item.questions),
        "pass_mark": item.pass_mark,
        "finished_at": item.finished_at,
        "correct": item.correct,
        "passed": item.passed,
        "interrupted": item.interrupted,
    }


def answer_params(item: ExamAttempt) -> dict[str, Any]:
    return {
        "id": item.id,
        "questions": [answer.question for answer in item.answers],
        "choices": [json.dumps(list(answer.choices)) for answer in item.answers],
    }


def certification_change(row: Row) -> CertificationChange:
    return CertificationChange(
        user=row["user_name"],
        category=row["category"],
        action=row["action"],
        by=row["changed_by"],
        at=row["at"],
        reason=row["reason"],
        attempt=row["attempt_id"],
    )


def certification_change_params(change: CertificationChange) -> dict[str, Any]:
    return {
        "user": change.user,
        "category": change.category,
        "action": change.action,
        "by": change.by,
        "at": change.at,
        "reason": change.reason,
        "attempt": change.attempt,
    }
