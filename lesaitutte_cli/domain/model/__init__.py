"""The things the community is made of, as records, and the words for their states.

The records live in one module per part of the community and are imported on first use
(`from lesaitutte_cli.domain.model import Question` loads only the questions' module): a
command pays for defining only the records it needs.

The records are plain dataclasses, not frozen ones: freezing a class costs 0.6 ms more at
every start of every command. They are treated as immutable all the same: the rules never
change a record, they return a new one made with `dataclasses.replace`.
"""

from datetime import timedelta

from lesaitutte_cli.lazy import lazy_attributes

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


_MODULES = {
    "Category": "community",
    "CertificationChange": "exams",
    "ChosenAnswer": "exams",
    "DEFAULT_CATEGORIES": "community",
    "Event": "questions",
    "Grant": "users",
    "ExamAttempt": "exams",
    "ExamBank": "exams",
    "ExamQuestion": "exams",
    "ExpiredClaim": "questions",
    "LedgerEntry": "points",
    "Question": "questions",
    "Redemption": "points",
    "Reward": "points",
    "Settings": "community",
    "User": "users",
}


__getattr__ = lazy_attributes(__name__, globals(), _MODULES)
