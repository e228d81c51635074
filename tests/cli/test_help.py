"""Every command teaches itself: help with a summary and an example."""

import click
import pytest
from click.testing import CliRunner

from lesaitutte_cli.cli import cli


def walk(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += walk(command, (*path, name))
    return found


COMMANDS = walk(cli)


def command_at(path: tuple[str, ...]) -> click.Command:
    command = cli
    for name in path:
        command = command.get_command(click.Context(command), name)
    return command


def test_the_root_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in cli.list_commands(click.Context(cli)):
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    command = command_at(path)
    summary = command.get_short_help_str(limit=65)  # the room a list of commands has in 80 columns
    assert summary and not summary.endswith("...")
    assert "Example:" in result.stdout
    assert " ".join(path) in result.stdout.split("Example:", 1)[1]


def test_help_needs_no_store(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "store.json"), "ask", "--help"])
    assert result.exit_code == 0
    assert not (tmp_path / "store.json").exists()
