"""An exclusive lock shared by every process that uses one store.

The lock is a separate file beside the store, never replaced or deleted: the store itself
is swapped by `os.replace` on every write, and a lock on a file that has just been
replaced protects nothing. `flock` locks are freed by the kernel when their holder dies,
so a killed process never leaves the store locked.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.language import N_, N_plural, Phrase
from lesaitutte_cli.store.file.disk import open_regular, write_all

if TYPE_CHECKING:
    from collections.abc import Iterator


RECORD_LENGTH = 64


class HeldLock:
    """The lock file while we hold it.

    Line one names the holder and this holding of the lock (a pid and a fresh token), so a
    waiting process can tell a lock held too long from a queue that keeps moving. Line two
    names the store the lock guards, so a later command notices a store deleted or swapped.
    """

    def __init__(self, fd: int, lock_path: str) -> None:
        self._fd = fd
        self._path = lock_path
        lines = os.pread(fd, 200, 0).decode(errors="replace").splitlines()
        self.store_id = lines[1].strip() if len(lines) > 1 and lines[1].strip() else None
        self._holding = f"{os.getpid()} {os.urandom(6).hex()}"
        self._write()

    def record_store_id(self, store_id: str) -> None:
        if store_id != self.store_id:
            self.store_id = store_id
            self._write()

    def _write(self) -> None:
        # Always the same length, written over the old content: truncating the file first
        # would cost every command a metadata update.
        content = f"{self._holding}\n{self.store_id or ''}\n".ljust(RECORD_LENGTH).encode()
        try:
            write_all(self._fd, content, 0)
        except OSError as error:
            raise StoreUnusable(
                N_(
                    "Cannot write the lock file {path}: {reason}. Nothing was changed; "
                    "free some space or fix the permissions, then try again."
                ),
                path=self._path,
                reason=error.strerror,
            ) from None


@contextmanager
def exclusive_lock(lock_path: str, timeout: float, mode: int = 0o600) -> Iterator[HeldLock]:
    try:
        fd = open_regular(lock_path, os.O_RDWR | os.O_CREAT, mode)
    except OSError as error:
        raise StoreUnusable(
            N_(
                "Cannot open the lock file {path}: {reason}. Check that its folder exists and that you may write there."
            ),
            path=lock_path,
            reason=error.strerror,
        ) from None
    try:
        _acquire(fd, lock_path, timeout)
        yield HeldLock(fd, lock_path)
    finally:
        os.close(fd)  # closing the last descriptor frees the lock


# However busy the store, a command gives up after this many timeouts in the queue.
QUEUE_LIMIT = 12


def _acquire(fd: int, lock_path: str, timeout: float) -> None:
    """Take the lock, unless one holder keeps it for `timeout` seconds.

    Waiting behind a queue of short commands is not a lock held too long: the wait starts
    again whenever the lock changes hands, up to QUEUE_LIMIT timeouts in all.
    """
    started = time.monotonic()
    deadline = started + timeout
    holding = _holding(fd)
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise StoreUnusable(
                    N_("Cannot lock {path}: {reason}."), path=lock_path, reason=error.strerror
                ) from None
        now = time.monotonic()
        if _holding(fd) != holding and now - started < QUEUE_LIMIT * timeout:
            holding, deadline = _holding(fd), now + timeout
        if now >= deadline:
            raise StoreUnusable(
                N_plural(
                    "The store is locked by {holder} and stayed locked for {n:g} second. "
                    "Wait for it to finish, or raise LESAITUTTE_LOCK_TIMEOUT.",
                    "The store is locked by {holder} and stayed locked for {n:g} seconds. "
                    "Wait for it to finish, or raise LESAITUTTE_LOCK_TIMEOUT.",
                ),
                holder=_holder(fd),
                n=timeout,
            )
        # Jitter keeps many waiting processes from retrying in lock-step; the short cap keeps
        # a waiter from sleeping through the moment the lock is free.
        time.sleep(pause * (0.5 + os.urandom(1)[0] / 255))
        pause = min(pause * 2, 0.01)


def _holding(fd: int) -> str:
    return os.pread(fd, 64, 0).split(b"\n", 1)[0].decode(errors="replace")


def _holder(fd: int) -> Phrase:
    pid = _pid_holding(fd) or _pid_recorded(fd)
    if pid is None:
        return Phrase(N_("another process"))
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as stream:
            command = stream.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        command = ""
    if command:
        return Phrase(N_("process {pid} ({command})"), pid=pid, command=command)
    return Phrase(N_("process {pid}"), pid=pid)


def _pid_holding(fd: int) -> int | None:
    """The process the kernel says holds the lock now.

    The lock file's record may still name an earlier holder: whoever took the lock since
    may not write one (`flock STORE.lock cp STORE backup`), or not have written it yet.
    """
    found = os.fstat(fd)
    where = f" {os.major(found.st_dev):02x}:{os.minor(found.st_dev):02x}:{found.st_ino} "
    try:
        with open("/proc/locks") as stream:
            for line in stream:
                # "1: FLOCK ADVISORY WRITE pid dev:ino 0 EOF"; a waiter's line has "->" after the number
                if " FLOCK " in line and where in line and " -> " not in line:
                    return int(line.split()[4])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _pid_recorded(fd: int) -> int | None:
    try:
        return int(_holding(fd).split()[0])
    except (ValueError, IndexError):
        return None
