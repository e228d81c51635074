"""The rules the schema holds by itself, whatever a command (or a person with psql) does."""

import select
import threading
import time

import psycopg
import pytest
from psycopg import errors

from lesaitutte_cli.store.postgres.connection import connect
from lesaitutte_cli.store.postgres.queries import query

NOW = "2026-11-26T10:00:00Z"


@pytest.fixture
def db(postgres_url):
    """A connection to a database with three users, one open question and a reward."""
    with connect(postgres_url) as connection:
        for statement in (
            "INSERT INTO users (name, registered_at, roles) VALUES"
            " ('anna', %(now)s, '{member}'), ('Marco', %(now)s, '{member}'), ('ada', %(now)s, '{member,admin}')",
            "INSERT INTO certifications (user_name, category, granted_at) VALUES ('Marco', 'phones', %(now)s)",
            "INSERT INTO questions (category, text, asker, created_at) VALUES ('phones', 'IMEI?', 'anna', %(now)s)",
            "INSERT INTO rewards (id, title, cost, stock) VALUES ('topup-5', '5 EUR top-up', 5, 1)",
        ):
            connection.execute(statement, {"now": NOW})
        connection.commit()
        yield connection


def refused(connection, sql: str, params=None) -> type[Exception]:
    """The error class of a statement the database refuses (and the transaction rolled back)."""
    with pytest.raises(psycopg.Error) as raised:
        connection.execute(sql, params)
    connection.rollback()
    return type(raised.value)


def adjust(connection, user: str, amount: int) -> None:
    connection.execute(
        "INSERT INTO ledger (user_name, amount, kind, at, adjusted_by) VALUES (%s, %s, 'adjusted', %s, 'ada')",
        [user, amount, NOW],
    )


def claim_sql(question_id: int, expert: str) -> tuple[str, list]:
    return (
        "UPDATE questions SET status = 'claimed', claimed_by = %s, claimed_at = %s,"
        " claim_deadline = %s::timestamptz + interval '2 hours' WHERE id = %s",
        [expert, NOW, NOW, question_id],
    )


def claim(connection, question_id: int, expert: str) -> None:
    connection.execute(*claim_sql(question_id, expert))


def test_user_names_are_unique_without_regard_to_case(db):
    assert refused(db, "INSERT INTO users (name, registered_at) VALUES ('marco', %s)", [NOW]) is errors.UniqueViolation


def test_an_expert_holds_one_live_claim_at_a_time(db):
    db.execute("INSERT INTO questions (category, text, asker, created_at) VALUES ('phones', 'APN?', 'anna', %s)", [NOW])
    claim(db, 1, "Marco")
    db.commit()
    assert refused(db, *claim_sql(2, "Marco")) is errors.UniqueViolation
    # Once answered, the claim is no longer live and another may be taken.
    db.execute(
        "UPDATE questions SET status = 'answered', claim_deadline = NULL, answered_by = 'Marco',"
        " answer = '*#06#', answered_at = %s WHERE id = 1",
        [NOW],
    )
    claim(db, 2, "Marco")
    db.commit()


def test_a_question_has_one_answer_and_states_that_fit(db):
    assert refused(db, "UPDATE questions SET status = 'answered' WHERE id = 1") is errors.CheckViolation
    assert refused(db, "UPDATE questions SET status = 'lost' WHERE id = 1") is errors.CheckViolation
    assert refused(db, *claim_sql(1, "anna")) is errors.CheckViolation  # never one's own question
    assert refused(db, "UPDATE questions SET claimed_by = 'Marco' WHERE id = 1") is errors.CheckViolation
    assert refused(db, "UPDATE questions SET rating = 'up', rated_at = now() WHERE id = 1") is errors.CheckViolation


def test_records_point_at_what_exists(db):
    insert = "INSERT INTO questions (category, text, asker, created_at) VALUES (%s, 'x', %s, %s)"
    assert refused(db, insert, ["cooking", "anna", NOW]) is errors.ForeignKeyViolation
    assert refused(db, insert, ["phones", "nobody", NOW]) is errors.ForeignKeyViolation


def test_balances_follow_the_ledger_and_never_go_below_zero(db):
    adjust(db, "anna", 5)
    adjust(db, "anna", -3)
    db.commit()
    assert db.execute("SELECT balance, earned FROM balances WHERE user_name = 'anna'").fetchone() == (2, 0)
    with pytest.raises(errors.CheckViolation):
        adjust(db, "anna", -3)
    db.rollback()
    assert db.execute("SELECT balance FROM balances WHERE user_name = 'anna'").fetchone() == (2,)


def test_points_earned_count_the_earning_kinds(db):
    db.execute(
        "INSERT INTO ledger (user_name, amount, kind, at, question_id) VALUES"
        " ('Marco', 1, 'earned', %(now)s, 1), ('Marco', 4, 'bounty_paid', %(now)s, 1), ('Marco', 2, 'bounty_refunded', %(now)s, 1)",
        {"now": NOW},
    )
    db.commit()
    assert db.execute("SELECT balance, earned FROM balances WHERE user_name = 'Marco'").fetchone() == (7, 5)


def test_ledger_entries_carry_their_sign_and_cause_and_are_never_changed(db):
    adjust(db, "anna", 5)
    db.commit()
    earned_without_question = "INSERT INTO ledger (user_name, amount, kind, at) VALUES ('Marco', 1, 'earned', %s)"
    assert refused(db, earned_without_question, [NOW]) is errors.CheckViolation
    negative_earning = (
        "INSERT INTO ledger (user_name, amount, kind, at, question_id) VALUES ('Marco', -1, 'earned', %s, 1)"
    )
    assert refused(db, negative_earning, [NOW]) is errors.CheckViolation
    assert refused(db, "UPDATE ledger SET amount = 500") is errors.RestrictViolation
    assert refused(db, "DELETE FROM ledger") is errors.RestrictViolation


def test_two_commands_spending_the_last_points_at_once_one_wins(db, postgres_url):
    adjust(db, "anna", 5)
    db.commit()
    outcome = []

    def other_command():
        with connect(postgres_url) as other:
            try:
                adjust(other, "anna", -5)
                other.commit()
                outcome.append("committed")
            except errors.CheckViolation:
                outcome.append("refused")

    adjust(db, "anna", -5)  # holds the balance row until it commits
    racer = threading.Thread(target=other_command)
    racer.start()
    wait_until_blocked(db)
    db.commit()
    racer.join()
    assert outcome == ["refused"]
    assert db.execute("SELECT balance FROM balances WHERE user_name = 'anna'").fetchone() == (0,)


def wait_until_blocked(connection, timeout: float = 10) -> None:
    """Until another session of this database waits on a lock (the one `connection` holds)."""
    with connect(connection.info.dsn) as watcher:
        watcher.autocommit = True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.01)
    raise AssertionError("the other session never waited on the lock")


def test_stock_never_goes_below_zero_and_vouchers_are_unique(db):
    assert refused(db, "UPDATE rewards SET stock = stock - 2") is errors.CheckViolation
    redeem = "INSERT INTO redemptions (user_name, reward, title, cost, voucher, at) VALUES ('anna', 'topup-5', 't', 5, %s, %s)"
    db.execute(redeem, ["V-1", NOW])
    db.commit()
    assert refused(db, redeem, ["V-1", NOW]) is errors.UniqueViolation
    # A reward that was redeemed stays, retired: its redemptions must stay readable.
    assert refused(db, "DELETE FROM rewards WHERE id = 'topup-5'") is errors.ForeignKeyViolation


def test_search_finds_the_terms_the_engine_wrote(db):
    db.execute(
        "INSERT INTO questions (category, text, asker, created_at, status, claimed_by, claimed_at,"
        " answered_by, answer, answered_at, search_terms) VALUES"
        " ('phones', 'Come attivo la segreteria?', 'anna', %(now)s, 'answered', 'Marco', %(now)s, 'Marco',"
        "  'Chiama il 4133', %(now)s, 'come attivo la segreteria chiama il 4133'),"
        " ('phones', 'Il telefono non si accende', 'anna', %(now)s, 'answered', 'Marco', %(now)s, 'Marco',"
        "  'Carica la batteria', %(now)s, 'il telefono non si accende carica la batteria')",
        {"now": NOW},
    )
    found = db.execute(
        "SELECT id FROM questions WHERE search @@ to_tsquery('simple', %s) ORDER BY id", ["segreteria | batteria"]
    ).fetchall()
    assert found == [(2,), (3,)]


def test_a_question_becoming_open_is_announced_with_its_category(db, postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as listener:
        listener.execute(query("listen_for_open_questions"))
        db.execute(
            "INSERT INTO questions (category, text, asker, created_at) VALUES ('internet', 'APN?', 'anna', %s)", [NOW]
        )
        claim(db, 1, "Marco")
        assert notifications(listener) == []  # nothing until the transaction commits
        db.commit()
        assert notifications(listener) == ["internet"]
        db.execute(
            "UPDATE questions SET status = 'open', claimed_by = NULL, claimed_at = NULL, claim_deadline = NULL WHERE id = 1"
        )
        db.commit()
        assert notifications(listener) == ["phones"]


def notifications(listener, wait: float = 0.5) -> list[str]:
    select.select([listener.fileno()], [], [], wait)
    return [notify.payload for notify in listener.notifies(timeout=0.05)]
