"""Joining the community and seeing where you stand."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lesaitutte_cli.cli.app import command, echo_json, json_option, pass_invocation
from lesaitutte_cli.clock import local_text
from lesaitutte_cli.domain.model import ADMIN
from lesaitutte_cli.output import age, ahead, one_line, profile_json, table, user_json
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
    click.echo(f'Welcome, {user.name}! Ask your first question with: lesaitutte ask "..." --category phones')
    if ADMIN in user.roles:
        click.echo(
            "This community had no admin, so you are its admin now: see what that allows with lesaitutte --help."
        )


@command(short_help="Your roles, points, certifications and claim.")
@click.option("--history", is_flag=True, help="Also list every change to your points.")
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
    click.echo(f"{profile.user.name} · {', '.join(profile.roles)}")
    click.echo(f"Points: {profile.points} to spend ({profile.earned} earned in all)")
    certified = ", ".join(sorted(profile.user.certifications)) or "none yet (lesaitutte take-exam CATEGORY)"
    click.echo(f"Certified in: {certified}")
    _certificate_lines(profile.certificates, invocation.now())
    for standing in profile.exams:
        attempt = standing.last_attempt
        line = f"Last {standing.category} exam: {attempt.outcome} on {local_text(attempt.started_at)}"
        if standing.retry_at is not None:
            line += f"; next attempt from {local_text(standing.retry_at)}"
        click.echo(line)
    if claim is not None and claim.claim_deadline is not None:
        click.echo(
            f'Holding question {claim.id} until {local_text(claim.claim_deadline)}: lesaitutte answer {claim.id} "..."'
        )
    for question in profile.awaiting_rating:
        click.echo(
            f"Question {question.id} has an answer waiting for your rating: lesaitutte rate {question.id} up (or down)"
        )
    if history:
        rows = [
            [local_text(entry.at), f"{entry.amount:+d}", entry.kind, one_line(entry.reason)] for entry in profile.ledger
        ]
        click.echo("\n" + (table(rows, ["when", "points", "kind", "why"], fit=3) if rows else "No points yet."))


def _certificate_lines(certificates: Certificates, now: datetime) -> None:
    for category, moment in certificates.expire.items():
        if category in certificates.expiring and moment is not None:
            click.echo(
                f"Your {category} certificate lapses on {local_text(moment)} ({ahead(moment, now)}): "
                f"renew it now with: lesaitutte take-exam {category}"
            )
        elif moment is not None:
            click.echo(f"Your {category} certificate is valid until {local_text(moment)} ({ahead(moment, now)}).")
    for category, moment in certificates.lapsed.items():
        click.echo(
            f"Your {category} certificate lapsed on {local_text(moment)} ({age(moment, now)}), "
            f"so you may not claim {category} questions; renew it with: lesaitutte take-exam {category}"
        )
