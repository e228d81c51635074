"""Bounties through the command line: offered, shown, paid, refunded, preferred, recounted."""

import json

import pytest
from freezegun import freeze_time

from lesaitutte_cli import clock
from lesaitutte_cli.store.file import file_store

T0 = "2026-11-25 09:00:00"


@pytest.fixture
def funded(community):
    """anna and carla each hold 10 points."""
    for name in ("anna", "carla"):
        result = community("points", "adjust", name, "10", "--reason", "welcome", user="ada")
        assert result.exit_code == 0, result.output
    return community


def points(run, name):
    return run.json("me", user=name)["points"]


@freeze_time(T0)
def test_asking_with_a_bounty_takes_the_points_at_once_and_shows_it(funded):
    question = funded.json("ask", "Why no 5G?", "-c", "phones", "--bounty", "4", user="anna")
    assert question["bounty"] == 4
    assert points(funded, "anna") == 6
    assert funded.json("show", str(question["id"]), user="carla")["bounty"] == 4
    assert "Bounty: 4 points" in funded("show", str(question["id"]), user="carla").output
    listing = funded("questions", user="carla").output
    assert "bounty" in listing.splitlines()[0]
    history = funded.json("me", "--history", user="anna")["history"]
    assert [(entry["kind"], entry["amount"]) for entry in history if entry["kind"] != "adjusted"] == [
        ("bounty_offered", -4)
    ]


@freeze_time(T0)
def test_a_bounty_on_an_open_question_of_mine(funded):
    question = funded.json("ask", "Why no 5G?", "-c", "phones", user="anna")
    result = funded("bounty", str(question["id"]), "3", user="anna")
    assert result.exit_code == 0
    assert "bounty of 3 points" in result.output
    assert points(funded, "anna") == 7
    refused = funded("bounty", str(question["id"]), "3", user="carla")
    assert refused.exit_code == 1 and "Only anna" in refused.stderr


@freeze_time(T0)
@pytest.mark.parametrize("amount", ["0", "1001", "-2", str(2**70)])
def test_a_bounty_out_of_bounds_exits_2_and_changes_nothing(funded, amount):
    before = funded.raw()
    result = funded("ask", "Why no 5G?", "-c", "phones", "--bounty", amount, user="anna")
    assert result.exit_code == 2
    assert "1<=x<=1000" in result.stderr  # bounded in the option (domain/limits.py), as every number
    assert funded.raw() == before


@freeze_time(T0)
def test_a_bounty_over_the_balance_is_refused_and_nothing_is_posted(funded):
    before = funded.raw()
    result = funded("ask", "Why no 5G?", "-c", "phones", "--bounty", "11", user="anna")
    assert result.exit_code == 1
    assert "you have 10" in result.stderr
    assert funded.raw() == before


def answer(run, question_id, expert="marco"):
    run.json("claim", str(question_id), user=expert)
    run.json("answer", str(question_id), "Turn it on.", user=expert)


@freeze_time(T0)
def test_an_up_rating_pays_the_bounty_on_top_of_the_point(funded):
    question = funded.json("ask", "Why no 5G?", "-c", "phones", "--bounty", "4", user="anna")
    answer(funded, question["id"])
    result = funded("rate", str(question["id"]), "up", user="anna")
    assert "marco earns a point" in result.output and "bounty of 4 points goes to marco" in result.output
    me = funded.json("me", user="marco")
    assert (me["points"], me["earned"]) == (5, 5)
    assert funded.json("show", str(question["id"]), user="anna")["bounty"] == 0
    assert funded("check", user="ada").exit_code == 0


def test_the_pair_cap_stops_the_point_but_not_the_bounty(funded):
    with freeze_time(T0):
        for number in range(3):
            question = funded.json("ask", f"Plain question {number}?", "-c", "phones", user="anna")
            answer(funded, question["id"])
            funded.json("rate", str(question["id"]), "up", user="anna")
        question = funded.json("ask", "Why no 5G?", "-c", "phones", "--bounty", "4", user="anna")
        answer(funded, question["id"])
        result = funded("rate", str(question["id"]), "up", user="anna")
    assert "earns no point" in result.output and "bounty of 4 points goes to marco" in result.output
    assert points(funded, "marco") == 3 + 4


@freeze_time(T0)
@pytest.mark.parametrize("how", ["down", "withdraw"])
def test_a_down_rating_or_a_withdrawal_refunds_the_bounty(funded, how):
    question = funded.json("ask", "Why no 5G?", "-c", "phones", "--bounty", "4", user="anna")
    if how == "down":
        answer(funded, question["id"])
        result = funded("rate", str(question["id"]), "down", user="anna")
    else:
        result = funded("withdraw", str(question["id"]), user="anna")
    assert result.exit_code == 0
    assert "4 points" in result.output
    assert points(funded, "anna") == 10
    assert points(funded, "marco") == 0
    assert funded("check", user="ada").exit_code == 0


def test_an_unanswered_bounty_returns_after_exactly_seven_days(funded):
    with freeze_time(T0):
        question = funded.json("ask", "Why no 5G?", "-c", "phones", "--bounty", "4", user="anna")
    with freeze_time("2026-12-02 08:59:59"):
        assert points(funded, "anna") == 6
    with freeze_time("2026-12-02 09:00:00"):
        # Any command notices it, here one by someone else.
        funded.json("questions", user="carla")
        assert points(funded, "anna") == 10
        shown = funded.json("show", str(question["id"]), user="anna")
        assert (shown["status"], shown["bounty"]) == ("open", 0)
        assert funded("check", user="ada").exit_code == 0


@freeze_time(T0)
def test_claim_next_prefers_the_highest_bounty_then_the_oldest(funded):
    funded.json("ask", "Oldest, no bounty?", "-c", "phones", user="carla")
    small = funded.json("ask", "Small bounty?", "-c", "phones", "--bounty", "1", user="carla")
    big = funded.json("ask", "Big bounty?", "-c", "phones", "--bounty", "3", user="anna")
    big_too = funded.json("ask", "Big bounty, newer?", "-c", "phones", "--bounty", "3", user="carla")
    ids = [item["id"] for item in funded.json("questions", "--sort", "bounty", user="anna")]
    assert ids == [big["id"], big_too["id"], small["id"], 1]
    assert funded.json("claim", "--next", user="marco")["id"] == big["id"]
    assert funded.json("claim", "--next", user="paola")["id"] == big_too["id"]


@pytest.mark.file_engine_only("files questions away in the file engine's archive")
def test_bounties_stay_exact_when_their_questions_are_archived(funded):
    with freeze_time(T0):
        paid = funded.json("ask", "Paid?", "-c", "phones", "--bounty", "2", user="anna")
        answer(funded, paid["id"])
        funded.json("rate", str(paid["id"]), "up", user="anna")
        waiting = funded.json("ask", "Waiting for a rating?", "-c", "phones", "--bounty", "3", user="anna")
        answer(funded, waiting["id"], expert="paola")
    with freeze_time("2026-12-20 09:00:00"):
        with file_store(funded.db).transaction() as tx:
            tx.archive_settled(clock.now(), force=True)
            assert [question.id for question in tx.live_questions()] == []
        assert funded.json("show", str(waiting["id"]), user="anna")["bounty"] == 3
        funded.json("rate", str(waiting["id"]), "up", user="anna")
        assert points(funded, "paola") == 1 + 3
        assert points(funded, "anna") == 10 - 2 - 3
        assert funded("check", user="ada").exit_code == 0


@pytest.mark.parametrize("amount", ["0", "1001", str(2**70)])
def test_a_bounty_out_of_bounds_on_a_question_is_a_json_usage_error(funded, amount):
    funded.json("ask", "Why no 5G?", "-c", "phones", user="anna")
    before = funded.raw()
    raised = funded("bounty", "1", amount, "--json", user="anna")
    assert raised.exit_code == 2 and raised.stdout == ""
    assert "1<=x<=1000" in json.loads(raised.stderr)["error"]["message"]
    assert funded.raw() == before


def test_the_questions_table_with_its_bounty_column_still_fits_the_terminal(funded, monkeypatch):
    text = "My phone keeps losing the network every evening on the way home, " * 3 + "THE END"
    funded.json("ask", text, "-c", "phones", "--bounty", "3", user="anna")
    funded.json("ask", "Short one?", "-c", "phones", user="carla")
    monkeypatch.setenv("COLUMNS", "80")
    lines = funded("questions", "--sort", "bounty", user="carla").stdout.splitlines()
    assert lines[0].split()[:4] == ["id", "category", "status", "bounty"]
    assert max(len(line) for line in lines) <= 80
    assert lines[2].endswith("…") and "THE END" not in lines[2]
    assert lines[3].endswith("Short one?")


def test_the_asker_is_known_whatever_the_case_of_the_name_given(funded):
    funded.json("ask", "Why no 5G?", "-c", "phones", user="anna")
    offered = funded.json("bounty", "1", "2", user="ANNA")
    assert offered["bounty"] == 2 and offered["asker"] == "anna"
    assert points(funded, "Anna") == 8
    assert funded("bounty", "1", "1", user="Carla").exit_code == 1  # still not carla's question
