"""Certification through the command line: answers files, refusals, trainers and results."""

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from freezegun import freeze_time

ROOT = Path(__file__).resolve().parents[2]

BANK = {
    "category": "phones",
    "questions_per_attempt": 3,
    "pass_mark": 0.66,
    "retry_after_hours": 24,
    "questions": [
        {"id": "ph-1", "text": "Which code shows the IMEI?", "choices": ["*#06#", "*100#", "#31#"], "answer": [0]},
        {"id": "ph-2", "text": "What does a PUK unlock?", "choices": ["The SIM", "The screen"], "answer": [0]},
        {
            "id": "ph-3",
            "text": "Which help a phone find the network?",
            "choices": ["Restart", "Airplane mode on and off", "A new case"],
            "answer": [0, 1],
        },
        {"id": "ph-4", "text": "What is VoLTE?", "choices": ["Calls over 4G", "A charger"], "answer": [0]},
    ],
}
ALL_RIGHT = {question["id"]: question["answer"] for question in BANK["questions"]}
ALL_WRONG = {"ph-1": [1], "ph-2": [1], "ph-3": [2], "ph-4": [1]}


@pytest.fixture
def examined(community):
    community.seed({"exams": [BANK]})
    return community


def answers_file(tmp_path, answers) -> str:
    path = tmp_path / f"answers-{len(list(tmp_path.glob('answers-*')))}.json"
    path.write_text(json.dumps(answers))
    return str(path)


def test_passing_by_answers_file_certifies_and_lets_the_expert_claim(examined, tmp_path):
    result = examined.json("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="carla")
    assert result["passed"] is True and result["correct"] == 3 and result["questions"] == 3
    assert result["retry_at"] is None
    assert examined.json("me", user="carla")["certifications"] == ["phones"]
    examined.json("ask", "IMEI?", "--category", "phones", user="anna")
    assert examined.json("claim", "1", user="carla")["claimed_by"] == "carla"


def test_the_result_never_shows_the_right_answers(examined, tmp_path):
    result = examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_WRONG), "--json", user="carla")
    assert set(json.loads(result.stdout)) == {
        "attempt",
        "category",
        "questions",
        "correct",
        "score",
        "pass_mark",
        "passed",
        "retry_at",
    }


def test_failing_sets_the_retry_delay_and_says_when_it_ends(examined, tmp_path):
    with freeze_time("2026-11-25 09:00:00"):
        result = examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_WRONG), user="carla")
    assert result.exit_code == 0
    assert result.stdout == (
        "Not passed: 0 of 3 right (0%), 66% needed. You may try again from 2026-11-26 10:00:00 CET.\n"
    )
    with freeze_time("2026-11-26 08:59:59"):
        early = examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="carla")
    assert early.exit_code == 1
    assert "allowed from 2026-11-26 10:00:00 CET" in early.stderr
    with freeze_time("2026-11-26 09:00:00"):
        again = examined.json("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="carla")
    assert again["passed"] is True


def test_questions_missing_from_the_file_count_as_wrong_and_unknown_ids_are_ignored(examined, tmp_path):
    result = examined.json("take-exam", "phones", "--answers", answers_file(tmp_path, {"nope": [0]}), user="carla")
    assert result["correct"] == 0 and result["passed"] is False


def test_every_attempt_is_recorded_with_the_draw_and_the_answers(examined, tmp_path):
    examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_WRONG), user="carla")
    (attempt,) = examined.json("exam", "results", user="tina")
    assert attempt["user"] == "carla" and attempt["category"] == "phones"
    assert len(attempt["questions"]) == 3 and len(set(attempt["questions"])) == 3
    assert attempt["answers"] == {qid: ALL_WRONG[qid] for qid in attempt["questions"]}
    assert (attempt["correct"], attempt["passed"], attempt["result"]) == (0, False, "failed")


def test_an_expert_already_certified_has_no_exam_to_take(examined, tmp_path):
    result = examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="marco")
    assert result.exit_code == 1
    assert "already certified in phones" in result.stderr


def test_a_category_without_a_bank_is_refused_with_those_that_have_one(examined, tmp_path):
    result = examined("take-exam", "tariffs", "--answers", answers_file(tmp_path, {}), user="carla")
    assert result.exit_code == 1
    assert result.stderr == "Error: There is no exam for 'tariffs'. Exams exist for: phones.\n"


def test_with_no_exam_at_all_exam_show_says_how_to_import_one(community):
    result = community("exam", "show", "phones", user="tina")
    assert result.exit_code == 1 and "lesaitutte exam import FILE" in result.stderr


def test_a_bad_exam_file_says_to_run_exam_import_again(community, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"exams": [dict(BANK, pass_mark=3)]}))
    result = community("exam", "import", str(bad), user="tina")
    assert result.exit_code == 2
    assert "run exam import again" in result.stderr and "seed" not in result.stderr


def test_a_malformed_answers_file_is_bad_input_and_records_nothing(examined, tmp_path):
    before = examined.raw()
    result = examined("take-exam", "phones", "--answers", answers_file(tmp_path, {"ph-1": "zero"}), user="carla")
    assert result.exit_code == 2
    assert "ph-1: expected a list of choice numbers" in result.stderr
    assert examined.raw() == before


def test_without_a_terminal_or_answers_file_it_exits_2_at_once(examined):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "lesaitutte_cli", "--db", str(examined.db), "--user", "carla", "take-exam", "phones"],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        timeout=20,
        cwd=ROOT,
    )
    assert time.monotonic() - started < 10
    assert result.returncode == 2
    assert "--answers FILE" in result.stderr and "Traceback" not in result.stderr
    assert examined.json("exam", "results", user="tina") == []


# Trainers


def test_members_are_refused_the_trainer_commands_with_the_role_named(examined, tmp_path):
    bank_file = answers_file(tmp_path, {"exams": [BANK]})
    for args in (
        ["certify", "carla", "phones"],
        ["revoke", "marco", "phones", "--reason", "x"],
        ["exam", "import", bank_file],
        ["exam", "show", "phones"],
        ["exam", "results"],
    ):
        result = examined(*args, user="carla")
        assert result.exit_code == 1, args
        assert "needs the trainer role, which 'carla' does not have" in result.stderr


def test_admins_may_do_what_trainers_do(examined):
    assert examined("certify", "carla", "phones", user="ada").exit_code == 0


def test_certify_makes_an_expert(examined):
    result = examined("certify", "carla", "internet", user="tina")
    assert result.exit_code == 0 and result.stdout == "carla is now certified in internet.\n"
    assert examined.json("me", user="carla")["roles"] == ["member", "expert"]
    assert examined("certify", "carla", "internet", user="tina").exit_code == 1
    assert examined("certify", "nobody", "internet", user="tina").exit_code == 1
    assert examined("certify", "carla", "cars", user="tina").exit_code == 2


def test_revoke_needs_a_reason_and_releases_the_experts_claim_in_that_category(examined):
    examined.json("ask", "IMEI?", "--category", "phones", user="anna")
    examined.json("claim", "1", user="marco")
    assert examined("revoke", "marco", "phones", user="tina").exit_code == 2
    result = examined("revoke", "marco", "phones", "--reason", "copied answers", user="tina")
    assert result.exit_code == 0
    assert "Question 1, which marco held, is open again." in result.stdout
    assert examined.json("me", user="marco")["certifications"] == ["internet"]
    question = examined.question(1)
    assert question.status == "open"
    assert question.history[-1].detail == "certification in phones revoked by tina"


def test_revoking_another_category_keeps_the_claim(examined):
    examined.json("ask", "IMEI?", "--category", "phones", user="anna")
    examined.json("claim", "1", user="marco")
    examined("revoke", "marco", "internet", "--reason", "no longer active", user="tina")
    assert examined.question(1).claimed_by == "marco"


def test_exam_import_loads_a_bank_and_refuses_a_bad_one_whole(examined, tmp_path):
    internet = dict(BANK, category="internet")
    result = examined("exam", "import", answers_file(tmp_path, {"exams": [internet]}), user="tina")
    assert result.exit_code == 0
    assert "Imported the internet exam: 4 questions, 3 drawn per attempt, pass mark 66%" in result.stdout
    before = examined.raw()
    bad = answers_file(tmp_path, {"exams": [dict(BANK, category="tariffs", pass_mark=2)], "users": []})
    result = examined("exam", "import", bad, user="tina")
    assert result.exit_code == 2
    assert f"{bad}: users: unknown key (expected one of exams)" in result.stderr
    assert f"{bad}: exams[0].pass_mark: must be between 0.01 and 1" in result.stderr
    assert examined.raw() == before


def test_the_shipped_exam_banks_import(examined):
    paths = sorted((ROOT / "fixtures" / "exams").glob("*.json"))
    assert [path.stem for path in paths] == ["internet", "phones", "services", "tariffs"]
    for path in paths:
        result = examined("exam", "import", str(path), user="tina")
        assert result.exit_code == 0, result.stderr
        bank = examined.json("exam", "show", path.stem, "--with-answers", user="tina")
        assert bank["size"] >= 12
        assert any(len(question["answer"]) > 1 for question in bank["questions"])


def test_exam_show_hides_the_answers_unless_asked(examined):
    plain = examined.json("exam", "show", "phones", user="tina")
    assert (plain["size"], plain["questions_per_attempt"], plain["pass_mark"], plain["retry_after_hours"]) == (
        4,
        3,
        0.66,
        24,
    )
    assert all("answer" not in question for question in plain["questions"])
    assert "(right)" not in examined("exam", "show", "phones", user="tina").stdout
    assert examined.json("exam", "show", "phones", "--with-answers", user="tina")["questions"][0]["answer"] == [0]
    assert "0) *#06# (right)" in examined("exam", "show", "phones", "--with-answers", user="tina").stdout


def test_exam_results_filter_and_come_as_table_json_and_csv(examined, tmp_path):
    with freeze_time("2026-10-20 09:00:00"):
        examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_WRONG), user="carla")
    with freeze_time("2026-11-20 09:00:00"):
        examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="carla")
        examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="anna")
    everything = examined.json("exam", "results", user="tina")
    assert [(row["user"], row["passed"]) for row in everything] == [("carla", False), ("carla", True), ("anna", True)]
    since = examined.json("exam", "results", "--since", "1 Nov 2026", user="tina")
    assert [row["attempt"] for row in since] == [2, 3]
    assert [row["attempt"] for row in examined.json("exam", "results", "--user", "anna", user="tina")] == [3]
    assert examined.json("exam", "results", "--category", "internet", user="tina") == []
    rows = list(csv.DictReader(io.StringIO(examined("exam", "results", "--csv", user="tina").stdout)))
    assert [(row["user"], row["when"], row["result"]) for row in rows][0] == ("carla", "2026-10-20T09:00:00Z", "failed")
    table = examined("exam", "results", user="tina").stdout
    assert "2026-11-20 10:00:00 CET" in table and "passed" in table


def test_exam_results_refuses_a_date_it_cannot_read(examined):
    result = examined("exam", "results", "--since", "next blursday", user="tina")
    assert result.exit_code == 2
    assert "cannot read 'next blursday' as a date" in result.stderr


def test_me_shows_the_last_attempt_and_when_to_retry(examined, tmp_path):
    with freeze_time("2026-11-25 09:00:00"):
        examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_WRONG), user="carla")
        me = examined.json("me", user="carla")
        text = examined("me", user="carla").stdout
    assert me["exams"] == [
        {
            "category": "phones",
            "last_attempt_at": "2026-11-25T09:00:00Z",
            "result": "failed",
            "score": 0.0,
            "retry_at": "2026-11-26T09:00:00Z",
        }
    ]
    assert "Last phones exam: failed on 2026-11-25 10:00:00 CET; next attempt from 2026-11-26 10:00:00 CET" in text


def test_a_trainer_resets_a_wait_and_the_history_records_it(examined, tmp_path):
    with freeze_time("2026-11-25 09:00:00"):
        examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_WRONG), user="carla")
    with freeze_time("2026-11-25 10:00:00"):
        assert (
            examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="carla").exit_code == 1
        )
        assert examined("exam", "reset", "carla", "phones", "--reason", "why", user="anna").exit_code == 1
        reset = examined.json("exam", "reset", "carla", "phones", "--reason", "terminal closed", user="tina")
        assert (reset["user"], reset["attempt"], reset["by"]) == ("carla", 1, "tina")
        assert examined.json("me", user="carla")["exams"][0]["retry_at"] is None
        again = examined("exam", "reset", "carla", "phones", "--reason", "twice", user="tina")
        assert again.exit_code == 1 and "no wait to clear" in again.stderr
        history = examined.json("history", "carla", user="tina")
        assert {"kind": "exam reset", "detail": "phones by tina (terminal closed)"}.items() <= history[-1].items()
        passed = examined.json("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="carla")
        assert passed["passed"] is True


def test_results_show_the_outcome_in_the_readers_words_and_csv_keeps_the_machine_value(examined, tmp_path):
    examined("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_WRONG), user="carla")
    italian = examined("--lang", "it", "exam", "results", user="tina").stdout.splitlines()
    assert italian[0].split()[-1] == "esito" and italian[2].endswith("non superato")
    assert examined("exam", "results", user="tina").stdout.splitlines()[2].endswith("failed")
    assert examined("--lang", "it", "exam", "results", "--csv", user="tina").stdout.splitlines()[1].endswith(",failed")
