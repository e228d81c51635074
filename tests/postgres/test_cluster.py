"""The throwaway cluster itself: only a socket, and a fresh database per test."""

import psycopg
import pytest

from lesaitutte_cli.store.postgres.schema import known_migrations
from tests import postgres_cluster as postgres_cluster_plugin


def test_each_test_gets_its_own_migrated_database(postgres_url):
    with psycopg.connect(postgres_url) as connection:
        dbname = connection.info.dbname
        versions = connection.execute("SELECT version FROM lesaitutte_migrations").fetchall()
        settings = dict(
            connection.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'fsync')"
            ).fetchall()
        )
    assert dbname.startswith("test_")
    assert versions == [(migration.version,) for migration in known_migrations()]
    assert settings == {"listen_addresses": "", "fsync": "off"}


def test_without_the_server_binaries_the_tests_skip_saying_why(monkeypatch):
    monkeypatch.setattr(postgres_cluster_plugin, "server_binaries", lambda: None)
    monkeypatch.delenv("LESAITUTTE_REQUIRE_POSTGRES", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"initdb, pg_ctl\) are not installed"):
        postgres_cluster_plugin._start_cluster()


def test_where_postgres_is_required_missing_binaries_fail_the_tests(monkeypatch):
    monkeypatch.setattr(postgres_cluster_plugin, "server_binaries", lambda: None)
    monkeypatch.setenv("LESAITUTTE_REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="LESAITUTTE_REQUIRE_POSTGRES=1 requires them"):
        postgres_cluster_plugin._start_cluster()
