"""The PostgreSQL engine under real concurrency: separate processes, each with its own connection."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from lesaitutte_cli.domain.model import CLAIM_WINDOW, CLAIMED, Event, LedgerEntry, Question, User
from lesaitutte_cli.store.postgres.engine import PostgresStore

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
EXPERTS = 25


def seed_experts_and_questions(url: str, experts: int, questions: int) -> None:
    store = PostgresStore(url)
    with store.transaction() as tx:
        tx.save_user(User("anna", NOW))
        for number in range(experts):
            tx.save_user(User(f"expert{number}", NOW, certifications=frozenset({"phones"})))
        for _ in range(questions):
            qid = tx.next_question_id()
            tx.save_question(Question(qid, "phones", f"q{qid}", "anna", NOW, history=(Event(NOW, "asked", "anna"),)))
    store.close()


def claim_next(url: str, name: str, barrier, results) -> None:
    """One expert's claim --next: hold the reserved question until every expert has one, then claim it."""
    store = PostgresStore(url)
    with store.transaction() as tx:
        expert = tx.user(name)
        question = tx.next_claimable(expert)
        barrier.wait(timeout=60)  # every transaction holds its reservation at this moment
        if question is not None:
            tx.save_question(
                replace(
                    question,
                    status=CLAIMED,
                    claimed_by=name,
                    claimed_at=NOW,
                    claim_deadline=NOW + CLAIM_WINDOW,
                    history=question.history + (Event(NOW, "claimed", name),),
                )
            )
    results.put((name, None if question is None else question.id))
    store.close()


@pytest.mark.parametrize("questions", [EXPERTS, EXPERTS - 5])
def test_experts_claiming_next_at_once_never_get_the_same_question(postgres_url, questions):
    seed_experts_and_questions(postgres_url, EXPERTS, questions)
    context = multiprocessing.get_context("fork")  # no connection is open in the parent to share
    barrier, results = context.Barrier(EXPERTS), context.Queue()
    workers = [
        context.Process(target=claim_next, args=(postgres_url, f"expert{number}", barrier, results))
        for number in range(EXPERTS)
    ]
    for worker in workers:
        worker.start()
    got = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    ids = [qid for _, qid in got if qid is not None]
    assert len(ids) == len(set(ids)) == questions
    store = PostgresStore(postgres_url)
    with store.transaction() as tx:
        held = {question.claimed_by: question.id for question in tx.questions(statuses=[CLAIMED])}
    store.close()
    assert held == {name: qid for name, qid in got if qid is not None}


KILLED_CLIENT = """
import sys, time
from datetime import UTC, datetime
from lesaitutte_cli.domain.model import Event, LedgerEntry, Question, User
from lesaitutte_cli.store.postgres.engine import PostgresStore

now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
store = PostgresStore(sys.argv[1])
with store.transaction() as tx:
    tx.save_user(User("anna", now))
    tx.save_question(Question(tx.next_question_id(), "phones", "half done?", "anna", now, history=(Event(now, "asked", "anna"),)))
    tx.add_ledger_entry(LedgerEntry("anna", 5, "adjusted", now, "gift", by="anna"))
    tx.keep_so_far()
    tx.save_user(User("marco", now))
    print("ready", flush=True)
    time.sleep(60)
"""


def test_a_client_killed_mid_command_leaves_nothing(postgres_url):
    client = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(KILLED_CLIENT), postgres_url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert client.stdout.readline().strip() == "ready"
    finally:
        client.kill()
        client.wait(timeout=10)
    store = PostgresStore(postgres_url)
    with store.transaction() as tx:
        assert tx.users() == [] and list(tx.questions()) == [] and list(tx.ledger()) == []
        assert tx.totals("anna").balance == 0
    store.close()


def test_a_waiting_expert_hears_of_a_new_question_within_a_second(postgres_url):
    seed_experts_and_questions(postgres_url, 1, 0)
    waiter = PostgresStore(postgres_url)
    changes = waiter.changes
    mark = changes.mark()
    woke = {}

    def wait() -> None:
        woke["changed"] = changes.wait(mark, timeout=10)
        woke["at"] = time.monotonic()

    thread = threading.Thread(target=wait)
    thread.start()
    time.sleep(0.3)
    asker = PostgresStore(postgres_url)
    with asker.transaction() as tx:
        qid = tx.next_question_id()
        tx.save_question(Question(qid, "phones", "New?", "anna", NOW, history=(Event(NOW, "asked", "anna"),)))
    committed = time.monotonic()
    thread.join(timeout=10)
    assert woke["changed"] is True and woke["at"] - committed < 1.0
    assert changes.mark() != mark
    assert changes.wait(changes.mark(), timeout=0.2) is False  # nothing new since
    asker.close()
    waiter.close()


def test_seeding_a_hundred_thousand_questions_with_copy(postgres_url):
    seed_experts_and_questions(postgres_url, 1, 0)
    store = PostgresStore(postgres_url)
    count = 100_000
    with store.transaction() as tx:
        ids = tx.next_question_ids(count)
        questions = [
            Question(
                qid,
                "phones",
                f"How do I set up service number {qid}?",
                "anna",
                NOW,
                history=(Event(NOW, "asked", "anna"),),
            )
            for qid in ids
        ]
        entries = [LedgerEntry("expert0", 1, "adjusted", NOW, "seed", by="anna") for _ in range(count)]
        started = time.perf_counter()
        tx.add_history(questions, entries, NOW)
    seconds = time.perf_counter() - started
    print(f"\nCOPY seed of {count} questions (with their events) and {count} ledger entries: {seconds:.1f} s")
    with store.transaction() as tx:
        counts, problems = tx.check()
        assert counts["questions"] == count and counts["ledger"] == count and problems == []
        assert tx.totals("expert0").balance == count
    store.close()
