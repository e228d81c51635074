"""What users see when things go wrong: one line, the documented exit code, the store untouched."""

import pytest
from click.testing import CliRunner

from lesaitutte_cli.cli import cli
from lesaitutte_cli.services import membership as membership_service
from tests.conftest import single_line


@pytest.mark.file_engine_only("corrupts the store file")
def test_a_corrupt_store_exits_3_names_the_file_and_is_not_touched(run):
    run.db.write_text('{"_meta": {"1": {"schema": 1}}, "users": {"1": ')
    before = run.raw()
    result = run("me", user="anna")
    assert result.exit_code == 3
    assert single_line(result.stderr)
    assert str(run.db) in result.stderr and "corrupt" in result.stderr and "backup" in result.stderr
    assert run.raw() == before


def test_a_store_path_that_is_a_folder_is_bad_usage(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path), "--user", "anna", "me"])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_a_store_in_a_missing_folder_exits_3(tmp_path):
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "no" / "such" / "store.json"), "--user", "anna", "register"]
    )
    assert result.exit_code == 3
    assert "Cannot open the lock file" in result.stderr


@pytest.mark.parametrize("value", ["soon", "-1"])
def test_a_bad_lock_timeout_is_bad_usage(run, monkeypatch, value):
    monkeypatch.setenv("LESAITUTTE_LOCK_TIMEOUT", value)
    result = run("me", user="anna")
    assert result.exit_code == 2
    assert "LESAITUTTE_LOCK_TIMEOUT" in result.stderr


def test_an_unexpected_error_gives_no_traceback_and_names_the_store(community, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(membership_service, "profile", broken)
    before = community.raw()
    result = community("me", user="anna")
    assert result.exit_code == 70
    assert single_line(result.stderr)
    assert "Traceback" not in result.output
    assert str(community.db) in result.stderr and "Nothing was changed" in result.stderr
    assert community.raw() == before


def test_the_debug_switch_shows_the_real_error(community, monkeypatch):
    monkeypatch.setenv("LESAITUTTE_DEBUG", "1")
    monkeypatch.setattr(membership_service, "profile", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        community("me", user="anna")
