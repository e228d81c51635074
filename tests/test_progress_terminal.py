"""Long work shows progress to a person at a terminal, and never to a script."""

import json
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = {
    "users": [{"name": "anna"}, {"name": "marco", "certifications": ["phones"]}, {"name": "ada", "roles": ["admin"]}],
    "questions": [
        {"asker": "anna", "category": "phones", "text": f"Question {n}?", "answered_by": "marco", "answer": "Yes."}
        for n in range(50)
    ],
}


@pytest.fixture
def fixture(tmp_path) -> Path:
    path = tmp_path / "many.json"
    path.write_text(json.dumps(FIXTURE))
    return path


def on_a_terminal(*args: str) -> str:
    return pexpect.run(f"{sys.executable} -m lesaitutte_cli {' '.join(args)}", cwd=str(ROOT), encoding="utf-8")


def test_seed_check_and_report_show_progress_on_a_terminal(tmp_path, fixture):
    store = tmp_path / "store.json"
    seeded = on_a_terminal("--db", str(store), "seed", str(fixture))
    assert f"Seeding {fixture}" in seeded and "100%" in seeded
    assert "Checking the store" in on_a_terminal("--db", str(store), "--user", "ada", "check")
    assert "Counting each expert's answers" in on_a_terminal("--db", str(store), "--user", "ada", "report")


def test_no_progress_with_json_or_when_stderr_is_not_a_terminal(tmp_path, fixture):
    store = tmp_path / "store.json"
    seeded = on_a_terminal("--db", str(store), "seed", str(fixture), "--json")
    assert "Seeding" not in seeded and json.loads(seeded)["changed"]["questions"] == 50
    piped = subprocess.run(
        [sys.executable, "-m", "lesaitutte_cli", "--db", str(store), "--user", "ada", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert piped.returncode == 0 and piped.stderr == ""


def test_export_shows_progress_on_a_terminal_and_keeps_it_out_of_the_document(tmp_path, fixture):
    store = tmp_path / "store.json"
    on_a_terminal("--db", str(store), "seed", str(fixture))
    shown = on_a_terminal("--db", str(store), "--user", "ada", "export", str(tmp_path / "out.json"))
    assert "Exporting questions" in shown and "100%" in shown
    assert len(json.loads((tmp_path / "out.json").read_text())["questions"]) == 50
