"""Output that cannot be written: the message says what was done, a closed pipe ends quietly."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lesaitutte_cli.store.file import file_store

ROOT = Path(__file__).resolve().parents[1]


def start(db: Path, *args: str, stdout) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lesaitutte_cli", "--db", str(db), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture
def db(tmp_path) -> Path:
    fixture = tmp_path / "fixture.json"
    questions = [{"asker": "anna", "category": "phones", "text": f"Question number {n}"} for n in range(2000)]
    fixture.write_text(
        json.dumps({"users": [{"name": "anna"}, {"name": "ada", "roles": ["admin"]}], "questions": questions})
    )
    path = tmp_path / "store.json"
    seeding = start(path, "seed", str(fixture), stdout=subprocess.DEVNULL)
    assert seeding.wait(timeout=60) == 0, seeding.stderr.read()
    return path


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_change_whose_confirmation_cannot_be_written_says_it_was_done(db):
    with open("/dev/full", "w") as full:
        process = start(db, "--user", "anna", "ask", "How do I see my IMEI?", "-c", "phones", "-y", stdout=full)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 74
    assert "The change was saved in the store" in stderr and "No space left on device" in stderr
    assert "It said: Posted question 2001 in phones." in stderr
    assert "Nothing was changed" not in stderr and "Traceback" not in stderr
    with file_store(db).transaction() as tx:
        assert tx.question(2001).text == "How do I see my IMEI?"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_voucher_that_cannot_be_printed_is_shown_with_the_error(db):
    for args in (
        ["reward", "add", "cap", "--title", "Cap", "--cost", "1"],
        ["points", "adjust", "anna", "1", "--reason", "t"],
    ):
        assert start(db, "--user", "ada", *args, stdout=subprocess.DEVNULL).wait(timeout=60) == 0
    with open("/dev/full", "w") as full:
        process = start(db, "--user", "anna", "redeem", "cap", stdout=full)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 74
    with file_store(db).transaction() as tx:
        (redemption,) = tx.redemptions()
    assert f"Voucher: {redemption.voucher}." in stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_json_that_cannot_be_written_after_a_change_says_what_command_was_done(db):
    with open("/dev/full", "w") as full:
        process = start(db, "--user", "anna", "ask", "Roaming?", "-c", "tariffs", "--json", stdout=full)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 74
    assert "'lesaitutte ask' was done and saved" in stderr and "Do not run it again" in stderr
    assert json.loads(stderr)["error"]["code"] == 74  # with --json, the error is JSON too


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_listing_that_cannot_be_written_changed_nothing(db):
    with open("/dev/full", "w") as full:
        process = start(db, "--user", "anna", "questions", stdout=full)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 74
    assert (
        stderr.strip() == "Error: Cannot write the output (No space left on device); nothing was changed in the store."
    )


def test_a_closed_pipe_ends_quietly(db):
    process = start(db, "--user", "anna", "questions", stdout=subprocess.PIPE)
    process.stdout.close()  # the reader stopped before the list was written, as `head` does
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_json_listing_that_cannot_be_written_is_a_json_error(db):
    with open("/dev/full", "w") as full:
        process = start(db, "--user", "anna", "questions", "--json", stdout=full)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 74
    assert json.loads(stderr) == {
        "error": {
            "code": 74,
            "message": "Cannot write the output (No space left on device); nothing was changed in the store.",
        }
    }


def test_a_closed_pipe_ends_quietly_with_json_too(db):
    process = start(db, "--user", "anna", "questions", "--json", stdout=subprocess.PIPE)
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == ""
