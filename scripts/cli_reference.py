"""Write docs/cli-reference.md from the commands' own --help, so the reference cannot drift.

python scripts/cli_reference.py          # rewrite the file
python scripts/cli_reference.py --check  # exit 1 if it is out of date (the tests run this)
"""

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from lesaitutte_cli.cli import cli

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "cli-reference.md"


def walk(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += walk(command, (*path, name))
    return found


def reference() -> str:
    runner = CliRunner()
    parts = [
        "# Command reference",
        "",
        "Generated from each command's `--help` by `scripts/cli_reference.py`.",
        "",
        "Every command takes `--json` and prints one JSON document, with the keys its help lists after",
        '"JSON:" (`[{...}]`: a list of such objects). With `--json`, an error is',
        '`{"error": {"code": N, "message": "..."}}` on standard error, with the usual exit status.',
        "The groups `exam`, `points`, `reward` and `user` only list their subcommands, so they take none.",
        "",
    ]
    for path in [(), *walk(cli)]:
        title = " ".join(("lesaitutte", *path))
        help_text = runner.invoke(cli, [*path, "--help"], prog_name="lesaitutte", terminal_width=100).output
        parts += [f"## {title}", "", "```", help_text.rstrip(), "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = reference()
    if "--check" in sys.argv[1:]:
        if REFERENCE.read_text() != text:
            print(f"{REFERENCE} is out of date: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    REFERENCE.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
