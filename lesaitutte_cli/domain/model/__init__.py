"""The things the community is made of, as records, and the words for their states.

The records live in one module per part of the community and are all imported here, so that
tools can follow `from lesaitutte_cli.domain.model import Question` to its definition. Loading
them all measured no slower than the look-up by name that imported each on first use.

The records are plain dataclasses, not frozen ones: freezing a class costs 0.6 ms more at
every start of every command. They are treated as immutable all the same: the rules never
change a record, they return a new one made with `dataclasses.replace`.
"""

from datetime import timedelta

OPEN = "open"
CLAIMED = "claimed"
ANSWERED = "answered"
RATED = "rated"
WITHDRAWN = "withdrawn"
STATUSES = (OPEN, CLAIMED, ANSWERED, RATED, WITHDRAWN)

UP = "up"
DOWN = "down"
RATINGS = (UP, DOWN)

MEMBER = "member"
EXPERT = "expert"
TRAINER = "trainer"
ADMIN = "admin"
# Roles stored on a user; being an expert follows from holding a certification.
STORED_ROLES = (MEMBER, TRAINER, ADMIN)

CLAIM_WINDOW = timedelta(hours=2)
BOUNTY_WINDOW = timedelta(days=7)  # a bounty unanswered this long returns to the asker

TRUST = "trust"
LOGIN = "login"
IDENTITY_POLICIES = (TRUST, LOGIN)

EARNED = "earned"
REDEEMED = "redeemed"
ADJUSTED = "adjusted"
BOUNTY_OFFERED = "bounty_offered"
BOUNTY_PAID = "bounty_paid"
BOUNTY_REFUNDED = "bounty_refunded"
BOUNTY_KINDS = (BOUNTY_OFFERED, BOUNTY_PAID, BOUNTY_REFUNDED)
# What an expert earns: the point of an up rating and the bounties paid on top of it.
EARNING_KINDS = (EARNED, BOUNTY_PAID)


PASSED = "passed"
FAILED = "failed"
INTERRUPTED = "interrupted"
UNFINISHED = "unfinished"


CERTIFIED = "certified"
REVOKED = "revoked"
RENEWED = "renewed"
LAPSED = "lapsed"
EXAM_RESET = "exam reset"  # a trainer cleared the wait after a failed or unfinished attempt


# The records, re-exported, come last: their modules take the words above from this package.
from lesaitutte_cli.domain.model.community import DEFAULT_CATEGORIES, Category, Settings  # noqa: E402, F401
from lesaitutte_cli.domain.model.exams import (  # noqa: E402, F401
    CertificationChange,
    ChosenAnswer,
    ExamAttempt,
    ExamBank,
    ExamQuestion,
)
from lesaitutte_cli.domain.model.points import LedgerEntry, Redemption, Reward  # noqa: E402, F401
from lesaitutte_cli.domain.model.questions import Event, ExpiredClaim, Question  # noqa: E402, F401
from lesaitutte_cli.domain.model.users import Grant, User  # noqa: E402, F401
