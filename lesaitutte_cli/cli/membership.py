"""Joining the community and seeing where you stand."""

import click

from lesaitutte_cli import services
from lesaitutte_cli.cli.app import echo_json, json_option, pass_invocation
from lesaitutte_cli.clock import local_text
from lesaitutte_cli.services import Invocation


@click.command()
@pass_invocation
def register(invocation: Invocation) -> None:
    """Join the community as a member under your --user name.

    \b
    Example:
        lesaitutte --user anna register
    """
    user = services.register(invocation)
    click.echo(f'Welcome, {user.name}! Ask your first question with: lesaitutte ask "..." --category phones')


@click.command()
@json_option
@pass_invocation
def me(invocation: Invocation, as_json: bool) -> None:
    """Show your roles, points, certifications and the question you hold.

    \b
    Example:
        lesaitutte --user marco me
        lesaitutte --user marco me --json
    """
    profile = services.profile(invocation)
    claim = profile.active_claim
    if as_json:
        echo_json(
            {
                "name": profile.user.name,
                "roles": profile.roles,
                "points": profile.points,
                "earned": profile.earned,
                "certifications": sorted(profile.user.certifications),
                "active_claim": claim.id if claim else None,
            }
        )
        return
    click.echo(f"{profile.user.name} · {', '.join(profile.roles)}")
    click.echo(f"Points: {profile.points} to spend ({profile.earned} earned in all)")
    certified = ", ".join(sorted(profile.user.certifications)) or "none yet (lesaitutte take-exam CATEGORY)"
    click.echo(f"Certified in: {certified}")
    if claim is not None:
        click.echo(
            f'Holding question {claim.id} until {local_text(claim.claim_deadline)}: lesaitutte answer {claim.id} "..."'
        )


COMMANDS = [register, me]
