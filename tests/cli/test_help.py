"""Every command teaches itself: help with a summary and an example."""

import pytest
from click.testing import CliRunner

from lesaitutte_cli.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_root_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    summary = cli.commands[name].get_short_help_str(limit=200)
    assert summary and not summary.endswith("...")
    assert "Example:" in result.stdout
    assert f"lesaitutte {name}" in result.stdout or "lesaitutte --" in result.stdout


def test_help_needs_no_store(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "store.json"), "ask", "--help"])
    assert result.exit_code == 0
    assert not (tmp_path / "store.json").exists()
