"""The benchmark's throwaway PostgreSQL cluster: the tests' server (tests/postgres_server.py,
which needs no pytest) started on entering and stopped, its folder removed, on leaving, also on
Ctrl-C. The benchmark connects as the cluster's superuser role, over the socket."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.postgres_server import Cluster as Server  # noqa: E402
from tests.postgres_server import server_binaries as find_server_binaries  # noqa: E402

# More memory than the tests' many small databases need: the benchmark's stores are large.
BENCH_SETTINGS = "shared_buffers = 128MB\n"


def server_binaries() -> Path:
    """The folder of initdb and pg_ctl; the benchmark stops when there is none."""
    bindir = find_server_binaries()
    if bindir is None:
        raise SystemExit("--engine postgres needs PostgreSQL's server binaries (initdb, pg_ctl): none found")
    return bindir


class Cluster:
    def __init__(self) -> None:
        self.server = Server.in_temporary_folder(server_binaries(), "lesaitutte-bench-pg-", BENCH_SETTINGS)

    def __enter__(self) -> Cluster:
        try:
            self.server.start()
        except RuntimeError as failed:
            self.server.stop()
            raise SystemExit(str(failed)) from None
        except BaseException:
            self.server.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    def url(self, dbname: str) -> str:
        return self.server.url(dbname)

    def create(self, name: str, template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`); its URL."""
        self.server.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop(self, name: str) -> None:
        self.server.drop_database(name)
