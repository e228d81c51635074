"""Connecting: a working URL gives a quiet connection; every failure is one line, no password."""

import psycopg
import pytest

from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.store.postgres.connection import connect
from tests.postgres_server import PASSWORD_ROLE

SECRET = "s3cret-Pa55"


def refusal(url: str) -> str:
    with pytest.raises(StoreUnusable) as raised:
        connect(url)
    message = str(raised.value)
    assert len(message.splitlines()) == 1
    assert SECRET not in message
    return message


def test_a_connection_is_outside_any_transaction_and_named(postgres_url):
    with connect(postgres_url) as connection:
        assert connection.autocommit is False
        assert connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        (name,) = connection.execute("SELECT current_setting('application_name')").fetchone()
    assert name == "lesaitutte"


def test_the_url_may_choose_its_own_application_name(postgres_url):
    with connect(postgres_url + "&application_name=nightly") as connection:
        (name,) = connection.execute("SELECT current_setting('application_name')").fetchone()
    assert name == "nightly"


def test_nothing_listening_says_where_and_to_start_the_server(postgres_cluster, tmp_path):
    message = refusal(f"postgresql://anna:{SECRET}@/community?host={tmp_path}&port=5999")
    assert f"database community as anna on the socket in {tmp_path}, port 5999" in message
    assert "No such file or directory" in message
    assert "start PostgreSQL" in message


def test_a_closed_tcp_port_says_connection_refused(postgres_cluster):
    message = refusal(f"postgresql://anna:{SECRET}@127.0.0.1:1/community")
    assert "at 127.0.0.1, port 1" in message
    assert "Connection refused" in message
    assert "start PostgreSQL" in message


def test_a_missing_database_says_how_to_create_it(postgres_cluster):
    message = refusal(postgres_cluster.url("no_such_community"))
    assert 'database "no_such_community" does not exist' in message
    assert message.endswith("Create the database with: createdb no_such_community")


def test_a_wrong_password_is_refused_without_showing_it(postgres_cluster):
    postgres_cluster.execute(f"CREATE ROLE marco LOGIN PASSWORD 'the-right-one' IN ROLE {PASSWORD_ROLE}")
    assert connect(postgres_cluster.url("postgres", user="marco", password="the-right-one")).close() is None

    message = refusal(postgres_cluster.url("postgres", user="marco", password=SECRET))
    assert 'password authentication failed for user "marco"' in message
    assert "check the one in --db, PGPASSWORD or PGPASSFILE" in message
    assert "the-right-one" not in message


def test_a_missing_password_says_where_to_give_one(postgres_cluster, monkeypatch):
    postgres_cluster.execute(f"CREATE ROLE paola LOGIN PASSWORD 'hers' IN ROLE {PASSWORD_ROLE}")
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    message = refusal(postgres_cluster.url("postgres", user="paola"))
    assert "The server wants a password for paola" in message


def test_an_unknown_role_says_how_to_create_it(postgres_cluster):
    message = refusal(postgres_cluster.url("postgres", user="nobody_here"))
    assert message.endswith("create it with: createuser nobody_here")


def test_an_unreadable_url_is_refused_without_echoing_its_password():
    message = refusal(f"postgresql://anna:{SECRET}@host/db?colour=blue")
    assert 'invalid URI query parameter: "colour"' in message
    assert "Write it as postgresql://USER@HOST/DBNAME" in message


def test_session_settings_come_with_the_connection_and_win_over_the_urls_options(postgres_url):
    url = f"{postgres_url}&options=-c%20TimeZone%3DEurope%2FRome%20-c%20work_mem%3D8MB"
    with connect(url, {"TimeZone": "UTC", "DateStyle": "SQL, DMY"}) as connection:
        settings = connection.execute(
            "SELECT current_setting('TimeZone'), current_setting('work_mem'), current_setting('DateStyle')"
        ).fetchone()
    assert settings == ("UTC", "8MB", "SQL, DMY")  # a value with a space arrives whole
