"""A write cut short by a file size limit or a full disk fails the command and leaves the store as it was.

Real processes, as a member under `ulimit -f` would run them: the limit is set in the child
with RLIMIT_FSIZE (Python ignores SIGXFSZ, so a write past the limit fails with EFBIG, and
one that crosses it writes less than it was asked).
"""

import json
import os
import resource
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
QUESTIONS = 400

# The command line as it runs for real, at a moment the test chooses. Time is frozen after
# every module is imported, as in-process tests freeze it: a model imported under freezegun
# would see its fake datetime class in its type hints.
AT_MOMENT = """
import importlib, pkgutil, sys
from freezegun import freeze_time
import lesaitutte_cli
from lesaitutte_cli.cli import main
for module in pkgutil.walk_packages(lesaitutte_cli.__path__, "lesaitutte_cli."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
with freeze_time(sys.argv[1]):
    sys.argv = ["lesaitutte", *sys.argv[2:]]
    main()
"""


def lesaitutte_at(moment: datetime, db: Path, *args: str, file_limit: int | None = None):
    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    env = {key: value for key, value in os.environ.items() if not key.startswith("LESAITUTTE_")}
    return subprocess.run(
        [sys.executable, "-c", AT_MOMENT, moment.isoformat(), "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        preexec_fn=limit_file_size if file_limit else None,
    )


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def rated_within_the_last_week(count: int) -> dict:
    padding = " ".join(f"word{number}" for number in range(150))
    asked = T0 - timedelta(days=2)
    return {
        "users": [
            {"name": "anna"},
            {"name": "marco", "certifications": ["phones"]},
            {"name": "ada", "roles": ["admin"]},
        ],
        "questions": [
            {
                "asker": "anna",
                "category": "phones",
                "text": f"Question {number} about my phone: {padding}",
                "answered_by": "marco",
                "answer": f"Answer {number}: {padding}",
                "created_at": iso(asked),
                "claimed_at": iso(asked + timedelta(minutes=1)),
                "answered_at": iso(asked + timedelta(minutes=3)),
                "rating": "up",
                "rated_at": iso(asked + timedelta(hours=1)),
            }
            for number in range(count)
        ],
    }


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the store but the lock file, whose record names each holder."""
    return {path.name: path.read_bytes() for path in folder.iterdir() if not path.name.endswith((".lock", ".json"))}


@pytest.fixture
def settled_a_week_ago(tmp_path) -> Path:
    fixture = tmp_path / "history.fixture"
    fixture.write_text(json.dumps(rated_within_the_last_week(QUESTIONS)))
    db = tmp_path / "store.json"
    seeded = lesaitutte_at(T0, db, "--user", "ada", "seed", str(fixture))
    assert seeded.returncode == 0, seeded.stderr
    fixture.unlink()
    return db


def test_a_write_cut_short_inside_a_side_log_fails_and_the_store_stays_as_it_was(settled_a_week_ago):
    db = settled_a_week_ago
    a_week_later = T0 + timedelta(days=8)
    before = db.read_bytes()
    files_before = snapshot(db.parent)
    # The next write moves the 400 settled questions to the questions log (far larger than the
    # limit), then writes a document that, without them, is far smaller than the limit.
    limit = 256 * 1024
    assert len(before) > 2 * limit

    cut_short = lesaitutte_at(
        a_week_later, db, "--user", "anna", "ask", "Lost?", "--category", "phones", file_limit=limit
    )

    assert cut_short.returncode == 3, cut_short.stderr
    assert "Traceback" not in cut_short.stderr
    assert f"Could not write the store's log {db}.questions.log: File too large. Nothing was changed" in (
        cut_short.stderr
    )
    assert db.read_bytes() == before
    assert snapshot(db.parent) == files_before
    # Without the limit the store works, from exactly the state it had.
    listed = lesaitutte_at(a_week_later, db, "--user", "anna", "questions", "--status", "all", "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == QUESTIONS
    asked = lesaitutte_at(a_week_later, db, "--user", "anna", "ask", "Kept?", "--category", "phones")
    assert asked.returncode == 0, asked.stderr
    checked = lesaitutte_at(a_week_later, db, "--user", "ada", "check")
    assert checked.returncode == 0, checked.stderr
    assert Path(f"{db}.questions.log").stat().st_size > limit


def test_a_limit_that_falls_inside_the_document_fails_and_leaves_no_temporary_file(settled_a_week_ago):
    db = settled_a_week_ago
    before = db.read_bytes()
    limit = 256 * 1024
    cut_short = lesaitutte_at(T0, db, "--user", "anna", "ask", "Lost?", "--category", "phones", file_limit=limit)
    assert cut_short.returncode == 3, cut_short.stderr
    assert f"Could not write the store {db}: File too large. Nothing was changed" in cut_short.stderr
    assert db.read_bytes() == before
    assert not list(db.parent.glob(".store.json.*.tmp"))
