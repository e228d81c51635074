"""Persistence behind a small interface: `Store.transaction()` yields a `Transaction`.

TinyDB is the embedded default; the storages beneath it make each transaction one
locked read and one atomic write, with the settled archive in append-only logs.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from tinydb import TinyDB

from lesaitutte_cli.errors import StoreUnusable, UnreadableRecord
from lesaitutte_cli.store.archive import ARCHIVE_BATCH
from lesaitutte_cli.store.storage import JSONFileStorage, MemoryStorage
from lesaitutte_cli.store.transaction import Transaction

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterator

    from lesaitutte_cli.store.changes import Changes
    from lesaitutte_cli.store.storage import TransactionalStorage

__all__ = ["Store", "Transaction", "file_store", "memory_store"]


class Store:
    def __init__(
        self, storage: TransactionalStorage, changes: Callable[[], Changes], archive_batch: int = ARCHIVE_BATCH
    ) -> None:
        self._storage = storage
        self._archive_batch = archive_batch
        self.location = storage.location
        self._changes = changes

    @property
    def changes(self) -> Changes:
        """How a waiting command notices that someone else changed the store (built when first asked)."""
        return self._changes()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        try:
            with self._storage.transaction():
                yield Transaction(TinyDB(storage=lambda: self._storage), self.location, self._archive_batch)
        except UnreadableRecord as error:
            raise StoreUnusable(
                f"The store {self.location} is damaged: {error}. It was left untouched; "
                "restore the store and its logs together from one backup."
            ) from None


def file_store(
    path: str | os.PathLike, lock_timeout: float = 5.0, create_folder: bool = False, archive_batch: int = ARCHIVE_BATCH
) -> Store:
    storage = JSONFileStorage(path, lock_timeout, create_folder)
    return Store(storage, lambda: _changes().file_changes(storage.path), archive_batch)


def memory_store(archive_batch: int = ARCHIVE_BATCH) -> Store:
    storage = MemoryStorage()
    # Every commit saves a new copy of the tables, so the saved tables themselves mark the state.
    return Store(storage, lambda: _changes().Changes(lambda: storage._saved), archive_batch)


def _changes():
    import lesaitutte_cli.store.changes  # imported here: only the commands that wait use it

    return lesaitutte_cli.store.changes
