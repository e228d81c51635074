"""Joining the community and seeing where you stand."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lesaitutte_cli.cli.app import command, echo_json, json_option, pass_invocation
from lesaitutte_cli.clock import local_text
from lesaitutte_cli.domain.model import ADMIN
from lesaitutte_cli.domain.stored_texts import entry_reason
from lesaitutte_cli.language import N_, _, number
from lesaitutte_cli.output import age, ahead, one_line, profile_json, shown_kind, stored_text, table, user_json
from lesaitutte_cli.services import membership as membership_service

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.services.membership import Certificates
    from lesaitutte_cli.services.session import Invocation


@command()
@json_option
@pass_invocation
def register(invocation: Invocation, as_json: bool) -> None:
    """Join the community as a member under your --user name.

    The first to join a community that has no admin becomes its admin.

    JSON: {name, roles, certifications} (roles include admin for that first one)

    \b
    Example:
        lesaitutte --user anna register
    """
    user = membership_service.register(invocation)
    if as_json:
        echo_json(user_json(user))
        return
    click.echo(
        _('Welcome, {name}! Ask your first question with: lesaitutte ask "..." --category phones').format(
            name=user.name
        )
    )
    if ADMIN in user.roles:
        click.echo(
            _("This community had no admin, so you are its admin now: see what that allows with lesaitutte --help.")
        )


@command(short_help=N_("Your roles, points, certifications and claim."))
@click.option("--history", is_flag=True, help=N_("Also list every change to your points."))
@json_option
@pass_invocation
def me(invocation: Invocation, history: bool, as_json: bool) -> None:
    """Show your roles, points, certifications and the question you hold.

    JSON: {name, roles, points, earned, certifications, certifications_expire, active_claim,
    exams, history} (history only with --history; certifications_expire: category to ISO time
    or null for never)

    \b
    Example:
        lesaitutte --user marco me
        lesaitutte --user marco me --history
        lesaitutte --user marco me --json
    """
    profile = membership_service.profile(invocation, history)
    claim = profile.active_claim
    if as_json:
        echo_json(profile_json(profile, history))
        return
    click.echo(f"{profile.user.name} · {', '.join(_(ROLE_SHOWN[role]) for role in profile.roles)}")
    click.echo(
        _("Points: {points} to spend ({earned} earned in all)").format(
            points=number(profile.points), earned=number(profile.earned)
        )
    )
    certified = ", ".join(sorted(profile.user.certifications)) or _("none yet (lesaitutte take-exam CATEGORY)")
    click.echo(_("Certified in: {categories}").format(categories=certified))
    _certificate_lines(profile.certificates, invocation.now())
    for standing in profile.exams:
        attempt = standing.last_attempt
        line = _(EXAM_OUTCOME_SHOWN[attempt.outcome]).format(
            category=standing.category, moment=local_text(attempt.started_at)
        )
        if standing.retry_at is not None:
            line += _("; next attempt from {moment}").format(moment=local_text(standing.retry_at))
        click.echo(line)
    if claim is not None and claim.claim_deadline is not None:
        click.echo(
            _('Holding question {id} until {deadline}: lesaitutte answer {id} "..."').format(
                id=claim.id, deadline=local_text(claim.claim_deadline)
            )
        )
    for question in profile.awaiting_rating:
        click.echo(
            _("Question {id} has an answer waiting for your rating: lesaitutte rate {id} up (or down)").format(
                id=question.id
            )
        )
    if history:
        rows = [
            [
                local_text(entry.at),
                f"{entry.amount:+d}",
                shown_kind(entry.kind),
                one_line(stored_text(entry_reason(entry))),
            ]
            for entry in profile.ledger
        ]
        headers = [_("when"), _("points"), _("kind"), _("why")]
        click.echo("\n" + (table(rows, headers, fit=3) if rows else _("No points yet.")))


# The words a person reads for roles and exam outcomes, which are machine values in the store and in JSON.
ROLE_SHOWN = {"member": N_("member"), "expert": N_("expert"), "trainer": N_("trainer"), "admin": N_("admin")}
EXAM_OUTCOME_SHOWN = {
    "passed": N_("Last {category} exam: passed on {moment}"),
    "failed": N_("Last {category} exam: failed on {moment}"),
    "interrupted": N_("Last {category} exam: interrupted on {moment}"),
    "unfinished": N_("Last {category} exam: unfinished, started on {moment}"),
}


def _certificate_lines(certificates: Certificates, now: datetime) -> None:
    for category, moment in certificates.expire.items():
        if category in certificates.expiring and moment is not None:
            click.echo(
                _(
                    "Your {category} certificate lapses on {moment} ({ahead}): "
                    "renew it now with: lesaitutte take-exam {category}"
                ).format(category=category, moment=local_text(moment), ahead=ahead(moment, now))
            )
        elif moment is not None:
            click.echo(
                _("Your {category} certificate is valid until {moment} ({ahead}).").format(
                    category=category, moment=local_text(moment), ahead=ahead(moment, now)
                )
            )
    for category, moment in certificates.lapsed.items():
        click.echo(
            _(
                "Your {category} certificate lapsed on {moment} ({age}), "
                "so you may not claim {category} questions; renew it with: lesaitutte take-exam {category}"
            ).format(category=category, moment=local_text(moment), age=age(moment, now))
        )
