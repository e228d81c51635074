"""A command that gives up waiting for the lock names the process that holds it now."""

import concurrent.futures
import subprocess
import sys

import pytest

from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.store.file import file_store

# Holds the lock, naming itself in the lock file as a lesaitutte command does, until its stdin closes.
RECORDING_HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.pwrite(fd, f"{os.getpid()} token\\n\\n".ljust(64).encode(), 0)
print("locked", flush=True)
sys.stdin.read()
"""

# Waits for the lock, then keeps it without writing a record, as `flock STORE.lock cp ...` would.
SILENT_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
print("waiting", flush=True)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""


def test_the_timeout_names_the_holder_of_now_not_an_earlier_one(tmp_path):
    path = tmp_path / "store.json"
    lock = f"{path}.lock"
    first = subprocess.Popen(
        [sys.executable, "-c", RECORDING_HOLDER, lock], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    second = None
    try:
        assert first.stdout.readline().strip() == "locked"
        second = subprocess.Popen([sys.executable, "-c", SILENT_HOLDER, lock], stdout=subprocess.PIPE, text=True)
        assert second.stdout.readline().strip() == "waiting"
        first.stdin.close()  # the first holder leaves; the second takes the lock and keeps it
        first.wait(timeout=10)
        assert second.stdout.readline().strip() == "locked"
        with pytest.raises(StoreUnusable) as refusal:
            with file_store(path, lock_timeout=0.3).transaction():
                pass
        assert f"locked by process {second.pid} " in str(refusal.value)
        assert str(first.pid) not in str(refusal.value)
    finally:
        for process in (first, second):
            if process is not None:
                process.kill()
                process.wait()


# Shares the lock, naming itself in the lock file, until its stdin closes.
SHARING_RECORDING_HOLDER = RECORDING_HOLDER.replace("LOCK_EX", "LOCK_SH")
# Shares the lock without a record (as `flock -s STORE.lock tar ...` would), and keeps it.
SHARING_SILENT_HOLDER = SILENT_HOLDER.replace("LOCK_EX", "LOCK_SH")


def test_a_holder_that_changes_while_we_wait_is_named_as_it_is_at_the_timeout(tmp_path):
    # Shared holders hand the lock over with no moment in between when it is free, so the
    # waiter cannot slip in: it keeps waiting, and must name the holder left at its timeout.
    path = tmp_path / "store.json"
    lock = f"{path}.lock"
    first = subprocess.Popen(
        [sys.executable, "-c", SHARING_RECORDING_HOLDER, lock],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    second = None
    try:
        assert first.stdout.readline().strip() == "locked"
        second = subprocess.Popen(
            [sys.executable, "-c", SHARING_SILENT_HOLDER, lock], stdout=subprocess.PIPE, text=True
        )
        assert second.stdout.readline().strip() == "waiting"
        assert second.stdout.readline().strip() == "locked"
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(try_the_store, path)
            first.stdin.close()  # the first holder leaves while we wait; the second stays
            first.wait(timeout=10)
            message = waiting.result(timeout=30)
        assert f"locked by process {second.pid} " in message
        assert str(first.pid) not in message
    finally:
        for process in (first, second):
            if process is not None:
                process.kill()
                process.wait()


def try_the_store(path) -> str:
    try:
        with file_store(path, lock_timeout=1.0).transaction():
            return "got the lock"
    except StoreUnusable as refusal:
        return str(refusal)
