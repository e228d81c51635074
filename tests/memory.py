"""A file-engine store that lives as long as the process: for tests of everything above the file.

It runs the file engine's transactions (TinyDB tables, logs, archive) over memory instead
of a document and log files, with no lock: one process, one transaction at a time.
"""

from __future__ import annotations

import copy
from contextlib import AbstractContextManager, nullcontext

from lesaitutte_cli.store.changes import PolledChanges
from lesaitutte_cli.store.file import FileStore
from lesaitutte_cli.store.file.archive import ARCHIVE_BATCH
from lesaitutte_cli.store.file.logs import LogFiles
from lesaitutte_cli.store.file.storage import Tables, TransactionalStorage


def memory_store(archive_batch: int = ARCHIVE_BATCH) -> FileStore:
    storage = MemoryStorage()
    # Every commit saves a new copy of the tables, so the saved tables themselves mark the state.
    return FileStore(storage, lambda: PolledChanges(lambda: storage.saved), archive_batch)


class MemoryStorage(TransactionalStorage):
    """A store that lives as long as the process: for tests of everything above the file."""

    location = "memory"

    def __init__(self) -> None:
        super().__init__()
        self.saved: Tables = {}
        self._saved_logs = MemoryLogFiles()

    def verify_side_files(self) -> None:
        pass

    def _log_files(self) -> LogFiles:
        return self._saved_logs

    def _exclusive(self) -> AbstractContextManager[None]:
        return nullcontext()

    def _load(self) -> Tables:
        return copy.deepcopy(self.saved)

    def _save(self, tables: Tables) -> None:
        self.saved = copy.deepcopy(tables)


class MemoryLogFiles:
    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def read(self, name: str, start: int, end: int) -> bytes:
        return self._data.get(name, b"")[start:end]

    def line(self, name: str, offset: int) -> bytes:
        data = self._data[name]
        return data[offset : data.index(b"\n", offset)]

    def where(self, name: str) -> str:
        return f"the {name} log"

    def append(self, name: str, committed: int, data: bytes) -> None:
        self._data[name] = self._data.get(name, b"")[:committed] + data

    def verify(self, lengths: dict[str, int]) -> None:
        pass

    def cut_back(self, name: str, committed: int) -> None:
        self._data[name] = self._data.get(name, b"")[:committed]

    def close(self) -> None:
        pass
