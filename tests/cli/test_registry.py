"""The list of commands shown by --help, kept without importing them, matches the commands."""

from lesaitutte_cli.cli import COMMANDS, cli


def test_the_registry_repeats_each_commands_own_short_help():
    for name, (module, short_help) in COMMANDS.items():
        command = cli.commands[name]
        assert command.get_short_help_str(limit=200) == short_help, name
        assert command.callback.__module__ == f"lesaitutte_cli.cli.{module}"


def test_the_command_reference_is_up_to_date():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "scripts/cli_reference.py", "--check"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
