"""Moving a community: `export` writes a whole store, and `seed` of it on an empty store gives it back."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from lesaitutte_cli.cli import cli as lesaitutte
from lesaitutte_cli.domain.model import ExamAttempt, LedgerEntry, Question, Settings, User
from tests.conftest import COMMUNITY, single_line

ROOT = Path(__file__).resolve().parents[2]
# The records are defined before any test freezes time: a dataclass defined under freezegun
# takes its fake datetime class for its fields' type, and the store cannot encode those.
DEFINED_BEFORE_FREEZING = (ExamAttempt, LedgerEntry, Question, Settings, User)


def file_stores(request, tmp_path):
    yield lambda name: str(tmp_path / f"{name}.json")


def postgres_stores(request, tmp_path):
    cluster = request.getfixturevalue("postgres_cluster")
    names = []

    def new(name):
        names.append(cluster.new_database())
        return cluster.url(names[-1])

    yield new
    for name in names:
        cluster.drop_database(name)


# Each engine's way to make new, empty stores (a move needs two, so tests/engines' one store per
# test does not do).
ENGINES = {"file": file_stores, "postgres": postgres_stores}


@pytest.fixture(params=sorted(ENGINES))
def new_store(request, tmp_path):
    """Makes a new, empty store on the engine under test and gives its --db."""
    yield from ENGINES[request.param](request, tmp_path)


def run(db: str, *args: str, user: str = "ada"):
    return CliRunner().invoke(lesaitutte, ["--db", db, "--user", user, *args], catch_exceptions=False)


def ok(db: str, *args: str, user: str = "ada") -> dict | list:
    result = run(db, *args, "--json", user=user)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def write(path: Path, document: dict) -> str:
    path.write_text(json.dumps(document))
    return str(path)


@pytest.fixture
def lived_in(new_store, tmp_path):
    """A store with three weeks of history: ratings, an expired claim, a refunded bounty, a
    withdrawal, adjustments, redemptions, a retired reward, exams, certifications given, taken
    and reset, changed settings; settled questions filed away and live ones still claimed."""
    db = new_store("source")
    rewards = [
        {"id": "topup-5", "title": "5 EUR top-up", "cost": 1, "stock": 10},
        {"id": "mug", "title": "Mug", "cost": 2},
    ]
    answers = write(tmp_path / "answers.json", {})
    with freeze_time("2026-10-01 09:00:00"):
        ok(db, "seed", write(tmp_path / "community.json", {**COMMUNITY, "rewards": rewards}))
        ok(db, "exam", "import", str(ROOT / "fixtures" / "exams" / "phones.json"), user="tina")
        ok(db, "ask", "How do I find my IMEI?", "--category", "phones", "--yes", user="anna")
        ok(db, "claim", "1", user="marco")
        ok(db, "answer", "1", "Dial *#06#.", user="marco")
        ok(db, "rate", "1", "up", user="anna")
        ok(db, "ask", "Why does my phone say No SIM?", "--category", "phones", "--yes", user="anna")
        ok(db, "claim", "2", user="paola")
        ok(db, "points", "adjust", "anna", "5", "--reason", "welcome to the community")
        ok(db, "ask", "Is roaming free in Swiss?", "--category", "tariffs", "--yes", user="anna")
        ok(db, "bounty", "3", "2", user="anna")
        ok(db, "ask", "Never mind this one", "--category", "services", "--yes", user="carla")
        ok(db, "withdraw", "4", user="carla")
        ok(db, "redeem", "topup-5", user="marco")
        run(db, "take-exam", "phones", "--answers", answers, user="carla")
        ok(db, "certify", "carla", "internet", user="tina")
        ok(db, "revoke", "bruno", "tariffs", "--reason", "copied answers", user="tina")
        ok(db, "reward", "remove", "topup-5")
        ok(db, "settings", "pair-points-per-day", "2")
    with freeze_time("2026-10-01 12:00:00"):  # paola's claim on question 2 ran out
        ok(db, "claim", "2", user="marco")
        ok(db, "answer", "2", "Reseat the SIM card.", user="marco")
        ok(db, "rate", "2", "down", user="anna")
        ok(db, "exam", "reset", "carla", "phones", "--reason", "the room lost power", user="tina")
    with freeze_time("2026-10-20 09:00:00"):  # the bounty went back to anna; the old questions settled
        ok(db, "ask", "Does my plan include 5G?", "--category", "internet", "--yes", user="carla")
        ok(db, "claim", "5", user="marco")
        ok(db, "settings", "certification-months", "24")
        ok(db, "points", "adjust", "anna", "-1", "--reason", "duplicate welcome")
    return db


def export_text(db: str) -> str:
    result = run(db, "export")
    assert result.exit_code == 0, result.output
    return result.stdout


def views(db: str) -> dict:
    """What the community looks like through its commands."""
    names = [user["name"] for user in COMMUNITY["users"]]
    return {
        "questions": [ok(db, "show", str(qid), user="anna") for qid in range(1, 6)],
        "me": [ok(db, "me", user=name) for name in names],
        "history": [ok(db, "history", user=name) for name in names],
        "redemptions": ok(db, "redemptions", user="marco"),
        "rewards": ok(db, "rewards", user="anna"),
        "results": ok(db, "exam", "results", user="tina"),
        "leaderboard": ok(db, "leaderboard", user="anna"),
        "settings": ok(db, "settings"),
    }


@freeze_time("2026-10-20 10:00:00")
def test_seeding_an_export_into_an_empty_store_gives_the_same_community(lived_in, new_store, tmp_path):
    exported = export_text(lived_in)
    target = new_store("target")
    result = run(target, "seed", write(tmp_path / "moved.json", json.loads(exported)), user="anyone")
    assert result.exit_code == 0, result.output
    assert views(target) == views(lived_in)
    assert export_text(target) == exported
    assert ok(target, "check")["sound"]
    # The moved community goes on where it was: new records take ids after the moved ones.
    assert ok(target, "ask", "Can I keep my number?", "--category", "tariffs", "--yes", user="anna")["id"] == 6
    ok(target, "points", "adjust", "carla", "3", "--reason", "moved")
    ok(target, "reward", "add", "case", "--title", "A phone case", "--cost", "1")
    ok(target, "redeem", "case", user="carla")
    assert [item["reward"] for item in ok(target, "redemptions", user="carla")] == ["case"]
    assert ok(target, "check")["sound"]


@pytest.mark.parametrize("new_store", ["file"], indirect=True)
@freeze_time("2026-10-20 10:00:00")
def test_a_community_moves_from_a_file_to_postgresql_and_back_unchanged(lived_in, request, tmp_path):
    exported = export_text(lived_in)
    to_postgres, back_to_file = postgres_stores(request, tmp_path), file_stores(request, tmp_path)
    database, file = next(to_postgres)("moved"), next(back_to_file)("back-in-a-file")
    assert run(database, "seed", write(tmp_path / "moved.json", json.loads(exported)), user="anyone").exit_code == 0
    assert views(database) == views(lived_in)
    returned = export_text(database)
    assert run(file, "seed", write(tmp_path / "returned.json", json.loads(returned)), user="anyone").exit_code == 0
    # Parsed: PostgreSQL hands a bank's whole hours back as 24.0 where the file keeps 24.
    assert json.loads(export_text(file)) == json.loads(returned) == json.loads(exported)
    assert views(file) == views(lived_in)
    assert ok(file, "check")["sound"] and ok(database, "check")["sound"]
    next(to_postgres, None)  # drops the database


@freeze_time("2026-10-20 10:00:00")
def test_the_export_holds_every_kind_of_record_with_its_history(lived_in):
    document = json.loads(export_text(lived_in))
    questions = {question["id"]: question for question in document["questions"]}
    assert [event["kind"] for event in questions[2]["events"]] == [
        "asked",
        "claimed",
        "expired",
        "claimed",
        "answered",
        "rated",
    ]
    assert questions[2]["expired_claims"] == [{"expert": "paola", "deadline": "2026-10-01T11:00:00Z"}]
    assert questions[5]["status"] == "claimed" and questions[5]["claimed_by"] == "marco"
    assert questions[4]["status"] == "withdrawn"
    kinds = [(entry["user"], entry["kind"], entry["amount"]) for entry in document["ledger"]]
    assert ("anna", "bounty_offered", -2) in kinds and ("anna", "bounty_refunded", 2) in kinds
    assert ("marco", "redeemed", -1) in kinds and ("marco", "earned", 1) in kinds
    assert {"user": "anna", "amount": 5, "kind": "adjusted"}.items() <= document["ledger"][1].items()
    assert document["redemptions"][0]["voucher"]
    assert {"id": "topup-5", "retired": True, "stock": 9}.items() <= document["rewards"][0].items()
    assert [change["action"] for change in document["certification_changes"]] == ["certified", "revoked", "exam reset"]
    assert document["attempts"][0]["user"] == "carla" and document["attempts"][0]["passed"] is False
    assert document["settings"] == {
        "identity": "trust",
        "pair_points_per_day": 2,
        "certification_months": 24,
        "certification_months_since": "2026-10-20T09:00:00Z",
        "language": "en",
    }
    marco = next(user for user in document["users"] if user["name"] == "marco")
    assert marco["registered_at"] == "2026-10-01T09:00:00Z"


@freeze_time("2026-10-20 10:00:00")
def test_seeding_the_same_export_twice_changes_nothing(lived_in, new_store, tmp_path):
    moved = write(tmp_path / "moved.json", json.loads(export_text(lived_in)))
    target = new_store("target")
    assert run(target, "seed", moved).exit_code == 0
    before = export_text(target)
    again = run(target, "seed", moved)
    assert again.exit_code == 0 and again.stdout.startswith("Nothing new")
    assert export_text(target) == before


@freeze_time("2026-10-20 10:00:00")
def test_seeding_an_export_again_leaves_what_lived_on_since_as_it_is(lived_in, new_store, tmp_path):
    moved = write(tmp_path / "moved.json", json.loads(export_text(lived_in)))
    target = new_store("target")
    assert run(target, "seed", moved).exit_code == 0
    ok(target, "answer", "5", "Yes, in every city we cover.", user="marco")
    again = run(target, "seed", moved)
    assert again.exit_code == 0 and again.stdout.startswith("Nothing new")
    assert ok(target, "show", "5", user="carla")["status"] == "answered"


@freeze_time("2026-10-20 10:00:00")
def test_an_export_does_not_go_over_questions_of_another_community(lived_in, new_store, tmp_path):
    moved = write(tmp_path / "moved.json", json.loads(export_text(lived_in)))
    other = new_store("other")
    ok(other, "seed", write(tmp_path / "people.json", COMMUNITY))
    ok(other, "ask", "A question of this community", "--category", "phones", "--yes", user="carla")
    before = export_text(other)
    result = run(other, "seed", moved)
    assert result.exit_code == 2
    assert "question 1: the id is taken in this store by another question" in result.stderr
    assert export_text(other) == before
    in_italian = run(other, "--lang", "it", "seed", moved)
    assert "domanda 1: in questo archivio l'id è già usato da un altro record dello stesso tipo" in in_italian.stderr


@freeze_time("2026-10-20 10:00:00")
def test_seeding_an_export_into_a_store_with_users_needs_an_admin(lived_in, new_store, tmp_path):
    moved = write(tmp_path / "moved.json", json.loads(export_text(lived_in)))
    other = new_store("other")
    ok(other, "seed", write(tmp_path / "people.json", COMMUNITY))
    assert run(other, "seed", moved, user="carla").exit_code == 1


def test_records_that_break_the_rules_are_refused_and_nothing_is_written(new_store, tmp_path):
    target = new_store("target")
    forged = {
        "users": [{"name": "anna"}, {"name": "ada", "roles": ["admin"]}],
        "ledger": [
            {"user": "anna", "amount": 1, "kind": "earned", "at": "2026-10-01T09:00:00Z", "question": 7},
            {"user": "anna", "amount": -3, "kind": "adjusted", "at": "2026-10-01T09:00:00Z", "by": "ada"},
        ],
    }
    result = run(target, "seed", write(tmp_path / "forged.json", forged))
    assert result.exit_code == 2
    assert "anna earned a point for question 7 that no up rating gave" in result.stderr
    assert "anna's balance went below zero" in result.stderr
    assert run(target, "me", user="anna").exit_code == 1  # not even the users were seeded


def test_a_bad_record_field_is_named_by_its_path(new_store, tmp_path):
    bad = {
        "settings": {"identity": "anyone"},
        "questions": [{"id": "one", "asker": "anna", "category": "phones", "text": "hi", "status": "lost"}],
        "ledger": [{"user": "anna", "amount": 10_000_000, "kind": "gift", "at": "yesterday"}],
        "redemptions": [{"id": 1}],
        "attempts": [
            {
                "id": 1,
                "user": "anna",
                "category": "phones",
                "started_at": "2026-10-01T09:00:00Z",
                "questions": [],
                "pass_mark": 0.8,
                "passed": "yes",
            }
        ],
        "certification_changes": [
            {"user": "anna", "category": "phones", "action": "promoted", "at": "2026-10-01T09:00:00Z"}
        ],
        "users": [{"name": "anna", "grants": [{"category": "phones", "at": "2026-10-01T09:00:00Z"}]}],
        "rewards": [{"id": "mug", "title": "Mug", "cost": 2, "retired": "no"}],
    }
    result = run(new_store("target"), "seed", write(tmp_path / "bad.json", bad))
    assert result.exit_code == 2
    for expected in (
        "settings.identity: expected one of trust, login",
        "questions[0].id: expected a whole number",
        "questions[0].created_at: missing",
        "questions[0].status: expected one of open, claimed, answered, rated, withdrawn",
        "ledger[0].amount: must be from -1,000,000 to 1,000,000",
        "ledger[0].kind: expected one of earned, redeemed, adjusted, bounty_offered, bounty_paid, bounty_refunded",
        "ledger[0].at: 'yesterday' is not a time with its zone",
        "redemptions[0].voucher: missing",
        "attempts[0].questions: an attempt draws at least one question",
        "attempts[0].passed: expected true or false",
        "certification_changes[0].action: expected one of certified, renewed, revoked, lapsed, exam reset",
        "users[0].grants[0].category: 'phones' is not in certifications",
        "rewards[0].retired: expected true or false",
    ):
        assert f"bad.json: {expected}" in result.stderr


@freeze_time("2026-10-20 10:00:00")
def test_an_existing_file_is_kept_unless_forced(lived_in, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("keep me")
    refused = run(lived_in, "export", str(target))
    assert refused.exit_code == 2 and single_line(refused.stderr)
    assert "already exists: give --force" in refused.stderr
    assert target.read_text() == "keep me"
    assert run(lived_in, "export", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text())["questions"][0]["id"] == 1
    assert sorted(os.listdir(tmp_path)) == sorted(name for name in os.listdir(tmp_path) if not name.endswith(".tmp"))


@freeze_time("2026-10-20 10:00:00")
def test_json_says_what_was_exported_and_where(lived_in, tmp_path):
    summary = ok(lived_in, "export", str(tmp_path / "out.json"))
    assert summary["file"] == str(tmp_path / "out.json")
    assert summary["exported"]["questions"] == 5 and summary["exported"]["users"] == len(COMMUNITY["users"])
    assert (tmp_path / "out.json").stat().st_mode & 0o077 == 0  # vouchers and all: the owner's only


@freeze_time("2026-10-20 10:00:00")
def test_a_file_that_cannot_be_written_is_one_line_and_leaves_nothing(lived_in, tmp_path):
    result = run(lived_in, "export", str(tmp_path / "missing" / "out.json"), "--json")
    assert result.exit_code == 2
    assert "Cannot write" in json.loads(result.stderr)["error"]["message"]
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("name", ["", "."])
def test_a_name_that_is_not_a_file_is_refused(lived_in, name):
    result = run(lived_in, "export", name)
    assert result.exit_code == 2 and "is not a file's name" in result.stderr


@freeze_time("2026-10-20 10:00:00")
def test_json_needs_a_file_and_members_may_not_export(lived_in):
    assert run(lived_in, "export", "--json").exit_code == 2
    refused = run(lived_in, "export", user="carla")
    assert refused.exit_code == 1 and "admin" in refused.stderr and refused.stdout == ""
