"""Waiting for work through the command line: the refusals and the time limit (no waiting happens here)."""

import pytest
from freezegun import freeze_time

from tests.conftest import single_line


@freeze_time("2026-11-25 09:00:00")
def test_a_wait_of_zero_seconds_with_nothing_open_exits_1_and_says_so(community):
    result = community("claim", "--next", "--wait", "0", user="marco")
    assert result.exit_code == 1
    assert "No question you may claim arrived within 0 seconds" in result.stderr
    assert single_line(result.stderr)


@freeze_time("2026-11-25 09:00:00")
def test_a_wait_with_a_question_open_claims_it_at_once(community):
    community.json("ask", "Why no signal?", "-c", "phones", user="anna")
    claimed = community.json("claim", "--next", "--wait", "5", user="marco")
    assert (claimed["id"], claimed["claimed_by"]) == (1, "marco")


def test_wait_goes_with_next_only(community):
    result = community("claim", "1", "--wait", "5", user="marco")
    assert result.exit_code == 2
    assert "--wait goes with --next" in result.stderr


@pytest.mark.parametrize("seconds", ["nan", "inf", "1e300", "soon", "604801"])
def test_a_wait_that_is_not_a_sane_number_of_seconds_is_bad_usage(community, seconds):
    result = community("claim", "--next", f"--wait={seconds}", user="marco")
    assert result.exit_code == 2
    assert "is not a number of seconds from 0 to 604800" in result.stderr


def test_a_negative_wait_is_bad_usage(community):
    assert community("claim", "--next", "--wait", "-1", user="marco").exit_code == 2


def test_watch_without_a_certification_asks_for_a_category(community):
    result = community("watch", user="anna")
    assert result.exit_code == 1
    assert "lesaitutte watch --category CATEGORY" in result.stderr


def test_watch_of_an_unknown_category_is_bad_input(community):
    result = community("watch", "--category", "nope", user="anna")
    assert result.exit_code == 2
    assert "There is no category 'nope'" in result.stderr


def test_a_watch_command_that_is_not_utf8_is_refused_naming_the_option(community):
    result = community("watch", "--exec", "notify caf\udce9", user="marco")
    assert result.exit_code == 2 and "'--exec'" in result.stderr and "not valid UTF-8" in result.stderr
