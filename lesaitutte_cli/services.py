"""One function per use case. Each runs inside one store transaction.

Every use case starts the same way, in `_acting`: take the store, read the clock once,
expire the claims that ran out (the two-hour window is enforced at every invocation of
every command, before anything else), then check who is acting and the role it needs.
"""

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from lesaitutte_cli import clock
from lesaitutte_cli.domain import questions as rules
from lesaitutte_cli.domain.fixtures import Fixture, FixtureProblems, read_fixture
from lesaitutte_cli.domain.model import (
    CLAIMED,
    EXPERT,
    MEMBER,
    OPEN,
    LedgerEntry,
    Question,
    User,
)
from lesaitutte_cli.domain.points import points_balance, points_earned
from lesaitutte_cli.domain.roles import require_role, shown_roles
from lesaitutte_cli.domain.text import require_name
from lesaitutte_cli.errors import NotRegistered, Refused, UnknownCategory, UnknownQuestion
from lesaitutte_cli.store import Store, Transaction


@dataclass(frozen=True)
class Invocation:
    """Who is acting, on which store, with which clock."""

    store: Store
    actor: str
    now: Callable[[], datetime] = clock.now


@dataclass(frozen=True)
class Act:
    tx: Transaction
    user: User
    now: datetime


@contextmanager
def _transaction(invocation: Invocation) -> Iterator[tuple[Transaction, datetime]]:
    with invocation.store.transaction() as tx:
        now = invocation.now()
        if expire_overdue_claims(tx, now):
            # Expiry is due whatever the command goes on to do, even if a rule refuses it.
            tx.checkpoint()
        yield tx, now


@contextmanager
def _acting(invocation: Invocation, role: str, action: str) -> Iterator[Act]:
    with _transaction(invocation) as (tx, now):
        user = tx.user(invocation.actor)
        if user is None:
            raise NotRegistered(invocation.actor)
        require_role(user, role, action)
        yield Act(tx, user, now)


def expire_overdue_claims(tx: Transaction, now: datetime) -> list[Question]:
    expired = []
    for question in tx.claimed_questions():
        reopened = rules.expire_overdue_claim(question, now)
        if reopened is not None:
            tx.save_question(reopened)
            expired.append(reopened)
    return expired


# Membership


def register(invocation: Invocation) -> User:
    name = require_name(invocation.actor)
    with _transaction(invocation) as (tx, now):
        if tx.user(name) is not None:
            raise Refused(f"'{name}' is already registered. See your profile with: lesaitutte me")
        user = User(name=name, registered_at=now)
        tx.save_user(user)
        return user


@dataclass(frozen=True)
class Profile:
    user: User
    roles: list[str]
    points: int
    earned: int
    active_claim: Question | None


def profile(invocation: Invocation) -> Profile:
    with _acting(invocation, MEMBER, "Seeing your profile") as act:
        ledger = act.tx.ledger()
        return Profile(
            user=act.user,
            roles=shown_roles(act.user),
            points=points_balance(ledger, act.user.name),
            earned=points_earned(ledger, act.user.name),
            active_claim=_claim_held_by(act.tx, act.user.name),
        )


# Seeding: how a store is bootstrapped, so it needs no registered user.


def seed(invocation: Invocation, documents: list[tuple[str, Any]]) -> dict[str, int]:
    """Load fixture documents, all or nothing; how many records of each kind were new or changed."""
    with _transaction(invocation) as (tx, now):
        known = {category.id for category in tx.categories()}
        fixtures, problems = [], []
        for source, document in documents:
            try:
                fixture = read_fixture(document, source, known)
            except FixtureProblems as error:
                problems.extend(error.problems)
                continue
            fixtures.append(fixture)
            known |= {category.id for category in fixture.categories}
        if problems:
            raise FixtureProblems(problems)
        changed: Counter[str] = Counter()
        for fixture in fixtures:
            changed.update(_apply_fixture(tx, fixture, now))
        return dict(changed)


def _apply_fixture(tx: Transaction, fixture: Fixture, now: datetime) -> Counter[str]:
    """Write what the fixture adds; what is already there as the fixture says stays untouched."""
    changed: Counter[str] = Counter()
    for category in fixture.categories:
        if tx.category(category.id) != category:
            tx.save_category(category)
            changed["categories"] += 1
    for spec in fixture.users:
        existing = tx.user(spec.name) or User(spec.name, registered_at=now)
        merged = replace(
            existing,
            roles=existing.roles | spec.roles,
            certifications=existing.certifications | spec.certifications,
        )
        if tx.user(spec.name) != merged:
            tx.save_user(merged)
            changed["users"] += 1
    for bank in fixture.exams:
        if tx.exam_bank(bank.category) != bank:
            tx.save_exam_bank(bank)
            changed["exams"] += 1
    for reward in fixture.rewards:
        existing = tx.reward(reward.id)
        # The stock of a reward already in the catalogue is live state that redemptions
        # lowered: seeding again must not refill it.
        updated = reward if existing is None else replace(existing, title=reward.title, cost=reward.cost)
        if updated != existing:
            tx.save_reward(updated)
            changed["rewards"] += 1
    asked = {(question.asker, question.category, question.text) for question in tx.questions()}
    for spec in fixture.questions:
        if (spec.asker, spec.category, spec.text) in asked:
            continue
        asker = tx.user(spec.asker)
        if asker is None:
            asker = User(spec.asker, registered_at=now)
            tx.save_user(asker)
            changed["users"] += 1
        tx.save_question(rules.ask_question(tx.next_question_id(), asker, spec.category, spec.text, now))
        asked.add((spec.asker, spec.category, spec.text))
        changed["questions"] += 1
    return changed


# Questions


def ask(invocation: Invocation, text: str, category: str) -> Question:
    with _acting(invocation, MEMBER, "Asking") as act:
        _require_category(act.tx, category)
        question = rules.ask_question(act.tx.next_question_id(), act.user, category, text, act.now)
        act.tx.save_question(question)
        return question


def list_questions(
    invocation: Invocation,
    statuses: tuple[str, ...] = (OPEN, CLAIMED),
    category: str | None = None,
    mine: bool = False,
    limit: int | None = None,
) -> list[Question]:
    """Questions matching every filter given, oldest first."""
    with _acting(invocation, MEMBER, "Listing questions") as act:
        if category is not None:
            _require_category(act.tx, category)
        name = act.user.name
        found = [
            question
            for question in act.tx.questions()
            if question.status in statuses
            and (category is None or question.category == category)
            and (not mine or name in (question.asker, question.claimed_by, question.answered_by))
        ]
        found.sort(key=lambda question: question.id)
        return found[:limit] if limit is not None else found


def show(invocation: Invocation, question_id: int) -> Question:
    with _acting(invocation, MEMBER, "Reading a question") as act:
        return _question(act.tx, question_id)


def claim(invocation: Invocation, question_id: int) -> Question:
    with _acting(invocation, EXPERT, "Claiming a question") as act:
        question = _question(act.tx, question_id)
        held = _claim_held_by(act.tx, act.user.name)
        claimed = rules.claim_question(question, act.user, held.id if held else None, act.now)
        act.tx.save_question(claimed)
        return claimed


def claim_next(invocation: Invocation) -> Question:
    """Claim the oldest open question the expert may take."""
    with _acting(invocation, EXPERT, "Claiming a question") as act:
        held = _claim_held_by(act.tx, act.user.name)
        if held is not None:
            raise Refused(
                f"You already hold question {held.id}: answer it or release it "
                f"(lesaitutte release {held.id}) before claiming another."
            )
        candidates = [question for question in act.tx.questions() if rules.may_claim(question, act.user)]
        if not candidates:
            categories = ", ".join(sorted(act.user.certifications))
            raise Refused(f"No open question in your categories ({categories}) is waiting for you; try again later.")
        oldest = min(candidates, key=lambda question: (question.created_at, question.id))
        claimed = rules.claim_question(oldest, act.user, None, act.now)
        act.tx.save_question(claimed)
        return claimed


def release(invocation: Invocation, question_id: int) -> Question:
    with _acting(invocation, EXPERT, "Releasing a claim") as act:
        released = rules.release_claim(_question(act.tx, question_id), act.user, act.now)
        act.tx.save_question(released)
        return released


def answer(invocation: Invocation, question_id: int, text: str) -> Question:
    with _acting(invocation, EXPERT, "Answering") as act:
        answered = rules.answer_question(_question(act.tx, question_id), act.user, text, act.now)
        act.tx.save_question(answered)
        return answered


def rate(invocation: Invocation, question_id: int, rating: str) -> tuple[Question, LedgerEntry | None]:
    with _acting(invocation, MEMBER, "Rating an answer") as act:
        rated, point = rules.rate_answer(_question(act.tx, question_id), act.user, rating, act.now)
        act.tx.save_question(rated)
        if point is not None:
            act.tx.add_ledger_entry(point)
        return rated, point


def withdraw(invocation: Invocation, question_id: int) -> Question:
    with _acting(invocation, MEMBER, "Withdrawing a question") as act:
        withdrawn = rules.withdraw_question(_question(act.tx, question_id), act.user, act.now)
        act.tx.save_question(withdrawn)
        return withdrawn


def _question(tx: Transaction, question_id: int) -> Question:
    question = tx.question(question_id)
    if question is None:
        raise UnknownQuestion(question_id)
    return question


def _claim_held_by(tx: Transaction, name: str) -> Question | None:
    return next((question for question in tx.claimed_questions() if question.claimed_by == name), None)


def _require_category(tx: Transaction, category: str) -> None:
    if tx.category(category) is None:
        raise UnknownCategory(category, [known.id for known in tx.categories()])
