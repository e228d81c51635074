"""The throwaway cluster itself: only a socket, and a fresh database per test."""

import psycopg


def test_each_test_gets_its_own_migrated_database(postgres_cluster, postgres_url):
    with psycopg.connect(postgres_url) as connection:
        dbname = connection.info.dbname
        versions = connection.execute("SELECT version FROM lesaitutte_migrations").fetchall()
        settings = dict(
            connection.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'fsync')"
            ).fetchall()
        )
    assert dbname.startswith("test_")
    assert versions == [(1,)]
    assert settings == {"listen_addresses": "", "fsync": "off"}
    print(f"cluster started in {postgres_cluster.startup_seconds:.2f} s")
