"""A throwaway PostgreSQL cluster for the tests that need one (a pytest plugin).

Started once per test session, on first request: initdb into a temporary folder, then the
server listening only on a Unix socket in that folder (no TCP at all), tuned for speed
over durability. Each test gets a database of its own, copied from a template that is
already migrated, so a fresh database costs a file copy rather than a schema.

Where the server's binaries are missing the tests skip, saying so; with
LESAITUTTE_REQUIRE_POSTGRES=1 (CI) that is a failure instead, so the PostgreSQL engine
cannot go untested unnoticed.

initdb and the server refuse to run as root: a root test run starts them as the
`postgres` OS account, in a folder that account owns. Either way the tests connect as the
cluster's superuser role `postgres`, over the socket, without a password. Roles that are
members of PASSWORD_ROLE must give their password (scram-sha-256), so the wrong-password
path can be tested for real.
"""

from __future__ import annotations

import atexit
import os
import time

import pytest

from tests.postgres_server import TEMPLATE, Cluster, server_binaries


def _start_cluster() -> Cluster:
    bindir = server_binaries()
    if bindir is None:
        reason = "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: `pg_config --bindir` finds none"
        if os.environ.get("LESAITUTTE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}, and LESAITUTTE_REQUIRE_POSTGRES=1 requires them", pytrace=False)
        pytest.skip(reason)
    cluster = Cluster.in_temporary_folder(bindir, prefix="lesaitutte-pg-")
    # Stopped at exit too, should the session end without tearing its fixtures down.
    atexit.register(cluster.stop)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster


_session_clusters: list[Cluster] = []


def pytest_terminal_summary(terminalreporter):
    """Say what the cluster cost, so that a slow start shows."""
    for cluster in _session_clusters:
        terminalreporter.write_line(
            f"PostgreSQL test cluster ({cluster.bindir}): started and migrated in {cluster.startup_seconds:.1f} s"
        )


@pytest.fixture(scope="session")
def postgres_cluster():
    """The session's PostgreSQL cluster, with a migrated template database to copy."""
    started = time.monotonic()
    cluster = _start_cluster()
    try:
        from lesaitutte_cli.store.postgres.connection import connect
        from lesaitutte_cli.store.postgres.schema import migrate

        cluster.execute(f'CREATE DATABASE "{TEMPLATE}"')
        with connect(cluster.url(TEMPLATE)) as connection:
            migrate(connection)
        cluster.startup_seconds = time.monotonic() - started
        _session_clusters.append(cluster)
        yield cluster
    finally:
        cluster.stop()
        atexit.unregister(cluster.stop)


@pytest.fixture
def postgres_url(postgres_cluster):
    """The URL of a new database with the current schema, dropped after the test."""
    name = postgres_cluster.new_database()
    yield postgres_cluster.url(name)
    postgres_cluster.drop_database(name)


@pytest.fixture
def empty_postgres_url(postgres_cluster):
    """The URL of a new database with no schema at all, dropped after the test."""
    name = postgres_cluster.new_database(template="template1")
    yield postgres_cluster.url(name)
    postgres_cluster.drop_database(name)
