"""One command, one transaction: a collision PostgreSQL reports runs the command again; a lost
connection is one line; nothing is ever half done."""

import json
import subprocess
import sys
import threading
from datetime import UTC, datetime

import psycopg
import pytest

from lesaitutte_cli.domain.model import Event, Question, Reward, User
from lesaitutte_cli.errors import Collided, StoreUnusable
from lesaitutte_cli.store.postgres.engine import PostgresStore
from tests.postgres.test_rules_in_the_database import wait_until_blocked
from tests.test_processes import ROOT, _env, lesaitutte

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def stores(postgres_url):
    opened = [PostgresStore(postgres_url), PostgresStore(postgres_url)]
    with opened[0].transaction() as tx:
        tx.save_reward(Reward("a", "A", 1, 10))
        tx.save_reward(Reward("b", "B", 1, 10))
    yield opened
    for store in opened:
        store.close()


def stock(store: PostgresStore) -> dict[str, int | None]:
    with store.transaction() as tx:
        return {reward.id: reward.stock for reward in tx.rewards()}


def test_the_loser_of_a_deadlock_is_told_it_collided_with_nothing_of_it_saved(stores):
    both_hold_their_first = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def command(store: PostgresStore, first: str, second: str) -> None:
        try:
            with store.transaction() as tx:
                for reward_id in (first, second):
                    reward = tx.reward(reward_id)  # locked until the transaction ends
                    tx.save_reward(Reward(reward.id, reward.title, reward.cost, reward.stock - 1))
                    if reward_id == first:
                        both_hold_their_first.wait(timeout=10)
            outcomes[first] = "done"
        except Exception as error:  # reported below: a thread's exception would be lost
            outcomes[first] = error

    threads = [
        threading.Thread(target=command, args=(store, *pair))
        for store, pair in zip(stores, (("a", "b"), ("b", "a")), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    lost = [outcome for outcome in outcomes.values() if isinstance(outcome, Exception)]
    assert sorted(map(str, outcomes.values())).count("done") == 1
    assert len(lost) == 1 and isinstance(lost[0], Collided), lost
    assert "deadlock detected" in str(lost[0])
    assert stock(stores[0]) == {"a": 9, "b": 9}  # the winner's work only


def test_a_command_that_loses_a_deadlock_runs_again_and_succeeds(postgres_url):
    """A real process: its first run is chosen as the deadlock's victim; the person sees only the claim."""
    store = PostgresStore(postgres_url)
    with store.transaction() as tx:
        tx.save_user(User("anna", NOW))
        tx.save_user(User("marco", NOW, certifications=frozenset({"phones"})))
        tx.save_question(Question(1, "phones", "Why?", "anna", NOW, history=(Event(NOW, "asked", "anna"),)))
    store.close()
    with psycopg.connect(postgres_url) as other:
        # This session waits longer than the command's before looking for a deadlock, so
        # PostgreSQL breaks it by failing the command's transaction, not this one.
        other.execute("SET deadlock_timeout = '1min'")
        other.execute("SELECT id FROM questions WHERE id = 1 FOR UPDATE")
        command = subprocess.Popen(
            [sys.executable, "-m", "lesaitutte_cli", "--db", postgres_url, "--user", "marco", "claim", "1", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=_env(),
        )
        wait_until_blocked(other, timeout=60)
        # The command holds marco and waits for question 1; taking marco closes the circle.
        other.execute("SELECT name FROM users WHERE name = 'marco' FOR UPDATE")
        assert command.poll() is None  # this session got marco: the command's first run was undone
        other.commit()  # question 1 is free: the command's second run takes it
        stdout, stderr = command.communicate(timeout=60)
    assert command.returncode == 0, stderr
    assert stderr == ""
    assert json.loads(stdout)["claimed_by"] == "marco"
    assert json.loads(lesaitutte(postgres_url, "show", "1", "--json", user="anna").stdout)["status"] == "claimed"
    with psycopg.connect(postgres_url) as reader:
        kinds = reader.execute("SELECT kind FROM question_events WHERE question_id = 1 ORDER BY position").fetchall()
    assert kinds == [("asked",), ("claimed",)]  # claimed once: nothing of the undone run was kept


def cut_off(postgres_url: str, pid: int) -> None:
    """End a session from the server's side, as a restart would."""
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_connection_lost_during_the_work_is_one_line_saying_nothing_was_saved(stores, postgres_url):
    store = stores[0]
    with pytest.raises(StoreUnusable) as raised, store.transaction() as tx:
        tx.save_reward(Reward("a", "A", 1, 0))
        cut_off(postgres_url, tx._connection.info.backend_pid)
        tx.rewards()
    message = str(raised.value)
    assert message.startswith(f"The connection to the database {postgres_url.split('/')[3].split('?')[0]} was lost")
    assert message.endswith("Nothing of it was saved: run it again once the server is back.")
    assert len(message.splitlines()) == 1
    assert stock(store) == {"a": 10, "b": 10}


def test_a_connection_lost_while_committing_says_the_outcome_is_unknown(stores, postgres_url):
    store = stores[0]
    with pytest.raises(StoreUnusable, match="It may or may not have been saved: look before running it again"):
        with store.transaction() as tx:
            tx.save_reward(Reward("a", "A", 1, 0))
            cut_off(postgres_url, tx._connection.info.backend_pid)
