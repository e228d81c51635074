"""A clock set back between commands never makes a service time negative; a seeded history runs forwards."""

import json

import pytest
from freezegun import freeze_time


def test_an_answer_timed_before_its_question_is_left_out_of_the_report(community):
    with freeze_time("2026-11-25 12:00:00"):
        community.json("ask", "Why no signal?", "--category", "phones", user="anna")
    with freeze_time("2026-11-25 09:00:00"):  # the machine's clock was set back three hours
        community.json("claim", "1", user="marco")
        community.json("answer", "1", "Restart the phone.", user="marco")
    with freeze_time("2026-11-25 13:00:00"):
        figures = community.json("report", user="tina")
        shown = community("report", user="tina").stdout
    assert figures["answered"] == 1
    assert figures["median_time_to_answer_s"] is None and figures["median_time_to_claim_s"] is None
    assert figures["answered_within_5_min"] is None
    assert figures["by_expert"]["marco"]["median_time_to_answer_s"] is None
    assert [line.split()[-1] for line in shown.splitlines() if line.startswith("median time to")] == ["-", "-"]
    assert "100%" not in shown


@pytest.mark.file_engine_only("checks that no store file was created")
def test_seed_refuses_a_history_whose_times_go_backwards(run, tmp_path):
    question = {
        "asker": "anna",
        "category": "phones",
        "text": "Why no signal?",
        "created_at": "2026-11-20T12:00:00Z",
        "answered_by": "marco",
        "answer": "Restart it.",
        "answered_at": "2026-11-20T09:00:00Z",
        "rating": "up",
        "rated_at": "2026-11-20T08:00:00Z",
    }
    path = tmp_path / "f.json"
    path.write_text(json.dumps({"users": [{"name": "marco", "certifications": ["phones"]}], "questions": [question]}))
    result = run("seed", str(path))
    assert result.exit_code == 2, result.output
    assert "questions[0].answered_at: 2026-11-20T09:00:00+00:00 is before created_at" in result.stderr
    assert "questions[0].rated_at: 2026-11-20T08:00:00+00:00 is before answered_at" in result.stderr
    assert not run.db.exists() or run.json("questions", "--status", "all", user="marco") == []
