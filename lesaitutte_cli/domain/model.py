"""The things the community is made of, as immutable records."""

from dataclasses import dataclass
from datetime import datetime, timedelta

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

TRUST = "trust"
LOGIN = "login"
IDENTITY_POLICIES = (TRUST, LOGIN)


@dataclass(frozen=True)
class Settings:
    """How a store's community runs, changed by its admins."""

    identity: str = TRUST  # TRUST: --user names anyone; LOGIN: people act as their login name
    pair_points_per_day: int = 3  # points one asker's up ratings may give one expert in 24 hours


@dataclass(frozen=True)
class Category:
    id: str
    title: str


DEFAULT_CATEGORIES = (
    Category("tariffs", "Tariffs and plans"),
    Category("services", "Services and account"),
    Category("phones", "Phones and devices"),
    Category("internet", "Internet and set-up"),
)


@dataclass(frozen=True)
class User:
    name: str
    registered_at: datetime
    roles: frozenset[str] = frozenset({MEMBER})
    certifications: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Event:
    """One step in a question's life, kept forever in its history."""

    at: datetime
    kind: str
    actor: str
    detail: str = ""


@dataclass(frozen=True)
class ExpiredClaim:
    expert: str
    deadline: datetime


@dataclass(frozen=True)
class Question:
    id: int
    category: str
    text: str
    asker: str
    created_at: datetime
    status: str = OPEN
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    claim_deadline: datetime | None = None
    answered_by: str | None = None
    answer: str | None = None
    answered_at: datetime | None = None
    rating: str | None = None
    rated_at: datetime | None = None
    expired_claims: tuple[ExpiredClaim, ...] = ()
    history: tuple[Event, ...] = ()


EARNED = "earned"
REDEEMED = "redeemed"
ADJUSTED = "adjusted"


@dataclass(frozen=True)
class LedgerEntry:
    """One change to a user's points; a balance is the sum of these."""

    user: str
    amount: int
    kind: str  # EARNED, REDEEMED or ADJUSTED
    at: datetime
    reason: str = ""
    question: int | None = None  # the answer an EARNED point was given for
    redemption: int | None = None  # the redemption a REDEEMED entry paid for
    by: str | None = None  # the admin who made an ADJUSTED entry


@dataclass(frozen=True)
class ExamQuestion:
    id: str
    text: str
    choices: tuple[str, ...]
    answer: tuple[int, ...]  # indices of the right choices, 0-based


@dataclass(frozen=True)
class ExamBank:
    category: str
    questions_per_attempt: int
    pass_mark: float  # the fraction of right answers needed to pass
    retry_after_hours: float
    questions: tuple[ExamQuestion, ...]


@dataclass(frozen=True)
class Reward:
    id: str
    title: str
    cost: int
    stock: int | None = None  # None: unlimited
    retired: bool = False  # no longer offered, kept so that past redemptions stay readable


@dataclass(frozen=True)
class Redemption:
    id: int
    user: str
    reward: str
    title: str
    cost: int
    voucher: str
    at: datetime


@dataclass(frozen=True)
class ChosenAnswer:
    question: str  # an exam question's id
    choices: tuple[int, ...]


PASSED = "passed"
FAILED = "failed"
INTERRUPTED = "interrupted"
UNFINISHED = "unfinished"


@dataclass(frozen=True)
class ExamAttempt:
    """One sitting of a certification exam, recorded from the moment the questions are drawn."""

    id: int
    user: str
    category: str
    started_at: datetime
    questions: tuple[str, ...]  # the drawn exam questions' ids, in the order asked
    pass_mark: float
    answers: tuple[ChosenAnswer, ...] = ()
    finished_at: datetime | None = None
    correct: int = 0
    passed: bool = False
    interrupted: bool = False

    @property
    def outcome(self) -> str:
        if self.finished_at is None:
            return UNFINISHED
        if self.interrupted:
            return INTERRUPTED
        return PASSED if self.passed else FAILED

    @property
    def score(self) -> float:
        return self.correct / len(self.questions)


CERTIFIED = "certified"
REVOKED = "revoked"


@dataclass(frozen=True)
class CertificationChange:
    user: str
    category: str
    action: str  # CERTIFIED or REVOKED
    by: str
    at: datetime
    reason: str = ""
    attempt: int | None = None
