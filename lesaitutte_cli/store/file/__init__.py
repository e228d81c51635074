"""The file engine: a community in one TinyDB JSON document, a lock file and append-only logs beside it.

The storages beneath TinyDB make each transaction one locked read and one atomic write
(`storage.py`, `locking.py`, `disk.py`); the settled history lives in logs (`logs.py`,
`archive.py`). `FileTransaction` answers the engine Protocol over them.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tinydb import TinyDB

from lesaitutte_cli.errors import StoreUnusable, UnreadableRecord
from lesaitutte_cli.language import N_
from lesaitutte_cli.store.file.archive import ARCHIVE_BATCH
from lesaitutte_cli.store.file.storage import JSONFileStorage
from lesaitutte_cli.store.file.transaction import FileTransaction

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from lesaitutte_cli.store.engine import Changes
    from lesaitutte_cli.store.file.storage import TransactionalStorage

__all__ = ["FileStore", "file_store"]


class FileStore:
    def __init__(
        self, storage: TransactionalStorage, changes: Callable[[], Changes], archive_batch: int = ARCHIVE_BATCH
    ) -> None:
        self._storage = storage
        self._archive_batch = archive_batch
        self._changes = changes

    @property
    def location(self) -> str:
        return self._storage.location

    @property
    def changes(self) -> Changes:
        # Built when first asked: only the commands that wait use it.
        return self._changes()

    def login_name(self) -> str | None:
        """The account of the process's real user id: nobody can change it without the account's
        rights (the environment's LOGNAME and USER anyone can set)."""
        import pwd  # imported here: only the login policy asks

        try:
            return pwd.getpwuid(os.getuid()).pw_name
        except KeyError:  # a user id with no account, as in some containers
            return None

    @contextmanager
    def transaction(self) -> Iterator[FileTransaction]:
        try:
            with self._storage.transaction():
                db = TinyDB(storage=lambda: self._storage)
                yield FileTransaction(db, self._storage, self._archive_batch)
        except UnreadableRecord as error:
            raise StoreUnusable(
                N_(
                    "The store {path} is damaged: {damage}. It was left untouched; "
                    "restore the store and its logs together from one backup."
                ),
                path=self.location,
                damage=error,
            ) from None


def file_store(
    path: str | os.PathLike[str],
    lock_timeout: float = 5.0,
    create_folder: bool = False,
    archive_batch: int = ARCHIVE_BATCH,
) -> FileStore:
    storage = JSONFileStorage(path, lock_timeout, create_folder)
    return FileStore(storage, lambda: _file_changes(storage.path), archive_batch)


def _file_changes(path: str) -> Changes:
    """The store changed when its file did: every commit replaces the file, so each one changes at least the inode."""
    from lesaitutte_cli.store.changes import PolledChanges  # imported here: only the commands that wait use it

    def state() -> object:
        try:
            info = os.stat(path)
        except OSError:
            return None  # gone or unreadable: the next transaction says why
        return info.st_ino, info.st_mtime_ns, info.st_size

    return PolledChanges(state)
