"""The interactive exam in a real pseudo-terminal, driven by keystrokes as a person would."""

import json
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest

from tests.cli.test_exams import BANK

ROOT = Path(__file__).resolve().parents[1]
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
QUESTION = re.compile(r"Question (\d+) of (\d+): (.+?) \((?:arrow keys|choose all that apply)")
DOWN, SPACE, ENTER, CTRL_C, CTRL_D = "\x1b[B", " ", "\r", "\x03", "\x04"
# Every question drawn, so that each run meets the checkbox question.
TERMINAL_BANK = dict(BANK, questions_per_attempt=len(BANK["questions"]))
BY_TEXT = {question["text"]: question for question in BANK["questions"]}


class Terminal:
    """A pseudo-terminal that answers cursor-position requests, as xterm and friends do."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, columns: int = 160):
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "lesaitutte_cli", *args],
            cwd=str(ROOT),
            encoding="utf-8",
            dimensions=(40, columns),
            env={"TERM": "xterm-256color", "TZ": "Europe/Rome", "PATH": "/usr/bin:/bin", **(env or {})},
        )
        self.screen = ""

    def wait_for(self, pattern: re.Pattern | str, timeout: float = 15) -> re.Match:
        """Read output until the pattern appears in the text read since the last match."""
        pattern = re.compile(re.escape(pattern)) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        while True:
            match = pattern.search(self.screen)
            if match:
                self.screen = self.screen[match.end() :]
                return match
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern.pattern!r} never appeared; the screen showed: {self.screen[-800:]!r}")
            try:
                chunk = self.child.read_nonblocking(4096, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            if "\x1b[6n" in chunk:
                self.child.send("\x1b[1;1R")
            self.screen += ESCAPES.sub("", chunk).replace("\r", "")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self, timeout: float = 15, raw: bool = False) -> tuple[int, str]:
        """The exit status and what was left to read; `raw` keeps the escape sequences."""
        rest = []
        while True:
            try:
                rest.append(self.child.read_nonblocking(4096, timeout=timeout))
            except pexpect.EOF:
                break
        self.child.close()
        tail = "".join(rest)
        return self.child.exitstatus, self.screen + (tail if raw else ESCAPES.sub("", tail).replace("\r", ""))


def answer_question(terminal: Terminal, right: bool, pattern: re.Pattern = QUESTION, bank: dict = BY_TEXT) -> None:
    match = terminal.wait_for(pattern)
    question = bank[match.group(3)]
    wanted = set(question["answer"]) if right else {len(question["choices"]) - 1}
    if len(question["answer"]) > 1:
        for index in range(len(question["choices"])):
            if index in wanted:
                terminal.send(SPACE)
            terminal.send(DOWN)
    else:
        (target,) = wanted
        terminal.send(DOWN * target)
    time.sleep(0.1)
    terminal.send(ENTER)


@pytest.fixture
def store(tmp_path) -> Path:
    fixture = tmp_path / "bank.json"
    fixture.write_text(
        json.dumps({"users": [{"name": "carla"}, {"name": "tina", "roles": ["trainer"]}], "exams": [TERMINAL_BANK]})
    )
    path = tmp_path / "store.json"
    pexpect.run(f"{sys.executable} -m lesaitutte_cli --db {path} seed {fixture}", cwd=str(ROOT))
    return path


def results(store: Path) -> list[dict]:
    output = pexpect.run(
        f"{sys.executable} -m lesaitutte_cli --db {store} --user tina exam results --json", cwd=str(ROOT)
    )
    return json.loads(output)


def exam(store: Path) -> Terminal:
    terminal = Terminal("--db", str(store), "--user", "carla", "take-exam", "phones")
    terminal.wait_for("Certification exam in phones: 4 questions, pass mark 66%")
    return terminal


def test_passing_by_keyboard_with_a_select_and_a_checkbox_question(store):
    terminal = exam(store)
    for _ in range(4):
        answer_question(terminal, right=True)
    status, screen = terminal.finish()
    assert "Passed: 4 of 4 right (100%). You are now certified in phones" in screen
    assert status == 0
    (attempt,) = results(store)
    assert attempt["result"] == "passed"
    assert attempt["answers"]["ph-3"] == [0, 1]  # the checkbox question, both boxes ticked


def test_failing_by_keyboard_says_when_to_try_again(store):
    terminal = exam(store)
    for _ in range(4):
        answer_question(terminal, right=False)
    status, screen = terminal.finish()
    assert status == 0
    assert "Not passed: 0 of 4 right (0%), 66% needed. You may try again from" in screen
    assert results(store)[0]["result"] == "failed"


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_quitting_mid_exam_ends_it_at_once_and_counts_the_attempt(store, key):
    terminal = exam(store)
    answer_question(terminal, right=True)
    terminal.wait_for("Question 2 of 4")
    started = time.monotonic()
    terminal.send(key)
    status, screen = terminal.finish(timeout=5)
    assert time.monotonic() - started < 1.0
    assert status == 130
    assert "Exam ended early after 1 of 4 answers: it counts as failed. You may try again from" in screen
    assert "Question 3 of 4" not in screen
    assert "Traceback" not in screen
    (attempt,) = results(store)
    assert attempt["result"] == "interrupted" and len(attempt["answers"]) == 1
    again = Terminal("--db", str(store), "--user", "carla", "take-exam", "phones")
    status, screen = again.finish()
    assert status == 1 and "next attempt is allowed from" in screen


LONG_CHOICE = (
    "Restart the phone, then switch airplane mode on and off, and if the network is still missing "
    "after that, call support so they can check the SIM often once its contacts are cleaned"
)
LONG_STEM = "A phone that lost the network after an update shows no bars at all even outdoors: what comes first?"


def test_a_narrow_terminal_wraps_long_stems_and_choices_instead_of_cutting_them(tmp_path):
    bank = {
        "category": "phones",
        "questions_per_attempt": 1,
        "pass_mark": 1.0,
        "retry_after_hours": 24,
        "questions": [{"id": "ph-long", "text": LONG_STEM, "choices": ["Buy a new phone", LONG_CHOICE], "answer": [1]}],
    }
    fixture = tmp_path / "bank.json"
    fixture.write_text(json.dumps({"users": [{"name": "carla"}], "exams": [bank]}))
    path = tmp_path / "store.json"
    pexpect.run(f"{sys.executable} -m lesaitutte_cli --db {path} seed {fixture}", cwd=str(ROOT))
    terminal = Terminal("--db", str(path), "--user", "carla", "take-exam", "phones", columns=60)
    stem = terminal.wait_for(re.compile(r"Question 1 of 1: (.*?)\(arrow keys, then Enter\)", re.S)).group(1)
    choices = terminal.wait_for(re.compile(r"(Buy a new phone.*?cleaned)", re.S)).group(1)
    terminal.send(DOWN)
    time.sleep(0.1)
    terminal.send(ENTER)
    status, screen = terminal.finish()
    assert status == 0 and "Passed: 1 of 1 right" in screen
    assert " ".join(stem.split()) == LONG_STEM
    assert " ".join(LONG_CHOICE.split()) in " ".join(choices.split())
    assert all(len(line) <= 60 for line in (stem + choices).splitlines())


def test_a_closed_terminal_still_counts_the_attempt(store):
    terminal = exam(store)
    terminal.wait_for("Question 1 of 4")
    terminal.child.kill(signal.SIGHUP)
    terminal.child.wait()
    (attempt,) = results(store)
    assert attempt["result"] == "unfinished" and attempt["passed"] is False


ITALIAN_QUESTION = re.compile(r"Domanda (\d+) di (\d+): (.+?) \((?:frecce, poi Invio|scegli tutte quelle giuste)")


def test_the_exam_in_italian_from_the_locale(tmp_path):
    """The Italian demo's phone bank, in a terminal whose locale is Italian: every prompt in Italian."""
    path = tmp_path / "store.json"
    pexpect.run(f"{sys.executable} -m lesaitutte_cli --db {path} seed fixtures/demo-it.json", cwd=str(ROOT))
    bank = next(
        b for b in json.loads((ROOT / "fixtures/demo-it.json").read_text())["exams"] if b["category"] == "phones"
    )
    by_text = {question["text"]: question for question in bank["questions"]}
    terminal = Terminal("--db", str(path), "--user", "anna", "take-exam", "phones", env={"LANG": "it_IT.UTF-8"})
    terminal.wait_for("Esame di certificazione in phones: 4 domande, soglia per superarlo 75%.")
    terminal.wait_for("Ctrl-C lo interrompe, e in quel caso conta come non superato.")
    for _ in range(4):
        answer_question(terminal, right=True, pattern=ITALIAN_QUESTION, bank=by_text)
    status, screen = terminal.finish()
    assert status == 0
    assert "Superato: 4 risposte giuste su 4 (100%). Ora hai la certificazione in phones" in screen
