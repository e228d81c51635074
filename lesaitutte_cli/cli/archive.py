"""The knowledge archive, the service report, and what a user did."""

from __future__ import annotations

import functools
import os
import re
import sys
from typing import IO, TYPE_CHECKING, Any

import click

from lesaitutte_cli.cli import completers
from lesaitutte_cli.cli.app import (
    command,
    echo_json,
    echo_json_list,
    json_option,
    pass_invocation,
    spooled_output,
    watch_progress,
)
from lesaitutte_cli.cli.dates import DATE, UNTIL_DATE, as_typed, require_order
from lesaitutte_cli.clock import local_text
from lesaitutte_cli.domain.limits import MAX_COUNT
from lesaitutte_cli.domain.model import WRITTEN_LANGUAGES
from lesaitutte_cli.domain.report import ANSWER_TIME_BANDS
from lesaitutte_cli.domain.search import query_terms
from lesaitutte_cli.language import N_, _
from lesaitutte_cli.output import (
    duration,
    happenings_json,
    hit_json,
    one_line,
    percent,
    report_json,
    shown_kind,
    stored_text,
    table,
)
from lesaitutte_cli.services import archive as archive_service

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from lesaitutte_cli.domain.report import Report
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.services.session import Invocation

EXTRACT = 160  # characters of an answer shown under a search result
_WORDS = re.compile(r"\w+")


@command()
@click.argument("query")
@click.option("--category", "-c", shell_complete=completers.complete_categories, help=N_("Only this category."))
@click.option("--limit", type=click.IntRange(1, MAX_COUNT), help=N_("Show only the best N. Default: every match."))
@json_option
@pass_invocation
def search(invocation: Invocation, query: str, category: str | None, limit: int | None, as_json: bool) -> None:
    """Search the answered questions before asking your own.

    Matches words in questions and answers, ignoring case, accents and plurals; the best
    match comes first, and at equal relevance answers rated up.

    JSON: [{id, category, text, answer, answered_by, rating, score}]

    \b
    Example:
        lesaitutte search "roaming Switzerland" --limit 5
        lesaitutte search imei --category phones --json
    """
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    with spooled_output() as output:

        def show(hits: Iterator[Hit]) -> None:
            if as_json:
                echo_json_list(map(hit_json, hits), output())
            else:
                _print_hits(hits, output(), colour)

        archive_service.search(invocation, query, show, category, limit)


def _print_hits(hits: Iterator[Hit], output: IO[str], colour: bool) -> None:
    by = {
        "up": N_("(by {expert}, rated up)"),
        "down": N_("(by {expert}, rated down)"),
        None: N_("(by {expert})"),
    }
    shown = False
    for hit in hits:
        question = hit.question
        answered_by = _(by[question.rating]).format(expert=question.answered_by)
        assert question.answer is not None  # search finds answered questions only
        click.echo(
            f"{question.id}: [{question.category}] {_marked(one_line(question.text), hit, colour)}", output, color=True
        )
        click.echo(f"   {_marked(_extract(question.answer, hit), hit, colour)}  {answered_by}", output, color=True)
        shown = True
    if not shown:
        click.echo(
            _('No answered question matches. Ask your own with: lesaitutte ask "..." --category CATEGORY'), output
        )


def _matches(word: str, hit: Hit) -> bool:
    return not _terms_of_word(word).isdisjoint(hit.matched)


@functools.lru_cache(maxsize=4096)  # a search may print thousands of answers; their common words recur
def _terms_of_word(word: str) -> frozenset[str]:
    return frozenset(query_terms(word, WRITTEN_LANGUAGES))


def _extract(answer: str, hit: Hit) -> str:
    """A short piece of the answer, around the first matched word."""
    flat = one_line(answer)
    first = next((match.start() for match in _WORDS.finditer(flat) if _matches(match.group(), hit)), 0)
    start = max(0, first - EXTRACT // 3)
    piece = flat[start : start + EXTRACT]
    return ("…" if start else "") + piece + ("…" if start + EXTRACT < len(flat) else "")


def _marked(text: str, hit: Hit, colour: bool) -> str:
    if not colour:
        return text
    return _WORDS.sub(
        lambda m: click.style(m.group(), bold=True, fg="yellow") if _matches(m.group(), hit) else m.group(), text
    )


@command()
@click.option("--since", type=DATE, help=N_('From this date: "2026-11-01", "1/12/2026" (day first), "1 Dec 2026".'))
@click.option("--until", type=UNTIL_DATE, help=N_("Up to and including this date."))
@click.option("--category", "-c", shell_complete=completers.complete_categories, help=N_("Only this category."))
@json_option
@pass_invocation
def report(
    invocation: Invocation, since: datetime | None, until: datetime | None, category: str | None, as_json: bool
) -> None:
    """The service in figures: speed and problems solved (trainers).

    Counts the questions asked in the period (default: all time; --until includes its
    day); times are measured from the moment a question was asked.

    JSON: {questions, answered, rated_up, resolution_rate, median_time_to_claim_s,
    median_time_to_answer_s, p90_time_to_answer_s, answered_within_5_min, expired_claims,
    open_now, by_category, by_expert, certifications, histogram} (histogram: a list of
    {band, up_to_s, count}, up_to_s inclusive and null for the last band)

    \b
    Example:
        lesaitutte --user tina report --since 2026-11-01
        lesaitutte --user tina report --category phones --json
    """
    require_order(since, until)
    watch_progress(invocation, as_json)
    result = archive_service.service_report(invocation, since, until, category)
    if as_json:
        echo_json(report_json(result))
        return
    _print_report(result, since, until, category)


def _seconds(value: float | None) -> str:
    return "-" if value is None else duration(value)


def _share(value: float | None) -> str:
    return "-" if value is None else percent(value)


def _print_report(result: Report, since: datetime | None, until: datetime | None, category: str | None) -> None:
    start = _("from {date}").format(date=as_typed(since)) if since else _("from the start")
    end = _("to {date}").format(date=as_typed(until, until_day=True)) if until else _("to now")
    overall = result.overall
    if category:
        click.echo(_("Service report for {category}, {start} {end}").format(category=category, start=start, end=end))
    else:
        click.echo(_("Service report, {start} {end}").format(start=start, end=end))
    click.echo()
    rows: list[list[Any]] = [
        [_("questions asked"), overall.questions],
        [_("answered"), overall.answered],
        [_("rated up"), overall.rated_up],
        [_("solved (up among rated)"), _share(overall.resolution_rate)],
        [_("median time to claim"), _seconds(overall.median_time_to_claim_s)],
        [_("median time to answer"), _seconds(overall.median_time_to_answer_s)],
        [_("90% answered within"), _seconds(overall.p90_time_to_answer_s)],
        [_("answered within 5 minutes"), _share(overall.answered_within_5_min)],
        [_("claims that ran out"), overall.expired_claims],
        [_("still open"), overall.open_now],
    ]
    click.echo(table(rows, [_("figure"), _("value")], "plain"))
    if result.by_category:
        click.echo("\n" + _("By category"))
        click.echo(
            table(
                [
                    [
                        name,
                        item.questions,
                        item.answered,
                        _share(item.resolution_rate),
                        _seconds(item.median_time_to_answer_s),
                    ]
                    for name, item in result.by_category.items()
                ],
                [_("category"), _("questions"), _("answered"), _("solved"), _("median answer")],
            )
        )
    if result.by_expert:
        click.echo("\n" + _("By expert"))
        click.echo(
            table(
                [
                    [name, item.answers, _share(item.up_rate), _seconds(item.median_time_to_answer_s)]
                    for name, item in result.by_expert.items()
                ],
                [_("expert"), _("answers"), _("up"), _("median answer")],
            )
        )
    if result.certifications:
        click.echo("\n" + _("Certifications"))
        actions = {
            "certified": N_("certified"),
            "renewed": N_("renewed"),
            "lapsed": N_("lapsed"),
            "revoked": N_("revoked"),
        }
        rows = [[name, *(counts[action] for action in actions)] for name, counts in result.certifications.items()]
        click.echo(table(rows, [_("category"), *(_(word) for word in actions.values())]))
    if any(result.answer_time_counts):
        click.echo("\n" + _("Time to answer"))
        click.echo(histogram(result.answer_time_counts))


BAR_WIDTH = 40


def histogram(counts: list[int]) -> str:
    """A bar per band of answer times (how many answers in each), drawn with block characters."""
    largest = max(counts)
    lines = []
    for (_upper, label), count in zip(ANSWER_TIME_BANDS, counts, strict=True):
        eighths = round(count / largest * BAR_WIDTH * 8) if largest else 0
        bar = "█" * (eighths // 8) + ("▏▎▍▌▋▊▉"[eighths % 8 - 1] if eighths % 8 else "")
        lines.append(f"  {_(label):>11} {bar} {count}")
    return "\n".join(lines)


@command()
@click.argument("name", metavar="[USER]", required=False, shell_complete=completers.complete_users)
@json_option
@pass_invocation
def history(invocation: Invocation, name: str | None, as_json: bool) -> None:
    """Everything a user did, in time order.

    Your own history, or anyone's for trainers and admins.

    JSON: [{at, kind, question, detail}]

    \b
    Example:
        lesaitutte history
        lesaitutte --user tina history marco --json
    """
    happenings = archive_service.history(invocation, name)
    if as_json:
        echo_json(happenings_json(happenings))
    elif happenings:
        click.echo(
            table(
                [
                    [
                        local_text(item.at),
                        shown_kind(item.kind),
                        item.question or "",
                        one_line(stored_text(item.detail)),
                    ]
                    for item in happenings
                ],
                [_("when"), _("what"), _("question"), _("detail")],
                fit=3,
            )
        )
    else:
        click.echo(_("Nothing yet."))
