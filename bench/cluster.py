"""A throwaway PostgreSQL cluster for the benchmark: a small copy of tests/postgres_cluster.py's
start and stop (that one is a pytest plugin, and the benchmark does not need pytest).

initdb into a temporary folder, the server listening only on a Unix socket there, tuned for
speed over durability (as the tests' cluster). initdb and the server refuse to run as root: as
root they run as the `postgres` OS account, in a folder that account owns. The benchmark
connects as the cluster's superuser role `postgres`, over the socket, without a password.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"

SETTINGS = """
listen_addresses = ''
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
shared_buffers = 128MB
checkpoint_timeout = 1h
max_wal_size = 1GB
autovacuum = off
log_min_messages = warning
"""


def server_binaries() -> Path:
    """The folder of initdb and pg_ctl: where pg_config says, else on PATH, else Debian's place."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    versions = [folder for folder in Path("/usr/lib/postgresql").glob("*/bin") if folder.parent.name.isdigit()]
    candidates += sorted(versions, key=lambda folder: int(folder.parent.name), reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise SystemExit("--engine postgres needs PostgreSQL's server binaries (initdb, pg_ctl): none found")


class Cluster:
    """Started on entering, stopped (immediately, its folder removed) on leaving, also on Ctrl-C."""

    def __init__(self) -> None:
        self.bindir = server_binaries()
        self.as_postgres_account = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="lesaitutte-bench-pg-"))  # a socket path stays short
        if self.as_postgres_account:
            shutil.chown(self.folder, "postgres", "postgres")
        with socket.socket() as probe:  # the socket file's name carries a port number
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def __enter__(self) -> Cluster:
        try:
            self.run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--no-sync", "-E", "UTF8", "--no-locale")
            with open(self.data / "postgresql.conf", "a") as conf:
                conf.write(SETTINGS + f"unix_socket_directories = '{self.folder}'\nport = {self.port}\n")
            (self.data / "pg_hba.conf").write_text("local all all trust\n")
            self.run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.folder / "server.log"))
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "stop", "-m", "immediate", "-w", "-D", str(self.data))
        shutil.rmtree(self.folder, ignore_errors=True)

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_postgres_account:
            command = ["runuser", "-u", "postgres", "--", *command]
        # Its own process group: a Ctrl-C meant for the benchmark must not kill pg_ctl mid-stop.
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, start_new_session=True)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise SystemExit(f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}{tail}")

    def url(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@/{quote(dbname, safe='')}?host={self.folder}&port={self.port}"

    def execute(self, sql: str) -> None:
        """One statement as the superuser, outside any transaction (as CREATE DATABASE needs)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(sql)

    def create(self, name: str, template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`); its URL."""
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
