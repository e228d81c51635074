"""Write docs/cli-reference.md and docs/cli-reference.it.md from the commands' own --help, in English
and in Italian, so the references cannot drift.

python scripts/cli_reference.py          # rewrite the files
python scripts/cli_reference.py --check  # exit 1 if one is out of date (the tests run this)
"""

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from lesaitutte_cli.cli import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"
REFERENCES = {"en": DOCS / "cli-reference.md", "it": DOCS / "cli-reference.it.md"}
INTRODUCTIONS = {
    "en": [
        "# Command reference",
        "",
        "Generated from each command's `--help` by `scripts/cli_reference.py`.",
        "",
        "Every command takes `--json` and prints one JSON document, with the keys its help lists after",
        '"JSON:" (`[{...}]`: a list of such objects). With `--json`, an error is',
        '`{"error": {"code": N, "message": "..."}}` on standard error, with the usual exit status.',
        "The groups `exam`, `points`, `reward` and `user` only list their subcommands, so they take none.",
    ],
    "it": [
        "# Guida ai comandi",
        "",
        "Generata da `scripts/cli_reference.py` con il `--help` di ogni comando, in italiano",
        "(`--lang it`, o `LANG=it_IT.UTF-8`). La versione inglese è in [cli-reference.md](cli-reference.md).",
        "",
        "Ogni comando accetta `--json` e stampa un solo documento JSON, con le chiavi elencate nel suo aiuto",
        'dopo "JSON:" (`[{...}]`: un elenco di oggetti così); chiavi e valori sono gli stessi in ogni lingua.',
        'Con `--json` un errore è `{"error": {"code": N, "message": "..."}}` sullo standard error, con il',
        "solito codice di uscita. I gruppi `exam`, `points`, `reward` e `user` elencano solo i loro",
        "sottocomandi, quindi non ne accettano.",
    ],
}


def walk(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += walk(command, (*path, name))
    return found


def reference(language: str) -> str:
    runner = CliRunner()
    parts = [*INTRODUCTIONS[language], ""]
    for path in [(), *walk(cli)]:
        title = " ".join(("lesaitutte", *path))
        arguments = ["--lang", language, *path, "--help"]
        help_text = runner.invoke(cli, arguments, prog_name="lesaitutte", terminal_width=100).output
        parts += [f"## {title}", "", "```", help_text.rstrip(), "```", ""]
    return "\n".join(parts)


def main() -> int:
    stale = False
    for language, path in REFERENCES.items():
        text = reference(language)
        if "--check" not in sys.argv[1:]:
            path.write_text(text)
        elif not path.exists() or path.read_text() != text:
            print(f"{path} is out of date: run python scripts/cli_reference.py", file=sys.stderr)
            stale = True
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
