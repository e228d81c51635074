"""Waiting for work with real processes: a question reaches waiting experts within a second.

On both engines: the file engine (woken by the store file changing) and PostgreSQL (woken by
LISTEN/NOTIFY).
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.test_processes import ROOT, lesaitutte

SETTLE = 2.0  # seconds for a waiting process to start and take its first look, on a busy machine


class Waiter:
    """A long-running command whose output lines are timestamped as they arrive."""

    def __init__(self, db: Path | str, user: str, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lesaitutte_cli", "--db", str(db), "--user", user, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, LESAITUTTE_LOCK_TIMEOUT="30"),
        )
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append((time.monotonic(), line))

    def first_line_after(self, start: float, timeout: float = 10) -> float:
        """Seconds from `start` to the first line."""
        deadline = time.monotonic() + timeout
        while not self.lines and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.lines, self.process.stderr.read() if self.process.poll() is not None else "no output"
        return self.lines[0][0] - start

    def stop(self, sig=signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        return code


@pytest.fixture(params=["file", "postgres"])
def db(request, tmp_path) -> Path | str:
    """A store on each engine: a file, or a fresh PostgreSQL database."""
    fixture = tmp_path / "community.json"
    users = [
        {"name": "anna"},
        {"name": "marco", "certifications": ["phones"]},
        {"name": "paola", "certifications": ["phones"]},
    ]
    fixture.write_text(json.dumps({"users": users}))
    location = tmp_path / "store.json" if request.param == "file" else request.getfixturevalue("postgres_url")
    lesaitutte(location, "seed", str(fixture))
    return location


def test_a_question_reaches_a_waiting_claim_and_a_watch_within_a_second(db):
    claimer = Waiter(db, "marco", "claim", "--next", "--wait", "10", "--json")
    # Another category, so that the claim cannot take the watched question before the watch sees it.
    watcher = Waiter(db, "paola", "watch", "--category", "internet", "--json")
    try:
        time.sleep(SETTLE)
        # Nobody waits holding the lock: a command that will not wait for it at all gets in.
        free = subprocess.run(
            [sys.executable, "-m", "lesaitutte_cli", "--db", str(db), "--user", "anna", "questions"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, LESAITUTTE_LOCK_TIMEOUT="0"),
            timeout=30,
        )
        assert free.returncode == 0, free.stderr
        for category, waiter in (("phones", claimer), ("internet", watcher)):
            lesaitutte(db, "ask", f"A question in {category}?", "-c", category, user="anna")
            committed = time.monotonic()  # the ask has returned: its question is in the store
            assert waiter.first_line_after(committed) < 1.0, category
        assert claimer.process.wait(timeout=10) == 0
        claimed = json.loads("".join(line for _, line in claimer.lines))
        assert (claimed["id"], claimed["category"], claimed["claimed_by"]) == (1, "phones", "marco")
        seen = json.loads(watcher.lines[0][1])
        assert (seen["id"], seen["category"], seen["status"]) == (2, "internet", "open")
    finally:
        claimer.stop()
        assert watcher.stop() == 0  # Ctrl-C ends a watch cleanly


def test_a_waiting_claim_runs_out_with_exit_1_and_ctrl_c_stops_one_with_130(db):
    short = Waiter(db, "marco", "claim", "--next", "--wait", "1")
    endless = Waiter(db, "paola", "claim", "--next", "--wait")
    assert short.process.wait(timeout=30) == 1
    assert "No question you may claim arrived within 1 second." in short.process.stderr.read()
    time.sleep(SETTLE)
    assert endless.process.poll() is None
    assert endless.stop() == 130
    assert "Stopped waiting; nothing was claimed." in endless.process.stderr.read()


def test_watch_runs_a_command_for_each_question_with_the_question_on_its_stdin(db, tmp_path):
    out = tmp_path / "hook.jsonl"
    watcher = Waiter(db, "paola", "watch", "--exec", f"cat >> {out}")
    try:
        time.sleep(SETTLE)
        lesaitutte(db, "ask", "First?", "-c", "phones", user="anna")
        lesaitutte(db, "ask", "Not in phones?", "-c", "internet", user="anna")
        lesaitutte(db, "ask", "Second?", "-c", "phones", user="anna")
        deadline = time.monotonic() + 10

        def hooked_twice() -> bool:
            return out.exists() and len(out.read_text().splitlines()) >= 2

        # The line is shown before its command runs: stopping on the line alone could cut the last command short.
        while not (len(watcher.lines) >= 2 and hooked_twice()) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        assert watcher.stop() == 0
    assert [line.split("  ", 2)[2].split("  (")[0] for _, line in watcher.lines] == [
        "[phones] First?",
        "[phones] Second?",
    ]
    hooked = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(question["id"], question["text"]) for question in hooked] == [(1, "First?"), (3, "Second?")]
