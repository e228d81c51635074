"""Where the store's document lives: one read and at most one write per transaction.

These are TinyDB storages, so TinyDB's tables work on top of them unchanged, but unlike
TinyDB's own JSONStorage (which rewrites its file in place, unlocked, on every change)
they load the document once under an exclusive lock, let TinyDB change it in memory,
and write it back once, atomically, when the transaction ends without an error.
"""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from tinydb.storages import Storage

from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.language import N_, Phrase
from lesaitutte_cli.store.file import codec
from lesaitutte_cli.store.file.disk import not_regular, open_regular, require_regular_if_present, write_all
from lesaitutte_cli.store.file.locking import exclusive_lock
from lesaitutte_cli.store.file.logs import Logs

if TYPE_CHECKING:
    from collections.abc import Iterator
    from contextlib import AbstractContextManager as ContextManager

    from lesaitutte_cli.store.file.locking import HeldLock
    from lesaitutte_cli.store.file.logs import LogFiles

Tables = dict[str, dict[str, Any]]

# Where a file store keeps its identity, so a swapped or deleted store is noticed.
STORE_TABLE = "_store"


class TransactionalStorage(Storage):
    location: str

    def __init__(self) -> None:
        self._tables: Tables | None = None
        self._changed = False
        self.logs: Logs | None = None

    def read(self) -> Tables | None:
        return self._tables

    def write(self, data: Tables) -> None:
        self._tables = data
        self._changed = True

    def checkpoint(self) -> None:
        """Write what changed so far, still inside the transaction and under its lock."""
        if self._changed:
            self._commit()
            self._changed = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._exclusive() as self._lock:
            self._tables = self._load()
            self._changed = False
            self.logs = Logs(self._tables, self._log_files(), self.mark_changed)
            try:
                yield
                if self._changed:
                    self._commit()
            finally:
                self.logs.close()
                self._tables = None
                self._lock = None
                self.logs = None
                codec.thaw()

    def current_logs(self) -> Logs:
        """The logs of the transaction under way."""
        if self.logs is None:
            raise RuntimeError("the store's logs are read inside a transaction")
        return self.logs

    def records(self, table: str) -> dict[str, Any]:
        """A table of the transaction's document as stored, its records by id (as text).

        For reading and changing a large table in place: TinyDB copies every record into a
        Document on each scan, and rebuilds the whole table twice on each change. Whoever
        changes it says so with `mark_changed`.
        """
        if self._tables is None:
            raise RuntimeError("the store's tables are read inside a transaction")
        return self._tables.setdefault(table, {})

    def mark_changed(self) -> None:
        self._changed = True

    @property
    def changed(self) -> bool:
        return self._changed

    def _commit(self) -> None:
        self.verify_side_files()
        logs = self.current_logs()
        # The logs first: the document that counts their records is the commit.
        appended = logs.commit()
        try:
            self._save(self._tables or {})
        except BaseException:
            logs.cut_back(appended)
            raise

    def verify_side_files(self) -> None:
        """Refuse to write unless the document and every log it counts are as it left them."""
        raise NotImplementedError

    def _exclusive(self) -> ContextManager[Any]:
        raise NotImplementedError

    def _load(self) -> Tables:
        raise NotImplementedError

    def _save(self, tables: Tables) -> None:
        raise NotImplementedError

    def _log_files(self) -> LogFiles:
        raise NotImplementedError


class JSONFileStorage(TransactionalStorage):
    """A JSON file replaced atomically, guarded by a lock file beside it."""

    def __init__(self, path: str | os.PathLike, lock_timeout: float, create_folder: bool = False) -> None:
        super().__init__()
        # Plain strings and os.path: pathlib would cost every command a few milliseconds to import.
        path = self.path = os.fspath(path)
        self.create_folder = create_folder
        self.location = str(path)
        self.lock_path = path + ".lock"
        self.lock_timeout = lock_timeout
        self._large = False  # whether the document read was large enough for orjson
        self._found: os.stat_result | None = None  # the document as this transaction read it

    def _exclusive(self) -> ContextManager[HeldLock]:
        if self.create_folder:
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        # Before the lock file is made beside it: `--db /dev/null` must not create /dev/null.lock.
        require_regular_if_present(self.path)
        return exclusive_lock(self.lock_path, self.lock_timeout)

    def verify_side_files(self) -> None:
        if self._found is not None and not _writable(self.path, self._found):
            raise StoreUnusable(
                N_(
                    "The store {path} is read-only (mode {mode:o}), so nothing was changed. To allow changes: chmod u+w {path}"
                ),
                path=self.path,
                mode=self._found.st_mode & 0o777,
            )
        self.current_logs().verify()

    def _load(self) -> Tables:
        expected = self._lock.store_id
        self._found = None
        try:
            fd = open_regular(self.path, os.O_RDONLY)
            with os.fdopen(fd, "rb") as stream:
                self._found = os.fstat(fd)
                raw = stream.read()
        except FileNotFoundError:
            if expected is not None:
                raise StoreUnusable(
                    N_(
                        "The store {path} is gone, though {lock} shows it was here. "
                        "Restore it from a backup; or, to start a new store there, delete {lock}."
                    ),
                    path=self.path,
                    lock=self.lock_path,
                ) from None
            return {}
        except OSError as error:
            raise StoreUnusable(
                N_("Cannot read the store {path}: {reason}. Check its permissions."),
                path=self.path,
                reason=error.strerror,
            ) from None
        try:
            tables = codec.loads(raw)
        except ValueError as error:
            raise StoreUnusable(
                N_(
                    "The store {path} is corrupt ({reason}); it was left untouched. "
                    "Restore it from a backup, or use another file with --db."
                ),
                path=self.path,
                reason=str(error),
            ) from None
        if not isinstance(tables, dict) or not all(isinstance(table, dict) for table in tables.values()):
            raise StoreUnusable(
                N_("{path} is not a lesaitutte store; it was left untouched. Use another file with --db."),
                path=self.path,
            )
        found = _store_id(tables)
        if expected is not None and found is not None and found != expected:
            raise StoreUnusable(
                N_(
                    "{path} is another store than the one that was here; it was left untouched. "
                    "Put the right file back; or, if the swap was meant, delete {lock}."
                ),
                path=self.path,
                lock=self.lock_path,
            )
        self._large = len(raw) > codec.LARGE
        return tables

    def _save(self, tables: Tables) -> None:
        store_id = _store_id(tables) or self._lock.store_id or os.urandom(8).hex()
        tables[STORE_TABLE] = {"1": {"id": store_id}}
        payload = codec.dumps(tables, large=self._large)
        try:
            _replace_atomically(self.path, payload)
        except OSError as error:
            raise StoreUnusable(
                N_(
                    "Could not write the store {path}: {reason}. Nothing was changed; "
                    "free some space or fix the permissions, then try again."
                ),
                path=self.path,
                reason=error.strerror,
            ) from None
        self._lock.record_store_id(store_id)

    def _log_files(self) -> LogFiles:
        return FileLogFiles(self.path)


class FileLogFiles:
    """The logs of a file store: `STORE.NAME.log` beside it, with the store's mode and group."""

    def __init__(self, store: str) -> None:
        self.store = store
        self._readers: dict[str, int] = {}  # kept open for the transaction: a lookup may read many records

    def path(self, name: str) -> str:
        return f"{self.store}.{name}.log"

    def where(self, name: str) -> Phrase:
        return Phrase(N_("the store's log {path}"), path=self.path(name))

    def read(self, name: str, start: int, end: int) -> bytes:
        if end <= start:
            return b""
        data = os.pread(self._reader(name), end - start, start)
        if len(data) < end - start:
            raise self._damaged(name)
        return data

    def line(self, name: str, offset: int) -> bytes:
        fd, data = self._reader(name), b""
        while b"\n" not in data:
            chunk = os.pread(fd, 4096, offset + len(data))
            if not chunk:
                raise self._damaged(name)
            data += chunk
        return data[: data.index(b"\n")]

    def close(self) -> None:
        for fd in self._readers.values():
            os.close(fd)
        self._readers.clear()

    def _reader(self, name: str) -> int:
        if name not in self._readers:
            try:
                self._readers[name] = open_regular(self.path(name), os.O_RDONLY)
            except FileNotFoundError:
                raise self._damaged(name) from None
        return self._readers[name]

    def append(self, name: str, committed: int, data: bytes) -> None:
        try:
            with self._open(name, os.O_RDWR | os.O_CREAT) as fd:
                size = os.fstat(fd).st_size
                if size < committed:
                    raise self._damaged(name)
                if size == 0:
                    os.fchmod(fd, self._mode())  # as the store is shared, so are its logs, whatever the umask
                # Bytes past the committed length come from a writer that died before its commit.
                os.ftruncate(fd, committed)
                write_all(fd, data, committed)
                os.fsync(fd)
        except OSError as error:
            raise StoreUnusable(
                N_(
                    "Could not write the store's log {path}: {reason}. Nothing was changed; "
                    "free some space or fix the permissions, then try again."
                ),
                path=self.path(name),
                reason=error.strerror,
            ) from None

    def verify(self, lengths: dict[str, int]) -> None:
        """Each log is a regular file at least as long as the document counts: one lstat each, nothing read."""
        for name, length in lengths.items():
            try:
                found = os.lstat(self.path(name))
            except FileNotFoundError:
                raise self._damaged(name) from None
            if not stat.S_ISREG(found.st_mode):
                raise not_regular(self.path(name), found.st_mode)
            if found.st_size < length:
                raise self._damaged(name)

    def cut_back(self, name: str, committed: int) -> None:
        """Undo an append that the document will not count, so the store stays byte for byte as it was."""
        with suppress(OSError, StoreUnusable):
            if committed == 0:
                os.unlink(self.path(name))  # no document ever counted this log
            else:
                fd = open_regular(self.path(name), os.O_WRONLY)
                try:
                    os.ftruncate(fd, committed)
                finally:
                    os.close(fd)

    @contextmanager
    def _open(self, name: str, flags: int) -> Iterator[int]:
        try:
            fd = open_regular(self.path(name), flags, self._mode())
        except FileNotFoundError:
            raise self._damaged(name) from None
        try:
            yield fd
        finally:
            os.close(fd)

    def _mode(self) -> int:
        try:
            return os.stat(self.store).st_mode & 0o777
        except FileNotFoundError:
            return 0o600

    def _damaged(self, name: str) -> StoreUnusable:
        return StoreUnusable(
            N_(
                "The store's log {path} is missing or shorter than {store} expects: it was "
                "truncated or replaced. Restore the store and its logs together from one backup."
            ),
            path=self.path(name),
            store=self.store,
        )


def _writable(path: str, found: os.stat_result) -> bool:
    # Root may write any file, so the mode bits are what says its owner made it read-only.
    return bool(found.st_mode & 0o222) and os.access(path, os.W_OK)


def _store_id(tables: Tables) -> str | None:
    found = tables.get(STORE_TABLE, {}).get("1", {}).get("id")
    return None if found is None else str(found)


def _replace_atomically(path: str, payload: bytes) -> None:
    """Write `payload` to `path` so that a crash leaves either the old or the new file whole."""
    folder, name = os.path.split(path)
    folder = folder or "."
    try:
        previous = os.stat(path)
    except FileNotFoundError:
        previous = None
    import tempfile  # imported here: only commands that change the store write one

    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(payload)
            stream.flush()
            # mkstemp creates the file 0600; keep the store shareable the way its owner set it up.
            if previous is not None:
                os.fchmod(stream.fileno(), previous.st_mode & 0o7777)
                if previous.st_gid != os.fstat(stream.fileno()).st_gid:
                    _keep_group(stream.fileno(), previous.st_gid)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)
    _remove_leftovers(path)


def _keep_group(fd: int, gid: int) -> None:
    try:
        os.fchown(fd, -1, gid)
    except PermissionError:
        pass  # not a member of that group: the file stays ours, still readable by us


def _sync_folder(folder: str) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_leftovers(path: str) -> None:
    """Delete temporary files of writers that were killed mid-write.

    Safe while we hold the lock: no other writer can be using one.
    """
    folder, name = os.path.split(path)
    prefix = f".{name}."
    with os.scandir(folder or ".") as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with suppress(FileNotFoundError):
                    os.unlink(entry.path)
