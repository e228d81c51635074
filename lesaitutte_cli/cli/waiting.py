"""`watch`: a long-running view of the questions that arrive."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import click

from lesaitutte_cli.cli import completers
from lesaitutte_cli.cli.app import command, json_option, pass_invocation
from lesaitutte_cli.clock import local_text
from lesaitutte_cli.language import N_, _, number
from lesaitutte_cli.output import one_line, question_json, to_json
from lesaitutte_cli.services import waiting as waiting_service

if TYPE_CHECKING:
    from lesaitutte_cli.domain.model import Question
    from lesaitutte_cli.services.session import Invocation


@command(short_help=N_("Show questions as they arrive in your categories, until Ctrl-C."))
@click.option(
    "--category",
    "-c",
    shell_complete=completers.complete_categories,
    help=N_("Watch this category instead of the ones you are certified in."),
)
@click.option(
    "--exec",
    "hook",
    metavar="CMD",
    help=N_(
        "Run the shell command CMD for each question, with the question as one line of JSON on its standard input."
    ),
)
@json_option
@pass_invocation
def watch(invocation: Invocation, category: str | None, hook: str | None, as_json: bool) -> None:
    """Show the open questions in your categories, then each new one as it arrives, until Ctrl-C.

    A question that goes back to open (released, or its claim ran out) is shown again. With
    --json each question is one line of JSON. CMD gets the question only on its standard
    input, never in its command line, so no text typed by an asker reaches a shell.

    JSON (one line per question): {id, category, text, asker, status, claimed_by,
    claim_deadline, answered_by, answer, rating, created_at, bounty}

    \b
    Example:
        lesaitutte watch
        lesaitutte watch --category phones --json
        lesaitutte watch --exec 'jq -r .text | notify-send "New question"'
    """

    def show(question: Question) -> None:
        line = to_json(question_json(question), indent=None)  # invisible characters escaped, as in every --json
        if as_json:
            click.echo(line)
        else:
            bounty = " " + _("(bounty {n})").format(n=number(question.bounty)) if question.bounty else ""
            claim_it = _("(claim it: lesaitutte claim {id})").format(id=question.id)
            click.echo(
                f"{local_text(question.created_at)}  {question.id}  [{question.category}]{bounty} "
                f"{one_line(question.text, 70)}  {claim_it}"
            )
        if hook is not None:
            _run_hook(hook, line + "\n")

    try:
        waiting_service.watch(invocation, category, show)
    except KeyboardInterrupt:
        return


def _run_hook(hook: str, line: str) -> None:
    try:
        finished = subprocess.run(hook, shell=True, input=line, text=True, check=False)
    except OSError as error:
        click.echo(
            _("Warning: could not run '{hook}': {reason}; still watching.").format(hook=hook, reason=error.strerror),
            err=True,
        )
        return
    if finished.returncode != 0:
        click.echo(
            _("Warning: '{hook}' exited with {code}; still watching.").format(hook=hook, code=finished.returncode),
            err=True,
        )
