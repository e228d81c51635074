"""Bounties: raising the stakes on a question of yours."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lesaitutte_cli.cli.app import command, echo_json, json_option, pass_invocation, question_id_argument
from lesaitutte_cli.domain.limits import MAX_BOUNTY
from lesaitutte_cli.language import N_, ngettext, number
from lesaitutte_cli.output import question_json
from lesaitutte_cli.services import questions as questions_service

if TYPE_CHECKING:
    from lesaitutte_cli.services.session import Invocation


@command(short_help=N_("Put points on an open question of yours."))
@question_id_argument
@click.argument("points", type=click.IntRange(1, MAX_BOUNTY))
@json_option
@pass_invocation
def bounty(invocation: Invocation, question_id: int, points: int, as_json: bool) -> None:
    """Put points on an open question of yours, for the answer you rate up.

    The points leave your balance at once. The answerer gets them on top of the usual point
    when you rate the answer up; they come back to you on a down rating, if you withdraw the
    question, or if no answer comes within 7 days. Experts who claim --next get the
    questions with the highest bounty first.

    JSON: {id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty}

    \b
    Example:
        lesaitutte bounty 7 10
    """
    question = questions_service.offer_bounty(invocation, question_id, points)
    if as_json:
        echo_json(question_json(question))
    else:
        click.echo(
            ngettext(
                "Question {id} now carries a bounty of {n} point.",
                "Question {id} now carries a bounty of {n} points.",
                question.bounty,
            ).format(id=question.id, n=number(question.bounty))
        )
