"""The files beside the store: each must be a regular file, whole, and is never followed elsewhere."""

import errno
import json
import os
import stat
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import single_line

pytestmark = pytest.mark.file_engine_only("inspects the lock, log, archive and temporary files beside the store file")

LOGS = ("questions", "ledger", "index")


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


@pytest.fixture
def archived(community):
    """A store whose settled history is in its side logs: answers of a month ago, one rated up, one not yet."""
    month_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
    community.seed(
        {
            "questions": [
                {
                    "asker": "anna",
                    "category": "phones",
                    "text": "How do I find my IMEI?",
                    "answered_by": "marco",
                    "answer": "Dial *#06#",
                    "created_at": iso(month_ago),
                    "answered_at": iso(month_ago + timedelta(minutes=3)),
                    "rating": "up",
                    "rated_at": iso(month_ago + timedelta(hours=1)),
                },
                {
                    "asker": "anna",
                    "category": "phones",
                    "text": "Why does my phone not ring?",
                    "answered_by": "marco",
                    "answer": "Turn off do-not-disturb",
                    "created_at": iso(month_ago),
                    "answered_at": iso(month_ago + timedelta(minutes=3)),
                },
            ]
        }
    )
    for name in LOGS:
        assert os.path.getsize(log(community, name)) > 0
    return community


def log(run, name: str) -> str:
    return f"{run.db}.{name}.log"


def files_of(run) -> dict[str, bytes]:
    """The store and its logs, byte for byte (the lock file's record changes with every holder)."""
    folder = run.db.parent
    return {
        path.name: path.read_bytes()
        for path in folder.iterdir()
        if path.name.startswith(run.db.name) and not path.name.endswith(".lock") and path.is_file()
    }


def ask(run):
    return run("ask", "Will this be saved?", "--category", "phones", user="anna")


# Every command verifies the side files before it writes


WRITES = {
    "ask": ("ask", "Will this be saved?", "--category", "phones"),  # reads the search index too
    "register": ("register",),  # reads no log at all
}


@pytest.mark.parametrize("name", LOGS)
@pytest.mark.parametrize("damage", ["deleted", "shortened"])
@pytest.mark.parametrize("command", WRITES)
def test_a_deleted_or_shortened_log_stops_every_write_and_names_it(archived, name, damage, command):
    path = log(archived, name)
    if damage == "deleted":
        os.unlink(path)
    else:
        os.truncate(path, os.path.getsize(path) - 5)
    before = files_of(archived)
    result = archived(*WRITES[command], user="newcomer" if command == "register" else "anna")
    assert result.exit_code == 3
    assert single_line(result.stderr)
    assert path in result.stderr and "Restore the store and its logs together from one backup" in result.stderr
    assert files_of(archived) == before


def test_bytes_past_the_committed_length_of_a_log_are_no_damage(archived):
    # What a writer killed after appending leaves behind: the next write cuts it off.
    with open(log(archived, "ledger"), "ab") as stream:
        stream.write(b'{"half a rec')
    assert ask(archived).exit_code == 0


# Nothing beside the store is followed or used unless it is a regular file


def test_a_lock_file_planted_as_a_link_never_writes_the_victim(community, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock = f"{community.db}.lock"
    os.unlink(lock)
    os.symlink(victim, lock)
    result = ask(community)
    assert result.exit_code == 3
    assert f"{lock} is a symbolic link, not a regular file" in result.stderr
    assert victim.read_text() == "precious"


def test_a_log_planted_as_a_link_is_refused(archived, tmp_path):
    victim = tmp_path / "victim.log"
    path = log(archived, "questions")
    os.rename(path, victim)
    os.symlink(victim, path)
    before = victim.read_bytes()
    result = ask(archived)
    assert result.exit_code == 3
    assert f"{path} is a symbolic link" in result.stderr
    reading = archived("show", "1", user="anna")
    assert reading.exit_code == 3 and f"{path} is a symbolic link" in reading.stderr
    assert victim.read_bytes() == before


def test_a_store_that_is_a_link_is_refused(community, tmp_path):
    real = tmp_path / "real.json"
    os.rename(community.db, real)
    os.symlink(real, community.db)
    before = real.read_bytes()
    result = ask(community)
    assert result.exit_code == 3 and f"{community.db} is a symbolic link" in result.stderr
    assert real.read_bytes() == before


def test_a_device_as_the_store_is_refused_before_a_lock_file_is_made(tmp_path, run):
    run.db = tmp_path / "device"
    os.symlink("/dev/null", run.db)  # stands for --db /dev/null, without touching /dev
    result = run("register", user="anna")
    assert result.exit_code == 3
    assert not os.path.lexists(f"{run.db}.lock")


def test_dev_null_as_the_store_is_refused_and_makes_no_lock_file(run):
    existed = os.path.lexists("/dev/null.lock")
    run.db = "/dev/null"
    try:
        result = run("register", user="anna")
        assert result.exit_code == 3
        assert "/dev/null is a device, not a regular file" in result.stderr
        assert os.path.lexists("/dev/null.lock") == existed
    finally:
        if not existed and os.path.lexists("/dev/null.lock"):
            os.unlink("/dev/null.lock")


def test_a_lock_file_that_is_a_fifo_is_refused_without_hanging(community):
    lock = f"{community.db}.lock"
    os.unlink(lock)
    os.mkfifo(lock)
    before = files_of(community)
    result = ask(community)
    assert result.exit_code == 3
    assert f"{lock} is a named pipe (FIFO), not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(lock).st_mode)
    assert files_of(community) == before


def test_a_log_that_is_a_folder_is_refused(archived):
    path = log(archived, "ledger")
    os.unlink(path)
    os.mkdir(path)
    result = ask(archived)
    assert result.exit_code == 3 and f"{path} is a folder" in result.stderr


def test_a_read_only_store_is_refused_for_writes_and_still_read(community):
    os.chmod(community.db, 0o444)
    before = files_of(community)
    result = ask(community)
    assert result.exit_code == 3
    assert single_line(result.stderr)
    assert f"The store {community.db} is read-only" in result.stderr
    assert files_of(community) == before
    assert stat.S_IMODE(os.stat(community.db).st_mode) == 0o444
    assert community("me", user="anna").exit_code == 0


# A full disk


def test_a_full_disk_before_the_lock_file_exists_exits_3(run, monkeypatch):
    def disk_full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", disk_full)
    result = run("register", user="anna")
    monkeypatch.undo()
    assert result.exit_code == 3
    assert single_line(result.stderr)
    assert f"Cannot write the lock file {run.db}.lock: No space left on device" in result.stderr
    assert not run.db.exists()


def test_a_write_that_makes_no_progress_is_a_full_disk_not_success(archived, monkeypatch):
    real_pwrite = os.pwrite
    before = files_of(archived)
    calls = []

    def half_then_nothing(fd, data, offset):
        if len(data) == 64:  # the lock file's record
            return real_pwrite(fd, data, offset)
        calls.append(len(data))
        return real_pwrite(fd, bytes(data[: len(data) // 2]), offset) if len(calls) == 1 else 0

    monkeypatch.setattr(os, "pwrite", half_then_nothing)
    result = archived("rate", "2", "up", user="anna")  # a new version of an archived question, in its log
    monkeypatch.undo()
    assert result.exit_code == 3, result.output
    assert f"Could not write the store's log {log(archived, 'questions')}: No space left on device" in result.stderr
    assert len(calls) == 2
    assert files_of(archived) == before


# Numbers the store cannot keep exactly


def test_points_past_64_bits_are_refused_not_stored_as_a_float(community):
    before = files_of(community)
    result = community("points", "adjust", "marco", "99999999999999999999999999999", "--reason", "huge", user="ada")
    assert result.exit_code == 2
    assert "99999999999999999999999999999" in result.stderr and "Traceback" not in result.stderr
    assert files_of(community) == before


# `check` looks at the side logs and the indexes kept of them


def test_check_passes_a_store_with_an_archive(archived):
    result = archived("check", user="ada")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", LOGS)
def test_check_finds_a_shortened_log(archived, name):
    path = log(archived, name)
    os.truncate(path, os.path.getsize(path) - 5)
    before = files_of(archived)
    result = archived("check", user="ada")
    assert result.exit_code == 3
    assert path in result.stderr
    assert files_of(archived) == before


def change_archive(run, change) -> None:
    document = json.loads(run.raw())
    change(document["_archive"]["1"])
    run.db.write_text(json.dumps(document))


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda state: state["awaiting"].update(anna=[]), "anna's archived answers awaiting a rating are kept as []"),
        (lambda state: state["awaiting"].update(carla=[1]), "carla's archived answers awaiting a rating"),
        (lambda state: state["index"].update(docs=5), "the search index counts 5 archived answers"),
    ],
    ids=["an answer no longer awaited", "an answer awaited by another", "a wrong count"],
)
def test_check_finds_indexes_that_disagree_with_the_archived_questions(archived, change, expected):
    change_archive(archived, change)
    before = files_of(archived)
    result = archived("check", user="ada")
    assert result.exit_code == 3
    assert expected in result.stderr
    assert files_of(archived) == before


def test_check_finds_a_search_index_that_lost_postings(archived):
    path = log(archived, "index")
    lines = open(path, "rb").read().split(b"\n")
    # A shard of postings, replaced by an empty object of the same length: still valid JSON.
    shard = next(number for number, line in enumerate(lines) if line.startswith(b'{"') and b'"log"' not in line)
    lines[shard] = b"{}".ljust(len(lines[shard]))
    with open(path, "wb") as stream:
        stream.write(b"\n".join(lines))
    result = archived("check", user="ada")
    assert result.exit_code == 3
    assert "the search index lacks" in result.stderr


def test_a_full_disk_when_the_lock_file_is_created_exits_3(run, monkeypatch):
    real_open = os.open

    def no_space_for_the_lock(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_space_for_the_lock)
    result = run("register", user="anna")
    monkeypatch.undo()
    assert result.exit_code == 3
    assert f"Cannot open the lock file {run.db}.lock: No space left on device" in result.stderr


def test_a_document_that_cannot_be_written_takes_back_what_was_appended_to_the_logs(archived, monkeypatch):
    before = files_of(archived)

    def device_error(*args):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", device_error)
    result = archived("rate", "2", "up", user="anna")  # appends a new version of question 2 to its log
    monkeypatch.undo()
    assert result.exit_code == 3
    assert files_of(archived) == before
    assert archived("rate", "2", "up", user="anna").exit_code == 0
