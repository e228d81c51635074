"""Points: a ledger of entries, balances that never go below zero, rewards and the leaderboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.model import ADJUSTED, EARNED, REDEEMED, replace
from lesaitutte_cli.domain.stored_texts import REDEEMED_REASON, written
from lesaitutte_cli.errors import InvalidInput, Refused
from lesaitutte_cli.language import N_, N_plural, Word

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from lesaitutte_cli.domain.model import LedgerEntry, Redemption, Reward
    from lesaitutte_cli.domain.totals import Totals


PAIR_WINDOW = timedelta(hours=24)


def pair_points_today(entries: Iterable[LedgerEntry], expert: str, now: datetime) -> int:
    """Points one asker's up ratings earned the expert in the 24 hours before `now`.

    `entries`: the ledger's entries for questions that asker asked (`Transaction.pair_ledger`).
    """
    since = now - PAIR_WINDOW
    return sum(entry.amount for entry in entries if entry.kind == EARNED and entry.user == expert and entry.at > since)


def redeem_reward(
    reward: Reward, user: str, balance: int, redemption_id: int, voucher: str, now: datetime, expert: bool = False
) -> tuple[Reward, Redemption, LedgerEntry]:
    """The reward with its stock lowered, the redemption, and the entry that pays for it.

    `expert`: whether the user is certified anywhere, and so can earn points by answering now.
    """
    if reward.retired:
        raise Refused(
            N_("The reward '{reward}' is no longer offered. See the catalogue with: lesaitutte rewards"),
            reward=reward.id,
        )
    if reward.stock == 0:
        raise Refused(
            N_("'{title}' is out of stock. See what else there is with: lesaitutte rewards"), title=reward.title
        )
    if balance < reward.cost:
        raise Refused(
            N_plural(
                "'{title}' costs {n} point and you have {balance}: {missing} more to go. {how}",
                "'{title}' costs {n} points and you have {balance}: {missing} more to go. {how}",
            ),
            title=reward.title,
            n=reward.cost,
            balance=balance,
            missing=reward.cost - balance,
            how=Word(
                N_("Answer questions to earn them: lesaitutte claim --next")
                if expert
                else N_(
                    "Experts earn them by answering; become one by passing a category's exam: "
                    "lesaitutte take-exam CATEGORY"
                )
            ),
        )
    redemption = model.Redemption(redemption_id, user, reward.id, reward.title, reward.cost, voucher, now)
    payment = model.LedgerEntry(
        user=user,
        amount=-reward.cost,
        kind=REDEEMED,
        at=now,
        reason=written(REDEEMED_REASON, reward=reward.title),
        redemption=redemption_id,
    )
    stock = None if reward.stock is None else reward.stock - 1
    return replace(reward, stock=stock), redemption, payment


def adjust_points(user: str, balance: int, amount: int, reason: str, by: str, now: datetime) -> LedgerEntry:
    if amount == 0:
        raise InvalidInput(N_("An adjustment of 0 points changes nothing; give a positive or negative amount."))
    if balance + amount < 0:
        raise Refused(
            N_plural(
                "{user} has {n} point; taking {taken} would leave {left}. A balance never goes below zero: take at most {n}.",
                "{user} has {n} points; taking {taken} would leave {left}. A balance never goes below zero: take at most {n}.",
            ),
            user=user,
            n=balance,
            taken=-amount,
            left=balance + amount,
        )
    return model.LedgerEntry(user=user, amount=amount, kind=ADJUSTED, at=now, reason=reason, by=by)


@dataclass(frozen=True)
class Standing:
    """One line of the leaderboard."""

    rank: int
    user: str
    points: int
    answers: int
    rated: int
    rated_up: int

    @property
    def up_share(self) -> float | None:
        return self.rated_up / self.rated if self.rated else None


def standings(totals: dict[str, Totals]) -> list[Standing]:
    """The unranked leaderboard lines of these totals: everyone who earned points or gave an answer."""
    return [
        Standing(0, name, counted.earned, counted.answers, counted.rated, counted.rated_up)
        for name, counted in totals.items()
        if counted.earned or counted.answers
    ]


def rank_standings(standings: Iterable[Standing]) -> list[Standing]:
    """Best first by points; ties share a rank (1, 1, 3) and are listed by name."""
    ordered = sorted(standings, key=lambda standing: (-standing.points, standing.user))
    ranked: list[Standing] = []
    for position, standing in enumerate(ordered, start=1):
        tied = ranked and ranked[-1].points == standing.points
        ranked.append(replace(standing, rank=ranked[-1].rank if tied else position))
    return ranked
