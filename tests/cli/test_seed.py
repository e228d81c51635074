"""Seeding a store from fixture files: all or nothing, idempotent, every bad field named."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, name, document) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return str(path)


def test_the_demo_fixture_seeds_a_believable_community(run):
    result = run("seed", str(ROOT / "fixtures" / "demo.json"))
    assert result.exit_code == 0, result.output
    questions = run.json("questions", user="anna")
    assert len(questions) >= 20
    assert {question["category"] for question in questions} == {"tariffs", "services", "phones", "internet"}
    assert run.json("me", user="tina")["roles"] == ["member", "trainer"]
    assert "admin" in run.json("me", user="ada")["roles"]


def test_seeding_the_same_file_twice_changes_nothing(run):
    demo = str(ROOT / "fixtures" / "demo.json")
    run("seed", demo)
    before = run.raw()
    result = run("seed", demo, user="ada")
    assert result.exit_code == 0
    assert result.stdout.startswith("Nothing new")
    assert run.raw() == before


def test_a_community_seeded_as_several_files_twice_is_seeded_once(run, tmp_path, monkeypatch):
    fixture = {"users": [{"name": "ada", "roles": ["admin"]}, {"name": "anna"}]}
    paths = [write(tmp_path, "users.json", fixture)]
    for part in range(3):
        questions = [
            {"asker": "anna", "category": "phones", "text": f"Question {part}-{number}?"} for number in range(1500)
        ]
        paths.append(write(tmp_path, f"questions-{part}.json", {"questions": questions}))
    assert run.json("seed", *paths)["changed"]["questions"] == 4500
    before = run.raw()
    if run.engine == "postgres":
        # Which questions are new is a query there, not every stored question read into Python.
        from lesaitutte_cli.store.postgres.engine import PostgresTransaction

        monkeypatch.setattr(PostgresTransaction, "questions", None)
    result = run("seed", *paths, user="ada")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Nothing new")
    assert run.raw() == before


@pytest.mark.file_engine_only("reads the store through file_store")
def test_seed_stores_exam_banks_and_rewards(run, tmp_path):
    bank = {
        "category": "phones",
        "questions_per_attempt": 1,
        "pass_mark": 1,
        "questions": [{"id": "ph-1", "text": "IMEI code?", "choices": ["*#06#", "*100#"], "answer": [0]}],
    }
    path = write(
        tmp_path, "f.json", {"exams": [bank], "rewards": [{"id": "topup-5", "title": "5 EUR", "cost": 50, "stock": 3}]}
    )
    assert run("seed", path).exit_code == 0
    from lesaitutte_cli.store.file import file_store

    with file_store(run.db).transaction() as tx:
        assert tx.exam_bank("phones").questions[0].choices == ("*#06#", "*100#")
        assert tx.reward("topup-5").stock == 3


@pytest.mark.file_engine_only("checks that no store file was created")
def test_a_bad_field_is_reported_with_its_path_and_nothing_is_written(run, tmp_path):
    good = write(tmp_path, "good.json", {"users": [{"name": "anna"}]})
    bad = write(
        tmp_path,
        "bad.json",
        {
            "questions": [
                {"asker": "anna", "category": "phones", "text": "ok"},
                {"asker": "anna", "category": "phones", "text": 5},
            ]
        },
    )
    result = run("seed", good, bad)
    assert result.exit_code == 2
    assert f"{bad}: questions[1].text: expected a string" in result.stderr
    assert "Nothing was seeded" in result.stderr
    assert not run.db.exists()


def test_a_file_that_is_not_json_is_bad_input(run, tmp_path):
    path = write(tmp_path, "broken.json", '{"users": [')
    result = run("seed", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path} is not valid JSON")
    assert len(result.stderr.splitlines()) == 1


def test_a_missing_file_is_bad_input(run, tmp_path):
    result = run("seed", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "No such file or directory" in result.stderr


def test_seeded_questions_register_their_askers_and_use_fixture_categories(run, tmp_path):
    path = write(
        tmp_path,
        "f.json",
        {
            "categories": [{"id": "roaming", "title": "Roaming"}],
            "questions": [{"asker": "nuovo", "category": "roaming", "text": "Spain?"}],
        },
    )
    assert run("seed", path).exit_code == 0
    assert run.json("questions", user="nuovo")[0]["category"] == "roaming"


@pytest.mark.file_engine_only("reads the store through file_store")
def test_seeding_again_keeps_the_live_stock_of_a_reward(run, tmp_path):
    path = write(tmp_path, "f.json", {"rewards": [{"id": "topup-5", "title": "5 EUR", "cost": 50, "stock": 3}]})
    run("seed", path)
    from dataclasses import replace

    from lesaitutte_cli.store.file import file_store

    with file_store(run.db).transaction() as tx:
        tx.save_reward(replace(tx.reward("topup-5"), stock=1))
    run("seed", path)
    with file_store(run.db).transaction() as tx:
        assert tx.reward("topup-5").stock == 1


def test_users_are_merged_not_replaced(run, tmp_path):
    first = {"users": [{"name": "ada", "roles": ["admin"]}, {"name": "marco", "certifications": ["phones"]}]}
    run("seed", write(tmp_path, "a.json", first))
    run("seed", write(tmp_path, "b.json", {"users": [{"name": "marco", "roles": ["trainer"]}]}), user="ada")
    me = run.json("me", user="marco")
    assert me["certifications"] == ["phones"] and "trainer" in me["roles"]


def test_anyone_may_seed_a_new_store_and_its_admins_become_the_first(run, tmp_path):
    result = run("seed", write(tmp_path, "a.json", {"users": [{"name": "ada", "roles": ["admin"]}]}), user="stranger")
    assert result.exit_code == 0, result.output
    assert "admin" in run.json("me", user="ada")["roles"]


def test_on_a_store_with_users_only_an_admin_may_seed(community, tmp_path):
    backdoor = write(
        tmp_path,
        "backdoor.json",
        {"users": [{"name": "anna", "roles": ["admin"], "certifications": ["phones"]}]},
    )
    before = community.raw()
    for name in ("anna", "stranger"):
        result = community("seed", backdoor, user=name)
        assert result.exit_code == 1
        assert f"only an admin may seed it, and '{name}' is not one" in result.stderr
    assert community.raw() == before
    assert community("seed", backdoor, user="ada").exit_code == 0


def test_a_store_with_users_but_no_admin_says_how_to_get_one(run, tmp_path):
    assert run("seed", write(tmp_path, "a.json", {"users": [{"name": "anna"}]}), user="anna").exit_code == 0
    more = write(tmp_path, "b.json", {"users": [{"name": "zoe"}]})
    refused = run("seed", more, user="anna")
    assert refused.exit_code == 1
    assert "no admin yet" in refused.stderr and "lesaitutte --user NAME register" in refused.stderr
    # Following the advice works: the first to register where there is no admin becomes it.
    assert run("register", user="ada").exit_code == 0
    assert run("seed", more, user="ada").exit_code == 0
    assert run.json("me", user="zoe")["name"] == "zoe"


def test_under_the_login_policy_seed_takes_the_admin_from_the_login(community, tmp_path, logged_in_as):
    assert community("settings", "identity", "login", user="ada").exit_code == 0
    logged_in_as("anna")
    result = community("seed", write(tmp_path, "b.json", {"users": [{"name": "zoe"}]}), user="ada")
    assert result.exit_code == 1
    assert "act only as themselves" in result.stderr


def test_a_fixture_nested_too_deeply_is_bad_input_naming_the_file(run, tmp_path):
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    result = run("seed", path)
    assert result.exit_code == 2, result.output
    assert f"{path} is nested too deeply" in result.stderr


@pytest.mark.file_engine_only("checks that no store file was created")
def test_a_fixture_with_a_lone_surrogate_is_bad_input_naming_the_file_and_field(run, tmp_path):
    path = write(tmp_path, "half.json", '{"questions": [{"asker": "anna", "category": "phones", "text": "a\\ud800"}]}')
    before = run.db.exists()
    result = run("seed", path)
    assert result.exit_code == 2, result.output
    assert f"{path}: questions[0].text holds a lone surrogate escape" in result.stderr
    assert run.db.exists() == before


def test_a_fixture_with_both_halves_of_a_pair_is_fine(run, tmp_path):
    path = write(
        tmp_path, "pair.json", '{"questions": [{"asker": "anna", "category": "phones", "text": "ok \\ud83d\\ude00"}]}'
    )
    assert run("seed", path).exit_code == 0
    assert run.json("show", "1", user="anna")["text"] == "ok \U0001f600"


def test_a_fixture_history_a_rule_refuses_is_reported_in_local_time(run, tmp_path):
    late = {
        "users": [{"name": "anna"}, {"name": "marco", "certifications": ["phones"]}],
        "questions": [
            {
                "asker": "anna",
                "category": "phones",
                "text": "IMEI?",
                "answered_by": "marco",
                "answer": "Dial *#06#.",
                "claimed_at": "2026-11-25T10:00:00Z",
                "answered_at": "2026-11-25T13:00:00Z",
            }
        ],
    }
    result = run("seed", write(tmp_path, "late.json", late))
    assert result.exit_code == 2
    assert "questions[0]: Your claim on question 1 expired at 2026-11-25 13:00:00 CET;" in result.stderr
    assert "Nothing was seeded: fix the problem above" in result.stderr
