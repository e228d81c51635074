"""Asking and searching in a real pseudo-terminal."""

import json
import sys
from pathlib import Path

import pexpect
import pytest

from tests.test_exam_terminal import ROOT, Terminal

ANSWERED = {
    "users": [{"name": "anna"}, {"name": "marco", "certifications": ["tariffs"]}],
    "questions": [
        {
            "asker": "anna",
            "category": "tariffs",
            "text": "Does my plan include roaming in Spain?",
            "answered_by": "marco",
            "answer": "Yes: roaming in Spain is included.",
            "rating": "up",
        }
    ],
}


@pytest.fixture
def store(tmp_path) -> Path:
    fixture = tmp_path / "answered.json"
    fixture.write_text(json.dumps(ANSWERED))
    path = tmp_path / "store.json"
    pexpect.run(f"{sys.executable} -m lesaitutte_cli --db {path} seed {fixture}", cwd=str(ROOT))
    return path


def questions(store: Path) -> list[dict]:
    output = pexpect.run(
        f"{sys.executable} -m lesaitutte_cli --db {store} --user anna questions --status all --json", cwd=str(ROOT)
    )
    return json.loads(output)


def asking(store: Path, *extra: str) -> Terminal:
    return Terminal(
        "--db",
        str(store),
        "--user",
        "anna",
        "ask",
        "Is roaming in Spain included in my plan?",
        "--category",
        "tariffs",
        *extra,
    )


def test_on_a_terminal_similar_questions_come_first_and_declining_posts_nothing(store):
    terminal = asking(store)
    terminal.wait_for("Answered questions like yours:")
    terminal.wait_for("1: [tariffs] Does my plan include roaming in Spain?")
    terminal.wait_for("Post your question anyway?")
    terminal.send("n")
    status, screen = terminal.finish()
    assert status == 0 and "Not posted." in screen
    assert len(questions(store)) == 1


def test_ctrl_c_at_the_confirmation_posts_nothing_and_exits_130(store):
    terminal = asking(store)
    terminal.wait_for("Post your question anyway?")
    terminal.send("\x03")
    status, screen = terminal.finish()
    assert status == 130 and "Not posted." in screen and "Traceback" not in screen
    assert len(questions(store)) == 1


def test_on_a_terminal_confirming_posts_the_question(store):
    terminal = asking(store)
    terminal.wait_for("Post your question anyway?")
    terminal.send("y")
    status, screen = terminal.finish()
    assert status == 0 and "Posted question 2 in tariffs" in screen
    assert len(questions(store)) == 2


def test_yes_posts_without_asking(store):
    status, screen = asking(store, "--yes").finish()
    assert status == 0 and "Posted question 2" in screen and "anyway" not in screen


def test_search_highlights_matched_words_on_a_terminal_unless_no_color(store):
    _, coloured = Terminal("--db", str(store), "--user", "anna", "search", "roaming").finish(raw=True)
    assert "\x1b[" in coloured and "roaming" in coloured
    _, plain = Terminal("--db", str(store), "--user", "anna", "search", "roaming", env={"NO_COLOR": "1"}).finish(
        raw=True
    )
    assert "\x1b[" not in plain and "Yes: roaming in Spain is included." in plain
