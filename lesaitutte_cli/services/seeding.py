"""Seeding: how a store is bootstrapped; once it has users, only an admin may seed it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lesaitutte_cli.domain import questions as rules
from lesaitutte_cli.domain.fixtures import FixtureBreaksRule, FixtureProblems, read_fixture
from lesaitutte_cli.domain.model import User
from lesaitutte_cli.domain.roles import require_may_seed
from lesaitutte_cli.errors import Refused
from lesaitutte_cli.services.session import require_identity, transaction

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import datetime

    from lesaitutte_cli.domain.fixtures import Fixture, QuestionSpec
    from lesaitutte_cli.domain.model import LedgerEntry, Question
    from lesaitutte_cli.services.session import Invocation
    from lesaitutte_cli.store.engine import Transaction


def seed(invocation: Invocation, documents: list[tuple[str, Any]]) -> dict[str, int]:
    """Load fixture documents, all or nothing; how many records of each kind were new or changed."""
    with transaction(invocation) as (tx, now):
        users = tx.users()
        if users:
            require_identity(tx, invocation)
        require_may_seed(users, invocation.actor, tx.user(invocation.actor))
        known = {category.id for category in tx.categories()}
        fixtures: list[tuple[str, Fixture]] = []
        problems: list[str] = []
        for source, document in documents:
            try:
                fixture = read_fixture(document, source, known)
            except FixtureProblems as error:
                problems.extend(error.problems)
                continue
            fixtures.append((source, fixture))
            known |= {category.id for category in fixture.categories}
        if problems:
            raise FixtureProblems(problems)
        changed: Counter[str] = Counter()
        for source, fixture in fixtures:
            changed.update(_apply_fixture(tx, fixture, source, now, invocation.progress))
        # Seeded history older than a week goes straight to the archive, however little of it.
        tx.archive_settled(now, force=True)
        return dict(changed)


def _apply_fixture(
    tx: Transaction, fixture: Fixture, source: str, now: datetime, progress: Callable[[Iterable, int, str], Iterable]
) -> Counter[str]:
    """Write what the fixture adds; what is already there as the fixture says stays untouched."""
    changed: Counter[str] = Counter()
    for category in fixture.categories:
        if tx.category(category.id) != category:
            tx.save_category(category)
            changed["categories"] += 1
    for spec in fixture.users:
        stored = tx.user(spec.name)
        existing = stored or User(spec.name, registered_at=now)
        merged = replace(
            existing,
            roles=existing.roles | spec.roles,
            certifications=existing.certifications | spec.certifications,
        )
        if stored != merged:
            tx.save_user(merged)
            changed["users"] += 1
    for bank in fixture.exams:
        if tx.exam_bank(bank.category) != bank:
            tx.save_exam_bank(bank)
            changed["exams"] += 1
    for reward in fixture.rewards:
        listed = tx.reward(reward.id)
        # The stock of a reward already in the catalogue is live state that redemptions
        # lowered: seeding again must not refill it.
        updated = reward if listed is None else replace(listed, title=reward.title, cost=reward.cost)
        if updated != listed:
            tx.save_reward(updated)
            changed["rewards"] += 1
    if fixture.questions:
        changed += _seed_questions(tx, fixture.questions, source, now, progress)
    return changed


def _seed_questions(
    tx: Transaction,
    specs: tuple[QuestionSpec, ...],
    source: str,
    now: datetime,
    progress: Callable[[Iterable, int, str], Iterable],
) -> Counter[str]:
    """New questions, written together: a fixture may hold tens of thousands."""
    changed: Counter[str] = Counter()
    users = {user.name.casefold(): user for user in tx.users()}  # names match whatever their case
    asked = {(question.asker.casefold(), question.category, question.text) for question in tx.questions()}
    new = []
    for spec in specs:
        if (spec.asker.casefold(), spec.category, spec.text) not in asked:
            new.append(spec)
            asked.add((spec.asker.casefold(), spec.category, spec.text))
    questions, points = [], []
    numbered = zip(tx.next_question_ids(len(new)), new, strict=True)
    for question_id, spec in progress(numbered, len(new), f"Seeding {source}"):
        asker = spec.asker.casefold()
        if asker not in users:
            users[asker] = User(spec.asker, registered_at=now)
            tx.save_user(users[asker])
            changed["users"] += 1
        question, point = _seeded_question(users, question_id, users[asker], spec, source, now)
        questions.append(question)
        points += [point] if point is not None else []
    tx.add_history(questions, points, now)
    changed["questions"] += len(questions)
    return changed


def _seeded_question(
    users: dict[str, User], question_id: int, asker: User, spec: QuestionSpec, source: str, now: datetime
) -> tuple[Question, LedgerEntry | None]:
    """The question with the history the fixture gives it, played through the community's rules.

    So a seeded history obeys the rules a live one does: a certified expert, an answer
    within the claim window, a point for an up rating.
    """
    question = rules.ask_question(question_id, asker, spec.category, spec.text, spec.created_at or now)
    if spec.answered_by is None:
        return question, None
    expert = users.get(spec.answered_by.casefold())
    if expert is None:
        raise FixtureProblems([f"{source}: {spec.where}.answered_by: there is no user '{spec.answered_by}'"])
    answered_at = spec.answered_at or spec.created_at or now
    assert spec.answer is not None  # read_fixture takes answered_by and answer only together
    try:
        question = rules.claim_question(question, expert, None, spec.claimed_at or answered_at)
        question = rules.answer_question(question, expert, spec.answer, answered_at)
        if spec.rating is None:
            return question, None
        rated, point, _ = rules.rate_answer(question, asker, spec.rating, spec.rated_at or answered_at)
        return rated, point
    except Refused as refusal:
        raise FixtureBreaksRule(f"{source}: {spec.where}", refusal) from None
