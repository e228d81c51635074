"""The list of commands shown by --help, kept without importing them, matches the commands."""

import click

from lesaitutte_cli.cli import COMMANDS, cli


def test_the_registry_repeats_each_commands_own_short_help():
    for name, (module, short_help) in COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
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


def test_the_registry_lists_every_command_the_modules_define():
    import importlib
    import pkgutil

    import lesaitutte_cli.cli

    defined, nested = set(), set()
    for module_info in pkgutil.iter_modules(lesaitutte_cli.cli.__path__):
        module = importlib.import_module(f"lesaitutte_cli.cli.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, click.Command) and value.callback.__module__ == module.__name__:
                defined.add((module_info.name, value.name))
                if isinstance(value, click.Group):
                    nested |= {(module_info.name, sub.name) for sub in value.commands.values()}
    defined.discard(("__init__", "cli"))
    assert defined - nested == {(module, name) for name, (module, _) in COMMANDS.items()}
