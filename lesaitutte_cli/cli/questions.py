"""Asking, claiming, answering, rating: the life of a question."""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any

import click

from lesaitutte_cli.cli import completers
from lesaitutte_cli.cli.app import (
    INTERRUPTED_EXIT,
    command,
    echo_json,
    json_option,
    pass_invocation,
    question_id_argument,
)
from lesaitutte_cli.cli.inputs import read_text
from lesaitutte_cli.clock import local_text
from lesaitutte_cli.domain.limits import MAX_BOUNTY, MAX_COUNT, MAX_ID, MAX_WAIT_SECONDS
from lesaitutte_cli.domain.model import CLAIMED, OPEN, RATINGS, STATUSES
from lesaitutte_cli.domain.stored_texts import event_detail
from lesaitutte_cli.language import N_, _, ngettext, number
from lesaitutte_cli.output import question_detail, question_json, questions_table, similar_lines, stored_text
from lesaitutte_cli.services import questions as questions_service

if TYPE_CHECKING:
    from lesaitutte_cli.domain.model import Question
    from lesaitutte_cli.services.session import Invocation


def _report(question: Question, as_json: bool, message: str) -> None:
    """What every command that changes a question prints: the question for scripts, a line for people."""
    if as_json:
        echo_json(question_json(question))
    else:
        click.echo(message)


@command()
@click.argument("text")
@click.option(
    "--category",
    "-c",
    required=True,
    shell_complete=completers.complete_categories,
    help=N_("tariffs, services, phones, internet, or another the store has."),
)
@click.option("--yes", "-y", is_flag=True, help=N_("Post without first asking about similar answered questions."))
@click.option(
    "--bounty",
    type=click.IntRange(1, MAX_BOUNTY),
    metavar="N",
    help=N_("Put N of your points on it for the answer you rate up."),
)
@json_option
@pass_invocation
def ask(invocation: Invocation, text: str, category: str, yes: bool, bounty: int | None, as_json: bool) -> None:
    """Ask the community a question in a category.

    On a terminal, answered questions like yours are shown first, and you choose whether
    to post anyway; --yes skips that, and without a terminal the question is posted at once.
    A bounty leaves your balance at once; it goes to the answer you rate up and comes back
    to you on a down rating, a withdrawal, or when no answer comes within 7 days.

    JSON: {id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty, similar}

    \b
    Example:
        lesaitutte ask "How do I turn on roaming in Spain?" --category tariffs
        lesaitutte ask "Why does my hotspot drop every hour?" -c internet --bounty 5
    """
    shown_before = False
    if not yes and not as_json and sys.stdin.isatty() and sys.stdout.isatty():
        from lesaitutte_cli.services.archive import similar_questions  # imported here: only a terminal shows them

        alike = similar_questions(invocation, text)
        if alike:
            click.echo(_("Answered questions like yours:"))
            click.echo(similar_lines(alike))
            try:
                post = _confirm(_("Post your question anyway?"))
            except (KeyboardInterrupt, EOFError):
                click.echo(_("Not posted."), err=True)
                raise click.exceptions.Exit(INTERRUPTED_EXIT) from None
            if not post:
                click.echo(_("Not posted."))
                return
            shown_before = True
    question, alike = questions_service.ask(invocation, text, category, bounty)
    if as_json:
        echo_json(question_json(question) | {"similar": [hit.question.id for hit in alike]})
        return
    if question.bounty:
        posted = ngettext(
            "Posted question {id} in {category} with a bounty of {n} point. Follow it with: lesaitutte show {id}",
            "Posted question {id} in {category} with a bounty of {n} points. Follow it with: lesaitutte show {id}",
            question.bounty,
        )
    else:
        posted = _("Posted question {id} in {category}. Follow it with: lesaitutte show {id}")
    click.echo(posted.format(id=question.id, category=question.category, n=number(question.bounty or 0)))
    if alike and not shown_before:
        click.echo(_("While you wait, answered questions like yours:"))
        click.echo(similar_lines(alike))


def _confirm(prompt: str) -> bool:
    import questionary  # imported here: only a person at a terminal is asked

    return bool(questionary.confirm(prompt, default=False).unsafe_ask())


@command(short_help=N_("List questions (open and claimed by default)."))
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([*STATUSES, "all"]),
    help=N_("Only questions in this state (repeatable). Default: open and claimed."),
)
@click.option(
    "--category", "-c", shell_complete=completers.complete_categories, help=N_("Only questions in this category.")
)
@click.option("--mine", is_flag=True, help=N_("Only questions you asked, claimed or answered."))
@click.option("--to-rate", is_flag=True, help=N_("Only your questions whose answer awaits your rating."))
@click.option("--limit", type=click.IntRange(1, MAX_COUNT), help=N_("Show at most N questions."))
@click.option(
    "--sort",
    type=click.Choice(["age", "bounty"]),
    default="age",
    show_default=True,
    help=N_("Oldest first, or the highest bounty first."),
)
@json_option
@pass_invocation
def questions(
    invocation: Invocation,
    statuses: tuple[str, ...],
    category: str | None,
    mine: bool,
    to_rate: bool,
    limit: int | None,
    sort: str,
    as_json: bool,
) -> None:
    """List questions, oldest first: by default the open and claimed ones.

    JSON: [{id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty}]

    \b
    Example:
        lesaitutte questions
        lesaitutte questions --status answered --category phones --limit 20
        lesaitutte questions --sort bounty
        lesaitutte questions --mine --status all --json
        lesaitutte questions --to-rate
    """
    if to_rate and statuses:
        raise click.UsageError(_("--to-rate lists answered questions: give it without --status."))
    if not statuses:
        statuses = (OPEN, CLAIMED)
    elif "all" in statuses:
        statuses = STATUSES
    found = questions_service.list_questions(
        invocation, statuses, category, mine, limit, to_rate, by_bounty=sort == "bounty"
    )
    if as_json:
        echo_json([question_json(question) for question in found])
    elif found:
        click.echo(questions_table(found, invocation.now()))
    elif to_rate:
        click.echo(_("No answer awaits your rating."))
    elif category:
        click.echo(_("No {statuses} questions in {category}.").format(statuses=_either(statuses), category=category))
    else:
        click.echo(_("No {statuses} questions.").format(statuses=_either(statuses)))


def _either(statuses: tuple[str, ...]) -> str:
    """ "open or claimed", in the reader's words."""
    from lesaitutte_cli.output import STATUS_SHOWN

    return _(" or ").join(_(STATUS_SHOWN[status]) for status in statuses)


@command()
@question_id_argument
@json_option
@pass_invocation
def show(invocation: Invocation, question_id: int, as_json: bool) -> None:
    """Show a question, its answer and its history.

    JSON: {id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty}

    \b
    Example:
        lesaitutte show 7
    """
    question = questions_service.show(invocation, question_id)
    if as_json:
        echo_json(question_json(question))
    else:
        click.echo(question_detail(question, invocation.now(), invocation.actor))


class WaitSeconds(click.ParamType):
    """How long `claim --next --wait` waits: a number of seconds, or for ever when none is given."""

    name = "seconds"
    FOREVER = "forever"
    LIMIT = MAX_WAIT_SECONDS

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if value in (self.FOREVER, math.inf):
            return math.inf
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = math.nan
        if not 0 <= seconds <= self.LIMIT:  # also refuses nan, which compares false with everything
            self.fail(
                _("'{value}' is not a number of seconds from 0 to {limit}.").format(value=value, limit=self.LIMIT),
                param,
                ctx,
            )
        return seconds


@command(short_help=N_("Claim a question: yours to answer for two hours."))
@click.argument(
    "question_id",
    metavar="[QID]",
    type=click.IntRange(1, MAX_ID),
    required=False,
    shell_complete=completers.complete_open_questions,
)
@click.option(
    "--next",
    "take_next",
    is_flag=True,
    help=N_("Claim the open question you may take with the highest bounty, or the oldest."),
)
@click.option(
    "--wait",
    type=WaitSeconds(),
    is_flag=False,
    flag_value=WaitSeconds.FOREVER,
    metavar="[SECONDS]",
    help=N_("With --next: if nothing is open, wait for a question (at most SECONDS; default: until Ctrl-C)."),
)
@json_option
@pass_invocation
def claim(invocation: Invocation, question_id: int | None, take_next: bool, wait: float | None, as_json: bool) -> None:
    """Claim a question in a category you are certified in: it is yours to answer for two hours.

    With --next --wait, an expert with nothing to claim waits for the first question that
    arrives in their categories and claims it at once; the store is not locked meanwhile.

    JSON: {id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty}

    \b
    Example:
        lesaitutte claim 7
        lesaitutte claim --next
        lesaitutte claim --next --wait 600
    """
    if (question_id is None) == (not take_next):
        raise click.UsageError(_("Give either a question id or --next, not both and not neither."))
    if wait is not None and not take_next:
        raise click.UsageError(_("--wait goes with --next: a question given by its id is there or not."))
    if wait is not None:
        question = _claim_waiting(invocation, None if math.isinf(wait) else wait)
    else:
        question = (
            questions_service.claim(invocation, question_id)
            if question_id is not None
            else questions_service.claim_next(invocation)
        )
    assert question.claim_deadline is not None  # a question just claimed has its deadline
    _report(
        question,
        as_json,
        _(
            'You hold question {id} until {deadline}. Read it with: lesaitutte show {id}; answer with: lesaitutte answer {id} "..."'
        ).format(id=question.id, deadline=local_text(question.claim_deadline)),
    )


def _claim_waiting(invocation: Invocation, seconds: float | None) -> Question:
    from lesaitutte_cli.services.waiting import claim_next_waiting  # imported here: only --wait waits

    try:
        return claim_next_waiting(invocation, seconds)
    except KeyboardInterrupt:
        click.echo(_("Stopped waiting; nothing was claimed."), err=True)
        raise click.exceptions.Exit(INTERRUPTED_EXIT) from None


@command(short_help=N_("Give back a question you claimed."))
@question_id_argument
@json_option
@pass_invocation
def release(invocation: Invocation, question_id: int, as_json: bool) -> None:
    """Give back a question you claimed; it is open to other experts again.

    JSON: {id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty}

    \b
    Example:
        lesaitutte release 7
    """
    question = questions_service.release(invocation, question_id)
    _report(question, as_json, _("Released question {id}; it is open again.").format(id=question.id))


@command()
@question_id_argument
@click.argument("text", required=False)
@click.option("--file", "-f", "path", metavar="FILE", help=N_("Read the answer from FILE ('-' for standard input)."))
@json_option
@pass_invocation
def answer(invocation: Invocation, question_id: int, text: str | None, path: str | None, as_json: bool) -> None:
    """Answer the question you claimed, before your two hours run out.

    Give the answer as TEXT, with --file FILE, or as - to read it from standard input.

    JSON: {id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty}

    \b
    Example:
        lesaitutte answer 7 "Dial *#06# and the IMEI shows on screen."
        lesaitutte answer 7 --file answer.txt
        echo "Dial *#06#." | lesaitutte answer 7 -
    """
    if (text is None) == (path is None):
        raise click.UsageError(_("Give the answer once: as TEXT, with --file FILE, or as - for standard input."))
    if text == "-":
        path = "-"
    body = read_text(path) if path is not None else text
    assert body is not None  # checked above: TEXT when there is no FILE
    question = questions_service.answer(invocation, question_id, body)
    _report(
        question,
        as_json,
        _("Answered question {id}. {asker} can now rate it up or down.").format(id=question.id, asker=question.asker),
    )


@command(short_help=N_("Rate the answer to your question up or down."))
@question_id_argument
@click.argument("rating", type=click.Choice(RATINGS))
@json_option
@pass_invocation
def rate(invocation: Invocation, question_id: int, rating: str, as_json: bool) -> None:
    """Rate the answer to your question: up if it solved your problem, down if not.

    An up rating earns the expert who answered one point. You rate once.

    JSON: {id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty}

    \b
    Example:
        lesaitutte rate 7 up
    """
    outcome = questions_service.rate(invocation, question_id, rating)
    question = outcome.question
    if outcome.point is not None:
        earned = " " + _("{expert} earns a point.").format(expert=question.answered_by)
    elif outcome.no_point_because is not None:
        earned = " " + _("{expert} earns no point for it: {reason}.").format(
            expert=question.answered_by, reason=stored_text(outcome.no_point_because)
        )
    else:
        earned = ""
    if outcome.bounty is not None:
        amount = outcome.bounty.amount
        earned += " " + ngettext(
            "The bounty of {n} point goes to {expert}.", "The bounty of {n} points goes to {expert}.", amount
        ).format(n=number(amount), expert=outcome.bounty.user)
    rated = _(RATED_ANSWER[rating]).format(id=question.id)
    _report(question, as_json, f"{rated}{earned}")


RATED_ANSWER = {
    "up": N_("Rated the answer to question {id} up."),
    "down": N_("Rated the answer to question {id} down."),
}


@command()
@question_id_argument
@json_option
@pass_invocation
def withdraw(invocation: Invocation, question_id: int, as_json: bool) -> None:
    """Withdraw a question you asked that has not been answered yet.

    JSON: {id, category, text, asker, status, claimed_by, claim_deadline,
    answered_by, answer, rating, created_at, bounty}

    \b
    Example:
        lesaitutte withdraw 7
    """
    question = questions_service.withdraw(invocation, question_id)
    # A withdrawal that refunds a bounty records it as the question's last step.
    refund = next(
        (
            " " + _("Bounty: {detail}.").format(detail=stored_text(event_detail(event)))
            for event in question.history[-1:]
            if event.kind == "bounty"
        ),
        "",
    )
    _report(question, as_json, _("Withdrew question {id}.").format(id=question.id) + refund)
