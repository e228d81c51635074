"""Where a community is kept: the engine Protocol (`engine.py`) and the one way to open a store.

`open_store` picks the engine from the location: a `postgresql://` URL the PostgreSQL
engine (`postgres/`), anything else a file path for the file engine (`file/`). Each engine
is imported only when a location asks for it, so the file engine never pays for psycopg.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lesaitutte_cli.store.engine import Store

__all__ = ["POSTGRES_SCHEMES", "open_store"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str, lock_timeout: float = 5.0, create_folder: bool = False) -> Store:
    """The store at `location`; nothing is read until its first transaction.

    `lock_timeout`: how long a command waits for another to finish with the store.
    `create_folder`: make the folders of a file path that are missing (for the default store).
    """
    if location.startswith(POSTGRES_SCHEMES):
        from lesaitutte_cli.store.postgres.engine import postgres_store  # psycopg is imported only here

        return postgres_store(location, lock_timeout)
    from lesaitutte_cli.store.file import file_store

    return file_store(location, lock_timeout, create_folder)
