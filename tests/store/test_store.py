"""The store alone: one read and one atomic write per transaction, and a store that cannot
be used is named, explained and never overwritten."""

import gc
import json
import os
import re
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from lesaitutte_cli.domain.model import Question, User
from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.store.file import codec, file_store
from lesaitutte_cli.store.file.transaction import SCHEMA_VERSION
from tests.memory import memory_store

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path):
    return memory_store() if request.param == "memory" else file_store(tmp_path / "store.json")


def add_question(tx, text="How?"):
    question = Question(tx.next_question_id(), "phones", text, "anna", T0)
    tx.save_question(question)
    return question


def test_records_round_trip(store):
    user = User("anna", T0, roles=frozenset({"member", "admin"}), certifications=frozenset({"phones"}))
    with store.transaction() as tx:
        tx.save_user(user)
        question = add_question(tx)
    with store.transaction() as tx:
        assert tx.user("anna") == user
        assert tx.question(question.id) == question


def test_records_added_to_a_table_stored_out_of_order_take_keys_no_record_has(tmp_path):
    path = tmp_path / "store.json"
    with file_store(path).transaction() as tx:
        for name in ("anna", "carla"):
            tx.save_user(User(name, T0))
    document = json.loads(path.read_text())
    document["users"] = {"2": document["users"]["1"], "1": document["users"]["2"]}  # edited by hand
    path.write_text(json.dumps(document))
    with file_store(path).transaction() as tx:
        tx.save_user(User("paola", T0))
    assert [user["name"] for user in json.loads(path.read_text())["users"].values()] == ["anna", "carla", "paola"]


def test_a_new_store_has_the_four_default_categories(store):
    with store.transaction() as tx:
        assert [category.id for category in tx.categories()] == ["tariffs", "services", "phones", "internet"]


def test_a_failed_transaction_changes_nothing(store):
    with store.transaction() as tx:
        add_question(tx, "kept")
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            add_question(tx, "lost")
            raise RuntimeError("a rule refused half-way")
    with store.transaction() as tx:
        assert [question.text for question in tx.questions()] == ["kept"]


def test_question_ids_increase_from_one_across_transactions(store):
    ids = []
    for _ in range(3):
        with store.transaction() as tx:
            ids.append(add_question(tx).id)
    assert ids == [1, 2, 3]


def test_a_large_document_is_parsed_frozen_and_thawed_when_its_transaction_ends(tmp_path):
    store = file_store(tmp_path / "store.json")
    with store.transaction() as tx:
        for _ in range(codec.LARGE // 500):
            add_question(tx, "Why? " * 100)
    assert os.path.getsize(tmp_path / "store.json") > codec.LARGE
    with store.transaction() as tx:
        # Parsed with the collector off, then kept out of its way while the command runs.
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert tx.question(7).text == "Why? " * 100
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_store_is_written_atomically_and_created_private(tmp_path):
    path = tmp_path / "store.json"
    with file_store(path).transaction() as tx:
        add_question(tx)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["_meta"]["1"]["schema"] == SCHEMA_VERSION
    assert [entry.name for entry in tmp_path.iterdir() if entry.name.endswith(".tmp")] == []


def test_a_read_only_transaction_does_not_rewrite_the_file(tmp_path):
    path = tmp_path / "store.json"
    with file_store(path).transaction() as tx:
        add_question(tx)
    before = path.stat().st_ino
    with file_store(path).transaction() as tx:
        tx.questions()
    assert path.stat().st_ino == before


def test_the_file_keeps_its_mode_across_writes(tmp_path):
    path = tmp_path / "store.json"
    with file_store(path).transaction() as tx:
        add_question(tx)
    path.chmod(0o640)
    with file_store(path).transaction() as tx:
        add_question(tx)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_temporary_files_left_by_a_killed_writer_are_cleaned_up(tmp_path):
    path = tmp_path / "store.json"
    leftover = tmp_path / ".store.json.abc123.tmp"
    leftover.write_text("half a store")
    with file_store(path).transaction() as tx:
        add_question(tx)
    assert not leftover.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"_meta": {"1": {"schema": 1}}, "questions": {"1": ', "is corrupt"),
        (b"\xff\xfe not text", "is corrupt"),
        (b"[1, 2, 3]", "is not a lesaitutte store"),
        (b'{"users": {"1": {"name": "x"}}}', "has no schema version"),
        (b'{"_meta": {"1": {"schema": 99}}}', "written by a newer lesaitutte (schema 99"),
    ],
)
def test_an_unusable_store_is_named_and_left_byte_for_byte_unchanged(tmp_path, content, message):
    path = tmp_path / "store.json"
    path.write_bytes(content)
    with pytest.raises(StoreUnusable, match=re.escape(message)) as refusal:
        with file_store(path).transaction() as tx:
            add_question(tx)
    assert str(path) in str(refusal.value)
    assert path.read_bytes() == content


def test_a_store_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(StoreUnusable, match="is a folder"):
        with file_store(tmp_path).transaction():
            pass


LOCK_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0); os.pwrite(fd, f"{os.getpid()}\\n".encode(), 0)
print("locked", flush=True)
time.sleep(60)
"""


def test_a_lock_held_too_long_gives_up_and_names_the_holder(tmp_path):
    path = tmp_path / "store.json"
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, f"{path}.lock"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(StoreUnusable, match=f"locked by process {holder.pid}") as refusal:
            with file_store(path, lock_timeout=1).transaction():
                pass
        assert 1 <= time.monotonic() - started < 4
        assert "stayed locked for 1 second. " in str(refusal.value)
        assert "LESAITUTTE_LOCK_TIMEOUT" in str(refusal.value)
    finally:
        holder.kill()
        holder.wait()
    # The kernel freed the dead holder's lock: the store is usable again at once.
    with file_store(path, lock_timeout=1).transaction() as tx:
        add_question(tx)
    assert path.exists()


def test_the_lock_file_stays_in_place(tmp_path):
    path = tmp_path / "store.json"
    with file_store(path).transaction() as tx:
        add_question(tx)
    inode = os.stat(f"{path}.lock").st_ino
    with file_store(path).transaction() as tx:
        add_question(tx)
    assert os.stat(f"{path}.lock").st_ino == inode


def test_what_is_kept_so_far_stays_when_the_rest_fails(store):
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            add_question(tx, "kept so far")
            tx.keep_so_far()
            add_question(tx, "after that")
            raise RuntimeError("refused")
    with store.transaction() as tx:
        assert [question.text for question in tx.questions()] == ["kept so far"]


# Stands for a queue of commands: the lock changes hands (a new holding token) every
# 0.25 s for 2 s, without ever being free in between.
QUEUE = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
for turn in range(8):
    os.ftruncate(fd, 0); os.pwrite(fd, f"{os.getpid()} turn{turn}\\n".encode(), 0)
    if turn == 0:
        print("locked", flush=True)
    time.sleep(0.25)
"""


def test_waiting_behind_a_moving_queue_is_not_a_timeout(tmp_path):
    path = tmp_path / "store.json"
    queue = subprocess.Popen([sys.executable, "-c", QUEUE, f"{path}.lock"], stdout=subprocess.PIPE, text=True)
    try:
        assert queue.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with file_store(path, lock_timeout=0.6).transaction() as tx:
            add_question(tx)
        assert time.monotonic() - started > 1.5  # well past the timeout, and still served
    finally:
        queue.kill()
        queue.wait()


def test_a_small_documents_transaction_leaves_frozen_what_the_process_froze(tmp_path):
    store = file_store(tmp_path / "store.json")
    with store.transaction() as tx:
        add_question(tx)
    gc.freeze()  # as the command line does before a command loads
    try:
        with store.transaction() as tx:
            assert tx.question(1) is not None
        assert gc.get_freeze_count() > 0  # a thaw would have given every frozen object back
    finally:
        gc.unfreeze()
