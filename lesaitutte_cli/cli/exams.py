"""Certification: taking exams, and the trainers' commands around them."""

from __future__ import annotations

import csv
import io
import sys
from typing import TYPE_CHECKING, Any

import click

from lesaitutte_cli.cli import completers
from lesaitutte_cli.cli.app import INTERRUPTED_EXIT, command, echo_json, group, json_option, pass_invocation
from lesaitutte_cli.cli.dates import DATE
from lesaitutte_cli.cli.inputs import read_json
from lesaitutte_cli.clock import local_text, to_iso
from lesaitutte_cli.domain.exams import OUTCOMES_SHOWN, read_answers
from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.language import N_, Word, _, ngettext
from lesaitutte_cli.output import (
    attempt_json,
    bank_figures_json,
    bank_json,
    exam_outcome_json,
    exam_reset_json,
    indented,
    percent,
    table,
    user_json,
    visible,
)
from lesaitutte_cli.services import exams as exams_service

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from lesaitutte_cli.domain.model import ExamAttempt, ExamBank
    from lesaitutte_cli.services.exams import ExamOutcome
    from lesaitutte_cli.services.session import Invocation


@command("take-exam", short_help=N_("Sit a category's certification exam."))
@click.argument("category", shell_complete=completers.complete_categories)
@click.option("--answers", "answers_path", metavar="FILE", help=N_('Take the answers from a JSON file: {"ph-1": [0]}.'))
@json_option
@pass_invocation
def take_exam(invocation: Invocation, category: str, answers_path: str | None, as_json: bool) -> None:
    """Sit the certification exam of a category; passing makes you an expert in it.

    On a terminal it asks each drawn question in turn (arrow keys and Enter; Space to tick
    when several answers are right). Without a terminal, give the answers in a file:
    a JSON object from exam question id to the chosen choices, counted from 0; a drawn
    question missing from the file counts as wrong.

    JSON: {attempt, category, questions, correct, score, pass_mark, passed, retry_at}

    \b
    Example:
        lesaitutte take-exam phones
        lesaitutte take-exam phones --answers my-answers.json --json
    """
    if answers_path is not None:
        given = read_answers(read_json(answers_path), answers_path)
        _report_outcome(exams_service.sit_exam_with_answers(invocation, category, given), as_json)
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InvalidInput(
            N_(
                "take-exam asks its questions on a terminal, and there is none here. "
                "Give the answers in a file instead: lesaitutte take-exam {category} --answers FILE"
            ),
            category=category,
        )
    from lesaitutte_cli.cli.questionnaire import ask_paper

    paper = exams_service.start_exam(invocation, category)
    drawn = len(paper.questions)
    click.echo(
        ngettext(
            "Certification exam in {category}: {n} question, pass mark {mark}.",
            "Certification exam in {category}: {n} questions, pass mark {mark}.",
            drawn,
        ).format(category=category, n=drawn, mark=percent(paper.pass_mark))
    )
    click.echo(_("Ctrl-C ends it early, and it then counts as failed."))
    answers: dict[str, tuple[int, ...]] = {}
    try:
        ask_paper(paper, answers)
    except (KeyboardInterrupt, EOFError):
        outcome = exams_service.finish_exam(invocation, paper.attempt_id, answers, interrupted=True)
        ended = _("Exam ended early after {given} of {total} answers: it counts as failed.").format(
            given=len(answers), total=len(paper.questions)
        )
        if outcome.retry_at:
            ended += " " + _("You may try again from {moment}.").format(moment=local_text(outcome.retry_at))
        click.echo(ended, err=True)
        raise click.exceptions.Exit(INTERRUPTED_EXIT) from None
    _report_outcome(exams_service.finish_exam(invocation, paper.attempt_id, answers), as_json)


def _report_outcome(outcome: ExamOutcome, as_json: bool) -> None:
    attempt = outcome.attempt
    if as_json:
        echo_json(exam_outcome_json(outcome))
        return
    score = _("{correct} of {total} right ({percent})").format(
        correct=attempt.correct, total=len(attempt.questions), percent=percent(attempt.score)
    )
    if attempt.passed:
        click.echo(
            _(
                "Passed: {score}. You are now certified in {category}; claim a question with: lesaitutte claim --next"
            ).format(score=score, category=attempt.category)
        )
    else:
        assert outcome.retry_at is not None  # a failed attempt always says when the next may start
        click.echo(
            _("Not passed: {score}, {mark} needed.").format(score=score, mark=percent(attempt.pass_mark))
            + " "
            + _("You may try again from {moment}.").format(moment=local_text(outcome.retry_at))
        )


@command(short_help=N_("Certify a member in a category (trainers)."))
@click.argument("user", shell_complete=completers.complete_users)
@click.argument("category", shell_complete=completers.complete_categories)
@json_option
@pass_invocation
def certify(invocation: Invocation, user: str, category: str, as_json: bool) -> None:
    """Certify a member as an expert in a category without an exam (trainers).

    JSON: {name, roles, certifications}

    \b
    Example:
        lesaitutte --user tina certify marco phones
    """
    certified = exams_service.certify_user(invocation, user, category)
    if as_json:
        echo_json(user_json(certified))
        return
    click.echo(_("{name} is now certified in {category}.").format(name=certified.name, category=category))


@command()
@click.argument("user", shell_complete=completers.complete_users)
@click.argument("category", shell_complete=completers.complete_categories)
@click.option("--reason", required=True, help=N_("Why, for the record (at most 500 characters)."))
@json_option
@pass_invocation
def revoke(invocation: Invocation, user: str, category: str, reason: str, as_json: bool) -> None:
    """Take away an expert's certification in a category (trainers).

    A question they hold in that category goes back to open.

    JSON: {name, roles, certifications, released} (released: the id of the question
    that went back to open, or null)

    \b
    Example:
        lesaitutte --user tina revoke marco phones --reason "answers copied from forums"
    """
    revoked, released = exams_service.revoke_certification(invocation, user, category, reason)
    if as_json:
        echo_json(user_json(revoked) | {"released": released.id if released else None})
        return
    said = _("Revoked {name}'s certification in {category}.").format(name=revoked.name, category=category)
    if released:
        said += " " + _("Question {id}, which {name} held, is open again.").format(id=released.id, name=revoked.name)
    click.echo(said)


@group()
def exam() -> None:
    """Exam banks and results (trainers).

    \b
    Example:
        lesaitutte --user tina exam import fixtures/exams/phones.json
        lesaitutte --user tina exam results --since "1 Nov 2026" --csv > results.csv
        lesaitutte --user tina exam reset carla phones --reason "terminal closed mid-exam"
    """


@exam.command("import", short_help=N_("Load or replace exam banks from a file."))
@click.argument("path", metavar="FILE")
@json_option
@pass_invocation
def import_banks(invocation: Invocation, path: str, as_json: bool) -> None:
    """Load or replace exam banks from a file with an "exams" list, as in fixtures.

    JSON: [{category, size, questions_per_attempt, pass_mark, retry_after_hours}]

    \b
    Example:
        lesaitutte --user tina exam import fixtures/exams/phones.json
    """
    banks = exams_service.import_exam_banks(invocation, path, read_json(path))
    if as_json:
        echo_json([bank_figures_json(bank) for bank in banks])
        return
    for bank in banks:
        click.echo(
            _("Imported the {category} exam: {summary}.").format(category=bank.category, summary=_bank_summary(bank))
        )


@exam.command(short_help=N_("Show a category's exam bank."))
@click.argument("category", shell_complete=completers.complete_categories)
@click.option("--with-answers", is_flag=True, help=N_("Also show the right choices."))
@json_option
@pass_invocation
def show(invocation: Invocation, category: str, with_answers: bool, as_json: bool) -> None:
    """Show a category's exam bank: its size, draw, pass mark, retry delay and questions.

    JSON: {category, size, questions_per_attempt, pass_mark, retry_after_hours, questions}
    (each question: id, text, choices, and answer with --with-answers)

    \b
    Example:
        lesaitutte --user tina exam show phones --with-answers
    """
    bank = exams_service.exam_bank(invocation, category)
    if as_json:
        echo_json(bank_json(bank, with_answers))
        return
    click.echo(_("The {category} exam: {summary}.").format(category=bank.category, summary=_bank_summary(bank)))
    for number, question in enumerate(bank.questions, start=1):
        click.echo(f"\n{number}. [{visible(question.id)}] {visible(question.text)}")
        for index, choice in enumerate(question.choices):
            mark = " " + _("(right)") if with_answers and index in question.answer else ""
            click.echo(indented(f"{index}) {choice}{mark}", "   "))


def _bank_summary(bank: ExamBank) -> str:
    return ngettext(
        "{n} question, {drawn} drawn per attempt, pass mark {mark}, retry after {hours} h",
        "{n} questions, {drawn} drawn per attempt, pass mark {mark}, retry after {hours} h",
        len(bank.questions),
    ).format(
        n=len(bank.questions),
        drawn=bank.questions_per_attempt,
        mark=percent(bank.pass_mark),
        hours=f"{bank.retry_after_hours:g}",
    )


@exam.command(short_help=N_("Let a candidate retry at once: clear the wait (trainers)."))
@click.argument("user", shell_complete=completers.complete_users)
@click.argument("category", shell_complete=completers.complete_categories)
@click.option("--reason", required=True, help=N_("Why, for the record (at most 500 characters)."))
@json_option
@pass_invocation
def reset(invocation: Invocation, user: str, category: str, reason: str, as_json: bool) -> None:
    """Clear the wait a failed or unfinished attempt left, so the candidate may retry at once.

    For a candidate whose window closed mid-exam, say. It is recorded in their history.

    JSON: {user, category, attempt, by, reason, at} (attempt: the one whose wait was cleared)

    \b
    Example:
        lesaitutte --user tina exam reset carla phones --reason "terminal closed mid-exam"
    """
    change = exams_service.reset_exam(invocation, user, category, reason)
    if as_json:
        echo_json(exam_reset_json(change))
        return
    click.echo(
        _("{name} may sit the {category} exam again now: lesaitutte take-exam {category}").format(
            name=change.user, category=change.category
        )
    )


# Marked for the table's headings; the CSV keeps them in English, as the names of its columns.
RESULT_COLUMNS = [
    N_("attempt"),
    N_("user"),
    N_("category"),
    N_("when"),
    N_("correct"),
    N_("questions"),
    N_("score"),
    N_("result"),
]


@exam.command(short_help=N_("List exam attempts as a table, JSON or CSV."))
@click.option("--category", "-c", shell_complete=completers.complete_categories, help=N_("Only this category."))
@click.option(
    "--user", "-u", "name", metavar="NAME", shell_complete=completers.complete_users, help=N_("Only this candidate.")
)
@click.option(
    "--since",
    type=DATE,
    help=N_('Only attempts from this date on: "2026-11-01", "1/12/2026" (day first), "1 Dec 2026".'),
)
@click.option("--csv", "as_csv", is_flag=True, help=N_("Print CSV for spreadsheets."))
@json_option
@pass_invocation
def results(
    invocation: Invocation, category: str | None, name: str | None, since: datetime | None, as_csv: bool, as_json: bool
) -> None:
    """List exam attempts, oldest first: who, which category, when, score, passed or not.

    JSON: [{attempt, user, category, started_at, finished_at, questions, answers, correct,
    score, passed, result}]

    \b
    Example:
        lesaitutte --user tina exam results --category phones
        lesaitutte --user tina exam results --since 2026-11-01 --csv > results.csv
    """
    if as_csv and as_json:
        raise click.UsageError(_("Choose one of --csv and --json."))
    attempts = exams_service.exam_results(invocation, category, name, since)
    if as_json:
        echo_json([attempt_json(attempt) for attempt in attempts])
    elif as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(RESULT_COLUMNS)
        writer.writerows(_attempt_row(attempt, to_iso, str) for attempt in attempts)
        click.echo(buffer.getvalue(), nl=False)
    elif attempts:
        rows = [_attempt_row(attempt, local_text, _shown_outcome) for attempt in attempts]
        click.echo(table(rows, [_(column) for column in RESULT_COLUMNS]))
    else:
        click.echo(_("No exam attempts match."))


def _shown_outcome(outcome: str) -> str:
    return Word(OUTCOMES_SHOWN.get(outcome, outcome), context="exam").translated()


def _attempt_row(attempt: ExamAttempt, when: Callable[[datetime], str], outcome: Callable[[str], str]) -> list[Any]:
    """A row of the results: a CSV's in machine values, a table's in the reader's words."""
    return [
        attempt.id,
        attempt.user,
        attempt.category,
        when(attempt.started_at),
        attempt.correct,
        len(attempt.questions),
        percent(attempt.score),
        outcome(attempt.outcome),
    ]
