"""The command line on PostgreSQL: the same commands give the same answers as on the file engine."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from lesaitutte_cli.cli import cli as lesaitutte
from lesaitutte_cli.domain import model  # noqa: F401  records defined before time is frozen (see test_export)
from tests.conftest import COMMUNITY

TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def invoke(db: str, *args: str, user: str = "ada", input: str | None = None):
    return CliRunner().invoke(lesaitutte, ["--db", db, "--user", user, *args], input=input, catch_exceptions=False)


def a_day_in_the_community(db: str, tmp_path) -> list:
    """What the commands print, as JSON with times and the store's location left out."""
    fixture = tmp_path / "community.json"
    fixture.write_text(json.dumps(COMMUNITY))
    steps = [
        ("ada", "seed", str(fixture)),
        ("anna", "ask", "How do I find the IMEI of my phone?", "--category", "phones"),
        ("carla", "ask", "Which phones take two SIM cards?", "--category", "phones"),
        ("marco", "claim", "--next"),
        ("paola", "claim", "--next"),
        ("marco", "answer", "1", "Dial *#06# and the IMEI of the phone shows."),
        ("paola", "release", "2"),
        ("anna", "rate", "1", "up"),
        ("anna", "ask", "Where do I see the IMEI on my phone?", "--category", "phones"),
        ("marco", "me"),
        ("ada", "leaderboard"),
        ("ada", "questions", "--status", "all"),
        ("ada", "show", "1"),
        ("tina", "report"),
        ("ada", "history", "marco"),
        ("ada", "rewards"),
    ]
    printed = []
    for user, *args in steps:
        result = invoke(db, *args, "--json", user=user)
        assert result.exit_code == 0, (args, result.output)
        shown = TIME.sub("T", result.stdout).replace(db, "STORE")
        printed.append(json.loads(shown) if shown.strip() else None)
    search = invoke(db, "search", "IMEI", "--json", user="anna")
    assert search.exit_code == 0, search.output
    hits = json.loads(search.stdout)
    printed.append([{key: value for key, value in hit.items() if key != "score"} for hit in hits])
    return printed


# Frozen: the report's service times would differ by a second wherever a clock tick falls between commands.
@freeze_time("2026-11-25 09:00:00")
def test_a_day_on_postgresql_prints_what_it_prints_on_the_file_engine(postgres_url, tmp_path):
    on_file = a_day_in_the_community(str(tmp_path / "store.json"), tmp_path)
    on_postgres = a_day_in_the_community(postgres_url, tmp_path)
    assert on_postgres == on_file


def test_check_on_postgresql_says_the_store_is_sound(postgres_url, tmp_path):
    fixture = tmp_path / "community.json"
    fixture.write_text(json.dumps(COMMUNITY))
    assert invoke(postgres_url, "seed", str(fixture)).exit_code == 0
    result = invoke(postgres_url, "check")
    assert result.exit_code == 0 and "is sound" in result.output


def test_a_database_that_does_not_connect_is_exit_3_without_password_or_traceback(postgres_cluster):
    url = postgres_cluster.url("no_such_database", "postgres", "s3cret-pw")
    result = CliRunner().invoke(lesaitutte, ["--db", url, "--user", "ada", "me"])
    assert result.exit_code == 3
    assert "createdb no_such_database" in result.output
    assert "s3cret-pw" not in result.output and "Traceback" not in result.output


def test_a_refusal_is_exit_1_on_postgresql(postgres_url, tmp_path):
    fixture = tmp_path / "community.json"
    fixture.write_text(json.dumps(COMMUNITY))
    assert invoke(postgres_url, "seed", str(fixture)).exit_code == 0
    assert invoke(postgres_url, "ask", "How do I roam in Spain?", "--category", "tariffs", user="anna").exit_code == 0
    result = invoke(postgres_url, "claim", "1", user="marco")  # not certified in tariffs
    assert result.exit_code == 1 and "certified in tariffs" in result.output


@pytest.mark.parametrize("name", ["postgres", "Postgres"])
def test_under_the_login_policy_the_database_role_is_who_acts(postgres_url, tmp_path, name):
    fixture = tmp_path / "community.json"
    fixture.write_text(json.dumps({"users": [{"name": "ada", "roles": ["admin"]}, {"name": name}, {"name": "anna"}]}))
    assert invoke(postgres_url, "seed", str(fixture)).exit_code == 0
    assert invoke(postgres_url, "settings", "identity", "login").exit_code == 0
    # The tests connect as the role postgres, which is a plain member here: it may act only as itself.
    assert invoke(postgres_url, "me", user="anna").exit_code == 1
    assert invoke(postgres_url, "me", user=name.upper()).exit_code == 0
    # Naming nobody is acting as the role, whatever the local login is.
    nobody_named = CliRunner().invoke(lesaitutte, ["--db", postgres_url, "me", "--json"], catch_exceptions=False)
    assert nobody_named.exit_code == 0 and json.loads(nobody_named.stdout)["name"] == name


def test_an_expert_waiting_for_a_question_on_postgresql_gets_it_as_soon_as_it_is_asked(postgres_url, tmp_path):
    import os
    import subprocess
    import sys
    import time

    fixture = tmp_path / "community.json"
    fixture.write_text(json.dumps(COMMUNITY))
    assert invoke(postgres_url, "seed", str(fixture)).exit_code == 0
    waiting = subprocess.Popen(
        [sys.executable, "-m", "lesaitutte_cli", "--db", postgres_url, "--user", "marco", "claim", "--next"]
        + ["--wait", "30", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LESAITUTTE_DEBUG": "1"},
    )
    try:
        time.sleep(2)  # long enough to have looked, found nothing and started listening
        assert waiting.poll() is None
        assert invoke(postgres_url, "ask", "Is my phone 5G?", "--category", "phones", user="anna").exit_code == 0
        asked = time.monotonic()
        out, err = waiting.communicate(timeout=20)
    finally:
        waiting.kill()
    assert waiting.returncode == 0, err
    assert time.monotonic() - asked < 3  # the notification wakes it; no polling interval to wait out
    assert json.loads(out)["claimed_by"] == "marco"
