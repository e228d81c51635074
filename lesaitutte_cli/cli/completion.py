"""`completion`: the script that makes a shell complete lesaitutte (the values come from cli.completers)."""

from __future__ import annotations

import click

from lesaitutte_cli.cli.app import command, echo_json, json_option
from lesaitutte_cli.language import N_

SHELLS = ("bash", "zsh", "fish")


@command(short_help=N_("Print a shell completion script: bash, zsh or fish."))
@click.argument("shell", type=click.Choice(SHELLS))
@json_option
def completion(shell: str, as_json: bool) -> None:
    """Print the script that makes SHELL complete lesaitutte's commands, options and values.

    It completes command names and options, and from the store: categories, open question
    ids, reward ids and user names. Load it in your shell's start-up file.

    JSON: {shell, script}

    \b
    Example:
        lesaitutte completion bash > ~/.local/share/bash-completion/completions/lesaitutte
        echo 'eval "$(lesaitutte completion zsh)"' >> ~/.zshrc
        lesaitutte completion fish > ~/.config/fish/completions/lesaitutte.fish
    """
    from click.shell_completion import get_completion_class

    root = click.get_current_context().find_root()
    completion = get_completion_class(shell)
    assert completion is not None  # click.Choice lets through only the shells click completes
    script = completion(root.command, {}, "lesaitutte", "_LESAITUTTE_COMPLETE").source()
    if as_json:
        echo_json({"shell": shell, "script": script})
    else:
        click.echo(script, nl=False)
