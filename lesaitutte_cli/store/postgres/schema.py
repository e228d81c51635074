"""Bringing a database to the schema this package knows, one numbered migration at a time.

Each migrations/NNNN_what_it_does.sql is one step; a database records the steps it has had
in lesaitutte_migrations. Every command checks the version first (one query, one round trip,
outside any transaction), and only a database that is not known to be current takes the lock
and migrates, in one transaction: a failed step leaves the database as it was.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import psycopg

from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.language import N_
from lesaitutte_cli.store.postgres.queries import query

if TYPE_CHECKING:
    from psycopg import Connection

_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@functools.cache
def known_migrations() -> tuple[Migration, ...]:
    """The migrations shipped with this package, in order; their versions run 1, 2, 3... with no gap."""
    found = []
    for entry in files(__package__).joinpath("migrations").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"the shipped migrations are numbered {versions}, not 1 to {len(found)}")
    return tuple(found)


def latest_version() -> int:
    return known_migrations()[-1].version


def migrate(connection: Connection) -> list[int]:
    """Apply the migrations this database has not had yet; the versions applied, oldest first.

    Raises StoreUnusable for a database set up by a newer lesaitutte, for one that holds
    tables of something else, and when the connecting role may not create the tables.
    """
    latest = latest_version()
    if _current_version(connection) == latest:
        return []
    try:
        with connection.transaction():
            if _schema_version(connection) == latest:
                return []
            connection.execute(query("lock_migrations"))
            # Read again under the lock: another command may have migrated in the meantime.
            current = _schema_version(connection)
            if current == 0 and not _has_migrations_table(connection) and _tables_in_schema(connection):
                raise StoreUnusable(
                    N_(
                        "The database {dbname} holds tables but was not set up by lesaitutte; "
                        "it was left untouched. Create a database of its own with: createdb NAME"
                    ),
                    dbname=connection.info.dbname,
                )
            connection.execute(query("create_migrations_table"))
            applied = []
            for migration in known_migrations()[current:]:
                connection.execute(migration.sql)
                connection.execute(query("record_migration"), {"version": migration.version, "name": migration.name})
                applied.append(migration.version)
            return applied
    except psycopg.errors.InsufficientPrivilege:
        info = connection.info
        raise StoreUnusable(
            N_(
                "{user} may not create lesaitutte's tables in the database {dbname}. "
                "Set it up once as the database's owner: lesaitutte --db URL-OF-THE-OWNER check"
            ),
            user=info.user,
            dbname=info.dbname,
        ) from None


def _current_version(connection: Connection) -> int | None:
    """The newest migration applied, asked in one statement outside any transaction (a BEGIN and a
    COMMIT around it would cost two more round trips at every command); None for a database
    without the migrations table."""
    connection.autocommit = True
    try:
        version: int = _first_column(connection, "schema_version")
        return version
    except psycopg.errors.UndefinedTable:
        return None
    finally:
        connection.autocommit = False


def _schema_version(connection: Connection) -> int:
    """The database's schema version (0 for one never set up); refused if newer than ours."""
    if not _has_migrations_table(connection):
        return 0
    version: int = _first_column(connection, "schema_version")
    if version > latest_version():
        raise StoreUnusable(
            N_(
                "The database {dbname} was set up by a newer lesaitutte (schema {version}; "
                "this one knows up to {latest}). Upgrade lesaitutte-cli to use it."
            ),
            dbname=connection.info.dbname,
            version=version,
            latest=latest_version(),
        )
    return version


def _has_migrations_table(connection: Connection) -> bool:
    exists: bool = _first_column(connection, "migrations_table_exists")
    return exists


def _tables_in_schema(connection: Connection) -> int:
    count: int = _first_column(connection, "tables_in_schema")
    return count


def _first_column(connection: Connection, name: str) -> Any:
    """The first column of the one row that the named query always returns."""
    row = connection.execute(query(name)).fetchone()
    assert row is not None, f"the query {name} returned no row"
    return row[0]
