"""Seeding: how a store is bootstrapped; once it has users, only an admin may seed it."""

from __future__ import annotations

import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import astuple
from typing import TYPE_CHECKING, Any, TypeVar

from lesaitutte_cli.domain import questions as rules
from lesaitutte_cli.domain.fixtures import FixtureBreaksRule, FixtureProblems, at_path, found_in, read_fixture
from lesaitutte_cli.domain.invariants import Records, store_problems
from lesaitutte_cli.domain.model import User, replace
from lesaitutte_cli.domain.roles import require_may_seed
from lesaitutte_cli.errors import Refused
from lesaitutte_cli.language import N_, Phrase, Word
from lesaitutte_cli.services.session import require_identity, retried, transaction

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from datetime import datetime

    from lesaitutte_cli.domain.fixtures import Fixture, QuestionSpec
    from lesaitutte_cli.domain.model import CertificationChange, ExamAttempt, Grant, LedgerEntry, Question, Redemption
    from lesaitutte_cli.services.session import Invocation
    from lesaitutte_cli.store.engine import Transaction

    Kept = TypeVar("Kept", "Question", "Redemption", "ExamAttempt")
    Alike = TypeVar("Alike", "LedgerEntry", "CertificationChange")

# What a seeded record is called in a problem about its id.
QUESTIONS, REDEMPTIONS, ATTEMPTS = Word(N_("question")), Word(N_("redemption")), Word(N_("exam attempt"))


@retried
def seed(invocation: Invocation, documents: list[tuple[str, Any]]) -> dict[str, int]:
    """Load fixture documents, all or nothing; how many records of each kind were new or changed."""
    with _cycles_uncollected(), transaction(invocation) as (tx, now):
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


@contextmanager
def _cycles_uncollected() -> Iterator[None]:
    """The cyclic collector off while seeding: a seed makes millions of dicts, tuples and
    records, none in a cycle, and the collector walked all of those still alive again and
    again as more were made (measured: 1.5-2.3 s of CPU in a 100,000-question seed)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _apply_fixture(
    tx: Transaction, fixture: Fixture, source: str, now: datetime, progress: Callable[[Iterable, int, str], Iterable]
) -> Counter[str]:
    """Write what the fixture adds; what is already there as the fixture says stays untouched."""
    changed: Counter[str] = Counter()
    for category in fixture.categories:
        if tx.category(category.id) != category:
            tx.save_category(category)
            changed["categories"] += 1
    if fixture.settings is not None and tx.settings() != fixture.settings:
        language_before = tx.settings().language
        tx.save_settings(fixture.settings)
        if fixture.settings.language != language_before:
            tx.reindex_search()  # the questions already there; the fixture's are read as they come
        changed["settings"] += 1
    # Read together, not one by one: a fixture may name ten thousand users, most of them new.
    users = {user.name.casefold(): user for user in tx.users()}
    for spec in fixture.users:
        stored = users.get(spec.name.casefold())
        existing = stored or User(spec.name, registered_at=spec.registered_at or now)
        merged = replace(
            existing,
            roles=existing.roles | spec.roles,
            certifications=existing.certifications | spec.certifications,
            grants=_merged_grants(existing.grants, spec.grants),
        )
        if stored != merged:
            tx.save_user(merged)
            users[spec.name.casefold()] = merged
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
    if fixture.has_records:
        changed += _seed_records(tx, fixture, source, now)
    if fixture.questions:
        changed += _seed_questions(tx, fixture.questions, source, now, progress)
    return changed


def _merged_grants(stored: tuple[Grant, ...], given: tuple[Grant, ...]) -> tuple[Grant, ...]:
    """The stored grant times, and the given ones of the categories the store has no time for."""
    known = {grant.category for grant in stored}
    return stored + tuple(grant for grant in given if grant.category not in known)


def _seed_records(tx: Transaction, fixture: Fixture, source: str, now: datetime) -> Counter[str]:
    """An export's records, under the ids they had; one already here (the same file seeded
    again, or a record that lived on since) stays as the store has it."""
    before = _records(tx)  # read once, for every check below
    problems: list[str] = []
    questions = _new_records(
        fixture.question_records,
        before.questions,
        lambda question: (question.asker.casefold(), question.category, question.text, question.created_at),
        QUESTIONS,
        problems,
    )
    redemptions = _new_records(
        fixture.redemptions,
        before.redemptions,
        lambda redemption: (redemption.user.casefold(), redemption.voucher),
        REDEMPTIONS,
        problems,
    )
    attempts = _new_records(
        fixture.attempts,
        before.attempts,
        lambda attempt: (attempt.user.casefold(), attempt.category, attempt.started_at),
        ATTEMPTS,
        problems,
    )
    problems += _taken_ids(questions, tx.next_question_ids, QUESTIONS)
    problems += _taken_ids(redemptions, lambda count: _drawn(tx.next_redemption_id, count), REDEMPTIONS)
    problems += _taken_ids(attempts, lambda count: _drawn(tx.next_attempt_id, count), ATTEMPTS)
    entries = _missing(fixture.ledger, before.ledger)
    changes = _missing(fixture.certification_changes, before.certification_changes)
    # Records are stored as given, not played through the rules: the store they make must
    # pass what `check` holds a store to, or nothing is seeded.
    after = replace(
        before,
        questions=[*before.questions, *questions],
        ledger=[*before.ledger, *entries],
        redemptions=before.redemptions + redemptions,
        attempts=before.attempts + attempts,
        last_question_id=max([before.last_question_id, *(question.id for question in questions)]),
        certification_changes=before.certification_changes + changes,
    )
    known = set(store_problems(before))
    problems += [problem for problem in store_problems(after) if problem not in known]
    if problems:
        raise FixtureProblems(found_in(source, problems))
    # Redemptions first: the ledger entries that paid for them refer to them.
    for redemption in redemptions:
        tx.add_redemption(redemption)
    tx.add_history(list(questions), entries, now)
    for attempt in attempts:
        tx.save_attempt(attempt)
    for change in changes:
        tx.add_certification_change(change)
    changed: Counter[str] = Counter(
        questions=len(questions),
        ledger=len(entries),
        redemptions=len(redemptions),
        attempts=len(attempts),
        certification_changes=len(changes),
    )
    return +changed


def _new_records(
    records: Iterable[Kept], stored: Iterable[Kept], identity: Callable[[Kept], tuple], kind: str, problems: list[str]
) -> list[Kept]:
    """The records whose id the store does not hold yet, in id order; a problem for each id it
    holds with a different record (not the same one lived on: the same asker, voucher or sitting)."""
    held = {record.id: record for record in stored}
    new = []
    for record in sorted(records, key=lambda record: record.id):
        if record.id not in held:
            new.append(record)
        elif identity(held[record.id]) != identity(record):
            problems.append(
                Phrase(N_("{kind} {id}: the id is taken in this store by another {kind}"), kind=kind, id=record.id)
            )
    return new


def _taken_ids(records: list[Kept], next_ids: Callable[[int], range], kind: str) -> list[str]:
    """Hand out ids up to the highest new record's, so that none is handed out again later; a
    problem for each record whose id this store handed out before (to a record since lost)."""
    if not records:
        return []
    first = next_ids(1).start
    if records[-1].id > first:
        next_ids(records[-1].id - first)
    return [
        Phrase(
            N_("{kind} {id}: the id was handed out in this store before; seed an export into a new, empty store"),
            kind=kind,
            id=record.id,
        )
        for record in records
        if record.id < first
    ]


def _drawn(next_id: Callable[[], int], count: int) -> range:
    ids = [next_id() for _ in range(count)]
    return range(ids[0], ids[-1] + 1)


def _missing(given: Iterable[Alike], stored: Iterable[Alike]) -> list[Alike]:
    """The given records the store holds fewer of (records without an id: alike is the same)."""
    held = Counter(astuple(record) for record in stored)
    missing = []
    for record in given:
        key = astuple(record)
        if held[key]:
            held[key] -= 1
        else:
            missing.append(record)
    return missing


def _records(tx: Transaction) -> Records:
    questions = list(tx.questions())
    return Records(
        users=tx.users(),
        questions=questions,
        ledger=list(tx.ledger()),
        rewards=tx.rewards(),
        redemptions=tx.redemptions(),
        attempts=tx.attempts(),
        # The id counter is the engine's own; every id seeded was handed out by it.
        last_question_id=max((question.id for question in questions), default=0),
        certification_changes=tx.certification_changes(),
    )


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
    # The store says which are new; a question the fixture itself repeats is seeded once.
    asked = set()
    new = []
    for position in tx.unasked([(spec.asker, spec.category, spec.text) for spec in specs]):
        spec = specs[position]
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
        problem = at_path(f"{spec.where}.answered_by", N_("there is no user '{name}'"), name=spec.answered_by)
        raise FixtureProblems(found_in(source, [problem]))
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
