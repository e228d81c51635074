"""Who may act as whom, and points that two friends cannot farm."""

import getpass

import pytest
from freezegun import freeze_time

from tests.cli.test_points import earn


def test_a_pair_yields_at_most_three_points_in_24_hours(community):
    for minute in range(3):
        earn(community, "marco", at=f"2026-11-25 09:0{minute}:00")
    with freeze_time("2026-11-25 10:00:00"):
        question = community.json("ask", "A fourth one?", "--category", "phones", user="anna")["id"]
        community.json("claim", str(question), user="marco")
        community.json("answer", str(question), "Yes.", user="marco")
        result = community("rate", str(question), "up", user="anna")
    assert result.exit_code == 0
    assert result.stdout == (
        f"Rated the answer to question {question} up. marco earns no point for it: an asker's up ratings may earn "
        "one expert at most 3 points in 24 hours.\n"
    )
    assert community.json("me", user="marco")["earned"] == 3
    stored = community.question(question)
    assert stored.rating == "up"
    assert "no point" in stored.history[-1].detail  # the expert sees why in the question's history


def test_other_pairs_are_not_held_back(community):
    for minute in range(3):
        earn(community, "marco", at=f"2026-11-25 09:0{minute}:00")
    earn(community, "marco", asker="carla", at="2026-11-25 09:30:00")
    earn(community, "paola", at="2026-11-25 09:40:00")
    assert community.json("me", user="marco")["earned"] == 4
    assert community.json("me", user="paola")["earned"] == 1


def test_the_window_is_24_hours_rolling(community):
    for minute in range(3):
        earn(community, "marco", at=f"2026-11-25 09:0{minute}:00")
    earn(community, "marco", at="2026-11-26 08:59:59")  # the first three are still within 24 hours
    assert community.json("me", user="marco")["earned"] == 3
    earn(community, "marco", at="2026-11-26 09:00:00")  # the first one is now 24 hours old
    assert community.json("me", user="marco")["earned"] == 4


def test_admins_set_the_pair_limit(community):
    assert community("settings", "pair-points-per-day", "1", user="ada").exit_code == 0
    earn(community, "marco", at="2026-11-25 09:00:00")
    earn(community, "marco", at="2026-11-25 09:01:00")
    assert community.json("me", user="marco")["earned"] == 1
    assert community("settings", user="ada").stdout == (
        "identity: trust\npair-points-per-day: 1\ncertification-months: 0\nlanguage: en\n"
    )
    assert community("settings", "pair-points-per-day", "-1", user="ada").exit_code == 2
    refused = community("settings", "pair-points-per-day", "9", user="marco")
    assert refused.exit_code == 1 and "needs the admin role" in refused.stderr


@pytest.fixture
def training_room(community, logged_in_as):
    """A store under the login policy, used from the login 'carla'."""
    community("settings", "identity", "login", user="ada")
    logged_in_as("carla")
    return community


@pytest.mark.file_engine_only(
    "the login policy: on PostgreSQL the login is the database role (session_user), not the OS account"
)
def test_under_the_login_policy_people_act_only_as_themselves(training_room):
    refused = training_room("me", user="tina")
    assert refused.exit_code == 1
    assert "you are logged in as 'carla', so leave out --user or use --user carla" in refused.stderr
    assert training_room.json("me")["name"] == "carla"
    assert training_room.json("me", user="carla")["name"] == "carla"


@pytest.mark.file_engine_only(
    "the login policy: on PostgreSQL the login is the database role (session_user), not the OS account"
)
def test_under_the_login_policy_your_name_in_another_case_is_still_you(training_room):
    assert training_room.json("me", user="Carla")["name"] == "carla"


def test_under_the_login_policy_nobody_registers_someone_else(training_room):
    assert training_room("register", user="stranger").exit_code == 1


@pytest.mark.file_engine_only(
    "the login policy: on PostgreSQL the login is the database role (session_user), not the OS account"
)
def test_an_admins_login_may_act_as_anyone(training_room, logged_in_as):
    logged_in_as("ada")
    assert training_room.json("me", user="tina")["name"] == "tina"


@pytest.mark.file_engine_only(
    "the login policy: on PostgreSQL the login is the database role (session_user), not the OS account"
)
def test_the_login_policy_takes_the_account_not_the_environments_login_name(training_room, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "ada")  # what LOGNAME=ada makes getpass say
    refused = training_room("me", user="tina")
    assert refused.exit_code == 1 and "logged in as 'carla'" in refused.stderr


@pytest.mark.file_engine_only(
    "the login policy: on PostgreSQL the login is the database role (session_user), not the OS account"
)
def test_under_the_login_policy_naming_nobody_acts_as_the_account_not_the_environments_name(training_room, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "ada")  # LOGNAME=ada, and no --user
    assert training_room.json("me")["name"] == "carla"


def test_the_trust_policy_lets_user_name_anyone(community, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "carla")
    assert community.json("me", user="tina")["name"] == "tina"


def test_the_identity_policy_takes_only_known_values(community):
    assert community("settings", "identity", "maybe", user="ada").exit_code == 2
