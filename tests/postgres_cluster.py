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
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

SUPERUSER = "postgres"
PASSWORD_ROLE = "password_login"  # members of this role must give a password
TEMPLATE = "lesaitutte_template"

# Durability is worth nothing in a cluster thrown away after the tests.
SETTINGS = """
listen_addresses = ''
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_connections = 200
shared_buffers = 32MB
checkpoint_timeout = 1h
max_wal_size = 1GB
autovacuum = off
deadlock_timeout = 100ms
password_encryption = 'scram-sha-256'
log_min_messages = warning
"""

HBA = f"""
local all +{PASSWORD_ROLE} scram-sha-256
local all all trust
"""


def server_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: where pg_config says, else on PATH, else Debian's place."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).resolve().parent)
    # Debian keeps the server's programs off PATH, one folder per major version.
    versions = [folder for folder in Path("/usr/lib/postgresql").glob("*/bin") if folder.parent.name.isdigit()]
    candidates += sorted(versions, key=lambda folder: int(folder.parent.name), reverse=True)
    return next(
        (folder for folder in candidates if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file()), None
    )


def free_port() -> int:
    """A port number no TCP server uses: the socket file's name carries it, and tools show it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    bindir: Path
    folder: Path
    port: int
    as_postgres_account: bool
    startup_seconds: float = 0.0
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password is not None else "")
        return f"postgresql://{credentials}@/{quote(dbname, safe='')}?host={self.folder}&port={self.port}"

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bindir / program), *args]
        if self.as_postgres_account:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}{tail}")
        return result

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--no-sync", "-E", "UTF8", "--no-locale")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(SETTINGS + f"unix_socket_directories = '{self.folder}'\nport = {self.port}\n")
        (self.data / "pg_hba.conf").write_text(HBA)
        self.run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.folder / "server.log"))
        self.execute(f"CREATE ROLE {PASSWORD_ROLE} NOLOGIN")

    def stop(self) -> None:
        # Immediate: nothing in this cluster needs to survive, so skip the shutdown checkpoint.
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "stop", "-m", "immediate", "-w", "-D", str(self.data))
        shutil.rmtree(self.folder, ignore_errors=True)

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """Run one statement as the superuser, outside any transaction (as CREATE DATABASE needs)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as connection:
            connection.execute(sql)

    def new_database(self, template: str = TEMPLATE) -> str:
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start_cluster() -> Cluster:
    bindir = server_binaries()
    if bindir is None:
        reason = "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: `pg_config --bindir` finds none"
        if os.environ.get("LESAITUTTE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}, and LESAITUTTE_REQUIRE_POSTGRES=1 requires them", pytrace=False)
        pytest.skip(reason)
    as_postgres_account = os.geteuid() == 0
    # Under /tmp, not pytest's tmp_path: the postgres account must reach it, and a socket's
    # path must stay under about 100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="lesaitutte-pg-"))
    if as_postgres_account:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(bindir, folder, free_port(), as_postgres_account)
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
