"""The two-hour window through the command line, with frozen time."""

import json

import pytest
from freezegun import freeze_time

from tests.conftest import single_line

CLAIMED_AT = "2026-11-25 09:00:00"  # UTC; the deadline is 11:00 UTC, 12:00 in Rome


@pytest.fixture
def claimed(community):
    with freeze_time("2026-11-25 08:30:00"):
        community.json("ask", "How do I find my IMEI?", "--category", "phones", user="anna")
    with freeze_time(CLAIMED_AT):
        community.json("claim", "1", user="marco")
    return community


def test_an_answer_at_1_59_59_is_accepted(claimed):
    with freeze_time("2026-11-25 10:59:59"):
        result = claimed("answer", "1", "Dial *#06#.", user="marco")
    assert result.exit_code == 0
    assert claimed.question(1).status == "answered"


def test_an_answer_at_2_00_01_is_refused_with_the_expiry_time_and_the_question_is_open_again(claimed):
    with freeze_time("2026-11-25 11:00:01"):
        result = claimed("answer", "1", "Dial *#06#.", user="marco")
    assert result.exit_code == 1
    assert single_line(result.stderr)
    assert "Your claim on question 1 expired at 2026-11-25 12:00:00 CET; the answer was not saved." in result.stderr
    question = claimed.question(1)
    assert question.status == "open" and question.answer is None
    assert [(event.kind, event.actor) for event in question.history][-1] == ("expired", "marco")


def test_claim_refusals_give_the_deadline_in_local_time(claimed):
    with freeze_time("2026-11-25 10:00:00"):
        mine = claimed("claim", "1", user="marco")
        theirs = claimed("claim", "1", user="paola")
        theirs_as_json = claimed("claim", "1", "--json", user="paola")
    assert mine.stderr == "Error: You already hold question 1, until 2026-11-25 12:00:00 CET.\n"
    expected = (
        "Question 1 was claimed first by marco (until 2026-11-25 12:00:00 CET). Try another: lesaitutte claim --next"
    )
    assert theirs.stderr == f"Error: {expected}\n"
    assert json.loads(theirs_as_json.stderr) == {"error": {"code": 1, "message": expected}}


def test_the_expiry_is_recorded_at_the_deadline_not_when_it_was_noticed(claimed):
    with freeze_time("2026-11-26 08:00:00"):
        claimed("me", user="carla")
    expired = claimed.question(1).history[-1]
    assert expired.kind == "expired"
    assert expired.at.isoformat() == "2026-11-25T11:00:00+00:00"


COMMANDS = [
    ("register", "newcomer"),
    ("me", "carla"),
    ("questions", "carla"),
    ("show 1", "carla"),
    ("show 99", "carla"),  # refused: the expiry is applied all the same
    ("ask Hi? --category nowhere", "carla"),  # bad input: likewise
    ("claim --next", "bruno"),
    ("rate 1 up", "carla"),
    ("seed MISSING", None),
]


@pytest.mark.parametrize("command, user", COMMANDS, ids=[command for command, _ in COMMANDS])
def test_every_command_expires_overdue_claims_before_anything_else(claimed, command, user, tmp_path):
    args = command.split()
    if args == ["seed", "MISSING"]:
        fixture = tmp_path / "empty.json"
        fixture.write_text("{}")
        args = ["seed", str(fixture)]
    with freeze_time("2026-11-25 11:00:00"):
        claimed(*args, user=user)
    question = claimed.question(1)
    assert question.status == "open"
    assert question.history[-1].kind == "expired"


def test_a_claim_one_second_before_the_deadline_is_not_expired_by_other_commands(claimed):
    with freeze_time("2026-11-25 10:59:59"):
        listed = claimed.json("questions", user="carla")
    assert listed[0]["status"] == "claimed"
    assert claimed.question(1).claimed_by == "marco"


def test_after_the_expiry_another_expert_may_claim_but_not_the_one_who_let_it_expire(claimed):
    with freeze_time("2026-11-25 11:30:00"):
        refused = claimed("claim", "1", user="marco")
        assert refused.exit_code == 1
        assert "expired once" in refused.stderr
        assert claimed("claim", "--next", user="marco").exit_code == 1
        assert claimed.json("claim", "1", user="paola")["claimed_by"] == "paola"
        assert claimed.json("me", user="marco")["active_claim"] is None


def test_an_expert_whose_claim_expired_may_claim_another_question(claimed):
    with freeze_time("2026-11-25 10:00:00"):
        claimed.json("ask", "Second question?", "--category", "phones", user="anna")
    with freeze_time("2026-11-25 11:00:00"):
        assert claimed.json("claim", "2", user="marco")["id"] == 2
