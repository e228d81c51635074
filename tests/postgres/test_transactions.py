"""One command, one transaction: run again when PostgreSQL reports a collision, never half done."""

import threading

import psycopg
import pytest
from psycopg import errors

from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.store.postgres.connection import connect
from lesaitutte_cli.store.postgres.transactions import in_transaction

NOW = "2026-11-26T10:00:00Z"


@pytest.fixture
def db(postgres_url):
    with connect(postgres_url) as connection:
        connection.execute("INSERT INTO users (name, registered_at) VALUES ('anna', %s)", [NOW])
        connection.execute("INSERT INTO rewards (id, title, cost, stock) VALUES ('mug', 'A mug', 5, 10)")
        connection.commit()
        # Repeatable read makes a concurrent update a serialization failure rather than a wait.
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        yield connection


def stock(connection) -> int:
    with psycopg.connect(connection.info.dsn) as reader:
        return reader.execute("SELECT stock FROM rewards WHERE id = 'mug'").fetchone()[0]


def take_one_while_another_command_takes_one(connection, runs: list, collisions: int):
    """Read the stock, let another session take one, then take one: a lost update, refused."""
    runs.append(connection.execute("SELECT stock FROM rewards WHERE id = 'mug'").fetchone()[0])
    if len(runs) <= collisions:
        with psycopg.connect(connection.info.dsn, autocommit=True) as other:
            other.execute("UPDATE rewards SET stock = stock - 1 WHERE id = 'mug'")
    connection.execute("UPDATE rewards SET stock = stock - 1 WHERE id = 'mug'")
    return "taken"


def test_a_serialization_failure_runs_the_work_again_from_the_start(db):
    runs = []
    assert in_transaction(db, lambda tx: take_one_while_another_command_takes_one(tx, runs, collisions=2)) == "taken"
    assert runs == [10, 9, 8]  # each run saw the stock as the collision left it
    assert stock(db) == 7
    assert db.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_collisions_that_never_stop_end_as_an_unusable_store_with_nothing_changed(db):
    runs = []
    with pytest.raises(StoreUnusable, match="stayed too busy to finish this command .3 attempts"):
        in_transaction(db, lambda tx: take_one_while_another_command_takes_one(tx, runs, collisions=99), attempts=3)
    assert len(runs) == 3
    assert stock(db) == 7  # only the other sessions' updates


def test_any_other_error_rolls_everything_back_and_is_not_retried(db):
    runs = []

    def fails_after_a_change(connection):
        runs.append(1)
        connection.execute("UPDATE rewards SET stock = 0 WHERE id = 'mug'")
        connection.execute("UPDATE rewards SET stock = -1 WHERE id = 'mug'")

    with pytest.raises(errors.CheckViolation):
        in_transaction(db, fails_after_a_change)
    assert runs == [1]
    assert stock(db) == 10


def test_a_deadlock_is_broken_and_the_command_that_lost_runs_again(postgres_url):
    with connect(postgres_url) as setup:
        setup.execute("INSERT INTO rewards (id, title, cost, stock) VALUES ('a', 'A', 1, 10), ('b', 'B', 1, 10)")
        setup.commit()
    both_hold_their_first = threading.Barrier(2)
    runs = {"a": 0, "b": 0}
    failures = []

    def command(first: str, second: str) -> None:
        def work(connection):
            runs[first] += 1
            connection.execute("UPDATE rewards SET stock = stock - 1 WHERE id = %s", [first])
            if runs[first] == 1:
                both_hold_their_first.wait(timeout=10)
            connection.execute("UPDATE rewards SET stock = stock - 1 WHERE id = %s", [second])

        try:
            with connect(postgres_url) as connection:
                in_transaction(connection, work)
        except Exception as error:  # reported below: a thread's exception would be lost
            failures.append(error)

    threads = [threading.Thread(target=command, args=pair) for pair in (("a", "b"), ("b", "a"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sum(runs.values()) >= 3  # PostgreSQL broke the deadlock by failing one, which ran again
    with connect(postgres_url) as reader:
        assert reader.execute("SELECT id, stock FROM rewards WHERE id IN ('a', 'b') ORDER BY id").fetchall() == [
            ("a", 8),
            ("b", 8),
        ]


def cut_off(connection, postgres_url) -> None:
    """End the connection's session from the server's side, as a restart would."""
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [connection.info.backend_pid])


def test_a_connection_lost_during_the_work_is_one_line_saying_nothing_was_saved(db, postgres_url):
    def work(connection):
        connection.execute("UPDATE rewards SET stock = 0 WHERE id = 'mug'")
        cut_off(connection, postgres_url)
        connection.execute("SELECT 1")

    with pytest.raises(StoreUnusable) as raised:
        in_transaction(db, work)
    message = str(raised.value)
    assert message.startswith(f"The connection to the database {postgres_url.split('/')[3].split('?')[0]} was lost")
    assert message.endswith("Nothing of it was saved: run it again once the server is back.")
    assert len(message.splitlines()) == 1
    assert stock(db) == 10


def test_a_connection_lost_while_committing_says_the_outcome_is_unknown(db, postgres_url):
    with pytest.raises(StoreUnusable, match="It may or may not have been saved: look before running it again"):
        in_transaction(db, lambda connection: cut_off(connection, postgres_url))
