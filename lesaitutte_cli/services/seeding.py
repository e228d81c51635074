"""Seeding: how a store is bootstrapped, so it needs no registered user."""

from collections import Counter
from dataclasses import replace
from datetime import datetime
from typing import Any

from lesaitutte_cli.domain import questions as rules
from lesaitutte_cli.domain.fixtures import Fixture, FixtureProblems, read_fixture
from lesaitutte_cli.domain.model import User
from lesaitutte_cli.services.session import Invocation, transaction
from lesaitutte_cli.store import Transaction


def seed(invocation: Invocation, documents: list[tuple[str, Any]]) -> dict[str, int]:
    """Load fixture documents, all or nothing; how many records of each kind were new or changed."""
    with transaction(invocation) as (tx, now):
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
