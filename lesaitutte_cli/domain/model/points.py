"""Points and what they buy."""

from datetime import datetime

from lesaitutte_cli.domain.model.record import record


@record
class LedgerEntry:
    """One change to a user's points; a balance is the sum of these."""

    user: str
    amount: int
    kind: str  # EARNED, REDEEMED, ADJUSTED or one of BOUNTY_KINDS
    at: datetime
    reason: str = ""
    question: int | None = None  # the answer an EARNED point was given for; the question of a bounty
    redemption: int | None = None  # the redemption a REDEEMED entry paid for
    by: str | None = None  # the admin who made an ADJUSTED entry


@record
class Reward:
    id: str
    title: str
    cost: int
    stock: int | None = None  # None: unlimited
    retired: bool = False  # no longer offered, kept so that past redemptions stay readable


@record
class Redemption:
    id: int
    user: str
    reward: str
    title: str
    cost: int
    voucher: str
    at: datetime
