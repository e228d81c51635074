"""Bounties: points an asker puts into a question, paid to the answer they rate up.

The points leave the asker's balance when offered and are held by the question (its
`bounty`) until it settles: paid to the answerer on an `up`, refunded to the asker on a
`down`, a withdrawal, or when no answer came within BOUNTY_WINDOW. Every move is a ledger
entry naming the question, so the ledger alone says what every question holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.limits import MAX_BOUNTY
from lesaitutte_cli.domain.model import (
    BOUNTY_OFFERED,
    BOUNTY_PAID,
    BOUNTY_REFUNDED,
    BOUNTY_WINDOW,
    CLAIMED,
    OPEN,
    RATED,
    UP,
    WITHDRAWN,
    Event,
    replace,
)
from lesaitutte_cli.domain.stored_texts import (
    BOUNTY_OFFERED_DETAIL,
    BOUNTY_OFFERED_REASON,
    BOUNTY_PAID_DETAIL,
    BOUNTY_PAID_REASON,
    BOUNTY_REFUNDED_DETAIL,
    BOUNTY_REFUNDED_REASON,
    NO_ANSWER_IN_TIME,
    RATED_DOWN,
    WITHDRAWN_REFUND,
    written,
)
from lesaitutte_cli.errors import InvalidInput, Refused
from lesaitutte_cli.language import N_, N_plural, Word

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import LedgerEntry, Question, User


def offer_bounty(
    question: Question, asker: User, amount: int, balance: int, now: datetime
) -> tuple[Question, LedgerEntry]:
    """The question holding `amount` of the asker's points, and the entry that takes them."""
    qid = question.id
    if not 1 <= amount <= MAX_BOUNTY:
        raise InvalidInput(N_("A bounty is from 1 to {most} points, not {amount}."), most=MAX_BOUNTY, amount=amount)
    if question.asker != asker.name:
        raise Refused(
            N_("Only {asker}, who asked question {id}, may put a bounty on it."), asker=question.asker, id=qid
        )
    if question.status != OPEN:
        raise Refused(
            N_("Question {id} is {status}; a bounty goes on an open question."), id=qid, status=Word(question.status)
        )
    if question.bounty:
        raise Refused(
            N_plural(
                "Question {id} already carries a bounty of {n} point.",
                "Question {id} already carries a bounty of {n} points.",
            ),
            id=qid,
            n=question.bounty,
        )
    if balance == 0:
        raise Refused(N_("You have no points to offer. Earn points by answering: lesaitutte claim --next"))
    if balance < amount:
        raise Refused(
            N_plural(
                "A bounty of {n} point needs {n} and you have {balance}. "
                "Offer at most {balance}, or earn points by answering: lesaitutte claim --next",
                "A bounty of {n} points needs {n} and you have {balance}. "
                "Offer at most {balance}, or earn points by answering: lesaitutte claim --next",
            ),
            n=amount,
            balance=balance,
        )
    offered = replace(
        question,
        bounty=amount,
        bounty_since=now,
        history=question.history + (Event(now, "bounty", asker.name, written(BOUNTY_OFFERED_DETAIL, n=amount)),),
    )
    reason = written(BOUNTY_OFFERED_REASON, question=qid)
    return offered, _entry(asker.name, -amount, BOUNTY_OFFERED, now, reason, qid)


def bounty_due_at(question: Question) -> datetime | None:
    """When the held bounty returns to the asker unless the question is answered first."""
    if not question.bounty or question.status not in (OPEN, CLAIMED):
        return None
    assert question.bounty_since is not None  # set whenever a bounty is held
    return question.bounty_since + BOUNTY_WINDOW


def refund_overdue_bounty(question: Question, now: datetime) -> tuple[Question, LedgerEntry] | None:
    """The refund of a bounty whose question went unanswered for BOUNTY_WINDOW, else None.

    Dated when it fell due, as claim expiries are, whichever command noticed it.
    """
    due = bounty_due_at(question)
    if due is None or now < due:
        return None
    return _refund(question, due, NO_ANSWER_IN_TIME)


def settle_bounty(question: Question, now: datetime) -> tuple[Question, LedgerEntry | None]:
    """A rated or withdrawn question with its bounty paid out or refunded, and the entry that does it."""
    if not question.bounty:
        return question, None
    if question.status == RATED and question.rating == UP:
        assert question.answered_by is not None  # a rated question was answered
        paid = replace(
            question,
            bounty=0,
            history=question.history
            + (Event(now, "bounty", question.answered_by, written(BOUNTY_PAID_DETAIL, n=question.bounty)),),
        )
        reason = written(BOUNTY_PAID_REASON, question=question.id)
        return paid, _entry(question.answered_by, question.bounty, BOUNTY_PAID, now, reason, question.id)
    if question.status in (RATED, WITHDRAWN):
        return _refund(question, now, RATED_DOWN if question.status == RATED else WITHDRAWN_REFUND)
    return question, None


def _refund(question: Question, at: datetime, why: str) -> tuple[Question, LedgerEntry]:
    refunded = replace(
        question,
        bounty=0,
        history=question.history
        + (Event(at, "bounty", question.asker, written(BOUNTY_REFUNDED_DETAIL, n=question.bounty, why=why)),),
    )
    reason = written(BOUNTY_REFUNDED_REASON, question=question.id, why=why)
    return refunded, _entry(question.asker, question.bounty, BOUNTY_REFUNDED, at, reason, question.id)


def _entry(user: str, amount: int, kind: str, at: datetime, reason: str, question: int) -> LedgerEntry:
    return model.LedgerEntry(user=user, amount=amount, kind=kind, at=at, reason=reason, question=question)
