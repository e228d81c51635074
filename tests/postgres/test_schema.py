"""Migrations: applied from nothing, once, under a lock; a newer or foreign database is refused."""

import threading

import psycopg
import pytest

from lesaitutte_cli.domain.model import DEFAULT_CATEGORIES
from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.store.postgres.connection import connect
from lesaitutte_cli.store.postgres.schema import known_migrations, latest_version, migrate

TABLES = {
    "settings",
    "categories",
    "users",
    "certifications",
    "questions",
    "expired_claims",
    "question_events",
    "rewards",
    "redemptions",
    "ledger",
    "balances",
    "exam_banks",
    "exam_questions",
    "exam_attempts",
    "exam_answers",
    "certification_changes",
    "lesaitutte_migrations",
}


def tables(connection) -> set[str]:
    rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
    return {name for (name,) in rows}


def test_the_shipped_migrations_are_numbered_from_one_without_gaps():
    versions = [migration.version for migration in known_migrations()]
    assert versions == list(range(1, latest_version() + 1))
    assert known_migrations()[0].name == "initial"


def test_an_empty_database_gets_every_migration_then_none_again(empty_postgres_url):
    with connect(empty_postgres_url) as connection:
        assert migrate(connection) == list(range(1, latest_version() + 1))
        # Committed, so that the command's own transaction starts afresh.
        assert connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert tables(connection) == TABLES
        connection.rollback()
        assert migrate(connection) == []
        recorded = connection.execute("SELECT version, name FROM lesaitutte_migrations ORDER BY version").fetchall()
    assert recorded == [(migration.version, migration.name) for migration in known_migrations()]


def test_a_new_database_starts_with_the_default_categories_and_settings(postgres_url):
    with connect(postgres_url) as connection:
        categories = connection.execute("SELECT id, title FROM categories ORDER BY id").fetchall()
        settings = connection.execute(
            "SELECT identity, pair_points_per_day, certification_months FROM settings"
        ).fetchall()
    assert categories == sorted((category.id, category.title) for category in DEFAULT_CATEGORIES)
    assert settings == [("trust", 3, 0)]


def test_a_database_from_a_newer_lesaitutte_is_refused_and_left_alone(postgres_url):
    newer = latest_version() + 1
    with connect(postgres_url) as connection:
        connection.execute("INSERT INTO lesaitutte_migrations (version, name) VALUES (%s, 'from_the_future')", [newer])
        connection.commit()
        with pytest.raises(StoreUnusable) as raised:
            migrate(connection)
        (version,) = connection.execute("SELECT max(version) FROM lesaitutte_migrations").fetchone()
    assert f"was set up by a newer lesaitutte (schema {newer}; this one knows up to {latest_version()})" in str(
        raised.value
    )
    assert str(raised.value).endswith("Upgrade lesaitutte-cli to use it.")
    assert version == newer


def test_a_database_holding_other_tables_is_left_untouched(empty_postgres_url):
    with connect(empty_postgres_url) as connection:
        connection.execute("CREATE TABLE invoices (id integer)")
        connection.commit()
        with pytest.raises(StoreUnusable, match="holds tables but was not set up by lesaitutte; it was left untouched"):
            migrate(connection)
        assert tables(connection) == {"invoices"}


def test_a_role_that_may_not_create_tables_is_told_to_set_up_as_the_owner(postgres_cluster, empty_postgres_url):
    postgres_cluster.execute("CREATE ROLE visitor LOGIN")
    dbname = empty_postgres_url.split("/")[3].split("?")[0]
    with connect(postgres_cluster.url(dbname, user="visitor")) as connection:
        with pytest.raises(StoreUnusable, match=f"visitor may not create lesaitutte's tables in the database {dbname}"):
            migrate(connection)
        assert tables(connection) == set()


def test_commands_starting_together_on_a_new_database_migrate_it_once(empty_postgres_url):
    applied, failures = [], []
    start = threading.Barrier(4)

    def first_command():
        try:
            with connect(empty_postgres_url) as connection:
                start.wait()
                applied.append(migrate(connection))
        except Exception as error:  # reported below: a thread's exception would be lost
            failures.append(error)

    threads = [threading.Thread(target=first_command) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(applied) == [[], [], [], list(range(1, latest_version() + 1))]


def test_a_database_with_answers_from_migration_one_searches_as_before_then_reads_italian(empty_postgres_url):
    from dataclasses import replace

    from lesaitutte_cli.store import open_store
    from lesaitutte_cli.store.postgres.queries import query

    first = known_migrations()[0]
    with connect(empty_postgres_url) as connection:  # a database as lesaitutte left it before migration 2
        connection.execute(query("create_migrations_table"))
        connection.execute(first.sql)
        connection.execute(query("record_migration"), {"version": first.version, "name": first.name})
        connection.execute("INSERT INTO users (name, registered_at) VALUES ('anna', now()), ('marco', now())")
        connection.execute(
            "INSERT INTO questions (category, text, asker, created_at, status, claimed_by, claimed_at,"
            " answered_by, answer, answered_at, search_terms) VALUES"
            " ('tariffs', 'Le offerte per il roaming?', 'anna', now(), 'answered', 'marco', now(), 'marco',"
            "  'Da 5 euro.', now(), 'le offerte per il roaming 5 euro')"
        )
        connection.commit()
    store = open_store(empty_postgres_url)
    with store.transaction() as tx:  # migrates
        assert tx.settings().language == "en"
        assert [hit.question.id for hit in tx.search("offerte")] == [1]  # its terms as they were written
        assert list(tx.search("offerta")) == []
    with store.transaction() as tx:
        tx.save_settings(replace(tx.settings(), language="en"))
        tx.reindex_search()  # read again: clearly Italian
    with store.transaction() as tx:
        assert [hit.question.id for hit in tx.search("offerta")] == [1]
    with connect(empty_postgres_url) as connection:
        assert connection.execute("SELECT max(version) FROM lesaitutte_migrations").fetchone() == (latest_version(),)
        assert connection.execute("SELECT search_language, search_terms FROM questions").fetchone() == (
            "it",
            "offert roaming 5 eur",
        )
