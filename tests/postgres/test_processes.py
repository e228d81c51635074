"""Real `lesaitutte` processes against one PostgreSQL store: races, crowds and a killed client."""

import json
import signal
import subprocess
import sys
import time

import pytest

from tests.test_processes import ROOT, _env, lesaitutte, race

EXPERTS = [f"expert{number}" for number in range(50)]


@pytest.fixture
def db(postgres_url, tmp_path) -> str:
    """A PostgreSQL store with an asker, an admin and 50 experts in phones."""
    fixture = tmp_path / "experts.json"
    fixture.write_text(
        json.dumps(
            {
                "users": [
                    {"name": "anna"},
                    {"name": "ada", "roles": ["admin"]},
                    *({"name": name, "certifications": ["phones"]} for name in EXPERTS),
                ]
            }
        )
    )
    lesaitutte(postgres_url, "seed", str(fixture))  # a new store: no admin needed
    return postgres_url


def ask(db: str, text: str) -> dict:
    return json.loads(lesaitutte(db, "ask", text, "--category", "phones", "--json", user="anna").stdout)


def test_twenty_experts_claiming_one_question_at_once_make_exactly_one_winner(db):
    experts = EXPERTS[:20]
    for round_number in range(1, 6):
        question = ask(db, f"Race {round_number}?")
        results = race(db, [(expert, ["claim", str(question["id"]), "--json"]) for expert in experts])
        winners = [expert for expert, result in zip(experts, results, strict=True) if result.returncode == 0]
        assert len(winners) == 1, [result.stderr for result in results]
        losers = [result for result in results if result.returncode != 0]
        assert all(result.returncode == 1 and "claimed first by" in result.stderr for result in losers), [
            result.stderr for result in losers
        ]
        assert all("Traceback" not in result.stderr for result in results)
        stored = json.loads(lesaitutte(db, "show", str(question["id"]), "--json", user="anna").stdout)
        assert stored["claimed_by"] == winners[0]
        lesaitutte(db, "release", str(question["id"]), user=winners[0])
    lesaitutte(db, "check", user="ada")


def test_fifty_experts_claiming_next_at_once_over_fifty_questions_get_fifty_distinct_ones(db, tmp_path):
    fixture = tmp_path / "questions.json"
    fixture.write_text(
        json.dumps(
            {
                "questions": [
                    {"asker": "anna", "category": "phones", "text": f"Open question {number}?"} for number in range(50)
                ]
            }
        )
    )
    lesaitutte(db, "seed", str(fixture), user="ada")
    results = race(db, [(expert, ["claim", "--next", "--json"]) for expert in EXPERTS])
    assert all(result.returncode == 0 for result in results), [result.stderr for result in results if result.returncode]
    claims = {expert: json.loads(result.stdout)["id"] for expert, result in zip(EXPERTS, results, strict=True)}
    assert len(set(claims.values())) == 50
    stored = json.loads(lesaitutte(db, "questions", "--status", "claimed", "--json", user="anna").stdout)
    assert {question["claimed_by"]: question["id"] for question in stored} == claims
    lesaitutte(db, "check", user="ada")


def test_forty_processes_asking_at_once_lose_nothing_and_repeat_no_id(db):
    askers = [("anna", ["ask", f"Question number {number}?", "--category", "phones", "--json"]) for number in range(40)]
    results = race(db, askers)
    assert all(result.returncode == 0 for result in results), [result.stderr for result in results if result.returncode]
    returned_ids = [json.loads(result.stdout)["id"] for result in results]
    assert len(set(returned_ids)) == 40
    stored = json.loads(lesaitutte(db, "questions", "--status", "all", "--json", user="anna").stdout)
    assert sorted(question["id"] for question in stored) == sorted(returned_ids)
    assert sorted(question["text"] for question in stored) == sorted(
        f"Question number {number}?" for number in range(40)
    )


# The real CLI, with the commit of the transaction holding the seeded questions announcing
# itself: with point "before-commit" it stops just before sending COMMIT (every row already
# sent), with "after-commit" just after.
KILLED_SEEDER = """
import sys, time
import psycopg
from lesaitutte_cli.cli import main

point = sys.argv[1]
real_commit = psycopg.Connection.commit

def commit_and_stop(self):
    seeding = self.execute("SELECT count(*) FROM questions").fetchone()[0] > 0
    if seeding and point == "before-commit":
        print("mid-command", flush=True); time.sleep(60)
    real_commit(self)
    if seeding and point == "after-commit":
        print("mid-command", flush=True); time.sleep(60)

psycopg.Connection.commit = commit_and_stop
sys.argv = ["lesaitutte", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("point", ["before-commit", "after-commit"])
def test_a_client_killed_in_the_middle_of_a_big_seed_leaves_all_or_nothing(db, tmp_path, point):
    many = 5_000
    fixture = tmp_path / "many.json"
    fixture.write_text(
        json.dumps(
            {
                "questions": [
                    {"asker": "anna", "category": "phones", "text": f"Seeded question {number}?"}
                    for number in range(many)
                ]
            }
        )
    )
    seeder = subprocess.Popen(
        [sys.executable, "-c", KILLED_SEEDER, point, "--db", db, "--user", "ada", "seed", str(fixture)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=_env(),
    )
    try:
        assert seeder.stdout.readline().strip() == "mid-command", seeder.stderr.read()
    finally:
        seeder.send_signal(signal.SIGKILL)
        seeder.communicate(timeout=30)
    assert seeder.returncode == -signal.SIGKILL
    stored = json.loads(lesaitutte(db, "questions", "--status", "all", "--json", user="anna").stdout)
    assert len(stored) == (0 if point == "before-commit" else many)
    lesaitutte(db, "check", user="ada")
    # Nothing of the killed client holds a lock: the next write goes through at once.
    started = time.monotonic()
    asked = ask(db, "After the kill?")
    assert time.monotonic() - started < 10
    assert asked["id"] not in {question["id"] for question in stored}
