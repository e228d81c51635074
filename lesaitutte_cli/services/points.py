"""Points and rewards: the leaderboard, the catalogue, redeeming, and the admins' adjustments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli import clock
from lesaitutte_cli.domain import points as rules
from lesaitutte_cli.domain.model import ADMIN, MEMBER, Reward, replace
from lesaitutte_cli.domain.periods import period_start
from lesaitutte_cli.domain.roles import require_role
from lesaitutte_cli.domain.text import require_identifier, require_text
from lesaitutte_cli.errors import Refused
from lesaitutte_cli.language import N_
from lesaitutte_cli.services.session import acting, require_category, require_user, retried

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import Redemption
    from lesaitutte_cli.services.session import Invocation
    from lesaitutte_cli.store.engine import Transaction

REASON_LIMIT = 500
TITLE_LIMIT = 200
# No 0/O or 1/I: vouchers are read aloud and typed in by people.
VOUCHER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@retried
def leaderboard(
    invocation: Invocation,
    category: str | None = None,
    period: str = "all",
    since: datetime | None = None,
    limit: int | None = None,
) -> list[rules.Standing]:
    """Experts ranked by points earned (not balance: spending must not cost a place)."""
    with acting(invocation, MEMBER, N_("Seeing the leaderboard")) as act:
        if category is not None:
            require_category(act.tx, category)
        if since is None:
            start = period_start(period, clock.local_wall_time(act.now))
            since = None if start is None else clock.from_local_wall_time(start)
        standings = rules.rank_standings(act.tx.standings(category, since))
        return standings[:limit] if limit is not None else standings


@retried
def rewards(invocation: Invocation) -> list[Reward]:
    """The catalogue: every reward still offered, cheapest first."""
    with acting(invocation, MEMBER, N_("Seeing the rewards")) as act:
        offered = [reward for reward in act.tx.rewards() if not reward.retired]
        return sorted(offered, key=lambda reward: (reward.cost, reward.id))


@retried
def redeem(invocation: Invocation, reward_id: str) -> tuple[Redemption, int]:
    """Spend points on a reward; the redemption with its voucher, and the balance left."""
    with acting(invocation, MEMBER, N_("Redeeming a reward")) as act:
        reward = _reward(act.tx, reward_id)
        balance = act.tx.totals(act.user.name).balance
        import secrets  # imported here: only redeeming makes vouchers

        voucher = "LST-" + "-".join("".join(secrets.choice(VOUCHER_ALPHABET) for _ in range(4)) for _ in range(3))
        remaining, redemption, payment = rules.redeem_reward(
            reward,
            act.user.name,
            balance,
            act.tx.next_redemption_id(),
            voucher,
            act.now,
            expert=bool(act.user.certifications),
        )
        act.tx.save_reward(remaining)
        act.tx.add_redemption(redemption)
        act.tx.add_ledger_entry(payment)
        return redemption, balance + payment.amount


@retried
def redemptions(invocation: Invocation, user: str | None = None, everyone: bool = False) -> list[Redemption]:
    """The caller's redemptions; admins may see everyone's, or one user's."""
    with acting(invocation, MEMBER, N_("Seeing redemptions")) as act:
        named = require_user(act.tx, user).name if user is not None else None
        if everyone or (named is not None and named != act.user.name):
            require_role(act.user, ADMIN, N_("Seeing other users' redemptions"))
        wanted = None if everyone and named is None else (named or act.user.name)
        return act.tx.redemptions(wanted)


# Admins


@retried
def add_reward(invocation: Invocation, reward_id: str, title: str, cost: int, stock: int | None) -> Reward:
    reward_id = require_identifier(reward_id, N_("a reward id"))
    title = require_text(title, N_("A title"), TITLE_LIMIT)
    with acting(invocation, ADMIN, N_("Adding a reward")) as act:
        existing = act.tx.reward(reward_id)
        if existing is not None and not existing.retired:
            raise Refused(
                N_("The reward '{reward}' exists already. Change it with: lesaitutte reward update {reward}"),
                reward=reward_id,
            )
        reward = Reward(reward_id, title, cost, stock)
        act.tx.save_reward(reward)
        return reward


@retried
def update_reward(
    invocation: Invocation,
    reward_id: str,
    title: str | None = None,
    cost: int | None = None,
    stock: int | None = None,
    unlimited: bool = False,
) -> Reward:
    if title is not None:
        title = require_text(title, N_("A title"), TITLE_LIMIT)
    with acting(invocation, ADMIN, N_("Changing a reward")) as act:
        reward = _reward(act.tx, reward_id)
        updated = replace(
            reward,
            title=title if title is not None else reward.title,
            cost=cost if cost is not None else reward.cost,
            stock=None if unlimited else stock if stock is not None else reward.stock,
        )
        act.tx.save_reward(updated)
        return updated


@retried
def remove_reward(invocation: Invocation, reward_id: str) -> bool:
    """Take a reward out of the catalogue; True if it was retired rather than deleted.

    A reward that was ever redeemed is retired, so that past redemptions stay readable.
    """
    with acting(invocation, ADMIN, N_("Removing a reward")) as act:
        reward = _reward(act.tx, reward_id)
        if any(redemption.reward == reward_id for redemption in act.tx.redemptions()):
            act.tx.save_reward(replace(reward, retired=True))
            return True
        act.tx.delete_reward(reward_id)
        return False


@retried
def adjust_points(invocation: Invocation, name: str, amount: int, reason: str) -> tuple[str, int]:
    """Add (or with a negative amount, take) points with a reason; the user's name and new balance."""
    reason = require_text(reason, N_("A reason"), REASON_LIMIT)
    with acting(invocation, ADMIN, N_("Adjusting points")) as act:
        user = require_user(act.tx, name)
        balance = act.tx.totals(user.name).balance
        entry = rules.adjust_points(user.name, balance, amount, reason, act.user.name, act.now)
        act.tx.add_ledger_entry(entry)
        return user.name, balance + amount


def _reward(tx: Transaction, reward_id: str) -> Reward:
    reward = tx.reward(reward_id)
    if reward is None or reward.retired:
        offered = sorted(item.id for item in tx.rewards() if not item.retired)
        if not offered:
            raise Refused(N_("There is no reward '{reward}'. The catalogue has nothing yet."), reward=reward_id)
        raise Refused(
            N_("There is no reward '{reward}'. The catalogue has: {offered}."),
            reward=reward_id,
            offered=", ".join(offered),
        )
    return reward
