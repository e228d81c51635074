"""A throwaway PostgreSQL server: initdb into a temporary folder, the server listening only on
a Unix socket there (no TCP at all), tuned for speed over durability.

Shared by the tests' cluster (tests/postgres_cluster.py, a pytest plugin) and the benchmark
(bench/cluster.py), so it imports nothing of pytest. initdb and the server refuse to run as
root: as root they run as the `postgres` OS account, in a folder that account owns. Clients
connect as the cluster's superuser role `postgres`, over the socket, without a password;
roles that are members of PASSWORD_ROLE must give their password (scram-sha-256), so the
wrong-password path can be tested for real.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

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
    extra_settings: str = ""  # appended to SETTINGS: a later line wins
    startup_seconds: float = 0.0
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def in_temporary_folder(cls, bindir: Path, prefix: str, extra_settings: str = "") -> Cluster:
        """A cluster (not started yet) in a new folder under /tmp: the postgres account must reach
        it, and a socket's path must stay under about 100 bytes."""
        as_postgres_account = os.geteuid() == 0
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        if as_postgres_account:
            shutil.chown(folder, "postgres", "postgres")
        return cls(bindir, folder, free_port(), as_postgres_account, extra_settings)

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
        # Its own process group: a Ctrl-C meant for the caller must not kill pg_ctl mid-stop.
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, start_new_session=True)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}{tail}")
        return result

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--no-sync", "-E", "UTF8", "--no-locale")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                SETTINGS + self.extra_settings + f"unix_socket_directories = '{self.folder}'\nport = {self.port}\n"
            )
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
