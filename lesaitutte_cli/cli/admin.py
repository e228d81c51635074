"""The admins' commands: users and roles, the rewards catalogue, point adjustments."""

from __future__ import annotations

from typing import Any

import click

from lesaitutte_cli.cli import completers
from lesaitutte_cli.cli.app import command, echo_json, group, json_option, pass_invocation, watch_progress
from lesaitutte_cli.domain.limits import MAX_CERTIFICATION_MONTHS, MAX_POINTS
from lesaitutte_cli.domain.model import IDENTITY_POLICIES, STORED_ROLES, WRITTEN_LANGUAGES
from lesaitutte_cli.language import N_, _, ngettext, number
from lesaitutte_cli.output import one_line, phrase_text, reward_json, settings_json, user_json
from lesaitutte_cli.services import membership as membership_service
from lesaitutte_cli.services import points as points_service
from lesaitutte_cli.services import settings as settings_service
from lesaitutte_cli.services.session import Invocation

ROLE = click.Choice(STORED_ROLES)


@group()
def user() -> None:
    """Add users and change their roles (admins).

    \b
    Example:
        lesaitutte --user ada user add tina --role trainer
        lesaitutte --user ada user roles marco --add admin
    """


@user.command("add")
@click.argument("name", shell_complete=completers.complete_users)
@click.option("--role", "roles", multiple=True, type=ROLE, help=N_("A role besides member (repeatable)."))
@json_option
@pass_invocation
def user_add(invocation: Invocation, name: str, roles: tuple[str, ...], as_json: bool) -> None:
    """Register someone else, with roles.

    JSON: {name, roles, certifications}

    \b
    Example:
        lesaitutte --user ada user add tina --role trainer
    """
    added = membership_service.add_user(invocation, name, roles)
    if as_json:
        echo_json(user_json(added))
        return
    click.echo(_("Added {name} ({roles}).").format(name=added.name, roles=_roles(added.roles)))


@user.command("roles")
@click.argument("name", shell_complete=completers.complete_users)
@click.option("--add", "add", multiple=True, type=ROLE, help=N_("A role to give (repeatable)."))
@click.option("--remove", "remove", multiple=True, type=ROLE, help=N_("A role to take away (repeatable)."))
@json_option
@pass_invocation
def user_roles(invocation: Invocation, name: str, add: tuple[str, ...], remove: tuple[str, ...], as_json: bool) -> None:
    """Give or take away roles.

    JSON: {name, roles, certifications}

    \b
    Example:
        lesaitutte --user ada user roles marco --add trainer --remove admin
    """
    if not add and not remove:
        raise click.UsageError(_("Say what to change with --add ROLE or --remove ROLE."))
    changed = membership_service.change_roles(invocation, name, add, remove)
    if as_json:
        echo_json(user_json(changed))
        return
    click.echo(_("{name} now has the roles: {roles}.").format(name=changed.name, roles=_roles(changed.roles)))


def _roles(roles: frozenset[str]) -> str:
    from lesaitutte_cli.cli.membership import ROLE_SHOWN

    return ", ".join(_(ROLE_SHOWN[role]) for role in sorted(roles))


@group()
def reward() -> None:
    """Manage the rewards catalogue (admins).

    \b
    Example:
        lesaitutte --user ada reward add topup-5 --title "5 EUR top-up" --cost 50 --stock 100
    """


@reward.command("add")
@click.argument("reward_id", metavar="ID")
@click.option("--title", required=True, help=N_("What the member gets."))
@click.option("--cost", required=True, type=click.IntRange(1, MAX_POINTS), help=N_("Its price in points."))
@click.option("--stock", type=click.IntRange(0, MAX_POINTS), help=N_("How many there are. Default: unlimited."))
@json_option
@pass_invocation
def reward_add(invocation: Invocation, reward_id: str, title: str, cost: int, stock: int | None, as_json: bool) -> None:
    """Add a reward to the catalogue.

    JSON: {id, title, cost, stock}

    \b
    Example:
        lesaitutte --user ada reward add topup-5 --title "5 EUR top-up" --cost 50 --stock 100
    """
    added = points_service.add_reward(invocation, reward_id, title, cost, stock)
    if as_json:
        echo_json(reward_json(added))
        return
    click.echo(
        ngettext("Added {id}: {title} for {n} point.", "Added {id}: {title} for {n} points.", added.cost).format(
            id=added.id, title=one_line(added.title), n=number(added.cost)
        )
    )


@reward.command("update")
@click.argument("reward_id", metavar="ID", shell_complete=completers.complete_rewards)
@click.option("--title", help=N_("A new title."))
@click.option("--cost", type=click.IntRange(1, MAX_POINTS), help=N_("A new price in points."))
@click.option("--stock", type=click.IntRange(0, MAX_POINTS), help=N_("How many there are now."))
@click.option("--unlimited", is_flag=True, help=N_("No stock limit any more."))
@json_option
@pass_invocation
def reward_update(
    invocation: Invocation,
    reward_id: str,
    title: str | None,
    cost: int | None,
    stock: int | None,
    unlimited: bool,
    as_json: bool,
) -> None:
    """Change a reward's title, cost or stock.

    JSON: {id, title, cost, stock}

    \b
    Example:
        lesaitutte --user ada reward update topup-5 --stock 200
    """
    if stock is not None and unlimited:
        raise click.UsageError(_("Give --stock N or --unlimited, not both."))
    if title is None and cost is None and stock is None and not unlimited:
        raise click.UsageError(_("Say what to change: --title, --cost, --stock or --unlimited."))
    updated = points_service.update_reward(invocation, reward_id, title, cost, stock, unlimited)
    if as_json:
        echo_json(reward_json(updated))
        return
    stock_text = _("unlimited") if updated.stock is None else _("{n} in stock").format(n=number(updated.stock))
    costs = ngettext("{n} point", "{n} points", updated.cost).format(n=number(updated.cost))
    click.echo(f"{updated.id}: {one_line(updated.title)}, {costs}, {stock_text}.")


@reward.command("remove")
@click.argument("reward_id", metavar="ID", shell_complete=completers.complete_rewards)
@json_option
@pass_invocation
def reward_remove(invocation: Invocation, reward_id: str, as_json: bool) -> None:
    """Take a reward out of the catalogue.

    A reward that was ever redeemed is retired rather than deleted, so past redemptions keep it.

    JSON: {id, retired} (retired: true when kept for past redemptions, false when deleted)

    \b
    Example:
        lesaitutte --user ada reward remove headphones
    """
    retired = points_service.remove_reward(invocation, reward_id)
    if as_json:
        echo_json({"id": reward_id, "retired": retired})
        return
    if retired:
        click.echo(_("Retired {reward}: past redemptions keep it.").format(reward=reward_id))
    else:
        click.echo(_("Removed {reward}.").format(reward=reward_id))


@group()
def points() -> None:
    """Adjust points by hand, with a reason (admins).

    \b
    Example:
        lesaitutte --user ada points adjust marco 5 --reason "answers lost in the outage of 3 Nov"
    """


# Unknown options are taken as arguments so that a negative AMOUNT such as -3 reads as a number.
@points.command("adjust", context_settings={"ignore_unknown_options": True})
@click.argument("name", metavar="USER", shell_complete=completers.complete_users)
@click.argument("amount", type=click.IntRange(-MAX_POINTS, MAX_POINTS))
@click.option("--reason", required=True, help=N_("Why, for the ledger (at most 500 characters)."))
@json_option
@pass_invocation
def points_adjust(invocation: Invocation, name: str, amount: int, reason: str, as_json: bool) -> None:
    """Add points, or take some away with a negative AMOUNT.

    A balance never goes below zero. AMOUNT is from -1,000,000 to 1,000,000.

    JSON: {user, amount, reason, balance}

    \b
    Example:
        lesaitutte --user ada points adjust marco -3 --reason "duplicate answer"
    """
    name, balance = points_service.adjust_points(invocation, name, amount, reason)
    if as_json:
        echo_json({"user": name, "amount": amount, "reason": reason, "balance": balance})
        return
    click.echo(
        _("Adjusted {name}'s points by {amount}; balance now {balance}.").format(
            name=name, amount=f"{amount:+d}", balance=number(balance)
        )
    )


@group(invoke_without_command=True)
@json_option
@click.pass_context
def settings(ctx: click.Context, as_json: bool) -> None:
    """Show or change how this store's community runs (admins).

    Alone it shows the settings; each subcommand changes one.

    JSON (this command and each subcommand): {identity, pair_points_per_day, certification_months,
    language}

    \b
    Example:
        lesaitutte --user ada settings
        lesaitutte --user ada settings identity login
        lesaitutte --user ada settings pair-points-per-day 5
        lesaitutte --user ada settings certification-months 24
        lesaitutte --user ada settings language it
    """
    if ctx.invoked_subcommand is None:
        current = settings_service.read_settings(ctx.obj)
        if as_json:
            echo_json(settings_json(current))
            return
        click.echo(f"identity: {current.identity}")
        click.echo(f"pair-points-per-day: {current.pair_points_per_day}")
        click.echo(f"certification-months: {current.certification_months}")
        click.echo(f"language: {current.language}")


@settings.command("identity")
@click.argument("policy", type=click.Choice(IDENTITY_POLICIES))
@json_option
@pass_invocation
def settings_identity(invocation: Invocation, policy: str, as_json: bool) -> None:
    """Choose who --user may name: anyone, or only yourself.

    `trust` (the default) lets --user name anyone: for personal stores and CI. With `login`,
    people act only as their login name, unless that login is an admin of this store: in a
    shared training room a candidate cannot act as the trainer.

    JSON: {identity, pair_points_per_day, certification_months, language}

    \b
    Example:
        lesaitutte --user ada settings identity login
    """
    if not _changed_in_json(invocation, as_json, identity=policy):
        click.echo(_("Identity policy: {policy}.").format(policy=policy))


@settings.command("pair-points-per-day")
@click.argument("limit", type=click.IntRange(0, MAX_POINTS))
@json_option
@pass_invocation
def settings_pair_points(invocation: Invocation, limit: int, as_json: bool) -> None:
    """Cap the points an asker-expert pair may yield in 24 hours.

    Beyond the cap an up rating is recorded but earns nothing, so two friends cannot farm
    points by asking and answering each other.

    JSON: {identity, pair_points_per_day, certification_months, language}

    \b
    Example:
        lesaitutte --user ada settings pair-points-per-day 3
    """
    if not _changed_in_json(invocation, as_json, pair_points_per_day=limit):
        click.echo(
            ngettext(
                "An asker's up ratings may earn one expert at most {n} point in 24 hours.",
                "An asker's up ratings may earn one expert at most {n} points in 24 hours.",
                limit,
            ).format(n=number(limit))
        )


@settings.command("certification-months")
@click.argument("months", type=click.IntRange(0, MAX_CERTIFICATION_MONTHS))
@json_option
@pass_invocation
def settings_certification_months(invocation: Invocation, months: int, as_json: bool) -> None:
    """Let certifications lapse MONTHS months after their grant.

    0 (the default) means never. A lapsed expert may no longer claim in that category until
    they pass its exam again; `me` warns from 30 days before. Certifications granted before
    expiry was switched on count from the moment it was (or from their holder's
    registration, if later).

    JSON: {identity, pair_points_per_day, certification_months, language}

    \b
    Example:
        lesaitutte --user ada settings certification-months 24
        lesaitutte --user ada settings certification-months 0
    """
    changed = settings_service.set_certification_months(invocation, months)
    if as_json:
        echo_json(settings_json(changed))
        return
    if months:
        click.echo(
            ngettext(
                "Certifications now last {n} month from when they were granted.",
                "Certifications now last {n} months from when they were granted.",
                months,
            ).format(n=months)
        )
    else:
        click.echo(_("Certifications now last for ever."))


@settings.command("language")
@click.argument("language", type=click.Choice(WRITTEN_LANGUAGES))
@json_option
@pass_invocation
def settings_language(invocation: Invocation, language: str, as_json: bool) -> None:
    """Choose the language the community writes in: en or it.

    English (en) is the default. Search reads each question in its own language when its words
    make that clear (Italian: accents, articles such as l' and dell', plurals such as offerta and
    offerte), and in this one when they do not. Every answered question is read again now,
    archived ones included; run it once after upgrading a store that holds Italian questions.

    JSON: {identity, pair_points_per_day, certification_months, language}

    \b
    Example:
        lesaitutte --user ada settings language it
    """
    if not _changed_in_json(invocation, as_json, language=language):
        click.echo(_(WRITES_IN[language]))


WRITES_IN = {
    "en": N_("The community writes in English; search has read every answered question again."),
    "it": N_("The community writes in Italian; search has read every answered question again."),
}


def _changed_in_json(invocation: Invocation, as_json: bool, **changes: Any) -> bool:
    """Change the settings; True when that is all said, the new settings printed as JSON."""
    changed = settings_service.change_settings(invocation, **changes)
    if as_json:
        echo_json(settings_json(changed))
    return as_json


@command()
@json_option
@pass_invocation
def check(invocation: Invocation, as_json: bool) -> None:
    """Verify the store: every record readable, every rule holding.

    Exit status 0 when it is sound, 3 with the list of problems when not. Run it after
    restoring a backup (admins). With --json, the error's message lists the problems in
    your language, and its "problems" names each: [{code, text}] (text in English).

    Says so when the store has grown past what its engine serves well.

    JSON: {store, sound, counts, advice} (counts: records per table; advice: text or null)

    \b
    Example:
        lesaitutte --user ada check
    """
    watch_progress(invocation, as_json)
    from lesaitutte_cli.services.checking import check_store  # imported here: the other admin commands need none of it

    report = check_store(invocation)
    if as_json:
        echo_json({"store": report.location, "sound": True, "counts": report.counts, "advice": report.advice})
        return
    from lesaitutte_cli.cli.seeding import counted_kinds

    click.echo(
        _("The store {store} is sound: {counts}.").format(store=report.location, counts=counted_kinds(report.counts))
    )
    if report.advice:
        click.echo(phrase_text(report.advice))
