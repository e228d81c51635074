"""Faults of the machine and the file: exit 3, a message that says what to do, the store whole."""

import errno
import json
import os
import shutil
import tempfile

import pytest

from tests.conftest import single_line

pytestmark = pytest.mark.file_engine_only("injects faults into the file engine's writes, lock and log")


def fail_with(code: int):
    def raising(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return raising


@pytest.mark.parametrize(
    "target, code",
    [
        ("fsync", errno.ENOSPC),  # the disk fills up while the new store is written
        ("replace", errno.EIO),  # the device fails as the new store takes the old one's place
    ],
)
def test_an_io_error_during_the_write_leaves_the_store_as_it_was(community, monkeypatch, target, code):
    before = community.raw()
    monkeypatch.setattr(os, target, fail_with(code))
    result = community("ask", "Will this be lost?", "--category", "phones", user="anna")
    monkeypatch.undo()
    assert result.exit_code == 3
    assert single_line(result.stderr)
    assert f"Could not write the store {community.db}: {os.strerror(code)}. Nothing was changed" in result.stderr
    assert community.raw() == before
    assert not list(community.db.parent.glob(".store.json.*.tmp"))


def test_a_folder_where_no_temporary_file_can_be_made_exits_3(community, monkeypatch):
    before = community.raw()
    monkeypatch.setattr(tempfile, "mkstemp", fail_with(errno.EROFS))
    result = community("ask", "Read-only?", "--category", "phones", user="anna")
    monkeypatch.undo()
    assert result.exit_code == 3
    assert "Read-only file system" in result.stderr
    assert community.raw() == before


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
def test_a_lock_file_that_cannot_be_opened_exits_3(community, monkeypatch, code):
    real_open = os.open

    def refuse_the_lock(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise OSError(code, os.strerror(code))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_the_lock)
    result = community("me", user="anna")
    monkeypatch.undo()
    assert result.exit_code == 3
    assert f"Cannot open the lock file {community.db}.lock: {os.strerror(code)}" in result.stderr


def test_a_store_deleted_between_commands_is_noticed_not_silently_restarted(community):
    community.db.unlink()
    result = community("register", user="newcomer")
    assert result.exit_code == 3
    assert single_line(result.stderr)
    assert f"The store {community.db} is gone" in result.stderr and "Restore it from a backup" in result.stderr
    assert not community.db.exists()


def test_after_deleting_the_lock_file_a_new_store_may_start(community):
    community.db.unlink()
    os.unlink(f"{community.db}.lock")
    assert community("register", user="newcomer").exit_code == 0


def test_a_store_swapped_for_another_is_refused_untouched(community, tmp_path):
    other = tmp_path / "other" / "store.json"
    other.parent.mkdir()
    from tests.conftest import Runner

    Runner(other)("register", user="someone")
    shutil.copy(other, community.db)
    before = community.raw()
    result = community("me", user="someone")
    assert result.exit_code == 3
    assert "is another store than the one that was here" in result.stderr
    assert community.raw() == before


def test_a_backup_of_the_same_store_may_be_restored(community, tmp_path):
    backup = tmp_path / "backup.json"
    shutil.copy(community.db, backup)
    community.json("ask", "Asked after the backup?", "--category", "phones", user="anna")
    shutil.copy(backup, community.db)
    assert community.json("questions", user="anna") == []


def test_a_store_from_a_newer_version_exits_3_and_says_to_upgrade(community):
    document = json.loads(community.raw())
    document["_meta"]["1"]["schema"] = 99
    community.db.write_text(json.dumps(document))
    before = community.raw()
    result = community("me", user="anna")
    assert result.exit_code == 3
    assert "written by a newer lesaitutte (schema 99" in result.stderr and "Upgrade" in result.stderr
    assert community.raw() == before
