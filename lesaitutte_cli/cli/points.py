"""Points and rewards: the leaderboard, the catalogue, redeeming."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lesaitutte_cli.cli import completers
from lesaitutte_cli.cli.app import command, echo_json, json_option, pass_invocation
from lesaitutte_cli.cli.dates import DATE
from lesaitutte_cli.clock import local_text
from lesaitutte_cli.domain.limits import MAX_COUNT
from lesaitutte_cli.domain.periods import PERIODS
from lesaitutte_cli.language import N_, _, ngettext, number, pgettext
from lesaitutte_cli.output import (
    one_line,
    percent,
    redeemed_json,
    redemption_json,
    reward_json,
    standings_json,
    table,
)
from lesaitutte_cli.services import points as points_service

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import Reward
    from lesaitutte_cli.services.session import Invocation


@command()
@click.option(
    "--category",
    "-c",
    shell_complete=completers.complete_categories,
    help=N_("Only points and answers from questions in this category."),
)
@click.option(
    "--period",
    type=click.Choice(PERIODS),
    default="all",
    show_default=True,
    help=N_("This calendar week (from Monday), month or year, in local time."),
)
@click.option(
    "--since", type=DATE, help=N_('Only from this date on: "2026-11-01", "1/12/2026" (day first), "1 Dec 2026".')
)
@click.option("--limit", type=click.IntRange(1, MAX_COUNT), help=N_("Show only the best N. Default: everyone ranked."))
@click.option(
    "--format",
    "style",
    default="simple",
    show_default=True,
    help=N_("Any table format of tabulate: simple, github, grid, plain, ..."),
)
@json_option
@pass_invocation
def leaderboard(
    invocation: Invocation,
    category: str | None,
    period: str,
    since: datetime | None,
    limit: int | None,
    style: str,
    as_json: bool,
) -> None:
    """Rank the experts by the points their answers earned.

    Redeeming points does not move anyone down: the ranking counts points earned. Ties
    share a rank. "up" is the share of an expert's rated answers that were rated up.

    JSON: [{rank, user, points, answers, up_share}]

    \b
    Example:
        lesaitutte leaderboard --limit 10
        lesaitutte leaderboard --period month --category phones --format github
    """
    if since is not None and period != "all":
        raise click.UsageError(_("Give --period or --since, not both."))
    if style not in ("simple", "plain"):
        from tabulate import tabulate_formats  # imported here: only the other formats need tabulate

        if style not in tabulate_formats:
            raise click.UsageError(
                _("Unknown --format '{style}'. Choose one of: {formats}.").format(
                    style=style, formats=", ".join(sorted(tabulate_formats))
                )
            )
    standings = points_service.leaderboard(invocation, category, period, since, limit)
    if as_json:
        echo_json(standings_json(standings))
    elif standings:
        rows = [
            [row.rank, row.user, row.points, row.answers, "-" if row.up_share is None else percent(row.up_share)]
            for row in standings
        ]
        click.echo(table(rows, [_("rank"), _("user"), _("points"), _("answers"), _("up")], style))
    else:
        click.echo(_("Nobody has answered a question there yet."))


@command()
@json_option
@pass_invocation
def rewards(invocation: Invocation, as_json: bool) -> None:
    """List the rewards points can buy, cheapest first.

    JSON: [{id, title, cost, stock}]

    \b
    Example:
        lesaitutte rewards
    """
    catalogue = points_service.rewards(invocation)
    if as_json:
        echo_json([reward_json(reward) for reward in catalogue])
    elif catalogue:
        headers = [pgettext("a reward's name in commands", "id"), _("reward"), _("cost"), _("stock")]
        click.echo(table([_reward_row(reward) for reward in catalogue], headers, fit=1))
    else:
        click.echo(_("The catalogue is empty."))


def _reward_row(reward: Reward) -> list:
    stock = _("unlimited") if reward.stock is None else _("out of stock") if reward.stock == 0 else reward.stock
    return [reward.id, one_line(reward.title), reward.cost, stock]


@command()
@click.argument("reward_id", metavar="REWARD", shell_complete=completers.complete_rewards)
@json_option
@pass_invocation
def redeem(invocation: Invocation, reward_id: str, as_json: bool) -> None:
    """Spend points on a reward and get its voucher code.

    JSON: {reward, cost, voucher, balance}

    \b
    Example:
        lesaitutte redeem topup-5
    """
    redemption, balance = points_service.redeem(invocation, reward_id)
    if as_json:
        echo_json(redeemed_json(redemption, balance))
    else:
        click.echo(
            ngettext(
                "Redeemed {reward} for {n} point. Voucher: {voucher}. Points left: {balance}.",
                "Redeemed {reward} for {n} points. Voucher: {voucher}. Points left: {balance}.",
                redemption.cost,
            ).format(
                reward=one_line(redemption.title),
                n=number(redemption.cost),
                voucher=redemption.voucher,
                balance=number(balance),
            )
        )


@command()
@click.option(
    "--user",
    "-u",
    "name",
    metavar="NAME",
    shell_complete=completers.complete_users,
    help=N_("Only this user's (admins)."),
)
@click.option("--all", "everyone", is_flag=True, help=N_("Everyone's (admins)."))
@json_option
@pass_invocation
def redemptions(invocation: Invocation, name: str | None, everyone: bool, as_json: bool) -> None:
    """List your redemptions and their vouchers.

    Admins may list anyone's with --user NAME, or everyone's with --all.

    JSON: [{id, user, reward, title, cost, voucher, at}]

    \b
    Example:
        lesaitutte redemptions
        lesaitutte --user ada redemptions --all --json
    """
    found = points_service.redemptions(invocation, name, everyone)
    if as_json:
        echo_json([redemption_json(item) for item in found])
    elif found:
        rows = [
            [item.id, item.user, local_text(item.at), one_line(item.title), item.cost, item.voucher] for item in found
        ]
        click.echo(table(rows, [_("id"), _("user"), _("when"), _("reward"), _("cost"), _("voucher")], fit=3))
    else:
        click.echo(_("No redemptions yet."))
