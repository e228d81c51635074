"""The life of a question: ask, list, show, claim, release, answer, rate, withdraw."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain import questions as rules
from lesaitutte_cli.domain.model import ANSWERED, CLAIMED, EXPERT, MEMBER, OPEN, STATUSES, replace
from lesaitutte_cli.errors import NothingToClaim
from lesaitutte_cli.language import N_
from lesaitutte_cli.services.session import acting, find_question, require_category, retried

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from lesaitutte_cli.domain.model import LedgerEntry, Question, User
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.services.session import Act, Invocation
    from lesaitutte_cli.store.engine import Transaction


@retried
def ask(invocation: Invocation, text: str, category: str, bounty: int | None = None) -> tuple[Question, list[Hit]]:
    """The new question (holding `bounty` of the asker's points), and up to three answered ones like it, best first."""
    with acting(invocation, MEMBER, N_("Asking")) as act:
        require_category(act.tx, category)
        question = rules.ask_question(act.tx.next_question_id(), act.user, category, text, act.now)
        from lesaitutte_cli.domain.search import SIMILAR  # imported here: only asking searches

        alike = act.tx.similar(question.text, SIMILAR)
        if bounty is None:
            act.tx.save_question(question)
        else:
            question = _offer_bounty(act, question, bounty)
        return question, alike


@retried
def offer_bounty(invocation: Invocation, question_id: int, amount: int) -> Question:
    with acting(invocation, MEMBER, N_("Offering a bounty")) as act:
        return _offer_bounty(act, find_question(act.tx, question_id), amount)


def _offer_bounty(act: Act, question: Question, amount: int) -> Question:
    from lesaitutte_cli.domain.bounties import offer_bounty  # imported here: few questions carry a bounty

    balance = act.tx.totals(act.user.name).balance
    offered, entry = offer_bounty(question, act.user, amount, balance, act.now)
    # The question first: the entry that moves the points into it refers to it.
    act.tx.save_question(offered)
    act.tx.add_ledger_entry(entry)
    return offered


def _settle_bounty(act: Act, question: Question) -> tuple[Question, LedgerEntry | None]:
    """The question with its bounty paid or refunded, if it holds one that its new state settles."""
    if not question.bounty:
        return question, None
    from lesaitutte_cli.domain.bounties import settle_bounty

    settled, entry = settle_bounty(question, act.now)
    if entry is not None:
        act.tx.add_ledger_entry(entry)
    return settled, entry


@retried
def list_questions(
    invocation: Invocation,
    statuses: tuple[str, ...] = (OPEN, CLAIMED),
    category: str | None = None,
    mine: bool = False,
    limit: int | None = None,
    to_rate: bool = False,
    by_bounty: bool = False,
) -> list[Question]:
    """Questions matching every filter given, oldest first (or highest bounty first, then oldest).

    `to_rate`: only the caller's own questions whose answer awaits their rating.
    """
    with acting(invocation, MEMBER, N_("Listing questions")) as act:
        if category is not None:
            require_category(act.tx, category)
        if to_rate:
            statuses = (ANSWERED,)
        name = act.user.name if mine or to_rate else None
        every_status = set(statuses) >= set(STATUSES)  # no filter: a record whatever its status is read
        found = act.tx.questions(None if every_status else statuses, None if category is None else {category}, name)
        if to_rate:
            found = (question for question in found if question.asker == name)
        if by_bounty:
            found = iter(_by_bounty(found))
        return list(islice(found, limit))


def _by_bounty(questions: Iterable[Question]) -> list[Question]:
    """Highest bounty first; the sort is stable, so equal bounties keep their order."""
    return sorted(questions, key=lambda question: -question.bounty)


@retried
def show(invocation: Invocation, question_id: int) -> Question:
    with acting(invocation, MEMBER, N_("Reading a question")) as act:
        return find_question(act.tx, question_id)


@retried
def claim(invocation: Invocation, question_id: int) -> Question:
    with acting(invocation, EXPERT, N_("Claiming a question")) as act:
        question = find_question(act.tx, question_id)
        held = act.tx.claim_held_by(act.user.name)
        claimed = rules.claim_question(question, act.user, held.id if held else None, act.now)
        act.tx.save_question(claimed)
        return claimed


@retried
def claim_next(invocation: Invocation) -> Question:
    """Claim the open question the expert may take with the highest bounty, the oldest among equals."""
    with acting(invocation, EXPERT, N_("Claiming a question")) as act:
        held = act.tx.claim_held_by(act.user.name)
        rules.require_no_other_claim(held.id if held else None)
        first = act.tx.next_claimable(act.user)
        if first is None:
            raise NothingToClaim(act.user.certifications, next_reopening(act.tx, act.user))
        claimed = rules.claim_question(first, act.user, None, act.now)
        act.tx.save_question(claimed)
        return claimed


def next_reopening(tx: Transaction, expert: User) -> datetime | None:
    """When the first claim that would leave a question this expert may take runs out."""
    deadlines = [
        question.claim_deadline
        for question in tx.questions((CLAIMED,))
        if question.claim_deadline is not None and rules.may_claim(replace(question, status=OPEN), expert)
    ]
    return min(deadlines, default=None)


@retried
def release(invocation: Invocation, question_id: int) -> Question:
    with acting(invocation, MEMBER, N_("Releasing a claim")) as act:
        question = _claimed_question(act, question_id, "Releasing a claim")
        released = rules.release_claim(question, act.user, act.now)
        act.tx.save_question(released)
        return released


@retried
def answer(invocation: Invocation, question_id: int, text: str) -> Question:
    with acting(invocation, MEMBER, N_("Answering")) as act:
        question = _claimed_question(act, question_id, "Answering")
        answered = rules.answer_question(question, act.user, text, act.now)
        act.tx.save_question(answered)
        return answered


def _claimed_question(act: Act, question_id: int, action: str) -> Question:
    question = find_question(act.tx, question_id)
    rules.require_expert_or_claimer(question, act.user, action)
    return question


class RatingOutcome(NamedTuple):
    question: Question
    point: LedgerEntry | None
    no_point_because: str | None  # set when an up earned nothing, saying why
    bounty: LedgerEntry | None  # the bounty paid to the answerer or refunded to the asker


@retried
def rate(invocation: Invocation, question_id: int, rating: str) -> RatingOutcome:
    with acting(invocation, MEMBER, N_("Rating an answer")) as act:
        question = find_question(act.tx, question_id)
        # imported here: only rating counts points
        from lesaitutte_cli.domain.points import PAIR_WINDOW, pair_points_today

        expert = question.answered_by or ""
        recent = act.tx.pair_ledger(expert, act.user.name, act.now - PAIR_WINDOW)
        earned = pair_points_today(recent, expert, act.now)
        rated, point, no_point_because = rules.rate_answer(
            question, act.user, rating, act.now, earned, act.tx.settings().pair_points_per_day
        )
        rated, bounty = _settle_bounty(act, rated)
        act.tx.save_question(rated)
        if point is not None:
            act.tx.add_ledger_entry(point)
        return RatingOutcome(rated, point, no_point_because, bounty)


@retried
def withdraw(invocation: Invocation, question_id: int) -> Question:
    with acting(invocation, MEMBER, N_("Withdrawing a question")) as act:
        withdrawn, _ = _settle_bounty(
            act, rules.withdraw_question(find_question(act.tx, question_id), act.user, act.now)
        )
        act.tx.save_question(withdrawn)
        return withdrawn
